package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

// Server is the HTTP face of the service: evidence in, results and their
// audit trails out, every result re-checkable.
//
//	POST /evaluations                  evidence JSON (one or a list) → scored and stored
//	GET  /evaluations/{id}             the stored result, with its audit trail
//	GET  /evaluations/{id}/explain     the audit trail in sentences (zh, en)
//	POST /evaluations/{id}/verify      re-evaluate the stored evidence; 409 when the stored result differs
//	GET  /rankings/{period}            the period's latest results ranked, with the scheme's awards
type Server struct {
	Scheme *scheme.Scheme
	Store  *Store
	Log    *log.Logger
}

// Handler routes the endpoints.
func (sv *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /evaluations", sv.evaluate)
	mux.HandleFunc("GET /evaluations/{id}", sv.get)
	mux.HandleFunc("GET /evaluations/{id}/explain", sv.explain)
	mux.HandleFunc("POST /evaluations/{id}/verify", sv.verify)
	mux.HandleFunc("GET /rankings/{period}", sv.rank)
	return mux
}

// Item is one subject's outcome in a POST /evaluations response.
type Item struct {
	ID      int64  `json:"id,omitempty"`
	Subject string `json:"subject"`
	Period  string `json:"period"`
	Total   string `json:"total,omitempty"`
	Tier    string `json:"tier,omitempty"`
	Error   string `json:"error,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func fail(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

// evaluate scores every subject posted. A subject that fails is reported
// with its error and stored nowhere; the others are scored and stored.
// The response is 200 when every subject was stored, 207 when some were,
// 422 when none was.
func (sv *Server) evaluate(w http.ResponseWriter, r *http.Request) {
	evs, err := evidence.Decode(http.MaxBytesReader(w, r.Body, evidence.MaxFileSize))
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	ctx := r.Context()
	batch := engine.Index(evs)
	opts := engine.Options{Units: func(id, period string) (*evidence.Evidence, bool) {
		if ev, ok := batch(id, period); ok {
			return ev, true
		}
		return sv.unit(ctx, id, period)
	}}
	items, stored := make([]Item, 0, len(evs)), 0
	for _, ev := range evs {
		it := Item{Subject: ev.Subject.ID, Period: ev.Period}
		id, res, err := sv.score(ctx, ev, opts)
		if err != nil {
			it.Error = err.Error()
		} else {
			it.ID, it.Total, it.Tier = id, res.Total.String(), res.Tier
			stored++
		}
		items = append(items, it)
	}
	status := http.StatusOK
	switch {
	case stored == 0:
		status = http.StatusUnprocessableEntity
	case stored < len(evs):
		status = http.StatusMultiStatus
	}
	writeJSON(w, status, map[string]any{"results": items})
}

func (sv *Server) score(ctx context.Context, ev *evidence.Evidence, opts engine.Options) (int64, *engine.Result, error) {
	res, err := engine.Evaluate(ctx, sv.Scheme, ev, opts)
	if err != nil {
		return 0, nil, err
	}
	// A linked unit's evidence is stored too, so the result can be
	// verified from the database alone.
	for _, l := range res.Links {
		u, _ := opts.Units(l.Unit, ev.Period)
		body, err := evidence.Canonical(u)
		if err != nil {
			return 0, nil, err
		}
		if err := sv.Store.PutEvidence(ctx, l.EvidenceHash, u.Subject.ID, u.Period, body); err != nil {
			return 0, nil, err
		}
	}
	body, err := evidence.Canonical(ev)
	if err != nil {
		return 0, nil, err
	}
	out, err := json.Marshal(res)
	if err != nil {
		return 0, nil, err
	}
	id, err := sv.Store.Save(ctx, body, res, out)
	return id, res, err
}

func (sv *Server) unit(ctx context.Context, id, period string) (*evidence.Evidence, bool) {
	body, err := sv.Store.LatestEvidence(ctx, id, period)
	if err != nil {
		return nil, false
	}
	evs, err := evidence.Decode(bytes.NewReader(body))
	if err != nil || len(evs) != 1 {
		return nil, false
	}
	return evs[0], true
}

func (sv *Server) load(w http.ResponseWriter, r *http.Request) (*Stored, *engine.Result, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("id: want a number, got %q", r.PathValue("id")))
		return nil, nil, false
	}
	st, err := sv.Store.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		fail(w, http.StatusNotFound, fmt.Errorf("result %d: %w", id, err))
		return nil, nil, false
	}
	if err != nil {
		sv.Log.Printf("result %d: %v", id, err)
		fail(w, http.StatusInternalServerError, errors.New("the store failed; see the service log"))
		return nil, nil, false
	}
	res, err := decodeResult(st.Result)
	if err != nil {
		fail(w, http.StatusInternalServerError, fmt.Errorf("result %d: stored JSON does not decode: %w", id, err))
		return nil, nil, false
	}
	return st, res, true
}

// decodeResult reads one stored result as strictly as evidence is read
// (engine.DecodeResults): no duplicate keys, no keys differing only in
// case, valid UTF-8, bounded numbers and size.
func decodeResult(b []byte) (*engine.Result, error) {
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		return nil, errors.New("want one result, got a list")
	}
	rs, err := engine.DecodeResults(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

func (sv *Server) get(w http.ResponseWriter, r *http.Request) {
	st, _, ok := sv.load(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = io.Copy(w, bytes.NewReader(st.Result))
}

func (sv *Server) explain(w http.ResponseWriter, r *http.Request) {
	_, res, ok := sv.load(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"subject": res.Subject, "period": res.Period, "total": res.Total,
		"steps": engine.Explain(sv.Scheme, res)})
}

// verify re-evaluates the stored evidence (and any linked unit's, by its
// stored hash) with the scheme and compares the fresh result with the
// stored one: the scheme's hash, the evidence's hash, the total, the
// tier, every indicator and the audit trail.
func (sv *Server) verify(w http.ResponseWriter, r *http.Request) {
	st, res, ok := sv.load(w, r)
	if !ok {
		return
	}
	evs, err := evidence.Decode(bytes.NewReader(st.Evidence))
	if err != nil || len(evs) != 1 {
		fail(w, http.StatusInternalServerError, fmt.Errorf("result %d: stored evidence does not decode: %v", st.ID, err))
		return
	}
	units := map[string]*evidence.Evidence{}
	for _, l := range res.Links {
		body, err := sv.Store.EvidenceByHash(r.Context(), l.EvidenceHash)
		if err != nil {
			fail(w, http.StatusConflict, fmt.Errorf("linked unit %s: evidence %s: %w", l.Unit, l.EvidenceHash, err))
			return
		}
		u, err := evidence.Decode(bytes.NewReader(body))
		if err != nil || len(u) != 1 {
			fail(w, http.StatusInternalServerError, fmt.Errorf("linked unit %s: stored evidence does not decode: %v", l.Unit, err))
			return
		}
		units[l.Unit] = u[0]
	}
	opts := engine.Options{Units: func(id, _ string) (*evidence.Evidence, bool) { u, ok := units[id]; return u, ok }}
	err = engine.Verify(r.Context(), res, sv.Scheme, evs[0], opts)
	var mm *engine.MismatchError
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, map[string]any{"id": st.ID, "verified": true})
	case errors.As(err, &mm):
		writeJSON(w, http.StatusConflict, map[string]any{"id": st.ID, "verified": false, "differences": mm.Diffs})
	default:
		fail(w, http.StatusConflict, err)
	}
}

// rank ranks the latest result of each subject in the period. It starts
// from no ledger: a host that hands out rolling awards keeps the ledger
// of each month and passes it to engine.Rank.
func (sv *Server) rank(w http.ResponseWriter, r *http.Request) {
	period := r.PathValue("period")
	rows, err := sv.Store.Latest(r.Context(), sv.Scheme.ID(), period)
	if err != nil {
		sv.Log.Printf("ranking %s: %v", period, err)
		fail(w, http.StatusInternalServerError, errors.New("the store failed; see the service log"))
		return
	}
	sums := make([]engine.Summary, 0, len(rows))
	for _, row := range rows {
		res, err := decodeResult(row)
		if err != nil {
			fail(w, http.StatusInternalServerError, err)
			return
		}
		sums = append(sums, engine.Summarize(sv.Scheme, res))
	}
	rk, err := engine.Rank(sv.Scheme, period, sums, nil)
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err)
		return
	}
	writeJSON(w, http.StatusOK, rk)
}

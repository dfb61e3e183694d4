package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

// Server is the HTTP face of the service: evidence in, results and their
// audit trails out, every result re-checkable, every step of its life
// recorded. Every endpoint needs a bearer token (Auth).
//
//	POST /evaluations                    evidence JSON (one or a list) → scored, stored as the next version
//	GET  /evaluations/{id}               the stored result, with its audit trail
//	GET  /evaluations/{id}/explain       the audit trail in sentences (zh, en)
//	GET  /evaluations/{id}/history       version, stage, links and every transition
//	POST /evaluations/{id}/verify        re-check the stored row; 409 with the problems when it differs
//	POST /evaluations/{id}/confirm       office: the branch's self-assessment becomes the organisation's
//	POST /evaluations/{id}/publish       office: 公示, open to objections for ObjectionWindow
//	POST /evaluations/{id}/objections    branch (its own) or office: an objection, within the window
//	POST /evaluations/{id}/approve       committee: 审批, once the window has closed
//	GET  /rankings/{period}              the organisation's ranking from results that verify, with awards
//	POST /rankings/{period}/close        office: store the period's ledger for the next period's ranking
//	PUT  /ledgers/{period}               office: the opening ledger (counts from before the service)
type Server struct {
	Scheme *scheme.Scheme
	Store  *Store
	Auth   *Auth
	Log    *log.Logger
	// EvalTimeout bounds each evaluation and each verification (0:
	// DefaultEvalTimeout).
	EvalTimeout time.Duration
	// ObjectionWindow is how long a published result is open to
	// objections (0: DefaultObjectionWindow).
	ObjectionWindow time.Duration
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Defaults of the Server's settings.
const (
	DefaultEvalTimeout     = 10 * time.Second
	DefaultObjectionWindow = 5 * 24 * time.Hour // 公示期: five days
	maxActionBody          = 16 << 10
	maxReasonRunes         = 1000
)

func (sv *Server) now() time.Time {
	if sv.Now != nil {
		return sv.Now().UTC()
	}
	return time.Now().UTC()
}

func (sv *Server) evalTimeout() time.Duration {
	if sv.EvalTimeout > 0 {
		return sv.EvalTimeout
	}
	return DefaultEvalTimeout
}

// Handler routes the endpoints.
func (sv *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /evaluations", sv.authed(sv.evaluate))
	mux.HandleFunc("GET /evaluations/{id}", sv.authed(sv.get))
	mux.HandleFunc("GET /evaluations/{id}/explain", sv.authed(sv.explain))
	mux.HandleFunc("GET /evaluations/{id}/history", sv.authed(sv.history))
	mux.HandleFunc("POST /evaluations/{id}/verify", sv.authed(sv.verify))
	mux.HandleFunc("POST /evaluations/{id}/confirm", sv.authed(sv.confirm))
	mux.HandleFunc("POST /evaluations/{id}/publish", sv.authed(sv.publish))
	mux.HandleFunc("POST /evaluations/{id}/objections", sv.authed(sv.object))
	mux.HandleFunc("POST /evaluations/{id}/approve", sv.authed(sv.approve))
	mux.HandleFunc("GET /rankings/{period}", sv.authed(sv.rank))
	mux.HandleFunc("POST /rankings/{period}/close", sv.authed(sv.closePeriod))
	mux.HandleFunc("PUT /ledgers/{period}", sv.authed(sv.putLedger))
	mux.HandleFunc("GET /evaluations/{id}/sheet", sv.authed(sv.sheet))
	mux.HandleFunc("GET /rankings/{period}/board", sv.authed(sv.board))
	mux.HandleFunc("GET /board/{period}", sv.authed(sv.board))
	mux.HandleFunc("GET /standard", sv.authed(sv.standard))
	mux.HandleFunc("GET /periods/{file}", sv.authed(sv.spreadsheet))
	mux.HandleFunc("GET /{$}", sv.home)
	return mux
}

// Timeouts are the http.Server's: a client that sends its headers or body
// too slowly, or reads the response too slowly, is cut off.
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// DefaultTimeouts suit a service inside an office network: a 16 MiB body
// in a minute is 2 Mbit/s.
var DefaultTimeouts = Timeouts{ReadHeader: 10 * time.Second, Read: time.Minute, Write: 2 * time.Minute, Idle: 2 * time.Minute}

// NewHTTPServer returns the http.Server main runs h with.
func NewHTTPServer(addr string, h http.Handler, t Timeouts) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read,
		WriteTimeout: t.Write, IdleTimeout: t.Idle, MaxHeaderBytes: 64 << 10}
}

type authedHandler func(w http.ResponseWriter, r *http.Request, p *Principal)

// authed answers 401 unless the request carries a configured token.
func (sv *Server) authed(h authedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := sv.Auth.authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="oa-service"`)
			msg := "authentication required: send Authorization: Bearer TOKEN"
			if r.Header.Get("Authorization") != "" {
				msg = "the token is not one this service knows"
			}
			fail(w, http.StatusUnauthorized, errors.New(msg))
			return
		}
		h(w, r, p)
	}
}

// Item is one subject's outcome in a POST /evaluations response.
type Item struct {
	ID      int64        `json:"id,omitempty"`
	Subject string       `json:"subject"`
	Period  string       `json:"period"`
	Version int          `json:"version,omitempty"`
	Stage   string       `json:"stage,omitempty"`
	Total   string       `json:"total,omitempty"`
	Tier    string       `json:"tier,omitempty"`
	Links   []StoredLink `json:"links,omitempty"`
	Status  int          `json:"status"` // the HTTP status this subject alone would have had
	Error   string       `json:"error,omitempty"`
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

// readBody reads a request body of at most limit bytes: 413 over it, 408
// when the client is too slow for the server's read timeout.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, int, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err == nil {
		return b, 0, nil
	}
	var mb *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mb):
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("the body is over %d bytes", mb.Limit)
	case errors.As(err, &ne) && ne.Timeout():
		return nil, http.StatusRequestTimeout, errors.New("the body did not arrive in time")
	}
	return nil, http.StatusBadRequest, fmt.Errorf("reading the body: %v", err)
}

// checkReason refuses a reason that is not valid UTF-8, is too long or
// holds control characters other than tabs and line breaks (a NUL would
// reach PostgreSQL as SQLSTATE 22021).
func checkReason(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("reason: not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxReasonRunes {
		return fmt.Errorf("reason: %d characters; at most %d", n, maxReasonRunes)
	}
	for _, c := range s {
		if unicode.IsControl(c) && c != '\n' && c != '\t' && c != '\r' {
			return fmt.Errorf("reason: holds the control character %U", c)
		}
	}
	return nil
}

// pathID reads the {id} path parameter: a positive decimal number.
func pathID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("id: want a positive number, got %q", s)
	}
	return id, nil
}

// pathPeriod reads the {period} path parameter: a period of the scheme's
// kind.
func (sv *Server) pathPeriod(r *http.Request) (string, error) {
	s := r.PathValue("period")
	p, err := evidence.ParsePeriod(s)
	if err != nil {
		return "", fmt.Errorf("period %q: %v", s, err)
	}
	if p.Kind != sv.Scheme.PeriodKind() {
		return "", fmt.Errorf("period %s is a %s; scheme %s ranks %ss", s, p.Kind, sv.Scheme.ID(), sv.Scheme.PeriodKind())
	}
	return p.String(), nil
}

// errTampered is wrapped by the error for stored evidence whose body does
// not hash to the hash it is stored under.
var errTampered = errors.New("stored evidence does not match its hash")

// decodeStored decodes stored evidence after checking that its body is
// what its hash says: the canonical JSON hashes to it, and so does the
// evidence decoded from it.
func decodeStored(hash string, body []byte) (*evidence.Evidence, error) {
	sum := sha256.Sum256(body)
	if got := hex.EncodeToString(sum[:]); got != hash {
		return nil, fmt.Errorf("%w: evidence %s: the stored body hashes to %s (edited in the database?)", errTampered, short(hash), short(got))
	}
	evs, err := evidence.Decode(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("evidence %s: does not decode: %v", short(hash), err)
	}
	if len(evs) != 1 {
		return nil, fmt.Errorf("evidence %s: %d documents stored as one", short(hash), len(evs))
	}
	if h, err := evs[0].Hash(); err != nil || h != hash {
		return nil, fmt.Errorf("%w: evidence %s: decodes to evidence hashing to %s", errTampered, short(hash), short(h))
	}
	return evs[0], nil
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// evaluate scores every subject posted, in order, each stored as the next
// version of its subject and period. The whole request is refused (403)
// when any document is out of the caller's scope. A subject that fails is
// reported with its error and stored nowhere; the others are scored and
// stored. The response is 200 when every subject was stored, 207 when
// some were; when none was, the subjects' common status or 422.
//
// A link (挂钩) resolves to the unit's document in the same request (which
// is then scored and stored first), else to the unit's latest accepted
// version in the store, read back with its hash checked.
func (sv *Server) evaluate(w http.ResponseWriter, r *http.Request, p *Principal) {
	if p.Role == RoleCommittee {
		fail(w, http.StatusForbidden, errors.New("the committee approves; it does not submit evidence"))
		return
	}
	reason := r.URL.Query().Get("reason")
	if err := checkReason(reason); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	body, status, err := readBody(w, r, evidence.MaxFileSize)
	if err != nil {
		fail(w, status, err)
		return
	}
	evs, err := evidence.Decode(bytes.NewReader(body))
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	var denied []string
	for i, ev := range evs {
		if err := p.maySubmit(ev); err != nil {
			denied = append(denied, fmt.Sprintf("evidence[%d]: %v", i, err))
		}
	}
	if len(denied) > 0 {
		writeJSON(w, http.StatusForbidden, map[string]any{"error": "out of this token's scope; nothing was stored", "problems": denied})
		return
	}
	if _, err := engine.Index(evs); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	b := &batch{sv: sv, ctx: r.Context(), p: p, reason: reason, evs: evs,
		items: make([]*Item, len(evs)), running: make([]bool, len(evs)), at: map[[2]string]int{}}
	for i, ev := range evs {
		b.at[[2]string{ev.Subject.ID, ev.Period}] = i
	}
	stored, statuses := 0, map[int]bool{}
	items := make([]*Item, len(evs))
	for i := range evs {
		items[i] = b.process(i)
		if items[i].Error == "" {
			stored++
		}
		statuses[items[i].Status] = true
	}
	status = http.StatusOK
	switch {
	case stored == 0 && len(statuses) == 1:
		for s := range statuses {
			status = s
		}
	case stored == 0:
		status = http.StatusUnprocessableEntity
	case stored < len(evs):
		status = http.StatusMultiStatus
	}
	writeJSON(w, status, map[string]any{"results": items})
}

// batch is one POST /evaluations: its documents, scored in order, a
// linked unit's before the subjects that link to it.
type batch struct {
	sv      *Server
	ctx     context.Context
	p       *Principal
	reason  string
	evs     []*evidence.Evidence
	items   []*Item
	running []bool
	at      map[[2]string]int
}

func (b *batch) process(i int) *Item {
	if b.items[i] != nil {
		return b.items[i]
	}
	b.running[i] = true
	it := b.sv.submit(b.ctx, b.p, b.evs[i], b.reason, b.unit)
	b.running[i] = false
	b.items[i] = it
	return it
}

// unit resolves a link: the unit's document in this request, once scored
// and stored, else the unit's latest accepted version in the store.
func (b *batch) unit(id, period string) (*evidence.Evidence, StoredLink, error) {
	if i, ok := b.at[[2]string{id, period}]; ok {
		if b.running[i] {
			return nil, StoredLink{}, fmt.Errorf("unit %s: links in a circle", id)
		}
		if it := b.process(i); it.Error != "" {
			return nil, StoredLink{}, fmt.Errorf("unit %s: its evidence in this request was not accepted: %s", id, it.Error)
		}
	}
	return b.sv.latestUnit(b.ctx, b.p.Org.ID, id, period)
}

// latestUnit reads a unit's latest accepted version, hash checked.
func (sv *Server) latestUnit(ctx context.Context, org, id, period string) (*evidence.Evidence, StoredLink, error) {
	st, err := sv.Store.Latest(ctx, org, id, period)
	if err != nil {
		return nil, StoredLink{}, err
	}
	if st == nil {
		return nil, StoredLink{}, fmt.Errorf("unit %s: no accepted evidence for %s in organisation %s; submit the unit's evidence first or in the same request", id, period, org)
	}
	ev, err := decodeStored(st.EvidenceHash, st.Evidence)
	if err != nil {
		return nil, StoredLink{}, fmt.Errorf("unit %s, version %d: %w", id, st.Version, err)
	}
	return ev, StoredLink{Unit: id, Version: st.Version, Hash: st.EvidenceHash}, nil
}

// submit scores one document and stores it as the next version.
func (sv *Server) submit(ctx context.Context, p *Principal, ev *evidence.Evidence, reason string,
	unit func(id, period string) (*evidence.Evidence, StoredLink, error)) *Item {
	it := &Item{Subject: ev.Subject.ID, Period: ev.Period}
	refuse := func(status int, err error) *Item {
		it.Status, it.Error = status, err.Error()
		return it
	}
	latest, err := sv.Store.Latest(ctx, p.Org.ID, ev.Subject.ID, ev.Period)
	if err != nil {
		status, msg := sv.storeError("reading the latest version", err)
		return refuse(status, errors.New(msg))
	}
	stage, prev := StageAssessed, 0
	if p.Role == RoleBranch {
		stage = StageSelf
	}
	if latest != nil {
		prev = latest.Version
		switch latest.Stage {
		case StagePublished, StageApproved:
			if p.Role != RoleOffice {
				return refuse(http.StatusConflict, fmt.Errorf("version %d is %s: only the party office may replace it (file an objection while it is published)", latest.Version, latest.Stage))
			}
			if reason == "" {
				return refuse(http.StatusConflict, fmt.Errorf("version %d is %s: a new version needs a reason (?reason=…)", latest.Version, latest.Stage))
			}
		case StageAssessed:
			if p.Role == RoleBranch {
				return refuse(http.StatusConflict, fmt.Errorf("version %d is the organisation's assessment: a branch may no longer replace it (object once it is published)", latest.Version))
			}
		}
	}
	var links []StoredLink
	var linkErr error
	opts := engine.Options{Units: func(id, period string) (*evidence.Evidence, bool) {
		u, l, err := unit(id, period)
		if err != nil {
			linkErr = errors.Join(linkErr, err)
			return nil, false
		}
		if !slices.ContainsFunc(links, func(x StoredLink) bool { return x.Unit == l.Unit }) {
			links = append(links, l)
		}
		return u, true
	}}
	ectx, cancel := context.WithTimeout(ctx, sv.evalTimeout())
	res, err := engine.Evaluate(ectx, sv.Scheme, ev, opts)
	cancel()
	switch {
	case err != nil && linkErr != nil:
		var st int
		if errors.Is(linkErr, errTampered) {
			st = http.StatusConflict
		} else {
			st = http.StatusUnprocessableEntity
		}
		return refuse(st, fmt.Errorf("subject %s, period %s: link: %w", ev.Subject.ID, ev.Period, linkErr))
	case errors.Is(err, context.DeadlineExceeded):
		return refuse(http.StatusServiceUnavailable, fmt.Errorf("subject %s, period %s: the evaluation took over %s and was stopped", ev.Subject.ID, ev.Period, sv.evalTimeout()))
	case err != nil:
		return refuse(http.StatusUnprocessableEntity, err)
	}
	body, err := evidence.Canonical(ev)
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, err)
	}
	out, err := json.Marshal(res)
	if err != nil {
		return refuse(http.StatusInternalServerError, err)
	}
	id, version, err := sv.Store.Save(ctx, &Submission{Org: p.Org.ID, Evidence: body, Result: res, JSON: out, Links: links,
		Stage: stage, Who: p.Who, Role: p.Role, Reason: reason, At: sv.now(), Latest: prev})
	if err != nil {
		status, msg := sv.storeError("storing subject "+ev.Subject.ID, err)
		return refuse(status, errors.New(msg))
	}
	it.ID, it.Version, it.Stage, it.Total, it.Tier, it.Links, it.Status = id, version, stage, res.Total.String(), res.Tier, links, http.StatusOK
	return it
}

// load reads the stored result the path names, answering 403 when it is
// out of the caller's scope.
func (sv *Server) load(w http.ResponseWriter, r *http.Request, p *Principal) (*Stored, bool) {
	id, err := pathID(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return nil, false
	}
	st, err := sv.Store.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		fail(w, http.StatusNotFound, fmt.Errorf("result %d: %w", id, err))
		return nil, false
	}
	if err != nil {
		status, msg := sv.storeError(fmt.Sprintf("result %d", id), err)
		fail(w, status, errors.New(msg))
		return nil, false
	}
	if !p.mayRead(st.Org, st.Subject) {
		fail(w, http.StatusForbidden, fmt.Errorf("result %d is out of this token's scope", id))
		return nil, false
	}
	return st, true
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

func (sv *Server) get(w http.ResponseWriter, r *http.Request, p *Principal) {
	st, ok := sv.load(w, r, p)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = io.Copy(w, bytes.NewReader(st.Result))
}

func (sv *Server) explain(w http.ResponseWriter, r *http.Request, p *Principal) {
	st, ok := sv.load(w, r, p)
	if !ok {
		return
	}
	res, err := decodeResult(st.Result)
	if err != nil {
		fail(w, http.StatusConflict, fmt.Errorf("result %d: the stored JSON does not decode: %v", st.ID, err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"subject": res.Subject, "period": res.Period, "total": res.Total,
		"steps": engine.Explain(sv.Scheme, res)})
}

// verify re-checks a stored row (Server.check): 200 when it holds, 409
// with the problems when it does not.
func (sv *Server) verify(w http.ResponseWriter, r *http.Request, p *Principal) {
	st, ok := sv.load(w, r, p)
	if !ok {
		return
	}
	_, problems, err := sv.check(r.Context(), st)
	if err != nil {
		status, msg := sv.storeError(fmt.Sprintf("verifying result %d", st.ID), err)
		fail(w, status, errors.New(msg))
		return
	}
	if len(problems) > 0 {
		writeJSON(w, http.StatusConflict, map[string]any{"id": st.ID, "verified": false, "differences": problems})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": st.ID, "verified": true})
}

// check re-checks a stored row and lists what does not hold: the query
// columns (subject, period, scheme, total, tier, evidence hash) against
// the stored result; the stored evidence and each linked unit's against
// their hashes; and the result against a fresh evaluation of that
// evidence (engine.Verify), within EvalTimeout. err is for a store that
// failed, not for a row that does not hold.
func (sv *Server) check(ctx context.Context, st *Stored) (res *engine.Result, problems []string, err error) {
	res, derr := decodeResult(st.Result)
	if derr != nil {
		return nil, []string{"the stored result does not decode: " + derr.Error()}, nil
	}
	col := func(name, column, result string) {
		if column != result {
			problems = append(problems, fmt.Sprintf("%s: column %s, stored result %s", name, orNone(column), orNone(result)))
		}
	}
	col("subject", st.Subject, res.Subject.ID)
	col("period", st.Period, res.Period)
	col("scheme", st.SchemeID, res.Scheme.ID)
	col("tier", st.Tier, res.Tier)
	col("evidence_hash", st.EvidenceHash, res.EvidenceHash)
	if !sameDecimal(st.Total, res.Total.String()) {
		problems = append(problems, fmt.Sprintf("total: column %s, stored result %s", st.Total, res.Total))
	}
	ev, eerr := decodeStored(st.EvidenceHash, st.Evidence)
	if eerr != nil {
		problems = append(problems, eerr.Error())
	}
	units := map[string]*evidence.Evidence{}
	unusable := ev == nil // some evidence cannot be trusted: nothing to re-evaluate
	recorded := map[string]StoredLink{}
	for _, l := range st.Links {
		recorded[l.Unit] = l
	}
	for _, l := range res.Links {
		sl, ok := recorded[l.Unit]
		if !ok || sl.Hash != l.EvidenceHash {
			problems = append(problems, fmt.Sprintf("link to unit %s: the result cites evidence %s, the links table %s", l.Unit, short(l.EvidenceHash), short(sl.Hash)))
		}
		body, err := sv.Store.EvidenceByHash(ctx, l.EvidenceHash)
		if errors.Is(err, ErrNotFound) {
			problems = append(problems, fmt.Sprintf("linked unit %s: evidence %s is not stored", l.Unit, short(l.EvidenceHash)))
			unusable = true
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		u, err := decodeStored(l.EvidenceHash, body)
		if err != nil {
			problems = append(problems, fmt.Sprintf("linked unit %s, version %d: %v", l.Unit, sl.Version, err))
			unusable = true
			continue
		}
		units[l.Unit] = u
	}
	if unusable {
		return res, problems, nil // the problems say why
	}
	opts := engine.Options{Units: func(id, _ string) (*evidence.Evidence, bool) { u, ok := units[id]; return u, ok }}
	vctx, cancel := context.WithTimeout(ctx, sv.evalTimeout())
	defer cancel()
	verr := engine.Verify(vctx, res, sv.Scheme, ev, opts)
	var mm *engine.MismatchError
	switch {
	case verr == nil:
	case errors.As(verr, &mm):
		problems = append(problems, mm.Diffs...)
	case errors.Is(verr, context.DeadlineExceeded):
		problems = append(problems, fmt.Sprintf("the re-evaluation took over %s and was stopped", sv.evalTimeout()))
	default:
		problems = append(problems, verr.Error())
	}
	return res, problems, nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

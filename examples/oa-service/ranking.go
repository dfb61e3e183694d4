package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

// LeftOut is a stored result a ranking did not use, and why.
type LeftOut struct {
	ID       int64    `json:"id"`
	Subject  string   `json:"subject"`
	Version  int      `json:"version"`
	Problems []string `json:"problems"`
}

// RankingReport is GET /rankings/{period}: the ranking of the results that
// verify, the ones left out, each ranked subject's version and stage, and
// the ledger the ranking started from.
type RankingReport struct {
	Organisation string            `json:"organisation"`
	Period       string            `json:"period"`
	LedgerFrom   string            `json:"ledger_from"` // the period whose stored ledger opened it; "" for none
	Closed       bool              `json:"closed"`      // the period's own ledger is stored
	Ranking      *engine.Ranking   `json:"ranking"`
	LeftOut      []LeftOut         `json:"left_out"`
	Versions     map[string]int    `json:"versions"`
	Stages       map[string]string `json:"stages"`

	ids     map[string]int64 // the stored result ranked, by subject: the pages link its sheet
	results []*engine.Result // the results ranked: the spreadsheet's figures
}

// errRank is a ranking the service cannot make (a missing ledger, a
// ledger that does not fit): 409 with its message.
type errRank struct{ error }

// ranking ranks the latest version of each of org's subjects in period
// that verifies (Server.check), from the stored ledger of the period
// before. With no ledger stored at all it starts from none; with some
// stored but not the one before, it refuses: the awards would restart
// silently.
func (sv *Server) ranking(ctx context.Context, org, period string) (*RankingReport, error) {
	rows, err := sv.Store.LatestInPeriod(ctx, org, sv.Scheme.ID(), period)
	if err != nil {
		return nil, err
	}
	rep := &RankingReport{Organisation: org, Period: period, LeftOut: []LeftOut{}, Versions: map[string]int{}, Stages: map[string]string{}, ids: map[string]int64{}}
	sums := make([]engine.Score, 0, len(rows))
	for _, st := range rows {
		res, problems, err := sv.check(ctx, st)
		if err != nil {
			return nil, err
		}
		if len(problems) > 0 {
			rep.LeftOut = append(rep.LeftOut, LeftOut{ID: st.ID, Subject: st.Subject, Version: st.Version, Problems: problems})
			continue
		}
		sums = append(sums, res.Score(sv.Scheme))
		rep.Versions[st.Subject], rep.Stages[st.Subject] = st.Version, st.Stage
		rep.ids[st.Subject] = st.ID
		rep.results = append(rep.results, res)
	}
	p, _ := evidence.ParsePeriod(period) // checked by pathPeriod
	before := p.Add(-1).String()
	var prev *engine.Ledger
	b, err := sv.Store.Ledger(ctx, org, sv.Scheme.ID(), before)
	if err != nil {
		return nil, err
	}
	if b != nil {
		prev = &engine.Ledger{}
		if err := json.Unmarshal(b, prev); err != nil {
			return nil, errRank{fmt.Errorf("the stored ledger of %s does not decode: %v", before, err)}
		}
		rep.LedgerFrom = before
	} else {
		last, err := sv.Store.LastLedger(ctx, org, sv.Scheme.ID())
		if err != nil {
			return nil, err
		}
		if last != "" {
			return nil, errRank{fmt.Errorf("no ledger is stored for %s (the last is %s's): close %s first, so that banners and titles carry on", before, last, before)}
		}
	}
	own, err := sv.Store.Ledger(ctx, org, sv.Scheme.ID(), period)
	if err != nil {
		return nil, err
	}
	rep.Closed = own != nil
	rk, err := engine.Rank(sv.Scheme, period, sums, prev)
	if err != nil {
		return nil, errRank{err}
	}
	oneFlagEach(sv.Scheme, rk)
	rep.Ranking = rk
	return rep, nil
}

// oneFlagEach takes back a flag from the bottom (小黄旗) from a subject
// that received a flag from the top (小红旗) in the same period. The
// scheme gives the red flag to every branch sharing the top and the
// yellow to every branch sharing the bottom, so a subject ranked alone —
// or every subject, when all tie — would receive both: a branch that
// nobody ranks below is not last. The award's note says so, and the
// ledger's count and run of the bottom flag are put back as if it had
// not been given.
func oneFlagEach(s *scheme.Scheme, rk *engine.Ranking) {
	top, bottom := map[string]bool{}, map[string]bool{}
	for _, aw := range s.Awards() {
		if aw.Kind == scheme.Flag {
			if aw.Bottom {
				bottom[aw.ID] = true
			} else {
				top[aw.ID] = true
			}
		}
	}
	atTop := map[string]bool{}
	for _, a := range rk.Awards {
		if top[a.ID] {
			for _, id := range a.To {
				atTop[id] = true
			}
		}
	}
	for i := range rk.Awards {
		a := &rk.Awards[i]
		if !bottom[a.ID] {
			continue
		}
		keep, drop := []string{}, []string{}
		for _, id := range a.To {
			if atTop[id] {
				drop = append(drop, id)
			} else {
				keep = append(keep, id)
			}
		}
		if len(drop) == 0 {
			continue
		}
		a.To = keep
		note := fmt.Sprintf("not given to %s, at the top as well: nobody ranks below", strings.Join(drop, ", "))
		if a.Note != "" {
			note = a.Note + "; " + note
		}
		a.Note = note
		for _, id := range drop {
			if c := rk.Ledger.Counts[a.ID]; c != nil {
				if c[id]--; c[id] <= 0 {
					delete(c, id)
				}
				if len(c) == 0 {
					delete(rk.Ledger.Counts, a.ID)
				}
			}
			if st := rk.Ledger.Streaks[a.ID]; st != nil {
				delete(st, id)
				if len(st) == 0 {
					delete(rk.Ledger.Streaks, a.ID)
				}
			}
		}
		for j := range rk.Entries {
			e := &rk.Entries[j]
			if slices.Contains(drop, e.Subject.ID) {
				e.Awards = slices.DeleteFunc(e.Awards, func(x string) bool { return x == a.ID })
				if len(e.Awards) == 0 {
					e.Awards = nil
				}
			}
		}
	}
}

func sameDecimal(a, b string) bool {
	x, okA := new(big.Rat).SetString(a)
	y, okB := new(big.Rat).SetString(b)
	return okA && okB && x.Cmp(y) == 0
}

func (sv *Server) rank(w http.ResponseWriter, r *http.Request, p *Principal) {
	period, err := sv.pathPeriod(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	rep, err := sv.ranking(r.Context(), p.Org.ID, period)
	var re errRank
	switch {
	case errors.As(err, &re):
		fail(w, http.StatusConflict, err)
	case err != nil:
		status, msg := sv.storeError("ranking "+period, err)
		fail(w, status, errors.New(msg))
	default:
		writeJSON(w, http.StatusOK, rep)
	}
}

// closePeriod stores the period's ledger, which the next period's ranking
// starts from. Only a ranking with nothing left out and every subject's
// latest version approved closes a period, and only once.
func (sv *Server) closePeriod(w http.ResponseWriter, r *http.Request, p *Principal) {
	if p.Role != RoleOffice {
		fail(w, http.StatusForbidden, fmt.Errorf("closing a period is for the office role; this token's is %s", p.Role))
		return
	}
	period, err := sv.pathPeriod(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	rep, err := sv.ranking(r.Context(), p.Org.ID, period)
	var re errRank
	switch {
	case errors.As(err, &re):
		fail(w, http.StatusConflict, err)
		return
	case err != nil:
		status, msg := sv.storeError("ranking "+period, err)
		fail(w, status, errors.New(msg))
		return
	}
	var problems []string
	for _, l := range rep.LeftOut {
		problems = append(problems, fmt.Sprintf("result %d (%s, version %d) does not verify", l.ID, l.Subject, l.Version))
	}
	for _, e := range rep.Ranking.Entries {
		if st := rep.Stages[e.Subject.ID]; st != StageApproved {
			problems = append(problems, fmt.Sprintf("%s: version %d is %s, not approved", e.Subject.ID, rep.Versions[e.Subject.ID], st))
		}
	}
	if len(rep.Ranking.Entries) == 0 {
		problems = append(problems, "no results to rank")
	}
	if len(problems) > 0 {
		writeJSON(w, http.StatusConflict, map[string]any{"error": "the period cannot be closed", "problems": problems})
		return
	}
	led, err := json.Marshal(rep.Ranking.Ledger)
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	rk, err := json.Marshal(rep)
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	if err := sv.Store.PutLedger(r.Context(), p.Org.ID, sv.Scheme.ID(), period, led, rk, p.Who, sv.now()); err != nil {
		if errors.Is(err, ErrClosed) {
			fail(w, http.StatusConflict, fmt.Errorf("%s: %w", period, err))
			return
		}
		status, msg := sv.storeError("storing the ledger", err)
		fail(w, status, errors.New(msg))
		return
	}
	rep.Closed = true
	writeJSON(w, http.StatusOK, rep)
}

// putLedger stores an opening ledger: the counts and holders from before
// the service, for the first period it ranks. Only while no ledger is
// stored for the organisation.
func (sv *Server) putLedger(w http.ResponseWriter, r *http.Request, p *Principal) {
	if p.Role != RoleOffice {
		fail(w, http.StatusForbidden, fmt.Errorf("the opening ledger is for the office role; this token's is %s", p.Role))
		return
	}
	period, err := sv.pathPeriod(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	b, status, err := readBody(w, r, 1<<20)
	if err != nil {
		fail(w, status, err)
		return
	}
	var led engine.Ledger
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&led); err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("ledger: %v", err))
		return
	}
	if err := checkLedgerIDs(&led); err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("ledger: %v", err))
		return
	}
	if led.Scheme != sv.Scheme.ID() || led.Period != period {
		fail(w, http.StatusBadRequest, fmt.Errorf("ledger: it is for scheme %q, period %q; want %q, %q", led.Scheme, led.Period, sv.Scheme.ID(), period))
		return
	}
	if last, err := sv.Store.LastLedger(r.Context(), p.Org.ID, sv.Scheme.ID()); err != nil {
		status, msg := sv.storeError("reading the ledgers", err)
		fail(w, status, errors.New(msg))
		return
	} else if last != "" {
		fail(w, http.StatusConflict, fmt.Errorf("a ledger is stored already (%s): an opening ledger comes first", last))
		return
	}
	canon, err := json.Marshal(&led)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	if err := sv.Store.PutLedger(r.Context(), p.Org.ID, sv.Scheme.ID(), period, canon, nil, p.Who, sv.now()); err != nil {
		status, msg := sv.storeError("storing the ledger", err)
		if errors.Is(err, ErrClosed) {
			status, msg = http.StatusConflict, err.Error()
		}
		fail(w, status, errors.New(msg))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"organisation": p.Org.ID, "period": period, "ledger": &led})
}

// checkLedgerIDs refuses an opening ledger whose award or subject ids are
// not ids (control characters, over-long): they would be carried into
// every later ledger.
func checkLedgerIDs(l *engine.Ledger) error {
	check := func(where, id string) error {
		if err := evidence.CheckID(id); err != nil || id == "" {
			return fmt.Errorf("%s %q: not an id", where, id)
		}
		return nil
	}
	var errs []error
	for k, v := range l.Holders {
		errs = append(errs, check("holders", k), check("holders."+k, v))
	}
	for _, m := range []map[string]map[string]int{l.Counts, l.Streaks} {
		for k, c := range m {
			errs = append(errs, check("award", k))
			for id, n := range c {
				errs = append(errs, check(k, id))
				if n < 0 {
					errs = append(errs, fmt.Errorf("%s.%s: a negative count", k, id))
				}
			}
		}
	}
	for id := range l.Balances {
		errs = append(errs, check("balances", id))
	}
	return errors.Join(errs...)
}

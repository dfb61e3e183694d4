package engine

import (
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/internal/plan"
	"sort"

	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Scoring the rule patterns of issue 15, items 6–8, 10(c) and 11: records
// in a window, de-duplication that keeps a chosen record, spans with no
// qualifying record, steps in both directions, repeated deductions and a
// computed carried figure.

// The audit steps these patterns add.
const (
	StepSpan     StepKind = "span"      // one span (a month, a week …) of a missing rule: the qualifying records found
	StepMissing  StepKind = "missing"   // the spans with too few records, counted and scored
	StepRepeated StepKind = "repeated"  // a deduction repeated in consecutive periods, and the points it adds
	StepCarryOut StepKind = "carry_out" // the figure carried into the next period, computed from this one's
)

// candidate is one record of a list as the first pass saw it: skipped
// (out of the window, or filtered, with its step) or considered, with its
// de-duplication key and weight.
type candidate struct {
	rec *plan.Record
	// skip is the kind of the step of a record skipped, "" for one
	// considered; reads is what a record filtered out read.
	skip        StepKind
	reads       Reads
	key, shown  string
	weight      scheme.Exact
	weightShown decimal.Decimal
}

// candidates reads an indicator's records once: the window, the where
// condition, and the de-duplication key and weight of those considered.
func (e *evaluator) candidates(ind *scheme.Indicator) ([]candidate, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	recs := e.b.Records(ind.Records)
	// One slice an evaluation, kept with the evaluator: records does not
	// nest.
	if cap(e.cands) < len(recs) {
		e.cands = make([]candidate, len(recs))
	}
	// Each candidate is set whole below, before anything reads it: no
	// clearing first (the slice holds pointers: clearing it is written
	// through the collector's barrier, as each candidate is).
	out := e.cands[:len(recs)]
	var win window
	for i, rec := range recs {
		if err := e.ctx.Err(); err != nil {
			return nil, e.fail(where(), path(nil, rec, ind.Records), err)
		}
		if i == 0 { // the window once, when there is a record to place in it
			var err error
			if win, err = e.window(ind); err != nil {
				return nil, e.fail(where(), "since", err)
			}
		}
		cd := &out[i]
		*cd = candidate{rec: rec}
		if !win.holds(rec) {
			cd.skip = StepOutOfWindow
			continue
		}
		if ind.Where != nil {
			ok, err := e.cond(ind.Where, rec)
			if err != nil {
				return nil, e.fail(where(), path(ind.Where, rec, ind.Records), err)
			}
			if !ok {
				cd.skip, cd.reads = StepFiltered, e.reads(ind.Where, rec)
				continue
			}
		}
		var err error
		if ind.DedupeBy != nil {
			if cd.key, cd.shown, err = e.b.Key(e.ctx, ind.DedupeBy, rec); err != nil {
				return nil, e.fail(where(), path(ind.DedupeBy, rec, ind.Records), err)
			}
		}
		if ind.DedupeWeight != nil {
			if cd.weight, err = e.exact(ind.DedupeWeight, rec); err != nil {
				return nil, e.fail(where(), path(ind.DedupeWeight, rec, ind.Records), msg.Errorf("dedupe_weight: %w", err))
			}
			cd.weightShown, _ = plan.Recorded(e.s, cd.weight)
		}
	}
	return out, nil
}

// keep decides, for each de-duplication key, the record that counts: the
// first in evidence order (no dedupe_keep), the first or last by date
// (then evidence order), or the heaviest (the earliest of equals).
func keep(ind *scheme.Indicator, cands []candidate) map[string]*candidate {
	if ind.DedupeBy == nil {
		return nil
	}
	kept := map[string]*candidate{}
	for i := range cands {
		cd := &cands[i]
		if cd.skip != "" {
			continue
		}
		k, ok := kept[cd.key]
		switch {
		case !ok:
			kept[cd.key] = cd
		case ind.DedupeKeep == "first" && cd.rec.Date.Before(k.rec.Date):
			kept[cd.key] = cd
		case ind.DedupeKeep == "last" && !cd.rec.Date.Before(k.rec.Date):
			kept[cd.key] = cd
		case ind.DedupeKeep == "heaviest":
			if c := cd.weight.Cmp(k.weight); c > 0 || (c == 0 && cd.rec.Date.Before(k.rec.Date)) {
				kept[cd.key] = cd
			}
		}
	}
	return kept
}

// missing scores a per_missing_period indicator: the spans of the period
// (or window) with fewer qualifying records than the rule asks, times
// the points.
func (e *evaluator) missing(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	rule := ind.Missing
	atLeast := scheme.ExactOf(decimal.NewFromInt(1))
	if rule.AtLeast != nil {
		var err error
		if atLeast, err = e.exact(rule.AtLeast, nil); err != nil {
			return decimal.Zero, nil, e.fail(where(), path(rule.AtLeast, nil, ""), msg.Errorf("missing.at_least: %w", err))
		}
	}
	per, err := e.exact(ind.Points, nil)
	if err != nil {
		return decimal.Zero, nil, e.fail(where(), path(ind.Points, nil, ""), msg.Errorf("points: %w", err))
	}
	start, end := e.windowSpan(ind.Window)
	if ind.Since != nil {
		since, err := e.b.Date(e.ctx, ind.Since, nil)
		if err != nil {
			return decimal.Zero, nil, e.fail(where(), "since", err)
		}
		start = since
	}
	spans := plan.MissingSpans(e.s, rule.Every, start, end)
	// Each record once: the where condition, then the span it falls in. A
	// week's span may reach past the window: its records count for it.
	found := make([][]string, len(spans))
	for _, rec := range e.b.Records(ind.Records) {
		if err := e.ctx.Err(); err != nil {
			return decimal.Zero, nil, e.fail(where(), path(nil, rec, ind.Records), err)
		}
		i := sort.Search(len(spans), func(i int) bool { return rec.Date.Before(spans[i].End) })
		if i == len(spans) || rec.Date.Before(spans[i].Start) {
			continue
		}
		if ind.Where != nil {
			ok, err := e.cond(ind.Where, rec)
			if err != nil {
				return decimal.Zero, nil, e.fail(where(), path(ind.Where, rec, ind.Records), err)
			}
			if !ok {
				e.add(&Step{Kind: StepFiltered, Section: ind.Section, Indicator: ind.ID, Record: rec.ID, Rule: ind.Where.Text, Reads: e.reads(ind.Where, rec)})
				continue
			}
		}
		found[i] = append(found[i], rec.ID)
	}
	var short []string
	var cites []string
	for i, sp := range spans {
		n := len(found[i])
		ok := atLeast.CmpDecimal(decimal.NewFromInt(int64(n))) <= 0
		e.add(&Step{Kind: StepSpan, Section: ind.Section, Indicator: ind.ID, Match: sp.Name, Count: n, Passed: e.truth(ok), Cites: found[i]})
		if !ok {
			short = append(short, sp.Name)
		}
	}
	pe, err := scheme.ExactOf(decimal.NewFromInt(int64(len(short)))).Mul(per)
	if err != nil {
		return decimal.Zero, nil, e.fail(where(), path(ind.Points, nil, ""), err)
	}
	if len(short) > 0 {
		cites = e.citesOf(dyn(ind.Points))
	}
	st := Step{Kind: StepMissing, Section: ind.Section, Indicator: ind.ID, Rule: rule.Every, At: ind.At(),
		Count: len(short), Missing: short, Reads: e.readsOf(nil, dyn(ind.Points), dyn(rule.AtLeast)), Cites: cites}
	p := e.record(&st, "points", pe)
	st.Factor, st.Points = e.ptr(e.recordPts(&st, "factor", per)), e.pp(p)
	e.add(&st)
	return p, cites, nil
}

// stepCount is how many steps of size every the measure m has gone past
// from, in the rule's direction: full steps only, or a step begun counts.
func stepCount(rule *scheme.StepRule, m, from, every scheme.Exact) (decimal.Decimal, error) {
	over, err := m.Sub(from)
	if rule.Below {
		over, err = from.Sub(m)
	}
	if err != nil || over.Sign() <= 0 {
		return decimal.Zero, err
	}
	q, err := over.Quo(every)
	if err != nil {
		return decimal.Zero, err
	}
	if rule.Started {
		return q.Round(0, scheme.Ceil), nil
	}
	return q.Floor(), nil
}

// repeated adds an indicator's repeat points when it lost points in this
// period and in the Times−1 periods before it, as the ledger of the
// period before records (Options.Ledger). Without a ledger no earlier
// period is known, and the step says so.
func (e *evaluator) repeated(ind *scheme.Indicator, pts decimal.Decimal) (decimal.Decimal, error) {
	rp := ind.Repeated
	if rp == nil || pts.Sign() >= 0 {
		return pts, nil
	}
	where := func() string { return "indicator " + ind.ID } // built only for an error
	before, rule := 0, "ledger"
	if e.led != nil {
		if err := e.led.check(e.s, e.b.Period()); err != nil {
			return pts, e.fail(where(), "ledger", err)
		}
	}
	if e.led == nil {
		rule = "no_ledger"
	} else {
		before = e.led.Deducted[ind.ID][e.b.Evidence().Subject.ID]
	}
	st := Step{Kind: StepRepeated, Section: ind.Section, Indicator: ind.ID, Rule: rule, Count: before + 1, Before: e.pp(pts)}
	if e.led != nil {
		st.Record = e.led.Period
	}
	if before+1 < rp.Times {
		st.Points = e.pp(pts)
		e.add(&st)
		return pts, nil
	}
	add, err := e.exact(rp.Points, nil)
	if err != nil {
		return pts, e.fail(where(), path(rp.Points, nil, ""), msg.Errorf("repeated.points: %w", err))
	}
	a := e.record(&st, "factor", add)
	st.Factor = e.pp(a)
	out := pts.Add(a)
	st.Points = e.pp(out)
	e.add(&st)
	return out, nil
}

// carryOut computes the figure a computed carry passes to the next
// period: the total less the weighted points of the sections and
// indicators left out, times the share, rounded as the carry says.
func (e *evaluator) carryOut(r *Result) error {
	c := e.s.Carry()
	if c == nil || !c.Computed() {
		return nil
	}
	base := r.Total.Decimal()
	var left []string
	weight := map[string]decimal.Decimal{}
	for _, sec := range r.Sections {
		weight[sec.ID+"/"+sec.Round] = sec.Weight.Decimal()
	}
	for _, k := range c.LeaveOut {
		if k.Section != "" {
			for _, sec := range r.Sections {
				if sec.ID == k.Section {
					base = base.Sub(sec.Contribution.Decimal())
				}
			}
		} else {
			for _, ind := range r.Indicators {
				if ind.ID == k.Indicator {
					base = base.Sub(ind.Points.Decimal().Mul(weight[ind.Section+"/"+ind.Round]))
				}
			}
		}
		left = append(left, k.String())
	}
	share := scheme.ExactOf(decimal.NewFromInt(1))
	if c.Share != nil {
		share, _ = e.s.ConstExact(c.Share)
	}
	v, err := scheme.ExactOf(base).Mul(share)
	if err != nil {
		return e.fail("carry", "", err)
	}
	st := Step{Kind: StepCarryOut, Match: c.Input, Before: e.pp(base), Missing: left}
	st.Factor = e.ptr(e.recordPts(&st, "factor", share))
	var out decimal.Decimal
	if rd := c.Rounding; rd != nil {
		out = v.Round(rd.Scale, rd.Mode)
	} else {
		out = e.record(&st, "points", v)
	}
	st.Points = e.pp(out)
	e.add(&st)
	p := NewPoints(out)
	r.Carry = &p
	return nil
}

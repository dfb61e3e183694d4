package engine

import (
	"slices"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Ranking and awards for the rule patterns of issue 15, items 9–11: tier
// quotas with stated rounding, a minimum and a rule for ties; marks over
// a window; awards that exclude or bar each other; consequences that
// place a subject on a list; repeated deductions and computed carries in
// the ledger.

// The audit steps of a ranking.
const (
	StepQuota      StepKind = "quota"       // a tier's quota: share × subjects, rounded, at least its minimum
	StepQuotaMove  StepKind = "quota_move"  // a subject moved down by a quota
	StepQuotaKeep  StepKind = "quota_keep"  // a subject tied across the limit and kept (ties: keep, or split by points)
	StepAwardGiven StepKind = "award_given" // an award given outside the ranking's order: a mark's count, or a consequence
	StepAwardBar   StepKind = "award_bar"   // a subject passed over because of another award
)

// summarizePatterns adds to a summary what ranking needs of the patterns:
// the carried figure, the repeated deductions and the split keys.
func summarizePatterns(s *scheme.Scheme, r *Result, sum *Score) {
	sum.Carry = r.Carry
	for _, ir := range r.Indicators {
		if ind := s.Indicator(ir.ID); ind != nil && (ind.Repeated != nil || plan.ReadsRun(s, ir.ID)) &&
			!slices.Contains(sum.Deducted, ir.ID) && lostPoints(s, r.Indicators, r.Audit, ir.ID) {
			sum.Deducted = append(sum.Deducted, ir.ID)
		}
	}
	for _, t := range s.Tiers() {
		if t.Quota == nil {
			continue
		}
		for _, k := range t.Quota.SplitBy {
			if sum.Splits == nil {
				sum.Splits = map[string]Points{}
			}
			sum.Splits[k.String()] = NewPoints(keyPoints(r, k))
		}
	}
}

// keyPoints is the points of a section or indicator in r, weighted by
// their rounds when rounds combine on the total.
func keyPoints(r *Result, k scheme.TieKey) decimal.Decimal {
	weight := map[string]decimal.Decimal{}
	for _, rd := range r.Rounds {
		weight[rd.ID] = rd.Weight.Decimal()
	}
	v := decimal.Zero
	add := func(round string, p decimal.Decimal) {
		if w, ok := weight[round]; ok {
			p = p.Mul(w)
		}
		v = v.Add(p)
	}
	for _, sec := range r.Sections {
		if sec.ID == k.Section {
			add(sec.Round, sec.Points.Decimal())
		}
	}
	for _, ind := range r.Indicators {
		if ind.ID == k.Indicator {
			add(ind.Round, ind.Points.Decimal())
		}
	}
	return v
}

// quotaOf is how many of n subjects a tier's quota admits: its count, or
// share × n rounded as the quota says, and at least its minimum; with the
// exact product for the audit.
func quotaOf(s *scheme.Scheme, q *scheme.Quota, n int) (int, *scheme.Exact) {
	limit := 0
	var prod *scheme.Exact
	if q.Count != nil {
		v, _ := s.Const(q.Count)
		limit = int(v.IntPart())
	} else {
		v, _ := s.ConstExact(q.Share)
		x, err := v.Mul(scheme.ExactOf(decimal.NewFromInt(int64(n))))
		if err == nil { // a share within [0, 1] times a count cannot outgrow the bound
			prod = &x
			limit = int(x.Round(0, q.Rounding).IntPart())
		}
	}
	if q.Min != nil {
		m, _ := s.Const(q.Min)
		limit = max(limit, int(m.IntPart()))
	}
	return limit, prod
}

// applyQuotas moves subjects over a tier's quota, in rank order, to the
// tier its quota overflows to, and records each quota and move in the
// ranking's audit. Subjects tied across the limit all move (ties: move,
// the default: the quota is never exceeded), all stay (keep), or are
// ordered by the quota's split_by points, those still tied moving
// together (split).
func (rk *Ranking) applyQuotas(s *scheme.Scheme, g []Entry) {
	asc := s.Ranking().Ascending
	for _, t := range s.Tiers() {
		q := t.Quota
		if q == nil {
			continue
		}
		var in []*Entry
		for i := range g {
			if g[i].Tier == t.ID && !forcedBy(s, &g[i], t.ID) {
				in = append(in, &g[i])
			}
		}
		limit, prod := quotaOf(s, q, len(g))
		st := Step{Kind: StepQuota, Match: t.ID, Record: g[0].Cohort, Count: limit, Before: pp(decimal.NewFromInt(int64(len(g)))), Rule: q.Ties}
		if prod != nil {
			sh, _ := s.ConstExact(q.Share)
			st.Factor, st.Measure = pointsOf(s, sh), pointsOf(s, *prod)
			st.Reason = q.Rounding.String()
		}
		ranks := ranksOf(in, asc)
		keepN := cut(ranks, limit, q.Ties == "keep")
		var kept []*Entry // tied across the limit, and kept
		if q.Ties == "keep" {
			kept = in[cut(ranks, limit, false):keepN]
		}
		if q.Ties == "split" && keepN < len(in) && keepN < limit {
			// The tie group that straddles the limit, ordered by the split
			// points; those that fit stay.
			j := keepN
			for j < len(in) && ranks[j] == ranks[keepN] {
				j++
			}
			group := in[keepN:j]
			slices.SortStableFunc(group, func(a, b *Entry) int { return compareSplits(a, b, q.SplitBy, asc) })
			sub := make([]int, len(group))
			for i := range group {
				if i > 0 && compareSplits(group[i-1], group[i], q.SplitBy, asc) == 0 {
					sub[i] = sub[i-1]
				} else {
					sub[i] = i + 1
				}
			}
			n := cut(sub, limit-keepN, false)
			kept = group[:n]
			keepN += n
		}
		for _, e := range in[keepN:] {
			st.Cites = append(st.Cites, e.Subject.ID)
		}
		rk.Audit = append(rk.Audit, st)
		for _, e := range kept {
			rk.Audit = append(rk.Audit, Step{Kind: StepQuotaKeep, Match: t.ID, Record: e.Subject.ID, Count: e.Rank, Rule: q.Ties})
		}
		for _, e := range in[keepN:] {
			if e.QuotaFrom == "" {
				e.QuotaFrom = e.Tier
			}
			// in is in ranking order (a split reorders only a group of
			// equal points), so e ties with a subject kept only if it ties
			// with the last kept: one comparison, not one per kept subject.
			tied := keepN > 0 && compareEntries(in[keepN-1], e, asc) == 0
			mv := Step{Kind: StepQuotaMove, Match: t.ID, Rule: q.Overflow, Record: e.Subject.ID, Count: e.Rank, Passed: truth(!tied)}
			rk.Audit = append(rk.Audit, mv)
			e.Tier = q.Overflow
		}
	}
}

// pointsOf records an exact value as a ranking's audit shows it.
func pointsOf(s *scheme.Scheme, x scheme.Exact) *Points {
	d, _ := plan.Recorded(s, x)
	return pp(d)
}

// compareSplits orders a before b (−1) when its split points rank higher.
func compareSplits(a, b *Entry, keys []scheme.TieKey, asc bool) int {
	for _, k := range keys {
		x, y := a.splits()[k.String()], b.splits()[k.String()]
		if c := y.cmp(x); c != 0 {
			if asc {
				return -c
			}
			return c
		}
	}
	return 0
}

// deductions updates the runs of periods each subject lost points on an
// indicator with a repeated rule.
func (l *Ledger) deductions(s *scheme.Scheme, es []Entry) {
	for _, ind := range s.Indicators() {
		if ind.Repeated == nil && !plan.ReadsRun(s, ind.ID) {
			continue
		}
		prev := l.Deducted[ind.ID]
		next := map[string]int{}
		for _, e := range es {
			if slices.Contains(e.deducted(), ind.ID) {
				next[e.Subject.ID] = prev[e.Subject.ID] + 1
			}
		}
		l.Deducted[ind.ID] = next
	}
}

// ranked reports whether an award selects from the ranking at all (a
// flag given only for consequences does not).
func ranked(aw *scheme.Award) bool {
	return aw.Count != nil || aw.Share != nil || len(aw.Tiers) > 0 || aw.Min != nil || aw.After != nil
}

// barred reports whether e's tier or vetoes carry a consequence that bars aw.
func (a *awarder) barred(aw *scheme.Award, e *Entry) bool {
	for _, c := range e.Consequences() {
		if slices.Contains(aw.BarredBy, c) {
			return true
		}
	}
	return false
}

// barredByAward reports whether e received this period, or holds, an
// award that bars aw, or received one aw excludes (or that excludes aw),
// and records why.
func (a *awarder) barredByAward(aw *scheme.Award, e *Entry) bool {
	for _, other := range e.Awards {
		if other == aw.ID {
			continue
		}
		rule := ""
		switch {
		case slices.Contains(aw.BarredBy, other):
			rule = "barred_by"
		case slices.Contains(aw.Excludes, other):
			rule = "excludes"
		default:
			if o := a.s.Award(other); o != nil && slices.Contains(o.Excludes, aw.ID) {
				rule = "excludes"
			}
		}
		if rule != "" {
			a.rk.Audit = append(a.rk.Audit, Step{Kind: StepAwardBar, Match: aw.ID, Record: e.Subject.ID, Rule: rule, Cites: []string{other}})
			return true
		}
	}
	for _, held := range e.Holds() {
		if slices.Contains(aw.BarredBy, held) {
			a.rk.Audit = append(a.rk.Audit, Step{Kind: StepAwardBar, Match: aw.ID, Record: e.Subject.ID, Rule: "held", Cites: []string{held}})
			return true
		}
	}
	return false
}

// givenFor adds to the ranking's selection the subjects whose tier or
// vetoes carry a consequence that places them on the award whatever
// their rank; awards and consequences that bar it still apply.
func (a *awarder) givenFor(aw *scheme.Award, order, sel []*Entry) []*Entry {
	if len(aw.GivenFor) == 0 {
		return sel
	}
	for _, e := range order {
		if slices.Contains(sel, e) {
			continue
		}
		var why string
		for _, c := range e.Consequences() {
			if slices.Contains(aw.GivenFor, c) {
				why = c
				break
			}
		}
		if why == "" || a.barred(aw, e) || a.barredByAward(aw, e) {
			continue
		}
		a.rk.Audit = append(a.rk.Audit, Step{Kind: StepAwardGiven, Match: aw.ID, Record: e.Subject.ID, Rule: "given_for", Cites: []string{why}})
		sel = append(sel, e)
	}
	return sel
}

// mark gives aw to every subject whose count of the counted award over
// the mark's window (the year, the last N months; without one, every
// period in the ledger) reaches its count.
func (a *awarder) mark(aw *scheme.Award, idx []*Entry, res *AwardResult) {
	at, _ := a.s.Const(aw.At)
	for _, e := range idx {
		n := a.windowCount(aw, e.Subject.ID)
		if n < int(at.IntPart()) || a.barred(aw, e) || a.barredByAward(aw, e) {
			continue
		}
		res.To = append(res.To, e.Subject.ID)
		e.Awards = append(e.Awards, aw.ID)
		st := Step{Kind: StepAwardGiven, Match: aw.ID, Record: e.Subject.ID, Rule: "mark", Count: n, Cites: []string{aw.Counts}}
		if aw.Window != nil {
			st.Reason = plan.WindowFirst(a.s, aw.Window, a.p).String()
		}
		a.rk.Audit = append(a.rk.Audit, st)
	}
}

// windowCount is how many periods of the mark's window the subject
// received the award the mark counts.
func (a *awarder) windowCount(aw *scheme.Award, subject string) int {
	if aw.Window == nil {
		return a.led.Counts[aw.Counts][subject]
	}
	first := plan.WindowFirst(a.s, aw.Window, a.p).Seq()
	n := 0
	for _, ps := range a.led.History[aw.Counts][subject] {
		if p, err := evidence.ParsePeriod(ps); err == nil && p.Seq() >= first && p.Seq() <= a.p.Seq() {
			n++
		}
	}
	return n
}

// history records, for an award a mark counts over a window, the period
// in which each subject received it, and forgets periods no window of
// any mark can reach again.
func (a *awarder) history(aw *scheme.Award, to []string) {
	keep := 0
	for _, m := range a.s.Awards() {
		if m.Kind == scheme.Mark && m.Counts == aw.ID && m.Window != nil {
			keep = max(keep, plan.WindowPeriods(a.s, m.Window))
		}
	}
	if keep == 0 {
		return
	}
	h := a.led.History[aw.ID]
	if h == nil {
		h = map[string][]string{}
		a.led.History[aw.ID] = h
	}
	for _, id := range to {
		h[id] = append(h[id], a.p.String())
	}
	oldest := a.p.Seq() - keep + 1
	for id, ps := range h {
		h[id] = slices.DeleteFunc(ps, func(s string) bool {
			p, err := evidence.ParsePeriod(s)
			return err != nil || p.Seq() < oldest
		})
	}
}

// forcedBy reports whether a veto that fired set the entry's tier to
// tier: a tier decided directly (直接定级) is not the ranking's to move,
// so a quota neither counts nor moves it.
func forcedBy(s *scheme.Scheme, e *Entry, tier string) bool {
	for _, id := range e.Vetoes() {
		if v := s.Veto(id); v != nil && v.Tier == tier {
			return true
		}
	}
	return false
}

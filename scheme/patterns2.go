package scheme

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/bound"
	"go.yaml.in/yaml/v3"
)

// The rule patterns of issue 15, items 6–11 and 13, as compiled: windows
// relative to the period and a cut-off day, counting the spans of a
// period with no qualifying record, de-duplication that keeps a chosen
// record, steps in both directions, repeated deductions, tier quotas
// with stated rounding and ties, awards over time, and what a carry
// computes.

// PerMissingPeriod counts the spans (months, weeks …) of the period or
// window with too few qualifying records: 每月至少1次，少一次扣0.5分.
const PerMissingPeriod Kind = "per_missing_period"

// Window is a span of time relative to the period scored: the calendar
// year, half-year or quarter holding it (考核年度内), or the last N days,
// weeks, months, quarters or years up to its end (近6个月). It always ends
// where the period ends.
type Window struct {
	In   evidence.PeriodKind // the year (half-year, quarter) holding the period; or ""
	Last int                 // with Unit: the last N units
	Unit string              // day, week, month, quarter, half-year, year
	Text string              // as written, e.g. "last 6 months"
}

// unitMonths is how many months a unit of a window holds (0 for days and weeks).
func unitMonths(unit string) int {
	switch unit {
	case "month":
		return 1
	case "quarter":
		return 3
	case "half-year":
		return 6
	case "year":
		return 12
	}
	return 0
}

// MissingRule is what a per_missing_period indicator asks of each span.
type MissingRule struct {
	Every   string // week, month, quarter or half-year
	AtLeast *Expr  // qualifying records a span needs; nil: 1
	// MaxSpans is the most spans one evaluation can count, for the
	// evaluation budget.
	MaxSpans int
}

// Repeat adds Points when an indicator lost points in Times periods in a
// row, this one included (连续两个月被扣分的，再扣N分): a rule reading the ledger.
type Repeat struct {
	Times  int
	Points *Expr
}

// periodSpan is the days period p covers under the scheme: the calendar
// period, or, with a cut-off day, from the day after the cut-off of the
// month before its first month to its last month's cut-off day.
func (s *Scheme) periodSpan(p evidence.Period) (start, end time.Time) {
	if s.layout != nil { // the last period bound, as Bind found its span
		if bp := s.layout.period.Load(); bp != nil && bp.p == p {
			return bp.start, bp.end
		}
	}
	if s.cutoff == 0 {
		return p.Start(), p.End()
	}
	st, en := p.Start(), p.End()
	return time.Date(st.Year(), st.Month()-1, s.cutoff+1, 0, 0, 0, 0, time.UTC),
		time.Date(en.Year(), en.Month()-1, s.cutoff+1, 0, 0, 0, 0, time.UTC)
}

// windowSpan is the days w covers for period p: it ends where p ends. A
// nil window is the period itself.
func (s *Scheme) windowSpan(w *Window, p evidence.Period) (start, end time.Time) {
	start, end = s.periodSpan(p)
	switch {
	case w == nil:
	case w.In != "":
		start, _ = s.periodSpan(containing(w.In, p))
	case w.Unit == "day":
		start = end.AddDate(0, 0, -w.Last)
	case w.Unit == "week":
		start = end.AddDate(0, 0, -7*w.Last)
	default:
		start = end.AddDate(0, -w.Last*unitMonths(w.Unit), 0)
	}
	return start, end
}

// containing is the period of kind k holding p's first month.
func containing(k evidence.PeriodKind, p evidence.Period) evidence.Period {
	m := int(p.Start().Month())
	switch k {
	case evidence.Month:
		return evidence.Period{Kind: k, Year: p.Year, Index: m}
	case evidence.Quarter:
		return evidence.Period{Kind: k, Year: p.Year, Index: (m-1)/3 + 1}
	case evidence.HalfYear:
		return evidence.Period{Kind: k, Year: p.Year, Index: (m-1)/6 + 1}
	}
	return evidence.Period{Kind: evidence.Year, Year: p.Year, Index: 1}
}

// missingSpans divides [start, end) into the spans of a missing rule: calendar
// months (quarters, half-years) under the scheme's cut-off day, or weeks
// from Monday to Sunday whose Thursday falls in [start, end) (the ISO 8601
// rule: a week belongs to the span holding most of its days); a week's
// span may then reach past start or end.
func (s *Scheme) missingSpans(every string, start, end time.Time) []bound.Span {
	var out []bound.Span
	if every == "week" {
		// The Monday on or before start + 3 days is the first week whose
		// Thursday is on or after start.
		d := start.AddDate(0, 0, 3)
		mon := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
		for ; mon.AddDate(0, 0, 3).Before(end); mon = mon.AddDate(0, 0, 7) {
			y, w := mon.AddDate(0, 0, 3).ISOWeek()
			out = append(out, bound.Span{Name: fmt.Sprintf("%04d-W%02d", y, w), Start: mon, End: mon.AddDate(0, 0, 7)})
		}
		return out
	}
	k := evidence.PeriodKind(every)
	// The period of kind k whose span holds start.
	y, m, d := start.Date()
	if s.cutoff > 0 && d > s.cutoff {
		m++
	}
	first := containing(k, evidence.Period{Kind: evidence.Month, Year: y + (int(m)-1)/12, Index: (int(m)-1)%12 + 1})
	for q := first; ; q = q.Add(1) {
		qs, qe := s.periodSpan(q)
		if !qs.Before(end) {
			break
		}
		out = append(out, bound.Span{Name: q.String(), Start: maxTime(qs, start), End: minTime(qe, end)})
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

var (
	windowLast = regexp.MustCompile(`^\s*(\d{1,4})\s*(day|week|month|quarter|half-year|year)s?\s*$`)
	dateLit    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// months is how many months a period of kind k holds.
func months(k evidence.PeriodKind) int {
	switch k {
	case evidence.Quarter:
		return 3
	case evidence.HalfYear:
		return 6
	case evidence.Year:
		return 12
	}
	return 1
}

// window compiles a window; what names the owner for diagnostics.
func (c *compiler) window(rw *rawWindow, what string) *Window {
	if rw == nil {
		return nil
	}
	w := &Window{}
	switch {
	case (rw.In == "") == (rw.Last == ""):
		c.errorf(rw.At, "%s: window: give in (year, half-year or quarter) or last (e.g. \"6 months\"), one of them", what)
		return nil
	case rw.In != "":
		w.In, w.Text = evidence.PeriodKind(rw.In), "in "+rw.In
		if months(w.In) < months(c.s.period) {
			c.errorf(resolveValue(rw.At, "in"), "%s: window in %s is shorter than the scheme's period (%s)", what, rw.In, c.s.period)
		}
	default:
		m := windowLast.FindStringSubmatch(rw.Last)
		if m == nil {
			c.errorf(resolveValue(rw.At, "last"), "%s: window last %q: write a count and a unit, e.g. \"6 months\", \"2 years\", \"30 days\"", what, rw.Last)
			return nil
		}
		n, _ := strconv.Atoi(m[1])
		w.Last, w.Unit, w.Text = n, m[2], "last "+strings.TrimSpace(rw.Last)
		days := map[string]int{"day": 1, "week": 7}[w.Unit] * n
		if n == 0 || days > 36600 || n*unitMonths(w.Unit) > 1200 {
			c.errorf(resolveValue(rw.At, "last"), "%s: window last %q: want 1 to 100 years' worth", what, rw.Last)
		}
	}
	return w
}

// since compiles an indicator's since: a date written plainly
// (2019-01-01, 「2019年以来」) or an expression giving a date.
func (c *compiler) since(src *exprSrc, what string) *Expr {
	if src != nil && src.node != nil && dateLit.MatchString(strings.TrimSpace(src.node.Value)) {
		return c.exprAt(src.node, `date("`+strings.TrimSpace(src.node.Value)+`")`, 0, c.env, DateResult, what)
	}
	return c.expr(src, c.env, DateResult, what)
}

// indicatorPatterns compiles an indicator's keys of items 6, 7, 10 and 13.
func (c *compiler) indicatorPatterns(ri *rawIndicator, ind *Indicator, what string) {
	ind.Window = c.window(ri.Window, what)
	if ri.Window != nil && ri.Since != nil {
		c.errorf(keyNode(ri.At, "window"), "%s: give since or window, not both", what)
	}
	ind.DedupeKeep = ri.DedupeKeep
	if ri.DedupeKeep != "" && ri.DedupeBy == nil {
		c.errorf(keyNode(ri.At, "dedupe_keep"), "%s: dedupe_keep needs dedupe_by, the key records share", what)
	}
	env := c.env
	if c.input(ri.Records) != nil && c.input(ri.Records).Type == ListType {
		env = c.recordEnv(ri.Records)
	}
	ind.DedupeWeight = c.expr(ri.DedupeWeight, env, NumberResult, what+": dedupe_weight")
	if (ri.DedupeKeep == "heaviest") != (ri.DedupeWeight != nil) {
		n := keyNode(ri.At, "dedupe_weight")
		if ri.DedupeWeight == nil {
			n = keyNode(ri.At, "dedupe_keep")
		}
		c.errorf(n, "%s: dedupe_keep: heaviest and dedupe_weight (how heavy a record is) go together", what)
	}
	if rm := ri.Missing; rm != nil {
		ind.Missing = &MissingRule{Every: rm.Every, AtLeast: c.expr(rm.AtLeast, c.env, NumberResult, what+": missing.at_least")}
		c.missingFits(rm, ind, what)
	}
	if rr := ri.Repeated; rr != nil {
		ind.Repeated = &Repeat{Times: rr.Times, Points: c.expr(&rr.Points, c.env, NumberResult, what+": repeated.points")}
		if rr.Times < 2 {
			c.errorf(resolveValue(rr.At, "times"), "%s: repeated.times is the periods in a row, this one included: at least 2", what)
		}
	}
}

// missingFits checks that a missing rule's spans tile the period or window
// and counts the most spans an evaluation may see.
func (c *compiler) missingFits(rm *rawMissing, ind *Indicator, what string) {
	at := resolveValue(rm.At, "every")
	if rm.At != nil && rm.At.Kind == yaml.ScalarNode {
		at = rm.At
	}
	periodMonths, windowDays := months(c.s.period), 0
	if w := ind.Window; w != nil {
		switch {
		case w.In != "":
			periodMonths = months(w.In)
		case unitMonths(w.Unit) > 0:
			periodMonths = w.Last * unitMonths(w.Unit)
		default:
			periodMonths, windowDays = 0, w.Last*map[string]int{"day": 1, "week": 7}[w.Unit]
		}
	}
	if rm.Every == "week" {
		days := windowDays
		if periodMonths > 0 {
			days = periodMonths * 31
		}
		ind.Missing.MaxSpans = days/7 + 2
		return
	}
	every := months(evidence.PeriodKind(rm.Every))
	switch {
	case periodMonths == 0:
		c.errorf(at, "%s: missing.every %s does not divide a window counted in days or weeks: count weeks, or give the window in months", what, rm.Every)
	case periodMonths%every != 0 || months(c.s.period)%every != 0:
		c.errorf(at, "%s: missing.every %s does not divide the scheme's %s period or its window into whole spans", what, rm.Every, c.s.period)
	default:
		ind.Missing.MaxSpans = periodMonths / every
	}
}

// stepsPatterns compiles a steps rule's direction and partial-step rule.
func stepsPatterns(st *rawSteps, rule *StepRule) {
	rule.Below = st.Direction == "below"
	rule.Started = st.Count == "started"
}

// quotaPatterns compiles a quota's rounding, minimum and ties.
func (c *compiler) quotaPatterns(q *rawQuota, quota *Quota, what string) {
	quota.Rounding = Down
	switch q.Rounding {
	case "half_up":
		quota.Rounding = HalfUp
	case "up":
		quota.Rounding = Up
	}
	if q.Rounding != "" && q.Share == nil {
		c.errorf(keyNode(q.At, "rounding"), "%s: quota.rounding applies to a share", what)
	}
	quota.Min = c.expr(q.Min, c.env, NumberResult, what+": quota.min")
	c.requireStatic(quota.Min, what+": quota.min")
	quota.Ties = q.Ties
	if quota.Ties == "" {
		quota.Ties = "move"
	}
	if (q.Ties == "split") != (len(q.SplitBy) > 0) {
		c.errorf(keyNode(q.At, "ties"), "%s: ties: split and split_by (the sections or indicators that order tied subjects) go together", what)
	}
	for i, id := range q.SplitBy {
		if k, ok := c.tieKey(id); ok {
			quota.SplitBy = append(quota.SplitBy, k)
		} else {
			c.errorf(listItem(q.At, "split_by", i), "%s: quota.split_by: no section or indicator %q%s", what, id, didYouMean(id, c.keyIDs()))
		}
	}
}

func (c *compiler) tieKey(id string) (TieKey, bool) {
	switch {
	case c.s.Section(id) != nil:
		return TieKey{Section: id}, true
	case c.s.Indicator(id) != nil:
		return TieKey{Indicator: id}, true
	}
	return TieKey{}, false
}

func (c *compiler) keyIDs() []string {
	var ids []string
	for _, s := range c.s.sections {
		ids = append(ids, s.ID)
	}
	return append(ids, c.s.indicatorIDs()...)
}

// awardPatterns compiles an award's mark window, exclusions, awards that
// bar it and consequences that place a subject on it. ids are the awards
// declared before it; all are every award's id.
func (c *compiler) awardPatterns(ra *rawAward, a *Award, ids, all []string) {
	what := "award " + ra.ID
	a.Window = c.window(ra.Window, what)
	if ra.Window != nil && a.Kind != Mark {
		c.errorf(keyNode(ra.At, "window"), "%s: window applies only to kind: mark", what)
	}
	if w := a.Window; w != nil && w.In == "" && (unitMonths(w.Unit) == 0 || w.Last*unitMonths(w.Unit)%months(c.s.period) != 0) {
		c.errorf(resolveValue(ra.Window.At, "last"), "%s: a mark counts whole %ss: give its window in %ss or longer units", what, c.s.period, c.s.period)
	}
	for i, id := range ra.Excludes {
		switch {
		case id == ra.ID:
			c.errorf(listItem(ra.At, "excludes", i), "%s: excludes itself", what)
		case !contains(all, id):
			c.errorf(listItem(ra.At, "excludes", i), "%s: excludes: no award %q%s", what, id, didYouMean(id, all))
		}
	}
	a.Excludes = ra.Excludes
	for i, name := range ra.GivenFor {
		if !contains(c.consequenceNames(), name) {
			c.errorf(listItem(ra.At, "given_for", i), "%s: given_for: no tier or veto has the consequence %q%s", what, name, didYouMean(name, c.consequenceNames()))
		}
	}
	a.GivenFor = ra.GivenFor
	if len(a.GivenFor) > 0 && a.Kind != Flag {
		c.errorf(keyNode(ra.At, "given_for"), "%s: given_for applies to a flag", what)
	}
}

// carryPatterns compiles what a carry computes besides the whole total.
func (c *compiler) carryPatterns(rc *rawCarry, carry *Carry) {
	carry.Share = c.expr(rc.Share, c.env, NumberResult, "carry: share")
	c.requireStatic(carry.Share, "carry: share")
	for i, id := range rc.LeaveOut {
		if k, ok := c.tieKey(id); ok {
			carry.LeaveOut = append(carry.LeaveOut, k)
		} else {
			c.errorf(listItem(rc.At, "leave_out", i), "carry.leave_out: no section or indicator %q%s", id, didYouMean(id, c.keyIDs()))
		}
	}
	if r := rc.Rounding; r != nil {
		if r.Scale < 0 || r.Scale > 18 {
			c.errorf(resolveValue(r.At, "scale"), "carry.rounding.scale %d: want 0 to 18", r.Scale)
		}
		carry.Rounding = &FinalRounding{Scale: int32(r.Scale), Mode: mustRounding(r.Mode)}
	}
}

// cutoffDay checks the scheme's cut-off day.
func (c *compiler) cutoffDay() {
	d := c.raw.CutoffDay
	if d < 0 || d > 27 {
		c.errorf(resolveValue(c.raw.At, "cutoff_day"), "cutoff_day %d: want a day from 1 to 27 (every month has it and the day after)", d)
		return
	}
	c.s.cutoff = d
}

// windowFirst is the first period of the scheme's kind inside window w
// of period p: the windows of marks are counted in whole periods.
func (s *Scheme) windowFirst(w *Window, p evidence.Period) evidence.Period {
	if w.In != "" {
		c := containing(w.In, p)
		return containing(s.period, evidence.Period{Kind: evidence.Month, Year: c.Year, Index: int(c.Start().Month())})
	}
	n := w.Last * unitMonths(w.Unit) / months(s.period)
	return p.Add(-(n - 1))
}

// windowPeriods is how many periods of the scheme's kind w holds at most.
func (s *Scheme) windowPeriods(w *Window) int {
	if w.In != "" {
		return months(w.In) / months(s.period)
	}
	return w.Last * unitMonths(w.Unit) / months(s.period)
}

// patternsBudget is what the patterns add to the worst-case cost of
// scoring ind once: a de-duplication weight for each record, a missing
// rule's records and spans, a repeated rule's points and step.
func (s *Scheme) patternsBudget(ind *Indicator) uint64 {
	records := uint64(0)
	if in := s.Input(ind.Records); in != nil && in.Max > 0 {
		records = uint64(in.Max)
	}
	var n uint64
	if ind.DedupeWeight != nil {
		n = sat(n, mul(exprCost(ind.DedupeWeight), records))
	}
	if m := ind.Missing; m != nil {
		// Each record: its where condition and a step if it is filtered;
		// each span a step; the points and at_least once, and the
		// summing step.
		n = sat(n, mul(sat(stepCharge, exprCost(ind.Where)), records))
		n = sat(n, mul(stepCharge, uint64(m.MaxSpans)))
		n = sat(n, sat(stepCharge, sat(exprCost(ind.Points), exprCost(m.AtLeast))))
		if ind.Since != nil {
			n = sat(n, exprCost(ind.Since))
		}
	}
	if r := ind.Repeated; r != nil {
		n = sat(n, sat(stepCharge, exprCost(r.Points)))
	}
	return n
}

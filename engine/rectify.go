package engine

import (
	"sort"
	"strings"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// RectItem is one item of a subject's rectification list (一支部一清单):
// an indicator that lost points, or a veto that fired, with why and on
// what evidence. Its ID is the same in every period the problem recurs
// (SUBJECT/INDICATOR or SUBJECT/veto/VETO), so a host tracks it to
// closure (销号) across periods.
type RectItem struct {
	ID        string     `json:"id"`
	Subject   string     `json:"subject"`
	Period    string     `json:"period"` // where it was found
	Indicator string     `json:"indicator,omitempty"`
	Veto      string     `json:"veto,omitempty"`
	Label     Sentence   `json:"label"`
	Lost      *Points    `json:"lost,omitempty"` // points short of the indicator's cap, or deducted
	Reasons   []Sentence `json:"reasons"`        // the audit steps that cost points, in words
	Evidence  []string   `json:"evidence,omitempty"`
}

// Rectification returns the rectification list of a result: every
// indicator scored below its cap, with a deduction, a record that failed
// its gate, a checklist item not met or no assessor entry; and every
// veto that fired. Items come in scheme order.
func Rectification(s *scheme.Scheme, r *Result) []RectItem {
	steps := map[string][]*Step{}
	for i := range r.Audit {
		st := &r.Audit[i]
		if st.Indicator != "" {
			steps[st.Indicator] = append(steps[st.Indicator], st)
		}
	}
	var out []RectItem
	for _, ir := range r.Indicators {
		ind := s.Indicator(ir.ID)
		if ind == nil || !ir.Applies {
			continue
		}
		item := RectItem{ID: r.Subject.ID + "/" + ir.ID, Subject: r.Subject.ID, Period: r.Period, Indicator: ir.ID,
			Label: Sentence{ind.Label.Zh, ind.Label.En}}
		lost, deducted := decimal.Zero, decimal.Zero
		if c, ok := s.Const(ind.Cap); ok && ir.Points.d.LessThan(c) && ir.Round == "" {
			lost = c.Sub(ir.Points.d)
		}
		var ev []string
		for _, st := range steps[ir.ID] {
			if st.Round != ir.Round {
				continue
			}
			bad := false
			switch st.Kind {
			case StepRecord:
				bad = st.Passed != nil && !*st.Passed || st.Points != nil && st.Points.d.IsNegative()
			case StepItem:
				bad = st.Passed != nil && !*st.Passed
			case StepNotAssessed:
				bad = true
			case StepBand, StepSteps, StepValue, StepAssessment, StepGrade:
				bad = st.Points != nil && st.Points.d.IsNegative()
			case StepFloor:
				bad = true
			}
			if !bad {
				continue
			}
			item.Reasons = append(item.Reasons, ExplainStep(s, st))
			if st.Record != "" {
				ev = append(ev, ind.Records+":"+st.Record)
			}
			ev = append(ev, st.Cites...)
			if st.Kind != StepFloor && st.Points != nil && st.Points.d.IsNegative() {
				deducted = deducted.Sub(st.Points.d)
			}
		}
		if lost.IsZero() {
			lost = deducted
		}
		if len(item.Reasons) == 0 && lost.IsZero() {
			continue
		}
		if !lost.IsZero() {
			item.Lost = pp(lost)
		}
		if len(item.Reasons) == 0 {
			item.Reasons = []Sentence{{
				Zh: ind.Label.Zh + "：得 " + ir.Points.String() + " 分，满分 " + lost.Add(ir.Points.d).String() + " 分",
				En: ind.Label.En + ": " + ir.Points.String() + " of " + lost.Add(ir.Points.d).String() + " points"}}
		}
		ev = append(ev, ir.Cites...)
		sort.Strings(ev)
		item.Evidence = dedupe(ev)
		out = append(out, item)
	}
	for _, v := range r.Vetoes {
		d := s.Veto(v.ID)
		if d == nil {
			continue
		}
		item := RectItem{ID: r.Subject.ID + "/veto/" + v.ID, Subject: r.Subject.ID, Period: r.Period, Veto: v.ID,
			Label: Sentence{d.Label.Zh, d.Label.En}}
		var facts []string
		for _, k := range sortedKeys(v.Facts) {
			facts = append(facts, k+" = "+v.Facts[k])
			item.Evidence = append(item.Evidence, "facts."+k)
		}
		why := Sentence{d.Label.Zh + "（" + strings.Join(facts, "，") + "）", d.Label.En + " (" + strings.Join(facts, ", ") + ")"}
		if v.ConfirmedBy != "" {
			why.Zh += "，" + v.ConfirmedBy + " 确认：" + v.Reason
			why.En += "; confirmed by " + v.ConfirmedBy + ": " + v.Reason
		}
		item.Reasons = []Sentence{why}
		out = append(out, item)
	}
	return out
}

// Carried returns a rectification list as records for the next period's
// evidence, one per item, dated the last day of the period it was found
// in, with fields indicator (or veto), opened (the
// period found) and closed (false: the host sets it when the item is
// closed, 销号). A scheme reads them through a list input declaring those
// fields, e.g. to deduct for items still open.
func Carried(items []RectItem) []evidence.Record {
	out := make([]evidence.Record, len(items))
	for i, it := range items {
		what := it.Indicator
		if it.Veto != "" {
			what = "veto/" + it.Veto
		}
		date := ""
		if p, err := evidence.ParsePeriod(it.Period); err == nil {
			date = p.End().AddDate(0, 0, -1).Format("2006-01-02")
		}
		out[i] = evidence.Record{ID: it.ID, Date: date, Fields: map[string]any{"item": what, "opened": it.Period, "closed": false}}
	}
	return out
}

package engine

import (
	"sort"
	"strings"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// RectItem is one item of a subject's rectification list (一支部一清单):
// points an indicator lost, a record that failed its gate, or a veto that
// fired or awaits its decision, with why and on what evidence. Its ID is
// the same in every period the problem recurs, so a host tracks it to
// closure (销号) across periods:
//
//	SUBJECT/INDICATOR           points lost on an indicator
//	SUBJECT/INDICATOR@ROUND     the same, per round, when rounds score the whole scheme
//	SUBJECT/INDICATOR/RECORD    a record that failed its gate
//	SUBJECT/veto/VETO           a veto (the same id while pending and once confirmed)
type RectItem struct {
	ID        string     `json:"id"`
	Subject   string     `json:"subject"`
	Period    string     `json:"period"` // where it was found
	Indicator string     `json:"indicator,omitempty"`
	Round     string     `json:"round,omitempty"`
	Record    string     `json:"record,omitempty"`
	Veto      string     `json:"veto,omitempty"`
	Pending   bool       `json:"pending,omitempty"` // a veto whose condition holds, awaiting the assessor's decision
	Label     Sentence   `json:"label"`
	Points    *Points    `json:"points,omitempty"` // what the indicator scored
	Max       *Points    `json:"max,omitempty"`    // its maximum, when the scheme fixes one
	Lost      *Points    `json:"lost,omitempty"`   // points short of the maximum, or deducted
	Reasons   []Sentence `json:"reasons"`          // the audit steps behind it, in words
	Evidence  []string   `json:"evidence,omitempty"`
}

// Rectification returns the rectification list of a result, in scheme
// order:
//
//   - every indicator that scored below its maximum (MaxPoints: its cap,
//     an assessor's range, the best grade, band or checklist), with the
//     points lost, or, without a maximum, that lost points to deductions;
//     the reasons are the steps that cost points: a checklist item not
//     met, an assessor's points or grade below the best, no assessor
//     entry, a deduction, a floor;
//   - every record that failed its gate (缺一项不加分), an item of its own;
//   - every veto that fired, and every veto whose condition holds and
//     awaits the assessor's decision (Pending).
//
// A round weighted 0% (a self-assessment shown beside the decision)
// gives no reasons: it did not count.
func Rectification(s *scheme.Scheme, r *Result) []RectItem {
	steps := map[string][]*Step{}
	all := r.Audit.Steps()
	for i := range all {
		st := &all[i]
		if st.Indicator != "" {
			steps[st.Indicator] = append(steps[st.Indicator], st)
		}
	}
	counted := func(round string) bool { // a round on an indicator that counts
		rs := s.Rounds()
		if rs == nil || rs.Round(round) == nil {
			return false
		}
		w, ok := s.Const(rs.Round(round).Weight)
		return ok && !w.IsZero()
	}
	var out []RectItem
	for _, ir := range r.Indicators {
		ind := s.Indicator(ir.ID)
		if ind == nil || !ir.Applies {
			continue
		}
		id := r.Subject.ID + "/" + ir.ID
		if ir.Round != "" {
			id += "@" + ir.Round
		}
		item := RectItem{ID: id, Subject: r.Subject.ID, Period: r.Period, Indicator: ir.ID, Round: ir.Round,
			Label: Sentence{ind.Label.Zh, ind.Label.En}, Points: pp(ir.Points.Decimal())}
		best, hasMax := MaxPoints(s, ind)
		top := assessorMax(s, ind)
		var gates []RectItem
		deducted := decimal.Zero
		var ev []string
		for _, st := range steps[ir.ID] {
			if st.Round != ir.Round && !(ir.Round == "" && counted(st.Round)) {
				continue
			}
			if st.Kind == StepRecord && st.Passed != nil && !*st.Passed {
				gates = append(gates, gateItem(s, r, ind, ir.Round, st))
				continue
			}
			if st.Kind == StepRound && st.Count == 0 && st.Match == "" && ir.Round == "" {
				// a round that counts has no entry: its missing rule put 0 in
				rl := scheme.Label{Zh: st.Round, En: st.Round}
				if rd := s.Rounds().Round(st.Round); rd != nil {
					rl = rd.Label
				}
				item.Reasons = append(item.Reasons, Sentence{
					Zh: ind.Label.Zh + "：" + rl.Zh + "无评分记录，计 0 分",
					En: ind.Label.En + ": no entry from " + rl.En + "; counted as 0"})
				continue
			}
			bad := false
			switch st.Kind {
			case StepItem:
				bad = st.Passed != nil && !*st.Passed
			case StepNotAssessed, StepFloor:
				bad = true
			case StepRecord, StepAssessment, StepGrade:
				// an assessor's points or grade below the best it could give
				bad = st.Points != nil && (st.Points.Decimal().IsNegative() || st.Assessor != "" && top != nil && st.Points.Decimal().LessThan(*top))
			case StepBand, StepSteps, StepValue:
				bad = st.Points != nil && st.Points.Decimal().IsNegative()
			}
			if !bad {
				continue
			}
			item.Reasons = append(item.Reasons, ExplainStep(s, st))
			if st.Record != "" {
				ev = append(ev, ind.Records+":"+st.Record)
			}
			ev = append(ev, st.Cites...)
			if st.Kind == StepItem {
				for _, r := range st.Reads.normal() { // the facts an item not met read
					if !strings.Contains(r.Name, ".") {
						ev = append(ev, "facts."+r.Name)
					}
				}
			}
			if st.Kind != StepFloor && st.Points != nil && st.Points.Decimal().IsNegative() {
				deducted = deducted.Sub(st.Points.Decimal())
			}
		}
		lost := decimal.Zero
		if hasMax && ir.Round == "" {
			item.Max = pp(best)
			if ir.Points.Decimal().LessThan(best) {
				lost = best.Sub(ir.Points.Decimal())
			}
		} else if deducted.IsPositive() {
			// a floor gives back what it stopped: lost is what was taken
			lost = decimal.Max(decimal.Zero, deducted.Sub(ir.Points.Decimal().Sub(ir.Raw.Decimal())))
		}
		explained := len(item.Reasons) > 0
		if !lost.IsZero() || explained {
			if !lost.IsZero() {
				item.Lost = pp(lost)
			}
			if len(item.Reasons) == 0 {
				item.Reasons = []Sentence{{
					Zh: ind.Label.Zh + "：得 " + ir.Points.String() + " 分，满分 " + decText(best) + " 分，失 " + decText(lost) + " 分",
					En: ind.Label.En + ": " + ir.Points.String() + " of " + decText(best) + " points, " + decText(lost) + " lost"}}
			}
			if len(ev) == 0 && !explained {
				ev = append(ev, ir.Cites...) // what the points it did earn rest on
			}
			sort.Strings(ev)
			item.Evidence = dedupe(ev)
			out = append(out, item)
		}
		out = append(out, gates...)
	}
	for _, v := range r.Vetoes {
		out = append(out, vetoItem(s, r, v, false))
	}
	for _, v := range r.Pending {
		out = append(out, vetoItem(s, r, v, true))
	}
	return out
}

// gateItem is a record that failed its gate.
func gateItem(s *scheme.Scheme, r *Result, ind *scheme.Indicator, round string, st *Step) RectItem {
	id := r.Subject.ID + "/" + ind.ID + "/" + st.Record
	if round != "" {
		id += "@" + round
	}
	it := RectItem{ID: id, Subject: r.Subject.ID, Period: r.Period, Indicator: ind.ID, Round: round, Record: st.Record,
		Label: Sentence{ind.Label.Zh, ind.Label.En}, Reasons: []Sentence{ExplainStep(s, st)},
		Evidence: []string{ind.Records + ":" + st.Record}}
	if p, ok := s.Const(ind.Points); ok && p.IsPositive() {
		it.Lost = pp(p) // what the record would have earned
	}
	return it
}

// vetoItem is a veto that fired, or that awaits its decision.
func vetoItem(s *scheme.Scheme, r *Result, v VetoResult, pending bool) RectItem {
	item := RectItem{ID: r.Subject.ID + "/veto/" + v.ID, Subject: r.Subject.ID, Period: r.Period, Veto: v.ID, Pending: pending}
	label := scheme.Label{Zh: v.ID, En: v.ID}
	if d := s.Veto(v.ID); d != nil {
		label = d.Label
	}
	item.Label = Sentence{label.Zh, label.En}
	var zh, en []string
	for _, k := range sortedKeys(v.Facts) {
		val := v.Facts[k]
		en = append(en, k+" = "+val)
		in := s.Input(k)
		if in == nil {
			zh = append(zh, k+" = "+val)
			item.Evidence = append(item.Evidence, k)
			continue
		}
		name := in.Label.Zh
		if name == "" {
			name = k
		}
		switch {
		case in.Type == scheme.ListType:
			n, _, _ := strings.Cut(val, " ")
			zh = append(zh, name+" "+n+" 条")
			item.Evidence = append(item.Evidence, "records."+k)
		case in.Type == scheme.BoolType && (val == "true" || val == "false"):
			zh = append(zh, name+"："+map[string]string{"true": "是", "false": "否"}[val])
			item.Evidence = append(item.Evidence, "facts."+k)
		default:
			zh = append(zh, name+"："+val)
			item.Evidence = append(item.Evidence, "facts."+k)
		}
	}
	why := Sentence{label.Zh + "（" + strings.Join(zh, "，") + "）", label.En + " (" + strings.Join(en, ", ") + ")"}
	switch {
	case pending:
		why.Zh += "，条件成立，待评定人确认"
		why.En += "; the condition holds, awaiting the assessor's decision"
	case v.ConfirmedBy != "":
		why.Zh += "，" + v.ConfirmedBy + " 确认：" + v.Reason
		why.En += "; confirmed by " + v.ConfirmedBy + ": " + v.Reason
	}
	item.Reasons = []Sentence{why}
	return item
}

// MaxPoints returns the most an indicator can score, when the scheme
// fixes it: the lower of its constant cap and what its kind allows — an
// assessor's range (discretionary), the best grade, the best band of a
// measure, or every checklist item met. Per-record, per-occurrence, steps
// and value indicators have no maximum but their cap.
func MaxPoints(s *scheme.Scheme, ind *scheme.Indicator) (decimal.Decimal, bool) {
	var own *decimal.Decimal
	constMax := func(xs []*scheme.Expr, sum bool) *decimal.Decimal {
		acc := decimal.Zero
		for i, x := range xs {
			v, ok := s.Const(x)
			if !ok {
				return nil
			}
			switch {
			case sum:
				acc = acc.Add(decimal.Max(v, decimal.Zero))
			case i == 0 || v.GreaterThan(acc):
				acc = v
			}
		}
		if len(xs) == 0 {
			return nil
		}
		return &acc
	}
	switch ind.Kind {
	case scheme.Discretionary:
		own = assessorMax(s, ind)
	case scheme.Grades:
		own = assessorMax(s, ind)
		if ind.Grade != nil {
			xs := make([]*scheme.Expr, len(ind.Grades))
			for i, g := range ind.Grades {
				xs[i] = g.Points
			}
			own = constMax(xs, false)
		}
	case scheme.Bands:
		xs := make([]*scheme.Expr, len(ind.Bands))
		for i, b := range ind.Bands {
			xs[i] = b.Points
		}
		own = constMax(xs, false)
	case scheme.Checklist:
		xs := make([]*scheme.Expr, len(ind.Items))
		for i, it := range ind.Items {
			xs[i] = it.Points
		}
		own = constMax(xs, true)
	}
	if c, ok := s.Const(ind.Cap); ok && (own == nil || c.LessThan(*own)) {
		own = &c
	}
	if own == nil {
		return decimal.Zero, false
	}
	return *own, true
}

// assessorMax is the most one assessor's entry may give an indicator: the
// top of its discretionary range, or its best grade; nil when it is not
// assessed or not constant.
func assessorMax(s *scheme.Scheme, ind *scheme.Indicator) *decimal.Decimal {
	if ind.Discretionary != nil {
		if v, ok := s.Const(ind.Discretionary.Max); ok {
			return &v
		}
		return nil
	}
	if ind.Kind != scheme.Grades || ind.Grade != nil || len(ind.Grades) == 0 {
		return nil
	}
	var best *decimal.Decimal
	for _, g := range ind.Grades {
		v, ok := s.Const(g.Points)
		if !ok {
			return nil
		}
		if best == nil || v.GreaterThan(*best) {
			best = &v
		}
	}
	return best
}

// Carried returns a rectification list as records for the next period's
// evidence, one per item, dated the last day of the period it was found
// in, with fields item (the indicator, INDICATOR/RECORD for a failed
// gate, or veto/VETO), opened (the period found) and closed (false: the
// host sets it when the item is closed, 销号). A scheme reads them through
// a list input declaring those fields, e.g. to deduct for items still
// open.
func Carried(items []RectItem) []evidence.Record {
	out := make([]evidence.Record, len(items))
	for i, it := range items {
		what := it.Indicator
		if it.Record != "" {
			what += "/" + it.Record
		}
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

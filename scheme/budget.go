package scheme

import (
	"fmt"
	"sort"
)

// The evaluation budget bounds what one evaluation of a scheme may cost,
// whatever evidence within the limits it is given: every expression is
// counted at its worst-case CEL cost plus a fixed charge for running it,
// times the number of times an evaluation may run it (once a subject, or
// once a record up to the list's declared max, times the assessor rounds
// that score the whole scheme), and every audit step at a fixed charge.
// The units are those of CEL's cost estimate; the fixed charges are what
// the engine's own work per expression and per step costs in those units,
// measured on the adversarial corpus (internal/stress).
const (
	// DefaultBudget is the largest evaluation budget a scheme may need
	// unless the host sets another (Limits.Budget).
	DefaultBudget = 2_000_000

	evalCharge = 100 // running one expression, besides its CEL cost
	stepCharge = 100 // recording one audit step
)

// budgetPart is one contributor to a scheme's budget, for the diagnostic.
type budgetPart struct {
	what string
	pos  Pos
	cost uint64
}

// exprCost is what evaluating x once may cost.
func exprCost(x *Expr) uint64 {
	if x == nil {
		return 0
	}
	if x.static && x.prg == nil {
		return 0
	}
	return evalCharge + x.cost
}

// sat adds without overflowing.
func sat(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// mul multiplies without overflowing.
func mul(a, b uint64) uint64 {
	if a != 0 && b > ^uint64(0)/a {
		return ^uint64(0)
	}
	return a * b
}

// indicatorBudget is the worst-case cost of scoring ind once.
func (s *Scheme) indicatorBudget(ind *Indicator) uint64 {
	n := uint64(2 * stepCharge) // the raw step and one for the rule
	for _, x := range []*Expr{ind.Cap, ind.Floor} {
		n = sat(n, exprCost(x))
	}
	for _, a := range []*Applicability{ind.AppliesTo, ind.Exempt} {
		if a != nil {
			n = sat(n, exprCost(a.When))
		}
	}
	n = sat(n, s.patternsBudget(ind))
	switch ind.Kind {
	case PerRecord, PerOccurrence:
		per := uint64(stepCharge)
		for _, x := range []*Expr{ind.Where, ind.Since, ind.DedupeBy, ind.Points, ind.Measure} {
			per = sat(per, exprCost(x))
		}
		if g := ind.Gate; g != nil {
			per = sat(per, uint64(len(g.Documents)))
			for _, c := range g.Conditions {
				per = sat(per, exprCost(c.When))
			}
		}
		for _, b := range ind.Bands {
			per = sat(per, exprCost(b.Points)+1)
		}
		max := uint64(0)
		if in := s.Input(ind.Records); in != nil && in.Max > 0 {
			max = uint64(in.Max)
		}
		n = sat(n, mul(per, max))
	case Bands:
		n = sat(n, exprCost(ind.Measure))
		for _, b := range ind.Bands {
			n = sat(n, exprCost(b.Points)+1)
		}
	case Steps:
		n = sat(n, exprCost(ind.Measure))
		if st := ind.Steps; st != nil {
			n = sat(n, sat(exprCost(st.Points), exprCost(st.From)))
		}
	case Grades:
		n = sat(n, exprCost(ind.Grade))
		for _, g := range ind.Grades {
			n = sat(n, exprCost(g.Points))
		}
	case Checklist:
		for _, it := range ind.Items {
			n = sat(n, sat(stepCharge, sat(exprCost(it.When), exprCost(it.Points))))
		}
	case Value:
		n = sat(n, exprCost(ind.Value))
	case Rules:
		for _, p := range ind.Rules {
			n = sat(n, s.indicatorBudget(p))
		}
	}
	if ind.Full != nil {
		n = sat(n, sat(stepCharge, exprCost(ind.Full)))
	}
	return n
}

// checkBudget reports a scheme whose worst-case evaluation exceeds limit,
// naming the largest parts.
func (s *Scheme) checkBudget(limit uint64) Diagnostics {
	var parts []budgetPart
	var total uint64
	add := func(what string, pos Pos, cost uint64) {
		total = sat(total, cost)
		parts = append(parts, budgetPart{what, pos, cost})
	}
	rounds := uint64(1)
	if rs := s.rounds; rs != nil && rs.OnTotal && len(rs.List) > 0 {
		rounds = uint64(len(rs.List))
	}
	for _, sec := range s.sections {
		for _, ind := range sec.Indicators {
			add("indicator "+ind.ID, ind.Pos, mul(rounds, s.indicatorBudget(ind)))
		}
		sc := uint64(4 * stepCharge)
		for _, x := range []*Expr{sec.Cap, sec.Floor} {
			sc = sat(sc, exprCost(x))
		}
		add("section "+sec.ID, sec.Pos, mul(rounds, sc))
	}
	for _, v := range s.vetoes {
		add("veto "+v.ID, v.Pos, sat(stepCharge, exprCost(v.When)))
		if v.Zero != "" {
			add("veto "+v.ID+" zero", v.Pos, mul(rounds, stepCharge))
		}
	}
	// Named values and the exemption run once an evaluation, before the
	// rounds.
	for _, nv := range s.values {
		add("value "+nv.Name, nv.Pos, sat(stepCharge, exprCost(nv.Expr)))
	}
	if ex := s.exempt; ex != nil {
		add("exempt", ex.Pos, sat(stepCharge, exprCost(ex.When)))
	}
	for _, t := range s.tiers {
		add("tier "+t.ID, t.Pos, exprCost(t.When))
	}
	if c := s.carry; c != nil && c.Computed() {
		add("carry", Pos{File: s.file}, stepCharge)
	}
	if total <= limit {
		return nil
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].cost > parts[j].cost })
	var top []string
	for _, p := range parts[:min(3, len(parts))] {
		top = append(top, fmt.Sprintf("%s %s", p.what, costText(p.cost)))
	}
	// Each part is its own argument, so that a translation names it in
	// its own words ("indicator A1" → 指标 A1).
	at, cost := parts[0].pos, costText(total)
	switch len(top) {
	case 1:
		return Diagnostics{diag(at, "the scheme's worst-case evaluation cost %s exceeds the budget %d (lists counted at their declared max; largest: %s): lower a list's max, or simplify the rules evaluated for each record",
			cost, limit, top[0])}
	case 2:
		return Diagnostics{diag(at, "the scheme's worst-case evaluation cost %s exceeds the budget %d (lists counted at their declared max; largest: %s, %s): lower a list's max, or simplify the rules evaluated for each record",
			cost, limit, top[0], top[1])}
	}
	return Diagnostics{diag(at, "the scheme's worst-case evaluation cost %s exceeds the budget %d (lists counted at their declared max; largest: %s, %s, %s): lower a list's max, or simplify the rules evaluated for each record",
		cost, limit, top[0], top[1], top[2])}
}

package engine

import (
	"encoding/json"
	"github.com/branchscore/branchscore/internal/msg"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// This file evaluates the field's remaining rule patterns (issue 15,
// items 1–5, 12 and 14): named values, items made of several rules and
// full marks, discretionary deductions, vetoes that set points to 0, and
// subjects not assessed at all.

// The audit steps of these patterns.
const (
	StepNamedValue    StepKind = "named_value"          // a named value computed for the subject
	StepSubjectExempt StepKind = "not_assessed_subject" // the subject is not assessed at all
	StepFull          StepKind = "full"                 // an item starts from its full marks
	StepDeducted      StepKind = "deducted"             // an assessor's discretionary deduction
	StepVetoZero      StepKind = "veto_zero"            // a veto set points to 0
)

// NotAssessed says why a subject was not assessed at all (a retired or
// mobile member): its result has no total, no tier and no indicators.
type NotAssessed struct {
	Reason Sentence `json:"reason"`
}

// exemptCategory reports whether the scheme does not assess the subject by
// its category, which is known before evidence is bound.
func exemptCategory(s *scheme.Scheme, ev *evidence.Evidence) bool {
	if ex := s.Exempt(); ex != nil {
		for _, c := range ex.Categories {
			if c == ev.Subject.Category {
				return true
			}
		}
	}
	return false
}

// exempt reports whether the scheme does not assess the subject at all:
// by its category, or by the exemption's condition over its evidence.
func (e *evaluator) exempt() (bool, error) {
	ex := e.s.Exempt()
	if ex == nil {
		return false, nil
	}
	st := Step{Kind: StepSubjectExempt}
	hit := false
	if exemptCategory(e.s, e.ev) {
		hit, st.Rule = true, "categories"
	}
	if !hit && ex.When != nil {
		ok, err := e.cond(ex.When, nil)
		if err != nil {
			return false, e.fail("exempt", path(ex.When, nil, ""), err)
		}
		hit, st.Rule, st.At, st.Reads = ok, ex.When.Text, ex.When.At(), e.reads(ex.When, nil)
	}
	if hit {
		st.Match = e.ev.Subject.Category
		e.add(&st)
	}
	return hit, nil
}

// namedValues computes the scheme's named values in order, each an audit
// step, and binds them for the rules that read them.
func (e *evaluator) namedValues() error {
	for i, nv := range e.s.Values() {
		if err := e.ctx.Err(); err != nil {
			return e.fail("value "+nv.Name, "", err)
		}
		if e.lean {
			// The value is bound for the rules that read it; its step,
			// and the points the step shows, are not recorded.
			if _, err := e.b.EvalValue(e.ctx, i); err != nil {
				return e.fail("value "+nv.Name, path(nv.Expr, nil, ""), err)
			}
			continue
		}
		st := Step{Kind: StepNamedValue, Match: nv.Name, Rule: nv.Expr.Text, At: nv.Expr.At(),
			Reads: e.reads(nv.Expr, nil), Cites: e.factCites(nv.Expr)}
		text, err := e.b.EvalValue(e.ctx, i)
		if err != nil {
			return e.fail("value "+nv.Name, path(nv.Expr, nil, ""), err)
		}
		st.Value = text
		if nv.Type == scheme.DecimalType || nv.Type == scheme.IntType {
			if x, err := e.b.Exact(e.ctx, nv.Expr, nil); err == nil {
				st.Points = e.ptr(e.recordPts(&st, "points", x))
			}
		}
		e.add(&st)
	}
	return nil
}

// kindPoints scores an indicator by its kind, before its cap and floor.
func (e *evaluator) kindPoints(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	switch ind.Kind {
	case scheme.PerRecord, scheme.PerOccurrence:
		return e.records(ind)
	case scheme.PerMissingPeriod:
		return e.missing(ind)
	case scheme.Bands:
		return e.bands(ind)
	case scheme.Steps:
		return e.steps(ind)
	case scheme.Discretionary:
		return e.discretionary(ind)
	case scheme.Grades:
		return e.grades(ind)
	case scheme.Checklist:
		return e.checklist(ind)
	case scheme.Rules:
		return e.rules(ind)
	case scheme.Value:
		v, err := e.exact(ind.Value, nil)
		if err != nil {
			return decimal.Zero, nil, e.fail(where(), path(ind.Value, nil, ""), err)
		}
		cites := e.factCites(ind.Value)
		if e.lean {
			return e.recorded(v), cites, nil
		}
		st := Step{Kind: StepValue, Section: ind.Section, Indicator: ind.ID, Rule: ind.Value.Text,
			At: ind.Value.At(), Reads: e.reads(ind.Value, nil), Cites: cites}
		raw, rp := e.recordP(&st, "points", v)
		st.Points = e.ptr(rp)
		e.add(&st)
		return raw, cites, nil
	}
	return decimal.Zero, nil, e.fail(where(), "", msg.Errorf("unknown kind %q", ind.Kind))
}

// rules scores an item made of several rules: each rule scored as an
// indicator of its kind, after its own cap and floor, and summed.
func (e *evaluator) rules(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	acc := zeroSum()
	var cites []string
	for _, p := range ind.Rules {
		ir, err := e.scored(p)
		if err != nil {
			return decimal.Zero, nil, err
		}
		e.parts = append(e.parts, ir)
		acc.addPoints(ir.Points)
		cites = append(cites, ir.Cites...)
	}
	return acc.value(), cites, nil
}

// scored scores an indicator that applies: its kind's points from full
// marks when it has them, the raw step, its cap and floor (full marks
// imply cap full and floor 0), and a veto that sets it to 0.
func (e *evaluator) scored(ind *scheme.Indicator) (IndicatorResult, error) {
	ir := IndicatorResult{ID: ind.ID, Section: ind.Section, Round: e.roundName(), Applies: true}
	where := func() string { return "indicator " + ind.ID } // built only for an error
	outer := e.parts
	e.parts = nil
	var full scheme.Exact
	if ind.Full != nil {
		var err error
		if full, err = e.exact(ind.Full, nil); err != nil {
			return ir, e.fail(where(), path(ind.Full, nil, ""), msg.Errorf("full: %w", err))
		}
		st := Step{Kind: StepFull, Section: ind.Section, Indicator: ind.ID, Rule: ind.Full.Text, At: ind.Full.At()}
		st.Points = e.ptr(e.recordPts(&st, "points", full))
		e.add(&st)
	}
	raw, cites, err := e.kindPoints(ind)
	if err != nil {
		return ir, err
	}
	if raw, err = e.repeated(ind, raw); err != nil {
		return ir, err
	}
	ir.Rules, e.parts = e.parts, outer
	var rawStep Step
	if !e.lean {
		rawStep = Step{Kind: StepRaw, Section: ind.Section, Indicator: ind.ID, At: ind.At(), Cites: cites}
	}
	if ind.Full != nil {
		x, err := full.Add(scheme.ExactOf(raw))
		if err != nil {
			return ir, e.fail(where(), "", err)
		}
		raw = e.record(&rawStep, "points", x)
	}
	rawP := NewPoints(raw) // for the step and the result: its digits counted once
	if !e.lean {
		rawStep.Points = e.ptr(rawP)
		e.add(&rawStep)
	}
	base := Step{Section: ind.Section, Indicator: ind.ID}
	pts, err := e.bound("indicator", ind.ID, &base, raw, ind.Cap, ind.Floor)
	if err != nil {
		return ir, err
	}
	if ind.Full != nil {
		// 满分N分，…扣完为止: no more than full, no less than 0.
		if ind.Cap == nil && full.CmpDecimal(pts) < 0 {
			st := base
			st.Kind, st.Rule, st.At, st.Before = StepCap, "full "+ind.Full.Text, ind.Full.At(), e.pp(pts)
			pts = e.record(&st, "points", full)
			st.Points = e.pp(pts)
			e.add(&st)
		}
		if ind.Floor == nil && pts.Sign() < 0 {
			st := base
			st.Kind, st.Rule, st.At, st.Before, st.Points = StepFloor, "0", ind.Full.At(), e.pp(pts), e.pp(decimal.Zero)
			pts = decimal.Zero
			e.add(&st)
		}
	}
	pts = e.zeroed(ind.ID, &base, pts)
	ir.Raw, ir.Cites = rawP, cites
	ir.Points = ir.Raw
	if pts != raw { // not the same coefficient (one *big.Int) and exponent
		ir.Points = NewPoints(pts)
	}
	return ir, nil
}

// deducted turns an assessor's discretionary entry into the points of an
// indicator that deducts (扣1-3分: the entry 2 is −2).
func deducted(ind *scheme.Indicator, p decimal.Decimal) decimal.Decimal {
	if ind.Discretionary != nil && ind.Discretionary.Deduct {
		return p.Neg()
	}
	return p
}

// vetoFired is a veto's decision, made once an evaluation.
type vetoFired struct {
	fired   bool
	pending bool // the condition holds and no assessor has decided yet
	vr      VetoResult
}

// fire decides a veto once: its condition, and the assessor's
// confirmation when it needs one. The steps are recorded the first time.
func (e *evaluator) fire(v *scheme.Veto) (vetoFired, error) {
	if f, ok := e.vetoes[v.ID]; ok {
		return f, nil
	}
	ok, err := e.cond(v.When, nil)
	if err != nil {
		return vetoFired{}, e.fail("veto "+v.ID, path(v.When, nil, ""), err)
	}
	var f vetoFired
	if ok {
		facts := e.readsAlways(nil, v.When)
		vr := VetoResult{ID: v.ID, Facts: facts.Map(), Tier: v.Tier, CapTier: v.CapTier, Zero: v.Zero}
		fired := true
		if v.Confirm {
			decided := latest(e.b.Confirmations(v.ID))
			if decided == nil || !decided.Confirmed {
				st := Step{Kind: StepVetoPending, Match: v.ID, Rule: v.When.Text, At: v.When.At(), Reads: facts}
				if decided != nil {
					st.Assessor, st.Reason, st.Time, st.Name = decided.Assessor, decided.Reason, decided.Time, decided.AssessorName
				} else {
					f.pending, f.vr = true, vr
				}
				e.add(&st)
				fired = false
			} else {
				vr.ConfirmedBy, vr.Reason = decided.Assessor, decided.Reason
			}
		}
		if fired {
			st := Step{Kind: StepVeto, Match: v.ID, Rule: v.When.Text, At: v.When.At(), Reads: facts,
				Assessor: vr.ConfirmedBy, Reason: vr.Reason}
			if v.Confirm {
				d := latest(e.b.Confirmations(v.ID))
				st.Name, st.Time = d.AssessorName, d.Time
			}
			e.add(&st)
			f = vetoFired{fired: true, vr: vr}
		}
	}
	if e.vetoes == nil {
		e.vetoes = map[string]vetoFired{}
	}
	e.vetoes[v.ID] = f
	return f, nil
}

// pointVetoes decides, before scoring, the vetoes that set points to 0,
// and notes what each zeroes.
func (e *evaluator) pointVetoes() error {
	for i := range e.s.Vetoes() {
		v := &e.s.Vetoes()[i]
		if v.Zero == "" {
			continue
		}
		f, err := e.fire(v)
		if err != nil {
			return err
		}
		if f.fired {
			if e.zero == nil {
				e.zero = map[string]string{}
			}
			if _, ok := e.zero[v.Zero]; !ok {
				e.zero[v.Zero] = v.ID
			}
		}
	}
	return nil
}

// zeroed sets v to 0 when a veto that fired zeroes target ("total", a
// section's or an indicator's id), with its own audit step from base
// (read only).
func (e *evaluator) zeroed(target string, base *Step, v decimal.Decimal) decimal.Decimal {
	id, ok := e.zero[target]
	if !ok {
		return v
	}
	if !e.lean {
		st := *base
		st.Kind, st.Match, st.Before, st.Points = StepVetoZero, id, e.pp(v), e.pp(decimal.Zero)
		e.add(&st)
	}
	return decimal.Zero
}

// isValue reports a name a rule reads that is a named value, not a fact.
func (e *evaluator) isValue(name string) bool { return e.s.Value(name) != nil }

// resultJSON is a Result without its MarshalJSON.
type resultJSON Result

// MarshalJSON writes the result; a subject not assessed has no total.
func (r Result) MarshalJSON() ([]byte, error) {
	if r.NotAssessed == nil {
		return json.Marshal(resultJSON(r))
	}
	return json.Marshal(struct {
		resultJSON
		Total *Points `json:"total,omitempty"` // hides the embedded total
	}{resultJSON: resultJSON(r)})
}

package engine

import (
	"github.com/branchscore/branchscore/scheme"
)

// Sentence is one audit step in words, in Chinese and English.
type Sentence struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Explanation is a result in words, as a branch secretary reads it: a
// short summary first, then the trail step by step without the steps
// that repeat the one before, then the readings the scheme takes of its
// source (note:) that bear on this result but did not decide a step.
type Explanation struct {
	Summary  []Sentence `json:"summary"`
	Trail    []Sentence `json:"trail"`
	Readings []Sentence `json:"readings,omitempty"`
}

// Explain renders every audit step of r as a sentence, from the scheme's
// labels and the values read, one sentence per step (the i-th sentence
// is r.Audit.Step(i)'s). It is separate from Evaluate so that batch scoring
// does not pay for sentences nobody reads. ExplainResult gives the same
// sentences with a summary, and without repetition.
func Explain(s *scheme.Scheme, r *Result) []Sentence {
	steps := r.Audit.Steps()
	out := make([]Sentence, len(steps))
	shown := map[string]bool{}
	for i := range steps {
		out[i] = explainer{s: s, r: r, trail: steps, st: &steps[i], i: i, shown: shown}.full()
	}
	return out
}

// ExplainStep renders one audit step on its own: without the result, a
// linked unit is named by id and a tier's veto is not named.
func ExplainStep(s *scheme.Scheme, st *Step) Sentence {
	return explainer{s: s, st: st, i: -1, shown: map[string]bool{}}.full()
}

// full is the step's sentence: the new rule patterns' own, or the
// sentence with what they add (a veto's note, the member's 本人).
func (x explainer) full() Sentence {
	if out, ok := x.patterns3(); ok {
		return out
	}
	if out, ok := x.patterns2(); ok {
		return out
	}
	if out, ok := x.patternSentence(); ok {
		return out
	}
	return x.withPatterns(x.sentence())
}

// ExplainResult renders r for reading: the summary, the trail and the
// readings.
func ExplainResult(s *scheme.Scheme, r *Result) Explanation {
	var out Explanation
	shown := map[string]bool{}
	steps := r.Audit.Steps()
	for i := range steps {
		x := explainer{s: s, r: r, trail: steps, st: &steps[i], i: i, shown: shown}
		if x.repeats() {
			continue
		}
		out.Trail = append(out.Trail, x.full())
	}
	out.Readings = readings(s, r, shown)
	out.Summary = summary(s, r, steps)
	return out
}

// explainer renders one step; r is nil when the step is rendered on its
// own, trail is r's audit (r.Audit.Steps()) and i is the step's index
// in it. shown collects the notes
// shown beside the step they decided, so they are not listed again.
type explainer struct {
	s     *scheme.Scheme
	r     *Result
	trail []Step
	st    *Step
	i     int
	shown map[string]bool
}

func (x explainer) ind() *scheme.Indicator { return x.s.Indicator(x.st.Indicator) }

func (x explainer) label() scheme.Label {
	if ind := x.ind(); ind != nil {
		return ind.Label
	}
	if sec := x.s.Section(x.st.Section); sec != nil {
		return sec.Label
	}
	return scheme.Label{Zh: "总分", En: "total"}
}

// repeats reports a step the trail leaves out because the sentence
// before says it already: an indicator's total after its one step of the
// same points, a section's subtotal when its one indicator had just those
// points, a weight of 1.
func (x explainer) repeats() bool {
	st := x.st
	switch st.Kind {
	case StepRaw:
		n, same := 0, false
		for j := x.i - 1; j >= 0; j-- {
			p := &x.trail[j]
			if p.Indicator != st.Indicator || p.Round != st.Round {
				break
			}
			if p.Kind == StepAssessment && p.Round != "" {
				continue // a sheet: the round's step sums them
			}
			n++
			same = p.Points != nil && st.Points != nil && p.Points.equal(*st.Points)
		}
		return n == 1 && same
	case StepSection:
		if x.i+1 < len(x.trail) {
			if n := &x.trail[x.i+1]; n.Kind == StepWeight && n.Section == st.Section && n.Round == st.Round &&
				!(n.Factor != nil && n.Factor.Decimal().Equal(one)) {
				return true // the weight's sentence gives the subtotal
			}
		}
		sec := x.s.Section(st.Section)
		if sec == nil || len(sec.Indicators) != 1 {
			return false
		}
		for j := x.i - 1; j >= 0; j-- {
			if p := &x.trail[j]; p.Indicator != "" && p.Round == st.Round {
				return p.Points != nil && st.Points != nil && p.Points.equal(*st.Points)
			}
		}
	case StepTotal:
		// The rounding's sentence gives the total when it did not change
		// it, and starts from it when it did.
		if x.i+1 < len(x.trail) {
			n := &x.trail[x.i+1]
			return n.Kind == StepRounding && dec(n.Before).Equal(dec(st.Points))
		}
	case StepWeight:
		return st.Factor != nil && st.Factor.Decimal().Equal(one) && st.Exact["factor"] == ""
	}
	return false
}

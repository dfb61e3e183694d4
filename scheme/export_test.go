package scheme

import (
	"errors"
	"fmt"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/branchscore/branchscore/evidence"
)

// LoopCost is what a comprehension of a scheme cost when it ran over some
// evidence with CEL's cost tracker on, beside its static estimate.
type LoopCost struct {
	Expr     string // file:line:col and text
	Estimate uint64
	Actual   uint64
}

// LoopCosts binds ev and runs each comprehension of s with its tracked
// program, over the subject and over each record of each list (an
// expression that cannot run there, e.g. one reading a record's field
// over the subject, is skipped), and returns the costs measured; one
// stopped by the tracker's limit is reported at the largest cost.
func LoopCosts(s *Scheme, ev *evidence.Evidence) ([]LoopCost, error) {
	b, err := s.bind(ev)
	if err != nil {
		return nil, err
	}
	var out []LoopCost
	for _, e := range s.exprs {
		if e.tracked == nil {
			continue
		}
		acts := []any{(*subjectActivation)(b)}
		for i := range b.slots {
			for _, r := range b.slots[i].recs {
				acts = append(acts, r)
			}
		}
		for _, act := range acts {
			_, det, err := trackedEval(e, act)
			var stop interpreter.EvalCancelledError
			switch {
			case errors.As(err, &stop) && stop.Cause == interpreter.CostLimitExceeded:
				out = append(out, LoopCost{fmt.Sprintf("%s: %s", e.At(), e.Text), e.cost, ^uint64(0)})
			case err == nil && det != nil && det.ActualCost() != nil:
				out = append(out, LoopCost{fmt.Sprintf("%s: %s", e.At(), e.Text), e.cost, *det.ActualCost()})
			}
		}
	}
	return out, nil
}

// trackedEval runs e's tracked program over act.
func trackedEval(e *Expr, act any) (ref.Val, *cel.EvalDetails, error) {
	prg, err := e.tracked.program()
	if err != nil {
		return nil, nil, err
	}
	return prg.Eval(act)
}

// ForgetBaseEnvs drops the base environments (and their parsers) compiling
// built, as if no scheme had been compiled in the process yet.
func ForgetBaseEnvs() { baseEnvs.Clear() }

package engine

import (
	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/scheme"
)

// Runs of deductions a veto reads, and tiers only a veto reaches (issue
// 15, items 10c and 12): 「连续6个月不交纳党费…按自行脱党处理」 as a veto
// whose when reads runs.dues >= 6.

// StepRun is the run of an indicator a veto reads: how many periods in a
// row, this one included, it lost points (Count), with the ledger the
// earlier periods come from (Record) or Rule "no_ledger".
const StepRun StepKind = "run"

// lostPoints reports whether indicator id lost points in r: its points
// before cap and floor are below 0 or, for an item deducted from full
// marks (满分15分…扣完为止), below its full marks. Under rounds any
// round's loss counts.
func lostPoints(s *scheme.Scheme, inds []IndicatorResult, audit Audit, id string) bool {
	ind := s.Indicator(id)
	if ind == nil {
		return false
	}
	for _, ir := range inds {
		if ir.ID != id || !ir.Applies {
			continue
		}
		if ind.Full == nil {
			if ir.Raw.Decimal().Sign() < 0 {
				return true
			}
			continue
		}
		for i := range audit.Len() {
			if audit.kind(i) != StepFull || audit.str(i, fIndicator) != id || audit.str(i, fRound) != ir.Round {
				continue
			}
			if full, ok := audit.num(i, numPoints); ok && ir.Raw.Decimal().LessThan(full.Decimal()) {
				return true
			}
		}
	}
	return false
}

// bindRuns computes, once the indicators are scored and before the
// vetoes are decided, the run of each indicator a veto reads, records
// it, and binds runs for the vetoes' conditions. Without a ledger the
// earlier periods are unknown: the run is this period's alone, and the
// step says so.
func (e *evaluator) bindRuns(r *Result) error {
	ids := plan.Runs(e.s)
	if len(ids) == 0 {
		return nil
	}
	if e.led != nil {
		if err := e.led.check(e.s, e.b.Period()); err != nil {
			return e.fail("runs", "ledger", err)
		}
	}
	subject := e.b.Evidence().Subject.ID
	runs := make(map[string]int, len(ids))
	for _, id := range ids {
		ind := e.s.Indicator(id)
		n := 0
		if lostPoints(e.s, r.Indicators, e.rec.Audit, id) {
			n = 1
			if e.led != nil {
				n += e.led.Deducted[id][subject]
			}
		}
		runs[id] = n
		st := Step{Kind: StepRun, Section: ind.Section, Indicator: id, Count: n, Rule: "ledger"}
		if e.led == nil {
			st.Rule = "no_ledger"
		} else {
			st.Record = e.led.Period
		}
		e.add(&st)
	}
	e.runs = runs
	e.b.WithRuns(runs)
	return nil
}

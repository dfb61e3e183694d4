package engine

import (
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/checked"
	"github.com/branchscore/branchscore/scheme"
)

// hashChecked is ev.Hash(), and whether ev.CheckLimits() would report
// nothing, from one walk over ev's strings (internal/checked). Evaluate
// binds evidence so found without checking its limits again
// (boundChecked); any other evidence — merged with a linked unit's, or
// that the walk left to CheckLimits — is checked when it is bound, which
// reports every problem.
var hashChecked = checked.Hash.(func(*evidence.Evidence) (string, bool, error))

// boundChecked reports whether merged, the evidence Evaluate binds, is
// within its limits given that ev, which hashChecked walked, is (limitsOK):
// when it is ev itself, or ev with only the carried balance added, a fact
// named after the scheme's input. Evidence merged with a linked unit's is
// left to binding to check.
func boundChecked(s *scheme.Scheme, ev, merged *evidence.Evidence, limitsOK, linked bool) bool {
	if !limitsOK {
		return false
	}
	if merged == ev {
		return true
	}
	c := s.Carry()
	return !linked && c != nil && evidence.CheckID(c.Input) == nil
}

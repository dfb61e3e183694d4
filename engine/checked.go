package engine

import (
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/checked"
)

// hashChecked is ev.Hash(), and whether ev.CheckLimits() would report
// nothing, from one walk over ev's strings (internal/checked). Evaluate
// binds evidence so found without checking its limits again; any other
// evidence — merged with a linked unit's or the carried balance, or that
// the walk left to CheckLimits — is checked when it is bound, which
// reports every problem.
var hashChecked = checked.Hash.(func(*evidence.Evidence) (string, bool, error))

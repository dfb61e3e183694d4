package plan

import (
	"github.com/branchscore/branchscore/internal/bound"
	"github.com/branchscore/branchscore/scheme"
)

var constBool = bound.ConstBool.(func(*scheme.Scheme, *scheme.Expr) (bool, bool))

// ConstBool returns the value of a static condition of s (one that reads
// only literals and parameters), folded when s compiled; ok is false for
// any other expression, and for a static one that fails to evaluate,
// which Binding.Bool then reports.
func ConstBool(s *scheme.Scheme, e *scheme.Expr) (v, ok bool) { return constBool(s, e) }

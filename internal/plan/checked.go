package plan

import (
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/bound"
	"github.com/branchscore/branchscore/scheme"
)

var bindChecked = bound.BindChecked.(func(*scheme.Scheme, *evidence.Evidence) (any, error))

// BindChecked is Bind for evidence whose limits are known to be within:
// evidence.CheckLimits found nothing, in the same walk as its hash, on this
// very evidence in this call (never a mark kept from an earlier one — a
// host may change its evidence between evaluations). Bind checks them
// itself.
func BindChecked(s *scheme.Scheme, ev *evidence.Evidence) (Binding, error) {
	b, err := bindChecked(s, ev)
	if err != nil {
		return nil, err
	}
	return b.(Binding), nil
}

package scheme

import (
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/bound"
)

// The evaluation side of a scheme — binding a subject's evidence,
// evaluating expressions over it, finding a measure's band — is not part
// of this package's API: the engine reaches it through internal/plan,
// which reads these functions from internal/bound (plan imports scheme, so
// scheme cannot import plan).
func init() {
	bound.Bind = func(s *Scheme, ev *evidence.Evidence) (any, error) {
		b, err := s.bind(ev)
		if err != nil {
			return nil, err // an untyped nil: no binding
		}
		return b, nil
	}
	bound.BindChecked = func(s *Scheme, ev *evidence.Evidence) (any, error) {
		b, err := s.bindChecked(ev, true)
		if err != nil {
			return nil, err
		}
		return b, nil
	}
	bound.Band = (*Scheme).band
	bound.Recorded = (*Scheme).record
	bound.Compact = func(x Exact) (int64, int32, bool) { return x.v.Compact() }
}

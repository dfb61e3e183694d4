package engine

import (
	"errors"
	"github.com/branchscore/branchscore/internal/msg"
)

// ErrEntryNotApplicable is returned when an assessor scored an indicator
// that does not apply to the subject (applies_to, exempt, a pool not
// chosen): the entry is refused, never silently dropped.
var ErrEntryNotApplicable = errors.New("assessor entry for an indicator that does not apply")

// refuseEntries fails when the evidence carries assessor entries for an
// indicator found not to apply (why: "applies_to", "exempt", …).
func (e *evaluator) refuseEntries(id, why string) error {
	as := e.b.Assessments(id)
	if len(as) == 0 {
		return nil
	}
	return e.fail("indicator "+id, "assessments", msg.Errorf("%w: %s scored %s, which does not apply (%s)", ErrEntryNotApplicable, as[0].Assessor, id, why))
}

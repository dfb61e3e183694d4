package engine

import (
	"errors"
	"fmt"
	"github.com/branchscore/branchscore/internal/msg"

	"github.com/branchscore/branchscore/evidence"
)

// ErrDuplicateEvidence is wrapped by the error for two evidence documents
// for the same subject and period: scoring both, or linking to either,
// would pick one silently.
var ErrDuplicateEvidence = errors.New("two evidence documents for the same subject and period")

// DuplicateEvidenceError names two documents of a batch for the same
// subject and period by their indices in it, First < Second.
type DuplicateEvidenceError struct {
	Subject string
	Period  string
	First   int
	Second  int
}

func (e *DuplicateEvidenceError) Error() string {
	return fmt.Sprintf("subject %s, period %s: evidence[%d] and evidence[%d] are both for it; give one", e.Subject, e.Period, e.First, e.Second)
}

func (e *DuplicateEvidenceError) Unwrap() error { return ErrDuplicateEvidence }

// Index returns an Options.Units that finds evidence among evs by subject
// id and period, for links (挂钩). It refuses a nil entry, and every pair
// of documents for the same subject and period, each a
// *DuplicateEvidenceError naming the first document and the other
// (errors.Join of them all): linking to either would pick one silently.
//
// There is no lenient variant that keeps the later of two documents: a
// host with such a batch decides which one stands, and passes only that.
func Index(evs []*evidence.Evidence) (func(subjectID, period string) (*evidence.Evidence, bool), error) {
	type entry struct {
		index int
		ev    *evidence.Evidence
	}
	m := make(map[[2]string]entry, len(evs))
	var errs []error
	for i, ev := range evs {
		if ev == nil {
			errs = append(errs, msg.Errorf("evidence[%d]: %w", i, ErrNilEvidence))
			continue
		}
		key := [2]string{ev.Subject.ID, ev.Period}
		if e, dup := m[key]; dup {
			errs = append(errs, &DuplicateEvidenceError{Subject: ev.Subject.ID, Period: ev.Period, First: e.index, Second: i})
			continue
		}
		m[key] = entry{i, ev}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return func(id, period string) (*evidence.Evidence, bool) {
		e, ok := m[[2]string{id, period}]
		return e.ev, ok
	}, nil
}

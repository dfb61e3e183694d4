package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

// ErrMismatch is wrapped by Verify's error when a stored result differs
// from a fresh evaluation.
var ErrMismatch = errors.New("stored result differs from a fresh evaluation")

// MismatchError lists how a stored result differs.
type MismatchError struct {
	Diffs []string
}

func (e *MismatchError) Error() string {
	return ErrMismatch.Error() + ":\n  " + strings.Join(e.Diffs, "\n  ")
}

func (e *MismatchError) Unwrap() error { return ErrMismatch }

// Verify re-evaluates ev with s under the parameters the stored result
// records and reports any difference, so a stored result can be checked
// years later: a changed scheme, changed evidence, or a tampered total,
// tier, indicator or audit step.
//
// opts.Units must supply linked units' evidence as it was; opts.Params is
// ignored: the stored result's parameters are used.
func Verify(ctx context.Context, stored *Result, s *scheme.Scheme, ev *evidence.Evidence, opts Options) error {
	var diffs []string
	if stored.Scheme.Hash != s.Hash() {
		diffs = append(diffs, fmt.Sprintf("scheme hash: stored %s, scheme %s", stored.Scheme.Hash, s.Hash()))
	}
	opts.Params = stored.Params
	fresh, err := Evaluate(ctx, s, ev, opts)
	if err != nil {
		return err
	}
	if stored.EvidenceHash != fresh.EvidenceHash {
		diffs = append(diffs, fmt.Sprintf("evidence hash: stored %s, evidence %s", stored.EvidenceHash, fresh.EvidenceHash))
	}
	if !stored.Total.d.Equal(fresh.Total.d) {
		diffs = append(diffs, fmt.Sprintf("total: stored %s, evaluated %s", stored.Total, fresh.Total))
	}
	if stored.Tier != fresh.Tier {
		diffs = append(diffs, fmt.Sprintf("tier: stored %q, evaluated %q", stored.Tier, fresh.Tier))
	}
	storedInd := map[string]IndicatorResult{}
	for _, ir := range stored.Indicators {
		storedInd[ir.ID] = ir
	}
	for _, ir := range fresh.Indicators {
		if old, ok := storedInd[ir.ID]; !ok {
			diffs = append(diffs, fmt.Sprintf("indicator %s: missing from the stored result", ir.ID))
		} else if !old.Points.d.Equal(ir.Points.d) {
			diffs = append(diffs, fmt.Sprintf("indicator %s: stored %s, evaluated %s", ir.ID, old.Points, ir.Points))
		}
	}
	a, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	b, err := json.Marshal(fresh)
	if err != nil {
		return err
	}
	if len(diffs) == 0 && !bytes.Equal(a, b) {
		diffs = append(diffs, "the audit trail or other recorded data differs")
	}
	if len(diffs) > 0 {
		return &MismatchError{Diffs: diffs}
	}
	return nil
}

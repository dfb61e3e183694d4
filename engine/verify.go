package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/scheme"
)

// ErrMismatch is wrapped by Verify's error when a stored result differs
// from a fresh evaluation.
var ErrMismatch = errors.New("stored result differs from a fresh evaluation")

// ErrParamsDiffer is wrapped by Verify's error, beside ErrMismatch, when
// the parameters recorded in a stored result are not those in force.
var ErrParamsDiffer = errors.New("the result's parameters are not those in force")

// ParamDiff is a parameter whose value recorded in a result differs from
// the value in force; "" for a parameter one side does not have.
type ParamDiff struct {
	Name    string
	Result  string
	InForce string
}

// MismatchError lists how a stored result differs: the parameters first,
// then everything else, each also a line of Diffs.
type MismatchError struct {
	Params []ParamDiff
	Diffs  []string
}

func (e *MismatchError) Error() string {
	return ErrMismatch.Error() + ":\n  " + strings.Join(e.Diffs, "\n  ")
}

// Unwrap returns ErrMismatch, and ErrParamsDiffer when a parameter
// differs.
func (e *MismatchError) Unwrap() []error {
	if len(e.Params) > 0 {
		return []error{ErrMismatch, ErrParamsDiffer}
	}
	return []error{ErrMismatch}
}

// Verify re-evaluates ev with s and reports any difference from the stored
// result, so a stored result can be checked years later: a changed scheme,
// changed evidence, parameters other than those in force, or a tampered
// total, tier, indicator or audit step.
//
// The parameters in force are the scheme's (its defaults, or the values
// s was made with by WithParams) with opts.Params over them: what the host
// says applied. Every parameter the result records with another value is
// reported, name, value in the result and value in force, as a ParamDiff
// (errors.Is ErrParamsDiffer); the fresh evaluation uses the parameters in
// force. A result is never verified against the parameters it carries
// itself: a result computed with a changed pass mark verifies only when
// the host says that pass mark was in force.
//
// opts.Units must supply linked units' evidence as it was.
func Verify(ctx context.Context, stored *Result, s *scheme.Scheme, ev *evidence.Evidence, opts Options) error {
	if stored == nil {
		return errors.New("verify: nil stored result")
	}
	var diffs []string
	if stored.Scheme.Hash != s.Hash() {
		diffs = append(diffs, fmt.Sprintf("scheme hash: stored %s, scheme %s", stored.Scheme.Hash, s.Hash()))
	}
	if len(opts.Params) > 0 {
		var err error
		if s, err = s.WithParams(opts.Params); err != nil {
			return err
		}
		opts.Params = nil
	}
	// A value written another way (75.0 for 75) is the same value: the
	// evaluation takes the result's text, so the results compare byte for
	// byte.
	respell := map[string]string{}
	for name, v := range s.ParamValues() {
		if r, ok := stored.Params[name]; ok && r != v && sameParam(r, v) {
			respell[name] = r
		}
	}
	if len(respell) > 0 {
		var err error
		if s, err = s.WithParams(respell); err != nil {
			return err
		}
	}
	params := paramDiffs(stored.Params, s.ParamValues())
	for _, p := range params {
		diffs = append(diffs, fmt.Sprintf("parameter %s: result %s, in force %s", p.Name, orNone(p.Result), orNone(p.InForce)))
	}
	fresh, err := Evaluate(ctx, s, ev, opts)
	if err != nil {
		return err
	}
	if stored.EvidenceHash != fresh.EvidenceHash {
		diffs = append(diffs, fmt.Sprintf("evidence hash: stored %s, evidence %s", stored.EvidenceHash, fresh.EvidenceHash))
	}
	if !stored.Total.equal(fresh.Total) {
		diffs = append(diffs, fmt.Sprintf("total: stored %s, evaluated %s", stored.Total, fresh.Total))
	}
	if stored.Tier != fresh.Tier {
		diffs = append(diffs, fmt.Sprintf("tier: stored %q, evaluated %q", stored.Tier, fresh.Tier))
	}
	// A scheme scored in rounds lists each indicator once a round: an
	// indicator is its round and id.
	type roundID struct{ round, id string }
	storedInd := map[roundID]IndicatorResult{}
	for _, ir := range stored.Indicators {
		storedInd[roundID{ir.Round, ir.ID}] = ir
	}
	for _, ir := range fresh.Indicators {
		name := ir.ID
		if ir.Round != "" {
			name = fmt.Sprintf("%s (round %s)", ir.ID, ir.Round)
		}
		if old, ok := storedInd[roundID{ir.Round, ir.ID}]; !ok {
			diffs = append(diffs, fmt.Sprintf("indicator %s: missing from the stored result", name))
		} else if !old.Points.equal(ir.Points) {
			diffs = append(diffs, fmt.Sprintf("indicator %s: stored %s, evaluated %s", name, old.Points, ir.Points))
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
		return &MismatchError{Params: params, Diffs: diffs}
	}
	return nil
}

// paramDiffs lists, by name, the parameters whose values differ: equal
// numbers are equal however written (75 and 75.0).
func paramDiffs(result, inForce map[string]string) []ParamDiff {
	names := make([]string, 0, len(inForce))
	for k := range inForce {
		names = append(names, k)
	}
	for k := range result {
		if _, ok := inForce[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var out []ParamDiff
	for _, name := range names {
		a, inA := result[name]
		b, inB := inForce[name]
		if inA && inB && sameParam(a, b) {
			continue
		}
		out = append(out, ParamDiff{Name: name, Result: a, InForce: b})
	}
	return out
}

func sameParam(a, b string) bool {
	if a == b {
		return true
	}
	x, errA := celdec.ParseDecimal(a)
	y, errB := celdec.ParseDecimal(b)
	return errA == nil && errB == nil && x.Equal(y)
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

package scheme

import (
	"errors"
	"github.com/branchscore/branchscore/internal/msg"
	"sort"

	"github.com/branchscore/branchscore/evidence"
)

// Versions holds several versions of schemes side by side, so that each
// period is scored with the rules in force then: re-scoring 2017 uses
// 2017's version. It is immutable and safe for concurrent use.
type Versions struct {
	byID map[string][]*Scheme // by effective start
}

// ErrNotInForce is returned by Versions.For when no version of a scheme
// covers the period.
var ErrNotInForce = errors.New("no version in force")

// NewVersions gathers schemes. Two versions of one id whose effective
// periods overlap are an error: which rules were in force must never be
// in doubt.
func NewVersions(schemes ...*Scheme) (*Versions, error) {
	v := &Versions{byID: map[string][]*Scheme{}}
	for _, s := range schemes {
		v.byID[s.id] = append(v.byID[s.id], s)
	}
	var errs []error
	for id, list := range v.byID {
		sort.SliceStable(list, func(i, j int) bool { return startSeq(list[i]) < startSeq(list[j]) })
		for i := 1; i < len(list); i++ {
			a, b := list[i-1], list[i]
			if a.version == b.version {
				errs = append(errs, msg.Errorf("scheme %s: version %s given twice (%s, %s)", id, a.version, a.file, b.file))
			} else if endSeq(a) >= startSeq(b) {
				errs = append(errs, msg.Errorf("scheme %s: versions %s (%s) and %s (%s) are both in force in %s",
					id, a.version, inForce(a), b.version, inForce(b), overlapStart(a, b)))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return v, nil
}

// For returns the version of scheme id in force in period (e.g. "2017-03").
func (v *Versions) For(id, period string) (*Scheme, error) {
	p, err := evidence.ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	list, ok := v.byID[id]
	if !ok {
		return nil, msg.Errorf("no scheme %q", id)
	}
	for _, s := range list {
		if p.Kind != s.period {
			continue
		}
		if q := p.Seq(); q >= startSeq(s) && q <= endSeq(s) {
			return s, nil
		}
	}
	var spans []string
	for _, s := range list {
		spans = append(spans, s.version+" "+inForce(s))
	}
	return nil, msg.Errorf("scheme %s, period %s: %w (versions: %v)", id, period, ErrNotInForce, spans)
}

const (
	minSeq = -1 << 62
	maxSeq = 1 << 62
)

func startSeq(s *Scheme) int {
	if f := s.effective.From; f.Kind != "" {
		return f.Seq()
	}
	return minSeq
}

func endSeq(s *Scheme) int {
	if t := s.effective.To; t.Kind != "" {
		return t.Seq()
	}
	return maxSeq
}

func inForce(s *Scheme) string {
	from, to := "…", "…"
	if f := s.effective.From; f.Kind != "" {
		from = f.String()
	}
	if t := s.effective.To; t.Kind != "" {
		to = t.String()
	}
	return from + " to " + to
}

func overlapStart(a, b *Scheme) string {
	if b.effective.From.Kind != "" {
		return b.effective.From.String()
	}
	return inForce(a)
}

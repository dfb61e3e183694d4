package scheme

import (
	"sync/atomic"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
)

// layout places what an expression may read by name in slots: the
// scheme's inputs in order, then its named values, then runs. It is
// computed once when the scheme compiles, shared by the copies WithParams
// makes, and read by every binding: a binding holds its values in a slice
// indexed by slot, not in a map built per subject.
type layout struct {
	slot   map[string]int // name → slot
	values int            // the slot of the first named value
	runs   int            // the slot of runs, or -1 when no veto reads runs
	n      int            // slots in all

	// defaults holds each input's default as an evidence value, made once
	// (a string in an interface is an allocation): nil for none.
	defaults []any
	kind     ref.Val // the scheme's subject kind as a CEL value, made once

	// period is the last period bound and its CEL object: the subjects of
	// a batch share their period, which is then parsed and built once.
	period atomic.Pointer[boundPeriod]
}

// boundPeriod is a period as Bind reads it and as rules see it, with
// the days it covers under the scheme's cut-off day (periodSpan), which
// windowSpan reads back.
type boundPeriod struct {
	text       string
	p          evidence.Period
	obj        celdec.Object
	start, end time.Time
}

// boundPeriod returns the period text parsed and its CEL object, from
// the last one bound when it is the same.
func (l *layout) boundPeriod(s *Scheme, text string) (*boundPeriod, error) {
	if bp := l.period.Load(); bp != nil && bp.text == text {
		return bp, nil
	}
	p, err := evidence.ParsePeriod(text)
	if err != nil {
		return nil, err
	}
	start, end := s.periodSpan(p)
	bp := &boundPeriod{text: text, p: p, start: start, end: end}
	periodDecl.Init(&bp.obj, []ref.Val{types.String(text), types.String(string(p.Kind)), types.Timestamp{Time: start}, types.Timestamp{Time: end}})
	l.period.Store(bp)
	return bp, nil
}

func newLayout(s *Scheme) *layout {
	l := &layout{slot: make(map[string]int, len(s.inputs)+len(s.values)+1), runs: -1, kind: types.String(s.subjectKind)}
	l.defaults = make([]any, len(s.inputs))
	for i, in := range s.inputs {
		l.slot[in.Name] = l.n
		l.defaults[i] = in.Default
		l.n++
	}
	l.values = l.n
	for _, nv := range s.values {
		l.slot[nv.Name] = l.n // a later declaration of a name wins, as it did in a map
		l.n++
	}
	if s.runsDecl != nil {
		l.runs = l.n
		l.slot["runs"] = l.n
		l.n++
	}
	return l
}

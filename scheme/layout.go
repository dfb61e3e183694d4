package scheme

import (
	"slices"
	"strings"
	"sync"
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
	// enums holds, by input, the CEL values of an enum's values (or of a
	// list of them), made once: nil for other inputs.
	enums [][]ref.Val

	// lists holds, by input, how a list of records is bound: its record
	// type and where that type has each field (nil for other inputs).
	lists []*listLayout
	// indicator finds an indicator's index in the scheme by its id, and
	// rank is each indicator's place in the order of their ids: assessor
	// entries are sorted by it, which is the order of their ids as text.
	indicator map[string]int
	rank      []int
	// records is, by indicator, the input index of the list it scores
	// per record, or -1.
	records []int

	// period is the last period bound and its CEL object: the subjects of
	// a batch share their period, which is then parsed and built once.
	period atomic.Pointer[boundPeriod]

	// bindings holds *binding given back (binding.Release) with their
	// arrays, for the next subject's binding (bind_pool.go).
	bindings sync.Pool
}

// boundPeriod is a period as Bind reads it and as rules see it, with
// the days it covers under the scheme's cut-off day (Scheme.periodSpan).
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
	l.lists = make([]*listLayout, len(s.inputs))
	l.enums = make([][]ref.Val, len(s.inputs))
	for i, in := range s.inputs {
		l.slot[in.Name] = l.n
		l.defaults[i] = in.Default
		if in.Type == EnumType || (in.Type == ListType && in.Of == EnumType) {
			l.enums[i] = enumValues(in.Values)
		}
		if in.Type == ListType && in.Of == "" {
			if decl := s.recordDecls[in.Name]; decl != nil {
				l.lists[i] = newListLayout(&s.inputs[i], decl)
			}
		}
		l.n++
	}
	l.indicator = make(map[string]int, len(s.indicators))
	for i := len(s.indicators) - 1; i >= 0; i-- { // the first of an id wins, as in Scheme.Indicator
		l.indicator[s.indicators[i].ID] = i
	}
	order := make([]int, len(s.indicators))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(s.indicators[a].ID, s.indicators[b].ID) })
	l.rank = make([]int, len(s.indicators))
	for r, i := range order {
		if r > 0 && s.indicators[order[r-1]].ID == s.indicators[i].ID {
			l.rank[i] = l.rank[order[r-1]] // the same id, the same place
			continue
		}
		l.rank[i] = r
	}
	l.records = make([]int, len(s.indicators))
	for i, ind := range s.indicators {
		l.records[i] = -1
		for j := range s.inputs {
			if in := &s.inputs[j]; ind.Records != "" && in.Name == ind.Records && in.Type == ListType && in.Of == "" {
				l.records[i] = j
				break
			}
		}
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

// listLayout is how Bind reads a list of records, found once when the
// scheme compiles: the record type, where it has its id, date and
// documents, and where each of the list's fields (by Input.Fields).
type listLayout struct {
	decl   *celdec.ObjectDecl
	shape  recordShape
	fields []int
	enums  [][]ref.Val // by field, as layout.enums
}

func newListLayout(in *Input, decl *celdec.ObjectDecl) *listLayout {
	ll := &listLayout{decl: decl, shape: shapeOf(in, decl), fields: make([]int, len(in.Fields)), enums: make([][]ref.Val, len(in.Fields))}
	for j, f := range in.Fields {
		ll.fields[j] = ll.shape.field(decl, j, f.Name)
		if f.Type == EnumType {
			ll.enums[j] = enumValues(f.Values)
		}
	}
	return ll
}

// enumValues returns the CEL values of an enum's values, in order.
func enumValues(values []string) []ref.Val {
	out := make([]ref.Val, len(values))
	for i, v := range values {
		out[i] = types.String(v)
	}
	return out
}

package scheme

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
}

func newLayout(s *Scheme) *layout {
	l := &layout{slot: make(map[string]int, len(s.inputs)+len(s.values)+1), runs: -1}
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

package scheme

import (
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/bound"
)

// A binding's slots, the records of its lists and the values they hold
// are a few kilobytes of pointers a subject: allocated afresh for each
// evaluation they were a third of what one allocated, and most of what a
// batch that reuses its results does. The engine instead gives a binding
// back when its evaluation is done (Release, through plan.Release), and
// the next binding of the same scheme (or of a copy WithParams made: they
// share the layout) takes its arrays over.
//
// Nothing a result, an error or a ledger holds points into a binding:
// what the engine keeps of an evaluation is texts (ids, values as the
// audit writes them), numbers (Exact and decimals, copied out of the CEL
// values) and dates; a CEL value the binding made (a boxed decimal, a
// string) is never written to again, only the slot that held it. The
// problems of an evidence error quote texts and numbers, so a binding
// that failed is given back at once. Release clears every pointer it
// held, so that a binding waiting in the pool keeps no evidence alive.

// kept is what a released binding leaves for the next: its arrays,
// cleared, at their full length.
type kept struct {
	vals []ref.Val
	recs []bound.Record
	ptrs []*bound.Record
	memo []ref.Val // by Expr.index (memo.go); nil until a scheme remembered
	// asm holds the assessor entries sorted (assessmentOrder), as long
	// as what the binding put in it.
	asm []evidence.Assessment
	l   *layout // the layout whose pool it goes back to

	nval, nrec int // how many of vals and recs the binding used: the rest are zero
}

// maxKeptValues bounds the arrays a binding keeps for the next: a subject
// of exceptionally many records leaves its arrays to the collector rather
// than have the pool hold them.
const maxKeptValues = 1 << 14

// binding returns a binding of s's evidence ev for l, from l's pool when
// one was given back: its slots zero and room for nval values and nrec
// records, all zero.
func (l *layout) binding(s *Scheme, ev *evidence.Evidence, nval, nrec int) *binding {
	b, _ := l.bindings.Get().(*binding)
	if b == nil {
		b = &binding{slots: make([]slot, l.n)}
	}
	b.s, b.ev, b.kept.l, b.kept.nval, b.kept.nrec = s, ev, l, nval, nrec
	if cap(b.kept.vals) < nval {
		b.kept.vals = make([]ref.Val, nval)
	}
	if cap(b.kept.recs) < nrec {
		b.kept.recs, b.kept.ptrs = make([]bound.Record, nrec), make([]*bound.Record, nrec)
	}
	return b
}

// Release gives b back to its scheme's pool, for the next binding to
// reuse its arrays: every value, record and slot in it is cleared. The
// caller has done with b and everything it returned that points into it
// (the records of Records, and the CEL values of its lists and records),
// and does not use it again. Release is called once: a second call before
// the pool hands b out again does nothing, but after that it would give
// back another evaluation's binding.
func (b *binding) Release() {
	k := b.kept
	if k.l == nil { // released already
		return
	}
	clear(k.asm)
	k.asm = k.asm[:0]
	if len(k.vals) > maxKeptValues || len(k.recs) > maxKeptValues || cap(k.asm) > maxKeptValues {
		k.vals, k.recs, k.ptrs, k.asm = nil, nil, nil, nil
	}
	// Only what the binding used holds anything: the rest of each array
	// was zero when it was given, and nothing writes past what it carved.
	clear(k.vals[:min(k.nval, len(k.vals))])
	clear(k.recs[:min(k.nrec, len(k.recs))])
	clear(k.ptrs[:min(k.nrec, len(k.ptrs))])
	if b.memo != nil {
		clear(b.memo)
		k.memo = b.memo
	}
	slots := b.slots
	clear(slots)
	l := k.l
	k.l, k.nval, k.nrec = nil, 0, 0
	*b = binding{slots: slots, kept: k}
	l.bindings.Put(b)
}

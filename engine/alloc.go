package engine

import "github.com/shopspring/decimal"

// slabChunk is how many audit numbers one allocation holds: about what
// one tingnan branch-month records.
const slabChunk = 48

// pp returns a pointer to d for an audit step, as pp does, from a chunk
// the evaluation allocates once in a while rather than one allocation a
// number. A chunk is never reused: the Points it holds belong to the
// Result, and they are never written after they are made.
func (e *evaluator) pp(d decimal.Decimal) *Points {
	if len(e.slab) == cap(e.slab) {
		e.slab = make([]Points, 0, slabChunk)
	}
	e.slab = append(e.slab, NewPoints(d))
	return &e.slab[len(e.slab)-1]
}

package engine

import (
	"maps"
	"sync"
	"unsafe"

	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
)

// slabChunk is how many audit numbers one chunk holds: about what one
// tingnan branch-month records.
const slabChunk = 64

// pp returns a pointer to d for an audit step, from the evaluator's
// chunk: add copies the number into the audit, so the chunk is the
// evaluator's, reused by its next evaluation. A full chunk is replaced by
// a larger one (the pointers handed out stay valid until add copies them).
func (e *evaluator) pp(d decimal.Decimal) *Points { return e.ptr(NewPoints(d)) }

// ptr is pp for a number already held as Points.
func (e *evaluator) ptr(p Points) *Points {
	if len(e.slab) == cap(e.slab) {
		e.slab = make([]Points, 0, max(slabChunk, 2*cap(e.slab)))
	}
	e.slab = append(e.slab, p)
	return &e.slab[len(e.slab)-1]
}

// sum adds decimals as a chain of decimal.Add does, to the same value and
// exponent (the finest of the terms and the start), but in an int64 while
// the coefficient fits: one allocation for the result instead of one or
// two a term.
type sum struct {
	start decimal.Decimal
	n     int   // terms added
	coef  int64 // the sum's coefficient while it fits
	exp   int32
	big   bool            // the coefficient does not fit: the sum is in d
	d     decimal.Decimal // the sum once it does not fit
}

func newSum(start decimal.Decimal) sum {
	s := sum{start: start, exp: start.Exponent()}
	if small(start) {
		s.coef = start.CoefficientInt64()
	} else {
		s.big, s.d = true, start
	}
	return s
}

// zeroSum returns zeroSum(), with no call to count its digits.
func zeroSum() sum { return sum{start: decimal.Zero} }

// small reports whether d's coefficient has at most 18 digits, so that
// it and a sum of two of them fit in an int64.
func small(d decimal.Decimal) bool { return d.NumDigits() <= 18 }

// pow10 are the powers of ten an int64 holds.
var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// scaled returns c × 10^k, false when it does not fit.
func scaled(c int64, k int32) (int64, bool) {
	if k == 0 || c == 0 {
		return c, true
	}
	if k < 0 || int(k) >= len(pow10) {
		return 0, false
	}
	p := pow10[k]
	r := c * p
	if r/p != c {
		return 0, false
	}
	return r, true
}

func (s *sum) add(x decimal.Decimal) {
	if !s.big && small(x) && s.addCompact(x.CoefficientInt64(), x.Exponent()) {
		return
	}
	s.n++
	if s.big {
		s.d = s.d.Add(x)
		return
	}
	s.big, s.d = true, decimal.New(s.coef, s.exp).Add(x)
}

// addPoints adds p as add(p.Decimal()) does, with no decimal.Decimal
// made when p and the sum so far are compact.
func (s *sum) addPoints(p Points) {
	if p.x != nil || s.big || !s.addCompact(p.c, p.e) {
		s.add(p.Decimal())
	}
}

// addCompact adds c·10^e (at most 18 digits) to a sum that is not big,
// and reports whether the result fits in an int64; when it does not, the
// sum is left as it was.
func (s *sum) addCompact(c int64, e int32) bool {
	acc, ok := s.coef, true
	if e < s.exp {
		acc, ok = scaled(acc, s.exp-e)
	} else if e > s.exp {
		c, ok = scaled(c, e-s.exp)
	}
	if !ok {
		return false
	}
	r := acc + c
	if (r > acc) != (c > 0) { // overflow
		return false
	}
	s.n++
	s.coef, s.exp = r, min(s.exp, e)
	return true
}

// value returns the sum: decimal.New(coef, exp), shared when it is small.
func (s *sum) value() decimal.Decimal {
	switch {
	case s.n == 0:
		return s.start
	case s.big:
		return s.d
	}
	return celdec.SmallDecimal(s.coef, s.exp) // no allocation for most sums
}

// points returns value() as Points, with no digits counted while the sum
// is in an int64.
func (s *sum) points() Points {
	switch {
	case s.n == 0:
		return NewPoints(s.start)
	case s.big:
		return NewPoints(s.d)
	}
	return compactPoints(s.coef, s.exp)
}

// assessedPoints reads an assessor's points as decimal.NewFromString
// does, with no allocation for a small value (see celdec.SmallDecimal).
func assessedPoints(s string) (decimal.Decimal, error) {
	if v, ok := celdec.ParseNumber(s); ok {
		if c, e, ok := v.Compact(); ok {
			return celdec.SmallDecimal(c, e), nil
		}
	}
	return decimal.NewFromString(s)
}

// strChunk is how many bytes of cited names one allocation holds.
const strChunk = 512

// listChunk is how many strings of the audit's lists one allocation holds.
const listChunk = 64

// strBuf carves the audit's strings (the names it cites) from shared
// chunks of bytes. The bytes of a string handed out are never written
// again, so the string stays what it was: later strings go after it, or
// into a new chunk.
type strBuf struct{ b []byte }

// join returns the parts joined.
func (sb *strBuf) join(parts ...string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n == 0 {
		return ""
	}
	if cap(sb.b)-len(sb.b) < n {
		sb.b = make([]byte, 0, max(strChunk, n))
	}
	start := len(sb.b)
	for _, p := range parts {
		sb.b = append(sb.b, p...)
	}
	return unsafe.String(&sb.b[start], n)
}

// listBuf carves the audit's lists of strings (cites, missing documents,
// failed conditions) from shared chunks. A list handed out has its
// capacity cut to its length, so appending to it copies it first.
type listBuf struct{ b []string }

// copy returns a list holding xs; nil when xs is empty.
func (lb *listBuf) copy(xs ...string) []string {
	n := len(xs)
	if n == 0 {
		return nil
	}
	if cap(lb.b)-len(lb.b) < n {
		lb.b = make([]string, 0, max(listChunk, n))
	}
	start := len(lb.b)
	lb.b = append(lb.b, xs...)
	return lb.b[start : start+n : start+n]
}

// boolChunk is how many audit booleans one chunk holds.
const boolChunk = 32

// truth returns a pointer to b for an audit step, from the evaluator's
// chunk, as pp does for numbers.
func (e *evaluator) truth(b bool) *bool {
	if len(e.bools) == cap(e.bools) {
		e.bools = make([]bool, 0, max(boolChunk, 2*cap(e.bools)))
	}
	e.bools = append(e.bools, b)
	return &e.bools[len(e.bools)-1]
}

// resultArena is a result with the first chunks of the names it cites
// and its lists of them, allocated together: one allocation where three
// would be. The chunks belong to the result (the strings and lists handed
// out are its own).
type resultArena struct {
	r     Result
	lists [32]string
	strs  [320]byte
}

// newResult returns a result for e to fill, and gives e the chunks
// allocated with it.
func (e *evaluator) newResult() *Result {
	var a *resultArena
	if old := e.old; old != nil {
		// old came from newResult: it is the first field of its arena.
		a = (*resultArena)(unsafe.Pointer(old))
		e.spare = spare{ind: old.Indicators, sec: old.Sections, audit: old.Audit, params: old.Params}
		e.old = nil
		*a = resultArena{}
	} else {
		a = new(resultArena)
	}
	e.lb.b, e.sb.b = a.lists[:0], a.strs[:0]
	return &a.r
}

// spare is the memory of a result the host is done with, taken over by
// newResult for the next: its indicators, sections and audit, reused
// when they have room.
type spare struct {
	ind    []IndicatorResult
	sec    []SectionResult
	audit  Audit
	params map[string]string
}

// paramsCopy returns a copy of the scheme's parameter values for a
// result: the spare result's map, emptied and refilled, when there is one.
func (e *evaluator) paramsCopy(vals map[string]string) map[string]string {
	m := e.spare.params
	e.spare.params = nil
	if m == nil || vals == nil {
		return maps.Clone(vals)
	}
	clear(m)
	maps.Copy(m, vals)
	return m
}

// reuseSlice returns old emptied when it has room for n, else a new
// slice with room for n (never nil).
func reuseSlice[T any](old []T, n int) []T {
	if old == nil || cap(old) < n {
		return make([]T, 0, n)
	}
	clear(old[:cap(old)])
	return old[:0]
}

// evaluators holds evaluators between evaluations, each with the buffers
// it keeps: the audit it records (rec), the chunks of numbers, booleans
// and reads its steps are built from, its records' candidates, and the
// facts the last scheme's expressions cite (citeCache, which keeps that
// scheme reachable while the evaluator is pooled). The
// audit's length is known only at the end, so an evaluation records it in
// the evaluator's buffers and gives the result a copy of the exact length
// (endAudit): a result holds no room it never uses. An evaluator goes back
// with its other fields cleared (release), and its buffers as they are,
// not cleared (that would cost as much as the copy): until it is reused,
// or the pool drops it after two collections, it keeps the names and
// numbers of the last audit it held alive, a few kilobytes. Nothing of a
// result is in an evaluator: the result's names and lists are in chunks
// allocated with it (newResult).
var evaluators = sync.Pool{New: func() any { return new(evaluator) }}

// maxPooledSteps bounds the buffers kept for reuse: a rare audit longer
// than this is left to the collector rather than held.
const maxPooledSteps = 4096

// maxPooledCands likewise bounds the candidates kept.
const maxPooledCands = 1024

// newEvaluator returns an evaluator from the pool, its fields zero but for
// the buffers it keeps.
func newEvaluator() *evaluator { return evaluators.Get().(*evaluator) }

// release gives e back to the pool: every field cleared but the buffers
// (so a result's chunks are not reachable from the pool), and those when
// they grew past their bound. e is not used again.
func (e *evaluator) release() {
	rec, cands := e.rec, e.cands
	slab, bools, reads := e.slab, e.bools, e.rb.buf
	if cap(rec.ents) > maxPooledSteps || cap(rec.strs) > 16*maxPooledSteps || cap(rec.rare) > maxPooledSteps {
		rec = recorder{}
	}
	if cap(slab) > maxPooledSteps || cap(bools) > maxPooledSteps || cap(reads) > maxPooledSteps {
		slab, bools, reads = nil, nil, nil
	}
	if cap(cands) > maxPooledCands {
		cands = nil
	}
	clear(cands[:cap(cands)]) // no record of a released binding kept alive
	*e = evaluator{cands: cands[:0], slab: slab[:0], bools: bools[:0], cites: e.cites}
	e.rec = recorder{Audit: Audit{ents: rec.ents[:0], strs: rec.strs[:0], rare: rec.rare[:0]}}
	e.rb.buf = reads[:0]
	evaluators.Put(e)
}

// beginAudit empties e's audit, with room for at least n steps when it
// records the full audit.
func (e *evaluator) beginAudit(n int) {
	if !e.lean && cap(e.rec.ents) < n {
		e.rec.ents = make([]auditEntry, 0, n)
	}
	e.rec = recorder{Audit: Audit{ents: e.rec.ents[:0], strs: e.rec.strs[:0], rare: e.rec.rare[:0]}}
	e.slab, e.bools = e.slab[:0], e.bools[:0]
	e.rb.buf, e.rb.start = e.rb.buf[:0], 0
}

// endAudit returns the audit recorded, in slices of its own of the exact
// length, or those of the result it reuses (never the zero Audit), and
// keeps the buffers. e records no more
// steps.
func (e *evaluator) endAudit() Audit {
	out := e.rec.cloneInto(e.spare.audit)
	e.spare.audit = Audit{}
	e.rec = recorder{Audit: Audit{ents: e.rec.ents[:0], strs: e.rec.strs[:0], rare: e.rec.rare[:0]}}
	return out
}

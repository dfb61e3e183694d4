package scheme

import "cel.dev/cel-go/common/types/ref"

// A scheme whose assessor rounds combine on the total scores the whole
// scheme once a round, over the same binding: each subject-level
// comprehension would run once a round to the same value (qianjiang-2017:
// three rounds, the year's records scanned three times over). Expressions
// are pure and the slots an expression reads are set before it first runs
// (named values in order, runs before the vetoes that alone read it), so
// the binding keeps the value of each comprehension it ran over the
// subject, and runs it once. Straight-line expressions are cheaper to run
// again than to keep.

// remembered returns the value e gave over the subject, or nil.
func (b *binding) remembered(e *Expr) ref.Val {
	if b.memo == nil {
		return nil
	}
	return b.memo[e.index]
}

// remember keeps v, the value e gave over the subject, when the scheme
// scores more than one round on the total.
func (b *binding) remember(e *Expr, v ref.Val) {
	if rs := b.s.rounds; rs == nil || !rs.OnTotal || len(rs.List) < 2 {
		return
	}
	if b.memo == nil {
		if len(b.kept.memo) == len(b.s.exprs) { // a released binding's, cleared
			b.memo = b.kept.memo
		} else {
			b.memo = make([]ref.Val, len(b.s.exprs))
		}
	}
	b.memo[e.index] = v
}

package celdec

import "cel.dev/cel-go/common/types/ref"

// Init sets o to a value of type d, as NewObject does, for an object that
// lives inside a larger array: a subject's records are bound a binding at
// a time, not an allocation a record.
func (d *ObjectDecl) Init(o *Object, vals []ref.Val) {
	*o = Object{decl: d, vals: vals}
}

// Lazy supplies fields of an object that are converted only when a rule
// reads them: a record's id and date, say, which most rules never read,
// and each of which costs an allocation as a CEL value.
type Lazy interface {
	// LazyField returns the value of the object's field i (in its
	// declaration's order), not nil.
	LazyField(i int) ref.Val
}

// MaxLazy is the number of fields, counted from the first, that can be
// lazy.
const MaxLazy = 64

// InitLazy sets o as Init does, but for the fields i with bit i set in
// pending (which must be below MaxLazy; vals holds nil for them), whose
// values lazy supplies the first time the object is read for them. It
// then keeps each: such an object changes as it is read, and belongs to
// one goroutine (as the binding of one evaluation, which holds them, does).
func (d *ObjectDecl) InitLazy(o *Object, vals []ref.Val, lazy Lazy, pending uint64) {
	*o = Object{decl: d, vals: vals, lazy: lazy, pending: pending}
}

// isSet reports whether field i has a value, without converting it.
func (o *Object) isSet(i int) bool {
	return o.pending&(1<<uint(i)) != 0 || o.vals[i] != nil
}

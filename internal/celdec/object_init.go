package celdec

import "cel.dev/cel-go/common/types/ref"

// Init sets o to a value of type d, as NewObject does, for an object that
// lives inside a larger array: a subject's records are bound a binding at
// a time, not an allocation a record.
func (d *ObjectDecl) Init(o *Object, vals []ref.Val) { o.decl, o.vals = d, vals }

// Package bound is where package scheme hands its evaluation side to
// package plan. Package plan imports scheme, so scheme cannot import plan;
// both import bound, which imports neither. It holds:
//
//   - Record, a checked record of a list input, which scheme fills when it
//     binds a subject's evidence and plan's users read;
//   - Bind and Band, scheme's entry points, which scheme sets when it
//     initialises and plan reads, typed, when it initialises (after scheme,
//     whose package it imports).
//
// Nothing else should use it: the engine goes through plan.
package bound

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/branchscore/branchscore/internal/celdec"
)

// Bind, Band, Recorded and Compact are package scheme's functions
//
//	func(*scheme.Scheme, *evidence.Evidence) (plan.Binding, error)   // as any
//	func(*scheme.Scheme, *scheme.Indicator, scheme.Exact) (*scheme.Band, bool)
//	func(*scheme.Scheme, scheme.Exact) (decimal.Decimal, bool)       // Recorded
//	func(scheme.Exact) (coef int64, exp int32, ok bool)              // Compact
//
// set once when scheme initialises; plan asserts their types once when it
// initialises, so calling them costs one indirect call.
var Bind, Band, Recorded, Compact any

// ErrNoProgram is returned when an expression failed to compile (which
// Compile refuses, so only a scheme not made by it can return it).
var ErrNoProgram = errors.New("expression did not compile")

// Record is a checked record of a list input. Records are carved from
// arrays a binding holds (and hands on to the next binding of its scheme
// when released); a record is also the CEL activation of
// a rule scored per record: it resolves record itself, every other name
// as its binding does.
type Record struct {
	Index     int // in the list, from 0
	ID        string
	Date      time.Time
	Documents []string

	Obj     celdec.Object
	Binding interpreter.Activation // resolves every name but record
}

// HasDocument reports whether the record carries the document kind.
func (r *Record) HasDocument(kind string) bool {
	for _, d := range r.Documents {
		if d == kind {
			return true
		}
	}
	return false
}

// Field returns a field's value as text for the audit ("" when absent).
func (r *Record) Field(name string) string {
	if v := r.Obj.Field(name); v != nil {
		return ValueText(v)
	}
	return ""
}

// ResolveName implements interpreter.Activation.
func (r *Record) ResolveName(name string) (any, bool) {
	if name == "record" {
		return &r.Obj, true
	}
	return r.Binding.ResolveName(name)
}

// Parent implements interpreter.Activation.
func (r *Record) Parent() interpreter.Activation { return nil }

// ValueText renders a value for the audit: a decimal as written, a date
// as 2006-01-02, a list as its size.
func ValueText(v ref.Val) string {
	switch x := v.(type) {
	case celdec.Decimal:
		return x.String()
	case types.Timestamp:
		return x.Time.Format(time.DateOnly)
	case types.String:
		return string(x)
	case types.Int:
		return strconv.FormatInt(int64(x), 10) // as fmt.Sprint, without boxing the number
	case types.Bool:
		return strconv.FormatBool(bool(x))
	case sizer:
		return fmt.Sprintf("%d records", x.Size())
	}
	return fmt.Sprint(v.Value())
}

type sizer interface{ Size() ref.Val }

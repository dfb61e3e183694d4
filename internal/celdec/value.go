// Package celdec is the glue between cel-go and exact decimals: a decimal
// value type with operators, the functions a scheme's rules may call, typed
// records for evidence, and the rewrite of checked expressions that keeps
// every number exact.
//
// It is internal: hosts use the scheme and engine packages, never this one.
package celdec

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/shopspring/decimal"
)

// TypeName is the CEL name of the decimal type.
const TypeName = "decimal"

// Type is the CEL type of exact decimals. It carries the operator traits so
// that the standard operators dispatch to Decimal's methods.
var Type = types.NewObjectType(TypeName,
	traits.AdderType, traits.SubtractorType, traits.MultiplierType,
	traits.NegatorType, traits.ComparerType)

// Decimal is an exact number as a CEL value: a decimal, or, when the value
// has no finite decimal expansion (a quotient such as 2/3), the fraction.
// Arithmetic, comparison and equality are exact either way; the fraction is
// only rounded where a rule says so (round_half_up, div, …) or where the
// engine records it. It is immutable. The zero value is 0.
//
// A decimal whose coefficient fits in an int64 is held in machine words
// (the compact form, see fast.go): c·10^e, with no pointer. Every other
// value is held in x, as a shopspring decimal or as the fraction. Either
// way a value means exactly what decimal.New(c, e) (or x) means, with the
// same coefficient and exponent, so that text and recorded numbers do not
// depend on the form.
type Decimal struct {
	c int64 // the coefficient in the compact form (x == nil); never math.MinInt64
	e int32 // the exponent in the compact form
	x *wide // nil in the compact form
}

// wide is a value that does not fit the compact form.
type wide struct {
	d decimal.Decimal // the value when r is nil
	// r is the exact value when it does not terminate (its reduced
	// denominator has a prime factor other than 2 and 5); d is then unused.
	r *big.Rat
	// rat holds r when r was built with the wide, in one allocation.
	rat big.Rat
	// fn/fd is the fraction in machine words when fd != 0 (see frac.go):
	// reduced, fd > 1, the sign on fn; r and d are then unused.
	fn, fd int64
}

// newRatWide returns a wide whose r is its own rat, to be set.
func newRatWide() *wide {
	w := new(wide)
	w.r = &w.rat
	return w
}

// New wraps d as a CEL value: in the compact form when its coefficient has
// at most 18 digits, else as it is (d is never modified).
func New(d decimal.Decimal) Decimal {
	if d.NumDigits() <= 18 {
		return Decimal{c: d.CoefficientInt64(), e: d.Exponent()}
	}
	return Decimal{x: &wide{d: d}}
}

// FromInt returns i as a decimal of exponent 0.
func FromInt(i int64) Decimal {
	if i == math.MinInt64 {
		return Decimal{x: &wide{d: decimal.NewFromInt(i)}}
	}
	return Decimal{c: i}
}

// AsDecimal returns d as a decimal.Decimal, with d's coefficient and
// exponent; ok is false when d does not terminate. A small value comes
// from a shared cache and costs no allocation (see cache.go).
func (d Decimal) AsDecimal() (decimal.Decimal, bool) {
	if d.x == nil {
		return smallDecimal(d.c, d.e), true
	}
	if d.x.isFrac() {
		return decimal.Decimal{}, false
	}
	return d.x.d, true
}

// dec returns a terminating d as a decimal.Decimal.
func (d Decimal) dec() decimal.Decimal {
	v, _ := d.AsDecimal()
	return v
}

// Int64 returns d as an int64 when it is an integer that fits in one.
func (d Decimal) Int64() (int64, bool) {
	if d.x == nil {
		return int64Of(d.c, d.e)
	}
	if d.x.isFrac() || !d.x.d.IsInteger() {
		return 0, false
	}
	i := d.x.d.BigInt()
	return i.Int64(), i.IsInt64()
}

// DigitsWrittenOut returns the number of digits d has when it is written
// out without an exponent, counted as evidence.CheckDecimal counts them:
// the digits of the coefficient plus a positive exponent, or, with a
// negative exponent, the larger of the coefficient's digits and the digits
// after the point. ok is false when d is not in the compact form.
func (d Decimal) DigitsWrittenOut() (n int64, ok bool) {
	if d.x != nil {
		return 0, false
	}
	n = int64(numDigits(uabs(d.c)))
	if d.e >= 0 {
		return n + int64(d.e), true
	}
	return max(n, -int64(d.e)), true
}

var (
	decimalGoType = reflect.TypeOf(decimal.Decimal{})
	ratGoType     = reflect.TypeOf(&big.Rat{})
)

// toDecimal converts an int or decimal CEL value; ok is false for any other.
func toDecimal(v ref.Val) (Decimal, bool) {
	switch x := v.(type) {
	case Decimal:
		return x, true
	case types.Int:
		return FromInt(int64(x)), true
	}
	return Decimal{}, false
}

// result turns an exact operation's outcome into a CEL value.
func result(d Decimal, err error) ref.Val {
	if err != nil {
		return types.WrapErr(err)
	}
	return Val(d)
}

// Add implements traits.Adder.
func (d Decimal) Add(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	return result(Add(d, o))
}

// Subtract implements traits.Subtractor.
func (d Decimal) Subtract(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	return result(Sub(d, o))
}

// Multiply implements traits.Multiplier.
func (d Decimal) Multiply(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	return result(Mul(d, o))
}

// Negate implements traits.Negater.
func (d Decimal) Negate() ref.Val { return Val(Neg(d)) }

// Compare implements traits.Comparer, exactly.
func (d Decimal) Compare(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	return types.Int(Cmp(d, o))
}

// ConvertToNative implements ref.Val. A fraction converts to *big.Rat or a
// string, never to a decimal.
func (d Decimal) ConvertToNative(typeDesc reflect.Type) (any, error) {
	switch typeDesc {
	case decimalGoType:
		v, ok := d.AsDecimal()
		if !ok {
			return nil, fmt.Errorf("decimal: %s has no finite decimal expansion", d)
		}
		return v, nil
	case ratGoType:
		return d.Rat(), nil
	case reflect.TypeOf(d):
		return d, nil
	}
	if typeDesc.Kind() == reflect.String {
		return d.String(), nil
	}
	return nil, fmt.Errorf("decimal: cannot convert to %v", typeDesc)
}

// ConvertToType implements ref.Val.
func (d Decimal) ConvertToType(typeVal ref.Type) ref.Val {
	switch typeVal {
	case Type:
		return d
	case types.StringType:
		return types.String(d.String())
	case types.TypeType:
		return Type
	}
	return types.NewErr("type conversion error from 'decimal' to '%s'", typeVal)
}

// Equal implements ref.Val, exactly. Decimals equal ints of the same value.
func (d Decimal) Equal(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.False
	}
	return types.Bool(Cmp(d, o) == 0)
}

// Type implements ref.Val.
func (d Decimal) Type() ref.Type { return Type }

// Value implements ref.Val: a decimal.Decimal, or a *big.Rat for a fraction.
func (d Decimal) Value() any {
	if v, ok := d.AsDecimal(); ok {
		return v
	}
	return d.Rat()
}

// String renders the value exactly: "2.5", or "200/3" for a fraction. A
// decimal is written as decimal.Decimal's String writes it under
// shopspring's default settings (see AppendPlain), whatever a host has set
// them to: the audit's text does not depend on them.
func (d Decimal) String() string {
	if d.x != nil && d.x.fd != 0 {
		return d.x.fracString()
	}
	if d.x != nil && d.x.r != nil {
		return d.x.r.RatString()
	}
	var buf [48]byte
	return string(d.appendPlain(buf[:0]))
}

// appendPlain appends a terminating d's text to dst.
func (d Decimal) appendPlain(dst []byte) []byte {
	if d.x == nil {
		if d.c == 0 {
			return append(dst, '0')
		}
		var dbuf [20]byte
		return AppendPlain(dst, d.c < 0, strconv.AppendUint(dbuf[:0], uabs(d.c), 10), d.e)
	}
	co := d.x.d.Coefficient() // a copy
	if co.Sign() == 0 {
		return append(dst, '0')
	}
	neg := co.Sign() < 0
	return AppendPlain(dst, neg, co.Abs(co).Append(nil, 10), d.x.d.Exponent())
}

// Package celdec is the glue between cel-go and exact decimals: a decimal
// value type with operators, the functions a scheme's rules may call, typed
// records for evidence, and the rewrite of checked expressions that keeps
// every number exact.
//
// It is internal: hosts use the scheme and engine packages, never this one.
package celdec

import (
	"fmt"
	"math/big"
	"reflect"

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
// engine records it. It is immutable.
type Decimal struct {
	D decimal.Decimal
	// R is the exact value when it does not terminate (its reduced
	// denominator has a prime factor other than 2 and 5); D is then unused.
	// Nil for every decimal, which is the common, fast case.
	R *big.Rat
}

// New wraps d as a CEL value.
func New(d decimal.Decimal) Decimal { return Decimal{D: d} }

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
		return Decimal{D: decimal.NewFromInt(int64(x))}, true
	}
	return Decimal{}, false
}

// result turns an exact operation's outcome into a CEL value.
func result(d Decimal, err error) ref.Val {
	if err != nil {
		return types.WrapErr(err)
	}
	return d
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
func (d Decimal) Negate() ref.Val { return Neg(d) }

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
		if d.R != nil {
			return nil, fmt.Errorf("decimal: %s has no finite decimal expansion", d)
		}
		return d.D, nil
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
	if d.R != nil {
		return d.Rat()
	}
	return d.D
}

// String renders the value exactly: "2.5", or "200/3" for a fraction.
func (d Decimal) String() string {
	if d.R != nil {
		return d.R.RatString()
	}
	return d.D.String()
}

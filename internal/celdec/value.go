// Package celdec is the glue between cel-go and exact decimals: a decimal
// value type with operators, the functions a scheme's rules may call, typed
// records for evidence, and the rewrite of checked expressions that keeps
// every number exact.
//
// It is internal: hosts use the scheme and engine packages, never this one.
package celdec

import (
	"fmt"
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

// Decimal is an exact decimal as a CEL value. It is immutable.
type Decimal struct {
	D decimal.Decimal
}

// New wraps d as a CEL value.
func New(d decimal.Decimal) Decimal { return Decimal{D: d} }

var decimalGoType = reflect.TypeOf(decimal.Decimal{})

// toDecimal converts an int or decimal CEL value; ok is false for any other.
func toDecimal(v ref.Val) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case Decimal:
		return x.D, true
	case types.Int:
		return decimal.NewFromInt(int64(x)), true
	}
	return decimal.Decimal{}, false
}

// Add implements traits.Adder.
func (d Decimal) Add(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	return Decimal{D: d.D.Add(o)}
}

// Subtract implements traits.Subtractor.
func (d Decimal) Subtract(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	return Decimal{D: d.D.Sub(o)}
}

// Multiply implements traits.Multiplier.
func (d Decimal) Multiply(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	return Decimal{D: d.D.Mul(o)}
}

// Negate implements traits.Negater.
func (d Decimal) Negate() ref.Val { return Decimal{D: d.D.Neg()} }

// Compare implements traits.Comparer.
func (d Decimal) Compare(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	return types.Int(d.D.Cmp(o))
}

// ConvertToNative implements ref.Val.
func (d Decimal) ConvertToNative(typeDesc reflect.Type) (any, error) {
	switch typeDesc {
	case decimalGoType:
		return d.D, nil
	case reflect.TypeOf(d):
		return d, nil
	}
	if typeDesc.Kind() == reflect.String {
		return d.D.String(), nil
	}
	return nil, fmt.Errorf("decimal: cannot convert to %v", typeDesc)
}

// ConvertToType implements ref.Val.
func (d Decimal) ConvertToType(typeVal ref.Type) ref.Val {
	switch typeVal {
	case Type:
		return d
	case types.StringType:
		return types.String(d.D.String())
	case types.TypeType:
		return Type
	}
	return types.NewErr("type conversion error from 'decimal' to '%s'", typeVal)
}

// Equal implements ref.Val. Decimals equal ints of the same value.
func (d Decimal) Equal(other ref.Val) ref.Val {
	o, ok := toDecimal(other)
	if !ok {
		return types.False
	}
	return types.Bool(d.D.Equal(o))
}

// Type implements ref.Val.
func (d Decimal) Type() ref.Type { return Type }

// Value implements ref.Val.
func (d Decimal) Value() any { return d.D }

// String renders the decimal exactly.
func (d Decimal) String() string { return d.D.String() }

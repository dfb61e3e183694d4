package celdec

import (
	"errors"

	"github.com/shopspring/decimal"
)

// Rounding names how a decimal is cut to a scale.
type Rounding uint8

// The rounding modes a scheme may declare.
const (
	HalfUp   Rounding = iota + 1 // 四舍五入: ties away from zero
	HalfEven                     // banker's rounding: ties to the even digit
	Floor                        // toward negative infinity
	Ceil                         // toward positive infinity
	Down                         // toward zero (truncate)
	Up                           // away from zero
)

var roundingNames = [...]string{"", "half_up", "half_even", "floor", "ceil", "down", "up"}

// String returns the scheme-file spelling of r.
func (r Rounding) String() string {
	if int(r) < len(roundingNames) && r != 0 {
		return roundingNames[r]
	}
	return "invalid"
}

// ParseRounding reads a scheme-file spelling such as "half_up".
func ParseRounding(s string) (Rounding, bool) {
	for i, n := range roundingNames {
		if i > 0 && n == s {
			return Rounding(i), true
		}
	}
	return 0, false
}

// RoundingNames lists the valid spellings in order.
func RoundingNames() []string { return append([]string(nil), roundingNames[1:]...) }

// Round cuts d to scale digits after the point. A coefficient of at most
// 18 digits is rounded in machine words (roundFast, held to shopspring's
// result, exponent included, by TestFastAgreesWithSlow); a result in the
// shared cache costs no allocation.
func (r Rounding) Round(d decimal.Decimal, scale int32) decimal.Decimal {
	if d.NumDigits() <= 18 {
		if v, ok := roundFast(Decimal{c: d.CoefficientInt64(), e: d.Exponent()}, scale, r); ok {
			return v.dec()
		}
	}
	return r.roundSlow(d, scale)
}

// roundSlow is Round on shopspring's arithmetic.
func (r Rounding) roundSlow(d decimal.Decimal, scale int32) decimal.Decimal {
	switch r {
	case HalfEven:
		return d.RoundBank(scale)
	case Floor:
		return d.RoundFloor(scale)
	case Ceil:
		return d.RoundCeil(scale)
	case Down:
		return d.RoundDown(scale)
	case Up:
		return d.RoundUp(scale)
	default:
		return d.Round(scale)
	}
}

// ErrDivisionByZero is returned for a division whose divisor is zero.
var ErrDivisionByZero = errors.New("division by zero")

// Divide returns a / b cut to scale digits with rounding r, exactly: the
// quotient is truncated, then the remainder decides the last digit, so no
// intermediate rounding can turn a near-tie into a tie.
func Divide(a, b decimal.Decimal, scale int32, r Rounding) (decimal.Decimal, error) {
	if b.IsZero() {
		return decimal.Decimal{}, ErrDivisionByZero
	}
	q, rem := a.QuoRem(b, scale)
	if rem.IsZero() {
		return q, nil
	}
	negative := a.Sign()*b.Sign() < 0
	unit := decimal.New(1, -scale)
	if negative {
		unit = unit.Neg()
	}
	half := rem.Abs().Add(rem.Abs()).Cmp(b.Abs().Shift(-scale)) // sign of the dropped fraction - ½ unit
	away := false
	switch r {
	case HalfUp:
		away = half >= 0
	case HalfEven:
		away = half > 0 || (half == 0 && lastDigitOdd(q, scale))
	case Floor:
		away = negative
	case Ceil:
		away = !negative
	case Up:
		away = true
	case Down:
		away = false
	default:
		away = half >= 0
	}
	if away {
		q = q.Add(unit)
	}
	return q, nil
}

func lastDigitOdd(q decimal.Decimal, scale int32) bool {
	c := q.Shift(scale).BigInt()
	return c.Bit(0) == 1
}

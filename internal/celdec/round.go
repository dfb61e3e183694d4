package celdec

import (
	"errors"
	"math"

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
	if a.NumDigits() <= 18 && b.NumDigits() <= 18 {
		if q, ok := divideFast(New(a), New(b), scale, r); ok {
			return smallDecimal(q.c, q.e), nil
		}
	}
	return divideSlow(a, b, scale, r), nil
}

// divideSlow is Divide on shopspring decimals.
func divideSlow(a, b decimal.Decimal, scale int32, r Rounding) decimal.Decimal {
	q, rem := a.QuoRem(b, scale)
	if rem.IsZero() {
		return q
	}
	negative := a.Sign()*b.Sign() < 0
	unit := decimal.New(1, -scale)
	if negative {
		unit = unit.Neg()
	}
	half := rem.Abs().Add(rem.Abs()).Cmp(b.Abs().Shift(-scale)) // sign of the dropped fraction - ½ unit
	if roundsAway(r, half, negative, half == 0 && lastDigitOdd(q, scale)) {
		q = q.Add(unit)
	}
	return q
}

// divideFast is Divide for compact a and b (b not zero), with the
// coefficient and exponent divideSlow gives; ok is false when an operand
// scaled to the quotient's exponent, or the quotient, does not fit.
func divideFast(a, b Decimal, scale int32, r Rounding) (Decimal, bool) {
	// a/b·10^scale = (ca/cb)·10^k: the quotient's coefficient at exponent
	// −scale, truncated, with the remainder over den. Where shopspring
	// panics (an exponent beyond int32), so does the slow path.
	k := int64(a.e) - int64(b.e) + int64(scale)
	if a.x != nil || b.x != nil || scale == math.MinInt32 || k > math.MaxInt32 || k < math.MinInt32 || b.c == 0 {
		return Decimal{}, false
	}
	num, den := a.c, b.c
	var ok bool
	if k >= 0 {
		num, ok = mulPow10(a.c, k)
	} else {
		den, ok = mulPow10(b.c, -k)
	}
	if !ok {
		return Decimal{}, false
	}
	q, rem := num/den, num%den
	if rem == 0 {
		return Decimal{c: q, e: -scale}, true
	}
	negative := (a.c < 0) != (b.c < 0)
	half := 0 // the sign of the dropped fraction − ½ unit
	switch twice, d := 2*uabs(rem), uabs(den); {
	case twice < d:
		half = -1
	case twice > d:
		half = 1
	}
	if roundsAway(r, half, negative, q&1 != 0) {
		step := int64(1)
		if negative {
			step = -1
		}
		if q, ok = add64(q, step); !ok {
			return Decimal{}, false
		}
	}
	return Decimal{c: q, e: -scale}, true
}

func lastDigitOdd(q decimal.Decimal, scale int32) bool {
	c := q.Shift(scale).BigInt()
	return c.Bit(0) == 1
}

// roundsAway reports whether a truncated quotient moves one unit away
// from zero under r: half is the sign of the dropped fraction less half a
// unit, negative the quotient's sign, odd whether its last digit is odd
// (read only for a tie under HalfEven). An invalid r rounds as HalfUp.
func roundsAway(r Rounding, half int, negative, odd bool) bool {
	switch r {
	case HalfEven:
		return half > 0 || (half == 0 && odd)
	case Floor:
		return negative
	case Ceil:
		return !negative
	case Up:
		return true
	case Down:
		return false
	}
	return half >= 0 // HalfUp and anything else
}

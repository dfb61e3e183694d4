package celdec

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// The compact form: a decimal c·10^e whose coefficient fits in an int64
// (but for math.MinInt64, so that negating never overflows), held in
// machine words. Most points, amounts and ratios are such values, and
// their arithmetic costs no allocation.
//
// Every operation here computes exactly what shopspring/decimal computes
// for decimal.New(c, e), coefficient and exponent alike (Add and Sub keep
// the smaller exponent, Mul adds them, the roundings give the exponent
// −places, …), or reports with ok false that its result does not fit;
// the caller then takes the slow path, which is shopspring itself. Overflow
// is detected exactly, with math/bits. fast_test.go checks every operation
// against the slow path.

// pow10u[k] is 10^k; 10^19 is the largest power of ten in a uint64.
var pow10u = func() (t [20]uint64) {
	p := uint64(1)
	for i := range t {
		t[i] = p
		p *= 10
	}
	return t
}()

// numDigits returns the number of decimal digits of u (1 for 0).
func numDigits(u uint64) int {
	n := 1
	for n < len(pow10u) && u >= pow10u[n] {
		n++
	}
	return n
}

// fits reports whether a magnitude u, of either sign, is a compact
// coefficient.
func fits(u uint64) bool { return u <= math.MaxInt64 }

func signed(u uint64, neg bool) int64 {
	if neg {
		return -int64(u)
	}
	return int64(u)
}

// mulPow10 returns c·10^k (k ≥ 0); ok is false when it does not fit.
func mulPow10(c int64, k int64) (int64, bool) {
	if c == 0 || k == 0 {
		return c, true
	}
	if k >= int64(len(pow10u)) {
		return 0, false
	}
	hi, lo := bits.Mul64(uabs(c), pow10u[k])
	if hi != 0 || !fits(lo) {
		return 0, false
	}
	return signed(lo, c < 0), true
}

// add64 returns a + b; ok is false when the sum is not a compact
// coefficient.
func add64(a, b int64) (int64, bool) {
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, false
	}
	return s, s != math.MinInt64
}

// align returns the coefficients of a and b at the smaller of their
// exponents, as shopspring's Add rescales them.
func align(a, b Decimal) (ca, cb int64, e int32, ok bool) {
	switch {
	case a.e == b.e:
		return a.c, b.c, a.e, true
	case a.e > b.e:
		ca, ok = mulPow10(a.c, int64(a.e)-int64(b.e))
		return ca, b.c, b.e, ok
	default:
		cb, ok = mulPow10(b.c, int64(b.e)-int64(a.e))
		return a.c, cb, a.e, ok
	}
}

// addFast returns a + b for compact a and b.
func addFast(a, b Decimal) (Decimal, bool) {
	ca, cb, e, ok := align(a, b)
	if !ok {
		return Decimal{}, false
	}
	s, ok := add64(ca, cb)
	return Decimal{c: s, e: e}, ok
}

// subFast returns a − b for compact a and b.
func subFast(a, b Decimal) (Decimal, bool) {
	return addFast(a, Decimal{c: -b.c, e: b.e})
}

// mulFast returns a × b for compact a and b.
func mulFast(a, b Decimal) (Decimal, bool) {
	e := int64(a.e) + int64(b.e)
	if e > math.MaxInt32 || e < math.MinInt32 {
		return Decimal{}, false // shopspring panics; the slow path does
	}
	hi, lo := bits.Mul64(uabs(a.c), uabs(b.c))
	if hi != 0 || !fits(lo) {
		return Decimal{}, false
	}
	return Decimal{c: signed(lo, (a.c < 0) != (b.c < 0)), e: int32(e)}, true
}

func sign64(c int64) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpFast compares compact a and b. It cannot fail: a coefficient that
// outgrows an int64 when it is brought to the other's exponent is larger
// in magnitude than the other's.
func cmpFast(a, b Decimal) int {
	if a.e == b.e {
		return cmp64(a.c, b.c)
	}
	sa, sb := sign64(a.c), sign64(b.c)
	if sa != sb {
		return cmp64(int64(sa), int64(sb))
	}
	if sa == 0 {
		return 0
	}
	if a.e > b.e {
		s, ok := mulPow10(a.c, int64(a.e)-int64(b.e))
		if !ok {
			return sa // |a| > |b|, and they have the same sign
		}
		return cmp64(s, b.c)
	}
	s, ok := mulPow10(b.c, int64(b.e)-int64(a.e))
	if !ok {
		return -sb
	}
	return cmp64(a.c, s)
}

// roundFast cuts compact a to places digits after the point with mode,
// as Rounding.Round does through shopspring: the result's exponent is
// −places, whatever a's.
func roundFast(a Decimal, places int32, mode Rounding) (Decimal, bool) {
	if places == math.MinInt32 {
		return Decimal{}, false
	}
	e := -places
	k := int64(e) - int64(a.e) // the digits dropped
	switch {
	case k == 0:
		return a, true
	case k < 0:
		c, ok := mulPow10(a.c, -k)
		return Decimal{c: c, e: e}, ok
	}
	q, r := int64(0), a.c // |a.c| < 10^19 ≤ 10^k
	if k < int64(len(pow10u))-1 {
		p := int64(pow10u[k])
		q, r = a.c/p, a.c%p
	}
	if r == 0 {
		return Decimal{c: q, e: e}, true
	}
	neg := a.c < 0
	var away bool
	switch mode {
	case Floor:
		away = neg
	case Ceil:
		away = !neg
	case Up:
		away = true
	case Down:
		away = false
	case HalfEven:
		h := halfCmp(uabs(r), k)
		away = h > 0 || (h == 0 && q&1 != 0)
	default: // HalfUp, and what Round does with an invalid mode
		away = halfCmp(uabs(r), k) >= 0
	}
	if away {
		if neg {
			q--
		} else {
			q++
		}
	}
	return Decimal{c: q, e: e}, true
}

// halfCmp returns the sign of 2·u − 10^k, for u < 10^19: whether dropped
// digits u are below, at or above half a unit of the last digit kept.
func halfCmp(u uint64, k int64) int {
	if k >= int64(len(pow10u)) {
		return -1
	}
	twice := 2 * u // u ≤ MaxInt64: no overflow
	switch p := pow10u[k]; {
	case twice < p:
		return -1
	case twice > p:
		return 1
	}
	return 0
}

// int64Of returns c·10^e when it is an integer that fits in an int64.
func int64Of(c int64, e int32) (int64, bool) {
	if e >= 0 {
		return mulPow10(c, int64(e))
	}
	k := -int64(e)
	if k >= int64(len(pow10u))-1 {
		return 0, c == 0 // 0 < |c| < 10^19 ≤ 10^k: a fraction of a unit
	}
	p := int64(pow10u[k])
	if c%p != 0 {
		return 0, false
	}
	return c / p, true
}

// parsePlain reads the plain decimal s (an optional sign, digits and at
// most one point; isPlainDecimal has said so) of at most 18 digits into
// the compact form, as decimal.NewFromString reads it: the coefficient is
// every digit written, the exponent minus the digits after the point.
func parsePlain(s string) Decimal {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var c int64
	e := int32(0)
	point := false
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			point = true
			continue
		}
		c = c*10 + int64(s[i]-'0')
		if point {
			e--
		}
	}
	if neg {
		c = -c
	}
	return Decimal{c: c, e: e}
}

// ParseNumber reads a JSON number (digits with an optional minus, point
// and exponent) in the compact form, with no allocation, exactly as
// decimal.NewFromString reads it. ok is false when the coefficient has
// more than 18 digits, or the text is anything else or out of shopspring's
// bounds: decimal.NewFromString then decides, and refuses what it must.
// Check the number's size (evidence.CheckNumber) before either.
func ParseNumber(s string) (Decimal, bool) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		neg, i = true, i+1
	}
	var c int64
	digits, frac, point := 0, int64(0), false
	for ; i < len(s); i++ {
		ch := s[i]
		if ch == '.' && !point {
			point = true
			continue
		}
		if ch < '0' || ch > '9' {
			break
		}
		if digits == 18 {
			return Decimal{}, false
		}
		c = c*10 + int64(ch-'0')
		digits++
		if point {
			frac++
		}
	}
	if digits == 0 {
		return Decimal{}, false
	}
	var exp int64
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg, i = s[i] == '-', i+1
		}
		start := i
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if i-start == 9 {
				return Decimal{}, false
			}
			exp = exp*10 + int64(s[i]-'0')
		}
		if i == start {
			return Decimal{}, false
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(s) {
		return Decimal{}, false
	}
	exp -= frac
	if limit := int64(decimal.MaxDecodeExponent); exp > limit || exp < -limit || exp > math.MaxInt32 || exp < math.MinInt32 {
		return Decimal{}, false
	}
	if neg {
		c = -c
	}
	return Decimal{c: c, e: int32(exp)}, true
}

// Parse reads an exact decimal written in plain notation, as ParseDecimal
// does, in the compact form when it has at most 18 digits.
func Parse(s string) (Decimal, error) {
	n, ok := plainDigits(s)
	if !ok {
		return Decimal{}, errInvalid(s)
	}
	if n <= 18 {
		return parsePlain(s), nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return Decimal{}, err
	}
	return New(d), nil
}

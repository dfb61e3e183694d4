package celdec

import (
	"errors"
	"github.com/branchscore/branchscore/internal/msg"
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// MaxRatBits bounds a fraction that does not terminate: its numerator and
// denominator together may have at most this many bits (about 1,200 decimal
// digits). Inputs are bounded in digits, so only a rule that divides over
// and over again (a sum of quotients over a long list) comes near it; it
// then fails with ErrTooLarge instead of allocating without bound.
const MaxRatBits = 4096

// ErrTooLarge is returned when an exact value outgrows MaxRatBits.
var ErrTooLarge = errors.New("exact value too large")

// Terminates reports whether d has a finite decimal expansion (it is held
// as a decimal, not as a fraction).
func (d Decimal) Terminates() bool { return d.x == nil || !d.x.isFrac() }

// Rat returns d as a fraction (a new value the caller may modify).
func (d Decimal) Rat() *big.Rat {
	switch {
	case d.x == nil && d.e <= 0 && d.e > -int32(len(pow10u))+1:
		return new(big.Rat).SetFrac64(d.c, int64(pow10u[-d.e]))
	case d.x != nil && d.x.fd != 0:
		return new(big.Rat).SetFrac64(d.x.fn, d.x.fd)
	case d.x != nil && d.x.r != nil:
		return new(big.Rat).Set(d.x.r)
	}
	return d.dec().Rat()
}

// Sign returns -1, 0 or 1.
func (d Decimal) Sign() int {
	switch {
	case d.x == nil:
		return sign64(d.c)
	case d.x.fd != 0:
		return sign64(d.x.fn)
	case d.x.r != nil:
		return d.x.r.Sign()
	}
	return d.x.d.Sign()
}

// FromRat returns r as a Decimal: a decimal when its denominator has no
// prime factor but 2 and 5, the fraction otherwise. r is not copied.
func FromRat(r *big.Rat) (Decimal, error) {
	if d, ok := terminating(r); ok {
		return New(d), nil
	}
	if r.Num().BitLen()+r.Denom().BitLen() > MaxRatBits {
		return Decimal{}, msg.Errorf("%w: a fraction of more than %d bits", ErrTooLarge, MaxRatBits)
	}
	return Decimal{x: &wide{r: r}}, nil
}

var (
	bigOne  = big.NewInt(1)
	bigFive = big.NewInt(5)
	bigTen  = big.NewInt(10)
)

// terminating returns r as a decimal when its (reduced) denominator is
// 2^a·5^b: then r = num·2^(n-a)·5^(n-b) / 10^n with n = max(a, b).
func terminating(r *big.Rat) (decimal.Decimal, bool) {
	den := r.Denom()
	if den.Cmp(bigOne) == 0 {
		return decimal.NewFromBigInt(r.Num(), 0), true
	}
	twos := den.TrailingZeroBits()
	rest := new(big.Int).Rsh(den, twos)
	fives := uint(0)
	var q, m big.Int
	for rest.Cmp(bigOne) != 0 {
		q.QuoRem(rest, bigFive, &m)
		if m.Sign() != 0 {
			return decimal.Decimal{}, false
		}
		rest.Set(&q)
		fives++
	}
	n := max(twos, fives)
	num := new(big.Int).Set(r.Num())
	if n > twos {
		num.Lsh(num, n-twos)
	}
	if n > fives {
		num.Mul(num, new(big.Int).Exp(bigFive, big.NewInt(int64(n-fives)), nil))
	}
	return decimal.NewFromBigInt(num, -int32(n)), true
}

// Add returns a + b exactly.
func Add(a, b Decimal) (Decimal, error) {
	if a.x == nil && b.x == nil {
		if v, ok := addFast(a, b); ok {
			return v, nil
		}
	}
	if a.Terminates() && b.Terminates() {
		return New(a.dec().Add(b.dec())), nil
	}
	return FromRat(new(big.Rat).Add(a.Rat(), b.Rat()))
}

// Sub returns a - b exactly.
func Sub(a, b Decimal) (Decimal, error) {
	if a.x == nil && b.x == nil {
		if v, ok := subFast(a, b); ok {
			return v, nil
		}
	}
	if a.Terminates() && b.Terminates() {
		return New(a.dec().Sub(b.dec())), nil
	}
	return FromRat(new(big.Rat).Sub(a.Rat(), b.Rat()))
}

// Mul returns a × b exactly.
func Mul(a, b Decimal) (Decimal, error) {
	if a.x == nil && b.x == nil {
		if v, ok := mulFast(a, b); ok {
			return v, nil
		}
	}
	if a.Terminates() && b.Terminates() {
		return New(a.dec().Mul(b.dec())), nil
	}
	return FromRat(new(big.Rat).Mul(a.Rat(), b.Rat()))
}

// Neg returns -a.
func Neg(a Decimal) Decimal {
	switch {
	case a.x == nil:
		return Decimal{c: -a.c, e: a.e}
	case a.x.fd != 0:
		return Decimal{x: &wide{fn: -a.x.fn, fd: a.x.fd}}
	case a.x.r != nil:
		w := newRatWide()
		w.r.Neg(a.x.r)
		return Decimal{x: w}
	}
	return New(a.x.d.Neg())
}

// Abs returns |a|.
func Abs(a Decimal) Decimal {
	if a.Sign() < 0 {
		return Neg(a)
	}
	return a
}

// Quo returns a / b exactly: a decimal when the quotient terminates (1/8 is
// 0.125, whatever the scheme's scale), the fraction otherwise (2/3).
func Quo(a, b Decimal) (Decimal, error) {
	if b.Sign() == 0 {
		return Decimal{}, ErrDivisionByZero
	}
	if a.Terminates() && b.Terminates() {
		// a/b = (ca/cb)·10^(ea-eb): reduce the coefficients, then scale.
		ea, eb := a.exponent(), b.exponent()
		sh := int64(ea) - int64(eb)
		if abs64(sh) > maxShift {
			return Decimal{}, msg.Errorf("%w: exponents %d and %d", ErrTooLarge, ea, eb)
		}
		if a.x == nil && b.x == nil {
			if d, ok := quoSmall(a.c, b.c, sh); ok {
				return d, nil
			}
		}
		ad, bd := a.dec(), b.dec()
		r := new(big.Rat).SetFrac(ad.Coefficient(), bd.Coefficient())
		if d, ok := terminating(r); ok {
			return New(d.Shift(int32(sh))), nil
		}
		if sh != 0 {
			p := new(big.Int).Exp(bigTen, big.NewInt(abs64(sh)), nil)
			if sh > 0 {
				r.Mul(r, new(big.Rat).SetInt(p))
			} else {
				r.Quo(r, new(big.Rat).SetInt(p))
			}
		}
		return FromRat(r)
	}
	return FromRat(new(big.Rat).Quo(a.Rat(), b.Rat()))
}

// maxShift bounds the difference of a quotient's exponents: 10^1000 is
// some 3,300 bits, within MaxRatBits.
const maxShift = 1000

// quoSmall is Quo's fast path, in machine words: x and y are compact
// coefficients (y not 0) and what it builds fits in an int64. ok is false
// otherwise, and the big-number path decides.
func quoSmall(x, y int64, sh int64) (Decimal, bool) {
	neg := (x < 0) != (y < 0)
	ux, uy := uabs(x), uabs(y)
	g := gcd64(ux, uy)
	ux, uy = ux/g, uy/g
	den := uy
	twos := bits.TrailingZeros64(uy)
	uy >>= twos
	fives := 0
	for uy%5 == 0 {
		uy /= 5
		fives++
	}
	sign := int64(1)
	if neg {
		sign = -1
	}
	if uy != 1 {
		// It does not terminate: ux/den · 10^sh as a fraction.
		num := ux
		for ; sh > 0; sh-- {
			if num > math.MaxInt64/10 {
				return Decimal{}, false
			}
			num *= 10
		}
		for ; sh < 0; sh++ {
			if den > math.MaxInt64/10 {
				return Decimal{}, false
			}
			den *= 10
		}
		if num > math.MaxInt64 || den > math.MaxInt64 {
			return Decimal{}, false
		}
		if g := gcd64(num, den); g > 1 {
			num, den = num/g, den/g
		}
		if num <= maxFrac && den <= maxFrac {
			return Decimal{x: &wide{fn: sign * int64(num), fd: int64(den)}}, true
		}
		w := newRatWide()
		w.r.SetFrac64(sign*int64(num), int64(den))
		return Decimal{x: w}, true
	}
	n := max(twos, fives)
	for range n - twos {
		if ux > math.MaxInt64/2 {
			return Decimal{}, false
		}
		ux *= 2
	}
	for range n - fives {
		if ux > math.MaxInt64/5 {
			return Decimal{}, false
		}
		ux *= 5
	}
	return Decimal{c: sign * int64(ux), e: int32(sh - int64(n))}, true
}

func uabs(x int64) uint64 {
	if x < 0 {
		return uint64(-x) // -MinInt64 wraps to 2^63, its magnitude
	}
	return uint64(x)
}

func gcd64(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// exponent returns the exponent of a terminating d.
func (d Decimal) exponent() int32 {
	if d.x == nil {
		return d.e
	}
	return d.x.d.Exponent()
}

// Cmp compares a and b exactly.
func Cmp(a, b Decimal) int {
	switch {
	case a.x == nil && b.x == nil:
		return cmpFast(a, b)
	case a.Terminates() && b.Terminates():
		return a.dec().Cmp(b.dec())
	}
	if c, ok := cmpFrac(a, b); ok {
		return c
	}
	return a.Rat().Cmp(b.Rat())
}

// RoundTo cuts a to scale digits after the point with r, exactly: a
// fraction is rounded from its numerator and denominator, never through an
// intermediate decimal.
func RoundTo(a Decimal, scale int32, r Rounding) decimal.Decimal {
	return roundTo(a, scale, r).dec()
}

// roundTo is RoundTo as a Decimal.
func roundTo(a Decimal, scale int32, r Rounding) Decimal {
	switch {
	case a.x == nil:
		if v, ok := roundFast(a, scale, r); ok {
			return v
		}
		return New(r.roundSlow(a.dec(), scale))
	case a.x.fd != 0:
		if q, ok := divideFast(Decimal{c: a.x.fn}, Decimal{c: a.x.fd}, scale, r); ok && uabs(q.c) <= maxFrac {
			return q // as Divide gives it: New keeps 18 digits compact
		}
		q, _ := Divide(decimal.New(a.x.fn, 0), decimal.New(a.x.fd, 0), scale, r)
		return New(q)
	case a.x.r == nil:
		return New(r.Round(a.x.d, scale))
	}
	q, _ := Divide(decimal.NewFromBigInt(a.x.r.Num(), 0), decimal.NewFromBigInt(a.x.r.Denom(), 0), scale, r)
	return New(q)
}

// FloorInt returns the greatest integer not above a.
func FloorInt(a Decimal) decimal.Decimal { return RoundTo(a, 0, Floor) }

// CeilInt returns the least integer not below a.
func CeilInt(a Decimal) decimal.Decimal { return RoundTo(a, 0, Ceil) }

// Pct returns a / 100 exactly.
func Pct(a Decimal) Decimal {
	switch {
	case a.x == nil && a.e >= math.MinInt32+2:
		return Decimal{c: a.c, e: a.e - 2}
	case a.x != nil && a.x.fd != 0:
		if v, ok := pctFrac(a.x.fn, a.x.fd); ok {
			return v
		}
		w := newRatWide()
		w.r.Quo(a.Rat(), big.NewRat(100, 1))
		return Decimal{x: w}
	case a.x != nil && a.x.r != nil:
		w := newRatWide()
		w.r.Quo(a.x.r, big.NewRat(100, 1))
		return Decimal{x: w}
	}
	return New(a.dec().Shift(-2))
}

package celdec

import (
	"math/bits"
	"strconv"
)

// A fraction that does not terminate and whose numerator and denominator
// have at most 18 digits is held in machine words, in the wide's fn and fd
// (reduced, fd > 1, the sign on fn), without a big.Rat: a quotient such as
// (actual - target) * 100 / target costs one allocation, and comparing it
// with a band edge or rounding it where the engine records it costs none.
// Every operation this file has no fast path for reads it through Rat, as
// it reads a big.Rat fraction, so results do not depend on the form.

// maxFrac bounds fn's magnitude and fd in the machine-word form: 18
// digits, as New keeps a decimal compact, so that Divide and the fast
// paths here see the operands they would see through big numbers.
const maxFrac = 999_999_999_999_999_999

// isFrac reports whether w holds a fraction that does not terminate.
func (w *wide) isFrac() bool { return w.fd != 0 || w.r != nil }

// fracString is big.Rat's RatString of fn/fd.
func (w *wide) fracString() string {
	var buf [48]byte
	b := strconv.AppendInt(buf[:0], w.fn, 10)
	b = append(b, '/')
	return string(strconv.AppendInt(b, w.fd, 10))
}

// pctFrac returns n/d / 100 in machine words; ok is false when the
// denominator outgrows maxFrac.
func pctFrac(n, d int64) (Decimal, bool) {
	g := int64(gcd64(uabs(n), 100))
	hi, lo := bits.Mul64(uint64(d), uint64(100/g))
	if hi != 0 || lo > maxFrac {
		return Decimal{}, false
	}
	return Decimal{x: &wide{fn: n / g, fd: int64(lo)}}, true
}

// fracParts returns v as n/d·10^e for a compact decimal (d = 1) or a
// machine-word fraction (e = 0); ok is false for any other form.
func fracParts(v Decimal) (n int64, d uint64, e int32, ok bool) {
	switch {
	case v.x == nil:
		return v.c, 1, v.e, true
	case v.x.fd != 0:
		return v.x.fn, uint64(v.x.fd), 0, true
	}
	return 0, 0, 0, false
}

// cmpFrac is Cmp when a or b is a machine-word fraction and the other one
// is too, or is compact: a = na/da·10^ea against b = nb/db·10^eb compares
// |na|·db·10^(ea-eb) with |nb|·da (or the other way round) in 128 bits.
// ok is false when an operand has another form or a product overflows.
func cmpFrac(a, b Decimal) (int, bool) {
	na, da, ea, ok1 := fracParts(a)
	nb, db, eb, ok2 := fracParts(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	sa, sb := sign64(na), sign64(nb)
	if sa != sb {
		return cmp64(int64(sa), int64(sb)), true
	}
	if sa == 0 {
		return 0, true
	}
	// Same sign, not zero: compare the magnitudes, the order flipped below
	// zero. |n| < 2^63 and d, 10^k < 2^64, so a product of two fits in 128
	// bits; a third factor is checked.
	lh, ll := bits.Mul64(uabs(na), db)
	rh, rl := bits.Mul64(uabs(nb), da)
	var ok bool
	if k := int64(ea) - int64(eb); k > 0 {
		lh, ll, ok = mulPow10x128(lh, ll, k)
	} else {
		rh, rl, ok = mulPow10x128(rh, rl, -k)
	}
	if !ok {
		return 0, false
	}
	c := 0
	switch {
	case lh != rh:
		c = cmpU(lh, rh)
	default:
		c = cmpU(ll, rl)
	}
	return c * sa, true
}

// mulPow10x128 returns (hi, lo)·10^k in 128 bits; ok is false on overflow.
func mulPow10x128(hi, lo uint64, k int64) (uint64, uint64, bool) {
	if k == 0 {
		return hi, lo, true
	}
	if k >= int64(len(pow10u)) {
		return 0, 0, false
	}
	p := pow10u[k]
	h1, l := bits.Mul64(lo, p)
	h2h, h2l := bits.Mul64(hi, p)
	h, carry := bits.Add64(h1, h2l, 0)
	if h2h != 0 || carry != 0 {
		return 0, 0, false
	}
	return h, l, true
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

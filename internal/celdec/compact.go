package celdec

import (
	"github.com/shopspring/decimal"
)

// What the engine needs of the compact form to hold its results' numbers
// in machine words too (engine.Points): the coefficient and exponent of a
// parsed value, the shared decimal of a small value, and the text.

// Compact returns d's coefficient and exponent when d is in the compact
// form: d means decimal.New(c, e).
func (d Decimal) Compact() (c int64, e int32, ok bool) {
	if d.x != nil {
		return 0, 0, false
	}
	return d.c, d.e, true
}

// SmallDecimal returns decimal.New(c, e), from the shared cache, with no
// allocation, when it is there (see cache.go).
func SmallDecimal(c int64, e int32) decimal.Decimal { return smallDecimal(c, e) }

// AppendPlain appends the number ±digits·10^e (digits: the coefficient's
// decimal digits, no sign, not all zeros) in plain notation with the
// zeros that end its fraction dropped, and the point with them: what
// decimal.Decimal's String writes under shopspring's default settings
// (2.50 → "2.5", 12·10^2 → "1200", 5·10^-3 → "0.005"), whatever a host
// has set them to.
func AppendPlain(dst []byte, neg bool, digits []byte, e int32) []byte {
	if neg {
		dst = append(dst, '-')
	}
	if e >= 0 {
		dst = append(dst, digits...)
		for range e {
			dst = append(dst, '0')
		}
		return dst
	}
	// Trailing zeros after the point are dropped, and the point with them.
	point := len(digits) + int(e) // digits before the point; ≤ 0: none
	end := len(digits)
	for end > max(point, 0) && digits[end-1] == '0' {
		end--
	}
	if point > 0 {
		dst = append(dst, digits[:point]...)
	} else {
		dst = append(dst, '0')
	}
	if end > max(point, 0) {
		dst = append(dst, '.')
		for range -point {
			dst = append(dst, '0')
		}
		dst = append(dst, digits[max(point, 0):end]...)
	}
	return dst
}

package engine

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"strconv"

	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
)

// Points is an exact number. It marshals as a JSON string ("2.5") whatever
// the decimal package's global settings, so stored results are stable.
//
// It means what a decimal.Decimal of the same coefficient and exponent
// means, and shows the same text ("2.50" is 2.50, shown as
// decimal.Decimal shows it). Two Points of the same coefficient and
// exponent are equal (==, reflect.DeepEqual) however they were made.
type Points struct {
	// The compact form, a value whose coefficient has at most 18 digits:
	// c·10^e, in machine words, with no allocation to make or keep.
	c int64
	e int32
	// x is any other value, and nil in the compact form: a value is held
	// in the compact form whenever it fits, so each value has one form.
	x *decimal.Decimal
}

// compactDigits is the most digits of a coefficient held in the compact
// form, as celdec.New counts them: the sum of two such coefficients fits
// in an int64.
const compactDigits = 18

// maxCompact is the largest coefficient of the compact form.
const maxCompact = 999_999_999_999_999_999

// NewPoints returns d as Points. A host needs it only to build Points of
// its own, for example to add up sections' contributions in a report.
func NewPoints(d decimal.Decimal) Points {
	if d.NumDigits() <= compactDigits {
		return Points{c: d.CoefficientInt64(), e: d.Exponent()}
	}
	w := d // on the heap only here: &d would move every d there
	return Points{x: &w}
}

// compactPoints returns c·10^e as Points, as NewPoints(decimal.New(c, e)) does,
// with no allocation when the coefficient has at most 18 digits.
func compactPoints(c int64, e int32) Points {
	if c >= -maxCompact && c <= maxCompact {
		return Points{c: c, e: e}
	}
	d := decimal.New(c, e)
	return Points{x: &d}
}

// Decimal returns the value, with the coefficient and exponent it was
// made with. A small value (see celdec.SmallDecimal) costs no allocation.
func (p Points) Decimal() decimal.Decimal {
	switch {
	case p.x != nil:
		return *p.x
	case p.c == 0 && p.e == 0:
		return decimal.Decimal{} // decimal.Zero, as Points{} always was
	}
	return celdec.SmallDecimal(p.c, p.e)
}

// String renders the value exactly, as decimal.Decimal's String does
// under shopspring's default settings: plain notation, the zeros that end
// a fraction dropped ("2.5", "1200", "0.005"). It does not follow the
// package's global settings (decimal.TrimTrailingZeros,
// decimal.UseScientificNotation), so a host that changes them does not
// change a stored result's text, its hash or what Verify compares.
func (p Points) String() string {
	var buf [48]byte
	return string(p.appendText(buf[:0]))
}

// appendText appends String's text to dst.
func (p Points) appendText(dst []byte) []byte {
	if p.x == nil {
		if p.c == 0 {
			return append(dst, '0')
		}
		u := uint64(p.c)
		if p.c < 0 {
			u = -u
		}
		var dbuf [20]byte
		return celdec.AppendPlain(dst, p.c < 0, strconv.AppendUint(dbuf[:0], u, 10), p.e)
	}
	co := p.x.Coefficient() // a copy
	if co.Sign() == 0 {
		return append(dst, '0')
	}
	neg := co.Sign() < 0
	return celdec.AppendPlain(dst, neg, co.Abs(co).Append(nil, 10), p.x.Exponent())
}

// MarshalJSON writes the value as a string (String's text: digits, a
// sign and a point need no escaping).
func (p Points) MarshalJSON() ([]byte, error) {
	b := make([]byte, 1, 24)
	b[0] = '"'
	return append(p.appendText(b), '"'), nil
}

// MaxPointsDigits is the most digits Points reads from JSON, in plain
// notation only (what MarshalJSON writes): far more than a result holds,
// and few enough that reading a stored result stays fast.
const MaxPointsDigits = 1000

// UnmarshalJSON reads a string or a number exactly: plain notation (no
// exponent) of at most MaxPointsDigits digits, checked before it is parsed.
func (p *Points) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && plainText(b[1:len(b)-1]) {
		s = string(b[1 : len(b)-1]) // nothing to unescape
	} else if err := json.Unmarshal(b, &s); err != nil {
		s = string(b)
	}
	if err := checkPoints(s); err != nil {
		return fmt.Errorf("points: %w", err)
	}
	if v, ok := celdec.ParseNumber(s); ok {
		if c, e, ok := v.Compact(); ok {
			*p = compactPoints(c, e)
			return nil
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return fmt.Errorf("points: %w", err)
	}
	*p = NewPoints(d)
	return nil
}

// plainText reports whether b, the inside of a JSON string, reads as it
// is: no escapes and nothing below a space.
func plainText(b []byte) bool {
	for _, ch := range b {
		if ch == '\\' || ch < ' ' || ch >= 0x80 {
			return false
		}
	}
	return true
}

// sign returns −1, 0 or 1 as p is below, at or above 0.
func (p Points) sign() int {
	if p.x != nil {
		return p.x.Sign()
	}
	switch {
	case p.c < 0:
		return -1
	case p.c > 0:
		return 1
	}
	return 0
}

// cmp compares p and q as decimal.Decimal's Cmp does, with no allocation
// when both are compact and one aligns to the other in an int64.
func (p Points) cmp(q Points) int {
	if p.x == nil && q.x == nil {
		if p.e == q.e {
			return cmpInt64(p.c, q.c)
		}
		if s, t := p.sign(), q.sign(); s != t || s == 0 {
			return cmpInt64(int64(s), int64(t))
		}
		// Same sign, both nonzero: bring the one of the larger exponent
		// down to the other's.
		if p.e > q.e {
			if c, ok := scaleUp(p.c, p.e-q.e); ok {
				return cmpInt64(c, q.c)
			}
			return p.sign() // |p| ≥ 10^18·|…|: past any compact q
		}
		if c, ok := scaleUp(q.c, q.e-p.e); ok {
			return cmpInt64(p.c, c)
		}
		return -q.sign()
	}
	return p.Decimal().Cmp(q.Decimal())
}

// equal reports whether p and q are the same number (2.5 and 2.50 are).
func (p Points) equal(q Points) bool { return p.cmp(q) == 0 }

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// scaleUp returns c·10^k (k > 0) for a nonzero compact c; ok is false when
// its magnitude does not fit in an int64, so it is larger than any compact
// coefficient.
func scaleUp(c int64, k int32) (int64, bool) {
	if int(k) >= len(pow10) {
		return 0, false
	}
	u := uint64(c)
	if c < 0 {
		u = uint64(-c)
	}
	hi, lo := bits.Mul64(u, uint64(pow10[k]))
	if hi != 0 || lo > 1<<63-1 {
		return 0, false
	}
	if c < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// decText is d's text as Points writes it (see String): the numbers in the
// explanations and rectification reasons do not follow shopspring's
// global settings either.
func decText(d decimal.Decimal) string { return NewPoints(d).String() }

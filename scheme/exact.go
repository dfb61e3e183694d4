package scheme

import (
	"math/big"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
)

// Exact is the exact value of a number expression: a decimal, or, when the
// value has no finite decimal expansion (a quotient such as 200/3), the
// fraction. Comparisons with band edges, tier thresholds, caps and floors
// use it as it is; it is rounded only where it becomes a recorded number:
// to the scheme's arithmetic scale (Scheme.Division). The zero value is 0.
// It is immutable.
type Exact struct{ v celdec.Decimal }

// ExactOf returns d as an Exact.
func ExactOf(d decimal.Decimal) Exact { return Exact{v: celdec.New(d)} }

// Decimal returns the value as a decimal; ok is false when it does not
// terminate.
func (x Exact) Decimal() (decimal.Decimal, bool) { return x.v.AsDecimal() }

// Terminates reports whether the value has a finite decimal expansion.
func (x Exact) Terminates() bool { return x.v.Terminates() }

// Rat returns the value as a fraction (a copy).
func (x Exact) Rat() *big.Rat { return x.v.Rat() }

// String renders the value exactly: "2.5", or "200/3".
func (x Exact) String() string { return x.v.String() }

// Sign returns -1, 0 or 1.
func (x Exact) Sign() int { return x.v.Sign() }

// Cmp compares x and y exactly.
func (x Exact) Cmp(y Exact) int { return celdec.Cmp(x.v, y.v) }

// CmpDecimal compares x with d exactly.
func (x Exact) CmpDecimal(d decimal.Decimal) int { return celdec.Cmp(x.v, celdec.New(d)) }

// Add returns x + y; the error is celdec's bound on fractions.
func (x Exact) Add(y Exact) (Exact, error) { v, err := celdec.Add(x.v, y.v); return Exact{v}, err }

// Sub returns x − y.
func (x Exact) Sub(y Exact) (Exact, error) { v, err := celdec.Sub(x.v, y.v); return Exact{v}, err }

// Mul returns x × y.
func (x Exact) Mul(y Exact) (Exact, error) { v, err := celdec.Mul(x.v, y.v); return Exact{v}, err }

// Quo returns x / y; dividing by zero is an error.
func (x Exact) Quo(y Exact) (Exact, error) { v, err := celdec.Quo(x.v, y.v); return Exact{v}, err }

// Floor returns the greatest integer not above x.
func (x Exact) Floor() decimal.Decimal { return celdec.FloorInt(x.v) }

// Round cuts x to scale digits after the point with r, exactly.
func (x Exact) Round(scale int32, r Rounding) decimal.Decimal { return celdec.RoundTo(x.v, scale, r) }

// record returns the number recorded for x: x itself when it terminates
// (whatever its number of digits), otherwise x rounded to the scheme's
// arithmetic scale with its rounding; rounded reports the second case.
// The engine reaches it as plan.Recorded.
func (s *Scheme) record(x Exact) (d decimal.Decimal, rounded bool) {
	if d, ok := x.v.AsDecimal(); ok {
		return d, false
	}
	// Only a division makes a fraction, and dividing needs arithmetic; the
	// fallback keeps a malformed scheme from panicking.
	cfg := celdec.Config{Scale: 18, Rounding: celdec.HalfUp}
	if s.arith != nil {
		cfg = *s.arith
	}
	return x.Round(cfg.Scale, cfg.Rounding), true
}

// exactOf reads an int or decimal CEL value.
func exactOf(v ref.Val) (Exact, bool) {
	switch x := v.(type) {
	case celdec.Decimal:
		return Exact{v: x}, true
	case types.Int:
		return Exact{v: celdec.FromInt(int64(x))}, true
	}
	return Exact{}, false
}

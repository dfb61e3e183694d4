package celdec

import (
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests hold the machine-word fraction (frac.go) to the big.Rat
// fraction: the same value held as a big.Rat (ratOf) takes the slow path
// of every operation, and both must give the same result, text included.

// ratOf returns x held as a big.Rat fraction, the form it had before
// frac.go: the slow path.
func ratOf(x Decimal) Decimal { return Decimal{x: &wide{r: x.Rat()}} }

// fracOf returns n/d (not terminating) in the form Quo builds it.
func fracOf(t testing.TB, n, d int64) Decimal {
	t.Helper()
	q, err := Quo(FromInt(n), FromInt(d))
	require.NoError(t, err)
	require.False(t, q.Terminates(), "%d/%d", n, d)
	return q
}

// checkFrac compares the fast form x of a fraction with its big.Rat form
// on every unary operation and against each of others, on every path.
func checkFrac(t *testing.T, x Decimal, others []Decimal) {
	t.Helper()
	slow := ratOf(x)
	if x.String() != slow.String() || x.Sign() != slow.Sign() || x.Rat().Cmp(slow.x.r) != 0 || x.Terminates() {
		t.Fatalf("%s: text %q/%q, sign %d/%d", slow, x, slow, x.Sign(), slow.Sign())
	}
	if got, want := Neg(x).String(), Neg(slow).String(); got != want {
		t.Fatalf("-(%s): got %s want %s", slow, got, want)
	}
	if got, want := Pct(x).String(), Pct(slow).String(); got != want {
		t.Fatalf("%s%%: got %s want %s", slow, got, want)
	}
	for r := Rounding(0); r <= 7; r++ { // 0 and 7 are invalid: HalfUp
		for p := int32(-3); p <= 21; p++ {
			if err := sameDecimal(roundTo(x, p, r), RoundTo(slow, p, r)); err != nil {
				t.Fatalf("%s of %s to %d places: %v", r, slow, p, err)
			}
		}
	}
	for _, o := range others {
		for _, y := range []Decimal{o, ratOf(o)} {
			want := slow.Rat().Cmp(y.Rat())
			if got := Cmp(x, y); got != want {
				t.Fatalf("cmp(%s, %s): got %d want %d", slow, y, got, want)
			}
			if got := Cmp(y, x); got != -want {
				t.Fatalf("cmp(%s, %s): got %d want %d", y, slow, got, -want)
			}
		}
	}
}

// TestFracEdges: fractions against band edges equal to them (never: a
// fraction does not terminate), just above and below, of both signs, with
// denominators near the form's bound, and near-ties of every rounding mode.
func TestFracEdges(t *testing.T) {
	const big18 = 999_999_999_999_999_999
	tests := []struct {
		n, d int64
		why  string
	}{
		{200, 3, "tingnan's B1 measure: 66.67 against edges 66, 66.66…67, 67"},
		{-200, 3, "the same below zero"},
		{1, 3, "between 0.333333333333333333 and …334 at 18 places"},
		{-1, 3, "negative, rounding toward and away from zero differ"},
		{2, 3, "rounds up under half_up at every scale"},
		{1, 7, "a long period"},
		{big18 - 2, big18, "just below 1, both parts at the bound"},
		{big18, big18 - 2, "just above 1, both parts at the bound"},
		{-(big18 - 1), 3, "the numerator at the bound"},
		{1, big18, "just above 0: 1.000000000000000001e-18"},
		{-1, big18, "just below 0"},
		{3*100_000_000_000_000_000 + 2, 6 * 100_000_000_000_000_000, "just above ½: every mode on a near-tie at scale 0"},
		{3*100_000_000_000_000_000 - 2, 6 * 100_000_000_000_000_000, "just below ½"},
		{-(3*100_000_000_000_000_000 + 2), 6 * 100_000_000_000_000_000, "just below −½"},
		{3*10_000_000_000_000_000 + 2, 6 * 100_000_000_000_000_000, "just above 0.05: a near-tie at scale 1"},
		{3*10_000_000_000_000_000 - 2, 6 * 100_000_000_000_000_000, "just below 0.05"},
		{15*1_000_000_000_000 + 1, 3 * 10_000_000_000_000, "just above 0.5: a near-tie at scale 0, twelve digits further"},
		{25*1_000_000 + 1, 3 * 1_000_000, "just above 8⅓: near the edge 8.333333"},
	}
	edges := func(n, d int64) []Decimal {
		// Compact edges around n/d: its truncations at 0 to 19 places and one
		// unit either side, and the extremes of the compact form.
		var out []Decimal
		r := new(big.Rat).SetFrac64(n, d)
		for p := int32(0); p <= 19; p++ {
			q := RoundTo(Decimal{x: &wide{r: r}}, p, Down)
			out = append(out, New(q), New(q.Add(decimal.New(1, -p))), New(q.Sub(decimal.New(1, -p))))
		}
		return append(out, Decimal{}, FromInt(1), FromInt(-1), Decimal{c: math.MaxInt64}, Decimal{c: -math.MaxInt64},
			Decimal{c: math.MaxInt64, e: -19}, Decimal{c: 1, e: 19}, Decimal{c: 1, e: -19}, Decimal{c: 7, e: 400},
			Decimal{c: -7, e: -400}, wideOf(decimal.New(1, 0)))
	}
	var fracs []Decimal
	for _, tt := range tests {
		fracs = append(fracs, fracOf(t, tt.n, tt.d))
	}
	for i, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			x := fracs[i]
			assert.NotZero(t, x.x.fd, "%d/%d is held in machine words", tt.n, tt.d)
			checkFrac(t, x, append(edges(tt.n, tt.d), fracs...))
		})
	}
}

// TestFracBound pins when a quotient leaves the machine-word form: parts
// of 18 digits stay, 19 go to big.Rat, with the same text either way.
func TestFracBound(t *testing.T) {
	tests := []struct {
		a, b  Decimal
		words bool
		why   string
	}{
		{FromInt(999_999_999_999_999_998), FromInt(3), true, "an 18-digit numerator"},
		{FromInt(1), FromInt(999_999_999_999_999_999), true, "the denominator at the bound"},
		{FromInt(1), FromInt(1_000_000_000_000_000_001), false, "a 19-digit denominator"},
		{FromInt(1_000_000_000_000_000_001), FromInt(3), false, "a 19-digit numerator"},
		{Decimal{c: 1, e: 18}, FromInt(3), false, "10^18 after the shift has 19 digits"},
		{Decimal{c: 1, e: 17}, FromInt(3), true, "10^17 after the shift"},
		{FromInt(1), Decimal{c: 3, e: 17}, true, "3·10^17 as the denominator"},
		{FromInt(10), FromInt(6), true, "10/6 is reduced to 5/3"},
		{Decimal{c: 1, e: 1}, Decimal{c: 6, e: 0}, true, "reduced after the shift too"},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			q, err := Quo(tt.a, tt.b)
			require.NoError(t, err)
			require.False(t, q.Terminates())
			assert.Equal(t, tt.words, q.x.fd != 0)
			want := new(big.Rat).Quo(tt.a.Rat(), tt.b.Rat())
			assert.Equal(t, want.RatString(), q.String())
			checkFrac(t, q, []Decimal{New(decimal.NewFromBigRat(want, 20))})
		})
	}
}

// TestFracNoAllocations pins what issue 16 removed: comparing a fraction
// with a band edge, and rounding it, allocate nothing.
func TestFracNoAllocations(t *testing.T) {
	x := fracOf(t, 200, 3)
	edge := Decimal{c: 6667, e: -2}
	var sink int
	var d Decimal
	n := testing.AllocsPerRun(100, func() {
		sink += Cmp(x, edge)
		d = roundTo(x, 2, HalfUp)
	})
	assert.Zero(t, n)
	assert.Equal(t, "66.67", d.String())
}

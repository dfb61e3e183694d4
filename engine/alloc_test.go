package engine

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// TestSumIsTheChainOfAdds checks sum against decimal.Add term by term:
// the same value and the same exponent, in the int64 path and past it.
func TestSumIsTheChainOfAdds(t *testing.T) {
	d := decimal.RequireFromString
	tests := []struct {
		name  string
		start decimal.Decimal
		terms []decimal.Decimal
	}{
		{"no terms: the start itself", decimal.Zero, nil},
		{"integers", decimal.Zero, []decimal.Decimal{d("3"), d("-1"), d("7")}},
		{"finer exponents rescale the sum", decimal.Zero, []decimal.Decimal{d("1.5"), d("2"), d("0.25"), d("-0.125")}},
		{"zeros of several exponents", decimal.New(0, 2), []decimal.Decimal{d("0.0"), decimal.New(0, 3), d("0")}},
		{"a coarse term scaled up", d("0.001"), []decimal.Decimal{decimal.New(5, 4)}},
		{"overflow of the sum", d("900000000000000000"), []decimal.Decimal{d("900000000000000000"), d("1")}},
		{"overflow of a negative sum", d("-900000000000000000"), []decimal.Decimal{d("-900000000000000000"), d("-0.5")}},
		{"overflow when rescaling", d("123456789012345678"), []decimal.Decimal{d("0.1")}},
		{"a term past 18 digits", decimal.Zero, []decimal.Decimal{d("1"), d("12345678901234567890123"), d("2")}},
		{"a start past 18 digits", d("-12345678901234567890.5"), []decimal.Decimal{d("1"), d("0.25")}},
		{"a term whose exponent is past int64 powers", d("1"), []decimal.Decimal{decimal.New(1, 30)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.start
			s := newSum(tt.start)
			for _, x := range tt.terms {
				want = want.Add(x)
				s.add(x)
			}
			got := s.value()
			assert.True(t, want.Equal(got), "value: want %s, got %s", want, got)
			assert.Equal(t, want.Exponent(), got.Exponent(), "exponent")
		})
	}
}

// TestSumAddPointsIsAdd holds addPoints, which adds a compact Points's
// coefficient and exponent as they are, to add of the same number as a
// decimal.Decimal, and both to the chain of decimal.Add: the same value,
// exponent and form at every step, at the edges of the compact form (18
// and 19 digits, negative, zeros of several exponents, Points{}).
func TestSumAddPointsIsAdd(t *testing.T) {
	d := decimal.RequireFromString
	edges := []decimal.Decimal{
		d("0"), decimal.New(0, -3), decimal.New(0, 4), {},
		d("1.5"), d("-0.25"), d("7"), decimal.New(5, 4), decimal.New(1, 30),
		d("999999999999999999"), d("-999999999999999999"), // 18 digits
		d("1000000000000000000"), d("-1000000000000000000"), // 19 digits
		d("99999999999999999.9"), d("0.000000000000000001"),
		d("12345678901234567890123"), d("-12345678901234567890.5"),
	}
	for _, start := range []decimal.Decimal{decimal.Zero, d("0.01"), d("-900000000000000000")} {
		for i := range edges {
			for j := range edges {
				terms := []decimal.Decimal{edges[i], edges[j], edges[i], d("0.5")}
				want, viaDec, viaPts := start, newSum(start), newSum(start)
				for k, x := range terms {
					want = want.Add(x)
					viaDec.add(x)
					viaPts.addPoints(NewPoints(x))
					got := viaPts.value()
					assert.True(t, want.Equal(got), "%s + %v (term %d): want %s, got %s", start, terms, k, want, got)
					assert.Equal(t, want.Exponent(), got.Exponent(), "%s + %v (term %d): exponent", start, terms, k)
					assert.Equal(t, viaDec.big, viaPts.big, "%s + %v (term %d): form", start, terms, k)
					assert.Equal(t, viaDec.n, viaPts.n, "%s + %v (term %d): terms", start, terms, k)
					assert.Equal(t, NewPoints(viaDec.value()), NewPoints(got), "%s + %v (term %d)", start, terms, k)
				}
			}
		}
	}
	assert.Equal(t, newSum(decimal.Zero), zeroSum(), "zeroSum")
	assert.Equal(t, Points{}, NewPoints(decimal.Zero), "records adds Points{} for decimal.Zero")
}

package engine

import (
	"math/big"
	"reflect"
	"testing"

	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowRecord is how a number was recorded before recordP: record's
// decimal, and NewPoints of it, the exact value noted in st.
func slowRecord(e *evaluator, st *Step, v scheme.Exact) (decimal.Decimal, Points) {
	d := e.record(st, "points", v)
	return d, NewPoints(d)
}

// recordEdges are exact values at the edges of the compact forms: made
// from decimals, and by arithmetic that leaves a coefficient of 19 digits
// in machine words, or a fraction.
func recordEdges(t *testing.T) []struct {
	x   scheme.Exact
	why string
} {
	t.Helper()
	dec := func(s string) scheme.Exact { return scheme.ExactOf(decimal.RequireFromString(s)) }
	op := func(x scheme.Exact, err error) scheme.Exact { require.NoError(t, err); return x }
	big25 := decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(24), nil), -3)
	max18 := dec("999999999999999999")
	return []struct {
		x   scheme.Exact
		why string
	}{
		{scheme.Exact{}, "the zero Exact"},
		{dec("0"), "0"},
		{dec("0.00"), "0.00: zero with an exponent, shown 0, held −2"},
		{scheme.ExactOf(decimal.New(0, 3)), "0E+3"},
		{dec("2.5"), "2.5, cached"},
		{dec("2.50"), "2.50, cached"},
		{dec("-3"), "negative"},
		{dec("123456.789"), "not cached"},
		{max18, "18 digits: the largest compact Points"},
		{dec("-999999999999999999"), "−18 digits"},
		{dec("1000000000000000000"), "19 digits from a decimal"},
		{op(max18.Mul(dec("9"))), "19 digits left in machine words by Mul"},
		{op(max18.Add(max18)), "19 digits left in machine words by Add"},
		{op(max18.Mul(dec("-9"))), "−19 digits by Mul"},
		{scheme.ExactOf(big25), "25 digits"},
		{op(dec("200").Quo(dec("3"))), "200/3: rounded to the scale, noted exact"},
		{op(dec("-1").Quo(dec("3"))), "−1/3"},
		{op(dec("1").Quo(dec("8"))), "1/8 terminates"},
		{op(dec("2").Quo(dec("4"))), "2/4 terminates"},
		{op(dec("5").Quo(dec("0.05"))), "a quotient with a negative exponent"},
		{op(dec("0.05").Mul(dec("0.02"))), "0.0010"},
		{op(dec("1E-30").Mul(dec("1E-30"))), "a tiny exponent"},
	}
}

// TestRecordFastAgreesWithSlow holds recordP and recordPts, which make
// Points from an exact value's compact form, to record followed by NewPoints: the same
// decimal (coefficient and exponent), the same Points form, the same
// exact values noted.
func TestRecordFastAgreesWithSlow(t *testing.T) {
	s := compileExact(t, "sections: []\n")
	for _, tc := range recordEdges(t) {
		e := &evaluator{s: s}
		var fast, slow Step
		fd, fp := e.recordP(&fast, "points", tc.x)
		sd, sp := slowRecord(e, &slow, tc.x)
		assert.Zero(t, fd.Coefficient().Cmp(sd.Coefficient()), "%s: coefficient %s, want %s", tc.why, fd.Coefficient(), sd.Coefficient())
		assert.Equal(t, sd.Exponent(), fd.Exponent(), "%s: exponent", tc.why)
		assert.True(t, reflect.DeepEqual(sp, fp), "%s: Points %#v, want %#v", tc.why, fp, sp)
		assert.Equal(t, slow.Exact, fast.Exact, "%s: exact values noted", tc.why)
		agree(t, fp, sd, tc.why)
		var only Step
		assert.True(t, reflect.DeepEqual(sp, e.recordPts(&only, "points", tc.x)), "%s: recordPts", tc.why)
		assert.Equal(t, slow.Exact, only.Exact, "%s: exact values noted by recordPts", tc.why)

		// A sum of it, as Points and as a decimal, is one value too.
		var a, b sum
		a, b = zeroSum(), zeroSum()
		a.addPoints(fp)
		b.add(sd)
		a.addPoints(fp)
		b.add(sd)
		assert.True(t, reflect.DeepEqual(NewPoints(b.value()), a.points()), "%s: sum.points %#v, want %#v", tc.why, a.points(), NewPoints(b.value()))
		assert.Zero(t, a.value().Cmp(b.value()), "%s: sums differ", tc.why)
	}
}

// TestSumPointsAgree holds sum.points to NewPoints(sum.value()) on sums
// that stay in an int64, overflow it, or add nothing.
func TestSumPointsAgree(t *testing.T) {
	d := decimal.RequireFromString
	tests := []struct {
		start decimal.Decimal
		terms []string
		why   string
	}{
		{decimal.Zero, nil, "nothing added: the start"},
		{d("1.50"), nil, "nothing added to 1.50"},
		{decimal.Zero, []string{"0.00"}, "0.00 added: exponent −2"},
		{decimal.Zero, []string{"2", "-2"}, "back to 0"},
		{decimal.Zero, []string{"999999999999999999", "1"}, "19 digits, still in an int64"},
		{decimal.Zero, []string{"9000000000000000000", "9000000000000000000"}, "past an int64"},
		{decimal.Zero, []string{"1E+18", "0.000001"}, "aligning overflows"},
		{d("12345678901234567890123"), []string{"1"}, "a wide start"},
		{decimal.Zero, []string{"-0.5", "0.25", "-7"}, "negative"},
	}
	for _, tc := range tests {
		s := newSum(tc.start)
		if tc.start.Equal(decimal.Zero) && tc.start.Exponent() == 0 {
			s = zeroSum()
		}
		for _, x := range tc.terms {
			s.add(d(x))
		}
		assert.True(t, reflect.DeepEqual(NewPoints(s.value()), s.points()), "%s: %#v, want %#v", tc.why, s.points(), NewPoints(s.value()))
	}
}

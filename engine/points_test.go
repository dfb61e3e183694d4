package engine

import (
	"encoding/json"
	"math"
	"math/big"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// agree checks that p, made from d whichever form it took, is d: the same
// text, the same JSON both ways, the same coefficient and exponent back,
// and the same Points made again through each other path.
func agree(t *testing.T, p Points, d decimal.Decimal, why string) {
	t.Helper()
	assert.Equal(t, d.String(), p.String(), "%s: String", why)
	want, err := json.Marshal(d.String())
	require.NoError(t, err)
	got, err := json.Marshal(p) // through encoding/json, as a result is written
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "%s: MarshalJSON", why)

	back := p.Decimal()
	assert.Zero(t, back.Coefficient().Cmp(d.Coefficient()), "%s: Decimal() coefficient %s, want %s", why, back.Coefficient(), d.Coefficient())
	assert.Equal(t, d.Exponent(), back.Exponent(), "%s: Decimal() exponent", why)

	// One value, one form: made again from its decimal, from its JSON or
	// from the text that decimal.NewFromString reads, it is the same Points.
	assert.True(t, reflect.DeepEqual(p, NewPoints(back)), "%s: NewPoints(p.Decimal()) is another form", why)
	var fromJSON Points
	require.NoError(t, json.Unmarshal(got, &fromJSON), why)
	if text, err := decimal.NewFromString(d.String()); err == nil {
		assert.True(t, reflect.DeepEqual(NewPoints(text), fromJSON), "%s: UnmarshalJSON(%s) gives %#v, NewPoints %#v", why, got, fromJSON, NewPoints(text))
	}
	assert.Equal(t, d.String(), fromJSON.String(), "%s: JSON round trip", why)
	if d.NumDigits() <= compactDigits {
		assert.Nil(t, p.x, "%s: fits the compact form but is wide", why)
		assert.True(t, reflect.DeepEqual(p, compactPoints(d.CoefficientInt64(), d.Exponent())), "%s: compactPoints differs", why)
	} else {
		assert.NotNil(t, p.x, "%s: does not fit the compact form", why)
	}
}

func TestPointsFormsAgree(t *testing.T) {
	big19 := new(big.Int).Exp(big.NewInt(10), big.NewInt(30), nil)
	tests := []struct {
		d   decimal.Decimal
		why string
	}{
		{decimal.Decimal{}, "the zero value, as Points{} is"},
		{decimal.New(0, 0), "zero made with New"},
		{decimal.New(0, -2), "zero with two places: text 0"},
		{decimal.New(0, 3), "zero with a positive exponent"},
		{decimal.New(25, -1), "2.5, in the shared cache"},
		{decimal.New(250, -2), "2.50: trailing zero kept in the value, not in the text"},
		{decimal.New(-5, -1), "-0.5: sign before the leading zero"},
		{decimal.New(-1, -3), "-0.001: leading zeros after the point"},
		{decimal.New(123456, -2), "outside the cache: 1234.56"},
		{decimal.New(7, 5), "a positive exponent: 700000"},
		{decimal.New(-7, 40), "the largest exponent written out fast"},
		{decimal.New(-7, 41), "past it: shopspring writes it"},
		{decimal.New(3, -40), "the smallest exponent written out fast"},
		{decimal.New(3, -41), "past it"},
		{decimal.New(999_999_999_999_999_999, -4), "18 digits: the largest compact coefficient"},
		{decimal.New(-999_999_999_999_999_999, 0), "18 digits, negative"},
		{decimal.New(1_000_000_000_000_000_000, -2), "19 digits: wide though it fits an int64"},
		{decimal.New(math.MaxInt64, 0), "MaxInt64: wide"},
		{decimal.New(math.MinInt64, -3), "MinInt64: wide"},
		{decimal.NewFromBigInt(big19, -5), "31 digits: wide"},
		{decimal.NewFromBigInt(new(big.Int).Neg(big19), 2), "31 digits, negative, positive exponent"},
		{decimal.RequireFromString("0.10"), "parsed 0.10"},
		{decimal.RequireFromString("-12345678901234567.8"), "parsed 18 digits"},
		{decimal.RequireFromString("12345678901234567890.123"), "parsed 23 digits"},
	}
	for _, tt := range tests {
		agree(t, NewPoints(tt.d), tt.d, tt.why)
	}
}

func TestPointsUnmarshalForms(t *testing.T) {
	tests := []struct {
		in, want string // want: decimal.NewFromString's value, by String
		why      string
	}{
		{`"2.50"`, "2.5", "a string, as MarshalJSON writes it"},
		{`2.50`, "2.5", "a bare number"},
		{`"-0"`, "0", "minus zero"},
		{`"\u0032.5"`, "2.5", "an escape: read by encoding/json first"},
		{`".5"`, "0.5", "no digit before the point, as NewFromString reads it"},
		{`"123456789012345678901234567890"`, "123456789012345678901234567890", "wide"},
	}
	for _, tt := range tests {
		var p Points
		require.NoError(t, json.Unmarshal([]byte(tt.in), &p), tt.why)
		assert.Equal(t, tt.want, p.String(), tt.why)
		s := tt.in
		if err := json.Unmarshal([]byte(tt.in), &s); err != nil {
			s = tt.in
		}
		assert.True(t, reflect.DeepEqual(NewPoints(decimal.RequireFromString(s)), p), "%s: %#v", tt.why, p)
	}
	for _, bad := range []string{`"1e3"`, `"abc"`, `""`, `"1.2.3"`, `true`} {
		var p Points
		assert.Error(t, json.Unmarshal([]byte(bad), &p), "%s is refused", bad)
	}
}

func TestPointsCmp(t *testing.T) {
	vals := []decimal.Decimal{
		decimal.Decimal{}, decimal.New(0, -3), decimal.New(1, 0), decimal.New(10, -1), decimal.New(-1, 0),
		decimal.New(999_999_999_999_999_999, 0), decimal.New(999_999_999_999_999_999, 5), decimal.New(-999_999_999_999_999_999, 5),
		decimal.New(1, 18), decimal.New(1, -18), decimal.New(-3, 30), decimal.New(3, -30),
		decimal.New(math.MaxInt64, 0), decimal.New(math.MinInt64, 0), decimal.New(5, 1), decimal.New(49, 0), decimal.New(51, 0),
	}
	for _, a := range vals {
		for _, b := range vals {
			assert.Equal(t, a.Cmp(b), NewPoints(a).cmp(NewPoints(b)), "cmp(%s, %s)", a, b)
			assert.Equal(t, a.Sign(), NewPoints(a).sign(), "sign(%s)", a)
		}
	}
}

// FuzzPoints: whatever its coefficient and exponent, Points agrees with
// the decimal it was made from, and compares as decimals do.
func FuzzPoints(f *testing.F) {
	f.Add(int64(25), int32(-1), int64(250), int32(-2), false)
	f.Add(int64(math.MaxInt64), int32(3), int64(math.MinInt64), int32(0), true)
	f.Add(int64(999_999_999_999_999_999), int32(-40), int64(-1), int32(41), false)
	f.Fuzz(func(t *testing.T, c int64, e int32, c2 int64, e2 int32, wide bool) {
		e, e2 = e%64, e2%64 // shopspring writes every digit: keep the text short
		d := decimal.New(c, e)
		if wide { // a coefficient past an int64
			d = decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(c), big.NewInt(math.MaxInt64)), e)
		}
		p := NewPoints(d)
		agree(t, p, d, d.String())
		d2 := decimal.New(c2, e2)
		assert.Equal(t, d.Cmp(d2), p.cmp(NewPoints(d2)), "cmp(%s, %s)", d, d2)
	})
}

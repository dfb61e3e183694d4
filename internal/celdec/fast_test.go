package celdec

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"cel.dev/cel-go/common/types"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests hold the compact form (fast.go) to the slow path: for every
// operation, the value computed in machine words has the coefficient and
// the exponent shopspring/decimal computes, and the text it writes. The
// slow path is shopspring itself, reached by wideOf, which keeps a value
// out of the compact form, and by calling decimal.Decimal's methods.

// wideOf returns d held as a decimal.Decimal even when it would fit the
// compact form: it takes the slow path of every operation.
func wideOf(d decimal.Decimal) Decimal { return Decimal{x: &wide{d: d}} }

// compactOf returns d in the compact form whenever its coefficient fits,
// 19 digits included (New keeps those as they are).
func compactOf(d decimal.Decimal) Decimal {
	if c := d.Coefficient(); c.IsInt64() && c.Int64() != math.MinInt64 {
		return Decimal{c: c.Int64(), e: d.Exponent()}
	}
	return New(d)
}

// edgeCoefficients are the coefficients the tests combine: small values
// and ties, and values at and beyond the int64 edges.
var edgeCoefficients = []string{
	"0", "1", "2", "5", "15", "25", "45", "99", "100", "1000", "1001", "12345",
	// √MaxInt64 ≈ 3037000499.98: their squares just fit, and overflow.
	"3037000499", "3037000500",
	// 18 and 19 digits.
	"999999999999999999", "1000000000000000000",
	// 2^62: doubling it overflows.
	"4611686018427387904",
	// Ties when 19 digits are dropped.
	"4999999999999999999", "5000000000000000000", "5000000000000000001",
	// MaxInt64/10 and one more: ×10 fits, and overflows.
	"922337203685477580", "922337203685477581",
	// MaxInt64; 2^63, MinInt64's magnitude, never compact; and beyond.
	"9223372036854775807", "9223372036854775808", "10000000000000000000", "123456789012345678901234567890",
}

var edgeExponents = []int32{0, -1, -2, -3, 1, 2, -17, -18, -19, -20, 18, 19, -40, 40, -41, 41}

// pairExponents are the exponents of the values combined in pairs: fewer,
// as pairs are many.
var pairExponents = []int32{0, -2, 1, -19, 41}

// edgeValues returns every edge coefficient, with either sign, at every
// exponent of exps.
func edgeValues(exps []int32) []decimal.Decimal {
	var out []decimal.Decimal
	for _, s := range edgeCoefficients {
		c, _ := new(big.Int).SetString(s, 10)
		for _, e := range exps {
			out = append(out, decimal.NewFromBigInt(c, e))
			if c.Sign() != 0 {
				out = append(out, decimal.NewFromBigInt(new(big.Int).Neg(c), e))
			}
		}
	}
	return out
}

var allRoundings = []Rounding{HalfUp, HalfEven, Floor, Ceil, Down, Up}

// sameDecimal reports a difference between got and want in value,
// coefficient, exponent or text.
func sameDecimal(got Decimal, want decimal.Decimal) error {
	g, ok := got.AsDecimal()
	switch {
	case !ok:
		return fmt.Errorf("got the fraction %s, want the decimal %s", got, want)
	case g.Exponent() != want.Exponent() || g.Coefficient().Cmp(want.Coefficient()) != 0:
		return fmt.Errorf("got %s·10^%d, want %s·10^%d", g.Coefficient(), g.Exponent(), want.Coefficient(), want.Exponent())
	case got.String() != want.String():
		return fmt.Errorf("got text %q, want %q", got.String(), want.String())
	}
	return nil
}

// checkUnary checks every operation of one operand, on both paths.
func checkUnary(t *testing.T, a decimal.Decimal) {
	t.Helper()
	if err := sameDecimal(New(a), a); err != nil {
		t.Fatalf("New(%s): %v", a, err)
	}
	for _, x := range []Decimal{compactOf(a), wideOf(a)} {
		if err := sameDecimal(x, a); err != nil {
			t.Fatalf("%s as is: %v", a, err)
		}
		if err := sameDecimal(Neg(x), a.Neg()); err != nil {
			t.Fatalf("-(%s): %v", a, err)
		}
		if err := sameDecimal(Abs(x), a.Abs()); err != nil {
			t.Fatalf("|%s|: %v", a, err)
		}
		if err := sameDecimal(Pct(x), a.Shift(-2)); err != nil {
			t.Fatalf("pct(%s): %v", a, err)
		}
		if x.Rat().Cmp(a.Rat()) != 0 {
			t.Fatalf("%s as a fraction: got %s", a, x.Rat())
		}
		if x.Sign() != a.Sign() {
			t.Fatalf("sign(%s): got %d want %d", a, x.Sign(), a.Sign())
		}
		n, ok := x.Int64()
		wantOK := a.IsInteger() && a.BigInt().IsInt64()
		if ok != wantOK || (ok && n != a.BigInt().Int64()) {
			t.Fatalf("Int64(%s): got %d, %t", a, n, ok)
		}
		if w, ok := x.DigitsWrittenOut(); ok && w != writtenOut(a) {
			t.Fatalf("digits written out of %s: got %d want %d", a, w, writtenOut(a))
		}
		for places := int32(-21); places <= 21; places++ {
			for _, r := range allRoundings {
				if err := sameDecimal(roundTo(x, places, r), r.roundSlow(a, places)); err != nil {
					t.Fatalf("%s of %s to %d places: %v", r, a, places, err)
				}
			}
		}
	}
}

// writtenOut counts as evidence.CheckDecimal does.
func writtenOut(d decimal.Decimal) int64 {
	n := int64(len(new(big.Int).Abs(d.Coefficient()).Text(10)))
	if e := int64(d.Exponent()); e < 0 {
		return max(n, -e)
	} else {
		return n + e
	}
}

// checkBinary checks every operation of two operands, on every
// combination of the paths.
func checkBinary(t *testing.T, a, b decimal.Decimal) {
	t.Helper()
	// Both compact (the fast path when the result fits), both wide (the
	// slow path), and one of each (the slow path, from the compact form).
	for _, xy := range [][2]Decimal{{compactOf(a), compactOf(b)}, {wideOf(a), wideOf(b)}, {compactOf(a), wideOf(b)}} {
		x, y := xy[0], xy[1]
		{
			for _, op := range []struct {
				name string
				f    func(Decimal, Decimal) (Decimal, error)
				want decimal.Decimal
			}{
				{"+", Add, a.Add(b)},
				{"-", Sub, a.Sub(b)},
				{"×", Mul, a.Mul(b)},
			} {
				got, err := op.f(x, y)
				require.NoError(t, err)
				if err := sameDecimal(got, op.want); err != nil {
					t.Fatalf("%s %s %s: %v", a, op.name, b, err)
				}
			}
			if got, want := Cmp(x, y), a.Cmp(b); got != want {
				t.Fatalf("cmp(%s, %s): got %d want %d", a, b, got, want)
			}
			if got, want := x.Equal(y), types.Bool(a.Equal(b)); got != want {
				t.Fatalf("%s == %s: got %v want %v", a, b, got, want)
			}
			if got, want := x.Compare(y), types.Int(a.Cmp(b)); got != want {
				t.Fatalf("%s <=> %s: got %v want %v", a, b, got, want)
			}
			if b.IsZero() {
				continue
			}
			if sh := int64(a.Exponent()) - int64(b.Exponent()); sh > 80 || sh < -80 {
				continue // a fraction of 10^sh: the quotient's own test covers it
			}
			q, err := Quo(x, y)
			require.NoError(t, err)
			want := new(big.Rat).Quo(a.Rat(), b.Rat())
			if q.Rat().Cmp(want) != 0 {
				t.Fatalf("%s / %s: got %s want %s", a, b, q, want.RatString())
			}
			// Both paths give the same coefficient and exponent.
			slow, err := Quo(wideOf(a), wideOf(b))
			require.NoError(t, err)
			if q.Terminates() != slow.Terminates() || q.String() != slow.String() {
				t.Fatalf("%s / %s: fast %s, slow %s", a, b, q, slow)
			}
			if sd, ok := slow.AsDecimal(); ok {
				if err := sameDecimal(q, sd); err != nil {
					t.Fatalf("%s / %s: %v", a, b, err)
				}
			}
		}
	}
}

// TestFastAgreesWithSlow: on every edge value and pair of them, the
// compact form and shopspring agree on every operation, all rounding
// modes and places from −21 to 21 included.
func TestFastAgreesWithSlow(t *testing.T) {
	for _, a := range edgeValues(edgeExponents) {
		checkUnary(t, a)
	}
	vals := edgeValues(pairExponents)
	for _, a := range vals {
		for _, b := range vals {
			checkBinary(t, a, b)
		}
	}
}

// TestFastEdges pins, row by row, whether an operation stays in the
// compact form or overflows to the slow path, and its result.
func TestFastEdges(t *testing.T) {
	dec := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	tests := []struct {
		op, a, b string
		want     string // the result's text
		compact  bool   // it stays in the compact form
		reason   string
	}{
		{"+", "9223372036854775806", "1", "9223372036854775807", true, "MaxInt64 is compact"},
		{"+", "9223372036854775807", "1", "9223372036854775808", false, "one past MaxInt64 overflows"},
		{"+", "-9223372036854775807", "-1", "-9223372036854775808", false, "MinInt64 is never compact: its negation would overflow"},
		{"-", "-9223372036854775807", "1", "-9223372036854775808", false, "subtraction overflows the same way"},
		{"+", "922337203685477581", "0.1", "922337203685477581.1", false, "rescaling 922337203685477581 by 10 overflows"},
		{"+", "922337203685477580", "0.1", "922337203685477580.1", true, "rescaling MaxInt64/10 by 10 fits"},
		{"+", "1", "1e-19", "1.0000000000000000001", false, "rescaling by 10^19 overflows"},
		{"+", "0", "1e-40", "0.0000000000000000000000000000000000000001", true, "0 rescales to any exponent"},
		{"×", "3037000499", "3037000499", "9223372030926249001", true, "√MaxInt64 squared fits"},
		{"×", "3037000500", "3037000500", "9223372037000250000", false, "one more overflows"},
		{"×", "-4611686018427387904", "2", "-9223372036854775808", false, "−2^63 is MinInt64: not compact"},
		{"×", "0.01", "0.001", "0.00001", true, "exponents add"},
		{"-", "2.50", "2.5", "0", true, "zero keeps the smaller exponent"},
		{"round_half_up", "2.5", "0", "3", true, "a tie rounds away from zero"},
		{"round_half_up", "-2.5", "0", "-3", true, "a negative tie rounds away from zero"},
		{"round_half_even", "2.5", "0", "2", true, "a tie rounds to the even digit"},
		{"round_half_even", "-3.5", "0", "-4", true, "a negative tie rounds to the even digit"},
		{"round_half_even", "2.5000000000000001", "0", "3", true, "above a tie rounds up"},
		{"round_half_up", "0.5000000000000000000", "0", "1", true, "19 digits dropped: 5·10^18 is exactly half of 10^19"},
		{"round_half_even", "0.5000000000000000000", "0", "0", true, "the same tie goes to the even 0"},
		{"round_half_even", "-0.5000000000000000001", "0", "-1", true, "just beyond the tie, negative"},
		{"round_half_up", "0.5000000000000000000", "-1", "0", true, "20 digits dropped: below half of 10^20"},
		{"round_half_up", "9223372036854775807", "1", "9223372036854775807", false, "rescaling to one more digit overflows"},
		{"round_half_up", "922337203685477580", "1", "922337203685477580", true, "rescaling MaxInt64/10 to one digit fits"},
		{"round_half_up", "1e-40", "2", "0", true, "40 digits dropped"},
		{"cmp", "9223372036854775807", "1e19", "-1", true, "scaling 1e19 down overflows, so it is larger"},
		{"cmp", "-9e1", "-9223372036854775807e-18", "-1", true, "scaling −90 overflows, so it is smaller"},
	}
	for _, tc := range tests {
		a, b := compactOf(dec(tc.a)), compactOf(dec(tc.b))
		require.Nil(t, a.x, "%s: the row's operands are compact", tc.a)
		var got Decimal
		var compact bool
		switch tc.op {
		case "+":
			got, compact = addFast(a, b)
			got, _ = Add(a, b)
		case "-":
			got, compact = subFast(a, b)
			got, _ = Sub(a, b)
		case "×":
			got, compact = mulFast(a, b)
			got, _ = Mul(a, b)
		case "round_half_up", "round_half_even":
			mode, _ := ParseRounding(strings.TrimPrefix(tc.op, "round_"))
			places, _ := b.Int64()
			got, compact = roundFast(a, int32(places), mode)
			got = roundTo(a, int32(places), mode)
		case "cmp":
			got, compact = FromInt(int64(Cmp(a, b))), a.x == nil && b.x == nil
		}
		assert.Equal(t, tc.want, got.String(), "%s %s %s: %s", tc.a, tc.op, tc.b, tc.reason)
		assert.Equal(t, tc.compact, compact, "%s %s %s: %s", tc.a, tc.op, tc.b, tc.reason)
	}
}

// TestFastExponentOverflow: a product whose exponent leaves int32 is not
// computed in the compact form (shopspring panics on it, and only rules
// with inputs far beyond the digit limits can reach it).
func TestFastExponentOverflow(t *testing.T) {
	_, ok := mulFast(Decimal{c: 1, e: math.MaxInt32}, Decimal{c: 1, e: 1})
	assert.False(t, ok, "MaxInt32 + 1")
	_, ok = mulFast(Decimal{c: 1, e: math.MinInt32}, Decimal{c: 1, e: -1})
	assert.False(t, ok, "MinInt32 − 1")
	_, ok = roundFast(Decimal{c: 1}, math.MinInt32, HalfUp)
	assert.False(t, ok, "−MinInt32 is no int32")
}

// TestZeroWithExponents: a zero keeps its exponent through the operations,
// as in shopspring, but it is written "0" and equals every other zero.
func TestZeroWithExponents(t *testing.T) {
	for _, e := range []int32{-40, -3, -2, -1, 0, 1, 2, 40} {
		z := decimal.New(0, e)
		checkUnary(t, z)
		checkBinary(t, z, decimal.New(0, -e))
		checkBinary(t, z, decimal.New(25, -1))
		assert.Equal(t, "0", New(z).String(), "0e%d", e)
		assert.Equal(t, 0, Cmp(New(z), Decimal{}), "0e%d", e)
	}
}

// TestParseAgrees: the compact parsers read what decimal.NewFromString
// reads, coefficient and exponent, and leave to it what they cannot.
func TestParseAgrees(t *testing.T) {
	tests := []struct {
		text    string
		compact bool
		reason  string
	}{
		{"0", true, "zero"},
		{"-0", true, "minus zero is zero"},
		{"-0.00", true, "zero with an exponent"},
		{"12.50", true, "a trailing zero is a digit of the coefficient"},
		{"-12345.678", true, "negative with a point"},
		{"123456789012345678", true, "18 digits"},
		{"1234567890123456789", false, "19 digits: NewFromString decides"},
		{"0.00000000000000001", true, "18 digits, 17 after the point"},
		{"1e5", true, "an exponent"},
		{"1.5E-3", true, "a capital E and a negative exponent"},
		{"-2.5e+2", true, "an explicit plus in the exponent"},
		{"1e10001", false, "beyond shopspring's MaxDecodeExponent"},
		{"1e1234567890", false, "an exponent of 10 digits"},
		{"1e", false, "no digits in the exponent"},
		{"", false, "empty"},
		{"-", false, "a sign alone"},
		{"1.2.3", false, "two points"},
		{"+1", false, "not JSON"},
		{"１", false, "not ASCII"},
	}
	for _, tc := range tests {
		got, ok := ParseNumber(tc.text)
		assert.Equal(t, tc.compact, ok, "ParseNumber(%q): %s", tc.text, tc.reason)
		if !ok {
			continue
		}
		want, err := decimal.NewFromString(tc.text)
		require.NoError(t, err, "%q: %s", tc.text, tc.reason)
		assert.NoError(t, sameDecimal(got, want), "%q: %s", tc.text, tc.reason)
	}
	for _, s := range []string{"0", "-0.00", "+1.5", "12.50", ".5", "5.", "-.25", "123456789012345678", "1234567890123456789",
		"99999999999999999999999999999999999999.5", "1e5", "1.2.3", "", "+", strings.Repeat("1", 41)} {
		got, err := Parse(s)
		want, wantErr := ParseDecimal(s)
		if wantErr != nil {
			assert.Error(t, err, "Parse(%q)", s)
			continue
		}
		require.NoError(t, err, "Parse(%q)", s)
		assert.NoError(t, sameDecimal(got, want), "Parse(%q)", s)
	}
}

// TestFastNoAllocations pins the point of the compact form: its
// arithmetic, comparisons, rounding and parsing allocate nothing, nor
// does turning a small value into a decimal.Decimal.
func TestFastNoAllocations(t *testing.T) {
	a, b := New(decimal.RequireFromString("12.5")), New(decimal.RequireFromString("-3.125"))
	smallDecimal(0, 0) // builds the cache
	ten, four := smallDecimal(10, 0), smallDecimal(4, 0)
	var sink Decimal
	var n int
	for name, f := range map[string]func(){
		"add":       func() { sink, _ = Add(a, b) },
		"sub":       func() { sink, _ = Sub(a, b) },
		"mul":       func() { sink, _ = Mul(a, b) },
		"neg":       func() { sink = Neg(a) },
		"cmp":       func() { n = Cmp(a, b) },
		"round":     func() { sink = roundTo(b, 1, HalfEven) },
		"quo":       func() { sink, _ = Quo(a, b) },
		"parse":     func() { sink, _ = Parse("-1234.5678") },
		"json":      func() { sink, _ = ParseNumber("1.5e3") },
		"asDecimal": func() { d, _ := Decimal{c: -999, e: -2}.AsDecimal(); n = d.Sign() },
		"divide":    func() { d, _ := Divide(ten, four, 2, HalfEven); n = d.Sign() },
	} {
		assert.Zero(t, testing.AllocsPerRun(100, f), name)
	}
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() { _ = a.String() }), "text: the string itself")
	_, _ = sink, n
}

// TestSmallCache: the cached values are the values, and shared ones
// (shopspring never modifies a Decimal's big.Int; see cache.go).
func TestSmallCache(t *testing.T) {
	for _, e := range []int32{0, -1, -2, -3, 1} {
		for _, c := range []int64{-1001, -1000, -7, 0, 7, 1000, 1001} {
			got := smallDecimal(c, e)
			want := decimal.New(c, e)
			assert.NoError(t, sameDecimal(New(got), want), "%d·10^%d", c, e)
			assert.Equal(t, want.String(), got.String(), "%d·10^%d", c, e)
		}
	}
	d := smallDecimal(5, -1)
	_ = d.Add(decimal.New(1, 0)).Sub(d).Mul(d).Round(0).Neg().Abs()
	_ = d.RoundBank(0)
	_, _ = d.QuoRem(decimal.New(3, 0), 2)
	assert.Equal(t, "0.5", smallDecimal(5, -1).String(), "operations leave the shared value alone")
}

// FuzzFastSlow: for any two values (coefficients of any int64, exponents
// from −64 to 63), places and rounding mode, the compact form agrees with
// shopspring on every operation.
func FuzzFastSlow(f *testing.F) {
	for _, s := range []struct {
		c1     int64
		e1     int8
		c2     int64
		e2     int8
		places int8
		mode   uint8
	}{
		{25, -1, 5, -1, 0, 1},
		{-25, -1, 15, -1, 0, 2},
		{math.MaxInt64, 0, 1, 0, -1, 3},
		{math.MinInt64, 0, -1, 0, 1, 4},
		{math.MaxInt64 / 10, 1, 1, 0, 2, 5},
		{3037000500, 0, 3037000500, 0, -2, 6},
		{5e18, -19, -5e18, -19, 0, 2},
		{0, -40, 0, 40, 3, 1},
		{1, 63, 1, -64, 18, 0},
		{-999, -2, 1001, -3, 1, 7},
	} {
		f.Add(s.c1, s.e1, s.c2, s.e2, s.places, s.mode)
	}
	f.Fuzz(func(t *testing.T, c1 int64, e1 int8, c2 int64, e2 int8, places int8, mode uint8) {
		a, b := decimal.New(c1, int32(e1)), decimal.New(c2, int32(e2))
		if err := sameDecimal(FromInt(c1), decimal.NewFromInt(c1)); err != nil {
			t.Fatalf("FromInt(%d): %v", c1, err)
		}
		for _, x := range []Decimal{New(a), wideOf(a), compactOf(a)} {
			if err := sameDecimal(x, a); err != nil {
				t.Fatalf("%s: %v", a, err)
			}
		}
		r := Rounding(mode % 8) // 0 and 7 are invalid: Round's default
		p := int32(places) % 25
		for _, x := range []Decimal{compactOf(a), wideOf(a)} {
			if err := sameDecimal(roundTo(x, p, r), r.roundSlow(a, p)); err != nil {
				t.Fatalf("%s of %s to %d places: %v", r, a, p, err)
			}
			if err := sameDecimal(Neg(x), a.Neg()); err != nil {
				t.Fatalf("-(%s): %v", a, err)
			}
		}
		checkBinary(t, a, b)
		if q, err := Quo(compactOf(a), compactOf(b)); err == nil && q.x != nil && q.x.fd != 0 {
			checkFrac(t, q, []Decimal{compactOf(a), compactOf(b), wideOf(a)}) // see frac_test.go
		}
		if !b.IsZero() && p > -19 {
			got, err := Divide(a, b, p, r)
			if err != nil {
				t.Fatal(err)
			}
			if err := sameDecimal(New(got), divideSlow(a, b, p, r)); err != nil {
				t.Fatalf("%s / %s at %d, %s: %v", a, b, p, r, err)
			}
		}
	})
}

// BenchmarkArith times the operations a rule does most, on values of the
// compact form and, for comparison, on the same values held wide (the slow
// path, shopspring's).
func BenchmarkArith(b *testing.B) {
	x, y := decimal.RequireFromString("12345.67"), decimal.RequireFromString("2.5")
	for _, form := range []struct {
		name string
		of   func(decimal.Decimal) Decimal
	}{{"compact", New}, {"wide", wideOf}} {
		a, c := form.of(x), form.of(y)
		var sink Decimal
		for _, op := range []struct {
			name string
			f    func()
		}{
			{"add", func() { sink, _ = Add(a, c) }},
			{"mul", func() { sink, _ = Mul(a, c) }},
			{"cmp", func() { sink = FromInt(int64(Cmp(a, c))) }},
			{"round_half_up", func() { sink = roundTo(a, 1, HalfUp) }},
			{"string", func() { _ = a.String() }},
			{"as_decimal", func() { d, _ := a.AsDecimal(); _ = d }},
		} {
			b.Run(form.name+"/"+op.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					op.f()
				}
			})
		}
		_ = sink
	}
}

// BenchmarkParse times reading an evidence number: text and JSON into the
// compact form, beside decimal.NewFromString.
func BenchmarkParse(b *testing.B) {
	b.Run("Parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse("12345.67"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ParseNumber", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := ParseNumber("12345.67"); !ok {
				b.Fatal("not compact")
			}
		}
	})
	b.Run("NewFromString", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decimal.NewFromString("12345.67"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzParseNumber: the compact parsers never panic, and what they read,
// decimal.NewFromString and ParseDecimal read to the same coefficient and
// exponent; Parse refuses what ParseDecimal refuses.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0", "-0.00", "12.50", "1e5", "-2.5E+2", "1.5e-3", "123456789012345678", "1234567890123456789",
		".5", "5.", "-", "1e", "1e1234567890", "+1", "0.00000000000000001", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := ParseNumber(s); ok {
			want, err := decimal.NewFromString(s)
			if err != nil {
				t.Fatalf("ParseNumber(%q) = %s, NewFromString refuses it: %v", s, v, err)
			}
			if err := sameDecimal(v, want); err != nil {
				t.Fatalf("ParseNumber(%q): %v", s, err)
			}
		}
		got, err := Parse(s)
		want, wantErr := ParseDecimal(s)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("Parse(%q): error %v, ParseDecimal's %v", s, err, wantErr)
		}
		if err == nil {
			if err := sameDecimal(got, want); err != nil {
				t.Fatalf("Parse(%q): %v", s, err)
			}
		}
	})
}

// TestDivideAgreesWithSlow: Divide's compact path gives the coefficient and
// exponent shopspring's gives (divideSlow), on every pair of edge values,
// every rounding mode and scales from −3 to 20, and falls back where an
// operand scaled to the quotient does not fit.
func TestDivideAgreesWithSlow(t *testing.T) {
	vals := edgeValues(pairExponents)
	fast := 0
	for _, a := range vals {
		for _, b := range vals {
			if b.IsZero() {
				continue
			}
			for _, scale := range []int32{-3, -1, 0, 1, 2, 4, 18, 19, 20} {
				for r := Rounding(0); r <= 7; r++ { // 0 and 7 are invalid: HalfUp, as Round
					want := divideSlow(a, b, scale, r)
					got, err := Divide(a, b, scale, r)
					require.NoError(t, err)
					if err := sameDecimal(New(got), want); err != nil {
						t.Fatalf("%s / %s at %d, %s: %v", a, b, scale, r, err)
					}
					if a.NumDigits() <= 18 && b.NumDigits() <= 18 {
						if _, ok := divideFast(New(a), New(b), scale, r); ok {
							fast++
						}
					}
				}
			}
		}
	}
	assert.Greater(t, fast, 1000, "the compact path is taken")
}

// TestDivideEdges pins Divide's rows that round, tie, overflow or fall
// back.
func TestDivideEdges(t *testing.T) {
	dec := decimal.RequireFromString
	tests := []struct {
		a, b    string
		scale   int32
		r       Rounding
		want    string
		compact bool
		reason  string
	}{
		{"10", "4", 0, HalfUp, "3", true, "2.5 ties away from zero"},
		{"10", "4", 0, HalfEven, "2", true, "2.5 ties to even"},
		{"-10", "4", 0, HalfEven, "-2", true, "−2.5 ties to even"},
		{"-10", "4", 0, HalfUp, "-3", true, "−2.5 ties away from zero"},
		{"-1", "3", 2, Floor, "-0.34", true, "floor goes down for a negative quotient"},
		{"1", "-3", 2, Ceil, "-0.33", true, "ceil goes up"},
		{"2", "3", 4, Down, "0.6666", true, "down truncates"},
		{"2", "3", 4, Up, "0.6667", true, "up goes away from zero"},
		{"271.5", "3", 2, HalfUp, "90.5", true, "a mean that terminates"},
		{"1", "7", 18, HalfUp, "0.142857142857142857", true, "10^18 fits"},
		{"1", "7", 19, HalfUp, "0.1428571428571428571", false, "10^19 is past MaxInt64: the slow path"},
		{"922337203685477580", "1", 1, HalfUp, "922337203685477580", true, "MaxInt64/10 scaled by 10 fits"},
		{"922337203685477581", "1", 1, HalfUp, "922337203685477581", false, "one more overflows"},
		{"9223372036854775807", "1", 0, HalfUp, "9223372036854775807", false, "19 digits: not compact"},
		{"0", "3", 2, HalfUp, "0", true, "zero divided"},
	}
	for _, tc := range tests {
		got, err := Divide(dec(tc.a), dec(tc.b), tc.scale, tc.r)
		require.NoError(t, err, tc.reason)
		assert.Equal(t, tc.want, got.String(), tc.reason)
		_, compact := divideFast(New(dec(tc.a)), New(dec(tc.b)), tc.scale, tc.r)
		assert.Equal(t, tc.compact, compact, tc.reason)
		assert.NoError(t, sameDecimal(New(got), divideSlow(dec(tc.a), dec(tc.b), tc.scale, tc.r)), tc.reason)
	}
	_, err := Divide(dec("1"), dec("0"), 2, HalfUp)
	assert.ErrorIs(t, err, ErrDivisionByZero, "dividing by zero is an error")
}

// Rounding.Round takes the machine-word path for small coefficients: it
// must give shopspring's result, exponent included, for every mode and
// every edge value.
func TestRoundAgreesWithSlow(t *testing.T) {
	vals := []string{"0", "2.5", "-2.5", "2.675", "-0.005", "0.0049999", "999999999999999999", "-999999999999999999",
		"99999999999999999.9", "1.23456789012345678", "1000", "1E+3", "5E-19", "12.3400"}
	for _, s := range vals {
		d := decimal.RequireFromString(s)
		for _, r := range []Rounding{HalfUp, HalfEven, Floor, Ceil, Down, Up} {
			for _, places := range []int32{-3, -1, 0, 1, 2, 4, 20} {
				if err := sameDecimal(New(r.Round(d, places)), r.roundSlow(d, places)); err != nil {
					t.Errorf("%s rounded %v to %d places: %v", s, r, places, err)
				}
			}
		}
	}
}

package celdec

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testEnv(t testing.TB, cfg Config) *cel.Env {
	t.Helper()
	contest := NewObjectDecl("contest", []Field{{"participants", types.IntType}, {"value", Type}})
	prov, err := NewProvider(contest)
	require.NoError(t, err)
	opts := append([]cel.EnvOption{
		cel.CustomTypeProvider(prov),
		cel.Variable("x", Type),
		cel.Variable("n", types.IntType),
		cel.Variable("f", types.DoubleType),
		cel.Variable("rec", contest.Type()),
		cel.Variable("recs", types.NewListType(contest.Type())),
	}, Options(cfg)...)
	env, err := cel.NewEnv(opts...)
	require.NoError(t, err)
	return env
}

func eval(t testing.TB, env *cel.Env, src string, vars map[string]any) (ref.Val, error) {
	t.Helper()
	a, issues := Compile(env, src)
	require.Empty(t, issues, "compile %q", src)
	prg, err := env.Program(a)
	require.NoError(t, err)
	v, _, err := prg.Eval(vars)
	return v, err
}

func d(s string) Decimal { return New(decimal.RequireFromString(s)) }

func TestEvaluate(t *testing.T) {
	env := testEnv(t, Config{Scale: 4, Rounding: HalfUp})
	contest := NewObjectDecl("contest", []Field{{"participants", types.IntType}, {"value", Type}})
	vars := map[string]any{
		"x": d("1.05"), "n": types.Int(3),
		"rec":  contest.NewObject([]ref.Val{types.Int(6), d("12000")}),
		"recs": types.NewRefValList(types.DefaultTypeAdapter, []ref.Val{contest.NewObject([]ref.Val{types.Int(6), d("12000")}), contest.NewObject([]ref.Val{types.Int(4), nil})}),
	}
	tests := []struct {
		src, want, why string
	}{
		{`dec("0.1") + dec("0.2") == dec("0.3")`, "true", "the classic float trap is exact"},
		{`0.1 + 0.2 == 0.3`, "true", "literals are read from their text, never through float64"},
		{`0.1 + 0.2`, "0.3", "double literal arithmetic becomes decimal"},
		{`x * 2`, "2.1", "decimal times int"},
		{`2 * x`, "2.1", "int on the left is converted"},
		{`n + x`, "4.05", "int input on the left"},
		{`x - 1`, "0.05", "subtraction mixes int"},
		{`-x`, "-1.05", "unary minus"},
		{`x == 1.05`, "true", "equality with a literal"},
		{`x > 1`, "true", "comparison with int"},
		{`1 < x`, "true", "int on the left of a comparison"},
		{`n < 3.5`, "true", "int input against decimal literal"},
		{`x / 3`, "0.35", "1.05/3 = 0.35 terminates: a decimal"},
		{`dec(2) / 3`, "2/3", "2/3 does not terminate: the exact fraction, not 0.6667"},
		{`dec(-2) / 3`, "-2/3", "the sign stays on the fraction"},
		{`1.0 / 8`, "0.125", "a quotient that terminates keeps every digit, whatever the scale (4)"},
		{`1.0 / 80000`, "0.0000125", "past the scale: still exact"},
		{`x / 0.3`, "3.5", "1.05/0.3: coefficients 105/30 = 7/2, exponents −2 −(−1): 3.5"},
		{`dec(1) / 3 + dec(2) / 3`, "1", "1/3 + 2/3 is exactly 1, a decimal again"},
		{`x / 3 * 3 == x`, "true", "dividing then multiplying back is exact"},
		{`dec(3) / 3 == 1`, "true", "3/3 is exactly 1"},
		{`dec(1) / 3 == dec(2) / 6`, "true", "two fractions of the same value are equal"},
		{`x / 3 == dec("1.05001") / 3`, "false", "1.05/3 ≠ 1.05001/3, though both round to 0.35 at scale 4"},
		{`dec(1) / 3 != dec("1.00001") / 3`, "true", "1/3 ≠ 1.00001/3, though both round to 0.3333"},
		{`dec(1) / 3 > 0.3333333333333333333333333333333`, "true", "1/3 above every finite prefix"},
		{`dec(1) / 3 == 0.3333`, "false", "1/3 is not its rounding"},
		{`dec(-1) / 3 < dec(-1) / 4`, "true", "comparison of two fractions"},
		{`-(dec(2) / 3)`, "-2/3", "negating a fraction"},
		{`dec(1) / 3 - 1`, "-2/3", "subtracting from a fraction"},
		{`(dec(1) / 3) / (dec(2) / 3)`, "0.5", "a quotient of fractions that terminates"},
		{`round_half_up(dec(2) / 3, 4)`, "0.6667", "explicit rounding of 0.6666…: half up at 4"},
		{`round_half_up(dec(1) / 6, 0)`, "0", "1/6 = 0.1666… rounds to 0"},
		{`round_half_even(dec(5) / 3, 2)`, "1.67", "5/3 = 1.666…: no tie, nearest"},
		{`floor(dec(-7) / 3)`, "-3", "floor of −2.333… is −3"},
		{`ceil(dec(7) / 3)`, "3", "ceil of 2.333… is 3"},
		{`abs(dec(-1) / 3)`, "1/3", "abs of a fraction stays exact"},
		{`pct(dec(1) / 3)`, "1/300", "pct of a fraction divides it by 100 exactly"},
		{`min(dec(1) / 3, 0.3333)`, "0.3333", "min compares exactly: 0.3333 < 1/3"},
		{`max(dec(1) / 3, 0.3333)`, "1/3", "max keeps the fraction"},
		{`clamp(dec(10) / 3, 0, 3.3334)`, "10/3", "10/3 < 3.3334: not clamped"},
		{`percent(1, 3)`, "100/3", "percent is exact: 1 × 100 / 3"},
		{`percent(2.9700012 - 3, 3)`, "-0.99996", "−0.0299988 × 100 / 3 = −0.99996 exactly"},
		{`div(dec(1) / 3, dec(1) / 3, 2)`, "1", "div of fractions"},
		{`round_half_up(dec("2.345"), 2)`, "2.35", "四舍五入"},
		{`round_half_up(dec("-2.345"), 2)`, "-2.35", "half up is away from zero"},
		{`round_half_even(dec("2.345"), 2)`, "2.34", "banker's rounding to even"},
		{`round_half_even(dec("2.355"), 2)`, "2.36", "banker's rounding to even, other side"},
		{`floor(dec("2.7"))`, "2", "floor"},
		{`floor(dec("-2.2"))`, "-3", "floor of a negative"},
		{`ceil(dec("2.1"))`, "3", "ceil"},
		{`abs(dec("-1.5"))`, "1.5", "abs"},
		{`abs(-3)`, "3", "abs of int"},
		{`min(x, 1)`, "1", "min mixing int"},
		{`max(x, 1)`, "1.05", "max mixing int"},
		{`min(x, 1) - x`, "-0.05", "the int min(x, 1) picks is a decimal: arithmetic on it works (found by FuzzDifferential)"},
		{`max(2, x) * x`, "2.1", "an int picked beside a decimal is a decimal"},
		{`max(2, 1) + 1`, "3", "all ints: an int"},
		{`clamp(7, x, 5) + x`, "6.05", "the int bound clamp picks beside a decimal is a decimal"},
		{`clamp(dec("7.5"), 0, 5)`, "5", "clamp above"},
		{`clamp(-1, 0, 5)`, "0", "int clamp"},
		{`pct(5)`, "0.05", "percent as a fraction"},
		{`percent(1, 8)`, "12.5", "a as a percentage of b"},
		{`div(2, 3, 2)`, "0.67", "explicit division scale"},
		{`rec.participants >= 5`, "true", "record field typed int"},
		{`rec.value >= 10000`, "true", "record field typed decimal against int literal"},
		{`recs.filter(r, has(r.value)).size()`, "1", "optional field presence"},
		{`date("2019-01-01") < timestamp("2020-01-01T00:00:00Z")`, "true", "date literal"},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			v, err := eval(t, env, tc.src, vars)
			require.NoError(t, err, tc.why)
			switch got := v.(type) {
			case Decimal:
				want := exactOf(t, tc.want)
				assert.Equal(t, 0, Cmp(got, want), "%s: got %s want %s", tc.why, got, tc.want)
				assert.Equal(t, want.Terminates(), got.Terminates(), "%s: a value that terminates is a decimal", tc.why)
			default:
				assert.Equal(t, tc.want, toString(v), tc.why)
			}
		})
	}
}

// exactOf reads "2.5" or "2/3".
func exactOf(t *testing.T, s string) Decimal {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	require.True(t, ok, s)
	v, err := FromRat(r)
	require.NoError(t, err)
	return v
}

func toString(v ref.Val) string {
	s := v.ConvertToType(types.StringType)
	if str, ok := s.(types.String); ok {
		return string(str)
	}
	return "?"
}

func TestEvaluateErrors(t *testing.T) {
	env := testEnv(t, Config{Scale: 2, Rounding: HalfEven})
	vars := map[string]any{"x": d("1"), "n": types.Int(0)}
	for _, src := range []string{`x / 0`, `x / n`, `percent(x, 0)`, `div(x, 0, 2)`, `dec("1" + "x")`} {
		_, err := eval(t, env, src, vars)
		assert.Error(t, err, src)
	}
	_, err := eval(t, env, `x / 0`, vars)
	assert.ErrorContains(t, err, "division by zero")
}

func TestCompileIssues(t *testing.T) {
	env := testEnv(t, Config{Scale: 2, Rounding: HalfUp})
	tests := []struct {
		src    string
		offset int32
		msg    string
	}{
		{`f + 1.0`, 0, "floating-point"},
		{`x + double(n)`, 4, "floating-point"},
		{`n / 2`, 2, "integer division truncates"},
		{`dec("1,5")`, 4, "invalid decimal"},
		{`date("2019/01/01")`, 5, "invalid date"},
		{`1e3 + x`, 0, "plain notation"},
		{`x + y`, 4, "undeclared reference to 'y'"},
		{"x +\n  rec.participantz", 9, "undefined field 'participantz'"},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			_, issues := Compile(env, tc.src)
			require.NotEmpty(t, issues)
			assert.Equal(t, tc.offset, issues[0].Offset)
			assert.Contains(t, issues[0].Message(), tc.msg)
		})
	}
}

func TestDivideRounding(t *testing.T) {
	tests := []struct {
		a, b  string
		scale int32
		mode  Rounding
		want  string
	}{
		{"1", "8", 2, HalfUp, "0.13"},   // 0.125 tie → away
		{"1", "8", 2, HalfEven, "0.12"}, // 0.125 tie → even
		{"3", "8", 2, HalfEven, "0.38"}, // 0.375 tie → even 8
		{"-1", "8", 2, HalfUp, "-0.13"},
		{"-1", "8", 2, Floor, "-0.13"},
		{"-1", "8", 2, Ceil, "-0.12"},
		{"1", "8", 2, Down, "0.12"},
		{"1", "8", 2, Up, "0.13"},
		{"1", "3", 0, Up, "1"},
		// a near tie that a rounded intermediate would turn into a tie:
		// 1249999999999999/10^16 at scale 2 is below half → 0.12.
		{"1249999999999999", "10000000000000000", 2, HalfUp, "0.12"},
	}
	for _, tc := range tests {
		got, err := Divide(decimal.RequireFromString(tc.a), decimal.RequireFromString(tc.b), tc.scale, tc.mode)
		require.NoError(t, err)
		assert.True(t, got.Equal(decimal.RequireFromString(tc.want)), "%s/%s %v: got %s want %s", tc.a, tc.b, tc.mode, got, tc.want)
	}
	_, err := Divide(decimal.NewFromInt(1), decimal.Zero, 2, HalfUp)
	assert.ErrorIs(t, err, ErrDivisionByZero)
}

func TestMixedEquality(t *testing.T) {
	env := testEnv(t, Config{Scale: 2, Rounding: HalfUp})
	vars := map[string]any{"x": d("2.0"), "n": types.Int(2)}
	for src, want := range map[string]bool{
		`x == 2`: true, `2 == x`: true, `x != 2`: false, `x == n`: true, `n == x`: true,
		`x == 2.00`: true, `x != 2.5`: true, `[x].exists(v, v == 3)`: false,
	} {
		v, err := eval(t, env, src, vars)
		require.NoError(t, err, src)
		assert.Equal(t, types.Bool(want), v, src)
	}
	_, issues := Compile(env, `x == "2"`)
	require.NotEmpty(t, issues, "decimal against string stays a type error")
}

func TestQuoTerminates(t *testing.T) {
	tests := []struct {
		a, b, want string
		why        string
	}{
		{"1", "8", "0.125", "8 = 2³: three digits"},
		{"1", "3", "1/3", "3 is neither 2 nor 5"},
		{"3", "3", "1", "reduced first: 3/3 = 1"},
		{"1", "6", "1/6", "6 = 2·3: the 3 keeps it a fraction"},
		{"3", "6", "0.5", "3/6 reduces to 1/2"},
		{"7", "0.25", "28", "a divisor below 1"},
		{"0.07", "1400", "0.00005", "1/20000 = 5·10⁻⁵"},
		{"-2.5", "0.0003", "-25000/3", "−2.5/0.0003 = −25000/3"},
		{"0", "7", "0", "zero over anything"},
	}
	for _, tc := range tests {
		got, err := Quo(New(decimal.RequireFromString(tc.a)), New(decimal.RequireFromString(tc.b)))
		require.NoError(t, err, tc.why)
		want := exactOf(t, tc.want)
		assert.Equal(t, 0, Cmp(got, want), "%s: got %s want %s", tc.why, got, tc.want)
		assert.Equal(t, want.Terminates(), got.Terminates(), tc.why)
		assert.Equal(t, tc.want, got.String(), tc.why)
	}
	_, err := Quo(New(decimal.NewFromInt(1)), Decimal{})
	assert.ErrorIs(t, err, ErrDivisionByZero)
}

func TestRoundTo(t *testing.T) {
	tests := []struct {
		v     string
		scale int32
		mode  Rounding
		want  string
		why   string
	}{
		{"200/3", 4, HalfUp, "66.6667", "66.66666…: the fifth digit 6 rounds up"},
		{"-200/3", 4, HalfUp, "-66.6667", "symmetric about zero"},
		{"200/3", 4, Down, "66.6666", "truncated"},
		{"-1/3", 0, Floor, "-1", "floor of −0.333…"},
		{"-1/3", 0, Ceil, "0", "ceil of −0.333…"},
		{"1/6", 1, HalfEven, "0.2", "0.1666…: above half, no tie"},
		{"1/8", 2, HalfEven, "0.12", "a decimal tie still goes to even"},
	}
	for _, tc := range tests {
		got := RoundTo(exactOf(t, tc.v), tc.scale, tc.mode)
		assert.True(t, got.Equal(decimal.RequireFromString(tc.want)), "%s: got %s want %s", tc.why, got, tc.want)
	}
}

// TestRatBound: a fraction past MaxRatBits is an error, never an
// allocation without bound. 1/3^2600 has a denominator of 2600·log2(3) ≈
// 4121 bits.
func TestRatBound(t *testing.T) {
	den := new(big.Int).Exp(big.NewInt(3), big.NewInt(2600), nil)
	_, err := FromRat(new(big.Rat).SetFrac(big.NewInt(1), den))
	assert.ErrorIs(t, err, ErrTooLarge)
	small := new(big.Int).Exp(big.NewInt(3), big.NewInt(2500), nil) // ≈ 3963 bits: allowed
	_, err = FromRat(new(big.Rat).SetFrac(big.NewInt(1), small))
	assert.NoError(t, err)

	// In a rule: squaring a fraction of ≈3963 bits outgrows the bound,
	// and the evaluation fails instead of allocating.
	x, err := FromRat(new(big.Rat).SetFrac(big.NewInt(1), small))
	require.NoError(t, err)
	env := testEnv(t, Config{Scale: 4, Rounding: HalfUp})
	_, err = eval(t, env, `x * x > 0`, map[string]any{"x": x})
	assert.ErrorIs(t, err, ErrTooLarge)
}

// BenchmarkQuo times '/' on the common inputs: a quotient that terminates
// and one that does not, beside the old rounded Divide.
func BenchmarkQuo(b *testing.B) {
	x, y := New(decimal.RequireFromString("12345.67")), New(decimal.RequireFromString("80000"))
	third := New(decimal.NewFromInt(3))
	b.Run("terminates", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Quo(x, y); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fraction", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Quo(x, third); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("divide-scale-4", func(b *testing.B) {
		xd, yd := x.dec(), y.dec()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Divide(xd, yd, 4, HalfUp); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestQuoAgreesWithRat: the machine-word fast path and the big-number path
// give exactly a/b as math/big computes it, a decimal exactly when the
// quotient terminates. Coefficients of 1 to 20 digits cross the fast
// path's 18-digit limit; exponents from −6 to 6.
func TestQuoAgreesWithRat(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	digits := func() int64 {
		n := rng.Int64N(19) + 1
		v := int64(1)
		for range n - 1 {
			v *= 10
		}
		return rng.Int64N(v) + 1
	}
	for range 20000 {
		a := decimal.New(digits()*(rng.Int64N(3)-1), int32(rng.IntN(13)-6))
		bc := digits()
		if rng.IntN(4) == 0 {
			bc = []int64{3, 7, 8, 40, 125, 96, 1 << 62}[rng.IntN(7)]
		}
		if rng.IntN(2) == 0 {
			bc = -bc
		}
		b := decimal.New(bc, int32(rng.IntN(13)-6))
		if rng.IntN(5) == 0 { // a 20-digit coefficient: the big path only
			a = a.Mul(decimal.New(99, 0)).Add(decimal.New(1, 19))
		}
		got, err := Quo(New(a), New(b))
		require.NoError(t, err)
		want := new(big.Rat).Quo(a.Rat(), b.Rat())
		require.Equal(t, 0, got.Rat().Cmp(want), "%s / %s: got %s want %s", a, b, got, want.RatString())
		_, terminates := terminating(want)
		require.Equal(t, terminates, got.Terminates(), "%s / %s", a, b)
	}
	_, err := Quo(New(decimal.New(1, 900)), New(decimal.New(3, -900)))
	assert.ErrorIs(t, err, ErrTooLarge, "10^1800 / 3 would need a fraction of some 6,000 bits")
}

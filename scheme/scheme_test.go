package scheme

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestBadSchemes compiles every scheme under testdata/bad and compares the
// diagnostics with the golden file beside it. Each file also marks the lines
// that must carry a diagnostic with "# ERROR" (or a header
// "# ERROR-LINE N" where a comment cannot go), and the test checks that the
// diagnostics fall on exactly those lines.
func TestBadSchemes(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 25, "the broken-scheme suite")
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			_, err = Compile(file, src)
			require.Error(t, err, "a broken scheme must not compile")
			diags, ok := err.(Diagnostics)
			require.True(t, ok, "errors are Diagnostics, got %T", err)

			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./scheme -update to create it")
			assert.Equal(t, string(want), got)

			assert.Equal(t, markedLines(string(src)), diagLines(diags), "diagnostics must fall on the lines marked # ERROR")
			for _, d := range diags {
				assert.Equal(t, file, d.Pos.File)
				assert.Positive(t, d.Pos.Col, "every diagnostic has a column")
			}
		})
	}
}

var errorLineHeader = regexp.MustCompile(`(?m)^# ERROR-LINE (\d+)`)

func markedLines(src string) []int {
	set := map[int]bool{}
	for i, line := range strings.Split(src, "\n") {
		if strings.HasSuffix(strings.TrimSpace(line), "# ERROR") {
			set[i+1] = true
		}
	}
	for _, m := range errorLineHeader.FindAllStringSubmatch(src, -1) {
		n, _ := strconv.Atoi(m[1])
		set[n] = true
	}
	return sortedKeys(set)
}

func diagLines(ds Diagnostics) []int {
	set := map[int]bool{}
	for _, d := range ds {
		set[d.Pos.Line] = true
	}
	return sortedKeys(set)
}

func sortedKeys(m map[int]bool) []int {
	out := []int{}
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// TestGoodSchemes compiles every valid scheme in the repository: the test
// schemes here and the built-in schemes.
func TestGoodSchemes(t *testing.T) {
	files, err := filepath.Glob("testdata/good/*.yaml")
	require.NoError(t, err)
	builtins, err := filepath.Glob("../schemes/*.yaml")
	require.NoError(t, err)
	files = append(files, schemeFiles(builtins)...)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s, err := CompileFile(file)
			require.NoError(t, err)
			assert.NotEmpty(t, s.ID())
			assert.Len(t, s.Hash(), 64)
		})
	}
}

// schemeFiles drops scheme test files (*.test.yaml) from a list.
func schemeFiles(files []string) []string {
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".test.yaml") {
			out = append(out, f)
		}
	}
	return out
}

func compileConstructs(t *testing.T) *Scheme {
	t.Helper()
	s, err := CompileFile("testdata/good/constructs.yaml")
	require.NoError(t, err)
	return s
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestConstructs(t *testing.T) {
	s := compileConstructs(t)
	assert.Equal(t, "constructs", s.ID())
	assert.Equal(t, "1.0.0", s.Version())
	assert.EqualValues(t, "year", s.PeriodKind())
	scale, mode, ok := s.Division()
	require.True(t, ok)
	assert.EqualValues(t, 4, scale)
	assert.Equal(t, HalfEven, mode)

	kinds := map[Kind]bool{}
	for _, ind := range s.Indicators() {
		kinds[ind.Kind] = true
	}
	for _, k := range []Kind{PerRecord, Bands, Steps, PerOccurrence, Discretionary, Grades, Checklist, Value} {
		assert.True(t, kinds[k], "kind %s is exercised", k)
	}

	// Weights written as percentages fold to exact fractions: 60% → 0.6.
	w, ok := s.Const(s.Sections()[0].Weight)
	require.True(t, ok)
	assert.True(t, w.Equal(dec("0.6")), "got %s", w)
	sum, ok := s.Const(s.Total().WeightsSum)
	require.True(t, ok)
	assert.True(t, sum.Equal(dec("1")))

	// A cap that reads a parameter folds with the default: 60 / 10 = 6.
	news := s.Indicators()[len(s.Indicators())-1]
	require.Equal(t, "news", news.ID)
	capV, ok := s.Const(news.Cap)
	require.True(t, ok)
	assert.True(t, capV.Equal(dec("6")), "got %s", capV)
	assert.False(t, news.Value.Static(), "the value reads evidence")

	// The tier bound is the parameter.
	pass := s.Tiers()[1]
	v, ok := s.Const(pass.Min)
	require.True(t, ok)
	assert.True(t, v.Equal(dec("60")))
	assert.True(t, s.Vetoes()[0].Confirm)
	assert.Equal(t, "fail", s.Vetoes()[0].Tier)

	// Band bounds and positions.
	var completion *Indicator
	for _, ind := range s.Indicators() {
		if ind.ID == "completion" {
			completion = ind
		}
	}
	require.NotNil(t, completion)
	require.Len(t, completion.Bands, 4)
	b := completion.Bands[1]
	assert.False(t, b.Range.LoIncl)
	assert.False(t, b.Range.HiIncl)
	lo, _ := s.Const(b.Range.Lo)
	assert.True(t, lo.Equal(dec("-10")))
	assert.Nil(t, completion.Bands[0].Range.Lo, "-inf is an open end")
	assert.Equal(t, "testdata/good/constructs.yaml", b.Pos.File)
	assert.Positive(t, b.Pos.Line)
}

func TestWithParams(t *testing.T) {
	s := compileConstructs(t)
	s2, err := s.WithParams(map[string]string{"pass_mark": "85"})
	require.NoError(t, err)
	v, _ := s2.Const(s2.Tiers()[1].Min)
	assert.True(t, v.Equal(dec("85")), "override folds: got %s", v)
	v, _ = s.Const(s.Tiers()[1].Min)
	assert.True(t, v.Equal(dec("60")), "the original is unchanged: got %s", v)
	assert.Equal(t, "85", s2.ParamValues()["pass_mark"])
	assert.Equal(t, s.Hash(), s2.Hash(), "the hash is the file's")

	tests := []struct {
		params map[string]string
		want   string
		why    string
	}{
		{map[string]string{"pass_mark": "sixty"}, `parameter override pass_mark: "sixty" is not a number`, "wrong type"},
		{map[string]string{"pass_mark": "101"}, "above the maximum 100", "range declared in the scheme"},
		{map[string]string{"pass_mak": "50"}, `no such parameter; did you mean "pass_mark"?`, "unknown name"},
		{map[string]string{"region": "east"}, `"east" is not one of north, south`, "enum"},
		{map[string]string{"news_per_month": "2.5"}, "not a whole number", "int"},
		{map[string]string{"pass_mark": "95"}, "tiers out of order: pass (from 95) must be below excellent (above 90)", "an override that breaks the tier order is checked like the scheme"},
	}
	for _, tc := range tests {
		_, err := s.WithParams(tc.params)
		require.Error(t, err, tc.why)
		assert.Contains(t, err.Error(), tc.want, tc.why)
	}
}

func TestWithParamsBands(t *testing.T) {
	src := `id: p
version: "1"
title: {zh: 例, en: example}
period: month
parameters:
  edge: {type: decimal, default: "5", label: {zh: 边界, en: edge}}
  weight_a: {type: decimal, default: "0.5", label: {zh: 权重, en: weight}}
inputs:
  x: decimal
sections:
  - id: A
    label: {zh: 甲, en: A}
    weight: params.weight_a
    indicators:
      - id: A1
        label: {zh: 一, en: one}
        kind: bands
        measure: x
        bands:
          - {range: "(-inf, params.edge)", points: 1}
          - {range: "[5, +inf)", points: 2}
  - id: B
    label: {zh: 乙, en: B}
    weight: 50%
    indicators:
      - {id: B1, label: {zh: 二, en: two}, kind: value, value: x}
total: {weights_sum: 1}
`
	s, err := Compile("p.yaml", []byte(src))
	require.NoError(t, err)
	_, err = s.WithParams(map[string]string{"edge": "6"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "p.yaml:21:13: indicator A1: bands (-inf, params.edge) and [5, +inf) overlap on [5, 6) (with parameter overrides)")
	_, err = s.WithParams(map[string]string{"edge": "4"})
	assert.ErrorContains(t, err, "gap on [4, 5)")
	_, err = s.WithParams(map[string]string{"weight_a": "0.6"})
	assert.ErrorContains(t, err, "section weights add up to 1.1, not 1 (A 0.6 + B 0.5)")
}

func TestHashStableUnderReformatting(t *testing.T) {
	a := `id: h
version: "1"
title: {zh: 例, en: example}
period: month
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: A1, label: {zh: 一, en: one}, kind: value, value: 1}
`
	b := `# a comment
period: "month"
version: '1'
id: h
title:
  en: example
  zh: 例
sections:
- label:
    en: A
    zh: 甲
  id: A
  indicators:
  - id: A1
    kind: value
    value: 1    # the same value
    label: {en: one, zh: 一}
`
	sa, err := Compile("a.yaml", []byte(a))
	require.NoError(t, err)
	sb, err := Compile("b.yaml", []byte(b))
	require.NoError(t, err)
	assert.Equal(t, sa.Hash(), sb.Hash())
	sc, err := Compile("c.yaml", []byte(strings.Replace(a, "value: 1", "value: 2", 1)))
	require.NoError(t, err)
	assert.NotEqual(t, sa.Hash(), sc.Hash(), "a changed rule changes the hash")
}

func TestDiagnosticsSortedAndAllAtOnce(t *testing.T) {
	src, err := os.ReadFile("testdata/bad/kind-keys.yaml")
	require.NoError(t, err)
	_, err = Compile("k.yaml", src)
	ds := err.(Diagnostics)
	require.Len(t, ds, 3)
	for i := 1; i < len(ds); i++ {
		assert.LessOrEqual(t, ds[i-1].Pos.Line, ds[i].Pos.Line)
	}
	assert.Nil(t, Diagnostics(nil).Err())
}

func TestFileSizeLimit(t *testing.T) {
	// 349,526 characters of 3 bytes each: 1,048,578 bytes, over the limit
	// of 1,048,576 in bytes though not in characters.
	wide := []byte("# " + strings.Repeat("考", 349_525) + "\n")
	require.Equal(t, MaxFileSize+2, len(wide))
	tests := []struct {
		src  []byte
		want string
		why  string
	}{
		{[]byte(strings.Repeat("#", MaxFileSize+1)), "big.yaml:1:1: file is larger than 1048576 bytes; a scheme file may be at most 1048576 bytes (1 MiB)", "one byte over"},
		{wide, "big.yaml:1:1: file is 1048578 bytes; a scheme file may be at most 1048576 bytes (1 MiB)", "the limit counts bytes, not characters"},
	}
	for _, tc := range tests {
		_, err := Compile("big.yaml", tc.src)
		require.Error(t, err, tc.why)
		assert.Equal(t, tc.want, err.Error(), tc.why)
	}
	_, err := Compile("max.yaml", []byte("#"+strings.Repeat(" ", MaxFileSize-1)))
	assert.ErrorContains(t, err, "max.yaml:1:1: empty scheme file", "a file of exactly MaxFileSize bytes is read")
}

// TestConcurrentUse shares one compiled scheme between goroutines (run
// under -race in CI).
func TestConcurrentUse(t *testing.T) {
	s := compileConstructs(t)
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func(i int) {
			o, err := s.WithParams(map[string]string{"pass_mark": strconv.Itoa(50 + i)})
			if err == nil {
				v, _ := o.Const(o.Tiers()[1].Min)
				if !v.Equal(decimal.NewFromInt(int64(50 + i))) {
					err = assert.AnError
				}
				_, _ = s.band(s.Indicators()[3], ExactOf(decimal.NewFromInt(int64(i))))
			}
			done <- err
		}(i)
	}
	for i := 0; i < 8; i++ {
		require.NoError(t, <-done)
	}
}

// TestReferenceExample compiles the complete scheme in the language
// reference, so the documentation cannot drift from the compiler.
func TestReferenceExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/scheme-language.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```yaml\n(id: .*?)```").FindAllStringSubmatch(string(doc), -1)
	n := 0
	for _, b := range blocks {
		if !strings.Contains(b[1], "\nsections:") {
			continue // a fragment, not a whole scheme
		}
		n++
		_, err := Compile("docs/scheme-language.md", []byte(b[1]))
		assert.NoError(t, err)
	}
	assert.Positive(t, n, "the reference has a complete scheme")
}

// TestFoldedNumbers checks how number expressions written in a scheme fold:
// exactly, from their source text. want is the recorded value (Const),
// exact the exact one (ConstExact) when it differs.
func TestFoldedNumbers(t *testing.T) {
	tests := []struct {
		expr, want, why string
		exact           string
	}{
		{"2", "2", "an int literal", ""},
		{"-0.5", "-0.5", "a negative decimal literal", ""},
		{"0.1 + 0.2", "0.3", "no float rounding", ""},
		{"50%", "0.5", "a percentage", ""},
		{"12.5%", "0.125", "a fractional percentage", ""},
		{"params.base * 3", "4.5", "a parameter times an int", ""},
		{"10 / 3", "3.3333", "int literals divide exactly at the declared scale, half up", ""},
		{"dec(2) / 3", "0.6667", "2/3 is exact; recorded half up at scale 4", "2/3"},
		{"dec(1) / 8", "0.125", "1/8 terminates: recorded with every digit, past the scale", ""},
		{"dec(1) / 80000", "0.0000125", "1/80000 = 0.0000125 terminates: not rounded to 0", ""},
		{"dec(1) / 3 * 3", "1", "(1/3)·3 is exactly 1, not 0.9999", ""},
		{"percent(1, 3)", "33.3333", "100/3 recorded at scale 4", "100/3"},
		{"div(1, 3, 2)", "0.33", "div rounds where the rule says", ""},
		{"round_half_even(dec(\"2.345\"), 2)", "2.34", "banker's rounding", ""},
		{"clamp(params.base, 0, 1)", "1", "clamp", ""},
		{"percent(1, 8)", "12.5", "a percentage of a quotient", ""},
	}
	for _, tc := range tests {
		src := `id: f
version: "1"
title: {zh: 例, en: example}
period: month
arithmetic: {scale: 4, rounding: half_up}
parameters:
  base: {type: decimal, default: "1.5", label: {zh: 基数, en: base}}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - id: A1
        label: {zh: 一, en: one}
        kind: value
        value: 0
        cap: "` + strings.ReplaceAll(tc.expr, `"`, `\"`) + `"
`
		s, err := Compile("f.yaml", []byte(src))
		if tc.expr == "10 / 3" {
			// Two int literals: integer division would truncate, so it is refused.
			require.ErrorContains(t, err, "integer division truncates", tc.why)
			continue
		}
		require.NoError(t, err, tc.why)
		v, ok := s.Const(s.Indicators()[0].Cap)
		require.True(t, ok, tc.why)
		assert.True(t, v.Equal(dec(tc.want)), "%s: %s = %s, want %s", tc.why, tc.expr, v, tc.want)
		x, _ := s.ConstExact(s.Indicators()[0].Cap)
		if tc.exact == "" {
			tc.exact = tc.want
		}
		assert.Equal(t, tc.exact, x.String(), tc.why)
	}
}

func TestBandsWithDecimalAndPercentBounds(t *testing.T) {
	src := `id: b
version: "1"
title: {zh: 例, en: example}
period: month
inputs:
  ratio: decimal
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - id: A1
        label: {zh: 一, en: one}
        kind: bands
        measure: ratio
        domain: "[0, 1]"
        bands:
          - {range: "[0, 1%)", points: 0}
          - {range: "[1%, 0.05)", points: 1}
          - {range: "[5%, 1]", points: 3}
`
	s, err := Compile("b.yaml", []byte(src))
	require.NoError(t, err)
	ind := s.Indicators()[0]
	for v, want := range map[string]string{"0": "0", "0.0099": "0", "0.01": "1", "0.0499": "1", "0.05": "3", "1": "3"} {
		b, ok := s.band(ind, ExactOf(dec(v)))
		require.True(t, ok, v)
		p, _ := s.Const(b.Points)
		assert.Equal(t, want, p.String(), v)
	}
	_, ok := s.band(ind, ExactOf(dec("1.01")))
	assert.False(t, ok, "outside the domain")
}

// TestCompileFileFromDevice: a path that is not a regular file (here
// /dev/zero, which Stat reports as size 0 and which never ends) is read no
// further than the size limit and refused by it.
func TestCompileFileFromDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	_, err := CompileFile("/dev/zero")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/dev/zero:1:1: file is larger than 1048576 bytes; a scheme file may be at most 1048576 bytes (1 MiB)")
}

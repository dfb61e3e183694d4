package scheme

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exprScheme is a scheme with one value indicator whose value is expr,
// over a decimal x, an int n, a string k and a list of records.
func exprScheme(expr string) string {
	return `id: e
version: "1"
title: {zh: 例, en: example}
period: month
arithmetic: {scale: 4, rounding: half_up}
inputs:
  x: decimal
  n: int
  k: {type: string, default: a}
  items:
    type: list
    max: 10
    fields:
      s: string
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - id: A1
        label: {zh: 一, en: one}
        kind: value
        value: "` + strings.ReplaceAll(expr, `"`, `\"`) + `"
`
}

// evalValue compiles exprScheme(expr) and evaluates its value over facts.
func evalValue(t *testing.T, expr string, facts map[string]any) (string, error) {
	t.Helper()
	s, err := Compile("e.yaml", []byte(exprScheme(expr)))
	if err != nil {
		return "", err
	}
	b, err := s.bind(&evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023-05", Facts: facts})
	require.NoError(t, err)
	v, err := b.Number(context.Background(), s.Indicators()[0].Value, nil)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// TestPercentLiterals: N% is N/100 exactly wherever it stands.
func TestPercentLiterals(t *testing.T) {
	facts := map[string]any{"x": "5", "n": 7}
	tests := []struct {
		expr, want, why string
	}{
		{"10 + x * 20%", "11", "10 + 5 × 0.2 = 11: the percentage is one literal, not the whole expression / 100 (which gave 1.1)"},
		{"20% * x", "1", "0.2 × 5 = 1: a percentage on the left"},
		{"min(x, 20%)", "0.2", "min(5, 0.2) = 0.2: a percentage as an argument"},
		{"x * 12.5%", "0.625", "5 × 0.125 = 0.625: a fractional percentage, exact"},
		{"30%", "0.3", "a lone percentage"},
		{"100% - 0.5%", "0.995", "1 − 0.005 = 0.995"},
		{"-5% * x", "-0.25", "−0.05 × 5 = −0.25: a negated percentage"},
		{"x > 0 ? 20% : 0", "0.2", "a percentage in a conditional beside an int"},
		{"[10%, 1][0] * x", "0.5", "a percentage in a list beside an int: 0.1 × 5"},
		{"n % 2", "1", "CEL's remainder with spaces: 7 mod 2 = 1"},
		{"n%2", "1", "CEL's remainder after an identifier: 7 mod 2 = 1"},
		{"k == \"10%3\" ? 1 : 0", "0", "a '%' in a string literal is text: \"a\" is not \"10%3\""},
	}
	for _, tc := range tests {
		got, err := evalValue(t, tc.expr, facts)
		require.NoError(t, err, tc.why)
		assert.Equal(t, tc.want, got, "%s: %s", tc.why, tc.expr)
	}
}

// TestPercentRefused: a '%' that cannot be read one way only is refused
// where it stands.
func TestPercentRefused(t *testing.T) {
	tests := []struct {
		expr, want, why string
	}{
		// value: " is 16 columns on line 22; the expression starts at column 17.
		{"10%3", "e.yaml:22:19: indicator A1: value: '10%3' is ambiguous: write '10 % 3' for the remainder of a division, or '10% * 3' for 10 percent of 3", "a remainder or a percentage of 3"},
		{"5%x", "e.yaml:22:18: indicator A1: value: '5%x' is ambiguous: write '5 % x' for the remainder of a division, or '5% * x' for 5 percent of x", "a remainder or a percentage of x"},
		{"x%", "e.yaml:22:18: indicator A1: value: only a number can be a percentage (20%, 12.5%): for a share of an expression write pct(…) or multiply by a percentage", "the old whole-expression percentage"},
		{"1e3%", "e.yaml:22:17: indicator A1: value: write a percentage in plain digits, e.g. 12.5%, not '1e3%'", "an exponent"},
		{"x * 20% + nope", "e.yaml:22:27: indicator A1: value: undeclared reference to 'nope'", "a CEL error after a percentage points at the column written, not the rewritten one"},
	}
	for _, tc := range tests {
		_, err := evalValue(t, tc.expr, nil)
		require.Error(t, err, tc.why)
		assert.Contains(t, err.Error(), tc.want, tc.why)
	}
}

// TestMixedNumbers: int and decimal mix everywhere, comparison and
// equality included, and decimal literals work in conditionals, lists and
// maps.
func TestMixedNumbers(t *testing.T) {
	tests := []struct {
		expr, x, want, why string
	}{
		{"x > 0 ? 0 : 1.5", "-1", "1.5", "branches int and decimal literal: x ≤ 0 takes 1.5"},
		{"x > 0 ? 0 : 1.5", "1", "0", "the int branch is a decimal 0"},
		{"x > 0 ? n : 1.5", "1", "7", "an int input beside a decimal literal"},
		{"x == 2 ? 1 : 0", "2.0", "1", "decimal input equals an int literal: 2.0 = 2"},
		{"2 != x ? 1 : 0", "2", "0", "int literal on the left of !="},
		{"x == n ? 1 : 0", "7.00", "1", "decimal input equals int input"},
		{"x in [1, 2.5] ? 1 : 0", "2.5", "1", "a decimal in a mixed list"},
		{"x in [1, 2] ? 1 : 0", "1.0", "1", "a decimal in an int list: 1.0 is 1"},
		{"n in [1, 7.0] ? 1 : 0", "0", "1", "an int in a decimal list: 7 is 7.0 (an int never equals a decimal in plain CEL)"},
		{"{\"a\": 1, \"b\": 2.5}[k]", "0", "1", "a map literal's values mix: k is a, so 1"},
		{"[1, 2.5].exists(v, v == x) ? 1 : 0", "2.5", "1", "a comprehension over a mixed list"},
		{"[x, 1][1]", "9", "1", "a decimal input beside an int literal in a list"},
		{"x * 2 + 0.5", "1.25", "3", "1.25 × 2 + 0.5 = 3"},
	}
	for _, tc := range tests {
		got, err := evalValue(t, tc.expr, map[string]any{"x": tc.x, "n": 7})
		require.NoError(t, err, tc.why)
		assert.Equal(t, tc.want, got, "%s: %s at x = %s", tc.why, tc.expr, tc.x)
	}
}

// regexScheme is a scheme matching each record's text against pattern, with
// at most max records.
func regexScheme(max int, pattern string) string {
	return `id: r
version: "1"
title: {zh: 例, en: example}
period: month
inputs:
  items:
    type: list
    max: ` + strconv.Itoa(max) + `
    fields:
      text: string
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - id: A1
        label: {zh: 一, en: one}
        kind: value
        value: 'items.exists(r, r.text.matches("` + pattern + `")) ? 1 : 0'
`
}

// TestRegexBounded: a regular expression's work is the text times the
// pattern's program, and both are bounded. Before, 80 texts of 4096 bytes
// matched against "[a-z]{999}0" (11 bytes, 1002 instructions) compiled —
// the estimate counted the pattern's 11 bytes — and one evaluation took
// 9.5 s on this machine (25 s in the run); "[a-z]{400}0" took 3.7 s.
func TestRegexBounded(t *testing.T) {
	_, err := Compile("r.yaml", []byte(regexScheme(80, "[a-z]{999}0")))
	require.ErrorContains(t, err, "the pattern compiles to 1002 instructions; at most 500", "the 9.5 s case")
	// 80 × 4097 × 403 = 132 087 280, and 482 for the loop.
	_, err = Compile("r.yaml", []byte(regexScheme(80, "[a-z]{400}0")))
	require.ErrorContains(t, err, "worst-case cost 132087762 exceeds the limit 100000", "the 3.7 s case")

	// "[a-z]{20}0" compiles to 23 instructions: a match over 4096 bytes
	// costs 4097 × 23 = 94 231, so one record fits the default limit of
	// 100 000 (94 238 with the loop's own cost) and two do not (188 476).
	_, err = Compile("r.yaml", []byte(regexScheme(2, "[a-z]{20}0")))
	require.ErrorContains(t, err, "worst-case cost 188476 exceeds the limit 100000", "two full-length matches are over the limit")
	s, err := Compile("r.yaml", []byte(regexScheme(1, "[a-z]{20}0")))
	require.NoError(t, err)

	// The worst evidence for it: a text of 4096 letters, not matching,
	// keeping about 20 threads of the matcher alive at every byte. How
	// long it takes is measured by internal/stress's BenchmarkAdversarial
	// (its regex case), not by a timed test.
	recs := []evidence.Record{{ID: "r0", Date: "2023-05-01", Fields: map[string]any{"text": strings.Repeat("a", 4096)}}}
	b, err := s.bind(&evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023-05",
		Records: map[string][]evidence.Record{"items": recs}})
	require.NoError(t, err)
	v, err := b.Number(context.Background(), s.Indicators()[0].Value, nil)
	require.NoError(t, err)
	assert.Equal(t, "0", v.String(), "no text has a digit")

	// A text longer than the limit the estimate counts on is refused when
	// the evidence is bound.
	recs[0].Fields["text"] = strings.Repeat("a", maxStringLen+1)
	_, err = s.bind(&evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023-05",
		Records: map[string][]evidence.Record{"items": recs}})
	assert.ErrorContains(t, err, "records.items[0].text: text of 4097 bytes; at most 4096")
}

// TestHostLimits: the host sets the cost ceiling; a scheme may lower it.
func TestHostLimits(t *testing.T) {
	// "items.exists(r, r.text.matches(\"a\"))" over 8 records: "a"
	// compiles to 3 instructions, 4097 × 3 = 12 291 a match, so 98 328
	// for eight, and 50 for the loop itself: 98 378.
	src := strings.Replace(regexScheme(8, "a"), "period: month\n", "period: month\nLIMITS", 1)
	tests := []struct {
		limits string
		opts   []Option
		want   string // "" when it compiles
		why    string
	}{
		{"", nil, "", "the default ceiling 100000"},
		{"", []Option{WithLimits(Limits{Cost: 10_000})}, "worst-case cost 98378 exceeds the limit 10000", "a host's lower ceiling applies"},
		{"", []Option{WithLimits(Limits{})}, "", "a zero field keeps the default"},
		{"limits: {cost: 10000}\n", nil, "r.yaml:19:17: indicator A1: value: worst-case cost 98378 exceeds the limit 10000", "the scheme lowers its own limit"},
		{"limits: {cost: 200000}\n", nil, "r.yaml:5:16: limits.cost 200000 is above the host's ceiling 100000: a scheme may only lower it", "a scheme cannot raise the ceiling"},
		{"limits: {cost: 200000}\n", []Option{WithLimits(Limits{Cost: 500_000})}, "", "a host may raise its own ceiling"},
		{"limits: {cost: 50000}\n", []Option{WithLimits(Limits{Cost: 20_000})}, "limits.cost 50000 is above the host's ceiling 20000", "the host's ceiling, not the default, is the one named"},
	}
	for _, tc := range tests {
		_, err := Compile("r.yaml", []byte(strings.Replace(src, "LIMITS", tc.limits, 1)), tc.opts...)
		if tc.want == "" {
			assert.NoError(t, err, tc.why)
			continue
		}
		assert.ErrorContains(t, err, tc.want, tc.why)
	}
}

// TestPercentWeights: a weight written 60% folds to 0.6, keeps its text for
// the audit and says it is a percentage, for hosts that show it as one.
func TestPercentWeights(t *testing.T) {
	s := compileConstructs(t)
	w := s.Sections()[0].Weight
	require.NotNil(t, w)
	assert.Equal(t, "60%", w.Text, "the text as written, '%' included")
	assert.True(t, w.Percent())
	v, ok := s.Const(w)
	require.True(t, ok)
	assert.Equal(t, "0.6", v.String())
	for _, e := range []string{"x * 20%", "pct(20)", "0.2"} {
		assert.False(t, isPercentLiteral(e), "%s is not one percentage literal", e)
	}
}

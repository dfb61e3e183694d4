package scheme

import (
	"context"
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
	b, err := s.Bind(&evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023-05", Facts: facts})
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

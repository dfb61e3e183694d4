package celdec

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRewritePercent(t *testing.T) {
	tests := []struct {
		src, want, why string
	}{
		{`x * 20%`, `x * 0.2`, "20% is 0.2"},
		{`12.5%`, `0.125`, "a fractional percentage"},
		{`100%`, `1.0`, "always with a point, so that it is read as a decimal"},
		{`0%`, `0.0`, "zero"},
		{`.5%`, `0.005`, "a number starting with a point"},
		{`min(x, 20%)`, `min(x, 0.2)`, "an argument"},
		{`20%*x`, `0.2*x`, "an operator right after the '%'"},
		{`20% in [0.2]`, `0.2 in [0.2]`, "'in' after a percentage is the operator"},
		{`n % 2`, `n % 2`, "CEL's remainder with spaces"},
		{`n%2`, `n%2`, "CEL's remainder after an identifier"},
		{`x1%2`, `x1%2`, "digits inside an identifier are not a number"},
		{`"20%" + '5%' + r"1%"`, `"20%" + '5%' + r"1%"`, "never inside string literals"},
		{`"a\"5%" + x`, `"a\"5%" + x`, "an escaped quote does not end the string"},
		{`'''5%''' + x`, `'''5%''' + x`, "triple-quoted strings"},
		{"x // 5%\n+ 5%", "x // 5%\n+ 0.05", "comments are left alone, the next line is read"},
	}
	for _, tc := range tests {
		got, _, issues := rewritePercent([]rune(tc.src))
		assert.Empty(t, issues, tc.why)
		assert.Equal(t, tc.want, got, tc.why)
	}
}

func TestRewritePercentOffsets(t *testing.T) {
	// "5% + y" is rewritten "0.05 + y": y moves from offset 5 to 7.
	_, m, _ := rewritePercent([]rune("5% + y"))
	assert.EqualValues(t, 5, m.offset(7), "y is at 7 in '0.05 + y', at 5 in the source")
	assert.EqualValues(t, 0, m.offset(2), "a rune of the rewritten literal maps to the literal's start")
	assert.EqualValues(t, 6, m.offset(9), "the end maps to the end")
}

func TestRewritePercentIssues(t *testing.T) {
	tests := []struct {
		src  string
		off  int32
		want string
		why  string
	}{
		{`10%3`, 2, `'10%3' is ambiguous: write '10 % 3' for the remainder of a division, or '10% * 3' for 10 percent of 3`, "a remainder or a percentage"},
		{`5%(x + 1)`, 1, `'5%(x + 1)' is ambiguous: write '5 % (x + 1)' for the remainder of a division, or '5% * (x + 1)' for 5 percent of (x + 1)`, "a bracketed operand"},
		{`0x10%`, 0, `write a percentage in plain digits, e.g. 12.5%, not '0x10%'`, "hexadecimal"},
		{`a.b%`, 3, `only a number can be a percentage (20%, 12.5%): for a share of an expression write pct(…) or multiply by a percentage`, "a percentage of a field"},
	}
	for _, tc := range tests {
		_, _, issues := rewritePercent([]rune(tc.src))
		if assert.Len(t, issues, 1, tc.why) {
			assert.Equal(t, tc.off, issues[0].Offset, tc.why)
			assert.Equal(t, tc.want, issues[0].Message(), tc.why)
		}
	}
}

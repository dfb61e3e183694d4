package scheme

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBudgetCountsPatterns: the evaluation budget counts named values
// (once an evaluation), an item's rules and the subject exemption, so a
// scheme cannot hide work in them.
func TestBudgetCountsPatterns(t *testing.T) {
	head := `id: b
version: "1"
title: {zh: 预算, en: budget}
period: month
inputs:
  votes: {type: list, max: 2000, of: int}
`
	for _, tc := range []struct{ body, part, why string }{
		{`values:
  big: {type: int, label: {zh: 票, en: votes}, value: "votes.filter(v, v > 0).size()"}
sections:
  - {id: A, label: {zh: 甲, en: A}, indicators: [{id: A1, label: {zh: 值, en: value}, kind: value, value: big}]}
`, "value big", "a named value over a long list"},
		{`sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - id: A1
        label: {zh: 组合, en: combined}
        kind: rules
        rules:
          - {id: A1.x, label: {zh: 子, en: rule}, kind: value, value: "votes.filter(v, v > 0).size()"}
`, "indicator A1", "an item's rule over a long list"},
		{`exempt: {when: "votes.exists(v, v < 0)", reason: {zh: 不考核, en: not assessed}}
sections:
  - {id: A, label: {zh: 甲, en: A}, indicators: [{id: A1, label: {zh: 值, en: value}, kind: value, value: 1}]}
`, "exempt", "the exemption's condition"},
	} {
		_, err := Compile("b.yaml", []byte(head+tc.body), WithLimits(Limits{Budget: 3000}))
		require.Error(t, err, tc.why)
		assert.Contains(t, err.Error(), "exceeds the budget", tc.why)
		assert.Contains(t, err.Error(), tc.part, tc.why)
		_, err = Compile("b.yaml", []byte(head+tc.body))
		assert.NoError(t, err, "within the default budget: %s", tc.why)
	}
}

// TestValuesAndTablesCompile: values are typed and read in order; tables
// are folded where the key is constant.
func TestValuesAndTablesCompile(t *testing.T) {
	s, err := Compile("v.yaml", []byte(`id: v
version: "1"
title: {zh: 值, en: values}
period: month
tables:
  pts: {label: {zh: 分, en: points}, key: int, entries: {1: 2, 2: "3.5"}}
inputs:
  n: int
values:
  doubled: {type: decimal, label: {zh: 两倍, en: doubled}, value: n * 2}
  big: {type: bool, label: {zh: 大, en: big}, value: doubled > 10}
sections:
  - id: A
    label: {zh: 甲, en: A}
    cap: tables.pts[2]
    indicators:
      - {id: A1, label: {zh: 值, en: value}, kind: value, value: "big ? tables.pts[1] : doubled"}
`))
	require.NoError(t, err)
	require.Len(t, s.Values(), 2)
	assert.Equal(t, DecimalType, s.Values()[0].Type)
	assert.Equal(t, []string{"doubled"}, s.Values()[1].Expr.Reads())
	c, ok := s.Const(s.Sections()[0].Cap)
	require.True(t, ok, "a table read with a constant key is folded")
	assert.Equal(t, "3.5", c.String())
	assert.True(t, strings.HasPrefix(s.Tables()[0].Entries[1].Value.String(), "3.5"))
}

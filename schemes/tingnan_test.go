package schemes

import (
	"testing"

	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func indicator(t *testing.T, s *scheme.Scheme, id string) *scheme.Indicator {
	t.Helper()
	for _, ind := range s.Indicators() {
		if ind.ID == id {
			return ind
		}
	}
	t.Fatalf("no indicator %s", id)
	return nil
}

type bandCase struct{ measure, points, why string }

func assertBands(t *testing.T, s *scheme.Scheme, ind *scheme.Indicator, cases []bandCase) {
	t.Helper()
	for _, tc := range cases {
		b, ok := plan.Band(s, ind, scheme.ExactOf(decimal.RequireFromString(tc.measure)))
		require.True(t, ok, tc.why)
		p, _ := s.Const(b.Points)
		assert.Equal(t, tc.points, p.String(), "%s: measure %s", tc.why, tc.measure)
	}
}

// TestTingnanReadings pins the readings tingnan-2017 takes of the source's
// ambiguous band edges (seed 000).
func TestTingnanReadings(t *testing.T) {
	s, err := Load("tingnan-2017")
	require.NoError(t, err)

	// A2 innovation value: 1万元以下 +1, 1万元-5万元 +2, 5万元以上 +3. 以上 and
	// 以下 both include their edge in Chinese rules, so the source overlaps
	// at 10,000 and 50,000; the scheme gives each edge to the higher band.
	a2 := indicator(t, s, "A2")
	assertBands(t, s, a2, []bandCase{
		{"0", "1", "nothing created still counts as under 10,000"},
		{"9999.99", "1", "just under 10,000"},
		{"10000", "2", "exactly 10,000: the higher band, by the scheme's reading"},
		{"49999.99", "2", "just under 50,000"},
		{"50000", "3", "exactly 50,000: the higher band"},
		{"1000000", "3", "open-ended top band"},
	})
	_, ok := plan.Band(s, a2, scheme.ExactOf(decimal.RequireFromString("-1")))
	assert.False(t, ok, "a negative value is outside the declared domain [0, +inf)")

	// B1 completion, measured in percent over (+) or under (−) target:
	// 超出1%-5% +1, 5%-10% +3, 10%以上 +5; 未完成1%-5% −1, 5%-10% −3, 10%以上 −5.
	// Exactly 5% and 10% go to the outer band on both sides; within 1% the
	// source is silent and the scheme gives 0.
	b1 := indicator(t, s, "B1")
	assertBands(t, s, b1, []bandCase{
		{"0", "0", "on target"},
		{"0.99", "0", "under 1% over: the source is silent, 0"},
		{"-0.99", "0", "under 1% short: 0"},
		{"1", "1", "exactly 1% over starts the first bonus band"},
		{"-1", "-1", "exactly 1% short starts the first penalty band"},
		{"4.99", "1", "just under 5% over"},
		{"5", "3", "exactly 5% over: the outer band"},
		{"-5", "-3", "exactly 5% short: the outer band"},
		{"10", "5", "exactly 10% over: the outer band"},
		{"-10", "-5", "exactly 10% short: the outer band"},
		{"-100", "-5", "nothing done"},
	})

	// Weights 占50% / 30% / 20% sum to exactly 1.
	sum := decimal.Zero
	for _, sec := range s.Sections() {
		w, ok := s.Const(sec.Weight)
		require.True(t, ok)
		sum = sum.Add(w)
	}
	assert.True(t, sum.Equal(decimal.NewFromInt(1)))

	// A1's gate lists all seven records and both conditions, each named.
	a1 := indicator(t, s, "A1")
	assert.Len(t, a1.Gate.Documents, 7)
	assert.Len(t, a1.Gate.Conditions, 2)
}

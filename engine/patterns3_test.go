package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// duesScheme: 「党员无正当理由，连续6个月不交纳党费……按自行脱党处理」 as
// a monthly member scheme. D1 loses 1 point in a month without a dues
// record; the veto reads how many months in a row it has. The scheme
// grades no total: 不合格 is only what the veto forces.
const duesScheme = `id: dues
version: "1"
title: {zh: 党员按月交纳党费, en: monthly party dues}
subject: member
period: month
inputs:
  dues:
    type: list
    max: 5
    label: {zh: 交纳党费记录, en: dues payments}
sections:
  - id: A
    label: {zh: 交纳党费, en: dues}
    indicators:
      - id: D1
        label: {zh: 按月交纳党费, en: dues paid each month}
        kind: per_missing_period
        records: dues
        missing: {every: month}
        points: -1
vetoes:
  - id: lapsed
    label: {zh: 连续6个月不交纳党费, en: no dues for 6 months in a row}
    when: runs.D1 >= 6
    tier: fail
tiers:
  - {id: fail, label: {zh: 不合格, en: failed}, veto_only: true}
`

// TestRunsAndVetoOnlyTier works by hand a member who pays no dues from
// January to June 2024: January to May each lose 1 point and run 1, 2,
// 3, 4, 5 months in a row (no tier: the scheme grades only through the
// veto); June makes 6 in a row, runs.D1 >= 6, and the veto forces 不合格.
// A member who pays on 10 March breaks the run: January 1, February 2,
// March 0 (no points lost), then April 1, May 2, June 3 — no veto.
func TestRunsAndVetoOnlyTier(t *testing.T) {
	s, err := scheme.Compile("dues.yaml", []byte(duesScheme))
	require.NoError(t, err)
	assert.Equal(t, []string{"D1"}, plan.Runs(s))
	ctx := context.Background()
	var led *Ledger
	months := []string{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"}
	// m1 never pays; m2 pays on 2024-03-10 only.
	want := map[string][]struct {
		run  int
		tier string
	}{
		"m1": {{1, ""}, {2, ""}, {3, ""}, {4, ""}, {5, ""}, {6, "fail"}},
		"m2": {{1, ""}, {2, ""}, {0, ""}, {1, ""}, {2, ""}, {3, ""}},
	}
	for i, m := range months {
		var sums []Score
		for _, id := range []string{"m1", "m2"} {
			recs := []evidence.Record{}
			if id == "m2" && m == "2024-03" {
				recs = append(recs, evidence.Record{ID: "p1", Date: "2024-03-10"})
			}
			ev := &evidence.Evidence{Subject: evidence.Subject{ID: id, Name: id}, Period: m,
				Records: map[string][]evidence.Record{"dues": recs}}
			r, err := Evaluate(ctx, s, ev, Options{Ledger: led})
			require.NoError(t, err, "%s %s", id, m)
			w := want[id][i]
			var run *Step
			for j := range r.Audit.Len() {
				if r.Audit.Steps()[j].Kind == StepRun {
					run = &r.Audit.Steps()[j]
				}
			}
			require.NotNil(t, run, "%s %s: a run step", id, m)
			assert.Equal(t, w.run, run.Count, "%s %s: months in a row without dues", id, m)
			assert.Equal(t, w.tier, r.Tier, "%s %s", id, m)
			text := strings.Join(zhOf(Explain(s, r)), "\n")
			if w.tier == "" {
				assert.Contains(t, text, "本方案只因一票否决评定等次，没有一票否决事项成立，不评定等次", "%s %s", id, m)
			} else {
				assert.Contains(t, text, "据2024年5月台账，已连续6期被扣分", "%s %s", id, m)
				assert.Contains(t, text, "“按月交纳党费”连续被扣分期数6", "%s %s", id, m)
				assert.Contains(t, text, "定为“不合格”", "%s %s", id, m)
			}
			assert.NotContains(t, text, "runs.", "%s %s: no rule text", id, m)
			sums = append(sums, r.Score(s))
		}
		rk, err := Rank(s, m, sums, led)
		require.NoError(t, err, m)
		led = rk.Ledger
	}
}

// TestRunsWithoutLedger: without the ledger of the period before, the run
// is this period's alone, and the explanation says so.
func TestRunsWithoutLedger(t *testing.T) {
	s, err := scheme.Compile("dues.yaml", []byte(duesScheme))
	require.NoError(t, err)
	ev := &evidence.Evidence{Subject: evidence.Subject{ID: "m1"}, Period: "2024-06", Records: map[string][]evidence.Record{"dues": {}}}
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	assert.Equal(t, "", r.Tier, "one month without dues is a run of 1, not 6")
	assert.Contains(t, strings.Join(zhOf(Explain(s, r)), "\n"), "未提供上期台账，此前各期不详，连续被扣分期数只按本期计为1")
}

func zhOf(ss []Sentence) []string {
	out := make([]string, len(ss))
	for i, x := range ss {
		out[i] = x.Zh
	}
	return out
}

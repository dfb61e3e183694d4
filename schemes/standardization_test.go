package schemes

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStandardizationLedger pins seed 004's 台账 / 销号 reading: each
// requirement a branch misses in one acceptance is its own rectification
// item, carried (engine.Carried) into the next year's evidence as
// open_items, and counted against the branch until it is closed. The 2024
// sample carries exactly what the 2023 acceptance left open.
func TestStandardizationLedger(t *testing.T) {
	s := mustLoad(t, "standardization")
	evs, err := evidence.ReadFile("../examples/data/standardization/2023-branches.json")
	require.NoError(t, err)
	next, err := evidence.ReadFile("../examples/data/standardization/2024-branches.json")
	require.NoError(t, err)
	carried := map[string][]string{}
	for _, ev := range next {
		for _, rec := range ev.Records["open_items"] {
			carried[ev.Subject.ID] = append(carried[ev.Subject.ID], rec.ID)
		}
	}
	tests := []struct {
		id, tier string
		items    []string
		why      string
	}{
		{"gc1", "compliant", nil, "all five met: nothing to put right"},
		{"jx1", "non_compliant", []string{"jx1/wechat", "jx1/chats"}, "no WeChat account; 3 chats for 4 groups"},
		{"yx1", "non_compliant", []string{"yx1/relations", "yx1/care", "yx1/training"}, "no relation check, no care activity, 2 of 3 trained"},
	}
	for i, tc := range tests {
		r, err := engine.Evaluate(context.Background(), s, evs[i], engine.Options{})
		require.NoError(t, err, tc.id)
		require.Equal(t, tc.id, r.Subject.ID)
		assert.Equal(t, tc.tier, r.Tier, tc.why)
		var ids []string
		for _, rec := range engine.Carried(engine.Rectification(s, r)) {
			ids = append(ids, rec.ID)
			assert.Equal(t, "2023-12-31", rec.Date, "%s: dated the last day of the year found", rec.ID)
			assert.Equal(t, false, rec.Fields["closed"], "%s: open until the party committee closes it", rec.ID)
		}
		assert.Equal(t, tc.items, ids, "%s: one item per requirement missed (%s)", tc.id, tc.why)
		assert.Equal(t, tc.items, carried[tc.id], "%s: the 2024 sample carries 2023's list", tc.id)
		if tc.tier == "non_compliant" {
			assert.Equal(t, []string{"interview_secretary", "rectify_by_deadline", "work_ledger"}, r.Consequences,
				"未达标: 责令限期改正, 约谈支部书记, 建立工作台账")
		} else {
			assert.Empty(t, r.Consequences)
		}
	}
}

// TestStandardizationClassIsNotAnOutcome pins that 先进 / 一般 / 软弱涣散 is
// the branch's declared class, never something the requirements count
// out: under every class each sample branch gets the same total and tier.
func TestStandardizationClassIsNotAnOutcome(t *testing.T) {
	s := mustLoad(t, "standardization")
	for _, f := range []string{"2023-branches.json", "2024-branches.json"} {
		evs, err := evidence.ReadFile("../examples/data/standardization/" + f)
		require.NoError(t, err)
		for _, ev := range evs {
			var want *engine.Result
			for _, class := range []string{"先进", "一般", "软弱涣散"} {
				ev.Facts["classification"] = class
				r, err := engine.Evaluate(context.Background(), s, ev, engine.Options{})
				require.NoError(t, err)
				assert.Contains(t, []string{"compliant", "non_compliant"}, r.Tier, "the outcome is 达标 or 未达标")
				if want == nil {
					want = r
					continue
				}
				assert.Equal(t, want.Total.String(), r.Total.String(), "%s %s as %s", f, ev.Subject.ID, class)
				assert.Equal(t, want.Tier, r.Tier, "%s %s as %s", f, ev.Subject.ID, class)
			}
		}
	}
}

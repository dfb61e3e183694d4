package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Party-member points (schemes/member-points.yaml) over November 2017 to
// January 2018: the balance carried from the ledger and reset in January,
// the floor at 0, a tier quota, a veto barring a member from awards, the
// consecutive-bottom rule and a rectification item carried and closed.

type memberMonth struct {
	adds, deducts int
	discipline    bool
	total         string // worked by hand
}

var memberNames = map[string]string{"m1": "张伟", "m2": "李娜", "m3": "王强", "m4": "赵敏"}

func membersScheme(t testing.TB) *scheme.Scheme {
	t.Helper()
	s, err := schemes.Load("member-points")
	require.NoError(t, err)
	return s
}

func memberEvidence(month string, m map[string]memberMonth, open []evidence.Record) []*evidence.Evidence {
	var out []*evidence.Evidence
	for _, id := range []string{"m1", "m2", "m3", "m4"} {
		mm := m[id]
		ev := &evidence.Evidence{Subject: evidence.Subject{ID: id, Name: memberNames[id], Kind: "member"}, Period: month,
			Facts: map[string]any{"discipline": mm.discipline}, Records: map[string][]evidence.Record{}}
		for i := range mm.adds {
			ev.Records["additions"] = append(ev.Records["additions"], evidence.Record{ID: fmt.Sprintf("%s-add-%d", id, i+1), Date: month + "-10"})
		}
		for i := range mm.deducts {
			ev.Records["deductions"] = append(ev.Records["deductions"], evidence.Record{ID: fmt.Sprintf("%s-ded-%d", id, i+1), Date: month + "-12"})
		}
		for _, r := range open {
			if r.ID[:len(id)+1] == id+"/" {
				ev.Records["open_items"] = append(ev.Records["open_items"], r)
			}
		}
		out = append(out, ev)
	}
	return out
}

func TestMembersCarryFlagsAndAccountability(t *testing.T) {
	s := membersScheme(t)
	months := []struct {
		month  string
		scores map[string]memberMonth
		order  []string // "rank id tier"
		red    []string
		yellow []string
		called []string // 末位约谈
	}{
		{"2017-11", map[string]memberMonth{
			"m1": {adds: 2, total: "110"},   // no ledger yet: the input's default 100, + 2 × 5
			"m2": {total: "100"},            // 100
			"m3": {deducts: 1, total: "90"}, // 100 − 10
			"m4": {deducts: 11, total: "0"}, // 100 − 110 = −10, floored at 0 (扣完为止)
		}, []string{"1 m1 excellent", "2 m2 pass", "3 m3 pass", "4 m4 fail"},
			[]string{"m1"}, []string{"m4"}, []string{}},
		{"2017-12", map[string]memberMonth{
			"m1": {total: "110"},          // carried 110
			"m2": {adds: 2, total: "110"}, // carried 100 + 10
			"m3": {total: "89"},           // carried 90 − 1 for the rectification item left open
			"m4": {adds: 1, total: "5"},   // carried 0 + 5
			// m1 and m2 both reach 优秀 (≥110) but its quota is 1: tied
			// across the quota they both go to 合格.
		}, []string{"1 m1 pass", "1 m2 pass", "3 m3 pass", "4 m4 fail"},
			[]string{"m1", "m2"}, []string{"m4"}, []string{"m4"}}, // m4 bottom twice in a row
		{"2018-01", map[string]memberMonth{
			"m1": {total: "100"},                            // a new year: 100 again
			"m2": {deducts: 1, total: "90"},                 // 100 − 10
			"m3": {adds: 4, discipline: true, total: "120"}, // 100 + 20, but disciplined: 不合格, barred
			"m4": {total: "100"},                            // 100
		}, []string{"1 m3 fail", "2 m1 pass", "2 m4 pass", "4 m2 pass"},
			[]string{"m1", "m4"}, []string{"m2"}, []string{}}, // the red flag passes over m3
	}
	var led *Ledger
	var open []evidence.Record
	for _, m := range months {
		results := map[string]*Result{}
		sums, err := Batch(context.Background(), s, seq(memberEvidence(m.month, m.scores, open)), BatchOptions{Options: Options{Ledger: led}},
			func(r *Result, err error) {
				require.NoError(t, err)
				results[r.Subject.ID] = r
			})
		require.NoError(t, err)
		for id, mm := range m.scores {
			assert.Equal(t, mm.total, results[id].Total.String(), "%s %s", m.month, id)
		}
		rk, err := Rank(s, m.month, sums, led)
		require.NoError(t, err)
		var order []string
		for _, e := range rk.Entries {
			order = append(order, fmt.Sprintf("%d %s %s", e.Rank, e.Subject.ID, e.Tier))
		}
		assert.Equal(t, m.order, order, m.month)
		assert.Equal(t, m.red, awardOf(rk, "red_flag").To, "%s red", m.month)
		assert.Equal(t, m.yellow, awardOf(rk, "yellow_flag").To, "%s yellow", m.month)
		assert.Equal(t, m.called, awardOf(rk, "accountability").To, "%s accountability", m.month)

		// November's rectification items come back as December's evidence:
		// m3's deduction is left open, m4's closed (销号).
		if m.month == "2017-11" {
			items := Rectification(s, results["m3"])
			require.Len(t, items, 1)
			assert.Equal(t, "m3/D1", items[0].ID)
			assert.Equal(t, "10", items[0].Lost.String())
			assert.Equal(t, []string{"deductions:m3-ded-1"}, items[0].Evidence)
			open = Carried(items)
			m4 := Carried(Rectification(s, results["m4"]))
			require.Len(t, m4, 1) // D1; the floor is on the total, not an item
			m4[0].Fields["closed"] = true
			open = append(open, m4[0])
			assert.Equal(t, "2017-11-30", open[0].Date)
		}
		if m.month == "2017-12" {
			assert.Equal(t, "110", results["m1"].Audit.Steps()[0].Points.String())
			assert.Equal(t, StepCarry, results["m1"].Audit.Steps()[0].Kind)
			assert.Equal(t, "上期（2017-11）积分结余110分，结转本期", ExplainStep(s, &results["m1"].Audit.Steps()[0]).Zh)
			open = nil
		}
		if m.month == "2018-01" {
			assert.Equal(t, "新年度积分清零，从100分起算", ExplainStep(s, &results["m3"].Audit.Steps()[0]).Zh)
			items := Rectification(s, results["m3"])
			require.Len(t, items, 1)
			assert.Equal(t, "m3/veto/discipline", items[0].ID)
			assert.Equal(t, []string{"facts.discipline"}, items[0].Evidence)
		}
		led = rk.Ledger
	}
	balances := map[string]string{}
	for id, b := range led.Balances {
		balances[id] = b.String()
	}
	assert.Equal(t, map[string]string{"m1": "100", "m2": "90", "m3": "120", "m4": "100"}, balances)
}

func TestCarryRefusesABalanceInTheEvidence(t *testing.T) {
	s := membersScheme(t)
	led := &Ledger{Scheme: "member-points", Period: "2017-11"}
	ev := memberEvidence("2017-12", nil, nil)[0]
	ev.Facts["carried"] = json.Number("500")
	_, err := Evaluate(context.Background(), s, ev, Options{Ledger: led})
	assert.EqualError(t, err, "subject m1, period 2017-12, carry (facts.carried): the balance comes from the ledger of 2017-11; the evidence must leave it out")
	ev = memberEvidence("2018-02", nil, nil)[0]
	_, err = Evaluate(context.Background(), s, ev, Options{Ledger: led})
	assert.ErrorIs(t, err, ErrLedger)
}

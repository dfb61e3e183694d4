package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Seed 001's year (testdata/qianjiang-year.yaml): two self-assessments
// (June and December, averaged), a panel of three (averaged), each round
// scoring the whole scheme, then self × 30% + organisation × 70%, and the
// advanced-organisation recommendation within a quota, every two years.
// Means are kept to 2 places, half up; the total too.

type qjBranch struct {
	id, name  string
	june, dec [2]int // self: O1, O2
	panel     [3][2]int
	news      int
	self, org string // each round's total, worked by hand
	total     string
	why       string
}

var qjBranches = []qjBranch{
	{"b1", "城关供销社党支部", [2]int{8, 9}, [2]int{9, 9}, [3][2]int{{7, 8}, {8, 8}, {9, 9}}, 30,
		// self: O1 (8+9)/2 = 8.5, O2 9, N1 30 ≥ 24 → 5: 22.5
		// organisation: O1 (7+8+9)/3 = 8, O2 (8+8+9)/3 = 8.333… → 8.33, N1 5: 21.33
		"22.5", "21.33", "21.68", "0.3 × 22.5 + 0.7 × 21.33 = 6.75 + 14.931 = 21.681 → 21.68"},
	{"b2", "农资公司党支部", [2]int{7, 7}, [2]int{8, 8}, [3][2]int{{7, 7}, {7, 7}, {7, 7}}, 24,
		// self: 7.5 + 7.5 + 5 (exactly 24 items is in [24, +inf)) = 20; organisation 7 + 7 + 5 = 19
		"20", "19", "19.3", "0.3 × 20 + 0.7 × 19 = 6 + 13.3"},
	{"b3", "再生资源公司党支部", [2]int{8, 7}, [2]int{7, 8}, [3][2]int{{6, 9}, {7, 7}, {8, 5}}, 25,
		// self: 7.5 + 7.5 + 5 = 20; organisation: 7 + 7 + 5 = 19 — other sheets, the same total as b2
		"20", "19", "19.3", "0.3 × 20 + 0.7 × 19 = 19.3, a tie with b2"},
	{"b4", "日用品公司党支部", [2]int{5, 5}, [2]int{5, 5}, [3][2]int{{5, 5}, {5, 5}, {5, 6}}, 10,
		// self: 5 + 5 + 0 (10 < 24) = 10; organisation: 5 + 16/3 = 5.333… → 5.33: 10.33
		"10", "10.33", "10.23", "0.3 × 10 + 0.7 × 10.33 = 3 + 7.231 = 10.231 → 10.23"},
	{"b5", "茶叶公司党支部", [2]int{9, 9}, [2]int{9, 9}, [3][2]int{{4, 4}, {5, 5}, {6, 6}}, 24,
		// self: 9 + 9 + 5 = 23; organisation: 5 + 5 + 5 = 15
		"23", "15", "17.4", "0.3 × 23 + 0.7 × 15 = 6.9 + 10.5"},
}

var qjPanel = [3]string{"wy-wang (委员)", "dy-chen (党员代表)", "qz-liu (群众代表)"}

func qjEvidence(b qjBranch, year string) *evidence.Evidence {
	ev := &evidence.Evidence{Subject: evidence.Subject{ID: b.id, Name: b.name, Kind: "branch"}, Period: year,
		Facts: map[string]any{"news_items": json.Number(fmt.Sprint(b.news))}}
	add := func(assessor, role, sheet, ind string, pts int, when string) {
		ev.Assessments = append(ev.Assessments, evidence.Assessment{Assessor: assessor, Role: role, Sheet: sheet,
			Indicator: ind, Points: json.Number(fmt.Sprint(pts)), Reason: "按评分表", Time: when})
	}
	for i, ind := range []string{"O1", "O2"} {
		add(b.id+"-secretary", "self", year+"-06", ind, b.june[i], year+"-06-28T09:00:00+08:00")
		add(b.id+"-secretary", "self", year+"-12", ind, b.dec[i], year+"-12-20T09:00:00+08:00")
		for p, who := range qjPanel {
			add(who, "organisation", "", ind, b.panel[p][i], year+"-12-28T14:00:00+08:00")
		}
	}
	return ev
}

func qianjiang(t testing.TB) *scheme.Scheme {
	t.Helper()
	s, err := scheme.CompileFile("testdata/qianjiang-year.yaml")
	require.NoError(t, err)
	return s
}

func TestQianjiangYear(t *testing.T) {
	s := qianjiang(t)
	var evs []*evidence.Evidence
	for _, b := range qjBranches {
		evs = append(evs, qjEvidence(b, "2017"))
	}
	results := map[string]*Result{}
	sums, err := Batch(context.Background(), s, seq(evs), BatchOptions{}, func(r *Result, err error) {
		require.NoError(t, err)
		results[r.Subject.ID] = r
	})
	require.NoError(t, err)
	for _, b := range qjBranches {
		r := results[b.id]
		require.NotNil(t, r, b.id)
		assert.Equal(t, b.total, r.Total.String(), "%s: %s", b.id, b.why)
		require.Len(t, r.Rounds, 2)
		assert.Equal(t, b.self, r.Rounds[0].Points.String(), "%s self", b.id)
		assert.Equal(t, "0.3", r.Rounds[0].Weight.String())
		assert.Equal(t, 2, r.Rounds[0].Sheets)
		assert.Equal(t, b.org, r.Rounds[1].Points.String(), "%s organisation", b.id)
		assert.Equal(t, 3, r.Rounds[1].Sheets)
		assert.Equal(t, "0.7", r.Rounds[1].Weight.String())
	}

	// The audit of b1 shows each sheet, each mean and the weighting.
	var rounds []string
	for _, st := range results["b1"].Audit.All() {
		if st.Kind == StepRound {
			rounds = append(rounds, fmt.Sprintf("%s %s %s %d: %s × %s = %s", st.Round, st.Indicator, st.Rule, st.Count, st.Before, st.Factor, st.Points))
		}
	}
	assert.Equal(t, []string{
		"self O1 mean 2: 8.5 × 1 = 8.5",
		"self O2 mean 2: 9 × 1 = 9",
		"organisation O1 mean 3: 8 × 1 = 8",
		"organisation O2 mean 3: 8.33 × 1 = 8.33",
		"self  mean 2: 22.5 × 0.3 = 6.75",
		"organisation  mean 3: 21.33 × 0.7 = 14.931",
	}, rounds)
	sentences := Explain(s, results["b1"])
	var last []string
	for i, st := range results["b1"].Audit.All() {
		if st.Kind == StepRound && st.Indicator == "" {
			last = append(last, sentences[i].Zh)
		}
	}
	assert.Equal(t, []string{"自评（6月、12月）：2份评分取平均，22.5分，占30%，折合6.75分", "组织考评（评审小组）：3份评分取平均，21.33分，占70%，折合14.931分"}, last)

	// Ranking: b1 21.68; b2 and b3 share rank 2 with 19.3; b5 17.4; b4.
	rk, err := Rank(s, "2017", sums, nil)
	require.NoError(t, err)
	var order []string
	for _, e := range rk.Entries {
		order = append(order, fmt.Sprintf("%d %s", e.Rank, e.Subject.ID))
	}
	assert.Equal(t, []string{"1 b1", "2 b2", "2 b3", "4 b5", "5 b4"}, order)
	// Quota 60% of 5 = 3: ranks 1, 2, 2 fit.
	assert.Equal(t, []string{"b1", "b2", "b3"}, awardOf(rk, "advanced").To)

	// Quota 40% of 5 = 2: b2 and b3 tie across the line and are both left
	// out, so the quota is never exceeded.
	s40, err := s.WithParams(map[string]string{"advanced_share": "0.4"})
	require.NoError(t, err)
	rk, err = Rank(s40, "2017", sums, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"b1"}, awardOf(rk, "advanced").To)

	// Every two years from 2017: nothing is recommended in 2018.
	for i := range sums {
		sums[i].Period = "2018"
	}
	rk, err = Rank(s, "2018", sums, nil)
	require.NoError(t, err)
	assert.Empty(t, rk.Awards)
}

func TestRoundsMissingAndShort(t *testing.T) {
	s := qianjiang(t)
	noPanel := qjEvidence(qjBranches[0], "2017")
	var kept []evidence.Assessment
	for _, a := range noPanel.Assessments {
		if a.Role != "organisation" {
			kept = append(kept, a)
		}
	}
	noPanel.Assessments = kept
	_, err := Evaluate(context.Background(), s, noPanel, Options{})
	require.ErrorIs(t, err, ErrRoundMissing)
	assert.EqualError(t, err, "subject b1, period 2017, round organisation (assessments): an assessor round has no entry: round organisation")

	short := qjEvidence(qjBranches[0], "2017")
	short.Assessments = short.Assessments[:len(short.Assessments)-1] // the mass representative's O2
	kept = nil
	for _, a := range short.Assessments {
		if a.Assessor != qjPanel[2] {
			kept = append(kept, a)
		}
	}
	short.Assessments = kept
	_, err = Evaluate(context.Background(), s, short, Options{})
	require.ErrorIs(t, err, ErrFewSheets)
	assert.Contains(t, err.Error(), "round organisation (assessments): fewer sheets than the round needs: 2 sheets (dy-chen (党员代表), wy-wang (委员)), it needs 3")

	unknown := qjEvidence(qjBranches[0], "2017")
	unknown.Assessments[0].Role = "selff"
	_, err = Evaluate(context.Background(), s, unknown, Options{})
	var ee *scheme.EvidenceError
	require.ErrorAs(t, err, &ee)
	assert.Contains(t, err.Error(), `assessments[0].role: no round "selff"; the scheme's rounds are self, organisation; did you mean "self"?`)
}

// TestVerifyRounds verifies the stored results of a scheme scored in
// rounds: each indicator is listed once a round (qianjiang: self and
// organisation), and an indicator is compared with the same round's, not
// with the last listed under its id (which rejected every sample whose
// rounds differ, e.g. 茶叶's T3: 3.5 self, 4 organisation).
func TestVerifyRounds(t *testing.T) {
	s, err := schemes.Load("qianjiang-2017")
	require.NoError(t, err)
	files, err := filepath.Glob("../examples/data/qianjiang-2017/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	ctx := context.Background()
	differ := 0 // samples with an indicator scored differently in the two rounds
	for _, f := range files {
		ev := loadEvidence(t, f)
		r, err := Evaluate(ctx, s, ev, Options{})
		require.NoError(t, err, f)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var stored Result
		require.NoError(t, json.Unmarshal(b, &stored))
		require.NoError(t, Verify(ctx, &stored, s, ev, Options{}), f)

		// The organisation's round of the first indicator both rounds
		// score differently, tampered: named with its round, and the
		// self round (the same id) not reported.
		self := map[string]string{}
		for _, ir := range stored.Indicators {
			if ir.Round == "self" {
				self[ir.ID] = ir.Points.String()
			}
		}
		for i, ir := range stored.Indicators {
			if ir.Round != "organisation" || self[ir.ID] == ir.Points.String() {
				continue
			}
			differ++
			tampered := stored
			tampered.Indicators = slices.Clone(stored.Indicators)
			require.NoError(t, json.Unmarshal([]byte(`"9"`), &tampered.Indicators[i].Points))
			err := Verify(ctx, &tampered, s, ev, Options{})
			require.ErrorIs(t, err, ErrMismatch, f)
			assert.Contains(t, err.Error(), "indicator "+ir.ID+" (round organisation): stored 9, evaluated "+ir.Points.String(), f)
			assert.NotContains(t, err.Error(), "(round self)", f)
			break
		}
	}
	assert.Positive(t, differ, "no sample scores an indicator differently in its two rounds: the test shows nothing")
}

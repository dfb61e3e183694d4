package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func roundsScheme(t testing.TB) *scheme.Scheme {
	t.Helper()
	s, err := scheme.CompileFile("testdata/rounds.yaml")
	require.NoError(t, err)
	return s
}

type entry struct {
	role, who, ind, pts, grade string
}

func roundsEvidence(entries []entry) *evidence.Evidence {
	ev := &evidence.Evidence{Subject: evidence.Subject{ID: "b1", Name: "一支部", Kind: "branch"}, Period: "2021"}
	for _, e := range entries {
		ev.Assessments = append(ev.Assessments, evidence.Assessment{Assessor: e.who, Role: e.role, Indicator: e.ind,
			Points: json.Number(e.pts), Grade: e.grade, Reason: "评分", Time: "2021-12-20T10:00:00+08:00"})
	}
	return ev
}

var roundsBase = []entry{
	{"self", "b1-sec", "D1", "8", ""},
	{"organisation", "o1", "D1", "6", ""}, {"organisation", "o2", "D1", "9", ""}, {"organisation", "o3", "D1", "7", ""},
	{"cross", "x1", "D1", "10", ""}, {"cross", "x2", "D1", "2", ""}, {"cross", "x3", "D1", "6", ""}, {"cross", "x4", "D1", "7", ""},
	{"organisation", "o1", "G1", "", "优"}, {"organisation", "o2", "G1", "", "良"}, {"organisation", "o3", "G1", "", "良"},
	{"cross", "x1", "G1", "", "优"}, {"cross", "x2", "G1", "", "中"}, {"cross", "x3", "G1", "", "良"},
}

func TestRoundsPerIndicator(t *testing.T) {
	s := roundsScheme(t)
	r, err := Evaluate(context.Background(), s, roundsEvidence(roundsBase), Options{})
	require.NoError(t, err)
	// D1: self 8; organisation median of 6, 9, 7 = 7; cross 2, 6, 7, 10
	// without the lowest and highest: (6 + 7) / 2 = 6.5.
	// 0.2 × 8 + 0.5 × 7 + 0.3 × 6.5 = 1.6 + 3.5 + 1.95 = 7.05.
	// G1: no self-assessment, the organisation's points stand in;
	// organisation 优 10, 良 8, 良 8 → median 8; cross 优 10, 中 6, 良 8
	// → 8 after trimming. 0.2 × 8 + 0.5 × 8 + 0.3 × 8 = 8.
	assert.Equal(t, "7.05", points(t, r, "D1"))
	assert.Equal(t, "8", points(t, r, "G1"))
	assert.Equal(t, "15.05", r.Total.String())
	var steps []string
	for _, st := range r.Audit.All() {
		if st.Kind == StepRound {
			steps = append(steps, fmt.Sprintf("%s %s %s %d %s: %s × %s = %s", st.Indicator, st.Round, st.Rule, st.Count, st.Match, st.Before, st.Factor, st.Points))
		}
	}
	assert.Equal(t, []string{
		"D1 self single 1 : 8 × 0.2 = 1.6",
		"D1 organisation median 3 : 7 × 0.5 = 3.5",
		"D1 cross trimmed_mean 4 : 6.5 × 0.3 = 1.95",
		"G1 self single 0 organisation: 8 × 0.2 = 1.6",
		"G1 organisation median 3 : 8 × 0.5 = 4",
		"G1 cross trimmed_mean 3 : 8 × 0.3 = 2.4",
	}, steps)
	var zh []string
	for i, sen := range Explain(s, r) {
		if r.Audit.Steps()[i].Kind == StepRound && r.Audit.Steps()[i].Indicator == "G1" {
			zh = append(zh, sen.Zh)
		}
	}
	assert.Equal(t, "班子建设·自评：无评分，以考评代替，8分，占20%，折合1.6分", zh[0])
	assert.Equal(t, "班子建设·互评：3份评分去掉最高最低后取平均，8分，占30%，折合2.4分", zh[2])
}

// largePanel is 17 more organisation sheets on D1, each of 8 points:
// more than fromRounds looks through one by one (sheetsInline).
var largePanel = func() []entry {
	var out []entry
	for i := 4; i <= 20; i++ {
		out = append(out, entry{"organisation", fmt.Sprintf("o%d", i), "D1", "8", ""})
	}
	return out
}()

func TestRoundsRejections(t *testing.T) {
	s := roundsScheme(t)
	tests := []struct {
		why     string
		change  func([]entry) []entry
		wantErr error
		msg     string
	}{
		{"two entries on one sheet never add up", func(e []entry) []entry {
			return append(e, entry{"self", "b1-sec", "D1", "2", ""})
		}, ErrDuplicate, "subject b1, period 2021, indicator D1 (assessments): more than one assessor entry where one is expected: sheet b1-sec of round self scored it twice"},
		{"median of an even panel", func(e []entry) []entry {
			// organisation 6, 9, 7, 8: (7 + 8) / 2 = 7.5 → D1 = 1.6 + 3.75 + 1.95 = 7.3
			return append(e, entry{"organisation", "o4", "D1", "8", ""})
		}, nil, "7.3"},
		{"a panel of more sheets than fromRounds keeps inline still finds its median", func(e []entry) []entry {
			// organisation 6, 9, 7 and 17 × 8: 20 sheets, (8 + 8) / 2 = 8 → D1 = 1.6 + 4 + 1.95 = 7.55
			return append(e, largePanel...)
		}, nil, "7.55"},
		{"a sheet scored twice in a large panel is found by its key", func(e []entry) []entry {
			return append(append(e, largePanel...), entry{"organisation", "o5", "D1", "3", ""})
		}, ErrDuplicate, "subject b1, period 2021, indicator D1 (assessments): more than one assessor entry where one is expected: sheet o5 of round organisation scored it twice"},
		{"a trimmed mean needs three sheets", func(e []entry) []entry {
			var out []entry
			for _, x := range e {
				if x.ind != "G1" || x.who != "x3" {
					out = append(out, x)
				}
			}
			return out
		}, ErrFewSheets, "subject b1, period 2021, indicator G1 (assessments): fewer sheets than the round needs: round cross has 2, it needs 3"},
		{"a round without a stand-in must be present", func(e []entry) []entry {
			var out []entry
			for _, x := range e {
				if x.role != "organisation" || x.ind != "D1" {
					out = append(out, x)
				}
			}
			return out
		}, ErrRoundMissing, "subject b1, period 2021, indicator D1 (assessments): an assessor round has no entry: round organisation"},
		{"points outside the range in any round", func(e []entry) []entry {
			return append(e[:1:1], append([]entry{{"organisation", "o4", "D1", "11", ""}}, e[1:]...)...)
		}, ErrOutOfRange, "subject b1, period 2021, indicator D1 (assessments): assessor's points outside the declared range: o4 gave 11, the range is 0 to 10"},
	}
	for _, tc := range tests {
		t.Run(tc.why, func(t *testing.T) {
			base := append([]entry(nil), roundsBase...)
			r, err := Evaluate(context.Background(), s, roundsEvidence(tc.change(base)), Options{})
			if tc.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, tc.msg, points(t, r, "D1"))
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			assert.EqualError(t, err, tc.msg)
		})
	}
}

// The draw is recomputable without Go; the keys below come from
//
//	printf '%s\n%s' xining-2021-recheck b1 | sha256sum
//
// and likewise for b2…b5: b4 2c5b…, b5 30b7…, b3 4a32…, b1 4c65…, b2 c665….
func TestSampleIsReproducible(t *testing.T) {
	s := roundsScheme(t)
	d, err := Sample(s, "xining-2021-recheck", []string{"b3", "b1", "b2", "b5", "b4", "b1"})
	require.NoError(t, err)
	assert.Equal(t, 5, d.Of)
	assert.Equal(t, 2, d.Count) // 40% of 5
	assert.Equal(t, []string{"b4", "b5"}, d.Chosen)
	assert.Equal(t, "4c6584a8be58d71bcff5f4e88c534f0f22fed4be6c08eaa4954011cf27a2be4d", d.Keys["b1"])
	assert.Equal(t, "c6656b4a54977f5fefc6e512778b2adcdaa9b8bd4d9b82086f2750083118b3eb", d.Keys["b2"])

	// 40% of 4 is 1.6: ceil, at least the share.
	d, err = Sample(s, "xining-2021-recheck", []string{"b1", "b2", "b3", "b5"})
	require.NoError(t, err)
	assert.Equal(t, []string{"b5", "b3"}, d.Chosen)

	_, err = Sample(s, "", []string{"b1"})
	assert.Error(t, err)
	_, err = Sample(tingnan(t), "x", []string{"b1"})
	assert.ErrorIs(t, err, ErrNoSampling)
}

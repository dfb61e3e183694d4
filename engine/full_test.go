package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fullScheme(t *testing.T) *scheme.Scheme {
	t.Helper()
	s, err := scheme.CompileFile("testdata/full.yaml")
	require.NoError(t, err)
	return s
}

// stepLine is a compact form of an audit step for comparing whole trails.
func stepLine(st Step) string {
	s := string(st.Kind)
	for _, x := range []string{st.Section, st.Indicator, st.Record, st.Match} {
		if x != "" {
			s += " " + x
		}
	}
	if st.Before != nil {
		s += " " + st.Before.String() + " →"
	}
	if st.Points != nil {
		s += " " + st.Points.String()
	}
	if len(st.Missing) > 0 {
		s += fmt.Sprintf(" missing%v", st.Missing)
	}
	if len(st.Failed) > 0 {
		s += fmt.Sprintf(" failed%v", st.Failed)
	}
	return s
}

// TestFullScheme scores testdata/full-2021.json with testdata/full.yaml and
// checks every audit step against the working below.
func TestFullScheme(t *testing.T) {
	s := fullScheme(t)
	ev := loadEvidence(t, "testdata/full-2021.json")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)

	var got []string
	for _, st := range r.Audit.All() {
		got = append(got, stepLine(st))
	}
	want := []string{
		// gated: +4 per contest with plan and summary and ≥5 people.
		"record S1 gated K1 4",                                 // both documents, 6 people
		"record S1 gated K2 0 missing[summary] failed[people]", // 4 people, no summary
		"out_of_window S1 gated K3",                            // dated 2020
		"record S1 gated K4 0 missing[plan]",                   // 5 people is enough, plan missing
		"raw S1 gated 4",
		// valued: bands over the record's value, [0,100) 1, [100,+inf) 2.
		"record S1 valued K1 [100, +inf) 2", // 150
		"filtered S1 valued K2",             // no value: where has(record.value)
		"out_of_window S1 valued K3",
		"record S1 valued K4 [100, +inf) 2", // exactly 100: the upper band
		"raw S1 valued 4",
		// assessed: gate on plan, then the assessor's 1–3 per record.
		"record S1 assessed K1 3",
		"record S1 assessed K2 2",
		"out_of_window S1 assessed K3",
		"record S1 assessed K4 0 missing[plan]",
		"raw S1 assessed 5",
		// completion 110 → measure 10 → [10, +inf) → 3 (the edge is upper).
		"band S1 completion [10, +inf) 3",
		"raw S1 completion 3",
		// attendance 80 → 95 − 80 = 15 → 3 full steps of 5 × −1 = −3; the
		// floor −3 is not undercut, so no floor step.
		"steps S1 attendance -3",
		"raw S1 attendance -3",
		// findings: F1 and F2 share a topic: counted once; 2 × −2 = −4.
		"record S1 findings F1 -2", // each occurrence carries its −2
		"duplicate S1 findings F2 抄袭",
		"record S1 findings F3 -2",
		"raw S1 findings -4",
		// highlight: the assessor's 5, outside the section cap.
		"assessment S1 highlight 5",
		"raw S1 highlight 5",
		// S1 inside the cap: 4 + 4 + 5 + 3 − 3 − 4 = 9 (cap 20, floor 0 idle);
		// the bonus 5 is capped at 3 → 9 + 3 = 12; × 0.6 = 7.2.
		"section S1 9",
		"cap S1 5 → 3",
		"bonus S1 9 → 3",
		"weight S1 12 → 7.2",
		// S2: rating 良 → 8.
		"grade S2 grade 良 8",
		"raw S2 grade 8",
		// panel applies only to production branches; this one is an office.
		"not_applicable S2 panel",
		// checklist: WeChat 2; 2 members < 3 → 0.
		"item S2 checklist wechat 2",
		"item S2 checklist size 0",
		"raw S2 checklist 2",
		// news chosen from the pool: min(2, 3) × 2 = 4; other not chosen.
		"value S2 news 4",
		"raw S2 news 4",
		"not_applicable S2 other",
		// S2 = 8 + 2 + 4 = 14; × 0.4 = 5.6.
		"section S2 14",
		"weight S2 14 → 5.6",
		// total 7.2 + 5.6 = 12.8; rounding to 1 place leaves it.
		"total 12.8",
		"rounding 12.8 → 12.8",
		// 12.8 reaches excellent (min 12.8, inclusive), but the incident veto,
		// confirmed by dw-chen, forces non-compliant.
		"veto incident",
		"tier fail 12.8",
	}
	assert.Equal(t, want, got)
	assert.Equal(t, "12.8", r.Total.String())
	assert.Equal(t, "fail", r.Tier)
	require.Len(t, r.Vetoes, 1)
	assert.Equal(t, "dw-chen", r.Vetoes[0].ConfirmedBy)
	assert.Equal(t, map[string]string{"incidents": "1 records"}, r.Vetoes[0].Facts)

	// Without the confirmation the veto does not take effect (可直接确定 is
	// the assessor's call): the tier is excellent.
	ev.Confirmations = nil
	r, err = Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	assert.Equal(t, "excellent", r.Tier)
	assert.Empty(t, r.Vetoes)

	// The findings deduction cites the records behind it.
	for _, ir := range r.Indicators {
		if ir.ID == "findings" {
			assert.Equal(t, []string{"findings:F1", "findings:F3"}, ir.Cites)
		}
	}
}

// TestBandEdges moves each kind of band's measure to either side of an edge.
func TestBandEdges(t *testing.T) {
	s := fullScheme(t)
	tests := []struct {
		fact, value, indicator, want, why string
	}{
		{"completion", "109.99", "completion", "1", "just under 10% over: [0, 10)"},
		{"completion", "110", "completion", "3", "exactly 10% over: [10, +inf)"},
		{"completion", "100", "completion", "1", "exactly on target: [0, 10)"},
		{"completion", "99.99", "completion", "-2", "just short: (-inf, 0)"},
		{"attendance", "85", "attendance", "-2", "95 − 85 = 10: two full steps"},
		{"attendance", "85.01", "attendance", "-1", "9.99: one full step"},
		{"attendance", "95", "attendance", "0", "no shortfall: no step"},
		{"attendance", "40", "attendance", "-3", "11 steps, floored at −3"},
	}
	for _, tc := range tests {
		ev := loadEvidence(t, "testdata/full-2021.json")
		ev.Facts[tc.fact] = tc.value
		r, err := Evaluate(context.Background(), s, ev, Options{})
		require.NoError(t, err, tc.why)
		assert.Equal(t, tc.want, points(t, r, tc.indicator), tc.why)
	}
	// A per-record band: K4's value either side of 100.
	for value, want := range map[string]string{"99.99": "3", "100": "4"} {
		ev := loadEvidence(t, "testdata/full-2021.json")
		ev.Records["contests"][3].Fields["value"] = value
		r, err := Evaluate(context.Background(), s, ev, Options{})
		require.NoError(t, err)
		// K1 earns 2 (150); K4 earns 1 below 100, 2 at 100.
		assert.Equal(t, want, points(t, r, "valued"), "K4 value %s", value)
	}
}

func TestRuntimeErrors(t *testing.T) {
	s := fullScheme(t)
	tests := []struct {
		mutate func(evMap *testEvidence)
		want   string
		is     error
	}{
		{func(e *testEvidence) { e.ev.Assessments[2].Points = "6" }, "subject b7, period 2021, indicator highlight (assessments): assessor's points outside the declared range: zzb-liu gave 6, the range is 1 to 5", ErrOutOfRange},
		{func(e *testEvidence) { e.ev.Assessments = e.ev.Assessments[1:] }, "indicator assessed (records.contests[0] K1): a qualifying record has no assessor's score", ErrNotAssessed},
		{func(e *testEvidence) { e.ev.Assessments = append(e.ev.Assessments, e.ev.Assessments[2]) }, "indicator highlight (assessments): more than one assessor entry", ErrDuplicate},
		{func(e *testEvidence) { e.ev.Facts["completion"] = "-100000000000000000000" }, "", nil},
	}
	for _, tc := range tests {
		e := &testEvidence{ev: loadEvidence(t, "testdata/full-2021.json")}
		tc.mutate(e)
		_, err := Evaluate(context.Background(), s, e.ev, Options{})
		if tc.is == nil {
			assert.NoError(t, err, "a huge shortfall still falls in (-inf, 0)")
			continue
		}
		require.Error(t, err)
		assert.ErrorIs(t, err, tc.is)
		assert.Contains(t, err.Error(), tc.want)
	}

	// Bad evidence: every problem at once, each with its path.
	ev := loadEvidence(t, "testdata/full-2021.json")
	ev.Facts["members"] = "two"
	ev.Facts["complection"] = "1"
	delete(ev.Facts, "rating")
	ev.Records["contests"][1].Fields["participants"] = "six"
	ev.Records["contests"][2].Fields["colour"] = "red"
	ev.Records["contests"][0].Documents = append(ev.Records["contests"][0].Documents, "sumary")
	_, err := Evaluate(context.Background(), s, ev, Options{})
	var evErr *scheme.EvidenceError
	require.ErrorAs(t, err, &evErr)
	assert.Equal(t, []string{
		`facts.members: want int, got "two"`,
		`facts.rating: missing (the scheme requires it)`,
		`facts.complection: the scheme declares no such fact; did you mean "completion"?`,
		`records.contests[0].documents[2]: "sumary" is not a document kind of contests; did you mean "summary"?`,
		`records.contests[1].participants: want int, got "six"`,
		`records.contests[2].colour: the scheme declares no such field`,
	}, problemLines(evErr))

	// Cancellation is respected.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Evaluate(ctx, s, loadEvidence(t, "testdata/full-2021.json"), Options{})
	assert.ErrorIs(t, err, context.Canceled)
}

type testEvidence struct{ ev *evidence.Evidence }

func problemLines(e *scheme.EvidenceError) []string {
	var out []string
	for _, p := range e.Problems {
		out = append(out, p.Path+": "+p.Message)
	}
	return out
}

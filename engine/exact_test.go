package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exactHead starts the small schemes of these tests: scale 4, half up.
const exactHead = `id: exact
version: "1"
title: {zh: 精确, en: exact}
period: month
arithmetic: {scale: 4, rounding: half_up}
`

func compileExact(t *testing.T, body string) *scheme.Scheme {
	t.Helper()
	s, err := scheme.Compile("exact.yaml", []byte(exactHead+body))
	require.NoError(t, err)
	return s
}

// evalExact scores facts (and records) as subject s1 in 2021-01.
func evalExact(t *testing.T, s *scheme.Scheme, facts string, records string) *Result {
	t.Helper()
	if records == "" {
		records = "{}"
	}
	src := `{"subject": {"id": "s1", "name": "一支部", "kind": "branch"}, "period": "2021-01", "facts": ` + facts + `, "records": ` + records + `}`
	evs, err := evidence.Decode(strings.NewReader(src))
	require.NoError(t, err)
	r, err := Evaluate(context.Background(), s, evs[0], Options{})
	require.NoError(t, err)
	return r
}

func stepOf(t *testing.T, r *Result, kind StepKind, indicator string) *Step {
	t.Helper()
	for i := range r.Audit.Len() {
		if st := &r.Audit.Steps()[i]; st.Kind == kind && st.Indicator == indicator {
			return st
		}
	}
	t.Fatalf("no %s step for %s", kind, indicator)
	return nil
}

// TestTingnanWithinOnePercent is issue 11's case on the built-in scheme.
// Target 3, actual 2.9700012:
//
//	(2.9700012 − 3) × 100 / 3 = −0.0299988 × 100 / 3 = −2.99988 / 3 = −0.99996
//
// exactly (3 divides 2.99988 = 3 × 0.99996). −0.99996 > −1, so it lies in
// (−1, 1) and earns 0, as the scheme's note says ("within 1% either way
// earns 0"). Rounded to the scheme's 4 places first it was −1.0000, which
// fell in (−5, −1] and cost a point. The measure terminates, so it is
// recorded with all five digits, past the scale.
func TestTingnanWithinOnePercent(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	ev.Facts["task_target"] = json.Number("3")
	ev.Facts["task_actual"] = json.Number("2.9700012")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	assert.Equal(t, "0", points(t, r, "B1"))
	st := stepOf(t, r, StepBand, "B1")
	assert.Equal(t, "-0.99996", st.Measure.String())
	assert.Equal(t, "(-1, 1)", st.Match)
	assert.Nil(t, st.Exact, "a measure that terminates is not rounded")

	// The hand-written baseline (exact rationals, no CEL) agrees byte for
	// byte, on this and on a measure that does not terminate: target 3,
	// actual 4 → 1 × 100 / 3 = 100/3 = 33.333… → [10, +inf) → 5, recorded
	// as 33.3333 with the fraction beside it.
	for _, actual := range []string{"2.9700012", "4"} {
		ev.Facts["task_actual"] = json.Number(actual)
		want, err := Evaluate(context.Background(), s, ev, Options{})
		require.NoError(t, err)
		got, err := baselineTingnan(ev, s.Hash())
		require.NoError(t, err)
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		require.Equal(t, string(wj), string(gj), actual)
	}
	ev.Facts["task_actual"] = json.Number("4")
	r, err = Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	st = stepOf(t, r, StepBand, "B1")
	assert.Equal(t, "33.3333", st.Measure.String())
	assert.Equal(t, map[string]string{"measure": "100/3"}, st.Exact)
	assert.Equal(t, "5", points(t, r, "B1"))
}

// TestExactComparisons: every comparison uses the exact value. Each row
// is a one-indicator scheme and its facts; the hand working is in why.
func TestExactComparisons(t *testing.T) {
	bandsOf := func(measure string) string {
		return `inputs: {a: decimal, b: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: B
        label: {zh: 乙, en: B}
        kind: bands
        measure: "` + measure + `"
        bands:
          - {range: "(-inf, -5]", points: -3}
          - {range: "(-5, -1]", points: -1}
          - {range: "(-1, 1)", points: 0}
          - {range: "[1, +inf)", points: 1}
`
	}
	tests := []struct {
		body, facts, want, why string
	}{
		{bandsOf("percent(b - a, a)"), `{"a": "3", "b": "2.9700012"}`, "0",
			"percent(−0.0299988, 3) = −2.99988/3 = −0.99996 > −1: (−1, 1), not (−5, −1]"},
		{bandsOf("percent(b - a, a)"), `{"a": "3", "b": "2.97"}`, "-1",
			"percent(−0.03, 3) = −1 exactly: (−5, −1]"},
		{bandsOf("b / 3 * 3"), `{"a": "0", "b": "1"}`, "1",
			"1/3 is exact, × 3 is exactly 1: on the edge of [1, +inf); rounded first it was 0.9999 → 0"},
		{bandsOf("b / 3"), `{"a": "0", "b": "3"}`, "1",
			"3/3 = 1 exactly: the edge"},
		{bandsOf("-(b / 3) * 3"), `{"a": "0", "b": "1"}`, "-1",
			"−(1/3) × 3 = −1 exactly: in (−5, −1]; rounded it was −0.9999 → 0"},
		{`inputs: {a: decimal, b: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: B
        label: {zh: 乙, en: B}
        kind: checklist
        items:
          - {id: eq, label: {zh: 相等, en: equal}, when: "a / 3 == b / 3", points: 1}
`, `{"a": "1", "b": "1.00001"}`, "0",
			"1/3 ≠ 1.00001/3, though both round to 0.3333"},
		{`inputs: {a: decimal, b: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: B
        label: {zh: 乙, en: B}
        kind: checklist
        items:
          - {id: eq, label: {zh: 相等, en: equal}, when: "a / 3 == b / 3", points: 1}
`, `{"a": "2", "b": "2.0"}`, "1",
			"2/3 = 2.0/3 exactly"},
		{`inputs: {a: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: B
        label: {zh: 乙, en: B}
        kind: value
        value: a
        cap: dec(10) / 3
`, `{"a": "3.3333"}`, "3.3333",
			"3.3333 < 10/3 = 3.333…: not capped"},
		{`inputs: {a: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: B
        label: {zh: 乙, en: B}
        kind: value
        value: a
        cap: dec(10) / 3
`, `{"a": "3.33334"}`, "3.3333",
			"3.33334 > 10/3: capped at 10/3, recorded 3.3333"},
		{`inputs: {a: decimal, every: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: B
        label: {zh: 乙, en: B}
        kind: steps
        measure: a / 3
        steps: {every: 1, points: 1}
`, `{"a": "6", "every": "1"}`, "2",
			"6/3 = 2 exactly: 2 full steps; (never 1.9999…)"},
		{`inputs: {a: decimal, every: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: B
        label: {zh: 乙, en: B}
        kind: steps
        measure: a
        steps: {every: every / 3, points: 1}
`, `{"a": "2", "every": "2"}`, "3",
			"every read from evidence: 2/3; floor(2 / (2/3)) = 3 full steps"},
	}
	for _, tc := range tests {
		r := evalExact(t, compileExact(t, tc.body), tc.facts, "")
		assert.Equal(t, tc.want, points(t, r, "B"), tc.why)
	}
}

// TestRecordedRounding: 1/3 as points is recorded as 0.3333 (scale 4, half
// up), and the audit and the explanation show the rounding; 1/8 at scale 4
// would need no rounding, nor does 1/80000 = 0.0000125 (past the scale).
func TestRecordedRounding(t *testing.T) {
	s := compileExact(t, `inputs: {a: decimal, b: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: third
        label: {zh: 三分之一, en: a third}
        kind: value
        value: a / 3
      - id: eighth
        label: {zh: 八万分之一, en: an 80000th}
        kind: value
        value: a / 80000
      - id: steps
        label: {zh: 档, en: steps}
        kind: steps
        measure: b / 3
        steps: {every: 10, points: dec(1) / 3}
`)
	r := evalExact(t, s, `{"a": "1", "b": "200"}`, "")
	// third: 1/3 = 0.3333|33… → 0.3333.
	assert.Equal(t, "0.3333", points(t, r, "third"))
	st := stepOf(t, r, StepValue, "third")
	assert.Equal(t, map[string]string{"points": "1/3"}, st.Exact)
	// eighth: 1/80000 = 0.0000125 terminates: recorded exactly.
	assert.Equal(t, "0.0000125", points(t, r, "eighth"))
	assert.Nil(t, stepOf(t, r, StepValue, "eighth").Exact)
	// steps: 200/3 = 66.666… → 6 full steps of 10; 6 × 1/3 = 2 exactly.
	// The measure 66.6667 and the factor 0.3333 are shown rounded, the
	// points are exact.
	assert.Equal(t, "2", points(t, r, "steps"))
	sst := stepOf(t, r, StepSteps, "steps")
	assert.Equal(t, 6, sst.Count)
	assert.Equal(t, "66.6667", sst.Measure.String())
	assert.Equal(t, "0.3333", sst.Factor.String())
	assert.Equal(t, map[string]string{"measure": "200/3", "factor": "1/3"}, sst.Exact)
	// Sum 0.3333 + 0.0000125 + 2 = 2.3333125.
	assert.Equal(t, "2.3333125", r.Total.String())

	sen := ExplainStep(s, st)
	assert.Equal(t, "三分之一：加约0.3333分（精确值1/3，按方案保留4位小数）", sen.Zh)
	assert.Equal(t, "a third: about +0.3333 points (exactly 1/3, kept to 4 places as the scheme says)", sen.En)
	sen = ExplainStep(s, sst)
	assert.Contains(t, sen.Zh, "计得约66.6667（精确值200/3，按方案保留4位小数），满6档，每档约0.3333（精确值1/3，按方案保留4位小数）分，加2分")
	assert.Contains(t, sen.En, "the measure is about 66.6667 (exactly 200/3, kept to 4 places as the scheme says): 6 full steps")

	// The result's JSON carries the fraction.
	j, err := json.Marshal(st)
	require.NoError(t, err)
	assert.Contains(t, string(j), `"points":"0.3333"`)
	assert.Contains(t, string(j), `"exact":{"points":"1/3"}`)
}

// TestExactWeightsAndTiers: weights of 1/3 multiply exactly; a tier
// threshold of 200/3 is compared with the total exactly.
func TestExactWeightsAndTiers(t *testing.T) {
	s := compileExact(t, `inputs: {a: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    weight: dec(1) / 3
    indicators:
      - {id: A, label: {zh: 甲, en: A}, kind: value, value: a}
  - id: T
    label: {zh: 乙, en: T}
    weight: dec(2) / 3
    indicators:
      - {id: B, label: {zh: 乙, en: B}, kind: value, value: a}
total:
  weights_sum: 1
tiers:
  - {id: top, label: {zh: 优, en: top}, min: dec(200) / 3}
  - {id: rest, label: {zh: 其他, en: rest}}
`)
	tests := []struct {
		a, total, tier, why string
	}{
		// a/3 + 2a/3: with a = 66.66668, 22.22222|666… → 22.2222 and
		// 44.44445|333… → 44.4445: total 66.6667 ≥ 200/3 → top.
		{"66.66668", "66.6667", "top", "each contribution rounded once; 66.6667 > 66.666…"},
		// a = 66.6666: 22.2222 and 44.4444 exactly: 66.6666 < 200/3.
		{"66.6666", "66.6666", "rest", "66.6666 is below 200/3 = 66.666…, though 200/3 rounds to 66.6667"},
		// a = 99: 33 and 66 exactly.
		{"99", "99", "top", "weights of thirds: 99/3 + 2·99/3 = 99 exactly, not 99 × 0.9999"},
	}
	for _, tc := range tests {
		r := evalExact(t, s, `{"a": "`+tc.a+`"}`, "")
		assert.Equal(t, tc.total, r.Total.String(), tc.why)
		assert.Equal(t, tc.tier, r.Tier, tc.why)
	}
	r := evalExact(t, s, `{"a": "1"}`, "")
	var w *Step
	for i := range r.Audit.Len() {
		if r.Audit.Steps()[i].Kind == StepWeight && r.Audit.Steps()[i].Section == "S" {
			w = &r.Audit.Steps()[i]
		}
	}
	require.NotNil(t, w)
	// 1 × 1/3: factor and contribution both 0.3333, both noted.
	assert.Equal(t, map[string]string{"factor": "1/3", "points": "1/3"}, w.Exact)
}

// TestBandPointsReadEvidence: a band's points may read an input, or a
// record's field in a per-record band; they are evaluated per subject or
// record, and what they read is in the audit.
func TestBandPointsReadEvidence(t *testing.T) {
	s := compileExact(t, `inputs:
  x: decimal
  y: decimal
  items:
    type: list
    max: 5
    fields: {v: decimal, n: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: subj
        label: {zh: 乙, en: subject}
        kind: bands
        measure: x
        bands:
          - {range: "(-inf, 0)", points: 0}
          - {range: "[0, +inf)", points: y / 3}
      - id: rec
        label: {zh: 丙, en: record}
        kind: per_record
        records: items
        measure: record.v
        bands:
          - {range: "(-inf, 10)", points: 0}
          - {range: "[10, +inf)", points: record.n}
`)
	r := evalExact(t, s, `{"x": "1", "y": "7.5"}`,
		`{"items": [{"id": "r1", "date": "2021-01-05", "v": "12", "n": "2.5"}, {"id": "r2", "date": "2021-01-06", "v": "3", "n": "9"}, {"id": "r3", "date": "2021-01-07", "v": "10", "n": "-1"}]}`)
	// subj: x = 1 ≥ 0 → y / 3 = 7.5 / 3 = 2.5.
	assert.Equal(t, "2.5", points(t, r, "subj"))
	st := stepOf(t, r, StepBand, "subj")
	assert.Equal(t, Reads{{"x", "1"}, {"y", "7.5"}}, st.Reads)
	assert.Equal(t, []string{"facts.x", "facts.y"}, st.Cites)
	// rec: r1 12 ≥ 10 → n = 2.5; r2 3 < 10 → 0; r3 10 ≥ 10 → −1. Sum 1.5.
	assert.Equal(t, "1.5", points(t, r, "rec"))
	for _, st := range r.Audit.All() {
		if st.Kind == StepRecord && st.Record == "r1" {
			assert.Equal(t, "2.5", st.Points.String())
			assert.Equal(t, Reads{{"record.n", "2.5"}, {"record.v", "12"}}, st.Reads)
		}
	}
	// y = 1: 1/3 → 0.3333, noted.
	r = evalExact(t, s, `{"x": "1", "y": "1"}`, `{"items": []}`)
	assert.Equal(t, "0.3333", points(t, r, "subj"))
	assert.Equal(t, map[string]string{"points": "1/3"}, stepOf(t, r, StepBand, "subj").Exact)
}

// TestDynamicBonusCapAndEvery: bonus_cap and steps.every may read
// evidence; they are evaluated, never read as a constant 0.
func TestDynamicBonusCapAndEvery(t *testing.T) {
	s := compileExact(t, `inputs: {a: decimal, c: decimal, e: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    bonus_cap: c
    indicators:
      - {id: in, label: {zh: 内, en: inside}, kind: value, value: 1}
      - {id: out, label: {zh: 外, en: outside}, kind: value, value: a, outside_cap: true}
      - id: st
        label: {zh: 档, en: steps}
        kind: steps
        measure: 10
        steps: {every: e, points: 1}
`)
	// 1 inside + min(a, c) = min(5, 2) = 2 outside + floor(10 / 4) = 2 steps
	// (the steps indicator is inside the cap too): 1 + 2 + 2 = 5.
	r := evalExact(t, s, `{"a": "5", "c": "2", "e": "4"}`, "")
	assert.Equal(t, "5", r.Total.String())

	src := `{"subject": {"id": "s1", "name": "一支部", "kind": "branch"}, "period": "2021-01", "facts": {"a": "5", "c": "2", "e": "0"}}`
	evs, err := evidence.Decode(strings.NewReader(src))
	require.NoError(t, err)
	_, err = Evaluate(context.Background(), s, evs[0], Options{})
	assert.ErrorIs(t, err, ErrStepNotPositive)
	assert.ErrorContains(t, err, "subject s1, period 2021-01, indicator st (facts.e): steps.every must be positive, got 0")
}

// TestRoundedMeasureKeepsItsBand: 200/3 is shown as 66.6667 but is below
// the edge 66.6667 (200/3 = 66.66666…), so it stays in the lower band; the
// explanation says the shown value is rounded.
func TestRoundedMeasureKeepsItsBand(t *testing.T) {
	s := compileExact(t, `inputs: {b: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - id: B
        label: {zh: 乙, en: B}
        kind: bands
        measure: b / 3
        bands:
          - {range: "(-inf, 66.6667)", points: 1}
          - {range: "[66.6667, +inf)", points: 2}
`)
	r := evalExact(t, s, `{"b": "200"}`, "")
	st := stepOf(t, r, StepBand, "B")
	assert.Equal(t, "66.6667", st.Measure.String())
	assert.Equal(t, "(-inf, 66.6667)", st.Match)
	assert.Equal(t, "1", st.Points.String())
	assert.Equal(t, map[string]string{"measure": "200/3"}, st.Exact)
	sen := ExplainStep(s, st)
	// The exact measure is below the bound though it shows as 66.6667.
	assert.Equal(t, "乙：计得约66.6667（精确值200/3，按方案保留4位小数），按低于66.6667档加1分", sen.Zh)
	assert.Equal(t, "B: the measure is about 66.6667 (exactly 200/3, kept to 4 places as the scheme says): the band below 66.6667, +1 points", sen.En)
	// 200.0003 / 3 = 66.666766… ≥ 66.6667: the upper band.
	r = evalExact(t, s, `{"b": "200.0003"}`, "")
	assert.Equal(t, "2", points(t, r, "B"))
}

// TestExactShares: a share of 1/3 admits 1 of 3 subjects (floor(1/3 × 3)
// = 1), where the recorded share 0.3333 would admit floor(0.9999) = 0; the
// re-check draw rounds 1/3 × 3 = 1 down to 1, not 0.
func TestExactShares(t *testing.T) {
	s := compileExact(t, `inputs: {a: decimal}
sections:
  - id: S
    label: {zh: 甲, en: S}
    indicators:
      - {id: A, label: {zh: 甲, en: A}, kind: value, value: a}
awards:
  - {id: top, label: {zh: 前三分之一, en: top third}, share: dec(1) / 3}
sampling: {share: dec(1) / 3, rounding: floor}
`)
	assert.Equal(t, 1, quotaLimit(s, nil, s.Awards()[0].Share, 3))
	assert.Equal(t, 2, quotaLimit(s, nil, s.Awards()[0].Share, 8), "floor(8/3) = 2")
	d, err := Sample(s, "seed", []string{"a", "b", "c"})
	require.NoError(t, err)
	assert.Equal(t, 1, d.Count)
}

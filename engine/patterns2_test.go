package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pat2Scheme compiles a small scheme around the given indicator and tier
// lines, with meetings (kind, case_no, weight) and a decimal rate.
func pat2Scheme(t *testing.T, period, extra, indicators string) *scheme.Scheme {
	t.Helper()
	src := `id: pat2
version: "1"
title: {zh: 示例, en: example}
period: ` + period + `
arithmetic: {scale: 4, rounding: half_up}
` + extra + `
inputs:
  rate: {type: decimal, default: "0"}
  meetings:
    type: list
    max: 60
    fields:
      case_no: {type: int, optional: true}
      weight: {type: decimal, optional: true}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
` + indicators
	s, err := scheme.Compile("pat2.yaml", []byte(src))
	require.NoError(t, err)
	return s
}

func pat2Eval(t *testing.T, s *scheme.Scheme, period string, rate string, meetings string) *Result {
	t.Helper()
	var recs []any
	require.NoError(t, json.Unmarshal([]byte(meetings), &recs))
	doc, err := json.Marshal(map[string]any{"subject": evidence.Subject{ID: "b1", Name: "一支部", Kind: "branch"}, "period": period, "facts": map[string]any{"rate": rate},
		"records": map[string]any{"meetings": recs}})
	require.NoError(t, err)
	evs, err := evidence.Decode(bytes.NewReader(doc))
	require.NoError(t, err)
	r, err := Evaluate(context.Background(), s, evs[0], Options{})
	require.NoError(t, err)
	return r
}

// TestMissingSpans counts the spans with no record, worked by hand.
func TestMissingSpans(t *testing.T) {
	cases := []struct {
		why, period, extra, rule, meetings, want string
	}{
		{"a year of months: meetings in 3 months leave 9 missing: 9 × −0.5",
			"year", "", "missing: {every: month}", `[{"id":"a","date":"2021-01-05"},{"id":"b","date":"2021-01-20"},{"id":"c","date":"2021-06-30"},{"id":"d","date":"2021-12-31"}]`, "-4.5"},
		{"quarters of a year: only Q3 has none",
			"year", "", "missing: {every: quarter}", `[{"id":"a","date":"2021-02-01"},{"id":"b","date":"2021-05-01"},{"id":"c","date":"2021-11-01"}]`, "-0.5"},
		{"at least 2 a quarter: Q1 has 2, Q2 1, Q3 and Q4 none → 3 short",
			"year", "", "missing: {every: quarter, at_least: 2}", `[{"id":"a","date":"2021-02-01"},{"id":"b","date":"2021-03-01"},{"id":"c","date":"2021-05-01"}]`, "-1.5"},
		{"cut-off 26: 2021-03-27 belongs to April, so March (02-27..03-26) is empty and April is not",
			"quarter", "cutoff_day: 26", "missing: {every: month}", `[{"id":"a","date":"2020-12-27"},{"id":"b","date":"2021-02-26"},{"id":"c","date":"2021-03-27"}]`, "-0.5"},
		{"weeks of March 2021: Mondays 1, 8, 15, 22 and 29 (its Thursday 1 April is in April) → weeks 9–12 are March's; 22 March's week has none",
			"month", "", "missing: {every: week}", `[{"id":"a","date":"2021-03-01"},{"id":"b","date":"2021-03-14"},{"id":"c","date":"2021-03-15"}]`, "-0.5"},
		{"28 February (a Sunday) is in the week of 22 February, whose Thursday is in February: it does not count for March's first week",
			"month", "", "missing: {every: week}", `[{"id":"a","date":"2021-02-28"},{"id":"b","date":"2021-03-08"},{"id":"c","date":"2021-03-15"},{"id":"d","date":"2021-03-22"}]`, "-0.5"},
		{"within the year: a quarter scheme counts the months of the year so far (Q2: January–June), with May and June empty",
			"quarter", "", "missing: {every: month}\n        window: {in: year}", `[{"id":"a","date":"2021-01-05"},{"id":"b","date":"2021-02-05"},{"id":"c","date":"2021-03-05"},{"id":"d","date":"2021-04-05"}]`, "-1"},
	}
	for _, tc := range cases {
		t.Run(tc.why, func(t *testing.T) {
			s := pat2Scheme(t, tc.period, tc.extra, `      - id: M
        label: {zh: 缺, en: missing}
        kind: per_missing_period
        records: meetings
        `+tc.rule+`
        points: -0.5
`)
			p := map[string]string{"year": "2021", "quarter": "2021-Q1", "month": "2021-03"}[tc.period]
			if tc.extra == "" && tc.period == "quarter" {
				p = "2021-Q2"
			}
			r := pat2Eval(t, s, p, "0", tc.meetings)
			assert.Equal(t, tc.want, r.Indicators[0].Points.String())
		})
	}
}

// TestStepsBothWays counts steps above and below, full or begun.
func TestStepsBothWays(t *testing.T) {
	cases := []struct {
		why, steps, rate, want string
	}{
		{"above, full steps (the default): 27 above 0 is 2 full steps of 10", "{every: 10, points: 1}", "27", "2"},
		{"above, started: 27 is 2.7 steps, begun → 3", "{every: 10, points: 1, count: started}", "27", "3"},
		{"below 100, full: 85 is 1.5 steps below → 1 × −1", "{every: 10, points: -1, from: 100, direction: below}", "85", "-1"},
		{"below 100, started: 85 → 2 × −1", "{every: 10, points: -1, from: 100, direction: below, count: started}", "85", "-2"},
		{"below, exactly 2 steps: 80 → 2 whether full or begun", "{every: 10, points: -1, from: 100, direction: below, count: started}", "80", "-2"},
		{"below, above the start: 101 → no steps", "{every: 10, points: -1, from: 100, direction: below, count: started}", "101", "0"},
		{"below by a third of a step, exactly: 100 − 10/3 → started 1", "{every: 10, points: -1, from: 100, direction: below, count: started}", "96.6667", "-1"},
	}
	for _, tc := range cases {
		t.Run(tc.why, func(t *testing.T) {
			s := pat2Scheme(t, "month", "", `      - id: S
        label: {zh: 档, en: steps}
        kind: steps
        measure: rate
        steps: `+tc.steps+`
`)
			r := pat2Eval(t, s, "2021-03", tc.rate, "[]")
			assert.Equal(t, tc.want, r.Indicators[0].Points.String())
		})
	}
}

// TestDedupeKeep keeps the first, the last or the heaviest record of a
// key; keys of any type.
func TestDedupeKeep(t *testing.T) {
	// Records in evidence order: a (case 1, 03-10, weight 2), b (case 1,
	// 03-02, weight 5), c (case 1, 03-20, weight 5), d (case 2, 03-05, weight 1).
	meetings := `[{"id":"a","date":"2021-03-10","case_no":1,"weight":"2"},{"id":"b","date":"2021-03-02","case_no":1,"weight":"5"},
	{"id":"c","date":"2021-03-20","case_no":1,"weight":"5"},{"id":"d","date":"2021-03-05","case_no":2,"weight":"1"}]`
	cases := []struct {
		why, keep, want string
	}{
		{"no keep: the first in evidence order, a (2) and d (1)", "", "-3"},
		{"first by date: b (5, 03-02) and d (1)", "dedupe_keep: first", "-6"},
		{"last by date: c (5, 03-20) and d (1)", "dedupe_keep: last", "-6"},
		{"heaviest: b and c weigh 5, the earlier b counts; and d", "dedupe_keep: heaviest\n        dedupe_weight: record.weight", "-6"},
		{"heaviest by the lightest (weight negated): a (2) and d", "dedupe_keep: heaviest\n        dedupe_weight: -record.weight", "-3"},
	}
	for _, tc := range cases {
		t.Run(tc.why, func(t *testing.T) {
			s := pat2Scheme(t, "month", "", `      - id: D
        label: {zh: 去重, en: dedupe}
        kind: per_occurrence
        records: meetings
        dedupe_by: record.case_no
        `+tc.keep+`
        points: -record.weight
`)
			r := pat2Eval(t, s, "2021-03", "0", meetings)
			assert.Equal(t, tc.want, r.Indicators[0].Points.String())
		})
	}
	// A date as the key: two records of one day count once.
	s := pat2Scheme(t, "month", "", `      - id: D
        label: {zh: 去重, en: dedupe}
        kind: per_occurrence
        records: meetings
        dedupe_by: record.date
        points: -1
`)
	r := pat2Eval(t, s, "2021-03", "0", `[{"id":"a","date":"2021-03-10"},{"id":"b","date":"2021-03-10"},{"id":"c","date":"2021-03-11"}]`)
	assert.Equal(t, "-2", r.Indicators[0].Points.String(), "two days")
}

// TestDateHelpers evaluates the date helpers on known dates.
func TestDateHelpers(t *testing.T) {
	cases := []struct {
		why, value, want string
	}{
		{"month_of counts from 1: January is 1", `month_of(date("2021-01-31"))`, "1"},
		{"quarter_of: May is in Q2", `quarter_of(date("2021-05-01"))`, "2"},
		{"half_of: July starts H2", `half_of(date("2021-07-01"))`, "2"},
		{"year_of", `year_of(date("2021-12-31"))`, "2021"},
		{"day_of counts from 1", `day_of(date("2021-03-01"))`, "1"},
		{"days_between across February of a leap year: 2020-02-28 → 2020-03-01 is 2 days", `days_between(date("2020-02-28"), date("2020-03-01"))`, "2"},
		{"days_between backwards is negative", `days_between(date("2021-03-10"), date("2021-03-01"))`, "-9"},
		{"within_days either way: 9 days apart, within 10", `within_days(date("2021-03-10"), date("2021-03-01"), 10) ? 1 : 0`, "1"},
		{"within_days: 9 days apart is not within 8", `within_days(date("2021-03-10"), date("2021-03-01"), 8) ? 1 : 0`, "0"},
		{"the period's start under a cut-off day 26 of 2021-03: 2021-02-27", `month_of(period.start) * 100 + day_of(period.start)`, "227"},
	}
	for _, tc := range cases {
		t.Run(tc.why, func(t *testing.T) {
			s := pat2Scheme(t, "month", "cutoff_day: 26", `      - id: V
        label: {zh: 值, en: value}
        kind: value
        value: '`+tc.value+`'
`)
			r := pat2Eval(t, s, "2021-03", "0", "[]")
			assert.Equal(t, tc.want, r.Indicators[0].Points.String())
		})
	}
}

// TestQuotaRules applies quotas with rounding, a minimum and each rule
// for ties, over five subjects with totals 90, 80, 80, 70, 60.
func TestQuotaRules(t *testing.T) {
	cases := []struct {
		why, quota string
		want       map[string]string
	}{
		{"share 30% of 5 = 1.5 rounded down is 1: a keeps it", "{share: 30%}",
			map[string]string{"a": "top", "b": "rest", "c": "rest"}},
		{"share 30% half up is 2: b and c tie for the second place: both move (the default)", "{share: 30%, rounding: half_up}",
			map[string]string{"a": "top", "b": "rest", "c": "rest"}},
		{"the same, ties: keep: both stay (3 in a quota of 2)", "{share: 30%, rounding: half_up, ties: keep}",
			map[string]string{"a": "top", "b": "top", "c": "top"}},
		{"the same, split by section B: b has 5 there, c 3: b stays", "{share: 30%, rounding: half_up, ties: split, split_by: [B]}",
			map[string]string{"a": "top", "b": "top", "c": "rest"}},
		{"share 10% of 5 = 0.5 down is 0, at least 1: a", "{share: 10%, min: 1}",
			map[string]string{"a": "top", "b": "rest", "c": "rest"}},
		{"share 10% up is 1: a", "{share: 10%, rounding: up}",
			map[string]string{"a": "top", "b": "rest", "c": "rest"}},
		{"share 10% down, no minimum: nobody", "{share: 10%}",
			map[string]string{"a": "rest", "b": "rest", "c": "rest"}},
	}
	totals := map[string][2]string{"a": {"85", "5"}, "b": {"75", "5"}, "c": {"77", "3"}, "d": {"70", "0"}, "e": {"60", "0"}}
	for _, tc := range cases {
		t.Run(tc.why, func(t *testing.T) {
			src := `id: q
version: "1"
title: {zh: 示例, en: example}
period: month
inputs: {x: decimal, y: decimal}
sections:
  - {id: A, label: {zh: 甲, en: A}, indicators: [{id: A1, label: {zh: 甲, en: A}, kind: value, value: x}]}
  - {id: B, label: {zh: 乙, en: B}, indicators: [{id: B1, label: {zh: 乙, en: B}, kind: value, value: y}]}
tiers:
  - {id: top, label: {zh: 优秀, en: top}, min: 65, quota: ` + tc.quota + `}
  - {id: rest, label: {zh: 其他, en: rest}}
ranking: {order: desc}
`
			s, err := scheme.Compile("q.yaml", []byte(src))
			require.NoError(t, err)
			var sums []Score
			for id, v := range totals {
				ev := &evidence.Evidence{Subject: evidence.Subject{ID: id, Name: id, Kind: "branch"}, Period: "2021-03",
					Facts: map[string]any{"x": json.Number(v[0]), "y": json.Number(v[1])}}
				r, err := Evaluate(context.Background(), s, ev, Options{})
				require.NoError(t, err)
				sums = append(sums, r.Score(s))
			}
			rk, err := Rank(s, "2021-03", sums, nil)
			require.NoError(t, err)
			got := map[string]string{}
			for _, e := range rk.Entries {
				if _, ok := tc.want[e.Subject.ID]; ok {
					got[e.Subject.ID] = e.Tier
				}
			}
			assert.Equal(t, tc.want, got)
			require.NotEmpty(t, rk.Audit, "the quota is in the ranking's audit")
			// ExplainRanking ends with one sentence per audit step of the
			// ranking (the quota, each subject moved or kept).
			sens := ExplainRanking(s, rk)
			require.GreaterOrEqual(t, len(sens), len(rk.Audit))
			assert.Equal(t, rankingAudit(s, rk), sens[len(sens)-len(rk.Audit):])
		})
	}
}

// TestQuotaLeavesAForcedTier: a tier a veto set directly (直接定级) is not
// the ranking's to move. Four subjects reach 优秀 by points and a quota of
// one keeps only the first; the last of them was also set to 优秀 by a
// veto (a veto decides the tier: here the one its points reach too), and
// keeps it, outside the quota's count.
func TestQuotaLeavesAForcedTier(t *testing.T) {
	src := `id: q
version: "1"
title: {zh: 名额, en: quota}
period: month
inputs:
  direct: {type: bool, default: "false"}
  x: decimal
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: V, label: {zh: 得分, en: points}, kind: value, value: x}
vetoes:
  - {id: d, label: {zh: 直接定为优秀, en: rated excellent directly}, when: direct, tier: top}
tiers:
  - {id: top, label: {zh: 优秀, en: top}, min: 90, quota: {count: 1}}
  - {id: rest, label: {zh: 其他, en: rest}}
ranking: {order: desc}
`
	s, err := scheme.Compile("q.yaml", []byte(src))
	require.NoError(t, err)
	var sums []Score
	for _, tc := range []struct {
		id, x  string
		direct bool
	}{{"a", "95", false}, {"b", "93", false}, {"c", "91", false}, {"d", "90", true}} {
		ev := &evidence.Evidence{Subject: evidence.Subject{ID: tc.id, Name: tc.id, Kind: "branch"}, Period: "2017-03",
			Facts: map[string]any{"x": tc.x, "direct": tc.direct}}
		r, err := Evaluate(context.Background(), s, ev, Options{})
		require.NoError(t, err)
		sums = append(sums, r.Score(s))
	}
	rk, err := Rank(s, "2017-03", sums, nil)
	require.NoError(t, err)
	got := map[string]string{}
	for _, e := range rk.Entries {
		got[e.Subject.ID] = e.Tier
	}
	// a: first within the quota of 1; b, c: over it, moved; d: set by the
	// veto, neither moved nor counted.
	assert.Equal(t, map[string]string{"a": "top", "b": "rest", "c": "rest", "d": "top"}, got)
}

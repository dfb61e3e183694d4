package engine

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

func decodeOne(t *testing.T, src string) *evidence.Evidence {
	t.Helper()
	evs, err := evidence.Decode(strings.NewReader(src))
	require.NoError(t, err)
	return evs[0]
}

func compileFile(t *testing.T, path string) *scheme.Scheme {
	t.Helper()
	s, err := scheme.CompileFile(path)
	require.NoError(t, err)
	return s
}

// TestRequiredParam: a scheme with a parameter the source leaves open
// compiles; evaluating it without the value fails with the sentinel,
// naming the parameter; with the value it scores.
func TestRequiredParam(t *testing.T) {
	s := compileFile(t, "../examples/patterns/pat1-branch.yaml")
	assert.Equal(t, []string{"pass_mark"}, s.MissingParams())
	ev := decodeOne(t, `{"subject": {"id": "b", "name": "支部", "kind": "branch"}, "period": "2024",
		"facts": {"attendance": "95", "meetings_missed": 0, "rating": "好"}}`)
	_, err := Evaluate(context.Background(), s, ev, Options{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, scheme.ErrParamRequired), "%v", err)
	assert.Contains(t, err.Error(), "pass_mark")
	assert.Contains(t, err.Error(), "subject b, period 2024")

	r, err := Evaluate(context.Background(), s, ev, Options{Params: map[string]string{"pass_mark": "20"}})
	require.NoError(t, err)
	// A1 15, A2 0, A3 0 (95 − 95 = 0), B1 0, B2 0% → 2, B3 好 → 10: 27 ≥ 20.
	assert.Equal(t, "27", r.Total.String())
	assert.Equal(t, "pass", r.Tier)
	assert.Equal(t, "20", r.Params["pass_mark"])

	_, err = s.WithParams(map[string]string{"pass_mark": "44"})
	require.Error(t, err, "an override is checked against the parameter's max")
}

// TestTableMissingKey: a key not in a table without a default is an
// evaluation error naming the key and the table; a default is used
// otherwise.
func TestTableMissingKey(t *testing.T) {
	s := compileExact(t, `tables:
  pts: {label: {zh: 分, en: points}, entries: {a: 1, b: 2}}
  dpts: {label: {zh: 分, en: points}, default: "0.5", entries: {a: 1}}
inputs:
  k: string
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: A1, label: {zh: 查表, en: lookup}, kind: value, value: "tables.pts[k]"}
      - {id: A2, label: {zh: 默认, en: default}, kind: value, value: "tables.dpts[k]"}
`)
	for _, tc := range []struct{ k, a1, why string }{
		{"a", "1", "a key in the table"},
		{"b", "2", "another key"},
	} {
		r := evalExact(t, s, `{"k": "`+tc.k+`"}`, "")
		assert.Equal(t, tc.a1, r.Indicators[0].Points.String(), tc.why)
	}
	r := evalExact(t, s, `{"k": "a"}`, "")
	assert.Equal(t, "1", r.Indicators[1].Points.String(), "the default table has a")

	ev := decodeOne(t, `{"subject": {"id": "s1", "name": "一支部", "kind": "branch"}, "period": "2021-01", "facts": {"k": "z"}}`)
	_, err := Evaluate(context.Background(), s, ev, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `indicator A1`)
	assert.Contains(t, err.Error(), `table pts has no entry "z" and no default`)

	// A literal key missing from the table is refused when the scheme compiles.
	_, err = scheme.Compile("t.yaml", []byte(exactHead+`tables:
  pts: {label: {zh: 分, en: points}, entries: {a: 1}}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: A1, label: {zh: 查表, en: lookup}, kind: value, value: 'tables.pts["z"]'}
`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `t.yaml:12:`)
	assert.Contains(t, err.Error(), `no entry "z"`)
}

// TestPlainListsAndAnonymousRecords: plain values are given in facts;
// anonymous records are numbered in the audit; undated records refuse a
// date; a plain list under records is refused; the hash of evidence that
// does not use them is unchanged.
func TestPlainListsAndAnonymousRecords(t *testing.T) {
	s := compileFile(t, "../examples/patterns/pat1-branch.yaml")
	s, err := s.WithParams(map[string]string{"pass_mark": "20"})
	require.NoError(t, err)
	for _, tc := range []struct{ ev, want, why string }{
		{`"facts": {"attendance": "95", "meetings_missed": 0, "rating": "好"}, "records": {"votes": [{"id": "x", "date": "2024-01-01"}]}`,
			"records.votes: votes is a list of plain values (int), not of records: give it in facts", "a plain list under records"},
		{`"facts": {"attendance": "95", "meetings_missed": 0, "rating": "好"}, "records": {"findings": [{"level": "一般", "date": "2024-01-01"}]}`,
			"records.findings[0].date: the scheme declares records.findings undated; leave date out", "a date on an undated record"},
		{`"facts": {"attendance": "95", "meetings_missed": 0, "rating": "好", "committee_dates": "2024-01-01"}`,
			`facts.committee_dates: want a list of date values, got "2024-01-01"`, "one value where a list is declared"},
		{`"facts": {"attendance": "95", "meetings_missed": 0, "rating": "好", "committee_dates": ["2024-13-01"]}`,
			"facts.committee_dates[0]:", "a bad date inside the list"},
	} {
		ev := decodeOne(t, `{"subject": {"id": "b", "name": "支部", "kind": "branch"}, "period": "2024", `+tc.ev+`}`)
		_, err := Evaluate(context.Background(), s, ev, Options{})
		require.Error(t, err, tc.why)
		assert.Contains(t, err.Error(), tc.want, tc.why)
	}

	// A host's own slice is read like a JSON array.
	ev := &evidence.Evidence{Subject: evidence.Subject{ID: "b", Name: "支部", Kind: "branch"}, Period: "2024",
		Facts:   map[string]any{"attendance": "95", "meetings_missed": 0, "rating": "好", "votes": []int{90, 70}},
		Records: map[string][]evidence.Record{"findings": {{Fields: map[string]any{"level": "严重"}}, {ID: "F2", Fields: map[string]any{"level": "一般"}}}}}
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	var recs []string
	for _, st := range r.Audit.All() {
		if st.Kind == StepRecord && st.Indicator == "A1.findings" {
			recs = append(recs, st.Record)
		}
	}
	assert.Equal(t, []string{"#1", "F2"}, recs, "an anonymous record is numbered; one with an id keeps it")
	// A1: 15 − 3 − 1 = 11. B2: 1 of 2 → 50% → 2. 11 + 0 + 0 + 0 + 2 + 10 = 23.
	assert.Equal(t, "23", r.Total.String())

	// Evidence without the new shapes hashes as before (the canonical
	// bytes are unchanged): a fixed document and its known hash.
	old := decodeOne(t, `{"subject": {"id": "s1", "name": "一支部", "kind": "branch"}, "period": "2021-01", "facts": {"k": "a"}}`)
	h, err := old.Hash()
	require.NoError(t, err)
	canon, err := evidence.Canonical(old)
	require.NoError(t, err)
	assert.Equal(t, `{"subject":{"id":"s1","name":"一支部","kind":"branch"},"period":"2021-01","facts":{"k":"a"}}`+"\n", string(canon))
	assert.Len(t, h, 64)
	// A list of plain values is part of the canonical bytes, in order.
	withList := decodeOne(t, `{"subject": {"id": "s1", "name": "一支部", "kind": "branch"}, "period": "2021-01", "facts": {"d": ["2024-01-02", "2024-01-01"], "v": [3, 1]}}`)
	canon, err = evidence.Canonical(withList)
	require.NoError(t, err)
	assert.Equal(t, `{"subject":{"id":"s1","name":"一支部","kind":"branch"},"period":"2021-01","facts":{"d":["2024-01-02","2024-01-01"],"v":[3,1]}}`+"\n", string(canon))
}

// TestNotAssessedJSON: a subject not assessed has no total and no tier in
// its JSON, states its reason, and is left out of a ranking.
func TestNotAssessedJSON(t *testing.T) {
	s := compileFile(t, "../examples/patterns/pat1-member.yaml")
	ev := decodeOne(t, `{"subject": {"id": "m1", "name": "王五", "kind": "member", "category": "mobile"}, "period": "2024"}`)
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	require.NotNil(t, r.NotAssessed)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	_, hasTotal := m["total"]
	assert.False(t, hasTotal, "no total: %s", b)
	assert.Equal(t, "", m["tier"])
	assert.Contains(t, string(b), "流动党员不参加年度积分考核")

	// A result scored 0 keeps its total.
	ev0 := decodeOne(t, `{"subject": {"id": "m2", "name": "赵六", "kind": "member"}, "period": "2024", "facts": {"study_hours": "0", "sanctioned": true}}`)
	r0, err := Evaluate(context.Background(), s, ev0, Options{})
	require.NoError(t, err)
	b0, err := json.Marshal(r0)
	require.NoError(t, err)
	assert.Contains(t, string(b0), `"total":"0"`)

	rk, err := Rank(s, "2024", []Score{r.Score(s), r0.Score(s)}, nil)
	require.NoError(t, err)
	require.Len(t, rk.Entries, 1, "the subject not assessed is not ranked")
	assert.Equal(t, "m2", rk.Entries[0].Subject.ID)

	// Stored and read back, it verifies.
	rs, err := DecodeResults(strings.NewReader(string(b)))
	require.NoError(t, err)
	assert.NotNil(t, rs[0].NotAssessed)
}

// TestPatternsExplained keeps the explanations of both example schemes'
// new steps in a golden file, to be read as the branch secretary would.
func TestPatternsExplained(t *testing.T) {
	var out strings.Builder
	for _, c := range []struct{ file, params, ev string }{
		{"../examples/patterns/pat1-branch.yaml", "20", `{"subject": {"id": "b2", "name": "二支部", "kind": "branch"}, "period": "2024",
 "facts": {"attendance": "84.9", "meetings_missed": 1, "rating": "差", "fake_ledger": true, "incidents": 1,
   "committee_dates": ["2024-01-05"], "votes": [80, 70, 90]},
 "records": {"findings": [{"level": "严重"}]},
 "assessments": [{"assessor": "李书记", "role": "organisation", "indicator": "A1.ledger", "points": "2", "reason": "记录不全", "time": "2024-12-20T10:00:00+08:00"}]}`},
		{"../examples/patterns/pat1-member.yaml", "", `{"subject": {"id": "m3", "name": "王五", "kind": "member", "category": "retired"}, "period": "2024"}`},
		{"../examples/patterns/pat1-member.yaml", "", `{"subject": {"id": "m4", "name": "赵六", "kind": "member"}, "period": "2024", "facts": {"study_hours": "12.5", "dues_months_late": 9}}`},
	} {
		s := compileFile(t, c.file)
		opts := Options{}
		if c.params != "" {
			opts.Params = map[string]string{"pass_mark": c.params}
		}
		r, err := Evaluate(context.Background(), s, decodeOne(t, c.ev), opts)
		require.NoError(t, err)
		out.WriteString("# " + r.Subject.Name + "\n")
		for i, sen := range Explain(s, r) {
			switch r.Audit.Steps()[i].Kind {
			case StepNamedValue, StepSubjectExempt, StepFull, StepDeducted, StepVetoZero, StepVeto, StepNotApplicable, StepCap, StepFloor:
				out.WriteString(sen.Zh + "\n" + sen.En + "\n")
			}
		}
	}
	golden := "testdata/patterns1-explain.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(out.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), out.String())
	for _, bad := range []string{"tables.", "params.", "A1.ledger", "organisation", "本单位"} {
		assert.NotContains(t, out.String(), bad, "no rule source, ids, English role names; a member is 本人")
	}
}

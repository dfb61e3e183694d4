package scheme

import (
	"context"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lazyScheme is a scheme whose one value indicator is expr, over a dated
// list with documents, an anonymous undated list and a list left empty.
func lazyScheme(expr string) string {
	return `id: lazy
version: "1"
title: {zh: 例, en: example}
period: month
arithmetic: {scale: 4, rounding: half_up}
inputs:
  items:
    type: list
    max: 10
    fields:
      s: string
    documents:
      plan: {label: {zh: 方案, en: plan}}
      summary: {label: {zh: 总结, en: summary}}
  anon:
    type: list
    max: 10
    anonymous: true
    undated: true
    fields:
      n: int
  none:
    type: list
    max: 10
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - id: A1
        label: {zh: 一, en: one}
        kind: value
        value: "` + strings.ReplaceAll(expr, `"`, `\"`) + `"
`
}

// TestLazyFields: the fields Bind leaves to be converted when a rule reads
// them (a record's id, date and documents, the subject's fields, a list of
// records as a CEL list) read as they did when Bind converted them, by
// every way CEL reads a field, however often they are read.
func TestLazyFields(t *testing.T) {
	ev := func() *evidence.Evidence {
		return &evidence.Evidence{
			Subject: evidence.Subject{ID: "b1", Name: "一支部", Category: "production"},
			Period:  "2023-05",
			Records: map[string][]evidence.Record{
				"items": {
					{ID: "a1", Date: "2023-05-02", Documents: []string{"plan", "summary"}, Fields: map[string]any{"s": "x"}},
					{ID: "a2", Date: "2023-05-31", Fields: map[string]any{"s": "y"}},
					{ID: "a3", Date: "2023-05-02", Documents: []string{"summary"}, Fields: map[string]any{"s": "z"}},
				},
				"anon": {{Fields: map[string]any{"n": 1}}, {ID: "given", Fields: map[string]any{"n": 2}}},
			},
		}
	}
	for _, tc := range []struct {
		expr, want string
		why        string
	}{
		{`items[0].id == "a1" && items[2].id == "a3" ? 1 : 0`, "1", "an id read by index"},
		{`size(items.filter(r, r.date == date("2023-05-02")))`, "2", "a date read in a comprehension"},
		{`size(items.filter(r, r.date >= date("2023-05-02") && r.date < date("2023-06-01") && day_of(r.date) > 1))`, "3", "a date read three times by one record"},
		{`size(items.filter(r, "plan" in r.documents))`, "1", "documents read"},
		{`size(items[0].documents) + size(items[1].documents) + size(items[2].documents)`, "3", "documents given and absent"},
		{`items.all(r, has(r.id) && has(r.date) && has(r.documents)) ? 1 : 0`, "1", "has() holds for a field not yet converted"},
		{`items.map(r, r.id) == ["a1", "a2", "a3"] ? 1 : 0`, "1", "ids in evidence order"},
		{`size(items) + size(anon) + size(none)`, "5", "lists read as CEL lists, the empty one included"},
		{`anon.all(r, size(r.documents) == 0) && anon[1].n == 2 ? 1 : 0`, "1", "an anonymous, undated list has its fields"},
		{`subject.id == "b1" && subject.name == "一支部" && subject.kind == "" && subject.category == "production" ? 1 : 0`, "1", "the subject's fields, and a kind not given"},
		{`has(subject.category) && has(subject.kind) ? 1 : 0`, "1", "has() on the subject's fields"},
	} {
		s, err := Compile("lazy.yaml", []byte(lazyScheme(tc.expr)))
		require.NoError(t, err, tc.expr)
		b, err := s.bind(ev())
		require.NoError(t, err, tc.expr)
		for range 2 { // the second time reads what the first converted
			v, err := b.Number(context.Background(), s.Indicators()[0].Value, nil)
			require.NoError(t, err, tc.expr)
			assert.Equal(t, tc.want, v.String(), "%s: %s", tc.why, tc.expr)
		}
	}
	s, err := Compile("lazy.yaml", []byte(lazyScheme("1")))
	require.NoError(t, err)
	b, err := s.bind(ev())
	require.NoError(t, err)
	for _, tc := range []struct {
		name, want string
		why        string
	}{
		{"items", "3 records", "a list not yet read as a CEL list"},
		{"none", "0 records", "an empty list"},
	} {
		got, ok := b.InputText(tc.name)
		assert.True(t, ok, tc.why)
		assert.Equal(t, tc.want, got, tc.why)
	}
	recs := b.Records("items")
	for _, tc := range []struct {
		field, want string
		why         string
	}{
		{"id", "a1", "the audit reads an id"},
		{"date", "2023-05-02", "and a date"},
		{"s", "x", "and a field Bind converted"},
	} {
		assert.Equal(t, tc.want, recs[0].Field(tc.field), tc.why)
	}
}

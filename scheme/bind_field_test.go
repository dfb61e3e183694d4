package scheme

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordFieldAnswered: a rule that is only record.FIELD is answered
// from the record without running its program (Expr.field): the value is
// the one the program selects, of the same CEL type, for every kind of
// field, the record's own (id, date, documents) included, read first or
// after the program converted it.
func TestRecordFieldAnswered(t *testing.T) {
	const src = `id: fields
version: "1"
title: {zh: 例, en: example}
period: month
arithmetic: {scale: 4, rounding: half_up}
inputs:
  items:
    type: list
    max: 10
    fields:
      flag: bool
      n: int
      d: decimal
      s: string
    documents:
      plan: {label: {zh: 方案, en: plan}}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: A1, label: {zh: 一, en: one}, kind: per_record, records: items, where: record.flag, points: record.n}
      - {id: A2, label: {zh: 二, en: two}, kind: per_record, records: items, points: record.d}
      - {id: A3, label: {zh: 三, en: three}, kind: per_occurrence, records: items, dedupe_by: record.s, points: 1}
      - {id: A4, label: {zh: 四, en: four}, kind: per_occurrence, records: items, dedupe_by: record.date, points: 1}
      - {id: A5, label: {zh: 五, en: five}, kind: per_occurrence, records: items, dedupe_by: record.id, points: 1}
      - {id: A6, label: {zh: 六, en: six}, kind: per_record, records: items, where: "record.n > 1", points: 1}
`
	s, err := Compile("fields.yaml", []byte(src))
	require.NoError(t, err)
	ev := &evidence.Evidence{
		Subject: evidence.Subject{ID: "b1", Name: "一支部"},
		Period:  "2023-05",
		Records: map[string][]evidence.Record{"items": {
			{ID: "a1", Date: "2023-05-02", Documents: []string{"plan"}, Fields: map[string]any{"flag": true, "n": 3, "d": "2.50", "s": "x"}},
			{ID: "a2", Date: "2023-05-31", Fields: map[string]any{"flag": false, "n": -1, "d": "123456789012345678901234.5", "s": ""}},
		}},
	}
	ind := s.Indicators()
	for _, tc := range []struct {
		x     *Expr
		field string
		why   string
	}{
		{ind[0].Where, "flag", "a bool field"},
		{ind[0].Points, "n", "an int field"},
		{ind[1].Points, "d", "a decimal field, one wide"},
		{ind[2].DedupeBy, "s", "a string field, one empty"},
		{ind[3].DedupeBy, "date", "the record's date"},
		{ind[4].DedupeBy, "id", "the record's id"},
		{ind[5].Where, "", "a comparison runs its program"},
	} {
		require.NotNil(t, tc.x, tc.why)
		assert.Equal(t, tc.field, tc.x.field, tc.why)
		for _, programFirst := range []bool{true, false} {
			b, err := s.bind(ev)
			require.NoError(t, err)
			for _, rec := range b.Records("items") {
				run := func() any {
					v, _, err := tc.x.prg.Eval(rec)
					require.NoError(t, err, tc.why)
					return v
				}
				var want any
				if programFirst {
					want = run()
				}
				got, err := b.Eval(context.Background(), tc.x, rec)
				require.NoError(t, err, tc.why)
				if !programFirst {
					want = run()
				}
				assert.Equal(t, want, got, "%s: %s, record %s", tc.why, tc.x.Text, rec.ID)
			}
		}
	}
}

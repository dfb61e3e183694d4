package scheme

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordTestAnswered: a condition that is one field of the record
// negated or compared with an int literal is answered by the record
// (Expr.test) with the value its program gives, on the edges of every
// comparison, at the ends of int64, and for an optional field not set
// (left to the program, which fails); other forms run their program.
func TestRecordTestAnswered(t *testing.T) {
	tests := []struct {
		where string
		fast  bool
	}{
		{"!record.flag", true}, {"record.n >= 5", true}, {"record.n > 5", true}, {"record.n < 5", true},
		{"record.n <= 5", true}, {"record.n < -5", true}, {"record.n >= 0", true},
		{"record.n == 5", false}, {"5 <= record.n", false}, {"record.d >= 5", false}, {"!record.flag || record.n > 5", false},
		{"record.n >= 5 + 0", false}, {"!!record.flag", false},
	}
	var inds strings.Builder
	for i, tc := range tests {
		fmt.Fprintf(&inds, "      - {id: A%d, label: {zh: 一, en: one}, kind: per_record, records: items, where: %q, points: 1}\n", i, tc.where)
	}
	src := `id: tests
version: "1"
title: {zh: 例, en: example}
period: month
inputs:
  items:
    type: list
    max: 20
    fields:
      flag: bool
      n: {type: int, optional: true}
      d: decimal
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
` + inds.String()
	s, err := Compile("tests.yaml", []byte(src))
	require.NoError(t, err)
	var recs []evidence.Record
	for i, n := range []any{nil, 4, 5, 6, -4, -5, -6, 0, -1, math.MaxInt32, -1_000_000_000_000_000_000, 1_000_000_000_000_000_000} {
		f := map[string]any{"flag": i%2 == 0, "d": "5"}
		if n != nil {
			f["n"] = n
		}
		recs = append(recs, evidence.Record{ID: fmt.Sprintf("r%d", i), Date: "2023-05-02", Fields: f})
	}
	b, err := s.bind(&evidence.Evidence{Subject: evidence.Subject{ID: "b1", Name: "一支部"}, Period: "2023-05",
		Records: map[string][]evidence.Record{"items": recs}})
	require.NoError(t, err)
	for i, tc := range tests {
		x := s.Indicators()[i].Where
		require.NotNil(t, x, tc.where)
		assert.Equal(t, tc.fast, x.test != nil, "%s: answered by the record", tc.where)
		for _, rec := range b.Records("items") {
			want, _, werr := x.prg.Eval(rec)
			got, err := b.Eval(context.Background(), x, rec)
			require.Equal(t, werr == nil, err == nil, "%s, %s: %v, %v", tc.where, rec.ID, werr, err)
			if werr != nil {
				assert.Equal(t, werr.Error(), err.Error(), "%s, %s", tc.where, rec.ID)
				continue
			}
			assert.Equal(t, want, got, "%s, %s (n %s)", tc.where, rec.ID, rec.Field("n"))
		}
	}
}

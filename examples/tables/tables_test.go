package tables_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/schemetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTables runs the worked cases of every table in this directory and
// holds each to full coverage: every indicator, rule, band, edge, veto and
// tier of a table written from a public source is exercised by a case
// worked by hand.
func TestTables(t *testing.T) {
	files, err := filepath.Glob("*.test.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 2, "the tables' test files")
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			schemetest.Run(t, file)
			f, err := schemetest.Load(file)
			require.NoError(t, err)
			cov := schemetest.Cover(f.Scheme, f.Run(context.Background()))
			for _, it := range cov.Items {
				if !it.Covered {
					t.Logf("not covered: %+v", it)
				}
			}
			assert.Equal(t, 100.0, cov.Percent(), "%s: every part of the table is exercised", file)
		})
	}
}

// TestGongxinCarry reads the figure the member-points table carries into
// the next year and the words that explain it to the member.
func TestGongxinCarry(t *testing.T) {
	f, err := schemetest.Load("gongxin-member-points.test.yaml")
	require.NoError(t, err)
	c := f.Cases[0]
	s, err := f.Scheme.WithParams(c.Params)
	require.NoError(t, err)
	r, err := engine.Evaluate(context.Background(), s, c.Evidence[0], engine.Options{})
	require.NoError(t, err)
	require.NotNil(t, r.Carry)
	assert.Equal(t, "16.4", r.Carry.String(), "82 × 20%")
	var zh strings.Builder
	for _, x := range engine.Explain(s, r) {
		zh.WriteString(x.Zh + "\n")
	}
	assert.Contains(t, zh.String(), "结转下期：本期得分为82分，按20%结转16.4分")
	// An assessor is named by role, never by id; an item of rules is the
	// sum of its rules, not "no records".
	assert.Contains(t, zh.String(), "逐项考核扣分：评定人（未署名）酌情扣3分")
	assert.NotContains(t, zh.String(), "zb-chen")
	assert.Contains(t, zh.String(), "扣完为止：各项合计17分")
}

package tables_test

import (
	"context"
	"path/filepath"
	"testing"

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

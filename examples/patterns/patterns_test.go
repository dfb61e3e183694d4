// Package patterns holds two schemes written with the field's common rule
// patterns (items deducted from full marks, items made of several rules,
// discretionary deductions, named values and tables, input bounds, lists
// of plain values, vetoes that set points to 0, subjects not assessed),
// and their cases worked by hand.
package patterns

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/schemetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPatterns(t *testing.T) {
	for _, file := range []string{"pat1-branch.test.yaml", "pat1-member.test.yaml"} {
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
			assert.Equal(t, 100.0, cov.Percent(), "every indicator, rule, band, edge, veto and tier is exercised")
		})
	}
}

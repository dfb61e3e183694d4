// Package newscheme holds the scheme written in README.md from a scoring
// table, and its test: the scheme compiles, its cases pass, and they cover
// every band, band edge, veto and tier.
package newscheme

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/schemetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWorkshopMonthly(t *testing.T) {
	schemetest.Run(t, "workshop-monthly.test.yaml")

	f, err := schemetest.Load("workshop-monthly.test.yaml")
	require.NoError(t, err)
	cov := schemetest.Cover(f.Scheme, f.Run(context.Background()))
	for _, it := range cov.Items {
		if !it.Covered {
			t.Logf("not covered: %+v", it)
		}
	}
	assert.Equal(t, 100.0, cov.Percent(), "every band, edge, veto and tier is exercised")
}

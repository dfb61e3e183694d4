//go:build !race

package schemes

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEvaluateAllocations pins the allocations of one evaluation of each
// built-in's sample subject, with the audit and totals only: an upper
// bound a change that allocates more fails (lower the bound when the
// count falls). Each bound is the count measured plus one or two: the
// evaluator and the binding come from a sync.Pool each, which a garbage
// collection during the runs may empty, so an average can be one above
// the steady count. The
// race detector allocates on its own, so this file is left out under
// -race.
func TestEvaluateAllocations(t *testing.T) {
	tests := []struct {
		id         string
		full, lean float64 // at most, per evaluation
		why        string
	}{
		{"tingnan-2017", 19, 13, "issue 16's measure: one branch-month with records, bands, values and assessments (28 and 18 before the records' and measures' points went from the exact value to Points without a decimal.Decimal and bindings were reused)"},
		{"qianjiang-2017", 399, 381, "a year in three rounds on the total: rounds weighed into Points with no decimal.Decimal and bindings reused (430 and 412 before), combined without maps or shopspring arithmetic per call (1,780 before), comprehensions without the cost tracker, run once (15,479 before that)"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s, err := Load(tt.id)
			require.NoError(t, err)
			evs, err := evidence.ReadFile("../examples/data/" + benchEvidence[tt.id])
			require.NoError(t, err)
			for _, c := range []struct {
				name  string
				opts  engine.Options
				bound float64
			}{{"full audit", engine.Options{}, tt.full}, {"totals only", engine.Options{TotalsOnly: true}, tt.lean}} {
				var err error
				n := testing.AllocsPerRun(50, func() {
					_, err = engine.Evaluate(ctx, s, evs[0], c.opts)
				})
				require.NoError(t, err)
				t.Logf("%s, %s: %.0f allocations", tt.id, c.name, n)
				assert.LessOrEqual(t, n, c.bound, "%s, %s: %s", tt.id, c.name, tt.why)
			}
		})
	}
}

//go:build !race

package engine

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/synth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedMonthAllocations pins the allocations of evaluating a
// generated tingnan branch-month (BenchmarkBatchParts/evaluate), whose B1
// quotient mostly does not terminate: 91 before issue 16 held such a
// fraction in machine words, 28 after, 22 once a binding's arrays were
// reused (scheme/bind_pool.go). The bound is the count measured plus two
// (the evaluator's and the bindings' sync.Pool may be emptied by a
// collection). The
// race detector allocates on its own, so this file is left out under -race.
func TestGeneratedMonthAllocations(t *testing.T) {
	s := tingnan(t)
	ctx := context.Background()
	var evs []*evidence.Evidence
	for ev, err := range synth.Tingnan(1, "2017-03", 500) {
		require.NoError(t, err)
		evs = append(evs, ev)
	}
	i := 0
	var err error
	n := testing.AllocsPerRun(len(evs), func() {
		var r *Result
		r, err = Evaluate(ctx, s, evs[i%len(evs)], Options{})
		if err == nil {
			_ = r.Score(s)
		}
		i++
	})
	require.NoError(t, err)
	t.Logf("%.1f allocations a generated month", n)
	assert.LessOrEqual(t, n, 24.0, "a non-terminating quotient is compared and rounded without big.Rat")
}

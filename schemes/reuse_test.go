package schemes

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResultsOutliveTheNextEvaluation: the engine reuses its evaluators
// and their buffers (a sync.Pool), and carves a result's lists and texts
// from chunks. A result handed to the host must never share memory that
// a later evaluation writes: every sample of every built-in is scored in
// turn, each result's JSON taken at once, and all of them taken again
// after the last evaluation — the same bytes.
func TestResultsOutliveTheNextEvaluation(t *testing.T) {
	ctx := context.Background()
	type kept struct {
		r    *engine.Result
		json string
	}
	var all []kept
	for _, sm := range samples {
		s, err := Load(sm.scheme)
		require.NoError(t, err)
		evs := samplesOf(t, sm.files)
		units := sampleUnits(t, evs)
		for _, opts := range []engine.Options{{Units: units}, {Units: units, TotalsOnly: true}} {
			for _, ev := range evs {
				r, err := engine.Evaluate(ctx, s, ev, opts)
				require.NoError(t, err, ev.Subject.ID)
				b, err := json.Marshal(r)
				require.NoError(t, err)
				all = append(all, kept{r, string(b)})
			}
		}
	}
	require.NotEmpty(t, all)
	for i, k := range all {
		b, err := json.Marshal(k.r)
		require.NoError(t, err)
		assert.Equal(t, k.json, string(b), "result %d (%s %s) changed after later evaluations", i, k.r.Subject.ID, k.r.Period)
	}
}

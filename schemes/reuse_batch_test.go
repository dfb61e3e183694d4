package schemes

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBatchReuseResultsEverySample holds BatchOptions.ReuseResults to
// Evaluate on every sample of every built-in, with the full audit and
// totals only: each result, read while emit has it, is the same to the
// byte. The stream yields an item only once the one before is done
// (Progress comes after Batch has taken the result back), so every item
// after the first is written into the memory of the result before it.
func TestBatchReuseResultsEverySample(t *testing.T) {
	ctx := context.Background()
	for _, sm := range samples {
		s, err := Load(sm.scheme)
		require.NoError(t, err)
		evs := samplesOf(t, sm.files)
		units := sampleUnits(t, evs)
		for _, opts := range []engine.Options{{Units: units}, {Units: units, TotalsOnly: true}} {
			var want []string
			for _, ev := range evs {
				r, err := engine.Evaluate(ctx, s, ev, opts)
				require.NoError(t, err, ev.Subject.ID)
				b, err := json.Marshal(r)
				require.NoError(t, err)
				want = append(want, string(b))
			}
			done := make(chan struct{}, 1)
			stream := func(yield func(*evidence.Evidence, error) bool) {
				for i, ev := range evs {
					if i > 0 {
						<-done
					}
					if !yield(ev, nil) {
						return
					}
				}
			}
			var got []string
			seen := map[*engine.Result]bool{}
			bo := engine.BatchOptions{Options: opts, Workers: 1, ReuseResults: true,
				Progress: func(int) { done <- struct{}{} }}
			_, err := engine.Batch(ctx, s, stream, bo, func(r *engine.Result, err error) {
				require.NoError(t, err)
				seen[r] = true
				b, err := json.Marshal(r)
				require.NoError(t, err)
				got = append(got, string(b))
			})
			require.NoError(t, err)
			require.Len(t, got, len(want))
			for i := range want {
				assert.Equal(t, want[i], got[i], "%s item %d (totals only: %v)", sm.scheme, i, opts.TotalsOnly)
			}
			assert.Len(t, seen, 1, "%s: every result after the first reuses the one before", sm.scheme)
		}
	}
}

package schemes

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/require"
)

// TestInterleavedSchemes: pooled evaluators (with their cite
// cache) going from scheme to scheme, with and without linked units,
// concurrently, give each result the JSON it has when scored alone.
func TestInterleavedSchemes(t *testing.T) {
	ctx := context.Background()
	type job struct {
		s    *scheme.Scheme
		ev   *evidence.Evidence
		opts engine.Options
		want string
	}
	var jobs []job
	for _, sm := range samples {
		s, err := Load(sm.scheme)
		require.NoError(t, err)
		// A second compile: another *Scheme with the same expressions' texts.
		src, err := Source(sm.scheme)
		require.NoError(t, err)
		s2, err := scheme.Compile(sm.scheme+".yaml", src)
		require.NoError(t, err)
		evs := samplesOf(t, sm.files)
		units := sampleUnits(t, evs)
		for _, sc := range []*scheme.Scheme{s, s2} {
			for _, opts := range []engine.Options{{Units: units}, {}} {
				for _, ev := range evs {
					r, err := engine.Evaluate(ctx, sc, ev, opts)
					if err != nil {
						continue // without units a linked scheme may refuse
					}
					b, err := json.Marshal(r)
					require.NoError(t, err)
					jobs = append(jobs, job{sc, ev, opts, string(b)})
				}
			}
		}
	}
	require.NotEmpty(t, jobs)
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 9))
			for range 3 * len(jobs) {
				j := jobs[rng.IntN(len(jobs))]
				r, err := engine.Evaluate(ctx, j.s, j.ev, j.opts)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := json.Marshal(r)
				if string(b) != j.want {
					t.Errorf("%s %s: the result differs when interleaved", j.s.ID(), j.ev.Subject.ID)
					return
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d jobs", len(jobs))
}

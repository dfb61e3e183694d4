package schemes

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompileAndEvaluateConcurrently compiles every built-in scheme from
// several goroutines at once (they share the base CEL environments), then
// evaluates each compiled scheme from several goroutines at once (they share
// its programs, constants and parameter values), and holds every result to
// the one computed alone. Run with -race, it is what says a compiled scheme
// is safe for concurrent use.
func TestCompileAndEvaluateConcurrently(t *testing.T) {
	const copies = 3
	ids := IDs()
	want := map[string][]byte{}
	evs := map[string]*evidence.Evidence{}
	for _, id := range ids {
		s, err := Load(id)
		require.NoError(t, err)
		list, err := evidence.ReadFile("../examples/data/" + benchEvidence[id])
		require.NoError(t, err)
		evs[id] = list[0]
		r, err := engine.Evaluate(context.Background(), s, list[0], engine.Options{})
		require.NoError(t, err, id)
		want[id], err = json.Marshal(r)
		require.NoError(t, err)
	}

	compiled := make([][]*scheme.Scheme, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		compiled[i] = make([]*scheme.Scheme, copies)
		for c := range copies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				src, err := Source(id)
				if assert.NoError(t, err) {
					compiled[i][c], err = scheme.Compile("schemes/"+id+".yaml", src)
					assert.NoError(t, err, id)
				}
			}()
		}
	}
	wg.Wait()

	for i, id := range ids {
		for c := range copies {
			s := compiled[i][c]
			if s == nil {
				continue // reported above
			}
			assert.Equal(t, compiled[i][0].Hash(), s.Hash(), "%s: every copy has one hash", id)
			for range 2 { // two goroutines a compiled scheme
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := engine.Evaluate(context.Background(), s, evs[id], engine.Options{})
					if !assert.NoError(t, err, id) {
						return
					}
					got, err := json.Marshal(r)
					assert.NoError(t, err)
					assert.JSONEq(t, string(want[id]), string(got), "%s: a result computed alongside others is the one computed alone", id)
					_ = s.ParamValues()[""] // read while others read
				}()
			}
		}
	}
	wg.Wait()
}

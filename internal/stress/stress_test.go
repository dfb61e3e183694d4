package stress

import (
	"context"
	"runtime"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxBytes is the promise on memory: what one evaluation allocates in all
// (an upper bound on what it holds at once).
const maxBytes = 64 << 20

// TestBounds compiles every adversarial case with the default limits (each
// must be accepted: the corpus shows what an accepted input may cost),
// evaluates it once and holds the bytes it allocated to the promise. Time
// is held by BenchmarkAdversarial, never by a test.
func TestBounds(t *testing.T) {
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			s, err := scheme.Compile(c.Name+".yaml", []byte(c.Scheme))
			require.NoError(t, err, "the case must stay within the default limits")
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err = engine.Evaluate(context.Background(), s, c.Evidence, engine.Options{})
			runtime.ReadMemStats(&after)
			require.NoError(t, err)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: %.1f MB allocated", c.Name, float64(alloc)/(1<<20))
			assert.LessOrEqual(t, alloc, uint64(maxBytes), "one evaluation allocates at most 64 MB")
		})
	}
}

// BenchmarkAdversarial evaluates each case of the corpus: the README's
// hardening figures (slowest and largest evaluation) come from its
// ns/op and B/op.
func BenchmarkAdversarial(b *testing.B) {
	for _, c := range Cases() {
		s, err := scheme.Compile(c.Name+".yaml", []byte(c.Scheme))
		if err != nil {
			b.Fatalf("%s: %v", c.Name, err)
		}
		b.Run(c.Name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if _, err := engine.Evaluate(context.Background(), s, c.Evidence, engine.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			// The process's CPU time per evaluation (GC included): on a
			// shared machine it is what the evaluation costs, where ns/op
			// also counts waiting for a core.
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

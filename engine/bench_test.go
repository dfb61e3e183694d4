package engine

import (
	"context"
	"testing"
	"time"

	"github.com/branchscore/branchscore/internal/synth"
)

// BenchmarkEvaluate/<scheme> is in package schemes, beside the built-in
// schemes it times.

// BenchmarkBatch scores 100,000 generated tingnan-2017 branch-months with
// Batch (GOMAXPROCS workers) and ranks them with Rank: the monthly job of
// a large organisation. It reports subject evaluations per second and the
// bytes allocated per subject; results go to emit and are dropped, as a
// host that stores them would drop them, so what stays is one Summary a
// subject.
func BenchmarkBatch(b *testing.B) { benchBatch(b, BatchOptions{}) }

// BenchmarkBatchReuse is BenchmarkBatch with ReuseResults: the host is
// done with each result when emit returns, so a later item's result is
// written into its memory.
func BenchmarkBatchReuse(b *testing.B) { benchBatch(b, BatchOptions{ReuseResults: true}) }

func benchBatch(b *testing.B, opts BatchOptions) {
	const n = 100_000
	s := tingnan(b)
	ctx := context.Background()
	b.ReportAllocs()
	var elapsed time.Duration
	c0 := cpuTime()
	for b.Loop() {
		start := time.Now()
		scored := 0
		sums, err := Batch(ctx, s, synth.Tingnan(1, "2017-03", n), opts, func(r *Result, err error) {
			if err != nil {
				b.Fatal(err)
			}
			scored++
		})
		if err != nil {
			b.Fatal(err)
		}
		rk, err := Rank(s, "2017-03", sums, nil)
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		if scored != n || len(rk.Entries) != n {
			b.Fatalf("scored %d, ranked %d of %d", scored, len(rk.Entries), n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "evals/s")
	// The CPU the process used a subject, GC included: what the rate
	// would be on a machine of its own, one core's worth.
	b.ReportMetric(float64(cpuTime()-c0)/1e3/(float64(n)*float64(b.N)), "cpu-µs/eval")
}

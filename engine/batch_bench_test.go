package engine

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/synth"
)

// cpuTime is the CPU time the process has used, user and system: on a
// machine shared with other jobs it says what a run cost where the wall
// clock says mostly how busy the machine was.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBatchParts splits BenchmarkBatch into what it is made of, per
// item (one op is one branch-month), so that what Batch adds on top of
// Evaluate shows: "synth" generates the evidence and nothing else;
// "evaluate" is Evaluate and Result.Score on one goroutine over evidence
// generated before; "batch" is BatchScores over the same evidence with
// GOMAXPROCS workers and an emit that drops each result, "batch-reuse"
// the same with ReuseResults. Each reports
// cpu-µs/op, the CPU the process used (GC included) a item, beside
// ns/op, which on a busy machine says more about the machine.
func BenchmarkBatchParts(b *testing.B) {
	s := tingnan(b)
	ctx := context.Background()
	const n = 20_000
	var evs []*evidence.Evidence
	for ev, err := range synth.Tingnan(1, "2017-03", n) {
		if err != nil {
			b.Fatal(err)
		}
		evs = append(evs, ev)
	}
	seq := func(items []*evidence.Evidence) func(yield func(*evidence.Evidence, error) bool) {
		return func(yield func(*evidence.Evidence, error) bool) {
			for _, ev := range items {
				if !yield(ev, nil) {
					return
				}
			}
		}
	}
	run := func(b *testing.B, f func(b *testing.B)) {
		b.ReportAllocs()
		c0 := cpuTime()
		f(b)
		b.ReportMetric(float64(cpuTime()-c0)/1e3/float64(b.N), "cpu-µs/op")
	}
	b.Run("synth", func(b *testing.B) {
		run(b, func(b *testing.B) {
			k := 0
			for range synth.Tingnan(1, "2017-03", b.N) {
				k++
			}
		})
	})
	b.Run("evaluate", func(b *testing.B) {
		run(b, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r, err := Evaluate(ctx, s, evs[i%n], Options{})
				if err != nil {
					b.Fatal(err)
				}
				_ = r.Score(s)
			}
		})
	})
	for _, bo := range []struct {
		name string
		opts BatchOptions
	}{{"batch", BatchOptions{}}, {"batch-reuse", BatchOptions{ReuseResults: true}}} {
		b.Run(bo.name, func(b *testing.B) {
			run(b, func(b *testing.B) {
				for done := 0; done < b.N; done += n {
					m := min(n, b.N-done)
					_, err := BatchScores(ctx, s, seq(evs[:m]), bo.opts, func(r *Result, err error) {
						if err != nil {
							b.Fatal(err)
						}
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

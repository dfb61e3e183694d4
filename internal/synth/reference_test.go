package synth

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/require"
)

// TestTingnanUnchanged: the generator gives the evidence it gave before it
// was made to allocate less (referenceTingnan is the generator as it was),
// field for field, so that figures measured before and after are over the
// same branch-months; and its hashes are pinned, so that a change to the
// mix shows here and is made on purpose.
func TestTingnanUnchanged(t *testing.T) {
	tests := []struct {
		seed   uint64
		period string
		n      int
		digest string
		why    string
	}{
		{1, "2017-03", 5000, "7b5a30a80794cb82c60fe7561ab5f8bf1ebb14c9778d7dbd1e4c362148743d00", "the benchmarks' seed and month"},
		{7, "2017-11", 3000, "d745a4cb35cf0a78ff34ce1c4b557530cc7012f9d380c3b0b1beed619676d34e", "another seed and month: the dates follow the period"},
	}
	for _, tc := range tests {
		next, stop := iter.Pull2(referenceTingnan(tc.seed, tc.period, tc.n))
		h := sha256.New()
		got := 0
		for ev, err := range Tingnan(tc.seed, tc.period, tc.n) {
			require.NoError(t, err)
			want, _, ok := next()
			require.True(t, ok, tc.why)
			require.Equal(t, want, ev, "%s: item %d", tc.why, got)
			x, err := ev.Hash()
			require.NoError(t, err)
			fmt.Fprintf(h, "%s %s\n", ev.Subject.ID, x)
			got++
		}
		stop()
		require.Equal(t, tc.n, got, tc.why)
		require.Equal(t, tc.digest, fmt.Sprintf("%x", h.Sum(nil)), tc.why)
	}
}

// BenchmarkTingnan: what generating one branch-month costs.
func BenchmarkTingnan(b *testing.B) {
	b.ReportAllocs()
	k := 0
	for range Tingnan(1, "2017-03", b.N) {
		k++
	}
}

// referenceTingnan is Tingnan as it was first written, kept to hold the
// faster one to the same output.
func referenceTingnan(seed uint64, period string, n int) iter.Seq2[*evidence.Evidence, error] {
	return func(yield func(*evidence.Evidence, error) bool) {
		rng := rand.New(rand.NewPCG(seed, 2017))
		day := func(d int) string { return fmt.Sprintf("%s-%02d", period, d) }
		for i := 1; i <= n; i++ {
			id := fmt.Sprintf("b%07d", i)
			target := 5000 + 100*rng.IntN(100)
			actual := target + target*(rng.IntN(241)-120)/1000
			ev := &evidence.Evidence{
				Subject: evidence.Subject{ID: id, Name: "党支部 " + id, Kind: "branch", Category: categories[rng.IntN(len(categories))]},
				Period:  period,
				Facts: map[string]any{
					"task_target":    json.Number(strconv.Itoa(target)),
					"task_actual":    json.Number(strconv.Itoa(actual)),
					"brand_projects": json.Number(strconv.Itoa(rng.IntN(2))),
				},
				Records: map[string][]evidence.Record{},
			}
			for j := range rng.IntN(4) {
				docs := contestDocs
				if rng.IntN(4) == 0 {
					docs = docs[:len(docs)-1]
				}
				ev.Records["contests"] = append(ev.Records["contests"], evidence.Record{
					ID: fmt.Sprintf("C-%d", j+1), Date: day(1 + rng.IntN(28)), Documents: docs,
					Fields: map[string]any{"participants": json.Number(strconv.Itoa(3 + rng.IntN(8))), "uniform_dress": rng.IntN(5) > 0},
				})
			}
			for j := range rng.IntN(4) {
				ev.Records["innovations"] = append(ev.Records["innovations"], evidence.Record{
					ID: fmt.Sprintf("I-%d", j+1), Date: day(1 + rng.IntN(28)),
					Fields: map[string]any{"value": json.Number(strconv.Itoa(1000 * rng.IntN(80))), "signed_by_tech_centre": rng.IntN(4) > 0},
				})
			}
			if rng.IntN(4) == 0 {
				ev.Records["findings"] = []evidence.Record{{ID: "F-1", Date: day(1 + rng.IntN(28))}}
			}
			for j := range rng.IntN(3) {
				rid := fmt.Sprintf("AC-%d", j+1)
				docs := activityDocs
				if rng.IntN(4) == 0 {
					docs = docs[:len(docs)-1]
				}
				ev.Records["activities"] = append(ev.Records["activities"], evidence.Record{ID: rid, Date: day(1 + rng.IntN(28)), Documents: docs})
				ev.Assessments = append(ev.Assessments, evidence.Assessment{Assessor: "gh-li", Role: "organisation", Indicator: "C1", Record: rid,
					Points: json.Number(strconv.Itoa(2 + rng.IntN(4))), Reason: "活动效果", Time: day(28) + "T10:00:00+08:00"})
			}
			if rng.IntN(5) == 0 {
				ev.Assessments = append(ev.Assessments, evidence.Assessment{Assessor: "dqb-wang", Role: "organisation", Indicator: "A3",
					Points: json.Number(strconv.Itoa(1 + rng.IntN(3))), Reason: "总结有亮点", Time: day(28) + "T09:00:00+08:00"})
			}
			if !yield(ev, nil) {
				return
			}
		}
	}
}

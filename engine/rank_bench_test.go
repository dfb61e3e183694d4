package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/shopspring/decimal"
)

// BenchmarkRank ranks 100,000 and 1,000,000 tingnan branch-months (totals
// with two decimals between 50 and 110, as the month's scores spread) and
// decides the scheme's five awards: Rank alone, without the batch that
// makes the summaries. It reports the nanoseconds and bytes per subject.
func BenchmarkRank(b *testing.B) {
	s := tingnan(b)
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			cats := []string{"production", "service", "office"}
			sums := make([]Score, n)
			for i := range sums {
				id := fmt.Sprintf("b%07d", i+1)
				sums[i] = Score{Subject: evidence.Subject{ID: id, Name: "党支部 " + id, Kind: "branch", Category: cats[rng.IntN(3)]},
					Period: "2017-03", Total: NewPoints(decimal.New(int64(5000+rng.IntN(6001)), -2))}
			}
			rng.Shuffle(n, func(i, j int) { sums[i], sums[j] = sums[j], sums[i] })
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				rk, err := Rank(s, "2017-03", sums, nil)
				if err != nil {
					b.Fatal(err)
				}
				if len(rk.Entries) != n {
					b.Fatalf("ranked %d of %d", len(rk.Entries), n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/subject")
		})
	}
}

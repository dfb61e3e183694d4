package schemes

import (
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/plan"
)

// BenchmarkBind binds each built-in's sample subject: the share of an
// evaluation that checks the evidence and converts it for the rules.
func BenchmarkBind(b *testing.B) {
	for _, id := range IDs() {
		b.Run(id, func(b *testing.B) {
			s, err := Load(id)
			if err != nil {
				b.Fatal(err)
			}
			evs, err := evidence.ReadFile("../examples/data/" + benchEvidence[id])
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := plan.Bind(s, evs[0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

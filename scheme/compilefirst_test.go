package scheme_test

import (
	"testing"

	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
)

// BenchmarkCompileFirst compiles each built-in scheme as the first compile
// of a process does: it builds the base environment and its parser, which
// later compiles share (schemes.BenchmarkCompile measures those). Nothing
// else is kept between compiles but what cel-go keeps itself (its
// standard environment, built once per process).
func BenchmarkCompileFirst(b *testing.B) {
	for _, id := range schemes.IDs() {
		src, err := schemes.Source(id)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				scheme.ForgetBaseEnvs()
				if _, err := scheme.Compile(id+".yaml", src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

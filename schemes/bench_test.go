package schemes

import (
	"testing"

	"github.com/branchscore/branchscore/scheme"
)

// BenchmarkCompile compiles each built-in scheme from its text.
func BenchmarkCompile(b *testing.B) {
	for _, id := range IDs() {
		src, err := Source(id)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := scheme.Compile(id+".yaml", src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package engine

import (
	"context"
	"testing"
)

// BenchmarkEvaluate scores one subject with its full audit data.
func BenchmarkEvaluate(b *testing.B) {
	ctx := context.Background()
	b.Run("tingnan-2017", func(b *testing.B) {
		s := tingnan(b)
		ev := loadEvidence(b, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Evaluate(ctx, s, ev, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

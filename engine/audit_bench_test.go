package engine

import (
	"context"
	"encoding/json"
	"testing"
)

// BenchmarkResultJSON writes a tingnan month's result, audit included, as
// a host stores it, and reads it back.
func BenchmarkResultJSON(b *testing.B) {
	s := tingnan(b)
	ev := loadEvidence(b, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	if err != nil {
		b.Fatal(err)
	}
	data, err := json.Marshal(r)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var back Result
			if err := json.Unmarshal(data, &back); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("explain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = ExplainResult(s, r)
		}
	})
}

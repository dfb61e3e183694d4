package schemes

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
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

// benchEvidence is the sample subject each built-in scheme is timed on:
// the first subject of the file.
var benchEvidence = map[string]string{
	"tingnan-2017":              "tingnan-2017/2017-03-zongcai1.json",
	"qianjiang-2017":            "qianjiang-2017/2018-chengguan.json",
	"xining-2021":               "xining-2021/2021-jixiu.json",
	"shendong-2020":             "shendong-2020/2020-self-check.json",
	"standardization":           "standardization/2023-branches.json",
	"standardization-company":   "standardization/2023-companies.json",
	"standardization-committee": "standardization/2023-05-committee.json",
	"member-points":             "member-points/2017-11-members.json",
}

func TestEveryBuiltinIsBenchmarked(t *testing.T) {
	for _, id := range IDs() {
		if _, ok := benchEvidence[id]; !ok {
			t.Errorf("%s has no sample subject in benchEvidence", id)
		}
	}
}

// BenchmarkEvaluate scores one subject with each built-in scheme, with the
// full audit data: the result a host stores.
func BenchmarkEvaluate(b *testing.B) {
	ctx := context.Background()
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
				if _, err := engine.Evaluate(ctx, s, evs[0], engine.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEvaluateTotalsOnly scores the same subjects without the audit
// (Options.TotalsOnly), as impact diffs and what-if rankings do.
func BenchmarkEvaluateTotalsOnly(b *testing.B) {
	ctx := context.Background()
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
				if _, err := engine.Evaluate(ctx, s, evs[0], engine.Options{TotalsOnly: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

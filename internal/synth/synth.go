// Package synth generates evidence for load and memory runs: tingnan-2017
// branch-months with the mix of records the sample months have, from a
// seed, so a run over a million subjects needs no files and is repeatable.
//
// Internal: not for hosts; it serves benchmarks and examples/batch-run.
package synth

import (
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"

	"github.com/branchscore/branchscore/evidence"
)

var (
	contestDocs  = []string{"request", "plan", "summary", "judges_scores", "publicity", "published_results", "rewards"}
	activityDocs = []string{"request", "plan", "summary", "publicity", "rewards"}
	categories   = []string{"production", "service", "office"}
)

// Tingnan yields n branch-months of tingnan-2017 evidence for period
// (a month of 2017), subjects b0000001, b0000002, …: a task target and
// actual within ±12%, up to three contests and innovations, a finding now
// and then, up to two activities each scored by an assessor, and an
// assessor's A3 points for about one branch in five. Nothing is kept
// between subjects.
func Tingnan(seed uint64, period string, n int) iter.Seq2[*evidence.Evidence, error] {
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

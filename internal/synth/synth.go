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
	"sync"

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
// assessor's A3 points for about one branch in five. Nothing grows
// between subjects: the branch-months share only strings and numbers that
// never change (dates, record ids, the numbers' text), so that generating
// one costs little beside scoring it.
func Tingnan(seed uint64, period string, n int) iter.Seq2[*evidence.Evidence, error] {
	return func(yield func(*evidence.Evidence, error) bool) {
		rng := rand.New(rand.NewPCG(seed, 2017))
		var days [29]string // days[d]: period-dd
		for d := 1; d < len(days); d++ {
			days[d] = fmt.Sprintf("%s-%02d", period, d)
		}
		at9, at10 := days[28]+"T09:00:00+08:00", days[28]+"T10:00:00+08:00"
		nums := numbers()
		name := []byte(namePrefix + "b0000000")
		for i := 1; i <= n; i++ {
			// The name and the id in one string: the id is its tail.
			strconv.AppendInt(name[:len(name)-min(7, digits(i))], int64(i), 10)
			full := string(name)
			if i > 9_999_999 { // more digits than the zeros leave room for
				full = namePrefix + "b" + strconv.Itoa(i)
			}
			id := full[len(namePrefix):]
			target := 5000 + 100*rng.IntN(100)
			actual := target + target*(rng.IntN(241)-120)/1000
			ev := &evidence.Evidence{
				Subject: evidence.Subject{ID: id, Name: full, Kind: "branch", Category: categories[rng.IntN(len(categories))]},
				Period:  period,
				Facts: map[string]any{
					"task_target":    nums.any(target),
					"task_actual":    nums.any(actual),
					"brand_projects": nums.any(rng.IntN(2)),
				},
				Records: make(map[string][]evidence.Record, 4),
			}
			if k := rng.IntN(4); k > 0 {
				recs := make([]evidence.Record, k)
				for j := range recs {
					docs := contestDocs
					if rng.IntN(4) == 0 {
						docs = docs[:len(docs)-1]
					}
					date := days[1+rng.IntN(28)]
					participants := nums.any(3 + rng.IntN(8))
					recs[j] = evidence.Record{ID: contestIDs[j], Date: date, Documents: docs,
						Fields: map[string]any{"participants": participants, "uniform_dress": truth[rng.IntN(5) > 0]}}
				}
				ev.Records["contests"] = recs
			}
			if k := rng.IntN(4); k > 0 {
				recs := make([]evidence.Record, k)
				for j := range recs {
					date := days[1+rng.IntN(28)]
					value := thousands[rng.IntN(80)]
					recs[j] = evidence.Record{ID: innovationIDs[j], Date: date,
						Fields: map[string]any{"value": value, "signed_by_tech_centre": truth[rng.IntN(4) > 0]}}
				}
				ev.Records["innovations"] = recs
			}
			if rng.IntN(4) == 0 {
				ev.Records["findings"] = []evidence.Record{{ID: "F-1", Date: days[1+rng.IntN(28)]}}
			}
			if k := rng.IntN(3); k > 0 {
				recs := make([]evidence.Record, k)
				ev.Assessments = make([]evidence.Assessment, k, k+1)
				for j := range recs {
					docs := activityDocs
					if rng.IntN(4) == 0 {
						docs = docs[:len(docs)-1]
					}
					recs[j] = evidence.Record{ID: activityIDs[j], Date: days[1+rng.IntN(28)], Documents: docs}
					ev.Assessments[j] = evidence.Assessment{Assessor: "gh-li", Role: "organisation", Indicator: "C1", Record: activityIDs[j],
						Points: nums.number(2 + rng.IntN(4)), Reason: "活动效果", Time: at10}
				}
				ev.Records["activities"] = recs
			}
			if rng.IntN(5) == 0 {
				ev.Assessments = append(ev.Assessments, evidence.Assessment{Assessor: "dqb-wang", Role: "organisation", Indicator: "A3",
					Points: nums.number(1 + rng.IntN(3)), Reason: "总结有亮点", Time: at9})
			}
			if !yield(ev, nil) {
				return
			}
		}
	}
}

const namePrefix = "党支部 "

var (
	contestIDs    = []string{"C-1", "C-2", "C-3"}
	innovationIDs = []string{"I-1", "I-2", "I-3"}
	activityIDs   = []string{"AC-1", "AC-2"}
	truth         = map[bool]any{false: false, true: true}
	// thousands[k] is 1000k, an innovation's value.
	thousands = func() (t [80]any) {
		for k := range t {
			t[k] = json.Number(strconv.Itoa(1000 * k))
		}
		return t
	}()
)

// digits returns the number of decimal digits of i > 0.
func digits(i int) int {
	d := 1
	for ; i >= 10; i /= 10 {
		d++
	}
	return d
}

// numberTable holds the numbers the generator writes, as json.Number and
// as a json.Number in an interface, made once: an evidence's facts and
// fields hold them without an allocation each.
type numberTable struct {
	nums []json.Number
	anys []any
}

// maxNumber bounds the table: the largest actual is 14,900 + 12%.
const maxNumber = 17_000

var (
	numberOnce sync.Once
	numberTab  numberTable
)

func numbers() *numberTable {
	numberOnce.Do(func() {
		numberTab.nums = make([]json.Number, maxNumber)
		numberTab.anys = make([]any, maxNumber)
		for k := range maxNumber {
			numberTab.nums[k] = json.Number(strconv.Itoa(k))
			numberTab.anys[k] = numberTab.nums[k]
		}
	})
	return &numberTab
}

func (t *numberTable) number(k int) json.Number {
	if k >= 0 && k < len(t.nums) {
		return t.nums[k]
	}
	return json.Number(strconv.Itoa(k))
}

func (t *numberTable) any(k int) any {
	if k >= 0 && k < len(t.anys) {
		return t.anys[k]
	}
	return json.Number(strconv.Itoa(k))
}

package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/schemes"
)

// zj, April 2017: output 5% over target, one contest missing its publicity.
const zjApril = `{
  "subject": {"id": "zj", "name": "综掘区党支部", "kind": "branch"},
  "period": "2017-04",
  "facts": {"task_target": "8000", "task_actual": "8400"},
  "records": {"contests": [{"id": "C-0411", "date": "2017-04-11", "participants": 7, "uniform_dress": true,
    "documents": ["request", "plan", "summary", "judges_scores", "publicity", "rewards"]}]}
}`

// Explain renders each audit step as a sentence in Chinese and English,
// built from the scheme's labels: what a branch secretary reads.
func ExampleExplain() {
	s, err := schemes.Load("tingnan-2017")
	if err != nil {
		fmt.Println(err)
		return
	}
	evs, err := evidence.Decode(strings.NewReader(zjApril))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := engine.Evaluate(context.Background(), s, evs[0], engine.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range engine.Explain(s, r) {
		if strings.Contains(x.Zh, "C-0411") {
			fmt.Println(x.Zh)
			fmt.Println(x.En)
		}
	}
	// Output:
	// 开展技术比武活动：组织1次加2分：技术比武（C-0411）缺少“公示结果”，缺一项不加分
	// technical contest, +2 each: technical contests C-0411 lacks 'published results'; one missing earns nothing
}

// Verify re-evaluates stored evidence and names every difference from the
// stored result: here a total edited in the database from 0.9 to 9.
func ExampleVerify() {
	s, err := schemes.Load("tingnan-2017")
	if err != nil {
		fmt.Println(err)
		return
	}
	evs, err := evidence.Decode(strings.NewReader(zjApril))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := engine.Evaluate(context.Background(), s, evs[0], engine.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	stored, err := json.Marshal([]*engine.Result{r}) // what a host keeps
	if err != nil {
		fmt.Println(err)
		return
	}
	tampered := strings.Replace(string(stored), `"total":"0.9"`, `"total":"9"`, 1)
	for _, text := range []string{string(stored), tampered} {
		results, err := engine.DecodeResults(strings.NewReader(text))
		if err != nil {
			fmt.Println(err)
			return
		}
		err = engine.Verify(context.Background(), results[0], s, evs[0], engine.Options{})
		fmt.Println(errors.Is(err, engine.ErrMismatch), err)
	}
	// Output:
	// false <nil>
	// true stored result differs from a fresh evaluation:
	//   total: stored 9, evaluated 0.9
}

// Batch scores a stream of evidence, a few subjects at a time; each result
// (or error naming its subject) is handed to emit as soon as it is made, and
// Progress counts the items back. One bad subject never stops the rest.
func ExampleBatch() {
	s, err := schemes.Load("tingnan-2017")
	if err != nil {
		fmt.Println(err)
		return
	}
	evs, err := evidence.Decode(strings.NewReader(`[
	  {"subject": {"id": "zc1", "name": "综采一队党支部", "kind": "branch"}, "period": "2017-01",
	   "facts": {"task_target": "10000", "task_actual": "11200"}},
	  {"subject": {"id": "zc2", "name": "综采二队党支部", "kind": "branch"}, "period": "2017-01",
	   "facts": {"task_target": "0", "task_actual": "10300"}},
	  {"subject": {"id": "zj", "name": "综掘区党支部", "kind": "branch"}, "period": "2017-01",
	   "facts": {"task_target": "10000", "task_actual": "9400"}}
	]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	stream := func(yield func(*evidence.Evidence, error) bool) {
		for _, ev := range evs {
			if !yield(ev, nil) {
				return
			}
		}
	}
	done := 0
	opts := engine.BatchOptions{Workers: 2, Progress: func(n int) { done = n }}
	sums, err := engine.Batch(context.Background(), s, stream, opts, func(r *engine.Result, err error) {
		if err != nil {
			fmt.Println("not scored:", err) // a host stores r, or reports err
		}
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(done, "items back")
	for _, sum := range sums { // sorted by subject, for Rank
		fmt.Println(sum.Subject.ID, sum.Total)
	}
	// Output:
	// not scored: subject zc2, period 2017-01, indicator B1 (facts.task_actual, facts.task_target): division by zero
	// 3 items back
	// zc1 1.5
	// zj -0.9
}

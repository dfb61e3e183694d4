package evidence_test

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/evidence"
)

func ExampleParsePeriod() {
	p, err := evidence.ParsePeriod("2017-H2")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Kind, p.Start().Format("2006-01-02"), p.End().Format("2006-01-02"))
	// Output: half-year 2017-07-01 2018-01-01
}

func ExampleDecode() {
	// "FACTS" after "facts": encoding/json alone would read the second
	// object into Facts; other JSON readers would not.
	in := `{"subject": {"id": "zc1", "name": "综采一队", "kind": "branch"}, "period": "2017-03",
	        "facts": {"task_actual": 10500.20}, "FACTS": {"task_actual": 1}}`
	_, err := evidence.Decode(strings.NewReader(in))
	fmt.Println(err)

	evs, err := evidence.Decode(strings.NewReader(strings.Replace(in, `, "FACTS": {"task_actual": 1}`, "", 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(evs[0].Subject.ID, evs[0].Facts["task_actual"])
	// Output:
	// evidence: FACTS: key differs only in case from "facts"
	// zc1 10500.20
}

package evidence_test

import (
	"fmt"

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

package schemetest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/branchscore/branchscore/schemetest"
)

// A host's CI runs a scheme's cases before it publishes the scheme; from
// a Go test, schemetest.Run(t, path) does the same as subtests.
func ExampleFile_Run() {
	f, err := schemetest.Load("../examples/new-scheme/workshop-monthly.test.yaml")
	if err != nil {
		log.Fatal(err)
	}
	outcomes := f.Run(context.Background())
	for _, o := range outcomes {
		status := "ok"
		if len(o.Failures) > 0 {
			status = fmt.Sprint(o.Failures)
		}
		fmt.Printf("%-5s %s\n", status, o.Case.Name)
	}
	fmt.Printf("band coverage %.0f%%\n", schemetest.Cover(f.Scheme, outcomes).Percent("band", "boundary"))
	// Output:
	// ok    one meeting missed, +5% exactly, 90 exactly is excellent
	// ok    seven meetings missed stop at 0, two theme days stop at 10, not assessed is 0
	// ok    a theme day without photos earns nothing; just under target; half points
	// ok    1% exactly is the higher band; 75 exactly is good
	// ok    a confirmed accident fails a full score
	// band coverage 100%
}

package schemetest

import (
	"context"
	"strings"
	"testing"
)

// Run runs the test file at path as subtests of t, one per case: a case
// fails with each difference between what it expects and what the scheme
// made of its evidence, indicator by indicator. A file that does not load
// stops t with its error.
//
// Run uses only the standard library's testing package, so a host's
// module that imports schemetest does not come to depend on a test
// framework.
func Run(t *testing.T, path string) {
	t.Helper()
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range f.Run(context.Background()) {
		t.Run(strings.ReplaceAll(o.Case.Name, " ", "_"), func(t *testing.T) {
			t.Helper()
			for _, fl := range o.Failures {
				t.Errorf("%s: %s\n  want %s\n  got  %s", o.Case.Pos, fl.What, fl.Want, fl.Got)
			}
		})
	}
}

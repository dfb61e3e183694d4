package schemetest

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Run runs the test file at path as subtests of t, one per case: a case
// fails with each difference between what it expects and what the scheme
// made of its evidence, indicator by indicator.
func Run(t *testing.T, path string) {
	t.Helper()
	f, err := Load(path)
	require.NoError(t, err)
	for _, o := range f.Run(context.Background()) {
		t.Run(strings.ReplaceAll(o.Case.Name, " ", "_"), func(t *testing.T) {
			for _, fl := range o.Failures {
				assert.Fail(t, fl.What, "%s\n  want %s\n  got  %s", o.Case.Pos, fl.Want, fl.Got)
			}
		})
	}
}

package scheme_test

import (
	"sync"
	"testing"

	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/require"
)

// TestConcurrentCompile: the base environments' Pratt parsers are
// shared by every compile of a configuration: compiles at once, under
// -race, give each scheme its hash.
func TestConcurrentCompile(t *testing.T) {
	scheme.ForgetBaseEnvs()
	ids := schemes.IDs()
	want := map[string]string{}
	for _, id := range ids {
		src, err := schemes.Source(id)
		require.NoError(t, err)
		s, err := scheme.Compile(id+".yaml", src)
		require.NoError(t, err)
		want[id] = s.Hash()
	}
	scheme.ForgetBaseEnvs()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ids {
				id := ids[(i+w)%len(ids)]
				src, _ := schemes.Source(id)
				s, err := scheme.Compile(id+".yaml", src)
				if err != nil || s.Hash() != want[id] {
					t.Errorf("%s: %v", id, err)
				}
			}
		}()
	}
	wg.Wait()
}

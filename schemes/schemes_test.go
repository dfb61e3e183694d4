package schemes

import (
	"fmt"
	"testing"

	"github.com/branchscore/branchscore/scheme"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuiltins(t *testing.T) {
	ids := IDs()
	require.Contains(t, ids, "tingnan-2017")
	for _, id := range ids {
		s, err := Load(id)
		require.NoError(t, err, id)
		assert.Equal(t, id, s.ID(), "the file is named after the scheme's id")
	}
	_, err := Load("no-such-scheme")
	assert.ErrorContains(t, err, `no built-in scheme "no-such-scheme"`)
}

func ExampleLoad() {
	s, err := Load("tingnan-2017")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sec := range s.Sections() {
		w, _ := s.Const(sec.Weight)
		fmt.Printf("%s %s × %s\n", sec.ID, sec.Label.En, w)
	}
	// Output:
	// A standardised-branch bonus items (50%) × 0.5
	// B monthly task completion (30%) × 0.3
	// C activities (20%) × 0.2
}

func TestLoadFor(t *testing.T) {
	s, err := LoadFor("tingnan-2017", "2017-05")
	require.NoError(t, err)
	assert.Equal(t, "0.1.0", s.Version())
	_, err = LoadFor("tingnan-2017", "2018-01")
	assert.ErrorIs(t, err, scheme.ErrNotInForce)
	_, err = LoadFor("tingnan", "2017-01")
	assert.ErrorContains(t, err, `no built-in scheme "tingnan"`)
}

package scheme

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSchemeConstantsOnce: what a scheme gives on every evaluation is made
// once, when it compiles, and shared read-only.
func TestSchemeConstantsOnce(t *testing.T) {
	s := compileConstructs(t)
	for _, tc := range []struct {
		name   string
		f      func()
		reason string
	}{
		{"Hash", func() { _ = s.Hash() }, "hex-encoded once when compiled"},
		{"ParamValues", func() { _ = s.ParamValues() }, "the scheme's own map, not a copy"},
	} {
		assert.Zero(t, testing.AllocsPerRun(100, tc.f), "%s: %s", tc.name, tc.reason)
	}
	assert.Equal(t, s.Hash(), s.Hash())
}

// TestWithParamsLeavesOriginal: the values in force are shared, so
// WithParams must work on a copy.
func TestWithParamsLeavesOriginal(t *testing.T) {
	s := compileConstructs(t)
	before := s.ParamValues()["pass_mark"]
	s2, err := s.WithParams(map[string]string{"pass_mark": "85"})
	require.NoError(t, err)
	assert.Equal(t, "85", s2.ParamValues()["pass_mark"], "the copy has the override")
	assert.Equal(t, before, s.ParamValues()["pass_mark"], "the original keeps its value")
	_, err = s.WithParams(map[string]string{"pass_mark": "sixty", "region": "south"})
	require.Error(t, err)
	assert.Equal(t, "north", s.ParamValues()["region"], "a refused override leaves the original too")
}

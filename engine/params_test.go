package engine

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A result's parameters are its own: a host that edits them (to show a
// what-if, say) must not change the parameters the compiled scheme scores
// every later subject with. Scheme.ParamValues is shared and read-only, so
// Evaluate copies it.
func TestResultParamsAreACopy(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	want := s.ParamValues()["brand_project_points"]
	require.Equal(t, want, r.Params["brand_project_points"])
	r.Params["brand_project_points"] = "100"
	assert.Equal(t, want, s.ParamValues()["brand_project_points"], "editing a result changed the scheme")
	again, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	assert.Equal(t, want, again.Params["brand_project_points"])
}

package celdec

import (
	"testing"

	celast "cel.dev/cel-go/common/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHasLoop(t *testing.T) {
	env := testEnv(t, Config{Scale: 2, Rounding: HalfUp})
	for _, tc := range []struct {
		src    string
		want   bool
		reason string
	}{
		{"n + 1", false, "straight-line arithmetic"},
		{"recs.exists(r, r.participants > 3)", true, "a macro at the top"},
		{"n > 0 && recs.all(r, r.value > x)", true, "a macro under an operator"},
		{"[1, 2].map(i, i * 2).size() > n", true, "a macro under a member call"},
		{"{'a': recs.filter(r, true).size()}['a'] > 0", true, "a macro inside a map literal"},
		{"has(rec.value) ? rec.value : x", false, "has() is a macro but no comprehension"},
	} {
		a, issues := Compile(env, tc.src)
		require.Empty(t, issues, tc.src)
		assert.Equal(t, tc.want, HasLoop(a.NativeRep()), "%s: %s", tc.src, tc.reason)
		// The walk agrees with cel-go's navigator, which it replaces.
		nav := len(celast.MatchDescendants(celast.NavigateAST(a.NativeRep()), celast.KindMatcher(celast.ComprehensionKind))) > 0
		assert.Equal(t, nav, HasLoop(a.NativeRep()), tc.src)
	}
}

package scheme

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStaticFolded: a static expression of any result type is answered
// from the value folded when the scheme compiled, which is the value its
// program gives over a binding; one that fails is left to fail as it
// did. Every built-in's and the constructs' static expressions.
func TestStaticFolded(t *testing.T) {
	files, err := filepath.Glob("../schemes/*.yaml")
	require.NoError(t, err)
	files = append(files, "testdata/good/constructs.yaml")
	ctx := context.Background()
	folded := map[ResultType]int{}
	for _, f := range files {
		if strings.HasSuffix(f, ".test.yaml") { // a scheme's test cases
			continue
		}
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		base, err := Compile(f, src)
		require.NoError(t, err, f)
		// The scheme as declared, and with each bool parameter flipped
		// (WithParams folds again under the parameters in force).
		variants := []*Scheme{base}
		for _, p := range base.Params() {
			if p.Type != BoolType {
				continue
			}
			flip := "true"
			if p.Default == "true" {
				flip = "false"
			}
			v, err := base.WithParams(map[string]string{p.Name: flip})
			require.NoError(t, err, f)
			variants = append(variants, v)
		}
		for _, s := range variants {
			b := &binding{s: s} // a static expression reads no evidence
			for _, e := range s.exprs {
				if !e.static || e.prg == nil {
					assert.Nil(t, s.consts[e.index].val, "%s: %s reads evidence: not folded", f, e.Text)
					continue
				}
				want, _, werr := e.prg.Eval((*subjectActivation)(b))
				got, err := b.Eval(ctx, e, nil)
				if !assert.Equal(t, werr == nil, err == nil, "%s: %s: %v, %v", f, e.Text, werr, err) || werr != nil {
					continue
				}
				assert.Equal(t, types.True, want.Equal(got), "%s: %s: got %v, want %v", f, e.Text, got, want)
				assert.Equal(t, want.Type(), got.Type(), "%s: %s", f, e.Text)
				if s.consts[e.index].val != nil {
					folded[e.want]++
				}
			}
		}
	}
	assert.Positive(t, folded[BoolResult], "conditions on parameters are folded")
	assert.Positive(t, folded[NumberResult], "numbers on parameters are folded")

	// And Eval reads the fold rather than running the program.
	src, err := os.ReadFile("../schemes/tingnan-2017.yaml")
	require.NoError(t, err)
	s, err := Compile("tingnan-2017.yaml", src)
	require.NoError(t, err)
	var e *Expr
	for _, x := range s.exprs {
		if x.static && x.want == BoolResult && x.prg != nil {
			e = x
			break
		}
	}
	require.NotNil(t, e, "tingnan has a condition on its parameters")
	var mark ref.Val = types.String("folded")
	s.consts[e.index].val = mark
	got, err := (&binding{s: s}).Eval(ctx, e, nil)
	require.NoError(t, err)
	assert.Equal(t, mark, got, "%s: answered from the fold", e.Text)
}

package celdec

import (
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// FuzzCompile compiles and evaluates arbitrary expressions. The property:
// no panic; issues have offsets inside the expression; evaluation of what
// compiles returns a value or an error.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{`x / 3`, `2 * x == 2.10`, `dec("0.1") + 0.2`, `round_half_up(x, 2)`,
		`clamp(x, 0, n)`, `recs.filter(r, r.participants > 5).size()`, `percent(n, 0)`, `-1.5 < x`,
		`date("2019-01-01") < timestamp("2020-01-01T00:00:00Z")`, `x == 1 ? 0.5 : n`, `[1.5, 2.5][0] + x`,
		`10 + x * 20%`, `min(x, 12.5%)`, `10%3`, `n % 2`, `(x + 1)%`, `"5%" + '%'`, `x in [1, 2.5]`,
		`{"a": 1, "b": 2.5}["a"] == x`, `[x, 1].exists(v, v == n)`, `"ab".matches("(")`, `"ab".matches("[a-z]{999}")`} {
		f.Add(s)
	}
	env := testEnv(f, Config{Scale: 4, Rounding: HalfUp})
	contest := NewObjectDecl("contest", []Field{{"participants", types.IntType}, {"value", Type}})
	vars := map[string]any{
		"x": d("1.05"), "n": types.Int(3), "f": types.Double(0),
		"rec":  contest.NewObject([]ref.Val{types.Int(6), d("12000")}),
		"recs": types.NewRefValList(types.DefaultTypeAdapter, []ref.Val{contest.NewObject([]ref.Val{types.Int(6), nil})}),
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 2000 {
			return
		}
		a, issues := Compile(env, src)
		for _, is := range issues {
			if is.Offset < 0 || int(is.Offset) > len([]rune(src)) {
				t.Fatalf("issue offset %d outside %q: %s", is.Offset, src, is.Message())
			}
		}
		if a == nil {
			return
		}
		prg, err := env.Program(a)
		if err != nil {
			return
		}
		_, _, _ = prg.Eval(vars)
	})
}

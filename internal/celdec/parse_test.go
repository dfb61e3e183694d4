package celdec

import (
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"github.com/stretchr/testify/require"
)

// prattEnv is testEnv with the parser limits a scheme's environment has,
// and its Parser.
func prattEnv(t testing.TB) (*cel.Env, *Parser) {
	t.Helper()
	env, err := testEnv(t, Config{Scale: 4, Rounding: HalfUp}).Extend(
		cel.ParserExpressionSizeLimit(200), cel.ParserRecursionLimit(12))
	require.NoError(t, err)
	p, err := NewParser(env, 200, 12)
	require.NoError(t, err)
	return env, p
}

// prattEdges are texts where the two parsers' readings could part: negative
// literals, text that is not ASCII, escapes, comments, macros, the limits.
var prattEdges = []string{
	`-5`, `- 5`, `-5.25`, `-0x1F`, `-1e3`, `-1.5e-3`, `-.5`, `--5`, `!-5`, `-5.size()`, `x - -5`, `-5u`,
	`-(5)`, `-x`, `1-2`, `1 -2`, `-9223372036854775808`, `-9223372036854775809`, `-1.`, `-1.e5`, `-0x`,
	`"党员大会" == "党"`, `'支部' + "x"`, `"""多行
文本"""`, `r"原\d"`, `b"字节"`, `rec.participants > 5 // 注释 "引号"
 && n > 0`, "rec.`value` > 0", "rec.`参加` > 0", `{"键": 1}["键"]`, `[1, -2, "三"]`,
	`recs.exists(r, r.participants == -1 && "名" in ["名"])`, `recs.map(r, r.value).filter(v, v > -0.5)`,
	`has(rec.value)`, `rec.?value.orValue(-1.5)`, `optional.of(-3)`, `[?optional.none()]`,
	`x > 0 ? -1 : "负"`, `n in [1, 2] || !(n == -2)`, `recs.all(r, recs.exists_one(s, s == r))`,
	`"\u515a" == '\U0001F600'`, `"😀" + "x"`, `b'\xff'`, `1 + 2 * 3 % 4 / 5 - 6`, `a.b.c(d, e)[f]`,
	`contest{participants: 1}`, `.x`, `x.`, `"unterminated`, `(((1)))`, `[1,2,3,]`, `{1:2,}`, `f(,)`,
	strings.Repeat("(", 5) + "1" + strings.Repeat(")", 5), strings.Repeat("(", 6) + "1" + strings.Repeat(")", 6),
	strings.Repeat("(", 11) + "1" + strings.Repeat(")", 11), strings.Repeat("(", 12) + "1" + strings.Repeat(")", 12),
	strings.Repeat("(", 13) + "1" + strings.Repeat(")", 13), "a.b.c.d.e + a.b.c.d.e", "(a.b.c.d.e + (a.b.c.d.e + 1)).f", strings.Repeat("-", 30) + "1",
	strings.Repeat("1+", 99) + "1", strings.Repeat("1+", 100) + "1", `"` + strings.Repeat("党", 197) + `"`,
	`"` + strings.Repeat("党", 198) + `"`, strings.Repeat("a.", 20) + "b", strings.Repeat("[", 14) + strings.Repeat("]", 14),
}

// TestPrattEdges: on the edges the Pratt parser reads each text as ANTLR's
// parser does, or refuses it; and it does accept the ordinary ones, so
// that the fast path is taken.
func TestPrattEdges(t *testing.T) {
	env, p := prattEnv(t)
	for _, text := range prattEdges {
		if d := p.Disagreement(env, text); d != "" {
			t.Error(d)
		}
	}
	for _, text := range []string{`-5`, `-5.25`, `-1e3`, `x - -5`, `"党员大会" == "党"`, `"""多行
文本"""`, "rec.`value` > 0", `recs.exists(r, r.participants == -1 && "名" in ["名"])`,
		`rec.?value.orValue(-1.5)`, strings.Repeat("(", 4) + "1" + strings.Repeat(")", 4), "a.b.c.d.e + 1"} {
		require.NotNil(t, p.parsePratt(text), "%q: the Pratt parser's reading is used", text)
	}
}

// FuzzPrattAgreesWithANTLR: whatever the Pratt parser accepts, env's own
// parser accepts too, with the same AST (Disagreement says how not).
func FuzzPrattAgreesWithANTLR(f *testing.F) {
	for _, s := range prattEdges {
		f.Add(s)
	}
	for _, s := range []string{
		`[recs.filter(x, x.participants >= 3 && "会议" in ["会议", 'b'])].all(ms, [0,1,2].all(m, ms.exists(x, x.participants == m + 1 && x.value > -0.5)))`,
		`recs.map(r, r.value * 20%).exists(v, v >= 1.5e2 || v < -1) ? {"甲": 1, 'b': -2}["甲"] : size("长度")`,
		`has(rec.value) && !has(rec.participants) && rec.?value.orValue(0.0) != dec("1.25") /* not a comment */`,
	} {
		f.Add(s)
	}
	env, p := prattEnv(f)
	f.Fuzz(func(t *testing.T, text string) {
		if d := p.Disagreement(env, text); d != "" {
			t.Fatal(d)
		}
	})
}

// TestPrattDepths: at the limits a scheme's environment has, expressions
// that nest parentheses, calls, lists, indexes, conditionals and chains of
// operators and selections around 64 deep read the same with both parsers
// (or the Pratt parser refuses them).
func TestPrattDepths(t *testing.T) {
	env, err := testEnv(t, Config{Scale: 4, Rounding: HalfUp}).Extend(
		cel.ParserExpressionSizeLimit(4096), cel.ParserRecursionLimit(64))
	require.NoError(t, err)
	p, err := NewParser(env, 4096, 64)
	require.NoError(t, err)
	wrap := []struct{ open, close string }{
		{"(", ")"}, {"f(", ")"}, {"[", "]"}, {"x[", "]"}, {"1 + (", ")"}, {"(", ").a"}, {"n > 0 ? 1 : (", ")"},
		{"{1: ", "}"}, {"a.b(", ")"}, {"(", " * 2 - 1)"}, {"-(", ")"}, {"!(", ")"}, {"recs.exists(r, ", ")"},
	}
	chain := []func(int) string{
		func(c int) string { return "x" + strings.Repeat(".f", c) },
		func(c int) string { return "1" + strings.Repeat(" + 1", c) },
		func(c int) string { return strings.Repeat("1 < ", c) + "1" },
		func(c int) string { return "x" + strings.Repeat("[0]", c) },
		func(c int) string { return "x" + strings.Repeat(".g()", c) },
		func(c int) string { return strings.Repeat("a && ", c) + "b" },
	}
	depths := []int{0, 1, 15, 31, 32, 33, 63, 65}
	fast := 0
	for _, w := range wrap {
		for _, ch := range chain {
			for _, levels := range depths {
				for _, c := range depths {
					text := strings.Repeat(w.open, levels) + ch(c) + strings.Repeat(w.close, levels)
					if d := p.Disagreement(env, text); d != "" {
						t.Fatal(d)
					}
					if p.Fast(text) {
						fast++
					}
				}
			}
		}
	}
	require.Greater(t, fast, 500, "the Pratt parser reads the shallower ones")
}

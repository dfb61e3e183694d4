package celdec

import (
	celast "cel.dev/cel-go/common/ast"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"github.com/stretchr/testify/require"
)

func realPratt(t testing.TB) (*cel.Env, *Parser) {
	t.Helper()
	env, err := testEnv(t, Config{Scale: 4, Rounding: HalfUp}).Extend(
		cel.ParserExpressionSizeLimit(4096), cel.ParserRecursionLimit(64))
	require.NoError(t, err)
	p, err := NewParser(env, 4096, 64)
	require.NoError(t, err)
	return env, p
}

func nest(open, inner, close string, n int) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// TestPrattDepthContainers: containers reset the Pratt parser's chain
// depth; ANTLR's visitor counts one depth along the whole path.
func TestPrattDepthContainers(t *testing.T) {
	env, p := realPratt(t)
	var texts []string
	for _, n := range []int{10, 15, 20, 25, 28, 30, 31, 32} {
		for _, w := range [][2]string{
			{"[", "].f.f"}, {"[", "][0][0]"}, {"f(", ").g().g()"}, {"[", "].f.f.f.f"}, {"{1: ", "}.a.b"},
			{"[", "] + 1 + 1"}, {"[1 + ", "].f"}, {"f(1 + 1 + ", ")"}, {"[1 < ", "]"},
		} {
			texts = append(texts, nest(w[0], "x.a.b.c.d.e.f.g.h.i.j", w[1], n))
			texts = append(texts, nest(w[0], "x", w[1], n))
		}
	}
	for _, text := range texts {
		_, iss := env.Parse(text)
		fast := p.Fast(text)
		t.Logf("fast=%v antlrErr=%v %.60q", fast, iss.Err() != nil, text)
		if d := p.Disagreement(env, text); d != "" {
			t.Error(d[:min(len(d), 400)])
		}
	}
}

// FuzzPrattPrattRealLimits: FuzzPrattAgreesWithANTLR at the limits a
// scheme's environment has (4096 code points, depth 64).
func FuzzPrattPrattRealLimits(f *testing.F) {
	for _, s := range prattEdges {
		f.Add(s)
	}
	f.Add(nest("[", "x.a.b", "].f.f", 20))
	f.Add(nest("(", "x.a.b", ").f", 20))
	f.Add(nest("f(", "1 + 2 * 3", ") - 1", 20))
	f.Add(nest("recs.exists(r, ", "r.value > -1.5", ")", 10))
	f.Add(nest("n > 0 ? 1 : (", "-5", ")", 25))
	f.Add(`"""a
b""" + '''c'''+ r'\d' + b"\x00" + "\u00e9" == "é" && x.?y.z[?0] != optional.none()`)
	env, p := realPratt(f)
	f.Fuzz(func(t *testing.T, text string) {
		if knownRB.MatchString(text) {
			return // TestPrattRawBytesPrefix
		}
		if d := p.Disagreement(env, text); d != "" {
			t.Fatal(d[:min(len(d), 2000)])
		}
	})
}

// TestPrattRawBytesPrefix: ANTLR's grammar reads bytes as b/B then a
// string (which may be raw: br"…"); "rb" is not a prefix it knows.
func TestPrattRawBytesPrefix(t *testing.T) {
	env, p := realPratt(t)
	for _, text := range []string{`rb"0"`, `rB"0"`, `Rb'0'`, `RB"""0"""`, `br"0"`, `bR"0"`, `size(rb"\d") == 2`} {
		_, iss := env.Parse(text)
		t.Logf("%q: fast=%v antlrErr=%v", text, p.Fast(text), iss.Err())
		if d := p.Disagreement(env, text); d != "" {
			t.Error(d)
		}
	}
}

var knownRB = regexp.MustCompile(`[rR][bB]["']`)

// TestPrattLexEdges: escapes, prefixes, numbers and reserved words.
func TestPrattLexEdges(t *testing.T) {
	env, p := realPratt(t)
	texts := []string{
		`"\x41\X41\101\u0041\U00000041\a\b\f\n\r\t\v\\\?\` + "`" + `\"\'"`, `"\q"`, `"\400"`, `"\377"`, `b"\377"`, `"\uD800"`, `"\U00110000"`, `b"\u0041"`,
		`'\''`, `"""a"b""c"""`, `'''a''b'''`, `"""\""""`, `r"\"`, `r"\\"`, `R'\'`, `r"""\"""`, `br'\'`, `"a
b"`, "\"a\rb\"", `"""a` + "\r\n" + `b"""`, "\"\x00\"", "\"\u2028\"",
		`01`, `00`, `0x`, `0xgu`, `1u`, `1U`, `0x1u`, `0XFFU`, `1e5`, `1E+5`, `1e-5`, `1.e5`, `1.5e5u`, `.5e1`, `1..2`, `1.2.3`, `9223372036854775807`, `9223372036854775808`,
		`18446744073709551615u`, `18446744073709551616u`, `-9223372036854775808`, `1e400`, `-1e400`, `1e-400`, `0.1e1`, `5.u`, `5.e`,
		`as`, `x.as`, `x.in`, `{as: 1}`, `contest{as: 1}`, `in`, `x.true`, `null.x`, `x.null`, `true.f()`, `x.if()`, `loop`, `a.namespace`,
		`f()`, `x.f()`, `.f()`, `x[?0]`, `x.?y`, `[?x]`, `{?1: x}`, `contest{?participants: optional.none()}`, `x.?y.?z`, `x[?0][?1]`, `x?.y`, `x ? y : z ? a : b`,
		`has(x)`, `has(x.y)`, `has(x.y.z)`, `has(x[0])`, `has(x.?y)`, `x.has(y)`, `recs.exists(r.x, true)`, `recs.map(r, r, r)`, `recs.map(r, r > 0, r)`, `recs.all(r)`, `[1].exists_one(x, x == 1)`,
		`recs.filter(r, r.value > 0).map(r, r.value).exists(v, v > 0)`, `[[1]].all(l, l.all(x, x > 0))`, `{'a': 1}.all(k, k == 'a')`, `x.exists(x, x)`,
		`!!true`, `!-1`, `-!1`, `--1`, `- -1`, `-(-1)`, `-1 - -1`, `1--1`, `1 - - 1`, `-x.y`, `-x[0]`, `-f(1)`, `-1.5.f()`, `-1[0]`, `-0x8000000000000000`, `-0x7FFFFFFFFFFFFFFF`,
		`-1u`, `-1e5`, `-0.0`, `-0`, `- 0`, `-00`, `-01.5`,
		"a\fb", "a\vb", "a\u00a0b", "1 +\t2", "(1\n+\n2)\n", "\n\n\nx", "x\r\ny", "x\ry",
		`contest{participants: 1, value: 2.5}`, `.contest{participants: 1}`, `a.b.c{}`, `a{}`, `x.y{}`, `contest{}.participants`, `contest{participants: 1,}`,
		`f(1,)`, `x.f(1,)`, `[,]`, `{,}`, `()`, `(1,2)`, `1 ? 2 : 3 ? 4 : 5`, `1 ? 2 ? 3 : 4 : 5`, `1 < 2 < 3`, `1 == 2 == 3`, `1 in [1] in [true]`,
		`a && b || c && d`, `a || b && c || d`, `a && (b || c)`, `!a && !b`, `a == b && c != d || e < f && g >= h`,
	}
	for _, text := range texts {
		if d := p.Disagreement(env, text); d != "" {
			t.Error(d[:min(len(d), 600)])
		}
	}
}

// TestPrattRandomNesting: random expressions that nest every construct
// around the depth limit read the same with both parsers (or the Pratt
// parser refuses them).
func TestPrattRandomNesting(t *testing.T) {
	env, p := realPratt(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var gen func(d int) string
	leaves := []string{"x", "1", "-2", "2.5", `"s"`, "n", "rec.value", "true", "-0.5", "r", "[]", "{}", "recs"}
	gen = func(d int) string {
		if d <= 0 || rng.IntN(12) == 0 {
			return leaves[rng.IntN(len(leaves))]
		}
		switch rng.IntN(24) {
		case 0:
			return "(" + gen(d-1) + ")"
		case 1:
			return "[" + gen(d-1) + "]"
		case 2:
			return "[" + gen(d-1) + ", " + gen(d-1) + "]"
		case 3:
			return "f(" + gen(d-1) + ")"
		case 4:
			return gen(d-1) + "[" + gen(d-1) + "]"
		case 5:
			return gen(d-1) + ".a"
		case 6:
			return gen(d-1) + ".g(" + gen(d-1) + ")"
		case 7:
			return gen(d-1) + " + " + gen(d-1)
		case 8:
			return gen(d-1) + " * " + gen(d-1)
		case 9:
			return gen(d-1) + " < " + gen(d-1)
		case 10:
			return gen(d-1) + " && " + gen(d-1)
		case 11:
			return gen(d-1) + " || " + gen(d-1)
		case 12:
			return gen(d-1) + " ? " + gen(d-1) + " : " + gen(d-1)
		case 13:
			return "-" + gen(d-1)
		case 14:
			return "!" + gen(d-1)
		case 15:
			return "{" + gen(d-1) + ": " + gen(d-1) + "}"
		case 16:
			return "recs.exists(r, " + gen(d-1) + ")"
		case 17:
			return gen(d-1) + ".map(r, " + gen(d-1) + ")"
		case 18:
			return "has(" + gen(d-1) + ".a)"
		case 19:
			return gen(d-1) + ".?a"
		case 20:
			return gen(d-1) + "[?" + gen(d-1) + "]"
		case 21:
			return "contest{participants: " + gen(d-1) + "}"
		case 22:
			return gen(d-1) + " in " + gen(d-1)
		}
		return gen(d-1) + " - " + gen(d-1)
	}
	fast, n := 0, 0
	for i := 0; i < 3000; i++ {
		d := 4 + rng.IntN(60)
		var text string
		// a spine: one deep path with short branches
		text = gen(3)
		for j := 0; j < d; j++ {
			switch rng.IntN(10) {
			case 0:
				text = "(" + text + ")"
			case 1:
				text = "[" + text + "]"
			case 2:
				text = "f(" + text + ")"
			case 3:
				text = text + ".a"
			case 4:
				text = text + " + " + gen(1)
			case 5:
				text = gen(1) + " - (" + text + ")"
			case 6:
				text = "x[" + text + "]"
			case 7:
				text = "n > 0 ? 1 : " + text
			case 8:
				text = "recs.exists(r, " + text + ")"
			default:
				text = gen(2) + " && " + text
			}
		}
		if i%3 == 0 {
			text = gen(8)
		}
		if len([]rune(text)) > 4096 {
			continue
		}
		n++
		if p.Fast(text) {
			fast++
		}
		if d := p.Disagreement(env, text); d != "" {
			t.Fatal(d[:min(len(d), 1500)])
		}
	}
	t.Logf("%d texts, %d fast", n, fast)
}

// TestPrattSizeLimit: at 4096 code points, ASCII or not, both parsers
// draw the line at the same place.
func TestPrattSizeLimit(t *testing.T) {
	env, p := realPratt(t)
	for _, n := range []int{4093, 4094, 4095, 4096, 4097} {
		for _, fill := range []string{"a", "党", "😀"} {
			text := `"` + strings.Repeat(fill, n-2) + `"`
			_, iss := env.Parse(text)
			if p.Fast(text) != (iss.Err() == nil) {
				t.Errorf("%d %q: fast %v, ANTLR's error %v", n, fill, p.Fast(text), iss.Err())
			}
			if d := p.Disagreement(env, text); d != "" {
				t.Error(d[:200])
			}
		}
		text := strings.Repeat("1+", (n-1)/2) + "1"
		if d := p.Disagreement(env, text); d != "" {
			t.Error(d[:200])
		}
	}
}

// FuzzCompileAgreesWithANTLR: the whole of Compile (percentages, parse,
// check, unify, prepare, offsets mapped back) gives the same AST or the
// same issues (offsets and texts) with the Pratt parser as without.
func FuzzCompileAgreesWithANTLR(f *testing.F) {
	for _, s := range prattEdges {
		f.Add(s)
	}
	f.Add(`x * 12.5% + n > 0 ? "党" : 1`)
	f.Add(`recs.map(r, r.value * 20%).exists(v, v >= 1.5e2 || v < -1)`)
	f.Add(`[1, 2.5][0] == 1 && {"a": 1, "b": 2.5}["a"] > -0.5`)
	env, p := realPratt(f)
	f.Fuzz(func(t *testing.T, text string) {
		if knownRB.MatchString(text) {
			return
		}
		a1, is1 := p.Compile(env, text)
		a2, is2 := (*Parser)(nil).Compile(env, text)
		if (a1 == nil) != (a2 == nil) || len(is1) != len(is2) {
			t.Fatalf("%q: pratt %v %v, antlr %v %v", text, a1 != nil, is1, a2 != nil, is2)
		}
		for i := range is1 {
			if is1[i].Offset != is2[i].Offset || is1[i].Message() != is2[i].Message() {
				t.Fatalf("%q: issue %d: %d %q vs %d %q", text, i, is1[i].Offset, is1[i].Message(), is2[i].Offset, is2[i].Message())
			}
		}
		if a1 != nil {
			if d1, d2 := dumpChecked(a1.NativeRep()), dumpChecked(a2.NativeRep()); d1 != d2 {
				t.Fatalf("%q: checked ASTs differ:\n%s\nvs\n%s", text, d1, d2)
			}
		}
	})
}

// dumpChecked renders a checked AST: every node (id, kind, name or
// literal), its offsets, type and reference.
func dumpChecked(a *celast.AST) string {
	var b strings.Builder
	info := a.SourceInfo()
	v := celast.NewExprVisitor(func(e celast.Expr) {
		r, _ := info.GetOffsetRange(e.ID())
		fmt.Fprintf(&b, "%d k%d [%d,%d) ", e.ID(), e.Kind(), r.Start, r.Stop)
		switch e.Kind() {
		case celast.IdentKind:
			b.WriteString(e.AsIdent())
		case celast.LiteralKind:
			fmt.Fprintf(&b, "%T %v", e.AsLiteral(), e.AsLiteral())
		case celast.CallKind:
			b.WriteString(e.AsCall().FunctionName())
		case celast.SelectKind:
			b.WriteString(e.AsSelect().FieldName())
		case celast.ComprehensionKind:
			b.WriteString(e.AsComprehension().IterVar())
		}
		if t, ok := a.TypeMap()[e.ID()]; ok {
			b.WriteString(" : " + t.String())
		}
		if ref, ok := a.ReferenceMap()[e.ID()]; ok {
			fmt.Fprintf(&b, " ref %s %v %v", ref.Name, ref.OverloadIDs, ref.Value)
		}
		b.WriteString("\n")
	})
	celast.PreOrderVisit(a.Expr(), v)
	return b.String()
}

package celdec

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/parser"
	exprpb "google.golang.org/genproto/googleapis/api/expr/v1alpha1"
	"google.golang.org/protobuf/encoding/prototext"
)

// Parser parses expressions for an environment with cel-go's Pratt parser,
// falling back to the environment's own (ANTLR) parser on any error.
//
// ANTLR's parser was about a third of compiling a scheme with long
// comprehensions (qianjiang-2017); the Pratt parser gives the same AST
// (the same expression ids, offsets, line offsets and macro calls) in a
// fraction of the time. Only where it succeeds is its AST used: any error
// it reports sends the text to env.Parse, so every diagnostic keeps its
// text and position. TestPrattAgreesWithANTLR holds the two to each other
// on every expression of the built-in schemes, the examples and the test
// corpora, FuzzPrattAgreesWithANTLR on arbitrary text.
type Parser struct {
	pratt *parser.Parser
}

// NewParser returns a Parser for env, an environment built with Options
// and the parser limits given (cel.ParserExpressionSizeLimit(size),
// cel.ParserRecursionLimit(depth)). The Pratt parser takes the options
// cel.Env gives its own parser: env's macros, optional syntax (Options
// declares optional types) and the size limit.
//
// The two parsers measure nesting differently. ANTLR's counts, for each
// rule of its grammar, how deeply contexts of that rule nest: along a path
// of the parse tree, once for each level (the whole expression, and each
// parenthesis, argument, element, index and conditional's else branch
// opens one) plus once for each operator of a chain of that rule (+ - * /
// %, comparisons, selections, member calls, indexes). The Pratt parser
// bounds, separately, the levels (recursionDepth, which does not count
// the whole expression's: one less) and the chain (lastParsedDepth: binary
// operators, conditionals, selections, member calls and indexes along a
// path). Held to k = (depth−2)/2, the levels are at most k+1 and the chain
// k, so ANTLR's count is at most 2k+1 < depth: whatever the Pratt parser
// accepts, ANTLR's accepts too (TestPrattDepths tries the edges). What
// nests deeper is parsed by ANTLR's parser.
func NewParser(env *cel.Env, size, depth int) (*Parser, error) {
	if depth < 4 {
		return &Parser{}, nil // too shallow for the bound below: ANTLR's alone
	}
	p, err := parser.NewParser(
		parser.EnableOptionalSyntax(true),
		parser.Macros(env.Macros()...),
		parser.ExpressionSizeCodePointLimit(size),
		parser.MaxRecursionDepth((depth-2)/2),
		parser.EnablePrattParser(true),
	)
	if err != nil {
		return nil, err
	}
	return &Parser{pratt: p}, nil
}

// Parse parses text as env.Parse(text) would; env is the environment the
// Parser was made for or one extended from it (Extend keeps the parser's
// options).
func (p *Parser) Parse(env *cel.Env, text string) (*cel.Ast, *cel.Issues) {
	if f := observer.Load(); f != nil {
		(*f)(p, env, text)
	}
	if p != nil {
		if a := p.parsePratt(text); a != nil {
			return a, nil
		}
	}
	return env.Parse(text)
}

// parsePratt returns text's AST as the Pratt parser gives it, nil on any
// error.
func (p *Parser) parsePratt(text string) *cel.Ast {
	if p.pratt == nil || !prattLexes(text) {
		return nil
	}
	src := common.NewTextSource(text)
	native, errs := p.pratt.Parse(src)
	if native == nil || len(errs.GetErrors()) > 0 || !antlrStops(native, text) {
		return nil
	}
	// cel.Env has no constructor of an Ast from a native one: an empty
	// parsed expression gives an Ast with the source, which then takes the
	// native AST.
	a := cel.ParsedExprToAstWithSource(&exprpb.ParsedExpr{}, src)
	*a.NativeRep() = *native
	return a
}

// prattLexes reports false for text where the two parsers part in ways
// FuzzPrattAgreesWithANTLR found: 0X1 (ANTLR takes only 0x as the prefix
// of a hexadecimal number), and a name with a leading dot (.x, placed at
// the name by ANTLR, at the dot by the Pratt parser, also where it names a
// macro's variable, which leaves no node to see it by) — any dot not after
// an operand, in strings too; and any text with a comment.
func prattLexes(text string) bool {
	if strings.Contains(text, "0X") || strings.Contains(text, "//") {
		return false // "//": a comment could hide what is before a dot
	}
	// A string opened right after a letter, digit or underscore has a
	// prefix (b"", r"", br"", and rb"", which the Pratt lexer reads as raw
	// bytes and CEL's grammar refuses): every prefixed string goes to
	// ANTLR's lexer, as does a string left open.
	for i := 0; i < len(text); i++ {
		q := text[i]
		if q != '"' && q != '\'' {
			continue
		}
		if i > 0 {
			if p := text[i-1]; p == '_' || 'a' <= p && p <= 'z' || 'A' <= p && p <= 'Z' || '0' <= p && p <= '9' {
				return false
			}
		}
		end := stringEnd(text, i)
		if end < 0 {
			return false
		}
		i = end
	}
	for i := strings.IndexByte(text, '.'); i >= 0; {
		j := i - 1
		for j >= 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r' || text[j] == '\f') {
			j--
		}
		if j < 0 || strings.IndexByte("([{,:?!-+*/%<>=&|", text[j]) >= 0 {
			return false
		}
		k := strings.IndexByte(text[i+1:], '.')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return true
}

// stringEnd returns the index of the last quote of the unprefixed string
// literal opened at text[i] (one quote or three), -1 when it is not closed.
func stringEnd(text string, i int) int {
	q := text[i]
	delim := 1
	if i+2 < len(text) && text[i+1] == q && text[i+2] == q {
		delim = 3
	}
	for j := i + delim; j < len(text); j++ {
		switch {
		case text[j] == '\\':
			j++ // the escaped character
		case text[j] == q && (delim == 1 || j+2 < len(text) && text[j+1] == q && text[j+2] == q):
			return j + delim - 1
		}
	}
	return -1
}

// antlrStops gives a's offset ranges the ends ANTLR's parser gives them,
// and reports false where it cannot say for sure (the text is then parsed
// again with ANTLR's). The two parsers place every node at the same start;
// ANTLR ends a node at its start plus the length in bytes of its tokens'
// text, the Pratt parser at the end of its token in code points: they
// differ where a token (a string, an escaped name) is not ASCII. A
// negative number literal (-5, - 0.5) ANTLR ends after the number; the
// Pratt parser places it at its '-' alone.
func antlrStops(a *celast.AST, text string) bool {
	info := a.SourceInfo()
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			ascii = false
			break
		}
	}
	var src []rune
	if !ascii {
		src = []rune(text)
	}
	at := func(i int32) rune {
		if src != nil {
			return src[i]
		}
		return rune(text[i])
	}
	n := int32(len(text))
	if src != nil {
		n = int32(len(src))
	}
	ok := true
	negative := func(e celast.Expr) {
		if !ok {
			return
		}
		if e.Kind() == celast.IdentKind {
			// ANTLR places a name with a leading dot (.x) at the name,
			// the Pratt parser at the dot.
			if r, found := info.GetOffsetRange(e.ID()); !found || r.Start < 0 || r.Start >= n || at(r.Start) == '.' {
				ok = false
			}
			return
		}
		if e.Kind() != celast.LiteralKind {
			return
		}
		r, found := info.GetOffsetRange(e.ID())
		if !found || r.Start < 0 || r.Stop != r.Start+1 || r.Stop > n || at(r.Start) != '-' {
			return
		}
		// The number follows the '-' at once (otherwise: ANTLR's parser).
		end := numberEnd(at, r.Stop, n)
		if end == r.Stop {
			ok = false
			return
		}
		info.SetOffsetRange(e.ID(), celast.OffsetRange{Start: r.Start, Stop: end})
	}
	v := celast.NewExprVisitor(negative)
	celast.PostOrderVisit(a.Expr(), v)
	for _, m := range info.MacroCalls() {
		celast.PostOrderVisit(m, v)
	}
	if !ok {
		return false
	}
	if src != nil {
		for id, r := range info.OffsetRanges() {
			if r.Start < 0 || r.Stop <= r.Start || r.Stop > n {
				continue
			}
			bytes := int32(0)
			for _, c := range src[r.Start:r.Stop] {
				bytes += int32(utf8.RuneLen(c))
			}
			if bytes != r.Stop-r.Start {
				info.SetOffsetRange(id, celast.OffsetRange{Start: r.Start, Stop: r.Start + bytes})
			}
		}
	}
	return true
}

// numberEnd returns where the number literal that starts at i ends: a
// decimal int (digits), a hexadecimal one (0x and hex digits) or a double
// (digits, a point and digits, an exponent); i when none starts there.
func numberEnd(at func(int32) rune, i, n int32) int32 {
	digits := func(i int32, hex bool) int32 {
		for i < n {
			c := at(i)
			if !('0' <= c && c <= '9' || hex && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
				break
			}
			i++
		}
		return i
	}
	if i+1 < n && at(i) == '0' && (at(i+1) == 'x' || at(i+1) == 'X') {
		if j := digits(i+2, true); j > i+2 {
			return j
		}
		return i
	}
	j := digits(i, false)
	if j == i {
		return i // .5 and the like: ANTLR's parser decides
	}
	if j+1 < n && at(j) == '.' {
		if k := digits(j+1, false); k > j+1 {
			j = k
		}
	}
	if j < n && (at(j) == 'e' || at(j) == 'E') {
		k := j + 1
		if k < n && (at(k) == '+' || at(k) == '-') {
			k++
		}
		if m := digits(k, false); m > k {
			j = m
		}
	}
	return j
}

// Fast reports whether the Pratt parser's reading of text is used (and
// not env's parser's).
func (p *Parser) Fast(text string) bool { return p.parsePratt(text) != nil }

// Disagreement says how the Pratt parser's reading of text differs from
// env's parser's: "" when the Pratt parser refuses text (it is parsed
// again with env's) or gives the same AST — the same expression (ids,
// kinds, names, literals), offset ranges, line offsets, macro calls and
// the rest of the source info. For the tests that hold the two parsers to
// each other.
func (p *Parser) Disagreement(env *cel.Env, text string) string {
	pratt := p.parsePratt(text)
	if pratt == nil {
		return ""
	}
	antlr, iss := env.Parse(text)
	if iss.Err() != nil {
		return fmt.Sprintf("%q: the Pratt parser accepts what env's refuses (%v)", text, iss.Err())
	}
	if d := astDiff(pratt.NativeRep(), antlr.NativeRep()); d != "" {
		return fmt.Sprintf("%q: the Pratt parser's AST differs: %s", text, d)
	}
	return ""
}

func astDiff(a, b *celast.AST) string {
	if d := exprDiff(a.Expr(), b.Expr()); d != "" {
		return "expr: " + d
	}
	ia, ib := a.SourceInfo(), b.SourceInfo()
	if !maps.Equal(ia.OffsetRanges(), ib.OffsetRanges()) {
		return fmt.Sprintf("offset ranges: %v vs %v", ia.OffsetRanges(), ib.OffsetRanges())
	}
	if !slices.Equal(ia.LineOffsets(), ib.LineOffsets()) {
		return fmt.Sprintf("line offsets: %v vs %v", ia.LineOffsets(), ib.LineOffsets())
	}
	if ia.SyntaxVersion() != ib.SyntaxVersion() || ia.Description() != ib.Description() ||
		len(ia.Extensions()) != len(ib.Extensions()) || a.IsChecked() || b.IsChecked() {
		return "syntax version, description, extensions or checked"
	}
	ma, mb := ia.MacroCalls(), ib.MacroCalls()
	if len(ma) != len(mb) {
		return fmt.Sprintf("%d macro calls vs %d", len(ma), len(mb))
	}
	for id, m := range ma {
		n, ok := mb[id]
		if !ok {
			return fmt.Sprintf("macro call %d only in one", id)
		}
		if d := exprDiff(m, n); d != "" {
			return fmt.Sprintf("macro call %d: %s", id, d)
		}
	}
	return ""
}

// exprDiff compares two expressions by their protobuf text, which has
// every id, kind, name and literal (with its type).
func exprDiff(a, b celast.Expr) string {
	pa, err := celast.ExprToProto(a)
	if err != nil {
		return err.Error()
	}
	pb, err := celast.ExprToProto(b)
	if err != nil {
		return err.Error()
	}
	if ta, tb := prototext.Format(pa), prototext.Format(pb); ta != tb {
		return ta + "\n  vs\n" + tb
	}
	return ""
}

// observer, when set, is told each text a Parser parses.
var observer atomic.Pointer[func(p *Parser, env *cel.Env, text string)]

// ObserveParses has f told each text a Parser parses (after percentages
// are rewritten), with the Parser and environment, instead of the observer
// before, until stop puts that back: for tests that collect the
// expressions of a corpus.
func ObserveParses(f func(p *Parser, env *cel.Env, text string)) (stop func()) {
	prev := observer.Swap(&f)
	return func() { observer.Store(prev) }
}

package celdec

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"

	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/internal/msg"
)

// Issue is a problem found in a checked expression. Offset counts code
// points from the start of the expression's source. Text is the message as
// its format and arguments, rendered in English by Message and in another
// language through a catalog (scheme's, which has an entry for every
// format written here); a message of CEL's parser or checker is the one
// argument of "%s".
type Issue struct {
	Offset int32
	Text   msg.Text
}

// Message returns the issue's message in English.
func (is Issue) Message() string { return is.Text.String() }

// Prepare validates a checked expression and rewrites it in place so that
// every number stays exact at run time:
//   - a double literal becomes a decimal read from its source text;
//   - any other double-typed value (a double input, double(x), …) is an issue;
//   - an int operand of an operator whose other operand is a decimal becomes
//     a decimal (a literal, or dec(x));
//   - '/' with a decimal operand becomes the scheme's exact division, and
//     '/' between two ints (which truncates) is an issue;
//   - dec("…") and date("…") of a literal are folded, and a bad literal is
//     an issue at its position;
//   - the pattern of matches() must be a string literal, a valid RE2
//     regular expression of at most MaxPatternLen bytes whose program has at
//     most MaxRegexProgramSize instructions.
//
// src is the expression's source exactly as it was parsed.
func Prepare(a *celast.AST, src string) []Issue {
	p := &preparer{a: a, src: []rune(src), fac: celast.NewExprFactory()}
	p.nextID = maxID(a.Expr()) + 1
	p.walk(a.Expr())
	return p.issues
}

// ResultIsDecimal reports whether a prepared expression yields a decimal at
// run time (a decimal, or a double that Prepare made exact).
func ResultIsDecimal(t *types.Type) bool {
	return t.IsExactType(Type) || t.Kind() == types.DoubleKind
}

type preparer struct {
	a      *celast.AST
	src    []rune
	fac    celast.ExprFactory
	nextID int64
	issues []Issue
}

func (p *preparer) offset(id int64) int32 {
	r, ok := p.a.SourceInfo().GetOffsetRange(id)
	if !ok || r.Start < 0 || int(r.Start) >= len(p.src) {
		return 0
	}
	// CEL places a call at its '('; point at the function's name instead.
	start := r.Start
	if p.src[start] == '(' {
		for start > 0 && p.src[start-1] == ' ' {
			start--
		}
		for start > 0 && isIdentRune(p.src[start-1]) {
			start--
		}
	}
	return start
}

func (p *preparer) issue(id int64, format string, args ...any) {
	p.issues = append(p.issues, Issue{Offset: p.offset(id), Text: msg.New(format, args...)})
}

func (p *preparer) typeOf(e celast.Expr) *types.Type { return p.a.GetType(e.ID()) }

func isDouble(t *types.Type) bool { return t != nil && t.Kind() == types.DoubleKind }
func isInt(t *types.Type) bool    { return t != nil && t.Kind() == types.IntKind }
func isDec(t *types.Type) bool    { return t != nil && (t.IsExactType(Type) || isDouble(t)) }

var arithmetic = map[string]bool{
	operators.Add: true, operators.Subtract: true, operators.Multiply: true,
	operators.Divide: true, operators.Negate: true,
}

var numericOps = map[string]bool{
	operators.Add: true, operators.Subtract: true, operators.Multiply: true,
	operators.Divide: true, operators.Less: true, operators.LessEquals: true,
	operators.Greater: true, operators.GreaterEquals: true,
	operators.Equals: true, operators.NotEquals: true,
}

func (p *preparer) walk(e celast.Expr) {
	switch e.Kind() {
	case celast.LiteralKind:
		if d, ok := e.AsLiteral().(types.Double); ok {
			p.literalToDecimal(e, d)
		}
		return
	case celast.CallKind:
		c := e.AsCall()
		if c.IsMemberFunction() {
			p.walk(c.Target())
		}
		for _, arg := range c.Args() {
			p.walk(arg)
		}
		p.call(e, c)
	case celast.SelectKind:
		p.walk(e.AsSelect().Operand())
	case celast.ListKind:
		for _, el := range e.AsList().Elements() {
			p.walk(el)
		}
	case celast.MapKind:
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			p.walk(me.Key())
			p.walk(me.Value())
		}
	case celast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			p.walk(f.AsStructField().Value())
		}
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		p.walk(c.IterRange())
		p.walk(c.AccuInit())
		p.walk(c.LoopCondition())
		p.walk(c.LoopStep())
		p.walk(c.Result())
	}
	if isDouble(p.typeOf(e)) && !(e.Kind() == celast.CallKind && arithmetic[e.AsCall().FunctionName()]) {
		p.issue(e.ID(), "floating-point (double) values are not allowed: numbers in rules are exact decimals; declare the input as decimal or write dec(\"…\")")
	}
}

func (p *preparer) literalToDecimal(e celast.Expr, d types.Double) {
	text := p.literalText(e.ID())
	v, err := ParseDecimal(text)
	if err != nil {
		p.issue(e.ID(), "write decimal numbers in plain notation (digits and a point, e.g. 0.05), not '%s'", text)
		return
	}
	if (d < 0) != v.IsNegative() && !v.IsZero() {
		v = v.Neg()
	}
	e.SetKindCase(p.fac.NewLiteral(e.ID(), New(v)))
	p.a.SetType(e.ID(), Type)
}

func (p *preparer) literalText(id int64) string {
	r, ok := p.a.SourceInfo().GetOffsetRange(id)
	if !ok || r.Start < 0 || int(r.Stop) > len(p.src) || r.Start >= r.Stop {
		return ""
	}
	return strings.TrimSpace(string(p.src[r.Start:r.Stop]))
}

func (p *preparer) call(e celast.Expr, c celast.CallExpr) {
	fn := c.FunctionName()
	args := c.Args()
	switch {
	case fn == FnDec && len(args) == 1 && !c.IsMemberFunction():
		p.foldDec(e, args[0])
		return
	case fn == FnDate && len(args) == 1 && !c.IsMemberFunction():
		p.foldDate(e, args[0])
		return
	case fn == overloads.Matches:
		if len(args) > 0 {
			p.checkPattern(args[len(args)-1])
		}
		return
	case fn == operators.Negate && len(args) == 1 && args[0].Kind() == celast.LiteralKind:
		if d, ok := args[0].AsLiteral().(Decimal); ok {
			e.SetKindCase(p.fac.NewLiteral(e.ID(), Neg(d)))
			p.a.SetType(e.ID(), Type)
		}
		return
	case !numericOps[fn] || len(args) != 2:
		return
	}
	l, r := p.typeOf(args[0]), p.typeOf(args[1])
	if fn == operators.Divide && isInt(l) && isInt(r) {
		p.issue(e.ID(), "integer division truncates (7 / 2 is 3): write dec(a) / b for an exact quotient, or div(a, b, scale)")
		return
	}
	if !isDec(l) && !isDec(r) {
		return
	}
	for i, arg := range args {
		if isInt(p.typeOf(arg)) {
			args[i] = p.toDecimal(arg)
		}
	}
	if fn == operators.Divide {
		e.SetKindCase(p.fac.NewCall(e.ID(), DivFunction, args...))
	}
	if arithmetic[fn] {
		p.a.SetType(e.ID(), Type)
	}
}

// toDecimal turns an int operand into a decimal one.
func (p *preparer) toDecimal(arg celast.Expr) celast.Expr {
	if arg.Kind() == celast.LiteralKind {
		if i, ok := arg.AsLiteral().(types.Int); ok {
			lit := p.fac.NewLiteral(arg.ID(), decOf(i))
			p.a.SetType(arg.ID(), Type)
			return lit
		}
	}
	id := p.nextID
	p.nextID++
	p.a.SetType(id, Type)
	return p.fac.NewCall(id, FnDec, arg)
}

// MaxPatternLen is the longest regular expression matches() accepts, in
// bytes.
const MaxPatternLen = 256

// MaxRegexProgramSize bounds the instructions of a compiled pattern: the
// time matches() takes grows with the text times this size, whatever the
// pattern's length ("[^x]{500}" is 10 bytes and 500 instructions).
const MaxRegexProgramSize = 500

// checkPattern checks the pattern argument of matches().
func (p *preparer) checkPattern(arg celast.Expr) {
	s, ok := stringLiteral(arg)
	if !ok {
		p.issue(arg.ID(), "matches: the pattern must be a string literal, so that it is checked and bounded when the scheme compiles")
		return
	}
	if len(s) > MaxPatternLen {
		p.issue(arg.ID(), "matches: a pattern of %d bytes; at most %d", len(s), MaxPatternLen)
		return
	}
	if _, err := regexp.Compile(s); err != nil {
		// regexp/syntax's error reads "error parsing regexp: CODE: `EXPR`":
		// the code is a fixed phrase (a word of the catalog).
		var se *syntax.Error
		if errors.As(err, &se) {
			p.issue(arg.ID(), "matches: invalid regular expression: %s: `%s`", string(se.Code), se.Expr)
		} else {
			p.issue(arg.ID(), "matches: invalid regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		return
	}
	if n, err := RegexProgramSize(s); err == nil && n > MaxRegexProgramSize {
		p.issue(arg.ID(), "matches: the pattern compiles to %d instructions; at most %d (a counted repeat such as {100} copies what it repeats)", n, MaxRegexProgramSize)
	}
}

// RegexProgramSize returns the instructions of a pattern's compiled
// program, the measure of the work matching takes per character of text.
func RegexProgramSize(pattern string) (int, error) { return types.RegexProgramSize(pattern) }

func stringLiteral(e celast.Expr) (string, bool) {
	if e.Kind() != celast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}

func (p *preparer) foldDec(e, arg celast.Expr) {
	if arg.Kind() != celast.LiteralKind {
		return
	}
	var v ref.Val
	switch x := arg.AsLiteral().(type) {
	case types.String:
		d, err := ParseDecimal(string(x))
		if err != nil {
			p.issue(arg.ID(), "dec: %v: write digits with an optional sign and point, e.g. dec(\"1.05\")", err)
			return
		}
		v = New(d)
	case types.Int, Decimal:
		v = decOf(x)
	default:
		return
	}
	e.SetKindCase(p.fac.NewLiteral(e.ID(), v))
	p.a.SetType(e.ID(), Type)
}

func (p *preparer) foldDate(e, arg celast.Expr) {
	if arg.Kind() != celast.LiteralKind {
		return
	}
	s, ok := arg.AsLiteral().(types.String)
	if !ok {
		return
	}
	t, err := ParseDate(string(s))
	if err != nil {
		p.issue(arg.ID(), "date: %v", err)
		return
	}
	e.SetKindCase(p.fac.NewLiteral(e.ID(), types.Timestamp{Time: t}))
}

func maxID(e celast.Expr) int64 {
	max := e.ID()
	forEachChild(e, func(x celast.Expr) {
		if m := maxID(x); m > max {
			max = m
		}
	})
	return max
}

func isIdentRune(r rune) bool {
	return r == '_' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

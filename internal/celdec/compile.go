package celdec

import (
	"regexp"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"github.com/branchscore/branchscore/internal/msg"
)

// Compile parses, checks and prepares one expression in env. Every problem
// comes back as an Issue at its offset in src; the AST is nil when there is
// any. The AST's offset ranges are offsets in src.
//
// Before parsing, each percentage literal (12.5%) becomes the decimal it
// stands for (0.125). Before checking, each literal with a point becomes a
// decimal, and an int literal beside a decimal in a conditional, a list or
// a map becomes a decimal too, so that `x > 0 ? 0 : 1.5` and `[1, 2.5]`
// have one numeric type. Where the checker still finds an int beside a
// decimal (an equality, a conditional, 'in', a list or map literal), the
// int side is wrapped in dec() and the expression checked again.
func Compile(env *cel.Env, src string) (*cel.Ast, []Issue) {
	return (*Parser)(nil).Compile(env, src)
}

// Compile is Compile, parsing with p (nil: env.Parse).
func (p *Parser) Compile(env *cel.Env, src string) (*cel.Ast, []Issue) {
	text, smap, issues := rewritePercent([]rune(src))
	if len(issues) > 0 {
		return nil, issues
	}
	parsed, iss := p.Parse(env, text)
	if iss.Err() != nil {
		return nil, smap.issues(toIssues(text, iss))
	}
	u := newUnifier(parsed.NativeRep())
	u.literals(parsed.NativeRep().Expr())
	var checked *cel.Ast
	for round := 0; ; round++ {
		checked, iss = env.Check(parsed)
		if iss.Err() != nil {
			if round < maxUnifyRounds && u.fixErrors(iss) {
				continue
			}
			return nil, smap.issues(toIssues(text, iss))
		}
		if round < maxUnifyRounds && u.fixAggregates(checked.NativeRep()) {
			continue
		}
		break
	}
	if issues := Prepare(checked.NativeRep(), text); len(issues) > 0 {
		return nil, smap.issues(issues)
	}
	if len(smap.orig) > 0 {
		info := checked.NativeRep().SourceInfo()
		for id, r := range info.OffsetRanges() {
			info.SetOffsetRange(id, celast.OffsetRange{Start: smap.offset(r.Start), Stop: smap.offset(r.Stop)})
		}
	}
	return checked, nil
}

// maxUnifyRounds bounds how often an expression is checked again after
// wrapping ints in dec(): each round fixes every complaint the checker
// made, so nesting is the only reason for another.
const maxUnifyRounds = 8

func toIssues(src string, iss *cel.Issues) []Issue {
	var out []Issue
	lines := lineStarts([]rune(src))
	for _, e := range iss.Errors() {
		off := int32(0)
		if l := e.Location.Line(); l >= 1 && l <= len(lines) {
			off = lines[l-1] + int32(max(e.Location.Column(), 0))
		}
		out = append(out, Issue{Offset: off, Text: msg.New("%s", e.Message)})
	}
	return out
}

// unifier gives the numbers of an expression one type where an int meets a
// decimal, by wrapping the int side in dec() in the parsed AST.
type unifier struct {
	a    *celast.AST
	fac  celast.ExprFactory
	next int64
}

func newUnifier(a *celast.AST) *unifier {
	return &unifier{a: a, fac: celast.NewExprFactory(), next: maxID(a.Expr()) + 1}
}

// wrap returns dec(e), placed where e is.
func (u *unifier) wrap(e celast.Expr) celast.Expr {
	id := u.next
	u.next++
	if r, ok := u.a.SourceInfo().GetOffsetRange(e.ID()); ok {
		u.a.SourceInfo().SetOffsetRange(id, r)
	}
	return u.fac.NewCall(id, FnDec, e)
}

func isIntLiteral(e celast.Expr) bool {
	if e.Kind() != celast.LiteralKind {
		return false
	}
	_, ok := e.AsLiteral().(types.Int)
	return ok
}

func isDoubleLiteral(e celast.Expr) bool {
	if e.Kind() != celast.LiteralKind {
		return false
	}
	_, ok := e.AsLiteral().(types.Double)
	return ok
}

// isDecCall reports dec(…), which every literal with a point becomes.
func isDecCall(e celast.Expr) bool {
	return e.Kind() == celast.CallKind && e.AsCall().FunctionName() == FnDec && !e.AsCall().IsMemberFunction()
}

// slot is a place in the AST that holds a number beside others: a branch
// of a conditional, an element of a list, the value of a map entry.
type slot struct {
	get func() celast.Expr
	set func(celast.Expr)
}

// siblings returns the slots of e whose values must share one type.
func (u *unifier) siblings(e celast.Expr) []slot {
	var out []slot
	switch e.Kind() {
	case celast.CallKind:
		c := e.AsCall()
		args := c.Args()
		if c.FunctionName() != operators.Conditional || len(args) != 3 {
			return nil
		}
		for i := 1; i <= 2; i++ {
			out = append(out, slot{func() celast.Expr { return args[i] }, func(x celast.Expr) { args[i] = x }})
		}
	case celast.ListKind:
		elems := e.AsList().Elements()
		for i := range elems {
			out = append(out, slot{func() celast.Expr { return elems[i] }, func(x celast.Expr) { elems[i] = x }})
		}
	case celast.MapKind:
		entries := e.AsMap().Entries()
		for i := range entries {
			me := entries[i].AsMapEntry()
			out = append(out, slot{me.Value, func(x celast.Expr) {
				entries[i] = u.fac.NewMapEntry(entries[i].ID(), me.Key(), x, me.IsOptional())
			}})
		}
	}
	return out
}

// args returns the slots of a call's arguments.
func args(e celast.Expr) []slot {
	if e.Kind() != celast.CallKind {
		return nil
	}
	as := e.AsCall().Args()
	out := make([]slot, len(as))
	for i := range as {
		out[i] = slot{func() celast.Expr { return as[i] }, func(x celast.Expr) { as[i] = x }}
	}
	return out
}

// literals makes every literal with a point a decimal, dec(1.5), and every
// int literal beside one (in a conditional's branches, a list's elements, a
// map's values) a decimal too. Types are not known yet: only literals are
// unified here; fixErrors and fixAggregates handle the rest.
func (u *unifier) literals(e celast.Expr) {
	forEachChild(e, u.literals)
	// A call's arguments, a list's elements and a map's values are
	// rewritten in place, in order, without building slots: most nodes
	// hold nothing to rewrite, and this runs on every node.
	switch e.Kind() {
	case celast.CallKind:
		if isDecCall(e) {
			return
		}
		as := e.AsCall().Args()
		for i := range as {
			if isDoubleLiteral(as[i]) {
				as[i] = u.wrap(as[i])
			}
		}
		if e.AsCall().FunctionName() != operators.Conditional || len(as) != 3 {
			return
		}
	case celast.ListKind:
		elems := e.AsList().Elements()
		for i := range elems {
			if isDoubleLiteral(elems[i]) {
				elems[i] = u.wrap(elems[i])
			}
		}
	case celast.MapKind:
		entries := e.AsMap().Entries()
		for i := range entries {
			if me := entries[i].AsMapEntry(); isDoubleLiteral(me.Value()) {
				entries[i] = u.fac.NewMapEntry(entries[i].ID(), me.Key(), u.wrap(me.Value()), me.IsOptional())
			}
		}
	default:
		return
	}
	sib := u.siblings(e)
	anyDec := false
	for _, s := range sib {
		anyDec = anyDec || isDecCall(s.get())
	}
	if !anyDec {
		return
	}
	for _, s := range sib {
		if isIntLiteral(s.get()) {
			s.set(u.wrap(s.get()))
		}
	}
}

// mixedOverload matches the checker's complaint about an int (or a double)
// beside a decimal where CEL's generic operators want one type: equality,
// a conditional's branches, 'in'.
var mixedOverload = regexp.MustCompile(`no matching overload for '(_==_|_!=_|_\?_:_|@in)' applied to '\((.*)\)'`)

// fixErrors wraps in dec() the int side of every equality, conditional and
// 'in' the checker refused for mixing int and decimal. It reports whether
// every error was of that kind and something changed.
func (u *unifier) fixErrors(iss *cel.Issues) bool {
	targets := map[int64]string{}
	for _, e := range iss.Errors() {
		m := mixedOverload.FindStringSubmatch(e.Message)
		if m == nil || !strings.Contains(m[2], TypeName) || !(strings.Contains(m[2], "int") || strings.Contains(m[2], "double")) {
			return false
		}
		targets[e.ExprID] = m[2]
	}
	changed := false
	var visit func(e celast.Expr)
	visit = func(e celast.Expr) {
		forEachChild(e, visit)
		sig, ok := targets[e.ID()]
		if !ok || e.Kind() != celast.CallKind {
			return
		}
		argTypes := splitTypes(sig)
		as := args(e)
		if len(argTypes) != len(as) {
			return
		}
		switch e.AsCall().FunctionName() {
		case operators.Equals, operators.NotEquals, operators.Conditional:
			for i, s := range as {
				if argTypes[i] == "int" || argTypes[i] == "double" {
					s.set(u.wrap(s.get()))
					changed = true
				}
			}
		case operators.In:
			switch {
			case argTypes[0] == "int" || argTypes[0] == "double":
				as[0].set(u.wrap(as[0].get())) // n in [1.5, 2]
				changed = true
			case argTypes[1] == "list(int)" && as[1].get().Kind() == celast.ListKind:
				for _, s := range u.siblings(as[1].get()) { // x in [1, 2]
					s.set(u.wrap(s.get()))
				}
				changed = true
			}
		}
	}
	visit(u.a.Expr())
	return changed
}

// splitTypes splits "bool, int, list(int)" at its top-level commas.
func splitTypes(sig string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range sig {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(sig[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(sig[start:]))
}

// fixAggregates wraps in dec() the int elements of each list literal, and
// the int values of each map literal, whose other elements are decimals:
// the checker gives such a literal the type list(dyn) without complaint.
// It reports whether anything changed.
func (u *unifier) fixAggregates(checked *celast.AST) bool {
	changed := false
	var visit func(e celast.Expr)
	visit = func(e celast.Expr) {
		forEachChild(e, visit)
		if e.Kind() != celast.ListKind && e.Kind() != celast.MapKind {
			return
		}
		sib := u.siblings(e)
		ints, decs := 0, 0
		for _, s := range sib {
			switch t := checked.GetType(s.get().ID()); {
			case t == nil:
				return
			case t.Kind() == types.IntKind:
				ints++
			case t.IsExactType(Type):
				decs++
			default:
				return // a mixed literal of other types stays dyn
			}
		}
		if ints == 0 || decs == 0 {
			return
		}
		for _, s := range sib {
			if checked.GetType(s.get().ID()).Kind() == types.IntKind {
				s.set(u.wrap(s.get()))
			}
		}
		changed = true
	}
	visit(u.a.Expr())
	return changed
}

// forEachChild calls f on each direct sub-expression of e.
func forEachChild(e celast.Expr, f func(celast.Expr)) {
	switch e.Kind() {
	case celast.CallKind:
		c := e.AsCall()
		if c.IsMemberFunction() {
			f(c.Target())
		}
		for _, a := range c.Args() {
			f(a)
		}
	case celast.SelectKind:
		f(e.AsSelect().Operand())
	case celast.ListKind:
		for _, el := range e.AsList().Elements() {
			f(el)
		}
	case celast.MapKind:
		for _, en := range e.AsMap().Entries() {
			f(en.AsMapEntry().Key())
			f(en.AsMapEntry().Value())
		}
	case celast.StructKind:
		for _, fl := range e.AsStruct().Fields() {
			f(fl.AsStructField().Value())
		}
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		for _, x := range []celast.Expr{c.IterRange(), c.AccuInit(), c.LoopCondition(), c.LoopStep(), c.Result()} {
			f(x)
		}
	}
}

func lineStarts(src []rune) []int32 {
	starts := []int32{0}
	for i, r := range src {
		if r == '\n' {
			starts = append(starts, int32(i+1))
		}
	}
	return starts
}

// Reads lists what an expression reads of the named variables, as "name"
// or "name.field" for a field selected from it, sorted and without
// repeats.
func Reads(a *celast.AST, vars map[string]bool) []string {
	set := map[string]bool{}
	var visit func(e celast.Expr)
	visit = func(e celast.Expr) {
		switch e.Kind() {
		case celast.SelectKind:
			sel := e.AsSelect()
			if op := sel.Operand(); op.Kind() == celast.IdentKind && vars[op.AsIdent()] {
				set[op.AsIdent()+"."+sel.FieldName()] = true
				return
			}
		case celast.IdentKind:
			if vars[e.AsIdent()] {
				set[e.AsIdent()] = true
			}
			return
		}
		forEachChild(e, visit)
	}
	visit(a.Expr())
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

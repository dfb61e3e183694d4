package celdec

import (
	"regexp"
	"sort"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
)

// mixedEquality matches the checker's complaint about == or != between a
// decimal and an int or double, which CEL's generic equality cannot be
// given an overload for.
var mixedEquality = regexp.MustCompile(`no matching overload for '_[=!]=_' applied to '\((decimal, (int|double)|(int|double), decimal)\)'`)

// Compile parses, checks and prepares one expression in env. Every problem
// comes back as an Issue at its offset; the AST is nil when there is any.
//
// Equality between a decimal and an int or double is made to type-check by
// wrapping both operands in dec() and checking again.
func Compile(env *cel.Env, src string) (*cel.Ast, []Issue) {
	parsed, iss := env.Parse(src)
	if iss.Err() != nil {
		return nil, toIssues(src, iss)
	}
	checked, iss := env.Check(parsed)
	if iss.Err() != nil {
		if !wrapMixedEqualities(parsed.NativeRep(), iss) {
			return nil, toIssues(src, iss)
		}
		if checked, iss = env.Check(parsed); iss.Err() != nil {
			return nil, toIssues(src, iss)
		}
	}
	if issues := Prepare(checked.NativeRep(), src); len(issues) > 0 {
		return nil, issues
	}
	return checked, nil
}

func toIssues(src string, iss *cel.Issues) []Issue {
	var out []Issue
	lines := lineStarts([]rune(src))
	for _, e := range iss.Errors() {
		off := int32(0)
		if l := e.Location.Line(); l >= 1 && l <= len(lines) {
			off = lines[l-1] + int32(max(e.Location.Column(), 0))
		}
		out = append(out, Issue{Offset: off, Message: e.Message})
	}
	return out
}

// wrapMixedEqualities rewrites, in the parsed AST, each equality the checker
// rejected for mixing decimal with int or double into dec(a) == dec(b). It
// reports whether every error was of that kind.
func wrapMixedEqualities(a *celast.AST, iss *cel.Issues) bool {
	targets := map[int64]bool{}
	for _, e := range iss.Errors() {
		if !mixedEquality.MatchString(e.Message) {
			return false
		}
		targets[e.ExprID] = true
	}
	fac := celast.NewExprFactory()
	next := maxID(a.Expr()) + 1
	info := a.SourceInfo()
	var visit func(e celast.Expr)
	visit = func(e celast.Expr) {
		forEachChild(e, visit)
		if e.Kind() != celast.CallKind || !targets[e.ID()] {
			return
		}
		args := e.AsCall().Args()
		for i, arg := range args {
			id := next
			next++
			if r, ok := info.GetOffsetRange(arg.ID()); ok {
				info.SetOffsetRange(id, r)
			}
			args[i] = fac.NewCall(id, FnDec, arg)
		}
	}
	visit(a.Expr())
	return true
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

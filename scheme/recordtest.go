package scheme

import (
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/internal/bound"
)

// recordTest is a condition on one field of the record that a record
// answers without running the program, as a record answers record.FIELD
// (Expr.field): !record.FIELD of a bool field, or record.FIELD of an int
// field compared with an int literal (record.participants >= 5). The
// checker has chosen CEL's own overload for the operator, so the answer
// is the one the program gives; a field not set is left to the program,
// which says so.
type recordTest struct {
	field string
	op    string // "!", or a comparison's function name (operators.Less, …)
	n     int64  // the literal compared with
}

// recordTestOf returns the test x is, or nil.
func recordTestOf(native *celast.AST) *recordTest {
	x := native.Expr()
	if x.Kind() != celast.CallKind {
		return nil
	}
	call := x.AsCall()
	args := call.Args()
	overload := func(want string) bool {
		ids := native.GetOverloadIDs(x.ID())
		return len(ids) == 1 && ids[0] == want
	}
	switch call.FunctionName() {
	case operators.LogicalNot:
		if f := recordField(args[0]); f != "" && overload(overloads.LogicalNot) && native.GetType(args[0].ID()).Kind() == types.BoolKind {
			return &recordTest{field: f, op: operators.LogicalNot}
		}
	case operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals:
		if len(args) != 2 {
			return nil
		}
		f := recordField(args[0])
		if f == "" || native.GetType(args[0].ID()).Kind() != types.IntKind || args[1].Kind() != celast.LiteralKind {
			return nil
		}
		n, ok := args[1].AsLiteral().(types.Int)
		if !ok {
			return nil
		}
		want := map[string]string{operators.Less: overloads.LessInt64, operators.LessEquals: overloads.LessEqualsInt64,
			operators.Greater: overloads.GreaterInt64, operators.GreaterEquals: overloads.GreaterEqualsInt64}[call.FunctionName()]
		if overload(want) {
			return &recordTest{field: f, op: call.FunctionName(), n: int64(n)}
		}
	}
	return nil
}

// eval answers the test for rec, or returns nil when the program must.
func (t *recordTest) eval(rec *bound.Record) ref.Val {
	switch v := rec.Obj.Field(t.field).(type) {
	case types.Bool:
		if t.op == operators.LogicalNot {
			return !v
		}
	case types.Int:
		x := int64(v)
		switch t.op {
		case operators.Less:
			return types.Bool(x < t.n)
		case operators.LessEquals:
			return types.Bool(x <= t.n)
		case operators.Greater:
			return types.Bool(x > t.n)
		case operators.GreaterEquals:
			return types.Bool(x >= t.n)
		}
	}
	return nil
}

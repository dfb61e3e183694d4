package scheme

import (
	"sync"

	"cel.dev/cel-go/cel"
)

// trackedProgram is a comprehension's program with CEL's cost tracker on,
// built when first needed: only evidence past the sizes the cost estimate
// counts on needs it (binding.oversized), so compiling a scheme does not
// plan each comprehension twice. Safe for concurrent use.
type trackedProgram struct {
	once sync.Once
	env  *cel.Env
	ast  *cel.Ast
	opts []cel.ProgramOption
	prg  cel.Program
	err  error
}

func (t *trackedProgram) program() (cel.Program, error) {
	t.once.Do(func() {
		t.prg, t.err = t.env.Program(t.ast, t.opts...)
		t.env, t.ast, t.opts = nil, nil, nil
	})
	return t.prg, t.err
}

// program returns the program to run e with: its tracked program for
// evidence past the sizes its cost estimate counts on (oversized), when
// it has one, else its program.
func (e *Expr) program(oversized bool) (cel.Program, error) {
	if oversized && e.tracked != nil {
		return e.tracked.program()
	}
	return e.prg, nil
}

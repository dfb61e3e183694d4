package celdec

import celast "cel.dev/cel-go/common/ast"

// HasLoop reports whether a holds a comprehension (all, exists,
// exists_one, map, filter): an expression whose cost depends on the size
// of a list. It walks the tree without building a navigable copy of it.
func HasLoop(a *celast.AST) bool {
	found := false
	var visit func(e celast.Expr)
	visit = func(e celast.Expr) {
		if found {
			return
		}
		if e.Kind() == celast.ComprehensionKind {
			found = true
			return
		}
		forEachChild(e, visit)
	}
	visit(a.Expr())
	return found
}

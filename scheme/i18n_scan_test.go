package scheme

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// messageDirs are the packages whose messages reach a user: every format
// written at a call site there must have a Chinese entry.
var messageDirs = []string{".", "../evidence", "../internal/strictjson", "../internal/celdec"}

// formatArg is, for each function that takes a message format, the index
// of the format among its arguments. A call whose format is not a string
// literal is reported: the catalog is keyed by the literal.
var formatArg = map[string]int{
	"errorf":     1, // (*compiler).errorf(node, format, ...)
	"add":        1, // (*Diagnostics).add(pos, format, ...); evidence's add(path, err) has none
	"bad":        1, // Bind's bad(path, format, ...)
	"diag":       1, // diag(pos, format, ...)
	"msg.Errorf": 0,
	"msg.New":    0,
}

type callSite struct {
	pos    string
	format string // "" when not a literal
}

// messageFormats returns every message format written at a call site in
// messageDirs.
func messageFormats(t *testing.T) []callSite {
	t.Helper()
	var out []callSite
	fset := token.NewFileSet()
	for _, dir := range messageDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, 0)
			require.NoError(t, err)
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var name string
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "msg" {
						name = "msg." + name
					}
				}
				i, ok := formatArg[name]
				if !ok || i >= len(call.Args) {
					return true
				}
				site := callSite{pos: fset.Position(call.Pos()).String()}
				if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					site.format, _ = strconv.Unquote(lit.Value)
				} else if name == "add" || name == "bad" {
					return true // evidence's add(path, err): not a format
				}
				out = append(out, site)
				return true
			})
		}
	}
	return out
}

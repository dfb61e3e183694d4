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
var messageDirs = []string{".", "../evidence", "../internal/hostvalue", "../internal/strictjson", "../internal/celdec", "../internal/yamlcheck", "../engine", "../cmd/branchscore"}

// formatArg is, for each function that takes a message format, the index
// of the format among its arguments. A call whose format is not a string
// literal is reported: the catalog is keyed by the literal.
var formatArg = map[string]int{
	"errorf":     1, // (*compiler).errorf(node, format, ...)
	"add":        1, // (*Diagnostics).add(pos, format, ...); evidence's add(path, err) has none
	"bad":        1, // Bind's bad(path, format, ...)
	"diag":       1, // diag(pos, format, ...)
	"problem":    1, // problem(path, format, ...)
	"report":     2, // yamlcheck's report(line, col, format, ...)
	"msgf":       0, // yamlcheck's msgf(format, ...): a message returned as format and arguments
	"issue":      1, // celdec's (*preparer).issue(id, format, ...)
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
				if f, ok := literal(call.Args[i]); ok {
					site.format = f
				} else if id, ok := call.Args[i].(*ast.Ident); ok && id.Name == "format" {
					return true // a helper passing its own format on
				} else if name == "add" || name == "bad" || name == "problem" {
					return true // evidence's add(path, err), strictjson's problem(key, err): not a format
				}
				out = append(out, site)
				return true
			})
		}
	}
	return out
}

// literal returns the value of a string literal, or of literals joined
// with +.
func literal(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			s, err := strconv.Unquote(x.Value)
			return s, err == nil
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			a, ok1 := literal(x.X)
			b, ok2 := literal(x.Y)
			return a + b, ok1 && ok2
		}
	case *ast.ParenExpr:
		return literal(x.X)
	}
	return "", false
}

// hasWords reports whether a format says something in words (not only
// verbs and punctuation: "%s: %w" needs no translation).
func hasWords(format string) bool {
	for i := 0; i < len(format); i++ {
		if format[i] == '%' {
			i++
			for i < len(format) && strings.IndexByte("+-# 0123456789.[]", format[i]) >= 0 {
				i++
			}
			continue
		}
		if c := format[i]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

// Package apisurface lists the exported API of a package directory, one
// declaration a line, for the test that pins the public surface of
// branchscore's packages (apisurface_test.go) against golden lists in
// testdata/: an evaluation internal that becomes public again, or any
// other change to what a host can call, fails the test until the golden
// list is rewritten (go test ./internal/apisurface -update) and the diff
// reviewed.
//
// It reads the source with go/parser and go/doc, as go doc does, without
// loading or type-checking anything: the files the default build context
// selects, tests left out.
package apisurface

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Surface returns the exported declarations of the package in dir, sorted:
//
//	const NAME [TYPE]
//	var NAME [TYPE]
//	func NAME(PARAMS) RESULTS
//	func (RECV) NAME(PARAMS) RESULTS
//	type NAME struct | interface | = TYPE | TYPE
//	field TYPE.NAME TYPE          (exported struct fields, embedded ones by their type)
//	method TYPE.NAME(PARAMS) RESULTS   (interface methods)
//
// and, in leaks, the declarations whose types name a package under an
// internal/ directory (a host can see that type but cannot import its
// package).
func Surface(dir string) (lines, leaks []string, err error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var files []*ast.File
	name := ""
	for _, e := range entries {
		fn := e.Name()
		if e.IsDir() || !strings.HasSuffix(fn, ".go") || strings.HasSuffix(fn, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, fn); err != nil || !ok {
			if err != nil {
				return nil, nil, err
			}
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, fn), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		if name != "" && f.Name.Name != name {
			return nil, nil, fmt.Errorf("%s: packages %s and %s", dir, name, f.Name.Name)
		}
		name = f.Name.Name
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("%s: no Go files", dir)
	}
	pkg, err := doc.NewFromFiles(fset, files, "example.com/"+name)
	if err != nil {
		return nil, nil, err
	}
	s := &surface{fset: fset, internal: internalImports(files)}
	s.values("const", pkg.Consts)
	s.values("var", pkg.Vars)
	for _, f := range pkg.Funcs {
		s.fn(f.Decl)
	}
	for _, t := range pkg.Types {
		s.typ(t)
		s.values("const", t.Consts)
		s.values("var", t.Vars)
		for _, f := range t.Funcs {
			s.fn(f.Decl)
		}
		for _, f := range t.Methods {
			s.fn(f.Decl)
		}
	}
	sort.Strings(s.lines)
	sort.Strings(s.leaks)
	return s.lines, s.leaks, nil
}

type surface struct {
	fset     *token.FileSet
	internal map[string]bool // names under which files import a package under internal/
	lines    []string
	leaks    []string
}

// add records a line, and a leak when one of the expressions names an
// internal package.
func (s *surface) add(line string, exprs ...ast.Node) {
	s.lines = append(s.lines, line)
	for _, e := range exprs {
		if e != nil && s.namesInternal(e) {
			s.leaks = append(s.leaks, line)
			return
		}
	}
}

func (s *surface) namesInternal(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && s.internal[id.Name] {
				found = true
			}
		}
		return !found
	})
	return found
}

func (s *surface) print(n ast.Node) string {
	var b bytes.Buffer
	if err := (&printer.Config{Mode: printer.RawFormat}).Fprint(&b, s.fset, n); err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func (s *surface) values(kind string, vs []*doc.Value) {
	for _, v := range vs {
		for _, spec := range v.Decl.Specs {
			vs := spec.(*ast.ValueSpec)
			for _, n := range vs.Names {
				if !n.IsExported() {
					continue
				}
				line := kind + " " + n.Name
				if vs.Type != nil {
					line += " " + s.print(vs.Type)
				}
				s.add(line, vs.Type)
			}
		}
	}
}

func (s *surface) fn(d *ast.FuncDecl) {
	line := "func "
	if d.Recv != nil && len(d.Recv.List) > 0 {
		line += "(" + s.print(d.Recv.List[0].Type) + ") "
	}
	line += d.Name.Name + strings.TrimPrefix(s.print(d.Type), "func")
	s.add(line, d.Type)
}

func (s *surface) typ(t *doc.Type) {
	for _, spec := range t.Decl.Specs {
		ts := spec.(*ast.TypeSpec)
		if !ts.Name.IsExported() {
			continue
		}
		name := ts.Name.Name
		switch x := ts.Type.(type) {
		case *ast.StructType:
			s.add("type " + name + " struct")
			for _, f := range x.Fields.List {
				ft := s.print(f.Type)
				if len(f.Names) == 0 {
					s.add("field "+name+"."+ft+" (embedded)", f.Type)
				}
				for _, n := range f.Names {
					s.add("field "+name+"."+n.Name+" "+ft, f.Type)
				}
			}
		case *ast.InterfaceType:
			s.add("type " + name + " interface")
			for _, m := range x.Methods.List {
				for _, n := range m.Names {
					s.add("method "+name+"."+n.Name+strings.TrimPrefix(s.print(m.Type), "func"), m.Type)
				}
				if len(m.Names) == 0 {
					s.add("method "+name+"."+s.print(m.Type)+" (embedded)", m.Type)
				}
			}
		default:
			eq := " "
			if ts.Assign.IsValid() {
				eq = " = "
			}
			s.add("type "+name+eq+s.print(ts.Type), ts.Type)
		}
	}
}

// internalImports returns the names under which files import a package
// under an internal/ directory.
func internalImports(files []*ast.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		for _, im := range f.Imports {
			path, err := strconv.Unquote(im.Path.Value)
			if err != nil || !(strings.Contains(path, "/internal/") || strings.HasPrefix(path, "internal/")) {
				continue
			}
			name := path[strings.LastIndex(path, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			out[name] = true
		}
	}
	return out
}

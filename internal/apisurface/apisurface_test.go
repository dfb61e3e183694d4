package apisurface

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.api from the packages' source")

// root is the module's directory, from this package's.
const root = "../.."

// allowedLeaks are the exported declarations that may name a package under
// internal/, each with why a host is fine seeing it.
var allowedLeaks = map[string]string{
	"scheme: type Rounding = celdec.Rounding": "an alias: a host names it scheme.Rounding, with its constants scheme.HalfUp …",
}

// TestPublicSurface pins the exported API of every public package of the
// module (every directory outside internal/, cmd/ and examples/ with a
// non-main package) to testdata/PACKAGE.api. A change to what a host can
// call fails here until the list is rewritten with -update, so that the
// diff is reviewed: docs/api.md says what belongs in each package.
func TestPublicSurface(t *testing.T) {
	dirs := publicDirs(t)
	require.NotEmpty(t, dirs)
	seen := map[string]bool{}
	for _, dir := range dirs {
		name := filepath.ToSlash(dir)
		golden := filepath.Join("testdata", strings.ReplaceAll(name, "/", "_")+".api")
		seen[filepath.Base(golden)] = true
		t.Run(name, func(t *testing.T) {
			lines, leaks, err := Surface(filepath.Join(root, dir))
			require.NoError(t, err)
			for _, l := range leaks {
				if _, ok := allowedLeaks[name+": "+l]; !ok {
					t.Errorf("%s exports a type of an internal package, which a host cannot name: %s", name, l)
				}
			}
			got := strings.Join(lines, "\n") + "\n"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "a new public package needs its list: go test ./internal/apisurface -update")
			assert.Equal(t, string(want), got,
				"the public API of %s changed: if that is meant, run go test ./internal/apisurface -update, review the diff of %s and say why in docs/api.md", name, golden)
		})
	}
	if *update {
		return
	}
	// A list whose package went away (or became internal) is stale.
	goldens, err := filepath.Glob(filepath.Join("testdata", "*.api"))
	require.NoError(t, err)
	for _, g := range goldens {
		assert.True(t, seen[filepath.Base(g)], "%s lists a package that is no longer public: delete it", g)
	}
}

// TestInternalsStayInternal names the evaluation internals moved behind
// internal/plan (issue 17 item 3) or unexported: each row fails if the
// declaration is public again, whatever the golden list says.
func TestInternalsStayInternal(t *testing.T) {
	tests := []struct {
		pkg, decl string // decl: the start of a Surface line
		why       string
	}{
		{"scheme", "func (*Scheme) Bind(", "binding evidence is the engine's: plan.Bind"},
		{"scheme", "type Binding ", "a binding is the engine's: plan.Binding"},
		{"scheme", "type BoundRecord ", "a checked record is the engine's: plan.Record"},
		{"scheme", "type Record ", "a checked record is the engine's: plan.Record"},
		{"scheme", "func (*Scheme) Band(", "finding a measure's band is the engine's: plan.Band"},
		{"scheme", "func (*Scheme) Recorded(", "the number recorded for an exact value is the engine's: plan.Recorded"},
		{"scheme", "func (*Scheme) Runs(", "the runs a veto reads are the engine's: plan.Runs"},
		{"scheme", "func (*Scheme) ReadsRun(", "plan.ReadsRun"},
		{"scheme", "func (*Scheme) WindowFirst(", "plan.WindowFirst"},
		{"scheme", "func (*Scheme) WindowPeriods(", "plan.WindowPeriods"},
		{"scheme", "func (*Scheme) WindowSpan(", "plan.WindowSpan"},
		{"scheme", "func (*Scheme) Spans(", "a missing rule's spans are the engine's: plan.MissingSpans"},
		{"scheme", "type Span ", "plan.Span"},
		{"scheme", "func (*Scheme) CheckParams(", "the engine's check: plan.CheckParams; a host reads Scheme.MissingParams"},
		{"scheme", "func (*Scheme) PeriodSpan(", "used by scheme alone"},
		{"scheme", "func Placeholders(", "used by nothing"},
		{"scheme", "field Expr.", "an expression's compiled program stays unexported: Expr is the expression as written (Text, Pos)"},
	}
	surfaces := map[string][]string{}
	for _, tt := range tests {
		lines, ok := surfaces[tt.pkg]
		if !ok {
			var err error
			lines, _, err = Surface(filepath.Join(root, tt.pkg))
			require.NoError(t, err)
			surfaces[tt.pkg] = lines
		}
		for _, l := range lines {
			if tt.decl == "field Expr." && (l == "field Expr.Text string" || l == "field Expr.Pos Pos") {
				continue
			}
			assert.False(t, strings.HasPrefix(l, tt.decl), "%s: %s is public again (%s)", tt.pkg, l, tt.why)
		}
	}
}

// TestSurfaceSees checks Surface on a fixture holding each kind of
// declaration, unexported ones, a test file and a file built only with a
// tag: a list that missed a kind would let it change unreviewed.
func TestSurfaceSees(t *testing.T) {
	lines, leaks, err := Surface(filepath.Join("testdata", "fixture"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"const A",
		"const B int",
		"field T.Name string",
		"field T.P *plan.Binding",
		"field T.io.Reader (embedded)",
		"func (*T) Leak() hidden.Thing",
		"func Free(a, b string) (int, error)",
		"func New(r io.Reader) *T",
		"method I.Do(x int) error",
		"type Alias = plan.Record",
		"type I interface",
		"type T struct",
		"var ErrX",
	}, lines)
	assert.Equal(t, []string{
		"field T.P *plan.Binding",
		"func (*T) Leak() hidden.Thing",
		"type Alias = plan.Record",
	}, leaks, "a type from internal/ is reported, by its import name; a value is not")
}

// publicDirs returns the module's package directories a host can import,
// relative to root.
func publicDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			base := d.Name()
			switch {
			case rel == ".":
				return nil
			case rel == "internal", rel == "cmd", rel == "examples", base == "testdata",
				strings.HasPrefix(base, "."), strings.HasPrefix(base, "_"):
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		dir := filepath.Dir(rel)
		if len(dirs) > 0 && dirs[len(dirs)-1] == dir {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !isMain(src) && dir != "." {
			dirs = append(dirs, dir)
		}
		return nil
	})
	require.NoError(t, err)
	return dirs
}

func isMain(src []byte) bool {
	for _, l := range strings.Split(string(src), "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(l), "package "); ok {
			return strings.TrimSpace(name) == "main"
		}
	}
	return false
}

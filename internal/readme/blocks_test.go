package readme

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/schemes"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// block is a fenced code block of the README.
type block struct {
	lang    string // after the opening fence: go, sh, yaml, or ""
	text    string
	line    int    // of the opening fence, from 1
	section string // the "## " heading it is under
}

func readme(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	return string(src)
}

// blocks returns the README's fenced code blocks in order.
func blocks(src string) []block {
	var out []block
	var cur *block
	section := ""
	for i, line := range strings.Split(src, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "## "):
			section = strings.TrimPrefix(line, "## ")
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &block{lang: strings.TrimPrefix(line, "```"), line: i + 1, section: section}
		case cur != nil && line == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	return out
}

// commands returns the shell commands of a block: one a line, comments
// and blank lines left out, continued lines joined.
func commands(text string) []string {
	var out []string
	joined := strings.ReplaceAll(text, "\\\n", " ")
	for _, line := range strings.Split(joined, "\n") {
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		if line = strings.Join(strings.Fields(line), " "); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// setUp returns the commands of the set-up section.
func setUp(t *testing.T) []string {
	t.Helper()
	var cmds []string
	for _, b := range blocks(readme(t)) {
		if b.section == "Set up" && b.lang == "sh" {
			cmds = append(cmds, commands(b.text)...)
		}
	}
	return cmds
}

// TestSetUpCommands: the set-up section has two commands. The first, run
// from the repository's root as a newcomer would, scores the sample
// evidence with a built-in scheme; the second is the test command, checked
// for its shape only (running it from a test would run this test).
func TestSetUpCommands(t *testing.T) {
	cmds := setUp(t)
	require.Len(t, cmds, 2, "the README's set-up keeps exactly two commands: %q", cmds)
	assert.Regexp(t, `^go test \./\.\.\.$`, cmds[1], "the second set-up command runs the tests")
	require.Regexp(t, `^go run \./cmd/branchscore eval --scheme [a-z0-9-]+ `, cmds[0], "the first scores the sample evidence with a built-in scheme")
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	cmd := exec.Command("sh", "-c", cmds[0])
	cmd.Dir = "../.."
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s\n%s", cmds[0], stderr.String())
	assert.Empty(t, stderr.String(), cmds[0])
	assert.Equal(t, 3, strings.Count(stdout.String(), "总分 "), "the README says it prints three branches' breakdowns:\n%s", stdout.String())
}

// goImports are the packages a README Go block may use, by name.
var goImports = map[string]string{
	"bytes": "bytes", "context": "context", "errors": "errors", "fmt": "fmt", "io": "io",
	"iter": "iter", "json": "encoding/json", "os": "os", "strings": "strings",
	"engine":     "github.com/branchscore/branchscore/engine",
	"evidence":   "github.com/branchscore/branchscore/evidence",
	"scheme":     "github.com/branchscore/branchscore/scheme",
	"schemes":    "github.com/branchscore/branchscore/schemes",
	"schemetest": "github.com/branchscore/branchscore/schemetest",
}

// readmeRunner calls each function the README's Go blocks declare with the
// repository's sample evidence and checks what it returns. A function the
// README adds must be added to called (and run here); one it renames fails
// to compile.
const readmeRunner = `package readmecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/schemes"
)

const data = REPO + "/examples/data/tingnan-2017/"

func open(t *testing.T, name string) *os.File {
	f, err := os.Open(data + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestREADME(t *testing.T) {
	ctx := context.Background()

	// score: zc1, March 2017, scores 5.2 (engine's own tests work it out).
	r, err := score(ctx, open(t, "2017-03-zongcai1.json"))
	if err != nil || r.Total.String() != "5.2" {
		t.Fatalf("score: %v, %v", r, err)
	}

	// recheck: the stored result verifies; a total edited in storage does not.
	stored, err := json.Marshal([]*engine.Result{r})
	if err != nil {
		t.Fatal(err)
	}
	if err := recheck(ctx, bytes.NewReader(stored), open(t, "2017-03-zongcai1.json")); err != nil {
		t.Errorf("recheck of the stored result: %v", err)
	}
	tampered := strings.Replace(string(stored), ` + "`" + `"total":"5.2"` + "`" + `, ` + "`" + `"total":"6"` + "`" + `, 1)
	if err := recheck(ctx, strings.NewReader(tampered), open(t, "2017-03-zongcai1.json")); !errors.Is(err, engine.ErrMismatch) {
		t.Errorf("recheck of a tampered result: %v", err)
	}

	// rankPeriod: zc1 (5.2) above zj (1), from no ledger.
	s, err := schemes.Load("tingnan-2017")
	if err != nil {
		t.Fatal(err)
	}
	var evs []*evidence.Evidence
	for _, name := range []string{"2017-03-zongcai1.json", "2017-03-zongjue.json"} {
		e, err := evidence.ReadFile(filepath.Join(data, name))
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e...)
	}
	seq := func(yield func(*evidence.Evidence, error) bool) {
		for _, ev := range evs {
			if !yield(ev, nil) {
				return
			}
		}
	}
	rk, err := rankPeriod(ctx, s, "2017-03", seq, nil)
	if err != nil || len(rk.Entries) != 2 || rk.Entries[0].Subject.ID != "zc1" {
		t.Fatalf("rankPeriod: %+v, %v", rk, err)
	}
}
`

// called lists the functions readmeRunner calls.
var called = []string{"rankPeriod", "recheck", "score"}

// TestGoBlocks compiles every Go block of the README into a package of a
// module of its own that requires this one (replaced by this directory),
// as a host's would, and runs each function the blocks declare.
func TestGoBlocks(t *testing.T) {
	var src strings.Builder
	var lines []string
	for _, b := range blocks(readme(t)) {
		if b.lang == "go" {
			fmt.Fprintf(&src, "//line README.md:%d\n%s\n", b.line+1, b.text)
			lines = append(lines, fmt.Sprint(b.line))
		}
	}
	require.NotEmpty(t, lines, "the README has Go blocks")
	body := src.String()
	code := regexp.MustCompile(`//[^\n]*`).ReplaceAllString(body, "") // a package named in a comment is not imported
	var imports []string
	for name, path := range goImports {
		if regexp.MustCompile(`\b` + name + `\.`).MatchString(code) {
			imports = append(imports, fmt.Sprintf("\t%q\n", path))
		}
	}
	sort.Strings(imports)
	file := "package readmecheck\n\nimport (\n" + strings.Join(imports, "") + ")\n\n" + body

	// Every function a block declares is run.
	f, err := parser.ParseFile(token.NewFileSet(), "README.md", file, 0)
	require.NoError(t, err, "the README's Go blocks (at lines %s) must be declarations", strings.Join(lines, ", "))
	var declared []string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok {
			declared = append(declared, fn.Name.Name)
		}
	}
	sort.Strings(declared)
	assert.Equal(t, called, declared, "each function of the README is run by readmeRunner")
	if testing.Short() {
		t.Skip("builds a module")
	}

	repo, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := t.TempDir()
	gomod := fmt.Sprintf("module readmecheck\n\ngo 1.24\n\nrequire github.com/branchscore/branchscore v0.0.0\n\nreplace github.com/branchscore/branchscore => %s\n", repo)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "readme.go"), []byte(file), 0o644))
	runner := strings.Replace(readmeRunner, "REPO + ", fmt.Sprintf("%q + ", repo), 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "readme_test.go"), []byte(runner), 0o644))

	cmd := exec.Command("go", "test", "-count=1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS="+os.Getenv("GOFLAGS")+" -mod=mod")
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "the README's Go blocks, compiled and run as a host's package:\n%s", out)
}

// TestCounts: every count the README states in prose is the count of what
// it counts. A count added to the README needs a row here, or a rewording.
func TestCounts(t *testing.T) {
	src := readme(t)
	words := map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}
	ctx := context.Background()
	tests := []struct {
		phrase string // a regexp; its first group is the count, digits or a word
		count  func(t *testing.T) int
	}{
		{`(?i)(\w+) commands, on a fresh machine`, func(t *testing.T) int { return len(setUp(t)) }},
		{`The first scores (\w+) branches'`, func(t *testing.T) int { return subjects(t, "../../examples/data/tingnan-2017/*.json") }},
		{`A whole year of seed 000 for (\w+) branches`, func(t *testing.T) int { return subjects(t, "../../examples/data/tingnan-2017/year/2017-*.json") }},
		{`one branch-month: evidence checked and hashed, (\d+) indicators`, func(t *testing.T) int {
			s, err := schemes.Load("tingnan-2017")
			require.NoError(t, err)
			return len(s.Indicators())
		}},
		{`indicators, (\d+) audit steps`, func(t *testing.T) int {
			s, err := schemes.Load("tingnan-2017")
			require.NoError(t, err)
			evs, err := evidence.ReadFile("../../examples/data/tingnan-2017/2017-03-zongcai1.json") // BenchmarkEvaluate's
			require.NoError(t, err)
			r, err := engine.Evaluate(ctx, s, evs[0], engine.Options{})
			require.NoError(t, err)
			return r.Audit.Len()
		}},
		{`samples, perturbations and ([\d,]+) generated branch-months`, func(t *testing.T) int {
			return sourceNumber(t, "../../schemes/properties_test.go", `synth\.Tingnan\(\d+, "[^"]+", (\d+)\)`)
		}},
		{`evaluated from (\w+) goroutines`, func(t *testing.T) int {
			return sourceNumber(t, "../../schemes/properties_test.go", `for g := range (\d+) \{`)
		}},
		{`a score for each of\s+([\d,]+) records|assessor's score for each of\s+([\d,]+)\s+records`, func(t *testing.T) int {
			return sourceNumber(t, "../../internal/stress/stress.go", `An assessor's score for each record[^\n]*\n\s*\{\n\s*const n = (\d+)`)
		}},
	}
	for _, tc := range tests {
		m := regexp.MustCompile(tc.phrase).FindStringSubmatch(src)
		if !assert.NotNil(t, m, "the README states %q", tc.phrase) {
			continue
		}
		text := m[1]
		if text == "" && len(m) > 2 {
			text = m[2]
		}
		stated, ok := words[strings.ToLower(text)]
		if !ok {
			_, err := fmt.Sscan(strings.ReplaceAll(text, ",", ""), &stated)
			require.NoError(t, err, "a count in %q", m[0])
		}
		assert.Equal(t, tc.count(t), stated, "README: %q", m[0])
	}
}

// subjects counts the distinct subjects of the evidence files glob names.
func subjects(t *testing.T, glob string) int {
	t.Helper()
	files, err := filepath.Glob(glob)
	require.NoError(t, err)
	require.NotEmpty(t, files, glob)
	ids := map[string]bool{}
	for _, f := range files {
		evs, err := evidence.ReadFile(f)
		require.NoError(t, err)
		for _, ev := range evs {
			ids[ev.Subject.ID] = true
		}
	}
	return len(ids)
}

// sourceNumber returns the number the first group of pattern matches in
// the file: a constant of a test the README describes.
func sourceNumber(t *testing.T, file, pattern string) int {
	t.Helper()
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	m := regexp.MustCompile(pattern).FindSubmatch(src)
	require.NotNil(t, m, "%s: %s", file, pattern)
	var n int
	_, err = fmt.Sscan(string(m[1]), &n)
	require.NoError(t, err)
	return n
}

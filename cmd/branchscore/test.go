package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemetest"
)

var testCommand = command{
	synopsis: "test [-v] [--update] [--cover] [--min-cover N] [--json] [FILE.test.yaml | DIR | DIR/...]...",
	summary: "run scheme test files, like go test: a DIR runs its *.test.yaml files, DIR/... those\n" +
		"below it as well (skipping testdata and directories starting with . or _); default .",
	run: testCmd,
}

// testFileJSON is one file of test --json (docs/cli.md).
type testFileJSON struct {
	File     string             `json:"file"`
	OK       bool               `json:"ok"`
	Error    string             `json:"error,omitempty"` // the file did not load
	Updated  bool               `json:"updated,omitempty"`
	Cases    []testCaseJSON     `json:"cases"`
	Coverage []coverageKindJSON `json:"coverage,omitempty"`
}

type testCaseJSON struct {
	Name     string        `json:"name"`
	Pos      string        `json:"pos"`
	Passed   bool          `json:"passed"`
	Failures []failureJSON `json:"failures,omitempty"`
}

type failureJSON struct {
	What string `json:"what"`
	Want string `json:"want"`
	Got  string `json:"got"`
}

type coverageKindJSON struct {
	Kind       string   `json:"kind"`
	Covered    int      `json:"covered"`
	Total      int      `json:"total"`
	NotCovered []string `json:"not_covered,omitempty"`
}

// testFiles expands the command's arguments into test files, in argument
// order: a file as given, a directory's *.test.yaml files sorted, DIR/...
// every directory below DIR as well, as go test walks packages.
func testFiles(args []string) ([]string, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, a := range args {
		if root, ok := strings.CutSuffix(a, "/..."); ok || a == "..." {
			if a == "..." {
				root = "."
			}
			n := 0
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() {
					name := d.Name()
					if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
						return filepath.SkipDir
					}
					return nil
				}
				if isTestFile(d.Name()) {
					add(p)
					n++
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			if n == 0 {
				return nil, fmt.Errorf("%s: no *.test.yaml files", a)
			}
			continue
		}
		fi, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			add(a)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(a, "*.test.yaml"))
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("%s: no *.test.yaml files (DIR/... looks below it)", a)
		}
		sort.Strings(matches)
		for _, m := range matches {
			add(m)
		}
	}
	return out, nil
}

func testCmd(cmd command, args []string, st streams) int {
	stdout, stderr := st.out, st.err
	fset := newFlagSet("test")
	verbose := fset.Bool("v", false, "list every case, passed or not")
	update := fset.Bool("update", false, "rewrite the files' expectations to what the schemes now give")
	cover := fset.Bool("cover", false, "report which indicators, gates, bands, boundaries, grades, vetoes and tiers the cases exercised")
	minCover := fset.Float64("min-cover", 0, "fail when the coverage is below this percentage")
	asJSON := fset.Bool("json", false, "print one object per file as JSON (docs/cli.md)")
	pos, status, done := parseArgs(fset, cmd, args, st)
	if done {
		return status
	}
	paths, err := testFiles(pos)
	if err != nil {
		fmt.Fprintf(stderr, "branchscore test: %v\n", err)
		return exitFailed
	}
	if *asJSON {
		stdout = io.Discard
	}
	var coverage []func() // printed after every file's line, in argument order
	out := []testFileJSON{}
	for _, path := range paths {
		tj := testFileJSON{File: path, Cases: []testCaseJSON{}}
		f, err := schemetest.Load(path)
		if err != nil {
			if !*asJSON {
				fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
			}
			fmt.Fprintf(stdout, "FAIL\t%s\t[load failed]\n", path)
			tj.Error = err.Error()
			out = append(out, tj)
			status = 1
			continue
		}
		outcomes := f.Run(context.Background())
		failed := 0
		for _, o := range outcomes {
			cj := testCaseJSON{Name: o.Case.Name, Pos: o.Case.Pos, Passed: o.Passed()}
			for _, fl := range o.Failures {
				cj.Failures = append(cj.Failures, failureJSON(fl))
			}
			tj.Cases = append(tj.Cases, cj)
			if o.Passed() {
				if *verbose {
					fmt.Fprintf(stdout, "--- PASS: %s\n", o.Case.Name)
				}
				continue
			}
			failed++
			fmt.Fprintf(stdout, "--- FAIL: %s (%s)\n", o.Case.Name, o.Case.Pos)
			printFailures(stdout, o.Failures)
		}
		if *update {
			if err := f.Update(outcomes); err != nil {
				fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
				tj.Error = err.Error()
				out = append(out, tj)
				status = 1
				continue
			}
			tj.OK, tj.Updated = true, true
			out = append(out, tj)
			fmt.Fprintf(stdout, "updated\t%s\t%s\n", path, plural(len(outcomes), "case", "cases"))
			continue
		}
		tj.OK = failed == 0
		line := fmt.Sprintf("ok  \t%s\t%s", path, plural(len(outcomes), "case", "cases"))
		if failed > 0 {
			line = fmt.Sprintf("FAIL\t%s\t%d of %s failed", path, failed, plural(len(outcomes), "case", "cases"))
			status = 1
		}
		if *cover || *minCover > 0 || *asJSON {
			c := schemetest.Cover(f.Scheme, outcomes)
			tj.Coverage = coverageJSON(c)
			if *cover || *minCover > 0 {
				pct := c.Percent()
				line += fmt.Sprintf("\tcoverage: %.1f%%", pct)
				if *minCover > 0 && pct < *minCover {
					line += fmt.Sprintf(" (below %.1f%%)", *minCover)
					tj.OK = false
					status = 1
				}
			}
			if *cover {
				coverage = append(coverage, func() { printCoverage(stdout, path, c) })
			}
		}
		out = append(out, tj)
		fmt.Fprintln(stdout, line)
	}
	for _, p := range coverage {
		p()
	}
	if *asJSON {
		if err := writeJSON(st.out, out); err != nil {
			fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
			return exitFailed
		}
	}
	return status
}

// printFailures shows expected against actual, one line per difference.
func printFailures(w io.Writer, fs []schemetest.Failure) {
	wd := len("what")
	for _, f := range fs {
		wd = max(wd, len(f.What))
	}
	fmt.Fprintf(w, "    %-*s  %-12s  %s\n", wd, "", "want", "got")
	for _, f := range fs {
		fmt.Fprintf(w, "    %-*s  %-12s  %s\n", wd, f.What, f.Want, f.Got)
	}
}

// kindPlurals names coverage kinds in the plural.
var kindPlurals = map[string]string{
	"indicator": "indicators", "gate": "gates", "band": "bands", "boundary": "boundaries",
	"grade": "grades", "veto": "vetoes", "tier": "tiers",
}

func coverageJSON(c *schemetest.Coverage) []coverageKindJSON {
	var out []coverageKindJSON
	for _, k := range c.Kinds() {
		kj := coverageKindJSON{Kind: k}
		for _, it := range c.Items {
			if it.Kind != k {
				continue
			}
			kj.Total++
			if it.Covered {
				kj.Covered++
			} else {
				kj.NotCovered = append(kj.NotCovered, it.Name)
			}
		}
		out = append(out, kj)
	}
	return out
}

func printCoverage(w io.Writer, path string, c *schemetest.Coverage) {
	fmt.Fprintf(w, "coverage of %s:\n", path)
	for _, k := range coverageJSON(c) {
		many := kindPlurals[k.Kind]
		if many == "" {
			many = k.Kind + "s"
		}
		line := fmt.Sprintf("  %-9s %5.1f%%  %d of %s", k.Kind, c.Percent(k.Kind), k.Covered, plural(k.Total, k.Kind, many))
		if len(k.NotCovered) > 0 {
			line += "  not exercised: " + strings.Join(k.NotCovered, "; ")
		}
		fmt.Fprintln(w, line)
	}
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/branchscore/branchscore/schemetest"
)

func testCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "list every case, passed or not")
	update := fs.Bool("update", false, "rewrite the files' expectations to what the schemes now give")
	cover := fs.Bool("cover", false, "report which indicators, gates, bands, boundaries, grades, vetoes and tiers the cases exercised")
	minCover := fs.Float64("min-cover", 0, "fail when the coverage is below this percentage")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: branchscore test [-v] [--update] [--cover] [--min-cover N] FILE.test.yaml|DIR...")
		return 2
	}
	status := 0
	var paths []string
	for _, arg := range fs.Args() {
		// A directory stands for its *.test.yaml files, in name order.
		if info, err := os.Stat(arg); err == nil && info.IsDir() {
			found, _ := filepath.Glob(filepath.Join(arg, "*.test.yaml"))
			if len(found) == 0 {
				fmt.Fprintf(stderr, "%s: no *.test.yaml files\n", arg)
				status = 1
			}
			paths = append(paths, found...)
			continue
		}
		paths = append(paths, arg)
	}
	for _, path := range paths {
		f, err := schemetest.Load(path)
		if err != nil {
			fmt.Fprintln(stderr, err)
			fmt.Fprintf(stdout, "FAIL\t%s\t[load failed]\n", path)
			status = 1
			continue
		}
		outcomes := f.Run(context.Background())
		failed := 0
		for _, o := range outcomes {
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
				fmt.Fprintln(stderr, err)
				status = 1
				continue
			}
			fmt.Fprintf(stdout, "updated\t%s\t%d cases\n", path, len(outcomes))
			continue
		}
		line := fmt.Sprintf("ok  \t%s\t%d cases", path, len(outcomes))
		if failed > 0 {
			line = fmt.Sprintf("FAIL\t%s\t%d of %d cases failed", path, failed, len(outcomes))
			status = 1
		}
		if *cover || *minCover > 0 {
			c := schemetest.Cover(f.Scheme, outcomes)
			pct := c.Percent()
			line += fmt.Sprintf("\tcoverage: %.1f%%", pct)
			if *minCover > 0 && pct < *minCover {
				line += fmt.Sprintf(" (below %.1f%%)", *minCover)
				status = 1
			}
			if *cover {
				defer printCoverage(stdout, path, c)
			}
		}
		fmt.Fprintln(stdout, line)
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

func printCoverage(w io.Writer, path string, c *schemetest.Coverage) {
	fmt.Fprintf(w, "coverage of %s:\n", path)
	for _, k := range c.Kinds() {
		var missed []string
		for _, it := range c.Items {
			if it.Kind == k && !it.Covered {
				missed = append(missed, it.Name)
			}
		}
		line := fmt.Sprintf("  %-9s %5.1f%%", k, c.Percent(k))
		if len(missed) > 0 {
			line += "  not exercised: " + strings.Join(missed, "; ")
		}
		fmt.Fprintln(w, line)
	}
}

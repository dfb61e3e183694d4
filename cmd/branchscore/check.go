package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemetest"
)

var checkCommand = command{
	synopsis: "check [--json] FILE...",
	summary: "compile scheme files and report every problem as file:line:col: message;\n" +
		"a *.test.yaml is checked as a scheme test file (its scheme compiled, its evidence read)",
	run: checkCmd,
}

// checkJSON is one file of check --json (docs/cli.md).
type checkJSON struct {
	File        string           `json:"file"`
	Kind        string           `json:"kind"` // "scheme" or "test"
	OK          bool             `json:"ok"`
	ID          string           `json:"id,omitempty"`
	Version     string           `json:"version,omitempty"`
	Sections    int              `json:"sections,omitempty"`
	Indicators  int              `json:"indicators,omitempty"`
	Hash        string           `json:"hash,omitempty"`
	Cases       int              `json:"cases,omitempty"`
	Diagnostics []diagnosticJSON `json:"diagnostics,omitempty"`
}

type diagnosticJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
}

func isTestFile(path string) bool { return strings.HasSuffix(path, ".test.yaml") }

func checkCmd(cmd command, args []string, st streams) int {
	fs := newFlagSet("check")
	asJSON := fs.Bool("json", false, "print one object per file as JSON (docs/cli.md)")
	files, status, done := parseArgs(fs, cmd, args, st)
	if done {
		return status
	}
	if len(files) == 0 {
		return usageError(cmd, st, "no files given")
	}
	out := []checkJSON{}
	for _, f := range files {
		c := checkJSON{File: f, Kind: "scheme"}
		var err error
		if isTestFile(f) {
			c.Kind = "test"
			var tf *schemetest.File
			if tf, err = schemetest.Load(f); err == nil {
				c.ID, c.Version, c.Cases = tf.Scheme.ID(), tf.Scheme.Version(), len(tf.Cases)
			}
		} else {
			var s *scheme.Scheme
			if s, err = scheme.CompileFile(f); err == nil {
				c.ID, c.Version = s.ID(), s.Version()
				c.Sections, c.Indicators, c.Hash = len(s.Sections()), len(s.Indicators()), "sha256:"+s.Hash()
			}
		}
		if err != nil {
			status = exitFailed
			c.Diagnostics = diagnostics(f, err)
			if !*asJSON {
				fmt.Fprintln(st.err, scheme.ErrorIn(err, st.lang))
			}
		} else {
			c.OK = true
			if !*asJSON {
				if c.Kind == "test" {
					fmt.Fprintf(st.out, "ok  %s  tests of %s %s: %s\n", f, c.ID, c.Version, plural(c.Cases, "case", "cases"))
				} else {
					fmt.Fprintf(st.out, "ok  %s  %s %s  %s, %s  %s\n", f, c.ID, c.Version,
						plural(c.Sections, "section", "sections"), plural(c.Indicators, "indicator", "indicators"), c.Hash[:len("sha256:")+12])
				}
			}
		}
		out = append(out, c)
	}
	if *asJSON {
		if err := writeJSON(st.out, out); err != nil {
			fmt.Fprintln(st.err, scheme.ErrorIn(err, st.lang))
			return exitFailed
		}
	}
	return status
}

var diagLine = regexp.MustCompile(`^(.+?):(\d+)(?::(\d+))?: (.*)$`)

// diagnostics splits err into positioned diagnostics: a scheme's exactly,
// other errors line by line, with the position each line starts with.
func diagnostics(file string, err error) []diagnosticJSON {
	var ds scheme.Diagnostics
	if errors.As(err, &ds) {
		out := make([]diagnosticJSON, len(ds))
		for i, d := range ds {
			out[i] = diagnosticJSON{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Message: d.Message}
		}
		return out
	}
	var out []diagnosticJSON
	for _, line := range strings.Split(err.Error(), "\n") {
		d := diagnosticJSON{File: file, Message: line}
		if m := diagLine.FindStringSubmatch(line); m != nil {
			d.File, d.Message = m[1], m[4]
			d.Line, _ = strconv.Atoi(m[2])
			d.Col, _ = strconv.Atoi(m[3])
		}
		out = append(out, d)
	}
	return out
}

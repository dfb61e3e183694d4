// Command branchscore checks scheme files, scores evidence with them and
// verifies stored results.
//
//	branchscore check FILE...
//	branchscore eval --scheme ID|FILE [--param NAME=VALUE]... [--ledger IN.json] [--json] [--explain] EVIDENCE.json...
//	branchscore verify --scheme ID|FILE [--param NAME=VALUE]... RESULT.json EVIDENCE.json...
//	branchscore test [-v] [--update] [--cover] [--min-cover N] FILE.test.yaml...
//	branchscore diff OLD NEW EVIDENCE.json...
//	branchscore rank --scheme ID|FILE [--ledger IN.json] [--ledger-out OUT.json] [--seed SEED] [--json] EVIDENCE.json...
//
// check compiles each file and prints every diagnostic as
// file:line:col: message on stderr; it exits 0 when every file compiles and
// 1 otherwise. eval prints a breakdown per subject (or the results as JSON);
// a subject whose evidence is bad is reported on stderr and the others are
// scored regardless, with exit status 1. verify re-evaluates stored results
// under the parameters in force — the scheme's defaults, with each --param
// the host says applied — and exits 1 on any difference, naming every
// parameter a result records with another value: a result is never checked
// against the parameters it carries itself. rank scores one period's
// evidence, ranks it and decides the scheme's flags, banners and titles
// from the ledger of the period before, writing the new ledger with
// --ledger-out.
//
// eval, verify and rank refuse two evidence documents for the same subject
// and period, naming both by file and index, before scoring anything: both
// would be scored, and a link would read one of them silently. rank writes
// no ledger when a subject was not scored (or a file could not be read):
// the next period would restart that subject from the defaults. It names
// them, still prints the ranking of the others, and exits 1.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/branchscore/branchscore/scheme"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  branchscore check FILE...                                   compile scheme files and report every problem
  branchscore eval --scheme ID|FILE [--param NAME=VALUE]... [--ledger IN.json]
                   [--json] [--explain] EVIDENCE.json...      score evidence (with the ledger of the
                                                              period before: carried balances)
  branchscore verify --scheme ID|FILE [--param NAME=VALUE]... RESULT.json EVIDENCE.json...
                                                              re-evaluate stored results under the
                                                              parameters in force (default the scheme's)
  branchscore rank --scheme ID|FILE [--ledger IN.json] [--ledger-out OUT.json]
                   [--seed SEED] [--param NAME=VALUE]... [--json] EVIDENCE.json...
                                                              rank a period, award flags and banners;
                                                              no ledger is written if a subject fails
  branchscore test [-v] [--update] [--cover] [--min-cover N] FILE.test.yaml...
                                                              run scheme test files
  branchscore diff OLD NEW EVIDENCE.json...                   how a scheme change moves each subject's score
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		return check(args[1:], stdout, stderr)
	case "eval":
		return evalCmd(args[1:], stdout, stderr)
	case "verify":
		return verifyCmd(args[1:], stdout, stderr)
	case "rank":
		return rankCmd(args[1:], stdout, stderr)
	case "test":
		return testCmd(args[1:], stdout, stderr)
	case "diff":
		return diffCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "branchscore: unknown command %q\n%s", args[0], usage)
	return 2
}

func check(files []string, stdout, stderr io.Writer) int {
	if len(files) == 0 {
		fmt.Fprint(stderr, "branchscore check: no files given\n"+usage)
		return 2
	}
	status := 0
	for _, f := range files {
		s, err := scheme.CompileFile(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			status = 1
			continue
		}
		fmt.Fprintf(stdout, "ok  %s  %s %s  %d sections, %d indicators  sha256:%s\n",
			f, s.ID(), s.Version(), len(s.Sections()), len(s.Indicators()), s.Hash()[:12])
	}
	return status
}

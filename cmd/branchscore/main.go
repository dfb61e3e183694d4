// Command branchscore checks scheme files, scores evidence with them,
// verifies stored results and runs scheme tests.
//
//	branchscore check [--json] FILE...
//	branchscore eval --scheme ID|FILE [--param NAME=VALUE]... [--json] [--explain] EVIDENCE.json...
//	branchscore verify --scheme ID|FILE [--param NAME=VALUE]... [--json] RESULT.json EVIDENCE.json...
//	branchscore rank --scheme ID|FILE [--ledger IN.json] [--ledger-out OUT.json] [--seed SEED] [--json] [--explain] EVIDENCE.json...
//	branchscore test [-v] [--update] [--cover] [--min-cover N] [--json] [FILE.test.yaml | DIR | DIR/...]...
//	branchscore diff [--json] OLD NEW EVIDENCE.json...
//	branchscore version
//
// Flags may come before or after the arguments; "--" ends them. An
// evidence argument "-" reads evidence from standard input. Every
// subcommand prints its usage with -h or --help and exits 0. Exit status:
// 0 when everything is fine, 1 when a failure was found (a diagnostic, a
// subject not scored, a failing case, a stored result that differs), 2 for
// a wrong command line; diff exits 0 when nothing moved, 1 when something
// did and 2 when it could not compare. docs/cli.md has every command, the
// --json shapes and the exit statuses.
//
// check compiles each scheme file and prints every diagnostic as
// file:line:col: message on stderr; a *.test.yaml is loaded as a scheme
// test file (its scheme compiled, its evidence read). eval prints a
// breakdown per subject (or the results as JSON); a subject whose evidence
// is bad is reported on stderr and the others are scored regardless.
// verify re-evaluates stored results under the parameters in force — the
// scheme's defaults, with each --param the host says applied — naming
// every parameter a result records with another value: a result is never
// checked against the parameters it carries itself. rank scores one
// period's evidence, ranks it and decides the scheme's flags, banners and
// titles from the ledger of the period before, writing the new ledger with
// --ledger-out. test runs scheme test files, like go test: a directory
// runs the *.test.yaml files in it, DIR/... those below it too.
//
// eval, verify and rank refuse two evidence documents for the same subject
// and period, naming both by file and index, before scoring anything: both
// would be scored, and a link would read one of them silently. rank writes
// no ledger when a subject was not scored (or a file could not be read):
// the next period would restart that subject from the defaults. It names
// them, still prints the ranking of the others, and exits 1. A subject
// linked to a unit whose evidence was not given is reported with the file
// to pass when one beside the evidence holds it.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func main() {
	os.Exit(runIO(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// commands, in the order the usage lists them.
var commands = []struct {
	name string
	cmd  command
}{
	{"check", checkCommand},
	{"eval", evalCommand},
	{"verify", verifyCommand},
	{"rank", rankCommand},
	{"test", testCommand},
	{"diff", diffCommand},
	{"version", versionCommand},
}

func usageText() string {
	var b strings.Builder
	b.WriteString("usage: branchscore COMMAND [ARGUMENTS]; branchscore COMMAND --help for one command\n\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  branchscore %s\n      %s\n", c.cmd.synopsis, strings.ReplaceAll(c.cmd.summary, "\n", "\n      "))
	}
	b.WriteString(`
Flags may come before or after the arguments; "--" ends them. EVIDENCE "-"
reads evidence from standard input.

exit status: 0 all fine; 1 a failure found (a diagnostic, a subject not
scored, a failing case, a stored result that differs); 2 a wrong command
line. diff: 0 nothing moved, 1 something moved, 2 could not compare.
`)
	return b.String()
}

// run runs the command line args with standard input os.Stdin.
func run(args []string, stdout, stderr io.Writer) int {
	return runIO(args, os.Stdin, stdout, stderr)
}

func runIO(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	st := streams{in: stdin, out: stdout, err: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return runIO([]string{args[1], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usageText())
		return exitOK
	case "-version", "--version":
		args[0] = "version"
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.cmd.run(c.cmd, args[1:], st)
		}
	}
	fmt.Fprintf(stderr, "branchscore: unknown command %q\n%s", args[0], usageText())
	return exitUsage
}

var versionCommand = command{
	synopsis: "version",
	summary:  "print the module version and the VCS revision the binary was built from",
	run:      versionCmd,
}

func versionCmd(cmd command, args []string, st streams) int {
	pos, status, done := parseArgs(newFlagSet("version"), cmd, args, st)
	if done {
		return status
	}
	if len(pos) > 0 {
		return usageError(cmd, st, "no arguments expected")
	}
	bi, ok := debug.ReadBuildInfo()
	fmt.Fprint(st.out, versionText(bi, ok))
	return exitOK
}

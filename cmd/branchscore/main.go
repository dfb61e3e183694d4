// Command branchscore checks scheme files, scores evidence with them,
// verifies stored results and runs scheme tests.
//
// For CLI users: clerks writing and testing scheme files (check, test,
// diff), and operators scoring and publishing a period (eval, rank,
// report, verify). Hosts import the packages instead (evidence, scheme,
// engine). Read first: docs/cli.md; docs/scheme-language.md for the files.
//
//	branchscore check [--json] FILE...
//	branchscore eval --scheme ID|FILE [--param NAME=VALUE]... [--ledger IN.json] [--json] [--explain] EVIDENCE.json...
//	branchscore verify --scheme ID|FILE [--param NAME=VALUE]... [--json] RESULT.json EVIDENCE.json...
//	branchscore rank --scheme ID|FILE [--ledger IN.json] [--ledger-out OUT.json] [--seed SEED] [--json] [--explain] EVIDENCE.json...
//	branchscore test [-v] [--update] [--cover] [--min-cover N] [--json] [FILE.test.yaml | DIR | DIR/...]...
//	branchscore diff [--json] OLD NEW EVIDENCE.json...
//	branchscore report sheet|board|standard --scheme ID|FILE [--ledger IN.json] [--subject ID] [--date DATE] [-o FILE] [EVIDENCE.json...]
//	branchscore report --scheme ID|FILE [--ledger IN.json] [--format html] --out DIR EVIDENCE.json...
//	branchscore report --scheme ID|FILE [--format html] --standard --out FILE
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
// Diagnostics and evidence errors are printed in English or in Chinese,
// with the same positions and paths: --lang en|zh (given anywhere before
// the files, for every command) decides; else the first of LC_ALL,
// LC_MESSAGES and LANG that is set (zh_CN.UTF-8 is Chinese; a language
// without a catalog is English). The messages of CEL's parser and
// checker stay English inside a Chinese sentence.
//
// eval, verify, rank and diff refuse two evidence documents for the same
// subject and period, naming both by file and index, before scoring
// anything: both would be scored, and a link would read one of them
// silently. rank writes
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

	"github.com/branchscore/branchscore/scheme"
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
	{"report", reportCommand},
	{"version", versionCommand},
}

// language picks the language of diagnostics and evidence errors and
// returns args without the --lang flag: --lang en|zh (or --lang=zh, -lang)
// before a "--" wins; else the first of LC_ALL, LC_MESSAGES and LANG that
// is set, as POSIX orders them; else English.
func language(args []string, getenv func(string) string) (scheme.Lang, []string, error) {
	lang, flagged := scheme.English, false
	rest := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return "", nil, fmt.Errorf("flag --lang needs a value: en or zh")
			}
			i++
			value = args[i]
		}
		if value != string(scheme.English) && value != string(scheme.Chinese) {
			return "", nil, fmt.Errorf("--lang %s: want en or zh", value)
		}
		lang, flagged = scheme.Lang(value), true
	}
	if !flagged {
		for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
			if s := getenv(v); s != "" {
				if l, ok := scheme.ParseLang(s); ok {
					lang = l
				}
				break
			}
		}
	}
	return lang, rest, nil
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

Every command takes --lang en|zh: the language of diagnostics and evidence
errors (default: LC_ALL, LC_MESSAGES or LANG; zh_CN.UTF-8 is Chinese).

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

// runIO is run reading standard input from stdin.
func runIO(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runAll(args, os.Getenv, stdin, stdout, stderr)
}

// runEnv is run reading the environment through getenv.
func runEnv(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return runAll(args, getenv, os.Stdin, stdout, stderr)
}

// runAll runs the command line with the language of its --lang flag or
// environment (language), stdin, stdout and stderr.
func runAll(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	lang, args, err := language(args, getenv)
	if err != nil {
		fmt.Fprintf(stderr, "branchscore: %v\n%s", err, usageText())
		return exitUsage
	}
	st := streams{in: stdin, out: stdout, err: stderr, lang: lang}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return runAll([]string{args[1], "--help"}, getenv, stdin, stdout, stderr)
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

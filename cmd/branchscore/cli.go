package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/branchscore/branchscore/scheme"
)

// Exit statuses, as docs/cli.md documents them.
const (
	exitOK      = 0 // everything checked, scored or verified is fine
	exitFailed  = 1 // a failure found: a diagnostic, a failing case, a difference, a subject not scored
	exitUsage   = 2 // the command line is wrong
	exitTrouble = 2 // diff only: it could not compare (diff(1)'s convention)
)

// streams are a command's standard input, output and error.
type streams struct {
	in       io.Reader
	out, err io.Writer
	lang     scheme.Lang // of diagnostics and evidence errors
}

// command is one subcommand: its synopsis (the usage line after
// "branchscore ") and what it does.
type command struct {
	synopsis string
	summary  string
	run      func(cmd command, args []string, st streams) int
}

func newFlagSet(name string) *flag.FlagSet {
	return flag.NewFlagSet(name, flag.ContinueOnError)
}

// parseArgs parses args into fs, taking flags before, between and after
// the arguments, as go and opa do; "--" ends the flags. It returns the
// arguments and, when done, the status to exit with: 0 after -h or --help
// (the usage on stdout), 2 on a bad flag (the error and usage on stderr).
func parseArgs(fs *flag.FlagSet, cmd command, args []string, st streams) (pos []string, status int, done bool) {
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: branchscore %s\n\n%s\n", cmd.synopsis, cmd.summary)
		var flags strings.Builder
		fs.SetOutput(&flags)
		fs.PrintDefaults()
		if flags.Len() > 0 {
			fmt.Fprintf(w, "\nflags (before or after the arguments):\n%s", flags.String())
		}
		fmt.Fprintln(w, "\nexit status: see branchscore help, or docs/cli.md")
	}
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	for {
		before := len(args)
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			usage(st.out)
			return nil, exitOK, true
		case err != nil:
			fmt.Fprintf(st.err, "branchscore %s: %v\n", fs.Name(), err)
			usage(st.err)
			return nil, exitUsage, true
		}
		rest := fs.Args()
		if consumed := before - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), 0, false
		}
		if len(rest) == 0 {
			return pos, 0, false
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError reports a wrong command line: what is wrong, then the usage.
func usageError(cmd command, st streams, format string, args ...any) int {
	name, _, _ := strings.Cut(cmd.synopsis, " ")
	fmt.Fprintf(st.err, "branchscore %s: %s\nusage: branchscore %s\n", name, fmt.Sprintf(format, args...), cmd.synopsis)
	return exitUsage
}

// plural writes "1 case", "2 cases", "1 boundary", "3 boundaries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// writeJSON writes v as indented JSON, HTML left unescaped.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// versionText is what "branchscore version" prints: the module's version
// (a tag when installed with go install …@v1.2.3, "(devel)" when built in
// a clone) and the VCS revision and time the binary was built from, with
// "+modified" for a tree with uncommitted changes.
func versionText(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "branchscore (no build information)\n"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(unknown)"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	line := "branchscore " + v
	if rev := settings["vcs.revision"]; rev != "" {
		line += " " + settings["vcs"] + " " + rev
		if settings["vcs.modified"] == "true" {
			line += "+modified"
		}
		if t := settings["vcs.time"]; t != "" {
			line += " " + t
		}
	} else if v == "(devel)" {
		// Built from source without the revision stamped: say so, so
		// that "(devel)" alone does not read as a fault.
		line += " (no VCS revision: built with -buildvcs=false or outside a git clone)"
	}
	if bi.GoVersion != "" {
		line += " " + bi.GoVersion
	}
	return line + "\n"
}

// Progress on stderr, for long runs at a terminal only: a log or a pipe
// gets nothing. Tests replace isTerminal and the delays.
var (
	isTerminal = func(w io.Writer) bool {
		f, ok := w.(*os.File)
		if !ok {
			return false
		}
		fi, err := f.Stat()
		return err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
	progressAfter = 2 * time.Second        // shown once a run has taken this long
	progressEvery = 200 * time.Millisecond // and then rewritten at most this often
)

// progress shows "scored N of M subjects" on one line of stderr, rewritten
// in place, and clears it at the end. A nil *progress shows nothing.
type progress struct {
	w            io.Writer
	verb         string
	total        int
	start, shown time.Time
}

func newProgress(w io.Writer, verb string, total int) *progress {
	if !isTerminal(w) {
		return nil
	}
	return &progress{w: w, verb: verb, total: total, start: time.Now()}
}

// update shows done of total, when the run has lasted long enough and the
// line was not rewritten just now.
func (p *progress) update(done int) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < progressAfter || (!p.shown.IsZero() && now.Sub(p.shown) < progressEvery && done < p.total) {
		return
	}
	p.shown = now
	fmt.Fprintf(p.w, "\r%s %d of %s…", p.verb, done, plural(p.total, "subject", "subjects"))
}

// finish clears the line, if one was shown.
func (p *progress) finish() {
	if p == nil || p.shown.IsZero() {
		return
	}
	fmt.Fprint(p.w, "\r\033[K")
}

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/report"
	"github.com/branchscore/branchscore/scheme"
)

// reportFolderCommand is `branchscore report --format html --out DIR`:
// the pages of a whole period at once, as the issue asks for them.
var reportFolderCommand = command{
	synopsis: "report --scheme ID|FILE [--param NAME=VALUE]... [--ledger IN.json] [--date DATE]\n" +
		"                 [--format html] --out DIR EVIDENCE.json...\n" +
		"       branchscore report --scheme ID|FILE [--param NAME=VALUE]... [--date DATE] [--format html]\n" +
		"                 --standard --out FILE",
	summary: "write a period as a folder of pages: index.html (the board, 牌板), standard.html (the\n" +
		"published standard, 公示) and one score sheet (考核评分表) per subject, sheet-ID.html, each\n" +
		"linked from the board. Evidence of several periods is ranked period by period from --ledger:\n" +
		"the pages are of the last, and its board charts the totals of all. DIR must be new or empty,\n" +
		"so that no page of another run is left beside these. With --standard, write the published\n" +
		"standard alone to FILE. The spreadsheet (--format xlsx) is written by examples/xlsx-export,\n" +
		"a module of its own, so that this tool carries no spreadsheet library.",
}

// reportFolder runs reportFolderCommand; args are all flags and files.
func reportFolder(st streams, args []string) int {
	cmd := reportFolderCommand
	fs := newFlagSet("report")
	schemeRef := fs.String("scheme", "", "the scheme, `ID|FILE`: a built-in id or a scheme file (required)")
	date := fs.String("date", "", "the `DATE` on the signature lines (default: left blank to fill in by hand)")
	format := fs.String("format", "html", "html (xlsx: use examples/xlsx-export)")
	out := fs.String("out", "", "the folder to write (with --standard: the file) (required)")
	standard := fs.Bool("standard", false, "write the published standard alone, to the file --out")
	ledgerIn := fs.String("ledger", "", "the ledger of the period before the first one given, `IN.json`")
	params := paramFlag{}
	fs.Var(params, "param", "override a parameter, `NAME=VALUE` (repeatable)")
	files, status, done := parseArgs(fs, cmd, args, st)
	if done {
		return status
	}
	switch *format {
	case "html":
	case "xlsx":
		return usageError(cmd, st, "this tool writes no spreadsheet: the core carries no spreadsheet library; "+
			"run examples/xlsx-export (go run ./examples/xlsx-export --scheme ID -o OUT.xlsx EVIDENCE.json...)")
	default:
		return usageError(cmd, st, "unknown format %q: want html", *format)
	}
	if *out == "" {
		return usageError(cmd, st, "--out is required")
	}
	min := 1
	if *standard {
		min = 0
		if len(files) > 0 || *ledgerIn != "" {
			return usageError(cmd, st, "the standard takes no evidence and no ledger")
		}
	}
	if msg := checkEvidenceArgs(*schemeRef, files, min); msg != "" {
		return usageError(cmd, st, "%s", msg)
	}
	s, err := loadScheme(*schemeRef, params)
	if err != nil {
		fmt.Fprintln(st.err, scheme.ErrorIn(err, st.lang))
		return exitFailed
	}
	opts := report.Options{Date: *date}
	if *standard {
		var buf bytes.Buffer
		if err := report.WriteStandard(&buf, s, opts); err != nil {
			fmt.Fprintln(st.err, err)
			return exitFailed
		}
		return emit(st, *out, buf.Bytes())
	}
	if err := emptyDir(*out); err != nil {
		fmt.Fprintln(st.err, err)
		return exitFailed
	}
	prev, batch, idx, ok := loadPeriods(st, files, *ledgerIn)
	if !ok {
		return exitFailed
	}
	runs, ok := scorePeriods(st, s, flatten(batch), batch, idx, prev)
	if !ok {
		return exitFailed
	}
	last := runs[len(runs)-1]
	var history []*engine.Ranking
	for _, r := range runs[:len(runs)-1] {
		history = append(history, r.ranking)
	}
	pages := map[string][]byte{}
	names := sheetNames(last.ranking)
	opts.Sheet = func(id string) string { return names[id] }
	opts.Standard = "standard.html"
	var buf bytes.Buffer
	if err := report.WriteBoard(&buf, s, last.ranking, history, opts); err != nil {
		fmt.Fprintln(st.err, err)
		return exitFailed
	}
	pages["index.html"] = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := report.WriteStandard(&buf, s, report.Options{Date: *date}); err != nil {
		fmt.Fprintln(st.err, err)
		return exitFailed
	}
	pages["standard.html"] = bytes.Clone(buf.Bytes())
	for _, r := range last.results {
		buf.Reset()
		if err := report.WriteSheet(&buf, s, r, report.Options{Date: *date}); err != nil {
			fmt.Fprintln(st.err, err)
			return exitFailed
		}
		pages[names[r.Subject.ID]] = bytes.Clone(buf.Bytes())
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(st.err, err)
		return exitFailed
	}
	for name, page := range pages {
		if err := os.WriteFile(filepath.Join(*out, name), page, 0o644); err != nil {
			fmt.Fprintln(st.err, err)
			return exitFailed
		}
	}
	fmt.Fprintf(st.out, "%s: the board of %s (index.html), the standard and %s\n",
		*out, last.ranking.Period, plural(len(last.results), "score sheet", "score sheets"))
	return exitOK
}

// emptyDir refuses a folder that holds anything: a page of another run
// left beside these would read as one of them.
func emptyDir(dir string) error {
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(ents) > 0:
		return fmt.Errorf("%s is not empty: give a new or empty folder, so that no page of another run is left beside these", dir)
	}
	return nil
}

// sheetNames are the file names of the subjects' sheets: sheet-ID.html
// for an id of up to 64 letters, digits, '.', '_' and '-' that starts with
// a letter or digit; sheet-_xHEX.html (the id's bytes in hex) for any other
// up to 64 bytes, and sheet-_hSHA256.html for a longer one: no id names a
// path outside the folder, and two ids do not share a file.
func sheetNames(rk *engine.Ranking) map[string]string {
	out := map[string]string{}
	for _, e := range rk.Entries {
		out[e.Subject.ID] = "sheet-" + fileSafe(e.Subject.ID) + ".html"
	}
	return out
}

func fileSafe(id string) string {
	if len(id) > 64 {
		sum := sha256.Sum256([]byte(id))
		return "_h" + hex.EncodeToString(sum[:])
	}
	ok := id != ""
	for i := 0; ok && i < len(id); i++ {
		c := id[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		ok = alnum || i > 0 && (c == '.' || c == '_' || c == '-')
	}
	if ok {
		return id
	}
	return "_x" + hex.EncodeToString([]byte(id))
}

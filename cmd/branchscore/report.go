package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sort"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/report"
	"github.com/branchscore/branchscore/scheme"
)

var reportCommand = command{
	synopsis: "report sheet|board|standard --scheme ID|FILE [--param NAME=VALUE]... [--ledger IN.json]\n" +
		"                 [--subject ID] [--date DATE] [-o FILE] [EVIDENCE.json...]",
	summary: "write a page as HTML: a subject's score sheet (考核评分表), the period's board (牌板)\n" +
		"or the scheme's published standard (公示). A period as a folder of pages (the board, the\n" +
		"standard and every subject's sheet), or the standard alone:\n\n" +
		"  branchscore report --scheme ID|FILE [--ledger IN.json] [--format html] --out DIR EVIDENCE.json...\n" +
		"  branchscore report --scheme ID|FILE [--format html] --standard --out FILE\n\n" +
		"(branchscore report --out DIR --help says more)",
	run: reportCmd,
}

var reportPages = map[string]command{
	"sheet": {
		synopsis: "report sheet --scheme ID|FILE [--param NAME=VALUE]... [--ledger IN.json] [--subject ID]\n" +
			"                 [--date DATE] [-o FILE] EVIDENCE.json...",
		summary: "write one subject's score sheet (考核评分表) as HTML; --subject names it when the\n" +
			"evidence holds several (a linked unit's evidence, or a whole period)",
	},
	"board": {
		synopsis: "report board --scheme ID|FILE [--param NAME=VALUE]... [--ledger IN.json] [--date DATE]\n" +
			"                 [-o FILE] EVIDENCE.json...",
		summary: "write a period's board (牌板) as HTML; evidence of several periods is ranked period by\n" +
			"period from --ledger, and the board of the last carries a chart of the totals",
	},
	"standard": {
		synopsis: "report standard --scheme ID|FILE [--param NAME=VALUE]... [--date DATE] [-o FILE]",
		summary:  "write the scheme as the published scoring standard (公示) as HTML",
	},
}

func reportCmd(cmd command, args []string, st streams) int {
	if len(args) == 0 {
		return usageError(cmd, st, "which page: sheet, board or standard; or --out DIR for a period's pages")
	}
	if len(args[0]) > 1 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help" && args[0] != "-help" {
		return reportFolder(st, args)
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprintf(st.out, "usage: branchscore %s\n\n%s\n", cmd.synopsis, cmd.summary)
		return exitOK
	}
	page, ok := reportPages[args[0]]
	if !ok {
		return usageError(cmd, st, "unknown page %q: want sheet, board or standard", args[0])
	}
	name := args[0]
	fs := newFlagSet("report " + name)
	schemeRef := fs.String("scheme", "", "the scheme, `ID|FILE`: a built-in id or a scheme file (required)")
	date := fs.String("date", "", "the `DATE` on the signature line (default: left blank to fill in by hand)")
	out := fs.String("o", "", "write the page to this `FILE` (default: standard output)")
	params := paramFlag{}
	fs.Var(params, "param", "override a parameter, `NAME=VALUE` (repeatable)")
	var ledgerIn, subject *string
	if name != "standard" {
		ledgerIn = fs.String("ledger", "", "the ledger of the period before the first one given, `IN.json`")
	}
	if name == "sheet" {
		subject = fs.String("subject", "", "the subject whose sheet to write, by its `ID`")
	}
	files, status, done := parseArgs(fs, page, args[1:], st)
	if done {
		return status
	}
	min := 1
	if name == "standard" {
		min = 0
		if len(files) > 0 {
			return usageError(page, st, "the standard takes no evidence")
		}
	}
	if msg := checkEvidenceArgs(*schemeRef, files, min); msg != "" {
		return usageError(page, st, "%s", msg)
	}
	s, err := loadScheme(*schemeRef, params)
	if err != nil {
		fmt.Fprintln(st.err, scheme.ErrorIn(err, st.lang))
		return exitFailed
	}
	opts := report.Options{Date: *date}
	var buf bytes.Buffer
	switch name {
	case "standard":
		err = report.WriteStandard(&buf, s, opts)
	case "sheet", "board":
		prev, batch, idx, ok := loadPeriods(st, files, *ledgerIn)
		if !ok {
			return exitFailed
		}
		all := flatten(batch)
		if name == "sheet" {
			return writeSheet(page, st, s, all, batch, idx, prev, *subject, opts, *out)
		}
		runs, ok := scorePeriods(st, s, all, batch, idx, prev)
		if !ok {
			return exitFailed
		}
		var history []*engine.Ranking
		for _, r := range runs[:len(runs)-1] {
			history = append(history, r.ranking)
		}
		err = report.WriteBoard(&buf, s, runs[len(runs)-1].ranking, history, opts)
	}
	if err != nil {
		fmt.Fprintln(st.err, err)
		return exitFailed
	}
	return emit(st, *out, buf.Bytes())
}

// emit writes a page to path, or to standard output.
func emit(st streams, path string, page []byte) int {
	if path == "" {
		if _, err := st.out.Write(page); err != nil {
			fmt.Fprintln(st.err, err)
			return exitFailed
		}
		return exitOK
	}
	if err := os.WriteFile(path, page, 0o644); err != nil {
		fmt.Fprintln(st.err, err)
		return exitFailed
	}
	return exitOK
}

// loadPeriods reads the ledger of the period before (when ledgerIn names
// one) and the evidence files, and indexes the linked units among them;
// ok is false when any of it could not be read, which is reported.
func loadPeriods(st streams, files []string, ledgerIn string) (prev *engine.Ledger, batch []evidenceFile, idx func(subjectID, period string) (*evidence.Evidence, bool), ok bool) {
	if ledgerIn != "" {
		var err error
		if prev, err = readLedger(ledgerIn); err != nil {
			fmt.Fprintf(st.err, "%s: %s\n", ledgerIn, scheme.ErrorIn(err, st.lang))
			return nil, nil, nil, false
		}
	}
	if batch, ok = loadAll(files, st); !ok {
		return nil, nil, nil, false
	}
	idx, err := units(batch)
	if err != nil {
		fmt.Fprintln(st.err, scheme.ErrorIn(err, st.lang))
		return nil, nil, nil, false
	}
	return prev, batch, idx, true
}

func readLedger(path string) (*engine.Ledger, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return engine.DecodeLedger(f)
}

func writeSheet(cmd command, st streams, s *scheme.Scheme, all []*evidence.Evidence, batch []evidenceFile,
	idx func(string, string) (*evidence.Evidence, bool), prev *engine.Ledger, subject string, opts report.Options, out string) int {
	var ev *evidence.Evidence
	if subject == "" {
		if len(all) > 1 {
			return usageError(cmd, st, "the evidence holds %s: name one with --subject", plural(len(all), "subject", "subjects"))
		}
		ev = all[0]
	} else {
		var periods []string
		for _, e := range all {
			if e.Subject.ID == subject {
				ev = e
				periods = append(periods, e.Period)
			}
		}
		switch {
		case ev == nil:
			fmt.Fprintf(st.err, "no evidence for subject %s\n", subject)
			return exitFailed
		case len(periods) > 1:
			fmt.Fprintf(st.err, "subject %s has evidence for %s; give one period's\n", subject, plural(len(periods), "period", "periods"))
			return exitFailed
		}
	}
	r, err := engine.Evaluate(context.Background(), s, ev, engine.Options{Units: idx, Ledger: prev})
	if err != nil {
		fmt.Fprintln(st.err, subjectError(ev, err, batch, st.lang))
		return exitFailed
	}
	var buf bytes.Buffer
	if err := report.WriteSheet(&buf, s, r, opts); err != nil {
		fmt.Fprintln(st.err, err)
		return exitFailed
	}
	return emit(st, out, buf.Bytes())
}

// periodRun is one period scored: its results and its ranking.
type periodRun struct {
	results []*engine.Result
	ranking *engine.Ranking
}

// scorePeriods scores and ranks each period of the evidence in order, each
// from the ledger of the one before, and returns them, oldest first. A
// subject not scored stops it: the ledgers after would be wrong.
func scorePeriods(st streams, s *scheme.Scheme, all []*evidence.Evidence, batch []evidenceFile,
	idx func(string, string) (*evidence.Evidence, bool), prev *engine.Ledger) ([]periodRun, bool) {
	byPeriod := map[string][]*evidence.Evidence{}
	var periods []evidence.Period
	for _, ev := range all {
		p, err := evidence.ParsePeriod(ev.Period)
		if err != nil {
			fmt.Fprintf(st.err, "subject %s: period %q: %v\n", ev.Subject.ID, ev.Period, err)
			return nil, false
		}
		if byPeriod[ev.Period] == nil {
			periods = append(periods, p)
		}
		byPeriod[ev.Period] = append(byPeriod[ev.Period], ev)
	}
	sort.Slice(periods, func(i, j int) bool { return periods[i].Seq() < periods[j].Seq() })
	var out []periodRun
	for _, p := range periods {
		var run periodRun
		var sums []engine.Score
		ok := true
		for _, ev := range byPeriod[p.String()] {
			r, err := engine.Evaluate(context.Background(), s, ev, engine.Options{Units: idx, Ledger: prev})
			if err != nil {
				fmt.Fprintln(st.err, subjectError(ev, err, batch, st.lang))
				ok = false
				continue
			}
			run.results = append(run.results, r)
			sums = append(sums, r.Score(s))
		}
		if !ok {
			return nil, false
		}
		rk, err := engine.Rank(s, p.String(), sums, prev)
		if err != nil {
			fmt.Fprintln(st.err, scheme.ErrorIn(err, st.lang))
			return nil, false
		}
		run.ranking = rk
		out = append(out, run)
		prev = rk.Ledger
	}
	return out, true
}

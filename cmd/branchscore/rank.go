package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

var rankCommand = command{
	synopsis: "rank --scheme ID|FILE [--ledger IN.json] [--ledger-out OUT.json] [--seed SEED]\n" +
		"                 [--param NAME=VALUE]... [--json] [--explain] EVIDENCE.json...",
	summary: "rank a period, award flags and banners from the ledger of the period before;\n" +
		"no ledger is written if a subject fails",
	run: rankCmd,
}

func rankCmd(cmd command, args []string, st streams) int {
	stdout, stderr := st.out, st.err
	fs := newFlagSet("rank")
	schemeRef := fs.String("scheme", "", "the scheme, `ID|FILE`: a built-in id or a scheme file (required)")
	ledgerIn := fs.String("ledger", "", "the ledger of the period before, `IN.json`")
	ledgerOut := fs.String("ledger-out", "", "write the period's ledger to `OUT.json`")
	seed := fs.String("seed", "", "draw the scheme's re-check sample with this `SEED`")
	asJSON := fs.Bool("json", false, "print the ranking as JSON")
	explain := fs.Bool("explain", false, "explain each subject's score, in rank order, as sentences")
	params := paramFlag{}
	fs.Var(params, "param", "override a parameter, `NAME=VALUE` (repeatable)")
	files, status, done := parseArgs(fs, cmd, args, st)
	if done {
		return status
	}
	if msg := checkEvidenceArgs(*schemeRef, files, 1); msg != "" {
		return usageError(cmd, st, "%s", msg)
	}
	s, err := loadScheme(*schemeRef, params)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return 1
	}
	var prev *engine.Ledger
	if *ledgerIn != "" {
		f, err := os.Open(*ledgerIn)
		if err == nil {
			prev, err = engine.DecodeLedger(f)
			f.Close()
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", *ledgerIn, scheme.ErrorIn(err, st.lang))
			return 1
		}
	}
	batch, ok := loadAll(files, st)
	if !ok {
		status = 1
	}
	idx, err := units(batch)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return 1
	}
	all := flatten(batch)
	period := ""
	for _, ev := range all {
		if period == "" {
			period = ev.Period
		} else if ev.Period != period {
			fmt.Fprintf(stderr, "subject %s: period %s; a ranking takes one period (%s)\n", ev.Subject.ID, ev.Period, period)
			return 1
		}
	}
	if period == "" {
		fmt.Fprintln(stderr, "no evidence to rank")
		return 1
	}
	evs := func(yield func(*evidence.Evidence, error) bool) {
		for _, ev := range all {
			if !yield(ev, nil) {
				return
			}
		}
	}
	prog := newProgress(stderr, "scored", len(all))
	defer prog.finish()
	opts := engine.BatchOptions{Options: engine.Options{Units: idx, Ledger: prev}, Progress: prog.update}
	var failed []string // subjects not scored, by id (or position)
	explained := map[string][]engine.Sentence{}
	sums, err := engine.Batch(context.Background(), s, evs, opts, func(r *engine.Result, err error) {
		if err == nil && *explain {
			explained[r.Subject.ID] = engine.Explain(s, r)
		}
		if err != nil {
			prog.finish()
			var item *engine.ItemError
			if errors.As(err, &item) && item.Index < len(all) && all[item.Index] != nil {
				fmt.Fprintln(stderr, subjectError(all[item.Index], item.Err, batch, st.lang))
			} else {
				fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
			}
			status = 1
			switch {
			case errors.As(err, &item) && item.Subject != "":
				failed = append(failed, item.Subject)
			case errors.As(err, &item):
				failed = append(failed, fmt.Sprintf("evidence[%d]", item.Index))
			default:
				failed = append(failed, err.Error())
			}
		}
	})
	prog.finish()
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return 1
	}
	rk, err := engine.Rank(s, period, sums, prev)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return 1
	}
	var draw *engine.Draw
	if *seed != "" {
		ids := make([]string, len(sums))
		for i, sm := range sums {
			ids[i] = sm.Subject.ID
		}
		if draw, err = engine.Sample(s, *seed, ids); err != nil {
			fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
			return 1
		}
	}
	if *ledgerOut != "" && (len(failed) > 0 || !ok) {
		// The ledger carries every subject into the next period: one
		// without a subject that failed would restart it from the
		// defaults, silently. Nothing is written; the ranking is still
		// shown, with exit status 1.
		var missing []string
		if !ok {
			missing = append(missing, "every subject of the files that could not be read")
		}
		sort.Strings(failed)
		missing = append(missing, failed...)
		fmt.Fprintf(stderr, "%s not written: the ledger of %s would drop what was not scored: %s; fix the evidence and rank again\n",
			*ledgerOut, period, strings.Join(missing, ", "))
		*ledgerOut = ""
		status = 1
	}
	if *ledgerOut != "" {
		data, _ := json.MarshalIndent(rk.Ledger, "", "  ")
		if err := os.WriteFile(*ledgerOut, append(data, '\n'), 0o644); err != nil {
			fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
			return 1
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		out := struct {
			*engine.Ranking
			Draw *engine.Draw `json:"draw,omitempty"`
			// Explain holds each subject's sentences, by subject id, with --explain.
			Explain map[string][]engine.Sentence `json:"explain,omitempty"`
		}{rk, draw, nil}
		if *explain {
			out.Explain = explained
		}
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
			return 1
		}
		return status
	}
	printRanking(stdout, s, rk, draw)
	if *explain {
		for _, e := range rk.Entries {
			fmt.Fprintf(stdout, "\n%d  %s（%s）%s\n", e.Rank, e.Subject.Name, e.Subject.ID, e.Total)
			for _, x := range explained[e.Subject.ID] {
				fmt.Fprintf(stdout, "  · %s\n    %s\n", x.Zh, x.En)
			}
		}
	}
	return status
}

func awardLabel(s *scheme.Scheme, id string) string {
	if a := s.Award(id); a != nil {
		return a.Label.Zh
	}
	return id
}

func printRanking(w io.Writer, s *scheme.Scheme, rk *engine.Ranking, draw *engine.Draw) {
	fmt.Fprintf(w, "%s %s — %s\n", s.Title().Zh, s.Version(), rk.Period)
	cohort := "\x00"
	for _, e := range rk.Entries {
		if e.Cohort != cohort && e.Cohort != "" {
			fmt.Fprintf(w, "  [%s]\n", e.Cohort)
		}
		cohort = e.Cohort
		rank := fmt.Sprint(e.Rank)
		if e.Shared {
			rank += "="
		}
		tier := e.Tier
		if t := s.Tier(e.Tier); t != nil {
			tier = t.Label.Zh
		}
		if e.QuotaFrom != "" {
			from := e.QuotaFrom
			if t := s.Tier(from); t != nil {
				from = t.Label.Zh
			}
			tier += "（超出" + from + "名额）"
		}
		var marks []string
		for _, a := range e.Awards {
			marks = append(marks, awardLabel(s, a))
		}
		for _, a := range e.Holds() {
			if !contains(e.Awards, a) {
				marks = append(marks, "持有"+awardLabel(s, a))
			}
		}
		total := e.Total.String()
		if rd := s.Total().Rounding; rd != nil && -e.Total.Decimal().Exponent() <= rd.Scale {
			total = e.Total.Decimal().StringFixed(rd.Scale)
		}
		fmt.Fprintf(w, "  %4s  %s %8s  %s %s\n", rank, fit(e.Subject.Name+"（"+e.Subject.ID+"）", 36), total, fit(tier, 24), strings.Join(marks, "、"))
	}
	for _, sen := range engine.ExplainRanking(s, rk) {
		fmt.Fprintf(w, "  · %s\n", sen.Zh)
	}
	if draw != nil {
		fmt.Fprintf(w, "  抽查（种子 %s）：%d / %d：%s\n", draw.Seed, draw.Count, draw.Of, strings.Join(draw.Chosen, "、"))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

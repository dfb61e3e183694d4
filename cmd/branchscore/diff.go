package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// subjectDiff is how one subject's score moved between two schemes.
type subjectDiff struct {
	id, name, period   string
	oldTotal, newTotal decimal.Decimal
	oldTier, newTier   string
	oldErr, newErr     error
	moved              []indicatorMove
}

type indicatorMove struct {
	id       string
	old, new decimal.Decimal
}

func (d *subjectDiff) size() decimal.Decimal { return d.newTotal.Sub(d.oldTotal).Abs() }

func (d *subjectDiff) changed() bool {
	return (d.oldErr == nil) != (d.newErr == nil) || !d.oldTotal.Equal(d.newTotal) || d.oldTier != d.newTier || len(d.moved) > 0
}

var diffCommand = command{
	synopsis: "diff [--json] OLD NEW EVIDENCE.json...",
	summary: "how a scheme change moves each subject's score (OLD, NEW: scheme files or built-in ids);\n" +
		"exit 0 when nothing moved, 1 when something did, 2 when it could not compare",
	run: diffCmd,
}

// diffJSON is diff --json (docs/cli.md).
type diffJSON struct {
	Old      schemeRefJSON     `json:"old"`
	New      schemeRefJSON     `json:"new"`
	Subjects int               `json:"subjects"`
	Changed  []subjectDiffJSON `json:"changed"`
}

type schemeRefJSON struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

type subjectDiffJSON struct {
	Subject    string              `json:"subject"`
	Name       string              `json:"name"`
	Period     string              `json:"period"`
	Old        scoreJSON           `json:"old"`
	New        scoreJSON           `json:"new"`
	Indicators []indicatorMoveJSON `json:"indicators,omitempty"`
}

// scoreJSON is one side of a subject's diff: its total and tier, or why it
// was not scored.
type scoreJSON struct {
	Total string `json:"total,omitempty"`
	Tier  string `json:"tier,omitempty"`
	Error string `json:"error,omitempty"`
}

type indicatorMoveJSON struct {
	ID  string `json:"id"`
	Old string `json:"old"`
	New string `json:"new"`
}

func side(total decimal.Decimal, tier string, err error) scoreJSON {
	if err != nil {
		return scoreJSON{Error: err.Error()}
	}
	return scoreJSON{Total: total.String(), Tier: tier}
}

func diffCmd(cmd command, args []string, st streams) int {
	stdout, stderr := st.out, st.err
	fs := newFlagSet("diff")
	asJSON := fs.Bool("json", false, "print the changes as JSON (docs/cli.md)")
	pos, status, done := parseArgs(fs, cmd, args, st)
	if done {
		return status
	}
	if len(pos) < 3 {
		return usageError(cmd, st, "give OLD, NEW and at least one EVIDENCE.json")
	}
	if msg := checkEvidenceArgs("-", pos[2:], 1); msg != "" {
		return usageError(cmd, st, "%s", msg)
	}
	oldS, err := loadScheme(pos[0], nil)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return exitTrouble
	}
	newS, err := loadScheme(pos[1], nil)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return exitTrouble
	}
	batch, ok := loadAll(pos[2:], st)
	if !ok {
		return exitTrouble
	}
	idx, err := units(batch)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return exitTrouble
	}
	all := flatten(batch)
	opts := engine.Options{Units: idx}
	var diffs []*subjectDiff
	for _, ev := range all {
		d := &subjectDiff{id: ev.Subject.ID, name: ev.Subject.Name, period: ev.Period}
		ro, errO := engine.Evaluate(context.Background(), oldS, ev, opts)
		rn, errN := engine.Evaluate(context.Background(), newS, ev, opts)
		d.oldErr, d.newErr = errO, errN
		if errO == nil {
			d.oldTotal, d.oldTier = ro.Total.Decimal(), ro.Tier
		}
		if errN == nil {
			d.newTotal, d.newTier = rn.Total.Decimal(), rn.Tier
		}
		if errO == nil && errN == nil {
			olds := map[string]decimal.Decimal{}
			for _, ir := range ro.Indicators {
				olds[ir.Round+"/"+ir.ID] = olds[ir.Round+"/"+ir.ID].Add(ir.Points.Decimal())
			}
			seen := map[string]bool{}
			for _, ir := range rn.Indicators {
				k := ir.Round + "/" + ir.ID
				seen[k] = true
				if o := olds[k]; !o.Equal(ir.Points.Decimal()) {
					d.moved = append(d.moved, indicatorMove{ir.ID, o, ir.Points.Decimal()})
				}
			}
			for k, o := range olds {
				if !seen[k] && !o.IsZero() {
					d.moved = append(d.moved, indicatorMove{k[strings.Index(k, "/")+1:], o, decimal.Zero})
				}
			}
			sort.SliceStable(d.moved, func(i, j int) bool {
				return d.moved[i].new.Sub(d.moved[i].old).Abs().GreaterThan(d.moved[j].new.Sub(d.moved[j].old).Abs())
			})
		}
		if d.changed() {
			diffs = append(diffs, d)
		}
	}
	sort.SliceStable(diffs, func(i, j int) bool { return diffs[i].size().GreaterThan(diffs[j].size()) })
	if *asJSON {
		out := diffJSON{Old: schemeRefJSON{oldS.ID(), oldS.Version()}, New: schemeRefJSON{newS.ID(), newS.Version()},
			Subjects: len(all), Changed: []subjectDiffJSON{}}
		for _, d := range diffs {
			dj := subjectDiffJSON{Subject: d.id, Name: d.name, Period: d.period,
				Old: side(d.oldTotal, d.oldTier, d.oldErr), New: side(d.newTotal, d.newTier, d.newErr)}
			for _, m := range d.moved {
				dj.Indicators = append(dj.Indicators, indicatorMoveJSON{m.id, m.old.String(), m.new.String()})
			}
			out.Changed = append(out.Changed, dj)
		}
		if err := writeJSON(stdout, out); err != nil {
			fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
			return exitTrouble
		}
		if len(diffs) > 0 {
			return exitFailed
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "%s %s → %s %s: %d of %s changed\n", oldS.ID(), oldS.Version(), newS.ID(), newS.Version(), len(diffs), plural(len(all), "subject", "subjects"))
	for _, d := range diffs {
		switch {
		case d.oldErr != nil || d.newErr != nil:
			fmt.Fprintf(stdout, "  %s（%s）%s\n    old: %s\n    new: %s\n", d.name, d.id, d.period, errText(d.oldErr), errText(d.newErr))
			continue
		}
		delta := d.newTotal.Sub(d.oldTotal)
		sign := ""
		if delta.IsPositive() {
			sign = "+"
		}
		fmt.Fprintf(stdout, "  %s（%s）%s  total %s → %s (%s%s)", d.name, d.id, d.period, d.oldTotal, d.newTotal, sign, delta)
		if d.oldTier != d.newTier {
			fmt.Fprintf(stdout, "  tier %s → %s", d.oldTier, d.newTier)
		}
		fmt.Fprintln(stdout)
		for _, m := range d.moved {
			fmt.Fprintf(stdout, "    %-6s %s → %s\n", m.id, m.old, m.new)
		}
	}
	if len(diffs) > 0 {
		return 1
	}
	return 0
}

func errText(err error) string {
	if err == nil {
		return "scored"
	}
	return err.Error()
}

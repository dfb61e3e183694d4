package main

import (
	"context"
	"flag"
	"fmt"
	"io"
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

func diffCmd(lang scheme.Lang, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() < 3 {
		fmt.Fprintln(stderr, "usage: branchscore diff OLD NEW EVIDENCE.json...   (OLD, NEW: scheme files or built-in ids)")
		return 2
	}
	oldS, err := loadScheme(fs.Arg(0), nil)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, lang))
		return 2
	}
	newS, err := loadScheme(fs.Arg(1), nil)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, lang))
		return 2
	}
	batch, ok := loadAll(lang, fs.Args()[2:], stderr)
	if !ok {
		return 2
	}
	all := flatten(batch)
	opts := engine.Options{Units: engine.Index(all)}
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
	fmt.Fprintf(stdout, "%s %s → %s %s: %d of %d subjects changed\n", oldS.ID(), oldS.Version(), newS.ID(), newS.Version(), len(diffs), len(all))
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

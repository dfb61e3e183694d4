// Command xlsx-export writes one period as a spreadsheet (.xlsx) for the
// committee: one row per subject in rank order, one column per indicator,
// the section subtotals, the total, the tier, the rank and the flags; a
// second sheet with every audit sentence.
//
//	go run . --scheme tingnan-2017 -o 2017-03.xlsx ../data/tingnan-2017/year/2017-03.json
//
// The workbook is written by package workbook, which the example service
// also uses. It is a module of its own so that the core stays free of the
// spreadsheet library.
//
// Numbers are exact. Each one is written as the decimal text the engine
// computed ("0.9", "-1.5") straight into the cell's value (SetCellDefault),
// as a number cell: it never passes through a float64 on the way, so the
// file holds exactly what the audit trail says. The cell's number format
// shows it at the scheme's scale: the total with its final rounding's
// places (0.00), every other figure with at least those places and up to
// the scheme's arithmetic scale (0.00##), so 1.5 reads 1.50 and 0.1234
// reads 0.1234. A spreadsheet program still holds a cell as a double once
// it opens the file; the figures of a scheme (a few digits at scale 4)
// are far inside its 15 significant digits, so what it shows is exact.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/examples/xlsx-export/workbook"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
)

func main() {
	schemeRef := flag.String("scheme", "", "built-in scheme id or scheme file (required)")
	ledgerIn := flag.String("ledger", "", "the ledger of the period before (JSON)")
	out := flag.String("o", "", "the .xlsx file to write (required)")
	flag.Parse()
	if *schemeRef == "" || *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: xlsx-export --scheme ID|FILE [--ledger IN.json] -o OUT.xlsx EVIDENCE.json...")
		os.Exit(2)
	}
	if err := run(*schemeRef, *ledgerIn, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(schemeRef, ledgerIn, out string, files []string) error {
	var s *scheme.Scheme
	var err error
	if strings.HasSuffix(schemeRef, ".yaml") {
		s, err = scheme.CompileFile(schemeRef)
	} else {
		s, err = schemes.Load(schemeRef)
	}
	if err != nil {
		return err
	}
	var prev *engine.Ledger
	if ledgerIn != "" {
		f, err := os.Open(ledgerIn)
		if err != nil {
			return err
		}
		prev, err = engine.DecodeLedger(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", ledgerIn, err)
		}
	}
	var evs []*evidence.Evidence
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		e, err := evidence.Decode(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		evs = append(evs, e...)
	}
	rs, rk, err := score(s, evs, prev)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := workbook.Write(f, s, rs, rk); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// score evaluates one period's evidence and ranks it.
func score(s *scheme.Scheme, evs []*evidence.Evidence, prev *engine.Ledger) ([]*engine.Result, *engine.Ranking, error) {
	if len(evs) == 0 {
		return nil, nil, fmt.Errorf("no evidence")
	}
	idx, err := engine.Index(evs)
	if err != nil {
		return nil, nil, err
	}
	var rs []*engine.Result
	var sums []engine.Score
	for _, ev := range evs {
		if ev.Period != evs[0].Period {
			return nil, nil, fmt.Errorf("subject %s: period %s; one period at a time (%s)", ev.Subject.ID, ev.Period, evs[0].Period)
		}
		r, err := engine.Evaluate(context.Background(), s, ev, engine.Options{Units: idx, Ledger: prev})
		if err != nil {
			return nil, nil, err
		}
		rs = append(rs, r)
		sums = append(sums, r.Score(s))
	}
	rk, err := engine.Rank(s, evs[0].Period, sums, prev)
	return rs, rk, err
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
)

type paramFlag map[string]string

func (p paramFlag) String() string { return fmt.Sprint(map[string]string(p)) }

func (p paramFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want NAME=VALUE, got %q", s)
	}
	p[k] = v
	return nil
}

// loadScheme compiles a scheme file, or a built-in scheme by id.
func loadScheme(ref string, params map[string]string) (*scheme.Scheme, error) {
	var s *scheme.Scheme
	var err error
	if _, statErr := os.Stat(ref); statErr == nil {
		s, err = scheme.CompileFile(ref)
	} else {
		s, err = schemes.Load(ref)
	}
	if err != nil {
		return nil, err
	}
	if len(params) > 0 {
		return s.WithParams(params)
	}
	return s, nil
}

type evidenceFile struct {
	path string
	evs  []*evidence.Evidence
}

// loadAll reads every evidence file; a file that cannot be read is
// reported and the rest are kept.
func loadAll(paths []string, stderr io.Writer) ([]evidenceFile, bool) {
	var out []evidenceFile
	ok := true
	for _, path := range paths {
		evs, err := evidence.ReadFile(path)
		if err != nil {
			fmt.Fprintln(stderr, err)
			ok = false
			continue
		}
		out = append(out, evidenceFile{path, evs})
	}
	return out, ok
}

// units indexes every file's evidence for links. Two documents for the
// same subject and period are refused, each pair named by file and index
// in the file: scoring both, or linking to either, would pick one
// silently.
func units(files []evidenceFile) (func(subjectID, period string) (*evidence.Evidence, bool), error) {
	var where []string // file[index] of each document, in flattened order
	for _, f := range files {
		for i := range f.evs {
			where = append(where, fmt.Sprintf("%s[%d]", f.path, i))
		}
	}
	idx, err := engine.UniqueIndex(flatten(files))
	if err == nil {
		return idx, nil
	}
	var msgs []string
	for _, e := range unjoin(err) {
		var dup *engine.DuplicateEvidenceError
		if errors.As(e, &dup) {
			e = fmt.Errorf("subject %s, period %s: given twice, in %s and %s; give one document per subject and period",
				dup.Subject, dup.Period, where[dup.First], where[dup.Second])
		}
		msgs = append(msgs, e.Error())
	}
	return nil, errors.New(strings.Join(msgs, "\n"))
}

// unjoin returns the errors joined in err, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func flatten(files []evidenceFile) []*evidence.Evidence {
	var all []*evidence.Evidence
	for _, f := range files {
		all = append(all, f.evs...)
	}
	return all
}

func evalCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	schemeRef := fs.String("scheme", "", "scheme file or built-in id (required)")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	explain := fs.Bool("explain", false, "print the audit trail as sentences")
	rectify := fs.Bool("rectification", false, "print each subject's rectification list (一支部一清单); with --json, each result carries it as \"rectification\"")
	params := paramFlag{}
	fs.Var(params, "param", "override a parameter, NAME=VALUE (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *schemeRef == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: branchscore eval --scheme ID|FILE [--param NAME=VALUE]... [--json] [--explain] [--rectification] EVIDENCE.json...")
		return 2
	}
	s, err := loadScheme(*schemeRef, params)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	status := 0
	results := []any{}
	batch, ok := loadAll(fs.Args(), stderr)
	if !ok {
		status = 1
	}
	idx, err := units(batch)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	opts := engine.Options{Units: idx}
	for _, f := range batch {
		path := f.path
		for _, ev := range f.evs {
			r, err := engine.Evaluate(context.Background(), s, ev, opts)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", path, err)
				status = 1
				continue
			}
			var items []engine.RectItem
			if *rectify {
				items = engine.Rectification(s, r)
				results = append(results, withRectification{r, items})
			} else {
				results = append(results, r)
			}
			if !*asJSON {
				printBreakdown(stdout, s, r)
				if *explain {
					for _, x := range engine.Explain(s, r) {
						fmt.Fprintf(stdout, "  · %s\n    %s\n", x.Zh, x.En)
					}
				}
				if *rectify {
					printRectification(stdout, items)
				}
				fmt.Fprintln(stdout)
			}
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(results); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	return status
}

// width is the display width of s: CJK and full-width characters count 2.
func width(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)):
			n += 2
		default:
			n++
		}
	}
	return n
}

// fit cuts s to at most w display columns and pads it to exactly w.
func fit(s string, w int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := width(string(r))
		if n+rw > w {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + strings.Repeat(" ", w-n)
}

func printBreakdown(w io.Writer, s *scheme.Scheme, r *engine.Result) {
	fmt.Fprintf(w, "%s（%s）%s — %s %s\n", r.Subject.Name, r.Subject.ID, r.Period, s.Title().Zh, s.Version())
	for _, l := range r.Links {
		fmt.Fprintf(w, "  挂钩 %s：取 %s（%s）的 %s\n", l.Name, l.UnitName, l.Unit, strings.Join(l.Inputs, "、"))
	}
	// With rounds combined on the total, each round scores every
	// indicator: one column per round.
	rounds := []string{""}
	if len(r.Rounds) > 0 {
		rounds = rounds[:0]
		head := fmt.Sprintf("    %-5s %s", "", fit("", 42))
		for _, rd := range r.Rounds {
			rounds = append(rounds, rd.ID)
			label, _, _ := strings.Cut(roundLabel(s, rd.ID), "（")
			label = fit(label, 10)
			head += " " + strings.Repeat(" ", 10-width(strings.TrimRight(label, " "))) + strings.TrimRight(label, " ")
		}
		fmt.Fprintln(w, strings.TrimRight(head, " "))
	}
	inds := map[string]engine.IndicatorResult{}
	for _, ir := range r.Indicators {
		inds[ir.Round+"/"+ir.ID] = ir
	}
	secs := map[string]engine.SectionResult{}
	for _, sr := range r.Sections {
		secs[sr.Round+"/"+sr.ID] = sr
	}
	for _, sec := range s.Sections() {
		fmt.Fprintf(w, "  %s %s\n", sec.ID, sec.Label.Zh)
		for _, ind := range sec.Indicators {
			fmt.Fprintf(w, "    %-5s %s", ind.ID, fit(ind.Label.Zh, 44))
			for _, rd := range rounds {
				ir := inds[rd+"/"+ind.ID]
				pts := ir.Points.String()
				if !ir.Applies {
					pts = "—"
				}
				if len(rounds) > 1 {
					fmt.Fprintf(w, " %10s", pts)
				} else {
					fmt.Fprintf(w, " %8s", pts)
				}
			}
			fmt.Fprintln(w)
		}
		for _, rd := range rounds {
			sr := secs[rd+"/"+sec.ID]
			fmt.Fprintf(w, "    %-5s %s %8s  × %s = %s\n", "", fit("小计 "+rd, 44), sr.Points, sr.Weight, sr.Contribution)
		}
	}
	for _, rd := range r.Rounds {
		fmt.Fprintf(w, "  %s（%d 份）%s × %s = %s\n", roundLabel(s, rd.ID), rd.Sheets, rd.Points, rd.Weight, rd.Contribution)
	}
	tier := r.Tier
	if t := s.Tier(r.Tier); t != nil {
		tier = t.Label.Zh
	}
	fmt.Fprintf(w, "  总分 %s", r.Total)
	if tier != "" {
		fmt.Fprintf(w, "  等级 %s", tier)
	}
	for _, v := range r.Vetoes {
		fmt.Fprintf(w, "  否决 %s", v.ID)
	}
	for _, v := range r.Pending {
		fmt.Fprintf(w, "  待确认 %s", v.ID)
	}
	fmt.Fprintln(w)
}

// roundLabel names an assessor round in Chinese, or by its id.
func roundLabel(s *scheme.Scheme, id string) string {
	if rs := s.Rounds(); rs != nil && rs.Round(id) != nil {
		return rs.Round(id).Label.Zh
	}
	return id
}

func verifyCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	schemeRef := fs.String("scheme", "", "scheme file or built-in id (required)")
	params := paramFlag{}
	fs.Var(params, "param", "a parameter in force when the results were made, NAME=VALUE (repeatable; default the scheme's)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *schemeRef == "" || fs.NArg() < 2 {
		fmt.Fprintln(stderr, "usage: branchscore verify --scheme ID|FILE [--param NAME=VALUE]... RESULT.json EVIDENCE.json...")
		return 2
	}
	s, err := loadScheme(*schemeRef, nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	stored, err := readResults(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Arg(0), err)
		return 1
	}
	byKey := map[string]int{}
	for i, r := range stored {
		if r == nil {
			fmt.Fprintf(stderr, "%s[%d]: null\n", fs.Arg(0), i)
			return 1
		}
		key := r.Subject.ID + "@" + r.Period
		if j, dup := byKey[key]; dup {
			fmt.Fprintf(stderr, "%s: subject %s, period %s: results [%d] and [%d] are both for it; give one\n", fs.Arg(0), r.Subject.ID, r.Period, j, i)
			return 1
		}
		byKey[key] = i
	}
	status := 0
	batch, ok := loadAll(fs.Args()[1:], stderr)
	if !ok {
		status = 1
	}
	idx, err := units(batch)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	opts := engine.Options{Units: idx, Params: params}
	for _, f := range batch {
		path := f.path
		for _, ev := range f.evs {
			key := ev.Subject.ID + "@" + ev.Period
			i, ok := byKey[key]
			if !ok {
				fmt.Fprintf(stderr, "%s: no stored result for subject %s, period %s\n", path, ev.Subject.ID, ev.Period)
				status = 1
				continue
			}
			r := stored[i]
			if err := engine.Verify(context.Background(), r, s, ev, opts); err != nil {
				fmt.Fprintf(stderr, "subject %s, period %s: %v\n", ev.Subject.ID, ev.Period, err)
				status = 1
				continue
			}
			fmt.Fprintf(stdout, "ok  %s %s total %s\n", ev.Subject.ID, ev.Period, r.Total)
		}
	}
	return status
}

// readResults reads stored results for verify (engine.DecodeResults: as
// strictly as evidence, bounded by engine.MaxResultsSize).
func readResults(path string) ([]*engine.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return engine.DecodeResults(f)
}

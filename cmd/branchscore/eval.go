package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/branchscore/branchscore/internal/msg"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/shopspring/decimal"
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

// stdinName names standard input in messages, for the argument "-".
const stdinName = "stdin"

// loadAll reads every evidence file, "-" from stdin; a file that cannot be
// read is reported and the rest are kept.
func loadAll(paths []string, st streams) ([]evidenceFile, bool) {
	stderr := st.err
	var out []evidenceFile
	ok := true
	for _, path := range paths {
		var evs []*evidence.Evidence
		var err error
		if path == "-" {
			path = stdinName
			if evs, err = evidence.Decode(st.in); err != nil {
				err = fmt.Errorf("%s: %w", path, err)
			}
		} else {
			evs, err = evidence.ReadFile(path)
		}
		if err != nil {
			fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
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
	idx, err := engine.Index(flatten(files))
	if err == nil {
		return idx, nil
	}
	var errs []error
	for _, e := range unjoin(err) {
		var dup *engine.DuplicateEvidenceError
		if errors.As(e, &dup) {
			e = msg.Errorf("subject %s, period %s: given twice, in %s and %s; give one document per subject and period",
				dup.Subject, dup.Period, where[dup.First], where[dup.Second])
		}
		errs = append(errs, e)
	}
	return nil, errors.Join(errs...)
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

var evalCommand = command{
	synopsis: "eval --scheme ID|FILE [--param NAME=VALUE]... [--ledger IN.json] [--json] [--explain] [--rectification] EVIDENCE.json...",
	summary:  "score evidence: a breakdown per subject, its audit as sentences, or the results as JSON",
	run:      evalCmd,
}

func evalCmd(cmd command, args []string, st streams) int {
	stdout, stderr := st.out, st.err
	fs := newFlagSet("eval")
	schemeRef := fs.String("scheme", "", "the scheme, `ID|FILE`: a built-in id or a scheme file (required)")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	explain := fs.Bool("explain", false, "print the audit trail as sentences")
	ledgerIn := fs.String("ledger", "", "the ledger of the period before, `IN.json`: the carried balance and the runs of repeated deductions")
	rectify := fs.Bool("rectification", false, "print each subject's rectification list (一支部一清单); with --json, each result carries it as \"rectification\"")
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
	results := []any{}
	batch, ok := loadAll(files, st)
	if !ok {
		status = 1
	}
	idx, err := units(batch)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return 1
	}
	opts := engine.Options{Units: idx}
	if *ledgerIn != "" {
		f, err := os.Open(*ledgerIn)
		if err == nil {
			opts.Ledger, err = engine.DecodeLedger(f)
			f.Close()
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", *ledgerIn, scheme.ErrorIn(err, st.lang))
			return exitFailed
		}
	}
	prog := newProgress(stderr, "scored", len(flatten(batch)))
	defer prog.finish()
	n := 0
	for _, f := range batch {
		path := f.path
		for _, ev := range f.evs {
			r, err := engine.Evaluate(context.Background(), s, ev, opts)
			n++
			prog.update(n)
			if err != nil {
				prog.finish()
				fmt.Fprintf(stderr, "%s: %s\n", path, subjectError(ev, err, batch, st.lang))
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
				if *explain {
					printExplanation(stdout, engine.ExplainResult(s, r))
				}
				printBreakdown(stdout, s, r)
				if *explain {
					printTrail(stdout, engine.ExplainResult(s, r))
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
			fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
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
		label, inputs := l.Name, make([]string, 0, len(l.Inputs))
		for _, sl := range s.Links() {
			if sl.Name == l.Name {
				label = sl.Label.Zh
			}
		}
		for _, in := range l.Inputs {
			if d := s.Input(in); d != nil && d.Label.Zh != "" {
				in = d.Label.Zh
			}
			inputs = append(inputs, in)
		}
		unit := l.UnitName
		if unit == "" {
			unit = l.Unit
		}
		fmt.Fprintf(w, "  %s：取%s的%s\n", label, unit, strings.Join(inputs, "、"))
	}
	if na := r.NotAssessed; na != nil {
		fmt.Fprintf(w, "  不参加考核：%s（无总分，不评档次）\n", na.Reason.Zh)
		return
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
		fmt.Fprintf(w, "  %s\n", sec.Label.Zh)
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
			label := "小计"
			if rd != "" {
				label += " " + roundLabel(s, rd)
			}
			line := fmt.Sprintf("    %-5s %s %8s", "", fit(label, 44), sr.Points)
			if !sr.Weight.Decimal().Equal(decimal.NewFromInt(1)) {
				line += fmt.Sprintf("  占%s，折合 %s", sr.Weight.Decimal().Mul(decimal.NewFromInt(100)).String()+"%", sr.Contribution)
			}
			fmt.Fprintln(w, line)
		}
	}
	for _, rd := range r.Rounds {
		fmt.Fprintf(w, "  %s（%d 份）%s，占%s，折合 %s\n", roundLabel(s, rd.ID), rd.Sheets, rd.Points,
			rd.Weight.Decimal().Mul(decimal.NewFromInt(100)).String()+"%", rd.Contribution)
	}
	total := r.Total.String()
	if rd := s.Total().Rounding; rd != nil && -r.Total.Decimal().Exponent() <= rd.Scale {
		total = r.Total.Decimal().StringFixed(rd.Scale)
	}
	fmt.Fprintf(w, "  总分 %s", total)
	if t := s.Tier(r.Tier); t != nil {
		fmt.Fprintf(w, "  等级 %s", t.Label.Zh)
	}
	for _, v := range r.Vetoes {
		label := v.ID
		if d := s.Veto(v.ID); d != nil {
			label = d.Label.Zh
		}
		fmt.Fprintf(w, "  一票否决：%s", label)
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

var verifyCommand = command{
	synopsis: "verify --scheme ID|FILE [--param NAME=VALUE]... [--json] RESULT.json EVIDENCE.json...",
	summary:  "re-evaluate stored results under the parameters in force (default the scheme's)\nand report every difference",
	run:      verifyCmd,
}

// verifyJSON is one subject of verify --json (docs/cli.md).
type verifyJSON struct {
	Subject     string          `json:"subject"`
	Period      string          `json:"period"`
	File        string          `json:"file"` // the evidence file
	OK          bool            `json:"ok"`
	Total       string          `json:"total,omitempty"` // the stored total
	Params      []paramDiffJSON `json:"params,omitempty"`
	Differences []string        `json:"differences,omitempty"`
	Error       string          `json:"error,omitempty"` // could not be verified: no stored result, bad evidence
}

type paramDiffJSON struct {
	Name    string `json:"name"`
	Result  string `json:"result"`
	InForce string `json:"in_force"`
}

func verifyCmd(cmd command, args []string, st streams) int {
	stdout, stderr := st.out, st.err
	fs := newFlagSet("verify")
	schemeRef := fs.String("scheme", "", "the scheme, `ID|FILE`: a built-in id or a scheme file (required)")
	asJSON := fs.Bool("json", false, "print one object per subject as JSON (docs/cli.md)")
	params := paramFlag{}
	fs.Var(params, "param", "a parameter in force when the results were made, `NAME=VALUE` (repeatable; default the scheme's)")
	pos, status, done := parseArgs(fs, cmd, args, st)
	if done {
		return status
	}
	if len(pos) == 1 {
		return usageError(cmd, st, "give RESULT.json and its EVIDENCE.json")
	}
	if msg := checkEvidenceArgs(*schemeRef, pos, 1); msg != "" {
		return usageError(cmd, st, "%s", msg)
	}
	if pos[0] == "-" {
		return usageError(cmd, st, "RESULT.json cannot be \"-\": only evidence is read from stdin")
	}
	s, err := loadScheme(*schemeRef, nil)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return 1
	}
	stored, err := readResults(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", pos[0], scheme.ErrorIn(err, st.lang))
		return 1
	}
	byKey := map[string]int{}
	for i, r := range stored {
		if r == nil {
			fmt.Fprintf(stderr, "%s[%d]: null\n", pos[0], i)
			return 1
		}
		key := r.Subject.ID + "@" + r.Period
		if j, dup := byKey[key]; dup {
			fmt.Fprintf(stderr, "%s: subject %s, period %s: results [%d] and [%d] are both for it; give one\n", pos[0], r.Subject.ID, r.Period, j, i)
			return 1
		}
		byKey[key] = i
	}
	batch, ok := loadAll(pos[1:], st)
	if !ok {
		status = 1
	}
	idx, err := units(batch)
	if err != nil {
		fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
		return 1
	}
	opts := engine.Options{Units: idx, Params: params}
	out := []verifyJSON{}
	prog := newProgress(stderr, "verified", len(flatten(batch)))
	defer prog.finish()
	n := 0
	for _, f := range batch {
		path := f.path
		for _, ev := range f.evs {
			n++
			prog.update(n)
			v := verifyJSON{Subject: ev.Subject.ID, Period: ev.Period, File: path}
			key := ev.Subject.ID + "@" + ev.Period
			i, found := byKey[key]
			if !found {
				v.Error = fmt.Sprintf("no stored result for subject %s, period %s", ev.Subject.ID, ev.Period)
				out = append(out, v)
				prog.finish()
				fmt.Fprintf(stderr, "%s: %s\n", path, v.Error)
				status = 1
				continue
			}
			r := stored[i]
			v.Total = r.Total.String()
			err := engine.Verify(context.Background(), r, s, ev, opts)
			var mm *engine.MismatchError
			switch {
			case errors.As(err, &mm):
				for _, p := range mm.Params {
					v.Params = append(v.Params, paramDiffJSON{p.Name, p.Result, p.InForce})
				}
				v.Differences = mm.Diffs
			case err != nil:
				v.Error = subjectError(ev, err, batch, st.lang)
			default:
				v.OK = true
			}
			out = append(out, v)
			if err != nil {
				prog.finish()
				if !*asJSON {
					fmt.Fprintln(stderr, subjectError(ev, err, batch, st.lang))
				}
				status = 1
				continue
			}
			if !*asJSON {
				fmt.Fprintf(stdout, "ok  %s %s total %s\n", ev.Subject.ID, ev.Period, r.Total)
			}
		}
	}
	if *asJSON {
		if err := writeJSON(stdout, out); err != nil {
			fmt.Fprintln(stderr, scheme.ErrorIn(err, st.lang))
			return 1
		}
	}
	return status
}

// checkEvidenceArgs says what is wrong with a command line that takes a
// scheme and evidence files (after the first skip arguments), or "".
func checkEvidenceArgs(schemeRef string, pos []string, min int) string {
	stdins := 0
	for _, p := range pos {
		if p == "-" {
			stdins++
		}
	}
	switch {
	case schemeRef == "":
		return "--scheme is required"
	case len(pos) < min:
		return "no evidence files given"
	case stdins > 1:
		return "\"-\" (stdin) given more than once"
	}
	return ""
}

// subjectError renders err for ev, naming the subject and period once:
// errors from the engine name them already. A link to a unit whose
// evidence was not given says which file to pass, when a JSON file beside
// the given ones holds that unit's evidence for the period.
func subjectError(ev *evidence.Evidence, err error, given []evidenceFile, lang scheme.Lang) string {
	var named *engine.Error
	var bad *scheme.EvidenceError
	var dup *engine.DuplicateEvidenceError
	if errors.As(err, &named) && errors.Is(err, engine.ErrNoUnitEvidence) {
		unit := strings.TrimPrefix(named.Path, "unit ")
		if f := findUnitFile(unit, named.Period, given); f != "" {
			return scheme.ErrorIn(msg.Errorf("subject %s, period %s, %s: no evidence for the linked unit %s in %s; pass %s as well, which holds it",
				named.Subject, named.Period, named.Indicator, unit, named.Period, f), lang)
		}
		return scheme.ErrorIn(msg.Errorf("subject %s, period %s, %s: no evidence for the linked unit %s in %s; pass the file with %s's %s evidence as well",
			named.Subject, named.Period, named.Indicator, unit, named.Period, unit, named.Period), lang)
	}
	if errors.As(err, &named) || errors.As(err, &bad) || errors.As(err, &dup) {
		return scheme.ErrorIn(err, lang)
	}
	return fmt.Sprintf("subject %s, period %s: %s", ev.Subject.ID, ev.Period, scheme.ErrorIn(err, lang))
}

// findUnitFile looks, in the directories of the evidence files given, for
// a JSON file holding the unit's evidence for the period; at most 200
// files are read, none twice.
func findUnitFile(unit, period string, given []evidenceFile) string {
	seenDir := map[string]bool{}
	seenFile := map[string]bool{}
	for _, f := range given {
		seenFile[filepath.Clean(f.path)] = true
	}
	budget := 200
	for _, f := range given {
		if f.path == stdinName {
			continue
		}
		dir := filepath.Dir(f.path)
		if seenDir[dir] {
			continue
		}
		seenDir[dir] = true
		matches, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, m := range matches {
			if seenFile[filepath.Clean(m)] || budget == 0 {
				continue
			}
			budget--
			evs, err := evidence.ReadFile(m)
			if err != nil {
				continue
			}
			for _, ev := range evs {
				if ev.Subject.ID == unit && ev.Period == period {
					return m
				}
			}
		}
	}
	return ""
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

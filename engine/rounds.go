package engine

import (
	"errors"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/internal/plan"
	"slices"
	"strings"

	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Assessor rounds. A scheme with rounds scores its assessor-entered
// indicators from every round's entries: within a round, each sheet (one
// assessor's complete scoring, or one sitting of it) gives one value and
// the sheets combine as the round declares (single, mean, median, trimmed
// mean; two entries on one sheet are an error, never a sum); the rounds are
// then weighted, per indicator or on the total.

// Sentinel conditions of assessor rounds, usable with errors.Is.
var (
	ErrRoundMissing = errors.New("an assessor round has no entry")
	ErrFewSheets    = errors.New("fewer sheets than the round needs")
)

// RoundResult is one round's part of a total combined on the total.
type RoundResult struct {
	ID           string `json:"id"`
	Sheets       int    `json:"sheets"`
	StandsIn     string `json:"stands_in,omitempty"` // the round whose points were used, when this one had none
	Points       Points `json:"points"`
	Weight       Points `json:"weight"`
	Contribution Points `json:"contribution"`
}

type sheetVal struct {
	key string
	pts decimal.Decimal
}

// sheetsInline is how many sheets of a round fromRounds keeps on its
// stack, and finds a sheet among by looking at each; beyond, it keeps a
// set of their keys.
const sheetsInline = 16

// hasSheet reports whether key is one of vals' keys; keys, when not nil,
// holds them.
func hasSheet(vals []sheetVal, keys map[string]bool, key string) bool {
	if keys != nil {
		return keys[key]
	}
	for i := range vals {
		if vals[i].key == key {
			return true
		}
	}
	return false
}

// addSheet appends a sheet to vals, and its key to keys once vals holds
// more than sheetsInline.
func addSheet(vals []sheetVal, keys map[string]bool, key string, pts decimal.Decimal) ([]sheetVal, map[string]bool) {
	vals = append(vals, sheetVal{key, pts})
	switch {
	case keys != nil:
		keys[key] = true
	case len(vals) > sheetsInline:
		keys = make(map[string]bool, 2*len(vals))
		for i := range vals {
			keys[vals[i].key] = true
		}
	}
	return vals, keys
}

// roundVal is what one round gave: its points and how many sheets.
type roundVal struct {
	v      decimal.Decimal
	sheets int
	ok     bool // the round had entries
}

// roundsInline is how many rounds fromRounds and runRounds keep their
// values for on their stacks.
const roundsInline = 8

// scoredRounds returns the rounds fromRounds scores: every round, or the
// one scored when rounds combine on the total.
func (e *evaluator) scoredRounds(rs *scheme.Rounds) []scheme.Round {
	if e.round == nil {
		return rs.List
	}
	for i := range rs.List {
		if &rs.List[i] == e.round {
			return rs.List[i : i+1]
		}
	}
	return []scheme.Round{*e.round}
}

// fromRounds scores an assessor-entered indicator, or one record of it
// (rec), from the rounds' entries: a graded indicator from their grades,
// a discretionary one from their points.
func (e *evaluator) fromRounds(ind *scheme.Indicator, rec string) (decimal.Decimal, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	rs := e.s.Rounds()
	rounds := e.scoredRounds(rs)
	var gotArr [roundsInline]roundVal
	got := gotArr[:0]
	if len(rounds) > roundsInline {
		got = make([]roundVal, 0, len(rounds))
	}
	// The cites are gathered on e.scratch, above mark.
	mark := len(e.scratch)
	defer func() { e.scratch = e.scratch[:mark] }()
	at, sheet := "", ""
	if rec != "" {
		at = "/"
	}
	var valsArr [sheetsInline + 1]sheetVal
	for i := range rounds {
		r := &rounds[i]
		vals := valsArr[:0]
		var keys map[string]bool // vals' keys, once there are many
		entries := e.b.Assessments(ind.ID)
		if rec != "" {
			entries = e.b.RecordAssessments(ind.ID, rec)
		}
		for j := range entries {
			a := &entries[j] // read only
			if a.Record != rec || a.Role != r.Name {
				continue
			}
			key := a.SheetKey()
			if hasSheet(vals, keys, key) {
				return decimal.Zero, nil, e.fail(where(), "assessments", msg.Errorf("%w: sheet %s of round %s scored it twice%s", ErrDuplicate, key, r.Name, forRecord(rec)))
			}
			st := Step{Kind: StepAssessment, Round: r.Name, Section: ind.Section, Indicator: ind.ID, Record: rec,
				Assessor: a.Assessor, Name: a.AssessorName, Role: a.Role, Reason: a.Reason, Time: a.Time, Match: a.Sheet}
			var p decimal.Decimal
			var err error
			if ind.Kind == scheme.Grades {
				st.Kind, st.Match = StepGrade, a.Grade
				p, err = e.gradePoints(ind, a.Grade, &st)
			} else {
				p, err = e.checkRange(ind, a)
			}
			if err != nil {
				return p, nil, err
			}
			sheet = ""
			if a.Sheet != "" {
				sheet = "@"
			}
			c := e.sb.join("assessment:", a.Assessor, "/", ind.ID, at, rec, sheet, a.Sheet)
			st.Points, st.Cites = e.pp(p), e.lb.copy(c)
			e.add(&st)
			e.scratch = append(e.scratch, c)
			vals, keys = addSheet(vals, keys, key, p)
		}
		if e.round != nil {
			// On the total, a sheet is a complete scoring: an item it left
			// blank scores 0 on it.
			// (The keys of e.roundSheets differ from each other: the sheets
			// added here are none of those looked for after them.)
			for _, key := range e.roundSheets {
				if !hasSheet(vals, keys, key) {
					vals, keys = addSheet(vals, keys, key, decimal.Zero)
					e.add(&Step{Kind: StepNotAssessed, Round: r.Name, Section: ind.Section, Indicator: ind.ID, Record: rec, Match: key, Points: e.pp(decimal.Zero)})
				}
			}
		}
		if len(vals) == 0 {
			got = append(got, roundVal{})
			continue
		}
		if len(vals) < r.Min {
			return decimal.Zero, nil, e.fail(where(), "assessments", msg.Errorf("%w: round %s has %d, it needs %d%s", ErrFewSheets, r.Name, len(vals), r.Min, forRecord(rec)))
		}
		v, err := combine(r, rs, vals)
		if err != nil {
			return v, nil, e.fail(where(), "assessments", msg.Errorf("round %s: %w", r.Name, err))
		}
		got = append(got, roundVal{v: v, sheets: len(vals), ok: true})
	}
	sum := zeroSum()
	for i := range rounds {
		r := &rounds[i]
		v, stood, err := standIn(r, rounds, got)
		if err != nil {
			return v, nil, e.fail(where(), "assessments", msg.Errorf("%w%s", err, forRecord(rec)))
		}
		we := exactOne
		if e.round == nil {
			we, _ = e.s.ConstExact(r.Weight)
		} else if got[i].sheets < 2 {
			sum.add(v)
			continue // one sheet: nothing combined, nothing weighted
		}
		st := Step{Kind: StepRound, Round: r.Name, Section: ind.Section, Indicator: ind.ID, Record: rec,
			Rule: string(r.Combine), Count: got[i].sheets, Match: stood, Before: e.pp(v)}
		contrib, _, err := e.weigh(&st, v, we)
		if err != nil {
			return v, nil, e.fail(where(), "", err)
		}
		e.add(&st)
		sum.addPoints(contrib)
	}
	return sum.value(), e.lb.copy(e.scratch[mark:]...), nil
}

// standIn returns the points of rounds[i] (r), or what its missing rule
// puts in their place; got holds what each of rounds gave.
func standIn(r *scheme.Round, rounds []scheme.Round, got []roundVal) (decimal.Decimal, string, error) {
	find := func(name string) (decimal.Decimal, bool) {
		for i := range rounds {
			if rounds[i].Name == name {
				return got[i].v, got[i].ok
			}
		}
		return decimal.Zero, false
	}
	if v, ok := find(r.Name); ok {
		return v, "", nil
	}
	switch r.Missing {
	case "error":
		return decimal.Zero, "", msg.Errorf("%w: round %s", ErrRoundMissing, r.Name)
	case "zero":
		return decimal.Zero, "", nil
	}
	if v, ok := find(r.Missing); ok {
		return v, r.Missing, nil
	}
	return decimal.Zero, "", msg.Errorf("%w: round %s, nor round %s that stands in for it", ErrRoundMissing, r.Name, r.Missing)
}

func forRecord(rec string) msg.Text {
	if rec == "" {
		return msg.Text{}
	}
	return msg.New(" for record %s", rec)
}

// cmpSheets orders sheets by their points, exactly, in machine words
// when both fit.
func cmpSheets(a, b sheetVal) int {
	return celdec.Cmp(celdec.New(a.pts), celdec.New(b.pts))
}

// combine reduces a round's sheets to one value. It may reorder vals.
func combine(r *scheme.Round, rs *scheme.Rounds, vals []sheetVal) (decimal.Decimal, error) {
	if r.Combine == scheme.Single {
		if len(vals) > 1 {
			keys := make([]string, len(vals))
			for i, v := range vals {
				keys[i] = v.key
			}
			return decimal.Zero, msg.Errorf("%w: %d sheets (%s) where the round takes one", ErrDuplicate, len(vals), strings.Join(keys, ", "))
		}
		return vals[0].pts, nil
	}
	// A mean is exact whatever the order it adds in (the sum's exponent is
	// the finest of the terms'); a median and a trimmed mean sort first.
	mean := func(vs []sheetVal) (decimal.Decimal, error) {
		sum := zeroSum()
		for _, v := range vs {
			sum.add(v.pts)
		}
		return celdec.Divide(sum.value(), celdec.SmallDecimal(int64(len(vs)), 0), rs.Scale, rs.Mode)
	}
	switch r.Combine {
	case scheme.Median:
		slices.SortStableFunc(vals, cmpSheets)
		n := len(vals)
		if n%2 == 1 {
			return vals[n/2].pts, nil
		}
		return mean(vals[n/2-1 : n/2+1])
	case scheme.TrimmedMean:
		slices.SortStableFunc(vals, cmpSheets)
		return mean(vals[r.Trim : len(vals)-r.Trim])
	}
	return mean(vals)
}

// roundSheets returns, for each round of rs.List, the sheets that scored
// anything, sorted; into out, when it has room.
func roundSheets(b plan.Binding, s *scheme.Scheme, rs *scheme.Rounds, out [][]string) [][]string {
	out = slices.Grow(out[:0], len(rs.List))[:len(rs.List)]
	round := func(role string) int {
		for i := range rs.List {
			if rs.List[i].Name == role {
				return i
			}
		}
		return -1
	}
	n := 0
	for _, ind := range s.Indicators() {
		for _, a := range b.Assessments(ind.ID) {
			if round(a.Role) >= 0 {
				n++
			}
		}
	}
	// One array holds every round's keys: each round's part has room for
	// all of them, and is then cut to the sheets it has, each once.
	keys := make([]string, 0, n)
	for i := range rs.List {
		start := len(keys)
		for _, ind := range s.Indicators() {
			as := b.Assessments(ind.ID)
			for j := range as {
				if as[j].Role == rs.List[i].Name {
					keys = append(keys, as[j].SheetKey())
				}
			}
		}
		part := keys[start:]
		slices.Sort(part)
		part = slices.Compact(part)
		out[i] = part[:len(part):len(part)]
		keys = keys[:start+len(part)]
	}
	return out
}

// runRounds scores the scheme once per round and weights the rounds'
// totals (rounds combined on the total).
func (e *evaluator) runRounds(r *Result) (decimal.Decimal, error) {
	rs := e.s.Rounds()
	var sheetsArr [roundsInline][]string
	sheets := roundSheets(e.b, e.s, rs, sheetsArr[:0])
	var gotArr [roundsInline]roundVal
	got := gotArr[:0]
	if len(rs.List) > roundsInline {
		got = make([]roundVal, 0, len(rs.List))
	}
	for i := range rs.List {
		rd := &rs.List[i]
		keys := sheets[i]
		if len(keys) == 0 {
			got = append(got, roundVal{})
			continue
		}
		if len(keys) < rd.Min {
			return decimal.Zero, e.fail("round "+rd.Name, "assessments", msg.Errorf("%w: %d sheets (%s), it needs %d", ErrFewSheets, len(keys), strings.Join(keys, ", "), rd.Min))
		}
		if rd.Combine == scheme.Single && len(keys) > 1 {
			return decimal.Zero, e.fail("round "+rd.Name, "assessments", msg.Errorf("%w: %d sheets (%s) where the round takes one", ErrDuplicate, len(keys), strings.Join(keys, ", ")))
		}
		e.round, e.roundSheets = rd, keys
		t, err := e.score(r)
		if err != nil {
			return t, err
		}
		got = append(got, roundVal{v: t, sheets: len(keys), ok: true})
	}
	e.round, e.roundSheets = nil, nil
	total := zeroSum()
	if len(rs.List) > 0 {
		r.Rounds = make([]RoundResult, 0, len(rs.List))
	}
	for i := range rs.List {
		rd := &rs.List[i]
		v, stood, err := standIn(rd, rs.List, got)
		if err != nil {
			return v, e.fail("round "+rd.Name, "assessments", err)
		}
		we, _ := e.s.ConstExact(rd.Weight)
		st := Step{Kind: StepRound, Round: rd.Name, Rule: string(rd.Combine), Count: len(sheets[i]), Match: stood, Before: e.pp(v)}
		contrib, w, err := e.weigh(&st, v, we)
		if err != nil {
			return v, e.fail("round "+rd.Name, "", err)
		}
		e.add(&st)
		r.Rounds = append(r.Rounds, RoundResult{ID: rd.Name, Sheets: len(sheets[i]), StandsIn: stood, Points: NewPoints(v), Weight: w, Contribution: contrib})
		total.addPoints(contrib)
	}
	return total.value(), nil
}

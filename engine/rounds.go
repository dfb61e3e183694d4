package engine

import (
	"errors"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/internal/plan"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/evidence"
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

// fromRounds scores an assessor-entered indicator, or one record of it
// (rec), from the rounds' entries; value turns an entry into points.
func (e *evaluator) fromRounds(ind *scheme.Indicator, rec string, value func(*evidence.Assessment, *Step) (decimal.Decimal, error)) (decimal.Decimal, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	rs := e.s.Rounds()
	rounds := rs.List
	if e.round != nil {
		rounds = []scheme.Round{*e.round}
	}
	got := map[string]decimal.Decimal{}
	sheets := map[string]int{}
	var cites []string
	for i := range rounds {
		r := &rounds[i]
		var vals []sheetVal
		seen := map[string]bool{}
		entries := e.b.Assessments(ind.ID)
		if rec != "" {
			entries = e.b.RecordAssessments(ind.ID, rec)
		}
		for _, a := range entries {
			if a.Record != rec || a.Role != r.Name {
				continue
			}
			key := a.SheetKey()
			if seen[key] {
				return decimal.Zero, nil, e.fail(where(), "assessments", msg.Errorf("%w: sheet %s of round %s scored it twice%s", ErrDuplicate, key, r.Name, forRecord(rec)))
			}
			seen[key] = true
			st := Step{Kind: StepAssessment, Round: r.Name, Section: ind.Section, Indicator: ind.ID, Record: rec,
				Assessor: a.Assessor, Name: a.AssessorName, Role: a.Role, Reason: a.Reason, Time: a.Time, Match: a.Sheet}
			p, err := value(&a, &st)
			if err != nil {
				return p, nil, err
			}
			c := "assessment:" + a.Assessor + "/" + ind.ID
			if rec != "" {
				c += "/" + rec
			}
			if a.Sheet != "" {
				c += "@" + a.Sheet
			}
			st.Points, st.Cites = e.pp(p), []string{c}
			e.add(st)
			cites = append(cites, c)
			vals = append(vals, sheetVal{key, p})
		}
		if e.round != nil {
			// On the total, a sheet is a complete scoring: an item it left
			// blank scores 0 on it.
			for _, key := range e.roundSheets {
				if !seen[key] {
					vals = append(vals, sheetVal{key, decimal.Zero})
					e.add(Step{Kind: StepNotAssessed, Round: r.Name, Section: ind.Section, Indicator: ind.ID, Record: rec, Match: key, Points: e.pp(decimal.Zero)})
				}
			}
		}
		if len(vals) == 0 {
			continue
		}
		if len(vals) < r.Min {
			return decimal.Zero, nil, e.fail(where(), "assessments", msg.Errorf("%w: round %s has %d, it needs %d%s", ErrFewSheets, r.Name, len(vals), r.Min, forRecord(rec)))
		}
		v, err := combine(r, rs, vals)
		if err != nil {
			return v, nil, e.fail(where(), "assessments", msg.Errorf("round %s: %w", r.Name, err))
		}
		got[r.Name], sheets[r.Name] = v, len(vals)
	}
	sum := decimal.Zero
	for i := range rounds {
		r := &rounds[i]
		v, stood, err := standIn(r, got)
		if err != nil {
			return v, nil, e.fail(where(), "assessments", msg.Errorf("%w%s", err, forRecord(rec)))
		}
		we := scheme.ExactOf(decimal.NewFromInt(1))
		if e.round == nil {
			we, _ = e.s.ConstExact(r.Weight)
		} else if sheets[r.Name] < 2 {
			sum = sum.Add(v)
			continue // one sheet: nothing combined, nothing weighted
		}
		st := Step{Kind: StepRound, Round: r.Name, Section: ind.Section, Indicator: ind.ID, Record: rec,
			Rule: string(r.Combine), Count: sheets[r.Name], Match: stood, Before: e.pp(v)}
		contrib, err := e.weigh(&st, v, we)
		if err != nil {
			return v, nil, e.fail(where(), "", err)
		}
		e.add(st)
		sum = sum.Add(contrib)
	}
	return sum, cites, nil
}

// standIn returns a round's points, or what its missing rule puts in
// their place.
func standIn(r *scheme.Round, got map[string]decimal.Decimal) (decimal.Decimal, string, error) {
	if v, ok := got[r.Name]; ok {
		return v, "", nil
	}
	switch r.Missing {
	case "error":
		return decimal.Zero, "", msg.Errorf("%w: round %s", ErrRoundMissing, r.Name)
	case "zero":
		return decimal.Zero, "", nil
	}
	if v, ok := got[r.Missing]; ok {
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

// combine reduces a round's sheets to one value.
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
	sorted := append([]sheetVal(nil), vals...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].pts.LessThan(sorted[j].pts) })
	mean := func(vs []sheetVal) (decimal.Decimal, error) {
		sum := decimal.Zero
		for _, v := range vs {
			sum = sum.Add(v.pts)
		}
		return celdec.Divide(sum, decimal.NewFromInt(int64(len(vs))), rs.Scale, rs.Mode)
	}
	switch r.Combine {
	case scheme.Median:
		n := len(sorted)
		if n%2 == 1 {
			return sorted[n/2].pts, nil
		}
		return mean(sorted[n/2-1 : n/2+1])
	case scheme.TrimmedMean:
		return mean(sorted[r.Trim : len(sorted)-r.Trim])
	}
	return mean(sorted)
}

// roundSheets returns, per round, the sheets that scored anything.
func roundSheets(b plan.Binding, s *scheme.Scheme) map[string][]string {
	set := map[string]map[string]bool{}
	for _, ind := range s.Indicators() {
		for _, a := range b.Assessments(ind.ID) {
			if set[a.Role] == nil {
				set[a.Role] = map[string]bool{}
			}
			set[a.Role][a.SheetKey()] = true
		}
	}
	out := map[string][]string{}
	for r, m := range set {
		for k := range m {
			out[r] = append(out[r], k)
		}
		sort.Strings(out[r])
	}
	return out
}

// runRounds scores the scheme once per round and weights the rounds'
// totals (rounds combined on the total).
func (e *evaluator) runRounds(r *Result) (decimal.Decimal, error) {
	rs := e.s.Rounds()
	sheets := roundSheets(e.b, e.s)
	got := map[string]decimal.Decimal{}
	for i := range rs.List {
		rd := &rs.List[i]
		keys := sheets[rd.Name]
		if len(keys) == 0 {
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
		got[rd.Name] = t
	}
	e.round, e.roundSheets = nil, nil
	total := decimal.Zero
	for i := range rs.List {
		rd := &rs.List[i]
		v, stood, err := standIn(rd, got)
		if err != nil {
			return v, e.fail("round "+rd.Name, "assessments", err)
		}
		we, _ := e.s.ConstExact(rd.Weight)
		st := Step{Kind: StepRound, Round: rd.Name, Rule: string(rd.Combine), Count: len(sheets[rd.Name]), Match: stood, Before: e.pp(v)}
		contrib, err := e.weigh(&st, v, we)
		if err != nil {
			return v, e.fail("round "+rd.Name, "", err)
		}
		w := st.Factor.Decimal()
		e.add(st)
		r.Rounds = append(r.Rounds, RoundResult{ID: rd.Name, Sheets: len(sheets[rd.Name]), StandsIn: stood, Points: NewPoints(v), Weight: NewPoints(w), Contribution: NewPoints(contrib)})
		total = total.Add(contrib)
	}
	return total, nil
}

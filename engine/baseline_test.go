package engine

// The tingnan-2017 rules written by hand in plain Go with shopspring/decimal:
// the baseline BenchmarkBaseline/tingnan-2017 measures the engine against.
// It checks the evidence as the scheme's declared inputs would (types,
// unknown names, dates, list sizes, document kinds, assessor entries) and
// builds the same Result — points per indicator, sections, the audit steps
// with their reads, bands and citations — so the ratio of the two
// benchmarks compares like with like. TestBaselineMatchesEngine holds the
// two byte for byte over every sample month.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

type baselineRecord struct {
	index int
	id    string
	date  time.Time
	docs  []string
	ints  map[string]int64
	decs  map[string]decimal.Decimal
	bools map[string]bool
}

func (r *baselineRecord) has(doc string) bool {
	for _, d := range r.docs {
		if d == doc {
			return true
		}
	}
	return false
}

type baselineList struct {
	name   string
	ints   []string
	decs   []string
	bools  []string
	docs   []string
	points string // where the indicator's rule sits, for the raw step
}

var (
	tnContests    = baselineList{name: "contests", ints: []string{"participants"}, bools: []string{"uniform_dress"}, docs: []string{"request", "plan", "summary", "judges_scores", "publicity", "published_results", "rewards"}}
	tnInnovations = baselineList{name: "innovations", decs: []string{"value"}, bools: []string{"signed_by_tech_centre"}}
	tnFindings    = baselineList{name: "findings"}
	tnActivities  = baselineList{name: "activities", docs: []string{"request", "plan", "summary", "publicity", "rewards"}}
	tnLists       = []*baselineList{&tnContests, &tnInnovations, &tnFindings, &tnActivities}
)

const tnFile = "schemes/tingnan-2017.yaml"

func at(line, col int) string { return fmt.Sprintf("%s:%d:%d", tnFile, line, col) }

var (
	tnA2Bands = []struct {
		lo, hi      decimal.Decimal // [lo, hi); hi zero means +inf
		open        bool
		points      int64
		text, where string
	}{
		{decimal.Zero, decimal.NewFromInt(10000), false, 1, "[0, 10000)", at(156, 13)},
		{decimal.NewFromInt(10000), decimal.NewFromInt(50000), false, 2, "[10000, 50000)", at(157, 13)},
		{decimal.NewFromInt(50000), decimal.Zero, true, 3, "[50000, +inf)", at(158, 13)},
	}
	tnAt = map[string]string{"A1": at(123, 9), "A2": at(137, 9), "A3": at(165, 9), "A4": at(179, 9),
		"A5": at(184, 9), "A6": at(189, 9), "A7": at(194, 9), "B1": at(204, 9), "C1": at(229, 9),
		"A5v": at(188, 16), "A6v": at(193, 16), "A7v": at(198, 16)}
	tnB1 = []struct {
		points      int64
		text, where string
		in          func(m *big.Rat) bool // the exact measure, never rounded first
	}{
		{-5, "(-inf, -10]", at(217, 13), func(m *big.Rat) bool { return m.Cmp(big.NewRat(-10, 1)) <= 0 }},
		{-3, "(-10, -5]", at(218, 13), func(m *big.Rat) bool { return m.Cmp(big.NewRat(-5, 1)) <= 0 }},
		{-1, "(-5, -1]", at(219, 13), func(m *big.Rat) bool { return m.Cmp(big.NewRat(-1, 1)) <= 0 }},
		{0, "(-1, 1)", at(220, 13), func(m *big.Rat) bool { return m.Cmp(big.NewRat(1, 1)) < 0 }},
		{1, "[1, 5)", at(221, 13), func(m *big.Rat) bool { return m.Cmp(big.NewRat(5, 1)) < 0 }},
		{3, "[5, 10)", at(222, 13), func(m *big.Rat) bool { return m.Cmp(big.NewRat(10, 1)) < 0 }},
		{5, "[10, +inf)", at(223, 13), func(*big.Rat) bool { return true }},
	}
)

func baselineDecimal(v any) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case json.Number:
		d, err := decimal.NewFromString(string(x))
		return d, err == nil
	case string:
		d, err := decimal.NewFromString(strings.TrimSpace(x))
		return d, err == nil
	}
	return decimal.Decimal{}, false
}

func baselineInt(v any) (int64, bool) {
	d, ok := baselineDecimal(v)
	if !ok || !d.IsInteger() {
		return 0, false
	}
	return d.IntPart(), true
}

func baselineBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		return x == "true", x == "true" || x == "false"
	}
	return false, false
}

// baselineTingnan scores one branch-month of tingnan-2017 by hand.
func baselineTingnan(ev *evidence.Evidence, schemeHash string) (*Result, error) {
	hash, err := ev.Hash()
	if err != nil {
		return nil, err
	}
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }

	// The evidence, checked.
	if ev.Subject.ID == "" {
		bad("subject.id: missing")
	}
	if ev.Subject.Kind != "" && ev.Subject.Kind != "branch" {
		bad("subject.kind: want branch")
	}
	if ev.Links != nil || ev.Subject.ID == "jg1" || ev.Subject.ID == "jg2" || ev.Subject.ID == "aj" {
		return nil, fmt.Errorf("the baseline does not take linked units")
	}
	start, err := time.Parse("2006-01", ev.Period)
	if err != nil || start.Year() != 2017 {
		bad("period: want a month of 2017")
	}
	// cutoff_day 26: the month's records are those checked on its 26th,
	// from the 27th of the month before to the 26th.
	start, end := start.AddDate(0, -1, 26), start.AddDate(0, 0, 26)
	facts := map[string]bool{"task_target": true, "task_actual": true, "brand_projects": true, "excellence_methods": true, "records_set": true}
	for k := range ev.Facts {
		if !facts[k] {
			bad("facts.%s: no such fact", k)
		}
	}
	target, ok1 := baselineDecimal(ev.Facts["task_target"])
	actual, ok2 := baselineDecimal(ev.Facts["task_actual"])
	if !ok1 || !ok2 {
		bad("facts.task_target, facts.task_actual: want decimals")
	}
	counts := map[string]int64{}
	for _, name := range []string{"brand_projects", "excellence_methods", "records_set"} {
		v, has := ev.Facts[name]
		if !has || v == nil {
			continue
		}
		n, ok := baselineInt(v)
		if !ok {
			bad("facts.%s: want an int", name)
		}
		counts[name] = n
	}
	recs := map[string][]*baselineRecord{}
	for k := range ev.Records {
		found := false
		for _, l := range tnLists {
			found = found || l.name == k
		}
		if !found {
			bad("records.%s: no such list", k)
		}
	}
	for _, l := range tnLists {
		list := ev.Records[l.name]
		if len(list) > 50 {
			bad("records.%s: more than 50", l.name)
			continue
		}
		seen := map[string]bool{}
		for i, r := range list {
			br := &baselineRecord{index: i, id: r.ID, docs: r.Documents}
			if r.ID == "" || seen[r.ID] {
				bad("records.%s[%d].id: missing or repeated", l.name, i)
			}
			seen[r.ID] = true
			if br.date, err = time.Parse(time.DateOnly, r.Date); err != nil {
				bad("records.%s[%d].date: %v", l.name, i, err)
			}
			for _, d := range r.Documents {
				known := false
				for _, k := range l.docs {
					known = known || k == d
				}
				if !known {
					bad("records.%s[%d]: unknown document %q", l.name, i, d)
				}
			}
			n := 0
			for _, f := range l.ints {
				v, ok := baselineInt(r.Fields[f])
				if !ok {
					bad("records.%s[%d].%s: want an int", l.name, i, f)
				}
				if br.ints == nil {
					br.ints = map[string]int64{}
				}
				br.ints[f] = v
				n++
			}
			for _, f := range l.decs {
				v, ok := baselineDecimal(r.Fields[f])
				if !ok {
					bad("records.%s[%d].%s: want a decimal", l.name, i, f)
				}
				if br.decs == nil {
					br.decs = map[string]decimal.Decimal{}
				}
				br.decs[f] = v
				n++
			}
			for _, f := range l.bools {
				v, ok := baselineBool(r.Fields[f])
				if !ok {
					bad("records.%s[%d].%s: want a bool", l.name, i, f)
				}
				if br.bools == nil {
					br.bools = map[string]bool{}
				}
				br.bools[f] = v
				n++
			}
			if n != len(r.Fields) {
				bad("records.%s[%d]: undeclared fields", l.name, i)
			}
			recs[l.name] = append(recs[l.name], br)
		}
	}
	assessed := map[string][]evidence.Assessment{}
	for i, a := range ev.Assessments {
		if a.Indicator != "A3" && a.Indicator != "C1" {
			bad("assessments[%d].indicator: %q takes no assessor entries", i, a.Indicator)
		}
		if a.Assessor == "" || a.Reason == "" {
			bad("assessments[%d]: who and why are required", i)
		}
		if a.Time != "" {
			if _, err := time.Parse(time.RFC3339, a.Time); err != nil {
				bad("assessments[%d].time: want RFC 3339", i)
			}
		}
		assessed[a.Indicator] = append(assessed[a.Indicator], a)
	}
	if len(ev.Confirmations) > 0 || len(ev.Chosen) > 0 {
		bad("the scheme has no vetoes and no pools")
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("subject %s, period %s: %s", ev.Subject.ID, ev.Period, strings.Join(probs, "; "))
	}

	// The indicators.
	nrec := len(ev.Assessments)
	for _, l := range ev.Records {
		nrec += len(l)
	}
	audit := make([]Step, 0, 2*9+2*3+nrec+2)
	r := &Result{Subject: ev.Subject, Period: ev.Period,
		Scheme:       SchemeRef{ID: "tingnan-2017", Version: "0.1.0", Hash: schemeHash},
		EvidenceHash: hash, Params: map[string]string{"brand_project_points": "1", "excellence_method_points": "1", "highlight_per_document": "false", "record_points": "1"},
		Vetoes: []VetoResult{}}
	inWindow := func(sec, ind string, rec *baselineRecord) bool {
		if rec.date.Before(start) || !rec.date.Before(end) {
			audit = append(audit, Step{Kind: StepOutOfWindow, Section: sec, Indicator: ind, Record: rec.id})
			return false
		}
		return true
	}
	finish := func(sec, id string, raw decimal.Decimal, cites []string) decimal.Decimal {
		audit = append(audit, Step{Kind: StepRaw, Section: sec, Indicator: id, At: tnAt[id], Points: pp(raw), Cites: cites})
		r.Indicators = append(r.Indicators, IndicatorResult{ID: id, Section: sec, Applies: true, Raw: NewPoints(raw), Points: NewPoints(raw), Cites: cites})
		return raw
	}
	section := func(id string, pts, w decimal.Decimal) decimal.Decimal {
		audit = append(audit, Step{Kind: StepSection, Section: id, Points: pp(pts)})
		c := pts.Mul(w)
		audit = append(audit, Step{Kind: StepWeight, Section: id, Before: pp(pts), Factor: pp(w), Points: pp(c)})
		r.Sections = append(r.Sections, SectionResult{ID: id, Points: NewPoints(pts), Weight: NewPoints(w), Contribution: NewPoints(c)})
		return c
	}
	fail := func(ind, format string, args ...any) error {
		return fmt.Errorf("subject %s, period %s, indicator %s: %s", ev.Subject.ID, ev.Period, ind, fmt.Sprintf(format, args...))
	}

	// A1: +2 per contest with all seven documents, 5 or more taking part,
	// in uniform dress.
	a := decimal.Zero
	sum, cites := decimal.Zero, []string(nil)
	for _, rec := range recs["contests"] {
		if !inWindow("A", "A1", rec) {
			continue
		}
		st := Step{Kind: StepRecord, Section: "A", Indicator: "A1", Record: rec.id}
		for _, d := range tnContests.docs {
			if !rec.has(d) {
				st.Missing = append(st.Missing, d)
			}
		}
		if n := rec.ints["participants"]; n < 5 {
			st.Failed = append(st.Failed, "participants")
			st.Reads = Reads{{"record.participants", fmt.Sprint(n)}}
		}
		if !rec.bools["uniform_dress"] {
			st.Failed = append(st.Failed, "dress")
			st.Reads = append(st.Reads, Read{"record.uniform_dress", "false"})
		}
		passed := len(st.Missing) == 0 && len(st.Failed) == 0
		st.Passed = truth(passed)
		pts := decimal.Zero
		if passed {
			pts, st.Rule = decimal.NewFromInt(2), "2"
			cites = append(cites, "contests:"+rec.id)
		}
		st.Points = pp(pts)
		audit = append(audit, st)
		sum = sum.Add(pts)
	}
	a = a.Add(finish("A", "A1", sum, cites))

	// A2: an innovation signed by the technical centre earns by its value.
	sum, cites = decimal.Zero, nil
	for _, rec := range recs["innovations"] {
		if !inWindow("A", "A2", rec) {
			continue
		}
		st := Step{Kind: StepRecord, Section: "A", Indicator: "A2", Record: rec.id}
		if !rec.bools["signed_by_tech_centre"] {
			st.Failed = []string{"signed"}
			st.Reads = Reads{{"record.signed_by_tech_centre", "false"}}
		}
		st.Passed = truth(st.Failed == nil)
		pts := decimal.Zero
		if st.Failed == nil {
			v := rec.decs["value"]
			found := false
			for _, b := range tnA2Bands {
				if !v.LessThan(b.lo) && (b.open || v.LessThan(b.hi)) {
					pts, st.Match, found = decimal.NewFromInt(b.points), b.text, true
					break
				}
			}
			if !found {
				return nil, fail("A2", "%v: measure %s", ErrNoBand, v)
			}
			st.Rule, st.Measure, st.Reads = "record.value", pp(v), Reads{{"record.value", v.String()}}
			if !pts.IsZero() {
				cites = append(cites, "innovations:"+rec.id)
			}
		}
		st.Points = pp(pts)
		audit = append(audit, st)
		sum = sum.Add(pts)
	}
	a = a.Add(finish("A", "A2", sum, cites))

	// A3: 1–3 at the organisation's discretion.
	var entry *evidence.Assessment
	for i, x := range assessed["A3"] {
		if x.Record != "" {
			continue
		}
		if entry != nil {
			return nil, fail("A3", "%v", ErrDuplicate)
		}
		entry = &assessed["A3"][i]
	}
	if entry == nil {
		audit = append(audit, Step{Kind: StepNotAssessed, Section: "A", Indicator: "A3", Points: pp(decimal.Zero)})
		a = a.Add(finish("A", "A3", decimal.Zero, nil))
	} else {
		p, err := decimal.NewFromString(string(entry.Points))
		if err != nil || p.LessThan(decimal.NewFromInt(1)) || p.GreaterThan(decimal.NewFromInt(3)) {
			return nil, fail("A3", "%v", ErrOutOfRange)
		}
		cites := []string{"assessment:" + entry.Assessor + "/A3"}
		audit = append(audit, Step{Kind: StepAssessment, Section: "A", Indicator: "A3", Assessor: entry.Assessor, Name: entry.AssessorName, Role: entry.Role,
			Reason: entry.Reason, Time: entry.Time, Points: pp(p), Cites: cites})
		a = a.Add(finish("A", "A3", p, cites))
	}

	// A3d: scored per plan or summary only with highlight_per_document,
	// which the baseline leaves at its default (false): not applicable.
	audit = append(audit, Step{Kind: StepNotApplicable, Section: "A", Indicator: "A3d", Rule: "exempt"})
	r.Indicators = append(r.Indicators, IndicatorResult{ID: "A3d", Section: "A", Raw: NewPoints(decimal.Zero), Points: NewPoints(decimal.Zero)})

	// A4: −3 per finding.
	sum, cites = decimal.Zero, nil
	for _, rec := range recs["findings"] {
		if !inWindow("A", "A4", rec) {
			continue
		}
		pts := decimal.NewFromInt(-3)
		audit = append(audit, Step{Kind: StepRecord, Section: "A", Indicator: "A4", Record: rec.id, Rule: "-3", Passed: truth(true), Points: pp(pts)})
		cites = append(cites, "findings:"+rec.id)
		sum = sum.Add(pts)
	}
	a = a.Add(finish("A", "A4", sum, cites))

	// A5–A7: a count times a parameter.
	for _, v := range []struct{ id, input, param, rule string }{
		{"A5", "brand_projects", "brand_project_points", "brand_projects * params.brand_project_points"},
		{"A6", "excellence_methods", "excellence_method_points", "excellence_methods * params.excellence_method_points"},
		{"A7", "records_set", "record_points", "records_set * params.record_points"},
	} {
		n := counts[v.input]
		p := decimal.NewFromInt(n)
		cites := []string{"facts." + v.input}
		audit = append(audit, Step{Kind: StepValue, Section: "A", Indicator: v.id, Rule: v.rule, At: tnAt[v.id+"v"],
			Reads: ReadsOf(map[string]string{v.input: fmt.Sprint(n), "params." + v.param: "1"}), Points: pp(p), Cites: cites})
		a = a.Add(finish("A", v.id, p, cites))
	}
	total := section("A", a, decimal.RequireFromString("0.5"))

	// B1: percent over or under the target, in bands.
	if target.IsZero() {
		return nil, fail("B1", "division by zero")
	}
	// The measure is exact; the audit records it as a decimal when it
	// terminates (tried naively: some 10^k times it is whole), otherwise
	// rounded half up to the scheme's 4 places, with the fraction beside.
	mr := new(big.Rat).Quo(actual.Sub(target).Mul(decimal.NewFromInt(100)).Rat(), target.Rat())
	m := decimal.NewFromBigInt(mr.Num(), 0).DivRound(decimal.NewFromBigInt(mr.Denom(), 0), 4)
	var exact map[string]string
	for k := int32(0); ; k++ {
		if k > 64 {
			exact = map[string]string{"measure": mr.RatString()}
			break
		}
		if x := new(big.Rat).Mul(mr, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))); x.IsInt() {
			m = decimal.NewFromBigInt(x.Num(), -k)
			break
		}
	}
	var b1 int64
	for _, b := range tnB1 {
		if b.in(mr) {
			b1 = b.points
			cites := []string{"facts.task_actual", "facts.task_target"}
			audit = append(audit, Step{Kind: StepBand, Section: "B", Indicator: "B1", Rule: "(task_actual - task_target) * 100 / task_target", At: b.where,
				Reads: Reads{{"task_actual", actual.String()}, {"task_target", target.String()}}, Measure: pp(m), Match: b.text,
				Points: pp(decimal.NewFromInt(b.points)), Cites: cites, Exact: exact})
			total = total.Add(section("B", finish("B", "B1", decimal.NewFromInt(b1), cites), decimal.RequireFromString("0.3")))
			break
		}
	}

	// C1: 2–5 at discretion per activity with its five documents.
	sum, cites = decimal.Zero, nil
	for _, rec := range recs["activities"] {
		if !inWindow("C", "C1", rec) {
			continue
		}
		st := Step{Kind: StepRecord, Section: "C", Indicator: "C1", Record: rec.id}
		for _, d := range tnActivities.docs {
			if !rec.has(d) {
				st.Missing = append(st.Missing, d)
			}
		}
		st.Passed = truth(st.Missing == nil)
		pts := decimal.Zero
		if st.Missing == nil {
			var entry *evidence.Assessment
			for i, x := range assessed["C1"] {
				if x.Record == rec.id {
					if entry != nil {
						return nil, fail("C1", "%v", ErrDuplicate)
					}
					entry = &assessed["C1"][i]
				}
			}
			if entry == nil {
				return nil, fail("C1", "%v", ErrNotAssessed)
			}
			p, err := decimal.NewFromString(string(entry.Points))
			if err != nil || p.LessThan(decimal.NewFromInt(2)) || p.GreaterThan(decimal.NewFromInt(5)) {
				return nil, fail("C1", "%v", ErrOutOfRange)
			}
			pts = p
			st.Assessor, st.Role, st.Reason, st.Time, st.Name = entry.Assessor, entry.Role, entry.Reason, entry.Time, entry.AssessorName
			if !pts.IsZero() {
				cites = append(cites, "activities:"+rec.id, "assessment:"+entry.Assessor+"/C1/"+rec.id)
			}
		}
		st.Points = pp(pts)
		audit = append(audit, st)
		sum = sum.Add(pts)
	}
	total = total.Add(section("C", finish("C", "C1", sum, cites), decimal.RequireFromString("0.2")))

	audit = append(audit, Step{Kind: StepTotal, Points: pp(total)})
	rounded := total.Round(2) // half away from zero: the scheme's half_up
	audit = append(audit, Step{Kind: StepRounding, Rule: "half_up", Count: 2, Before: pp(total), Points: pp(rounded)})
	r.Total = NewPoints(rounded)
	r.Tier = ""
	r.Audit = AuditOf(audit)
	return r, nil
}

// TestBaselineMatchesEngine: the hand-written rules give the engine's
// result, byte for byte, on every sample month of every branch (the
// linked office branches aside, which the baseline does not take).
func TestBaselineMatchesEngine(t *testing.T) {
	s := tingnan(t)
	files, err := filepath.Glob("../examples/data/tingnan-2017/year/2017-*.json")
	require.NoError(t, err)
	files = append(files, "../examples/data/tingnan-2017/2017-03-zongcai1.json", "../examples/data/tingnan-2017/2017-03-zongjue.json")
	n := 0
	for _, f := range files {
		evs, err := evidence.ReadFile(f)
		require.NoError(t, err)
		for _, ev := range evs {
			want, err := Evaluate(context.Background(), s, ev, Options{})
			require.NoError(t, err, f)
			got, err := baselineTingnan(ev, s.Hash())
			require.NoError(t, err, f)
			wj, _ := json.Marshal(want)
			gj, _ := json.Marshal(got)
			require.Equal(t, string(wj), string(gj), "%s: %s", f, ev.Subject.ID)
			n++
		}
	}
	require.Equal(t, 12*8+2, n)
}

// BenchmarkBaseline is the tingnan month of BenchmarkEvaluate scored by the
// hand-written rules above.
func BenchmarkBaseline(b *testing.B) {
	b.Run("tingnan-2017", func(b *testing.B) {
		s := tingnan(b)
		ev := loadEvidence(b, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
		hash := s.Hash()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := baselineTingnan(ev, hash); err != nil {
				b.Fatal(err)
			}
		}
	})
}

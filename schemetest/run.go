package schemetest

import (
	"context"
	"fmt"
	"iter"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Outcome is what one case made of its evidence, and how it differs from
// what the case expects.
type Outcome struct {
	Case     *Case
	Results  map[string]*engine.Result // by subject id
	Errors   map[string]error          // by subject id ("" for an error before any subject)
	Ranking  *engine.Ranking
	Actual   Expect    // the actual values, in the shape of the expectation
	Failures []Failure // empty when the case passes
}

// Failure is one difference between expectation and outcome.
type Failure struct {
	What      string // e.g. "zc1 indicator B1"
	Want, Got string
}

func (f Failure) String() string { return fmt.Sprintf("%s: want %s, got %s", f.What, f.Want, f.Got) }

// Passed reports whether the case met every expectation.
func (o *Outcome) Passed() bool { return len(o.Failures) == 0 }

// ranks reports whether the case ranks its subjects.
func (c *Case) ranks() bool {
	return c.Ledger != nil || len(c.Expect.Ranks) > 0 || len(c.Expect.Awards) > 0 || len(c.Expect.Holders) > 0
}

// multi reports whether the case's expectations are per subject.
func (c *Case) multi() bool { return len(c.Evidence) > 1 || len(c.Expect.Subjects) > 0 || c.ranks() }

// Run runs every case.
func (f *File) Run(ctx context.Context) []*Outcome {
	out := make([]*Outcome, len(f.Cases))
	for i, c := range f.Cases {
		out[i] = f.runCase(ctx, c)
	}
	return out
}

func (f *File) runCase(ctx context.Context, c *Case) *Outcome {
	o := &Outcome{Case: c, Results: map[string]*engine.Result{}, Errors: map[string]error{}}
	s := f.Scheme
	if len(c.Params) > 0 {
		var err error
		if s, err = s.WithParams(c.Params); err != nil {
			o.Errors[""] = err
			o.compare(f.Scheme)
			return o
		}
	}
	// Two documents for one subject and period, among the case's evidence
	// and units, fail the case: a link to either would pick one silently.
	units, err := engine.Index(append(append([]*evidence.Evidence(nil), c.Evidence...), c.Units...))
	if err != nil {
		o.Errors[""] = err
		o.compare(s)
		return o
	}
	opts := engine.BatchOptions{Options: engine.Options{Units: units, Ledger: c.Ledger}, Workers: 1}
	seq := iter.Seq2[*evidence.Evidence, error](func(yield func(*evidence.Evidence, error) bool) {
		for _, ev := range c.Evidence {
			if !yield(ev, nil) {
				return
			}
		}
	})
	i := 0
	sums, err := engine.Batch(ctx, s, seq, opts, func(r *engine.Result, err error) {
		if err != nil {
			o.Errors[c.Evidence[i].Subject.ID] = err
		} else {
			o.Results[r.Subject.ID] = r
		}
		i++ // one worker: outcomes arrive in order
	})
	if err != nil {
		o.Errors[""] = err
	} else if c.ranks() || len(c.Evidence) > 1 && hasQuota(s) {
		// Several subjects under a scheme whose tiers have quotas: a
		// subject's tier is the one after the ranking's quotas, as a
		// ranked case reads it (docs/scheme-tests.md), never the tier
		// before them.
		if o.Ranking, err = engine.Rank(s, c.Evidence[0].Period, sums, c.Ledger); err != nil {
			o.Errors[""] = err
		}
	}
	o.compare(s)
	return o
}

// subjectActual returns a subject's actual values in the shape of want.
func subjectActual(s *scheme.Scheme, r *engine.Result, err error, want Expect) Expect {
	if err != nil {
		return Expect{Error: err.Error()}
	}
	a := Expect{Total: r.Total.String(), Tier: r.Tier, NotAssessed: r.NotAssessed != nil}
	if a.NotAssessed {
		a.Total = ""
	}
	if want.Tier == "" && len(s.Tiers()) == 0 {
		a.Tier = ""
	}
	for _, v := range r.Vetoes {
		a.Vetoes = append(a.Vetoes, v.ID)
	}
	for _, v := range r.Pending {
		a.Pending = append(a.Pending, v.ID)
	}
	if want.Consequences != nil {
		a.Consequences = append([]string{}, r.Consequences...)
	}
	if want.Rectification != nil {
		a.Rectification = rectification(s, r)
	}
	a.Indicators = map[string]string{}
	for _, ir := range r.Indicators {
		if ir.Round != "" {
			continue
		}
		if _, listed := want.Indicators[ir.ID]; listed || len(want.Indicators) == 0 {
			a.Indicators[ir.ID] = ir.Points.String()
		}
		for _, p := range ir.Rules { // an item's rules, each after its cap and floor
			if _, listed := want.Indicators[p.ID]; listed || len(want.Indicators) == 0 {
				a.Indicators[p.ID] = p.Points.String()
			}
		}
	}
	// Rounds on the total: an indicator's points are its weighted sum.
	if len(r.Rounds) > 0 {
		w := map[string]decimal.Decimal{}
		for _, rd := range r.Rounds {
			w[rd.ID] = rd.Weight.Decimal()
		}
		sum := map[string]decimal.Decimal{}
		for _, ir := range r.Indicators {
			sum[ir.ID] = sum[ir.ID].Add(ir.Points.Decimal().Mul(w[ir.Round]))
		}
		for id, v := range sum {
			if _, listed := want.Indicators[id]; listed || len(want.Indicators) == 0 {
				a.Indicators[id] = v.String()
			}
		}
	}
	return a
}

func (o *Outcome) compare(s *scheme.Scheme) {
	c := o.Case
	if err := o.Errors[""]; err != nil {
		o.Actual = Expect{Error: err.Error()}
		o.check("", c.Expect.Error, err.Error(), true)
		if c.Expect.Error == "" {
			o.fail("case", "no error", err.Error())
		}
		return
	}
	if !c.multi() {
		ev := c.Evidence[0]
		o.Actual = subjectActual(s, o.Results[ev.Subject.ID], o.Errors[ev.Subject.ID], c.Expect)
		o.subject(s, "", c.Expect, o.Actual)
		return
	}
	o.Actual = Expect{Subjects: map[string]Expect{}}
	ranked := map[string]string{} // tier after the ranking's quotas
	if o.Ranking != nil {
		for _, e := range o.Ranking.Entries {
			ranked[e.Subject.ID] = e.Tier
		}
	}
	for _, ev := range c.Evidence {
		id := ev.Subject.ID
		want := c.Expect.Subjects[id]
		got := subjectActual(s, o.Results[id], o.Errors[id], want)
		if t, ok := ranked[id]; ok && got.Error == "" {
			got.Tier = t
		}
		if _, listed := c.Expect.Subjects[id]; listed || len(c.Expect.Subjects) == 0 {
			o.Actual.Subjects[id] = got
		}
		if _, listed := c.Expect.Subjects[id]; listed {
			o.subject(s, id+" ", want, got)
		} else if err := o.Errors[id]; err != nil {
			o.fail(id, "a result", err.Error())
		}
	}
	if rk := o.Ranking; rk != nil {
		o.Actual.Ranks = map[string]int{}
		for _, e := range rk.Entries {
			o.Actual.Ranks[e.Subject.ID] = e.Rank
		}
		for _, id := range sortedKeys(c.Expect.Ranks) {
			o.check("rank of "+id, fmt.Sprint(c.Expect.Ranks[id]), fmt.Sprint(o.Actual.Ranks[id]), false)
		}
		o.Actual.Awards = map[string][]string{}
		o.Actual.Holders = map[string]string{}
		for _, a := range rk.Awards {
			o.Actual.Awards[a.ID] = append(o.Actual.Awards[a.ID], a.To...)
			if a.Holder != "" {
				key := a.ID
				if a.Cohort != "" {
					key += "/" + a.Cohort
				}
				o.Actual.Holders[key] = a.Holder
			}
		}
		for id, to := range o.Actual.Awards {
			sort.Strings(to)
			o.Actual.Awards[id] = to
		}
		for _, id := range sortedKeys(c.Expect.Awards) {
			want := append([]string{}, c.Expect.Awards[id]...)
			sort.Strings(want)
			o.check("award "+id, "["+strings.Join(want, " ")+"]", "["+strings.Join(o.Actual.Awards[id], " ")+"]", false)
		}
		for _, id := range sortedKeys(c.Expect.Holders) {
			o.check("holder of "+id, c.Expect.Holders[id], o.Actual.Holders[id], false)
		}
	}
}

func (o *Outcome) subject(s *scheme.Scheme, who string, want, got Expect) {
	if want.Error != "" || got.Error != "" {
		if want.Error == "" {
			o.fail(who+"result", "no error", got.Error)
			return
		}
		o.check(who+"error", want.Error, got.Error, true)
		return
	}
	if want.NotAssessed || got.NotAssessed {
		o.check(who+"not_assessed", fmt.Sprint(want.NotAssessed), fmt.Sprint(got.NotAssessed), false)
		if !want.NotAssessed || !got.NotAssessed {
			return
		}
	}
	o.number(who+"total", want.Total, got.Total)
	if want.Tier != "" {
		o.check(who+"tier", want.Tier, got.Tier, false)
	}
	if want.Vetoes != nil {
		o.check(who+"vetoes", "["+strings.Join(want.Vetoes, " ")+"]", "["+strings.Join(got.Vetoes, " ")+"]", false)
	}
	if want.Consequences != nil {
		o.check(who+"consequences", "["+strings.Join(want.Consequences, " ")+"]", "["+strings.Join(got.Consequences, " ")+"]", false)
	}
	if want.Pending != nil {
		o.check(who+"pending", "["+strings.Join(want.Pending, " ")+"]", "["+strings.Join(got.Pending, " ")+"]", false)
	}
	if want.Rectification != nil {
		o.rectification(who, want.Rectification, got.Rectification)
	}
	for _, ind := range s.Indicators() {
		if w, ok := want.Indicators[ind.ID]; ok {
			o.number(who+"indicator "+ind.ID, w, got.Indicators[ind.ID])
		}
	}
	for id := range want.Indicators {
		if s.Indicator(id) == nil {
			o.fail(who+"indicator "+id, "an indicator of the scheme", "none")
		}
	}
}

func (o *Outcome) fail(what, want, got string) {
	o.Failures = append(o.Failures, Failure{What: strings.TrimSpace(what), Want: want, Got: got})
}

// check compares text; with substring, want need only occur in got.
func (o *Outcome) check(what, want, got string, substring bool) {
	if want == "" {
		return
	}
	if substring && strings.Contains(got, want) || !substring && want == got {
		return
	}
	o.fail(what, want, got)
}

// number compares decimals by value: "5.20" expects 5.2.
func (o *Outcome) number(what, want, got string) {
	if want == "" {
		return
	}
	w, err1 := decimal.NewFromString(want)
	g, err2 := decimal.NewFromString(got)
	if err1 != nil || err2 != nil || !w.Equal(g) {
		o.fail(what, want, got)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hasQuota reports whether any of the scheme's tiers has a quota.
func hasQuota(s *scheme.Scheme) bool {
	for _, t := range s.Tiers() {
		if t.Quota != nil {
			return true
		}
	}
	return false
}

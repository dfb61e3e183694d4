package schemetest

import (
	"fmt"
	"sort"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// CoverItem is one thing of a scheme the cases may exercise.
type CoverItem struct {
	Kind    string // indicator, gate, band, boundary, grade, veto, tier
	Name    string // e.g. "B1 [5, 10)", "A1 gate failed", "B1 boundary 5"
	Covered bool
}

// Coverage lists what a file's cases exercised.
type Coverage struct {
	Items []CoverItem
}

// Percent returns the share covered of the items of the given kinds (all
// kinds when none are given), from 0 to 100; 100 when there are none.
func (c *Coverage) Percent(kinds ...string) float64 {
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	n, hit := 0, 0
	for _, it := range c.Items {
		if len(kinds) == 0 || want[it.Kind] {
			n++
			if it.Covered {
				hit++
			}
		}
	}
	if n == 0 {
		return 100
	}
	return 100 * float64(hit) / float64(n)
}

// Kinds lists the kinds of the items, in a fixed order.
func (c *Coverage) Kinds() []string {
	order := []string{"indicator", "gate", "band", "boundary", "grade", "veto", "tier"}
	seen := map[string]bool{}
	for _, it := range c.Items {
		seen[it.Kind] = true
	}
	var out []string
	for _, k := range order {
		if seen[k] {
			out = append(out, k)
		}
	}
	return out
}

// Cover reports which indicators, gates (passed and failed), bands, band
// boundaries (a measure exactly on a bound), grades, vetoes and tiers the
// outcomes exercised.
func Cover(s *scheme.Scheme, outcomes []*Outcome) *Coverage {
	hit := map[string]bool{}
	measures := map[string][]decimal.Decimal{} // indicator → measures seen
	for _, o := range outcomes {
		if o.Ranking != nil {
			// A tier reached through a quota's overflow is reached in the
			// ranking, not in any one subject's evaluation.
			for _, e := range o.Ranking.Entries {
				if e.Tier != "" {
					hit["tier "+e.Tier] = true
				}
			}
		}
		for _, r := range o.Results {
			for _, st := range r.Audit.All() {
				switch st.Kind {
				case engine.StepRaw:
					hit["indicator "+st.Indicator] = true
				case engine.StepRecord:
					if st.Passed != nil && *st.Passed {
						hit["gate "+st.Indicator+" passed"] = true
					} else if st.Passed != nil {
						hit["gate "+st.Indicator+" failed"] = true
					}
				case engine.StepGrade:
					hit["grade "+st.Indicator+" "+st.Match] = true
				case engine.StepVeto:
					hit["veto "+st.Match] = true
				case engine.StepTier:
					hit["tier "+st.Match] = true
				}
				if (st.Kind == engine.StepBand || st.Kind == engine.StepRecord) && st.Match != "" && st.Measure != nil {
					hit["band "+st.Indicator+" "+st.Match] = true
					measures[st.Indicator] = append(measures[st.Indicator], st.Measure.Decimal())
				}
			}
		}
	}
	c := &Coverage{}
	add := func(kind, name, key string) {
		c.Items = append(c.Items, CoverItem{Kind: kind, Name: name, Covered: hit[key]})
	}
	for _, ind := range s.Indicators() {
		add("indicator", ind.ID, "indicator "+ind.ID)
		if ind.Gate != nil {
			add("gate", ind.ID+" gate passed", "gate "+ind.ID+" passed")
			add("gate", ind.ID+" gate failed", "gate "+ind.ID+" failed")
		}
		bounds := map[string]decimal.Decimal{}
		for _, b := range ind.Bands {
			add("band", ind.ID+" "+b.Range.Text, "band "+ind.ID+" "+b.Range.Text)
			for _, e := range []*scheme.Expr{b.Range.Lo, b.Range.Hi} {
				if v, ok := s.Const(e); ok {
					bounds[v.String()] = v
				}
			}
		}
		keys := make([]string, 0, len(bounds))
		for k := range bounds {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return bounds[keys[i]].LessThan(bounds[keys[j]]) })
		for _, k := range keys {
			covered := false
			for _, m := range measures[ind.ID] {
				covered = covered || m.Equal(bounds[k])
			}
			c.Items = append(c.Items, CoverItem{Kind: "boundary", Name: fmt.Sprintf("%s boundary %s", ind.ID, k), Covered: covered})
		}
		for _, g := range ind.Grades {
			add("grade", ind.ID+" "+g.Name, "grade "+ind.ID+" "+g.Name)
		}
	}
	for _, v := range s.Vetoes() {
		add("veto", v.ID, "veto "+v.ID)
	}
	for _, t := range s.Tiers() {
		add("tier", t.ID, "tier "+t.ID)
	}
	return c
}

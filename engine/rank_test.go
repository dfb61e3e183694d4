package engine

import (
	"fmt"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A ranking within cohorts, a named tie-break, a share quota overflowing to
// a named tier, and awards by tier and by minimum total.
const cohortScheme = `
id: cohorts
version: "1"
title: {zh: 分类排名, en: ranking by category}
period: year
sections:
  - id: work
    label: {zh: 业务, en: work}
    indicators:
      - {id: W1, label: {zh: 业务, en: work}, kind: value, value: "0"}
  - id: party
    label: {zh: 党建, en: party}
    indicators:
      - {id: P1, label: {zh: 党建, en: party}, kind: value, value: "0"}
tiers:
  - {id: advanced, label: {zh: 先进, en: advanced}, min: 90, quota: {share: 25%, overflow: ordinary}}
  - {id: good, label: {zh: 良好, en: good}, min: 80}
  - {id: ordinary, label: {zh: 一般, en: ordinary}, min: 60}
  - {id: weak, label: {zh: 软弱, en: weak}}
ranking:
  tie_break: [party]
  cohort: category
awards:
  - {id: best, label: {zh: 类别第一, en: best of its category}, count: 1, per_cohort: true}
  - {id: honour, label: {zh: 表彰, en: honour}, tiers: [advanced, good]}
  - {id: over95, label: {zh: 95分以上, en: 95 and over}, min: 95}
`

func TestRankCohortsTieBreakQuota(t *testing.T) {
	s, err := scheme.Compile("cohorts.yaml", []byte(cohortScheme))
	require.NoError(t, err)
	sum := func(id, cat, total, party, tier string) Score {
		d, _ := decimal.NewFromString(total)
		p, _ := decimal.NewFromString(party)
		return Score{Subject: evidence.Subject{ID: id, Name: id, Kind: "branch", Category: cat}, Period: "2023",
			Total: NewPoints(d), Tier: tier, Keys: []Points{NewPoints(p)}}
	}
	sums := []Score{
		// production: four branches, 25% of 4 = 1 may be advanced.
		sum("p1", "production", "95", "40", "advanced"),
		sum("p2", "production", "95", "45", "advanced"), // the same total, more party points: ranks above p1
		sum("p3", "production", "91", "40", "advanced"),
		sum("p4", "production", "70", "30", "ordinary"),
		// office: two branches, 25% of 2 = 0.5 → 0 may be advanced.
		sum("o1", "office", "92", "50", "advanced"),
		sum("o2", "office", "85", "50", "good"),
	}
	rk, err := Rank(s, "2023", sums, nil)
	require.NoError(t, err)
	var got []string
	for _, e := range rk.Entries {
		got = append(got, fmt.Sprintf("%s %d %s %s<-%s %v", e.Cohort, e.Rank, e.Subject.ID, e.Tier, e.QuotaFrom, e.Awards))
	}
	assert.Equal(t, []string{
		// office's quota is 0: o1 goes to the named tier, ordinary, and so
		// is no longer a candidate for the honour given by tier.
		"office 1 o1 ordinary<-advanced [best]",
		"office 2 o2 good<- [honour]",
		"production 1 p2 advanced<- [best honour over95]", // the tie-break puts p2 first; the one advanced place
		"production 2 p1 ordinary<-advanced [over95]",
		"production 3 p3 ordinary<-advanced []",
		"production 4 p4 ordinary<- []",
	}, got)
	// The per-cohort award is decided in each cohort, in cohort order.
	require.Len(t, rk.Awards, 4)
	assert.Equal(t, AwardResult{ID: "best", Kind: scheme.Flag, Cohort: "office", To: []string{"o1"}}, rk.Awards[0])
	assert.Equal(t, AwardResult{ID: "best", Kind: scheme.Flag, Cohort: "production", To: []string{"p2"}}, rk.Awards[1])
}

// TestPermute: permute moves every entry to where the sorted indices say,
// for every permutation of five entries (cycles of every length).
func TestPermute(t *testing.T) {
	var perms func(p []int, k int, f func([]int))
	perms = func(p []int, k int, f func([]int)) {
		if k == len(p) {
			f(p)
			return
		}
		for i := k; i < len(p); i++ {
			p[k], p[i] = p[i], p[k]
			perms(p, k+1, f)
			p[k], p[i] = p[i], p[k]
		}
	}
	n := 0
	perms([]int{0, 1, 2, 3, 4}, 0, func(p []int) {
		es := make([]Entry, len(p))
		for i := range es {
			es[i].Subject.ID = string(rune('a' + i))
		}
		idx := append([]int(nil), p...)
		permute(es, idx)
		for k := range p {
			require.Equal(t, string(rune('a'+p[k])), es[k].Subject.ID, "perm %v", p)
		}
		n++
	})
	require.Equal(t, 120, n)
}

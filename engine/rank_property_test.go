package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// rankCases are the schemes whose rankings the property test pins: each
// exercises a part of Rank the others do not.
var rankCases = []struct {
	name, file, first string
	why               string
}{
	{"tingnan", "../schemes/tingnan-2017.yaml", "2017-03", "one cohort; a rolling banner, two titles counting it, top and bottom flags"},
	{"member-points", "../schemes/member-points.yaml", "2024-01", "cohorts by category, a count quota per cohort, per-cohort awards barred by a veto's consequence, a carried balance"},
	{"qianjiang", "../schemes/qianjiang-2017.yaml", "2017", "quotas and awards with computed counts and shares, vetoes forcing a tier"},
	{"pat2", "../examples/tables/pat2-branch-quarterly.yaml", "2021-Q1", "a share quota split by an indicator's points, a computed carry, given_for, excludes, a mark over the year, repeated deductions"},
	{"nitun", "../examples/tables/nitun-member-redyellow.yaml", "2021-Q1", "awards by tier that exclude and bar each other"},
	{"cohorts", "", "2023", "a tie-break key, cohorts, a share quota overflowing to a named tier"},
}

// propSummaries generates n summaries of s for one period: totals from a
// narrow range so that ties are common, tiers, vetoes and pending vetoes,
// tie-break keys, split points, deductions and carries where s has them.
func propSummaries(s *scheme.Scheme, period string, n int, rng *rand.Rand) []Score {
	var splitKeys []string
	for _, t := range s.Tiers() {
		if t.Quota != nil {
			for _, k := range t.Quota.SplitBy {
				splitKeys = append(splitKeys, k.String())
			}
		}
	}
	var repeated []string
	for _, ind := range s.Indicators() {
		if ind.Repeated != nil || plan.ReadsRun(s, ind.ID) {
			repeated = append(repeated, ind.ID)
		}
	}
	half := func(lo, span int) Points {
		return NewPoints(decimal.New(int64(2*lo+rng.IntN(2*span+1)), -1).Mul(decimal.New(5, 0)))
	}
	cats := []string{"office", "production", "service"}
	out := make([]Score, n)
	for i := range out {
		id := fmt.Sprintf("s%04d", i+1)
		sm := Score{Subject: evidence.Subject{ID: id, Name: "支部 " + id, Kind: "branch", Category: cats[rng.IntN(len(cats))]},
			Period: period, Total: half(60, 15)}
		if ts := s.Tiers(); len(ts) > 0 {
			sm.Tier = ts[rng.IntN(len(ts))].ID
		}
		if vs := s.Vetoes(); len(vs) > 0 {
			if rng.IntN(20) == 0 {
				sm.Vetoes = []string{vs[rng.IntN(len(vs))].ID}
			}
			if rng.IntN(30) == 0 {
				sm.Pending = []string{vs[rng.IntN(len(vs))].ID}
			}
		}
		for range s.Ranking().TieBreak {
			sm.Keys = append(sm.Keys, NewPoints(decimal.NewFromInt(int64(rng.IntN(4)))))
		}
		for _, k := range splitKeys {
			if sm.Splits == nil {
				sm.Splits = map[string]Points{}
			}
			sm.Splits[k] = NewPoints(decimal.NewFromInt(int64(rng.IntN(3))))
		}
		for _, id := range repeated {
			if rng.IntN(5) == 0 {
				sm.Deducted = append(sm.Deducted, id)
			}
		}
		if c := s.Carry(); c != nil && c.Computed() {
			v := NewPoints(sm.Total.Decimal().Div(decimal.NewFromInt(5)).Round(2))
			sm.Carry = &v
		}
		sm.NotAssessed = rng.IntN(50) == 0
		out[i] = sm
	}
	return out
}

// propOpening is an opening ledger that holds and counts awards, so that
// titles, streaks and marks have something to move.
func propOpening(s *scheme.Scheme, p evidence.Period, n int, rng *rand.Rand) *Ledger {
	led := &Ledger{Scheme: s.ID(), Period: p.Add(-1).String(), Holders: map[string]string{},
		Counts: map[string]map[string]int{}, Streaks: map[string]map[string]int{}}
	subject := func() string { return fmt.Sprintf("s%04d", 1+rng.IntN(n)) }
	for _, aw := range s.Awards() {
		if !aw.PerCohort && (aw.Kind == scheme.Rolling || aw.Kind == scheme.Title) {
			led.Holders[aw.ID] = subject()
		}
		if aw.Kind == scheme.Title || aw.Kind == scheme.Mark {
			continue
		}
		counts, streaks := map[string]int{}, map[string]int{}
		for range 12 {
			counts[subject()] = 1 + rng.IntN(7)
			streaks[subject()] = 1 + rng.IntN(3)
		}
		led.Counts[aw.ID], led.Streaks[aw.ID] = counts, streaks
	}
	return led
}

// propRankings ranks three periods in a row of n generated subjects, each
// period's ledger opening the next, with the summaries of each period
// given to Rank in the order order makes of them; it returns the JSON of
// the three rankings, one a line.
func propRankings(t *testing.T, s *scheme.Scheme, first string, n int, order func([]Score)) []byte {
	t.Helper()
	p, err := evidence.ParsePeriod(first)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(16, 4))
	prev := propOpening(s, p, n, rng)
	var out bytes.Buffer
	for k := range 3 {
		period := p.Add(k).String()
		sums := propSummaries(s, period, n, rng)
		order(sums)
		rk, err := Rank(s, period, sums, prev)
		require.NoError(t, err, "period %s", period)
		b, err := json.Marshal(rk)
		require.NoError(t, err)
		out.Write(b)
		out.WriteByte('\n')
		prev = rk.Ledger
	}
	return out.Bytes()
}

// TestRankShuffledSameAsBefore: for every scheme of rankCases, three
// periods of 400 generated summaries rank, in the order given and in five
// shuffled orders, to the same JSON byte for byte — the JSON the ranking
// gave before Rank sorted on compact keys (testdata/rank-property/,
// written by the earlier Rank).
func TestRankShuffledSameAsBefore(t *testing.T) {
	const n = 400
	for _, tc := range rankCases {
		t.Run(tc.name, func(t *testing.T) {
			var s *scheme.Scheme
			if tc.file == "" {
				var err error
				s, err = scheme.Compile("cohorts.yaml", []byte(cohortScheme))
				require.NoError(t, err)
			} else {
				s = compileFile(t, tc.file)
			}
			got := propRankings(t, s, tc.first, n, func([]Score) {})
			golden := filepath.Join("testdata", "rank-property", tc.name+".jsonl")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err)
			require.True(t, bytes.Equal(want, got), "%s: the ranking differs from %s (%s)", tc.name, golden, firstDiff(want, got))
			for seed := range uint64(5) {
				shuffle := rand.New(rand.NewPCG(seed, 99))
				got := propRankings(t, s, tc.first, n, func(sums []Score) {
					shuffle.Shuffle(len(sums), func(i, j int) { sums[i], sums[j] = sums[j], sums[i] })
				})
				require.True(t, bytes.Equal(want, got), "%s, shuffle %d: the ranking differs (%s)", tc.name, seed, firstDiff(want, got))
			}
		})
	}
}

// firstDiff shows where two JSON texts part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	cut := func(x []byte) string {
		lo, hi := max(0, i-80), min(len(x), i+80)
		return strings.ToValidUTF8(string(x[lo:hi]), "?")
	}
	return fmt.Sprintf("at byte %d: want …%s… got …%s…", i, cut(a), cut(b))
}

// TestRankDecimalFallback: totals and tie-break keys too long for fixed
// point (the same values written with 25 more zeros, so 27 digits), and
// tie-break keys of differing lengths, are compared as decimals: the
// places, ranks, tiers and awards are those of the fixed-point sort of
// the same values.
func TestRankDecimalFallback(t *testing.T) {
	s, err := scheme.Compile("cohorts.yaml", []byte(cohortScheme))
	require.NoError(t, err)
	long := func(p Points) Points {
		return NewPoints(decimal.NewFromBigInt(new(big.Int).Mul(p.Decimal().Coefficient(), new(big.Int).Exp(big.NewInt(10), big.NewInt(25), nil)), p.Decimal().Exponent()-25))
	}
	places := func(rk *Ranking) []string {
		var out []string
		for _, e := range rk.Entries {
			out = append(out, fmt.Sprintf("%s %d %v %s %s %v", e.Cohort, e.Rank, e.Shared, e.Subject.ID, e.Tier, e.Awards))
		}
		for _, a := range rk.Awards {
			out = append(out, fmt.Sprintf("%s %s %v", a.ID, a.Cohort, a.To))
		}
		return out
	}
	cases := []struct {
		why  string
		edit func(sm *Score, i int)
	}{
		{"totals of 27 digits", func(sm *Score, i int) { sm.Total = long(sm.Total) }},
		{"keys of 27 digits", func(sm *Score, i int) { sm.Keys = []Points{long(sm.Keys[0])} }},
		{"a second key, equal, for every third summary: keys of differing lengths compare on those both have", func(sm *Score, i int) {
			if i%3 == 0 {
				sm.Keys = append(sm.Keys[:1:1], NewPoints(decimal.Zero))
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.why, func(t *testing.T) {
			sums := propSummaries(s, "2023", 400, rand.New(rand.NewPCG(3, 3)))
			want, err := Rank(s, "2023", sums, nil)
			require.NoError(t, err)
			edited := slices.Clone(sums)
			for i := range edited {
				tc.edit(&edited[i], i)
			}
			got, err := Rank(s, "2023", edited, nil)
			require.NoError(t, err)
			require.Equal(t, places(want), places(got))
		})
	}
}

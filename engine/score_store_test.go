package engine

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScoresKeepEveryField: a score put in Scores comes back as it was,
// whatever it holds.
func TestScoresKeepEveryField(t *testing.T) {
	carry := NewPoints(decimal.RequireFromString("12.50"))
	big := NewPoints(decimal.RequireFromString("123456789012345678901234.5"))
	cases := []struct {
		sum Score
		why string
	}{
		{Score{Subject: evidence.Subject{ID: "a", Name: "甲", Kind: "branch"}, Period: "2017-03", Total: NewPoints(decimal.New(9050, -2)), Tier: "good"},
			"the common score: only its class, its total and its subject"},
		{Score{Subject: evidence.Subject{ID: "b", Name: "乙", Kind: "branch", Category: "office"}, Period: "2017-03", Total: NewPoints(decimal.New(905, -1)), Tier: "good"},
			"90.5 is not 90.50: a total keeps its exponent, so its JSON does not change"},
		{Score{Subject: evidence.Subject{ID: "c", Kind: "member"}, Period: "2017-03", Total: big, NotAssessed: true},
			"a total past 64 bits, and a subject not assessed"},
		{Score{Subject: evidence.Subject{ID: "d"}, Period: "2017-04", Total: NewPoints(decimal.Zero), Vetoes: []string{"v1"}, Pending: []string{"v2"},
			Keys: []Points{NewPoints(decimal.New(3, 0))}, Carry: &carry, Deducted: []string{"i1"}, Splits: map[string]Points{"s1": carry}},
			"every rare field"},
	}
	var sums []Score
	for _, c := range cases {
		sums = append(sums, c.sum)
	}
	sc := ScoresOf(sums)
	require.Equal(t, len(sums), sc.Len())
	got := sc.Slice()
	for i, c := range cases {
		want, err := json.Marshal(c.sum)
		require.NoError(t, err)
		have, err := json.Marshal(got[i])
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(have), c.why)
		assert.Equal(t, string(want), string(have), c.why)
	}
}

// oldEntry is Entry as it was before its rare fields moved behind a
// pointer: its JSON is what Entry's must stay.
type oldEntry struct {
	Rank         int              `json:"rank"`
	Shared       bool             `json:"shared,omitempty"`
	Cohort       string           `json:"cohort,omitempty"`
	Subject      evidence.Subject `json:"subject"`
	Total        Points           `json:"total"`
	Keys         []Points         `json:"keys,omitempty"`
	Tier         string           `json:"tier"`
	QuotaFrom    string           `json:"quota_from,omitempty"`
	Vetoes       []string         `json:"vetoes,omitempty"`
	Pending      []string         `json:"pending,omitempty"`
	Consequences []string         `json:"consequences,omitempty"`
	Awards       []string         `json:"awards,omitempty"`
	Holds        []string         `json:"holds,omitempty"`
	Carry        *Points          `json:"carry,omitempty"`
}

// TestEntryJSONUnchanged: an entry writes the object it always wrote,
// with and without HTML escaping, and reads it back.
func TestEntryJSONUnchanged(t *testing.T) {
	carry := NewPoints(decimal.New(125, -1))
	cases := []struct {
		old oldEntry
		why string
	}{
		{oldEntry{Rank: 1, Subject: evidence.Subject{ID: "a", Name: "甲", Kind: "branch"}, Total: NewPoints(decimal.New(9050, -2)), Tier: "good"},
			"no rare field: no pointer"},
		{oldEntry{Rank: 2, Shared: true, Cohort: "office", Subject: evidence.Subject{ID: "b", Name: "<b> & co", Kind: "branch", Category: "office"},
			Total: NewPoints(decimal.New(1, 0)), Keys: []Points{NewPoints(decimal.New(3, 0))}, Tier: "fair", QuotaFrom: "good",
			Vetoes: []string{"v1"}, Pending: []string{"v2"}, Consequences: []string{"no_award"}, Awards: []string{"red"}, Holds: []string{"banner"}, Carry: &carry},
			"every field, and HTML characters the encoder escapes or not as told"},
		{oldEntry{Rank: 3, Subject: evidence.Subject{ID: "c"}, Total: NewPoints(decimal.Zero), Tier: "poor", Consequences: []string{"list"}, Holds: []string{"title"}},
			"what the ranking adds without a score's rest"},
	}
	for _, c := range cases {
		for _, escape := range []bool{true, false} {
			var want, have bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(escape)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode(c.old))
			var e Entry
			require.NoError(t, json.Unmarshal(want.Bytes(), &e), c.why)
			enc = json.NewEncoder(&have)
			enc.SetEscapeHTML(escape)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode([]Entry{e}))
			var again bytes.Buffer
			enc = json.NewEncoder(&again)
			enc.SetEscapeHTML(escape)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode([]oldEntry{c.old}))
			assert.Equal(t, again.String(), have.String(), "%s (escape HTML: %v)", c.why, escape)
		}
	}
}

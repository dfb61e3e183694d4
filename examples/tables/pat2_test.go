package tables_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/schemetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updatePat2 = flag.Bool("update-pat2", false, "rewrite the pat2 golden files")

// TestPat2Quarterly runs the worked cases of the quarterly example.
func TestPat2Quarterly(t *testing.T) {
	schemetest.Run(t, "pat2-branch-quarterly.test.yaml")
}

// TestPat2QuarterlyLedger ranks the second quarter of the worked cases
// and reads the ledger it leaves and the ranking's audit in words.
func TestPat2QuarterlyLedger(t *testing.T) {
	f, err := schemetest.Load("pat2-branch-quarterly.test.yaml")
	require.NoError(t, err)
	var c *schemetest.Case
	for _, x := range f.Cases {
		if strings.HasPrefix(x.Name, "second quarter") {
			c = x
		}
	}
	require.NotNil(t, c)
	s := f.Scheme
	var sums []engine.Score
	results := map[string]*engine.Result{}
	for _, ev := range c.Evidence {
		r, err := engine.Evaluate(context.Background(), s, ev, engine.Options{Ledger: c.Ledger})
		require.NoError(t, err)
		results[ev.Subject.ID] = r
		sums = append(sums, r.Score(s))
	}
	rk, err := engine.Rank(s, "2021-Q2", sums, c.Ledger)
	require.NoError(t, err)
	led := rk.Ledger
	// Carried: 20% of the total less section B (the bonus):
	// b1 (76.5 − 2) × 20% = 14.9; b2 76.5 × 20% = 15.3; b3 77 × 20% = 15.4.
	for id, want := range map[string]string{"b1": "14.9", "b2": "15.3", "b3": "15.4"} {
		assert.Equal(t, want, led.Balances[id].String(), "balance of %s", id)
	}
	// b2 lost points on M1 for the second quarter in a row; b1 and b3 did not.
	assert.Equal(t, map[string]int{"b2": 2}, led.Deducted["M1"])
	// The red list's history keeps both quarters of 2021 for b3: the year's
	// window needs four quarters at most.
	assert.Equal(t, []string{"2021-Q1", "2021-Q2"}, led.History["red_list"]["b3"])

	var got strings.Builder
	for _, x := range engine.ExplainRanking(s, rk) {
		got.WriteString(x.Zh + "\n" + x.En + "\n")
	}
	for _, id := range []string{"b1", "b2"} {
		for _, x := range engine.Explain(s, results[id]) {
			got.WriteString(x.Zh + "\n" + x.En + "\n")
		}
	}
	golden(t, "testdata/pat2-quarterly-q2.golden", got.String())

	// The ledger's JSON reads back as it was written.
	b, err := json.Marshal(led)
	require.NoError(t, err)
	back, err := engine.DecodeLedger(strings.NewReader(string(b)))
	require.NoError(t, err)
	assert.Equal(t, led.Deducted, back.Deducted)
	assert.Equal(t, led.History, back.History)
}

// TestPat2QuarterlyFirst explains the first worked case in words.
func TestPat2QuarterlyFirst(t *testing.T) {
	f, err := schemetest.Load("pat2-branch-quarterly.test.yaml")
	require.NoError(t, err)
	c := f.Cases[0]
	r, err := engine.Evaluate(context.Background(), f.Scheme, c.Evidence[0], engine.Options{})
	require.NoError(t, err)
	assert.Equal(t, "14.5", r.Carry.String(), "(75.5 − 3) × 20%")
	var got strings.Builder
	for _, x := range engine.Explain(f.Scheme, r) {
		got.WriteString(x.Zh + "\n" + x.En + "\n")
	}
	golden(t, "testdata/pat2-quarterly-q1.golden", got.String())
}

func golden(t *testing.T, file, got string) {
	t.Helper()
	if *updatePat2 {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

package engine

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRankKeepsEveryBalance: November's ledger carries m1–m4's balances
// (110, 100, 90, 0). In December m3's evidence is bad, so Batch gives no
// summary for it; a ledger from the other three would restart m3 from
// 100 in January. Rank refuses it, naming m3. In January the year starts
// again (reset: year), so nothing is lost and the ledger is made.
func TestRankKeepsEveryBalance(t *testing.T) {
	s := membersScheme(t)
	ctx := context.Background()
	nov, err := Batch(ctx, s, seq(memberEvidence("2017-11", map[string]memberMonth{"m1": {adds: 2}, "m3": {deducts: 1}}, nil)), BatchOptions{}, nil)
	require.NoError(t, err)
	rk, err := Rank(s, "2017-11", nov, nil)
	require.NoError(t, err)
	led := rk.Ledger
	require.Len(t, led.Balances, 4)

	evs := memberEvidence("2017-12", nil, nil)
	evs[2].Facts["discipline"] = "perhaps" // m3: not a bool
	dec, err := Batch(ctx, s, seq(evs), BatchOptions{Options: Options{Ledger: led}}, nil)
	var be *BatchError
	require.ErrorAs(t, err, &be)
	require.Len(t, dec, 3)
	_, err = Rank(s, "2017-12", dec, led)
	require.ErrorIs(t, err, ErrLedgerDrops)
	assert.EqualError(t, err, "the ledger would drop a subject's balance: m3 carried a balance into 2017-12 but has no summary; rank them, or remove them from the ledger of 2017-11")

	// Two left out are both named.
	_, err = Rank(s, "2017-12", dec[:2], led)
	assert.ErrorContains(t, err, "m3, m4 carried a balance into 2017-12 but have no summary")

	// January starts from 100 whatever the ledger: dropping is harmless.
	led.Period = "2017-12"
	jan, err := Batch(ctx, s, seq(memberEvidence("2018-01", nil, nil)[:3]), BatchOptions{Options: Options{Ledger: led}}, nil)
	require.NoError(t, err)
	_, err = Rank(s, "2018-01", jan, led)
	require.NoError(t, err)
}

package main

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A result edited in the database is left out of the ranking, and said
// so; it does not take the top, the red flag or the banner.
func TestRankingLeavesOutTamperedRows(t *testing.T) { forEachDB(t, testRankingLeavesOutTamperedRows) }

func testRankingLeavesOutTamperedRows(t *testing.T, e *env) {
	items := e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/2017-03.json"))
	ids := map[string]int64{}
	for _, it := range items {
		ids[it.Subject] = it.ID
	}
	rep := e.ranking(tokOffice, "2017-03")
	require.Len(t, rep.Ranking.Entries, 8)
	assert.Equal(t, []string{"jd", "zj"}, award(rep.Ranking, "red_flag").To, "0.9 each")
	assert.Equal(t, []string{"tf"}, award(rep.Ranking, "yellow_flag").To, "−0.9")

	// 通风区 (−0.9) edited to 9.9 in the result and its column: verify
	// reports it, and the ranking leaves it out rather than put it first.
	// 运输区's evidence edited (on target → +20%): its body no longer
	// hashes to its key.
	e.tamper(`UPDATE results SET total = '9.9', result = REPLACE(result, '"total":"-0.9"', '"total":"9.9"') WHERE id = $1`, ids["tf"])
	ys := mustResult(t, e, ids["ys"])
	e.tamper(`UPDATE evidence SET body = REPLACE(body, '"task_actual":"10000"', '"task_actual":"12000"') WHERE hash = $1`, ys.EvidenceHash)

	rep = e.ranking(tokOffice, "2017-03")
	require.Len(t, rep.LeftOut, 2, "%+v", rep.LeftOut)
	assert.Equal(t, "tf", rep.LeftOut[0].Subject)
	assert.Equal(t, ids["tf"], rep.LeftOut[0].ID)
	assert.Contains(t, rep.LeftOut[0].Problems, "total: stored 9.9, evaluated -0.9")
	assert.Equal(t, "ys", rep.LeftOut[1].Subject)
	assert.Contains(t, rep.LeftOut[1].Problems[0], "stored evidence does not match its hash")
	require.Len(t, rep.Ranking.Entries, 6)
	for _, en := range rep.Ranking.Entries {
		assert.NotContains(t, []string{"tf", "ys"}, en.Subject.ID, "left out of the entries")
	}
	assert.Equal(t, []string{"jd", "zj"}, award(rep.Ranking, "red_flag").To, "tf's 9.9 does not take the red flag")
	assert.NotContains(t, award(rep.Ranking, "yellow_flag").To, "tf")
	assert.NotContains(t, rep.Stages, "tf")

	// Such a period is not closed: its ledger would miss two branches.
	e.through(items)
	code, out := e.do(tokOffice, "POST", "/rankings/2017-03/close", nil)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, string(out), "result "+itoa(ids["tf"])+" (tf, version 1) does not verify")
}

// One subject never receives both the red and the yellow flag. The scheme
// gives the red flag to every branch sharing the top and the yellow to
// every branch sharing the bottom ("并列第一均授小红旗", "并列最后均授小黄
// 旗"), so a branch ranked alone, or branches all tied, are at both ends:
// the engine gives them both flags; the service takes the yellow back,
// says so in the award's note, and keeps it out of the ledger.
func TestRedAndYellowNeverTogether(t *testing.T) { forEachDB(t, testRedAndYellowNeverTogether) }

func testRedAndYellowNeverTogether(t *testing.T, e *env) {
	var may []json.RawMessage
	require.NoError(t, json.Unmarshal(readFile(t, "tingnan-2017/year/2017-05.json"), &may))
	doc := map[string][]byte{}
	for _, raw := range may {
		var ev struct{ Subject struct{ ID string } }
		require.NoError(t, json.Unmarshal(raw, &ev))
		doc[ev.Subject.ID] = raw
	}
	for _, tc := range []struct {
		why      string
		subjects []string
		red      []string
	}{
		{"one branch alone: 综掘区 at 1.5", []string{"zj"}, []string{"zj"}},
		{"all tied: 综采二队 and 机电队 both on target, 0", []string{"zc2", "jd"}, []string{"jd", "zc2"}},
	} {
		t.Run(tc.why, func(t *testing.T) {
			_, err := e.db.Exec(`DELETE FROM transitions`)
			require.NoError(t, err)
			_, err = e.db.Exec(`DELETE FROM results`)
			require.NoError(t, err)
			var sums []engine.Score
			for _, s := range tc.subjects {
				it := e.mustPost(tokOffice, doc[s])[0]
				sums = append(sums, mustResult(t, e, it.ID).Score(e.sv.Scheme))
			}
			// What the scheme's rules alone decide: both flags.
			bare, err := engine.Rank(e.sv.Scheme, "2017-05", sums, nil)
			require.NoError(t, err)
			require.Equal(t, tc.red, award(bare, "red_flag").To)
			require.Equal(t, tc.red, award(bare, "yellow_flag").To, "the engine gives both flags")
			require.Equal(t, 1, bare.Ledger.Counts["yellow_flag"][tc.subjects[0]])

			rep := e.ranking(tokOffice, "2017-05")
			rk := rep.Ranking
			assert.Equal(t, tc.red, award(rk, "red_flag").To)
			assert.Empty(t, award(rk, "yellow_flag").To)
			assert.Contains(t, award(rk, "yellow_flag").Note, "at the top as well: nobody ranks below")
			assert.NotContains(t, rk.Ledger.Counts, "yellow_flag", "no yellow flag counted")
			assert.NotContains(t, rk.Ledger.Streaks, "yellow_flag", "no run of yellow flags")
			assert.Equal(t, 1, rk.Ledger.Counts["red_flag"][tc.subjects[0]])
			for _, en := range rk.Entries {
				assert.NotContains(t, en.Awards, "yellow_flag", en.Subject.ID)
				assert.Contains(t, en.Awards, "red_flag", en.Subject.ID)
			}
		})
	}
}

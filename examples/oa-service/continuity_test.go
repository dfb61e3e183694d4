package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func before(t *testing.T, period string) string {
	p, err := evidence.ParsePeriod(period)
	require.NoError(t, err)
	return p.Add(-1).String()
}

func award(rk *engine.Ranking, id string) engine.AwardResult {
	for _, a := range rk.Awards {
		if a.ID == id {
			return a
		}
	}
	return engine.AwardResult{}
}

// through takes every latest version of the period through publication
// and approval, as the office and the committee would.
func (e *env) through(items []Item) {
	e.t.Helper()
	for _, it := range items {
		code, out := e.do(tokOffice, "POST", "/evaluations/"+itoa(it.ID)+"/publish", nil)
		require.Equal(e.t, http.StatusOK, code, string(out))
	}
	e.advance(5*24*time.Hour + time.Minute)
	for _, it := range items {
		code, out := e.do(tokCommittee, "POST", "/evaluations/"+itoa(it.ID)+"/approve", nil)
		require.Equal(e.t, http.StatusOK, code, string(out))
	}
}

// Continuity across periods: each month's ledger is stored when the month
// is closed, and the next month's ranking starts from it, so the rolling
// banner and the 样板化 title move month to month as in seed 000 (the
// engine's tingnan_year_test works the same months by hand).
func TestContinuity(t *testing.T) { forEachDB(t, testContinuity) }

func testContinuity(t *testing.T, e *env) {
	code, out := e.do(tokOffice, "PUT", "/ledgers/2016-12", readFile(t, "tingnan-2017/year/ledger-2016-12.json"))
	require.Equal(t, http.StatusOK, code, string(out))
	code, out = e.do(tokOffice, "PUT", "/ledgers/2016-12", readFile(t, "tingnan-2017/year/ledger-2016-12.json"))
	assert.Equal(t, http.StatusConflict, code, "the opening ledger is loaded once: %s", out)

	months := []struct {
		month         string
		red, yellow   []string
		banner, model string
		bannerNote    bool // tied at the top: the banner is not handed on
	}{
		// The opening ledger: banner zc2 (3), zc1 2, zj 2, jd 1; 样板化 zc2.
		{"2017-01", []string{"zc1"}, []string{"mc"}, "zc1", "zc2", false}, // zc1 3 = zc2 3: 样板化 stays
		{"2017-02", []string{"zc1"}, []string{"ys"}, "zc1", "zc1", false}, // zc1 4 > zc2 3: 样板化 moves
		{"2017-03", []string{"jd", "zj"}, []string{"tf"}, "zc1", "zc1", true},
		{"2017-04", []string{"zj"}, []string{"xm"}, "zj", "zc1", false}, // the banner moves on from March's holder
	}
	for i, m := range months {
		items := e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/"+m.month+".json"))
		require.Len(t, items, 8)
		if i == 1 {
			// Closing needs every result approved, and a period closed
			// before the next is ranked.
			code, out := e.do(tokOffice, "POST", "/rankings/2017-02/close", nil)
			assert.Equal(t, http.StatusConflict, code)
			assert.Contains(t, string(out), "zc1: version 1 is assessed, not approved")
		}
		e.through(items)
		code, out := e.do(tokOffice, "POST", "/rankings/"+m.month+"/close", nil)
		require.Equal(t, http.StatusOK, code, "%s: %s", m.month, out)
		var rep RankingReport
		require.NoError(t, json.Unmarshal(out, &rep))
		rk := rep.Ranking
		assert.True(t, rep.Closed)
		assert.Equal(t, before(t, m.month), rep.LedgerFrom, m.month)
		assert.Equal(t, m.red, award(rk, "red_flag").To, "%s red", m.month)
		assert.Equal(t, m.yellow, award(rk, "yellow_flag").To, "%s yellow", m.month)
		assert.Equal(t, m.banner, award(rk, "banner").Holder, "%s banner", m.month)
		assert.Equal(t, m.model, award(rk, "model_banner").Holder, "%s 样板化", m.month)
		assert.Equal(t, m.bannerNote, award(rk, "banner").Note != "", "%s banner note", m.month)
		code, _ = e.do(tokOffice, "POST", "/rankings/"+m.month+"/close", nil)
		assert.Equal(t, http.StatusConflict, code, "%s closes once", m.month)
	}
	// Banner counts after April: zc1 2 + Jan + Feb = 4; zj 2 + Apr = 3;
	// zc2 3; jd 1 (March was a tie: no count).
	rep := e.ranking(tokCommittee, "2017-04")
	assert.Equal(t, map[string]int{"zc1": 4, "zc2": 3, "zj": 3, "jd": 1}, rep.Ranking.Ledger.Counts["banner"])

	// A gap is refused, not started again from nothing.
	code, out = e.do(tokOffice, "GET", "/rankings/2017-06", nil)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, string(out), "no ledger is stored for 2017-05 (the last is 2017-04's): close 2017-05 first")
}

package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// GET /standard is the scheme in force as published, to any token.
func TestStandardPage(t *testing.T) { forEachDB(t, testStandardPage) }

func testStandardPage(t *testing.T, e *env) {
	for _, c := range []struct {
		why, token string
		status     int
	}{
		{"the office reads it", tokOffice, http.StatusOK},
		{"a branch reads the standard it is scored by", tokZC1, http.StatusOK},
		{"another organisation reads the same scheme", tokOtherOffice, http.StatusOK},
		{"no token, as every page of the service", "", http.StatusUnauthorized},
		{"a token the service does not know", "forged", http.StatusUnauthorized},
	} {
		status, body := e.do(c.token, "GET", "/standard", nil)
		require.Equal(t, c.status, status, "%s: %s", c.why, body)
		if status == http.StatusOK {
			page := string(body)
			assert.Contains(t, page, "考核评分标准", c.why)
			assert.Contains(t, page, "超出5%-10%（含5%）加3分", "%s: tingnan's bands in words", c.why)
			assert.NotContains(t, page, "<script", c.why)
		}
	}
}

// GET / is the board of the latest period for a signed-in caller, each
// name linking the sheet the caller may read; without a token it stays
// the index.
func TestHomeBoard(t *testing.T) { forEachDB(t, testHomeBoard) }

func testHomeBoard(t *testing.T, e *env) {
	status, body := e.do(tokOffice, "GET", "/", nil)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Contains(t, string(body), "/rankings/{period}/board", "nothing scored yet: the index")

	e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/2017-02.json"))
	items := e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/2017-03.json"))
	ids := map[string]int64{}
	for _, it := range items {
		ids[it.Subject] = it.ID
	}
	zc1 := fmt.Sprintf(`href="/evaluations/%d/sheet"`, ids["zc1"])
	jd := fmt.Sprintf(`href="/evaluations/%d/sheet"`, ids["jd"])
	for _, c := range []struct {
		why, token string
		status     int
		board      bool
		links      []string // sheets linked
		unlinked   []string // sheets not linked
	}{
		{"the office sees March's board, February's being older, and every sheet linked", tokOffice, http.StatusOK, true, []string{zc1, jd}, nil},
		{"the committee too", tokCommittee, http.StatusOK, true, []string{zc1, jd}, nil},
		{"a branch sees the board and its own sheet linked only", tokZC1, http.StatusOK, true, []string{zc1}, []string{jd}},
		{"another organisation has nothing scored: its index", tokOtherOffice, http.StatusOK, false, nil, nil},
		{"no token: the index", "", http.StatusOK, false, nil, nil},
		{"a token the service does not know is refused, not shown the index", "forged", http.StatusUnauthorized, false, nil, nil},
	} {
		status, body := e.do(c.token, "GET", "/", nil)
		require.Equal(t, c.status, status, "%s: %s", c.why, body)
		page := string(body)
		if c.board {
			assert.Contains(t, page, "2017年3月考核排名", c.why)
			assert.Contains(t, page, `href="/standard"`, c.why)
		} else {
			assert.NotContains(t, page, "考核排名", c.why)
		}
		for _, l := range c.links {
			assert.Contains(t, page, l, c.why)
		}
		for _, l := range c.unlinked {
			assert.NotContains(t, page, l, c.why)
		}
	}
	status, body = e.do(tokOffice, "GET", "/board/2017-02", nil)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Contains(t, string(body), "2017年2月考核排名", "/board/{period} is the period's board")
}

// GET /periods/{period}.xlsx is the ranking of /rankings/{period} as a
// workbook, for the office and the committee.
func TestPeriodSpreadsheet(t *testing.T) { forEachDB(t, testPeriodSpreadsheet) }

func testPeriodSpreadsheet(t *testing.T, e *env) {
	e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/2017-03.json"))
	for _, c := range []struct {
		why, token, path string
		status           int
	}{
		{"the office", tokOffice, "/periods/2017-03.xlsx", http.StatusOK},
		{"the committee", tokCommittee, "/periods/2017-03.xlsx", http.StatusOK},
		{"a branch would read every branch's figures", tokZC1, "/periods/2017-03.xlsx", http.StatusForbidden},
		{"no token", "", "/periods/2017-03.xlsx", http.StatusUnauthorized},
		{"not a spreadsheet's name", tokOffice, "/periods/2017-03.csv", http.StatusNotFound},
		{"not a period", tokOffice, "/periods/2017-13.xlsx", http.StatusBadRequest},
	} {
		status, body := e.do(c.token, "GET", c.path, nil)
		require.Equal(t, c.status, status, "%s: %s", c.why, body)
		if status != http.StatusOK {
			continue
		}
		x, err := excelize.OpenReader(bytes.NewReader(body))
		require.NoError(t, err, c.why)
		rows, err := x.GetRows("考核汇总", excelize.Options{RawCellValue: true})
		x.Close()
		require.NoError(t, err, c.why)
		require.Len(t, rows, 9, "%s: a header and eight branches", c.why)
		// 机电队 is +5% (band [5,10): 3 × 30% = 0.9) and shares the top.
		var jd []string
		for _, r := range rows {
			if len(r) > 1 && r[1] == "机电队党支部" {
				jd = r
			}
		}
		require.NotNil(t, jd, c.why)
		assert.Equal(t, "1", jd[0], "%s: rank", c.why)
		assert.True(t, strings.Contains(strings.Join(jd, "|"), "|0.9|"), "%s: 0.9 exactly in %v", c.why, jd)
	}
}

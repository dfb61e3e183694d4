package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The score sheet is served to whoever may read the result, and to no
// one else: a branch reads its own sheet, not another branch's.
func TestSheetPage(t *testing.T) { forEachDB(t, testSheetPage) }

func testSheetPage(t *testing.T, e *env) {
	items := e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/2017-03.json"))
	ids := map[string]int64{}
	for _, it := range items {
		ids[it.Subject] = it.ID
	}
	path := fmt.Sprintf("/evaluations/%d/sheet", ids["zc1"])
	for _, c := range []struct {
		why, token string
		status     int
	}{
		{"the office reads every sheet", tokOffice, http.StatusOK},
		{"a branch reads its own", tokZC1, http.StatusOK},
		{"another branch does not", tokJG1, http.StatusForbidden},
		{"another organisation does not", tokOtherOffice, http.StatusForbidden},
		{"no token, no sheet", "", http.StatusUnauthorized},
	} {
		status, body := e.do(c.token, "GET", path, nil)
		require.Equal(t, c.status, status, "%s: %s", c.why, body)
		if status == http.StatusOK {
			page := string(body)
			assert.True(t, strings.Contains(page, "综采一队党支部"), c.why)
			assert.True(t, strings.Contains(page, "考核评分表"), c.why)
			assert.True(t, strings.Contains(page, "考核人（签字）"), c.why)
			assert.False(t, strings.Contains(page, "<script"), c.why)
		}
	}
	status, _ := e.do(tokOffice, "GET", "/evaluations/999999/sheet", nil)
	assert.Equal(t, http.StatusNotFound, status, "no such result")
}

// The board shows the same ranking as GET /rankings/{period}: names,
// totals and the flags.
func TestBoardPage(t *testing.T) { forEachDB(t, testBoardPage) }

func testBoardPage(t *testing.T, e *env) {
	e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/2017-03.json"))
	status, body := e.do(tokOffice, "GET", "/rankings/2017-03/board", nil)
	require.Equal(t, http.StatusOK, status, "%s", body)
	page := string(body)
	for _, want := range []string{"2017年3月考核排名", "机电队党支部", "综掘区党支部", "0.90", "小红旗", "小黄旗"} {
		assert.True(t, strings.Contains(page, want), "%q on the board", want)
	}
	status, _ = e.do("", "GET", "/rankings/2017-03/board", nil)
	assert.Equal(t, http.StatusUnauthorized, status, "the board needs a token")
	status, _ = e.do(tokOffice, "GET", "/rankings/2017-13/board", nil)
	assert.Equal(t, http.StatusBadRequest, status, "not a period")
}

// GET / is a small index page, without a token; other unknown paths stay
// 404.
func TestIndexPage(t *testing.T) { forEachDB(t, testIndexPage) }

func testIndexPage(t *testing.T, e *env) {
	status, body := e.do("", "GET", "/", nil)
	require.Equal(t, http.StatusOK, status)
	assert.True(t, strings.Contains(string(body), "/rankings/{period}/board"))
	status, _ = e.do("", "GET", "/nothing-here", nil)
	assert.Equal(t, http.StatusNotFound, status)
}

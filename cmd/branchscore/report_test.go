package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReport(t *testing.T) {
	march, err := filepath.Glob("../../examples/data/tingnan-2017/2017-03-*.json")
	require.NoError(t, err)
	year, err := filepath.Glob("../../examples/data/tingnan-2017/year/2017-*.json")
	require.NoError(t, err)
	opening := "../../examples/data/tingnan-2017/year/ledger-2016-12.json"
	out := filepath.Join(t.TempDir(), "board.html")
	for _, c := range []struct {
		why    string
		args   []string
		code   int
		stdout []string // on standard output
		stderr string
	}{
		{"a sheet names the subject and its linked unit's hash", append([]string{"report", "sheet", "--scheme", "tingnan-2017", "--subject", "jg1", "--date", "2017-03-26"}, march...),
			0, []string{"<!DOCTYPE html>", "机关第一党支部", "考核人（签字）", "2017-03-26", "挂钩单位数据指纹"}, ""},
		{"several subjects and none named", append([]string{"report", "sheet", "--scheme", "tingnan-2017"}, march...), 2, nil, "name one with --subject"},
		{"a subject not in the evidence", append([]string{"report", "sheet", "--scheme", "tingnan-2017", "--subject", "nobody"}, march...), 1, nil, "no evidence for subject nobody"},
		{"the board of a year from its opening ledger, to a file", append([]string{"report", "board", "--scheme", "tingnan-2017", "--ledger", opening, "-o", out}, year...), 0, nil, ""},
		{"the published standard", []string{"report", "standard", "--scheme", "tingnan-2017"}, 0, []string{"超出5%-10%（含5%）加3分"}, ""},
		{"the standard takes no evidence", []string{"report", "standard", "--scheme", "tingnan-2017", march[0]}, 2, nil, "takes no evidence"},
		{"no page named", []string{"report"}, 2, nil, "which page"},
		{"an unknown page", []string{"report", "poster", "--scheme", "tingnan-2017"}, 2, nil, `unknown page "poster"`},
		{"no scheme", []string{"report", "standard"}, 2, nil, "--scheme is required"},
		{"help", []string{"report", "board", "--help"}, 0, []string{"usage: branchscore report board"}, ""},
	} {
		var o, e bytes.Buffer
		code := run(c.args, &o, &e)
		assert.Equal(t, c.code, code, "%s: %s", c.why, e.String())
		for _, w := range c.stdout {
			assert.True(t, strings.Contains(o.String(), w), "%s: %q not in the output", c.why, w)
		}
		if c.stderr != "" {
			assert.Contains(t, e.String(), c.stderr, c.why)
		}
	}
	page, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(page), "2017年12月考核排名", "the board is of the last period given")
	assert.Equal(t, 8, strings.Count(string(page), "<svg"), "a chart for each of the eight branches")
}

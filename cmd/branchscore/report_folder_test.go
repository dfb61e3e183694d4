package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A period as a folder: the board at index.html linking every subject's
// sheet and the standard, and those pages beside it.
func TestReportFolder(t *testing.T) {
	qianjiang, err := filepath.Glob("../../examples/data/qianjiang-2017/2018-*.json")
	require.NoError(t, err)
	require.Len(t, qianjiang, 5)
	year, err := filepath.Glob("../../examples/data/tingnan-2017/year/2017-*.json")
	require.NoError(t, err)
	opening := "../../examples/data/tingnan-2017/year/ledger-2016-12.json"
	full := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(full, "old.html"), nil, 0o644))
	standard := filepath.Join(t.TempDir(), "standard.html")
	for _, c := range []struct {
		why    string
		args   []string
		code   int
		stderr string
	}{
		{"xlsx is not this tool's", []string{"report", "--scheme", "qianjiang-2017", "--format", "xlsx", "--out", t.TempDir(), qianjiang[0]}, 2, "examples/xlsx-export"},
		{"an unknown format", []string{"report", "--scheme", "qianjiang-2017", "--format", "pdf", "--out", t.TempDir(), qianjiang[0]}, 2, `unknown format "pdf"`},
		{"no folder", append([]string{"report", "--scheme", "qianjiang-2017"}, qianjiang...), 2, "--out is required"},
		{"no evidence", []string{"report", "--scheme", "qianjiang-2017", "--out", t.TempDir()}, 2, "evidence"},
		{"a folder holding another run's pages", append([]string{"report", "--scheme", "qianjiang-2017", "--out", full}, qianjiang...), 1, "is not empty"},
		{"the standard takes no evidence", []string{"report", "--scheme", "qianjiang-2017", "--standard", "--out", standard, qianjiang[0]}, 2, "takes no evidence"},
		{"the standard alone, to a file", []string{"report", "--scheme", "tingnan-2017", "--format", "html", "--standard", "--out", standard}, 0, ""},
	} {
		var o, e bytes.Buffer
		code := run(c.args, &o, &e)
		assert.Equal(t, c.code, code, "%s: %s", c.why, e.String())
		if c.stderr != "" {
			assert.Contains(t, e.String(), c.stderr, c.why)
		}
	}
	page, err := os.ReadFile(standard)
	require.NoError(t, err)
	assert.Contains(t, string(page), "超出5%-10%（含5%）加3分", "the standard is tingnan's")
	_, err = os.Stat(filepath.Join(full, "index.html"))
	assert.ErrorIs(t, err, os.ErrNotExist, "nothing written beside another run's pages")

	t.Run("qianjiang-2017", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "2018")
		var o, e bytes.Buffer
		require.Equal(t, 0, run(append([]string{"report", "--scheme", "qianjiang-2017", "--date", "2019-01-10", "--out", dir}, qianjiang...), &o, &e), e.String())
		assert.Contains(t, o.String(), "5 score sheets")
		// The folder as the clerk finds it: each file and its page's title.
		var listing strings.Builder
		ents, err := os.ReadDir(dir)
		require.NoError(t, err)
		title := regexp.MustCompile(`<title>([^<]*)</title>`)
		for _, ent := range ents {
			b, err := os.ReadFile(filepath.Join(dir, ent.Name()))
			require.NoError(t, err)
			m := title.FindSubmatch(b)
			require.NotNil(t, m, ent.Name())
			listing.WriteString(ent.Name() + "\t" + string(m[1]) + "\n")
			assert.NotContains(t, string(b), "<script", ent.Name())
		}
		reportGolden(t, "report-qianjiang-2017/listing.txt", []byte(listing.String()))
		index, err := os.ReadFile(filepath.Join(dir, "index.html"))
		require.NoError(t, err)
		reportGolden(t, "report-qianjiang-2017/index.html", index)
		for _, ent := range ents {
			if n := ent.Name(); strings.HasPrefix(n, "sheet-") || n == "standard.html" {
				assert.Contains(t, string(index), `href="`+n+`"`, "the board links %s", n)
			}
		}
	})

	t.Run("tingnan-2017 year", func(t *testing.T) {
		dir := t.TempDir()
		var o, e bytes.Buffer
		require.Equal(t, 0, run(append([]string{"report", "--scheme", "tingnan-2017", "--ledger", opening, "--out", dir}, year...), &o, &e), e.String())
		sheets, err := filepath.Glob(filepath.Join(dir, "sheet-*.html"))
		require.NoError(t, err)
		assert.Len(t, sheets, 8, "one sheet per branch of December, not per month")
		index, err := os.ReadFile(filepath.Join(dir, "index.html"))
		require.NoError(t, err)
		assert.Contains(t, string(index), "2017年12月考核排名")
		assert.Equal(t, 8, strings.Count(string(index), "<svg"), "the year charted on December's board")
		zc1, err := os.ReadFile(filepath.Join(dir, "sheet-zc1.html"))
		require.NoError(t, err)
		assert.Contains(t, string(zc1), "2017年12月", "the sheets are of the last period")
	})
}

func TestFileSafe(t *testing.T) {
	for _, c := range []struct{ id, want, why string }{
		{"jg1", "jg1", "a plain id is the name"},
		{"zc-1.a_b", "zc-1.a_b", "dots, dashes and underscores inside"},
		{"../x", "_x2e2e2f78", "a path is not followed"},
		{".hidden", "_x2e68696464656e", "no hidden file"},
		{"机关", "_xe69cbae585b3", "non-ASCII in hex"},
		{"_x6a", "_x5f783661", "an id that looks encoded is encoded itself, so two ids never share a file"},
		{strings.Repeat("a", 65), "_h635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0", "a long id by its SHA-256"},
	} {
		assert.Equal(t, c.want, fileSafe(c.id), c.why)
	}
}

func reportGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "go test ./cmd/branchscore -run TestReportFolder -update writes it")
	assert.Equal(t, string(want), string(got), "%s differs; rerun with -update and read it", path)
}

package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the Chinese output goldens in testdata")

// TestMain runs the tests without the locale of the machine running them:
// the English expectations hold wherever they run.
func TestMain(m *testing.M) {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLanguage(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want scheme.Lang
		rest []string
		why  string
	}{
		{[]string{"check", "f.yaml"}, nil, scheme.English, []string{"check", "f.yaml"}, "nothing set: English"},
		{[]string{"check", "f.yaml"}, map[string]string{"LANG": "zh_CN.UTF-8"}, scheme.Chinese, []string{"check", "f.yaml"}, "LANG=zh_CN.UTF-8"},
		{[]string{"check", "f.yaml"}, map[string]string{"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, scheme.English, []string{"check", "f.yaml"}, "LC_MESSAGES before LANG"},
		{[]string{"check", "f.yaml"}, map[string]string{"LC_ALL": "zh_TW.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, scheme.Chinese, []string{"check", "f.yaml"}, "LC_ALL before LC_MESSAGES"},
		{[]string{"check", "f.yaml"}, map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "zh_CN.UTF-8"}, scheme.English, []string{"check", "f.yaml"}, "the first set decides, a language without a catalog is English"},
		{[]string{"check", "--lang", "zh", "f.yaml"}, nil, scheme.Chinese, []string{"check", "f.yaml"}, "the flag, its value apart"},
		{[]string{"check", "--lang=en", "f.yaml"}, map[string]string{"LANG": "zh_CN.UTF-8"}, scheme.English, []string{"check", "f.yaml"}, "the flag wins over the environment"},
		{[]string{"eval", "--scheme", "x", "-lang", "zh", "e.json"}, map[string]string{"LC_ALL": "en_US"}, scheme.Chinese, []string{"eval", "--scheme", "x", "e.json"}, "a single dash, among another command's flags"},
		{[]string{"check", "--", "--lang"}, nil, scheme.English, []string{"check", "--", "--lang"}, "after --, a file name"},
		{[]string{"--lang", "zh", "check", "f.yaml"}, nil, scheme.Chinese, []string{"check", "f.yaml"}, "before the command"},
	}
	for _, tt := range tests {
		got, rest, err := language(tt.args, env(tt.env))
		require.NoError(t, err, tt.why)
		assert.Equal(t, tt.want, got, tt.why)
		assert.Equal(t, tt.rest, rest, tt.why)
	}
	for _, args := range [][]string{{"check", "--lang"}, {"check", "--lang", "fr", "f.yaml"}, {"check", "--lang=zh_CN", "f.yaml"}} {
		_, _, err := language(args, env(nil))
		assert.Error(t, err, "%q: the flag takes en or zh", args)
		var out, errb bytes.Buffer
		assert.Equal(t, 2, runEnv(args, env(nil), &out, &errb), "%q: a usage error", args)
	}
}

// TestChineseOutput compares what check and eval print in Chinese with
// golden files (-update rewrites them), and checks that the English run
// has the same positions and paths, line for line.
func TestChineseOutput(t *testing.T) {
	bad := func(name string) string { return "../../scheme/testdata/bad/" + name + ".yaml" }
	badEv := func(name string) string { return "../../schemes/testdata/bad-evidence/tingnan-2017--" + name + ".json" }
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"check-zh", []string{"check", "--lang", "zh", bad("weights-sum"), bad("kind-keys"), bad("i18n-label-comma"), bad("i18n-indent-under"), bad("undeclared-name")}, nil},
		{"check-lang-env", []string{"check", bad("i18n-fullwidth-colon"), bad("i18n-fullwidth-space"), bad("gate-unknown-document")}, map[string]string{"LANG": "zh_CN.UTF-8"}},
		{"eval-zh", []string{"eval", "--scheme", "tingnan-2017", "--lang", "zh", "testdata/i18n-bad-evidence.json", "testdata/i18n-dup-key.json"}, nil},
		// evaluations that fail at run time (each file is zc1 2017-03, so
		// one a run): an assessor's points out of range, a record nobody
		// scored
		{"eval-runtime-zh", []string{"eval", "--scheme", "tingnan-2017", "--lang", "zh", badEv("discretion-out-of-range")}, nil},
		{"eval-unscored-zh", []string{"eval", "--scheme", "tingnan-2017", "--lang", "zh", badEv("activity-not-assessed")}, nil},
		// the expression stage's own messages: a bad '%', a float, an
		// integer division, a regular expression, an unbounded cost
		{"check-expr-zh", []string{"check", "--lang", "zh", bad("expr-percent-ambiguous"), bad("expr-percent-of-expression"), bad("double-value"), bad("integer-division"), bad("bad-decimal-literal"), bad("expr-regex-invalid"), bad("expr-cost-unbounded")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, zh bytes.Buffer
			code := runEnv(tt.args, env(tt.env), &out, &zh)
			assert.Equal(t, 1, code)
			golden := filepath.Join("testdata", tt.name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(golden, zh.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "go test ./cmd/branchscore -update writes it")
			assert.Equal(t, string(want), zh.String())

			var en bytes.Buffer
			runEnv(append(tt.args, "--lang", "en"), env(tt.env), &out, &en)
			enLines, zhLines := strings.Split(en.String(), "\n"), strings.Split(zh.String(), "\n")
			require.Equal(t, len(enLines), len(zhLines), "a line in Chinese for each line in English")
			for i := range enLines {
				assert.Equal(t, prefix(enLines[i]), prefix(zhLines[i]), "the same position or path")
				if enLines[i] != "" {
					assert.NotEqual(t, enLines[i], zhLines[i], "every line is in Chinese")
				}
			}
		})
	}
}

// prefix is a line's position (file:line:col) or, for an evidence error,
// its file and JSON path.
func prefix(line string) string {
	if i := strings.Index(line, ".yaml:"); i >= 0 {
		rest := line[i+len(".yaml:"):]
		return line[:i] + ".yaml:" + rest[:strings.Index(rest, ": ")]
	}
	var path []string
	for _, f := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(" ：,，(（)）", r) }) {
		if strings.Contains(f, ".json") || strings.Contains(f, "[") || strings.HasPrefix(f, "facts.") || strings.HasPrefix(f, "records.") {
			path = append(path, strings.TrimSuffix(f, ":"))
		}
	}
	return strings.Join(path, " ")
}

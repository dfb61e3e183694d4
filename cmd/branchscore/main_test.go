package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/branchscore/branchscore/engine"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateWalkthrough = flag.Bool("update-walkthrough", false, "rewrite examples/scheme-change's golden outputs")

func TestCheck(t *testing.T) {
	bomb := "../../schemetest/testdata/bad/testfile-alias-bomb.test.yaml"
	tests := []struct {
		args     []string
		code     int
		out, err string
		why      string
	}{
		{[]string{"check", "../../schemes/tingnan-2017.yaml"}, 0, "ok  ../../schemes/tingnan-2017.yaml  tingnan-2017", "", "a built-in scheme compiles"},
		{[]string{"check", "../../scheme/testdata/bad/weights-sum.yaml"}, 1, "", "weights-sum.yaml:23:16: section weights add up to 0.9, not 1", "diagnostics on stderr, exit 1"},
		{[]string{"check", "../../schemes/tingnan-2017.yaml", "../../scheme/testdata/bad/kind-keys.yaml"}, 1, "ok  ", "kind-keys.yaml:24:9", "one bad file fails the run but every file is checked"},
		{[]string{"check", "no-such-file.yaml"}, 1, "", "no-such-file.yaml", "a missing file is reported"},
		// tingnan-2017.test.yaml holds 10 cases ("  - name:" at the start of 10 lines).
		{[]string{"check", "../../schemes/tingnan-2017.test.yaml"}, 0, "ok  ../../schemes/tingnan-2017.test.yaml  tests of tingnan-2017 0.1.0: 17 cases", "", "a test file is loaded as one, its cases not run"},
		{[]string{"check", bomb}, 1, "", bomb + ":9:13: anchor &l0: anchors and aliases are not allowed in a scheme test file; write the value out in full",
			"a test file holding an alias bomb is refused from its tree, positioned"},
		{[]string{"test", bomb}, 1, "FAIL\t" + bomb + "\t[load failed]", bomb + ":11:43: more anchors, aliases or merge keys follow; only the first 20 are listed",
			"test refuses it the same way, every diagnostic on stderr"},
		{[]string{"test", "../../schemetest/testdata/bad/testfile-second-document.test.yaml"}, 1, "[load failed]",
			"testfile-second-document.test.yaml:6:1: a second YAML document starts here; a scheme test file holds exactly one",
			"a second document is refused, not dropped"},
		{[]string{"check"}, 2, "", "no files given", "usage error"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`, "unknown command"},
		{nil, 2, "", "usage:", "no arguments"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		assert.Equal(t, tc.code, code, tc.why)
		assert.Contains(t, stdout.String(), tc.out, tc.why)
		assert.Contains(t, stderr.String(), tc.err, tc.why)
		if tc.code == 1 && tc.err != "" {
			for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
				assert.Regexp(t, `^[^:]+(:\d+:\d+)?: `, line, "one diagnostic per line, file:line:col: message")
			}
		}
	}
}

func TestEvalAndVerify(t *testing.T) {
	dir := t.TempDir()
	ev := "../../examples/data/tingnan-2017/2017-03-zongcai1.json"

	var out, errb bytes.Buffer
	code := run([]string{"eval", "--scheme", "tingnan-2017", ev}, &out, &errb)
	assert.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "综采一队党支部（zc1）2017-03")
	assert.Contains(t, out.String(), "总分 5.20")
	assert.NotContains(t, out.String(), "× 1 =")

	out.Reset()
	code = run([]string{"eval", "--scheme", "tingnan-2017", "--explain", ev}, &out, &errb)
	assert.Equal(t, 0, code)
	assert.Contains(t, out.String(), "技术比武（C-0312）缺少“公示结果”，缺一项不加分")
	assert.Less(t, strings.Index(out.String(), "摘要"), strings.Index(out.String(), "计分过程"), "the summary first")

	out.Reset()
	code = run([]string{"eval", "--scheme", "tingnan-2017", "--json", ev}, &out, &errb)
	require.Equal(t, 0, code)
	resultFile := filepath.Join(dir, "results.json")
	require.NoError(t, os.WriteFile(resultFile, out.Bytes(), 0o644))

	out.Reset()
	code = run([]string{"verify", "--scheme", "tingnan-2017", resultFile, ev}, &out, &errb)
	assert.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "ok  zc1 2017-03 total 5.2")

	tampered := strings.Replace(string(must(os.ReadFile(resultFile))), `"total": "5.2"`, `"total": "6"`, 1)
	require.NoError(t, os.WriteFile(resultFile, []byte(tampered), 0o644))
	errb.Reset()
	code = run([]string{"verify", "--scheme", "tingnan-2017", resultFile, ev}, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "total: stored 6, evaluated 5.2")
}

// TestEvalBadSubject: a bad subject is reported with its path and the
// others are scored regardless.
func TestEvalBadSubject(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[
	  {"subject": {"id": "x1", "name": "机关第一党支部", "kind": "branch"}, "period": "2017-03",
	   "facts": {"task_target": "100", "task_actual": "100"},
	   "records": {"contests": [{"id": "C-1", "date": "2017-03-02", "participants": "six", "uniform_dress": true}]}},
	  {"subject": {"id": "x2", "name": "机关第二党支部", "kind": "branch"}, "period": "2017-03",
	   "facts": {"task_target": "0", "task_actual": "100"}},
	  {"subject": {"id": "x3", "name": "安监处党支部", "kind": "branch"}, "period": "2017-03",
	   "facts": {"task_target": "100", "task_actual": "101"}}
	]`), 0o644))
	var out, errb bytes.Buffer
	code := run([]string{"eval", "--scheme", "tingnan-2017", bad}, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), `subject x1, period 2017-03: records.contests[0].participants: want int, got "six"`)
	assert.Contains(t, errb.String(), "subject x2, period 2017-03, indicator B1 (facts.task_actual, facts.task_target): division by zero")
	assert.Contains(t, out.String(), "安监处党支部（x3）", "the good subject is scored regardless")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestRank: March 2017 from February's ledger. zc1 5.2, zj 1, jg1 0 (its
// figures are zc1's, but its own gates fail): zc1 takes the red flag and
// keeps the banner, its fifth, which exceeds zc2's 3 and takes the 样板化
// banner from zc2; jg1 is bottom. The ledger written is next month's input.
func TestRank(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "ledger-2017-03.json")
	evs, err := filepath.Glob("../../examples/data/tingnan-2017/*.json")
	require.NoError(t, err)
	args := append([]string{"rank", "--scheme", "tingnan-2017", "--ledger", "../../examples/data/ledgers/tingnan-2017-02.json", "--ledger-out", out}, evs...)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	text := stdout.String()
	assert.Contains(t, text, "亭南煤业党支部工作质量认证 0.1.0 — 2017-03")
	assert.Regexp(t, `1  综采一队党支部（zc1）\s+5.20\s+标准化党支部流动锦旗、小红旗（第一名）、样板化党支部流动锦旗\n`, text)
	assert.Regexp(t, `3  机关第一党支部（jg1）\s+0.00\s+小黄旗（最后一名）\n`, text)
	// zc2 has no evidence this month: the ranking knows it by id only.
	assert.Contains(t, text, "样板化党支部流动锦旗：由zc2移交综采一队党支部")
	assert.Contains(t, text, "标准化党支部流动锦旗：综采一队党支部再次获得，继续保持")
	assert.Contains(t, text, "品牌化党支部流动锦旗：无支部符合条件，暂无支部持有")

	var led engine.Ledger
	require.NoError(t, json.Unmarshal(must(os.ReadFile(out)), &led))
	assert.Equal(t, "2017-03", led.Period)
	assert.Equal(t, 5, led.Counts["banner"]["zc1"])

	// The same ledger cannot open March again.
	code = run(append([]string{"rank", "--scheme", "tingnan-2017", "--ledger", out}, evs...), &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "ledger does not fit: it closes 2017-03, but ranking 2017-03 needs the ledger of 2017-02")

	stdout.Reset()
	code = run(append([]string{"rank", "--scheme", "tingnan-2017", "--json"}, evs...), &stdout, &stderr)
	require.Equal(t, 0, code)
	var rk engine.Ranking
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rk))
	assert.Len(t, rk.Entries, 3)
	assert.Equal(t, "zc1", rk.Entries[0].Subject.ID)
}

// TestSchemeTest: a failing case shows want against got by indicator;
// --update accepts the change and keeps the file's comments.
func TestSchemeTest(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tingnan-2017.yaml"), must(os.ReadFile("../../schemes/tingnan-2017.yaml")), 0o644))
	file := filepath.Join(dir, "tingnan-2017.test.yaml")
	require.NoError(t, os.WriteFile(file, []byte(`# my cases
cases:
  - name: five percent over
    evidence: {subject: {id: b, name: 一支部, kind: branch}, period: 2017-05, facts: {task_target: "100", task_actual: "105"}}
    # working: +5% → 3 × 0.3
    expect:
      total: "0.8" # a slip: should be 0.9
      indicators: {B1: "1"}
`), 0o644))
	var out, errb bytes.Buffer
	code := run([]string{"test", file}, &out, &errb)
	assert.Equal(t, 1, code, errb.String())
	assert.Contains(t, out.String(), "--- FAIL: five percent over ("+file+":3)")
	assert.Regexp(t, `total\s+0.8\s+0.9\n`, out.String())
	assert.Regexp(t, `indicator B1\s+1\s+3\n`, out.String())
	assert.Contains(t, out.String(), "FAIL\t"+file+"\t1 of 1 case failed")

	out.Reset()
	require.Equal(t, 0, run([]string{"test", "--update", file}, &out, &errb), errb.String())
	updated := string(must(os.ReadFile(file)))
	assert.Contains(t, updated, "# my cases")
	assert.Contains(t, updated, "# working: +5% → 3 × 0.3")
	assert.Contains(t, updated, `total: "0.9" # a slip: should be 0.9`)
	assert.Contains(t, updated, `indicators: {B1: "3"}`)

	out.Reset()
	assert.Equal(t, 0, run([]string{"test", "--cover", file}, &out, &errb))
	assert.Contains(t, out.String(), "band       10.0%  1 of 10 bands  not exercised: A2 [0, 10000)") // B1 [5, 10) only
	assert.Equal(t, 1, run([]string{"test", "--min-cover", "90", file}, &out, &errb))
}

// TestSchemeChangeWalkthrough replays examples/scheme-change: the test that
// fails, the diff that explains it, the --update that accepts it. Each
// step's output is the example's golden file (go test ./cmd/branchscore
// -update-walkthrough rewrites them).
func TestSchemeChangeWalkthrough(t *testing.T) {
	ex := "../../examples/scheme-change/"
	golden := func(name, got string) {
		t.Helper()
		if *updateWalkthrough {
			require.NoError(t, os.WriteFile(ex+name, []byte(got), 0o644))
		}
		assert.Equal(t, string(must(os.ReadFile(ex+name))), got, name)
	}
	dir := t.TempDir()
	for _, f := range []string{"tingnan-2017.yaml", "tingnan-2017.test.yaml"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), must(os.ReadFile(ex+f)), 0o644))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "../data"), 0o755))
	require.NoError(t, os.CopyFS(filepath.Join(dir, "../data"), os.DirFS("../../examples/data")))
	test := filepath.Join(dir, "tingnan-2017.test.yaml")
	clean := func(s string) string { return strings.ReplaceAll(s, dir+"/", "examples/scheme-change/") }

	var out, errb bytes.Buffer
	assert.Equal(t, 1, run([]string{"test", test}, &out, &errb))
	golden("1-test-fails.txt", clean(out.String()))

	out.Reset()
	evs, _ := filepath.Glob("../../examples/data/tingnan-2017/*.json")
	assert.Equal(t, 1, run(append([]string{"diff", "tingnan-2017", ex + "tingnan-2017.yaml"}, evs...), &out, &errb))
	golden("2-diff.txt", out.String())

	out.Reset()
	assert.Equal(t, 0, run([]string{"test", "--update", test}, &out, &errb), errb.String())
	golden("3-accepted.test.yaml", string(must(os.ReadFile(test))))
	out.Reset()
	assert.Equal(t, 0, run([]string{"test", test}, &out, &errb))
}

// TestTwoDocumentsForOneSubject: eval, rank and diff refuse two documents
// for the same subject and period before scoring anything, naming both by
// file and index; otherwise both would be scored and jg1's link to zc1
// would read the later one's task figures.
func TestTwoDocumentsForOneSubject(t *testing.T) {
	dir := t.TempDir()
	zc1 := "../../examples/data/tingnan-2017/2017-03-zongcai1.json"
	jg1 := "../../examples/data/tingnan-2017/2017-03-jiguan1.json"
	again := filepath.Join(dir, "again.json")
	require.NoError(t, os.WriteFile(again, []byte(`[
	  {"subject": {"id": "zj", "name": "综掘区党支部", "kind": "branch"}, "period": "2017-03", "facts": {"task_target": "8000", "task_actual": "7200"}},
	  {"subject": {"id": "zc1", "name": "综采一队党支部", "kind": "branch"}, "period": "2017-03", "facts": {"task_target": "10000", "task_actual": "9000"}}
	]`), 0o644))
	want := "subject zc1, period 2017-03: given twice, in " + zc1 + "[0] and " + again + "[1]; give one document per subject and period\n"
	for _, tc := range []struct {
		cmd  []string
		code int
	}{
		{[]string{"eval", "--scheme", "tingnan-2017", zc1, jg1, again}, 1},
		{[]string{"rank", "--scheme", "tingnan-2017", zc1, jg1, again}, 1},
		{[]string{"diff", "tingnan-2017", "tingnan-2017", zc1, jg1, again}, exitTrouble}, // could not compare
	} {
		cmd := tc.cmd
		var out, errb bytes.Buffer
		code := run(cmd, &out, &errb)
		assert.Equal(t, tc.code, code, cmd[0])
		assert.Equal(t, want, errb.String(), cmd[0])
		assert.Empty(t, out.String(), "%s: nothing is scored", cmd[0])
	}

	// The same subject in two periods is two subjects' worth of evidence.
	april := filepath.Join(dir, "april.json")
	require.NoError(t, os.WriteFile(april, []byte(`{"subject": {"id": "zc1", "name": "综采一队党支部", "kind": "branch"}, "period": "2017-04", "facts": {"task_target": "10000", "task_actual": "9000"}}`), 0o644))
	var out, errb bytes.Buffer
	assert.Equal(t, 0, run([]string{"eval", "--scheme", "tingnan-2017", zc1, april}, &out, &errb), errb.String())
}

// TestRankLedgerNotWrittenWhenASubjectFails: x1's evidence is bad, so the
// ranking lacks it; a ledger written from it would restart x1 from the
// defaults next period. rank refuses to write it, naming x1, and exits 1;
// the ranking of the others is still shown.
func TestRankLedgerNotWrittenWhenASubjectFails(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[
	  {"subject": {"id": "x1", "name": "机关第一党支部", "kind": "branch"}, "period": "2017-03",
	   "facts": {"task_target": "100", "task_actual": "lots"}},
	  {"subject": {"id": "x3", "name": "安监处党支部", "kind": "branch"}, "period": "2017-03",
	   "facts": {"task_target": "100", "task_actual": "101"}}
	]`), 0o644))
	ledger := filepath.Join(dir, "ledger.json")
	evs, err := filepath.Glob("../../examples/data/tingnan-2017/*.json")
	require.NoError(t, err)
	tests := []struct {
		files []string
		want  string
		why   string
	}{
		{[]string{bad}, "the ledger of 2017-03 would drop what was not scored: x1", "a subject that fails is named"},
		{[]string{bad, filepath.Join(dir, "missing.json")}, "the ledger of 2017-03 would drop what was not scored: every subject of the files that could not be read, x1", "a file that cannot be read drops all its subjects"},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		args := append([]string{"rank", "--scheme", "tingnan-2017", "--ledger-out", ledger}, append(evs, tc.files...)...)
		code := run(args, &out, &errb)
		assert.Equal(t, 1, code, tc.why)
		assert.Contains(t, errb.String(), ledger+" not written: "+tc.want+"; fix the evidence and rank again", tc.why)
		assert.NoFileExists(t, ledger, tc.why)
		assert.Contains(t, out.String(), "安监处党支部（x3）", "%s: the others are still ranked", tc.why)
	}

	// With x1 fixed, the ledger is written.
	require.NoError(t, os.WriteFile(bad, []byte(strings.Replace(string(must(os.ReadFile(bad))), `"lots"`, `"99"`, 1)), 0o644))
	var out, errb bytes.Buffer
	require.Equal(t, 0, run(append([]string{"rank", "--scheme", "tingnan-2017", "--ledger-out", ledger}, append(evs, bad)...), &out, &errb), errb.String())
	assert.FileExists(t, ledger)
}

// TestVerifyParams: 机修 scores 79.5; made with the pass mark at 75 it
// passes. verify checks it under the scheme's defaults (pass mark 80) and
// fails, naming the pass mark; with --param pass_mark=75, the host saying
// 75 was in force, it verifies.
func TestVerifyParams(t *testing.T) {
	dir := t.TempDir()
	ev := "../../examples/data/xining-2021/2021-jixiu.json"
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"eval", "--scheme", "xining-2021", "--param", "pass_mark=75", "--json", ev}, &out, &errb), errb.String())
	results := filepath.Join(dir, "results.json")
	require.NoError(t, os.WriteFile(results, out.Bytes(), 0o644))

	out.Reset()
	code := run([]string{"verify", "--scheme", "xining-2021", results, ev}, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "parameter pass_mark: result 75, in force 80")
	assert.NotContains(t, out.String(), "ok ")

	out.Reset()
	errb.Reset()
	code = run([]string{"verify", "--scheme", "xining-2021", "--param", "pass_mark=75", results, ev}, &out, &errb)
	assert.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "ok  jx 2021 total 79.5")

	// The same result twice in the file is refused: which one to check
	// would be a guess.
	twice := strings.Replace(string(must(os.ReadFile(results))), "[\n", "[\n"+strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(string(must(os.ReadFile(results)))), "["), "]")+",\n", 1)
	require.NoError(t, os.WriteFile(results, []byte(twice), 0o644))
	errb.Reset()
	assert.Equal(t, 1, run([]string{"verify", "--scheme", "xining-2021", "--param", "pass_mark=75", results, ev}, &out, &errb))
	assert.Contains(t, errb.String(), "results.json: subject jx, period 2021: results [0] and [1] are both for it; give one")
}

// TestVerifyRefusesAmbiguousResults: a stored result that says total 6
// and then total 5.2 verified, because encoding/json keeps the last key
// while a reader keeping the first sees 6. verify reads stored results
// strictly (engine.DecodeResults) and names the path.
func TestVerifyRefusesAmbiguousResults(t *testing.T) {
	dir := t.TempDir()
	ev := "../../examples/data/tingnan-2017/2017-03-zongcai1.json"
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"eval", "--scheme", "tingnan-2017", "--json", ev}, &out, &errb), errb.String())
	stored := out.String() // an array of one result
	require.Contains(t, stored, `"total": "5.2"`)
	tests := []struct{ why, edit, want string }{
		{"total twice, the last one right", `"total": "6", "total": "5.2"`, "results[0]: total: duplicate key"},
		{"TOTAL after total", `"total": "5.2", "TOTAL": "6"`, `results[0]: TOTAL: key differs only in case from "total"`},
	}
	for _, tc := range tests {
		f := filepath.Join(dir, "results.json")
		require.NoError(t, os.WriteFile(f, []byte(strings.Replace(stored, `"total": "5.2"`, tc.edit, 1)), 0o644))
		out.Reset()
		errb.Reset()
		code := run([]string{"verify", "--scheme", "tingnan-2017", f, ev}, &out, &errb)
		assert.Equal(t, 1, code, tc.why)
		assert.Equal(t, f+": "+tc.want+"\n", errb.String(), tc.why)
		assert.Empty(t, out.String(), tc.why)
	}
}

// TestConventions: the command line behaves as go and opa users expect.
// Each row runs one command line (stdin given where it reads "-") and
// checks its exit status and what it printed.
func TestConventions(t *testing.T) {
	const (
		zc1 = "../../examples/data/tingnan-2017/2017-03-zongcai1.json"
		jg1 = "../../examples/data/tingnan-2017/2017-03-jiguan1.json"
		zj  = "../../examples/data/tingnan-2017/2017-03-zongjue.json"
	)
	dir := t.TempDir()
	results := filepath.Join(dir, "results.json")
	var rb, eb bytes.Buffer
	require.Equal(t, 0, run([]string{"eval", "--scheme", "tingnan-2017", "--json", zc1, jg1, zj}, &rb, &eb), eb.String())
	require.NoError(t, os.WriteFile(results, rb.Bytes(), 0o644))
	empty := t.TempDir()

	tests := []struct {
		why      string
		args     []string
		stdin    string // a file read as standard input
		code     int
		out, err []string // substrings, in order
		noErr    bool     // stderr must be empty
	}{
		{why: "version prints the module version and Go's",
			args: []string{"version"}, code: 0, out: []string{"branchscore ", " go1."}, noErr: true},
		{why: "--version is version",
			args: []string{"--version"}, code: 0, out: []string{"branchscore "}, noErr: true},
		{why: "flags after the arguments",
			args: []string{"eval", zc1, "--scheme", "tingnan-2017"}, code: 0, out: []string{"综采一队党支部（zc1）2017-03", "总分 5.2"}, noErr: true},
		{why: "flags between the arguments",
			args: []string{"verify", results, "--scheme", "tingnan-2017", zc1, jg1}, code: 0, out: []string{"ok  zc1 2017-03 total 5.2", "ok  jg1 2017-03"}, noErr: true},
		{why: "-- ends the flags",
			args: []string{"check", "--", "--json"}, code: 1, err: []string{"--json"}},
		{why: "- reads evidence from stdin",
			args: []string{"eval", "--scheme", "tingnan-2017", "-"}, stdin: zc1, code: 0, out: []string{"综采一队党支部（zc1）2017-03", "总分 5.2"}, noErr: true},
		{why: "- beside files, for a link",
			args: []string{"eval", "--scheme", "tingnan-2017", jg1, "-"}, stdin: zc1, code: 0, out: []string{"机关第一党支部（jg1）", "挂钩"}, noErr: true},
		{why: "stdin named in errors",
			args: []string{"eval", "--scheme", "tingnan-2017", "-"}, stdin: "../../scheme/testdata/bad/weights-sum.yaml", code: 1, err: []string{"stdin: evidence: "}},
		{why: "stdin cannot be read twice",
			args: []string{"eval", "--scheme", "tingnan-2017", "-", "-"}, code: 2, err: []string{`"-" (stdin) given more than once`, "usage: branchscore eval"}},
		{why: "a missing linked unit names the file that holds it (eval)",
			args: []string{"eval", "--scheme", "tingnan-2017", jg1}, code: 1,
			err: []string{jg1 + ": subject jg1, period 2017-03, link task: no evidence for the linked unit zc1 in 2017-03; pass ../../examples/data/tingnan-2017/2017-03-zongcai1.json as well, which holds it\n"}},
		{why: "a missing linked unit names the file, the subject once (verify)",
			args: []string{"verify", "--scheme", "tingnan-2017", results, jg1}, code: 1,
			err: []string{"subject jg1, period 2017-03, link task: no evidence for the linked unit zc1 in 2017-03; pass ../../examples/data/tingnan-2017/2017-03-zongcai1.json as well"}},
		{why: "check recognises a scheme test file and counts its cases",
			args: []string{"check", "../../examples/new-scheme/workshop-monthly.test.yaml"}, code: 0,
			out: []string{"ok  ../../examples/new-scheme/workshop-monthly.test.yaml  tests of workshop-monthly 1.0.0: 5 cases\n"}, noErr: true},
		{why: "check: plurals",
			args: []string{"check", "../../schemes/tingnan-2017.yaml"}, code: 0, out: []string{"3 sections, 10 indicators"}},
		{why: "check: a broken test file is a failure",
			args: []string{"check", "../../schemetest/testdata/bad/testfile-missing-evidence.test.yaml"}, code: 1, err: []string{"testfile-missing-evidence.test.yaml:4:15: a missing file: evidence"}},
		{why: "test DIR runs the test files in it",
			args: []string{"test", "../../examples/new-scheme"}, code: 0, out: []string{"ok  \t../../examples/new-scheme/workshop-monthly.test.yaml\t5 cases\n"}, noErr: true},
		{why: "test DIR/... walks below it, skipping testdata",
			args: []string{"test", "../../schemes/..."}, code: 0,
			out: []string{"member-points.test.yaml", "qianjiang-2017.test.yaml", "xining-2021.test.yaml"}, noErr: true},
		{why: "test DIR without test files fails",
			args: []string{"test", empty}, code: 1, err: []string{empty + ": no *.test.yaml files"}},
		{why: "test: coverage in argument order",
			args: []string{"test", "--cover", "../../schemes/xining-2021.test.yaml", "../../examples/new-scheme/workshop-monthly.test.yaml"}, code: 0,
			out: []string{"ok  \t../../schemes/xining-2021.test.yaml", "ok  \t../../examples/new-scheme/workshop-monthly.test.yaml",
				"coverage of ../../schemes/xining-2021.test.yaml:", "coverage of ../../examples/new-scheme/workshop-monthly.test.yaml:"}},
		{why: "test --cover: 1 veto, not 1 vetoes",
			args: []string{"test", "--cover", "../../examples/new-scheme/workshop-monthly.test.yaml"}, code: 0,
			out: []string{"  veto      100.0%  1 of 1 veto\n"}},
		{why: "rank --explain: each subject's sentences, in rank order",
			args: []string{"rank", "--scheme", "tingnan-2017", "--explain", zc1, jg1, zj}, code: 0,
			out: []string{"\n1  综采一队党支部（zc1）5.2\n  · ", "\n3  机关第一党支部（jg1）0\n  · "}, noErr: true},
		{why: "a bad flag is a usage error, exit 2",
			args: []string{"eval", "--nope"}, code: 2, err: []string{"branchscore eval: flag provided but not defined: -nope", "usage: branchscore eval"}},
		{why: "a missing --scheme is a usage error, exit 2",
			args: []string{"rank", zc1}, code: 2, err: []string{"branchscore rank: --scheme is required"}},
		{why: "help COMMAND is COMMAND --help",
			args: []string{"help", "diff"}, code: 0, out: []string{"usage: branchscore diff [--json] OLD NEW EVIDENCE.json..."}, noErr: true},
		{why: "the usage documents the exit statuses",
			args: []string{"help"}, code: 0, out: []string{"exit status: 0 all fine; 1 a failure found"}, noErr: true},
	}
	for _, tc := range tests {
		stdin := io.Reader(strings.NewReader(""))
		if tc.stdin != "" {
			stdin = bytes.NewReader(must(os.ReadFile(tc.stdin)))
		}
		var stdout, stderr bytes.Buffer
		code := runIO(tc.args, stdin, &stdout, &stderr)
		assert.Equal(t, tc.code, code, "%s\nstderr: %s", tc.why, stderr.String())
		inOrder(t, stdout.String(), tc.out, tc.why)
		inOrder(t, stderr.String(), tc.err, tc.why)
		if tc.noErr {
			assert.Empty(t, stderr.String(), tc.why)
		}
	}
}

// inOrder checks that s holds each of want, one after another.
func inOrder(t *testing.T, s string, want []string, why string) {
	t.Helper()
	rest := s
	for _, w := range want {
		i := strings.Index(rest, w)
		if !assert.GreaterOrEqual(t, i, 0, "%s: %q not found in order in:\n%s", why, w, s) {
			return
		}
		rest = rest[i+len(w):]
	}
}

// TestHelp: every subcommand prints its usage on stdout with -h and
// --help and exits 0, and docs/cli.md documents each one.
func TestHelp(t *testing.T) {
	doc := string(must(os.ReadFile("../../docs/cli.md")))
	for _, c := range commands {
		for _, flag := range []string{"-h", "--help"} {
			var stdout, stderr bytes.Buffer
			code := run([]string{c.name, flag}, &stdout, &stderr)
			assert.Equal(t, 0, code, "%s %s", c.name, flag)
			assert.True(t, strings.HasPrefix(stdout.String(), "usage: branchscore "+c.name), "%s %s: %s", c.name, flag, stdout.String())
			assert.Empty(t, stderr.String(), "%s %s", c.name, flag)
		}
		assert.Contains(t, doc, "## branchscore "+c.name, "docs/cli.md documents %s", c.name)
		assert.Contains(t, doc, "branchscore "+strings.ReplaceAll(c.cmd.synopsis, "\n                 ", " "), "docs/cli.md has the synopsis of %s", c.name)
	}
}

// TestVersionText: the version line from build information, as go build
// stamps it in a clone and as go install stamps a tagged module.
func TestVersionText(t *testing.T) {
	tests := []struct {
		why  string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "branchscore (no build information)\n"},
		{"go install …@v1.2.0",
			&debug.BuildInfo{GoVersion: "go1.24.1", Main: debug.Module{Version: "v1.2.0"}},
			"branchscore v1.2.0 go1.24.1\n"},
		{"built in a clone with changes",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
				{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "58a6e1d78af9"},
				{Key: "vcs.time", Value: "2026-12-02T04:09:50Z"}, {Key: "vcs.modified", Value: "true"}}},
			"branchscore (devel) git 58a6e1d78af9+modified 2026-12-02T04:09:50Z go1.26.8\n"},
		{"built from source without the revision (-buildvcs=false)",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"branchscore (devel) (no VCS revision: built with -buildvcs=false or outside a git clone) go1.26.8\n"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, versionText(tc.bi, tc.bi != nil), tc.why)
	}
}

// TestJSONShapes: check, test, verify and diff --json print the shapes
// docs/cli.md documents, with the same exit statuses as without.
func TestJSONShapes(t *testing.T) {
	zc1 := "../../examples/data/tingnan-2017/2017-03-zongcai1.json"
	dir := t.TempDir()
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"eval", "--scheme", "tingnan-2017", "--json", zc1}, &out, &errb))
	results := filepath.Join(dir, "results.json")
	require.NoError(t, os.WriteFile(results, []byte(strings.Replace(out.String(), `"total": "5.2"`, `"total": "6"`, 1)), 0o644))

	decode := func(args []string, code int, v any) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		assert.Equal(t, code, run(args, &stdout, &stderr), "%v: %s", args, stderr.String())
		dec := json.NewDecoder(&stdout)
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(v), "%v: %s", args, stdout.String())
	}

	var checked []checkJSON
	decode([]string{"check", "--json", "../../schemes/tingnan-2017.yaml", "../../scheme/testdata/bad/weights-sum.yaml", "../../examples/new-scheme/workshop-monthly.test.yaml"}, 1, &checked)
	require.Len(t, checked, 3)
	assert.Equal(t, checkJSON{File: "../../schemes/tingnan-2017.yaml", Kind: "scheme", OK: true, ID: "tingnan-2017", Version: "0.1.0",
		Sections: 3, Indicators: 10, Hash: checked[0].Hash}, checked[0])
	assert.Contains(t, checked[1].Diagnostics, diagnosticJSON{File: "../../scheme/testdata/bad/weights-sum.yaml", Line: 23, Col: 16, Message: "section weights add up to 0.9, not 1 (A 0.5 + B 0.3 + C 0.1)"})
	assert.Equal(t, checkJSON{File: "../../examples/new-scheme/workshop-monthly.test.yaml", Kind: "test", OK: true, ID: "workshop-monthly", Version: "1.0.0", Cases: 5}, checked[2])

	var tested []testFileJSON
	decode([]string{"test", "--json", "../../examples/new-scheme", "../../examples/scheme-change/tingnan-2017.test.yaml"}, 1, &tested)
	require.Len(t, tested, 2)
	assert.True(t, tested[0].OK)
	assert.Len(t, tested[0].Cases, 5)
	assert.Contains(t, tested[0].Coverage, coverageKindJSON{Kind: "veto", Covered: 1, Total: 1})
	assert.False(t, tested[1].OK, "the walkthrough's failing test")

	var verified []verifyJSON
	decode([]string{"verify", "--json", "--scheme", "tingnan-2017", results, zc1}, 1, &verified)
	assert.Equal(t, []verifyJSON{{Subject: "zc1", Period: "2017-03", File: zc1, Total: "6", Differences: []string{"total: stored 6, evaluated 5.2"}}}, verified)

	var moved diffJSON
	evs, _ := filepath.Glob("../../examples/data/tingnan-2017/*.json")
	decode(append([]string{"diff", "--json", "tingnan-2017", "../../examples/scheme-change/tingnan-2017.yaml"}, evs...), 1, &moved)
	assert.Equal(t, schemeRefJSON{"tingnan-2017", "0.1.0"}, moved.Old)
	assert.Equal(t, 3, moved.Subjects)
	assert.NotEmpty(t, moved.Changed)
}

// TestProgress: at a terminal, a long rank shows "scored N of M subjects"
// on stderr, rewritten in place, and clears the line; elsewhere nothing.
func TestProgress(t *testing.T) {
	evs, _ := filepath.Glob("../../examples/data/tingnan-2017/*.json")
	args := append([]string{"rank", "--scheme", "tingnan-2017"}, evs...)
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(args, &stdout, &stderr))
	assert.Empty(t, stderr.String(), "not a terminal: no progress")

	defer func(f func(io.Writer) bool, after time.Duration) { isTerminal, progressAfter = f, after }(isTerminal, progressAfter)
	isTerminal = func(io.Writer) bool { return true }
	progressAfter = 0 // every run is long
	stderr.Reset()
	require.Equal(t, 0, run(args, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "\rscored 1 of 3 subjects…")
	assert.Contains(t, stderr.String(), "\rscored 3 of 3 subjects…")
	assert.True(t, strings.HasSuffix(stderr.String(), "\r\033[K"), "the line is cleared: %q", stderr.String())
}

// TestEvalRectification: --rectification prints each subject's list after
// its breakdown, and with --json each result carries it; without the flag
// the JSON is the results alone (what verify reads).
func TestEvalRectification(t *testing.T) {
	jx := "../../examples/data/xining-2021/2021-jixiu.json"
	zg1 := "../../examples/data/xining-2021/2021-zhagang1.json"
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"eval", "--scheme", "xining-2021", "--rectification", jx, zg1}, &out, &errb), errb.String())
	text := out.String()
	assert.Contains(t, text, "整改清单（16 项）")
	assert.Contains(t, text, "1. [jx/C01] 共性指标1（有坚强有力的领导班子）：失 1 分（得 4 / 5）")
	assert.Contains(t, text, "15. [jx/C15] 共性指标15（有稳定有效的基础保障）：失 1.5 分（得 3.5 / 5）")
	assert.Contains(t, text, "16. [jx/I] 个性指标5项，每项5分：失 5 分（得 20 / 25）")
	assert.Contains(t, text, "依据：assessment:dwb-ma/C15")
	assert.Contains(t, text, "整改清单：无", "轧钢厂第一 lost nothing")

	out.Reset()
	require.Equal(t, 0, run([]string{"eval", "--scheme", "xining-2021", "--rectification", "--json", jx}, &out, &errb), errb.String())
	var got []struct {
		Total         string `json:"total"`
		Rectification []struct {
			ID   string `json:"id"`
			Lost string `json:"lost"`
		} `json:"rectification"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	require.Len(t, got, 1)
	assert.Equal(t, "79.5", got[0].Total)
	require.Len(t, got[0].Rectification, 16)
	assert.Equal(t, "jx/C15", got[0].Rectification[14].ID)
	assert.Equal(t, "1.5", got[0].Rectification[14].Lost)

	out.Reset()
	require.Equal(t, 0, run([]string{"eval", "--scheme", "xining-2021", "--json", jx}, &out, &errb), errb.String())
	assert.NotContains(t, out.String(), "rectification")
}

// TestSchemeTestDirectory: a directory stands for its *.test.yaml files,
// so every built-in is held to full coverage in one command.
func TestSchemeTestDirectory(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"test", "--min-cover", "100", "../../schemes"}, &out, &errb)
	assert.Equal(t, 0, code, out.String()+errb.String())
	assert.Contains(t, out.String(), "ok  \t../../schemes/xining-2021.test.yaml")
	assert.Contains(t, out.String(), "ok  \t../../schemes/shendong-2020.test.yaml")
	out.Reset()
	assert.Equal(t, 1, run([]string{"test", t.TempDir()}, &out, &errb))
	assert.Contains(t, errb.String(), "no *.test.yaml files")
}

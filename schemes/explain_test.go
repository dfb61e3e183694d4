package schemes

import (
	"context"

	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// samples are the built-in samples under examples/data, each with the
// scheme it is scored with. Files of one sample are scored together, so
// that links find their units.
var samples = []struct {
	name, scheme string
	files        []string
}{
	{"tingnan-2017-03", "tingnan-2017", []string{"tingnan-2017/2017-03-*.json"}},
	{"tingnan-2017-year", "tingnan-2017", []string{"tingnan-2017/year/2017-*.json"}},
	{"qianjiang-2017", "qianjiang-2017", []string{"qianjiang-2017/*.json"}},
	{"xining-2021", "xining-2021", []string{"xining-2021/*.json"}},
	{"shendong-2020", "shendong-2020", []string{"shendong-2020/*.json"}},
	{"member-points", "member-points", []string{"member-points/*.json"}},
	{"standardization-branches", "standardization", []string{"standardization/2023-branches.json"}},
	{"standardization-branches-2024", "standardization", []string{"standardization/2024-branches.json"}},
	{"standardization-companies", "standardization-company", []string{"standardization/2023-companies.json"}},
	{"standardization-committee", "standardization-committee", []string{"standardization/2023-0*-committee.json"}},
	{"standardization-committee-2024", "standardization-committee", []string{"standardization/2024-02-committee.json"}},
}

// TestExplainGoldens renders the summary, trail and readings of every
// result of every built-in sample, in Chinese and in English, against
// goldens in testdata/explain-*.golden (rewritten with -update), and scans
// every sentence for code (TestExplainScan's rules).
func TestExplainGoldens(t *testing.T) {
	covered := map[string]bool{}
	for _, sm := range samples {
		t.Run(sm.name, func(t *testing.T) {
			s, err := Load(sm.scheme)
			require.NoError(t, err)
			var evs []*evidence.Evidence
			for _, g := range sm.files {
				paths, _ := filepath.Glob(filepath.Join("..", "examples", "data", g))
				require.NotEmpty(t, paths, g)
				sort.Strings(paths)
				for _, p := range paths {
					covered[p] = true
					got, err := evidence.ReadFile(p)
					require.NoError(t, err, p)
					evs = append(evs, got...)
				}
			}
			units, err := engine.Index(evs)
			require.NoError(t, err)
			opts := engine.Options{Units: units}
			var zh, en strings.Builder
			for _, ev := range evs {
				r, err := engine.Evaluate(context.Background(), s, ev, opts)
				require.NoError(t, err, ev.Subject.ID+" "+ev.Period)
				x := engine.ExplainResult(s, r)
				fmt.Fprintf(&zh, "== %s %s\n", ev.Subject.Name, ev.Period)
				fmt.Fprintf(&en, "== %s %s\n", ev.Subject.Name, ev.Period)
				for _, part := range []struct {
					head string
					ss   []engine.Sentence
				}{{"摘要", x.Summary}, {"计分过程", x.Trail}, {"方案读法", x.Readings}} {
					if len(part.ss) == 0 {
						continue
					}
					fmt.Fprintf(&zh, "-- %s\n", part.head)
					en.WriteString("--\n")
					for _, sen := range part.ss {
						zh.WriteString(sen.Zh + "\n")
						en.WriteString(sen.En + "\n")
						for _, p := range codeIn(s, evs, sen.Zh, true) {
							t.Errorf("%s %s: code %q in %q", ev.Subject.ID, ev.Period, p, sen.Zh)
						}
						for _, p := range codeIn(s, evs, sen.En, false) {
							t.Errorf("%s %s: code %q in %q", ev.Subject.ID, ev.Period, p, sen.En)
						}
					}
				}
				zh.WriteString("\n")
				en.WriteString("\n")
			}
			golden(t, "explain-"+sm.name+".zh.golden", zh.String())
			golden(t, "explain-"+sm.name+".en.golden", en.String())
		})
	}
	// Every sample is explained: a new one must be added to samples.
	all, _ := filepath.Glob(filepath.Join("..", "examples", "data", "*", "*.json"))
	year, _ := filepath.Glob(filepath.Join("..", "examples", "data", "*", "*", "*.json"))
	for _, p := range append(all, year...) {
		if strings.Contains(p, "ledger") {
			continue // a ledger, not evidence
		}
		assert.True(t, covered[p], "%s: no golden explains it; add it to samples", p)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./schemes -run TestExplainGoldens -update")
	assert.Equal(t, string(want), got, "%s differs; rerun with -update and read the diff", path)
}

var (
	codePatterns = []*regexp.Regexp{
		regexp.MustCompile(`\b(record|params|facts|subject|period)\.[a-z_]`),                                                                      // a reference into the evidence
		regexp.MustCompile(`==|!=|&&|\|\||>=|<=|\s[*/]\s|\?\s.*\s:\s`),                                                                            // a CEL operator
		regexp.MustCompile(`\b(has|size|matches|exists|exists_one|all|map|filter|int|decimal|date|string|double|duration|timestamp|round|div)\(`), // a CEL function
		regexp.MustCompile(`[\[(]\s*(-?inf|[-+]?\d[\d.]*)\s*,\s*(\+?inf|[-+]?\d[\d.]*)\s*[\])]`),                                                  // interval notation
		regexp.MustCompile(`\b(true|false|null)\b`),                                                                                               // a CEL literal
	}
	kebab = regexp.MustCompile(`\b[a-z]+(?:[_-][a-z]+)+\b`) // an id in code style
)

// codeIn returns what reads as code in a sentence: a CEL operator or
// function, a reference into the evidence, interval notation; in Chinese
// also an input, parameter, field, condition or item id, an ASCII role
// name, or an id in code style; in English a snake_case id or a role in
// brackets.
func codeIn(s *scheme.Scheme, evs []*evidence.Evidence, text string, zh bool) []string {
	var out []string
	for _, re := range codePatterns {
		out = append(out, re.FindAllString(text, -1)...)
	}
	ids := map[string]bool{}
	for _, p := range s.Params() {
		ids[p.Name] = true
	}
	for _, in := range s.Inputs() {
		ids[in.Name] = true
		for _, f := range in.Fields {
			ids[f.Name] = true
		}
	}
	for _, ind := range s.Indicators() {
		if ind.Gate != nil {
			for _, c := range ind.Gate.Conditions {
				ids[c.ID] = true
			}
		}
		for _, it := range ind.Items {
			ids[it.ID] = true
		}
	}
	for _, v := range s.Vetoes() {
		ids[v.ID] = true
	}
	for _, t := range s.Tiers() {
		ids[t.ID] = true
	}
	roles := map[string]bool{"self": true, "organisation": true, "cross": true, "panel": true, "spot-check": true}
	for _, r := range s.Roles() {
		roles[r.Name] = true
	}
	for _, ev := range evs {
		for _, a := range ev.Assessments {
			roles[a.Role] = true
		}
	}
	words := regexp.MustCompile(`[A-Za-z][A-Za-z0-9_-]*`).FindAllString(text, -1)
	for _, w := range words {
		switch {
		case zh && (ids[w] || roles[w]):
			out = append(out, w)
		case !zh && ids[w] && strings.ContainsAny(w, "_"):
			out = append(out, w)
		}
	}
	if zh {
		out = append(out, kebab.FindAllString(text, -1)...)
	} else {
		for r := range roles {
			if strings.Contains(text, "("+r+")") {
				out = append(out, "("+r+")")
			}
		}
	}
	return out
}

// TestExplainScan shows the scan finds code: each row is a sentence of
// the kind issue 12 found in the explanations before, and must be caught.
func TestExplainScan(t *testing.T) {
	s, err := Load("tingnan-2017")
	require.NoError(t, err)
	for _, tc := range []struct {
		text, reason string
		zh           bool
	}{
		{"当月工作任务完成情况：(task_actual - task_target) * 100 / task_target = 5，落在 [5, 10)：3 分", "CEL source, input ids and interval notation", true},
		{"品牌项目：brand_projects * params.brand_project_points = 0 分", "an input id and a parameter reference", true},
		{"上报方案、总结有亮点酌情加1-3分：dqb-wang（organisation）酌情评 3 分", "an assessor id and an ASCII role", true},
		{"开展技术比武活动：参加人数 record.participants >= 5", "a record reference and an operator", true},
		{"completion: falls in (-inf, -10]", "interval notation in English", false},
		{"A3: dqb-wang (organisation) gave 3 points", "a role in brackets in English", false},
		{"brand projects: brand_projects * 1", "a snake_case id in English", false},
	} {
		assert.NotEmpty(t, codeIn(s, nil, tc.text, tc.zh), tc.reason)
	}
	for _, tc := range []struct {
		text, reason string
		zh           bool
	}{
		{"当月工作任务完成情况：当月完成10500，当月任务10000，按“超出5%—10%”档加3分", "labels and values only", true},
		{"文字把关不严、虚空飘浮、抄袭，发现一次扣3分：发现一次（F-0302），扣3分", "a record id is the reader's reference", true},
		{"highlight: 党群工作部 王某 (assessed by the organisation) gave 3 points", "a role in words", false},
	} {
		assert.Empty(t, codeIn(s, nil, tc.text, tc.zh), tc.reason)
	}
}

// TestExplainVetoes: a veto confirmed, declined or not yet looked at
// reads differently, with who and when (xining-2021's vetoes need an
// assessor's confirmation).
func TestExplainVetoes(t *testing.T) {
	s, err := Load("xining-2021")
	require.NoError(t, err)
	v := s.Vetoes()[0]
	for _, tc := range []struct {
		st     engine.Step
		zh, en string
		reason string
	}{
		{engine.Step{Kind: engine.StepVeto, Match: v.ID, Assessor: "dwb-ma", Name: "党委组织部 马某", Reason: "经核实", Time: "2021-03-02T10:00:00+08:00"},
			v.Label.Zh + "：经党委组织部 马某确认（2021-03-02，理由：经核实），一票否决，直接确定为“不达标党支部”",
			v.Label.En + ": confirmed by 党委组织部 马某 (2021-03-02: 经核实); veto: the tier is set to 'non-compliant'",
			"confirmed: who, when and why"},
		{engine.Step{Kind: engine.StepVetoPending, Match: v.ID, Assessor: "dwb-ma", Name: "党委组织部 马某", Reason: "已整改到位", Time: "2021-03-02T10:00:00+08:00"},
			v.Label.Zh + "：经党委组织部 马某核实不予认定（2021-03-02）（理由：已整改到位），不生效",
			v.Label.En + ": 党委组织部 马某 examined it and declined (2021-03-02) (已整改到位); not applied",
			"declined: not the same as waiting"},
		{engine.Step{Kind: engine.StepVetoPending, Match: v.ID},
			v.Label.Zh + "：情形成立，待确认，暂不生效",
			v.Label.En + ": the condition holds; awaiting confirmation, not applied",
			"nobody has looked at it yet"},
	} {
		got := engine.ExplainStep(s, &tc.st)
		assert.Equal(t, tc.zh, got.Zh, tc.reason)
		assert.Equal(t, tc.en, got.En, tc.reason)
	}
}

package schemes

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The wording a branch secretary reads as machine-made, though it shows
// no code: each pattern is a class of sentence the final reading of the
// Chinese goldens found and fixed.
var wordingPatterns = []struct {
	re     *regexp.Regexp
	reason string
}{
	{regexp.MustCompile(`““|””`), "a label that starts or ends with a quotation quoted again: “‘三会一课’…”, never ““三会一课”…”"},
	{regexp.MustCompile(`\p{Han} [-\d]|\d \p{Han}`), "a space between a number and Chinese: 有1次, not 有 1 次"},
	{regexp.MustCompile(`[、；]等\d`), "等N项 joined to the last item, not after a 、 or ；"},
	{regexp.MustCompile(`评定人（`), "an assessor with no name is named by the body that scored, never 评定人（…）"},
	{regexp.MustCompile(`共计-`), "a deduction's total is 共扣N分, not 共计-N分"},
	{regexp.MustCompile(`\p{Han}[是否][，）]`), "a yes/no read is 标签：是, not glued to its label (统一着装否)"},
	{regexp.MustCompile(`‘[^’]*’(名额|，不再|降为)|获‘`), "Chinese quotes awards and tiers in “”"},
	{regexp.MustCompile(`\d{4}-Q\d`), "a period in words: 2021年第1季度, not 2021-Q1"},
	{regexp.MustCompile(`不缺：0`), "nothing missing is 不扣分, not 0 分"},
	{regexp.MustCompile(`不适用于本单位`), ""}, // checked per file below: a member is 本人
}

func wordingIn(text string) []string {
	var out []string
	for _, p := range wordingPatterns {
		if p.reason != "" && p.re.MatchString(text) {
			out = append(out, p.reason+": "+p.re.FindString(text))
		}
	}
	return out
}

// TestExplainWordingScan shows each pattern catches the sentence it was
// written for, and passes its fixed form.
func TestExplainWordingScan(t *testing.T) {
	for _, tc := range []struct{ text, reason string }{
		{"因“台账弄虚作假的，“三会一课”项不得分”一票否决，““三会一课”：满分15分…扣完为止”计0分", "doubled quotation marks"},
		{"支委会每月至少召开1次：2021年4月有 1 次，符合要求", "spaced number"},
		{"党费收缴率每低10%扣1分：计得 100，低于 100，每 10 为一档", "spaced numbers in a step rule"},
		{"得分：个性指标：加25分（gy-I1、gy-I2、gy-I3、等5条）", "、等"},
		{"得分：甲：加5分；乙：加5分；丙：加5分；等16项", "；等"},
		{"共性指标1：评定人（公司党委全面考评）酌情评5分", "评定人 with no name"},
		{"扣分事项每项扣10分：共计-110分", "共计 a negative"},
		{"联系点党支部未达标即脱钩（联系点党支部已考核验收达标否，已与联系点脱钩是）", "yes/no glued to labels"},
		{"第三党支部 考核年度内获‘红榜’ 2 次", "single quotes and spaces"},
		{"结转 2021-Q1 积分 14.5 分", "a period id"},
		{"支委会：每月均达到要求，不缺：0 分", "0 分 for nothing missing"},
	} {
		assert.NotEmpty(t, wordingIn(tc.text), tc.reason)
	}
	for _, tc := range []struct{ text, reason string }{
		{"因“台账弄虚作假的，‘三会一课’项不得分”一票否决，“‘三会一课’：满分15分…扣完为止”计0分", "nested quotation"},
		{"党群工作部 王某（组织评定）酌情评3分", "a space inside a display name is the evidence's"},
		{"得分：个性指标：加25分（gy-I1、gy-I2、gy-I3等5条）", "等 joined"},
		{"支部组织建设是否健全：符合，得12.5分", "是否 inside a label"},
		{"从2021年第1季度结转积分14.5分", "a period in words"},
	} {
		assert.Empty(t, wordingIn(tc.text), tc.reason)
	}
}

// TestExplainWording reads every Chinese golden as the secretary would
// and fails on the wording above.
func TestExplainWording(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/*.zh.golden", "../engine/testdata/*.golden", "../examples/tables/testdata/*.golden"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	line := regexp.MustCompile(`(?m)^.*\p{Han}.*$`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, l := range line.FindAllString(string(b), -1) {
			if strings.HasPrefix(l, "==") || strings.HasPrefix(l, "#") {
				continue // a heading of the golden file, not a sentence
			}
			assert.Empty(t, wordingIn(l), "%s: %s", f, l)
		}
	}
}

package engine

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Small pieces of Chinese wording shared by the sentences: quotation
// inside quotation, a signed number as 加/扣, a period's name in words.

// nest prepares a label for use inside “…”: its own double quotation
// marks become single ones, as Chinese nests quotations (“‘三会一课’…”),
// never ““三会一课”…”.
func nest(s string) string {
	return strings.NewReplacer("“", "‘", "”", "’").Replace(s)
}

// gainWord words a signed number of points as what it does: 扣1分 for -1,
// 加2分 for 2, 0分 for 0. A number that is not a plain decimal (a rounded
// value with its exact form) is kept as it is, with 分.
func gainWord(v string) string {
	d, err := decimal.NewFromString(v)
	if err != nil {
		return v + "分"
	}
	switch d.Sign() {
	case -1:
		return "扣" + decText(d.Neg()) + "分"
	case 1:
		return "加" + decText(d) + "分"
	}
	return "0分"
}

// stepsZh words a step rule (每低10%扣1分，不足10%按10%计): the measure,
// how far it is from where the steps start, the steps counted and the
// points; with no step counted, that nothing is taken or given.
func stepsZh(label, measure, dir, from, unit, how string, count int, per, points string) string {
	if count == 0 {
		not := map[string]string{"低于": "未低于", "超出": "未超出"}[dir]
		return fmt.Sprintf("%s：计得%s，%s%s，不计档，%s", label, measure, not, from, zeroWord(per))
	}
	return fmt.Sprintf("%s：计得%s，%s%s，%s%s%d档，每档%s，共%s", label, measure, dir, from, unit, how, count, gainWord(per), gainWord(points))
}

// zeroWord is "no points" for a rule whose steps take (不扣分) or give
// (不加分).
func zeroWord(per string) string {
	if strings.HasPrefix(per, "-") {
		return "不扣分"
	}
	return "不加分"
}

// periodZh names a period id in words (2021-Q1 → 2021年第1季度); an id of
// no known form is kept.
func periodZh(name string) string {
	z, _ := spanName(name)
	return z
}

// deducts reports an indicator that can only take points away: one
// deduction per finding.
func (x explainer) deducts() bool {
	ind := x.ind()
	return ind != nil && ind.Kind == scheme.PerOccurrence && x.negative(ind.Points)
}

// readsPoints reports a step that read a balance of points (上月结余积分,
// 上季度结转基础分): its value is then a score counted, not a bonus.
func (x explainer) readsPoints(reads Reads) bool {
	for _, r := range reads {
		if l, _, ok := x.readLabel(r.Name); ok && strings.HasSuffix(l.Zh, "分") {
			return true
		}
	}
	return false
}

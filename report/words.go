package report

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// This file words a scheme's rules as a party office publishes them (评分
// 标准): points, bands, caps and floors, tiers and vetoes, in Chinese,
// from the compiled scheme alone. It never shows an expression's source:
// a value the scheme does not fix is named by the parameters and inputs
// it reads.

var hundred = decimal.NewFromInt(100)

// words renders scheme values in words; s is the scheme with its
// parameters in force.
type words struct{ s *scheme.Scheme }

// num is an expression's value as a number (30% for a percentage
// literal), or, when the scheme does not fix it, what it reads.
func (w words) num(e *scheme.Expr) (string, bool) {
	if e == nil {
		return "", false
	}
	if d, ok := w.s.Const(e); ok {
		if e.Percent() {
			return d.Mul(hundred).String() + "%", true
		}
		return d.String(), true
	}
	return "按" + w.reads(e) + "确定", false
}

// reads names what an expression reads, by label: 「当月任务」「品牌项目数」.
func (w words) reads(e *scheme.Expr) string {
	var out []string
	seen := map[string]bool{}
	for _, r := range e.Reads() {
		l := w.readLabel(r)
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, "「"+l+"」")
	}
	if len(out) == 0 {
		return "方案所列条件"
	}
	return strings.Join(out, "")
}

func (w words) readLabel(name string) string {
	if p, ok := strings.CutPrefix(name, "params."); ok {
		for _, prm := range w.s.Params() {
			if prm.Name == p && prm.Label.Zh != "" {
				return prm.Label.Zh
			}
		}
		return ""
	}
	if in := w.s.Input(name); in != nil {
		return in.Label.Zh
	}
	return ""
}

// gain words points as what they do: 加3分 / 扣3分 / 不加分.
func gain(d decimal.Decimal) string {
	switch d.Sign() {
	case 1:
		return "加" + d.String() + "分"
	case -1:
		return "扣" + d.Neg().String() + "分"
	}
	return "不加分"
}

// gainOf is gain for an expression, or what it reads.
func (w words) gainOf(e *scheme.Expr) string {
	if e == nil {
		return ""
	}
	if d, ok := w.s.Const(e); ok {
		return gain(d)
	}
	return "计分" + w.reads(e)
}

// pointsOf is an expression's points: 3分, or what it reads.
func (w words) pointsOf(e *scheme.Expr) string {
	n, ok := w.num(e)
	if ok {
		return n + "分"
	}
	return n
}

// band words one band as published: 「超出5%-10%（含5%）加3分」. The
// bound a band includes is named with the unit its label gives it.
func (w words) band(b *scheme.Band) string {
	text := b.Label.Zh
	if text == "" {
		text = b.Range.Text
	}
	var incl []string
	for _, bd := range []struct {
		e    *scheme.Expr
		incl bool
	}{{b.Range.Lo, b.Range.LoIncl}, {b.Range.Hi, b.Range.HiIncl}} {
		if bd.e == nil || !bd.incl {
			continue
		}
		if d, ok := w.s.Const(bd.e); ok {
			if t, ok := boundIn(b.Label.Zh, d); ok {
				incl = append(incl, t)
			}
		}
	}
	if b.Label.Zh == "" || strings.Contains(b.Label.Zh, "含") || strings.Contains(b.Label.Zh, "及以上") || strings.Contains(b.Label.Zh, "及以下") {
		incl = nil // the interval as written, or the label itself, says which ends it includes
	}
	if len(incl) > 0 {
		text += "（含" + strings.Join(incl, "、") + "）"
	}
	return text + w.gainOf(b.Points)
}

// boundIn writes a band's bound as its label writes it, with the unit
// that follows it there: 5 in 「超出5%-10%」 is 5%, 10000 in 「1万元-5万元」
// is 1万元. A bound the label does not show is not named (the 0 of
// 「1万元以下」): ok is false.
func boundIn(label string, d decimal.Decimal) (string, bool) {
	a := d.Abs()
	cands := []string{a.String()}
	if tenK := decimal.NewFromInt(10000); !a.IsZero() && a.Mod(tenK).IsZero() {
		cands = append([]string{a.Div(tenK).String() + "万"}, cands...)
	}
	for _, c := range cands {
		for from := 0; from < len(label); {
			i := strings.Index(label[from:], c)
			if i < 0 {
				break
			}
			i += from
			end := i + len(c)
			from = end
			if i > 0 {
				r, _ := utf8.DecodeLastRuneInString(label[:i])
				if unicode.IsDigit(r) || r == '.' {
					continue
				}
			}
			if end < len(label) {
				r, _ := utf8.DecodeRuneInString(label[end:])
				if unicode.IsDigit(r) || r == '.' || (r == '万' && !strings.HasSuffix(c, "万")) {
					continue
				}
			}
			return c + unit(label[end:]), true
		}
	}
	return "", false
}

// unit is the unit at the start of s: %, 元, 人, 次 …, up to two runes,
// stopping at a range's separator or 以上/以下.
func unit(s string) string {
	var out []rune
	for _, r := range s {
		if len(out) == 2 || unicode.IsDigit(r) || unicode.IsSpace(r) || strings.ContainsRune("-—–~～至到以（）()，,、；;上下内", r) {
			break
		}
		out = append(out, r)
	}
	return string(out)
}

// standard words an indicator's rule, the 评分标准 of the score sheet and
// the published table.
func (w words) standard(ind *scheme.Indicator) string {
	var parts []string
	if ind.Full != nil {
		parts = append(parts, "满分"+w.pointsOf(ind.Full)+"，从满分中扣减")
	}
	parts = append(parts, w.rule(ind)...)
	if ind.Cap != nil && ind.Full == nil {
		parts = append(parts, "最高"+w.pointsOf(ind.Cap))
	}
	switch {
	case ind.Floor != nil:
		if d, ok := w.s.Const(ind.Floor); ok && d.IsZero() {
			parts = append(parts, "扣完为止")
		} else {
			parts = append(parts, "最低"+w.pointsOf(ind.Floor))
		}
	case ind.Full != nil:
		parts = append(parts, "扣完为止")
	}
	if ind.OutsideCap {
		parts = append(parts, "不受本部分封顶限制")
	}
	if ind.AppliesTo != nil || ind.Exempt != nil {
		parts = append(parts, "仅适用于方案所列考核对象")
	}
	if ind.Pool != "" {
		parts = append(parts, "为可选指标")
	}
	return strings.Join(parts, "；")
}

// rule words what an indicator's kind scores.
func (w words) rule(ind *scheme.Indicator) []string {
	var out []string
	each := ""
	if ind.Records != "" {
		each = "每项"
		if in := w.s.Input(ind.Records); in != nil && in.Label.Zh != "" {
			each = "「" + in.Label.Zh + "」每项"
		}
	}
	switch ind.Kind {
	case scheme.PerRecord:
		switch {
		case len(ind.Bands) > 0:
			out = append(out, each+"按下列档次计分："+w.bands(ind.Bands))
		case ind.Discretionary != nil:
			out = append(out, each+w.rangeWords(ind.Discretionary))
		default:
			out = append(out, each+w.gainOf(ind.Points))
		}
		if g := w.gate(ind); g != "" {
			out = append(out, g)
		}
	case scheme.PerOccurrence:
		what := "每发现一次"
		if in := w.s.Input(ind.Records); in != nil && in.Label.Zh != "" {
			what = "「" + in.Label.Zh + "」每发现一次"
		}
		out = append(out, what+w.gainOf(ind.Points))
	case scheme.Bands:
		out = append(out, w.bands(ind.Bands))
	case scheme.Steps:
		if st := ind.Steps; st != nil {
			every, _ := w.num(st.Every)
			from, _ := w.num(st.From)
			side := "超出"
			if st.Below {
				side = "低于"
			}
			t := side + from + "的部分每" + every + w.gainOf(st.Points)
			if st.Started {
				t += "，不足一档按一档计"
			} else {
				t += "，不足一档不计"
			}
			out = append(out, t)
		}
	case scheme.Discretionary:
		if ind.Discretionary != nil {
			out = append(out, w.rangeWords(ind.Discretionary))
		}
	case scheme.Grades:
		var gs []string
		for _, g := range ind.Grades {
			gs = append(gs, "评为「"+g.Name+"」得"+w.pointsOf(g.Points))
		}
		out = append(out, strings.Join(gs, "，"))
	case scheme.Checklist:
		for _, it := range ind.Items {
			out = append(out, it.Label.Zh+w.gainOf(it.Points))
		}
	case scheme.Value:
		if ind.Value != nil {
			out = append(out, "按"+w.reads(ind.Value)+"计分")
		}
	case scheme.Rules:
		for _, r := range ind.Rules {
			out = append(out, r.Label.Zh+"："+w.standard(r))
		}
	}
	return out
}

func (w words) bands(bs []scheme.Band) string {
	parts := make([]string, len(bs))
	for i := range bs {
		parts[i] = w.band(&bs[i])
	}
	return strings.Join(parts, "；")
}

func (w words) rangeWords(r *scheme.Range) string {
	lo, _ := w.num(r.Min)
	hi, _ := w.num(r.Max)
	if r.Deduct {
		return "酌情扣" + lo + "—" + hi + "分"
	}
	return "酌情加" + lo + "—" + hi + "分"
}

// gate words what a record needs: 须有请示、方案……；须参加人数不少于5人
// （缺一项不加分）.
func (w words) gate(ind *scheme.Indicator) string {
	if ind.Gate == nil {
		return ""
	}
	var need []string
	if len(ind.Gate.Documents) > 0 {
		var docs []string
		in := w.s.Input(ind.Records)
		for _, d := range ind.Gate.Documents {
			l := ""
			if in != nil {
				for _, doc := range in.Documents {
					if doc.Name == d {
						l = doc.Label.Zh
					}
				}
			}
			if l != "" {
				docs = append(docs, l)
			}
		}
		if len(docs) > 0 {
			need = append(need, "须有"+strings.Join(docs, "、"))
		}
	}
	for _, c := range ind.Gate.Conditions {
		if c.Label.Zh != "" {
			need = append(need, c.Label.Zh)
		}
	}
	if len(need) == 0 {
		return ""
	}
	return strings.Join(need, "，") + "（缺一项不加分）"
}

// tierLabel names a tier by its label.
func (w words) tierLabel(id string) string {
	if t := w.s.Tier(id); t != nil && t.Label.Zh != "" {
		return t.Label.Zh
	}
	return id
}

// tierRule words the total a tier takes.
func (w words) tierRule(t *scheme.Tier) string {
	var parts []string
	switch {
	case t.VetoOnly:
		parts = append(parts, "不按总分评定，仅由否决项或名额确定")
	case t.Min != nil:
		n, _ := w.num(t.Min)
		parts = append(parts, "总分"+n+"分及以上")
	case t.Above != nil:
		n, _ := w.num(t.Above)
		parts = append(parts, "总分高于"+n+"分")
	default:
		parts = append(parts, "其余")
	}
	if t.When != nil {
		parts = append(parts, "且须满足"+w.reads(t.When)+"的条件")
	}
	if q := t.Quota; q != nil {
		qs := ""
		switch {
		case q.Count != nil:
			n, _ := w.num(q.Count)
			qs = "名额不超过" + n + "个"
		case q.Share != nil:
			n, _ := w.num(q.Share)
			qs = "名额不超过参评总数的" + n + roundingWord(q.Rounding)
		}
		if q.Min != nil {
			n, _ := w.num(q.Min)
			qs += "，至少" + n + "个"
		}
		if q.Overflow != "" {
			qs += "，超出名额的依次评为" + w.tierLabel(q.Overflow)
		}
		if qs != "" {
			parts = append(parts, qs)
		}
	}
	return strings.Join(parts, "；")
}

func roundingWord(r scheme.Rounding) string {
	switch r {
	case scheme.Down, scheme.Floor:
		return "（小数舍去）"
	case scheme.Up, scheme.Ceil:
		return "（小数进一）"
	case scheme.HalfUp:
		return "（四舍五入）"
	case scheme.HalfEven:
		return "（四舍六入五成双）"
	}
	return ""
}

// vetoRule words what a veto does: 直接定为不达标, 最高评为合格, 总分记0分.
func (w words) vetoRule(v *scheme.Veto) string {
	var parts []string
	if v.Tier != "" {
		parts = append(parts, "直接定为"+w.tierLabel(v.Tier))
	}
	if v.CapTier != "" {
		parts = append(parts, "最高评为"+w.tierLabel(v.CapTier))
	}
	if v.Zero != "" {
		parts = append(parts, w.targetLabel(v.Zero)+"记0分")
	}
	if v.Confirm {
		parts = append(parts, "经考核人确认后生效")
	}
	return strings.Join(parts, "，")
}

// targetLabel names the total, a section or an indicator.
func (w words) targetLabel(id string) string {
	if id == "total" {
		return "总分"
	}
	if sec := w.s.Section(id); sec != nil {
		return sec.Label.Zh
	}
	if ind := w.s.Indicator(id); ind != nil {
		return ind.Label.Zh
	}
	return id
}

// awardRule words how an award is given.
func (w words) awardRule(a *scheme.Award) string {
	var parts []string
	switch a.Kind {
	case scheme.Flag:
		parts = append(parts, "每期评定")
	case scheme.Rolling:
		parts = append(parts, "流动，由当期获评者接过")
	case scheme.Title:
		if a.Counts != "" {
			at, _ := w.num(a.At)
			parts = append(parts, "累计获得「"+w.awardLabel(a.Counts)+"」"+at+"次，且超过现持有者")
		}
	case scheme.Mark:
		if a.Counts != "" {
			at, _ := w.num(a.At)
			parts = append(parts, "获得「"+w.awardLabel(a.Counts)+"」达"+at+"次")
		}
	}
	side := "排名前"
	if a.Bottom {
		side = "排名末"
	}
	if a.Count != nil {
		n, _ := w.num(a.Count)
		parts = append(parts, side+n+"名")
	}
	if a.Share != nil {
		n, _ := w.num(a.Share)
		parts = append(parts, side+n+"（取整舍去）")
	}
	if a.ExcludeTies {
		parts = append(parts, "名次并列跨越名额的均不评")
	}
	if len(a.Tiers) > 0 {
		var ts []string
		for _, t := range a.Tiers {
			ts = append(ts, w.tierLabel(t))
		}
		parts = append(parts, "须评为"+strings.Join(ts, "或"))
	}
	if a.Min != nil {
		n, _ := w.num(a.Min)
		parts = append(parts, "总分不低于"+n+"分")
	}
	if a.After != nil {
		parts = append(parts, "连续"+strconv.Itoa(a.After.Times)+"期获得「"+w.awardLabel(a.After.Award)+"」")
	}
	if len(a.BarredBy) > 0 {
		var vs []string
		for _, b := range a.BarredBy {
			if v := w.s.Veto(b); v != nil {
				vs = append(vs, v.Label.Zh)
			}
		}
		if len(vs) > 0 {
			parts = append(parts, "有「"+strings.Join(vs, "」「")+"」的不得评")
		}
	}
	return strings.Join(parts, "；")
}

func (w words) awardLabel(id string) string {
	if a := w.s.Award(id); a != nil && a.Label.Zh != "" {
		return a.Label.Zh
	}
	return id
}

// roundLabel names an assessor round.
func (w words) roundLabel(id string) string {
	if rs := w.s.Rounds(); rs != nil {
		if r := rs.Round(id); r != nil && r.Label.Zh != "" {
			return r.Label.Zh
		}
	}
	if l, ok := w.s.RoleLabel(id); ok {
		return l.Zh
	}
	return "评分轮次"
}

package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/scheme"
)

// Sentence is one audit step in words, in Chinese and English.
type Sentence struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Explain renders every audit step of r as a sentence, from the scheme's
// labels. It is separate from Evaluate so that batch scoring does not pay
// for sentences nobody reads.
func Explain(s *scheme.Scheme, r *Result) []Sentence {
	out := make([]Sentence, len(r.Audit))
	for i := range r.Audit {
		out[i] = ExplainStep(s, &r.Audit[i])
	}
	return out
}

// ExplainStep renders one audit step.
func ExplainStep(s *scheme.Scheme, st *Step) Sentence {
	x := explainer{s: s, st: st}
	return x.sentence()
}

type explainer struct {
	s  *scheme.Scheme
	st *Step
}

func (x explainer) ind() *scheme.Indicator { return x.s.Indicator(x.st.Indicator) }

func (x explainer) label() scheme.Label {
	if ind := x.ind(); ind != nil {
		return ind.Label
	}
	if sec := x.s.Section(x.st.Section); sec != nil {
		return sec.Label
	}
	return scheme.Label{Zh: "总分", En: "total"}
}

func (x explainer) pts() string {
	if x.st.Points == nil {
		return "0"
	}
	return x.st.Points.String()
}

func opt(p *Points) string {
	if p == nil {
		return ""
	}
	return p.String()
}

// num renders the step's number field (one of "measure", "points",
// "factor") in Chinese and English: as it is, or, when it was rounded
// because its exact value does not terminate, as 约66.6667（精确值200/3，
// 按方案保留4位小数） / about 66.6667 (exactly 200/3, kept to 4 places as
// the scheme says).
func (x explainer) num(field string) (zh, en string) {
	var p *Points
	switch field {
	case "measure":
		p = x.st.Measure
	case "factor":
		p = x.st.Factor
	default:
		p = x.st.Points
		if p == nil {
			return "0", "0"
		}
	}
	v := opt(p)
	frac, ok := x.st.Exact[field]
	if !ok {
		return v, v
	}
	scale, _, _ := x.s.Division()
	return fmt.Sprintf("约%s（精确值%s，按方案保留%d位小数）", v, frac, scale),
		fmt.Sprintf("about %s (exactly %s, kept to %d places as the scheme says)", v, frac, scale)
}

// docLabels names document kinds from the list input's declarations.
func (x explainer) docLabels(kinds []string) (zh, en []string) {
	var docs []scheme.Document
	if ind := x.ind(); ind != nil {
		if in := x.s.Input(ind.Records); in != nil {
			docs = in.Documents
		}
	}
	for _, k := range kinds {
		l := scheme.Label{Zh: k, En: k}
		for _, d := range docs {
			if d.Name == k {
				l = d.Label
			}
		}
		zh = append(zh, "‘"+l.Zh+"’")
		en = append(en, "'"+l.En+"'")
	}
	return zh, en
}

func (x explainer) conditionLabels(ids []string) (zh, en []string) {
	ind := x.ind()
	for _, id := range ids {
		l := scheme.Label{Zh: id, En: id}
		if ind != nil && ind.Gate != nil {
			for _, c := range ind.Gate.Conditions {
				if c.ID == id {
					l = c.Label
				}
			}
		}
		zh = append(zh, "‘"+l.Zh+"’")
		en = append(en, "'"+l.En+"'")
	}
	return zh, en
}

func (x explainer) sentence() Sentence {
	st, l := x.st, x.label()
	rec := ""
	if st.Record != "" {
		rec = "（" + st.Record + "）"
	}
	recEn := ""
	if st.Record != "" {
		recEn = " (" + st.Record + ")"
	}
	switch st.Kind {
	case StepLink:
		ll := scheme.Label{Zh: st.Match, En: st.Match}
		for _, l := range x.s.Links() {
			if l.Name == st.Match {
				ll = l.Label
			}
		}
		var zh, en []string
		for _, k := range sortedKeys(st.Reads) {
			zh = append(zh, k+" = "+st.Reads[k])
			en = append(en, k+" = "+st.Reads[k])
		}
		return Sentence{ll.Zh + "：取 " + st.Record + " 的数据（" + strings.Join(zh, "，") + "）",
			ll.En + ": figures taken from " + st.Record + " (" + strings.Join(en, ", ") + ")"}
	case StepNotApplicable:
		return Sentence{l.Zh + "：不适用于本单位，不计分", l.En + ": does not apply to this subject; not scored"}
	case StepOutOfWindow:
		return Sentence{l.Zh + rec + "：不在计分期内，不计", l.En + recEn + ": dated outside the period scored; not counted"}
	case StepFiltered:
		return Sentence{l.Zh + rec + "：不在计分范围内（" + st.Rule + "），不计", l.En + recEn + ": outside the indicator's scope (" + st.Rule + "); not counted"}
	case StepDuplicate:
		return Sentence{l.Zh + rec + "：与 " + strings.Join(st.Cites, "、") + " 重复（" + st.Match + "），只计一次",
			l.En + recEn + ": repeats " + strings.Join(st.Cites, ", ") + " (" + st.Match + "); counted once"}
	case StepRecord:
		if st.Passed != nil && !*st.Passed {
			var zh, en []string
			if len(st.Missing) > 0 {
				dz, de := x.docLabels(st.Missing)
				zh = append(zh, "缺少"+strings.Join(dz, "、"))
				en = append(en, "lacks "+strings.Join(de, ", "))
			}
			if len(st.Failed) > 0 {
				cz, ce := x.conditionLabels(st.Failed)
				zh = append(zh, "未满足"+strings.Join(cz, "、"))
				en = append(en, "does not meet "+strings.Join(ce, ", "))
			}
			return Sentence{l.Zh + rec + strings.Join(zh, "，") + "，缺一项不加分：0 分",
				l.En + recEn + " " + strings.Join(en, " and ") + "; one missing earns nothing: 0 points"}
		}
		how, howEn := "", ""
		if st.Match != "" {
			mz, me := x.num("measure")
			how, howEn = "，"+mz+" 落在 "+st.Match, ", "+me+" falls in "+st.Match
		}
		if st.Assessor != "" {
			how += "，" + st.Assessor + " 评 " + x.pts() + " 分（" + st.Reason + "）"
			howEn += ", scored " + x.pts() + " by " + st.Assessor + " (" + st.Reason + ")"
		}
		pz, pe := x.num("points")
		return Sentence{l.Zh + rec + "资料齐全、条件均满足" + how + "：" + pz + " 分",
			l.En + recEn + " has every record and meets every condition" + howEn + ": " + pe + " points"}
	case StepBand:
		mz, me := x.num("measure")
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s：%s = %s，落在 %s：%s 分", l.Zh, st.Rule, mz, st.Match, pz),
			fmt.Sprintf("%s: %s = %s falls in %s: %s points", l.En, st.Rule, me, st.Match, pe)}
	case StepSteps:
		mz, me := x.num("measure")
		fz, fe := x.num("factor")
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s：%s = %s，满 %d 档，每档 %s：%s 分", l.Zh, st.Rule, mz, st.Count, fz, pz),
			fmt.Sprintf("%s: %s = %s, %d full steps × %s: %s points", l.En, st.Rule, me, st.Count, fe, pe)}
	case StepAssessment:
		return Sentence{fmt.Sprintf("%s：%s（%s）酌情评 %s 分，理由：%s", l.Zh, st.Assessor, st.Role, x.pts(), st.Reason),
			fmt.Sprintf("%s: %s (%s) gave %s points: %s", l.En, st.Assessor, st.Role, x.pts(), st.Reason)}
	case StepNotAssessed:
		return Sentence{l.Zh + "：无评分记录，不加分：0 分", l.En + ": no assessor entry; nothing awarded: 0 points"}
	case StepGrade:
		pz, pe := x.num("points")
		if st.Assessor != "" { // who graded, in which round, when and why
			rl := x.roundLabel(st.Role)
			return Sentence{fmt.Sprintf("%s：%s %s 于 %s 评定为“%s”（%s）：%s 分", l.Zh, rl.Zh, st.Assessor, st.Time, st.Match, st.Reason, pz),
				fmt.Sprintf("%s: %s, %s on %s: graded %q (%s): %s points", l.En, rl.En, st.Assessor, st.Time, st.Match, st.Reason, pe)}
		}
		return Sentence{fmt.Sprintf("%s：评定为“%s”：%s 分", l.Zh, st.Match, pz), fmt.Sprintf("%s: graded %q: %s points", l.En, st.Match, pe)}
	case StepItem:
		il := scheme.Label{Zh: st.Match, En: st.Match}
		if ind := x.ind(); ind != nil {
			for _, it := range ind.Items {
				if it.ID == st.Match {
					il = it.Label
				}
			}
		}
		if st.Passed != nil && *st.Passed {
			pz, pe := x.num("points")
			return Sentence{fmt.Sprintf("%s·%s：符合：%s 分", l.Zh, il.Zh, pz), fmt.Sprintf("%s · %s: met: %s points", l.En, il.En, pe)}
		}
		return Sentence{fmt.Sprintf("%s·%s：不符合：0 分", l.Zh, il.Zh), fmt.Sprintf("%s · %s: not met: 0 points", l.En, il.En)}
	case StepValue:
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s：%s = %s 分", l.Zh, st.Rule, pz), fmt.Sprintf("%s: %s = %s points", l.En, st.Rule, pe)}
	case StepRaw:
		return Sentence{fmt.Sprintf("%s 合计 %s 分", l.Zh, x.pts()), fmt.Sprintf("%s: %s points in all", l.En, x.pts())}
	case StepCap:
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s 封顶 %s：%s → %s 分", l.Zh, pz, opt(st.Before), x.pts()), fmt.Sprintf("%s capped at %s: %s → %s", l.En, pe, opt(st.Before), x.pts())}
	case StepFloor:
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s 扣至下限 %s 为止：%s → %s 分", l.Zh, pz, opt(st.Before), x.pts()), fmt.Sprintf("%s floored at %s: %s → %s", l.En, pe, opt(st.Before), x.pts())}
	case StepSection:
		return Sentence{fmt.Sprintf("%s 小计 %s 分", l.Zh, x.pts()), fmt.Sprintf("%s: subtotal %s points", l.En, x.pts())}
	case StepBonus:
		return Sentence{fmt.Sprintf("%s 另加封顶外加分 %s 分", l.Zh, x.pts()), fmt.Sprintf("%s: %s bonus points outside the cap", l.En, x.pts())}
	case StepWeight:
		fz, fe := x.num("factor")
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s：%s × %s = %s", l.Zh, opt(st.Before), fz, pz), fmt.Sprintf("%s: %s × %s = %s", l.En, opt(st.Before), fe, pe)}
	case StepTotal:
		return Sentence{"加权合计 " + x.pts() + " 分", "weighted total " + x.pts() + " points"}
	case StepRounding:
		zh := map[string]string{"half_up": "四舍五入", "half_even": "四舍六入五成双", "floor": "向下取整", "ceil": "向上取整", "down": "截尾", "up": "进位"}[st.Rule]
		return Sentence{fmt.Sprintf("总分%s保留 %d 位小数：%s → %s", zh, st.Count, opt(st.Before), x.pts()),
			fmt.Sprintf("total rounded %s to %d places: %s → %s", strings.ReplaceAll(st.Rule, "_", " "), st.Count, opt(st.Before), x.pts())}
	case StepVeto, StepVetoPending:
		vl := scheme.Label{Zh: st.Match, En: st.Match}
		if v := x.s.Veto(st.Match); v != nil {
			vl = v.Label
		}
		if st.Kind == StepVetoPending && st.Assessor != "" {
			return Sentence{vl.Zh + "：条件成立，" + st.Assessor + " 决定不予认定（" + st.Reason + "），不生效",
				vl.En + ": the condition holds; " + st.Assessor + " decided not to apply it (" + st.Reason + ")"}
		}
		if st.Kind == StepVetoPending {
			return Sentence{vl.Zh + "：条件成立，待评定人确认，确认前不生效", vl.En + ": the condition holds and awaits an assessor's decision; not applied until confirmed"}
		}
		by, byEn := "", ""
		if st.Assessor != "" {
			by, byEn = "（"+st.Assessor+" 确认："+st.Reason+"）", " (confirmed by "+st.Assessor+": "+st.Reason+")"
		}
		return Sentence{vl.Zh + "：一票否决成立" + by, vl.En + ": veto applies" + byEn}
	case StepRound:
		rl := x.roundLabel(st.Round)
		how := map[string][2]string{"single": {"", ""}, "mean": {"取平均", "mean of"}, "median": {"取中位数", "median of"},
			"trimmed_mean": {"去掉最高最低后取平均", "trimmed mean of"}}[st.Rule]
		of, ofEn := "", ""
		if st.Count > 1 {
			of, ofEn = fmt.Sprintf("%d 份评分%s ", st.Count, how[0]), fmt.Sprintf("%s %d sheets ", how[1], st.Count)
		}
		if st.Match != "" {
			sl := x.roundLabel(st.Match)
			of, ofEn = "无评分，以"+sl.Zh+"代替 ", "no entry, "+sl.En+" stands in: "
		}
		what, whatEn := "", ""
		if st.Indicator != "" {
			what, whatEn = l.Zh+rec+"·", l.En+recEn+" · "
		}
		fz, fe := x.num("factor")
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s%s：%s%s × %s = %s", what, rl.Zh, of, opt(st.Before), fz, pz),
			fmt.Sprintf("%s%s: %s%s × %s = %s", whatEn, rl.En, ofEn, opt(st.Before), fe, pe)}
	case StepCarry:
		switch st.Rule {
		case "reset":
			return Sentence{"新年度积分清零，从 " + x.pts() + " 分起算", "a new year: the balance starts again from " + x.pts()}
		case "default":
			return Sentence{st.Record + " 台账无结余，从 " + x.pts() + " 分起算", "no balance in the ledger of " + st.Record + ": starts from " + x.pts()}
		}
		return Sentence{"结转 " + st.Record + " 积分 " + x.pts() + " 分", "balance carried from " + st.Record + ": " + x.pts()}
	case StepTier:
		tl := scheme.Label{Zh: st.Match, En: st.Match}
		if t := x.s.Tier(st.Match); t != nil {
			tl = t.Label
		}
		if st.Rule == "provisional" {
			return Sentence{"总分 " + x.pts() + "，暂定为“" + tl.Zh + "”（有一票否决事项待确认）", "total " + x.pts() + ": " + tl.En + ", provisionally (a veto awaits its decision)"}
		}
		return Sentence{"总分 " + x.pts() + "，评定为“" + tl.Zh + "”", "total " + x.pts() + ": " + tl.En}
	}
	return Sentence{string(st.Kind), string(st.Kind)}
}

func (x explainer) roundLabel(name string) scheme.Label {
	if rs := x.s.Rounds(); rs != nil {
		if r := rs.Round(name); r != nil {
			return r.Label
		}
	}
	return scheme.Label{Zh: name, En: name}
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

package engine

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/scheme"
)

// The sentences of the scoring steps, one wording per kind of rule.

func (x explainer) sentence() Sentence {
	st, l := x.st, x.label()
	switch st.Kind {
	case StepLink:
		return x.link()
	case StepNotApplicable:
		if x.offByParams() {
			return Sentence{l.Zh + "：按方案参数的设定，本项不计分", l.En + ": switched off by the scheme's parameters; not scored"}
		}
		w := subjectWord(x.s)
		return Sentence{l.Zh + "：不适用于" + w.Zh + "，不计分", l.En + ": does not apply to " + w.En + "; not scored"}
	case StepOutOfWindow:
		ll := x.listLabel()
		return Sentence{l.Zh + "：" + ll.Zh + "（" + st.Record + "）不在本期，不计",
			l.En + ": " + ll.En + " " + st.Record + " is dated outside the period scored; not counted"}
	case StepFiltered:
		ll := x.listLabel()
		return Sentence{l.Zh + "：" + ll.Zh + "（" + st.Record + "）不在本项计分范围内，不计",
			l.En + ": " + ll.En + " " + st.Record + " is outside what the indicator scores; not counted"}
	case StepDuplicate:
		ll := x.listLabel()
		return Sentence{l.Zh + "：" + ll.Zh + "（" + st.Record + "）与" + strings.Join(st.Cites, "、") + "为同一事项，只计一次",
			l.En + ": " + ll.En + " " + st.Record + " is the same as " + strings.Join(st.Cites, ", ") + "; counted once"}
	case StepRecord:
		return x.record()
	case StepBand:
		return x.bandSentence()
	case StepSteps:
		return x.steps()
	case StepAssessment:
		return x.assessment()
	case StepNotAssessed:
		if st.Round != "" && st.Match != "" {
			rl := x.roundLabel(st.Round)
			return Sentence{l.Zh + "：" + rl.Zh + "有一份评分表未评此项，该份记0分",
				l.En + ": a sheet of " + rl.En + " left it blank; 0 on that sheet"}
		}
		return Sentence{l.Zh + "：无人评分，不加分", l.En + ": nobody scored it; nothing earned"}
	case StepGrade:
		return x.grade()
	case StepItem:
		return x.item()
	case StepValue:
		return x.valueSentence()
	case StepRaw:
		pz, pe := x.pts()
		if !x.hasSteps() {
			if ind := x.ind(); ind != nil && ind.Kind == scheme.Rules {
				// An item of rules has no records of its own: its points
				// are its rules' sum, each explained above.
				return Sentence{l.Zh + "：各项合计" + pz, l.En + ": " + pe + " from its rules"}
			}
			if ind := x.ind(); ind != nil && ind.Kind == scheme.PerOccurrence && x.negative(ind.Points) {
				return Sentence{l.Zh + "：本期未发现，不扣分", l.En + ": none found this period; nothing deducted"}
			}
			return Sentence{l.Zh + "：本期无" + x.listLabel().Zh + "，不加分", l.En + ": no " + x.listLabel().En + " this period; nothing earned"}
		}
		switch d := dec(st.Points); {
		case d.Sign() < 0 && st.Exact["points"] == "":
			return Sentence{l.Zh + "：共扣" + decText(d.Neg()) + "分", l.En + ": " + pe + " in all"}
		case d.IsZero() && x.deducts():
			return Sentence{l.Zh + "：合计不扣分", l.En + ": nothing deducted in all"}
		}
		return Sentence{l.Zh + "：共计" + pz, l.En + ": " + pe + " in all"}
	case StepCap, StepFloor:
		return x.bound1()
	case StepSection:
		pz, pe := x.pts()
		return Sentence{l.Zh + "：小计" + pz, l.En + ": subtotal " + pe}
	case StepBonus:
		pz, pe := x.pts()
		return Sentence{l.Zh + "：另加封顶外的加分" + pz, l.En + ": " + pe + " of bonus outside the cap added"}
	case StepWeight:
		pz, pe := x.num("points")
		fz, fe := x.num("factor")
		if _, rounded := st.Exact["factor"]; !rounded {
			fz, fe = percent(st.Factor.Decimal()), percent(st.Factor.Decimal())
		}
		return Sentence{fmt.Sprintf("%s：小计%s分，占%s，折合%s分", l.Zh, decText(dec(st.Before)), fz, pz),
			fmt.Sprintf("%s: %s points at %s of the total: %s", l.En, decText(dec(st.Before)), fe, pe)}
	case StepTotal:
		t := fixed(x.s, dec(st.Points))
		if x.weighted() {
			return Sentence{"各部分折合后合计" + t + "分", "the parts, weighted, add up to " + t + " points"}
		}
		return Sentence{"各部分合计" + t + "分", "the parts add up to " + t + " points"}
	case StepRounding:
		return x.rounding()
	case StepVeto, StepVetoPending:
		return x.veto()
	case StepRound:
		return x.round()
	case StepCarry:
		return x.carry()
	case StepTier:
		return x.tier()
	}
	return Sentence{"其他步骤", "another step"}
}

// hasSteps reports whether the indicator's total follows steps of its own
// (records, assessments): without them, the list was empty.
func (x explainer) hasSteps() bool {
	if x.r == nil || x.i < 0 {
		return true
	}
	j := x.i - 1
	return j >= 0 && x.trail[j].Indicator == x.st.Indicator && x.trail[j].Kind != StepNotApplicable
}

// weighted reports whether any section or round weight is not 1.
func (x explainer) weighted() bool {
	if x.r == nil {
		return true
	}
	for _, sr := range x.r.Sections {
		if !sr.Weight.Decimal().Equal(one) {
			return true
		}
	}
	return len(x.r.Rounds) > 0
}

func (x explainer) link() Sentence {
	st := x.st
	ll := scheme.Label{Zh: "挂钩", En: "link"}
	for _, l := range x.s.Links() {
		if l.Name == st.Match {
			ll = l.Label
		}
	}
	unit := st.Record
	if x.r != nil {
		for _, lr := range x.r.Links {
			if lr.Unit == st.Record && lr.UnitName != "" {
				unit = lr.UnitName
			}
		}
	}
	rz, re := x.readsText(st.Reads)
	return Sentence{ll.Zh + "：取" + unit + "的数据，" + rz, ll.En + ": figures taken from " + unit + ": " + re}
}

// record words one record of a per_record or per_occurrence indicator:
// what it lacked, or what it earned and why.
func (x explainer) record() Sentence {
	st, l, ll := x.st, x.label(), x.listLabel()
	ind := x.ind()
	what, whatEn := ll.Zh+"（"+st.Record+"）", ll.En+" "+st.Record
	if st.Passed != nil && !*st.Passed {
		var z, e []string
		if len(st.Missing) > 0 {
			dz, de := quoted(x.docLabels(st.Missing))
			z = append(z, "缺少"+dz)
			e = append(e, "lacks "+de)
		}
		if len(st.Failed) > 0 {
			var plain []scheme.Label
			for _, c := range x.conditionLabels(st.Failed) {
				if strings.HasPrefix(c.Zh, "经") {
					z = append(z, "未"+c.Zh)
					e = append(e, "not "+c.En)
				} else {
					plain = append(plain, c)
				}
			}
			if len(plain) > 0 {
				cz, ce := quoted(plain)
				z = append(z, "不符合"+cz)
				e = append(e, "does not meet "+ce)
			}
			if rz, re := x.readsText(st.Reads); rz != "" {
				z[len(z)-1] += "（" + rz + "）"
				e[len(e)-1] += " (" + re + ")"
			}
		}
		end, endEn := "，不予加分", "; nothing earned"
		if len(st.Missing) > 0 {
			end, endEn = "，缺一项不加分", "; one missing earns nothing"
		}
		return Sentence{l.Zh + "：" + what + strings.Join(z, "，") + end, l.En + ": " + whatEn + " " + strings.Join(e, " and ") + endEn}
	}
	gz, ge := x.gainOf()
	if ind != nil && ind.Kind == scheme.PerOccurrence {
		if dec(st.Points).Sign() >= 0 {
			return Sentence{l.Zh + "：" + what + "，" + gz, l.En + ": " + whatEn + ": " + ge}
		}
		return Sentence{l.Zh + "：发现一次（" + st.Record + "），" + gz, l.En + ": found once (" + st.Record + "): " + ge}
	}
	ok, okEn := "", ""
	if ind != nil && ind.Gate != nil {
		switch {
		case len(ind.Gate.Documents) > 0 && len(ind.Gate.Conditions) > 0:
			ok, okEn = "资料齐全、条件均满足", " has every document and meets every condition"
		case len(ind.Gate.Documents) > 0:
			ok, okEn = "资料齐全", " has every document"
		default:
			var z, e []string
			for _, c := range ind.Gate.Conditions {
				if strings.HasPrefix(c.Label.Zh, "经") {
					z = append(z, c.Label.Zh)
				} else {
					z = append(z, "符合“"+c.Label.Zh+"”")
				}
				e = append(e, c.Label.En)
			}
			ok, okEn = strings.Join(z, "，"), ": "+strings.Join(e, ", ")
		}
	}
	head, headEn := l.Zh+"："+what+ok, l.En+": "+whatEn+okEn
	if tz, te, has := x.template(); has {
		return x.withGain(head+"，"+tz, headEn+": "+te, tz)
	}
	switch {
	case st.Assessor != "":
		pz, pe := x.num("points")
		who, whoEn := x.person(st.Assessor, st.Name, st.Role)
		return Sentence{head + "，" + who + "酌情评" + pz + "分" + reason(st.Reason, "（理由：", "）"),
			headEn + "; " + whoEn + " gave " + pe + " points" + reason(st.Reason, " (", ")")}
	case st.Match != "":
		b := x.band()
		bz, be := x.bandWords(b)
		rz, re := x.readsText(st.Reads)
		nz, ne := x.note(x.onEdge(b))
		if rz != "" {
			rz, re = "，"+rz, ", "+re
		}
		return Sentence{head + rz + "，按" + bz + gz + nz, headEn + re + ": " + be + ", " + ge + ne}
	}
	return Sentence{head + "，" + gz, headEn + ": " + ge}
}

func reason(r, open, close string) string {
	if r == "" {
		return ""
	}
	return open + r + close
}

// withGain ends a templated sentence with the points unless the
// template already names them.
func (x explainer) withGain(zh, en, filled string) Sentence {
	ind := x.ind()
	t := ""
	if b := x.band(); b != nil && b.Explain.Zh != "" {
		t = b.Explain.Zh
	} else if ind != nil {
		t = ind.Explain.Zh
	}
	nz, ne := x.note(x.st.Kind == StepBand && x.onEdge(x.band()) || x.st.Kind != StepBand && dec(x.st.Points).Sign() != 0)
	if strings.Contains(t, "{points}") {
		return Sentence{zh + nz, en + ne}
	}
	gz, ge := x.gainOf()
	if dec(x.st.Points).IsZero() && x.band() != nil {
		gz, ge = "记0分", "0 points"
	}
	return Sentence{zh + "，" + gz + nz, en + ": " + ge + ne}
}

func (x explainer) bandSentence() Sentence {
	st, l := x.st, x.label()
	if tz, te, ok := x.template(); ok {
		return x.withGain(l.Zh+"："+tz, l.En+": "+te, tz)
	}
	b := x.band()
	bz, be := x.bandWords(b)
	rz, re := x.readsText(st.Reads)
	mz, me := x.num("measure")
	gz, ge := x.gainOf()
	nz, ne := x.note(x.onEdge(b))
	if rz != "" {
		rz, re = rz+"，", re+"; "
	}
	return Sentence{l.Zh + "：" + rz + "计得" + mz + "，按" + bz + gz + nz,
		l.En + ": " + re + "the measure is " + me + ": " + be + ", " + ge + ne}
}

func (x explainer) steps() Sentence {
	st, l := x.st, x.label()
	if tz, te, ok := x.template(); ok {
		return x.withGain(l.Zh+"："+tz, l.En+": "+te, tz)
	}
	rz, re := x.readsText(st.Reads)
	mz, me := x.num("measure")
	fz, fe := x.num("factor")
	gz, ge := x.gainOf()
	nz, ne := x.note(dec(st.Points).Sign() != 0)
	if rz != "" {
		rz, re = rz+"，", re+"; "
	}
	return Sentence{fmt.Sprintf("%s：%s计得%s，满%d档，每档%s分，%s%s", l.Zh, rz, mz, st.Count, fz, gz, nz),
		fmt.Sprintf("%s: %sthe measure is %s: %d full steps of %s points: %s%s", l.En, re, me, st.Count, fe, ge, ne)}
}

func (x explainer) assessment() Sentence {
	st, l := x.st, x.label()
	who, whoEn := x.person(st.Assessor, st.Name, st.Role)
	what, whatEn := l.Zh, l.En
	if st.Record != "" {
		what, whatEn = l.Zh+"（"+st.Record+"）", l.En+" ("+st.Record+")"
	}
	pz, pe := x.num("points")
	verb, verbEn := "酌情评", "gave"
	if st.Round != "" {
		verb = "评"
	}
	if st.Kind == StepGrade || (st.Match != "" && x.ind() != nil && x.ind().Kind == scheme.Grades) {
		verb = "评定"
	}
	return Sentence{what + "：" + who + verb + pz + "分" + reason(st.Reason, "，理由：", ""),
		whatEn + ": " + whoEn + " " + verbEn + " " + pe + " points" + reason(st.Reason, ": ", "")}
}

func (x explainer) grade() Sentence {
	st, l := x.st, x.label()
	pz, pe := x.num("points")
	if st.Assessor != "" {
		who, whoEn := x.person(st.Assessor, st.Name, st.Role)
		return Sentence{fmt.Sprintf("%s：%s评定为“%s”，得%s分%s", l.Zh, who, st.Match, pz, reason(st.Reason, "，理由：", "")),
			fmt.Sprintf("%s: %s graded it %q: %s points%s", l.En, whoEn, st.Match, pe, reason(st.Reason, ": ", ""))}
	}
	rz, re := x.readsText(st.Reads)
	if rz != "" {
		rz, re = rz+"，", re+"; "
	}
	return Sentence{fmt.Sprintf("%s：%s评定为“%s”，得%s分", l.Zh, rz, st.Match, pz), fmt.Sprintf("%s: %sgraded %q: %s points", l.En, re, st.Match, pe)}
}

func (x explainer) item() Sentence {
	st, l := x.st, x.label()
	il := scheme.Label{Zh: "检查项", En: "item"}
	if ind := x.ind(); ind != nil {
		for _, it := range ind.Items {
			if it.ID == st.Match {
				il = it.Label
			}
		}
	}
	name, nameEn := l.Zh+"·"+il.Zh, l.En+" · "+il.En
	if il.Zh == l.Zh {
		name, nameEn = l.Zh, l.En
	}
	if st.Passed != nil && *st.Passed {
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s：符合，得%s分", name, pz), fmt.Sprintf("%s: met: %s points", nameEn, pe)}
	}
	return Sentence{fmt.Sprintf("%s：不符合，不得分", name), fmt.Sprintf("%s: not met: nothing earned", nameEn)}
}

func (x explainer) valueSentence() Sentence {
	st, l := x.st, x.label()
	if tz, te, ok := x.template(); ok {
		return x.withGain(l.Zh+"："+tz, l.En+": "+te, tz)
	}
	rz, re := x.readsText(st.Reads)
	gz, ge := x.gainOf()
	nz, ne := x.note(dec(st.Points).Sign() != 0)
	if rz != "" {
		rz, re = rz+"，", re+": "
		// A value computed from what was read (60 plus the balance 14.5)
		// is what the indicator counts, not an addition of its own:
		// 上季度结转基础分14.5，计74.5分, never 加74.5分.
		if dec(st.Points).Sign() > 0 && x.readsPoints(st.Reads) {
			gz = "计" + strings.TrimPrefix(gz, "加")
		}
	}
	return Sentence{l.Zh + "：" + rz + gz + nz, l.En + ": " + re + ge + ne}
}

// bound1 words a cap or a floor: 最高…分 / 扣完为止，记0分.
func (x explainer) bound1() Sentence {
	st, l := x.st, x.label()
	before := decText(dec(st.Before))
	pz, pe := x.num("points")
	if st.Indicator == "" && st.Section == "" {
		before = fixed(x.s, dec(st.Before))
	}
	if strings.HasPrefix(st.Rule, "bonus_cap") {
		return Sentence{fmt.Sprintf("%s：封顶外加分%s分，超过最高%s分，按%s分计", l.Zh, before, pz, pz),
			fmt.Sprintf("%s: %s points of bonus outside the cap, more than the most allowed, %s: %s counted", l.En, before, pe, pe)}
	}
	if st.Kind == StepCap {
		return Sentence{fmt.Sprintf("%s：累计%s分，超过最高%s分，按%s分计", l.Zh, before, pz, pz),
			fmt.Sprintf("%s: %s points, more than the most allowed, %s: %s counted", l.En, before, pe, pe)}
	}
	if dec(st.Points).IsZero() {
		return Sentence{fmt.Sprintf("%s：累计%s分，扣完为止，记0分", l.Zh, before),
			fmt.Sprintf("%s: %s points; deductions stop at zero: 0 points", l.En, before)}
	}
	return Sentence{fmt.Sprintf("%s：累计%s分，低于下限%s分，按%s分计", l.Zh, before, pz, pz),
		fmt.Sprintf("%s: %s points, below the least allowed, %s: %s counted", l.En, before, pe, pe)}
}

var roundingWords = map[string][2]string{
	"half_up":   {"四舍五入", "half up"},
	"half_even": {"四舍六入五成双", "half to even"},
	"floor":     {"向下取整", "down (floor)"},
	"ceil":      {"向上取整", "up (ceiling)"},
	"down":      {"截尾", "towards zero"},
	"up":        {"进位", "away from zero"},
}

func (x explainer) rounding() Sentence {
	st := x.st
	w := roundingWords[st.Rule]
	after := dec(st.Points).StringFixed(int32(st.Count))
	if dec(st.Before).Equal(dec(st.Points)) {
		parts, partsEn := "各部分合计", "the parts added up"
		if x.weighted() {
			parts, partsEn = "各部分折合后合计", "the parts weighted and added up"
		}
		return Sentence{fmt.Sprintf("总分%s分（%s，按方案保留%d位小数）", after, parts, st.Count),
			fmt.Sprintf("total %s points (%s, kept to %d places as the scheme says)", after, partsEn, st.Count)}
	}
	return Sentence{fmt.Sprintf("总分%s分，按方案%s保留%d位小数，记%s分", decText(dec(st.Before)), w[0], st.Count, after),
		fmt.Sprintf("total %s points, rounded %s to %d places as the scheme says: %s", decText(dec(st.Before)), w[1], st.Count, after)}
}

func (x explainer) roundLabel(name string) scheme.Label {
	if rs := x.s.Rounds(); rs != nil {
		if r := rs.Round(name); r != nil {
			return r.Label
		}
	}
	l, _ := x.s.RoleLabel(name)
	return l
}

var combineWords = map[string][2]string{
	"single":       {"", ""},
	"mean":         {"取平均", "the mean of"},
	"median":       {"取中位数", "the median of"},
	"trimmed_mean": {"去掉最高最低后取平均", "the trimmed mean of"},
}

func (x explainer) round() Sentence {
	st, l := x.st, x.label()
	rl := x.roundLabel(st.Round)
	how := combineWords[st.Rule]
	of, ofEn := "", ""
	if st.Count > 1 {
		of, ofEn = fmt.Sprintf("%d份评分%s，", st.Count, how[0]), fmt.Sprintf("%s %d sheets: ", how[1], st.Count)
	}
	if st.Match != "" {
		sl := x.roundLabel(st.Match)
		of, ofEn = "无评分，以"+sl.Zh+"代替，", "no entry, "+sl.En+" stands in: "
	}
	what, whatEn := "", ""
	if st.Indicator != "" {
		what, whatEn = l.Zh+"·", l.En+" · "
		if st.Record != "" {
			what, whatEn = l.Zh+"（"+st.Record+"）·", l.En+" ("+st.Record+") · "
		}
	}
	pz, pe := x.num("points")
	if st.Factor != nil && st.Factor.Decimal().Equal(one) && st.Exact["factor"] == "" {
		return Sentence{fmt.Sprintf("%s%s：%s%s分", what, rl.Zh, of, decText(dec(st.Before))), fmt.Sprintf("%s%s: %s%s points", whatEn, rl.En, ofEn, decText(dec(st.Before)))}
	}
	fz, fe := x.num("factor")
	if _, rounded := st.Exact["factor"]; !rounded && st.Factor != nil {
		fz, fe = percent(st.Factor.Decimal()), percent(st.Factor.Decimal())
	}
	return Sentence{fmt.Sprintf("%s%s：%s%s分，占%s，折合%s分", what, rl.Zh, of, decText(dec(st.Before)), fz, pz),
		fmt.Sprintf("%s%s: %s%s points at %s: %s", whatEn, rl.En, ofEn, decText(dec(st.Before)), fe, pe)}
}

func (x explainer) carry() Sentence {
	st := x.st
	pz, pe := x.pts()
	switch st.Rule {
	case "reset":
		return Sentence{"新年度积分清零，从" + pz + "起算", "a new year: the balance starts again from " + pe}
	case "default":
		return Sentence{"上期（" + st.Record + "）台账无结余，从" + pz + "起算", "no balance in the ledger of " + st.Record + ": starts from " + pe}
	}
	return Sentence{"上期（" + st.Record + "）积分结余" + pz + "，结转本期", "balance carried from " + st.Record + ": " + pe}
}

// negative reports whether a constant is below zero (a deduction).
func (x explainer) negative(e *scheme.Expr) bool {
	v, ok := x.s.ConstExact(e)
	return ok && v.Sign() < 0
}

// offByParams reports whether a not-applicable step's indicator was left
// out by a condition on the scheme's parameters alone (an alternative
// reading the host chose), not by anything about the subject.
func (x explainer) offByParams() bool {
	ind := x.ind()
	if ind == nil {
		return false
	}
	var a *scheme.Applicability
	switch x.st.Rule {
	case "exempt":
		a = ind.Exempt
	case "applies_to":
		a = ind.AppliesTo
	}
	return a != nil && len(a.Categories) == 0 && a.When != nil && a.When.Static()
}

package engine

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Sentences for the audit steps of the rule patterns of issue 15, items
// 6–11 and 13, in plain words: no rule text, no ids.

var (
	spanUnit = map[string][2]string{"week": {"周", "week"}, "month": {"月", "month"}, "quarter": {"季度", "quarter"}, "half-year": {"半年", "half-year"}}
	spanMany = map[string]string{"week": "周", "month": "个月", "quarter": "个季度", "half-year": "个半年"}
	unitZh   = map[string]string{"day": "天", "week": "周", "month": "个月", "quarter": "个季度", "half-year": "个半年", "year": "年"}
	roundZh  = map[string][2]string{"down": {"向下取整", "rounded down"}, "half_up": {"四舍五入", "rounded half up"}, "up": {"向上取整", "rounded up"}}
)

// windowWords says a window in words: 考核年度内 / within the assessment
// year; 近6个月 / in the last 6 months.
func windowWords(w *scheme.Window) (zh, en string) {
	switch {
	case w == nil:
		return "本期", "in the period"
	case w.In != "":
		u := spanUnit[string(w.In)]
		if w.In == "year" {
			u = [2]string{"年度", "year"}
		}
		return "考核" + u[0] + "内", "within the assessment " + u[1]
	}
	en = fmt.Sprintf("in the last %d %ss", w.Last, w.Unit)
	if w.Last == 1 {
		en = "in the last " + w.Unit
	}
	return fmt.Sprintf("近%d%s", w.Last, unitZh[w.Unit]), en
}

// spanName says a span's name in words: 2021年3月 / March 2021.
func spanName(name string) (zh, en string) {
	var y, n int
	switch {
	case strings.Contains(name, "-W"):
		fmt.Sscanf(name, "%d-W%d", &y, &n)
		return fmt.Sprintf("%d年第%d周", y, n), fmt.Sprintf("week %d of %d", n, y)
	case strings.Contains(name, "-Q"):
		fmt.Sscanf(name, "%d-Q%d", &y, &n)
		return fmt.Sprintf("%d年第%d季度", y, n), fmt.Sprintf("Q%d %d", n, y)
	case strings.Contains(name, "-H"):
		fmt.Sscanf(name, "%d-H%d", &y, &n)
		return fmt.Sprintf("%d年%s", y, [...]string{"", "上半年", "下半年"}[min(max(n, 0), 2)]), fmt.Sprintf("H%d %d", n, y)
	case len(name) == 7:
		fmt.Sscanf(name, "%d-%d", &y, &n)
		return fmt.Sprintf("%d年%d月", y, n), fmt.Sprintf("%s %d", [...]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}[min(max(n, 0), 12)], y)
	}
	return name + "年", name
}

func (x explainer) patterns2() (Sentence, bool) {
	st, l := x.st, x.label()
	ind := x.ind()
	rec, recEn := "", ""
	if st.Record != "" {
		rec, recEn = "（"+st.Record+"）", " ("+st.Record+")"
	}
	switch st.Kind {
	case StepSpan:
		u := spanUnit[ind.Missing.Every]
		nz, ne := spanName(st.Match)
		if st.Passed != nil && *st.Passed {
			return Sentence{fmt.Sprintf("%s：%s有%d次，符合要求", l.Zh, nz, st.Count), fmt.Sprintf("%s: %s has %d, as required", l.En, ne, st.Count)}, true
		}
		if st.Count == 0 {
			return Sentence{fmt.Sprintf("%s：%s没有，记缺1%s", l.Zh, nz, spanMany[ind.Missing.Every]), fmt.Sprintf("%s: %s has none; one %s missing", l.En, ne, u[1])}, true
		}
		return Sentence{fmt.Sprintf("%s：%s仅%d次，不够，记缺1%s", l.Zh, nz, st.Count, spanMany[ind.Missing.Every]), fmt.Sprintf("%s: %s has only %d, too few; one %s missing", l.En, ne, st.Count, u[1])}, true
	case StepMissing:
		u := spanUnit[st.Rule]
		fz, fe := x.num("factor")
		pz, pe := x.num("points")
		var names, namesEn []string
		for _, m := range st.Missing {
			z, e := spanName(m)
			names, namesEn = append(names, z), append(namesEn, e)
		}
		if st.Count == 0 {
			return Sentence{fmt.Sprintf("%s：每%s均达到要求，不缺，不扣分", l.Zh, u[0]), fmt.Sprintf("%s: every %s meets the requirement; none missing: 0 points", l.En, u[1])}, true
		}
		plural := u[1]
		if st.Count != 1 {
			plural += "s"
		}
		return Sentence{fmt.Sprintf("%s：缺%d%s（%s），每缺1%s%s，共%s", l.Zh, st.Count, spanMany[st.Rule], strings.Join(names, "、"), spanMany[st.Rule], gainWord(fz), gainWord(pz)),
			fmt.Sprintf("%s: %d %s missing (%s), %s each: %s points", l.En, st.Count, plural, strings.Join(namesEn, ", "), fe, pe)}, true
	case StepRepeated:
		if st.Rule == "no_ledger" {
			return Sentence{l.Zh + "：本期被扣分；未提供上期台账，不知此前是否连续被扣，不加扣",
				l.En + ": points lost this period; no ledger of the period before was given, so no earlier run is known and nothing is added"}, true
		}
		if st.Factor == nil {
			return Sentence{fmt.Sprintf("%s：连续第%d期被扣分，未达%d期，不加扣", l.Zh, st.Count, ind.Repeated.Times),
				fmt.Sprintf("%s: points lost %d periods in a row, fewer than %d; nothing added", l.En, st.Count, ind.Repeated.Times)}, true
		}
		fz, fe := x.num("factor")
		return Sentence{fmt.Sprintf("%s：连续%d期被扣分（据%s台账），再%s，由%s分计为%s分", l.Zh, st.Count, periodZh(st.Record), gainWord(fz), opt(st.Before), x.ptsNum()),
			fmt.Sprintf("%s: points lost %d periods in a row (from the ledger of %s), a further %s: %s → %s", l.En, st.Count, st.Record, fe, opt(st.Before), x.ptsNum())}, true
	case StepCarryOut:
		pz, pe := x.num("points")
		left, leftEn := x.leftOut(st.Missing)
		share := "100"
		if st.Factor != nil {
			share = decText(st.Factor.Decimal().Mul(decimalHundred))
		}
		return Sentence{fmt.Sprintf("结转下期：本期得分%s为%s分，按%s%%结转%s分", left, opt(st.Before), share, pz),
			fmt.Sprintf("carried into the next period: this period's points%s come to %s; %s%% of them, %s, is carried", leftEn, opt(st.Before), share, pe)}, true
	case StepCarry:
		c := x.s.Carry()
		if c == nil || !c.Computed() || st.Rule != "ledger" {
			return Sentence{}, false
		}
		left, leftEn := x.leftOut(nil)
		share, shareEn := "全部", "all"
		if c.Share != nil {
			v, _ := x.s.Const(c.Share)
			share, shareEn = decText(v.Mul(decimalHundred))+"%", decText(v.Mul(decimalHundred))+"%"
		}
		return Sentence{fmt.Sprintf("从%s结转积分%s分：即该期得分%s的%s", periodZh(st.Record), x.ptsNum(), left, share),
			fmt.Sprintf("balance carried from %s: %s, that is %s of its points%s", st.Record, x.ptsNum(), shareEn, leftEn)}, true
	case StepSteps:
		rule := ind.Steps
		if !rule.Below && !rule.Started {
			return Sentence{}, false
		}
		mz, me := x.num("measure")
		fz, fe := x.num("factor")
		pz, pe := x.num("points")
		dir, dirEn := "超出", "above"
		if rule.Below {
			dir, dirEn = "低于", "below"
		}
		how, howEn := "满一档才计，计", "full steps only:"
		if rule.Started {
			how, howEn = "不足一档按一档计，计", "a step begun counts whole:"
		}
		from, every := "0", ""
		if rule.From != nil {
			if v, ok := x.s.Const(rule.From); ok {
				from = decText(v)
			}
		}
		if v, ok := x.s.Const(rule.Every); ok {
			every = decText(v)
		}
		unit, unitEn := "", ""
		if every != "" {
			unit, unitEn = "每"+every+"为一档，", " steps of "+every+";"
		}
		return Sentence{stepsZh(l.Zh, mz, dir, from, unit, how, st.Count, fz, pz),
			fmt.Sprintf("%s: measured %s, %s %s;%s %s %d × %s: %s points", l.En, me, dirEn, from, unitEn, howEn, st.Count, fe, pe)}, true
	case StepDuplicate:
		if ind == nil || ind.DedupeKeep == "" {
			return Sentence{}, false
		}
		which := map[string][2]string{"first": {"最早的一条", "the earliest"}, "last": {"最后的一条", "the latest"}, "heaviest": {"最重的一条", "the heaviest"}}[ind.DedupeKeep]
		return Sentence{fmt.Sprintf("%s%s：与%s属同一事项（编号%s），只计%s（%s）", l.Zh, rec, strings.Join(st.Cites, "、"), st.Match, which[0], strings.Join(st.Cites, "、")),
			fmt.Sprintf("%s%s: the same matter as %s (%s); only %s counts (%s)", l.En, recEn, strings.Join(st.Cites, ", "), st.Match, which[1], strings.Join(st.Cites, ", "))}, true
	case StepVeto:
		v := x.s.Veto(st.Match)
		if v == nil || v.Tier != "" || v.CapTier != "" || v.Zero != "" {
			return Sentence{}, false
		}
		return Sentence{v.Label.Zh + "：情形成立，按方案列入相应名单，不影响得分和档次",
			v.Label.En + ": the condition holds; the subject goes on the list the scheme names, its points and tier unchanged"}, true
	case StepOutOfWindow:
		if ind == nil || ind.Window == nil {
			return Sentence{}, false
		}
		wz, we := windowWords(ind.Window)
		return Sentence{l.Zh + rec + "：不在" + wz + "，不计", l.En + recEn + ": not dated " + we + "; not counted"}, true
	}
	return Sentence{}, false
}

// leftOut names the sections and indicators a carry leaves out.
func (x explainer) leftOut(ids []string) (zh, en string) {
	c := x.s.Carry()
	if c == nil || len(c.LeaveOut) == 0 {
		return "", ""
	}
	var z, e []string
	for _, k := range c.LeaveOut {
		l := scheme.Label{Zh: k.String(), En: k.String()}
		if k.Section != "" {
			if sec := x.s.Section(k.Section); sec != nil {
				l = sec.Label
			}
		} else if ind := x.s.Indicator(k.Indicator); ind != nil {
			l = ind.Label
		}
		z, e = append(z, "“"+nest(l.Zh)+"”"), append(e, "'"+l.En+"'")
	}
	return "（不含" + strings.Join(z, "、") + "）", " (leaving out " + strings.Join(e, ", ") + ")"
}

// rankingAudit renders each step of a ranking's audit as a sentence:
// how each quota was computed and who it moved, and awards given or
// withheld outside the ranking's order (ExplainRanking ends with them).
func rankingAudit(s *scheme.Scheme, rk *Ranking) []Sentence {
	names := map[string]string{}
	for _, e := range rk.Entries {
		names[e.Subject.ID] = e.Subject.Name
		if names[e.Subject.ID] == "" {
			names[e.Subject.ID] = e.Subject.ID
		}
	}
	name := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}
	tier := func(id string) scheme.Label {
		if t := s.Tier(id); t != nil {
			return t.Label
		}
		return scheme.Label{Zh: id, En: id}
	}
	award := func(id string) scheme.Label {
		if a := s.Award(id); a != nil {
			return a.Label
		}
		return scheme.Label{Zh: id, En: id}
	}
	out := make([]Sentence, len(rk.Audit))
	for i := range rk.Audit {
		st := &rk.Audit[i]
		switch st.Kind {
		case StepQuota:
			tl := tier(st.Match)
			how, howEn := "", ""
			if st.Factor != nil {
				r := roundZh[st.Reason]
				how = fmt.Sprintf("%s个单位的%s%%为%s，%s得%s", opt(st.Before), decText(st.Factor.Decimal().Mul(decimalHundred)), opt(st.Measure), r[0], roundedQuota(s, st))
				howEn = fmt.Sprintf("%s%% of %s subjects is %s, %s", decText(st.Factor.Decimal().Mul(decimalHundred)), opt(st.Before), opt(st.Measure), r[1])
			}
			ties := map[string][2]string{"move": {"名额线上并列的一并降档", "subjects tied across the limit all move down"},
				"keep":  {"名额线上并列的一并保留", "subjects tied across the limit all stay"},
				"split": {"名额线上并列的按指定项目得分区分", "subjects tied across the limit are told apart by the named items' points"}}[st.Rule]
			if t := s.Tier(st.Match); t != nil && t.Quota != nil && t.Quota.Min != nil {
				m, _ := s.Const(t.Quota.Min)
				how, howEn = how+"，至少"+decText(m)+"名", howEn+", at least "+decText(m)
			}
			out[i] = Sentence{fmt.Sprintf("“%s”名额：%s，限%d名；%s", tl.Zh, how, st.Count, ties[0]),
				fmt.Sprintf("'%s' quota: %s; at most %d; %s", tl.En, howEn, st.Count, ties[1])}
		case StepQuotaMove:
			from, to := tier(st.Match), tier(st.Rule)
			why, whyEn := "超出名额", "over the quota"
			if st.Passed != nil && !*st.Passed {
				why, whyEn = "与名额内单位并列，超出名额", "tied with a subject within the quota, and over it"
			}
			out[i] = Sentence{fmt.Sprintf("%s（第%d名）%s，由“%s”降为“%s”", name(st.Record), st.Count, why, from.Zh, to.Zh),
				fmt.Sprintf("%s (rank %d) %s: moved from '%s' to '%s'", name(st.Record), st.Count, whyEn, from.En, to.En)}
		case StepQuotaKeep:
			tl := tier(st.Match)
			out[i] = Sentence{fmt.Sprintf("%s（第%d名）与名额线上单位并列，保留“%s”", name(st.Record), st.Count, tl.Zh),
				fmt.Sprintf("%s (rank %d) is tied at the limit and stays '%s'", name(st.Record), st.Count, tl.En)}
		case StepAwardGiven:
			al := award(st.Match)
			if st.Rule == "mark" {
				cl := award(st.Cites[0])
				w, we := "累计", "in all"
				if a := s.Award(st.Match); a != nil && a.Window != nil {
					w, we = windowWords(a.Window)
				}
				out[i] = Sentence{fmt.Sprintf("%s%s获“%s”%d次，记“%s”", name(st.Record), w, cl.Zh, st.Count, al.Zh),
					fmt.Sprintf("%s received '%s' %d times %s: '%s'", name(st.Record), cl.En, st.Count, we, al.En)}
				continue
			}
			out[i] = Sentence{fmt.Sprintf("%s存在应列入“%s”的情形，不论得分名次，列入“%s”", name(st.Record), al.Zh, al.Zh),
				fmt.Sprintf("%s meets a condition that places it on '%s' whatever its score", name(st.Record), al.En)}
		case StepAwardBar:
			al, ol := award(st.Match), award(st.Cites[0])
			how := map[string][2]string{"excludes": {"本期已获", "received"}, "barred_by": {"本期已获", "received"}, "held": {"持有", "holds"}}[st.Rule]
			out[i] = Sentence{fmt.Sprintf("%s%s“%s”，不再列入“%s”", name(st.Record), how[0], ol.Zh, al.Zh),
				fmt.Sprintf("%s %s '%s' this period, so is not considered for '%s'", name(st.Record), how[1], ol.En, al.En)}
		default:
			out[i] = Sentence{string(st.Kind), string(st.Kind)}
		}
	}
	return out
}

var decimalHundred = decimal.NewFromInt(100)

// roundedQuota is a quota step's share × subjects rounded as the quota says.
func roundedQuota(s *scheme.Scheme, st *Step) string {
	if t := s.Tier(st.Match); t != nil && t.Quota != nil && st.Measure != nil {
		return decText(t.Quota.Rounding.Round(st.Measure.Decimal(), 0))
	}
	return opt(st.Measure)
}

// ptsNum is the step's points as written, 0 when absent.
func (x explainer) ptsNum() string {
	if x.st.Points == nil {
		return "0"
	}
	return x.st.Points.String()
}

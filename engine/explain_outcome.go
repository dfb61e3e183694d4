package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// The sentences of the outcome: vetoes, the tier and why, the readings,
// and the summary a secretary reads first.

func tierLabel(s *scheme.Scheme, id string) scheme.Label {
	if t := s.Tier(id); t != nil {
		return t.Label
	}
	return scheme.Label{Zh: "相应等级", En: "the tier"}
}

// vetoOutcome words what a veto does to the tier: 直接确定为“不达标党支部” /
// 最高评为“合格”.
func vetoOutcome(s *scheme.Scheme, v *scheme.Veto) (zh, en string) {
	switch {
	case v.Tier != "":
		t := tierLabel(s, v.Tier)
		return "直接确定为“" + t.Zh + "”", "the tier is set to '" + t.En + "'"
	case v.CapTier != "":
		t := tierLabel(s, v.CapTier)
		return "最高只能评为“" + t.Zh + "”", "the tier can be no higher than '" + t.En + "'"
	case v.Zero == "total":
		return "总分计0分", "the total is set to 0"
	case v.Zero != "":
		l := scheme.Label{Zh: v.Zero, En: v.Zero}
		if ind := s.Indicator(v.Zero); ind != nil {
			l = ind.Label
		} else if sec := s.Section(v.Zero); sec != nil {
			l = sec.Label
		}
		return "“" + nest(l.Zh) + "”计0分", "'" + l.En + "' is set to 0"
	}
	return "否决成立", "the veto applies"
}

func (x explainer) veto() Sentence {
	st := x.st
	v := x.s.Veto(st.Match)
	if v == nil {
		return Sentence{"一票否决事项", "a veto"}
	}
	vl := v.Label
	facts, factsEn := x.readsText(st.Reads)
	if facts != "" {
		facts, factsEn = "（"+facts+"）", " ("+factsEn+")"
	}
	why, whyEn := "", ""
	if v.Reason.Zh != "" {
		why, whyEn = "，"+v.Reason.Zh, "; "+v.Reason.En
	}
	out, outEn := vetoOutcome(x.s, v)
	who, whoEn := x.person(st.Assessor, st.Name, "")
	when, whenEn := "", ""
	if st.Time != "" {
		when, whenEn = "（"+day(st.Time)+"）", " ("+day(st.Time)+")"
	}
	_ = when
	if st.Kind == StepVetoPending {
		if st.Assessor != "" {
			return Sentence{vl.Zh + facts + "：经" + who + "核实不予认定" + when + reason(st.Reason, "（理由：", "）") + "，不生效",
				vl.En + factsEn + ": " + whoEn + " examined it and declined" + whenEn + reason(st.Reason, " (", ")") + "; not applied"}
		}
		return Sentence{vl.Zh + facts + "：情形成立，待确认，暂不生效",
			vl.En + factsEn + ": the condition holds; awaiting confirmation, not applied"}
	}
	if t := v.Explain; t.Zh != "" {
		vals := func(lang string) map[string]string {
			m := map[string]string{}
			for _, r := range st.Reads {
				vz, ve := value(r.Value)
				if lang == "en" {
					vz = ve
				}
				m[r.Name] = vz
			}
			if lang == "en" {
				m["label"], m["reason"], m["tier"] = vl.En, v.Reason.En, tierLabel(x.s, v.Tier+v.CapTier).En
			} else {
				m["label"], m["reason"], m["tier"] = vl.Zh, v.Reason.Zh, tierLabel(x.s, v.Tier+v.CapTier).Zh
			}
			return m
		}
		return Sentence{fill(t.Zh, vals("zh")), fill(t.En, vals("en"))}
	}
	if st.Assessor != "" {
		how, howEn := "", ""
		switch {
		case st.Time != "" && st.Reason != "":
			how, howEn = "（"+day(st.Time)+"，理由："+st.Reason+"）", " ("+day(st.Time)+": "+st.Reason+")"
		case st.Time != "":
			how, howEn = "（"+day(st.Time)+"）", " ("+day(st.Time)+")"
		case st.Reason != "":
			how, howEn = "（理由："+st.Reason+"）", " ("+st.Reason+")"
		}
		return Sentence{vl.Zh + facts + "：经" + who + "确认" + how + why + "，一票否决，" + out,
			vl.En + factsEn + ": confirmed by " + whoEn + howEn + whyEn + "; veto: " + outEn}
	}
	return Sentence{vl.Zh + facts + why + "，一票否决，" + out, vl.En + factsEn + whyEn + "; veto: " + outEn}
}

// scoreTier is the tier the total reaches by its bound alone, and the
// bound: the tier a veto overrode, or the subject's when none did.
func scoreTier(s *scheme.Scheme, total decimal.Decimal) int {
	tiers := s.Tiers()
	for i := range tiers {
		t := &tiers[i]
		if t.VetoOnly {
			continue
		}
		switch {
		case t.Min != nil:
			if v, ok := s.ConstExact(t.Min); ok && v.CmpDecimal(total) <= 0 {
				return i
			}
		case t.Above != nil:
			if v, ok := s.ConstExact(t.Above); ok && v.CmpDecimal(total) < 0 {
				return i
			}
		default:
			return i
		}
	}
	return -1
}

func threshold(s *scheme.Scheme, t *scheme.Tier) (text string, above, ok bool) {
	e := t.Min
	if e == nil {
		e, above = t.Above, true
	}
	if e == nil {
		return "", false, false
	}
	v, ok := s.ConstExact(e)
	if !ok {
		return "", false, false
	}
	if d, ok := v.Decimal(); ok {
		return decText(d), above, true
	}
	return v.String(), above, true
}

// tier words the tier reached and why: the bound it reached or fell
// short of, or the veto that set it.
func (x explainer) tier() Sentence {
	st, s := x.st, x.s
	if st.Match == "" {
		return x.noTier() // every tier veto_only, and no veto fired
	}
	total := fixed(s, dec(st.Points))
	t := s.Tier(st.Match)
	tl := tierLabel(s, st.Match)
	if t != nil && t.Explain.Zh != "" {
		th, _, _ := threshold(s, t)
		fillT := func(text string, l string) string {
			return fill(text, map[string]string{"total": total, "threshold": th, "label": l})
		}
		return Sentence{fillT(t.Explain.Zh, tl.Zh), fillT(t.Explain.En, tl.En)}
	}
	// A veto awaits its decision: the tier holds only until it is decided.
	if st.Rule == "provisional" {
		return Sentence{fmt.Sprintf("总分%s分，暂定为“%s”（有一票否决事项待确认）", total, tl.Zh),
			fmt.Sprintf("total %s: provisionally %s (a veto awaits its decision)", total, tl.En)}
	}
	// A veto that set this tier.
	if x.r != nil && scoreTierID(s, dec(st.Points)) != st.Match {
		for _, vr := range x.r.Vetoes {
			if vr.Tier == st.Match || vr.CapTier == st.Match {
				vl := scheme.Label{Zh: "一票否决事项", En: "a veto"}
				if v := s.Veto(vr.ID); v != nil {
					vl = v.Label
				}
				return Sentence{fmt.Sprintf("总分%s分，但“%s”一票否决，定为“%s”", total, nest(vl.Zh), tl.Zh),
					fmt.Sprintf("total %s, but the veto '%s' applies: %s", total, vl.En, tl.En)}
			}
		}
	}
	cond, condEn := "", ""
	if t != nil && t.When != nil {
		if _, _, ok := threshold(s, t); !ok {
			// A tier set by its condition alone: no mark to reach or miss.
			return Sentence{fmt.Sprintf("总分%s分，符合“%s”的条件，评定为“%s”", total, tl.Zh, tl.Zh),
				fmt.Sprintf("total %s; the conditions of %s are met: %s", total, tl.En, tl.En)}
		}
		cond, condEn = "，并符合该等级的其他条件", ", and meets the tier's other conditions"
	}
	if t != nil {
		if th, above, ok := threshold(s, t); ok {
			if above {
				return Sentence{fmt.Sprintf("总分%s分，高于“%s”线%s分%s，评定为“%s”", total, tl.Zh, th, cond, tl.Zh),
					fmt.Sprintf("total %s, above the %s mark of %s%s: %s", total, tl.En, th, condEn, tl.En)}
			}
			return Sentence{fmt.Sprintf("总分%s分，达到“%s”线%s分%s，评定为“%s”", total, tl.Zh, th, cond, tl.Zh),
				fmt.Sprintf("total %s, at or above the %s mark of %s%s: %s", total, tl.En, th, condEn, tl.En)}
		}
		// The lowest tier: the mark of the tier above it was missed.
		tiers := s.Tiers()
		for i := range tiers {
			if tiers[i].ID != t.ID {
				continue
			}
			// The nearest tier above with a mark: tiers set by a veto or
			// by a condition alone have none.
			k := i - 1
			for k >= 0 {
				if _, _, ok := threshold(s, &tiers[k]); ok {
					break
				}
				k--
			}
			if k < 0 {
				break
			}
			if th, _, ok := threshold(s, &tiers[k]); ok {
				up := tiers[k].Label
				return Sentence{fmt.Sprintf("总分%s分，低于“%s”线%s分%s，评定为“%s”", total, up.Zh, th, cond, tl.Zh),
					fmt.Sprintf("total %s, below the %s mark of %s%s: %s", total, up.En, th, condEn, tl.En)}
			}
		}
	}
	return Sentence{fmt.Sprintf("总分%s分%s，评定为“%s”", total, cond, tl.Zh), fmt.Sprintf("total %s%s: %s", total, condEn, tl.En)}
}

func scoreTierID(s *scheme.Scheme, total decimal.Decimal) string {
	if i := scoreTier(s, total); i >= 0 {
		return s.Tiers()[i].ID
	}
	return ""
}

// readings lists, once each, the notes of the indicators scored that no
// step showed: 方案读法·上报创新项目：1万元、5万元整归入较高档.
func readings(s *scheme.Scheme, r *Result, shown map[string]bool) []Sentence {
	var out []Sentence
	seen := map[string]bool{}
	for _, ir := range r.Indicators {
		ind := s.Indicator(ir.ID)
		if ind == nil || !ir.Applies || ind.Note.Zh == "" || shown[ir.ID] || seen[ir.ID] {
			continue
		}
		seen[ir.ID] = true
		out = append(out, Sentence{"方案读法·" + ind.Label.Zh + "：" + ind.Note.Zh, "the scheme's reading · " + ind.Label.En + ": " + ind.Note.En})
	}
	// A section's reading (how its weight applies, say), once each.
	for _, sr := range r.Sections {
		sec := s.Section(sr.ID)
		if sec == nil || sec.Note.Zh == "" || seen["section "+sr.ID] {
			continue
		}
		seen["section "+sr.ID] = true
		out = append(out, Sentence{"方案读法·" + sec.Label.Zh + "：" + sec.Note.Zh, "the scheme's reading · " + sec.Label.En + ": " + sec.Note.En})
	}
	return out
}

// summary is what a secretary reads first: the total and the tier with
// the reason, the largest gains and losses with their records, the
// vetoes, the rounds.
func summary(s *scheme.Scheme, r *Result, steps []Step) []Sentence {
	total := fixed(s, r.Total.Decimal())
	head := Sentence{r.Subject.Name + "，" + r.Period + "：总分" + total + "分", r.Subject.Name + ", " + r.Period + ": total " + total + " points"}
	for i := range steps {
		if steps[i].Kind == StepTier {
			t := explainer{s: s, r: r, trail: steps, st: &steps[i], i: i, shown: map[string]bool{}}.tier()
			head = Sentence{r.Subject.Name + "，" + r.Period + "：" + t.Zh, r.Subject.Name + ", " + r.Period + ": " + t.En}
		}
	}
	out := []Sentence{head}
	if len(r.Rounds) > 0 {
		var z, e []string
		for _, rd := range r.Rounds {
			l := explainer{s: s}.roundLabel(rd.ID)
			z = append(z, fmt.Sprintf("%s%s分，占%s，折合%s分", l.Zh, rd.Points, percent(rd.Weight.Decimal()), rd.Contribution))
			e = append(e, fmt.Sprintf("%s %s at %s: %s", l.En, rd.Points, percent(rd.Weight.Decimal()), rd.Contribution))
		}
		out = append(out, Sentence{"各轮评分：" + strings.Join(z, "；"), "rounds: " + strings.Join(e, "; ")})
	}
	type item struct {
		l          scheme.Label
		p          decimal.Decimal
		cites      []string
		unweighted bool
	}
	// An indicator of a part weighted 0% is shown, not counted.
	zeroWeight := map[string]bool{}
	for _, sr := range r.Sections {
		if sec := s.Section(sr.ID); sec != nil && sr.Weight.Decimal().IsZero() {
			for _, ind := range sec.Indicators {
				zeroWeight[ind.ID] = true
			}
		}
	}
	var gains, losses []item
	for _, ir := range r.Indicators {
		ind := s.Indicator(ir.ID)
		if ind == nil || ir.Round != "" || !ir.Applies || ir.Points.Decimal().IsZero() {
			continue
		}
		it := item{ind.Label, ir.Points.Decimal(), recordsOf(ir.Cites), zeroWeight[ir.ID]}
		if it.p.Sign() > 0 {
			gains = append(gains, it)
		} else {
			losses = append(losses, it)
		}
	}
	sort.SliceStable(gains, func(i, j int) bool { return gains[i].p.GreaterThan(gains[j].p) })
	sort.SliceStable(losses, func(i, j int) bool { return losses[i].p.LessThan(losses[j].p) })
	words := func(items []item) (string, string) {
		var z, e []string
		for i, it := range items {
			if i == 3 {
				z[len(z)-1] += fmt.Sprintf("等%d项", len(items)) // ……；乙：加4分等16项, not ；等16项
				e = append(e, fmt.Sprintf("%d in all", len(items)))
				break
			}
			gz, ge := gain(it.p)
			c, ce := "", ""
			cen := it.cites
			cz := strings.Join(it.cites, "、")
			if len(it.cites) > 3 {
				cz = strings.Join(it.cites[:3], "、") + fmt.Sprintf("等%d条", len(it.cites))
				cen = append(it.cites[:3:3], fmt.Sprintf("%d in all", len(it.cites)))
			}
			if len(it.cites) > 0 {
				c, ce = "（"+cz+"）", " ("+strings.Join(cen, ", ")+")"
			}
			if it.unweighted {
				c, ce = c+"（所在部分占0%，不计入总分）", ce+" (its part weighs 0%: not in the total)"
			}
			z = append(z, it.l.Zh+"："+gz+c)
			e = append(e, it.l.En+": "+ge+ce)
		}
		return strings.Join(z, "；"), strings.Join(e, "; ")
	}
	if len(gains) > 0 {
		z, e := words(gains)
		out = append(out, Sentence{"得分：" + z, "points earned: " + e})
	}
	if len(losses) > 0 {
		z, e := words(losses)
		out = append(out, Sentence{"扣分：" + z, "points lost: " + e})
	}
	// What earned nothing for want of something: records short of the
	// gate, checklist items not met.
	var missed, missedEn []string
	seenMissed := map[string]bool{}
	for i := range steps {
		st := &steps[i]
		x := explainer{s: s, r: r, trail: steps, st: st, i: i, shown: map[string]bool{}}
		switch {
		case st.Kind == StepRecord && st.Passed != nil && !*st.Passed:
			missed = append(missed, x.label().Zh+"（"+st.Record+"）")
			missedEn = append(missedEn, x.label().En+" ("+st.Record+")")
		case st.Kind == StepItem && st.Passed != nil && !*st.Passed:
			sen := x.item()
			z := strings.TrimSuffix(sen.Zh, "：不符合，不得分")
			if seenMissed[z] {
				continue // one item met by several rules: named once
			}
			seenMissed[z] = true
			missed = append(missed, z)
			missedEn = append(missedEn, strings.TrimSuffix(sen.En, ": not met: nothing earned"))
		}
	}
	if len(missed) > 0 {
		if len(missed) > 3 {
			missed = append(missed[:2], missed[2]+fmt.Sprintf("等%d项", len(missed)))
			missedEn = append(missedEn[:3], fmt.Sprintf("%d in all", len(missedEn)))
		}
		out = append(out, Sentence{"未得分：" + strings.Join(missed, "；") + "（原因见下）", "nothing earned: " + strings.Join(missedEn, "; ") + " (why below)"})
	}
	var vz, ve []string
	for i := range steps {
		st := &steps[i]
		if st.Kind != StepVeto && st.Kind != StepVetoPending {
			continue
		}
		v := s.Veto(st.Match)
		if v == nil {
			continue
		}
		switch {
		case st.Kind == StepVeto:
			vz = append(vz, "“"+nest(v.Label.Zh)+"”一票否决")
			ve = append(ve, "'"+v.Label.En+"' applies")
		case st.Assessor != "":
			vz = append(vz, "“"+nest(v.Label.Zh)+"”经核实不予认定")
			ve = append(ve, "'"+v.Label.En+"' declined")
		default:
			vz = append(vz, "“"+nest(v.Label.Zh)+"”待确认")
			ve = append(ve, "'"+v.Label.En+"' awaits confirmation")
		}
	}
	if len(vz) > 0 {
		out = append(out, Sentence{"否决事项：" + strings.Join(vz, "；"), "vetoes: " + strings.Join(ve, "; ")})
	}
	if len(out) == 1 {
		out = append(out, Sentence{"各项均未得分，也无扣分", "nothing earned and nothing lost"})
	}
	return out
}

// recordsOf returns the record ids among an indicator's cites
// (list:ID, unit:list:ID), leaving out assessor entries and facts.
func recordsOf(cites []string) []string {
	var out []string
	for _, c := range cites {
		if strings.HasPrefix(c, "assessment:") || strings.Contains(c, "facts.") {
			continue
		}
		i := strings.LastIndexByte(c, ':')
		if i < 0 {
			continue
		}
		out = append(out, c[i+1:])
	}
	return out
}

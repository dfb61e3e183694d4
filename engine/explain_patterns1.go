package engine

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/scheme"
)

// Sentences for the audit steps of the field's remaining rule patterns
// (patterns.go): named values, full marks, discretionary deductions,
// vetoes that set points to 0, and subjects not assessed at all. They use
// the scheme's labels only: no rule source, no ids.

// subjectWord is how explanations name the subject scored, from the
// scheme's subject kind: a member is 本人 / this member, a branch or any
// other unit 本单位 / this unit.
func subjectWord(s *scheme.Scheme) scheme.Label {
	if s.SubjectKind() == "member" {
		return scheme.Label{Zh: "本人", En: "this member"}
	}
	return scheme.Label{Zh: "本单位", En: "this unit"}
}

// patternSentence renders the steps of patterns.go; ok is false for the
// others.
func (x explainer) patternSentence() (Sentence, bool) {
	st := x.st
	switch st.Kind {
	case StepNamedValue:
		l := scheme.Label{Zh: st.Match, En: st.Match}
		var t scheme.ValueType
		if nv := x.s.Value(st.Match); nv != nil {
			l, t = nv.Label, nv.Type
		}
		zh, en := st.Value, st.Value
		switch {
		case st.Points != nil:
			zh, en = x.num("points")
		case t == scheme.BoolType && st.Value == "true":
			zh, en = "是", "yes"
		case t == scheme.BoolType:
			zh, en = "否", "no"
		}
		return Sentence{l.Zh + "：" + zh, l.En + ": " + en}, true
	case StepSubjectExempt:
		w := subjectWord(x.s)
		var reason scheme.Label
		if ex := x.s.Exempt(); ex != nil {
			reason = ex.Reason
		}
		return Sentence{w.Zh + "不参加考核（" + reason.Zh + "），不计总分，不评档次",
			strings.ToUpper(w.En[:1]) + w.En[1:] + " is not assessed (" + reason.En + "): no total and no tier"}, true
	case StepFull:
		l := x.label()
		pz, pe := x.num("points")
		return Sentence{fmt.Sprintf("%s：满分%s分，以下扣分从满分中扣除，扣完为止", l.Zh, pz),
			fmt.Sprintf("%s: full marks %s; the deductions below come off them, down to 0", l.En, pe)}, true
	case StepDeducted:
		l := x.label()
		amount := "0"
		if st.Points != nil {
			amount = decText(st.Points.Decimal().Neg())
		}
		who, whoEn := x.person(st.Assessor, st.Name, "")
		if rs := x.s.Rounds(); rs != nil && st.Role != "" {
			rl := x.roundLabel(st.Role)
			who, whoEn = who+"（"+rl.Zh+"）", whoEn+" ("+rl.En+")"
		}
		return Sentence{fmt.Sprintf("%s：%s酌情扣%s分，理由：%s", l.Zh, who, amount, st.Reason),
			fmt.Sprintf("%s: %s deducted %s points: %s", l.En, whoEn, amount, st.Reason)}, true
	case StepVetoZero:
		vl := scheme.Label{Zh: st.Match, En: st.Match}
		var note scheme.Label
		if v := x.s.Veto(st.Match); v != nil {
			vl, note = v.Label, v.Note
		}
		target := scheme.Label{Zh: "总分", En: "the total"}
		if st.Indicator != "" || st.Section != "" {
			target = x.label()
		}
		zh := fmt.Sprintf("因“%s”一票否决，%s计0分（原%s分）", nest(vl.Zh), target.Zh, opt(st.Before))
		en := fmt.Sprintf("the veto '%s' applies: %s is set to 0 (was %s)", vl.En, target.En, opt(st.Before))
		if note.Zh != "" {
			zh += "；说明：" + note.Zh
			en += "; note: " + note.En
		}
		return Sentence{zh, en}, true
	}
	return Sentence{}, false
}

// withPatterns adjusts a sentence of explain.go for these patterns: a
// veto's note is added to the sentence that says it applies, and a
// member scheme says 本人, not 本单位.
func (x explainer) withPatterns(out Sentence) Sentence {
	if x.st.Kind == StepVeto {
		if v := x.s.Veto(x.st.Match); v != nil && v.Note.Zh != "" {
			out.Zh += "；说明：" + v.Note.Zh
			out.En += "; note: " + v.Note.En
		}
	}
	if w := subjectWord(x.s); w.Zh != "本单位" {
		out.Zh = strings.ReplaceAll(out.Zh, "本单位", w.Zh)
		out.En = strings.ReplaceAll(out.En, "this subject", w.En)
	}
	return out
}

// opt renders optional points as written, "" when absent.
func opt(p *Points) string {
	if p == nil {
		return ""
	}
	return p.String()
}

package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

// standardPage is the data of the published standard.
type standardPage struct {
	Title, Unit, Source, Date string
	Facts                     []string // who is scored, how often, from when
	Sections                  []standardSection
	Total                     []string
	Vetoes, Tiers, Awards     []labelled
	Params                    []labelled
	Readings                  []labelled
	Footer                    footer
}

type standardSection struct {
	Label, Rule string
	Rows        []standardRow
}

type standardRow struct{ Item, Standard, Max string }

type labelled struct{ Label, Text string }

// WriteStandard writes the scheme as the scoring table a party office
// publishes (公示) before the period: its sections and items with the
// points, bands, caps and floors in words, the vetoes, the tiers, the
// awards, the parameters in force and the readings the scheme states of
// its source. What is published and what is computed are one file.
func WriteStandard(wr io.Writer, s *scheme.Scheme, opts Options) error {
	return render(wr, "standard", standardOf(s, opts))
}

func standardOf(s *scheme.Scheme, opts Options) standardPage {
	w := words{s}
	src := s.Source()
	p := standardPage{Title: s.Title().Zh, Unit: unitOf(s, opts), Date: opts.Date,
		Footer: footer{Scheme: s.ID(), Version: s.Version(), Hash: s.Hash()}}
	if src.Document != "" {
		p.Source = "依据《" + src.Document + "》"
		if src.Ref != "" {
			p.Source += "（" + src.Ref + "）"
		}
		if src.Date != "" {
			p.Source += "，" + src.Date
		}
	}
	kind := map[string]string{"branch": "党支部", "member": "党员"}[s.SubjectKind()]
	if kind == "" {
		kind = "考核对象"
	}
	p.Facts = append(p.Facts, "考核对象："+kind)
	p.Facts = append(p.Facts, "考核周期："+map[evidence.PeriodKind]string{
		evidence.Month: "每月", evidence.Quarter: "每季度", evidence.HalfYear: "每半年", evidence.Year: "每年"}[s.PeriodKind()])
	if e := s.Effective(); e.From != (evidence.Period{}) || e.To != (evidence.Period{}) {
		t := "适用期间："
		if e.From != (evidence.Period{}) {
			t += periodWords(e.From.String()) + "起"
		}
		if e.To != (evidence.Period{}) {
			t += "至" + periodWords(e.To.String())
		}
		p.Facts = append(p.Facts, t)
	}
	if rs := s.Rounds(); rs != nil {
		var parts []string
		for _, r := range rs.List {
			n, _ := w.num(r.Weight)
			parts = append(parts, w.roundLabel(r.Name)+"占"+n)
		}
		p.Facts = append(p.Facts, "评分轮次："+strings.Join(parts, "，"))
	}
	for _, sec := range s.Sections() {
		ss := standardSection{Label: sec.Label.Zh}
		var rule []string
		if sec.Weight != nil {
			n, _ := w.num(sec.Weight)
			rule = append(rule, "占"+n)
		}
		if sec.Cap != nil {
			rule = append(rule, "本部分最高"+w.pointsOf(sec.Cap))
		}
		if sec.Floor != nil {
			rule = append(rule, "本部分最低"+w.pointsOf(sec.Floor))
		}
		if sec.BonusCap != nil {
			rule = append(rule, "加分最高"+w.pointsOf(sec.BonusCap))
		}
		ss.Rule = strings.Join(rule, "，")
		for _, ind := range sec.Indicators {
			row := standardRow{Item: ind.Label.Zh, Standard: w.standard(ind)}
			if m, ok := maxPoints(s, ind); ok {
				row.Max = m
			}
			ss.Rows = append(ss.Rows, row)
			if ind.Note.Zh != "" {
				p.Readings = append(p.Readings, labelled{ind.Label.Zh, ind.Note.Zh})
			}
		}
		p.Sections = append(p.Sections, ss)
	}
	t := s.Total()
	if t.Cap != nil {
		p.Total = append(p.Total, "总分最高"+w.pointsOf(t.Cap))
	}
	if t.Floor != nil {
		p.Total = append(p.Total, "总分最低"+w.pointsOf(t.Floor))
	}
	if rd := t.Rounding; rd != nil {
		p.Total = append(p.Total, "总分保留"+strconv.Itoa(int(rd.Scale))+"位小数"+roundingWord(rd.Mode))
	}
	for i := range s.Vetoes() {
		v := &s.Vetoes()[i]
		text := w.vetoRule(v)
		if v.Reason.Zh != "" {
			text = v.Reason.Zh + "：" + text
		}
		p.Vetoes = append(p.Vetoes, labelled{v.Label.Zh, text})
		if v.Note.Zh != "" {
			p.Readings = append(p.Readings, labelled{v.Label.Zh, v.Note.Zh})
		}
	}
	for i := range s.Tiers() {
		tr := &s.Tiers()[i]
		p.Tiers = append(p.Tiers, labelled{w.tierLabel(tr.ID), w.tierRule(tr)})
	}
	for i := range s.Awards() {
		a := &s.Awards()[i]
		p.Awards = append(p.Awards, labelled{w.awardLabel(a.ID), w.awardRule(a)})
		if a.Note.Zh != "" {
			p.Readings = append(p.Readings, labelled{w.awardLabel(a.ID), a.Note.Zh})
		}
	}
	vals := s.ParamValues()
	for _, prm := range s.Params() {
		l := prm.Label.Zh
		if l == "" {
			continue // a parameter without a label is not published by name
		}
		v := vals[prm.Name]
		if v == "" {
			v = "由主管部门确定"
		}
		p.Params = append(p.Params, labelled{l, v})
	}
	return p
}

// maxPoints is engine.MaxPoints as text, kept here so that the standard
// does not need a result.
func maxPoints(s *scheme.Scheme, ind *scheme.Indicator) (string, bool) {
	if d, ok := engine.MaxPoints(s, ind); ok {
		return d.String(), true
	}
	return "", false
}

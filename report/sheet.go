package report

import (
	"io"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/scheme"
)

// Options are what a page shows beyond the scheme and the results.
type Options struct {
	// Date is written on the signature line (2017-03-26); empty leaves
	// the line blank to be filled in by hand, as on a paper form.
	Date string
	// Unit is the body issuing the page, shown above the title (中共……
	// 委员会); empty: the scheme's issuer.
	Unit string
	// Sheet is the address of a subject's score sheet, by the subject's
	// id, that the board links each name to; nil, or "" for a subject:
	// no link.
	Sheet func(subjectID string) string
	// Standard is the address of the published standard, linked from the
	// board; empty: no link.
	Standard string
}

// sheetPage is the data of a score sheet.
type sheetPage struct {
	Title, Unit, Subject, Period, Date string
	NotAssessed                        string
	Sections                           []sheetSection
	Vetoes                             []string
	Total, Tier                        string
	Summary, Trail, Readings           []string
	Footer                             footer
}

type sheetSection struct {
	Label    string
	Rows     []sheetRow
	Subtotal string // 小计：X分，占50%，折合Y分
}

type sheetRow struct {
	Item, Standard, Max, Points string
	Reasons, Cites              []string
	NotApplicable, Lost         bool
}

type footer struct {
	Scheme, Version, Hash string
	Evidence              []string // hash, then the linked units'
}

// WriteSheet writes a subject's score sheet (考核评分表) for r, evaluated
// under s, as one HTML page: each section's items with the scheme's
// standard, the maximum where the scheme fixes one, the points, the
// reasons in words and the evidence cited; section subtotals with their
// weights, vetoes, the total and tier with the reason, and the signature
// lines. The page needs no script, prints on A4 and reads on a phone.
func WriteSheet(wr io.Writer, s *scheme.Scheme, r *engine.Result, opts Options) error {
	return render(wr, "sheet", sheetOf(s, r, opts))
}

func sheetOf(s *scheme.Scheme, r *engine.Result, opts Options) sheetPage {
	w := words{s}
	p := sheetPage{Title: s.Title().Zh, Unit: unitOf(s, opts), Subject: subjectName(r.Subject.Name, r.Subject.ID),
		Period: periodWords(r.Period), Date: opts.Date, Footer: footerOf(s, r)}
	x := engine.ExplainResult(s, r)
	p.Summary = zh(x.Summary)
	p.Trail = zh(x.Trail)
	p.Readings = zh(x.Readings)
	if r.NotAssessed != nil {
		p.NotAssessed = strings.Join(p.Summary, "")
		return p
	}
	// Each indicator's reasons are the sentences of its own steps.
	steps := engine.Explain(s, r)
	reasons := map[string][]string{}
	for i, st := range r.Audit.All() {
		if st.Indicator == "" || st.Kind == engine.StepRaw {
			continue // the points column says the sum
		}
		k := st.Indicator + "@" + st.Round
		z := steps[i].Zh
		if ind := s.Indicator(st.Indicator); ind != nil {
			z = strings.TrimPrefix(z, ind.Label.Zh+"：") // the row names the item
		}
		if z == "" || contains(reasons[k], z) {
			continue
		}
		reasons[k] = append(reasons[k], z)
	}
	for _, sec := range s.Sections() {
		ss := sheetSection{Label: sec.Label.Zh}
		for _, ir := range r.Indicators {
			if ir.Section != sec.ID {
				continue
			}
			ind := s.Indicator(ir.ID)
			if ind == nil {
				continue
			}
			row := sheetRow{Item: ind.Label.Zh, Standard: w.standard(ind), Points: ir.Points.String(),
				Cites: records(ir.Cites), Reasons: reasons[ir.ID+"@"+ir.Round], NotApplicable: !ir.Applies}
			if ir.Round != "" {
				row.Item += "（" + w.roundLabel(ir.Round) + "）"
			}
			if m, ok := engine.MaxPoints(s, ind); ok {
				row.Max = m.String()
				row.Lost = ir.Applies && ir.Points.Decimal().LessThan(m)
			}
			if !ir.Applies {
				row.Points = "—"
			} else if len(row.Reasons) == 0 {
				row.Reasons = []string{"本期无相关记录"}
			}
			ss.Rows = append(ss.Rows, row)
		}
		var subs []string
		for _, sr := range r.Sections {
			if sr.ID != sec.ID {
				continue
			}
			t := ""
			if sr.Round != "" {
				t = w.roundLabel(sr.Round) + "："
			}
			t += "小计" + sr.Points.String() + "分"
			if !sr.Weight.Decimal().Equal(one) {
				t += "，占" + sr.Weight.Decimal().Mul(hundred).String() + "%，折合" + sr.Contribution.String() + "分"
			}
			subs = append(subs, t)
		}
		ss.Subtotal = strings.Join(subs, "；")
		p.Sections = append(p.Sections, ss)
	}
	for _, v := range r.Vetoes {
		p.Vetoes = append(p.Vetoes, vetoLine(w, v, false))
	}
	for _, v := range r.Pending {
		p.Vetoes = append(p.Vetoes, vetoLine(w, v, true))
	}
	p.Total = fixed(s, r.Total)
	if r.Tier != "" {
		p.Tier = w.tierLabel(r.Tier)
	}
	return p
}

func vetoLine(w words, v engine.VetoResult, pending bool) string {
	l := v.ID
	var rule string
	if sv := w.s.Veto(v.ID); sv != nil {
		l, rule = sv.Label.Zh, w.vetoRule(sv)
		if sv.Reason.Zh != "" {
			l += "（" + sv.Reason.Zh + "）"
		}
	}
	t := l + "：" + rule
	switch {
	case pending:
		t += "；条件成立，待考核人确认，档次暂定"
	case v.ConfirmedBy != "":
		t += "；已确认"
		if v.Reason != "" {
			t += "：" + v.Reason
		}
	}
	return t
}

func footerOf(s *scheme.Scheme, r *engine.Result) footer {
	f := footer{Scheme: r.Scheme.ID, Version: r.Scheme.Version, Hash: r.Scheme.Hash, Evidence: []string{r.EvidenceHash}}
	for _, l := range r.Links {
		n := l.UnitName
		if n == "" {
			n = l.Unit
		}
		f.Evidence = append(f.Evidence, n+"："+l.EvidenceHash)
	}
	return f
}

func unitOf(s *scheme.Scheme, opts Options) string {
	if opts.Unit != "" {
		return opts.Unit
	}
	return s.Source().Issuer
}

// records are the ids of the records an indicator cites (佐证材料): an
// assessor's entry is named in the reasons, and a fact is no record.
func records(cites []string) []string {
	var out []string
	for _, c := range cites {
		if strings.HasPrefix(c, "assessment:") || strings.Contains(c, "facts.") {
			continue
		}
		if i := strings.LastIndexByte(c, ':'); i >= 0 && !contains(out, c[i+1:]) {
			out = append(out, c[i+1:])
		}
	}
	return out
}

func zh(ss []engine.Sentence) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s.Zh != "" {
			out = append(out, s.Zh)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// subjectName is a subject's name, with its id only when it has none.
func subjectName(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// fixed renders a total at the scheme's final scale: 1.50.
func fixed(s *scheme.Scheme, p engine.Points) string {
	d := p.Decimal()
	rd := s.Total().Rounding
	if rd == nil || -d.Exponent() > rd.Scale {
		return d.String()
	}
	return d.StringFixed(rd.Scale)
}

// periodWords writes a period as a form does: 2017-03 → 2017年3月,
// 2017-Q1 → 2017年第一季度, 2017-H2 → 2017年下半年, 2021 → 2021年度.
func periodWords(p string) string {
	y, rest, ok := strings.Cut(p, "-")
	if !ok {
		return p + "年度"
	}
	switch {
	case len(rest) == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4':
		return y + "年第" + string([]rune("一二三四")[rest[1]-'1']) + "季度"
	case rest == "H1":
		return y + "年上半年"
	case rest == "H2":
		return y + "年下半年"
	case len(rest) == 2 && rest[0] >= '0' && rest[0] <= '1':
		return y + "年" + strings.TrimPrefix(rest, "0") + "月"
	}
	return p
}

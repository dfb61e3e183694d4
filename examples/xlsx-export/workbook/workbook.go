// Package workbook writes one period as a spreadsheet (.xlsx) for the
// committee (Write): one row per subject in rank order, one column per
// indicator, the section subtotals, the total, the tier, the rank and the
// flags; a second sheet with every audit sentence. It lives in the
// xlsx-export module so that the core stays free of the spreadsheet
// library; the example service imports it for GET /periods/{period}.xlsx.
//
// Numbers are exact: each is written as the decimal text the engine
// computed straight into the cell's value, as a number cell, never through
// a float64; the number format shows it at the scheme's scale (see the
// command's doc). Write is safe for concurrent use.
package workbook

import (
	"fmt"
	"io"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/scheme"
	"github.com/xuri/excelize/v2"
)

// column is one indicator (of one round) or one section subtotal.
type column struct {
	label     string
	indicator string // or
	section   string
	round     string
}

// Write writes the period's workbook: sheet 考核汇总 (one row per subject
// in rank order) and sheet 审计轨迹 (every audit sentence).
func Write(w io.Writer, s *scheme.Scheme, rs []*engine.Result, rk *engine.Ranking) error {
	x := excelize.NewFile()
	defer x.Close()
	const main, trail = "考核汇总", "审计轨迹"
	if err := x.SetSheetName("Sheet1", main); err != nil {
		return err
	}
	if _, err := x.NewSheet(trail); err != nil {
		return err
	}
	byID := map[string]*engine.Result{}
	for _, r := range rs {
		byID[r.Subject.ID] = r
	}
	cols := columns(s, rs)
	totalScale, arith := int32(0), int32(0)
	if rd := s.Total().Rounding; rd != nil {
		totalScale = rd.Scale
	}
	if sc, _, ok := s.Division(); ok {
		arith = sc
	}
	totalFmt, figFmt := numFmt(totalScale, totalScale), numFmt(totalScale, max(arith, totalScale))
	totalStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &totalFmt})
	if err != nil {
		return err
	}
	figStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &figFmt})
	if err != nil {
		return err
	}
	head := []any{"名次", "单位"}
	for _, c := range cols {
		head = append(head, c.label)
	}
	head = append(head, "总分", "档次", "旗帜", "否决项")
	if err := x.SetSheetRow(main, "A1", &head); err != nil {
		return err
	}
	tierLabel := func(id string) string {
		if t := s.Tier(id); t != nil && t.Label.Zh != "" {
			return t.Label.Zh
		}
		return id
	}
	awardLabel := func(id string) string {
		if a := s.Award(id); a != nil && a.Label.Zh != "" {
			return a.Label.Zh
		}
		return id
	}
	for i, e := range rk.Entries {
		row := i + 2
		r := byID[e.Subject.ID]
		cell := func(col int) string { c, _ := excelize.CoordinatesToCellName(col, row); return c }
		num := func(col int, v engine.Points, style int) error {
			if err := x.SetCellDefault(main, cell(col), v.String()); err != nil {
				return err
			}
			return x.SetCellStyle(main, cell(col), cell(col), style)
		}
		if err := x.SetCellInt(main, cell(1), int64(e.Rank)); err != nil {
			return err
		}
		name := e.Subject.Name
		if name == "" {
			name = e.Subject.ID
		}
		if err := x.SetCellStr(main, cell(2), name); err != nil {
			return err
		}
		for j, c := range cols {
			v, ok := figure(r, c)
			if !ok {
				continue
			}
			if err := num(3+j, v, figStyle); err != nil {
				return err
			}
		}
		n := 3 + len(cols)
		if err := num(n, e.Total, totalStyle); err != nil {
			return err
		}
		var flags, vetoes []string
		for _, a := range e.Awards {
			flags = append(flags, awardLabel(a))
		}
		for _, v := range append(append([]string(nil), e.Vetoes()...), e.Pending()...) {
			if sv := s.Veto(v); sv != nil {
				vetoes = append(vetoes, sv.Label.Zh)
			}
		}
		tier := ""
		if e.Tier != "" {
			tier = tierLabel(e.Tier)
		}
		for k, t := range []string{tier, strings.Join(flags, "、"), strings.Join(vetoes, "、")} {
			if err := x.SetCellStr(main, cell(n+1+k), t); err != nil {
				return err
			}
		}
	}
	if err := x.SetSheetRow(trail, "A1", &[]any{"单位", "期间", "序号", "说明"}); err != nil {
		return err
	}
	row := 2
	for _, e := range rk.Entries {
		r := byID[e.Subject.ID]
		if r == nil {
			continue
		}
		for i, sn := range engine.Explain(s, r) {
			if err := x.SetSheetRow(trail, fmt.Sprintf("A%d", row), &[]any{e.Subject.Name, r.Period, i + 1, sn.Zh}); err != nil {
				return err
			}
			row++
		}
	}
	return x.Write(w)
}

// numFmt is a number format with at least lo and at most hi places:
// numFmt(2, 4) is 0.00##.
func numFmt(lo, hi int32) string {
	if hi == 0 {
		return "0"
	}
	return "0." + strings.Repeat("0", int(lo)) + strings.Repeat("#", int(hi-lo))
}

// columns are the scheme's indicators (per round, when rounds score them)
// that any result has, each section followed by its subtotal.
func columns(s *scheme.Scheme, rs []*engine.Result) []column {
	var out []column
	seen := map[string]bool{}
	for _, sec := range s.Sections() {
		for _, ind := range sec.Indicators {
			for _, r := range rs {
				for _, ir := range r.Indicators {
					k := ir.ID + "@" + ir.Round
					if ir.ID != ind.ID || seen[k] {
						continue
					}
					seen[k] = true
					l := ind.Label.Zh
					if ir.Round != "" {
						l += "（" + roundLabel(s, ir.Round) + "）"
					}
					out = append(out, column{label: l, indicator: ir.ID, round: ir.Round})
				}
			}
		}
		out = append(out, column{label: sec.Label.Zh + " 折合", section: sec.ID})
	}
	return out
}

func roundLabel(s *scheme.Scheme, id string) string {
	if rs := s.Rounds(); rs != nil {
		if r := rs.Round(id); r != nil && r.Label.Zh != "" {
			return r.Label.Zh
		}
	}
	return "评分"
}

// figure is a result's points in a column: the indicator's, or the
// section's weighted contribution summed over rounds.
func figure(r *engine.Result, c column) (engine.Points, bool) {
	if r == nil || r.NotAssessed != nil {
		return engine.Points{}, false
	}
	if c.indicator != "" {
		for _, ir := range r.Indicators {
			if ir.ID == c.indicator && ir.Round == c.round && ir.Applies {
				return ir.Points, true
			}
		}
		return engine.Points{}, false
	}
	found := false
	var sum engine.Points
	for _, sr := range r.Sections {
		if sr.ID == c.section {
			sum = engine.NewPoints(sum.Decimal().Add(sr.Contribution.Decimal()))
			found = true
		}
	}
	return sum, found
}

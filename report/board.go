package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

var one = decimal.NewFromInt(1)

// boardPage is the data of a period board.
type boardPage struct {
	Title, Unit, Period, Date string
	Standard                  string // the standard's address
	Cohorts                   []boardCohort
	Awards                    []boardAward
	Notes                     []string
	Chart                     bool // the rows carry a chart of past totals
	Periods                   string
	Footer                    footer
}

type boardCohort struct {
	Label string
	Rows  []boardRow
}

type boardRow struct {
	Rank, Name, Total, Tier string
	Sheet                   string   // the sheet's address
	Red, Yellow, Other      []string // flags received: top, bottom, other awards
	Holds, Vetoes           []string
	Chart                   template.HTML
}

type boardAward struct {
	Label, Kind, Text string
	Bottom            bool
}

// WriteBoard writes a period's board (牌板) for rk, ranked under s: every
// subject in rank order with its total, tier, flags, the banners and
// titles it holds and the vetoes that bar it; who received and holds
// each award, quota moves and ties in words. history holds the rankings
// of the periods before, oldest first (nil: none); when given, each row
// carries a small chart of the subject's totals over them and rk.
func WriteBoard(wr io.Writer, s *scheme.Scheme, rk *engine.Ranking, history []*engine.Ranking, opts Options) error {
	return render(wr, "board", boardOf(s, rk, history, opts))
}

func boardOf(s *scheme.Scheme, rk *engine.Ranking, history []*engine.Ranking, opts Options) boardPage {
	w := words{s}
	names := map[string]string{}
	for _, h := range append(append([]*engine.Ranking(nil), history...), rk) {
		for _, e := range h.Entries {
			if e.Subject.Name != "" {
				names[e.Subject.ID] = e.Subject.Name
			}
		}
	}
	name := func(id string) string { return subjectName(names[id], id) }
	p := boardPage{Title: s.Title().Zh, Unit: unitOf(s, opts), Period: periodWords(rk.Period), Date: opts.Date, Standard: opts.Standard,
		Footer: footer{Scheme: rk.Scheme.ID, Version: rk.Scheme.Version, Hash: rk.Scheme.Hash}}
	series := chartSeries(s, rk, history)
	if len(history) > 0 {
		p.Chart = true
		p.Periods = periodWords(history[0].Period) + "至" + periodWords(rk.Period)
	}
	for i, e := range rk.Entries {
		if i == 0 || e.Cohort != rk.Entries[i-1].Cohort {
			p.Cohorts = append(p.Cohorts, boardCohort{Label: e.Cohort})
		}
		c := &p.Cohorts[len(p.Cohorts)-1]
		row := boardRow{Rank: fmt.Sprint(e.Rank), Name: name(e.Subject.ID), Total: fixed(s, e.Total), Tier: w.tierLabel(e.Tier)}
		if opts.Sheet != nil {
			row.Sheet = opts.Sheet(e.Subject.ID)
		}
		if e.Shared {
			row.Rank = "并列" + row.Rank
		}
		if e.Tier == "" {
			row.Tier = "—"
		}
		if e.QuotaFrom != "" {
			row.Tier += "（达到" + w.tierLabel(e.QuotaFrom) + "，受名额限制）"
		}
		for _, a := range e.Awards {
			aw := s.Award(a)
			switch {
			case aw != nil && aw.Kind == scheme.Flag && aw.Bottom:
				row.Yellow = append(row.Yellow, w.awardLabel(a))
			case aw != nil && aw.Kind == scheme.Flag:
				row.Red = append(row.Red, w.awardLabel(a))
			case !contains(e.Holds(), a):
				row.Other = append(row.Other, w.awardLabel(a))
			}
		}
		for _, h := range e.Holds() {
			l := w.awardLabel(h)
			for _, a := range rk.Awards {
				if a.ID == h && a.Holder == e.Subject.ID && a.From == a.Holder {
					l += heldSince(rk, history, a)
				}
			}
			row.Holds = append(row.Holds, l)
		}
		for _, v := range e.Vetoes() {
			row.Vetoes = append(row.Vetoes, vetoName(s, v))
		}
		for _, v := range e.Pending() {
			row.Vetoes = append(row.Vetoes, vetoName(s, v)+"（待确认）")
		}
		if p.Chart {
			row.Chart = sparkline(series, e.Subject.ID)
		}
		c.Rows = append(c.Rows, row)
	}
	for _, a := range rk.Awards {
		sa := s.Award(a.ID)
		ba := boardAward{Label: w.awardLabel(a.ID)}
		if sa != nil {
			ba.Bottom = sa.Bottom
			ba.Kind = map[scheme.AwardKind]string{scheme.Flag: "每期评定", scheme.Rolling: "流动", scheme.Title: "称号", scheme.Mark: "标记"}[sa.Kind]
		}
		if a.Cohort != "" {
			ba.Label += "（" + a.Cohort + "）"
		}
		var to []string
		for _, id := range a.To {
			to = append(to, name(id))
		}
		var parts []string
		switch {
		case len(to) > 0:
			parts = append(parts, "本期授予"+strings.Join(to, "、"))
		case sa == nil || sa.Kind == scheme.Flag || sa.Kind == scheme.Mark:
			parts = append(parts, "本期无人获评")
		}
		if a.Holder != "" {
			switch {
			case a.From == "":
				parts = append(parts, "现由"+name(a.Holder)+"持有")
			case a.From == a.Holder:
				parts = append(parts, "仍由"+name(a.Holder)+"持有"+heldSince(rk, history, a))
			default:
				parts = append(parts, "由"+name(a.From)+"移交"+name(a.Holder))
			}
		} else if sa != nil && (sa.Kind == scheme.Rolling || sa.Kind == scheme.Title) {
			parts = append(parts, "暂无持有者")
		}
		if len(a.Tied) > 0 {
			var ts []string
			for _, id := range a.Tied {
				ts = append(ts, name(id))
			}
			parts = append(parts, strings.Join(ts, "、")+"并列，不移交")
		}
		ba.Text = strings.Join(parts, "；")
		p.Awards = append(p.Awards, ba)
	}
	p.Notes = zh(engine.ExplainRanking(s, rk))
	return p
}

// heldSince says since when a's holder, who held it before rk's period
// too, has held it: the period it took it in, read back from the rankings
// of history, or that it held it already before the first of them. The
// ledger cannot say: it keeps who holds each banner, not since when, and
// its streaks count the periods a subject was awarded it, which a tie or a
// period without a winner ends while the holder keeps it. Without history
// it says nothing.
func heldSince(rk *engine.Ranking, history []*engine.Ranking, a engine.AwardResult) string {
	if len(history) == 0 {
		return ""
	}
	for i := len(history) - 1; i >= 0; i-- {
		h := history[i]
		var got *engine.AwardResult
		for j := range h.Awards {
			if h.Awards[j].ID == a.ID && h.Awards[j].Cohort == a.Cohort {
				got = &h.Awards[j]
			}
		}
		next := rk.Period
		if i+1 < len(history) {
			next = history[i+1].Period
		}
		switch {
		case got == nil: // h does not say: held before the period after it
			return "（" + periodWords(next) + "以前已持有）"
		case got.Holder != a.Holder: // not held at the end of h: taken after it
			return "（自" + periodWords(next) + "起）"
		}
		if got.From != got.Holder {
			return "（自" + periodWords(h.Period) + "起）"
		}
	}
	return "（" + periodWords(history[0].Period) + "以前已持有）"
}

func vetoName(s *scheme.Scheme, id string) string {
	if v := s.Veto(id); v != nil && v.Label.Zh != "" {
		return v.Label.Zh
	}
	return "否决项"
}

// series are each subject's totals over the periods charted, oldest
// first; a period the subject was not ranked in is missing.
type series struct {
	periods []string
	totals  map[string][]*decimal.Decimal
	lo, hi  decimal.Decimal
}

func chartSeries(s *scheme.Scheme, rk *engine.Ranking, history []*engine.Ranking) series {
	all := append(append([]*engine.Ranking(nil), history...), rk)
	out := series{totals: map[string][]*decimal.Decimal{}}
	first := true
	for i, h := range all {
		out.periods = append(out.periods, h.Period)
		for _, e := range h.Entries {
			t := out.totals[e.Subject.ID]
			for len(t) < i {
				t = append(t, nil)
			}
			d := e.Total.Decimal()
			out.totals[e.Subject.ID] = append(t, &d)
			if first || d.LessThan(out.lo) {
				out.lo = d
			}
			if first || d.GreaterThan(out.hi) {
				out.hi = d
			}
			first = false
		}
	}
	if out.lo.IsPositive() {
		out.lo = decimal.Zero
	}
	if out.hi.IsNegative() {
		out.hi = decimal.Zero
	}
	return out
}

// sparkline draws one subject's totals as a small inline SVG: a line over
// the periods, the zero line, and each point titled with its period and
// total, so the figures are there to read without the picture.
// Coordinates are computed exactly and rounded to a tenth of a pixel.
func sparkline(sr series, id string) template.HTML {
	const wpx, hpx, pad = 120, 28, 3
	n := len(sr.periods)
	span := sr.hi.Sub(sr.lo)
	x := func(i int) string {
		if n < 2 {
			return fmt.Sprint(wpx / 2)
		}
		return decimal.NewFromInt(int64(pad + i*(wpx-2*pad)/(n-1))).String()
	}
	y := func(d decimal.Decimal) string {
		if span.IsZero() {
			return fmt.Sprint(hpx / 2)
		}
		inner := decimal.NewFromInt(hpx - 2*pad)
		return decimal.NewFromInt(hpx - pad).Sub(d.Sub(sr.lo).Mul(inner).DivRound(span, 1)).String()
	}
	var b strings.Builder
	var alt []string
	totals := sr.totals[id]
	for i, p := range sr.periods {
		if i < len(totals) && totals[i] != nil {
			alt = append(alt, periodWords(p)+" "+totals[i].String()+"分")
		} else {
			alt = append(alt, periodWords(p)+" 未参评")
		}
	}
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		wpx, hpx, wpx, hpx, template.HTMLEscapeString(strings.Join(alt, "；")))
	fmt.Fprintf(&b, `<line class="zero" x1="0" x2="%d" y1="%s" y2="%s"/>`, wpx, y(decimal.Zero), y(decimal.Zero))
	var pts []string
	for i := range sr.periods {
		if i >= len(totals) || totals[i] == nil {
			continue
		}
		pts = append(pts, x(i)+","+y(*totals[i]))
	}
	if len(pts) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s"/>`, strings.Join(pts, " "))
	}
	for i := range sr.periods {
		if i >= len(totals) || totals[i] == nil {
			continue
		}
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="1.8"><title>%s</title></circle>`, x(i), y(*totals[i]), template.HTMLEscapeString(alt[i]))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

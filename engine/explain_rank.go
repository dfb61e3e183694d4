package engine

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/scheme"
)

var rankWords = []string{"", "第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"}

func rankWord(n int) string {
	if n > 0 && n < len(rankWords) {
		return rankWords[n]
	}
	return fmt.Sprintf("第%d", n)
}

// ExplainRanking puts a period's ranking in words, with the subjects'
// names (the places themselves are the ranking's entries): the ties, the tiers a quota moved, and each award
// — who received it, who holds a banner after the period and why it did
// or did not move (综采一队党支部、综掘区党支部并列第一，锦旗不移交，仍由
// 综采二队党支部保持).
func ExplainRanking(s *scheme.Scheme, rk *Ranking) []Sentence {
	names := map[string]string{}
	for _, e := range rk.Entries {
		names[e.Subject.ID] = e.Subject.Name
	}
	name := func(id string) string {
		if n := names[id]; n != "" {
			return n
		}
		return id
	}
	join := func(ids []string, sep string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = name(id)
		}
		return strings.Join(out, sep)
	}
	var out []Sentence
	for i := 0; i < len(rk.Entries); {
		e := rk.Entries[i]
		j := i + 1
		for j < len(rk.Entries) && rk.Entries[j].Rank == e.Rank && rk.Entries[j].Cohort == e.Cohort {
			j++
		}
		group := rk.Entries[i:j]
		var ids []string
		for _, g := range group {
			ids = append(ids, g.Subject.ID)
		}
		total := fixed(s, e.Total.Decimal())
		if len(group) > 1 {
			out = append(out, Sentence{fmt.Sprintf("%s并列%s，总分均为%s分", join(ids, "、"), rankWord(e.Rank), total),
				fmt.Sprintf("%s share place %d with %s points each", join(ids, ", "), e.Rank, total)})
		}
		for _, g := range group {
			if g.QuotaFrom != "" && len(rk.Audit) == 0 { // else the audit's sentences say it, with the quota
				from, to := tierLabel(s, g.QuotaFrom), tierLabel(s, g.Tier)
				out = append(out, Sentence{fmt.Sprintf("%s达到“%s”，但超出该等级名额，按名次评为“%s”", name(g.Subject.ID), from.Zh, to.Zh),
					fmt.Sprintf("%s reached %s but is over its quota: %s by rank", name(g.Subject.ID), from.En, to.En)})
			}
		}
		i = j
	}
	for _, a := range rk.Awards {
		al := scheme.Label{Zh: "奖项", En: "award"}
		var aw *scheme.Award
		if aw = s.Award(a.ID); aw != nil {
			al = aw.Label
		}
		note, noteEn := "", ""
		if aw != nil && aw.Note.Zh != "" && (len(a.Tied) > 0 || len(a.To) > 1) {
			note, noteEn = "（按方案读法："+aw.Note.Zh+"）", " (the scheme's reading: "+aw.Note.En+")"
		}
		keep, keepEn := "暂无支部持有", "nobody holds it"
		if a.Holder != "" {
			keep, keepEn = "仍由"+name(a.Holder)+"保持", name(a.Holder)+" keeps it"
		}
		var z, e string
		switch {
		case (a.Kind == scheme.Flag || a.Kind == scheme.Mark) && len(a.To) == 0:
			z, e = "本期无人获得", "nobody this period"
		case a.Kind == scheme.Flag || a.Kind == scheme.Mark:
			z, e = "授予"+join(a.To, "、"), "given to "+join(a.To, ", ")
		case len(a.Tied) > 0 && a.Kind == scheme.Rolling:
			z, e = join(a.Tied, "、")+"并列，不移交，"+keep, join(a.Tied, ", ")+" tie for it: not handed on; "+keepEn
		case len(a.Tied) > 0:
			z, e = join(a.Tied, "、")+"累计次数相同，不移交，"+keep, join(a.Tied, ", ")+" have the same count: not handed on; "+keepEn
		case a.Holder != "" && a.From != a.Holder && a.From != "":
			z, e = "由"+name(a.From)+"移交"+name(a.Holder), "handed from "+name(a.From)+" to "+name(a.Holder)
		case a.Holder != "" && a.From != a.Holder:
			z, e = "授予"+name(a.Holder), "given to "+name(a.Holder)
		case a.Holder != "" && len(a.To) > 0:
			z, e = name(a.Holder)+"再次获得，继续保持", name(a.Holder)+" wins it again and keeps it"
		case a.Holder != "":
			z, e = "无支部符合条件，不移交，"+keep, "nobody qualified: not handed on; "+keepEn
		default:
			z, e = "无支部符合条件，"+keep, "nobody qualified; "+keepEn
		}
		cohort, cohortEn := "", ""
		if a.Cohort != "" {
			cohort, cohortEn = "（"+a.Cohort+"）", " ("+a.Cohort+")"
		}
		out = append(out, Sentence{al.Zh + cohort + "：" + z + note, al.En + cohortEn + ": " + e + noteEn})
	}
	// How each quota was computed, and awards given or withheld outside
	// the ranking's order (the ranking's own audit).
	for _, sen := range rankingAudit(s, rk) {
		if sen.Zh != "" {
			out = append(out, sen)
		}
	}
	return out
}

package engine

import (
	"fmt"

	"github.com/branchscore/branchscore/scheme"
)

// Sentences for the steps of issue 15's last patterns: the run of
// deductions a veto reads, and no tier where only vetoes grade. Plain
// words: no rule text, no ids.

func (x explainer) patterns3() (Sentence, bool) {
	st := x.st
	switch st.Kind {
	case StepRun:
		l := x.label()
		switch {
		case st.Count == 0:
			return Sentence{l.Zh + "：本期未被扣分，连续被扣分期数为0",
				l.En + ": no points lost this period; the run of periods losing points is 0"}, true
		case st.Rule == "no_ledger":
			return Sentence{l.Zh + "：本期被扣分；未提供上期台账，此前各期不详，连续被扣分期数只按本期计为1",
				l.En + ": points lost this period; no ledger of the period before was given, so earlier periods are unknown and the run counts this period alone: 1"}, true
		}
		return Sentence{fmt.Sprintf("%s：本期被扣分，据%s台账，已连续%d期被扣分", l.Zh, periodZh(st.Record), st.Count),
			fmt.Sprintf("%s: points lost this period; with the ledger of %s, %d periods in a row", l.En, st.Record, st.Count)}, true
	case StepTier:
		if st.Match == "" {
			return x.noTier(), true
		}
	}
	return Sentence{}, false
}

// noTier words a result without a tier where every tier is reached only
// through a veto: 不评定等次, and why.
func (x explainer) noTier() Sentence {
	total := fixed(x.s, dec(x.st.Points))
	if x.st.Rule == "provisional" {
		return Sentence{fmt.Sprintf("总分%s分；本方案只因一票否决评定等次，有一票否决事项待确认，暂不评定等次", total),
			fmt.Sprintf("total %s; this scheme sets a tier only through a veto, and a veto awaits its decision: no tier for now", total)}
	}
	return Sentence{fmt.Sprintf("总分%s分；本方案只因一票否决评定等次，没有一票否决事项成立，不评定等次", total),
		fmt.Sprintf("total %s; this scheme sets a tier only through a veto, and none applies: no tier", total)}
}

// runLabel names the run of an indicator a veto reads: “按月交纳党费”连续被扣分期数.
func runLabel(s *scheme.Scheme, id string) (scheme.Label, bool) {
	ind := s.Indicator(id)
	if ind == nil {
		return scheme.Label{}, false
	}
	return scheme.Label{Zh: "“" + nest(ind.Label.Zh) + "”连续被扣分期数", En: "periods in a row '" + ind.Label.En + "' lost points:"}, true
}

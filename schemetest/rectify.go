package schemetest

import (
	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// rectification returns a result's rectification list as a case expects
// it: item id → points lost, "" for an item that lost none.
func rectification(s *scheme.Scheme, r *engine.Result) map[string]string {
	out := map[string]string{}
	for _, it := range engine.Rectification(s, r) {
		lost := ""
		if it.Lost != nil {
			lost = it.Lost.String()
		}
		out[it.ID] = lost
	}
	return out
}

// rectification compares a rectification list: every item expected must
// be there with the points it lost, and every item there expected.
func (o *Outcome) rectification(who string, want, got map[string]string) {
	for _, id := range sortedKeys(want) {
		g, ok := got[id]
		switch {
		case !ok:
			o.fail(who+"rectification "+id, "an item", "none")
		case want[id] == "" || g == "":
			o.check(who+"rectification "+id, orNothing(want[id]), orNothing(g), false)
		default:
			w, err1 := decimal.NewFromString(want[id])
			v, err2 := decimal.NewFromString(g)
			if err1 != nil || err2 != nil || !w.Equal(v) {
				o.fail(who+"rectification "+id+" lost", want[id], g)
			}
		}
	}
	for _, id := range sortedKeys(got) {
		if _, ok := want[id]; !ok {
			what := "an item"
			if got[id] != "" {
				what += " losing " + got[id]
			}
			o.fail(who+"rectification "+id, "no item", what)
		}
	}
}

func orNothing(lost string) string {
	if lost == "" {
		return "nothing lost"
	}
	return lost
}

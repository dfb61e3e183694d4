package scheme

import (
	"strings"

	"cel.dev/cel-go/cel"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/internal/msg"
)

// zeroBased finds a call of one of CEL's timestamp accessors that count
// from 0 (getMonth() is 0 for January), which a rule written from a
// source that counts from 1 gets wrong by one; it returns the call's
// offset and a hint naming the helper to call instead.
func zeroBased(a *cel.Ast) (int32, msg.Text, bool) {
	native := a.NativeRep()
	for id, r := range native.ReferenceMap() {
		for _, o := range r.OverloadIDs {
			var fn string
			switch {
			case strings.HasPrefix(o, "timestamp_to_month"):
				fn = "getMonth"
			case strings.HasPrefix(o, "timestamp_to_day_of_year"):
				fn = "getDayOfYear"
			case strings.HasPrefix(o, "timestamp_to_day_of_month") && !strings.Contains(o, "1_based"):
				fn = "getDayOfMonth"
			default:
				continue
			}
			off := int32(0)
			if rng, ok := native.SourceInfo().GetOffsetRange(id); ok {
				off = rng.Start
			}
			return off, msg.New("%s() counts from 0 (January is month 0): use %s", fn, celdec.ZeroBased[fn]), true
		}
	}
	return 0, msg.Text{}, false
}

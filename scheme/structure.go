package scheme

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// checkStructure checks what depends on folded constants: it runs when a
// scheme compiles and again for every parameter override.
func checkStructure(s *Scheme) Diagnostics {
	var diags Diagnostics
	val := func(e *Expr) (Exact, bool) { return s.ConstExact(e) }

	capFloor := func(what string, cap, floor *Expr) {
		cv, ok1 := val(cap)
		fv, ok2 := val(floor)
		if ok1 && ok2 && cv.Cmp(fv) < 0 {
			diags.add(cap.Pos, "%s: cap %s is below floor %s", what, cv, fv)
		}
	}

	// Weights.
	if ws := s.total.WeightsSum; ws != nil {
		if want, ok := val(ws); ok {
			sum := Exact{}
			var parts []string
			known := true
			for _, sec := range s.sections {
				w := ExactOf(decimal.NewFromInt(1))
				if sec.Weight != nil {
					v, ok := val(sec.Weight)
					if !ok {
						known = false
						continue
					}
					w = v
				}
				var err error
				if sum, err = sum.Add(w); err != nil {
					diags.add(ws.Pos, "section weights: %v", err)
					known = false
					break
				}
				parts = append(parts, fmt.Sprintf("%s %s", sec.ID, w))
			}
			if known && sum.Cmp(want) != 0 {
				diags.add(ws.Pos, "section weights add up to %s, not %s (%s)", sum, want, strings.Join(parts, " + "))
			}
		}
	}
	for _, sec := range s.sections {
		if w, ok := val(sec.Weight); ok && w.Sign() < 0 {
			diags.add(sec.Weight.Pos, "section %s: weight %s is negative", sec.ID, w)
		}
		capFloor("section "+sec.ID, sec.Cap, sec.Floor)
		for _, ind := range withRules(sec.Indicators) {
			what := "indicator " + ind.ID
			capFloor(what, ind.Cap, ind.Floor)
			if r := ind.Discretionary; r != nil {
				lo, ok1 := val(r.Min)
				hi, ok2 := val(r.Max)
				if ok1 && ok2 && lo.Cmp(hi) > 0 {
					diags.add(r.Max.Pos, "%s: discretionary max %s is below min %s", what, hi, lo)
				}
			}
			if st := ind.Steps; st != nil {
				if e, ok := val(st.Every); ok && e.Sign() <= 0 {
					diags.add(st.Every.Pos, "%s: steps.every must be positive, got %s", what, e)
				}
			}
			if len(ind.Bands) > 0 {
				diags = append(diags, checkBands(s, ind)...)
			}
		}
	}
	capFloor("total", s.total.Cap, s.total.Floor)

	// Tiers from the highest down.
	var prev *tierBound
	for i := range s.tiers {
		t := &s.tiers[i]
		var b *tierBound
		if v, ok := val(t.Min); ok {
			b = &tierBound{v: v, t: t}
		} else if v, ok := val(t.Above); ok {
			b = &tierBound{v: v, excl: true, t: t}
		}
		if b == nil {
			continue
		}
		if prev != nil {
			c := b.v.Cmp(prev.v)
			if c > 0 || (c == 0 && (b.excl || !prev.excl)) {
				diags.add(t.Pos, "tiers out of order: %s (%s) must be below %s (%s); list tiers from the highest down", t.ID, b.describe(), prev.t.ID, prev.describe())
			}
		}
		prev = b
	}
	return append(diags, checkPeriods(s)...)
}

type tierBound struct {
	v    Exact
	excl bool
	t    *Tier
}

func (b *tierBound) describe() string {
	if b.excl {
		return "above " + b.v.String()
	}
	return "from " + b.v.String()
}

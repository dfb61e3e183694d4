package difftest

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/branchscore/branchscore/evidence"
)

// The reference evaluator: deliberately naive. Every number is a big.Rat,
// every rule is the generator's own tree, and the structure is walked in
// the plainest way the language documentation describes. The semantics
// (decided for issue 11):
//   - every value is exact; a / b and percent(a, b) = a × 100 / b are exact
//     rationals;
//   - comparisons (conditions, a measure against band edges, the full-step
//     count, caps and floors, tier thresholds) use exact values;
//   - a value that becomes recorded points (a value indicator, a record's or
//     a checklist item's points) and does not terminate is rounded to the
//     declared arithmetic scale and rounding; a terminating one is kept;
//   - dividing by zero, an int overflowing int64, a measure in no band and
//     a grade with no points are errors.

var (
	errDivZero  = errors.New("division by zero")
	errOverflow = errors.New("int overflow")
	errNoBand   = errors.New("no band")
	errNoGrade  = errors.New("grade not declared")
)

// refResult is what the engine must agree with.
type refResult struct {
	total      *big.Rat
	tier       string
	vetoes     []string
	sections   []*big.Rat // points after cap, floor and bonus, before weight
	indicators []*big.Rat // points after the indicator's cap and floor
}

// rec is one record as the reference reads it.
type rec struct {
	id, date, topic string
	docs            []string
	n, v            *big.Rat
	flag            bool
}

// env is what a rule reads: the scalar inputs and, inside a records
// indicator, the record.
type env struct {
	nums  map[string]*big.Rat
	bools map[string]bool
	enum  string
	r     *rec
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("difftest: bad number " + s)
	}
	return r
}

var (
	minInt64 = new(big.Rat).SetInt64(-1 << 63)
	maxInt64 = new(big.Rat).SetInt64(1<<63 - 1)
	hundred  = big.NewRat(100, 1)
)

func (e *env) num(n *num) (*big.Rat, error) {
	switch n.op {
	case "lit":
		return rat(n.text), nil
	case "in":
		return e.nums[n.text], nil
	case "field":
		if n.text == "n" {
			return e.r.n, nil
		}
		return e.r.v, nil
	}
	a, err := e.num(n.a)
	if err != nil {
		return nil, err
	}
	b, err := e.num(n.b)
	if err != nil {
		return nil, err
	}
	out := new(big.Rat)
	switch n.op {
	case "+":
		out.Add(a, b)
	case "-":
		out.Sub(a, b)
	case "*":
		out.Mul(a, b)
	case "/":
		if b.Sign() == 0 {
			return nil, errDivZero
		}
		out.Quo(a, b)
	case "percent":
		if b.Sign() == 0 {
			return nil, errDivZero
		}
		out.Quo(out.Mul(a, hundred), b)
	case "min":
		out.Set(a)
		if b.Cmp(a) < 0 {
			out.Set(b)
		}
	case "max":
		out.Set(a)
		if b.Cmp(a) > 0 {
			out.Set(b)
		}
	default:
		panic("difftest: unknown operator " + n.op)
	}
	if n.t == tInt && (out.Cmp(minInt64) < 0 || out.Cmp(maxInt64) > 0) {
		return nil, errOverflow
	}
	return out, nil
}

// cond evaluates a condition. As in CEL, && and || are commutative over
// errors: a false (true) operand decides whatever the other one does.
func (e *env) cond(c *cond) (bool, error) {
	switch c.op {
	case "cmp":
		a, err := e.num(c.a)
		if err != nil {
			return false, err
		}
		b, err := e.num(c.b)
		if err != nil {
			return false, err
		}
		k := a.Cmp(b)
		switch c.cmp {
		case "<":
			return k < 0, nil
		case "<=":
			return k <= 0, nil
		case ">":
			return k > 0, nil
		case ">=":
			return k >= 0, nil
		case "==":
			return k == 0, nil
		case "!=":
			return k != 0, nil
		}
	case "and", "or":
		decides := c.op == "or" // the value that decides alone
		x, errX := e.cond(c.x)
		if errX == nil && x == decides {
			return decides, nil
		}
		y, errY := e.cond(c.y)
		if errY == nil && y == decides {
			return decides, nil
		}
		if errX != nil {
			return false, errX
		}
		if errY != nil {
			return false, errY
		}
		return !decides, nil
	case "not":
		x, err := e.cond(c.x)
		return !x, err
	case "bool":
		return e.bools[c.text], nil
	case "flag":
		return e.r.flag, nil
	case "doc":
		for _, d := range e.r.docs {
			if d == c.text {
				return true, nil
			}
		}
		return false, nil
	}
	panic("difftest: unknown condition " + c.op)
}

// terminates reports whether r has a finite decimal expansion: its reduced
// denominator has no prime factor but 2 and 5.
func terminates(r *big.Rat) bool {
	d := new(big.Int).Set(r.Denom())
	for _, p := range []int64{2, 5} {
		bp := big.NewInt(p)
		m := new(big.Int)
		for {
			q, rem := new(big.Int).QuoRem(d, bp, m)
			if rem.Sign() != 0 {
				break
			}
			d = q
		}
	}
	return d.Cmp(big.NewInt(1)) == 0
}

// round cuts r to scale digits after the point.
func round(r *big.Rat, scale int, mode string) *big.Rat {
	unit := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
	x := new(big.Rat).Mul(r, unit)
	q := new(big.Int).Quo(x.Num(), x.Denom()) // toward zero
	frac := new(big.Rat).Sub(x, new(big.Rat).SetInt(q))
	sign := int64(x.Sign())
	half := new(big.Rat).Abs(frac).Cmp(big.NewRat(1, 2))
	away := false
	switch mode {
	case "down":
	case "up":
		away = frac.Sign() != 0
	case "floor":
		away = frac.Sign() < 0
	case "ceil":
		away = frac.Sign() > 0
	case "half_up":
		away = half >= 0
	case "half_even":
		away = half > 0 || (half == 0 && q.Bit(0) == 1)
	default:
		panic("difftest: unknown rounding " + mode)
	}
	if away {
		q.Add(q, big.NewInt(sign))
	}
	return new(big.Rat).Quo(new(big.Rat).SetInt(q), unit)
}

// reference evaluates m over ev.
func reference(m *model, ev *evidence.Evidence) (*refResult, error) {
	e := &env{nums: map[string]*big.Rat{}, bools: map[string]bool{}}
	for _, in := range m.inputs {
		v, given := ev.Facts[in.name]
		switch in.typ {
		case "int", "decimal":
			text := in.def
			if given {
				text = fmt.Sprint(v)
			}
			e.nums[in.name] = rat(text)
		case "bool":
			e.bools[in.name] = given && v.(bool)
		case "enum":
			e.enum = in.def
			if given {
				e.enum = v.(string)
			}
		}
	}
	var recs []*rec
	for _, r := range ev.Records[listName] {
		recs = append(recs, &rec{id: r.ID, date: r.Date, docs: r.Documents, topic: r.Fields["topic"].(string),
			n: rat(fmt.Sprint(r.Fields["n"])), v: rat(fmt.Sprint(r.Fields["v"])), flag: r.Fields["flag"].(bool)})
	}
	// points is a value recorded as points: exact when it terminates, else
	// rounded as the arithmetic declares.
	points := func(r *big.Rat) *big.Rat {
		if terminates(r) {
			return r
		}
		return round(r, m.arith.scale, m.arith.mode)
	}
	bandOf := func(ind *indicator, v *big.Rat) (*big.Rat, error) {
		for _, b := range ind.bands {
			if contains(b.iv, v) {
				return rat(b.points), nil
			}
		}
		return nil, errNoBand
	}

	res := &refResult{}
	total := new(big.Rat)
	for _, sec := range m.sections {
		inside, outside := new(big.Rat), new(big.Rat)
		for _, ind := range sec.inds {
			raw := new(big.Rat)
			switch ind.kind {
			case "value":
				v, err := e.num(ind.value)
				if err != nil {
					return nil, err
				}
				raw = points(v)
			case "bands":
				v, err := e.num(ind.measure)
				if err != nil {
					return nil, err
				}
				if raw, err = bandOf(ind, v); err != nil {
					return nil, err
				}
			case "steps":
				v, err := e.num(ind.measure)
				if err != nil {
					return nil, err
				}
				from := new(big.Rat)
				if ind.from != "" {
					from = rat(ind.from)
				}
				if over := new(big.Rat).Sub(v, from); over.Sign() > 0 {
					steps := over.Quo(over, rat(ind.every))
					full := new(big.Int).Quo(steps.Num(), steps.Denom()) // positive: floor
					raw.Mul(new(big.Rat).SetInt(full), rat(ind.per))
				}
			case "checklist":
				for _, it := range ind.items {
					ok, err := e.cond(it.when)
					if err != nil {
						return nil, err
					}
					if ok {
						p, err := e.num(it.points)
						if err != nil {
							return nil, err
						}
						raw.Add(raw, points(p))
					}
				}
			case "grades":
				g := e.enum
				if ind.gradeRule != nil {
					ok, err := e.cond(ind.gradeRule)
					if err != nil {
						return nil, err
					}
					g = "b"
					if ok {
						g = "a"
					}
				}
				found := false
				for _, gr := range ind.grades {
					if gr.name == g {
						raw, found = rat(gr.points), true
					}
				}
				if !found {
					return nil, errNoGrade
				}
			case "per_record", "per_occurrence":
				seen := map[string]bool{}
				for _, r := range recs {
					// The window: the period, or from since to the period's end.
					start, end := period+"-01", "2017-04-01"
					if ind.since != "" {
						start = ind.since
					}
					if r.date < start || r.date >= end {
						continue
					}
					e.r = r
					if ind.where != nil {
						ok, err := e.cond(ind.where)
						if err != nil {
							return nil, err
						}
						if !ok {
							continue
						}
					}
					if ind.dedupe {
						if seen[r.topic] {
							continue
						}
						seen[r.topic] = true
					}
					passed := true
					for _, d := range ind.docs {
						if !strings.Contains(" "+strings.Join(r.docs, " ")+" ", " "+d+" ") {
							passed = false
						}
					}
					for _, c := range ind.conds {
						ok, err := e.cond(c)
						if err != nil {
							return nil, err
						}
						passed = passed && ok
					}
					if !passed {
						continue
					}
					if ind.points != nil {
						p, err := e.num(ind.points)
						if err != nil {
							return nil, err
						}
						raw.Add(raw, points(p))
					} else {
						v, err := e.num(ind.measure)
						if err != nil {
							return nil, err
						}
						p, err := bandOf(ind, v)
						if err != nil {
							return nil, err
						}
						raw.Add(raw, p)
					}
				}
				e.r = nil
			default:
				panic("difftest: unknown kind " + ind.kind)
			}
			pts := clamp(raw, ind.cap, ind.floor)
			res.indicators = append(res.indicators, pts)
			if ind.outside {
				outside.Add(outside, pts)
			} else {
				inside.Add(inside, pts)
			}
		}
		pts := clamp(inside, sec.cap, sec.floor)
		if sec.bonusCap != "" && outside.Cmp(rat(sec.bonusCap)) > 0 {
			outside = rat(sec.bonusCap)
		}
		pts.Add(pts, outside)
		res.sections = append(res.sections, pts)
		total.Add(total, new(big.Rat).Mul(pts, weightOf(sec.weight)))
	}
	total = clamp(total, m.cap, m.floor)
	if r := m.rounding; r != nil {
		total = round(total, r.scale, r.mode)
	}
	res.total = total

	// The tier: the first from the top whose bound and condition hold; then
	// each veto that fires forces (tier) or caps (cap_tier) it, either way
	// no higher than its tier.
	idx := -1
	for i, t := range m.tiers {
		reach := true
		switch {
		case t.min != "":
			reach = total.Cmp(rat(t.min)) >= 0
		case t.above != "":
			reach = total.Cmp(rat(t.above)) > 0
		}
		if reach && t.when != nil {
			ok, err := e.cond(t.when)
			if err != nil {
				return nil, err
			}
			reach = ok
		}
		if reach {
			idx = i
			break
		}
	}
	for _, v := range m.vetoes {
		ok, err := e.cond(v.when)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		res.vetoes = append(res.vetoes, v.id)
		id := v.tier + v.capTier
		for i, t := range m.tiers {
			if t.id == id && i > idx {
				idx = i
			}
		}
	}
	if idx >= 0 {
		res.tier = m.tiers[idx].id
	}
	return res, nil
}

// clamp applies a cap, then a floor ("" when absent).
func clamp(v *big.Rat, capText, floorText string) *big.Rat {
	out := new(big.Rat).Set(v)
	if capText != "" && out.Cmp(rat(capText)) > 0 {
		out = rat(capText)
	}
	if floorText != "" && out.Cmp(rat(floorText)) < 0 {
		out = rat(floorText)
	}
	return out
}

// contains reports whether v lies in iv.
func contains(iv interval, v *big.Rat) bool {
	if iv.lo.inf == 0 {
		c := v.Cmp(rat(iv.lo.v))
		if c < 0 || (c == 0 && !iv.loIncl) {
			return false
		}
	}
	if iv.hi.inf == 0 {
		c := v.Cmp(rat(iv.hi.v))
		if c > 0 || (c == 0 && !iv.hiIncl) {
			return false
		}
	}
	return true
}

// decText writes a terminating rational as a decimal.
func decText(r *big.Rat) string {
	for prec := 0; ; prec++ {
		if s := r.FloatString(prec); rat(s).Cmp(r) == 0 {
			return s
		}
	}
}

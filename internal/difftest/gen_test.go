package difftest

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"

	"github.com/branchscore/branchscore/evidence"
)

// src reads the fuzzer's bytes as a stream of small choices. Past the end
// every choice is 0, and 0 is always the simplest: a leaf, no option, one
// of something. So every input, even empty, gives a valid scheme.
type src struct {
	b []byte
	i int
}

// intn returns a choice in [0, n).
func (s *src) intn(n int) int {
	if n <= 1 || s.i >= len(s.b) {
		return 0
	}
	v := int(s.b[s.i])
	s.i++
	return v % n
}

// oneIn is true about once in n choices, and false past the end.
func (s *src) oneIn(n int) bool { return s.intn(n) == 1 }

func pick[T any](s *src, list []T) T { return list[s.intn(len(list))] }

var (
	intLits = []string{"0", "1", "2", "3", "5", "10", "100", "-1", "-3"}
	decLits = []string{"0.5", "1.5", "2.25", "0.1", "-0.5", "3.0", "0.01"}
	// edges are band edges, tier thresholds and comparison constants:
	// small values, and values a quotient rounded to two places lands on
	// (0.33, 0.67, 33.33), so that rounding too early shows.
	edges      = []string{"-10", "-5", "-1", "-0.5", "0", "0.33", "0.5", "0.67", "1", "1.5", "2", "3", "5", "10", "33.33", "66.67", "100"}
	pointsLits = []string{"0", "1", "2", "3", "-1", "-2", "0.5", "1.5", "-0.25", "5"}
	modes      = []string{"half_up", "half_even", "floor", "ceil", "down", "up"}
	// Record dates around the period scored, 2017-03.
	dates = []string{"2017-03-15", "2017-03-01", "2017-03-31", "2017-02-28", "2017-04-01", "2016-12-31", "2017-01-20"}
	since = []string{"2017-01-01", "2017-02-28", "2017-03-10"}
)

const period = "2017-03"

// gen builds a model from a src.
type gen struct {
	s     *src
	off   map[string]bool // constructs left out (see features)
	m     *model
	nums  []*num   // the scalar number inputs
	bools []string // the bool inputs
	used  []string // the band edges and tier thresholds used, for evidence to land on
}

// scope is what an expression may read.
type scope struct{ record bool }

func (g *gen) num(sc scope, depth int) *num {
	if depth <= 0 || g.s.intn(3) == 0 {
		return g.leaf(sc)
	}
	ops := []string{"+", "-", "*"}
	if !g.off["minmax"] {
		ops = append(ops, "min", "max")
	}
	if !g.off["division"] {
		ops = append(ops, "/", "percent", "/")
	}
	op := pick(g.s, ops)
	a := g.num(sc, depth-1)
	var n *num
	if (op == "/" || op == "percent") && g.s.intn(4) != 0 {
		// Mostly a divisor that is seldom zero; now and then any.
		n = binary(op, a, g.divisor(sc))
	} else {
		n = binary(op, a, g.num(sc, depth-1))
	}
	// A rule that reads no input is folded when the scheme compiles, and
	// one that fails (dividing by a constant 0, an int overflowing) is
	// refused there, rightly: the generator writes valid schemes only.
	if constant(n) {
		if _, err := (&env{}).num(n); err != nil {
			return a
		}
	}
	return n
}

// constant reports whether n reads no input and no record field.
func constant(n *num) bool {
	switch n.op {
	case "lit":
		return true
	case "in", "field":
		return false
	}
	return constant(n.a) && constant(n.b)
}

func (g *gen) leaf(sc scope) *num {
	switch g.s.intn(7) {
	case 0, 1, 2:
		return pick(g.s, g.nums)
	case 3:
		if sc.record {
			return &num{op: "field", t: tInt, text: "n"}
		}
		return pick(g.s, g.nums)
	case 4:
		if sc.record {
			return &num{op: "field", t: tDec, text: "v"}
		}
		return lit(pick(g.s, intLits))
	case 5:
		return lit(pick(g.s, intLits))
	default:
		return lit(pick(g.s, decLits))
	}
}

// divisor is an input, a record field or a literal other than 0.
func (g *gen) divisor(sc scope) *num {
	n := g.leaf(sc)
	if n.op == "lit" && rat(n.text).Sign() == 0 {
		return lit("3")
	}
	return n
}

func (g *gen) cond(sc scope, depth int) *cond {
	choice := g.s.intn(10)
	if depth <= 0 {
		choice = 0
	}
	switch choice {
	case 5:
		return &cond{op: "and", x: g.cond(sc, depth-1), y: g.cond(sc, depth-1)}
	case 6:
		return &cond{op: "or", x: g.cond(sc, depth-1), y: g.cond(sc, depth-1)}
	case 7:
		return &cond{op: "not", x: g.cond(sc, depth-1)}
	case 8:
		if sc.record {
			if g.s.intn(2) == 0 || g.off["docin"] {
				return &cond{op: "flag"}
			}
			return &cond{op: "doc", text: pick(g.s, listDocs)}
		}
		if len(g.bools) > 0 {
			return &cond{op: "bool", text: pick(g.s, g.bools)}
		}
	}
	a := g.num(sc, 1+g.s.intn(2))
	var b *num
	if g.s.intn(3) == 0 {
		b = lit(pick(g.s, edges))
	} else {
		b = g.num(sc, 1)
	}
	ops := []string{">=", "<", ">", "<="}
	if a.t == tInt && b.t == tInt {
		ops = append(ops, "==", "!=")
	}
	return &cond{op: "cmp", cmp: pick(g.s, ops), a: a, b: b}
}

// cuts picks n distinct edges in increasing order, strictly inside (lo, hi).
func (g *gen) cuts(n int, lo, hi bound) []string {
	var pool []string
	for _, e := range edges {
		v := rat(e)
		if (lo.inf == 0 && v.Cmp(rat(lo.v)) <= 0) || (hi.inf == 0 && v.Cmp(rat(hi.v)) >= 0) {
			continue
		}
		pool = append(pool, e)
	}
	chosen := map[string]bool{}
	for range n {
		if len(pool) == 0 {
			break
		}
		i := g.s.intn(len(pool))
		chosen[pool[i]] = true
		pool = append(pool[:i], pool[i+1:]...)
	}
	var out []string
	for e := range chosen {
		out = append(out, e)
	}
	g.used = append(g.used, out...)
	sort.Slice(out, func(i, j int) bool { return rat(out[i]).Cmp(rat(out[j])) < 0 })
	return out
}

// bands gives ind a domain (perhaps) and bands covering it exactly, each
// cut belonging to the band on its left or on its right.
func (g *gen) bands(ind *indicator) {
	dom := interval{lo: bound{inf: -1}, hi: bound{inf: 1}}
	switch g.s.intn(5) {
	case 1:
		dom = interval{lo: bound{v: "0"}, loIncl: true, hi: bound{inf: 1}}
	case 2:
		dom = interval{lo: bound{inf: -1}, hi: bound{v: "10"}, hiIncl: true}
	case 3:
		dom = interval{lo: bound{v: "-1"}, loIncl: g.s.intn(2) == 0, hi: bound{v: "5"}, hiIncl: g.s.intn(2) == 0}
	}
	if dom.lo.inf == 0 || dom.hi.inf == 0 {
		d := dom
		ind.domain = &d
	}
	cuts := g.cuts(g.s.intn(5), dom.lo, dom.hi)
	lo, loIncl := dom.lo, dom.loIncl
	var pts []string
	for i := 0; i <= len(cuts); i++ {
		hi, hiIncl := dom.hi, dom.hiIncl
		if i < len(cuts) {
			hi, hiIncl = bound{v: cuts[i]}, g.s.intn(2) == 0
		}
		p := pick(g.s, pointsLits)
		pts = append(pts, p)
		ind.bands = append(ind.bands, band{iv: interval{lo: lo, loIncl: loIncl, hi: hi, hiIncl: hiIncl}, points: p})
		lo, loIncl = hi, !hiIncl
	}
	// Declare a monotonicity the points keep, now and then.
	up, down := true, true
	for i := 1; i < len(pts); i++ {
		c := rat(pts[i]).Cmp(rat(pts[i-1]))
		up, down = up && c >= 0, down && c <= 0
	}
	if g.s.oneIn(2) {
		switch {
		case up:
			ind.monotone = "increasing"
		case down:
			ind.monotone = "decreasing"
		}
	}
	// Shuffle the band order: the scheme need not list them sorted.
	if g.s.oneIn(3) && len(ind.bands) > 1 {
		ind.bands[0], ind.bands[len(ind.bands)-1] = ind.bands[len(ind.bands)-1], ind.bands[0]
	}
}

// capFloor returns an optional cap and floor with cap ≥ floor.
func (g *gen) capFloor() (string, string) {
	var c, f string
	vals := []string{"-2", "0", "1", "2.5", "4", "10"}
	if g.s.oneIn(3) {
		c = pick(g.s, vals)
	}
	if g.s.oneIn(3) {
		f = pick(g.s, vals)
		if c != "" && rat(c).Cmp(rat(f)) < 0 {
			c, f = f, c
		}
	}
	return c, f
}

var kinds = []string{"bands", "value", "steps", "per_record", "per_occurrence", "checklist", "grades"}

func (g *gen) indicator(id string) *indicator {
	ind := &indicator{id: id, kind: pick(g.s, kinds)}
	ind.cap, ind.floor = g.capFloor()
	ind.outside = g.s.oneIn(4)
	rec := scope{record: true}
	switch ind.kind {
	case "bands":
		ind.measure = g.num(scope{}, g.s.intn(4))
		g.bands(ind)
	case "value":
		ind.value = g.num(scope{}, 3)
	case "steps":
		ind.measure = g.num(scope{}, 3)
		ind.every = pick(g.s, []string{"1", "2", "0.5", "5", "3", "0.25"})
		ind.per = pick(g.s, []string{"1", "-1", "0.5", "2", "-2"})
		if g.s.oneIn(2) {
			ind.from = pick(g.s, []string{"0", "1", "-2", "0.5", "0.33"})
		}
	case "per_record", "per_occurrence":
		if g.s.oneIn(3) {
			ind.since = pick(g.s, since)
		}
		if g.s.oneIn(3) {
			ind.where = g.cond(rec, 1)
		}
		if ind.kind == "per_occurrence" {
			ind.dedupe = g.s.oneIn(2)
			ind.points = lit(pick(g.s, []string{"-1", "-3", "-0.5", "2"}))
			if g.s.oneIn(3) {
				ind.points = g.num(rec, 2)
			}
			if ind.floor == "" && g.s.oneIn(2) {
				ind.floor, ind.cap = pick(g.s, []string{"-4", "-2.5", "0"}), ""
			}
			break
		}
		for _, d := range listDocs {
			if g.s.oneIn(3) {
				ind.docs = append(ind.docs, d)
			}
		}
		for range g.s.intn(3) {
			ind.conds = append(ind.conds, g.cond(rec, 2))
		}
		if g.s.oneIn(2) {
			ind.measure = g.num(rec, g.s.intn(3))
			g.bands(ind)
		} else {
			ind.points = lit(pick(g.s, pointsLits))
			if g.s.oneIn(2) {
				ind.points = g.num(rec, 2)
			}
		}
	case "checklist":
		for range 1 + g.s.intn(3) {
			it := item{when: g.cond(scope{}, 2), points: lit(pick(g.s, pointsLits))}
			if g.s.oneIn(3) {
				it.points = g.num(scope{}, 2)
			}
			ind.items = append(ind.items, it)
		}
	case "grades":
		if g.s.oneIn(2) {
			ind.gradeRule = g.cond(scope{}, 2)
		}
		for _, name := range []string{"a", "b", "c"} {
			// Now and then a grade is left out: evidence reaching it is an
			// error on both sides.
			if name != "a" && g.s.oneIn(6) {
				continue
			}
			ind.grades = append(ind.grades, grade{name: name, points: pick(g.s, pointsLits)})
		}
	}
	return ind
}

// scheme generates a model from the source's bytes.
func (g *gen) scheme() *model {
	m := &model{}
	g.m = m
	if !g.off["division"] || g.s.oneIn(3) {
		m.arith = &rounding{scale: pick(g.s, []int{2, 0, 1, 4}), mode: pick(g.s, modes)}
	}
	// Number inputs: i0 an int, i1 a decimal, and up to two more.
	types := []string{"int", "decimal"}
	for i := range 2 + g.s.intn(3) {
		typ := types[i%2]
		if i >= 2 {
			typ = pick(g.s, types)
		}
		in := input{name: fmt.Sprintf("i%d", i), typ: typ}
		if g.s.oneIn(3) {
			in.def = pick(g.s, []string{"0", "2", "7"})
			if typ == "decimal" {
				in.def = pick(g.s, []string{"0.5", "1", "-1.25"})
			}
		}
		m.inputs = append(m.inputs, in)
		t := tInt
		if typ == "decimal" {
			t = tDec
		}
		g.nums = append(g.nums, inputRef(in.name, t))
	}
	for i := range g.s.intn(3) {
		in := input{name: fmt.Sprintf("b%d", i), typ: "bool"}
		if g.s.oneIn(2) {
			in.def = "false"
		}
		m.inputs = append(m.inputs, in)
		g.bools = append(g.bools, in.name)
	}
	m.inputs = append(m.inputs, input{name: "g", typ: "enum", def: "a"})

	sum := new(big.Rat)
	for si := range 1 + g.s.intn(3) {
		sec := &section{id: fmt.Sprintf("S%d", si)}
		switch g.s.intn(5) {
		case 1:
			sec.weight = pick(g.s, []string{"30%", "50%", "25%", "100%", "12.5%"})
		case 2:
			sec.weight = pick(g.s, []string{"0.5", "2", "0.3", "1"})
		}
		sec.cap, sec.floor = g.capFloor()
		if g.s.oneIn(3) {
			sec.bonusCap = pick(g.s, []string{"0", "1", "3"})
		}
		for ii := range 1 + g.s.intn(4) {
			sec.inds = append(sec.inds, g.indicator(fmt.Sprintf("%s.k%d", sec.id, ii)))
		}
		sum.Add(sum, weightOf(sec.weight))
		m.sections = append(m.sections, sec)
	}
	if g.s.oneIn(3) {
		m.weightsSum = decText(sum)
	}
	m.cap, m.floor = g.capFloor()
	if g.s.oneIn(2) {
		m.rounding = &rounding{scale: g.s.intn(3), mode: pick(g.s, modes)}
	}
	if n := g.s.intn(4); n > 0 {
		// n+1 tiers; thresholds strictly decreasing, the last takes the rest.
		ths := g.cuts(n, bound{inf: -1}, bound{inf: 1})
		for i := range n + 1 {
			t := tier{id: fmt.Sprintf("t%d", i)}
			if i < n {
				v := ths[n-1-i]
				if g.s.intn(2) == 0 {
					t.min = v
				} else {
					t.above = v
				}
				if t.when == nil && g.s.oneIn(4) {
					t.when = g.cond(scope{}, 1)
				}
			}
			m.tiers = append(m.tiers, t)
		}
		for i := range g.s.intn(3) {
			v := veto{id: fmt.Sprintf("v%d", i), when: g.cond(scope{}, 2)}
			t := m.tiers[g.s.intn(len(m.tiers))].id
			if g.s.intn(2) == 0 {
				v.tier = t
			} else {
				v.capTier = t
			}
			m.vetoes = append(m.vetoes, v)
		}
	}
	return m
}

// weightOf reads a section weight ("" is 1, "30%" is 0.3).
func weightOf(w string) *big.Rat {
	if w == "" {
		return big.NewRat(1, 1)
	}
	if w[len(w)-1] == '%' {
		r := rat(w[:len(w)-1])
		return r.Quo(r, big.NewRat(100, 1))
	}
	return rat(w)
}

// evidence generates one subject's evidence for m: facts within their
// types (a defaulted input now and then left out), and records dated in and
// out of the period with documents present and missing.
func (g *gen) evidence() *evidence.Evidence {
	ev := &evidence.Evidence{Subject: evidence.Subject{ID: "s1", Name: "s1", Kind: "branch"}, Period: period,
		Facts: map[string]any{}, Records: map[string][]evidence.Record{}}
	for _, in := range g.m.inputs {
		if in.def != "" && g.s.oneIn(3) {
			continue
		}
		switch in.typ {
		case "int":
			ev.Facts[in.name] = json.Number(g.intValue())
		case "decimal":
			ev.Facts[in.name] = json.Number(g.decValue())
		case "bool":
			ev.Facts[in.name] = g.s.intn(2) == 1
		case "enum":
			ev.Facts[in.name] = pick(g.s, []string{"a", "b", "c"})
		}
	}
	for i := range g.s.intn(listMax + 1) {
		r := evidence.Record{ID: fmt.Sprintf("r%d", i), Date: pick(g.s, dates), Documents: []string{},
			Fields: map[string]any{
				"n":     json.Number(g.intValue()),
				"v":     json.Number(g.decValue()),
				"flag":  g.s.intn(2) == 1,
				"topic": pick(g.s, []string{"x", "y", "z"}),
			}}
		for _, d := range listDocs {
			if g.s.intn(4) != 1 {
				r.Documents = append(r.Documents, d)
			}
		}
		ev.Records[listName] = append(ev.Records[listName], r)
	}
	return ev
}

func (g *gen) intValue() string {
	switch g.s.intn(11) {
	case 6:
		return pick(g.s, []string{"100", "-100", "1000", "99", "101"})
	case 7:
		return "0"
	case 8, 9:
		return g.edgeValue(true)
	}
	return fmt.Sprint(g.s.intn(13) - 3)
}

// edgeValue returns an edge or threshold the scheme uses, sorted so that
// the choice does not depend on map order (an integer one when integer is
// set), so that a measure lands on it exactly.
func (g *gen) edgeValue(integer bool) string {
	var pool []string
	for _, e := range g.used {
		if !integer || rat(e).IsInt() {
			pool = append(pool, e)
		}
	}
	if len(pool) == 0 {
		return "1"
	}
	sort.Strings(pool)
	return pick(g.s, pool)
}

func (g *gen) decValue() string {
	switch g.s.intn(8) {
	case 6, 7:
		return g.edgeValue(false)
	case 4:
		return pick(g.s, []string{"0", "0.0", "2.9700012", "3", "100.5", "-0.01"})
	case 5:
		return fmt.Sprintf("%d.%02d", g.s.intn(20)-5, g.s.intn(100))
	}
	return fmt.Sprintf("%d.%d", g.s.intn(12)-2, g.s.intn(10))
}

// generate returns the model and evidence the bytes b describe.
func generate(b []byte, off map[string]bool) (*model, *evidence.Evidence) {
	g := &gen{s: &src{b: b}, off: off}
	m := g.scheme()
	return m, g.evidence()
}

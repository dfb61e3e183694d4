package difftest

import (
	"fmt"
	"strconv"
	"strings"
)

// The model of a generated scheme. The generator builds it, yaml prints it
// as a scheme file for scheme.Compile, and the reference evaluates the very
// same trees: the CEL text of every rule is printed from a num or a cond.

// ty is the CEL type of a number expression: int, or decimal.
type ty uint8

const (
	tInt ty = iota
	tDec
)

// num is a number expression.
type num struct {
	op   string // lit, in, field, +, -, *, /, percent, min, max
	t    ty
	text string // lit: the literal as written; in: the input; field: the record field
	a, b *num
}

func (n *num) String() string {
	switch n.op {
	case "lit":
		if strings.HasPrefix(n.text, "-") {
			return "(" + n.text + ")"
		}
		return n.text
	case "in":
		return n.text
	case "field":
		return "record." + n.text
	case "/":
		a := n.a.String()
		if n.a.t == tInt && n.b.t == tInt {
			a = "dec(" + a + ")" // two ints would be integer division, refused
		}
		return "(" + a + " / " + n.b.String() + ")"
	case "percent", "min", "max":
		return n.op + "(" + n.a.String() + ", " + n.b.String() + ")"
	}
	return "(" + n.a.String() + " " + n.op + " " + n.b.String() + ")"
}

// binary returns the node a op b with its CEL type: int only when both
// operands are ints and op keeps ints.
func binary(op string, a, b *num) *num {
	t := tDec
	if a.t == tInt && b.t == tInt && (op == "+" || op == "-" || op == "*" || op == "min" || op == "max") {
		t = tInt
	}
	return &num{op: op, t: t, a: a, b: b}
}

func lit(text string) *num {
	t := tInt
	if strings.Contains(text, ".") {
		t = tDec
	}
	return &num{op: "lit", t: t, text: text}
}

func inputRef(name string, t ty) *num { return &num{op: "in", t: t, text: name} }

// cond is a condition.
type cond struct {
	op   string // cmp, and, or, not, bool (a bool input), flag (record.flag), doc (a document attached)
	cmp  string // <, <=, >, >=, ==, !=
	a, b *num
	x, y *cond
	text string // bool: the input; doc: the document kind
}

func (c *cond) String() string {
	switch c.op {
	case "cmp":
		return c.a.String() + " " + c.cmp + " " + c.b.String()
	case "and":
		return "(" + c.x.String() + " && " + c.y.String() + ")"
	case "or":
		return "(" + c.x.String() + " || " + c.y.String() + ")"
	case "not":
		return "!(" + c.x.String() + ")"
	case "bool":
		return c.text
	case "flag":
		return "record.flag"
	case "doc":
		return "'" + c.text + "' in record.documents"
	}
	panic("difftest: unknown condition " + c.op)
}

// input is a declared input. The one list input, recs, is always declared.
type input struct {
	name string
	typ  string // int, decimal, bool, enum
	def  string // "" when required
}

// bound is one end of an interval: a literal, or an infinity (inf ±1).
type bound struct {
	inf int
	v   string
}

// interval is a band's range or a domain.
type interval struct {
	lo, hi         bound
	loIncl, hiIncl bool
}

func (iv interval) String() string {
	l, r := "(", ")"
	if iv.loIncl {
		l = "["
	}
	if iv.hiIncl {
		r = "]"
	}
	end := func(b bound) string {
		switch b.inf {
		case -1:
			return "-inf"
		case 1:
			return "+inf"
		}
		return b.v
	}
	return l + end(iv.lo) + ", " + end(iv.hi) + r
}

type band struct {
	iv     interval
	points string
}

type item struct {
	when   *cond
	points *num
}

type grade struct {
	name, points string
}

type indicator struct {
	id, kind   string
	cap, floor string // "" when absent
	outside    bool

	measure  *num // bands, steps, per_record with bands
	domain   *interval
	bands    []band
	monotone string

	every, per, from string // steps; from "" when absent

	since  string // per_record, per_occurrence: a date, "" for the period
	where  *cond
	dedupe bool // dedupe_by: record.topic
	docs   []string
	conds  []*cond
	points *num // fixed points per record

	items []item

	value *num

	gradeRule *cond // grade: gradeRule ? "a" : "b"; nil reads the enum input g
	grades    []grade
}

type section struct {
	id                           string
	weight, cap, floor, bonusCap string // "" when absent
	inds                         []*indicator
}

type tier struct {
	id, min, above string
	when           *cond
}

type veto struct {
	id            string
	when          *cond
	tier, capTier string
}

type rounding struct {
	scale int
	mode  string
}

// model is a generated scheme.
type model struct {
	arith      *rounding // arithmetic: scale and rounding of what does not terminate
	inputs     []input
	sections   []*section
	weightsSum string
	cap, floor string
	rounding   *rounding
	tiers      []tier
	vetoes     []veto
}

// The list input every scheme declares.
const (
	listName = "recs"
	listMax  = 6
)

var listDocs = []string{"d0", "d1", "d2"}

// yaml prints m as a scheme file.
func (m *model) yaml() string {
	var b strings.Builder
	q := strconv.Quote
	label := func(id string) string { return fmt.Sprintf("{zh: %s, en: %s}", q(id), q(id)) }
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("id: difftest\nversion: 1.0.0\ntitle: {zh: 差分, en: differential}\nperiod: month\n")
	if m.arith != nil {
		w("arithmetic: {scale: %d, rounding: %s}\n", m.arith.scale, m.arith.mode)
	}
	w("inputs:\n")
	for _, in := range m.inputs {
		w("  %s: {type: %s", in.name, in.typ)
		if in.typ == "enum" {
			w(", values: [a, b, c]")
		}
		if in.def != "" {
			w(", default: %s", q(in.def))
		}
		w("}\n")
	}
	w("  %s:\n    type: list\n    max: %d\n    fields: {n: int, v: decimal, flag: bool, topic: string}\n    documents:\n", listName, listMax)
	for _, d := range listDocs {
		w("      %s: {label: %s}\n", d, label(d))
	}
	opt := func(indent, key, v string) {
		if v != "" {
			w("%s%s: %s\n", indent, key, q(v))
		}
	}
	w("sections:\n")
	for _, sec := range m.sections {
		w("  - id: %s\n    label: %s\n", sec.id, label(sec.id))
		opt("    ", "weight", sec.weight)
		opt("    ", "cap", sec.cap)
		opt("    ", "floor", sec.floor)
		opt("    ", "bonus_cap", sec.bonusCap)
		w("    indicators:\n")
		for _, ind := range sec.inds {
			const in = "        "
			w("      - id: %s\n%slabel: %s\n%skind: %s\n", ind.id, in, label(ind.id), in, ind.kind)
			opt(in, "cap", ind.cap)
			opt(in, "floor", ind.floor)
			if ind.outside {
				w("%soutside_cap: true\n", in)
			}
			if ind.kind == "per_record" || ind.kind == "per_occurrence" {
				w("%srecords: %s\n", in, listName)
				if ind.since != "" {
					opt(in, "since", `date("`+ind.since+`")`)
				}
				if ind.where != nil {
					opt(in, "where", ind.where.String())
				}
				if ind.dedupe {
					opt(in, "dedupe_by", "record.topic")
				}
				if len(ind.docs) > 0 || len(ind.conds) > 0 {
					w("%sgate:\n", in)
					if len(ind.docs) > 0 {
						w("%s  documents: [%s]\n", in, strings.Join(ind.docs, ", "))
					}
					if len(ind.conds) > 0 {
						w("%s  conditions:\n", in)
						for i, c := range ind.conds {
							id := fmt.Sprintf("c%d", i)
							w("%s    - {id: %s, label: %s, when: %s}\n", in, id, label(id), q(c.String()))
						}
					}
				}
				if ind.points != nil {
					opt(in, "points", ind.points.String())
				}
			}
			if ind.measure != nil {
				opt(in, "measure", ind.measure.String())
			}
			if ind.domain != nil {
				opt(in, "domain", ind.domain.String())
			}
			opt(in, "monotone", ind.monotone)
			if len(ind.bands) > 0 {
				w("%sbands:\n", in)
				for _, bd := range ind.bands {
					w("%s  - {range: %s, points: %s}\n", in, q(bd.iv.String()), q(bd.points))
				}
			}
			if ind.kind == "steps" {
				w("%ssteps: {every: %s, points: %s", in, q(ind.every), q(ind.per))
				if ind.from != "" {
					w(", from: %s", q(ind.from))
				}
				w("}\n")
			}
			if ind.kind == "checklist" {
				w("%sitems:\n", in)
				for i, it := range ind.items {
					id := fmt.Sprintf("k%d", i)
					w("%s  - {id: %s, label: %s, when: %s, points: %s}\n", in, id, label(id), q(it.when.String()), q(it.points.String()))
				}
			}
			if ind.value != nil {
				opt(in, "value", ind.value.String())
			}
			if ind.kind == "grades" {
				if ind.gradeRule != nil {
					opt(in, "grade", ind.gradeRule.String()+` ? "a" : "b"`)
				} else {
					w("%sgrade: g\n", in)
				}
				w("%sgrades:\n", in)
				for _, g := range ind.grades {
					w("%s  %s: %s\n", in, g.name, q(g.points))
				}
			}
		}
	}
	if m.weightsSum != "" || m.cap != "" || m.floor != "" || m.rounding != nil {
		w("total:\n")
		opt("  ", "weights_sum", m.weightsSum)
		opt("  ", "cap", m.cap)
		opt("  ", "floor", m.floor)
		if r := m.rounding; r != nil {
			w("  rounding: {scale: %d, mode: %s}\n", r.scale, r.mode)
		}
	}
	if len(m.vetoes) > 0 {
		w("vetoes:\n")
		for _, v := range m.vetoes {
			w("  - id: %s\n    label: %s\n    when: %s\n", v.id, label(v.id), q(v.when.String()))
			if v.tier != "" {
				w("    tier: %s\n", v.tier)
			} else {
				w("    cap_tier: %s\n", v.capTier)
			}
		}
	}
	if len(m.tiers) > 0 {
		w("tiers:\n")
		for _, t := range m.tiers {
			w("  - id: %s\n    label: %s\n", t.id, label(t.id))
			opt("    ", "min", t.min)
			opt("    ", "above", t.above)
			if t.when != nil {
				opt("    ", "when", t.when.String())
			}
		}
	}
	return b.String()
}

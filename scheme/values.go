package scheme

import (
	"context"
	"fmt"
	"github.com/branchscore/branchscore/internal/msg"
	"strconv"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/branchscore/branchscore/internal/bound"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
)

// NamedValue is an expression computed once per subject, before any
// indicator, and read in rules by its name: an in-year denominator written
// once instead of six times. Its label names it in explanations.
type NamedValue struct {
	Name  string
	Type  ValueType // decimal, int, bool, string or date
	Label Label
	Expr  *Expr
	Pos   Pos
}

// Table is a constant table declared once (severity → points, grade →
// points), read in rules as tables.NAME[key]. A key not in the table gives
// Default, or, without one, an evaluation error naming the key.
type Table struct {
	Name    string
	Label   Label
	IntKeys bool // keys are ints; otherwise strings
	Entries []TableEntry
	Default *decimal.Decimal
	Pos     Pos
}

// TableEntry is one key of a table and its number.
type TableEntry struct {
	Key   string
	Value decimal.Decimal
}

// Values returns the named values, in the order they are computed.
func (s *Scheme) Values() []NamedValue { return s.values }

// Value returns the named value with the given name, or nil.
func (s *Scheme) Value(name string) *NamedValue {
	for i := range s.values {
		if s.values[i].Name == name {
			return &s.values[i]
		}
	}
	return nil
}

// Tables returns the constant tables.
func (s *Scheme) Tables() []Table { return s.tables }

// tablesCompile builds the tables' declarations and their constant value,
// before the rule environment is built.
func (c *compiler) tablesCompile() {
	if len(c.raw.Tables) == 0 {
		return
	}
	if c.sizes == nil {
		c.sizes = map[string]uint64{}
	}
	if in := c.input("tables"); in != nil {
		c.diags.add(in.Pos, "input \"tables\": the name is taken by the scheme's tables (tables.NAME[key]); choose another")
	}
	var fields []celdec.Field
	var vals []ref.Val
	for _, rt := range c.raw.Tables {
		ok := c.checkName(rt.KeyAt, "table", rt.Name)
		t := Table{Name: rt.Name, Label: c.label(rt.Label), IntKeys: rt.Key == "int", Pos: c.pos(rt.KeyAt)}
		what := "table " + rt.Name
		num := func(src *exprSrc, where string) (decimal.Decimal, bool) {
			text := strings.TrimSpace(src.node.Value)
			d, err := celdec.ParseDecimal(text)
			if err != nil {
				c.errorf(src.node, "%s: %s: want a number written out (e.g. 3 or -0.5), got %q", what, where, text)
				return d, false
			}
			return d, true
		}
		if rt.Default != nil && rt.Default.node != nil {
			if d, ok := num(rt.Default, "default"); ok {
				t.Default = &d
			}
		}
		if len(rt.Entries) == 0 && rt.At != nil {
			c.errorf(keyNode(rt.At, "entries"), "%s has no entries", what)
		}
		m := map[ref.Val]ref.Val{}
		for _, re := range rt.Entries {
			d, okv := num(&re.Value, "entry "+re.Name)
			var key ref.Val = types.String(re.Name)
			if t.IntKeys {
				n, err := strconv.ParseInt(re.Name, 10, 64)
				if err != nil {
					c.errorf(re.KeyAt, "%s: key %q: the table's keys are ints", what, re.Name)
					continue
				}
				key = types.Int(n)
			}
			if okv {
				t.Entries = append(t.Entries, TableEntry{Key: re.Name, Value: d})
				m[key] = celdec.New(d)
			}
		}
		c.s.tables = append(c.s.tables, t)
		if !ok {
			continue
		}
		kt := types.StringType
		if t.IntKeys {
			kt = types.IntType
		}
		fields = append(fields, celdec.Field{Name: t.Name, Type: types.NewMapType(kt, celdec.Type)})
		tm := &tableMap{Mapper: types.NewRefValMap(types.DefaultTypeAdapter, m).(traits.Mapper), name: t.Name}
		if t.Default != nil {
			tm.def = celdec.New(*t.Default)
		}
		vals = append(vals, tm)
		c.sizes["tables."+t.Name] = uint64(len(m))
	}
	c.tablesDecl = celdec.NewObjectDecl("tables", fields)
	c.s.tablesObj = c.tablesDecl.NewObject(vals)
}

// tableMap is a table's value in rules: a map whose missing key gives the
// table's default or an error naming the key.
type tableMap struct {
	traits.Mapper
	name string
	def  ref.Val
}

func (m *tableMap) Find(key ref.Val) (ref.Val, bool) {
	if v, ok := m.Mapper.Find(key); ok {
		return v, true
	}
	if m.def != nil {
		return m.def, true
	}
	return types.NewErr("table %s has no entry %s and no default", m.name, keyText(key)), false
}

func (m *tableMap) Get(key ref.Val) ref.Val {
	v, _ := m.Find(key)
	return v
}

func keyText(k ref.Val) string {
	if s, ok := k.(types.String); ok {
		return strconv.Quote(string(s))
	}
	return fmt.Sprint(k.Value())
}

// valuesCompile compiles the named values in order, each in an environment
// holding those before it, and adds them to the rule environment.
func (c *compiler) valuesCompile() {
	for _, rv := range c.raw.Values {
		ok := c.checkName(rv.KeyAt, "value", rv.Name)
		switch {
		case !ok:
		case reservedVars[rv.Name] || (rv.Name == "tables" && len(c.raw.Tables) > 0):
			c.errorf(rv.KeyAt, "value %q: the name is taken by the rule variable %s", rv.Name, rv.Name)
			ok = false
		case c.input(rv.Name) != nil:
			c.errorf(rv.KeyAt, "value %q: an input has that name", rv.Name)
			ok = false
		}
		what := "value " + rv.Name
		t := ValueType(rv.Type)
		want := map[ValueType]ResultType{DecimalType: NumberResult, IntType: NumberResult, BoolType: BoolResult,
			StringType: StringResult, DateType: DateResult}[t]
		nv := NamedValue{Name: rv.Name, Type: t, Label: c.label(rv.Label), Pos: c.pos(rv.KeyAt)}
		if want == 0 {
			c.s.values = append(c.s.values, nv)
			continue // the decoder reported the type
		}
		nv.Expr = c.expr(&rv.Value, c.env, want, what)
		if x := nv.Expr; x != nil && x.prg != nil && t == IntType && !x.isInt {
			c.diags.add(x.Pos, "%s: declared int, but the expression gives a decimal; declare it decimal, or round it (round_half_up(x, 0)) and convert", what)
		}
		c.s.values = append(c.s.values, nv)
		if !ok {
			continue
		}
		env, err := c.env.Extend(cel.Variable(rv.Name, celTypeOf(t)))
		if err != nil {
			c.diags.add(nv.Pos, "internal: %v", err)
			continue
		}
		c.env = env
		c.dynamic[rv.Name], c.readable[rv.Name] = true, true
		if t == StringType {
			c.sizes[rv.Name] = maxStringLen
		}
	}
}

// EvalValue computes the i-th named value for the binding, given those
// before it, sets it in b and returns it as text for the audit.
func (b *binding) EvalValue(ctx context.Context, i int) (string, error) {
	nv := &b.s.values[i]
	if nv.Expr == nil {
		return "", bound.ErrNoProgram
	}
	v, err := b.Eval(ctx, nv.Expr, nil)
	if err != nil {
		return "", err
	}
	if n, ok := v.(types.Int); ok && nv.Type == DecimalType {
		v = celdec.FromInt(int64(n))
	}
	if sv, ok := v.(types.String); ok && len(sv) > maxStringLen {
		return "", msg.Errorf("value %s: text of %d bytes; at most %d", nv.Name, len(sv), maxStringLen)
	}
	b.slots[b.s.layout.values+i].val = v
	return bound.ValueText(v), nil
}

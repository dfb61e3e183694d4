package scheme

import (
	"errors"
	"fmt"
	"github.com/branchscore/branchscore/internal/msg"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/internal/hostvalue"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// This file holds the compile-time side of the field's remaining rule
// patterns (issue 15, items 2–5, 12 and 14): input constraints, lists of
// plain values and records without ids or dates, required parameters,
// subjects not assessed at all, items made of several rules and full
// marks, discretionary deductions, and vetoes that act on points.

// Bounds are the values evidence may give a decimal or int input, a record
// field, or each value of a list of them: at least Min, at most Max, and,
// when Scaled, at most Scale digits after the point. A value outside them
// is refused when evidence is bound, with its path.
type Bounds struct {
	Min, Max *decimal.Decimal
	Scale    int32
	Scaled   bool
}

// check reports v outside the bounds.
func (b Bounds) check(v ref.Val) error {
	var x celdec.Decimal // compared in machine words when it fits
	switch t := v.(type) {
	case types.Int:
		x = celdec.FromInt(int64(t))
	case celdec.Decimal:
		x = t
	default:
		return nil
	}
	switch {
	case b.Min != nil && celdec.Cmp(x, celdec.New(*b.Min)) < 0:
		return msg.Errorf("%s is below the minimum %s", x, b.Min)
	case b.Max != nil && celdec.Cmp(x, celdec.New(*b.Max)) > 0:
		return msg.Errorf("%s is above the maximum %s", x, b.Max)
	case b.Scaled:
		if d, _ := x.AsDecimal(); -d.Exponent() > b.Scale && !d.Equal(d.Truncate(b.Scale)) {
			return msg.Errorf("%s has more than %d digits after the point", d, b.Scale)
		}
	}
	return nil
}

func (b Bounds) set() bool { return b.Min != nil || b.Max != nil || b.Scaled }

// bounds reads min, max and scale written on a declaration of type t.
func (c *compiler) bounds(at *yaml.Node, what string, t ValueType, min, max string, scale *int) Bounds {
	var b Bounds
	for _, x := range []struct {
		key, text string
		dst       **decimal.Decimal
	}{{"min", min, &b.Min}, {"max", max, &b.Max}} {
		if x.text == "" {
			continue
		}
		if t != DecimalType && t != IntType {
			c.errorf(keyNode(at, x.key), "%s: %s applies only to decimal and int values", what, x.key)
			continue
		}
		v, err := celdec.ParseDecimal(strings.TrimSpace(x.text))
		if err != nil {
			c.errorf(resolveValue(at, x.key), "%s: %s: want a number written out, got %q", what, x.key, x.text)
			continue
		}
		*x.dst = &v
	}
	if b.Min != nil && b.Max != nil && b.Min.GreaterThan(*b.Max) {
		c.errorf(resolveValue(at, "max"), "%s: max %s is below min %s", what, b.Max, b.Min)
	}
	if scale != nil {
		switch {
		case t != DecimalType:
			c.errorf(keyNode(at, "scale"), "%s: scale applies only to decimal values", what)
		case *scale < 0 || *scale > 18:
			c.errorf(resolveValue(at, "scale"), "%s: scale %d: want 0 to 18", what, *scale)
		default:
			b.Scale, b.Scaled = int32(*scale), true
		}
	}
	return b
}

// inputShape reads what depends on an input's type: a list's max (a count
// of records or values), plain values (of), records without ids or dates,
// and the bounds of a number.
func (c *compiler) inputShape(ri rawInput, in *Input) {
	what := "input " + ri.Name
	if in.Type != ListType {
		for key, set := range map[string]bool{"of": ri.Of != nil, "anonymous": ri.Anonymous, "undated": ri.Undated} {
			if set {
				c.errorf(keyNode(ri.At, key), "%s: %s applies only to lists", what, key)
			}
		}
		in.Bounds = c.bounds(ri.At, what, in.Type, ri.Min, ri.Max, ri.Scale)
		if hasKey(ri.At, "default") && in.Bounds.set() && ri.Default != "" {
			if d, err := celdec.ParseDecimal(strings.TrimSpace(ri.Default)); err == nil {
				if err := in.Bounds.check(celdec.New(d)); err != nil {
					c.errorf(resolveValue(ri.At, "default"), "%s: default: %v", what, err)
				}
			}
		}
		return
	}
	switch n, err := strconv.Atoi(strings.TrimSpace(ri.Max)); {
	case ri.Max == "":
		c.errorf(keyNode(ri.At, "type"), "%s: a list needs max, the most records it may hold (the cost check needs it)", what)
	case err != nil || n <= 0:
		c.errorf(resolveValue(ri.At, "max"), "%s: a list's max is the most records or values it may hold: want a whole number above 0, got %q", what, ri.Max)
	default:
		in.Max = n
	}
	if ri.Min != "" || ri.Scale != nil {
		key := "min"
		if ri.Min == "" {
			key = "scale"
		}
		c.errorf(keyNode(ri.At, key), "%s: %s applies to numbers; a list bounds its values (of: {type: decimal, min: …}) or its records' fields (fields: {NAME: {type: decimal, min: …}})", what, key)
	}
	if of := ri.Of; of != nil {
		in.Of, in.Values = ValueType(of.Type), of.Values
		for key, set := range map[string]bool{"fields": len(ri.Fields) > 0, "documents": len(ri.Documents) > 0,
			"anonymous": ri.Anonymous, "undated": ri.Undated} {
			if set {
				c.errorf(keyNode(ri.At, key), "%s: a list of plain values (of: %s) has no %s; declare records (fields) instead", what, of.Type, key)
			}
		}
		if of.Optional {
			c.errorf(keyNode(of.At, "optional"), "%s: of: a list's values are never absent; leave optional out", what)
		}
		if in.Of == EnumType && len(in.Values) == 0 {
			c.errorf(keyNode(of.At, "type"), "%s: of: an enum needs values", what)
		}
		in.Bounds = c.bounds(of.At, what+": of", in.Of, of.Min, of.Max, of.Scale)
	}
}

// ErrParamRequired is wrapped by the error of an evaluation under a scheme
// whose required parameter (required: true) the host has not supplied.
var ErrParamRequired = errors.New("a required parameter is not supplied")

// MissingParams lists the required parameters without a value, sorted.
func (s *Scheme) MissingParams() []string {
	var out []string
	for _, p := range s.params {
		if _, ok := s.paramVals[p.Name]; p.Required && !ok {
			out = append(out, p.Name)
		}
	}
	sort.Strings(out)
	return out
}

// checkParams returns an error wrapping ErrParamRequired that names every
// required parameter the host has not supplied (Scheme.WithParams), or nil.
func (s *Scheme) checkParams() error {
	missing := s.MissingParams()
	if len(missing) == 0 {
		return nil
	}
	var parts []string
	for _, name := range missing {
		p := s.param(name)
		parts = append(parts, fmt.Sprintf("%s (%s)", name, p.Label.Zh))
	}
	return msg.Errorf("%w: %s; the scheme leaves it open, so the host supplies it (Options.Params, or --param %s=VALUE)",
		ErrParamRequired, strings.Join(parts, ", "), missing[0])
}

// readsMissing reports whether e reads a required parameter that has no
// value: it is not folded, and what depends on it is checked once the host
// supplies one.
func (s *Scheme) readsMissing(e *Expr) bool {
	for _, r := range e.reads {
		if name, ok := strings.CutPrefix(r, "params."); ok {
			if p := s.param(name); p != nil && p.Required {
				if _, set := s.paramVals[name]; !set {
					return true
				}
			}
		}
	}
	return false
}

// zeroValue is what a required parameter without a value holds in rules
// (never read: evaluation refuses first).
func zeroValue(t ValueType) ref.Val {
	switch t {
	case DecimalType:
		return celdec.New(decimal.Zero)
	case IntType:
		return types.Int(0)
	case BoolType:
		return types.False
	}
	return types.String("")
}

// SubjectExempt says which subjects are not assessed at all (retired or
// mobile members): their result has no total and no tier, and says why.
type SubjectExempt struct {
	Categories []string
	When       *Expr
	Reason     Label
	Pos        Pos
}

// Exempt returns which subjects the scheme does not assess, or nil.
func (s *Scheme) Exempt() *SubjectExempt { return s.exempt }

func (c *compiler) subjectExempt() {
	r := c.raw.Exempt
	if r == nil {
		return
	}
	if len(r.Categories) == 0 && r.When == nil {
		c.errorf(keyNode(c.raw.At, "exempt"), "exempt: give categories or when (which subjects are not assessed)")
	}
	c.s.exempt = &SubjectExempt{Categories: r.Categories, Reason: c.label(r.Reason), Pos: c.pos(r.At),
		When: c.expr(r.When, c.env, BoolResult, "exempt: when")}
}

// indicatorExtras compiles full marks, a rules indicator's sub-rules and
// discretionary deductions; sub reports each sub-rule compiled, so that
// its id is checked unique with the others.
func (c *compiler) indicatorExtras(ri *rawIndicator, ind *Indicator, sub func(*rawIndicator) *Indicator) {
	what := "indicator " + ind.ID
	ind.Full = c.expr(ri.Full, c.env, NumberResult, what+": full")
	c.requireStatic(ind.Full, what+": full")
	if d := ri.Discretionary; d != nil && ind.Discretionary != nil {
		ind.Discretionary.Deduct = d.Deduct
	}
	if ind.Kind == Rules {
		for k := range ri.Rules {
			r := &ri.Rules[k]
			if Kind(r.Kind) == Rules {
				c.errorf(resolveValue(r.At, "kind"), "%s: rule %s: a rule of an item is not itself made of rules; list its rules in the item", what, r.ID)
				continue
			}
			for _, key := range []string{"pool", "applies_to", "exempt", "outside_cap"} {
				if hasKey(r.At, key) {
					c.errorf(keyNode(r.At, key), "%s: rule %s: %s applies to the whole item; write it on %s", what, r.ID, key, ind.ID)
				}
			}
			p := sub(r)
			p.Parent = ind.ID
			ind.Rules = append(ind.Rules, p)
		}
	}
	// Full marks take deductions: a constant positive deduction is a sign
	// mistake (满分15分，…扣5分 is points: -5).
	if ind.Full != nil {
		for _, p := range append([]*Indicator{ind}, ind.Rules...) {
			if p.Points != nil && p.Points.static && (p.Kind == PerOccurrence) {
				if v, ok := c.constNow(p.Points); ok && v.Sign() > 0 {
					c.diags.add(p.Points.Pos, "indicator %s: points %s is added to full marks %s, which it cannot exceed; a deduction is negative (points: -%s), or the discretionary range takes deduct: true",
						p.ID, v, ind.Full.Text, v)
				}
			}
		}
	}
}

// constNow folds a static expression under the defaults, for a check made
// while compiling (before fold).
func (c *compiler) constNow(e *Expr) (Exact, bool) {
	if e == nil || e.prg == nil || !e.static || len(e.reads) > 0 {
		return Exact{}, false
	}
	v, _, err := e.prg.Eval(map[string]any{})
	if err != nil {
		return Exact{}, false
	}
	return exactOf(v)
}

// vetoZero checks what a veto sets to 0: the total, a section or an
// indicator.
func (c *compiler) vetoZero(rv *rawVeto) {
	if rv.Zero == "" || rv.Zero == "total" {
		return
	}
	if c.s.Section(rv.Zero) != nil || c.s.Indicator(rv.Zero) != nil {
		if ind := c.s.Indicator(rv.Zero); ind != nil && ind.Parent != "" {
			c.errorf(resolveValue(rv.At, "zero"), "veto %s: %s is a rule of item %s; zero the item", rv.ID, rv.Zero, ind.Parent)
		}
		return
	}
	var names []string
	for _, sec := range c.s.sections {
		names = append(names, sec.ID)
	}
	names = append(names, c.s.indicatorIDs()...)
	c.errorf(resolveValue(rv.At, "zero"), "veto %s: zero: no section or indicator %q; write total, a section's id or an indicator's id%s", rv.ID, rv.Zero, didYouMean(rv.Zero, names))
}

// withRules lists indicators each followed by its sub-rules.
func withRules(inds []*Indicator) []*Indicator {
	out := make([]*Indicator, 0, len(inds))
	for _, ind := range inds {
		out = append(out, ind)
		out = append(out, ind.Rules...)
	}
	return out
}

// convertValues checks a list of plain values given in facts: a JSON array
// (or a host's slice) of at most in.Max values of type in.Of, each within
// the bounds (an enum's values from shared, as convertIn). A list left
// out is empty.
func convertValues(raw any, in *Input, shared []ref.Val) (ref.Val, []Problem) {
	path := "facts." + in.Name
	var items []any
	switch x := raw.(type) {
	case nil:
	case []any:
		items = x
	default:
		rv := reflect.ValueOf(raw)
		if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
			return nil, []Problem{problem(path, "want a list of %s values, got %s", in.Of, hostvalue.Describe(raw))}
		}
		if rv.Len() <= in.Max {
			items = make([]any, rv.Len())
			for i := range items {
				items[i] = rv.Index(i).Interface()
			}
		}
	}
	if n := reflect.ValueOf(raw); raw != nil && (n.Kind() == reflect.Slice || n.Kind() == reflect.Array) && n.Len() > in.Max {
		return nil, []Problem{problem(path, "%d values; the scheme allows at most %d", n.Len(), in.Max)}
	}
	var probs []Problem
	vals := make([]ref.Val, 0, len(items))
	for i, it := range items {
		v, err := convertIn(it, in.Of, in.Values, shared)
		if err == nil {
			err = in.Bounds.check(v)
		}
		if err != nil {
			probs = append(probs, problem(fmt.Sprintf("%s[%d]", path, i), "%v", err))
			continue
		}
		vals = append(vals, v)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return types.NewRefValList(types.DefaultTypeAdapter, vals), nil
}

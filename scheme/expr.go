package scheme

import (
	celast "cel.dev/cel-go/common/ast"
	"fmt"
	"reflect"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"github.com/branchscore/branchscore/internal/celdec"
	"go.yaml.in/yaml/v3"
)

func reflectValue(p any) reflect.Value { return reflect.ValueOf(p).Elem() }

// expr compiles the expression written in src (nil: absent) in env.
func (c *compiler) expr(src *exprSrc, env *cel.Env, want ResultType, what string) *Expr {
	if src == nil || src.node == nil {
		return nil
	}
	return c.exprAt(src.node, src.node.Value, 0, env, want, what)
}

// exprAt compiles text, which starts at rune offset base of n's value.
func (c *compiler) exprAt(n *yaml.Node, text string, base int, env *cel.Env, want ResultType, what string) *Expr {
	lead := len([]rune(text)) - len([]rune(strings.TrimLeft(text, " \t\n")))
	base += lead
	text = strings.TrimSpace(text)
	e := &Expr{Text: text, Pos: c.src.valuePos(n, base), want: want, index: len(c.s.exprs)}
	c.s.exprs = append(c.s.exprs, e)
	if text == "" {
		c.diags.add(e.Pos, "%s: empty expression", what)
		return e
	}
	if strings.HasSuffix(text, "%") && want == NumberResult {
		e.percent = true
		text = strings.TrimSpace(strings.TrimSuffix(text, "%"))
		e.Text = text
	}
	runes := []rune(text)
	at := func(off int32) Pos {
		// CEL places a field selection at its '.': point at the name.
		if int(off) < len(runes)-1 && runes[off] == '.' {
			off++
		}
		return c.src.valuePos(n, base+int(off))
	}
	a, issues := celdec.Compile(env, text)
	for _, is := range issues {
		c.diags.add(at(is.Offset), "%s: %s%s", what, is.Message, c.hint(is.Message))
	}
	if a == nil {
		return e
	}
	native := a.NativeRep()
	t := native.GetType(native.Expr().ID())
	e.isInt = t.Kind() == types.IntKind
	if !resultMatches(want, t) {
		c.diags.add(e.Pos, "%s: want %s, got %s", what, want, typeName(t))
		return e
	}
	if c.s.arith == nil {
		if off, ok := findDivision(a); ok {
			c.diags.add(at(off), "%s: dividing needs arithmetic: {scale: N, rounding: half_up|half_even|…} declared in the scheme", what)
			return e
		}
	}
	est, err := env.EstimateCost(a, &sizeEstimator{sizes: c.sizes})
	if err != nil {
		c.diags.add(e.Pos, "%s: cost estimate failed: %v", what, err)
		return e
	}
	if est.Max > c.s.costLimit {
		c.diags.add(e.Pos, "%s: worst-case cost %s exceeds the limit %d (lists are counted at their declared max)", what, costText(est.Max), c.s.costLimit)
		return e
	}
	e.reads = celdec.Reads(native, c.readable)
	e.loops = len(celast.MatchDescendants(celast.NavigateAST(native), celast.KindMatcher(celast.ComprehensionKind))) > 0
	e.static = true
	for _, r := range native.ReferenceMap() {
		if r.Name != "" && c.dynamic[r.Name] {
			e.static = false
		}
	}
	// The static estimate above bounds every expression. A comprehension
	// is also bounded at run time (cost limit, interrupt on ctx): its
	// estimate rests on the declared list sizes. A straight-line
	// expression's cost is its size, so it runs without the tracker, which
	// would cost about a tenth of an evaluation.
	var popts []cel.ProgramOption
	if e.loops {
		popts = append(popts, cel.CostLimit(c.s.costLimit*4), cel.InterruptCheckFrequency(100))
	}
	prg, err := env.Program(a, popts...)
	if err != nil {
		c.diags.add(e.Pos, "%s: %v", what, err)
		return e
	}
	e.prg = prg
	return e
}

// resultMatches reports whether a prepared expression of type t yields what
// want asks for.
func resultMatches(want ResultType, t *types.Type) bool {
	switch want {
	case NumberResult:
		return t.Kind() == types.IntKind || celdec.ResultIsDecimal(t)
	case BoolResult:
		return t.Kind() == types.BoolKind
	case StringResult:
		return t.Kind() == types.StringKind
	case DateResult:
		return t.Kind() == types.TimestampKind
	}
	return false
}

func costText(n uint64) string {
	if n == ^uint64(0) {
		return "unbounded"
	}
	return fmt.Sprint(n)
}

func typeName(t *types.Type) string {
	if t.Kind() == types.DynKind {
		return "a value of unknown type (dyn)"
	}
	return t.String()
}

// hint adds "did you mean" to CEL's complaints about unknown names.
func (c *compiler) hint(msg string) string {
	// CEL suggests for undeclared references itself.
	var name string
	if i := strings.Index(msg, "undefined field '"); i >= 0 {
		name = strings.TrimSuffix(msg[i+len("undefined field '"):], "'")
		var cands []string
		for _, p := range c.s.params {
			cands = append(cands, p.Name)
		}
		for _, in := range c.s.inputs {
			for _, f := range in.Fields {
				cands = append(cands, f.Name)
			}
		}
		cands = append(cands, "id", "date", "documents", "name", "kind", "category", "start", "end")
		return didYouMean(name, cands)
	}
	return ""
}

// findDivision returns the offset of the first division in a.
func findDivision(a *cel.Ast) (int32, bool) {
	native := a.NativeRep()
	for id, r := range native.ReferenceMap() {
		for _, o := range r.OverloadIDs {
			if strings.HasPrefix(o, "divide_") || strings.HasPrefix(o, "percent_") || strings.HasPrefix(o, "div_") || o == "decimal_div" {
				if rng, ok := native.SourceInfo().GetOffsetRange(id); ok {
					return rng.Start, true
				}
				return 0, true
			}
		}
	}
	return 0, false
}

// sizeEstimator gives the cost estimator the declared list lengths.
type sizeEstimator struct {
	sizes map[string]uint64
}

func (s *sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	if p := n.Path(); len(p) > 0 {
		if size, ok := s.sizes[strings.Join(p, ".")]; ok {
			return &cost.SizeEstimate{Min: 0, Max: size}
		}
	}
	return nil
}

func (s *sizeEstimator) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	return nil
}

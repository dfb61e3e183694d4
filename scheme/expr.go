package scheme

import (
	celast "cel.dev/cel-go/common/ast"
	"fmt"
	"reflect"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/internal/msg"
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
	e.at = e.Pos.String()
	c.s.exprs = append(c.s.exprs, e)
	if text == "" {
		c.diags.add(e.Pos, "%s: empty expression", what)
		return e
	}
	e.percent = isPercentLiteral(text)
	runes := []rune(text)
	at := func(off int32) Pos {
		// CEL places a field selection at its '.': point at the name.
		if int(off) < len(runes)-1 && runes[off] == '.' {
			off++
		}
		return c.src.valuePos(n, base+int(off))
	}
	if k, ok := c.compiled[exprKey{env, text}]; ok {
		// The same text in the same environment: the same program. Only
		// what the place asks for (want) may differ.
		if !resultMatches(want, k.t) {
			c.diags.add(e.Pos, "%s: want %s, got %s", what, want, typeName(k.t))
			return e
		}
		e.isInt, e.cost, e.reads, e.loops, e.static, e.prg, e.tracked = k.isInt, k.cost, k.reads, k.loops, k.static, k.prg, k.tracked
		e.field, e.test = k.field, k.test
		return e
	}
	a, issues := c.parser.Compile(env, text)
	for _, is := range issues {
		c.diags.add(at(is.Offset), "%s: %s%s", what, is.Text, c.hint(is.Message()))
	}
	if a == nil {
		return e
	}
	if off, hint, ok := zeroBased(a); ok {
		c.diags.add(at(off), "%s: %s", what, hint)
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
	sizer := &sizeEstimator{sizes: c.sizes}
	est, err := env.EstimateCost(a, sizer)
	if err != nil {
		c.diags.add(e.Pos, "%s: cost estimate failed: %v", what, err)
		return e
	}
	if est.Max == ^uint64(0) {
		c.diags.add(e.Pos, "%s: worst-case cost is unbounded: it depends on %s", what, sizer.unbounded(text, a))
		return e
	}
	if est.Max > c.s.costLimit {
		c.diags.add(e.Pos, "%s: worst-case cost %s exceeds the limit %d (lists are counted at their declared max)", what, costText(est.Max), c.s.costLimit)
		return e
	}
	e.cost = est.Max
	e.reads = celdec.Reads(native, c.readable)
	e.loops = celdec.HasLoop(native)
	e.field = recordField(native.Expr())
	e.test = recordTestOf(native)
	e.static = true
	for _, r := range native.ReferenceMap() {
		if r.Name != "" && c.dynamic[r.Name] {
			e.static = false
		}
	}
	// The static estimate above bounds every expression's cost at run
	// time, as long as the evidence is within the sizes it counts on
	// (lists at their declared max, strings at maxStringLen, a record's
	// documents at the kinds its list declares): binding refuses longer
	// lists and strings. So an expression runs without CEL's cost tracker,
	// which allocates on every call it counts (about 60% of the
	// allocations of an evaluation full of comprehensions): the tracker
	// would stop nothing the estimate has not already bounded. A
	// comprehension still checks the context every 100 iterations, so
	// that a cancelled evaluation stops. A comprehension runs tracked,
	// with its limit at four times the cost limit, for the one thing
	// binding does not refuse: a record that lists a document more than
	// once (binding.oversized); that program is built when first needed.
	// Constant lists ([0, 1, 2, …, 11].all(m, …)) are built once, with the
	// program (OptOptimize), and a pattern (always a literal) is compiled
	// once too.
	popts := []cel.ProgramOption{cel.OptimizeRegex(interpreter.MatchesRegexOptimization), cel.EvalOptions(cel.OptOptimize)}
	if e.loops {
		popts = append(popts, cel.InterruptCheckFrequency(interruptEvery))
		e.tracked = &trackedProgram{env: env, ast: a, opts: append(popts[:len(popts):len(popts)], cel.CostLimit(c.s.costLimit*4))}
	}
	prg, err := env.Program(a, popts...)
	if err != nil {
		c.diags.add(e.Pos, "%s: %v", what, err)
		return e
	}
	e.prg = prg
	if c.compiled == nil {
		c.compiled = map[exprKey]*compiledExpr{}
	}
	c.compiled[exprKey{env, text}] = &compiledExpr{t: t, isInt: e.isInt, cost: e.cost, reads: e.reads,
		loops: e.loops, static: e.static, prg: prg, tracked: e.tracked, field: e.field, test: e.test}
	return e
}

// exprKey names an expression text compiled in an environment. Everything
// compiling it depends on besides the two (the sizes the cost estimate
// reads, which names are dynamic or readable, the arithmetic and the cost
// limit) is fixed while the environment is: valuesCompile changes sizes,
// dynamic and readable only as it replaces c.env.
type exprKey struct {
	env  *cel.Env
	text string
}

// compiledExpr is what compiling an expression text that passed every
// check gives, shared by each place that writes the same text (a scheme
// repeats "1", "params.full" or the same filter often): the program is
// safe for concurrent use, and reads is never modified.
type compiledExpr struct {
	t       *types.Type
	isInt   bool
	cost    uint64
	reads   []string
	loops   bool
	static  bool
	prg     cel.Program
	tracked *trackedProgram
	field   string
	test    *recordTest
}

// recordField returns FIELD when x is only record.FIELD (not has()), and
// "" otherwise.
func recordField(x celast.Expr) string {
	if x.Kind() != celast.SelectKind {
		return ""
	}
	sel := x.AsSelect()
	if sel.IsTestOnly() {
		return ""
	}
	if op := sel.Operand(); op.Kind() == celast.IdentKind && op.AsIdent() == "record" {
		return sel.FieldName()
	}
	return ""
}

// interruptEvery is how many iterations of a comprehension run between two
// checks of the context.
const interruptEvery = 100

// sourceText returns the operand of src that CEL places at off: a call
// (placed at its '(') with its name and arguments, or a name.
func sourceText(src []rune, off int) string {
	if off < 0 || off >= len(src) {
		return ""
	}
	start, end := off, off
	if src[off] == '(' {
		for start > 0 && (isNameRune(src[start-1]) || src[start-1] == '.') {
			start--
		}
		depth := 0
		for end = off; end < len(src); end++ {
			if src[end] == '(' {
				depth++
			}
			if src[end] == ')' {
				if depth--; depth == 0 {
					end++
					break
				}
			}
		}
	} else {
		for end < len(src) && (isNameRune(src[end]) || src[end] == '.') {
			end++
		}
	}
	return strings.TrimSpace(string(src[start:min(end, len(src))]))
}

func isNameRune(r rune) bool {
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

// isPercentLiteral reports text that is one percentage literal, e.g. 30%.
func isPercentLiteral(text string) bool {
	n, ok := strings.CutSuffix(text, "%")
	if !ok {
		return false
	}
	_, err := celdec.ParseDecimal(n)
	return err == nil && !strings.HasPrefix(n, "-") && !strings.HasPrefix(n, "+")
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
	case KeyResult:
		switch t.Kind() {
		case types.IntKind, types.StringKind, types.BoolKind, types.TimestampKind:
			return true
		}
		return celdec.ResultIsDecimal(t)
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
func (c *compiler) hint(issue string) msg.Text {
	// CEL suggests for undeclared references itself.
	var name string
	if i := strings.Index(issue, "undefined field '"); i >= 0 {
		name = strings.TrimSuffix(issue[i+len("undefined field '"):], "'")
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
		for _, sec := range c.raw.Sections {
			for _, ri := range sec.Indicators {
				cands = append(cands, ri.ID) // runs.ID in a veto
			}
		}
		return didYouMean(name, cands)
	}
	if strings.Contains(issue, "undeclared reference to 'runs'") && c.runsDecl != nil {
		return msg.New("; runs (how many periods in a row an indicator lost points) is read only in a veto's when")
	}
	return msg.Text{}
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

// sizeEstimator gives the cost estimator the declared list lengths and
// string limits, and remembers what it was asked about and could not size,
// to say what makes a cost unbounded.
type sizeEstimator struct {
	sizes   map[string]uint64
	unknown []cost.AstNode
	key     []byte // the path being looked up, joined with '.'
}

// decimalSize is the size the estimator gives a decimal: comparing or
// hashing one costs about as much as an int, whatever its digits.
var decimalSize = cost.SizeEstimate{Min: 1, Max: 1}

func (s *sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	if p := n.Path(); len(p) > 0 {
		s.key = s.key[:0]
		for i, part := range p {
			if i > 0 {
				s.key = append(s.key, '.')
			}
			s.key = append(s.key, part...)
		}
		if size, ok := s.sizes[string(s.key)]; ok { // no copy made for the lookup
			return &cost.SizeEstimate{Min: 0, Max: size}
		}
	}
	if t := n.Type(); t != nil && t.IsExactType(celdec.Type) {
		return &decimalSize
	}
	if t := n.Type(); t != nil {
		switch t.Kind() {
		case types.StringKind, types.BytesKind, types.ListKind, types.MapKind, types.DynKind:
			s.unknown = append(s.unknown, n)
		}
	}
	return nil
}

// EstimateCallCost prices matches() by the pattern's compiled program
// rather than its length: matching takes time in proportion to the text
// times the program's instructions, and a short pattern ("[^x]{400}") can
// have many. A unit of cost is a character of text per instruction: one
// step of the matcher, about as long as the engine's other units
// (measured by internal/stress: 10–15 ns).
func (s *sizeEstimator) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	if function != overloads.Matches {
		return nil
	}
	var text, pattern cost.AstNode
	switch {
	case overloadID == overloads.MatchesString && target != nil && len(args) == 1:
		text, pattern = *target, args[0]
	case overloadID == overloads.Matches && len(args) == 2:
		text, pattern = args[0], args[1]
	default:
		return nil
	}
	lit, ok := pattern.Expr().AsLiteral().(types.String)
	if pattern.Expr().Kind() != celast.LiteralKind || !ok {
		return nil // refused when the expression was prepared
	}
	insts, err := celdec.RegexProgramSize(string(lit))
	if err != nil {
		return nil
	}
	size := cost.EstimateSize(s, text)
	if size.Max == ^uint64(0) {
		return nil // the default estimate says unbounded, and why
	}
	per := cost.CostEstimate{Min: 1, Max: size.Max + 1}
	prog := cost.CostEstimate{Min: 1, Max: uint64(max(insts, 1))}
	hi := ^uint64(0)
	if prog.Max == 0 || per.Max <= hi/prog.Max {
		hi = per.Max * prog.Max
	}
	return cost.NewCallEstimate(cost.CostEstimate{Min: 1, Max: hi}, nil)
}

// unbounded names what the estimator could not size, for a cost reported
// unbounded: "subject.name".
func (s *sizeEstimator) unbounded(text string, a *cel.Ast) msg.Text {
	runes := []rune(text)
	seen := map[string]bool{}
	var names []string
	for _, n := range s.unknown {
		name := strings.Join(n.Path(), ".")
		if name == "" {
			if r, ok := a.NativeRep().SourceInfo().GetOffsetRange(n.Expr().ID()); ok {
				name = sourceText(runes, int(r.Start))
			}
		}
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		names = append(names, name)
	}
	if len(names) == 0 {
		return msg.New("a value whose size nothing bounds")
	}
	return msg.New("the size of %s, which nothing bounds", strings.Join(names, ", "))
}

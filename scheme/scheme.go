// Package scheme compiles scheme files: YAML documents whose indicators,
// bands, caps, weights, vetoes and tiers encode an assessment document, with
// every number an exact decimal and every rule a CEL expression.
//
// Package scheme is the scheme language and its compiler; package schemes
// (plural) is the collection of built-in scheme files written in it,
// embedded and loaded by id. For hosts, which compile a scheme here (or
// load one from schemes) and hand it to package engine; and, through the
// branchscore command's check, for clerks writing scheme files, whose
// reference is docs/scheme-language.md. Read first: Compile and Scheme.
//
// The entry point is Compile (or CompileFile). It parses the file keeping
// every position, checks every expression against the declared inputs and
// parameters, folds what is constant and checks the structure (weights that
// must sum, bands that overlap or leave a gap, tiers out of order, caps below
// floors). All problems come back at once as Diagnostics, one
// "file:line:col: message" each, sorted.
//
// A scheme file is untrusted input, and Compile bounds the work it does on
// one. The file may be at most MaxFileSize bytes (1 MiB) and must be valid
// UTF-8 holding exactly one YAML document. Before anything else reads it,
// one walk over the parsed tree, visiting each node once, refuses anchors,
// aliases and merge keys (an alias stands for its anchor's whole tree, so
// a few bytes can expand to gigabytes), nesting deeper than MaxDepth (32)
// levels, more than MaxNodes (50,000) nodes, and control characters other
// than tabs and line breaks. Ids and names are at most MaxIDLen (64) bytes,
// without tabs or line breaks; labels, titles, notes, reasons, enum values
// and source fields at most MaxTextLen (1,000) characters, labels on one
// line.
//
// Diagnostics and evidence errors read in English or Chinese. Message (of
// a Diagnostic or a Problem) is English and stable for hosts and golden
// files; Diagnostic.Text and Problem.Text render the message in a Lang,
// Diagnostic.In, Diagnostics.In and EvidenceError.In the whole line, and
// ErrorIn any error of this module (evidence's *Problem included), all at
// the same positions and paths. Each message is kept as its format and
// arguments; the Chinese catalog (i18n.go) maps every format to Chinese,
// and a test fails on a format without an entry. The messages of CEL's
// parser and checker stay English inside the Chinese sentence.
//
// A compiled *Scheme is immutable and safe for concurrent use by multiple
// goroutines. WithParams returns a copy with parameters overridden, checked
// like the scheme itself.
//
// A *Scheme shows the scheme as written, for a host that lists, prints or
// explains it: its sections, indicators, bands, vetoes and tiers, each
// expression as an Expr (its text, position and what it reads), and the
// numbers the compiler folded (Const, ConstExact, under the arithmetic of
// Division). Evaluating it — binding evidence, running the expressions,
// finding a band, the windows and runs a rule reads — is package engine's,
// through internal/plan; docs/api.md lists what each package keeps public
// and why.
package scheme

import (
	"io"
	"maps"
	"os"
	"sort"

	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
)

// MaxFileSize is the largest scheme file Compile accepts.
const MaxFileSize = 1 << 20

// DefaultCostLimit is the host's default ceiling on the static cost of one
// expression (Limits.Cost).
const DefaultCostLimit = 100_000

// Limits are the host's ceilings on what a scheme may cost to evaluate. A
// zero field means its default. A scheme's own limits may lower a ceiling,
// never raise it: scheme files are untrusted input.
type Limits struct {
	// Cost bounds the worst-case cost of any one expression, as estimated
	// when the scheme compiles (lists counted at their declared max,
	// strings at 4096 bytes); 0 means DefaultCostLimit. The estimate bounds
	// what an expression costs when it runs, so none runs with CEL's cost
	// tracker, except a comprehension over a record that lists a document
	// more than once (more documents than the estimate counts): it is
	// stopped at run time past four times this cost.
	Cost uint64
	// Budget bounds the worst-case cost of one whole evaluation: every
	// expression at its cost plus a fixed charge for running it, times the
	// records it runs for (lists at their declared max) and the rounds that
	// score the whole scheme, and a fixed charge for each audit step; 0
	// means DefaultBudget. At the default, no evaluation of any accepted
	// scheme over evidence within the limits takes more than 50 ms or
	// 64 MB (measured by internal/stress on the adversarial corpus).
	Budget uint64
}

// Option configures Compile and CompileFile.
type Option func(*options)

type options struct {
	limits Limits
}

// WithLimits sets the host's ceilings. Zero fields keep their defaults.
func WithLimits(l Limits) Option {
	return func(o *options) {
		if l.Cost != 0 {
			o.limits.Cost = l.Cost
		}
		if l.Budget != 0 {
			o.limits.Budget = l.Budget
		}
	}
}

func newOptions(opts []Option) options {
	o := options{limits: Limits{Cost: DefaultCostLimit, Budget: DefaultBudget}}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// Scheme is a compiled scheme. It is immutable and safe for concurrent use.
type Scheme struct {
	file        string
	id, version string
	hash        [32]byte
	hashHex     string // hash, hex-encoded once when compiled
	title       Label
	source      Source
	subjectKind string
	period      evidence.PeriodKind
	effective   Effective
	cutoff      int // the day of the month a period's records close on, or 0
	arith       *celdec.Config
	costLimit   uint64

	params     []Param
	paramVals  map[string]string // in force: defaults with overrides
	paramObj   *celdec.Object
	paramDecl  *celdec.ObjectDecl
	inputs     []Input
	pools      []Pool
	links      []Link
	roles      []Role
	sections   []*Section
	indicators []*Indicator
	total      Total
	vetoes     []Veto
	runs       []string           // indicators whose runs a veto reads (runs.go)
	runsDecl   *celdec.ObjectDecl // the runs object's type, or nil
	tiers      []Tier
	rounds     *Rounds
	carry      *Carry
	ranking    Ranking
	awards     []Award
	sampling   *Sampling
	tables     []Table
	tablesObj  *celdec.Object
	values     []NamedValue
	exempt     *SubjectExempt

	exprs       []*Expr
	consts      []constVal            // by Expr.index, for static expressions
	spans       map[*Indicator][]span // folded bands, for Band
	recordDecls map[string]*celdec.ObjectDecl
	layout      *layout // input slots, for Bind (layout.go)
}

// constVal is a static expression's value under the parameters in force:
// a number's exact value (ok), and any expression's CEL value when it
// evaluates without an error (val; nil for none), which Eval returns
// without running the program again.
type constVal struct {
	v   Exact
	ok  bool
	val ref.Val
}

// ID returns the scheme's identifier.
func (s *Scheme) ID() string { return s.id }

// Version returns the scheme's version.
func (s *Scheme) Version() string { return s.version }

// Hash returns the SHA-256 of the scheme's canonical form, in hex. It does
// not change when the file is reformatted or its comments edited.
func (s *Scheme) Hash() string { return s.hashHex }

// File returns the name the scheme was compiled from.
func (s *Scheme) File() string { return s.file }

// Title returns the scheme's title.
func (s *Scheme) Title() Label { return s.title }

// Source returns the document the scheme encodes.
func (s *Scheme) Source() Source { return s.source }

// SubjectKind returns the kind of subject scored, e.g. "branch".
func (s *Scheme) SubjectKind() string { return s.subjectKind }

// PeriodKind returns the period one evaluation covers.
func (s *Scheme) PeriodKind() evidence.PeriodKind { return s.period }

// Effective returns the span of periods the scheme applies to.
func (s *Scheme) Effective() Effective { return s.effective }

// Division returns the scale and rounding of '/' in rules; ok is false when
// the scheme declares none (and then no rule divides). A host showing a
// scheme's numbers, or a result's, writes them to that scale.
func (s *Scheme) Division() (scale int32, rounding Rounding, ok bool) {
	if s.arith == nil {
		return 0, 0, false
	}
	return s.arith.Scale, s.arith.Rounding, true
}

// Params returns the declared parameters.
func (s *Scheme) Params() []Param { return s.params }

// ParamValues returns the parameter values in force, as text. The map is
// the scheme's own, made once when it was compiled (or by WithParams) and
// shared by every caller and every Result: read it, never modify it; copy
// it (maps.Clone) to change it.
func (s *Scheme) ParamValues() map[string]string { return s.paramVals }

// Inputs returns the declared inputs.
func (s *Scheme) Inputs() []Input { return s.inputs }

// Pools returns the declared indicator pools.
func (s *Scheme) Pools() []Pool { return s.pools }

// Links returns the declared links.
func (s *Scheme) Links() []Link { return s.links }

// Sections returns the sections in order.
func (s *Scheme) Sections() []*Section { return s.sections }

// Indicators returns every indicator in scheme order.
func (s *Scheme) Indicators() []*Indicator { return s.indicators }

// Total returns how sections combine.
func (s *Scheme) Total() Total { return s.total }

// Vetoes returns the vetoes in order.
func (s *Scheme) Vetoes() []Veto { return s.vetoes }

// Tiers returns the tiers from the highest down.
func (s *Scheme) Tiers() []Tier { return s.tiers }

// Rounds returns how assessor rounds combine, or nil when the scheme
// declares none (one entry per indicator and record).
func (s *Scheme) Rounds() *Rounds { return s.rounds }

// Carry returns the balance carried between periods, or nil.
func (s *Scheme) Carry() *Carry { return s.carry }

// Ranking returns how a period's results are ranked.
func (s *Scheme) Ranking() Ranking { return s.ranking }

// Awards returns the awards, in the order they are decided.
func (s *Scheme) Awards() []Award { return s.awards }

// Award returns the award with the given id, or nil.
func (s *Scheme) Award(id string) *Award {
	for i := range s.awards {
		if s.awards[i].ID == id {
			return &s.awards[i]
		}
	}
	return nil
}

// Sampling returns the re-check draw, or nil.
func (s *Scheme) Sampling() *Sampling { return s.sampling }

// Const returns the recorded value of a static number expression under
// the parameters in force: the value
// itself, or, when it does not terminate, its rounding to the scheme's
// arithmetic scale (see Division). Compare with ConstExact. A host reads
// a weight, a band's points or a cap with it to show the scheme (the
// published standard, a score sheet's maximum).
func (s *Scheme) Const(e *Expr) (decimal.Decimal, bool) {
	x, ok := s.ConstExact(e)
	if !ok {
		return decimal.Decimal{}, false
	}
	d, _ := s.record(x)
	return d, true
}

// ConstExact returns the exact value of a static number expression under
// the parameters in force: 1/3 stays a third, for a host that shows it as
// a fraction or compares it without rounding.
func (s *Scheme) ConstExact(e *Expr) (Exact, bool) {
	if e == nil || e.index >= len(s.consts) {
		return Exact{}, false
	}
	c := s.consts[e.index]
	return c.v, c.ok
}

// CompileFile reads and compiles the scheme file at path, as Compile does.
func CompileFile(path string, opts ...Option) (*Scheme, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		return nil, Diagnostics{sizeDiag(path, info.Size())}
	}
	// Read no more than the limit allows, whatever Stat said: a pipe or a
	// device (/dev/zero) reports size 0 and never ends.
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return Compile(path, src, opts...)
}

// Compile compiles the scheme in src; filename is used in diagnostics. The
// error, when not nil, is Diagnostics holding every problem found. Options
// set the host's limits (WithLimits); without them the defaults apply.
func Compile(filename string, src []byte, opts ...Option) (*Scheme, error) {
	c := newCompiler(filename, src, newOptions(opts))
	s := c.compile()
	c.diags.Sort()
	if err := c.diags.Err(); err != nil {
		return nil, err
	}
	s.layout = newLayout(s)
	return s, nil
}

// WithParams returns a copy of s with the named parameters set to the given
// values (written as in the file, e.g. "85" or "0.5"). The copy is checked
// like the scheme itself: a value of the wrong type, an unknown name, a band
// that now overlaps or weights that no longer sum are errors, and nothing is
// returned.
func (s *Scheme) WithParams(overrides map[string]string) (*Scheme, error) {
	var diags Diagnostics
	vals := maps.Clone(s.paramVals)
	names := make([]string, 0, len(overrides))
	for name := range overrides {
		names = append(names, name)
	}
	sort.Strings(names)
	known := make([]string, len(s.params))
	for i, p := range s.params {
		known[i] = p.Name
	}
	for _, name := range names {
		p := s.param(name)
		where := Pos{File: s.file}
		if p == nil {
			diags.add(where, "parameter override %q: no such parameter%s", name, didYouMean(name, known))
			continue
		}
		if _, err := parseParamValue(p, overrides[name]); err != nil {
			diags.add(p.Pos, "parameter override %s: %v", name, err)
			continue
		}
		vals[name] = overrides[name]
	}
	if err := diags.Err(); err != nil {
		return nil, err
	}
	cp := *s
	cp.paramVals = vals
	obj, err := paramObject(cp.paramDecl, cp.params, vals)
	if err != nil {
		return nil, err
	}
	cp.paramObj = obj
	diags = append(diags, cp.fold()...)
	if len(diags) == 0 {
		diags = append(diags, checkStructure(&cp)...)
	}
	for i := range diags {
		diags[i].Message += " (with parameter overrides)"
	}
	diags.Sort()
	if err := diags.Err(); err != nil {
		return nil, err
	}
	return &cp, nil
}

// Indicator returns the indicator with the given id, or nil.
func (s *Scheme) Indicator(id string) *Indicator {
	for _, ind := range s.indicators {
		if ind.ID == id {
			return ind
		}
	}
	return nil
}

func (s *Scheme) indicatorIDs() []string {
	out := make([]string, len(s.indicators))
	for i, ind := range s.indicators {
		out[i] = ind.ID
	}
	return out
}

// Input returns the declared input with the given name, or nil.
func (s *Scheme) Input(name string) *Input { return s.input(name) }

// Veto returns the veto with the given id, or nil.
func (s *Scheme) Veto(id string) *Veto { return s.veto(id) }

// Section returns the section with the given id, or nil.
func (s *Scheme) Section(id string) *Section {
	for _, sec := range s.sections {
		if sec.ID == id {
			return sec
		}
	}
	return nil
}

// Tier returns the tier with the given id, or nil.
func (s *Scheme) Tier(id string) *Tier {
	for i := range s.tiers {
		if s.tiers[i].ID == id {
			return &s.tiers[i]
		}
	}
	return nil
}

func (s *Scheme) input(name string) *Input {
	for i := range s.inputs {
		if s.inputs[i].Name == name {
			return &s.inputs[i]
		}
	}
	return nil
}

func (s *Scheme) inputNames(lists bool) []string {
	var out []string
	for _, in := range s.inputs {
		if (in.Type == ListType) == lists {
			out = append(out, in.Name)
		}
	}
	return out
}

func (s *Scheme) veto(id string) *Veto {
	for i := range s.vetoes {
		if s.vetoes[i].ID == id {
			return &s.vetoes[i]
		}
	}
	return nil
}

func (s *Scheme) vetoIDs() []string {
	out := make([]string, len(s.vetoes))
	for i, v := range s.vetoes {
		out[i] = v.ID
	}
	return out
}

func (s *Scheme) pool(name string) *Pool {
	for i := range s.pools {
		if s.pools[i].Name == name {
			return &s.pools[i]
		}
	}
	return nil
}

func (s *Scheme) param(name string) *Param {
	for i := range s.params {
		if s.params[i].Name == name {
			return &s.params[i]
		}
	}
	return nil
}

// fold evaluates every static expression under the parameters in force:
// a number that fails is a diagnostic; any other expression that fails is
// left to fail as it did when it is evaluated.
func (s *Scheme) fold() Diagnostics {
	var diags Diagnostics
	s.consts = make([]constVal, len(s.exprs))
	act := map[string]any{"params": s.paramObj}
	if s.tablesObj != nil {
		act["tables"] = s.tablesObj
	}
	for _, e := range s.exprs {
		if !e.static || e.prg == nil || s.readsMissing(e) {
			continue
		}
		v, _, err := e.prg.Eval(act)
		if e.want != NumberResult {
			if err == nil {
				s.consts[e.index] = constVal{val: v}
			}
			continue
		}
		if err != nil {
			diags.add(e.Pos, "%s: %v", e.Text, err)
			continue
		}
		x, ok := exactOf(v)
		if !ok {
			diags.add(e.Pos, "%s: want a number, got %v", e.Text, v)
			continue
		}
		s.consts[e.index] = constVal{v: x, ok: true, val: v}
	}
	s.spans = map[*Indicator][]span{}
	for _, ind := range s.indicators {
		var spans []span
		for i := range ind.Bands {
			sp, ok := constSpan(s, ind.Bands[i].Range)
			if !ok {
				spans = nil
				break
			}
			sp.band = &ind.Bands[i]
			spans = append(spans, sp)
		}
		if spans != nil {
			s.spans[ind] = spans
		}
	}
	return diags
}

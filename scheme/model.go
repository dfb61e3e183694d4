package scheme

import (
	"cel.dev/cel-go/cel"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
)

// A compiled Scheme and every value reachable from it are read-only: they
// are shared by concurrent evaluations and must not be modified.

// Label is a text in Chinese and English.
type Label struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Kind is how an indicator scores.
type Kind string

// The indicator kinds.
const (
	PerRecord     Kind = "per_record"     // points per qualifying record behind a gate
	Bands         Kind = "bands"          // a measure's interval mapped to points
	Steps         Kind = "steps"          // points per full step of a measure
	PerOccurrence Kind = "per_occurrence" // points (usually negative) per finding
	Discretionary Kind = "discretionary"  // an assessor's points within a range
	Grades        Kind = "grades"         // a qualitative grade mapped to points
	Checklist     Kind = "checklist"      // items that pass or fail
	Value         Kind = "value"          // a free CEL expression
	Rules         Kind = "rules"          // the sum of several sub-rules (Indicator.Rules)
)

// ResultType is what an expression must evaluate to.
type ResultType uint8

// The result types of expressions.
const (
	NumberResult ResultType = iota + 1 // int or decimal
	BoolResult
	StringResult
	DateResult
	KeyResult // a number, text, date or condition: a key records share
)

func (t ResultType) String() string {
	return [...]string{"nothing", "a number", "a condition (bool)", "a string", "a date", "a number, text, date or condition"}[t]
}

// Expr is one expression of the scheme as written: its text and position,
// what it reads, whether it is a percentage literal or static, and (for a
// static number) its folded value, Scheme.Const. A host reads it to show
// or explain a scheme; it cannot evaluate it. The compiled program is kept
// for the engine, which evaluates it over a subject's evidence (through
// internal/plan).
type Expr struct {
	Text string // the expression as written
	Pos  Pos    // where it starts in the file

	index   int // into Scheme.consts
	percent bool
	want    ResultType
	static  bool            // reads only literals and parameters
	prg     cel.Program     // without cost tracking; a comprehension checks the context
	tracked *trackedProgram // a comprehension's program with a runtime cost limit, for evidence past the estimate's sizes
	isInt   bool            // yields an int (otherwise a decimal, for numbers)
	reads   []string
	loops   bool   // has a comprehension (all, exists, map, filter): interruptible
	cost    uint64 // worst-case CEL cost of one evaluation
	at      string // Pos rendered once, for the audit
	// field is the field the expression reads when it is only that,
	// record.FIELD: a record answers it without running the program.
	field string
	// test is the condition when it is a test of one field of the
	// record that the record answers, as it answers field (recordTest).
	test *recordTest
}

// At returns Pos rendered ("file:line:col"), once when compiled: the audit
// cites it on every evaluation.
func (e *Expr) At() string {
	if e.at == "" {
		return e.Pos.String()
	}
	return e.at
}

// Reads lists the inputs, parameters and record fields the expression
// reads, e.g. ["params.pass_mark", "record.participants", "task_actual"].
func (e *Expr) Reads() []string { return e.reads }

// Percent reports whether the expression is one percentage literal, such
// as 30% (its value is 0.3): a host may show its value as a percentage.
func (e *Expr) Percent() bool { return e.percent }

// Static reports whether the expression reads only literals and parameters,
// so that its value is known once parameters are.
func (e *Expr) Static() bool { return e.static }

// Interval is a range of a measure. A nil bound is infinite.
type Interval struct {
	Lo, Hi         *Expr
	LoIncl, HiIncl bool
	Text           string // as written, e.g. "[1, 5)"
}

// Band maps an interval of the measure to points.
type Band struct {
	Range   Interval
	Points  *Expr
	Label   Label
	Explain Label // the author's wording, if any
	Pos     Pos

	at string // Pos rendered once
}

// At returns Pos rendered, once when compiled.
func (b *Band) At() string {
	if b.at == "" {
		return b.Pos.String()
	}
	return b.at
}

// StepRule gives Points per full step of size Every above From.
type StepRule struct {
	Every, Points, From *Expr
	Below               bool // steps of the measure below From (每低10%扣1分)
	Started             bool // a step begun counts whole; otherwise full steps only
}

// Range is an assessor's allowed interval of points, both ends inclusive.
type Range struct {
	Min, Max *Expr
	// Deduct: the assessor enters the amount deducted (扣1-3分), within
	// Min and Max, and the indicator loses it.
	Deduct bool
}

// Grade maps a qualitative grade to points.
type Grade struct {
	Name   string
	Points *Expr
}

// Item is one checklist item.
type Item struct {
	ID     string
	Label  Label
	When   *Expr
	Points *Expr
	Pos    Pos
}

// Condition is one named condition of a gate.
type Condition struct {
	ID    string
	Label Label
	When  *Expr
	Pos   Pos
}

// Gate is what a record needs to earn points; each part is checked
// separately so that every missing one can be named.
type Gate struct {
	Documents  []string
	Conditions []Condition
}

// Applicability selects subjects by category or condition.
type Applicability struct {
	Categories []string
	When       *Expr
}

// Indicator is one scored item.
type Indicator struct {
	ID      string
	Label   Label
	Note    Label // the reading taken of an ambiguous rule, if any
	Explain Label // the author's wording of the explanation, if any (scheme/explain.go)
	Kind    Kind
	Section string
	Pos     Pos

	AppliesTo *Applicability
	Exempt    *Applicability
	Pool      string

	Cap, Floor *Expr
	OutsideCap bool
	// Full is the full marks the indicator starts from (满分15分): its
	// points are Full plus what its kind scores (deductions), capped at
	// Full and floored at 0 unless Cap or Floor says otherwise.
	Full *Expr
	// Rules are the sub-rules of a rules indicator, each scored as an
	// indicator of its own kind; Parent is set on them.
	Rules  []*Indicator
	Parent string

	Records  string
	Where    *Expr
	Since    *Expr
	Gate     *Gate
	DedupeBy *Expr

	DedupeKeep   string // "" or first, last, heaviest
	DedupeWeight *Expr  // heaviest: how heavy a record is
	Window       *Window
	Missing      *MissingRule
	Repeated     *Repeat

	Points        *Expr
	Measure       *Expr
	Domain        Interval
	Monotone      string
	Bands         []Band
	Steps         *StepRule
	Discretionary *Range
	Grade         *Expr
	Grades        []Grade
	Items         []Item
	Value         *Expr

	at string // Pos rendered once
}

// At returns Pos rendered, once when compiled.
func (ind *Indicator) At() string {
	if ind.at == "" {
		return ind.Pos.String()
	}
	return ind.at
}

// Assessed reports whether assessors score the indicator, so that evidence
// may carry assessor entries for it: a discretionary indicator, per-record
// discretion, or grades without a grade rule.
func (ind *Indicator) Assessed() bool {
	return ind.Discretionary != nil || (ind.Kind == Grades && ind.Grade == nil)
}

// Section is a weighted part of the scheme.
type Section struct {
	ID         string
	Label      Label
	Weight     *Expr // nil: weight 1
	Cap        *Expr
	Floor      *Expr
	BonusCap   *Expr
	Note       Label // the reading taken of the section as a whole, if any
	Indicators []*Indicator
	Pos        Pos
}

// Veto forces or caps the tier when its condition holds.
type Veto struct {
	ID      string
	Label   Label
	When    *Expr
	Reason  Label
	Tier    string // forced tier, or ""
	CapTier string // highest tier allowed, or ""
	Confirm bool   // takes effect only when an assessor confirms it
	Explain Label  // the author's wording, if any
	Zero    string // points set to 0: "total", a section's or an indicator's id, or ""
	Note    Label  // the reading taken of an ambiguous rule, if any
	Pos     Pos

	Consequences []string // e.g. no_awards, for award rules
}

// Tier is a grade the total maps to.
type Tier struct {
	ID    string
	Label Label
	Min   *Expr // inclusive bound, or nil
	Above *Expr // exclusive bound, or nil
	When  *Expr
	Pos   Pos

	Explain Label // the author's wording, if any

	// VetoOnly is set on a tier listed after the one that takes every
	// total: no total reaches it, only a veto (or a quota's overflow).
	VetoOnly bool

	Consequences []string // e.g. no_awards, for award rules
	Quota        *Quota
}

// Total is how the sections combine.
type Total struct {
	WeightsSum *Expr
	Cap        *Expr
	Floor      *Expr
	Rounding   *FinalRounding
}

// FinalRounding is the last step of the total.
type FinalRounding struct {
	Scale int32
	Mode  Rounding
}

// Rounding names a rounding mode: half_up (四舍五入), half_even, floor,
// ceil, down, up.
type Rounding = celdec.Rounding

// The rounding modes.
const (
	HalfUp   = celdec.HalfUp
	HalfEven = celdec.HalfEven
	Floor    = celdec.Floor
	Ceil     = celdec.Ceil
	Down     = celdec.Down
	Up       = celdec.Up
)

// ValueType is the type of a parameter, input or record field.
type ValueType string

// The value types.
const (
	DecimalType ValueType = "decimal"
	IntType     ValueType = "int"
	BoolType    ValueType = "bool"
	StringType  ValueType = "string"
	DateType    ValueType = "date"
	EnumType    ValueType = "enum"
	ListType    ValueType = "list"
)

// Param is a named, typed constant a host may override.
type Param struct {
	Name    string
	Type    ValueType
	Default string
	Values  []string // enum
	Min     *decimal.Decimal
	Max     *decimal.Decimal
	Label   Label
	Pos     Pos
	// Required: the scheme leaves the value open (no default); evaluation
	// refuses until the host supplies it (ErrParamRequired).
	Required bool
}

// Field is a typed field of a record.
type Field struct {
	Name     string
	Type     ValueType
	Values   []string
	Optional bool
	Label    Label
	Bounds   Bounds // decimal and int fields
}

// Document is a document kind that may be attached to a record.
type Document struct {
	Name  string
	Label Label
}

// Input is one declared piece of evidence.
type Input struct {
	Name      string
	Type      ValueType
	Label     Label
	Values    []string
	Default   string // "" with Required
	Required  bool
	Max       int // lists
	Fields    []Field
	Documents []Document
	Pos       Pos

	Bounds    Bounds    // a decimal or int, or the values of a list of them
	Of        ValueType // a list of plain values: their type ("" for records)
	Anonymous bool      // records carry no id
	Undated   bool      // records carry no date
}

// Pool is a set of indicators from which each subject chooses Choose.
type Pool struct {
	Name   string
	Choose int
	Label  Label
}

// Source names the document a scheme encodes.
type Source struct {
	Document, Issuer, Date, Ref string
}

// Effective is the span of periods a scheme applies to; zero ends are open.
type Effective struct {
	From, To evidence.Period
}

// Link takes some inputs of a subject from another unit's evidence (挂钩):
// seed 000 scores 机关第一党支部 on 综采一队's task completion.
type Link struct {
	Name   string
	Label  Label
	Inputs []string
	Pairs  map[string]string // subject id → unit id, as declared in the scheme
}

// Combine is how several sheets within one assessor round combine.
type Combine string

// The ways sheets combine.
const (
	Single      Combine = "single"       // one sheet; a second is an error
	Mean        Combine = "mean"         // the arithmetic mean, at the rounds' scale
	Median      Combine = "median"       // the middle sheet; the mean of the two middle ones when even
	TrimmedMean Combine = "trimmed_mean" // the mean after dropping Trim sheets at each end
)

// Round is one assessor round (自评, 考评, 互评, 抽查 …): the entries whose
// role names it, weighted.
type Round struct {
	Name    string
	Label   Label
	Weight  *Expr
	Combine Combine
	Trim    int
	Min     int      // fewest sheets; at least 1
	Missing string   // "error", "zero", or the round whose points stand in
	Sheets  []string // the sheets an entry may name; nil: any
	Pos     Pos
}

// Rounds says how assessor rounds combine: per indicator scored by
// assessors, or on the total (each round scores the whole scheme).
type Rounds struct {
	OnTotal bool
	Scale   int32    // of a mean
	Mode    Rounding // of a mean
	List    []Round
}

// Round returns the round with the given name, or nil.
func (r *Rounds) Round(name string) *Round {
	for i := range r.List {
		if r.List[i].Name == name {
			return &r.List[i]
		}
	}
	return nil
}

// Carry is a balance carried from one period's total to the next period's
// Input (党员积分 carried over); with ResetYearly it starts again from the
// input's default in the first period of each year.
type Carry struct {
	Input       string
	ResetYearly bool

	Share    *Expr          // of the points carried; nil: all
	LeaveOut []TieKey       // sections or indicators not carried
	Rounding *FinalRounding // of the carried figure, or nil
}

// Computed reports whether the carried figure is computed from the total
// (a share, or items left out) rather than the whole total.
func (c *Carry) Computed() bool { return c.Share != nil || len(c.LeaveOut) > 0 }

// TieKey is a section or an indicator whose points break a tie.
type TieKey struct {
	Section   string // one of Section and Indicator is set
	Indicator string
}

// String names the key as the scheme does.
func (k TieKey) String() string { return k.Section + k.Indicator }

// Ranking is how a period's results are ranked.
type Ranking struct {
	Ascending  bool // the lowest total first; default the highest
	TieBreak   []TieKey
	ByCategory bool // rank within each subject category
}

// AwardKind is how an award passes between subjects and periods.
type AwardKind string

// The award kinds.
const (
	Flag    AwardKind = "flag"    // given each period to those selected
	Rolling AwardKind = "rolling" // held by one subject, handed to the period's winner
	Title   AwardKind = "title"   // held by one subject once a count is reached; moves to whoever exceeds the holder
	Mark    AwardKind = "mark"    // given to every subject whose count of another award over a window reaches At
)

// After asks for another award received Times periods in a row.
type After struct {
	Award string
	Times int
}

// Award is a flag, banner, title or selection given from a period's
// ranking.
type Award struct {
	ID          string
	Label       Label
	Note        Label
	Kind        AwardKind
	Bottom      bool  // select from the bottom of the ranking
	Count       *Expr // rank ≤ Count, or nil
	Share       *Expr // at most Share × ranked, rounded down, or nil
	ExcludeTies bool  // subjects tied across the cut are all left out
	Tiers       []string
	Min         *Expr
	BarredBy    []string
	Counts      string // Title: the award whose wins are counted
	At          *Expr  // Title: the count that earns it
	After       *After
	Every       int
	First       evidence.Period
	PerCohort   bool
	Pos         Pos

	Window   *Window  // Mark: the periods counted; nil: every period in the ledger
	Excludes []string // awards not received in the same period as this one
	GivenFor []string // consequences that place a subject on it whatever its rank
}

// Quota bounds how many subjects a period's ranking places in a tier;
// those over it, in rank order, go to Overflow.
type Quota struct {
	Count, Share *Expr
	Overflow     string // tier id

	Rounding Rounding // of share × subjects: Down, HalfUp or Up
	Min      *Expr    // the quota admits at least this many
	Ties     string   // move, keep or split
	SplitBy  []TieKey // split: what orders tied subjects
}

// Sampling draws a share of subjects for a re-check.
type Sampling struct {
	Share    *Expr
	Rounding Rounding // Ceil, Floor or HalfUp
	Label    Label
}

// Package plan is the evaluation side of a compiled scheme, for package
// engine: binding one subject's evidence to a scheme (Bind), evaluating the
// scheme's expressions over it (Binding), finding the band that holds a
// measure (Band) and the number recorded for an exact value (Recorded).
// Hosts never need it, and cannot import it: they call engine.Evaluate,
// and package scheme's API shows the scheme as written.
//
// # Design
//
// The evaluation code lives in package scheme, beside the compiled
// expressions, folded constants and record types it reads; plan imports
// scheme, so scheme cannot import plan. Scheme instead sets two function
// values in internal/bound (which both import) when it initialises, and
// plan asserts their types once, when it initialises. What plan returns is
// scheme's own binding behind the Binding interface, which scheme's type
// satisfies without naming it. On the hot path that costs one indirect
// call per Bind, per Band, per Recorded and per method of a Binding, and nothing else:
// no wrapper, no copy, no allocation.
package plan

import (
	"context"
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/bound"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Record is a checked record of a list input: its index in the list, its
// id, date and documents, and its fields (Record.Field, for the audit).
type Record = bound.Record

// Binding is one subject's evidence checked against a scheme and converted
// for its rules. It belongs to one evaluation, and is not safe for
// concurrent use: EvalValue and WithRuns set values in it.
type Binding interface {
	// Evidence returns the evidence bound.
	Evidence() *evidence.Evidence
	// Period returns the period scored.
	Period() evidence.Period
	// Records returns the checked records of a list input, in evidence order.
	Records(input string) []*Record
	// Chosen reports whether the subject chose indicator id from its pool.
	Chosen(id string) bool
	// Assessments returns the assessor entries for an indicator.
	Assessments(indicator string) []evidence.Assessment
	// RecordAssessments returns the assessor entries for one record of an
	// indicator, in evidence order.
	RecordAssessments(indicator, record string) []evidence.Assessment
	// Confirmations returns the assessors' decisions on a veto, in
	// evidence order. Each has a valid RFC 3339 time, and no two at the
	// same instant disagree: Bind refuses both.
	Confirmations(veto string) []evidence.Confirmation
	// InputText renders an input's (or a parameter's, params.x) value for
	// the audit.
	InputText(name string) (string, bool)

	// Exact evaluates a number expression exactly (for rec, when a rule is
	// scored per record; nil otherwise); a static one is read from the
	// folded constants. An expression that reads a comprehension stops
	// when ctx is done; the error then wraps ctx.Err().
	Exact(ctx context.Context, e *scheme.Expr, rec *Record) (scheme.Exact, error)
	// Number evaluates a number expression to its recorded value (Recorded).
	Number(ctx context.Context, e *scheme.Expr, rec *Record) (decimal.Decimal, error)
	// Bool evaluates a condition.
	Bool(ctx context.Context, e *scheme.Expr, rec *Record) (bool, error)
	// String evaluates a string expression.
	String(ctx context.Context, e *scheme.Expr, rec *Record) (string, error)
	// Date evaluates a date expression.
	Date(ctx context.Context, e *scheme.Expr, rec *Record) (time.Time, error)
	// Key evaluates a key expression (dedupe_by) to a text equal for equal
	// values of the same kind (1 and 1.0 are one key, "1" another), and
	// the value as written for the audit.
	Key(ctx context.Context, e *scheme.Expr, rec *Record) (key, shown string, err error)

	// EvalValue computes the scheme's i-th named value, given those before
	// it, sets it in the binding for the rules that read it, and returns
	// it as text for the audit.
	EvalValue(ctx context.Context, i int) (string, error)
	// WithRuns sets the runs the vetoes read (indicator id → periods in a
	// row it lost points, this one included); an indicator not in runs
	// reads 0.
	WithRuns(runs map[string]int)

	// Release gives the binding back to its scheme, whose next binding
	// reuses its memory: call it once the evaluation is done with the
	// binding and with everything it returned that points into it (the
	// records of Records); neither is used again. Texts, numbers and
	// dates read from it stay valid. Call it once, when done.
	Release()
}

// ErrNoProgram is returned when an expression failed to compile.
var ErrNoProgram = bound.ErrNoProgram

var (
	bind = bound.Bind.(func(*scheme.Scheme, *evidence.Evidence) (any, error))
	band = bound.Band.(func(*scheme.Scheme, *scheme.Indicator, scheme.Exact) (*scheme.Band, bool))
	rec  = bound.Recorded.(func(*scheme.Scheme, scheme.Exact) (decimal.Decimal, bool))
	cpt  = bound.Compact.(func(scheme.Exact) (int64, int32, bool))
)

// Bind checks ev against s's declared inputs and converts it for
// evaluation. Every problem is reported at once, each with its path; the
// error is a *scheme.EvidenceError.
func Bind(s *scheme.Scheme, ev *evidence.Evidence) (Binding, error) {
	b, err := bind(s, ev)
	if err != nil {
		return nil, err
	}
	return b.(Binding), nil
}

// Band returns the band of ind that holds measure, under s's parameters;
// ok is false when no band does (outside the declared domain) or a bound
// is not a constant. The measure is compared with the edges exactly: a
// quotient is never rounded first (−0.99996… is inside (−1, 1)).
func Band(s *scheme.Scheme, ind *scheme.Indicator, measure scheme.Exact) (*scheme.Band, bool) {
	return band(s, ind, measure)
}

// Recorded returns the number recorded for x: x itself when it terminates
// (whatever its number of digits), otherwise x rounded to s's arithmetic
// scale with its rounding (Scheme.Division); rounded reports the second
// case.
func Recorded(s *scheme.Scheme, x scheme.Exact) (d decimal.Decimal, rounded bool) {
	return rec(s, x)
}

// Compact returns x's coefficient and exponent when x is held in machine
// words (a terminating value whose coefficient fits an int64): x is
// exactly coef × 10^exp, the decimal Recorded would return. ok is false
// otherwise (a fraction, or a coefficient of more digits).
func Compact(x scheme.Exact) (coef int64, exp int32, ok bool) { return cpt(x) }

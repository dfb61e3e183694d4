package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/internal/plan"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Options tunes one evaluation.
type Options struct {
	// Params overrides scheme parameters for this evaluation. It re-checks
	// the scheme each call; to score many subjects with the same overrides,
	// call Scheme.WithParams once instead.
	Params map[string]string
	// Units supplies other units' evidence for the same period, for links
	// (挂钩). Index builds one from a batch of evidence.
	Units func(subjectID, period string) (*evidence.Evidence, bool)
	// Ledger is the ledger of the period before, from Rank. For a scheme
	// that carries a balance (Scheme.Carry) it supplies the carried input,
	// which the evidence must then leave out.
	Ledger *Ledger
	// TotalsOnly leaves the audit trail out, for impact diffs and what-if
	// rankings that compare many evaluations: the Result has its total,
	// tier, vetoes, sections and indicators (with their cites) as a full
	// evaluation gives them, and the zero Audit. Such a result cannot be
	// explained, and verifies only with TotalsOnly set again.
	TotalsOnly bool

	// reuse is a result the host is done with, whose memory this
	// evaluation may write into (BatchOptions.ReuseResults); nil: none. It
	// must come from Evaluate (newResult).
	reuse *Result
}

// ErrNoUnitEvidence is returned when a linked unit's evidence is not given.
var ErrNoUnitEvidence = errors.New("no evidence for the linked unit")

// resolveLinks returns ev with each linked input taken from its unit's
// evidence (the original is not modified), and what was linked.
func resolveLinks(s *scheme.Scheme, ev *evidence.Evidence, opts Options) (*evidence.Evidence, []LinkResult, map[string]string, error) {
	var links []LinkResult
	var owner map[string]string // input → unit
	merged := ev
	for _, l := range s.Links() {
		unit, ok := ev.Links[l.Name]
		if !ok {
			unit, ok = l.Pairs[ev.Subject.ID]
		}
		if !ok {
			continue
		}
		fail := func(err error) error {
			return &Error{Subject: ev.Subject.ID, Period: ev.Period, Indicator: "link " + l.Name, Path: "unit " + unit, Err: err}
		}
		var u *evidence.Evidence
		if opts.Units != nil {
			u, ok = opts.Units(unit, ev.Period)
		}
		if u == nil || !ok {
			return nil, nil, nil, fail(ErrNoUnitEvidence)
		}
		if merged == ev {
			cp := *ev
			cp.Facts = make(map[string]any, len(ev.Facts))
			for k, v := range ev.Facts {
				cp.Facts[k] = v
			}
			cp.Records = make(map[string][]evidence.Record, len(ev.Records))
			for k, v := range ev.Records {
				cp.Records[k] = v
			}
			merged = &cp
		}
		for _, in := range l.Inputs {
			decl := s.Input(in)
			if decl.Type == scheme.ListType {
				merged.Records[in] = u.Records[in]
			} else if v, has := u.Facts[in]; has {
				merged.Facts[in] = v
			} else {
				return nil, nil, nil, fail(msg.Errorf("the unit's evidence has no facts.%s", in))
			}
			if owner == nil {
				owner = map[string]string{}
			}
			owner[in] = unit
		}
		h, err := u.Hash()
		if err != nil {
			return nil, nil, nil, fail(err)
		}
		links = append(links, LinkResult{Name: l.Name, Unit: unit, UnitName: u.Subject.Name, Inputs: l.Inputs, EvidenceHash: h})
	}
	return merged, links, owner, nil
}

// carryIn sets the scheme's carried input from the ledger of the period
// before; merged is a copy whenever it differs from ev.
func carryIn(s *scheme.Scheme, merged, ev *evidence.Evidence, led *Ledger) (*evidence.Evidence, *Step, error) {
	c := s.Carry()
	if c == nil || led == nil {
		return merged, nil, nil
	}
	fail := func(err error) error {
		return &Error{Subject: ev.Subject.ID, Period: ev.Period, Indicator: "carry", Path: "facts." + c.Input, Err: err}
	}
	p, err := evidence.ParsePeriod(ev.Period)
	if err != nil {
		return nil, nil, fail(err)
	}
	if err := led.check(s, p); err != nil {
		return nil, nil, fail(err)
	}
	if _, ok := ev.Facts[c.Input]; ok {
		return nil, nil, fail(msg.Errorf("the balance comes from the ledger of %s; the evidence must leave it out", led.Period))
	}
	val, rule := s.Input(c.Input).Default, "default"
	if b, ok := led.Balances[ev.Subject.ID]; ok {
		val, rule = b.String(), "ledger"
	}
	if c.ResetYearly && p.FirstOfYear() {
		val, rule = s.Input(c.Input).Default, "reset"
	}
	if merged == ev {
		cp := *ev
		merged = &cp
	}
	facts := make(map[string]any, len(merged.Facts)+1)
	for k, v := range merged.Facts {
		facts[k] = v
	}
	facts[c.Input] = json.Number(val)
	merged.Facts = facts
	d, _ := decimal.NewFromString(val)
	return merged, &Step{Kind: StepCarry, Rule: rule, Match: c.Input, Record: led.Period, Points: pp(d)}, nil
}

// Error is a failure to score one subject: it names the subject, the
// period, the indicator (or veto, tier) and the evidence path involved.
type Error struct {
	Subject   string
	Period    string
	Indicator string
	Path      string
	Err       error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "subject %s, period %s", e.Subject, e.Period)
	if e.Indicator != "" {
		fmt.Fprintf(&b, ", %s", e.Indicator)
	}
	if e.Path != "" {
		fmt.Fprintf(&b, " (%s)", e.Path)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// In renders the error in lang: the same subject, period, indicator and
// path as Error, the words and the wrapped error in lang (English is
// Error's text exactly).
func (e *Error) In(lang scheme.Lang) string {
	var m error
	switch {
	case e.Indicator != "" && e.Path != "":
		m = msg.Errorf("subject %s, period %s, %s (%s): %v", e.Subject, e.Period, e.Indicator, e.Path, e.Err)
	case e.Indicator != "":
		m = msg.Errorf("subject %s, period %s, %s: %v", e.Subject, e.Period, e.Indicator, e.Err)
	case e.Path != "":
		m = msg.Errorf("subject %s, period %s (%s): %v", e.Subject, e.Period, e.Path, e.Err)
	default:
		m = msg.Errorf("subject %s, period %s: %v", e.Subject, e.Period, e.Err)
	}
	return scheme.ErrorIn(m, lang)
}

// Sentinel conditions, usable with errors.Is.
var (
	ErrOutOfRange   = errors.New("assessor's points outside the declared range")
	ErrNotAssessed  = errors.New("a qualifying record has no assessor's score")
	ErrDuplicate    = errors.New("more than one assessor entry where one is expected")
	ErrNoBand       = errors.New("the measure falls in no band")
	ErrUnknownGrade = errors.New("grade not declared")
	// ErrNilEvidence is returned for a nil *evidence.Evidence.
	ErrNilEvidence = errors.New("nil evidence")
	// ErrStepNotPositive: a steps rule's every, read from evidence, is 0
	// or negative (a constant one is refused when the scheme compiles).
	ErrStepNotPositive = errors.New("steps.every must be positive")
)

// Evaluate scores ev with s. The evidence is checked first: a problem there
// returns *scheme.EvidenceError listing them all. A rule that fails at run
// time returns *Error. Evaluate never scores a failure as 0, and stops when
// ctx is done.
func Evaluate(ctx context.Context, s *scheme.Scheme, ev *evidence.Evidence, opts Options) (*Result, error) {
	if ev == nil {
		return nil, ErrNilEvidence
	}
	if len(opts.Params) > 0 {
		var err error
		if s, err = s.WithParams(opts.Params); err != nil {
			return nil, err
		}
	}
	if err := plan.CheckParams(s); err != nil {
		return nil, &Error{Subject: ev.Subject.ID, Period: ev.Period, Indicator: "parameters", Err: err}
	}
	hash, limitsOK, err := hashChecked(ev)
	if err != nil {
		// A host value that cannot be written: named with its path, as
		// Bind names every other problem.
		var ve *evidence.ValueError
		if errors.As(err, &ve) {
			return nil, &scheme.EvidenceError{Subject: ev.Subject.ID, Period: ev.Period, Problems: []scheme.Problem{{Path: ve.Path, Message: ve.Err.Error()}}}
		}
		return nil, &Error{Subject: ev.Subject.ID, Period: ev.Period, Indicator: "evidence", Err: err}
	}
	merged, links, owner, err := resolveLinks(s, ev, opts)
	if err != nil {
		return nil, err
	}
	merged, carried, err := carryIn(s, merged, ev, opts.Ledger)
	if err != nil {
		return nil, err
	}
	// A subject exempt by its category is not assessed whatever its
	// evidence holds: a retired member's evidence need not give the facts.
	var b plan.Binding
	if !exemptCategory(s, ev) {
		bind := plan.Bind
		if boundChecked(s, ev, merged, limitsOK, len(links) > 0) { // checked as it was hashed, above
			bind = plan.BindChecked
		}
		if b, err = bind(s, merged); err != nil {
			return nil, err
		}
		defer b.Release() // nothing of the result points into it (scheme/bind_pool.go)
	}
	e := newEvaluator()
	defer e.release()
	e.ctx, e.s, e.b, e.ev, e.unit, e.led, e.lean = ctx, s, b, ev, owner, opts.Ledger, opts.TotalsOnly
	e.old = opts.reuse
	n := 0
	if !e.lean {
		n = auditSize(s, merged)
	}
	e.beginAudit(n) // totals only: the few steps it reads back (runs.go)
	r := e.newResult()
	e.scratch = e.scratchArr[:0]
	e.spans = e.spansArr[:0]
	for _, l := range links {
		if b == nil {
			break // not assessed: nothing was bound
		}
		e.rb.begin()
		for _, in := range l.Inputs {
			v, _ := b.InputText(in)
			e.rb.add(in, v)
		}
		reads := e.rb.end()
		e.add(&Step{Kind: StepLink, Match: l.Name, Record: l.Unit, Reads: reads, Cites: []string{l.Unit + ":" + l.EvidenceHash[:12]}})
	}
	if carried != nil {
		e.add(carried)
	}
	*r = Result{Subject: ev.Subject, Period: ev.Period,
		Scheme:       SchemeRef{ID: s.ID(), Version: s.Version(), Hash: s.Hash()},
		EvidenceHash: hash, Params: e.paramsCopy(s.ParamValues()), Links: links, Vetoes: []VetoResult{}}
	if out, err := e.exempt(); err != nil || out {
		if err != nil {
			return nil, err
		}
		reason := s.Exempt().Reason
		r.NotAssessed = &NotAssessed{Reason: Sentence{Zh: reason.Zh, En: reason.En}}
		if !e.lean {
			r.Audit = e.endAudit()
		}
		return r, nil
	}
	if err := e.namedValues(); err != nil {
		return nil, err
	}
	if err := e.run(r); err != nil {
		return nil, err
	}
	return r, nil
}

// auditSize estimates the audit's length, so it is allocated once: two
// steps an indicator, one a record and assessor entry, two a section, and
// the total's few; times the rounds when each round scores the scheme.
func auditSize(s *scheme.Scheme, ev *evidence.Evidence) int {
	n := 0
	for _, sec := range s.Sections() {
		n += 2 + 2*len(sec.Indicators)
	}
	for _, list := range ev.Records {
		n += len(list)
	}
	n += len(ev.Assessments)
	if rs := s.Rounds(); rs != nil && rs.OnTotal {
		n *= len(rs.List)
	}
	return n + len(s.Vetoes()) + 8
}

type evaluator struct {
	ctx  context.Context
	s    *scheme.Scheme
	b    plan.Binding
	ev   *evidence.Evidence
	unit map[string]string // linked input → the unit it comes from
	led  *Ledger           // the ledger of the period before, or nil
	// rec is the audit being recorded (beginAudit), in buffers kept with
	// the evaluator in the pool (release); the result has a copy.
	rec recorder

	round       *scheme.Round // the round scored, when rounds combine on the total
	roundSheets []string      // its sheets

	parts  []IndicatorResult    // the rules of the item being scored
	vetoes map[string]vetoFired // decided once an evaluation
	runs   map[string]int       // the runs the vetoes read (runs.go)
	zero   map[string]string    // what a veto that fired sets to 0 → the veto

	slab  []Points    // the steps' numbers (e.pp), kept: add copies them
	rb    readBuf     // the steps' reads, likewise
	sb    strBuf      // the names the result cites (its own)
	lb    listBuf     // its lists of names (its own)
	bools []bool      // the steps' booleans (e.truth), kept
	cands []candidate // records' candidates, kept with the evaluator
	cites citeCache   // the facts expressions cite, kept likewise
	// scratch holds lists being built, as a stack: a user appends after
	// what is there and cuts it back when done.
	scratch    []string
	scratchArr [32]string
	lean       bool // totals only: no reads, and no audit in the result

	old   *Result // a result whose memory may be reused (Options.reuse)
	spare spare   // what newResult took of old, for run and endAudit

	spans    []span  // the windows' spans worked out (windowSpan)
	spansArr [4]span // their room
}

func (e *evaluator) fail(where, path string, err error) error {
	return &Error{Subject: e.ev.Subject.ID, Period: e.ev.Period, Indicator: where, Path: path, Err: err}
}

// add records st, which the caller builds and then leaves alone: add
// may set its round, and copies what it keeps.
func (e *evaluator) add(st *Step) {
	if e.lean && st.Kind != StepFull {
		return // a totals-only evaluation keeps the steps it reads back (runs.go)
	}
	if e.round != nil && st.Round == "" {
		st.Round = e.round.Name
	}
	e.rec.add(st)
}

// reads renders what an expression read, for the audit.
func (e *evaluator) reads(x *scheme.Expr, rec *plan.Record) Reads {
	return e.readsOf(rec, x)
}

// readInto adds what x read to the region e.rb is building.
func (e *evaluator) readInto(x *scheme.Expr, rec *plan.Record) {
	for _, name := range x.Reads() {
		if field, ok := strings.CutPrefix(name, "record."); ok && rec != nil {
			if field == "id" {
				e.rb.add(name, rec.ID)
			} else {
				e.rb.add(name, rec.Field(field))
			}
			continue
		}
		if id, ok := strings.CutPrefix(name, "runs."); ok && e.runs != nil {
			e.rb.add(name, strconv.Itoa(e.runs[id]))
			continue
		}
		if v, ok := e.b.InputText(name); ok {
			e.rb.add(name, v)
		}
	}
}

// path names the evidence an expression reads, for errors.
func path(x *scheme.Expr, rec *plan.Record, list string) string {
	if rec != nil {
		return fmt.Sprintf("records.%s[%d] %s", list, rec.Index, rec.ID)
	}
	if x == nil {
		return ""
	}
	var parts []string
	for _, r := range x.Reads() {
		if !strings.HasPrefix(r, "params.") && !strings.HasPrefix(r, "subject.") && !strings.HasPrefix(r, "period.") && !strings.HasPrefix(r, "tables.") {
			parts = append(parts, "facts."+r)
		}
	}
	return strings.Join(parts, ", ")
}

// cond evaluates a condition (for rec, when it is scored per record); a
// static one, on parameters alone, is answered from its value folded when
// the scheme compiled (Binding.Eval).
func (e *evaluator) cond(x *scheme.Expr, rec *plan.Record) (bool, error) {
	return e.b.Bool(e.ctx, x, rec)
}

// exact evaluates a number expression exactly: comparisons use this.
func (e *evaluator) exact(x *scheme.Expr, rec *plan.Record) (scheme.Exact, error) {
	return e.b.Exact(e.ctx, x, rec)
}

// record returns the number recorded for v (Scheme.Record) and, when v
// had to be rounded, notes its exact value in st under field.
func (e *evaluator) record(st *Step, field string, v scheme.Exact) decimal.Decimal {
	d, rounded := plan.Recorded(e.s, v)
	if rounded && !e.lean {
		if st.Exact == nil {
			st.Exact = map[string]string{}
		}
		st.Exact[field] = v.String()
	}
	return d
}

// recorded returns the number recorded for v, as record does, for a
// value no audit step shows.
func (e *evaluator) recorded(v scheme.Exact) decimal.Decimal {
	d, _ := plan.Recorded(e.s, v)
	return d
}

// recordP is record with the number also as Points: made from v's
// compact form when it has one, with no decimal.Decimal read for it (its
// digits counted), else NewPoints of what record returns.
func (e *evaluator) recordP(st *Step, field string, v scheme.Exact) (decimal.Decimal, Points) {
	if c, x, ok := plan.Compact(v); ok {
		// A compact value terminates: it is recorded as it is.
		return celdec.SmallDecimal(c, x), compactPoints(c, x)
	}
	d := e.record(st, field, v)
	return d, NewPoints(d)
}

// recordPts is recordP for a number only shown as Points: a compact value
// makes no decimal.Decimal (one outside celdec's shared cache, such as
// 10000, would cost two allocations).
func (e *evaluator) recordPts(st *Step, field string, v scheme.Exact) Points {
	if c, x, ok := plan.Compact(v); ok {
		return compactPoints(c, x)
	}
	return NewPoints(e.record(st, field, v))
}

// weigh returns v × w, exact and then recorded, and w recorded, and sets
// st's factor and points to them (a weight of 1/3 is not rounded before
// it multiplies). Its callers read them as Points only: no
// decimal.Decimal is made for a compact value.
func (e *evaluator) weigh(st *Step, v decimal.Decimal, w scheme.Exact) (p, factor Points, err error) {
	x, err := scheme.ExactOf(v).Mul(w)
	if err != nil {
		return Points{}, Points{}, err
	}
	p, factor = e.recordPts(st, "points", x), e.recordPts(st, "factor", w)
	if !e.lean {
		st.Factor, st.Points = e.ptr(factor), e.ptr(p)
	}
	return p, factor, nil
}

// dyn is x when it reads evidence, nil when it is static (literals and
// parameters, folded once): points that read evidence are cited beside the
// measure or condition, constant ones are not.
func dyn(x *scheme.Expr) *scheme.Expr {
	if x == nil || x.Static() {
		return nil
	}
	return x
}

// readsOf merges what several expressions read, for one audit step. Most
// of them (constant points) read nothing and cost nothing here. A
// totals-only evaluation records no reads.
func (e *evaluator) readsOf(rec *plan.Record, xs ...*scheme.Expr) Reads {
	if e.lean {
		return nil
	}
	return e.readsAlways(rec, xs...)
}

// readsAlways is readsOf for what the result itself shows (a veto's
// facts), recorded in a totals-only evaluation too.
func (e *evaluator) readsAlways(rec *plan.Record, xs ...*scheme.Expr) Reads {
	e.rb.begin()
	for _, x := range xs {
		if x != nil {
			e.readInto(x, rec)
		}
	}
	return e.rb.end()
}

// citesOf merges the facts several expressions read: in order when one
// expression reads facts, sorted and each once when several do.
func (e *evaluator) citesOf(xs ...*scheme.Expr) []string {
	var out []string
	merged := false
	for _, x := range xs {
		if x == nil || len(x.Reads()) == 0 {
			continue
		}
		c := e.factCites(x)
		if out == nil {
			out = c
			continue
		}
		out, merged = append(out, c...), true
	}
	if merged {
		sort.Strings(out)
		out = dedupe(out)
	}
	return out
}

// exactOne is the weight of a section that declares none.
var exactOne = scheme.ExactOf(decimal.NewFromInt(1))

func (e *evaluator) run(r *Result) error {
	s := e.s
	// The indicators' and sections' results, allocated once.
	nInd, nSec := 0, 0
	for _, sec := range s.Sections() {
		nInd += len(sec.Indicators)
		nSec++
	}
	if rs := s.Rounds(); rs != nil && rs.OnTotal {
		nInd, nSec = nInd*len(rs.List), nSec*len(rs.List)
	}
	if nInd > 0 {
		r.Indicators = reuseSlice(e.spare.ind, nInd)
	}
	if nSec > 0 {
		r.Sections = reuseSlice(e.spare.sec, nSec)
	}
	var total decimal.Decimal
	if err := e.pointVetoes(); err != nil {
		return err
	}
	var err error
	if rs := s.Rounds(); rs != nil && rs.OnTotal {
		total, err = e.runRounds(r)
	} else {
		total, err = e.score(r)
	}
	if err != nil {
		return err
	}
	if !e.lean {
		e.add(&Step{Kind: StepTotal, Points: e.pp(total)})
	}
	t := s.Total()
	total, err = e.bound("total", "", &Step{}, total, t.Cap, t.Floor)
	if err != nil {
		return err
	}
	total = e.zeroed("total", &Step{}, total)
	if rd := t.Rounding; rd != nil {
		rounded := rd.Mode.Round(total, rd.Scale)
		if !e.lean {
			e.add(&Step{Kind: StepRounding, Rule: rd.Mode.String(), Count: int(rd.Scale), Before: e.pp(total), Points: e.pp(rounded)})
		}
		total = rounded
	}
	r.Total = NewPoints(total)
	if err := e.bindRuns(r); err != nil {
		return err
	}
	if err := e.tier(r, total); err != nil {
		return err
	}
	if err := e.carryOut(r); err != nil {
		return err
	}
	if !e.lean {
		r.Audit = e.endAudit()
	}
	return nil
}

// roundName is the round being scored when rounds combine on the total.
func (e *evaluator) roundName() string {
	if e.round == nil {
		return ""
	}
	return e.round.Name
}

// score sums the sections' weighted points.
func (e *evaluator) score(r *Result) (decimal.Decimal, error) {
	s := e.s
	acc := zeroSum()
	for _, sec := range s.Sections() {
		in, out := zeroSum(), zeroSum()
		for _, ind := range sec.Indicators {
			if err := e.ctx.Err(); err != nil {
				return decimal.Zero, e.fail("indicator "+ind.ID, "", err)
			}
			ir, err := e.indicator(ind)
			if err != nil {
				return decimal.Zero, err
			}
			r.Indicators = append(r.Indicators, ir)
			if ind.OutsideCap {
				out.addPoints(ir.Points)
			} else {
				in.addPoints(ir.Points)
			}
		}
		inside, outside := in.value(), out.value()
		if !e.lean {
			e.add(&Step{Kind: StepSection, Section: sec.ID, Points: e.ptr(in.points())})
		}
		pts, err := e.bound("section", sec.ID, &Step{Section: sec.ID}, inside, sec.Cap, sec.Floor)
		if err != nil {
			return decimal.Zero, err
		}
		if !outside.IsZero() || sec.BonusCap != nil {
			bonus := outside
			if sec.BonusCap != nil {
				c, err := e.exact(sec.BonusCap, nil)
				if err != nil {
					return decimal.Zero, e.fail("section "+sec.ID, path(sec.BonusCap, nil, ""), msg.Errorf("bonus_cap: %w", err))
				}
				if c.CmpDecimal(bonus) < 0 {
					st := Step{Kind: StepCap, Section: sec.ID, Rule: "bonus_cap " + sec.BonusCap.Text, At: sec.BonusCap.At(),
						Reads: e.reads(sec.BonusCap, nil), Before: e.pp(bonus)}
					capped := e.record(&st, "points", c)
					st.Points = e.pp(capped)
					e.add(&st)
					bonus = capped
				}
			}
			pts = pts.Add(bonus)
			e.add(&Step{Kind: StepBonus, Section: sec.ID, Points: e.pp(bonus), Before: e.pp(pts.Sub(bonus))})
		}
		pts = e.zeroed(sec.ID, &Step{Section: sec.ID}, pts)
		// The weight is exact (1/3 stays 1/3): the contribution is rounded
		// once, when it is recorded, if it does not terminate.
		we := exactOne
		if sec.Weight != nil {
			we, _ = s.ConstExact(sec.Weight)
		}
		ptsP := NewPoints(pts)
		var st Step
		if !e.lean {
			st = Step{Kind: StepWeight, Section: sec.ID, Before: e.ptr(ptsP)}
		}
		cp, w, err := e.weigh(&st, pts, we)
		if err != nil {
			return decimal.Zero, e.fail("section "+sec.ID, "", err)
		}
		if !e.lean {
			e.add(&st)
		}
		r.Sections = append(r.Sections, SectionResult{ID: sec.ID, Round: e.roundName(), Points: ptsP, Weight: w, Contribution: cp})
		acc.addPoints(cp) // no digits counted: made compact from the exact value
	}
	return acc.value(), nil
}

// bound applies a cap and a floor, each its own audit step from base
// (read only); what and id name where for an error ("section", "a";
// "total", "").
func (e *evaluator) bound(what, id string, base *Step, v decimal.Decimal, capE, floorE *scheme.Expr) (decimal.Decimal, error) {
	v, err := e.limit(what, id, base, StepCap, v, capE, 1)
	if err != nil {
		return v, err
	}
	return e.limit(what, id, base, StepFloor, v, floorE, -1)
}

// limit clamps v to the bound x from one side: past is 1 for a cap (v
// above it) and -1 for a floor (v below it).
func (e *evaluator) limit(what, id string, base *Step, kind StepKind, v decimal.Decimal, x *scheme.Expr, past int) (decimal.Decimal, error) {
	if x == nil {
		return v, nil
	}
	lim, err := e.exact(x, nil)
	if err != nil {
		where := what
		if id != "" {
			where += " " + id
		}
		return v, e.fail(where, path(x, nil, ""), msg.Errorf("%s: %w", kind, err))
	}
	if -lim.CmpDecimal(v) != past { // compared exactly: v is past a cap of 10/3 only above 3.333…
		return v, nil
	}
	if e.lean {
		return e.recorded(lim), nil
	}
	st := *base
	st.Kind, st.Rule, st.At, st.Before = kind, x.Text, x.At(), e.pp(v)
	st.Reads = e.reads(x, nil)
	d, dp := e.recordP(&st, "points", lim)
	st.Points = e.ptr(dp)
	e.add(&st)
	return d, nil
}

func (e *evaluator) applies(ind *scheme.Indicator) (bool, string, error) {
	cat := e.ev.Subject.Category
	match := func(a *scheme.Applicability) (bool, error) {
		for _, c := range a.Categories {
			if c == cat {
				return true, nil
			}
		}
		if a.When != nil {
			return e.cond(a.When, nil)
		}
		return false, nil
	}
	if ind.Pool != "" && !e.b.Chosen(ind.ID) {
		return false, "not chosen from pool " + ind.Pool, nil
	}
	if a := ind.AppliesTo; a != nil {
		ok, err := match(a)
		if err != nil || !ok {
			return false, "applies_to", err
		}
	}
	if a := ind.Exempt; a != nil {
		ok, err := match(a)
		if err != nil || ok {
			return false, "exempt", err
		}
	}
	return true, "", nil
}

func (e *evaluator) indicator(ind *scheme.Indicator) (IndicatorResult, error) {
	ir := IndicatorResult{ID: ind.ID, Section: ind.Section, Round: e.roundName()}
	where := func() string { return "indicator " + ind.ID } // built only for an error
	ok, why, err := e.applies(ind)
	if err != nil {
		return ir, e.fail(where(), "subject", err)
	}
	if !ok {
		if err := e.refuseEntries(ind.ID, why); err != nil {
			return ir, err
		}
		e.add(&Step{Kind: StepNotApplicable, Section: ind.Section, Indicator: ind.ID, Rule: why})
		return ir, nil
	}
	return e.scored(ind)
}

// factCites names the facts an expression read, as "facts.NAME", or
// "UNIT:facts.NAME" for a fact taken from a linked unit.
func (e *evaluator) factCites(x *scheme.Expr) []string {
	if e.unit == nil {
		// No fact comes from a linked unit: the names depend on the
		// scheme alone, and are made once (citeCache).
		return e.lb.copy(e.cites.of(e.s, x)...)
	}
	mark := len(e.scratch)
	for _, r := range x.Reads() {
		if !strings.Contains(r, ".") && !e.isValue(r) {
			c := e.sb.join("facts.", r)
			if u, ok := e.unit[r]; ok {
				c = e.sb.join(u, ":", c)
			}
			e.scratch = append(e.scratch, c)
		}
	}
	out := e.lb.copy(e.scratch[mark:]...)
	e.scratch = e.scratch[:mark]
	return out
}

// citeCache holds, for the expressions of one scheme, the facts each
// cites ("facts.NAME", factCites without linked units), made the first
// time an evaluator of that scheme asks. It is an evaluator's, and kept
// with it in the pool (release): a batch of one scheme builds it once a
// worker. Its strings are its own, never carved from a result's chunks
// (a result reused writes those again); a result gets a copy of a list.
type citeCache struct {
	s *scheme.Scheme
	m map[*scheme.Expr][]string
}

// maxCachedCites bounds the expressions a cache holds: past it, a
// scheme's further expressions are named on each call.
const maxCachedCites = 1024

// of returns the facts x cites in s, in the order x reads them.
func (c *citeCache) of(s *scheme.Scheme, x *scheme.Expr) []string {
	if c.s != s {
		if c.m == nil {
			c.m = make(map[*scheme.Expr][]string)
		}
		clear(c.m)
		c.s = s
	}
	if names, ok := c.m[x]; ok {
		return names
	}
	var names []string
	for _, r := range x.Reads() {
		if !strings.Contains(r, ".") && s.Value(r) == nil {
			names = append(names, "facts."+r)
		}
	}
	if len(c.m) < maxCachedCites {
		c.m[x] = names
	}
	return names
}

// window is the days an indicator's records count in: [start, end), or
// every day when its records are undated.
type window struct {
	start, end time.Time
	all        bool
}

// holds reports whether rec is in w.
func (w *window) holds(rec *plan.Record) bool {
	return w.all || !rec.Date.Before(w.start) && rec.Date.Before(w.end)
}

// window returns the days ind's records count in.
func (e *evaluator) window(ind *scheme.Indicator) (window, error) {
	if in := e.s.Input(ind.Records); in != nil && in.Undated {
		return window{all: true}, nil // undated records are all in the period
	}
	start, end := e.windowSpan(ind.Window)
	if ind.Since != nil {
		since, err := e.b.Date(e.ctx, ind.Since, nil)
		if err != nil {
			return window{}, err
		}
		start = since
	}
	return window{start: start, end: end}, nil
}

// span is the days a window covers in the period scored.
type span struct {
	w          *scheme.Window
	start, end time.Time
}

// windowSpan returns the days w covers in the period scored
// (plan.WindowSpan), worked out once an evaluation for each window: the
// indicators of a scheme mostly share one, the period itself.
func (e *evaluator) windowSpan(w *scheme.Window) (start, end time.Time) {
	for _, sp := range e.spans {
		if sp.w == w {
			return sp.start, sp.end
		}
	}
	start, end = plan.WindowSpan(e.s, w, e.b.Period())
	if len(e.spans) < cap(e.spans) {
		e.spans = append(e.spans, span{w, start, end})
	}
	return start, end
}

func (e *evaluator) records(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	acc := zeroSum()
	cands, err := e.candidates(ind)
	if err != nil {
		return decimal.Zero, nil, err
	}
	// The cites are gathered on e.scratch, above mark.
	mark := len(e.scratch)
	defer func() { e.scratch = e.scratch[:mark] }()
	kept := keep(ind, cands)
	for i := range cands {
		cd := &cands[i]
		rec := cd.rec
		if cd.skip != "" {
			if !e.lean {
				st := Step{Section: ind.Section, Indicator: ind.ID, Record: rec.ID}
				st.Kind = cd.skip
				if cd.skip == StepFiltered {
					st.Rule, st.Reads = ind.Where.Text, cd.reads
				}
				e.add(&st)
			}
			continue
		}
		if k := kept[cd.key]; ind.DedupeBy != nil && k != cd {
			if !e.lean {
				st := Step{Section: ind.Section, Indicator: ind.ID, Record: rec.ID}
				st.Kind, st.Rule, st.Match, st.Cites = StepDuplicate, ind.DedupeBy.Text, cd.shown, e.lb.copy(k.rec.ID)
				if ind.DedupeWeight != nil {
					st.Measure, st.Factor = e.pp(cd.weightShown), e.pp(k.weightShown)
				}
				e.add(&st)
			}
			continue
		}
		// The gate: every document and condition, each checked.
		st := Step{Section: ind.Section, Indicator: ind.ID, Record: rec.ID}
		st.Kind = StepRecord
		passed, err := e.gate(ind, rec, &st)
		if err != nil {
			return decimal.Zero, nil, err
		}
		var pts Points // 0, as decimal.Zero is
		if passed {
			var extra []string
			pts, extra, err = e.recordPoints(ind, rec, &st)
			if err != nil {
				return decimal.Zero, nil, err
			}
			if pts.sign() != 0 {
				c := e.sb.join(ind.Records, ":", rec.ID)
				if u, ok := e.unit[ind.Records]; ok {
					c = e.sb.join(u, ":", c)
				}
				e.scratch = append(e.scratch, c)
				e.scratch = append(e.scratch, extra...)
			}
		}
		if !e.lean {
			st.Passed, st.Points = e.truth(passed), e.ptr(pts)
			e.add(&st)
		}
		acc.addPoints(pts) // no digits counted: made compact from the exact value
	}
	return acc.value(), e.lb.copy(e.scratch[mark:]...), nil
}

// hasDocument reports whether docs holds kind, as Record.HasDocument
// does. It looks from *at on, then from the start, and moves *at past the
// match: a record mostly lists its documents in the order its gate names
// them, and each is then found at the first look.
func hasDocument(docs []string, kind string, at *int) bool {
	n := len(docs)
	i := *at
	for range n {
		if i >= n {
			i = 0
		}
		if docs[i] == kind {
			*at = i + 1
			return true
		}
		i++
	}
	return false
}

// gate checks a record against ind's gate: whether it has every document
// and meets every condition. Each condition is evaluated, so that one
// that fails to evaluate is an error whatever the others give; the
// audit's step st notes what is missing, what failed and what those
// conditions read.
func (e *evaluator) gate(ind *scheme.Indicator, rec *plan.Record, st *Step) (bool, error) {
	g := ind.Gate
	if g == nil {
		return true, nil
	}
	at := 0 // where the next document is looked for (hasDocument)
	if e.lean {
		passed := true
		for _, d := range g.Documents {
			if !hasDocument(rec.Documents, d, &at) {
				passed = false
				break
			}
		}
		for _, c := range g.Conditions {
			ok, err := e.cond(c.When, rec)
			if err != nil {
				return false, e.fail("indicator "+ind.ID, path(c.When, rec, ind.Records), msg.Errorf("condition %s: %w", c.ID, err))
			}
			passed = passed && ok
		}
		return passed, nil
	}
	// The documents missing, then the conditions failed, on e.scratch
	// above gate.
	gate := len(e.scratch)
	for _, d := range g.Documents {
		if !hasDocument(rec.Documents, d, &at) {
			e.scratch = append(e.scratch, d)
		}
	}
	failed := len(e.scratch)
	for _, c := range g.Conditions {
		ok, err := e.cond(c.When, rec)
		if err != nil {
			e.scratch = e.scratch[:gate]
			return false, e.fail("indicator "+ind.ID, path(c.When, rec, ind.Records), msg.Errorf("condition %s: %w", c.ID, err))
		}
		if !ok {
			e.scratch = append(e.scratch, c.ID)
			st.Reads = e.rb.merge(st.Reads, e.reads(c.When, rec))
		}
	}
	st.Missing, st.Failed = e.lb.copy(e.scratch[gate:failed]...), e.lb.copy(e.scratch[failed:]...)
	e.scratch = e.scratch[:gate]
	return len(st.Missing) == 0 && len(st.Failed) == 0, nil
}

// recordPoints scores one record that passed its gate, as Points: the
// records' sum and steps read nothing else of it.
func (e *evaluator) recordPoints(ind *scheme.Indicator, rec *plan.Record, st *Step) (Points, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	switch {
	case ind.Points != nil:
		p, err := e.exact(ind.Points, rec)
		if err != nil {
			return Points{}, nil, e.fail(where(), path(ind.Points, rec, ind.Records), err)
		}
		if !e.lean {
			st.Rule = ind.Points.Text
			st.Reads = e.rb.merge(st.Reads, e.readsOf(rec, dyn(ind.Points)))
		}
		pp := e.recordPts(st, "points", p)
		return pp, e.citesOf(dyn(ind.Points)), nil
	case ind.Measure != nil:
		m, err := e.exact(ind.Measure, rec)
		if err != nil {
			return Points{}, nil, e.fail(where(), path(ind.Measure, rec, ind.Records), err)
		}
		band, ok := plan.Band(e.s, ind, m)
		if !ok {
			return Points{}, nil, e.fail(where(), path(ind.Measure, rec, ind.Records), msg.Errorf("%w: measure %s", ErrNoBand, m))
		}
		p, err := e.exact(band.Points, rec)
		if err != nil {
			return Points{}, nil, e.fail(where(), path(band.Points, rec, ind.Records), msg.Errorf("band %s: points: %w", band.Range.Text, err))
		}
		if !e.lean {
			mp := e.recordPts(st, "measure", m)
			st.Rule, st.Measure, st.Match = ind.Measure.Text, e.ptr(mp), band.Range.Text
			st.Reads = e.rb.merge(st.Reads, e.readsOf(rec, ind.Measure, dyn(band.Points)))
		}
		pp := e.recordPts(st, "points", p)
		return pp, e.citesOf(ind.Measure, dyn(band.Points)), nil
	case ind.Discretionary != nil && e.s.Rounds() != nil:
		p, cites, err := e.fromRounds(ind, rec.ID)
		if err != nil {
			return Points{}, nil, err
		}
		return NewPoints(p), cites, nil
	case ind.Discretionary != nil:
		var entry *evidence.Assessment
		as := e.b.RecordAssessments(ind.ID, rec.ID)
		for i := range as {
			if entry != nil {
				return Points{}, nil, e.fail(where(), "assessments", msg.Errorf("%w: record %s", ErrDuplicate, rec.ID))
			}
			entry = &as[i] // read only
		}
		if entry == nil {
			return Points{}, nil, e.fail(where(), fmt.Sprintf("records.%s[%d] %s", ind.Records, rec.Index, rec.ID), ErrNotAssessed)
		}
		p, err := e.checkRange(ind, entry)
		if err != nil {
			return Points{}, nil, err
		}
		st.Assessor, st.Role, st.Reason, st.Time, st.Name = entry.Assessor, entry.Role, entry.Reason, entry.Time, entry.AssessorName
		return NewPoints(p), e.lb.copy(e.sb.join("assessment:", entry.Assessor, "/", ind.ID, "/", rec.ID)), nil
	}
	return Points{}, nil, nil
}

func (e *evaluator) checkRange(ind *scheme.Indicator, a *evidence.Assessment) (decimal.Decimal, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	p, err := assessedPoints(string(a.Points))
	if err != nil {
		return p, e.fail(where(), "assessments", msg.Errorf("points %q: %w", a.Points, err))
	}
	lo, _ := e.s.ConstExact(ind.Discretionary.Min)
	hi, _ := e.s.ConstExact(ind.Discretionary.Max)
	if lo.CmpDecimal(p) > 0 || hi.CmpDecimal(p) < 0 {
		return p, e.fail(where(), "assessments", msg.Errorf("%w: %s gave %s%s, the range is %s to %s", ErrOutOfRange, a.Assessor, decText(p), forRecord(a.Record), lo, hi))
	}
	return deducted(ind, p), nil
}

func (e *evaluator) bands(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	m, err := e.exact(ind.Measure, nil)
	if err != nil {
		return decimal.Zero, nil, e.fail(where(), path(ind.Measure, nil, ""), err)
	}
	// The band is chosen by the exact measure; only the audit shows it
	// rounded, when it does not terminate.
	band, ok := plan.Band(e.s, ind, m)
	if !ok {
		return decimal.Zero, nil, e.fail(where(), path(ind.Measure, nil, ""), msg.Errorf("%w: measure %s", ErrNoBand, m))
	}
	pe, err := e.exact(band.Points, nil)
	if err != nil {
		return decimal.Zero, nil, e.fail(where(), path(band.Points, nil, ""), msg.Errorf("band %s: points: %w", band.Range.Text, err))
	}
	cites := e.citesOf(ind.Measure, dyn(band.Points))
	if e.lean {
		return e.recorded(pe), cites, nil
	}
	st := Step{Kind: StepBand, Section: ind.Section, Indicator: ind.ID, Rule: ind.Measure.Text, At: band.At(),
		Reads: e.readsOf(nil, ind.Measure, dyn(band.Points)), Match: band.Range.Text, Cites: cites}
	p, pp := e.recordP(&st, "points", pe)
	mp := e.recordPts(&st, "measure", m)
	st.Measure, st.Points = e.ptr(mp), e.ptr(pp)
	e.add(&st)
	return p, cites, nil
}

func (e *evaluator) steps(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	rule := ind.Steps
	m, err := e.exact(ind.Measure, nil)
	if err != nil {
		return decimal.Zero, nil, e.fail(where(), path(ind.Measure, nil, ""), err)
	}
	every, err := e.exact(rule.Every, nil)
	if err != nil {
		return decimal.Zero, nil, e.fail(where(), path(rule.Every, nil, ""), msg.Errorf("steps.every: %w", err))
	}
	if every.Sign() <= 0 {
		return decimal.Zero, nil, e.fail(where(), path(rule.Every, nil, ""), msg.Errorf("%w, got %s", ErrStepNotPositive, every))
	}
	per, err := e.exact(rule.Points, nil)
	if err != nil {
		return decimal.Zero, nil, e.fail(where(), path(rule.Points, nil, ""), msg.Errorf("steps.points: %w", err))
	}
	from := scheme.Exact{}
	if rule.From != nil {
		if from, err = e.exact(rule.From, nil); err != nil {
			return decimal.Zero, nil, e.fail(where(), path(rule.From, nil, ""), msg.Errorf("steps.from: %w", err))
		}
	}
	// Counted exactly: floor((m − from) / every) full steps, the other
	// way with direction: below, and a step begun counts with count: started.
	n, err := stepCount(rule, m, from, every)
	var pe scheme.Exact
	if err == nil {
		pe, err = scheme.ExactOf(n).Mul(per)
	}
	if err != nil {
		return decimal.Zero, nil, e.fail(where(), path(ind.Measure, nil, ""), err)
	}
	cites := e.citesOf(ind.Measure, dyn(rule.Points), dyn(rule.From), dyn(rule.Every))
	if e.lean {
		return e.recorded(pe), cites, nil
	}
	st := Step{Kind: StepSteps, Section: ind.Section, Indicator: ind.ID, Rule: ind.Measure.Text, At: ind.Measure.At(),
		Reads: e.readsOf(nil, ind.Measure, dyn(rule.Points), dyn(rule.From), dyn(rule.Every)), Count: int(n.IntPart()), Cites: cites}
	p := e.record(&st, "points", pe)
	st.Measure, st.Factor, st.Points = e.ptr(e.recordPts(&st, "measure", m)), e.ptr(e.recordPts(&st, "factor", per)), e.pp(p)
	e.add(&st)
	return p, cites, nil
}

// single returns the one assessor entry for an indicator without a record.
func (e *evaluator) single(ind *scheme.Indicator) (*evidence.Assessment, error) {
	var entry *evidence.Assessment
	as := e.b.Assessments(ind.ID)
	for i := range as {
		a := &as[i] // read only
		if a.Record != "" {
			continue
		}
		if entry != nil {
			return nil, e.fail("indicator "+ind.ID, "assessments", msg.Errorf("%w: %s and %s both scored it", ErrDuplicate, entry.Assessor, a.Assessor))
		}
		entry = a
	}
	return entry, nil
}

func (e *evaluator) discretionary(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	if e.s.Rounds() != nil {
		return e.fromRounds(ind, "")
	}
	entry, err := e.single(ind)
	if err != nil {
		return decimal.Zero, nil, err
	}
	if entry == nil {
		if !e.lean {
			e.add(&Step{Kind: StepNotAssessed, Section: ind.Section, Indicator: ind.ID, Points: e.pp(decimal.Zero)})
		}
		return decimal.Zero, nil, nil
	}
	p, err := e.checkRange(ind, entry)
	if err != nil {
		return p, nil, err
	}
	cites := e.lb.copy(e.sb.join("assessment:", entry.Assessor, "/", ind.ID))
	if e.lean {
		return p, cites, nil
	}
	kind := StepAssessment
	if ind.Discretionary.Deduct {
		kind = StepDeducted
	}
	e.add(&Step{Kind: kind, Section: ind.Section, Indicator: ind.ID, Assessor: entry.Assessor, Role: entry.Role,
		Name: entry.AssessorName, Reason: entry.Reason, Time: entry.Time, Points: e.pp(p), Cites: cites})
	return p, cites, nil
}

func (e *evaluator) grades(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	st := Step{Kind: StepGrade, Section: ind.Section, Indicator: ind.ID}
	var grade string
	var cites []string
	if ind.Grade != nil {
		g, err := e.b.String(e.ctx, ind.Grade, nil)
		if err != nil {
			return decimal.Zero, nil, e.fail(where(), path(ind.Grade, nil, ""), err)
		}
		grade, st.Rule, st.Reads, cites = g, ind.Grade.Text, e.reads(ind.Grade, nil), e.factCites(ind.Grade)
	} else if e.s.Rounds() != nil {
		return e.fromRounds(ind, "")
	} else {
		entry, err := e.single(ind)
		if err != nil {
			return decimal.Zero, nil, err
		}
		if entry == nil {
			if !e.lean {
				e.add(&Step{Kind: StepNotAssessed, Section: ind.Section, Indicator: ind.ID, Points: e.pp(decimal.Zero)})
			}
			return decimal.Zero, nil, nil
		}
		grade = entry.Grade
		st.Assessor, st.Role, st.Reason, st.Time, st.Name = entry.Assessor, entry.Role, entry.Reason, entry.Time, entry.AssessorName
		cites = e.lb.copy(e.sb.join("assessment:", entry.Assessor, "/", ind.ID))
	}
	p, err := e.gradePoints(ind, grade, &st)
	if err != nil {
		return p, nil, err
	}
	if !e.lean {
		st.Match, st.Points, st.Cites = grade, e.pp(p), cites
		e.add(&st)
	}
	return p, cites, nil
}

// gradePoints returns the recorded points of a grade of ind.
func (e *evaluator) gradePoints(ind *scheme.Indicator, grade string, st *Step) (decimal.Decimal, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	for _, g := range ind.Grades {
		if g.Name == grade {
			p, err := e.exact(g.Points, nil)
			if err != nil {
				return decimal.Zero, e.fail(where(), "grades."+g.Name, err)
			}
			return e.record(st, "points", p), nil
		}
	}
	return decimal.Zero, e.fail(where(), "grade", msg.Errorf("%w: %q", ErrUnknownGrade, grade))
}

func (e *evaluator) checklist(ind *scheme.Indicator) (decimal.Decimal, []string, error) {
	where := func() string { return "indicator " + ind.ID } // built only for an error
	acc := zeroSum()
	var cites []string
	for _, it := range ind.Items {
		ok, err := e.cond(it.When, nil)
		if err != nil {
			return decimal.Zero, nil, e.fail(where(), path(it.When, nil, ""), msg.Errorf("item %s: %w", it.ID, err))
		}
		p := decimal.Zero
		var c []string
		var st Step
		if !e.lean {
			st = Step{Kind: StepItem, Section: ind.Section, Indicator: ind.ID, Match: it.ID, Rule: it.When.Text, Passed: e.truth(ok)}
		}
		if ok {
			pe, err := e.exact(it.Points, nil)
			if err != nil {
				return decimal.Zero, nil, e.fail(where(), "item "+it.ID, err)
			}
			p = e.record(&st, "points", pe)
			c = e.citesOf(it.When, dyn(it.Points))
			cites = append(cites, c...)
			st.Reads = e.readsOf(nil, it.When, dyn(it.Points))
		} else {
			st.Reads = e.reads(it.When, nil)
		}
		if !e.lean {
			st.Points, st.Cites = e.pp(p), c
			e.add(&st)
		}
		acc.add(p)
	}
	sort.Strings(cites)
	return acc.value(), dedupe(cites), nil
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// tier finds the tier the total reaches, then applies the vetoes.
func (e *evaluator) tier(r *Result, total decimal.Decimal) error {
	s := e.s
	tiers := s.Tiers()
	idx := -1
	for i := range tiers {
		t := &tiers[i]
		if t.VetoOnly {
			continue // only a veto reaches it
		}
		reach := true
		// Thresholds are compared exactly: with min 200/3 (66.666…) a
		// total of 66.6666 does not reach the tier and 66.6667 does.
		if t.Min != nil {
			v, _ := s.ConstExact(t.Min)
			reach = v.CmpDecimal(total) <= 0
		} else if t.Above != nil {
			v, _ := s.ConstExact(t.Above)
			reach = v.CmpDecimal(total) < 0
		}
		if reach && t.When != nil {
			ok, err := e.cond(t.When, nil)
			if err != nil {
				return e.fail("tier "+t.ID, path(t.When, nil, ""), err)
			}
			reach = ok
		}
		if reach {
			idx = i
			break
		}
	}
	index := func(id string) int {
		for i := range tiers {
			if tiers[i].ID == id {
				return i
			}
		}
		return -1
	}
	for i := range s.Vetoes() {
		v := &s.Vetoes()[i]
		f, err := e.fire(v)
		if err != nil {
			return err
		}
		if f.pending {
			r.Pending = append(r.Pending, f.vr) // awaits its decision
		}
		if !f.fired {
			continue
		}
		r.Vetoes = append(r.Vetoes, f.vr)
		if v.Tier != "" {
			idx = max(idx, index(v.Tier))
		} else if c := index(v.CapTier); idx < c {
			idx = c
		}
	}
	if idx >= 0 || len(tiers) > 0 {
		// With every tier veto_only and no veto fired, no tier: the step
		// says so (Match "").
		if idx >= 0 {
			r.Tier = tiers[idx].ID
		}
		if !e.lean {
			st := Step{Kind: StepTier, Match: r.Tier, Points: e.pp(total)}
			if len(r.Pending) > 0 {
				st.Rule = "provisional" // a veto awaits its decision
			}
			e.add(&st)
		}
	}
	r.Consequences = consequences(s, r.Tier, r.Vetoes)
	return nil
}

// latest returns the decision that stands among a veto's confirmations:
// the latest instant (02:00Z is after 09:00+08:00, which is 01:00Z). Bind
// has checked every time, and refused two at the same instant that
// disagree; of two at the same instant that agree, the first in evidence
// order is cited.
func latest(cs []evidence.Confirmation) *evidence.Confirmation {
	var decided *evidence.Confirmation
	var at time.Time
	for i := range cs {
		t, err := time.Parse(time.RFC3339, cs[i].Time)
		if err != nil {
			continue // refused by Bind
		}
		if decided == nil || t.After(at) {
			decided, at = &cs[i], t
		}
	}
	return decided
}

// consequences lists what a tier and the vetoes that fired bring, sorted.
func consequences(s *scheme.Scheme, tier string, vetoes []VetoResult) []string {
	var out []string
	if t := s.Tier(tier); t != nil {
		out = append(out, t.Consequences...)
	}
	for _, v := range vetoes {
		if d := s.Veto(v.ID); d != nil {
			out = append(out, d.Consequences...)
		}
	}
	sort.Strings(out)
	return dedupe(out)
}

package engine

import (
	"bytes"
	"encoding/json"
	"iter"
	"maps"
	"math/bits"
	"slices"
	"strconv"
)

// Audit is a result's audit trail: its steps in order. It holds them
// compactly, a fixed entry of 64 bytes a step, without pointers, and the
// steps' names in one list of strings, and renders a Step when asked
// (Step, Steps, All). Its JSON is the list of steps, byte for byte what a
// []Step writes: null for the zero Audit (a totals-only result), [] for
// an audit of no steps.
//
// An Audit is read-only: the Steps it renders share its strings and
// lists, and must not be modified.
type Audit struct {
	ents []auditEntry
	strs []string // each step's names, reads, cites, missing, failed and exact values, in order (auditEntry.str)
	rare []Step   // the steps an entry cannot hold (fits), as they are
}

// auditEntry is one step. Its strings are strs[str:], in this order: the
// string fields set (fields, in the order of the f constants) but those
// the same as the step before's (same: a round, section or indicator
// mostly is), the reads as name and value, the cites, the missing, the
// failed, and the exact values as name and value. A step it cannot hold
// (fits) is in rare, at c[0].
type auditEntry struct {
	c      [4]int64 // the numbers' coefficients (measure, before, points, factor)
	str    uint32   // the first of its strings in strs
	count  int32
	reads  uint16 // how many reads
	cites  uint16
	miss   uint16
	failed uint16
	exact  uint16
	fields uint16  // the string fields set, a bit each (the f constants)
	same   uint8   // of those, the ones the same as the step before's, a bit each (fRound, fSection, fIndicator)
	e      [4]int8 // the numbers' exponents
	kind   uint8   // the index in stepKinds
	nums   uint8   // the numbers set, a bit each (the num constants)
	flags  uint8
}

const (
	passedSet  = 1 << iota // Passed is not nil
	passedTrue             // *Passed
	rareStep               // the step is in rare, at c[0]
)

// The numbers of a step, in the order of its JSON.
const (
	numMeasure = iota
	numBefore
	numPoints
	numFactor
)

// The string fields of a step, in the order of its JSON.
const (
	fRound = iota
	fSection
	fIndicator
	fRecord
	fRule
	fAt
	fMatch
	fAssessor
	fName
	fRole
	fReason
	fTime
	fValue
	nFields
)

// stepKinds are the kinds an entry names by index, the most frequent
// first; a step of another kind (a host's, or one added to the engine
// and not listed here) is kept whole in rare.
var stepKinds = [...]StepKind{"", StepRecord, StepRaw, StepSection, StepWeight, StepCap, StepFloor,
	StepTotal, StepRounding, StepTier, StepBand, StepSteps, StepAssessment, StepNotAssessed,
	StepGrade, StepItem, StepValue, StepNotApplicable, StepOutOfWindow, StepFiltered,
	StepDuplicate, StepBonus, StepVeto, StepVetoPending, StepRound, StepCarry, StepLink,
	StepNamedValue, StepSubjectExempt, StepFull, StepDeducted, StepVetoZero, StepSpan,
	StepMissing, StepRepeated, StepCarryOut, StepRun, StepQuota, StepQuotaMove,
	StepQuotaKeep, StepAwardGiven, StepAwardBar}

// kindCode returns k's index in stepKinds, 0 when it has none: a switch,
// which the compiler turns into a binary search, where a scan of the list
// compared a step of a late kind (value, item) with a dozen others.
// TestKindCodes holds it to the list.
func kindCode(k StepKind) uint8 {
	switch k {
	case StepRecord:
		return 1
	case StepRaw:
		return 2
	case StepSection:
		return 3
	case StepWeight:
		return 4
	case StepCap:
		return 5
	case StepFloor:
		return 6
	case StepTotal:
		return 7
	case StepRounding:
		return 8
	case StepTier:
		return 9
	case StepBand:
		return 10
	case StepSteps:
		return 11
	case StepAssessment:
		return 12
	case StepNotAssessed:
		return 13
	case StepGrade:
		return 14
	case StepItem:
		return 15
	case StepValue:
		return 16
	case StepNotApplicable:
		return 17
	case StepOutOfWindow:
		return 18
	case StepFiltered:
		return 19
	case StepDuplicate:
		return 20
	case StepBonus:
		return 21
	case StepVeto:
		return 22
	case StepVetoPending:
		return 23
	case StepRound:
		return 24
	case StepCarry:
		return 25
	case StepLink:
		return 26
	case StepNamedValue:
		return 27
	case StepSubjectExempt:
		return 28
	case StepFull:
		return 29
	case StepDeducted:
		return 30
	case StepVetoZero:
		return 31
	case StepSpan:
		return 32
	case StepMissing:
		return 33
	case StepRepeated:
		return 34
	case StepCarryOut:
		return 35
	case StepRun:
		return 36
	case StepQuota:
		return 37
	case StepQuotaMove:
		return 38
	case StepQuotaKeep:
		return 39
	case StepAwardGiven:
		return 40
	case StepAwardBar:
		return 41
	}
	return 0
}

// field returns st's string field f.
func (st *Step) field(f int) string {
	switch f {
	case fRound:
		return st.Round
	case fSection:
		return st.Section
	case fIndicator:
		return st.Indicator
	case fRecord:
		return st.Record
	case fRule:
		return st.Rule
	case fAt:
		return st.At
	case fMatch:
		return st.Match
	case fAssessor:
		return st.Assessor
	case fName:
		return st.Name
	case fRole:
		return st.Role
	case fReason:
		return st.Reason
	case fTime:
		return st.Time
	}
	return st.Value
}

// setField sets st's string field f.
func (st *Step) setField(f int, s string) {
	switch f {
	case fRound:
		st.Round = s
	case fSection:
		st.Section = s
	case fIndicator:
		st.Indicator = s
	case fRecord:
		st.Record = s
	case fRule:
		st.Rule = s
	case fAt:
		st.At = s
	case fMatch:
		st.Match = s
	case fAssessor:
		st.Assessor = s
	case fName:
		st.Name = s
	case fRole:
		st.Role = s
	case fReason:
		st.Reason = s
	case fTime:
		st.Time = s
	default:
		st.Value = s
	}
}

// number returns st's number n.
func (st *Step) number(n int) *Points {
	switch n {
	case numMeasure:
		return st.Measure
	case numBefore:
		return st.Before
	case numPoints:
		return st.Points
	}
	return st.Factor
}

// numberNames are the JSON names of a step's numbers.
var numberNames = [4]string{"measure", "before", "points", "factor"}

// fieldNames are the JSON names of the string fields.
var fieldNames = [nFields]string{"round", "section", "indicator", "record", "rule", "at", "match",
	"assessor", "assessor_name", "role", "reason", "time", "value"}

// AuditOf returns an audit of steps: the zero Audit for nil, an audit of
// no steps for an empty list.
func AuditOf(steps []Step) Audit {
	if steps == nil {
		return Audit{}
	}
	r := recorder{Audit: Audit{ents: make([]auditEntry, 0, len(steps))}}
	for i := range steps {
		r.add(&steps[i])
	}
	return r.Audit
}

// recorder records an audit, step by step.
type recorder struct {
	Audit
	last [nSame]uint32 // where the step before's round, section and indicator are in strs, plus 1; 0 for none
	run  [nSame]uint8  // how many steps in a row took each from the step before
}

// nSame is how many of the first string fields an entry may take from
// the step before (same): the round, the section and the indicator.
const nSame = 3

// maxRun bounds how many steps in a row take a field from the step
// before, and so how far back Audit.str looks for it.
const maxRun = 16

// fits reports whether an entry holds st, of a kind of stepKinds:
// numbers of at most 18 digits with small exponents, a count that fits
// an int32, and lists of at most 65,535.
func fits(st *Step) bool {
	if int64(st.Count) != int64(int32(st.Count)) {
		return false
	}
	if !fitsNumber(st.Measure) || !fitsNumber(st.Before) || !fitsNumber(st.Points) || !fitsNumber(st.Factor) {
		return false
	}
	const most = 1<<16 - 1
	return len(st.Reads) <= most && len(st.Cites) <= most && len(st.Missing) <= most &&
		len(st.Failed) <= most && len(st.Exact) <= most
}

// fitsNumber reports whether an entry holds p: nil, or compact with an
// exponent that fits an int8.
func fitsNumber(p *Points) bool { return p == nil || p.x == nil && p.e == int32(int8(p.e)) }

// add appends st.
func (r *recorder) add(st *Step) {
	a := &r.Audit
	kind := kindCode(st.Kind)
	if kind == 0 || !fits(st) {
		a.addRare(st)
		r.last, r.run = [nSame]uint32{}, [nSame]uint8{} // the next step stores its own
		return
	}
	en := auditEntry{str: uint32(len(a.strs)), kind: kind, count: int32(st.Count)}
	// The fields one by one rather than from fields(): most are empty,
	// and each is looked at once.
	r.sameField(&en, fRound, st.Round)
	r.sameField(&en, fSection, st.Section)
	r.sameField(&en, fIndicator, st.Indicator)
	a.field(&en, fRecord, st.Record)
	a.field(&en, fRule, st.Rule)
	a.field(&en, fAt, st.At)
	a.field(&en, fMatch, st.Match)
	a.field(&en, fAssessor, st.Assessor)
	a.field(&en, fName, st.Name)
	a.field(&en, fRole, st.Role)
	a.field(&en, fReason, st.Reason)
	a.field(&en, fTime, st.Time)
	a.field(&en, fValue, st.Value)
	en.number(numMeasure, st.Measure)
	en.number(numBefore, st.Before)
	en.number(numPoints, st.Points)
	en.number(numFactor, st.Factor)
	if st.Passed != nil {
		en.flags |= passedSet
		if *st.Passed {
			en.flags |= passedTrue
		}
	}
	en.reads = uint16(len(st.Reads))
	for _, r := range st.Reads {
		a.strs = append(a.strs, r.Name, r.Value)
	}
	en.cites, en.miss, en.failed = uint16(len(st.Cites)), uint16(len(st.Missing)), uint16(len(st.Failed))
	if len(st.Cites) > 0 {
		a.strs = append(a.strs, st.Cites...)
	}
	if len(st.Missing) > 0 {
		a.strs = append(a.strs, st.Missing...)
	}
	if len(st.Failed) > 0 {
		a.strs = append(a.strs, st.Failed...)
	}
	if len(st.Exact) > 0 {
		en.exact = uint16(len(st.Exact))
		if len(st.Exact) <= 4 {
			start := len(a.strs)
			for k, v := range st.Exact {
				a.strs = append(a.strs, k, v)
			}
			sortPairs(a.strs[start:])
		} else {
			for _, k := range slices.Sorted(maps.Keys(st.Exact)) {
				a.strs = append(a.strs, k, st.Exact[k])
			}
		}
	}
	a.ents = append(a.ents, en)
}

// sameField stores the string field f (< nSame) of a step, or notes
// that it is the step before's (same).
func (r *recorder) sameField(en *auditEntry, f int, s string) {
	if s == "" {
		r.last[f] = 0
		return
	}
	a := &r.Audit
	en.fields |= 1 << f
	if l := r.last[f]; l > 0 && s == a.strs[l-1] && r.run[f] < maxRun {
		en.same |= 1 << f
		r.run[f]++
		return
	}
	r.run[f], r.last[f] = 0, uint32(len(a.strs))+1
	a.strs = append(a.strs, s)
}

// field stores the string field f (≥ nSame) of a step, when it is set.
func (a *Audit) field(en *auditEntry, f int, s string) {
	if s != "" {
		en.fields |= 1 << f
		a.strs = append(a.strs, s)
	}
}

// number stores the number n of a step (one that fits), when it is set.
func (en *auditEntry) number(n int, p *Points) {
	if p != nil {
		en.nums |= 1 << n
		en.c[n], en.e[n] = p.c, int8(p.e)
	}
}

// addRare appends st as it is, with copies of what the evaluator reuses
// (its numbers, booleans and reads) and of its lists.
func (a *Audit) addRare(st *Step) {
	cp := *st
	for _, p := range []**Points{&cp.Measure, &cp.Before, &cp.Points, &cp.Factor} {
		if *p != nil {
			v := **p
			*p = &v
		}
	}
	if cp.Passed != nil {
		cp.Passed = truth(*cp.Passed)
	}
	cp.Reads = slices.Clone(cp.Reads)
	cp.Cites, cp.Missing, cp.Failed = slices.Clone(cp.Cites), slices.Clone(cp.Missing), slices.Clone(cp.Failed)
	a.ents = append(a.ents, auditEntry{c: [4]int64{int64(len(a.rare))}, flags: rareStep})
	a.rare = append(a.rare, cp)
}

// sortPairs sorts a short list of name and value pairs by name (a step's
// exact values: one to three), so that an audit is the same however its
// map was iterated.
func sortPairs(p []string) {
	for i := 2; i < len(p); i += 2 {
		for j := i; j > 0 && p[j-2] > p[j]; j -= 2 {
			p[j-2], p[j-1], p[j], p[j+1] = p[j], p[j+1], p[j-2], p[j-1]
		}
	}
}

// cloneInto returns a copy of a, of its length, in dst's slices
// where they have room (dst is the audit of a result the host is done
// with), else in slices of its own. Its ents are never nil.
func (a Audit) cloneInto(dst Audit) Audit {
	out := Audit{ents: reuseSlice(dst.ents, len(a.ents))}
	out.ents = append(out.ents, a.ents...)
	if len(a.strs) > 0 {
		out.strs = append(reuseSlice(dst.strs, len(a.strs)), a.strs...)
	}
	if len(a.rare) > 0 {
		out.rare = append(reuseSlice(dst.rare, len(a.rare)), a.rare...)
	}
	return out
}

// Len returns the number of steps.
func (a Audit) Len() int { return len(a.ents) }

// rareAt returns step i when it is rare, else nil.
func (a Audit) rareAt(i int) *Step {
	if en := &a.ents[i]; en.flags&rareStep != 0 {
		return &a.rare[en.c[0]]
	}
	return nil
}

// kind returns step i's kind.
func (a Audit) kind(i int) StepKind {
	if st := a.rareAt(i); st != nil {
		return st.Kind
	}
	return stepKinds[a.ents[i].kind]
}

// str returns step i's string field f, "" when it is not set.
func (a Audit) str(i, f int) string {
	for {
		if st := a.rareAt(i); st != nil {
			return st.field(f)
		}
		en := &a.ents[i]
		switch {
		case en.fields&(1<<f) == 0:
			return ""
		case en.same&(1<<f) != 0:
			i-- // at most maxRun steps back
			continue
		}
		return a.strs[int(en.str)+bits.OnesCount16(en.stored()&(1<<f-1))]
	}
}

// stored returns the string fields held in en's strings.
func (en *auditEntry) stored() uint16 { return en.fields &^ uint16(en.same) }

// num returns step i's number n, false when it is not set.
func (a Audit) num(i, n int) (Points, bool) {
	if st := a.rareAt(i); st != nil {
		if p := st.number(n); p != nil {
			return *p, true
		}
		return Points{}, false
	}
	en := &a.ents[i]
	if en.nums&(1<<n) == 0 {
		return Points{}, false
	}
	return Points{c: en.c[n], e: int32(en.e[n])}, true
}

// parts returns the strings of step i (not rare) after its fields: its
// reads (as name and value), cites, missing, failed and exact values (as
// name and value).
func (a Audit) parts(i int) (reads, cites, missing, failed, exact []string) {
	en := &a.ents[i]
	k := int(en.str) + bits.OnesCount16(en.stored())
	cut := func(n int) []string {
		s := a.strs[k : k+n : k+n]
		k += n
		return s
	}
	reads = cut(2 * int(en.reads))
	cites = cut(int(en.cites))
	missing = cut(int(en.miss))
	failed = cut(int(en.failed))
	exact = cut(2 * int(en.exact))
	return
}

// Step returns step i. It panics when i is out of range, as indexing a
// slice does.
func (a Audit) Step(i int) Step {
	var st Step
	a.render(i, &st, nil, nil, nil)
	return st
}

// render sets *st to step i, taking its numbers and its reads from the
// lists given while they have room; prev is step i-1 rendered, or nil.
func (a Audit) render(i int, st, prev *Step, pts *[]Points, reads *[]Read) {
	if r := a.rareAt(i); r != nil {
		*st = *r
		return
	}
	en := &a.ents[i]
	st.Kind = stepKinds[en.kind]
	k := int(en.str)
	for f := range nFields {
		switch {
		case en.fields&(1<<f) == 0:
		case en.same&(1<<f) != 0 && prev != nil:
			st.setField(f, prev.field(f))
		case en.same&(1<<f) != 0:
			st.setField(f, a.str(i, f))
		default:
			st.setField(f, a.strs[k])
			k++
		}
	}
	for n := range 4 {
		v, ok := a.num(i, n)
		if !ok {
			continue
		}
		var p *Points
		if pts != nil && len(*pts) < cap(*pts) {
			*pts = append(*pts, v)
			p = &(*pts)[len(*pts)-1]
		} else {
			w := v // on the heap only here: &v would move every v there
			p = &w
		}
		switch n {
		case numMeasure:
			st.Measure = p
		case numBefore:
			st.Before = p
		case numPoints:
			st.Points = p
		default:
			st.Factor = p
		}
	}
	st.Count = int(en.count)
	if en.flags&passedSet != 0 {
		st.Passed = truth(en.flags&passedTrue != 0)
	}
	rd, cites, missing, failed, exact := a.parts(i)
	if len(rd) > 0 {
		var r Reads
		if reads != nil && cap(*reads)-len(*reads) >= len(rd)/2 {
			start := len(*reads)
			for j := 0; j < len(rd); j += 2 {
				*reads = append(*reads, Read{rd[j], rd[j+1]})
			}
			r = (*reads)[start:len(*reads):len(*reads)]
		} else {
			r = make(Reads, 0, len(rd)/2)
			for j := 0; j < len(rd); j += 2 {
				r = append(r, Read{rd[j], rd[j+1]})
			}
		}
		st.Reads = r
	}
	if len(cites) > 0 {
		st.Cites = cites
	}
	if len(missing) > 0 {
		st.Missing = missing
	}
	if len(failed) > 0 {
		st.Failed = failed
	}
	if len(exact) > 0 {
		st.Exact = make(map[string]string, len(exact)/2)
		for j := 0; j < len(exact); j += 2 {
			st.Exact[exact[j]] = exact[j+1]
		}
	}
}

// Steps renders every step: nil for the zero Audit.
func (a Audit) Steps() []Step {
	if a.ents == nil {
		return nil
	}
	out := make([]Step, len(a.ents))
	nPts, nReads := 0, 0
	for i := range a.ents {
		nPts += bits.OnesCount8(a.ents[i].nums)
		nReads += int(a.ents[i].reads)
	}
	pts := make([]Points, 0, nPts)
	reads := make([]Read, 0, nReads)
	for i := range a.ents {
		var prev *Step
		if i > 0 {
			prev = &out[i-1]
		}
		a.render(i, &out[i], prev, &pts, &reads)
	}
	return out
}

// All returns the steps in order, with their indexes.
func (a Audit) All() iter.Seq2[int, Step] {
	return func(yield func(int, Step) bool) {
		for i := range a.ents {
			if !yield(i, a.Step(i)) {
				return
			}
		}
	}
}

// MarshalJSON writes the steps as a JSON list, as encoding/json writes
// a []Step: null for the zero Audit. Like Reads, it writes strings
// without HTML escapes, which encoding/json adds when its encoder escapes
// HTML.
func (a Audit) MarshalJSON() ([]byte, error) {
	if a.ents == nil {
		return []byte("null"), nil
	}
	n := 2 + 128*len(a.ents) // the names, brackets and numbers of a step, about
	for _, s := range a.strs {
		n += len(s) + 4
	}
	w := jsonWriter{out: make([]byte, 0, n)}
	w.out = append(w.out, '[')
	for i := range a.ents {
		if i > 0 {
			w.out = append(w.out, ',')
		}
		if err := a.writeStep(&w, i); err != nil {
			return nil, err
		}
	}
	return append(w.out, ']'), nil
}

// writeStep writes step i as encoding/json writes a Step: the fields in
// its order, those empty left out.
func (a Audit) writeStep(w *jsonWriter, i int) error {
	if st := a.rareAt(i); st != nil {
		return w.value(st)
	}
	en := &a.ents[i]
	w.out = append(w.out, `{"kind":`...)
	if err := w.str(string(stepKinds[en.kind])); err != nil {
		return err
	}
	strField := func(f int) error {
		if en.fields&(1<<f) == 0 {
			return nil
		}
		w.key(fieldNames[f])
		return w.str(a.str(i, f))
	}
	for f := fRound; f <= fAt; f++ {
		if err := strField(f); err != nil {
			return err
		}
	}
	reads, cites, missing, failed, exact := a.parts(i)
	if len(reads) > 0 {
		w.key("reads")
		if err := w.pairs(reads); err != nil {
			return err
		}
	}
	if en.flags&passedSet != 0 {
		w.key("passed")
		w.out = strconv.AppendBool(w.out, en.flags&passedTrue != 0)
	}
	if err := w.list("missing", missing); err != nil {
		return err
	}
	if err := w.list("failed", failed); err != nil {
		return err
	}
	if err := strField(fMatch); err != nil {
		return err
	}
	for n := range 4 {
		if v, ok := a.num(i, n); ok {
			w.key(numberNames[n])
			w.out = append(v.appendText(append(w.out, '"')), '"')
		}
	}
	if en.count != 0 {
		w.key("count")
		w.out = strconv.AppendInt(w.out, int64(en.count), 10)
	}
	for f := fAssessor; f <= fTime; f++ {
		if err := strField(f); err != nil {
			return err
		}
	}
	if err := w.list("cites", cites); err != nil {
		return err
	}
	if err := strField(fValue); err != nil {
		return err
	}
	if len(exact) > 0 {
		w.key("exact")
		if err := w.pairs(exact); err != nil {
			return err
		}
	}
	w.out = append(w.out, '}')
	return nil
}

// jsonWriter appends JSON to out.
type jsonWriter struct {
	out []byte
	enc *json.Encoder // for a string that needs escapes
	buf bytes.Buffer
}

// key writes a field's name, after the field before.
func (w *jsonWriter) key(name string) {
	w.out = append(append(append(w.out, `,"`...), name...), `":`...)
}

// str writes s as encoding/json writes a string, without HTML escapes.
func (w *jsonWriter) str(s string) error {
	if plain(s) {
		w.out = append(append(append(w.out, '"'), s...), '"')
		return nil
	}
	return w.value(s)
}

// value writes v as encoding/json writes it, without HTML escapes.
func (w *jsonWriter) value(v any) error {
	if w.enc == nil {
		w.enc = json.NewEncoder(&w.buf)
		w.enc.SetEscapeHTML(false)
	}
	w.buf.Reset()
	if err := w.enc.Encode(v); err != nil {
		return err
	}
	w.out = append(w.out, bytes.TrimSuffix(w.buf.Bytes(), []byte{'\n'})...)
	return nil
}

// list writes a list of strings under name, nothing when it is empty.
func (w *jsonWriter) list(name string, xs []string) error {
	if len(xs) == 0 {
		return nil
	}
	w.key(name)
	w.out = append(w.out, '[')
	for j, s := range xs {
		if j > 0 {
			w.out = append(w.out, ',')
		}
		if err := w.str(s); err != nil {
			return err
		}
	}
	w.out = append(w.out, ']')
	return nil
}

// pairs writes names and values as a JSON object, as encoding/json
// writes a map[string]string: keys sorted, each once (the last wins).
func (w *jsonWriter) pairs(p []string) error {
	sorted := true
	for j := 2; j < len(p); j += 2 {
		if p[j-2] >= p[j] {
			sorted = false
			break
		}
	}
	if !sorted {
		r := make(Reads, 0, len(p)/2)
		for j := 0; j < len(p); j += 2 {
			r = append(r, Read{p[j], p[j+1]})
		}
		r = r.normal()
		p = make([]string, 0, 2*len(r))
		for _, x := range r {
			p = append(p, x.Name, x.Value)
		}
	}
	w.out = append(w.out, '{')
	for j := 0; j < len(p); j += 2 {
		if j > 0 {
			w.out = append(w.out, ',')
		}
		if err := w.str(p[j]); err != nil {
			return err
		}
		w.out = append(w.out, ':')
		if err := w.str(p[j+1]); err != nil {
			return err
		}
	}
	w.out = append(w.out, '}')
	return nil
}

// UnmarshalJSON reads a JSON list of steps, or null, as a stored result
// holds it.
func (a *Audit) UnmarshalJSON(b []byte) error {
	var steps []Step
	if err := json.Unmarshal(b, &steps); err != nil {
		return err
	}
	*a = AuditOf(steps)
	return nil
}

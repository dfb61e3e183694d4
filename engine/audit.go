package engine

import (
	"bytes"
	"encoding/json"
	"iter"
	"math/bits"
	"strconv"
)

// Audit is a result's audit trail: its steps in order. It holds them
// compactly, a fixed entry a step without pointers and the step's names in
// one list of strings, and renders a Step when asked (Step, Steps, All).
// Its JSON is the list of steps, byte for byte what a []Step writes:
// null for the zero Audit (a totals-only result), [] for an audit of no
// steps.
//
// An Audit is read-only: the Steps it renders share its strings and
// lists, and must not be modified.
type Audit struct {
	ents []auditEntry
	strs []string // each step's names, reads, cites, missing and failed, in order (auditEntry.str)
	big  []Points // numbers too long for an entry (auditEntry.nums high bits)
}

// auditEntry is one step. Its strings are strs[str:], in this order: the kind
// when it is not one of stepKinds, the string fields set (fields, in
// the order of stepFields), the reads as name and value, the cites, the
// missing, the failed, and the exact values as name and value.
type auditEntry struct {
	c      [4]int64 // the numbers' coefficients (measure, before, points, factor), or an index in big
	e      [4]int32 // their exponents
	count  int64
	str    uint32 // the first of its strings in strs
	reads  uint32 // how many reads
	cites  uint32
	miss   uint32
	failed uint32
	exact  uint32
	fields uint16 // the string fields set, a bit each (stepField)
	kind   uint8  // the index in stepKinds; 0: the first string is the kind
	nums   uint8  // the numbers set (low 4 bits) and those held in big (high 4 bits)
	flags  uint8
}

const (
	passedSet  = 1 << iota // Passed is not nil
	passedTrue             // *Passed
)

// The numbers of a step, in the order of its JSON.
const (
	numMeasure = iota
	numBefore
	numPoints
	numFactor
	numCount
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

// stepKinds are the kinds an entry names by index; index 0 is any other.
var stepKinds = [...]StepKind{"", StepRecord, StepRaw, StepSection, StepWeight, StepCap, StepFloor,
	StepTotal, StepRounding, StepTier, StepBand, StepSteps, StepAssessment, StepNotAssessed,
	StepGrade, StepItem, StepValue, StepNotApplicable, StepOutOfWindow, StepFiltered,
	StepDuplicate, StepBonus, StepVeto, StepVetoPending, StepRound, StepCarry, StepLink,
	StepNamedValue, StepSubjectExempt, StepFull, StepDeducted, StepVetoZero, StepSpan,
	StepMissing, StepRepeated, StepCarryOut, StepRun, StepQuota, StepQuotaMove,
	StepQuotaKeep, StepAwardGiven, StepAwardBar}

// kindCode returns k's index in stepKinds, 0 when it has none.
func kindCode(k StepKind) uint8 {
	for i := 1; i < len(stepKinds); i++ {
		if stepKinds[i] == k {
			return uint8(i)
		}
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
	a := Audit{ents: make([]auditEntry, 0, len(steps))}
	for i := range steps {
		a.add(&steps[i])
	}
	return a
}

// add appends st.
func (a *Audit) add(st *Step) {
	en := auditEntry{str: uint32(len(a.strs))}
	if en.kind = kindCode(st.Kind); en.kind == 0 {
		a.strs = append(a.strs, string(st.Kind))
	}
	for f := range nFields {
		if s := st.field(f); s != "" {
			en.fields |= 1 << f
			a.strs = append(a.strs, s)
		}
	}
	for n := range 4 {
		p := st.number(n)
		if p == nil {
			continue
		}
		en.nums |= 1 << n
		if p.x != nil {
			en.nums |= 1 << (4 + n)
			en.c[n] = int64(len(a.big))
			a.big = append(a.big, *p)
			continue
		}
		en.c[n], en.e[n] = p.c, p.e
	}
	en.count = int64(st.Count)
	if st.Passed != nil {
		en.flags |= passedSet
		if *st.Passed {
			en.flags |= passedTrue
		}
	}
	en.reads = uint32(len(st.Reads))
	for _, r := range st.Reads {
		a.strs = append(a.strs, r.Name, r.Value)
	}
	en.cites, en.miss, en.failed = uint32(len(st.Cites)), uint32(len(st.Missing)), uint32(len(st.Failed))
	a.strs = append(a.strs, st.Cites...)
	a.strs = append(a.strs, st.Missing...)
	a.strs = append(a.strs, st.Failed...)
	if len(st.Exact) > 0 {
		en.exact = uint32(len(st.Exact))
		start := len(a.strs)
		for k, v := range st.Exact {
			a.strs = append(a.strs, k, v)
		}
		sortPairs(a.strs[start:])
	}
	a.ents = append(a.ents, en)
}

// sortPairs sorts a list of name and value pairs by name (a step's exact
// values: one to three), so that an audit is the same however its map
// was iterated.
func sortPairs(p []string) {
	for i := 2; i < len(p); i += 2 {
		for j := i; j > 0 && p[j-2] > p[j]; j -= 2 {
			p[j-2], p[j-1], p[j], p[j+1] = p[j], p[j+1], p[j-2], p[j-1]
		}
	}
}

// clone returns a copy of a in slices of their own, of the exact length.
func (a Audit) clone() Audit {
	out := Audit{ents: make([]auditEntry, len(a.ents))}
	copy(out.ents, a.ents)
	if len(a.strs) > 0 {
		out.strs = make([]string, len(a.strs))
		copy(out.strs, a.strs)
	}
	if len(a.big) > 0 {
		out.big = make([]Points, len(a.big))
		copy(out.big, a.big)
	}
	return out
}

// Len returns the number of steps.
func (a Audit) Len() int { return len(a.ents) }

// kind returns step i's kind.
func (a Audit) kind(i int) StepKind {
	en := &a.ents[i]
	if en.kind == 0 {
		return StepKind(a.strs[en.str])
	}
	return stepKinds[en.kind]
}

// str returns step i's string field f, "" when it is not set.
func (a Audit) str(i, f int) string {
	en := &a.ents[i]
	if en.fields&(1<<f) == 0 {
		return ""
	}
	k := int(en.str) + bits.OnesCount16(en.fields&(1<<f-1))
	if en.kind == 0 {
		k++
	}
	return a.strs[k]
}

// num returns step i's number n, false when it is not set.
func (a Audit) num(i, n int) (Points, bool) {
	en := &a.ents[i]
	switch {
	case en.nums&(1<<n) == 0:
		return Points{}, false
	case en.nums&(1<<(4+n)) != 0:
		return a.big[en.c[n]], true
	}
	return Points{c: en.c[n], e: en.e[n]}, true
}

// parts returns the strings of step i after its fields: its reads (as
// name and value), cites, missing, failed and exact values (as name and
// value).
func (a Audit) parts(i int) (reads, cites, missing, failed, exact []string) {
	en := &a.ents[i]
	k := int(en.str) + bits.OnesCount16(en.fields)
	if en.kind == 0 {
		k++
	}
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
	a.render(i, &st, nil, nil)
	return st
}

// render sets *st to step i, taking its numbers and its reads from the
// lists given while they have room.
func (a Audit) render(i int, st *Step, pts *[]Points, reads *[]Read) {
	en := &a.ents[i]
	st.Kind = a.kind(i)
	k := int(en.str)
	if en.kind == 0 {
		k++
	}
	for f := range nFields {
		if en.fields&(1<<f) != 0 {
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
			p = &v
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
		nPts += bits.OnesCount8(a.ents[i].nums & 0xf)
		nReads += int(a.ents[i].reads)
	}
	pts := make([]Points, 0, nPts)
	reads := make([]Read, 0, nReads)
	for i := range a.ents {
		a.render(i, &out[i], &pts, &reads)
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
	w := jsonWriter{out: make([]byte, 0, 256*len(a.ents)+2)}
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
	en := &a.ents[i]
	w.out = append(w.out, `{"kind":`...)
	if err := w.str(string(a.kind(i))); err != nil {
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
		w.out = strconv.AppendInt(w.out, en.count, 10)
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
	if w.enc == nil {
		w.enc = json.NewEncoder(&w.buf)
		w.enc.SetEscapeHTML(false)
	}
	w.buf.Reset()
	if err := w.enc.Encode(s); err != nil {
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

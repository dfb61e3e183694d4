package scheme

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/bound"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/internal/hostvalue"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/shopspring/decimal"
)

// Problem is one thing wrong with a subject's evidence, with its path, e.g.
// contests[2].participants: want int, got "six".
type Problem struct {
	Path    string
	Message string // English, stable; Text renders it in another language

	text msg.Text
}

// problem returns the problem at path with the message format renders.
func problem(path, format string, args ...any) Problem {
	t := msg.New(format, args...)
	return Problem{Path: path, Message: t.String(), text: t}
}

// EvidenceError lists every problem found in one subject's evidence.
type EvidenceError struct {
	Subject  string
	Period   string
	Problems []Problem
}

func (e *EvidenceError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "subject %s, period %s: %s: %s", e.Subject, e.Period, p.Path, p.Message)
	}
	return b.String()
}

// binding is one subject's evidence checked against a scheme and converted
// for its rules: the plan.Binding that Bind returns (plan is the engine's
// view of it; scheme's exported API does not show it). It belongs to one
// evaluation: EvalValue and WithRuns set the named values and the runs in
// it as the evaluation computes them.
//
// What an expression reads is held in slots (the scheme's layout, computed
// once when it compiled), and the records of every list are carved from
// arrays the binding holds, which the next binding of the scheme reuses
// once the engine releases this one (bind_pool.go); the binding is itself
// the CEL activation of an expression, and each record the activation of
// a per-record rule, so evaluating allocates no activation.
type binding struct {
	s        *Scheme
	ev       *evidence.Evidence
	period   evidence.Period
	slots    []slot // by the scheme's layout
	subject  celdec.Object
	periodV  *celdec.Object        // shared by the subjects of a period
	chosen   []string              // the indicators chosen from pools
	assessed []evidence.Assessment // sorted by indicator, stably: each indicator's in evidence order
	byRecord []evidence.Assessment // the entries on records, sorted by indicator and record, stably (and maybe the others: assessmentOrder)
	confirms map[string][]evidence.Confirmation
	// oversized: a record lists more documents than its list declares
	// kinds (one twice), past the size the cost estimates count on; the
	// comprehensions then run with CEL's cost tracker (Expr.tracked).
	oversized bool
	memo      []ref.Val // by Expr.index: comprehensions' values over the subject (memo.go)

	// The arrays the values and records are carved from, and a memo,
	// kept for the binding that reuses this one after Release (bind_pool.go).
	kept kept
}

// slot holds one input, named value or runs: its CEL value and, for a
// list of records, the records, and their CEL objects for the list's CEL
// value, which is made when first read (binding.value).
type slot struct {
	val   ref.Val
	recs  []*bound.Record
	items []ref.Val
}

// Evidence returns the evidence bound.
func (b *binding) Evidence() *evidence.Evidence { return b.ev }

// Period returns the period scored.
func (b *binding) Period() evidence.Period { return b.period }

// Scheme returns the scheme the evidence was bound to.
func (b *binding) Scheme() *Scheme { return b.s }

// Records returns the checked records of a list input, in evidence order.
func (b *binding) Records(input string) []*bound.Record {
	if i, ok := b.s.layout.slot[input]; ok {
		return b.slots[i].recs
	}
	return nil
}

// Chosen reports whether the subject chose indicator id from its pool.
func (b *binding) Chosen(id string) bool { return contains(b.chosen, id) }

// Assessments returns the assessor entries for an indicator.
func (b *binding) Assessments(indicator string) []evidence.Assessment {
	return assessmentRun(b.assessed, indicator, "", false)
}

// RecordAssessments returns the assessor entries for one record of an
// indicator, in evidence order: found by a binary search, so that scoring
// every record of a list costs the entries once, not once a record.
func (b *binding) RecordAssessments(indicator, record string) []evidence.Assessment {
	if record == "" { // no entry on a record has it; byRecord may hold the others (assessmentOrder)
		return nil
	}
	return assessmentRun(b.byRecord, indicator, record, true)
}

// assessmentRun returns the run of xs (sorted by indicator, and by record
// when byRecord) with that indicator (and record), or nil.
func assessmentRun(xs []evidence.Assessment, indicator, record string, byRecord bool) []evidence.Assessment {
	less := func(a *evidence.Assessment) bool {
		if a.Indicator != indicator || !byRecord {
			return a.Indicator < indicator
		}
		return a.Record < record
	}
	lo, hi := 0, len(xs)
	for lo < hi {
		if m := int(uint(lo+hi) >> 1); less(&xs[m]) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	end := lo
	for end < len(xs) && xs[end].Indicator == indicator && (!byRecord || xs[end].Record == record) {
		end++
	}
	if end == lo {
		return nil
	}
	return xs[lo:end:end]
}

// assessmentOrder returns the entries of all that keys name, sorted by
// indicator, and the entries on records sorted by indicator and record,
// each in evidence order within its indicator (and record). keys holds,
// for each entry kept, its indicator's rank in the order of the ids as
// text (layout.rank) above its index in all.
//
// Evidence usually lists the entries in that order already: all itself is
// then returned for both, shared rather than copied (the runs returned
// are capped, and read only); RecordAssessments asks for no record "" in
// it, which only the entries not on records have. Else the entries are
// copied once in the order their keys sort, which is unique to each,
// into buf when it has room (a released binding's: bind_pool.go); used
// is buf, or the array made in its place, as long as what it holds.
func assessmentOrder(all []evidence.Assessment, keys []uint64, buf []evidence.Assessment) (byIndicator, byRecord, used []evidence.Assessment) {
	if len(keys) == 0 {
		return nil, nil, buf[:0]
	}
	byInd, byRec := len(keys) == len(all), true // in order as given
	nrec := 0
	for j, k := range keys {
		a := &all[uint32(k)]
		if a.Record != "" {
			nrec++
		}
		if j == 0 {
			continue
		}
		switch prev := keys[j-1]; {
		case k>>32 < prev>>32:
			byInd, byRec = false, false
		case k>>32 == prev>>32 && a.Record < all[uint32(prev)].Record:
			byRec = false
		}
	}
	if byInd {
		byIndicator = all[:len(all):len(all)]
		if byRec {
			return byIndicator, byIndicator, buf[:0]
		}
	} else {
		slices.Sort(keys) // each key is unique: by indicator, then in evidence order
		buf = roomFor(buf, len(keys)+nrec)
		out := buf[:len(keys)]
		for j, k := range keys {
			out[j] = all[uint32(k)]
		}
		byIndicator, used = out, out
	}
	if nrec == 0 {
		return byIndicator, nil, used
	}
	// The entries on records, by indicator (keys are sorted by it now),
	// then by record, in evidence order within each.
	onRecords := make([]uint64, 0, nrec)
	for _, k := range keys {
		if all[uint32(k)].Record != "" {
			onRecords = append(onRecords, k)
		}
	}
	slices.SortFunc(onRecords, func(x, y uint64) int {
		if x>>32 != y>>32 {
			return cmp.Compare(x>>32, y>>32)
		}
		if c := strings.Compare(all[uint32(x)].Record, all[uint32(y)].Record); c != 0 {
			return c
		}
		return cmp.Compare(uint32(x), uint32(y))
	})
	if !byInd { // room left beyond the copy
		byRecord = byIndicator[len(byIndicator):len(byIndicator)]
		byIndicator = byIndicator[:len(byIndicator):len(byIndicator)]
	} else {
		byRecord = roomFor(buf, nrec)[:0]
	}
	for _, k := range onRecords {
		byRecord = append(byRecord, all[uint32(k)])
	}
	if byInd {
		return byIndicator, byRecord, byRecord
	}
	return byIndicator, byRecord, buf[:len(byIndicator)+nrec]
}

// roomFor returns buf when it has room for n, else a new array of n.
func roomFor[T any](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]T, n)
}

// Confirmations returns the assessors' decisions on a veto, in evidence
// order. Each has a valid RFC 3339 time, and no two at the same instant
// disagree: Bind refuses both.
func (b *binding) Confirmations(veto string) []evidence.Confirmation { return b.confirms[veto] }

// InputText renders an input's value for the audit.
func (b *binding) InputText(name string) (string, bool) {
	if i, ok := b.s.layout.slot[name]; ok {
		if v := b.value(i); v != nil {
			return bound.ValueText(v), true
		}
	}
	if p, ok := b.s.paramVals[strings.TrimPrefix(name, "params.")]; ok && strings.HasPrefix(name, "params.") {
		return p, true
	}
	return "", false
}

// bind checks ev against the scheme's declared inputs and converts it for
// evaluation. Every problem is reported at once, each with its path; the
// error is an *EvidenceError.
func (s *Scheme) bind(ev *evidence.Evidence) (*binding, error) { return s.bindChecked(ev, false) }

// bindChecked is bind; limitsOK says the caller found ev's limits within
// (evidence.CheckLimits would report nothing) in the walk that hashed it,
// so they are not walked again.
func (s *Scheme) bindChecked(ev *evidence.Evidence, limitsOK bool) (*binding, error) {
	if ev == nil {
		return nil, &EvidenceError{Problems: []Problem{problem("evidence", "nil")}}
	}
	l := s.layout
	if l == nil { // a Scheme not made by Compile
		l = newLayout(s)
	}
	// One array for the slots, one for the records of every list and one
	// for the values they hold; the maps a subject's evidence may leave
	// empty are made when needed.
	nrec, nval := 0, 4 // the subject's fields
	for i := range s.inputs {
		if ll := l.lists[i]; ll != nil {
			if n := len(ev.Records[s.inputs[i].Name]); n <= s.inputs[i].Max {
				nrec += n
				nval += n * (1 + len(ll.decl.Fields())) // the list's item and the record's fields
			}
		}
	}
	b := l.binding(s, ev, nval, nrec)
	vals := b.kept.vals[:nval]
	carve := func(n int) []ref.Val {
		v := vals[:n:n]
		vals = vals[n:]
		return v
	}
	recs, recPtrs := b.kept.recs[:nrec], b.kept.ptrs[:nrec]
	if len(ev.Confirmations) > 0 {
		b.confirms = map[string][]evidence.Confirmation{}
	}
	var probs []Problem
	bad := func(path, format string, args ...any) {
		probs = append(probs, problem(path, format, args...))
	}
	// Ids, names and reasons within their limits first (evidence.Decode
	// has checked what it decoded; a host may build evidence by hand): the
	// messages below quote them.
	var lp []*evidence.Problem
	if !limitsOK {
		lp = ev.CheckLimits()
	}
	if len(lp) > 0 {
		for _, p := range lp {
			bad(p.Path, "%v", p.Err)
		}
		subject := ev.Subject.ID
		if evidence.CheckID(subject) != nil {
			subject = hostvalue.Describe(subject)
		}
		period := ev.Period
		if evidence.CheckID(period) != nil {
			period = hostvalue.Describe(period)
		}
		b.Release() // the problems quote nothing of it
		return nil, &EvidenceError{Subject: subject, Period: period, Problems: probs}
	}

	// Subject and period.
	if ev.Subject.ID == "" {
		bad("subject.id", "missing")
	}
	for _, f := range []struct{ path, text string }{{"subject.id", ev.Subject.ID}, {"subject.name", ev.Subject.Name},
		{"subject.kind", ev.Subject.Kind}, {"subject.category", ev.Subject.Category}} {
		if len(f.text) > maxStringLen {
			bad(f.path, "text of %d bytes; at most %d", len(f.text), maxStringLen)
		}
	}
	if ev.Subject.Kind != "" && ev.Subject.Kind != s.subjectKind {
		bad("subject.kind", "the scheme scores %s subjects, got %q", s.subjectKind, ev.Subject.Kind)
	}
	var p evidence.Period
	bp, err := l.boundPeriod(s, ev.Period)
	if err == nil {
		p, b.periodV = bp.p, &bp.obj
	}
	switch {
	case err != nil:
		bad("period", "%v", err)
	case p.Kind != s.period:
		bad("period", "%q is a %s; the scheme scores a %s", ev.Period, p.Kind, s.period)
	case s.effective.From.Kind != "" && p.Start().Before(s.effective.From.Start()):
		bad("period", "%s is before the scheme takes effect (%s)", p, s.effective.From)
	case s.effective.To.Kind != "" && !p.Start().Before(s.effective.To.End()):
		bad("period", "%s is after the scheme ends (%s)", p, s.effective.To)
	}
	b.period = p
	sv, lazy := carve(4), uint64(lazySubject)
	if ev.Subject.Kind == s.subjectKind {
		sv[2] = l.kind
	} else {
		lazy |= 1 << 2
	}
	subjectDecl.InitLazy(&b.subject, sv, (*subjectFields)(b), lazy)

	// Scalars.
	facts := 0 // the facts given that the scheme declares
	for i := range s.inputs {
		in := &s.inputs[i]
		if in.Type == ListType && in.Of == "" {
			continue
		}
		raw, ok := ev.Facts[in.Name]
		if ok {
			facts++
		}
		if in.Type == ListType {
			v, ps := convertValues(raw, in, l.enums[i])
			probs = append(probs, ps...)
			if v != nil {
				b.slots[i].val = v
			}
			continue
		}
		if !ok || raw == nil {
			if in.Required {
				bad("facts."+in.Name, "missing (the scheme requires it)")
				continue
			}
			raw = l.defaults[i] // in.Default
		}
		v, err := convertIn(raw, in.Type, in.Values, l.enums[i])
		if err == nil {
			err = in.Bounds.check(v)
		}
		if err != nil {
			bad("facts."+in.Name, "%v", err)
			continue
		}
		b.slots[i].val = v
	}
	if facts < len(ev.Facts) { // else every fact given is declared
		for _, name := range sortedWhere(ev.Facts, func(name string) bool {
			in := s.input(name)
			return in == nil || (in.Type == ListType && in.Of == "")
		}) {
			bad("facts."+name, "the scheme declares no such fact%s", didYouMean(name, s.inputNames(false)))
		}
	}

	// Lists. A list's records are found by id (for assessor entries and
	// duplicate ids) by a scan while the list is short, by a binary
	// search beyond (recordIDs).
	var idsArr [16]recordIDs
	ids := idsArr[:0] // by input, its records' ids
	if len(s.inputs) <= len(idsArr) {
		ids = idsArr[:len(s.inputs)]
	} else {
		ids = make([]recordIDs, len(s.inputs))
	}
	lists := 0 // the lists given that the scheme declares
	for si := range s.inputs {
		in, ll := &s.inputs[si], l.lists[si]
		if ll == nil {
			continue
		}
		evRecs, ok := ev.Records[in.Name]
		if ok {
			lists++
		}
		rid := newRecordIDs(evRecs)
		ids[si] = rid
		if len(evRecs) > in.Max {
			bad("records."+in.Name, "%d records; the scheme allows at most %d", len(evRecs), in.Max)
			continue
		}
		nf := len(ll.decl.Fields())
		items := carve(len(evRecs))
		mine, ptrs := recs[:len(evRecs)], recPtrs[:len(evRecs)]
		recs, recPtrs = recs[len(evRecs):], recPtrs[len(evRecs):]
		for i := range evRecs {
			r := &evRecs[i]
			br := &mine[i]
			ps := bindRecord(br, in, ll, r, i, carve(nf))
			probs = append(probs, ps...)
			if ps != nil {
				continue
			}
			br.Binding = (*subjectActivation)(b)
			b.oversized = b.oversized || len(r.Documents) > len(in.Documents)
			// rid holds each id's first record: a later one with the same
			// id is a duplicate of it.
			if j := rid.first(r.ID); j != i && r.ID != "" {
				bad(fmt.Sprintf("records.%s[%d].id", in.Name, i), "%q is also the id of records.%s[%d]", r.ID, in.Name, j)
			}
			ptrs[i], items[i] = br, &br.Obj
		}
		b.slots[si].recs = ptrs
		if len(items) == 0 {
			b.slots[si].val = noRecords
		} else {
			b.slots[si].items = items
		}
	}
	if lists < len(ev.Records) { // else every list given is declared
		for _, name := range sortedWhere(ev.Records, func(name string) bool {
			in := s.input(name)
			return in == nil || in.Type != ListType || in.Of != ""
		}) {
			if in := s.input(name); in != nil && in.Of != "" {
				bad("records."+name, "%s is a list of plain values (%s), not of records: give it in facts, as a JSON array", name, in.Of)
			} else if in == nil || in.Type != ListType {
				bad("records."+name, "the scheme declares no such list%s", didYouMean(name, s.inputNames(true)))
			}
		}
	}

	// Assessments, confirmations, pool choices. The entries are kept
	// sorted by indicator (assessmentOrder): keys holds each one's
	// indicator's rank and its index (evidence holds far fewer than 2^32).
	var keysArr [128]uint64
	keys := keysArr[:0]
	if len(ev.Assessments) > len(keysArr) {
		keys = make([]uint64, 0, len(ev.Assessments))
	}
	for i := range ev.Assessments {
		a := &ev.Assessments[i]
		path := func(field string) string { return fmt.Sprintf("assessments[%d].%s", i, field) }
		k, ok := l.indicator[a.Indicator]
		if !ok {
			bad(path("indicator"), "no indicator %q%s", a.Indicator, didYouMean(a.Indicator, s.indicatorIDs()))
			continue
		}
		ind := s.indicators[k]
		if !ind.Assessed() {
			bad(fmt.Sprintf("assessments[%d]", i), "indicator %s (%s) takes no assessor entries; assessors score discretionary indicators, per-record discretion and grades without a grade rule", ind.ID, ind.Kind)
			continue
		}
		perRecord := ind.Records != ""
		switch {
		case perRecord && a.Record == "":
			bad(path("record"), "missing: indicator %s is scored per record of %s; name the record", ind.ID, ind.Records)
		case perRecord && (l.records[k] < 0 || ids[l.records[k]].first(a.Record) < 0):
			bad(path("record"), "no record %q in records.%s", a.Record, ind.Records)
		case !perRecord && a.Record != "":
			bad(path("record"), "indicator %s is not scored per record; leave record out", ind.ID)
		}
		switch {
		case a.Assessor == "":
			bad(path("assessor"), "missing: every assessor entry names who made it")
		case a.Reason == "":
			bad(path("reason"), "missing: every assessor entry says why")
		}
		if r := s.rounds; r != nil && r.Round(a.Role) == nil {
			names := make([]string, len(r.List))
			for i, x := range r.List {
				names[i] = x.Name
			}
			bad(path("role"), "no round %q; the scheme's rounds are %s%s", a.Role, strings.Join(names, ", "), didYouMean(a.Role, names))
		} else if rd := s.round(a.Role); rd != nil && rd.Sheets != nil && !contains(rd.Sheets, a.Sheet) {
			if a.Sheet == "" {
				bad(path("sheet"), "missing: round %s takes the sheets %s; name one", rd.Name, strings.Join(rd.Sheets, ", "))
			} else {
				bad(path("sheet"), "round %s takes the sheets %s, not %q%s", rd.Name, strings.Join(rd.Sheets, ", "), a.Sheet, didYouMean(a.Sheet, rd.Sheets))
			}
		}
		if a.Time != "" && !rfc3339OK(a.Time) {
			bad(path("time"), "want RFC 3339 (2017-03-26T10:00:00+08:00), got %q", a.Time)
		}
		if a.Points != "" {
			if err := checkPoints(a.Points); err != nil {
				bad(path("points"), "%v", err)
			}
		}
		keys = append(keys, uint64(l.rank[k])<<32|uint64(i))
	}
	if len(probs) == 0 { // else nothing reads them
		b.assessed, b.byRecord, b.kept.asm = assessmentOrder(ev.Assessments, keys, b.kept.asm)
	}
	confirmAt := map[string][]int{} // by veto, the confirmations with a valid time
	for i, c := range ev.Confirmations {
		path := func(field string) string { return fmt.Sprintf("confirmations[%d].%s", i, field) }
		if s.veto(c.Veto) == nil {
			bad(path("veto"), "no veto %q%s", c.Veto, didYouMean(c.Veto, s.vetoIDs()))
			continue
		}
		if !s.veto(c.Veto).Confirm {
			bad(fmt.Sprintf("confirmations[%d]", i), "veto %s takes effect without confirmation (it has no confirm: assessor); leave the confirmation out", c.Veto)
			continue
		}
		if c.Assessor == "" {
			bad(path("assessor"), "missing: a confirmation names who decided")
		}
		// The latest decision on a veto stands: instants are compared, so
		// every confirmation says when, and two at the same instant must
		// agree.
		at, err := time.Parse(time.RFC3339, c.Time)
		switch {
		case c.Time == "":
			bad(path("time"), "missing: a confirmation says when it was decided (RFC 3339); the latest decides")
			continue
		case err != nil:
			bad(path("time"), "want RFC 3339 (2017-03-26T10:00:00+08:00), got %q", c.Time)
			continue
		}
		for _, j := range confirmAt[c.Veto] {
			o := ev.Confirmations[j]
			if ot, _ := time.Parse(time.RFC3339, o.Time); ot.Equal(at) && o.Confirmed != c.Confirmed {
				bad(path("time"), "%s is the instant of confirmations[%d] (%s), which decides veto %s the other way: the latest decision cannot be told",
					c.Time, j, o.Time, c.Veto)
			}
		}
		confirmAt[c.Veto] = append(confirmAt[c.Veto], i)
		b.confirms[c.Veto] = append(b.confirms[c.Veto], c)
	}
	for _, pool := range s.pools {
		ids := ev.Chosen[pool.Name]
		if len(ids) != pool.Choose {
			bad("chosen."+pool.Name, "%d indicators chosen; the scheme asks for %d", len(ids), pool.Choose)
		}
		for j, id := range ids {
			ind := s.Indicator(id)
			if ind == nil || ind.Pool != pool.Name {
				bad(fmt.Sprintf("chosen.%s[%d]", pool.Name, j), "%q is not an indicator of pool %s", id, pool.Name)
				continue
			}
			if contains(b.chosen, id) {
				bad(fmt.Sprintf("chosen.%s[%d]", pool.Name, j), "%q chosen twice", id)
			}
			b.chosen = append(b.chosen, id)
		}
	}
	for _, name := range sortedWhere(ev.Links, func(name string) bool {
		for _, l := range s.links {
			if l.Name == name {
				return false
			}
		}
		return true
	}) {
		bad("links."+name, "the scheme declares no such link")
	}
	for _, name := range sortedWhere(ev.Chosen, func(name string) bool { return s.pool(name) == nil }) {
		bad("chosen."+name, "the scheme declares no such pool")
	}
	if len(probs) > 0 {
		b.Release() // the problems quote nothing of it: texts and numbers
		return nil, &EvidenceError{Subject: ev.Subject.ID, Period: ev.Period, Problems: probs}
	}
	return b, nil
}

// recordIDs finds a list's records by id: each id's first record.
type recordIDs struct {
	recs []evidence.Record
	byID []int // for a long list, its indexes sorted by id, then index; nil for a short one, scanned
}

// scanIDs is the length up to which a list's ids are scanned rather than
// searched: a scan of a few records costs less than sorting them.
const scanIDs = 16

func newRecordIDs(recs []evidence.Record) recordIDs {
	r := recordIDs{recs: recs}
	if len(recs) > scanIDs {
		r.byID = make([]int, len(recs))
		for i := range r.byID {
			r.byID[i] = i
		}
		slices.SortFunc(r.byID, func(a, b int) int {
			if c := strings.Compare(recs[a].ID, recs[b].ID); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
	}
	return r
}

// first returns the index of the first record with id, or -1.
func (r recordIDs) first(id string) int {
	if r.byID != nil {
		// The first of those with id, if any: the one of lowest index.
		if k, ok := slices.BinarySearchFunc(r.byID, id, func(i int, id string) int { return strings.Compare(r.recs[i].ID, id) }); ok {
			return r.byID[k]
		}
		return -1
	}
	for i := range r.recs {
		if r.recs[i].ID == id {
			return i
		}
	}
	return -1
}

// recordShape is where a list's record type has its fields: id, date and
// documents (-1 for one it has not), and the first of the list's own
// fields, which follow in the order declared. Bind finds them once a list.
type recordShape struct{ id, date, docs, first int }

func shapeOf(in *Input, decl *celdec.ObjectDecl) recordShape {
	index := func(name string) int {
		if k, ok := decl.FieldIndex(name); ok {
			return k
		}
		return -1
	}
	return recordShape{id: index("id"), date: index("date"), docs: index("documents"), first: len(decl.Fields()) - len(in.Fields)}
}

// field returns the index in decl of the list's j-th field, named name.
func (sh recordShape) field(decl *celdec.ObjectDecl, j int, name string) int {
	if k := sh.first + j; k >= 0 && k < len(decl.Fields()) && decl.Fields()[k].Name == name {
		return k
	}
	k, _ := decl.FieldIndex(name) // not reached: Compile declares them so
	return k
}

// bindRecord checks record i of list in (laid out as ll says) and fills
// br, which is zero, with it, its fields' values in vals (one per field of
// ll.decl); it returns the problems found.
func bindRecord(br *bound.Record, in *Input, ll *listLayout, r *evidence.Record, i int, vals []ref.Val) []Problem {
	decl, sh := ll.decl, ll.shape
	var probs []Problem
	// The path is only written when there is a problem to report.
	bad := func(suffix, format string, args ...any) {
		probs = append(probs, problem(fmt.Sprintf("records.%s[%d]%s", in.Name, i, suffix), format, args...))
	}
	br.Index, br.ID, br.Documents = i, r.ID, r.Documents // the rest is zero
	switch {
	case r.ID == "" && in.Anonymous:
		br.ID = fmt.Sprintf("#%d", i+1) // numbered for the audit
	case r.ID == "":
		bad(".id", "missing: every record has a stable id")
	case len(r.ID) > maxStringLen:
		bad(".id", "text of %d bytes; at most %d", len(r.ID), maxStringLen)
	}
	// The id, date and documents become CEL values when a rule reads them
	// (recordFields): most rules read none of them.
	var pending uint64
	if k := sh.id; k >= 0 {
		if r.ID == "" {
			vals[k] = types.String("") // an anonymous record's: not its number
		} else {
			pending |= 1 << k
		}
	}
	if in.Undated {
		if r.Date != "" {
			bad(".date", "the scheme declares records.%s undated; leave date out", in.Name)
		}
	} else {
		d, err := celdec.ParseDate(r.Date)
		if err != nil {
			bad(".date", "%v", err)
		}
		br.Date = d
		pending |= 1 << sh.date
	}
	next := 0 // where the scan for the next document starts: they usually come in the order declared
	for j, doc := range r.Documents {
		if k := documentKind(in.Documents, doc, next); k >= 0 {
			next = k + 1
			continue
		}
		names := make([]string, len(in.Documents))
		for k, dd := range in.Documents {
			names[k] = dd.Name
		}
		bad(fmt.Sprintf(".documents[%d]", j), "%q is not a document kind of %s%s", doc, in.Name, didYouMean(doc, names))
	}
	if len(r.Documents) == 0 {
		vals[sh.docs] = noDocuments
	} else {
		pending |= 1 << sh.docs
	}
	given := 0 // the fields of r that are declared
	for j, f := range in.Fields {
		raw, ok := r.Fields[f.Name]
		if ok {
			given++
		}
		idx := ll.fields[j]
		if !ok || raw == nil {
			if !f.Optional {
				bad("."+f.Name, "missing")
			}
			continue
		}
		v, err := convertIn(raw, f.Type, f.Values, ll.enums[j])
		if err == nil {
			err = f.Bounds.check(v)
		}
		if err != nil {
			bad("."+f.Name, "%v", err)
			continue
		}
		vals[idx] = v
	}
	unknown := 0
	if given < len(r.Fields) { // else every field given is declared
		for k := range r.Fields {
			if _, ok := decl.FieldIndex(k); !ok {
				unknown++
			}
		}
	}
	if unknown > 0 { // sorted only when there is something to report
		for _, k := range keys(r.Fields) {
			if _, ok := decl.FieldIndex(k); !ok {
				names := make([]string, len(in.Fields))
				for j, f := range in.Fields {
					names[j] = f.Name
				}
				bad("."+k, "the scheme declares no such field%s", didYouMean(k, names))
			}
		}
	}
	if len(probs) > 0 {
		return probs
	}
	decl.InitLazy(&br.Obj, vals, (*recordFields)(br), pending)
	return nil
}

// documentKind returns the index of the document kind named doc in
// kinds, or -1; the scan starts at from and wraps around.
func documentKind(kinds []Document, doc string, from int) int {
	for k := from; k < len(kinds); k++ {
		if kinds[k].Name == doc {
			return k
		}
	}
	for k := 0; k < from && k < len(kinds); k++ {
		if kinds[k].Name == doc {
			return k
		}
	}
	return -1
}

// rfc3339OK reports whether time.Parse(time.RFC3339, s) succeeds: at
// once for the usual form, 2017-03-26T10:00:00+08:00 or
// 2017-03-26T02:00:00Z, by time.Parse for any other.
func rfc3339OK(s string) bool {
	if plainRFC3339(s) {
		return true
	}
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// plainRFC3339 reports whether s is a valid time of the form
// 2006-01-02T15:04:05Z or 2006-01-02T15:04:05-07:00, with the ranges
// time.Parse checks; false for anything else, which time.Parse may still
// accept.
func plainRFC3339(s string) bool {
	switch {
	case len(s) == len("2006-01-02T15:04:05Z") && s[19] == 'Z':
	case len(s) == len("2006-01-02T15:04:05-07:00") && (s[19] == '+' || s[19] == '-') && s[22] == ':':
		if !inRange(s[20:22], 0, 23) || !inRange(s[23:25], 0, 59) {
			return false
		}
	default:
		return false
	}
	if s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		!inRange(s[0:4], 0, 9999) || !inRange(s[5:7], 1, 12) ||
		!inRange(s[11:13], 0, 23) || !inRange(s[14:16], 0, 59) || !inRange(s[17:19], 0, 59) {
		return false
	}
	days := 31
	switch m := int(s[5]-'0')*10 + int(s[6]-'0'); m {
	case 4, 6, 9, 11:
		days = 30
	case 2:
		y := (int(s[0]-'0')*10+int(s[1]-'0'))*100 + int(s[2]-'0')*10 + int(s[3]-'0')
		days = 28
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			days = 29
		}
	}
	return inRange(s[8:10], 1, days)
}

// inRange reports whether s is all decimal digits, of a value in [lo, hi].
func inRange(s string, lo, hi int) bool {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		v = v*10 + int(c-'0')
	}
	return lo <= v && v <= hi
}

// noDocuments is the documents of a record without any, shared: a CEL list
// is immutable.
var noDocuments = types.NewStringList(types.DefaultTypeAdapter, nil)

// noRecords is an empty list of records, shared.
var noRecords = types.NewRefValList(types.DefaultTypeAdapter, []ref.Val{})

// convert checks one evidence value against a declared type.
func convert(raw any, t ValueType, values []string) (ref.Val, error) {
	return convertIn(raw, t, values, nil)
}

// convertIn is convert with the CEL values of an enum's values made once
// (enumValues), shared: nil makes the one given.
func convertIn(raw any, t ValueType, values []string, shared []ref.Val) (ref.Val, error) {
	got := func() error { return msg.Errorf("want %s, got %s", t, hostvalue.Describe(raw)) }
	switch t {
	case DecimalType, IntType:
		// A number is read into celdec's compact form (machine words, no
		// allocation) when its coefficient fits; else as a decimal.Decimal.
		var v celdec.Decimal
		switch x := raw.(type) {
		case json.Number:
			d, err := numberJSON(x, t)
			if err != nil {
				return nil, err
			}
			v = d
		case string:
			d, err := numberText(x, t)
			if err != nil {
				return nil, err
			}
			v = d
		case decimal.Decimal:
			v = celdec.New(x)
		case int:
			v = celdec.FromInt(int64(x))
		case int64:
			v = celdec.FromInt(x)
		case int32:
			v = celdec.FromInt(int64(x))
		default:
			if isFloat(raw) {
				return nil, msg.Errorf("want %s, got a binary floating-point number: pass a decimal or its text", t)
			}
			return nil, got()
		}
		if err := checkWrittenOut(v, t); err != nil {
			return nil, err
		}
		if t == IntType {
			// An integer of at most 18 digits.
			if n, ok := v.Int64(); ok && n >= -1e18 && n <= 1e18 {
				return types.Int(n), nil
			}
			return nil, got()
		}
		return celdec.Val(v), nil
	case BoolType:
		if x, ok := raw.(bool); ok {
			return types.Bool(x), nil
		}
		if x, ok := raw.(string); ok && (x == "true" || x == "false") {
			return types.Bool(x == "true"), nil
		}
		return nil, got()
	case DateType:
		switch x := raw.(type) {
		case string:
			d, err := celdec.ParseDate(x)
			if err != nil {
				return nil, err
			}
			return types.Timestamp{Time: d}, nil
		case time.Time:
			return types.Timestamp{Time: x.UTC()}, nil
		}
		return nil, got()
	case StringType, EnumType:
		x, ok := raw.(string)
		if !ok {
			return nil, got()
		}
		if len(x) > maxStringLen {
			return nil, msg.Errorf("text of %d bytes; at most %d", len(x), maxStringLen)
		}
		if t == EnumType {
			for i, v := range values {
				if v == x {
					if i < len(shared) {
						return shared[i], nil // a CEL string is immutable
					}
					return types.String(x), nil
				}
			}
			return nil, msg.Errorf("%q is not one of %s%s", x, strings.Join(values, ", "), didYouMean(x, values))
		}
		return types.String(x), nil
	}
	return nil, got()
}

// numberJSON reads a number as JSON gives it, as convert does.
func numberJSON(x json.Number, t ValueType) (celdec.Decimal, error) {
	// Checked before it is parsed: parsing takes time quadratic in the
	// digits.
	if err := evidence.CheckNumber(string(x)); err != nil {
		return celdec.Decimal{}, err
	}
	if v, ok := celdec.ParseNumber(string(x)); ok {
		return v, nil
	}
	d, err := decimal.NewFromString(string(x))
	if err != nil {
		return celdec.Decimal{}, msg.Errorf("want %s, got %s", t, hostvalue.Describe(x))
	}
	return celdec.New(d), nil
}

// numberText reads a number given as text (an evidence value of type t,
// or an assessor's points), as convert does.
func numberText(x string, t ValueType) (celdec.Decimal, error) {
	d, err := celdec.Parse(strings.TrimSpace(x))
	if err != nil {
		if n := digits(x); n > evidence.MaxDigits && strings.Trim(x, "+-.0123456789 ") == "" {
			return celdec.Decimal{}, msg.Errorf("want %s, got a number of %d digits; at most %d", t, n, evidence.MaxDigits)
		}
		return celdec.Decimal{}, msg.Errorf("want %s, got %s", t, hostvalue.Describe(x))
	}
	return d, nil
}

// checkWrittenOut refuses a number of more digits written out than
// evidence allows. A host's decimal.Decimal (or a number with an
// exponent) may be far beyond what a number in text can be:
// 1e-2147483648 is 2^31 digits written out. Refused before anything
// computes with it. A compact value is counted in place;
// evidence.CheckDecimal counts the others, and words the refusal.
func checkWrittenOut(v celdec.Decimal, t ValueType) error {
	if n, ok := v.DigitsWrittenOut(); !ok || n > evidence.MaxDigits {
		d, _ := v.AsDecimal()
		if err := evidence.CheckDecimal(d); err != nil {
			return msg.Errorf("want %s, got %w", t, err)
		}
	}
	return nil
}

// checkPoints checks an assessor's points as convert checks a decimal,
// without making its CEL value.
func checkPoints(x json.Number) error {
	v, err := numberJSON(x, DecimalType)
	if err == nil {
		err = checkWrittenOut(v, DecimalType)
	}
	return err
}

// digits counts the decimal digits in s.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	return n
}

// isFloat reports a binary floating-point value, which evidence refuses:
// it cannot hold amounts exactly.
func isFloat(v any) bool {
	k := reflect.ValueOf(v).Kind()
	return k == reflect.Float32 || k == reflect.Float64
}

// subjectActivation is a binding as the activation of an expression: it
// resolves the names a rule reads from the binding's slots. The
// conversion from *binding is free, so evaluating allocates no activation.
type subjectActivation binding

func (a *subjectActivation) ResolveName(name string) (any, bool) {
	switch name {
	case "record":
		return nil, false
	case "params":
		return a.s.paramObj, true
	case "subject":
		return &a.subject, true
	case "period":
		return a.periodV, true
	case "tables":
		if a.s.tablesObj != nil {
			return a.s.tablesObj, true
		}
		return nil, false
	}
	if i, ok := a.s.layout.slot[name]; ok {
		if v := (*binding)(a).value(i); v != nil {
			return v, true
		}
	}
	return nil, false
}

func (a *subjectActivation) Parent() interpreter.Activation { return nil }

// Eval evaluates e for the binding (and rec, for per-record rules). It
// does not start when ctx is done, and a comprehension stops when ctx is
// done while it runs; the error then wraps ctx.Err().
func (b *binding) Eval(ctx context.Context, e *Expr, rec *bound.Record) (ref.Val, error) {
	if e.prg == nil {
		return nil, bound.ErrNoProgram
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.static && e.index < len(b.s.consts) {
		if v := b.s.consts[e.index].val; v != nil { // folded: the value the program gives
			return v, nil
		}
	}
	var act interpreter.Activation = (*subjectActivation)(b)
	if rec != nil {
		if e.field != "" {
			// record.FIELD is the field's value, as the program would
			// select it; a field not set is left to the program, which
			// says so.
			if v := rec.Obj.Field(e.field); v != nil {
				return v, nil
			}
		} else if e.test != nil {
			if v := e.test.eval(rec); v != nil {
				return v, nil
			}
		}
		act = rec
	} else if v := b.remembered(e); v != nil {
		return v, nil
	}
	prg, err := e.program(b.oversized)
	if err != nil {
		return nil, err
	}
	var v ref.Val
	if e.loops && ctx.Done() != nil {
		// Only a comprehension runs long enough to be worth interrupting:
		// a straight-line expression's cost is bounded by its size.
		v, _, err = prg.ContextEval(ctx, act)
		if cerr := ctx.Err(); err != nil && cerr != nil {
			return nil, msg.Errorf("%w: %v", cerr, err)
		}
	} else {
		v, _, err = prg.Eval(act)
	}
	if err != nil {
		return nil, err
	}
	if rec == nil && e.loops {
		b.remember(e, v)
	}
	return v, nil
}

// Number evaluates a number expression to its recorded value: the value
// itself, or, when it does not terminate, its rounding to the scheme's
// arithmetic scale (plan.Recorded). Compare with Exact, which comparisons
// must use.
func (b *binding) Number(ctx context.Context, e *Expr, rec *bound.Record) (decimal.Decimal, error) {
	x, err := b.Exact(ctx, e, rec)
	if err != nil {
		return decimal.Decimal{}, err
	}
	d, _ := b.s.record(x)
	return d, nil
}

// Exact evaluates a number expression exactly.
// Static expressions are read from the folded constants.
func (b *binding) Exact(ctx context.Context, e *Expr, rec *bound.Record) (Exact, error) {
	if v, ok := b.s.ConstExact(e); ok {
		return v, nil
	}
	v, err := b.Eval(ctx, e, rec)
	if err != nil {
		return Exact{}, err
	}
	x, ok := exactOf(v)
	if !ok {
		return Exact{}, msg.Errorf("want a number, got %s", v.Type().TypeName())
	}
	return x, nil
}

// Bool evaluates a condition.
func (b *binding) Bool(ctx context.Context, e *Expr, rec *bound.Record) (bool, error) {
	v, err := b.Eval(ctx, e, rec)
	if err != nil {
		return false, err
	}
	x, ok := v.(types.Bool)
	if !ok {
		return false, msg.Errorf("want a condition, got %s", v.Type().TypeName())
	}
	return bool(x), nil
}

// String evaluates a string expression.
func (b *binding) String(ctx context.Context, e *Expr, rec *bound.Record) (string, error) {
	v, err := b.Eval(ctx, e, rec)
	if err != nil {
		return "", err
	}
	x, ok := v.(types.String)
	if !ok {
		return "", msg.Errorf("want a string, got %s", v.Type().TypeName())
	}
	return string(x), nil
}

// Date evaluates a date expression.
func (b *binding) Date(ctx context.Context, e *Expr, rec *bound.Record) (time.Time, error) {
	v, err := b.Eval(ctx, e, rec)
	if err != nil {
		return time.Time{}, err
	}
	x, ok := v.(types.Timestamp)
	if !ok {
		return time.Time{}, msg.Errorf("want a date, got %s", v.Type().TypeName())
	}
	return x.Time, nil
}

// round returns the assessor round of that name, or nil (also when the
// scheme declares no rounds).
func (s *Scheme) round(name string) *Round {
	if s.rounds == nil {
		return nil
	}
	return s.rounds.Round(name)
}

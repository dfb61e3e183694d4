// Package evidence holds the data a host hands over to be scored: the
// subject, the period, typed facts, records with their documents, and
// assessor entries (Evidence). It is plain data with no rules engine in it;
// the scheme package checks evidence against a scheme's declared inputs.
//
// For hosts, and the package to read first: it is what a host hands over.
// Then a compiled scheme (package schemes for a built-in one, package
// scheme for a file of the host's own) and package engine to score it.
// docs/evidence.md describes the JSON form, with its JSON Schema
// (evidence.schema.json, JSONSchema).
//
// Decode reads evidence JSON (ReadFile a file), keeping numbers exact;
// Hash and Canonical give the bytes a result's evidence hash is of;
// ParsePeriod reads "2017-03", "2017-Q1", "2017-H2" and "2021".
//
// # Untrusted evidence
//
// Evidence arrives from many branches and is read as untrusted input.
// Decode reads it strictly, so that every JSON reader sees the same
// evidence, and within limits, so that no document can make it slow:
//
//   - a document is at most MaxFileSize (16 MiB);
//   - no object holds a key twice, or two keys that differ only in case
//     ("FACTS" after "facts": encoding/json would match it to facts and
//     keep the later value); keys are matched exactly, case included, and
//     a key the format does not have is refused;
//   - strings are valid UTF-8, with no unpaired surrogate escape (\ud800);
//   - a number has at most MaxDigits (40) digits, as a decimal written as a
//     string may, and no exponent (1e400000000); this is checked in time
//     linear in its length, before anything parses it;
//   - ids (the subject's id, kind and category, the period, record ids,
//     dates and document kinds, the names of facts, lists, fields, links
//     and pools, an assessor entry's assessor, role, sheet, indicator,
//     record, grade and time, a confirmation's veto, assessor and time)
//     are at most MaxIDLen (128) bytes with no control character, NUL,
//     tab and line breaks included;
//   - the subject's name is at most MaxNameLen (200) characters on one
//     line; a reason at most MaxReasonLen (2,000) characters, tab and line
//     breaks allowed but no other control character.
//
// Text facts and fields are at most 4 KiB (engine.Evaluate checks
// them). Decode takes time linear in the document's length and reports
// every problem with the document's index and JSON path, as a *Problem
// wrapping one of ErrTooLarge, ErrDuplicateKey, ErrKeyCase, ErrUnknownKey,
// ErrInvalidUTF8, ErrLongNumber, ErrExponent, ErrTooLong and ErrControl.
// Evidence a host builds by hand is held to the same limits by
// CheckLimits and CheckNumber, which engine.Evaluate calls.
package evidence

import (
	"fmt"
	"strconv"
	"time"

	"github.com/branchscore/branchscore/internal/msg"
)

// PeriodKind is the span one evaluation covers.
type PeriodKind string

// The period kinds a scheme may declare.
const (
	Month    PeriodKind = "month"
	Quarter  PeriodKind = "quarter"
	HalfYear PeriodKind = "half-year"
	Year     PeriodKind = "year"
)

// PeriodKinds lists the valid kinds in order of length.
func PeriodKinds() []PeriodKind { return []PeriodKind{Month, Quarter, HalfYear, Year} }

// Valid reports whether k is one of the declared kinds.
func (k PeriodKind) Valid() bool {
	switch k {
	case Month, Quarter, HalfYear, Year:
		return true
	}
	return false
}

// Period is one concrete span: March 2017, the second half of 2017, 2021.
// The zero value is not a valid period.
type Period struct {
	Kind  PeriodKind
	Year  int
	Index int // month 1–12, quarter 1–4, half 1–2; 1 for a year
}

// ParsePeriod reads a period written as "2017-03" (month), "2017-Q1"
// (quarter), "2017-H2" (half-year) or "2021" (year).
func ParsePeriod(s string) (Period, error) {
	p, ok := parsePeriod(s)
	if !ok {
		// Made only when needed: Bind parses the period of every subject.
		return Period{}, msg.Errorf("invalid period %q: want 2017-03, 2017-Q1, 2017-H2 or 2021", s)
	}
	return p, nil
}

func parsePeriod(s string) (Period, bool) {
	if len(s) < 4 {
		return Period{}, false
	}
	year, err := strconv.Atoi(s[:4])
	if err != nil || year < 1900 || year > 2999 {
		return Period{}, false
	}
	rest := s[4:]
	if rest == "" {
		return Period{Kind: Year, Year: year, Index: 1}, true
	}
	if len(rest) != 3 || rest[0] != '-' {
		return Period{}, false
	}
	kind, max := Month, 12
	num := rest[1:]
	switch rest[1] {
	case 'Q':
		kind, max, num = Quarter, 4, rest[2:]
	case 'H':
		kind, max, num = HalfYear, 2, rest[2:]
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || n > max || (kind == Month && len(num) != 2) {
		return Period{}, false
	}
	return Period{Kind: kind, Year: year, Index: n}, true
}

// String writes p the way ParsePeriod reads it.
func (p Period) String() string {
	switch p.Kind {
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Index)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Index)
	case HalfYear:
		return fmt.Sprintf("%04d-H%d", p.Year, p.Index)
	case Year:
		return fmt.Sprintf("%04d", p.Year)
	}
	return "invalid"
}

// months returns the first month (1-based) and the number of months.
func (p Period) months() (int, int) {
	switch p.Kind {
	case Month:
		return p.Index, 1
	case Quarter:
		return 3*(p.Index-1) + 1, 3
	case HalfYear:
		return 6*(p.Index-1) + 1, 6
	}
	return 1, 12
}

// Start is the first instant of the period, midnight UTC.
func (p Period) Start() time.Time {
	m, _ := p.months()
	return time.Date(p.Year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
}

// End is the first instant after the period.
func (p Period) End() time.Time {
	m, n := p.months()
	return time.Date(p.Year, time.Month(m+n), 1, 0, 0, 0, 0, time.UTC)
}

// Contains reports whether t falls within the period.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start()) && t.Before(p.End())
}

// perYear returns how many periods of kind k a year holds.
func (k PeriodKind) perYear() int {
	switch k {
	case Month:
		return 12
	case Quarter:
		return 4
	case HalfYear:
		return 2
	}
	return 1
}

// Seq returns the period's position on a line of periods of its kind, so
// that consecutive periods differ by one.
func (p Period) Seq() int { return p.Year*p.Kind.perYear() + p.Index - 1 }

// Add returns the period n periods after p (before it for negative n).
func (p Period) Add(n int) Period {
	per := p.Kind.perYear()
	q := p.Seq() + n
	return Period{Kind: p.Kind, Year: q / per, Index: q%per + 1}
}

// FirstOfYear reports whether p is the first period of its year.
func (p Period) FirstOfYear() bool { return p.Index == 1 }

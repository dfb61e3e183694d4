package evidence

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/internal/strictjson"
)

// The limits on evidence. Decode refuses a document past any of them, and
// engine.Evaluate refuses evidence a host built past them, each problem
// with its path.
const (
	// MaxFileSize is the largest evidence document Decode and ReadFile
	// accept: 16 MiB.
	MaxFileSize = 16 << 20
	// MaxDigits is the most digits a number may have, before and after
	// its point together, whether written as a JSON number or as a
	// string: the string form's limit, so both forms read alike. Exponent
	// notation (1e3) is refused in both.
	MaxDigits = 40
	// MaxIDLen is the longest id, in bytes: the subject's id, kind and
	// category, the period, record ids and dates, document kinds, the
	// names of facts, lists, fields, links and pools, and an assessor
	// entry's assessor, role, sheet, indicator, record, grade and time.
	MaxIDLen = 128
	// MaxNameLen is the longest subject name or assessor's display name
	// (assessor_name), in characters (runes).
	MaxNameLen = 200
	// MaxReasonLen is the longest reason of an assessor entry or a
	// confirmation, in characters (runes).
	MaxReasonLen = 2000
)

// The fixed conditions Decode and CheckLimits report; a Problem's Err
// wraps one of them (errors.Is).
var (
	// ErrTooLarge: the document is larger than MaxFileSize.
	ErrTooLarge = errors.New("evidence too large")
	// ErrDuplicateKey: an object holds a key twice (encoding/json would
	// keep the last; other readers keep the first).
	ErrDuplicateKey = strictjson.ErrDuplicateKey
	// ErrKeyCase: an object holds two keys that differ only in case
	// ("FACTS" after "facts"), or a key matches a known key only in case.
	ErrKeyCase = strictjson.ErrKeyCase
	// ErrUnknownKey: a key the document's format does not have.
	ErrUnknownKey = strictjson.ErrUnknownKey
	// ErrInvalidUTF8: a string holds bytes that are not UTF-8, or an
	// unpaired UTF-16 surrogate escape (\ud800).
	ErrInvalidUTF8 = strictjson.ErrInvalidUTF8
	// ErrLongNumber: a number of more than MaxDigits digits.
	ErrLongNumber = strictjson.ErrLongNumber
	// ErrExponent: a number in exponent notation.
	ErrExponent = strictjson.ErrExponent
	// ErrTooLong: an id, name or reason past its limit.
	ErrTooLong = errors.New("too long")
	// ErrControl: a control character in an id or name, or in a reason
	// other than tab and line breaks.
	ErrControl = errors.New("control character")
)

// Problem is one thing Decode or CheckLimits refused, at a JSON path.
type Problem struct {
	// Doc is the document's index in a top-level array, -1 for a
	// document on its own.
	Doc int
	// Path is where in the document: subject.id, facts.task_target,
	// records.contests[2].id; "" for the document itself.
	Path string
	Err  error
}

func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString("evidence")
	if p.Doc >= 0 {
		fmt.Fprintf(&b, "[%d]", p.Doc)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Err.Error())
	return b.String()
}

func (p *Problem) Unwrap() error { return p.Err }

// numberLimits are the limits on numbers in evidence.
var numberLimits = strictjson.Limits{MaxDigits: MaxDigits}

// CheckNumber checks the text of a JSON number (a json.Number a host set,
// say) against MaxDigits and the refusal of exponent notation, in time
// linear in its length, before anything parses it.
func CheckNumber(s string) error { return strictjson.CheckNumber(s, numberLimits) }

// CheckID checks an id: at most MaxIDLen bytes of UTF-8 without control
// characters (NUL, tab, line breaks, DEL, C1).
func CheckID(s string) error {
	if len(s) > MaxIDLen {
		return msg.Errorf("%w: %d bytes; an id has at most %d", ErrTooLong, len(s), MaxIDLen)
	}
	return checkText(s, false)
}

// checkText refuses invalid UTF-8 and control characters, but for tab and
// line breaks when lines is set.
func checkText(s string, lines bool) error {
	i := 0
	for i < len(s) && 0x20 <= s[i] && s[i] < 0x7f { // printable ASCII: the usual id
		i++
	}
	if i == len(s) {
		return nil
	}
	start := i
	for j, r := range s[start:] {
		i := start + j
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return msg.Errorf("%w at byte %d", ErrInvalidUTF8, i)
			}
		case lines && (r == '\t' || r == '\n' || r == '\r'):
		case unicode.IsControl(r):
			return msg.Errorf("%w %U at byte %d", ErrControl, r, i)
		}
	}
	return nil
}

func checkRunes(s string, max int, what string, lines bool) error {
	if len(s) > max { // a rune is at least a byte: count only what may be over
		if n := utf8.RuneCountInString(s); n > max {
			return msg.Errorf("%w: %d characters; %s has at most %d", ErrTooLong, n, what, max)
		}
	}
	return checkText(s, lines)
}

// CheckLimits reports every id, name and reason of ev past its limit or
// holding a character it may not (see MaxIDLen, MaxNameLen and
// MaxReasonLen), each with its path. Decode checks what it decodes;
// engine.Evaluate checks evidence a host built.
func (ev *Evidence) CheckLimits() []*Problem {
	if ev.limitsOK() {
		return nil
	}
	return ev.checkLimits()
}

// checkLimits is CheckLimits once limitsOK has found something: every
// problem, in the order of the document, maps' keys sorted.
func (ev *Evidence) checkLimits() []*Problem {
	// Paths are written only for a problem: checking allocates nothing.
	var probs []*Problem
	add := func(path string, err error) { probs = append(probs, &Problem{Doc: -1, Path: path, Err: err}) }
	id := func(path, s string) {
		if err := CheckID(s); err != nil {
			add(path, err)
		}
	}
	id("subject.id", ev.Subject.ID)
	if err := checkRunes(ev.Subject.Name, MaxNameLen, "a name", false); err != nil {
		add("subject.name", err)
	}
	id("subject.kind", ev.Subject.Kind)
	id("subject.category", ev.Subject.Category)
	id("period", ev.Period)
	if bad := badKeys(ev.Facts); bad != nil {
		for _, k := range bad {
			add("facts"+pathKey(k), CheckID(k))
		}
	}
	recs := keysOf(ev.Records)
	for _, k := range recs {
		if err := CheckID(k); err != nil {
			add("records"+pathKey(k), err)
		}
		for i := range ev.Records[k] {
			r := &ev.Records[k][i]
			at := func(suffix string) string { return fmt.Sprintf("records%s[%d]%s", pathKey(k), i, suffix) }
			if err := CheckID(r.ID); err != nil {
				add(at(".id"), err)
			}
			if err := CheckID(r.Date); err != nil {
				add(at(".date"), err)
			}
			for j, d := range r.Documents {
				if err := CheckID(d); err != nil {
					add(at(fmt.Sprintf(".documents[%d]", j)), err)
				}
			}
			for _, f := range badKeys(r.Fields) {
				add(at(pathKey(f)), CheckID(f))
			}
		}
	}
	reason := func(path func() string, s string) {
		if err := checkRunes(s, MaxReasonLen, "a reason", true); err != nil {
			add(path(), err)
		}
	}
	name := func(path func() string, s string) {
		if err := checkRunes(s, MaxNameLen, "a name", false); err != nil {
			add(path(), err)
		}
	}
	for i := range ev.Assessments {
		a := &ev.Assessments[i]
		at := func(field string) string { return fmt.Sprintf("assessments[%d].%s", i, field) }
		for _, f := range [...]struct{ name, v string }{{"assessor", a.Assessor}, {"role", a.Role}, {"sheet", a.Sheet},
			{"indicator", a.Indicator}, {"record", a.Record}, {"grade", a.Grade}, {"time", a.Time}} {
			if err := CheckID(f.v); err != nil {
				add(at(f.name), err)
			}
		}
		reason(func() string { return at("reason") }, a.Reason)
		name(func() string { return at("assessor_name") }, a.AssessorName)
	}
	for i := range ev.Confirmations {
		c := &ev.Confirmations[i]
		at := func(field string) string { return fmt.Sprintf("confirmations[%d].%s", i, field) }
		for _, f := range [...]struct{ name, v string }{{"veto", c.Veto}, {"assessor", c.Assessor}, {"time", c.Time}} {
			if err := CheckID(f.v); err != nil {
				add(at(f.name), err)
			}
		}
		reason(func() string { return at("reason") }, c.Reason)
		name(func() string { return at("assessor_name") }, c.AssessorName)
	}
	for _, k := range keysOf(ev.Chosen) {
		if err := CheckID(k); err != nil {
			add("chosen"+pathKey(k), err)
		}
		for j, x := range ev.Chosen[k] {
			if err := CheckID(x); err != nil {
				add(fmt.Sprintf("chosen%s[%d]", pathKey(k), j), err)
			}
		}
	}
	for _, k := range keysOf(ev.Links) {
		if err := CheckID(k); err != nil {
			add("links"+pathKey(k), err)
		}
		if err := CheckID(ev.Links[k]); err != nil {
			add("links"+pathKey(k), err)
		}
	}
	return probs
}

// keysOf returns m's keys sorted, for small maps where order matters for
// the messages.
func keysOf[V any](m map[string]V) []string {
	if len(m) == 0 {
		return nil
	}
	return sortedKeys(m)
}

// badKeys returns the keys of m that are not valid ids, sorted; nil, with
// nothing allocated, when all are.
func badKeys[V any](m map[string]V) []string {
	var bad []string
	for k := range m {
		if CheckID(k) != nil {
			bad = append(bad, k)
		}
	}
	slices.Sort(bad)
	return bad
}

// pathKey writes a key into a path: .name, or ["odd key"] for one that is
// not a plain name (long, empty, or with other characters), quoted in
// ASCII as the pre-pass quotes keys.
func pathKey(k string) string {
	plain := k != "" && len(k) <= 64
	for i := 0; plain && i < len(k); i++ {
		c := k[i]
		plain = c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	if plain {
		return "." + k
	}
	return "[" + strictjson.QuoteKey(k) + "]"
}

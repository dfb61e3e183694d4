package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/branchscore/branchscore/internal/hostvalue"
	"github.com/shopspring/decimal"
)

// Hash returns the SHA-256 of the evidence's canonical JSON, in hex: the
// bytes encoding/json writes for ev (json.Encoder, HTML left unescaped,
// map keys sorted, a closing newline).
//
// The canonical bytes are written by hand for the value kinds a decoded
// document holds (strings, json.Number, bools, null, lists, objects) and by
// encoding/json for anything else a host put in, so the hash of a stored
// result stays the hash encoding/json would give: TestCanonicalMatchesJSON
// and FuzzDecode hold the two byte for byte.
//
// The bytes go to the hash in chunks of about hashChunk, so hashing a
// 16 MiB document holds no 16 MiB buffer.
func (ev *Evidence) Hash() (string, error) {
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	h := sha256.New()
	b, err := appendEvidence((*bp)[:0], ev, h)
	if err != nil {
		return "", err
	}
	h.Write(b)
	if cap(b) <= 4*hashChunk {
		*bp = b[:0]
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])), nil
}

// hashChunk is how many canonical bytes Hash gathers before hashing them.
const hashChunk = 32 << 10

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// Canonical returns the bytes Hash is the SHA-256 of: what a host stores
// beside a result so that the evidence can be re-read and re-hashed later.
func Canonical(ev *Evidence) ([]byte, error) { return appendEvidence(nil, ev, nil) }

// appendEvidence appends ev's canonical bytes to b. With w, whole chunks
// go to w as they are written, and what is left is returned.
func appendEvidence(b []byte, ev *Evidence, w io.Writer) ([]byte, error) {
	var err error
	s := ev.Subject
	b = append(b, `{"subject":{"id":`...)
	b = appendString(b, s.ID, false)
	b = append(b, `,"name":`...)
	b = appendString(b, s.Name, false)
	b = append(b, `,"kind":`...)
	b = appendString(b, s.Kind, false)
	if s.Category != "" {
		b = append(b, `,"category":`...)
		b = appendString(b, s.Category, false)
	}
	b = append(b, `},"period":`...)
	b = appendString(b, ev.Period, false)
	if len(ev.Facts) > 0 {
		b = append(b, `,"facts":`...)
		if b, err = appendObject(b, ev.Facts, false); err != nil {
			return nil, under("facts", err)
		}
	}
	if len(ev.Records) > 0 {
		b = append(b, `,"records":{`...)
		for i, k := range sortedKeys(ev.Records) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k, false)
			b = append(b, ':')
			list := ev.Records[k]
			if list == nil {
				b = append(b, "null"...)
				continue
			}
			b = append(b, '[')
			for j := range list {
				if j > 0 {
					b = append(b, ',')
				}
				if b, err = appendRecord(b, &list[j]); err != nil {
					return nil, under(fmt.Sprintf("records.%s[%d]", k, j), err)
				}
				if w != nil && len(b) >= hashChunk {
					w.Write(b)
					b = b[:0]
				}
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	if len(ev.Assessments) > 0 {
		b = append(b, `,"assessments":[`...)
		for i := range ev.Assessments {
			a := &ev.Assessments[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"assessor":`...)
			b = appendString(b, a.Assessor, false)
			if a.AssessorName != "" {
				b = append(b, `,"assessor_name":`...)
				b = appendString(b, a.AssessorName, false)
			}
			b = append(b, `,"role":`...)
			b = appendString(b, a.Role, false)
			if a.Sheet != "" {
				b = append(b, `,"sheet":`...)
				b = appendString(b, a.Sheet, false)
			}
			b = append(b, `,"indicator":`...)
			b = appendString(b, a.Indicator, false)
			if a.Record != "" {
				b = append(b, `,"record":`...)
				b = appendString(b, a.Record, false)
			}
			if a.Points != "" {
				b = append(b, `,"points":`...)
				if b, err = appendNumber(b, a.Points); err != nil {
					return nil, err
				}
			}
			if a.Grade != "" {
				b = append(b, `,"grade":`...)
				b = appendString(b, a.Grade, false)
			}
			b = append(b, `,"reason":`...)
			b = appendString(b, a.Reason, false)
			b = append(b, `,"time":`...)
			b = appendString(b, a.Time, false)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(ev.Confirmations) > 0 {
		b = append(b, `,"confirmations":[`...)
		for i, c := range ev.Confirmations {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"veto":`...)
			b = appendString(b, c.Veto, false)
			b = append(b, `,"assessor":`...)
			b = appendString(b, c.Assessor, false)
			if c.AssessorName != "" {
				b = append(b, `,"assessor_name":`...)
				b = appendString(b, c.AssessorName, false)
			}
			b = append(b, `,"confirmed":`...)
			b = strconv.AppendBool(b, c.Confirmed)
			b = append(b, `,"reason":`...)
			b = appendString(b, c.Reason, false)
			b = append(b, `,"time":`...)
			b = appendString(b, c.Time, false)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(ev.Chosen) > 0 {
		b = append(b, `,"chosen":{`...)
		for i, k := range sortedKeys(ev.Chosen) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k, false)
			b = append(b, ':')
			b = appendStrings(b, ev.Chosen[k], false)
		}
		b = append(b, '}')
	}
	if len(ev.Links) > 0 {
		b = append(b, `,"links":{`...)
		for i, k := range sortedKeys(ev.Links) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k, false)
			b = append(b, ':')
			b = appendString(b, ev.Links[k], false)
		}
		b = append(b, '}')
	}
	return append(b, "}\n"...), nil
}

// appendRecord writes what Record.MarshalJSON writes: the fields with id,
// date and documents beside them, keys sorted, through json.Marshal — so
// with <, > and & escaped.
func appendRecord(b []byte, r *Record) ([]byte, error) {
	_, hasID := r.Fields["id"]
	_, hasDate := r.Fields["date"]
	_, hasDocs := r.Fields["documents"]
	if hasID || hasDate || hasDocs {
		for _, k := range sortedKeys(r.Fields) {
			if p, err := hostvalue.Check(reflect.ValueOf(r.Fields[k])); err != nil {
				return nil, under(k, &ValueError{Path: p, Err: err})
			}
		}
		out, err := r.MarshalJSON()
		if err != nil {
			return nil, err
		}
		return append(b, out...), nil
	}
	keys := make([]string, 0, len(r.Fields)+3)
	for k := range r.Fields {
		keys = append(keys, k)
	}
	keys = append(keys, "id")
	if r.Date != "" {
		keys = append(keys, "date")
	}
	if r.Documents != nil {
		keys = append(keys, "documents")
	}
	slices.Sort(keys)
	b = append(b, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k, true)
		b = append(b, ':')
		switch k {
		case "id":
			b = appendString(b, r.ID, true)
		case "date":
			b = appendString(b, r.Date, true)
		case "documents":
			b = appendStrings(b, r.Documents, true)
		default:
			if b, err = appendValue(b, r.Fields[k], true); err != nil {
				return nil, under(k, err)
			}
		}
	}
	return append(b, '}'), nil
}

func appendObject(b []byte, m map[string]any, html bool) ([]byte, error) {
	if m == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '{')
	var err error
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k, html)
		b = append(b, ':')
		if b, err = appendValue(b, m[k], html); err != nil {
			return nil, under(k, err)
		}
	}
	return append(b, '}'), nil
}

func appendValue(b []byte, v any, html bool) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, x, html), nil
	case json.Number:
		return appendNumber(b, x)
	case bool:
		return strconv.AppendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case decimal.Decimal:
		if err := CheckDecimal(x); err != nil {
			return nil, err
		}
		return appendJSON(b, v, html)
	case map[string]any:
		return appendObject(b, x, html)
	case []any:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendValue(b, e, html); err != nil {
				return nil, under(fmt.Sprintf("[%d]", i), err)
			}
		}
		return append(b, ']'), nil
	}
	// A host's own type: encoding/json writes it, once nothing inside is
	// too large to write.
	if p, err := hostvalue.Check(reflect.ValueOf(v)); err != nil {
		return nil, &ValueError{Path: p, Err: err}
	}
	return appendJSON(b, v, html)
}

// appendNumber writes a json.Number as encoding/json does: "" as 0, an
// invalid number as an error.
func appendNumber(b []byte, n json.Number) ([]byte, error) {
	if n == "" {
		return append(b, '0'), nil
	}
	if !validNumber(string(n)) {
		return appendJSON(b, n, false) // encoding/json's own error
	}
	return append(b, n...), nil
}

func appendStrings(b []byte, list []string, html bool) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s, html)
	}
	return append(b, ']')
}

// appendString writes s quoted when it needs no escaping — printable ASCII
// without " and \ (and, for html, without < > &) or valid UTF-8 other than
// U+2028 and U+2029 — and leaves every other string to encoding/json.
func appendString(b []byte, s string, html bool) []byte {
	if needsEscape(s, html) || !utf8.ValidString(s) {
		out, _ := appendJSON(b, s, html) // a string always encodes
		return out
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// hasByte reports whether a byte of x equals c (or may: it is exact for
// existence, which is all a fast path needs).
func hasByte(x uint64, c byte) bool {
	y := x ^ (ones * uint64(c))
	return (y-ones)&^y&highs != 0
}

// needsEscape reports whether s holds a byte encoding/json escapes: a
// control character, '"', '\\', for html '<', '>' and '&', or the start
// of U+2028 or U+2029 (E2 80 A8/A9). Eight bytes at a time where none is.
func needsEscape(s string, html bool) bool {
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if x&highs == highs {
				// Eight bytes of multi-byte characters (Chinese text): only
				// the lead byte of U+2028/U+2029 can matter.
				if !hasByte(x, 0xE2) {
					i += 8
					continue
				}
			} else if (x-ones*0x20)&^x&highs == 0 && !hasByte(x, '"') && !hasByte(x, '\\') && !hasByte(x, 0xE2) &&
				!(html && (hasByte(x, '<') || hasByte(x, '>') || hasByte(x, '&'))) {
				// A byte below 0x20: x − 0x20… borrows into its high bit.
				i += 8
				continue
			}
		}
		for end := min(i+8, len(s)); i < end; i++ {
			switch c := s[i]; {
			case c < 0x20 || c == '"' || c == '\\' || html && (c == '<' || c == '>' || c == '&'):
				return true
			case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
				return true
			}
		}
	}
	return false
}

// appendJSON writes v through encoding/json: json.Marshal (HTML escaped)
// inside a record, an Encoder without HTML escaping elsewhere.
func appendJSON(b []byte, v any, html bool) ([]byte, error) {
	if html {
		out, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return append(b, out...), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// validNumber reports whether s is a JSON number (encoding/json's rule).
func validNumber(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
		if s == "" {
			return false
		}
	}
	switch {
	case s[0] == '0':
		s = s[1:]
	case '1' <= s[0] && s[0] <= '9':
		s = s[1:]
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	default:
		return false
	}
	if len(s) >= 2 && s[0] == '.' && '0' <= s[1] && s[1] <= '9' {
		s = s[2:]
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	}
	if len(s) >= 2 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s[0] == '+' || s[0] == '-' {
			s = s[1:]
			if s == "" {
				return false
			}
		}
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	}
	return s == ""
}

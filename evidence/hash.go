package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
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
// 16 MiB document holds no 16 MiB buffer. The digest, the buffer and the
// keys being sorted are reused from one call to the next: for evidence of
// the kinds a decoded document holds, Hash allocates only the string it
// returns.
func (ev *Evidence) Hash() (string, error) {
	c := canonPool.Get().(*canon)
	defer c.release()
	if err := c.evidence(ev); err != nil {
		return "", err
	}
	c.h.Write(c.b)
	var hx [2 * sha256.Size]byte
	hex.Encode(hx[:], c.h.Sum(c.sum[:0]))
	return string(hx[:]), nil
}

// hashChunk is how many canonical bytes Hash gathers before hashing them.
const hashChunk = 8 << 10

// canon writes canonical bytes into b; with h, whole chunks go to h as
// they are written. keys is a stack of sorted map keys: each object being
// written pushes its keys, sorted, above those of the objects it is inside,
// and pops them when it is done.
type canon struct {
	b    []byte
	h    hash.Hash
	sum  [sha256.Size]byte
	keys []string

	// shape is the keys of the last record written, sorted, and
	// shapeBytes what goes before each value ({"date":, ,"id":, …), the
	// i-th ending at shapeEnds[i]; shapeFields, shapeDate and shapeDocs
	// say which of them are the record's fields.
	shape                []string
	shapeBytes           []byte
	shapeEnds            []int
	shapeFields          int
	shapeDate, shapeDocs bool
}

var canonPool = sync.Pool{New: func() any {
	return &canon{b: make([]byte, 0, 2*hashChunk), h: sha256.New(), keys: make([]string, 0, 32)}
}}

// release returns c to the pool, dropping what one large document made
// large, so that the pool holds no more than a few kilobytes.
func (c *canon) release() {
	if cap(c.b) > 4*hashChunk {
		return
	}
	c.b = c.b[:0]
	clear(c.keys[:cap(c.keys)])
	if cap(c.keys) > 1024 || cap(c.shape) > 1024 {
		return
	}
	c.keys = c.keys[:0]
	clear(c.shape[:cap(c.shape)])
	c.shape = c.shape[:0]
	c.h.Reset()
	canonPool.Put(c)
}

// flush hashes what has been written, once it is a chunk.
func (c *canon) flush() {
	if c.h != nil && len(c.b) >= hashChunk {
		c.h.Write(c.b)
		c.b = c.b[:0]
	}
}

// Canonical returns the bytes Hash is the SHA-256 of: what a host stores
// beside a result so that the evidence can be re-read and re-hashed later.
func Canonical(ev *Evidence) ([]byte, error) {
	c := &canon{}
	if err := c.evidence(ev); err != nil {
		return nil, err
	}
	return c.b, nil
}

// pushKeys pushes m's keys, sorted, onto c's stack, and returns them; pop
// with popKeys(start) when done. The slice returned stays valid while
// objects inside push and pop keys above it.
func pushKeys[V any](c *canon, m map[string]V) (keys []string, start int) {
	start = len(c.keys)
	for k := range m {
		c.keys = append(c.keys, k)
	}
	keys = c.keys[start:]
	slices.Sort(keys)
	return keys, start
}

func (c *canon) popKeys(start int) {
	clear(c.keys[start:])
	c.keys = c.keys[:start]
}

// evidence writes ev's canonical bytes.
func (c *canon) evidence(ev *Evidence) error {
	s := ev.Subject
	c.b = append(c.b, `{"subject":{"id":`...)
	c.b = appendString(c.b, s.ID, false)
	c.b = append(c.b, `,"name":`...)
	c.b = appendString(c.b, s.Name, false)
	c.b = append(c.b, `,"kind":`...)
	c.b = appendString(c.b, s.Kind, false)
	if s.Category != "" {
		c.b = append(c.b, `,"category":`...)
		c.b = appendString(c.b, s.Category, false)
	}
	c.b = append(c.b, `},"period":`...)
	c.b = appendString(c.b, ev.Period, false)
	if len(ev.Facts) > 0 {
		c.b = append(c.b, `,"facts":`...)
		if err := c.object(ev.Facts, false); err != nil {
			return under("facts", err)
		}
	}
	if len(ev.Records) > 0 {
		c.b = append(c.b, `,"records":{`...)
		keys, start := pushKeys(c, ev.Records)
		for i, k := range keys {
			if i > 0 {
				c.b = append(c.b, ',')
			}
			c.b = appendString(c.b, k, false)
			c.b = append(c.b, ':')
			list := ev.Records[k]
			if list == nil {
				c.b = append(c.b, "null"...)
				continue
			}
			c.b = append(c.b, '[')
			for j := range list {
				if j > 0 {
					c.b = append(c.b, ',')
				}
				if err := c.record(&list[j]); err != nil {
					return under(fmt.Sprintf("records.%s[%d]", k, j), err)
				}
				c.flush()
			}
			c.b = append(c.b, ']')
		}
		c.popKeys(start)
		c.b = append(c.b, '}')
	}
	b := c.b
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
				var err error
				if b, err = appendNumber(b, a.Points); err != nil {
					return err
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
			c.b = b
			c.flush()
			b = c.b
		}
		b = append(b, ']')
	}
	if len(ev.Confirmations) > 0 {
		b = append(b, `,"confirmations":[`...)
		for i := range ev.Confirmations {
			cf := &ev.Confirmations[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"veto":`...)
			b = appendString(b, cf.Veto, false)
			b = append(b, `,"assessor":`...)
			b = appendString(b, cf.Assessor, false)
			if cf.AssessorName != "" {
				b = append(b, `,"assessor_name":`...)
				b = appendString(b, cf.AssessorName, false)
			}
			b = append(b, `,"confirmed":`...)
			b = strconv.AppendBool(b, cf.Confirmed)
			b = append(b, `,"reason":`...)
			b = appendString(b, cf.Reason, false)
			b = append(b, `,"time":`...)
			b = appendString(b, cf.Time, false)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	c.b = b
	if len(ev.Chosen) > 0 {
		c.b = append(c.b, `,"chosen":{`...)
		keys, start := pushKeys(c, ev.Chosen)
		for i, k := range keys {
			if i > 0 {
				c.b = append(c.b, ',')
			}
			c.b = appendString(c.b, k, false)
			c.b = append(c.b, ':')
			c.b = appendStrings(c.b, ev.Chosen[k], false)
		}
		c.popKeys(start)
		c.b = append(c.b, '}')
	}
	if len(ev.Links) > 0 {
		c.b = append(c.b, `,"links":{`...)
		keys, start := pushKeys(c, ev.Links)
		for i, k := range keys {
			if i > 0 {
				c.b = append(c.b, ',')
			}
			c.b = appendString(c.b, k, false)
			c.b = append(c.b, ':')
			c.b = appendString(c.b, ev.Links[k], false)
		}
		c.popKeys(start)
		c.b = append(c.b, '}')
	}
	c.b = append(c.b, "}\n"...)
	return nil
}

// clashingRecord writes a record with a field named id, date or
// documents through Record.MarshalJSON, once every field is known to be
// writable.
func (c *canon) clashingRecord(r *Record) error {
	keys, start := pushKeys(c, r.Fields)
	defer c.popKeys(start)
	for _, k := range keys {
		if p, err := hostvalue.Check(reflect.ValueOf(r.Fields[k])); err != nil {
			return under(k, &ValueError{Path: p, Err: err})
		}
	}
	out, err := r.MarshalJSON()
	if err != nil {
		return err
	}
	c.b = append(c.b, out...)
	return nil
}

// record writes what Record.MarshalJSON writes: the fields with id, date
// and documents beside them, keys sorted, through json.Marshal — so with
// <, > and & escaped. Records of a list mostly have the same keys: one
// with the keys of the record before is written in the order found for
// that one, without sorting.
func (c *canon) record(r *Record) error {
	if ok, err := c.shaped(r); ok || err != nil {
		return err
	}
	for k := range r.Fields {
		switch k {
		case "id", "date", "documents":
			// A field named like the record's own keys: the record is
			// written as Record.MarshalJSON writes it.
			return c.clashingRecord(r)
		}
	}
	c.shape = c.shape[:0]
	for k := range r.Fields {
		c.shape = append(c.shape, k)
	}
	c.shape = append(c.shape, "id")
	if r.Date != "" {
		c.shape = append(c.shape, "date")
	}
	if r.Documents != nil {
		c.shape = append(c.shape, "documents")
	}
	slices.Sort(c.shape)
	c.shapeFields, c.shapeDate, c.shapeDocs = len(r.Fields), r.Date != "", r.Documents != nil
	c.shapeBytes, c.shapeEnds = c.shapeBytes[:0], c.shapeEnds[:0]
	for i, k := range c.shape {
		if i == 0 {
			c.shapeBytes = append(c.shapeBytes, '{')
		} else {
			c.shapeBytes = append(c.shapeBytes, ',')
		}
		c.shapeBytes = appendString(c.shapeBytes, k, true)
		c.shapeBytes = append(c.shapeBytes, ':')
		c.shapeEnds = append(c.shapeEnds, len(c.shapeBytes))
	}
	_, err := c.shaped(r)
	return err
}

// shaped writes r in the order of c.shape, when r has exactly its keys,
// and reports whether it did. r has them when it has as many fields and
// each of the shape's (and its date and documents as the shape has them):
// then it has no field id, date or documents either, as no shape does.
func (c *canon) shaped(r *Record) (bool, error) {
	if len(c.shape) == 0 || len(r.Fields) != c.shapeFields || (r.Date != "") != c.shapeDate || (r.Documents != nil) != c.shapeDocs {
		return false, nil
	}
	mark, from := len(c.b), 0
	for i, k := range c.shape {
		c.b = append(c.b, c.shapeBytes[from:c.shapeEnds[i]]...)
		from = c.shapeEnds[i]
		switch k {
		case "id":
			c.b = appendString(c.b, r.ID, true)
		case "date":
			c.b = appendString(c.b, r.Date, true)
		case "documents":
			c.b = appendStrings(c.b, r.Documents, true)
		default:
			v, has := r.Fields[k]
			if !has {
				c.b = c.b[:mark]
				return false, nil
			}
			if err := c.value(v, true); err != nil {
				return true, under(k, err)
			}
		}
	}
	c.b = append(c.b, '}')
	return true, nil
}

func (c *canon) object(m map[string]any, html bool) error {
	if m == nil {
		c.b = append(c.b, "null"...)
		return nil
	}
	c.b = append(c.b, '{')
	keys, start := pushKeys(c, m)
	defer c.popKeys(start)
	for i, k := range keys {
		if i > 0 {
			c.b = append(c.b, ',')
		}
		c.b = appendString(c.b, k, html)
		c.b = append(c.b, ':')
		if err := c.value(m[k], html); err != nil {
			return under(k, err)
		}
	}
	c.b = append(c.b, '}')
	return nil
}

func (c *canon) value(v any, html bool) error {
	var err error
	switch x := v.(type) {
	case nil:
		c.b = append(c.b, "null"...)
		return nil
	case string:
		c.b = appendString(c.b, x, html)
		return nil
	case json.Number:
		c.b, err = appendNumber(c.b, x)
		return err
	case bool:
		c.b = strconv.AppendBool(c.b, x)
		return nil
	case int:
		c.b = strconv.AppendInt(c.b, int64(x), 10)
		return nil
	case int64:
		c.b = strconv.AppendInt(c.b, x, 10)
		return nil
	case decimal.Decimal:
		if err := CheckDecimal(x); err != nil {
			return err
		}
		c.b, err = appendJSON(c.b, v, html)
		return err
	case map[string]any:
		return c.object(x, html)
	case []any:
		if x == nil {
			c.b = append(c.b, "null"...)
			return nil
		}
		c.b = append(c.b, '[')
		for i, e := range x {
			if i > 0 {
				c.b = append(c.b, ',')
			}
			if err := c.value(e, html); err != nil {
				return under(fmt.Sprintf("[%d]", i), err)
			}
		}
		c.b = append(c.b, ']')
		return nil
	}
	// A host's own type: encoding/json writes it, once nothing inside is
	// too large to write.
	if p, err := hostvalue.Check(reflect.ValueOf(v)); err != nil {
		return &ValueError{Path: p, Err: err}
	}
	c.b, err = appendJSON(c.b, v, html)
	return err
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
	if esc, high := scanString(s, html); esc || high && !utf8.ValidString(s) {
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
// of U+2028 or U+2029 (E2 80 A8/A9).
func needsEscape(s string, html bool) bool {
	esc, _ := scanString(s, html)
	return esc
}

// scanString reports whether s needs escaping (needsEscape) and, if not,
// whether it holds a byte past ASCII (and so may not be UTF-8). Eight
// bytes at a time where none needs escaping.
func scanString(s string, html bool) (esc, high bool) {
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if x&highs == highs {
				// Eight bytes of multi-byte characters (Chinese text): only
				// the lead byte of U+2028/U+2029 can matter.
				if !hasByte(x, 0xE2) {
					i += 8
					high = true
					continue
				}
			} else if (x-ones*0x20)&^x&highs == 0 && !hasByte(x, '"') && !hasByte(x, '\\') && !hasByte(x, 0xE2) &&
				!(html && (hasByte(x, '<') || hasByte(x, '>') || hasByte(x, '&'))) {
				// A byte below 0x20: x − 0x20… borrows into its high bit.
				i += 8
				high = high || x&highs != 0
				continue
			}
		}
		for end := min(i+8, len(s)); i < end; i++ {
			switch c := s[i]; {
			case c < 0x20 || c == '"' || c == '\\' || html && (c == '<' || c == '>' || c == '&'):
				return true, high
			case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
				return true, high
			case c >= 0x80:
				high = true
			}
		}
	}
	return false, high
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

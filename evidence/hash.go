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
	"strings"
	"sync"

	"github.com/branchscore/branchscore/internal/hostvalue"
	"github.com/branchscore/branchscore/internal/msg"
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
// they are written. pairs is a stack of objects' keys and values, sorted
// by key: each object being written pushes its own above those of the
// objects it is inside, and pops them when it is done.
type canon struct {
	b     []byte
	h     hash.Hash
	sum   [sha256.Size]byte
	pairs []pair
	lists []list
	keys  []string

	// factKeys and listKeys are the sorted names of the facts and of the
	// lists of records of the evidence written last.
	factKeys, listKeys []string

	// shapes are the keys of the records of the last lists written, by
	// list name, kept from one Hash to the next: the lists of one scheme
	// have the same fields in every subject's evidence.
	shapes []shape

	// ok is false once a string written is past its limit or holds a
	// character it may not (CheckLimits would report it), or the writer
	// leaves the limits of what it wrote to CheckLimits.
	ok bool

	// depth is how many maps and lists of a host value the writer is
	// inside (value): at most maxNesting.
	depth int
}

// maxNesting is how deep maps and lists may nest in a value of the
// evidence: what a decoded document may hold (encoding/json's limit). A
// host's map or list that holds itself would go on for ever.
const maxNesting = 10000

// errNesting is the error of a value nested deeper than maxNesting.
var errNesting = msg.Errorf("maps and lists nested more than %d deep (one that holds itself?)", maxNesting)

// pair is a key of an object and its value.
type pair struct {
	k string
	v any
}

// list is a list of records and its name.
type list struct {
	k string
	v []Record
}

var canonPool = sync.Pool{New: func() any {
	return &canon{b: make([]byte, 0, 2*hashChunk), h: sha256.New()}
}}

// maxShapes is how many record shapes a canon keeps, maxShapeKeys how
// many keys a shape it keeps may have.
const maxShapes, maxShapeKeys = 16, 64

// release returns c to the pool, dropping what one large document made
// large, so that the pool holds no more than a few kilobytes.
func (c *canon) release() {
	if cap(c.b) > 4*hashChunk || cap(c.pairs) > 1024 || cap(c.lists) > 256 || cap(c.keys) > 1024 {
		return
	}
	c.b = c.b[:0]
	clear(c.pairs[:cap(c.pairs)])
	c.pairs = c.pairs[:0]
	clear(c.lists[:cap(c.lists)])
	c.lists = c.lists[:0]
	clear(c.keys[:cap(c.keys)])
	c.keys = c.keys[:0]
	if cap(c.factKeys) > maxKept || cap(c.listKeys) > maxKept {
		c.factKeys, c.listKeys = nil, nil
	}
	for i := range c.shapes {
		if sh := &c.shapes[i]; len(sh.slots) > maxShapeKeys {
			*sh = shape{}
		}
	}
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
// with popKeys(start) when done.
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

// pushPairs pushes m's keys and values, sorted by key, onto c's stack,
// and returns them; pop with popPairs(start) when done. The slice
// returned stays valid while objects inside push and pop pairs above it.
func (c *canon) pushPairs(m map[string]any) (pairs []pair, start int) {
	start = len(c.pairs)
	for k, v := range m {
		c.pairs = append(c.pairs, pair{k, v})
	}
	pairs = c.pairs[start:]
	if len(pairs) > 12 {
		slices.SortFunc(pairs, func(a, b pair) int { return strings.Compare(a.k, b.k) })
		return pairs, start
	}
	for i := 1; i < len(pairs); i++ { // keys differ: no ties
		for j := i; j > 0 && pairs[j].k < pairs[j-1].k; j-- {
			pairs[j], pairs[j-1] = pairs[j-1], pairs[j]
		}
	}
	return pairs, start
}

func (c *canon) popPairs(start int) {
	clear(c.pairs[start:])
	c.pairs = c.pairs[:start]
}

// sortedLists returns ev's lists of records, sorted by name, in c.lists.
func (c *canon) sortedLists(ev *Evidence) []list {
	c.lists = c.lists[:0]
	for k, v := range ev.Records {
		c.lists = append(c.lists, list{k, v})
	}
	ls := c.lists
	if len(ls) > 12 {
		slices.SortFunc(ls, func(a, b list) int { return strings.Compare(a.k, b.k) })
		return ls
	}
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && ls[j].k < ls[j-1].k; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
	return ls
}

// evidence writes ev's canonical bytes.
func (c *canon) evidence(ev *Evidence) error {
	c.ok, c.depth = true, 0
	s := ev.Subject
	c.b = append(c.b, `{"subject":{"id":`...)
	c.b = c.text(c.b, s.ID, false, limitID)
	c.b = append(c.b, `,"name":`...)
	c.b = c.text(c.b, s.Name, false, limitName)
	c.b = append(c.b, `,"kind":`...)
	c.b = c.text(c.b, s.Kind, false, limitID)
	if s.Category != "" {
		c.b = append(c.b, `,"category":`...)
		c.b = c.text(c.b, s.Category, false, limitID)
	}
	c.b = append(c.b, `},"period":`...)
	c.b = c.text(c.b, ev.Period, false, limitID)
	if len(ev.Facts) > 0 {
		c.b = append(c.b, `,"facts":`...)
		if err := c.facts(ev.Facts); err != nil {
			return under("facts", err)
		}
	}
	if len(ev.Records) > 0 {
		c.b = append(c.b, `,"records":{`...)
		var kept [maxKept][]Record
		var lists []list
		n := len(ev.Records)
		if n <= maxKept {
			ordered(&c.listKeys, ev.Records, kept[:n])
		} else {
			lists = c.sortedLists(ev)
		}
		for i := range n {
			if i > 0 {
				c.b = append(c.b, ',')
			}
			var k string
			var l []Record
			if lists == nil {
				k, l = c.listKeys[i], kept[i]
			} else {
				k, l = lists[i].k, lists[i].v
			}
			if err := c.list(k, l); err != nil {
				return err
			}
		}
		clear(c.lists)
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
			b = c.text(b, a.Assessor, false, limitID)
			if a.AssessorName != "" {
				b = append(b, `,"assessor_name":`...)
				b = c.text(b, a.AssessorName, false, limitName)
			}
			b = append(b, `,"role":`...)
			b = c.text(b, a.Role, false, limitID)
			if a.Sheet != "" {
				b = append(b, `,"sheet":`...)
				b = c.text(b, a.Sheet, false, limitID)
			}
			b = append(b, `,"indicator":`...)
			b = c.text(b, a.Indicator, false, limitID)
			if a.Record != "" {
				b = append(b, `,"record":`...)
				b = c.text(b, a.Record, false, limitID)
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
				b = c.text(b, a.Grade, false, limitID)
			}
			b = append(b, `,"reason":`...)
			b = c.text(b, a.Reason, false, limitReason)
			b = append(b, `,"time":`...)
			b = c.text(b, a.Time, false, limitID)
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
			b = c.text(b, cf.Veto, false, limitID)
			b = append(b, `,"assessor":`...)
			b = c.text(b, cf.Assessor, false, limitID)
			if cf.AssessorName != "" {
				b = append(b, `,"assessor_name":`...)
				b = c.text(b, cf.AssessorName, false, limitName)
			}
			b = append(b, `,"confirmed":`...)
			b = strconv.AppendBool(b, cf.Confirmed)
			b = append(b, `,"reason":`...)
			b = c.text(b, cf.Reason, false, limitReason)
			b = append(b, `,"time":`...)
			b = c.text(b, cf.Time, false, limitID)
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
			c.b = c.text(c.b, k, false, limitID)
			c.b = append(c.b, ':')
			c.b = c.ids(c.b, ev.Chosen[k], false)
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
			c.b = c.text(c.b, k, false, limitID)
			c.b = append(c.b, ':')
			c.b = c.text(c.b, ev.Links[k], false, limitID)
		}
		c.popKeys(start)
		c.b = append(c.b, '}')
	}
	c.b = append(c.b, "}\n"...)
	return nil
}

// maxKept is the most keys a map whose sorted keys a canon keeps may have
// (the facts, the lists of records).
const maxKept = 16

// ordered puts m's keys, sorted, in *keys and their values in vals, of
// len(m) at most maxKept. When m has the keys already in *keys (those of
// the map written last time: a scheme's facts and lists are the same in
// every subject's evidence), it looks them up, without sorting.
func ordered[V any](keys *[]string, m map[string]V, vals []V) {
	if lookupAll(*keys, m, vals) {
		return
	}
	k := (*keys)[:0]
	for key := range m {
		k = append(k, key)
	}
	slices.Sort(k)
	*keys = k
	lookupAll(k, m, vals)
}

// lookupAll puts the value in m of each of keys in vals, and reports
// whether m has exactly those keys.
func lookupAll[V any](keys []string, m map[string]V, vals []V) bool {
	if len(keys) != len(m) || len(keys) != len(vals) {
		return false
	}
	for i, k := range keys {
		v, ok := m[k]
		if !ok {
			return false
		}
		vals[i] = v
	}
	return true
}

// facts writes the evidence's facts.
func (c *canon) facts(m map[string]any) error {
	n := len(m)
	if n > maxKept {
		for k := range m { // object writes them, unchecked
			if !idOK(k) {
				c.ok = false
				break
			}
		}
		return c.object(m, false)
	}
	var vals [maxKept]any
	ordered(&c.factKeys, m, vals[:n])
	c.b = append(c.b, '{')
	for i, k := range c.factKeys {
		if i > 0 {
			c.b = append(c.b, ',')
		}
		c.b = c.text(c.b, k, false, limitID)
		c.b = append(c.b, ':')
		if err := c.value(vals[i], false); err != nil {
			return under(k, err)
		}
	}
	c.b = append(c.b, '}')
	return nil
}

// list writes the list of records named k.
func (c *canon) list(k string, l []Record) error {
	c.b = c.text(c.b, k, false, limitID)
	c.b = append(c.b, ':')
	if l == nil {
		c.b = append(c.b, "null"...)
		return nil
	}
	c.b = append(c.b, '[')
	sh := c.shapeOf(k)
	for j := range l {
		if j > 0 {
			c.b = append(c.b, ',')
		}
		if err := c.record(sh, &l[j]); err != nil {
			return under(fmt.Sprintf("records.%s[%d]", k, j), err)
		}
		c.flush()
	}
	c.b = append(c.b, ']')
	return nil
}

// clashingRecord writes a record with a field named id, date or
// documents through Record.MarshalJSON, once every field is known to be
// writable.
func (c *canon) clashingRecord(r *Record) error {
	c.ok = false // its limits are left to CheckLimits
	pairs, start := c.pushPairs(r.Fields)
	defer c.popPairs(start)
	for _, p := range pairs {
		if path, err := hostvalue.Check(reflect.ValueOf(p.v)); err != nil {
			return under(p.k, &ValueError{Path: path, Err: err})
		}
	}
	out, err := r.MarshalJSON()
	if err != nil {
		return err
	}
	c.b = append(c.b, out...)
	return nil
}

// shape is the keys of a record, sorted, and what goes before each value
// ({"date":, ,"id":, …): head up to slots[i].end before the i-th.
type shape struct {
	list       string // the list whose records last had it
	fields     int
	date, docs bool
	keysOK     bool // every field key is an id within the limits
	head       []byte
	slots      []slot
}

// slot is a key of a shape: the record's id, date or documents, or the
// field key.
type slot struct {
	end  int
	kind uint8
	key  string
}

const (
	slotField uint8 = iota
	slotID
	slotDate
	slotDocs
)

// shapeOf returns the shape kept for the list named k, or a free one for
// it.
func (c *canon) shapeOf(k string) *shape {
	for i := range c.shapes {
		if c.shapes[i].list == k {
			return &c.shapes[i]
		}
	}
	if len(c.shapes) < maxShapes {
		c.shapes = append(c.shapes, shape{list: k})
		return &c.shapes[len(c.shapes)-1]
	}
	// Full: take the place of one, the same for the same name.
	sh := &c.shapes[len(k)%maxShapes]
	*sh = shape{list: k, head: sh.head[:0], slots: sh.slots[:0]}
	return sh
}

// record writes what Record.MarshalJSON writes: the fields with id, date
// and documents beside them, keys sorted, through json.Marshal — so with
// <, > and & escaped. Records of a list mostly have the same keys: one
// with the keys of sh, the record before's, is written in sh's order,
// without sorting.
func (c *canon) record(sh *shape, r *Record) error {
	if ok, err := c.shaped(sh, r); ok || err != nil {
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
	sh.build(r)
	_, err := c.shaped(sh, r)
	return err
}

// build makes sh the shape of r, which has no field named id, date or
// documents.
func (sh *shape) build(r *Record) {
	sh.fields, sh.date, sh.docs = len(r.Fields), r.Date != "", r.Documents != nil
	sh.slots = sh.slots[:0]
	sh.keysOK = true
	for k := range r.Fields {
		sh.slots = append(sh.slots, slot{kind: slotField, key: k})
		sh.keysOK = sh.keysOK && idOK(k)
	}
	sh.slots = append(sh.slots, slot{kind: slotID, key: "id"})
	if sh.date {
		sh.slots = append(sh.slots, slot{kind: slotDate, key: "date"})
	}
	if sh.docs {
		sh.slots = append(sh.slots, slot{kind: slotDocs, key: "documents"})
	}
	slices.SortFunc(sh.slots, func(a, b slot) int { return strings.Compare(a.key, b.key) })
	sh.head = sh.head[:0]
	for i := range sh.slots {
		if i == 0 {
			sh.head = append(sh.head, '{')
		} else {
			sh.head = append(sh.head, ',')
		}
		sh.head = appendString(sh.head, sh.slots[i].key, true)
		sh.head = append(sh.head, ':')
		sh.slots[i].end = len(sh.head)
	}
}

// shaped writes r in the order of sh, when r has exactly its keys, and
// reports whether it did. r has them when it has as many fields and each
// of the shape's (and its date and documents as the shape has them): then
// it has no field id, date or documents either, as no shape does.
func (c *canon) shaped(sh *shape, r *Record) (bool, error) {
	if len(sh.slots) == 0 || len(r.Fields) != sh.fields || (r.Date != "") != sh.date || (r.Documents != nil) != sh.docs {
		return false, nil
	}
	b, mark, from := c.b, len(c.b), 0
	for i := range sh.slots {
		sl := &sh.slots[i]
		b = append(b, sh.head[from:sl.end]...)
		from = sl.end
		switch sl.kind {
		case slotID:
			b = c.text(b, r.ID, true, limitID)
		case slotDate:
			b = c.text(b, r.Date, true, limitID)
		case slotDocs:
			b = c.ids(b, r.Documents, true)
		default:
			v, has := r.Fields[sl.key]
			if !has {
				c.b = b[:mark]
				return false, nil
			}
			switch x := v.(type) { // what decoded records hold, without a call
			case string:
				b = appendString(b, x, true)
			case bool:
				b = strconv.AppendBool(b, x)
			case json.Number:
				out, err := appendNumber(b, x)
				if err != nil {
					c.b = b
					return true, under(sl.key, err)
				}
				b = out
			default:
				c.b = b
				if err := c.value(v, true); err != nil {
					return true, under(sl.key, err)
				}
				b = c.b
			}
		}
	}
	if !sh.keysOK {
		c.ok = false
	}
	c.b = append(b, '}')
	return true, nil
}

func (c *canon) object(m map[string]any, html bool) error {
	if m == nil {
		c.b = append(c.b, "null"...)
		return nil
	}
	c.b = append(c.b, '{')
	pairs, start := c.pushPairs(m)
	defer c.popPairs(start)
	for i, p := range pairs {
		if i > 0 {
			c.b = append(c.b, ',')
		}
		c.b = appendString(c.b, p.k, html)
		c.b = append(c.b, ':')
		if err := c.value(p.v, html); err != nil {
			return under(p.k, err)
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
		if c.depth >= maxNesting {
			return &ValueError{Err: errNesting}
		}
		c.depth++
		err = c.object(x, html)
		c.depth--
		return err
	case []any:
		if x == nil {
			c.b = append(c.b, "null"...)
			return nil
		}
		if c.depth >= maxNesting {
			return &ValueError{Err: errNesting}
		}
		c.depth++
		defer func() { c.depth-- }()
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

// appendString writes s quoted when it needs no escaping — printable ASCII
// without " and \ (and, for html, without < > &) or valid UTF-8 other than
// U+2028 and U+2029 — and leaves every other string to encoding/json.
func appendString(b []byte, s string, html bool) []byte {
	if esc, high := scanString(s, html); esc || high && !plainUTF8(s) {
		out, _ := appendJSON(b, s, html) // a string always encodes
		return out
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainUTF8 reports whether s is UTF-8 without U+2028 and U+2029.
func plainUTF8(s string) bool {
	valid, lineSep, _ := scanUTF8(s)
	return valid && !lineSep
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

// Package strictjson checks a JSON document, before encoding/json decodes
// it, for what encoding/json lets through and other JSON readers read
// differently: duplicate keys (encoding/json keeps the last), keys that
// differ only in case (encoding/json matches struct fields without regard
// to case, so "FACTS" after "facts" replaces it), invalid UTF-8 and lone
// UTF-16 surrogate escapes (replaced by U+FFFD without a word), and
// numbers too long or in exponent notation for the exact decimals that
// read them (big-number parsing takes time quadratic in the digits).
//
// Check is the entry point. It makes one pass over the bytes, in time
// linear in their length, and stays silent on a syntax error, which
// encoding/json reports in its own words afterwards.
//
// Internal: not for hosts; evidence.Decode and engine's result decoding
// read JSON through it.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/branchscore/branchscore/internal/msg"
)

// The conditions Check reports; each Problem's Err wraps one of them.
var (
	ErrDuplicateKey = errors.New("duplicate key")
	ErrKeyCase      = errors.New("key differs only in case")
	ErrUnknownKey   = errors.New("unknown key")
	ErrInvalidUTF8  = errors.New("invalid UTF-8")
	ErrLongNumber   = errors.New("number too long")
	ErrExponent     = errors.New("number in exponent notation")
)

// Limits are the checks on numbers.
type Limits struct {
	// MaxDigits is the most digits a number may have, before and after
	// its point together; 0 for no limit.
	MaxDigits int
	// Exponent allows exponent notation (1e3).
	Exponent bool
	// MaxProblems stops the check after so many problems; 0 for 50.
	MaxProblems int
}

// Problem is one thing Check refused, at a JSON path.
type Problem struct {
	// Path is where: subject.id, records.contests[2].date, [1].facts.x
	// (in a top-level array); "" for the top level itself.
	Path string
	Err  error
}

func (p Problem) Error() string {
	if p.Path == "" {
		return p.Err.Error()
	}
	return p.Path + ": " + p.Err.Error()
}

func (p Problem) Unwrap() error { return p.Err }

// Shape is what a document is decoded into, as far as Check needs it: the
// exact key names of each struct (encoding/json would take any case).
// Build one with ShapeOf, once; it is immutable.
type Shape struct {
	fields map[string]*Shape // a struct's keys, exactly as written in its tags
	names  []string          // the same, sorted, for hints
	elem   *Shape            // a map's values, a list's items
	strict bool              // a struct: only its own keys
	leaf   func(raw []byte) error
}

// any is a value of any shape: its objects may hold any keys.
var anyShape = &Shape{}

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

// ShapeOf returns the shape encoding/json decodes into values of type t.
// A type with its own UnmarshalJSON takes any JSON; its own decoding
// checks it, and leaves may name a check of its raw JSON for Check to
// report with the value's path.
func ShapeOf(t reflect.Type, leaves map[reflect.Type]func(raw []byte) error) *Shape {
	seen := map[reflect.Type]*Shape{}
	for lt, f := range leaves {
		seen[lt] = &Shape{leaf: f}
	}
	return shapeOf(t, seen)
}

func shapeOf(t reflect.Type, seen map[reflect.Type]*Shape) *Shape {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := seen[t]; ok {
		return s
	}
	if t.Implements(unmarshaler) || reflect.PointerTo(t).Implements(unmarshaler) {
		return anyShape
	}
	switch t.Kind() {
	case reflect.Struct:
		s := &Shape{fields: map[string]*Shape{}, strict: true}
		seen[t] = s
		addFields(s, t, seen)
		for k := range s.fields {
			s.names = append(s.names, k)
		}
		slices.Sort(s.names)
		return s
	case reflect.Map, reflect.Slice, reflect.Array:
		s := &Shape{}
		seen[t] = s
		s.elem = shapeOf(t.Elem(), seen)
		return s
	}
	return anyShape
}

func addFields(s *Shape, t reflect.Type, seen map[reflect.Type]*Shape) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			addFields(s, ft, seen)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s.fields[name] = shapeOf(f.Type, seen)
	}
}

// Check reports every problem of data, read as a value of the given
// shape, up to lim.MaxProblems. It returns nil when data is not valid JSON
// (encoding/json says why) and looks at the first value only.
func Check(data []byte, shape *Shape, lim Limits) []Problem {
	if lim.MaxProblems <= 0 {
		lim.MaxProblems = 50
	}
	s := &scanner{data: data, lim: lim}
	s.value(shape, 0)
	if s.syntax {
		return nil
	}
	return s.probs
}

// maxDepth is encoding/json's own nesting limit.
const maxDepth = 10000

// smallObject is the number of keys an object's keys are compared one by
// one up to; past it they go into a map.
const smallObject = 16

type seg struct {
	key []byte
	idx int // -1 for a key
}

type level struct {
	keys   [][]byte
	fold   map[string]int // folded key -> index in keys, past smallObject
	useMap bool
}

type scanner struct {
	data   []byte
	i      int
	lim    Limits
	path   []seg
	levels []level
	probs  []Problem
	syntax bool // not JSON: stop, and leave it to encoding/json
}

func (s *scanner) done() bool { return s.syntax || len(s.probs) >= s.lim.MaxProblems }

func (s *scanner) fail() { s.syntax = true }

func (s *scanner) problem(key []byte, err error) {
	if len(s.probs) < s.lim.MaxProblems {
		s.probs = append(s.probs, Problem{Path: s.pathString(key), Err: err})
	}
}

func (s *scanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) value(shape *Shape, depth int) {
	s.ws()
	if s.i >= len(s.data) || depth > maxDepth {
		s.fail()
		return
	}
	if shape.leaf != nil {
		start := s.i
		defer func() {
			if !s.syntax {
				if err := shape.leaf(s.data[start:s.i]); err != nil {
					s.problem(nil, err)
				}
			}
		}()
	}
	switch c := s.data[s.i]; {
	case c == '{':
		s.object(shape, depth)
	case c == '[':
		s.array(shape, depth)
	case c == '"':
		s.str()
	case c == '-' || '0' <= c && c <= '9':
		s.number()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.fail()
	}
}

func (s *scanner) literal(lit string) {
	if !bytes.HasPrefix(s.data[s.i:], []byte(lit)) {
		s.fail()
		return
	}
	s.i += len(lit)
}

func (s *scanner) array(shape *Shape, depth int) {
	s.i++
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == ']' {
		s.i++
		return
	}
	elem := shape.elem
	if elem == nil {
		elem = anyShape
	}
	s.path = append(s.path, seg{})
	defer func() { s.path = s.path[:len(s.path)-1] }()
	for n := 0; ; n++ {
		s.path[len(s.path)-1] = seg{idx: n}
		s.value(elem, depth+1)
		if s.done() {
			return
		}
		s.ws()
		if s.i >= len(s.data) {
			s.fail()
			return
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return
		default:
			s.fail()
			return
		}
	}
}

func (s *scanner) object(shape *Shape, depth int) {
	s.i++
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == '}' {
		s.i++
		return
	}
	for len(s.levels) <= depth {
		s.levels = append(s.levels, level{})
	}
	lv := &s.levels[depth]
	lv.keys = lv.keys[:0]
	if lv.useMap {
		clear(lv.fold)
		lv.useMap = false
	}
	s.path = append(s.path, seg{})
	defer func() { s.path = s.path[:len(s.path)-1] }()
	for {
		s.path[len(s.path)-1] = seg{idx: -2} // the object itself, for messages on a key
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != '"' {
			s.fail()
			return
		}
		key := s.key()
		if s.syntax {
			return
		}
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			s.fail()
			return
		}
		s.i++
		child := s.checkKey(lv, shape, key)
		s.path[len(s.path)-1] = seg{key: key, idx: -1}
		s.value(child, depth+1)
		if s.done() {
			return
		}
		s.ws()
		if s.i >= len(s.data) {
			s.fail()
			return
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return
		default:
			s.fail()
			return
		}
	}
}

// checkKey compares key with the object's keys so far and, in a struct,
// with its fields; it returns the shape of the key's value.
func (s *scanner) checkKey(lv *level, shape *Shape, key []byte) *Shape {
	// Every key kept in lv.keys differs from the others even ignoring
	// case: a clash is reported, not kept.
	clash := -1
	if !lv.useMap && len(lv.keys) >= smallObject {
		if lv.fold == nil {
			lv.fold = make(map[string]int, 2*smallObject)
		}
		for j, k := range lv.keys {
			lv.fold[foldKey(k)] = j
		}
		lv.useMap = true
	}
	if lv.useMap {
		f := foldKey(key)
		if j, ok := lv.fold[f]; ok {
			clash = j
		} else {
			lv.fold[f] = len(lv.keys)
		}
	} else {
		for j, k := range lv.keys {
			if bytes.EqualFold(k, key) {
				clash = j
				break
			}
		}
	}
	if clash < 0 {
		lv.keys = append(lv.keys, key)
	}
	switch {
	case clash >= 0 && bytes.Equal(lv.keys[clash], key):
		s.problem(key, ErrDuplicateKey)
	case clash >= 0:
		s.problem(key, msg.Errorf("%w from %s", ErrKeyCase, quote(lv.keys[clash])))
	}
	if !shape.strict {
		if shape.elem != nil {
			return shape.elem
		}
		return anyShape
	}
	if child, ok := shape.fields[string(key)]; ok {
		return child
	}
	if clash < 0 {
		s.problem(key, msg.Errorf("%w%s", ErrUnknownKey, hint(string(key), shape.names)))
	}
	return anyShape
}

// key reads an object key, unescaped.
func (s *scanner) key() []byte {
	start := s.i
	escaped := s.str()
	if s.syntax {
		return nil
	}
	raw := s.data[start+1 : s.i-1]
	if !escaped {
		return raw
	}
	var k string
	if err := json.Unmarshal(s.data[start:s.i], &k); err != nil {
		s.fail()
		return nil
	}
	return []byte(k)
}

// str reads a string, reporting invalid UTF-8 and lone surrogates once a
// string; it reports whether the string held escapes.
func (s *scanner) str() (escaped bool) {
	s.i++
	reported := false
	bad := func(err error) {
		if !reported {
			reported = true
			s.problem(nil, err)
		}
	}
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			return escaped
		case c == '\\':
			escaped = true
			if s.i+1 >= len(s.data) {
				s.fail()
				return
			}
			switch s.data[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				at := s.i
				r, ok := s.hex4(s.i + 2)
				if !ok {
					s.fail()
					return
				}
				s.i += 6
				switch {
				case 0xD800 <= r && r < 0xDC00:
					lo, ok := rune(-1), false
					if s.i+1 < len(s.data) && s.data[s.i] == '\\' && s.data[s.i+1] == 'u' {
						lo, ok = s.hex4(s.i + 2)
					}
					if ok && 0xDC00 <= lo && lo < 0xE000 {
						s.i += 6
					} else {
						bad(msg.Errorf("%w: unpaired surrogate \\u%04x at offset %d of the document", ErrInvalidUTF8, r, at))
					}
				case 0xDC00 <= r && r < 0xE000:
					bad(msg.Errorf("%w: unpaired surrogate \\u%04x at offset %d of the document", ErrInvalidUTF8, r, at))
				}
			default:
				s.fail()
				return
			}
		case c < 0x20:
			s.fail()
			return
		case c < utf8.RuneSelf:
			s.i++
		default:
			r, size := utf8.DecodeRune(s.data[s.i:])
			if r == utf8.RuneError && size == 1 {
				bad(msg.Errorf("%w at offset %d of the document", ErrInvalidUTF8, s.i))
			}
			s.i += size
		}
	}
	s.fail()
	return
}

func (s *scanner) hex4(at int) (rune, bool) {
	if at+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[at : at+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func (s *scanner) number() {
	start := s.i
	d := s.data
	n := len(d)
	if d[s.i] == '-' {
		s.i++
	}
	digits := 0
	switch {
	case s.i < n && d[s.i] == '0':
		s.i++
		digits++
	case s.i < n && '1' <= d[s.i] && d[s.i] <= '9':
		for s.i < n && '0' <= d[s.i] && d[s.i] <= '9' {
			s.i++
			digits++
		}
	default:
		s.fail()
		return
	}
	if s.i < n && d[s.i] == '.' {
		s.i++
		if s.i >= n || d[s.i] < '0' || d[s.i] > '9' {
			s.fail()
			return
		}
		for s.i < n && '0' <= d[s.i] && d[s.i] <= '9' {
			s.i++
			digits++
		}
	}
	exp := false
	if s.i < n && (d[s.i] == 'e' || d[s.i] == 'E') {
		exp = true
		s.i++
		if s.i < n && (d[s.i] == '+' || d[s.i] == '-') {
			s.i++
		}
		if s.i >= n || d[s.i] < '0' || d[s.i] > '9' {
			s.fail()
			return
		}
		for s.i < n && '0' <= d[s.i] && d[s.i] <= '9' {
			s.i++
		}
	}
	if err := NumberError(d[start:s.i], digits, exp, s.lim); err != nil {
		s.problem(nil, err)
	}
}

// CheckNumber checks the text of a JSON number against lim (its digits
// before any exponent, and exponent notation), in time linear in its
// length, before anything parses it.
func CheckNumber(s string, lim Limits) error {
	digits, exp := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			if !exp {
				digits++
			}
		case c == 'e' || c == 'E':
			exp = true
		}
	}
	return NumberError(s, digits, exp, lim)
}

// NumberError is the error for a number of so many digits, in exponent
// notation or not, under lim; nil when it is within them.
func NumberError[T string | []byte](num T, digits int, exp bool, lim Limits) error {
	switch {
	case lim.MaxDigits > 0 && digits > lim.MaxDigits:
		return msg.Errorf("%w: %s has %d digits; at most %d", ErrLongNumber, Abbrev(num), digits, lim.MaxDigits)
	case exp && !lim.Exponent:
		if lim.MaxDigits > 0 {
			return msg.Errorf("%w: %s; write the number out, in at most %d digits", ErrExponent, Abbrev(num), lim.MaxDigits)
		}
		return msg.Errorf("%w: %s; write the number out", ErrExponent, Abbrev(num))
	}
	return nil
}

// Abbrev returns s, or, past 40 bytes, its first 24 bytes, "…" and its
// length: messages never copy a huge value.
func Abbrev[T string | []byte](s T) string {
	const max, keep = 40, 24
	if len(s) <= max {
		return string(s)
	}
	k := keep
	for k > 0 && !utf8.RuneStart(s[k]) {
		k--
	}
	return fmt.Sprintf("%s… (%d bytes)", string(s[:k]), len(s))
}

// pathString renders the path to the current value, then key.
func (s *scanner) pathString(key []byte) string {
	var b strings.Builder
	for _, sg := range s.path {
		switch {
		case sg.idx >= 0:
			fmt.Fprintf(&b, "[%d]", sg.idx)
		case sg.idx == -1:
			writeKey(&b, sg.key)
		}
	}
	if key != nil {
		writeKey(&b, key)
	}
	return b.String()
}

// writeKey writes .key, or ["key"] for a key that is not a plain name.
func writeKey(b *strings.Builder, key []byte) {
	plain := len(key) > 0 && len(key) <= 64
	for _, c := range key {
		plain = plain && (c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z')
	}
	if plain {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.Write(key)
		return
	}
	b.WriteByte('[')
	b.WriteString(quote(key))
	b.WriteByte(']')
}

// quote quotes a key for a message.
func quote(key []byte) string { return QuoteKey(string(key)) }

// QuoteKey quotes a key for a message, in ASCII so that a look-alike (the
// Kelvin sign in "\u212aind") shows; past 40 bytes, its first 24 bytes
// and its length.
func QuoteKey(k string) string {
	if len(k) <= 40 {
		return strconv.QuoteToASCII(k)
	}
	n := 24
	for n > 0 && !utf8.RuneStart(k[n]) {
		n--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.QuoteToASCII(k[:n]), len(k))
}

// foldKey maps s to one representative of the keys bytes.EqualFold holds
// equal to it: each rune to the smallest rune of its case-folding orbit.
func foldKey(s []byte) string {
	ascii := true
	for _, c := range s {
		ascii = ascii && c < utf8.RuneSelf
	}
	if ascii {
		return string(bytes.ToLower(s))
	}
	var b strings.Builder
	for _, r := range string(s) {
		lo := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			lo = min(lo, f)
		}
		b.WriteRune(lo)
	}
	return b.String()
}

// hint suggests the struct key nearest to a misspelt one.
func hint(key string, names []string) msg.Text {
	for _, n := range names {
		if strings.EqualFold(n, key) {
			return msg.New("; keys are case-sensitive: did you mean %q?", n)
		}
	}
	best, bestD := "", 3
	if len(key) > 64 {
		return msg.Text{}
	}
	for _, n := range names {
		if d := distance(key, n); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return msg.Text{}
	}
	return msg.New("; did you mean %q?", best)
}

// distance is the Levenshtein distance between short strings, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

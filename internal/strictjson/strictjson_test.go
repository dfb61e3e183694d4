package strictjson

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type inner struct {
	A string `json:"a"`
}

type Embedded struct {
	E string `json:"e"`
}

type outer struct {
	Embedded
	Name   string            `json:"name,omitempty"`
	Plain  int               // no tag: the field's name
	Skip   int               `json:"-"`
	Dash   int               `json:"-,"` // the key "-"
	In     *inner            `json:"in"`
	List   []inner           `json:"list"`
	Map    map[string]inner  `json:"map"`
	Free   map[string]any    `json:"free"`
	Custom time.Time         `json:"custom"` // its own UnmarshalJSON: any JSON
	Labels map[string]string `json:"labels"`
	hidden int
}

func check(in string) string {
	ps := Check([]byte(in), ShapeOf(reflect.TypeFor[outer](), nil), Limits{MaxDigits: 5})
	var b []string
	for _, p := range ps {
		b = append(b, p.Error())
	}
	return strings.Join(b, "\n")
}

func TestCheck(t *testing.T) {
	tests := []struct{ in, want, why string }{
		{`{"e": "x", "name": "n", "Plain": 1, "-": 2, "in": {"a": "b"}, "list": [{"a": "c"}], "map": {"k": {"a": "d"}}, "free": {"Z": {"z": 1}}, "custom": {"anything": 1}}`, "", "every kind of field, as tagged"},
		{`{"Skip": 1}`, `Skip: unknown key`, `json:"-" is no key`},
		{`{"plain": 1}`, `plain: unknown key; keys are case-sensitive: did you mean "Plain"?`, "an untagged field is matched exactly too"},
		{`{"hidden": 1}`, `hidden: unknown key`, "an unexported field is no key"},
		{`{"in": {"A": "x"}}`, `in.A: unknown key; keys are case-sensitive: did you mean "a"?`, "through a pointer"},
		{`{"list": [{}, {"a": "x", "a": "y"}]}`, `list[1].a: duplicate key`, "in a list"},
		{`{"map": {"k": {"a": 1}, "K": {"a": 2}}}`, `map.K: key differs only in case from "k"`, "map keys are compared ignoring case"},
		{`{"map": {"k": {"b": 1}}}`, `map.k.b: unknown key; did you mean "a"?`, "map values have their shape"},
		{`{"free": {"x": {"y": 1, "y": 2}}}`, `free.x.y: duplicate key`, "any value at any depth"},
		{`{"custom": {"x": 1, "x": 2}}`, `custom.x: duplicate key`, "a type with its own UnmarshalJSON is still checked for duplicates"},
		{`{"labels": {"a.b": "x", "A.B": "y"}}`, `labels["A.B"]: key differs only in case from "a.b"`, "a key that is not a plain name is quoted"},
		{`{"labels": {"ſ": "x", "S": "y"}}`, `labels.S: key differs only in case from "\u017f"`, "U+017F folds with s and S"},
		{`{"free": {"x": 123456}}`, `free.x: number too long: 123456 has 6 digits; at most 5`, "digits"},
		{`{"free": {"x": -0.0001e-2}}`, `free.x: number in exponent notation: -0.0001e-2; write the number out, in at most 5 digits`, "an exponent"},
		{`{"free": {"x": "a\ud800b"}}`, `free.x: invalid UTF-8: unpaired surrogate \ud800 at offset 17 of the document`, "a high surrogate alone: the backslash is byte 17"},
		{`{"free": {"x": "\ud800\u0041"}}`, `free.x: invalid UTF-8: unpaired surrogate \ud800 at offset 16 of the document`, "a high surrogate before a non-surrogate"},
		{`{"free": {"x": "\ud83d\ude00"}}`, ``, "a pair is a character"},
		{"{\"free\": {\"x\\u00ff\xff\": 1}}", `free: invalid UTF-8 at offset 18 of the document`, "invalid UTF-8 in a key: x is byte 11, its escape six bytes more"},
		{`{"e": 1, "e": 2,`, ``, "not JSON: encoding/json says why"},
		{`{"e": 1} {"e": 1, "e": 1}`, ``, "only the first value"},
		{`[1, 2`, ``, "cut short"},
		{`{"free": {"x": 01}}`, ``, "a leading zero is a syntax error"},
		{`{"free": {"x": tru}}`, ``, "a broken literal"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, check(tc.in), tc.why)
	}
}

func TestCheckStopsAtMaxProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"free": {`)
	for i := range 100 {
		fmt.Fprintf(&b, `"k": %d,`, i)
	}
	b.WriteString(`"end": 0}}`)
	ps := Check([]byte(b.String()), ShapeOf(reflect.TypeFor[outer](), nil), Limits{MaxProblems: 3})
	assert.Len(t, ps, 3)
	assert.True(t, errors.Is(ps[0], ErrDuplicateKey))
}

// TestCheckLarge: an object of 200,000 keys, 20,000 nested lists and a
// string of 10 MB are checked, and the one clash among the keys is found
// through the map of keys seen (a quadratic check would take minutes).
func TestCheckLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"free": {`)
	for i := range 200_000 {
		fmt.Fprintf(&b, `"k%d": %d,`, i, i)
	}
	b.WriteString(`"K1": 0}, "labels": {"s": "` + strings.Repeat("é", 5_000_000) + `"}}`)
	ps := Check([]byte(b.String()), ShapeOf(reflect.TypeFor[outer](), nil), Limits{})
	if assert.Len(t, ps, 1) {
		assert.Equal(t, `free.K1: key differs only in case from "k1"`, ps[0].Error(), "the 200,001st key clashes with the 2nd, through the map")
	}
	deep := strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000)
	assert.Empty(t, Check([]byte(deep), anyShape, Limits{}), "past encoding/json's depth: its error, not ours")
}

func TestLeaf(t *testing.T) {
	type pts struct{ s string }
	type row struct {
		P pts `json:"p"`
	}
	bad := errors.New("bad points")
	leaf := map[reflect.Type]func([]byte) error{reflect.TypeFor[pts](): func(raw []byte) error {
		if string(raw) == `"x"` {
			return bad
		}
		return nil
	}}
	ps := Check([]byte(`[{"p": "1"}, {"p": "x"}]`), ShapeOf(reflect.TypeFor[[]row](), leaf), Limits{})
	if assert.Len(t, ps, 1) {
		assert.Equal(t, "[1].p: bad points", ps[0].Error())
	}
}

package evidence

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// viaJSON is the definition Hash keeps to: encoding/json's Encoder with
// HTML left unescaped.
func viaJSON(t testing.TB, ev *Evidence) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(ev))
	return b.Bytes()
}

func TestCanonicalMatchesJSON(t *testing.T) {
	files, err := filepath.Glob("../examples/data/*/*.json")
	require.NoError(t, err)
	more, _ := filepath.Glob("../examples/data/*/*/*.json")
	files = append(files, more...)
	require.NotEmpty(t, files)
	n := 0
	for _, f := range files {
		evs, err := ReadFile(f)
		if err != nil {
			continue // ledgers live beside the evidence
		}
		for _, ev := range evs {
			got, err := Canonical(ev)
			require.NoError(t, err, f)
			assert.Equal(t, string(viaJSON(t, ev)), string(got), f)
			n++
		}
	}
	assert.Greater(t, n, 50, "the sample evidence is all checked")

	// What a host may put in by hand, and strings that need escaping: the
	// hand-written path must hand these to encoding/json or match it.
	odd := &Evidence{
		Subject: Subject{ID: "a<b>&c", Name: "tab\there \"q\" \\ \u2028 \xff", Kind: "branch", Category: "x"},
		Period:  "2017-03",
		Facts: map[string]any{
			"int": 7, "int64": int64(-3), "float": 0.1, "dec": decimal.RequireFromString("1.50"),
			"time": time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC), "nil": nil, "list": []any{json.Number("1e3"), "<x>", true, nil},
			"nested": map[string]any{"z": 1, "a": []any{}}, "empty": map[string]any{}, "nilmap": map[string]any(nil),
			"uint8": uint8(5), "strs": []string{"a", "b"},
		},
		Records: map[string][]Record{
			"b": {{ID: "r<1>", Date: "2017-03-01", Documents: []string{"plan&summary"}, Fields: map[string]any{"v": "a&b", "n": json.Number("-0.5"), "f": 1.25, "m": map[string]any{"<": ">"}}}},
			"a": {{ID: "only"}, {ID: "docs", Documents: []string{}}},
			"c": nil,
			"d": {{ID: "clash", Fields: map[string]any{"id": "other", "date": 5}}},
		},
		Assessments: []Assessment{
			{Assessor: "x", Role: "self", Sheet: "june", Indicator: "A1", Record: "r1", Points: "2.5", Grade: "good", Reason: "<b>", Time: "t"},
			{Assessor: "y", Role: "org", Indicator: "A2"},
		},
		Confirmations: []Confirmation{{Veto: "v", Assessor: "x", Confirmed: true, Reason: "r", Time: "t"}},
		Chosen:        map[string][]string{"p": {"A1", "A2"}, "q": nil},
		Links:         map[string]string{"task": "zc1", "b": "&"},
	}
	got, err := Canonical(odd)
	require.NoError(t, err)
	assert.Equal(t, string(viaJSON(t, odd)), string(got))

	bad := &Evidence{Assessments: []Assessment{{Points: "1.2.3"}}}
	_, err = bad.Hash()
	assert.ErrorContains(t, err, "invalid number literal", "an invalid json.Number fails as encoding/json fails")
	bad = &Evidence{Facts: map[string]any{"x": json.Number("abc")}}
	_, err = bad.Hash()
	assert.ErrorContains(t, err, "invalid number literal")
}

func TestHashIsOfTheCanonicalBytes(t *testing.T) {
	ev := &Evidence{Subject: Subject{ID: "zc1", Name: "综采一队", Kind: "branch"}, Period: "2017-03"}
	h, err := ev.Hash()
	require.NoError(t, err)
	// printf '{"subject":{"id":"zc1","name":"综采一队","kind":"branch"},"period":"2017-03"}\n' | sha256sum
	assert.Equal(t, "6b4129c034316e790094fef859a39700c5790e68b44bd71609cb5cc250f494c8", h)
}

func BenchmarkHash(b *testing.B) {
	evs, err := ReadFile("../examples/data/tingnan-2017/2017-03-zongcai1.json")
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := evs[0].Hash(); err != nil {
			b.Fatal(err)
		}
	}
}

// needsEscape reports whether appendString hands s to encoding/json for
// the bytes it escapes (not for invalid UTF-8).
func needsEscape(s string, html bool) bool {
	esc, high := scanString(s, html)
	return esc || high && (strings.Contains(s, "\u2028") || strings.Contains(s, "\u2029"))
}

// TestNeedsEscape holds the eight-bytes-at-a-time scan to the byte-by-byte
// rule, for every byte that needs escaping at every position of a string
// long enough to cross words, among ASCII and among Chinese text.
func TestNeedsEscape(t *testing.T) {
	naive := func(s string, html bool) bool {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < 0x20 || c == '"' || c == '\\' || html && (c == '<' || c == '>' || c == '&') {
				return true
			}
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return true
			}
		}
		return false
	}
	specials := []string{"\x00", "\x1f", "\n", `"`, `\`, "<", ">", "&", "\u2028", "\u2029", "\u2027", "\x7f", "\x20", "é"}
	for _, base := range []string{"abcdefghijklmnopqrstuvwx", "党支部工作质量认证考核"} {
		for pos := 0; pos <= len(base); pos++ {
			for _, sp := range specials {
				s := base[:pos] + sp + base[pos:]
				for _, html := range []bool{false, true} {
					if got, want := needsEscape(s, html), naive(s, html); got != want {
						t.Errorf("needsEscape(%q, %v) = %v, want %v", s, html, got, want)
					}
				}
			}
		}
	}
}

package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// texts are the strings random evidence is made of: plain ids, Chinese
// names, and every kind of string the limits or the escaping treat apart.
var texts = []string{
	"", "zc1", "2017-03", "A1", "contests", "综采一队", "党群工作部 王某", "支部书记讲党课，内容充实。",
	"a<b>&c", `q"uote`, `back\slash`, "tab\there", "line\nbreak", "cr\rlf", "nul\x00", "esc\x1b", "del\x7f",
	"c1\u0085", "c1\u009f", "é latin", "\u2028", "\u2029", "\u2027", "bad\xff", "\xed\xa0\x80", "\ufffd",
	strings.Repeat("x", 128), strings.Repeat("x", 129), strings.Repeat("党", 200), strings.Repeat("党", 201),
	strings.Repeat("长", 2000), strings.Repeat("长", 2001), strings.Repeat("abcdefgh", 20) + "\x01",
}

// randomEvidence makes evidence of every part, with maps past the sizes
// Hash sorts in place, nested values, and strings drawn from texts (or,
// with clean, from the first eight only).
func randomEvidence(r *rand.Rand, clean bool) *Evidence {
	str := func() string {
		if clean || r.IntN(4) > 0 {
			return texts[r.IntN(8)]
		}
		return texts[r.IntN(len(texts))]
	}
	key := func(i int) string { return fmt.Sprintf("%s%d", str(), i) }
	var value func(depth int) any
	value = func(depth int) any {
		switch n := r.IntN(9); {
		case n == 0:
			return nil
		case n == 1:
			return str()
		case n == 2:
			return json.Number([]string{"0", "-1.50", "12345678901234567890.123", "7"}[r.IntN(4)])
		case n == 3:
			return r.IntN(2) == 0
		case n == 4:
			return r.IntN(1000) - 500
		case n == 5:
			return decimal.New(r.Int64N(100000), -int32(r.IntN(4)))
		case n == 6 && depth < 2:
			m := map[string]any{}
			for i := range r.IntN(20) {
				m[key(i)] = value(depth + 1)
			}
			return m
		case n == 7 && depth < 2:
			l := make([]any, r.IntN(5))
			for i := range l {
				l[i] = value(depth + 1)
			}
			return l
		}
		return str()
	}
	ev := &Evidence{
		Subject: Subject{ID: str(), Name: str(), Kind: str(), Category: str()},
		Period:  str(),
		Facts:   map[string]any{},
		Records: map[string][]Record{},
		Chosen:  map[string][]string{},
		Links:   map[string]string{},
	}
	for i := range r.IntN(40) {
		ev.Facts[key(i)] = value(0)
	}
	for i := range r.IntN(12) {
		var list []Record
		if r.IntN(8) > 0 {
			list = make([]Record, r.IntN(12))
		}
		// Records of a list mostly share their keys (Hash writes those
		// in the order found for the record before); some differ in one
		// key, lack one, have one more, or have a field named id or date.
		common := make([]string, r.IntN(20))
		for f := range common {
			common[f] = key(f)
		}
		for j := range list {
			rec := &list[j]
			rec.ID = str()
			if r.IntN(4) > 0 {
				rec.Date = str()
			}
			if r.IntN(2) == 0 {
				rec.Documents = []string{str(), str()}[:r.IntN(3)]
			}
			rec.Fields = map[string]any{}
			if r.IntN(5) == 0 {
				for f := range r.IntN(20) {
					rec.Fields[key(f)] = value(1)
				}
				continue
			}
			for _, k := range common {
				rec.Fields[k] = value(1)
			}
			if len(common) > 0 && r.IntN(6) == 0 {
				delete(rec.Fields, common[r.IntN(len(common))])
			}
			switch r.IntN(12) {
			case 0:
				rec.Fields["zz"+str()] = value(1)
			case 1:
				rec.Fields[[]string{"id", "date", "documents"}[r.IntN(3)]] = value(1)
			}
		}
		ev.Records[key(i)] = list
	}
	for range r.IntN(6) {
		a := Assessment{Assessor: str(), AssessorName: str(), Role: str(), Sheet: str(), Indicator: str(),
			Record: str(), Grade: str(), Reason: str(), Time: str()}
		if r.IntN(2) == 0 {
			a.Points = "2.5"
		}
		ev.Assessments = append(ev.Assessments, a)
	}
	for range r.IntN(3) {
		ev.Confirmations = append(ev.Confirmations, Confirmation{Veto: str(), Assessor: str(), AssessorName: str(),
			Confirmed: r.IntN(2) == 0, Reason: str(), Time: str()})
	}
	for i := range r.IntN(4) {
		ev.Chosen[key(i)] = []string{str(), str()}[:r.IntN(3)]
	}
	for i := range r.IntN(4) {
		ev.Links[key(i)] = str()
	}
	return ev
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestHashMatchesJSON holds Hash and Canonical to encoding/json's bytes
// over every sample document and random
// evidence with large maps, nested values and strings that need escaping
// — some past a hash chunk, so that the bytes reach the digest in parts.
func TestHashMatchesJSON(t *testing.T) {
	var evs []*Evidence
	files, err := filepath.Glob("../examples/data/*/*.json")
	require.NoError(t, err)
	more, _ := filepath.Glob("../examples/data/*/*/*.json")
	for _, f := range append(files, more...) {
		if got, err := ReadFile(f); err == nil {
			evs = append(evs, got...)
		}
	}
	require.Greater(t, len(evs), 50, "the sample evidence is read")
	r := rand.New(rand.NewPCG(16, 3))
	for range 100 {
		evs = append(evs, randomEvidence(r, false))
	}
	long := 0
	for i, ev := range evs {
		want := viaJSON(t, ev)
		if len(want) > 2*hashChunk {
			long++
		}
		got, err := Canonical(ev)
		require.NoError(t, err, "evidence %d", i)
		require.Equal(t, string(want), string(got), "evidence %d", i)
		h, err := ev.Hash()
		require.NoError(t, err, "evidence %d", i)
		require.Equal(t, sha256Hex(want), h, "evidence %d", i)
	}
	assert.Greater(t, long, 10, "documents past a chunk are hashed in parts")
}

// TestHashAfterError: a failed Hash leaves nothing behind for the next
// one (the digest, the buffer and the keys are reused).
func TestHashAfterError(t *testing.T) {
	good := &Evidence{Subject: Subject{ID: "zc1", Name: "综采一队", Kind: "branch"}, Period: "2017-03"}
	want := sha256Hex(viaJSON(t, good))
	bad := []struct {
		ev  *Evidence
		why string
	}{
		{&Evidence{Facts: map[string]any{"a": 1, "b": json.Number("1.2.3"), "c": 2}}, "fails inside the facts, keys pushed"},
		{&Evidence{Records: map[string][]Record{"a": {{ID: "r", Fields: map[string]any{"x": map[string]any{"y": json.Number("x")}}}}}},
			"fails inside a record's nested object"},
		{&Evidence{Records: map[string][]Record{"a": {{ID: "r", Fields: map[string]any{"id": "other", "x": func() {}}}}}}, "fails in a clashing record"},
		{&Evidence{Assessments: []Assessment{{Points: "1e"}}}, "fails in an assessment"},
	}
	for _, tc := range bad {
		_, err := tc.ev.Hash()
		require.Error(t, err, tc.why)
		for range 3 {
			h, err := good.Hash()
			require.NoError(t, err)
			require.Equal(t, want, h, "after evidence that %s", tc.why)
		}
	}
}

// TestHashConcurrent: goroutines hashing at once each get their own
// digest and buffer (run with -race).
func TestHashConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	evs := make([]*Evidence, 16)
	want := make([]string, len(evs))
	for i := range evs {
		evs[i] = randomEvidence(r, true)
		want[i] = sha256Hex(viaJSON(t, evs[i]))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 50 {
				i := (g + n) % len(evs)
				if h, err := evs[i].Hash(); err != nil || h != want[i] {
					t.Errorf("goroutine %d, evidence %d: %s, %v", g, i, h, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestHashAllocs pins what Hash and CheckLimits allocate for a sample
// branch-month: the hex string Hash returns, and nothing to check it.
func TestHashAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	evs, err := ReadFile("../examples/data/tingnan-2017/2017-03-zongcai1.json")
	require.NoError(t, err)
	ev := evs[0]
	_, _ = ev.Hash() // fill the pool
	for _, tc := range []struct {
		name string
		f    func()
		max  float64
		why  string
	}{
		{"Hash", func() { _, _ = ev.Hash() }, 1, "the string returned; digest, buffer and keys are reused"},
		{"CheckLimits", func() { _ = ev.CheckLimits() }, 0, "valid evidence is checked without sorting its maps"},
	} {
		if n := testing.AllocsPerRun(100, tc.f); n > tc.max {
			t.Errorf("%s: %v allocations, want at most %v: %s", tc.name, n, tc.max, tc.why)
		}
	}
}

// TestScanStringHigh: a string that needs no escaping is reported to
// hold a byte past ASCII exactly when it does, wherever that byte is (a
// string Hash takes to be ASCII is not checked for UTF-8).
func TestScanStringHigh(t *testing.T) {
	for _, base := range []string{"abcdefghijklmnopqrstuvwx", "党支部工作质量认证考核", "a"} {
		for pos := 0; pos <= len(base); pos++ {
			for _, sp := range []string{"", "é", "\xff", "\x80", "\u2027", "z"} {
				s := base[:pos] + sp + base[pos:]
				want := strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 }) >= 0
				for _, html := range []bool{false, true} {
					if esc, high := scanString(s, html); !esc && high != want {
						t.Errorf("scanString(%q, %v): high %v, want %v", s, html, high, want)
					}
				}
			}
		}
	}
}

func BenchmarkCheckLimits(b *testing.B) {
	evs, err := ReadFile("../examples/data/tingnan-2017/2017-03-zongcai1.json")
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if ps := evs[0].CheckLimits(); ps != nil {
			b.Fatal(ps[0])
		}
	}
}

// TestHashKeepsNothingWrong: Hash keeps, from one call to the next, the
// sorted names of the facts and of the lists and the keys of each list's
// records; evidence that has other names and keys under the same list
// names — one more, one fewer, one different, the same number — is
// written as encoding/json writes it.
func TestHashKeepsNothingWrong(t *testing.T) {
	rec := func(keys ...string) Record {
		r := Record{ID: "r", Date: "2017-03-01", Fields: map[string]any{}}
		for _, k := range keys {
			r.Fields[k] = json.Number("1")
		}
		return r
	}
	facts := func(keys ...string) map[string]any {
		m := map[string]any{}
		for _, k := range keys {
			m[k] = k
		}
		return m
	}
	evs := []*Evidence{
		{Facts: facts("a", "b"), Records: map[string][]Record{"l": {rec("x", "y"), rec("x", "y")}, "m": {rec()}}},
		{Facts: facts("a", "c"), Records: map[string][]Record{"l": {rec("x", "z"), rec("x", "y")}, "n": {rec("x")}}},
		{Facts: facts("a"), Records: map[string][]Record{"l": {rec("x")}, "m": {rec("x", "y", "z")}}},
		{Facts: facts("a", "b", "c"), Records: map[string][]Record{"l": {rec("y", "x", "w")}, "m": nil, "n": {}}},
		{Facts: facts("b", "a"), Records: map[string][]Record{"m": {rec("x", "y")}, "l": {rec("x", "y")}}},
		{Records: map[string][]Record{"l": {{ID: "r", Documents: []string{"d"}, Fields: map[string]any{"x": 1}}, rec("x")}}},
		{Facts: facts("a", "b"), Records: map[string][]Record{"l": {rec("x", "y"), rec("id", "y")}, "m": {rec()}}},
	}
	many := &Evidence{Facts: facts(), Records: map[string][]Record{}} // past maxKept: sorted each time
	for i := range maxKept + 4 {
		many.Facts[fmt.Sprint("f", i)] = i
		many.Records[fmt.Sprint("l", i)] = []Record{rec("x", fmt.Sprint("y", i%3))}
	}
	evs = append(evs, many, evs[0], many)
	for round := range 3 {
		for i, ev := range evs {
			h, err := ev.Hash()
			require.NoError(t, err)
			assert.Equal(t, sha256Hex(viaJSON(t, ev)), h, "round %d, evidence %d", round, i)
		}
	}
}

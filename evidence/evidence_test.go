package evidence

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `{
  "subject": {"id": "zc1", "name": "综采一队党支部", "kind": "branch"},
  "period": "2017-03",
  "facts": {"task_target": 10000.10, "task_actual": "10500.20", "members": 12},
  "records": {"contests": [{"id": "C-1", "date": "2017-03-05", "documents": ["plan"], "participants": 6, "value": 0.1}]},
  "assessments": [{"assessor": "a", "role": "organisation", "indicator": "A3", "points": 2.5, "reason": "r", "time": "2017-03-26T10:00:00+08:00"}]
}`

func TestDecodeKeepsNumbersExact(t *testing.T) {
	evs, err := Decode(strings.NewReader(sample))
	require.NoError(t, err)
	require.Len(t, evs, 1)
	ev := evs[0]
	assert.Equal(t, json.Number("10000.10"), ev.Facts["task_target"], "the number's text is kept: no float64")
	assert.Equal(t, "10500.20", ev.Facts["task_actual"])
	rec := ev.Records["contests"][0]
	assert.Equal(t, "C-1", rec.ID)
	assert.Equal(t, "2017-03-05", rec.Date)
	assert.Equal(t, []string{"plan"}, rec.Documents)
	assert.Equal(t, json.Number("0.1"), rec.Fields["value"])
	assert.Equal(t, json.Number("2.5"), ev.Assessments[0].Points)
}

func TestDecodeArrayAndErrors(t *testing.T) {
	evs, err := Decode(strings.NewReader("[" + sample + "," + sample + "]"))
	require.NoError(t, err)
	assert.Len(t, evs, 2)

	for _, tc := range []struct{ in, want string }{
		{`{"subject": {"id": "x"}, "perod": "2017-03"}`, `evidence: perod: unknown key; did you mean "period"?`},
		{`{"records": {"c": [{"id": 5}]}}`, "record id: want a string, got 5"},
		{`{"records": {"c": [{"id": "a", "documents": "plan"}]}}`, "documents: want a list"},
		{`{} {}`, "unexpected data after the document"},
		{`{} ]`, "unexpected data after the document"}, // dec.More() would say there is none
		{`[null]`, "evidence[0]: null"},
		{`{"subject":`, "unexpected EOF"},
	} {
		_, err := Decode(strings.NewReader(tc.in))
		assert.ErrorContains(t, err, tc.want, tc.in)
	}
}

func TestEncodeRoundTripAndHash(t *testing.T) {
	evs, err := Decode(strings.NewReader(sample))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, Encode(&buf, evs[0]))
	again, err := Decode(&buf)
	require.NoError(t, err)
	h1, err := evs[0].Hash()
	require.NoError(t, err)
	h2, err := again[0].Hash()
	require.NoError(t, err)
	assert.Equal(t, h1, h2, "encoding and decoding keeps the hash")
	evs[0].Facts["members"] = json.Number("13")
	h3, _ := evs[0].Hash()
	assert.NotEqual(t, h1, h3)
}

// FuzzDecode: arbitrary bytes never panic the loader.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("[" + sample + "]"))
	f.Add([]byte(`{"records": {"c": [{"id": "a", "date": 5}]}}`))
	// Refused by the strict pre-pass: a huge number (10,000 digits; 15 M
	// took over 120 s when parsed), exponents, duplicate keys, keys
	// differing only in case, invalid UTF-8, control characters in ids.
	f.Add([]byte(`{"facts": {"x": ` + strings.Repeat("9", 10_000) + `}}`))
	f.Add([]byte(`{"facts": {"x": 1e400000000, "y": "1e400000000"}}`))
	f.Add([]byte(`{"facts": {"x": 1, "x": 2}}`))
	f.Add([]byte(`{"facts": {"x": 1}, "FACTS": {"x": 2}}`))
	f.Add([]byte(`[{"subject": {"id": "a", "ID": "b"}}, {"records": {"c": [{"id": "r", "n": 1, "n": 2}]}}]`))
	f.Add([]byte("{\"subject\": {\"name\": \"\xff\"}, \"facts\": {\"x\": \"\\ud800\"}}"))
	f.Add([]byte(`{"subject": {"id": "a\u0000"}, "links": {"t\u001b": "x"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		evs, err := Decode(bytes.NewReader(b))
		if err == nil && !utf8.Valid(b) {
			t.Fatalf("accepted invalid UTF-8")
		}
		if err == nil {
			for _, ev := range evs {
				if ps := ev.CheckLimits(); len(ps) > 0 {
					t.Fatalf("accepted evidence past its limits: %v", ps[0])
				}
				got, err := Canonical(ev)
				if err != nil {
					t.Fatalf("decoded evidence does not hash: %v", err)
				}
				if want := viaJSON(t, ev); !bytes.Equal(got, want) {
					t.Fatalf("canonical bytes differ from encoding/json's:\n got %s\nwant %s", got, want)
				}
				// The walk that hashes and checks at once: Hash's hash, and
				// the limits within (all but a record with a field named
				// like its own keys, left to CheckLimits).
				h, ok, err := hashChecked(ev)
				if want, werr := ev.Hash(); err != nil || werr != nil || h != want {
					t.Fatalf("hashChecked %s, %v; Hash %s, %v", h, err, want, werr)
				}
				if !ok && !clashes(ev) {
					t.Fatalf("decoded evidence within its limits found past them")
				}
			}
		}
	})
}

func TestPeriodAdd(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2017-01", -1, "2016-12", "a month back crosses the year"},
		{"2016-12", 1, "2017-01", "and forward again"},
		{"2017-03", 12, "2018-03", "twelve months is a year"},
		{"2017-Q1", -1, "2016-Q4", "quarters"},
		{"2017-H2", 1, "2018-H1", "half years"},
		{"2017", 2, "2019", "years"},
	}
	for _, tc := range tests {
		p, err := ParsePeriod(tc.from)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Add(tc.n).String(); got != tc.want {
			t.Errorf("%s %+d = %s, want %s (%s)", tc.from, tc.n, got, tc.want, tc.why)
		}
	}
}

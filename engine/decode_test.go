package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storedResult is zc1's March as a host stores it: indented JSON.
func storedResult(t *testing.T) []byte {
	t.Helper()
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	b, err := json.MarshalIndent(r, "", "  ")
	require.NoError(t, err)
	return b
}

func TestDecodeResultsReadsWhatIsStored(t *testing.T) {
	b := storedResult(t)
	rs, err := DecodeResults(bytes.NewReader(b))
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, "5.2", rs[0].Total.String())
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	require.NoError(t, Verify(context.Background(), rs[0], s, ev, Options{}), "what DecodeResults reads verifies")

	rs, err = DecodeResults(bytes.NewReader([]byte("[" + string(b) + "," + string(b) + "]")))
	require.NoError(t, err)
	assert.Len(t, rs, 2)
}

// TestDecodeResultsRefuses: what encoding/json reads one way and other
// readers another is refused, with its path, before Verify compares
// anything: a verified result is the one every reader sees.
func TestDecodeResultsRefuses(t *testing.T) {
	b := string(storedResult(t))
	require.Contains(t, b, `"total": "5.2"`)
	require.Contains(t, b, `"tier": ""`)
	tests := []struct {
		why  string
		in   string
		want string
	}{
		{"a second total: encoding/json keeps the last, so the stored 6 would be verified as 5.2 by one reader and not by another",
			strings.Replace(b, `"total": "5.2"`, `"total": "5.2", "total": "6"`, 1), "results: total: duplicate key"},
		{"TOTAL after total: encoding/json would let it replace total",
			strings.Replace(b, `"total": "5.2"`, `"total": "5.2", "TOTAL": "6"`, 1), `results: TOTAL: key differs only in case from "total"`},
		{"Tier alone: encoding/json reads it as tier, other readers not at all",
			strings.Replace(b, `"tier": ""`, `"Tier": ""`, 1), `results: Tier: unknown key; keys are case-sensitive: did you mean "tier"?`},
		{"invalid UTF-8 in the subject's name: {, newline, 2 spaces, \"subject\": {, newline, 4 spaces, \"id\": \"zc1\", newline, 4 spaces, \"name\": \" are 47 bytes",
			strings.Replace(b, "综采", "\xff\xfe", 1), "results: subject.name: invalid UTF-8 at offset 47 of the document"},
		{"points in exponent notation, as a string",
			strings.Replace(b, `"total": "5.2"`, `"total": "52e-1"`, 1), "results: total: number in exponent notation: 52e-1; write the number out, in at most 1000 digits"},
		{"points in exponent notation, as a number",
			strings.Replace(b, `"total": "5.2"`, `"total": 5.2e400000000`, 1), "results: total: number in exponent notation: 5.2e400000000; write the number out, in at most 1000 digits"},
		{"points of 1,001 digits",
			strings.Replace(b, `"total": "5.2"`, `"total": "`+strings.Repeat("5", 1001)+`"`, 1), `results: total: number too long: 555555555555555555555555… (1001 bytes) has 1001 digits; at most 1000`},
		{"in an array, the result is named by its index",
			"[" + b + ",\n" + strings.Replace(b, `"period": "2017-03"`, `"period": "2017-03", "period": "2017-04"`, 1) + "]", "results[1]: period: duplicate key"},
		{"a key a result does not have",
			strings.Replace(b, `"tier": ""`, `"tier": "", "grade": "A"`, 1), "results: grade: unknown key"},
		{"a bracket after the document",
			b + "]", "results: unexpected data after the document"},
	}
	for _, tc := range tests {
		_, err := DecodeResults(strings.NewReader(tc.in))
		require.Error(t, err, tc.why)
		assert.Equal(t, tc.want, err.Error(), tc.why)
	}
}

func TestDecodeResultsSizeLimit(t *testing.T) {
	_, err := DecodeResults(bytes.NewReader(make([]byte, MaxResultsSize+1)))
	assert.ErrorIs(t, err, ErrResultsTooLarge)
	assert.EqualError(t, err, "results: stored results too large: larger than 67108864 bytes (64 MiB), the limit")
}

func TestPointsRefuseExponentsAndLongNumbers(t *testing.T) {
	tests := []struct{ in, want, why string }{
		{`"2.5"`, "", "a string"},
		{`2.5`, "", "a number"},
		{`"1e400000000"`, "points: number in exponent notation: 1e400000000; write the number out, in at most 1000 digits", "String() of it would write 400 million zeros"},
		{`"` + strings.Repeat("1", 1001) + `"`, "points: number too long: 111111111111111111111111… (1001 bytes) has 1001 digits; at most 1000", "checked before it is parsed"},
	}
	for _, tc := range tests {
		var p Points
		err := json.Unmarshal([]byte(tc.in), &p)
		if tc.want == "" {
			assert.NoError(t, err, tc.why)
			continue
		}
		assert.EqualError(t, err, tc.want, tc.why)
	}
}

func TestDecodeLedger(t *testing.T) {
	l, err := DecodeLedger(strings.NewReader(`{"scheme": "tingnan-2017", "period": "2017-02", "holders": {"banner": "zc1"}, "balances": {"zc1": "12.5"}}`))
	require.NoError(t, err)
	assert.Equal(t, "zc1", l.Holders["banner"])
	assert.Equal(t, "12.5", l.Balances["zc1"].String())
	tests := []struct{ why, in, want string }{
		{"a holder twice: which subject holds the banner depends on the reader",
			`{"scheme": "s", "holders": {"banner": "zc1", "banner": "zc2"}}`, "ledger: holders.banner: duplicate key"},
		{"Balances beside balances",
			`{"scheme": "s", "balances": {"zc1": "1"}, "Balances": {"zc1": "100"}}`, `ledger: Balances: key differs only in case from "balances"`},
		{"a balance in exponent notation",
			`{"scheme": "s", "balances": {"zc1": "1e9"}}`, "ledger: balances.zc1: number in exponent notation: 1e9; write the number out, in at most 1000 digits"},
	}
	for _, tc := range tests {
		_, err := DecodeLedger(strings.NewReader(tc.in))
		require.Error(t, err, tc.why)
		assert.Equal(t, tc.want, err.Error(), tc.why)
	}
}

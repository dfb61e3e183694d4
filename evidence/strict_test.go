package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// doc is a small valid document with a hole for what a row puts in.
func doc(subject, rest string) string {
	if subject == "" {
		subject = `"id": "zc1", "name": "综采一队", "kind": "branch"`
	}
	return `{"subject": {` + subject + `}, "period": "2017-03"` + rest + `}`
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		why  string
		in   string
		want string
		is   error
	}{
		{"a top-level key twice: encoding/json keeps the last, other readers the first",
			doc("", `, "period": "2017-04"`), `evidence: period: duplicate key`, ErrDuplicateKey},
		{"FACTS after facts: encoding/json matches struct keys without case and lets the second win",
			doc("", `, "facts": {"x": "1"}, "FACTS": {"x": "2"}`), `evidence: FACTS: key differs only in case from "facts"`, ErrKeyCase},
		{"Facts alone is not facts to any other reader",
			doc("", `, "Facts": {"x": "1"}`), `evidence: Facts: unknown key; keys are case-sensitive: did you mean "facts"?`, ErrUnknownKey},
		{"the Kelvin sign folds to k in encoding/json: \u212aind would be read as kind",
			doc(`"id": "zc1", "name": "n", "`+"\u212a"+`ind": "branch"`, ""), `evidence: subject["\u212aind"]: unknown key; keys are case-sensitive: did you mean "kind"?`, ErrUnknownKey},
		{"a subject key twice",
			doc(`"id": "zc1", "id": "zc2"`, ""), `evidence: subject.id: duplicate key`, ErrDuplicateKey},
		{"a fact twice",
			doc("", `, "facts": {"x": "1", "y": "2", "x": "3"}`), `evidence: facts.x: duplicate key`, ErrDuplicateKey},
		{"facts differing in case are refused too: a scheme's names must not hinge on case",
			doc("", `, "facts": {"members": 1, "Members": 2}`), `evidence: facts.Members: key differs only in case from "members"`, ErrKeyCase},
		{"a key written with an escape is the same key",
			doc("", `, "facts": {"x": "1", "\u0078": "3"}`), `evidence: facts.x: duplicate key`, ErrDuplicateKey},
		{"a record field twice",
			doc("", `, "records": {"c": [{"id": "a"}, {"id": "b", "n": 1, "n": 2}]}`), `evidence: records.c[1].n: duplicate key`, ErrDuplicateKey},
		{"an assessment key twice",
			doc("", `, "assessments": [{"assessor": "a", "points": 1, "points": 5}]`), `evidence: assessments[0].points: duplicate key`, ErrDuplicateKey},
		{"a link twice",
			doc("", `, "links": {"task": "zc1", "task": "zc2"}`), `evidence: links.task: duplicate key`, ErrDuplicateKey},
		{"in an array the document is named by its index",
			`[` + doc("", "") + `, ` + doc("", `, "chosen": {"p": ["a"], "p": ["b"]}`) + `]`, `evidence[1]: chosen.p: duplicate key`, ErrDuplicateKey},
		{"an object of more than 16 keys is checked through a map: the 18th clashes with the 2nd",
			doc("", `, "facts": {"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"q":17,"B":18}`),
			`evidence: facts.B: key differs only in case from "b"`, ErrKeyCase},
		{"invalid UTF-8: the byte offset in the document ({\"subject\": {\"id\": \" is 18 bytes)",
			`{"subject": {"id": "` + "\xff" + `"}}`, `evidence: subject.id: invalid UTF-8 at offset 20 of the document`, ErrInvalidUTF8},
		{"an unpaired surrogate escape becomes U+FFFD in encoding/json; the offset counts 综采一队 as 12 bytes",
			doc("", `, "facts": {"x": "\udc00"}`), `evidence: facts.x: invalid UTF-8: unpaired surrogate \udc00 at offset 106 of the document`, ErrInvalidUTF8},
		{"41 digits: one more than the string form takes",
			doc("", `, "facts": {"x": 1234567890.1234567890123456789012345678901}`),
			`evidence: facts.x: number too long: 1234567890.1234567890123… (42 bytes) has 41 digits; at most 40`, ErrLongNumber},
		{"exponent notation, refused in the string form too",
			doc("", `, "facts": {"x": 1e400000000}`), `evidence: facts.x: number in exponent notation: 1e400000000; write the number out, in at most 40 digits`, ErrExponent},
		{"a number in a record field",
			doc("", `, "records": {"c": [{"id": "a", "v": -2E3}]}`), `evidence: records.c[0].v: number in exponent notation: -2E3; write the number out, in at most 40 digits`, ErrExponent},
		{"NUL in the subject id",
			doc(`"id": "zc\u0000"`, ""), `evidence: subject.id: control character U+0000 at byte 2`, ErrControl},
		{"a tab in a record id",
			doc("", `, "records": {"c": [{"id": "a\tb"}]}`), `evidence: records.c[0].id: control character U+0009 at byte 1`, ErrControl},
		{"a newline in an assessor id",
			doc("", `, "assessments": [{"assessor": "a\nb"}]`), `evidence: assessments[0].assessor: control character U+000A at byte 1`, ErrControl},
		{"DEL in a document kind",
			doc("", `, "records": {"c": [{"id": "a", "documents": ["plan\u007f"]}]}`), `evidence: records.c[0].documents[0]: control character U+007F at byte 4`, ErrControl},
		{"a C1 control in a link's unit",
			doc("", `, "links": {"task": "zc\u0085"}`), `evidence: links.task: control character U+0085 at byte 2`, ErrControl},
		{"a control character in a fact's name: the path quotes it",
			doc("", `, "facts": {"a\u0000": 1}`), `evidence: facts["a\x00"]: control character U+0000 at byte 1`, ErrControl},
		{"an id of 129 bytes",
			doc(`"id": "`+strings.Repeat("x", 129)+`"`, ""), `evidence: subject.id: too long: 129 bytes; an id has at most 128`, ErrTooLong},
		{"a name of 201 characters (603 bytes)",
			doc(`"id": "a", "name": "`+strings.Repeat("名", 201)+`"`, ""), `evidence: subject.name: too long: 201 characters; a name has at most 200`, ErrTooLong},
		{"a reason of 2,001 characters",
			doc("", `, "confirmations": [{"veto": "v", "reason": "`+strings.Repeat("r", 2001)+`"}]`), `evidence: confirmations[0].reason: too long: 2001 characters; a reason has at most 2000`, ErrTooLong},
		{"a reason may hold line breaks and tabs, but not a bell",
			doc("", `, "assessments": [{"assessor": "a", "reason": "one\ntwo\tthree\u0007"}]`), `evidence: assessments[0].reason: control character U+0007 at byte 13`, ErrControl},
	}
	for _, tc := range tests {
		_, err := Decode(strings.NewReader(tc.in))
		require.Error(t, err, tc.why)
		assert.Equal(t, tc.want, err.Error(), tc.why)
		assert.ErrorIs(t, err, tc.is, tc.why)
		var p *Problem
		assert.True(t, errors.As(err, &p), "%s: a *Problem", tc.why)
	}
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	in := doc(`"id": "a", "id": "b"`, `, "facts": {"x": 1e5, "X": 1}, "Links": {}`)
	_, err := Decode(strings.NewReader(in))
	require.Error(t, err)
	assert.Equal(t, `evidence: subject.id: duplicate key
evidence: facts.x: number in exponent notation: 1e5; write the number out, in at most 40 digits
evidence: facts.X: key differs only in case from "x"
evidence: Links: unknown key; keys are case-sensitive: did you mean "links"?`, err.Error(), "every problem, in document order")

	in = doc(`"id": "a\u0000", "name": "`+strings.Repeat("n", 201)+`"`, `, "records": {"c": [{"id": "`+strings.Repeat("i", 129)+`"}]}`)
	_, err = Decode(strings.NewReader(in))
	require.Error(t, err)
	assert.Equal(t, `evidence: subject.id: control character U+0000 at byte 1
evidence: subject.name: too long: 201 characters; a name has at most 200
evidence: records.c[0].id: too long: 129 bytes; an id has at most 128`, err.Error())
}

func TestDecodeAcceptsAtTheLimits(t *testing.T) {
	tests := []struct{ why, in string }{
		{"40 digits, as in the string form", doc("", `, "facts": {"x": -123456789012345678901234567890.1234567890}`)},
		{"an id of 128 bytes", doc(`"id": "`+strings.Repeat("x", 128)+`"`, "")},
		{"a name of 200 characters of 3 bytes each", doc(`"id": "a", "name": "`+strings.Repeat("名", 200)+`"`, "")},
		{"a reason of 2,000 characters with line breaks", doc("", `, "assessments": [{"assessor": "a", "reason": "`+strings.Repeat("r\\n", 1000)+`"}]`)},
		{"a surrogate pair is a character", doc("", `, "facts": {"x": "\ud83d\ude00"}`)},
		{"record fields that differ by more than case", doc("", `, "records": {"c": [{"id": "a", "n1": 1, "n2": 2}, {"id": "b", "n1": 1}]}`)},
		{"the same key in sibling objects", doc("", `, "records": {"c": [{"id": "a"}], "d": [{"id": "a"}]}`)},
		{"a name may hold any printable character", doc(`"id": "a", "name": "党支部 <&> \"q\""`, "")},
	}
	for _, tc := range tests {
		_, err := Decode(strings.NewReader(tc.in))
		assert.NoError(t, err, tc.why)
	}
}

func TestDecodeSizeLimit(t *testing.T) {
	// MaxFileSize bytes of spaces around an empty document is the limit;
	// one byte more is refused before anything is parsed.
	in := doc("", "")
	pad := bytes.Repeat([]byte(" "), MaxFileSize-len(in))
	_, err := Decode(bytes.NewReader(append([]byte(in), pad...)))
	require.NoError(t, err, "exactly 16 MiB")
	_, err = Decode(bytes.NewReader(append([]byte(in+" "), pad...)))
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.EqualError(t, err, "evidence: evidence too large: larger than 16777216 bytes (16 MiB), the limit")
}

// TestHugeNumber: a number of 15 million digits (and one in exponent
// notation) is refused before anything parses it as a big number (which
// took over 120 s); BenchmarkHostile measures how long refusing takes.
func TestHugeNumber(t *testing.T) {
	digits := strings.Repeat("7", 15_000_000)
	for _, in := range []string{
		doc("", `, "facts": {"x": `+digits+`}`),
		doc("", `, "facts": {"x": 1`+digits[:1000]+`.5e`+digits[:1_000_000]+`}`),
	} {
		_, err := Decode(strings.NewReader(in))
		assert.ErrorIs(t, err, ErrLongNumber)
		assert.Less(t, len(err.Error()), 200, "the message does not copy the number")
	}
	assert.ErrorIs(t, CheckNumber(digits), ErrLongNumber)
	assert.ErrorIs(t, CheckNumber("1e"+digits), ErrExponent)
	assert.NoError(t, CheckNumber("-1234567890123456789012345678901234567890"))
}

// BenchmarkHostile decodes the hostile documents of TestHugeNumber: a
// number of 15 million digits, and one with a million-digit exponent.
// Each is refused in time linear in its size.
func BenchmarkHostile(b *testing.B) {
	digits := strings.Repeat("7", 15_000_000)
	for name, in := range map[string]string{
		"digits-15M":  doc("", `, "facts": {"x": `+digits+`}`),
		"exponent-1M": doc("", `, "facts": {"x": 1`+digits[:1000]+`.5e`+digits[:1_000_000]+`}`),
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Decode(strings.NewReader(in)); !errors.Is(err, ErrLongNumber) {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCheckLimitsOnHostEvidence(t *testing.T) {
	// Evidence a host builds by hand is checked as decoded evidence is
	// (engine.Evaluate calls CheckLimits).
	ev := &Evidence{
		Subject: Subject{ID: "ok", Name: "bad\xffname", Kind: "branch"},
		Period:  "2017-03",
		Facts:   map[string]any{"fine": json.Number("1"), "bad\x00": 1},
		Records: map[string][]Record{"c": {{ID: "r1", Fields: map[string]any{strings.Repeat("f", 129): 1}}}},
		Chosen:  map[string][]string{"pool": {"A1", "A\x002"}},
	}
	var got []string
	for _, p := range ev.CheckLimits() {
		got = append(got, p.Error())
	}
	assert.Equal(t, []string{
		`evidence: subject.name: invalid UTF-8 at byte 3`,
		`evidence: facts["bad\x00"]: control character U+0000 at byte 3`,
		`evidence: records.c[0]["ffffffffffffffffffffffff"… (129 bytes)]: too long: 129 bytes; an id has at most 128`,
		`evidence: chosen.pool[1]: control character U+0000 at byte 1`,
	}, got)
}

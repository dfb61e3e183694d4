package scheme

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBindGoValues builds evidence from Go values, as a host does.
func TestBindGoValues(t *testing.T) {
	s := compileConstructs(t)
	ev := &evidence.Evidence{
		Subject: evidence.Subject{ID: "b1", Name: "一支部", Kind: "branch", Category: "production"},
		Period:  "2023",
		Facts: map[string]any{
			"completion": decimal.RequireFromString("101.5"), "attendance": "96", "members": 7,
			"secretary": "张三", "founded": time.Date(1999, 7, 1, 0, 0, 0, 0, time.UTC), "rating": "优",
		},
		Records: map[string][]evidence.Record{
			"contests": {{ID: "K1", Date: "2023-05-01", Documents: []string{"plan"},
				Fields: map[string]any{"participants": int64(6), "uniform_dress": true, "grade": "a", "value": json.Number("12000.50")}}},
		},
		Chosen: map[string][]string{"individual": {"news"}},
	}
	b, err := s.bind(ev)
	require.NoError(t, err)
	v, ok := b.InputText("completion")
	require.True(t, ok)
	assert.Equal(t, "101.5", v)
	founded, _ := b.InputText("founded")
	assert.Equal(t, "1999-07-01", founded)
	recs := b.Records("contests")
	require.Len(t, recs, 1)
	assert.Equal(t, "12000.5", recs[0].Field("value"))

	// A rule reads them exactly.
	ind := s.Indicator("news")
	got, err := b.Number(context.Background(), ind.Value, nil)
	require.NoError(t, err)
	assert.True(t, got.Equal(decimal.RequireFromString("1")), "min(7, 2) × 0.5 + round(101.5/3, 1) × 0 = 1; got %s", got)
}

func TestBindRejects(t *testing.T) {
	s := compileConstructs(t)
	ev := &evidence.Evidence{
		Subject: evidence.Subject{ID: "b1", Kind: "member"},
		Period:  "2023-05",
		Facts:   map[string]any{"completion": 101.5, "attendance": "96", "members": 7.0, "secretary": "x", "rating": "优"},
		Records: map[string][]evidence.Record{"contests": make([]evidence.Record, 31)},
	}
	_, err := s.bind(ev)
	var e *EvidenceError
	require.ErrorAs(t, err, &e)
	var lines []string
	for _, p := range e.Problems {
		lines = append(lines, p.Path+": "+p.Message)
	}
	assert.Equal(t, []string{
		`subject.kind: the scheme scores branch subjects, got "member"`,
		`period: "2023-05" is a month; the scheme scores a year`,
		"facts.completion: want decimal, got a binary floating-point number: pass a decimal or its text",
		"facts.members: want int, got a binary floating-point number: pass a decimal or its text",
		"records.contests: 31 records; the scheme allows at most 30",
		"chosen.individual: 0 indicators chosen; the scheme asks for 1",
	}, lines)
}

// TestBindHostDecimalLimits: a host's decimal.Decimal is held to the
// limit of a number in text (40 digits written out) before anything
// computes with it; each is refused with its path.
func TestBindHostDecimalLimits(t *testing.T) {
	s := compileConstructs(t)
	ev := &evidence.Evidence{
		Subject: evidence.Subject{ID: "b1", Name: "一支部", Kind: "branch", Category: "production"},
		Period:  "2023",
		Facts: map[string]any{
			"completion": decimal.New(1, math.MinInt32), // 2^31 digits after the point
			"attendance": "96",
			"members":    decimal.New(7, math.MaxInt32), // an int input: 7 and 2^31-1 zeros
			"secretary":  "张三", "rating": "优",
		},
		Records: map[string][]evidence.Record{
			"contests": {{ID: "K1", Date: "2023-05-01", Documents: []string{"plan"},
				Fields: map[string]any{"participants": int64(6), "uniform_dress": true, "grade": "a",
					"value": decimal.New(12, 39)}}}, // 41 digits: one over
		},
		Chosen: map[string][]string{"individual": {"news"}},
	}
	_, err := s.bind(ev)
	var e *EvidenceError
	require.ErrorAs(t, err, &e)
	var lines []string
	for _, p := range e.Problems {
		lines = append(lines, p.Path+": "+p.Message)
	}
	assert.Equal(t, []string{
		"facts.completion: want decimal, got a decimal of 2147483648 digits written out (1e-2147483648); at most 40",
		"facts.members: want int, got a decimal of 2147483648 digits written out (7e2147483647); at most 40",
		"records.contests[0].value: want decimal, got a decimal of 41 digits written out (12e39); at most 40",
	}, lines)
}

// TestEvalCancelled: no expression starts once the context is done, not
// only comprehensions (a straight-line expression used to run regardless).
func TestEvalCancelled(t *testing.T) {
	s, err := Compile("e.yaml", []byte(exprScheme("x * 2")))
	require.NoError(t, err)
	b, err := s.bind(&evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023-05",
		Facts: map[string]any{"x": "1.5", "n": 1}})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = b.Number(ctx, s.Indicators()[0].Value, nil)
	assert.ErrorIs(t, err, context.Canceled, "a straight-line expression")

	s, err = Compile("e.yaml", []byte(exprScheme("items.exists(r, r.s == k) ? 1 : 0")))
	require.NoError(t, err)
	b, err = s.bind(&evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023-05",
		Facts: map[string]any{"x": "1.5", "n": 1}})
	require.NoError(t, err)
	_, err = b.Number(ctx, s.Indicators()[0].Value, nil)
	assert.ErrorIs(t, err, context.Canceled, "a comprehension")
}

// TestBindNumberLimits: a number a host passes as a json.Number is held to
// the limits of the string form before it is parsed (15 million digits
// took over 120 s to parse): at most evidence.MaxDigits digits, no
// exponent.
func TestBindNumberLimits(t *testing.T) {
	huge := strings.Repeat("9", 15_000_000)
	tests := []struct {
		v    any
		want string
		why  string
	}{
		{json.Number("1234567890123456789012345678901234567890"), "", "40 digits, as many as the string form takes"},
		{"1234567890123456789012345678901234567890", "", "the string form's own limit"},
		{json.Number("12345678901234567890123456789012345678901"), "number too long: 123456789012345678901234… (41 bytes) has 41 digits; at most 40", "41 digits"},
		{json.Number("1e400000000"), "number in exponent notation: 1e400000000; write the number out, in at most 40 digits", "exponent notation, refused in the string form too"},
		{json.Number(huge), "number too long: 999999999999999999999999… (15000000 bytes) has 15000000 digits; at most 40", "15 million digits, refused in linear time"},
		{"12345678901234567890123456789012345678901", "want decimal, got a number of 41 digits; at most 40", "the string form says its limit too"},
		{huge, "want decimal, got a number of 15000000 digits; at most 40", "and does not copy the text into the message"},
		{"1e5", `want decimal, got "1e5"`, "no exponent in the string form"},
	}
	for _, tc := range tests {
		_, err := convert(tc.v, DecimalType, nil)
		if tc.want == "" {
			assert.NoError(t, err, tc.why)
			continue
		}
		assert.EqualError(t, err, tc.want, tc.why)
	}
	// The limit is the string form's: celdec takes 40 digits, not 41.
	_, err := celdec.ParseDecimal(strings.Repeat("1", evidence.MaxDigits))
	assert.NoError(t, err)
	_, err = celdec.ParseDecimal(strings.Repeat("1", evidence.MaxDigits+1))
	assert.Error(t, err)
}

// TestBindChecksLimits: evidence a host builds by hand is held to the
// limits evidence.Decode holds decoded evidence to, and the subject id in
// the message is quoted when it is not a clean id.
func TestBindChecksLimits(t *testing.T) {
	s := compileConstructs(t)
	ev := &evidence.Evidence{
		Subject:     evidence.Subject{ID: "b1\nforged line", Kind: "branch"},
		Period:      "2023",
		Records:     map[string][]evidence.Record{"contests": {{ID: strings.Repeat("k", 129), Date: "2023-05-01"}}},
		Assessments: []evidence.Assessment{{Assessor: "a\x00", Reason: "r"}},
	}
	_, err := s.bind(ev)
	require.Error(t, err)
	assert.Equal(t, `subject "b1\nforged line", period 2023: subject.id: control character U+000A at byte 2
subject "b1\nforged line", period 2023: records.contests[0].id: too long: 129 bytes; an id has at most 128
subject "b1\nforged line", period 2023: assessments[0].assessor: control character U+0000 at byte 1`, err.Error())
}

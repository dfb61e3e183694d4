package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/branchscore/branchscore/internal/synth"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// marshalBoth returns v's JSON as json.Marshal writes it, and as an
// encoder without HTML escapes writes it.
func marshalBoth(t *testing.T, v any) (string, string) {
	t.Helper()
	a, err := json.Marshal(v)
	require.NoError(t, err)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return string(a), buf.String()
}

// sameJSON asserts that the audit of steps writes the JSON steps write,
// with and without HTML escapes, and reads back to the same audit.
func sameJSON(t *testing.T, steps []Step, msg string) {
	t.Helper()
	a := AuditOf(steps)
	want, wantRaw := marshalBoth(t, steps)
	got, gotRaw := marshalBoth(t, a)
	require.Equal(t, want, got, msg)
	require.Equal(t, wantRaw, gotRaw, msg)
	// Read back, it is what the steps read back are (invalid UTF-8 reads
	// back as U+FFFD, either way).
	var back Audit
	require.NoError(t, json.Unmarshal([]byte(got), &back), msg)
	var backSteps []Step
	require.NoError(t, json.Unmarshal([]byte(want), &backSteps), msg)
	again, _ := marshalBoth(t, back)
	wantAgain, _ := marshalBoth(t, backSteps)
	require.Equal(t, wantAgain, again, msg)
	require.Equal(t, a.Len(), back.Len(), msg)
	rendered, _ := marshalBoth(t, a.Steps())
	require.Equal(t, want, rendered, msg)
	for i := range steps {
		st, _ := json.Marshal(a.Step(i))
		orig, _ := json.Marshal(steps[i])
		require.Equal(t, string(orig), string(st), "%s: step %d", msg, i)
	}
}

// TestAuditJSONIsTheStepsJSON pins Audit's JSON to a []Step's, byte for
// byte, on steps with every field, so that stored results read and verify
// as before the audit was held compactly.
func TestAuditJSONIsTheStepsJSON(t *testing.T) {
	big := NewPoints(decimal.RequireFromString("123456789012345678901234.5"))
	tests := []struct {
		name  string
		steps []Step
	}{
		{"no audit (totals only): null", nil},
		{"an audit of no steps (not assessed): []", []Step{}},
		{"every field set", []Step{{Kind: StepValue, Round: "r1", Section: "B", Indicator: "B1", Record: "R-1",
			Rule: "record.amount / 10000", At: "s.yaml:3:4", Reads: Reads{{"record.amount", "50000"}, {"x", "1"}},
			Passed: truth(false), Missing: []string{"doc"}, Failed: []string{"a > 1"}, Match: "[5, 10)",
			Measure: pp(decimal.New(25, -1)), Before: pp(decimal.New(3, 0)), Points: pp(decimal.New(-75, -2)),
			Factor: pp(decimal.New(1, -1)), Count: -3, Assessor: "a1", Name: "张三", Role: "secretary",
			Reason: "迟到 <15 min> & \"more\"", Time: "2017-03-01", Cites: []string{"facts.x", "records:R-1"},
			Value: "12", Exact: map[string]string{"points": "-3/4", "factor": "1/10", "measure": "5/2"}}}},
		{"a kind of its own, and a step of nothing but it", []Step{{Kind: "custom_kind", Points: pp(decimal.Zero)}, {Kind: ""}, {Kind: StepTotal}}},
		{"a number too long for the compact form", []Step{{Kind: StepTotal, Points: &big, Before: pp(decimal.New(1, 30))}}},
		{"exponents, a count and a list too large for an entry", []Step{
			{Kind: StepValue, Measure: pp(decimal.New(1, -200)), Points: pp(decimal.New(7, 127)), Factor: pp(decimal.New(-7, -128))},
			{Kind: StepSteps, Count: 1 << 40, Points: pp(decimal.New(1, 0))},
			{Kind: StepRaw, Cites: make([]string, 70000), Reads: Reads{{"a", "1"}}},
			{Kind: StepRaw, Points: pp(decimal.New(-5, 127)), Before: pp(decimal.New(3, -128)), Cites: []string{"x"}}}},
		{"a round, section and indicator the same for long runs, across a rare step", sameRuns()},
		{"many exact values", []Step{{Kind: StepValue, Exact: map[string]string{"points": "1/3", "factor": "2/3", "measure": "4/3", "before": "5/3", "a": "1/7", "z": "1/9"}}}},
		{"passed true, reads out of order and repeated", []Step{{Kind: StepRecord, Passed: truth(true), Reads: Reads{{"b", "2"}, {"a", "1"}, {"b", "3"}}}}},
		{"empty lists and maps left out", []Step{{Kind: StepItem, Reads: Reads{}, Cites: []string{}, Exact: map[string]string{}}}},
		{"escapes: control characters, separators, invalid UTF-8", []Step{{Kind: StepRecord, Record: "a\x01b\n\"\\", Rule: "x\u2028y\u2029", Match: "bad\xff", Cites: []string{"<a>", "é"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameJSON(t, tt.steps, tt.name)
		})
	}
}

// sameRuns returns 60 steps whose round, section and indicator repeat for
// longer than an entry takes them from the step before (maxRun), with a
// rare step among them and one without them.
func sameRuns() []Step {
	var out []Step
	for i := range 60 {
		st := Step{Kind: StepRecord, Round: "r1", Section: "A", Indicator: fmt.Sprint("A", i/25), Record: fmt.Sprint(i)}
		switch i {
		case 30:
			st.Kind = "rare"
		case 45:
			st.Section, st.Indicator = "", ""
		}
		out = append(out, st)
	}
	return out
}

// TestAuditJSONOfRandomSteps checks the same on random steps: any field
// set or not, with values from a small set that includes the edges.
func TestAuditJSONOfRandomSteps(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 1))
	strs := []string{"", "A", "B1", "综采一队", "<&>", "a\"b", "\x00", "\u2028", "x\xffy", "records:R-1"}
	nums := []string{"0", "1", "-2.50", "0.333333", "1e30", "-123456789012345678901", "999999999999999999", "1000000000000000000", "1e-200", "2e127", "3e128", "4e-128", "5e-129"}
	kinds := append(stepKinds[1:len(stepKinds):len(stepKinds)], "", "other")
	pick := func() string { return strs[rng.IntN(len(strs))] }
	num := func() *Points {
		if rng.IntN(2) == 0 {
			return nil
		}
		return pp(decimal.RequireFromString(nums[rng.IntN(len(nums))]))
	}
	list := func() []string {
		var out []string
		for range rng.IntN(4) {
			out = append(out, pick())
		}
		return out
	}
	for n := range 300 {
		steps := make([]Step, rng.IntN(5))
		for i := range steps {
			st := Step{Kind: kinds[rng.IntN(len(kinds))], Round: pick(), Section: pick(), Indicator: pick(),
				Record: pick(), Rule: pick(), At: pick(), Match: pick(), Assessor: pick(), Name: pick(),
				Role: pick(), Reason: pick(), Time: pick(), Value: pick(),
				Measure: num(), Before: num(), Points: num(), Factor: num(),
				Missing: list(), Failed: list(), Cites: list(), Count: rng.IntN(3) - 1}
			if rng.IntN(3) == 0 {
				st.Passed = truth(rng.IntN(2) == 0)
			}
			for range rng.IntN(3) {
				st.Reads = append(st.Reads, Read{pick(), pick()})
			}
			if rng.IntN(3) == 0 {
				st.Exact = map[string]string{}
				for range rng.IntN(3) {
					st.Exact[pick()] = pick()
				}
			}
			steps[i] = st
		}
		sameJSON(t, steps, fmt.Sprintf("case %d", n))
	}
}

// TestAuditStepsOfEvaluations renders the audit of generated tingnan
// months, with non-terminating quotients (exact values) and records that
// miss their gates: the steps rendered write the audit's JSON, and make
// the same audit again.
func TestAuditStepsOfEvaluations(t *testing.T) {
	s := tingnan(t)
	n := 0
	for ev, err := range synth.Tingnan(7, "2017-03", 60) {
		require.NoError(t, err)
		r, err := Evaluate(context.Background(), s, ev, Options{})
		require.NoError(t, err)
		steps := r.Audit.Steps()
		require.Len(t, steps, r.Audit.Len())
		want, _ := marshalBoth(t, steps)
		got, _ := marshalBoth(t, r.Audit)
		require.Equal(t, want, got, ev.Subject.ID)
		assert.Equal(t, r.Audit, AuditOf(steps), ev.Subject.ID)
		for i, st := range r.Audit.All() {
			assert.Equal(t, steps[i], st)
			if len(st.Exact) > 0 {
				n++
			}
		}
	}
	assert.Positive(t, n, "some steps record an exact value")
}

// TestAuditNullAndEmpty pins the audit's JSON of a totals-only result
// (null) and of a subject not assessed ([]), as before.
func TestAuditNullAndEmpty(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	lean, err := Evaluate(context.Background(), s, ev, Options{TotalsOnly: true})
	require.NoError(t, err)
	b, err := json.Marshal(lean)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"audit":null`)
	var back Result
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, Audit{}, back.Audit)

	empty, err := json.Marshal(AuditOf([]Step{}))
	require.NoError(t, err)
	assert.Equal(t, "[]", string(empty))
	require.NoError(t, json.Unmarshal([]byte("[]"), &back.Audit))
	assert.Equal(t, 0, back.Audit.Len())
	again, err := json.Marshal(back.Audit)
	require.NoError(t, err)
	assert.Equal(t, "[]", string(again))
}

// TestAuditEntrySize pins an entry's size: a tingnan month's 32 steps in
// 2 kB (a Step is 376 bytes).
func TestAuditEntrySize(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(auditEntry{}), uintptr(64))
}

// FuzzAuditJSON reads any JSON as an audit: no panic, and an audit read
// writes what the steps read from the same JSON write.
func FuzzAuditJSON(f *testing.F) {
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"kind":"record","section":"A","indicator":"A1","reads":{"b":"2","a":"1"},"passed":false,"missing":["x"],"points":"1.50","count":3,"exact":{"points":"3/2"}}]`))
	f.Add([]byte(`[{"kind":"other","points":"1e-300"},{"kind":"raw","section":"A"},{"kind":"raw","section":"A","before":"123456789012345678901"}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Audit
		var steps []Step
		errA, errS := json.Unmarshal(b, &a), json.Unmarshal(b, &steps)
		if (errA == nil) != (errS == nil) {
			t.Fatalf("audit: %v, steps: %v", errA, errS)
		}
		if errA != nil {
			return
		}
		got, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(steps)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("audit writes\n%s\nsteps write\n%s", got, want)
		}
	})
}

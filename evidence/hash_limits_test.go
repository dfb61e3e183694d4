package evidence

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clashes reports whether a record of ev has a field named id, date or
// documents: evidence whose limits hashChecked leaves to CheckLimits.
func clashes(ev *Evidence) bool {
	for _, list := range ev.Records {
		for i := range list {
			for _, k := range [...]string{"id", "date", "documents"} {
				if _, ok := list[i].Fields[k]; ok {
					return true
				}
			}
		}
	}
	return false
}

// TestHashCheckedAgrees: the one walk that hashes and checks gives Hash's
// hash, and finds the limits within exactly when CheckLimits reports
// nothing — but for evidence with a field named like a record's own keys,
// where it never finds them within — on random evidence clean and with
// bad strings anywhere, hashed one after another so that the keys kept
// from one evidence to the next are tried.
func TestHashCheckedAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 6))
	clean, dirty := 0, 0
	for i := range 1200 {
		ev := randomEvidence(r, i%4 == 0)
		if i%3 == 0 {
			for _, list := range ev.Records {
				for j := range list {
					delete(list[j].Fields, "id")
					delete(list[j].Fields, "date")
					delete(list[j].Fields, "documents")
				}
			}
		}
		want, werr := ev.Hash()
		got, ok, err := hashChecked(ev)
		if werr != nil {
			assert.Equal(t, werr, err, "evidence %d: Hash's error", i)
			continue
		}
		require.NoError(t, err, "evidence %d", i)
		assert.Equal(t, want, got, "evidence %d: Hash's hash", i)
		limits := ev.CheckLimits()
		if clashes(ev) {
			assert.False(t, ok, "evidence %d: a clashing record is left to CheckLimits", i)
			continue
		}
		if ok != (len(limits) == 0) {
			t.Fatalf("evidence %d: limits found within %v, but CheckLimits reports %d problems: %v", i, ok, len(limits), limits)
		}
		if ok {
			clean++
		} else {
			dirty++
		}
	}
	assert.Greater(t, clean, 100, "clean evidence is tried")
	assert.Greater(t, dirty, 100, "evidence with problems is tried")
}

// TestHashCheckedEveryPlace puts every edge of the limits — each
// character they treat apart at the start, middle and end of ASCII and of
// Chinese text, and lengths at and past each limit — in each place
// CheckLimits looks at, in evidence otherwise clean: the walk finds the
// limits within exactly when CheckLimits reports nothing, and hashes as
// Hash does. Clean evidence is hashed before and after each, so that keys
// kept from one call to the next (the record shapes) are tried both ways.
func TestHashCheckedEveryPlace(t *testing.T) {
	base := everyPlace
	manyFacts := func(ev *Evidence, k string) {
		for i := range maxKept + 1 {
			ev.Facts[strings.Repeat("f", i+1)] = i
		}
		ev.Facts[k] = 1
	}
	manyLists := func(ev *Evidence, k string) {
		for i := range maxKept + 1 {
			ev.Records[strings.Repeat("l", i+2)] = []Record{{ID: "r"}}
		}
		ev.Records[k] = nil
	}
	places := []struct {
		set  func(ev *Evidence, s string)
		name string
	}{
		{func(ev *Evidence, s string) { ev.Subject.ID = s }, "subject id"},
		{func(ev *Evidence, s string) { ev.Subject.Name = s }, "subject name"},
		{func(ev *Evidence, s string) { ev.Subject.Kind = s }, "kind"},
		{func(ev *Evidence, s string) { ev.Subject.Category = s }, "category"},
		{func(ev *Evidence, s string) { ev.Period = s }, "period"},
		{func(ev *Evidence, s string) { ev.Facts[s] = 1 }, "fact name"},
		{manyFacts, "fact name among more facts than kept"},
		{func(ev *Evidence, s string) { ev.Records[s] = nil }, "list name"},
		{manyLists, "list name among more lists than kept"},
		{func(ev *Evidence, s string) { ev.Records["l"][0].ID = s }, "record id"},
		{func(ev *Evidence, s string) { ev.Records["l"][0].Date = s }, "record date"},
		{func(ev *Evidence, s string) { ev.Records["l"][0].Documents[0] = s }, "document kind"},
		{func(ev *Evidence, s string) { ev.Records["l"][0].Fields[s] = 1 }, "field name"},
		{func(ev *Evidence, s string) {
			ev.Records["l"] = append(ev.Records["l"], Record{ID: "r2", Fields: map[string]any{"f": 2, s: 1}})
		}, "field name of a second record"},
		{func(ev *Evidence, s string) { ev.Records["l"][0].Fields = map[string]any{s: 1} }, "field name in the kept shape's place"},
		{func(ev *Evidence, s string) { ev.Records["l"][0].Fields["f"] = s }, "field value (not limited)"},
		{func(ev *Evidence, s string) { ev.Facts["a"] = s }, "fact value (not limited)"},
		{func(ev *Evidence, s string) { ev.Assessments[0].Assessor = s }, "assessor"},
		{func(ev *Evidence, s string) { ev.Assessments[0].Role = s }, "role"},
		{func(ev *Evidence, s string) { ev.Assessments[0].Sheet = s }, "sheet"},
		{func(ev *Evidence, s string) { ev.Assessments[0].Indicator = s }, "indicator"},
		{func(ev *Evidence, s string) { ev.Assessments[0].Record = s }, "record"},
		{func(ev *Evidence, s string) { ev.Assessments[0].Grade = s }, "grade"},
		{func(ev *Evidence, s string) { ev.Assessments[0].Time = s }, "time"},
		{func(ev *Evidence, s string) { ev.Assessments[0].Reason = s }, "reason"},
		{func(ev *Evidence, s string) { ev.Assessments[0].AssessorName = s }, "assessor name"},
		{func(ev *Evidence, s string) { ev.Confirmations[0].Veto = s }, "confirmation veto"},
		{func(ev *Evidence, s string) { ev.Confirmations[0].Assessor = s }, "confirmation assessor"},
		{func(ev *Evidence, s string) { ev.Confirmations[0].Time = s }, "confirmation time"},
		{func(ev *Evidence, s string) { ev.Confirmations[0].Reason = s }, "confirmation reason"},
		{func(ev *Evidence, s string) { ev.Confirmations[0].AssessorName = s }, "confirmation name"},
		{func(ev *Evidence, s string) { ev.Chosen[s] = nil }, "pool name"},
		{func(ev *Evidence, s string) { ev.Chosen["p"][0] = s }, "chosen indicator"},
		{func(ev *Evidence, s string) { ev.Links[s] = "u" }, "link name"},
		{func(ev *Evidence, s string) { ev.Links["k"] = s }, "link unit"},
	}
	specials := []string{"\x00", "\x1f", "\t", "\n", "\r", "\x7f", "\u0080", "\u0085", "\u009f", "\u00a0",
		"\xc2", "\xff", "\xe5\x85", "\xed\xa0\x80", "\ufffd", "\u2028", "\u2029", `"`, `\`, "<", "&", "é"}
	var edges []string
	for _, text := range []string{"abcdefghijklmn", "党支部工作质", "a"} {
		for _, pos := range []int{0, len(text) / 2, len(text)} {
			for _, sp := range specials {
				edges = append(edges, text[:pos]+sp+text[pos:])
			}
		}
	}
	for _, n := range []int{MaxIDLen, MaxIDLen + 1, MaxNameLen, MaxNameLen + 1, MaxReasonLen, MaxReasonLen + 1} {
		edges = append(edges, strings.Repeat("x", n), strings.Repeat("名", n), strings.Repeat("x", n-1)+"\t")
	}
	for _, p := range places {
		for _, s := range edges {
			for _, after := range []bool{false, true} {
				ev := base()
				_, ok, err := hashChecked(ev)
				require.NoError(t, err)
				require.True(t, ok, "the base evidence is clean")
				p.set(ev, s)
				if after { // kept keys from this evidence, then clean evidence
					_, _, err := hashChecked(ev)
					require.NoError(t, err)
					ev = base()
				}
				want, err := ev.Hash()
				require.NoError(t, err)
				got, ok, err := hashChecked(ev)
				require.NoError(t, err)
				assert.Equal(t, want, got, "%s %q: Hash's hash", p.name, s)
				if lp := ev.CheckLimits(); ok != (len(lp) == 0) {
					t.Errorf("%s %q (after %v): found within %v, CheckLimits reports %v", p.name, s, after, ok, lp)
				}
			}
		}
	}
}

// TestScanText holds scanText to scanString and scanControl.
func TestScanText(t *testing.T) {
	var cases []string
	cases = append(cases, texts...)
	for _, base := range []string{"abcdefghijklmnopqrstuvwx", "党支部工作质量认证考核", "ab党c支d", "abc"} {
		for pos := 0; pos <= len(base); pos++ {
			for _, sp := range []string{"\x00", "\x1f", "\t", "\x7f", "\u0085", `"`, `\`, "<", ">", "&", "\u2028", "\xff", " ", "~"} {
				cases = append(cases, base[:pos]+sp+base[pos:], (base + sp)[:pos], sp[:1]+base[:pos])
			}
		}
	}
	for _, s := range cases {
		for _, html := range []bool{false, true} {
			esc, ctl, high := scanText(s, html)
			wesc, whigh := scanString(s, html)
			wctl, _ := scanControl(s)
			if esc != wesc || ctl != wctl || high != whigh {
				t.Errorf("scanText(%q, %v) = %v, %v, %v; scanString %v, %v; scanControl %v", s, html, esc, ctl, high, wesc, whigh, wctl)
			}
		}
	}
}

// BenchmarkHashChecked is what Evaluate pays for the hash and the limits
// together; compare BenchmarkHash plus BenchmarkCheckLimits.
func BenchmarkHashChecked(b *testing.B) {
	evs, err := ReadFile("../examples/data/tingnan-2017/2017-03-zongcai1.json")
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := hashChecked(evs[0]); err != nil || !ok {
			b.Fatal(err, ok)
		}
	}
}

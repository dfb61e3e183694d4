package evidence

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTextOK holds the eight-bytes-at-a-time check to checkText, for
// every string of texts and every character the limits treat apart at
// every position of a string long enough to cross words, among ASCII and
// among Chinese text, with and without line breaks allowed.
func TestTextOK(t *testing.T) {
	specials := []string{"\x00", "\x1f", "\t", "\n", "\r", "\x7f", "\u0080", "\u0085", "\u009f", "\u00a0", "\u00c2",
		"é", "\xc2", "\xc2\x41", "\xff", "\xe5\x85", "\xed\xa0\x80", "\ufffd", "\u2028", " ", "~"}
	var cases []string
	cases = append(cases, texts...)
	for _, base := range []string{"abcdefghijklmnopqrstuvwx", "党支部工作质量认证考核", "ab党c支d"} {
		for pos := 0; pos <= len(base); pos++ {
			for _, sp := range specials {
				cases = append(cases, base[:pos]+sp+base[pos:])
			}
		}
	}
	for _, s := range cases {
		for _, lines := range []bool{false, true} {
			if got, want := textOK(s, lines), checkText(s, lines) == nil; got != want {
				t.Errorf("textOK(%q, %v) = %v, checkText says %v", s, lines, got, want)
			}
		}
	}
}

// TestLimitsFastPath: the walk that finds nothing agrees with the walk
// that reports, on random evidence clean and with bad strings anywhere;
// and the report is the full walk's, in its order.
func TestLimitsFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 2))
	clean, dirty := 0, 0
	for i := range 600 {
		ev := randomEvidence(r, i%4 == 0)
		full := ev.checkLimits()
		if got, want := ev.limitsOK(), len(full) == 0; got != want {
			t.Fatalf("evidence %d: limitsOK %v, but the full walk reports %d problems: %v", i, got, len(full), full)
		}
		assert.Equal(t, full, ev.CheckLimits(), "evidence %d: CheckLimits reports what the full walk does", i)
		if len(full) == 0 {
			clean++
		} else {
			dirty++
		}
	}
	assert.Greater(t, clean, 100, "clean evidence is tried")
	assert.Greater(t, dirty, 100, "evidence with problems is tried")

	// One bad string in each place CheckLimits looks at, in evidence
	// otherwise clean.
	base := everyPlace
	long := strings.Repeat("x", MaxIDLen+1)
	for _, tc := range []struct {
		set func(ev *Evidence)
		why string
	}{
		{func(ev *Evidence) { ev.Subject.ID = "a\x00" }, "subject id"},
		{func(ev *Evidence) { ev.Subject.Name = strings.Repeat("名", MaxNameLen+1) }, "subject name, long in characters"},
		{func(ev *Evidence) { ev.Subject.Kind = long }, "kind"},
		{func(ev *Evidence) { ev.Subject.Category = "\u0085" }, "category, C1 control"},
		{func(ev *Evidence) { ev.Period = "2017\x7f" }, "period, DEL"},
		{func(ev *Evidence) { ev.Facts["b\n"] = 1 }, "fact name"},
		{func(ev *Evidence) { ev.Records["l\xff"] = nil }, "list name, invalid UTF-8"},
		{func(ev *Evidence) { ev.Records["l"][0].ID = long }, "record id"},
		{func(ev *Evidence) { ev.Records["l"][0].Date = "2017-03-01\t" }, "record date, tab"},
		{func(ev *Evidence) { ev.Records["l"][0].Documents[0] = "\x1b" }, "document kind"},
		{func(ev *Evidence) { ev.Records["l"][0].Fields[long] = 1 }, "field name"},
		{func(ev *Evidence) { ev.Assessments[0].Sheet = "s\r" }, "assessment sheet"},
		{func(ev *Evidence) { ev.Assessments[0].Reason = strings.Repeat("长", MaxReasonLen+1) }, "reason, long"},
		{func(ev *Evidence) { ev.Assessments[0].Reason = "\x00" }, "reason, NUL"},
		{func(ev *Evidence) { ev.Assessments[0].AssessorName = "王\n某" }, "assessor name, line break"},
		{func(ev *Evidence) { ev.Confirmations[0].Veto = "\u009f" }, "confirmation veto"},
		{func(ev *Evidence) { ev.Confirmations[0].Reason = "r\xc2" }, "confirmation reason, cut character"},
		{func(ev *Evidence) { ev.Confirmations[0].AssessorName = strings.Repeat("x", MaxNameLen+1) }, "confirmation name"},
		{func(ev *Evidence) { ev.Chosen["p\x00"] = nil }, "pool name"},
		{func(ev *Evidence) { ev.Chosen["p"][0] = "A\x00" }, "chosen indicator"},
		{func(ev *Evidence) { ev.Links[long] = "u" }, "link name"},
		{func(ev *Evidence) { ev.Links["k"] = "\x01" }, "link unit"},
	} {
		ev := base()
		assert.True(t, ev.limitsOK(), "the base evidence is clean")
		tc.set(ev)
		assert.False(t, ev.limitsOK(), tc.why)
		assert.Len(t, ev.CheckLimits(), 1, tc.why)
	}
}

// everyPlace is clean evidence with a string in each place CheckLimits
// looks at, for the tests that put a bad one in each.
func everyPlace() *Evidence {
	return &Evidence{
		Subject: Subject{ID: "zc1", Name: "综采一队", Kind: "branch", Category: "c"}, Period: "2017-03",
		Facts:         map[string]any{"a": 1},
		Records:       map[string][]Record{"l": {{ID: "r", Date: "2017-03-01", Documents: []string{"d"}, Fields: map[string]any{"f": 1}}}},
		Assessments:   []Assessment{{Assessor: "x", AssessorName: "王某", Role: "self", Sheet: "s", Indicator: "A1", Record: "r", Grade: "g", Reason: "好\n很好", Time: "t"}},
		Confirmations: []Confirmation{{Veto: "v", Assessor: "x", AssessorName: "马某", Reason: "r\t", Time: "t"}},
		Chosen:        map[string][]string{"p": {"A1"}},
		Links:         map[string]string{"k": "u"},
	}
}

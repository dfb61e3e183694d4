package celdec

import "testing"

// TestPrattLeadingDotAfterIn: prattLexes lets a leading dot through
// after the keyword 'in' (not in its list of operator characters).
func TestPrattLeadingDotAfterIn(t *testing.T) {
	env, p := realPratt(t)
	for _, text := range []string{`rec in .contest{participants: 1}`, `1 in .x`, `1 in .f()`, `1 in .recs.map(r, r)`, `n in .recs`,
		`rec in .contest{participants: 1} ? 1 : 2`, `x in .x.y`, `1 in .dec("1")`, `true ? .x : .y`, `x in  .x`, `x in
.x`, `1 in .size([1])`, `true in .has(rec.value)`, `true in [.has(rec.value)]`, `1 in .f().map(r, r)`, `1 in .dec("1").f()`, `1 in .contest{participants: 1}.participants`, `1 in .f(.x)`, `x in .contest{value: .x}`, `1 in .f()[0]`, `1 in .f().?a`, `"a" in .x.y.z`} {
		_, iss := env.Parse(text)
		t.Logf("%q fast=%v antlrErr=%v", text, p.Fast(text), iss.Err() != nil)
		if d := p.Disagreement(env, text); d != "" {
			t.Error(d)
		}
	}
}

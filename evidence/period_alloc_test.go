package evidence

import "testing"

// TestParsePeriodAllocs: a valid period is read without allocating; the
// error is made only for a bad one (Bind reads the period of every subject).
func TestParsePeriodAllocs(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{"2017-03", "a month"},
		{"2017-Q1", "a quarter"},
		{"2017-H2", "a half-year"},
		{"2021", "a year"},
	} {
		if n := testing.AllocsPerRun(100, func() { _, _ = ParsePeriod(tc.in) }); n != 0 {
			t.Errorf("%s (%s): %v allocations, want 0", tc.in, tc.reason, n)
		}
	}
	if _, err := ParsePeriod("2017-13"); err == nil {
		t.Error("2017-13: want an error")
	}
}

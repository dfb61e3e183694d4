package celdec

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// FuzzParseDateOnly: the fast reading of a date agrees with
// time.Parse(time.DateOnly, …) on every input: the same time, or both an
// error.
func FuzzParseDateOnly(f *testing.F) {
	for _, s := range []string{"2023-05-01", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "0000-02-29",
		"2023-04-31", "2023-12-31", "2023-13-01", "2023-00-10", "2023-01-00", "+023-01-02", "-001-01-02",
		"2023-1-02", "2023-01-2", "2023/01/02", "20230102", "2023-01-02T00:00:00Z", "", "9999-12-31", "２０２３-01-02"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, werr := time.Parse(time.DateOnly, s)
		got, err := parseDateOnly(s)
		if (werr == nil) != (err == nil) || got != want {
			t.Fatalf("%q: got %v, %v; time.Parse gives %v, %v", s, got, err, want, werr)
		}
	})
}

// TestParseDateOnlyAllocations: the common form allocates nothing.
func TestParseDateOnlyAllocations(t *testing.T) {
	assert.Zero(t, testing.AllocsPerRun(20, func() { _, _ = parseDateOnly("2023-05-01") }), "a date read by hand")
}

// TestParseDateOnlyCalendar: for years that are and are not leap years
// (by 4, 100 and 400), every month and day written with two digits, the
// ones out of range included, the fast reading takes what time.Parse
// takes, and reads it as time.Parse does.
func TestParseDateOnlyCalendar(t *testing.T) {
	for _, y := range []int{0, 1, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				want, werr := time.Parse(time.DateOnly, s)
				got, ok := fastDate(s)
				assert.Equal(t, werr == nil, ok, "%s: read by hand when valid, left to time.Parse when not", s)
				assert.True(t, got == want, "%s: got %v, want %v, the same value", s, got, want)
			}
		}
	}
}

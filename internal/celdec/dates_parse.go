package celdec

import "time"

// parseDateOnly reads YYYY-MM-DD as time.Parse(time.DateOnly, s) does,
// without its general layout machinery for the common form (four digits,
// two, two): a record's date is read for every record bound. Anything
// else (a signed year, which time.Parse also takes, or an error) is left
// to time.Parse.
func parseDateOnly(s string) (time.Time, error) {
	if t, ok := fastDate(s); ok {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}

// fastDate reads a valid date of four digits, two and two; ok is false
// for anything else.
func fastDate(s string) (t time.Time, ok bool) {
	if len(s) != len(time.DateOnly) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := digitsAt(s, 0, 4)
	m, ok2 := digitsAt(s, 5, 2)
	d, ok3 := digitsAt(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// digitsAt reads the n decimal digits of s at i.
func digitsAt(s string, i, n int) (int, bool) {
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// daysIn returns the number of days of month m of year y.
func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

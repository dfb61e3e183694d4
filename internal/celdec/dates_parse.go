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
	// As time.Date(y, m, d, 0, 0, 0, 0, time.UTC) makes it, without its
	// normalising and its look-up of the zone.
	return time.Unix(unixDays(y, m, d)*secondsPerDay, 0).UTC(), true
}

const secondsPerDay = 24 * 60 * 60

// unixDays returns the days from 1970-01-01 to the valid date y-m-d of
// the proleptic Gregorian calendar, y from 0 to 9999 (the days from
// civil of Howard Hinnant's date algorithms).
func unixDays(y, m, d int) int64 {
	if m <= 2 {
		y-- // the year counted from March: February is its last month
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400                  // [0, 399]
	doy := (153*((m+9)%12)+2)/5 + d - 1 // [0, 365], from March 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
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

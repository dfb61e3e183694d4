package evidence

import "unicode/utf8"

// limitsOK reports whether CheckLimits would find nothing, in one walk
// over ev's strings that allocates nothing and sorts nothing: the usual
// case. When it finds something, or cannot tell at once, CheckLimits walks
// again in the order its report is written.
func (ev *Evidence) limitsOK() bool {
	s := &ev.Subject
	if !idOK(s.ID) || !runesOK(s.Name, MaxNameLen, false) || !idOK(s.Kind) || !idOK(s.Category) || !idOK(ev.Period) {
		return false
	}
	for k := range ev.Facts {
		if !idOK(k) {
			return false
		}
	}
	for k, list := range ev.Records {
		if !idOK(k) {
			return false
		}
		for i := range list {
			r := &list[i]
			if !idOK(r.ID) || !idOK(r.Date) {
				return false
			}
			for _, d := range r.Documents {
				if !idOK(d) {
					return false
				}
			}
			if len(r.Fields) == 0 {
				continue // a decoded record without fields has an empty map
			}
			for f := range r.Fields {
				if !idOK(f) {
					return false
				}
			}
		}
	}
	for i := range ev.Assessments {
		a := &ev.Assessments[i]
		if !idOK(a.Assessor) || !idOK(a.Role) || !idOK(a.Sheet) || !idOK(a.Indicator) || !idOK(a.Record) ||
			!idOK(a.Grade) || !idOK(a.Time) ||
			!runesOK(a.Reason, MaxReasonLen, true) || !runesOK(a.AssessorName, MaxNameLen, false) {
			return false
		}
	}
	for i := range ev.Confirmations {
		c := &ev.Confirmations[i]
		if !idOK(c.Veto) || !idOK(c.Assessor) || !idOK(c.Time) ||
			!runesOK(c.Reason, MaxReasonLen, true) || !runesOK(c.AssessorName, MaxNameLen, false) {
			return false
		}
	}
	for k, list := range ev.Chosen {
		if !idOK(k) {
			return false
		}
		for _, x := range list {
			if !idOK(x) {
				return false
			}
		}
	}
	for k, v := range ev.Links {
		if !idOK(k) || !idOK(v) {
			return false
		}
	}
	return true
}

// idOK reports whether CheckID(s) is nil.
func idOK(s string) bool { return len(s) <= MaxIDLen && textOK(s, false) }

// runesOK reports whether checkRunes(s, max, …, lines) is nil.
func runesOK(s string, max int, lines bool) bool {
	if len(s) > max && utf8.RuneCountInString(s) > max {
		return false
	}
	return textOK(s, lines)
}

// textOK reports whether checkText(s, lines) is nil: a control character
// is a byte below 0x20 or 0x7F in ASCII, or U+0080–U+009F past it. A tab or
// a line break, allowed with lines, is left to checkText. Printable ASCII,
// most ids, is found a word at a time (as scanControl finds it) without a
// call.
func textOK(s string, lines bool) bool {
	var m uint64
	switch {
	case len(s) >= 8:
		for i := 0; ; i += 8 {
			if i+8 > len(s) {
				i = len(s) - 8
			}
			x := word8(s, i)
			m |= below(x, 0x20) | eq(x, 0x7f) | x
			if i+8 == len(s) {
				break
			}
		}
	case len(s) >= 4:
		x := uint64(word4(s)) | uint64(word4(s[len(s)-4:]))<<32
		m = below(x, 0x20) | eq(x, 0x7f) | x
	case len(s) > 0:
		x := tiny(s)
		m = below(x, 0x20) | eq(x, 0x7f) | x
	}
	if m&highs == 0 {
		return true
	}
	return textPastASCIIOK(s, lines)
}

// textPastASCIIOK is textOK for a string with a control character in
// ASCII or a byte past ASCII.
func textPastASCIIOK(s string, lines bool) bool {
	if ctl, _ := scanControl(s); ctl {
		return checkText(s, lines) == nil
	}
	valid, _, c1 := scanUTF8(s)
	return valid && !c1
}

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

// textOK reports whether checkText(s, lines) is nil, eight bytes at a
// time. A control character is a byte below 0x20 or 0x7F in ASCII, or
// U+0080–U+009F, written C2 80 – C2 9F; so valid UTF-8 without those bytes
// and without C2 has none. Anything else (a C2, a tab, a line break) is
// left to checkText.
func textOK(s string, lines bool) bool {
	i, high := 0, uint64(0)
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A byte below 0x20: x − 0x20… borrows into its high bit.
		if (x-ones*0x20)&^x&highs != 0 || hasByte(x, 0x7f) || hasByte(x, 0xC2) {
			return checkText(s, lines) == nil
		}
		high |= x & highs
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c == 0xC2 {
			return checkText(s, lines) == nil
		}
		high |= uint64(c) & 0x80
	}
	// ASCII is UTF-8: only text past it needs the longer look.
	return high == 0 || utf8.ValidString(s)
}

package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"

	"github.com/branchscore/branchscore/internal/checked"
)

// An evaluation needs both the evidence's hash and the check of its
// limits. Every string CheckLimits looks at the canonical writer writes
// too, so the writer checks each as it scans it for escaping: one walk
// over the evidence's strings instead of two. The engine gets the pair
// through internal/checked; Hash and CheckLimits stay as they are.
func init() {
	checked.Hash = hashChecked
}

// hashChecked returns ev.Hash(), and whether CheckLimits would report
// nothing (false, too, for the rare evidence whose limits it leaves to
// CheckLimits: a record with a field named id, date or documents).
func hashChecked(ev *Evidence) (hash string, limitsOK bool, err error) {
	c := canonPool.Get().(*canon)
	defer c.release()
	if err := c.evidence(ev); err != nil {
		return "", false, err
	}
	c.h.Write(c.b)
	var hx [2 * sha256.Size]byte
	hex.Encode(hx[:], c.h.Sum(c.sum[:0]))
	return string(hx[:]), c.ok, nil
}

// limit is the limit CheckLimits holds a string to.
type limit uint8

const (
	limitID     limit = iota // CheckID
	limitName                // checkRunes(s, MaxNameLen, "a name", false)
	limitReason              // checkRunes(s, MaxReasonLen, "a reason", true)
)

// text writes s as appendString does and, from the same scan, clears c.ok
// unless s is within lim.
func (c *canon) text(b []byte, s string, html bool, lim limit) []byte {
	esc, ctl, high := scanText(s, html)
	plain, ok := !esc, !ctl
	if high {
		valid, lineSep, c1 := scanUTF8(s)
		plain = plain && valid && !lineSep
		ok = ok && valid && !c1
	}
	switch lim {
	case limitID:
		ok = ok && len(s) <= MaxIDLen
	case limitName:
		ok = ok && (len(s) <= MaxNameLen || utf8.RuneCountInString(s) <= MaxNameLen)
	case limitReason:
		if ctl { // a tab or a line break is allowed
			ok = checkText(s, true) == nil
		}
		ok = ok && (len(s) <= MaxReasonLen || utf8.RuneCountInString(s) <= MaxReasonLen)
	}
	if !ok {
		c.ok = false
	}
	if !plain {
		out, _ := appendJSON(b, s, html) // a string always encodes
		return out
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// ids writes list as appendStrings does, and clears c.ok unless each is
// an id within the limits.
func (c *canon) ids(b []byte, list []string, html bool) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = c.text(b, s, html, limitID)
	}
	return append(b, ']')
}

// scanText is scanString, and also reports whether s holds a control
// character in ASCII, as scanControl: below 0x20 (which scanString finds
// too) or 0x7F.
func scanText(s string, html bool) (esc, ctl, high bool) {
	var e, d, h uint64
	if len(s) < 8 {
		if len(s) == 0 {
			return false, false, false
		}
		var x uint64 // short(s), without a call
		if len(s) >= 4 {
			x = uint64(word4(s)) | uint64(word4(s[len(s)-4:]))<<32
		} else {
			x = tiny(s)
		}
		cb := below(x, 0x20)
		if html {
			e = cb | eq(x, '\\') | eq(x|ones*0x04, '&') | eq(x|ones*0x02, '>')
		} else {
			e = cb | eq(x, '\\') | eq(x, '"')
		}
		d = cb | eq(x, 0x7f)
		return e&highs != 0, d&highs != 0, x&highs != 0
	}
	for i := 0; ; i += 8 {
		if i+8 > len(s) {
			i = len(s) - 8 // the last eight bytes, some seen already
		}
		x := word8(s, i)
		cb := below(x, 0x20)
		if html {
			e |= cb | eq(x, '\\') | eq(x|ones*0x04, '&') | eq(x|ones*0x02, '>')
		} else {
			e |= cb | eq(x, '\\') | eq(x, '"')
		}
		d |= cb | eq(x, 0x7f)
		h |= x
		if i+8 == len(s) {
			return e&highs != 0, d&highs != 0, h&highs != 0
		}
	}
}

package evidence

// Scanning strings eight bytes at a time, for the canonical writer (which
// bytes encoding/json escapes) and the limits (which are control
// characters). Both first look at the bytes below 0x80 a word at a time;
// text past ASCII gets one more pass, character by character
// (scanUTF8), that tells whether it is UTF-8 and holds one of the few
// characters either treats apart.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// eq has the high bit set of each byte of x that equals c — exact for
// whether one does, which is all a scan needs (a byte above one that
// equals c may be set too) — and other bits that mean nothing: the
// scans keep only the high bits (& highs) once they have or-ed every test.
func eq(x uint64, c byte) uint64 {
	y := x ^ (ones * uint64(c))
	return (y - ones) &^ y
}

// below has the high bit set of each byte of x below c (c at most 0x80),
// exact and with other bits as eq's.
func below(x uint64, c byte) uint64 {
	return (x - ones*uint64(c)) &^ x
}

// word8 returns the eight bytes of s from i, little-endian.
func word8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// short returns a word of the bytes of s, shorter than eight bytes and
// not empty: each of its bytes is one of s's, and each of s's is in it.
// The scans write its first case out where they use it, without a call.
func short(s string) uint64 {
	n := len(s)
	if n >= 4 {
		return uint64(word4(s)) | uint64(word4(s[n-4:]))<<32
	}
	return tiny(s)
}

// tiny is short for one to three bytes.
func tiny(s string) uint64 {
	n := len(s)
	x := uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	return x | x<<24 | x<<48
}

// word4 returns the first four bytes of s, little-endian.
func word4(s string) uint32 {
	s = s[:4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// scanString reports whether s holds a byte encoding/json escapes: a
// control character, '"' or '\\', and with html '<', '>' and '&' — and
// whether it holds a byte past ASCII (then scanUTF8 tells whether it is
// UTF-8 and holds U+2028 or U+2029, which are escaped too).
//
// With html, '"' and '&' (0x22, 0x26) are found together as the bytes
// that are 0x26 with bit 2 set, '<' and '>' (0x3C, 0x3E) as those that
// are 0x3E with bit 1 set.
func scanString(s string, html bool) (esc, high bool) {
	var e, h uint64
	if len(s) < 8 {
		if len(s) == 0 {
			return false, false
		}
		var x uint64 // short(s), without a call
		if len(s) >= 4 {
			x = uint64(word4(s)) | uint64(word4(s[len(s)-4:]))<<32
		} else {
			x = tiny(s)
		}
		if html {
			e = below(x, 0x20) | eq(x, '\\') | eq(x|ones*0x04, '&') | eq(x|ones*0x02, '>')
		} else {
			e = below(x, 0x20) | eq(x, '\\') | eq(x, '"')
		}
		return e&highs != 0, x&highs != 0
	}
	for i := 0; ; i += 8 {
		if i+8 > len(s) {
			i = len(s) - 8 // the last eight bytes, some seen already
		}
		x := word8(s, i)
		if html {
			e |= below(x, 0x20) | eq(x, '\\') | eq(x|ones*0x04, '&') | eq(x|ones*0x02, '>')
		} else {
			e |= below(x, 0x20) | eq(x, '\\') | eq(x, '"')
		}
		h |= x
		if i+8 == len(s) {
			return e&highs != 0, h&highs != 0
		}
	}
}

// scanControl reports whether s holds a control character in ASCII (below
// 0x20, or 0x7F), and whether it holds a byte past ASCII (then scanUTF8
// tells whether it is UTF-8 and holds a C1 control character).
func scanControl(s string) (ctl, high bool) {
	if len(s) < 8 {
		if len(s) == 0 {
			return false, false
		}
		x := short(s)
		return (below(x, 0x20)|eq(x, 0x7f))&highs != 0, x&highs != 0
	}
	var c, h uint64
	for i := 0; ; i += 8 {
		if i+8 > len(s) {
			i = len(s) - 8
		}
		x := word8(s, i)
		c |= below(x, 0x20) | eq(x, 0x7f)
		h |= x
		if i+8 == len(s) {
			return c&highs != 0, h&highs != 0
		}
	}
}

// scanUTF8 reports whether s is UTF-8 (as utf8.ValidString), and if so
// whether it holds U+2028 or U+2029 (lineSep) and a C1 control character,
// U+0080–U+009F (c1).
func scanUTF8(s string) (valid, lineSep, c1 bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			i++
			continue
		}
		switch {
		case 0xE1 <= c && c <= 0xEC || c == 0xEE || c == 0xEF:
			// Three bytes, the second any continuation byte: most of
			// Chinese text.
			if i+2 >= len(s) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
				return false, false, false
			}
			if c == 0xE2 && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				lineSep = true
			}
			i += 3
		case 0xC2 <= c && c <= 0xDF:
			if i+1 >= len(s) || s[i+1]&0xC0 != 0x80 {
				return false, false, false
			}
			if c == 0xC2 && s[i+1] < 0xA0 {
				c1 = true
			}
			i += 2
		case c == 0xE0 || c == 0xED:
			lo, hi := byte(0xA0), byte(0xBF) // E0: no overlong forms
			if c == 0xED {
				lo, hi = 0x80, 0x9F // ED: no surrogates
			}
			if i+2 >= len(s) || s[i+1] < lo || s[i+1] > hi || s[i+2]&0xC0 != 0x80 {
				return false, false, false
			}
			i += 3
		case 0xF0 <= c && c <= 0xF4:
			lo, hi := byte(0x80), byte(0xBF)
			if c == 0xF0 {
				lo = 0x90 // no overlong forms
			} else if c == 0xF4 {
				hi = 0x8F // nothing past U+10FFFF
			}
			if i+3 >= len(s) || s[i+1] < lo || s[i+1] > hi || s[i+2]&0xC0 != 0x80 || s[i+3]&0xC0 != 0x80 {
				return false, false, false
			}
			i += 4
		default:
			return false, false, false
		}
	}
	return true, lineSep, c1
}

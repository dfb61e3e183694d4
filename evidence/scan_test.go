package evidence

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// scanCases are strings of every length from 0 to past two words with
// each byte the scans treat apart at each position, among ASCII and among
// Chinese text.
func scanCases() []string {
	specials := []string{"", "\x00", "\x1f", "\t", "\n", "\r", `"`, `\`, "<", ">", "&", "=", "\x7f", "\x20", "~",
		"\u0080", "\u0085", "\u009f", "\u00a0", "é", "\xc2", "\xc2\x41", "\xff", "\x80", "\xe5\x85", "\xed\xa0\x80",
		"\ufffd", "\u2027", "\u2028", "\u2029", "\u202a", "\xe2\x80", "\U0001F600", "\xf4\x90\x80\x80", "\xf0\x8f\xbf\xbf"}
	var cases []string
	for _, base := range []string{"abcdefghijklmnopqrstu", "党支部工作质量认证", "ab党c支d"} {
		for n := 0; n <= len(base); n++ {
			for pos := 0; pos <= n; pos++ {
				for _, sp := range specials {
					cases = append(cases, base[:pos]+sp+base[pos:n])
				}
			}
		}
	}
	return cases
}

// TestScanString holds the word-at-a-time scans, and textOK, to the
// byte-by-byte rules on strings of every length: shorter than a word, the
// scans read bytes twice; past one, the last word overlaps the one before.
func TestScanString(t *testing.T) {
	for _, s := range scanCases() {
		var esc, escHTML, ctl, high bool
		for i := 0; i < len(s); i++ {
			c := s[i]
			esc = esc || c < 0x20 || c == '"' || c == '\\'
			escHTML = escHTML || c == '<' || c == '>' || c == '&'
			ctl = ctl || c < 0x20 || c == 0x7f
			high = high || c >= 0x80
		}
		if e, h := scanString(s, false); e != esc || h != high {
			t.Errorf("scanString(%q, false) = %v, %v; want %v, %v", s, e, h, esc, high)
		}
		if e, h := scanString(s, true); e != (esc || escHTML) || h != high {
			t.Errorf("scanString(%q, true) = %v, %v; want %v, %v", s, e, h, esc || escHTML, high)
		}
		if c, h := scanControl(s); c != ctl || h != high {
			t.Errorf("scanControl(%q) = %v, %v; want %v, %v", s, c, h, ctl, high)
		}
		for _, lines := range []bool{false, true} {
			if got, want := textOK(s, lines), checkText(s, lines) == nil; got != want {
				t.Errorf("textOK(%q, %v) = %v, checkText says %v", s, lines, got, want)
			}
		}
	}
}

// TestScanUTF8 holds scanUTF8 to unicode/utf8 and strings.Contains: on
// every string of one and two bytes, every three-byte sequence with a lead
// byte of three and its second byte anything, every four-byte one with a lead of four and its second
// byte anything, and on the cases above.
func TestScanUTF8(t *testing.T) {
	check := func(s string) {
		t.Helper()
		valid, lineSep, c1 := scanUTF8(s)
		if want := utf8.ValidString(s); valid != want {
			t.Fatalf("scanUTF8(%q): valid %v, want %v", s, valid, want)
		}
		if !valid {
			return
		}
		if want := strings.ContainsRune(s, '\u2028') || strings.ContainsRune(s, '\u2029'); lineSep != want {
			t.Fatalf("scanUTF8(%q): line separator %v, want %v", s, lineSep, want)
		}
		if want := strings.ContainsFunc(s, func(r rune) bool { return 0x80 <= r && r <= 0x9f }); c1 != want {
			t.Fatalf("scanUTF8(%q): C1 control %v, want %v", s, c1, want)
		}
	}
	var b [4]byte
	for i := range 1 << 16 {
		b[0], b[1] = byte(i>>8), byte(i)
		check(string(b[:1]))
		check(string(b[:2]))
	}
	for lead := 0xE0; lead <= 0xEF; lead++ {
		for second := range 256 {
			for _, third := range []byte{0x00, 0x7f, 0x80, 0x9f, 0xa0, 0xa8, 0xa9, 0xaa, 0xbf, 0xc0, 0xff} {
				b[0], b[1], b[2] = byte(lead), byte(second), third
				check(string(b[:3]))
			}
		}
	}
	for lead := 0xF0; lead <= 0xF5; lead++ {
		for second := range 256 {
			for _, tail := range []string{"\x80\x80", "\xbf\xbf", "\x80\x7f", "\xc0\x80", "\x80"} {
				check(string([]byte{byte(lead), byte(second)}) + tail)
			}
		}
	}
	for _, s := range scanCases() {
		check(s)
	}
}

// TestAppendStringMatchesJSON: whether appendString writes a string
// itself or hands it to encoding/json, the bytes are encoding/json's.
func TestAppendStringMatchesJSON(t *testing.T) {
	for _, s := range append(scanCases(), texts...) {
		for _, html := range []bool{false, true} {
			want, err := appendJSON([]byte("x"), s, html)
			if err != nil {
				t.Fatal(err)
			}
			if got := appendString([]byte("x"), s, html); string(got) != string(want) {
				t.Errorf("appendString(%q, %v) = %s, want %s", s, html, got, want)
			}
		}
	}
}

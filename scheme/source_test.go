package scheme

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNewSource holds newSource to its definition: the file's runes, as
// []rune(string(src)) reads them, and the rune offset of each line's start.
func TestNewSource(t *testing.T) {
	for _, tc := range []struct{ src, reason string }{
		{"", "an empty file"},
		{"a: 1\nb: 2\n", "ASCII lines"},
		{"title: 党支部\nx: “引号”\n", "multi-byte characters shift rune offsets from byte offsets"},
		{"a: 1\r\nb: 2", "CRLF, no final line break"},
		{"a: \xff\xfe\nb", "invalid UTF-8: one replacement character a byte"},
		{"\n\n\n", "empty lines"},
	} {
		s := newSource("f.yaml", []byte(tc.src))
		want := []rune(tc.src)
		starts := []int{0}
		for i, r := range want {
			if r == '\n' {
				starts = append(starts, i+1)
			}
		}
		assert.Equal(t, want, append([]rune{}, s.text...), tc.reason)
		assert.Equal(t, starts, s.lineStarts, tc.reason)
	}
}

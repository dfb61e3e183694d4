package yamlcheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// small limits, so each bound is reached with a few bytes.
var small = Limits{Noun: "thing file", MaxSize: 64, MaxDepth: 3, MaxNodes: 6}

func parse(src string) (bool, []string) {
	var got []string
	root := Parse([]byte(src), small, func(line, col int, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		got = append(got, fmt.Sprintf("%d:%d: %s", line, col, msg))
	})
	return root != nil, got
}

// TestParse: each check once, with the file named by the Noun given. The
// scheme package's tests hold the messages of scheme files to their exact
// text; these hold what the Limits change.
func TestParse(t *testing.T) {
	tests := []struct {
		src  string
		ok   bool
		want []string
		why  string
	}{
		{"a: [1, 2]\n", true, nil, "a mapping, a key, a list and 2 items: 5 nodes, 3 levels"},
		{"a: [1, 2, 3, 4]\n", false, []string{"1:14: more than 6 YAML nodes; a thing file may hold at most 6"}, "the 7th node is the fourth item, at column 5 + 3 × 3 = 14"},
		{"a: [[1]]\n", false, []string{"1:6: YAML nested more than 3 levels deep; a thing file may nest at most 3"}, "the 1 is at level 4"},
		{strings.Repeat("#", 65), false, []string{"1:1: file is larger than 64 bytes; a thing file may be at most 64 bytes"}, "one byte over; 64 is no whole MiB, so no (N MiB)"},
		{"a: b\n√: \xff\n", false, []string{"2:4: the file is not valid UTF-8"}, "line 2, after √ (one character of 3 bytes), a colon and a space"},
		{"a: b\n---\nc: d\n", false, []string{"2:1: a second YAML document starts here; a thing file holds exactly one (remove the '---' and what follows, or merge the two)"}, "a second document"},
		{"", false, []string{"1:1: empty thing file"}, "nothing at all"},
		{"a: [\n", false, []string{"1:1: YAML: did not find expected node content"}, "a parser error, at the line the parser gives"},
		{"a: &x b\nc: *x\n", false, []string{
			"1:4: anchor &x: anchors and aliases are not allowed in a thing file; write the value out in full",
			"2:4: alias *x: anchors and aliases are not allowed in a thing file; write the value out in full"}, "an anchor and its alias"},
		{"a: \"\\0\"\n", false, []string{"1:4: control character U+0000; only tabs and line breaks may appear in a thing file's text"}, "NUL, written as an escape"},
	}
	for _, tc := range tests {
		ok, got := parse(tc.src)
		assert.Equal(t, tc.ok, ok, tc.why)
		assert.Equal(t, tc.want, got, tc.why)
	}
}

// TestTreeListsAtMost: 25 aliases make 20 messages and a note, not 26.
func TestTreeListsAtMost(t *testing.T) {
	l := Limits{Noun: "thing file", MaxSize: 1 << 20, MaxDepth: 3, MaxNodes: 100}
	src := "a: &x 1\nb: [" + strings.TrimSuffix(strings.Repeat("*x, ", 25), ", ") + "]\n"
	var got []string
	Parse([]byte(src), l, func(line, col int, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		got = append(got, fmt.Sprintf("%d:%d: %s", line, col, msg))
	})
	// The anchor is the first; aliases 1 to 19 the next 19; alias 20, at
	// column 5 + 4 × 19 = 81, the 21st: the note.
	assert.Len(t, got, MaxListed+1)
	assert.Equal(t, "2:81: more anchors, aliases or merge keys follow; only the first 20 are listed", got[len(got)-1])
	assert.Equal(t, "file is 2097153 bytes; a thing file may be at most 1048576 bytes (1 MiB)", SizeMessage(l, 2<<20+1))
}

package msg

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

var errSentinel = errors.New("too long")

func TestIn(t *testing.T) {
	c := &Catalog{
		Formats: map[string]string{
			"no record %q in records.%s": "records.%[2]s 中没有记录 %[1]q",
			"%w: %d bytes":               "%w：%d 字节",
			"%s: want %s":                "%s：应为 %s",
			"; did you mean %q?":         "；是不是想写 %q？",
			"no input %q%s":              "没有输入项 %q%s",
		},
		Words: map[string]string{"too long": "过长", "a list": "列表"},
		Nouns: map[string]string{"indicator": "指标"},
	}
	tests := []struct {
		text   Text
		en, zh string
		why    string
	}{
		{New("no record %q in records.%s", "R1", "contests"), `no record "R1" in records.contests`, `records.contests 中没有记录 "R1"`, "arguments reordered"},
		{New("%s: want %s", "indicator A1", "a list"), "indicator A1: want a list", "指标 A1：应为 列表", "a noun and a word, printed with %s"},
		{New("%s: want %s", "a list", "x"), "a list: want x", "列表：应为 x", "a word anywhere"},
		{New("no input %q%s", "a list", New("; did you mean %q?", "b")), `no input "a list"; did you mean "b"?`, `没有输入项 "a list"；是不是想写 "b"？`, "a %q argument is never translated; a Text argument is"},
		{New("unknown %s", "x"), "unknown x", "unknown x", "a format without an entry: as written"},
		{Text{}, "", "", "no message"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, tt.text.String(), tt.why)
		assert.Equal(t, tt.en, tt.text.In(nil), tt.why)
		assert.Equal(t, tt.zh, tt.text.In(c), tt.why)
	}

	err := Errorf("%w: %d bytes", errSentinel, 300)
	assert.ErrorIs(t, err, errSentinel, "wraps as fmt.Errorf does")
	assert.Equal(t, "too long: 300 bytes", err.Error())
	assert.Equal(t, "过长：300 字节", ErrorIn(err, c))
	assert.Equal(t, "过长\nother", ErrorIn(errors.Join(errSentinel, errors.New("other")), c), "joined: a line each")
}

func TestVerbs(t *testing.T) {
	tests := []struct {
		format string
		idx    []int
		verbs  string
	}{
		{"%s: %q is %d%%", []int{1, 2, 3}, "sqd"},
		{"%[2]s then %[1]q and %s", []int{2, 1, 2}, "sqs"},
		{"%-8s|%04x|%.2f", []int{1, 2, 3}, "sxf"},
		{"no verbs", nil, ""},
	}
	for _, tt := range tests {
		idx, verbs := Verbs(tt.format)
		assert.Equal(t, tt.idx, idx, tt.format)
		assert.Equal(t, tt.verbs, string(verbs), tt.format)
	}
}

package scheme

import (
	"bytes"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// source maps positions inside scalar values back into the file, so that a
// CEL error in an expression points at its character in the YAML.
type source struct {
	file       string
	text       []rune
	lineStarts []int // rune offset of each line's start
}

func newSource(file string, src []byte) *source {
	s := &source{file: file, text: make([]rune, 0, utf8.RuneCount(src)),
		lineStarts: make([]int, 1, bytes.Count(src, []byte{'\n'})+1)}
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		src = src[size:]
		s.text = append(s.text, r)
		if r == '\n' {
			s.lineStarts = append(s.lineStarts, len(s.text))
		}
	}
	return s
}

// offset returns the rune offset of a 1-based line and column.
func (s *source) offset(line, col int) int {
	if line < 1 || line > len(s.lineStarts) {
		return len(s.text)
	}
	return min(s.lineStarts[line-1]+max(col-1, 0), len(s.text))
}

func (s *source) pos(off int) Pos {
	lo, hi := 0, len(s.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if s.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return Pos{File: s.file, Line: lo + 1, Col: off - s.lineStarts[lo] + 1}
}

// valuePos returns the position of the rune at offset at in n's value. It
// walks the raw text from the node's start, matching the value rune by rune
// and skipping what YAML removed: quotes, escapes, block indicators, folded
// line breaks and indentation.
func (s *source) valuePos(n *yaml.Node, at int) Pos {
	if n == nil {
		return Pos{File: s.file}
	}
	start := s.offset(n.Line, n.Column)
	value := []rune(n.Value)
	i := start
	for j := 0; j <= at && j < len(value); j++ {
		v := value[j]
		for i < len(s.text) && s.text[i] != v && skippable(s.text[i]) {
			i++
		}
		if i >= len(s.text) || s.text[i] != v {
			// Could not follow (an escape YAML rewrote): fall back to the
			// node's own position.
			return Pos{File: s.file, Line: n.Line, Col: n.Column}
		}
		if j == at {
			return s.pos(i)
		}
		i++
	}
	return s.pos(min(i, len(s.text)))
}

func skippable(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '"', '\'', '\\', '|', '>', '-', '+':
		return true
	}
	return false
}

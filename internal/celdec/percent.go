package celdec

import (
	"strings"

	"github.com/branchscore/branchscore/internal/msg"
)

// A percentage literal is a number written in plain digits, with an
// optional point, immediately followed by '%': 20%, 12.5%. It means the
// exact decimal N/100 wherever it stands, so rewritePercent replaces it by
// that decimal before the expression is parsed: "x * 12.5%" is parsed as
// "x * 0.125". CEL's own '%' (the remainder of two ints) is left alone
// when a space or an identifier stands before it ("n % 2", "n%2").
//
// The rewrite never touches string literals or comments, and it keeps, for
// each rune of the rewritten text, the offset of the rune of the source it
// comes from, so that every diagnostic points at the column written.

// sourceMap maps offsets in a rewritten expression back to the source.
type sourceMap struct {
	orig []int32 // by rewritten rune offset; one more entry for the end
}

// offset returns the source offset of rewritten offset off.
func (m sourceMap) offset(off int32) int32 {
	switch {
	case len(m.orig) == 0:
		return off
	case off < 0:
		return 0
	case int(off) >= len(m.orig):
		return m.orig[len(m.orig)-1]
	}
	return m.orig[off]
}

func (m sourceMap) issues(is []Issue) []Issue {
	for i := range is {
		is[i].Offset = m.offset(is[i].Offset)
	}
	return is
}

// rewritePercent replaces every percentage literal of src by its value as a
// decimal literal. A '%' that cannot be read one way only is an issue.
func rewritePercent(src []rune) (string, sourceMap, []Issue) {
	if !strings.ContainsRune(string(src), '%') {
		return string(src), sourceMap{}, nil
	}
	var (
		out    []rune
		orig   []int32
		issues []Issue
	)
	emit := func(from, to int) { // copies src[from:to]
		for i := from; i < to; i++ {
			out = append(out, src[i])
			orig = append(orig, int32(i))
		}
	}
	n := len(src)
	for i := 0; i < n; {
		r := src[i]
		switch {
		case r == '"' || r == '\'':
			end := skipString(src, i)
			emit(i, end)
			i = end
		case r == '/' && i+1 < n && src[i+1] == '/':
			end := i
			for end < n && src[end] != '\n' {
				end++
			}
			emit(i, end)
			i = end
		case isLetter(r) || r == '_':
			end := i
			for end < n && (isLetter(src[end]) || isDigit(src[end]) || src[end] == '_') {
				end++
			}
			emit(i, end)
			i = end
		case isDigit(r) || (r == '.' && i+1 < n && isDigit(src[i+1]) && (i == 0 || !endsOperand(src[i-1]))):
			end, plain := scanNumber(src, i)
			if end >= n || src[end] != '%' {
				emit(i, end)
				i = end
				continue
			}
			text := string(src[i:end])
			if is, ok := percentIssue(src, i, end, text, plain); !ok {
				issues = append(issues, is)
				emit(i, end+1)
				i = end + 1
				continue
			}
			for _, c := range percentValue(text) {
				out = append(out, c)
				orig = append(orig, int32(i))
			}
			i = end + 1
		case r == '%' && trailingPercent(src, i):
			issues = append(issues, Issue{Offset: int32(i), Text: msg.New("only a number can be a percentage (20%%, 12.5%%): " +
				"for a share of an expression write pct(…) or multiply by a percentage")})
			emit(i, i+1)
			i++
		default:
			emit(i, i+1)
			i++
		}
	}
	orig = append(orig, int32(n))
	return string(out), sourceMap{orig: orig}, issues
}

// percentIssue checks the percentage literal src[start:end] followed by
// '%' at end; ok is false when it cannot be read as one.
func percentIssue(src []rune, start, end int, text string, plain bool) (Issue, bool) {
	if !plain {
		return Issue{Offset: int32(start), Text: msg.New("write a percentage in plain digits, e.g. 12.5%%, not '%s%%'", text)}, false
	}
	// What follows the '%' decides between a percentage and a remainder.
	j := end + 1
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j == len(src) {
		return Issue{}, true
	}
	next := src[j]
	startsOperand := isDigit(next) || isLetter(next) || next == '_' || next == '(' || next == '"' || next == '\'' ||
		(next == '.' && j+1 < len(src) && isDigit(src[j+1]))
	if !startsOperand || (j > end+1 && isWord(src, j, "in")) {
		return Issue{}, true
	}
	k := operandEnd(src, j)
	operand := string(src[j:k])
	return Issue{Offset: int32(end), Text: msg.New("'%[1]s%%%[2]s' is ambiguous: write '%[1]s %% %[3]s' for the remainder of a division, "+
		"or '%[1]s%% * %[3]s' for %[1]s percent of %[3]s", text, string(src[end+1:k]), operand)}, false
}

// operandEnd returns the end of the operand starting at src[j]: a
// bracketed expression, or a run up to a space, comma or closing bracket.
func operandEnd(src []rune, j int) int {
	depth := 0
	for k := j; k < len(src); k++ {
		switch src[k] {
		case '(':
			depth++
		case ')', ']', ',', ' ', '\t':
			if depth == 0 {
				return k
			}
			if src[k] == ')' {
				depth--
				if depth == 0 {
					return k + 1
				}
			}
		}
	}
	return len(src)
}

// percentValue renders N% as the decimal literal N/100, always with a
// point so that it is read as a decimal: 20 → 0.2, 100 → 1.0.
func percentValue(text string) []rune {
	d, err := ParseDecimal(text)
	if err != nil {
		// A plain number ParseDecimal refuses has too many digits; keep the
		// text so that the literal is reported where it stands.
		return []rune(text)
	}
	s := d.Shift(-2).String()
	if !strings.ContainsRune(s, '.') {
		s += ".0"
	}
	return []rune(s)
}

// scanNumber reads the number literal at src[i:] as CEL's lexer does; plain
// is false for hexadecimal, exponents and an unsigned suffix.
func scanNumber(src []rune, i int) (end int, plain bool) {
	n := len(src)
	if src[i] == '0' && i+1 < n && (src[i+1] == 'x' || src[i+1] == 'X') {
		j := i + 2
		for j < n && isHexDigit(src[j]) {
			j++
		}
		if j < n && (src[j] == 'u' || src[j] == 'U') {
			j++
		}
		return j, false
	}
	j := i
	for j < n && isDigit(src[j]) {
		j++
	}
	plain = true
	if j+1 < n && src[j] == '.' && isDigit(src[j+1]) {
		j++
		for j < n && isDigit(src[j]) {
			j++
		}
	}
	if j < n && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < n && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < n && isDigit(src[k]) {
			for k < n && isDigit(src[k]) {
				k++
			}
			j, plain = k, false
		}
	}
	if j < n && (src[j] == 'u' || src[j] == 'U') {
		j, plain = j+1, false
	}
	return j, plain
}

// skipString returns the offset just past the string literal whose opening
// quote is at src[i]. A prefix r or R (raw) stands just before the quote.
func skipString(src []rune, i int) int {
	raw := false
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if src[k] == 'r' || src[k] == 'R' {
			raw = true
		}
		if !(src[k] == 'r' || src[k] == 'R' || src[k] == 'b' || src[k] == 'B') {
			break
		}
	}
	q := src[i]
	n := len(src)
	if i+2 < n && src[i+1] == q && src[i+2] == q {
		for j := i + 3; j < n; j++ {
			if src[j] == '\\' && !raw {
				j++
				continue
			}
			if j+2 < n && src[j] == q && src[j+1] == q && src[j+2] == q {
				return j + 3
			}
		}
		return n
	}
	for j := i + 1; j < n; j++ {
		switch {
		case src[j] == '\\' && !raw:
			j++
		case src[j] == q:
			return j + 1
		case src[j] == '\n':
			return j
		}
	}
	return n
}

// trailingPercent reports a '%' at src[i] with no operand after it: "x%" or
// "(a + b)%", which the scheme language once read as a percentage of the
// whole expression.
func trailingPercent(src []rune, i int) bool {
	j := i + 1
	for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n') {
		j++
	}
	if j < len(src) && !strings.ContainsRune("),]}:?", src[j]) {
		return false
	}
	k := i - 1
	for k >= 0 && (src[k] == ' ' || src[k] == '\t') {
		k--
	}
	return k >= 0 && endsOperand(src[k])
}

// endsOperand reports a rune that can end an operand: an identifier, a
// number or a closing bracket.
func endsOperand(r rune) bool {
	return isLetter(r) || isDigit(r) || r == '_' || r == ')' || r == ']' || r == '}'
}

func isWord(src []rune, i int, w string) bool {
	end := i + len(w)
	if end > len(src) || string(src[i:end]) != w {
		return false
	}
	return end == len(src) || !(isLetter(src[end]) || isDigit(src[end]) || src[end] == '_')
}

func isDigit(r rune) bool    { return r >= '0' && r <= '9' }
func isHexDigit(r rune) bool { return isDigit(r) || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F') }
func isLetter(r rune) bool   { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

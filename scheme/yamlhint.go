package scheme

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The hints a clerk needs when YAML refuses a file typed by hand: the YAML
// parser names what it expected, often lines after (or before) the line
// that is wrong. yamlHint looks at the text itself.

const (
	fullColon = '：' // U+FF1A FULLWIDTH COLON
	fullSpace = '　' // U+3000 IDEOGRAPHIC SPACE
)

// keyFullColon matches a key followed by a full-width colon where YAML
// needs ':' and a space: "title：考核", "- id：A".
var keyFullColon = regexp.MustCompile(`^(- +)?([A-Za-z_][A-Za-z0-9_.-]*) *：`)

// keyFullSpace matches a key whose colon is followed by a full-width
// space: "title:　考核".
var keyFullSpace = regexp.MustCompile(`^(- +)?([A-Za-z_][A-Za-z0-9_.-]*):　`)

// yamlHint returns a diagnostic at the line that is wrong, saying what is
// wrong with it, for a file the YAML parser refused with message m; false
// when the text shows nothing it knows.
func (c *compiler) yamlHint(m string) (Diagnostic, bool) {
	lines := strings.Split(string(c.data), "\n")
	at := func(line, col int) Pos { return Pos{File: c.src.file, Line: line, Col: col} }
	for i, raw := range lines {
		line := strings.TrimRight(raw, "\r")
		trimmed := strings.TrimLeft(line, " ")
		n := len(line) - len(trimmed)
		if strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(trimmed, string(fullSpace)) {
			return diag(at(i+1, n+1), "YAML: a full-width space '　' indents this line; indent with ASCII spaces (the parser reports: %s)", m), true
		}
		if loc := keyFullColon.FindStringSubmatchIndex(trimmed); loc != nil {
			key := trimmed[loc[4]:loc[5]]
			col := n + 1 + len([]rune(trimmed[:loc[1]])) - 1
			return diag(at(i+1, col), "YAML: a full-width colon '：' after %q; YAML needs an ASCII ':' followed by a space (the parser reports: %s)", key, m), true
		}
		if loc := keyFullSpace.FindStringSubmatchIndex(trimmed); loc != nil {
			key := trimmed[loc[4]:loc[5]]
			col := n + 1 + len([]rune(trimmed[:loc[1]])) - 1
			return diag(at(i+1, col), "YAML: a full-width space '　' after %q; YAML needs an ASCII space after ':' (the parser reports: %s)", key+":", m), true
		}
		if col, ok := flowColon(line); ok {
			return diag(at(i+1, col), "YAML: ': ' inside a text of a flow mapping such as {zh: …, en: …}; quote the text (the parser reports: %s)", m), true
		}
	}
	if b, ok := badIndent(lines); ok {
		if b.over {
			return diag(at(b.line, b.indent+1), "YAML: this line is indented %d spaces, deeper than line %d above it, whose key has its value already; line it up with the keys it belongs with (the parser reports: %s)", b.indent, b.above, m), true
		}
		return diag(at(b.line, b.indent+1), "YAML: this line is indented %d spaces, between the levels of the lines above it (%d and %d spaces); line it up with the keys it belongs with (the parser reports: %s)", b.indent, b.lower, b.upper, m), true
	}
	return Diagnostic{}, false
}

// flowColon finds, in a line holding a flow mapping, a value with a ': '
// of its own (unquoted), and returns the column of that colon.
func flowColon(line string) (int, bool) {
	open := strings.IndexByte(line, '{')
	if open < 0 {
		return 0, false
	}
	colons := 0 // colons ending a key or inside a value, in this entry
	var quote byte
	col := len([]rune(line[:open])) + 1
	for i, r := range line[open+1:] {
		col++
		switch {
		case quote != 0:
			if byte(r) == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = byte(r)
		case r == ',' || r == '{':
			colons = 0
		case r == '}':
			return 0, false
		case r == ':':
			j := open + 1 + i + 1
			if j < len(line) && line[j] == ' ' {
				if colons++; colons == 2 {
					return col, true
				}
			}
		}
	}
	return 0, false
}

type indentProblem struct {
	line, indent int
	over         bool // deeper than allowed (else: between the open levels)
	above        int  // over: the line above, whose key has its value
	lower, upper int  // else: the open levels either side of it
}

var blockScalarValue = regexp.MustCompile(`^[|>][-+0-9]*( +#.*)?$`)

// badIndent finds the first line of a block-style YAML text whose
// indentation lines up with no open block: deeper than the line before
// when that line holds a value, or between two open levels. Comments,
// block scalars and multi-line flow collections are skipped.
func badIndent(lines []string) (indentProblem, bool) {
	stack := []int{0} // indentation of the open blocks' keys
	opener := false   // the line before opens a block
	scalar := -1      // inside a block scalar of a key at this indentation
	flow := 0         // depth of open flow collections
	prev := 0         // the last line read
	for i, raw := range lines {
		line := strings.TrimRight(raw, " \r")
		trimmed := strings.TrimLeft(line, " ")
		n := len(line) - len(trimmed)
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if scalar >= 0 {
			if n > scalar {
				continue
			}
			scalar = -1
		}
		if flow > 0 {
			flow += flowDelta(trimmed)
			continue
		}
		if trimmed == "---" || strings.HasPrefix(trimmed, "--- ") || trimmed == "..." {
			stack, opener = []int{0}, false
			continue
		}
		keyed := trimmed == "-" || strings.HasPrefix(trimmed, "- ") || isKeyLine(trimmed)
		top := stack[len(stack)-1]
		switch {
		case n > top && opener:
			stack = append(stack, n)
		case n > top && keyed:
			return indentProblem{line: i + 1, indent: n, over: true, above: prev}, true
		case n > top:
			continue // a plain scalar going on over lines
		case n < top:
			upper := top
			for len(stack) > 1 && stack[len(stack)-1] > n {
				upper = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
			if stack[len(stack)-1] != n {
				return indentProblem{line: i + 1, indent: n, lower: stack[len(stack)-1], upper: upper}, true
			}
		}
		opener, prev = false, i+1
		content, col := trimmed, n
		for content == "-" || strings.HasPrefix(content, "- ") {
			if content == "-" {
				opener = true
				break
			}
			rest := strings.TrimLeft(content[1:], " ")
			col += len(content) - len(rest)
			content = rest
			stack = append(stack, col)
		}
		if opener {
			continue
		}
		value := content
		if k := keyEnd(content); k >= 0 {
			value = strings.TrimLeft(content[k+1:], " ")
			if value == "" || value[0] == '#' {
				opener = true
				continue
			}
		}
		if blockScalarValue.MatchString(value) {
			scalar = col
			continue
		}
		if value[0] == '{' || value[0] == '[' {
			flow = flowDelta(value)
		}
	}
	return indentProblem{}, false
}

// isKeyLine reports whether s starts with a block mapping key.
func isKeyLine(s string) bool { return keyEnd(s) >= 0 }

// keyEnd returns the index of the colon ending s's key ("key: value",
// "key:"), or -1.
func keyEnd(s string) int {
	if s == "" || strings.ContainsRune("{['\"#", rune(s[0])) {
		return -1
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '#':
			if i > 0 && s[i-1] == ' ' {
				return -1
			}
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' {
				return i
			}
		}
	}
	return -1
}

// flowDelta counts the flow collections s opens less those it closes,
// outside quotes and comments.
func flowDelta(s string) int {
	d := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '#' && (i == 0 || s[i-1] == ' '):
			return d
		case ch == '{' || ch == '[':
			d++
		case ch == '}' || ch == ']':
			d--
		}
	}
	return d
}

// unknownKeyHint reports key k of mapping n (at index i of its content),
// which the struct decoded into does not have, when the text shows why: the
// rest of a text an unquoted comma cut short in a {zh: …, en: …} label, or
// a full-width colon or space inside what should be a key and its value.
// It reports whether it said anything (else the caller reports the
// unknown key), and the key a full-width colon or space follows (the
// caller does not report it missing too).
func (d *decoder) unknownKeyHint(self string, n *yaml.Node, i int, label bool) (bool, string) {
	k, val := n.Content[i], n.Content[i+1]
	switch {
	case label && n.Style&yaml.FlowStyle != 0 && val.Tag == "!!null" && val.Value == "" && i >= 2:
		// Walk back over the pieces to the key whose text was cut.
		j := i - 2
		for j >= 2 && n.Content[j+1].Tag == "!!null" && n.Content[j+1].Value == "" {
			j -= 2
		}
		if j+2 < i {
			return true, "" // reported at the first piece
		}
		pieces := []string{n.Content[j+1].Value}
		for p := j + 2; p < len(n.Content); p += 2 {
			v := n.Content[p+1]
			if v.Tag != "!!null" || v.Value != "" {
				break
			}
			pieces = append(pieces, n.Content[p].Value)
		}
		d.diags.add(d.pos(k), "%s: an unquoted ',' ends the text of %s, so YAML reads %q as another key; quote the whole text: %s: %q",
			self, n.Content[j].Value, k.Value, n.Content[j].Value, strings.Join(pieces, ", "))
		return true, ""
	case strings.ContainsRune(k.Value, fullColon):
		d.diags.add(d.pos(k), "%s: unknown key %q: it holds a full-width colon '：'; YAML needs an ASCII ':' followed by a space", self, k.Value)
		return true, strings.TrimSpace(k.Value[:strings.IndexRune(k.Value, fullColon)])
	case strings.ContainsRune(k.Value, fullSpace):
		d.diags.add(d.pos(k), "%s: unknown key %q: it holds a full-width space '　'; YAML needs ASCII spaces", self, k.Value)
		return true, strings.Trim(strings.SplitN(strings.Trim(k.Value, " 　"), ":", 2)[0], " 　")
	}
	return false, ""
}

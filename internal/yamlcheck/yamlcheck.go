// Package yamlcheck parses a YAML file that is untrusted input — a scheme,
// a scheme test file — and refuses, before anything else reads it, what
// would make reading it unbounded or ambiguous: a file over a size limit,
// invalid UTF-8, a second document, anchors, aliases and merge keys (an
// alias stands for its anchor's whole tree, so a few bytes can expand to
// gigabytes), nesting too deep, too many nodes, and control characters
// other than tabs and line breaks.
//
// The entry point is Parse; Tree is its walk over a parsed tree, for a
// caller that parsed the file itself. Both report every problem through a
// callback as a line, a column (from 1, in characters) and a message, and
// the caller positions it in its own file. Messages name the file by the
// Noun of the Limits given ("a scheme file may nest at most 32").
//
// Internal: not for hosts; scheme.Compile and schemetest.Load read
// through it.
package yamlcheck

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits are the bounds of one kind of file and how messages name it.
type Limits struct {
	// Noun names the kind of file in messages: "scheme file".
	Noun string
	// MaxSize is the largest file accepted, in bytes.
	MaxSize int
	// MaxDepth is how deep YAML may nest: the top-level node is level 1,
	// a mapping's keys and values or a list's items one level below it.
	MaxDepth int
	// MaxNodes is the most YAML nodes (scalars, mappings, lists, keys
	// included, the document node not counted) the file may hold.
	MaxNodes int
}

// Report receives one problem: its line and column, counting from 1, and
// the message.
type Report func(line, col int, format string, args ...any)

// MaxListed bounds the problems Tree lists of one kind (anchors, aliases
// and merge keys together; control characters), so that a file made of
// aliases does not make a message of each; a last message says more follow.
const MaxListed = 20

// SizeMessage is the message for a file of size bytes, over l.MaxSize.
func SizeMessage(l Limits, size int64) string {
	format, args := SizeFormat(l, size)
	return fmt.Sprintf(format, args...)
}

// msgf returns a message as its format and arguments (a call, so that the
// catalog scan of translations finds the format).
func msgf(format string, args ...any) (string, []any) { return format, args }

// SizeFormat is SizeMessage as a format and its arguments, for callers that
// translate messages by their format.
func SizeFormat(l Limits, size int64) (string, []any) {
	if size == int64(l.MaxSize)+1 {
		// What a capped read saw: the file may be larger still (a pipe, a
		// device), so say only what is known.
		if l.MaxSize%(1<<20) == 0 {
			return msgf("file is larger than %d bytes; a %s may be at most %d bytes (%d MiB)", l.MaxSize, l.Noun, l.MaxSize, l.MaxSize>>20)
		}
		return msgf("file is larger than %d bytes; a %s may be at most %d bytes", l.MaxSize, l.Noun, l.MaxSize)
	}
	if l.MaxSize%(1<<20) == 0 {
		return msgf("file is %d bytes; a %s may be at most %d bytes (%d MiB)", size, l.Noun, l.MaxSize, l.MaxSize>>20)
	}
	return msgf("file is %d bytes; a %s may be at most %d bytes", size, l.Noun, l.MaxSize)
}

func Parse(data []byte, l Limits, report Report) (doc *yaml.Node) {
	if len(data) > l.MaxSize {
		format, args := SizeFormat(l, int64(len(data)))
		report(1, 1, format, args...)
		return nil
	}
	if line, col, ok := invalidUTF8(data); ok {
		report(line, col, "the file is not valid UTF-8")
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			report(1, 1, "YAML parser failed: %v", r)
			doc = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var d yaml.Node
	if err := dec.Decode(&d); err != nil {
		if err == io.EOF {
			report(1, 1, "empty %s", l.Noun)
		} else {
			parserError(err, report)
		}
		return nil
	}
	if d.Kind != yaml.DocumentNode || len(d.Content) == 0 {
		report(1, 1, "empty %s", l.Noun)
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		parserError(err, report)
		return nil
	default:
		report(next.Line, next.Column, "a second YAML document starts here; a %s holds exactly one (remove the '---' and what follows, or merge the two)", l.Noun)
		return nil
	}
	if !Tree(d.Content[0], l, report) {
		return nil
	}
	return &d
}

// invalidUTF8 returns the line and column of the first byte of data that
// is not valid UTF-8, the column counting characters.
func invalidUTF8(data []byte) (line, col int, ok bool) {
	if utf8.Valid(data) {
		return 0, 0, false
	}
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:off], []byte{'\n'}) + 1, utf8.RuneCount(data[start:off]) + 1, true
}

var parserLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserError reports an error of the YAML parser at its line.
func parserError(err error, report Report) {
	msg := err.Error()
	if m := parserLine.FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		report(max(line, 1), 1, "YAML: %s", m[2])
		return
	}
	report(1, 1, "YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// Tree walks a parsed tree once, visiting each node once and never
// following an alias, and reports what the file may not hold: anchors,
// aliases and merge keys, nesting deeper than l.MaxDepth (root is level 1),
// more than l.MaxNodes nodes, and control characters other than tabs and
// line breaks in scalars. It reports whether the tree may be read further.
func Tree(root *yaml.Node, l Limits, report Report) bool {
	var shape, nodes int // shape: anchors, aliases and merge keys seen
	var deep, many bool
	ctrl := 0 // scalars holding a control character
	errorf := func(n *yaml.Node, format string, args ...any) {
		report(n.Line, n.Column, format, args...)
	}
	more := func(n *yaml.Node) {
		shape++
		if shape == MaxListed+1 {
			errorf(n, "more anchors, aliases or merge keys follow; only the first %d are listed", MaxListed)
		}
	}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		nodes++
		if nodes == l.MaxNodes+1 {
			many = true
			errorf(n, "more than %d YAML nodes; a %s may hold at most %d", l.MaxNodes, l.Noun, l.MaxNodes)
		}
		if many {
			return
		}
		if depth > l.MaxDepth {
			if !deep {
				deep = true
				errorf(n, "YAML nested more than %d levels deep; a %s may nest at most %d", l.MaxDepth, l.Noun, l.MaxDepth)
			}
			return
		}
		if n.Anchor != "" {
			if more(n); shape <= MaxListed {
				errorf(n, "anchor &%s: anchors and aliases are not allowed in a %s; write the value out in full", n.Anchor, l.Noun)
			}
		}
		switch n.Kind {
		case yaml.AliasNode:
			if more(n); shape <= MaxListed {
				errorf(n, "alias *%s: anchors and aliases are not allowed in a %s; write the value out in full", n.Value, l.Noun)
			}
			return // never followed
		case yaml.ScalarNode:
			if r, ok := Control(n.Value); ok {
				if ctrl++; ctrl <= MaxListed {
					errorf(n, "control character %U; only tabs and line breaks may appear in a %s's text", r, l.Noun)
				}
			}
			return
		}
		for i, k := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 && k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
				if more(k); shape <= MaxListed {
					errorf(k, "merge key <<: not allowed in a %s; write the keys out in full", l.Noun)
				}
			}
			walk(k, depth+1)
		}
	}
	walk(root, 1)
	return shape == 0 && ctrl == 0 && !deep && !many
}

// Control returns the first control character in s other than a tab or a
// line break.
func Control(s string) (rune, bool) {
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) {
			return r, true
		}
	}
	return 0, false
}

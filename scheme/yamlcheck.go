package scheme

import (
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits on a scheme file's shape, checked before anything reads it. A
// scheme written by hand is far inside them: the largest built-in scheme
// nests 10 levels deep and has fewer than 1,000 nodes.
const (
	// MaxDepth is how deep YAML may nest in a scheme file: the top-level
	// mapping is level 1, its keys and values level 2, and so on.
	MaxDepth = 32
	// MaxNodes is the most YAML nodes (scalars, mappings, lists, keys
	// included) a scheme file may hold.
	MaxNodes = 50_000
	// MaxIDLen is the longest id or name, in bytes.
	MaxIDLen = 64
	// MaxTextLen is the longest label, title, note or reason text, and the
	// longest enum value or source field, in characters.
	MaxTextLen = 1000
)

// maxShapeDiags bounds the diagnostics checkTree lists of one kind, so that
// a file made of aliases does not make a diagnostic of each.
const maxShapeDiags = 20

// checkTree walks the parsed file once, visiting each node once and never
// following an alias, and refuses what a scheme file may not hold: anchors,
// aliases and merge keys (an alias expands to its anchor's whole tree, so
// 12 bytes can stand for gigabytes), nesting deeper than MaxDepth, more
// than MaxNodes nodes, and control characters other than tabs and line
// breaks. It reports whether the tree may be read further.
func (c *compiler) checkTree(root *yaml.Node) bool {
	var shape, nodes int // shape: anchors, aliases and merge keys seen
	var deep, many bool
	ctrl := 0 // scalars holding a control character
	more := func(n *yaml.Node) {
		shape++
		if shape <= maxShapeDiags {
			return
		}
		if shape == maxShapeDiags+1 {
			c.errorf(n, "more anchors, aliases or merge keys follow; only the first %d are listed", maxShapeDiags)
		}
	}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		nodes++
		if nodes == MaxNodes+1 {
			many = true
			c.errorf(n, "more than %d YAML nodes; a scheme file may hold at most %d", MaxNodes, MaxNodes)
		}
		if many {
			return
		}
		if depth > MaxDepth {
			if !deep {
				deep = true
				c.errorf(n, "YAML nested more than %d levels deep; a scheme file may nest at most %d", MaxDepth, MaxDepth)
			}
			return
		}
		if n.Anchor != "" {
			if more(n); shape <= maxShapeDiags {
				c.errorf(n, "anchor &%s: anchors and aliases are not allowed in a scheme file; write the value out in full", n.Anchor)
			}
		}
		switch n.Kind {
		case yaml.AliasNode:
			if more(n); shape <= maxShapeDiags {
				c.errorf(n, "alias *%s: anchors and aliases are not allowed in a scheme file; write the value out in full", n.Value)
			}
			return // never followed
		case yaml.ScalarNode:
			if r, ok := badControl(n.Value); ok {
				if ctrl++; ctrl <= maxShapeDiags {
					c.errorf(n, "control character %U; only tabs and line breaks may appear in a scheme file's text", r)
				}
			}
			return
		}
		for i, k := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 && k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
				if more(k); shape <= maxShapeDiags {
					c.errorf(k, "merge key <<: not allowed in a scheme file; write the keys out in full")
				}
			}
			walk(k, depth+1)
		}
	}
	walk(root, 1)
	return shape == 0 && ctrl == 0 && !deep && !many
}

// badControl returns the first control character in s other than a tab or
// a line break.
func badControl(s string) (rune, bool) {
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) {
			return r, true
		}
	}
	return 0, false
}

// anyControl returns the first control character in s, tabs and line
// breaks included.
func anyControl(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) {
			return r, true
		}
	}
	return 0, false
}

// checkID reports an id (the value of an id key, what its path) or a name
// (a key naming a declaration, what the mapping's path) that is too long or
// holds a control character.
func (d *decoder) checkID(n *yaml.Node, what, id string, name bool) {
	switch {
	case len(id) > MaxIDLen && name:
		d.diags.add(d.pos(n), "%s: a name of %d bytes; a name may be at most %d", what, len(id), MaxIDLen)
	case len(id) > MaxIDLen:
		d.diags.add(d.pos(n), "%s of %d bytes; an id may be at most %d", what, len(id), MaxIDLen)
	}
	switch r, ok := anyControl(id); {
	case ok && name:
		d.diags.add(d.pos(n), "%s: a name with control character %U; ids and names hold no tabs, line breaks or other control characters", what, r)
	case ok:
		d.diags.add(d.pos(n), "%s with control character %U; ids and names hold no tabs, line breaks or other control characters", what, r)
	}
}

// checkText reports a text that is too long or holds a control character;
// lines allows tabs and line breaks (notes and reasons).
func (d *decoder) checkText(n *yaml.Node, what, text string, lines bool) {
	if l := utf8.RuneCountInString(text); l > MaxTextLen {
		d.diags.add(d.pos(n), "%s: %d characters; a label, note or reason may be at most %d", what, l, MaxTextLen)
	}
	if lines {
		if r, ok := badControl(text); ok {
			d.diags.add(d.pos(n), "%s: control character %U", what, r)
		}
	} else if r, ok := anyControl(text); ok {
		d.diags.add(d.pos(n), "%s: control character %U; a label is one line without tabs (line breaks belong in a note)", what, r)
	}
}

// checkLabel checks both texts of a label; lines allows line breaks (notes
// and reasons).
func (d *decoder) checkLabel(l *rawLabel, what string, lines bool) {
	if l == nil {
		return
	}
	d.checkText(resolveValue(l.At, "zh"), join(what, "zh"), l.Zh, lines)
	d.checkText(resolveValue(l.At, "en"), join(what, "en"), l.En, lines)
}

// sizeDiag is the diagnostic for a file over MaxFileSize.
func sizeDiag(file string, size int64) Diagnostic {
	return diag(Pos{File: file, Line: 1, Col: 1}, "file is %d bytes; a scheme file may be at most %d bytes (1 MiB)", size, MaxFileSize)
}

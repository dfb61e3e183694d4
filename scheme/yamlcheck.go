package scheme

import (
	"unicode"
	"unicode/utf8"

	"github.com/branchscore/branchscore/internal/yamlcheck"
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

// shapeLimits are the bounds yamlcheck holds a scheme file to.
var shapeLimits = yamlcheck.Limits{Noun: "scheme file", MaxSize: MaxFileSize, MaxDepth: MaxDepth, MaxNodes: MaxNodes}

// maxShapeDiags bounds the diagnostics the tree check lists of one kind, so
// that a file made of aliases does not make a diagnostic of each.
const maxShapeDiags = yamlcheck.MaxListed

// badControl returns the first control character in s other than a tab or
// a line break.
func badControl(s string) (rune, bool) { return yamlcheck.Control(s) }

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
	format, args := yamlcheck.SizeFormat(shapeLimits, size)
	return diag(Pos{File: file, Line: 1, Col: 1}, format, args...)
}

package scheme

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// canonicalHash hashes the document's meaning, not its layout: mappings
// with keys sorted, sequences in order, scalars by value. Comments, quoting
// style, indentation and key order do not change it. The tree has passed
// yamlcheck.Parse: no aliases (each node is visited once, so the work is
// linear in the file's size) and at most MaxDepth levels.
//
// The bytes hashed are the JSON of the canonical form (a mapping is a list
// of {"K": key, "V": value} in key order, or null when empty; a sequence a
// list; a scalar a string; null null), as encoding/json writes it. They are
// streamed into the hash as the tree is walked, never built whole.
func canonicalHash(root *yaml.Node) [32]byte {
	h := sha256.New()
	w := bufio.NewWriterSize(h, 4096)
	writeCanonical(w, root)
	w.Flush()
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

func writeCanonical(w *bufio.Writer, n *yaml.Node) {
	if n == nil {
		w.WriteString("null")
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		pairs := len(n.Content) / 2
		if pairs == 0 {
			w.WriteString("null") // encoding/json writes a nil slice so
			return
		}
		order := make([]int, pairs)
		for i := range order {
			order[i] = 2 * i
		}
		slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(n.Content[a].Value, n.Content[b].Value) })
		w.WriteByte('[')
		for i, k := range order {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(`{"K":`)
			writeJSONString(w, n.Content[k].Value)
			w.WriteString(`,"V":`)
			writeCanonical(w, n.Content[k+1])
			w.WriteByte('}')
		}
		w.WriteByte(']')
	case yaml.SequenceNode:
		w.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				w.WriteByte(',')
			}
			writeCanonical(w, c)
		}
		w.WriteByte(']')
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			w.WriteString("null")
			return
		}
		writeJSONString(w, n.Value)
	default:
		w.WriteString("null")
	}
}

// writeJSONString writes s as encoding/json.Marshal does. Text that needs
// no escaping (the usual case) is written as it is; the rest is left to
// encoding/json, so that its rules (HTML-safe escapes, U+2028 and U+2029,
// invalid UTF-8) hold exactly.
func writeJSONString(w *bufio.Writer, s string) {
	if jsonPlain(s) {
		w.WriteByte('"')
		w.WriteString(s)
		w.WriteByte('"')
		return
	}
	b, _ := json.Marshal(s)
	w.Write(b)
}

// jsonPlain reports whether encoding/json writes s between quotes unchanged.
func jsonPlain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

package scheme

import (
	"crypto/sha256"
	"encoding/json"
	"sort"

	"go.yaml.in/yaml/v3"
)

// canonicalHash hashes the document's meaning, not its layout: mappings
// with keys sorted, sequences in order, scalars by value. Comments, quoting
// style, indentation and key order do not change it.
func canonicalHash(root *yaml.Node) [32]byte {
	b, _ := json.Marshal(canonical(root, 0))
	return sha256.Sum256(b)
}

func canonical(n *yaml.Node, depth int) any {
	n = resolve(n)
	if n == nil || depth > 100 {
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		type kv struct {
			K string
			V any
		}
		var out []kv
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, kv{n.Content[i].Value, canonical(n.Content[i+1], depth+1)})
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].K < out[j].K })
		return out
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = canonical(c, depth+1)
		}
		return out
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return n.Value
	}
	return nil
}

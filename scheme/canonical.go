package scheme

import (
	"crypto/sha256"
	"encoding/json"
	"sort"

	"go.yaml.in/yaml/v3"
)

// canonicalHash hashes the document's meaning, not its layout: mappings
// with keys sorted, sequences in order, scalars by value. Comments, quoting
// style, indentation and key order do not change it. The tree has passed
// yamlcheck.Parse: no aliases (each node is visited once, so the work is
// linear in the file's size) and at most MaxDepth levels.
func canonicalHash(root *yaml.Node) [32]byte {
	b, _ := json.Marshal(canonical(root))
	return sha256.Sum256(b)
}

func canonical(n *yaml.Node) any {
	if n == nil {
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
			out = append(out, kv{n.Content[i].Value, canonical(n.Content[i+1])})
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].K < out[j].K })
		return out
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = canonical(c)
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

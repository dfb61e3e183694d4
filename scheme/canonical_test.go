package scheme

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// referenceHash is canonicalHash as it was first written: the canonical
// form built as Go values, marshalled by encoding/json, then hashed. The
// streamed hash must give the same bytes, or every stored scheme hash
// would change.
func referenceHash(root *yaml.Node) [32]byte {
	b, _ := json.Marshal(referenceCanonical(root))
	return sha256.Sum256(b)
}

func referenceCanonical(n *yaml.Node) any {
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
			out = append(out, kv{n.Content[i].Value, referenceCanonical(n.Content[i+1])})
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].K < out[j].K })
		return out
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = referenceCanonical(c)
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

func parseNode(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte(src), &doc))
	if len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

func TestCanonicalHashMatchesReference(t *testing.T) {
	for _, tc := range []struct {
		src, reason string
	}{
		{"a: 1\nb: [x, y]\n", "a mapping and a sequence"},
		{"b: 1\na: 2\na2: 3\n", "keys out of order"},
		{"{}", "an empty mapping is null"},
		{"[]", "an empty sequence is []"},
		{"a: ~\nb: null\nc:\n", "nulls"},
		{"a: ''\n", "an empty string"},
		{`a: "<b> & </b>"`, "HTML characters, escaped by encoding/json"},
		{`a: "tab\there\nline \"quoted\" back\\slash \u0001 \u007f"`, "control characters, quotes and backslashes"},
		{"a: \"\u2028 and \u2029\"\n", "the line and paragraph separators"},
		{"a: 党支部考核 — “引号” 🎉\n", "Chinese, typographic quotes and an emoji"},
		{"x: [[], {}, [{}], {k: []}]\n", "nested empties"},
		{"? [a, b]\n: c\n", "a complex key: hashed by its value, empty for a list"},
		{"a: 1\na: 2\n", "a repeated key: stable order"},
	} {
		n := parseNode(t, tc.src)
		assert.Equal(t, referenceHash(n), canonicalHash(n), "%s: %q", tc.reason, tc.src)
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: "bad \xff utf-8"}
	assert.Equal(t, referenceHash(n), canonicalHash(n), "invalid UTF-8: replaced by encoding/json")
	assert.Equal(t, referenceHash(nil), canonicalHash(nil), "no node")
}

func TestCanonicalHashOfEveryFile(t *testing.T) {
	files, err := filepath.Glob("../schemes/*.yaml")
	require.NoError(t, err)
	more, err := filepath.Glob("testdata/*/*.yaml")
	require.NoError(t, err)
	files = append(files, more...)
	require.NotEmpty(t, files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		var doc yaml.Node
		if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
			continue
		}
		assert.Equal(t, referenceHash(doc.Content[0]), canonicalHash(doc.Content[0]), f)
	}
}

func FuzzCanonicalHash(f *testing.F) {
	f.Add("a: 1\nb: [x, {c: d}]\n")
	f.Add("k: \"<&>\u2028\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		var doc yaml.Node
		if yaml.Unmarshal([]byte(src), &doc) != nil || len(doc.Content) == 0 || len(src) > 4096 {
			return
		}
		if referenceHash(doc.Content[0]) != canonicalHash(doc.Content[0]) {
			t.Fatalf("hashes differ for %q", src)
		}
	})
}

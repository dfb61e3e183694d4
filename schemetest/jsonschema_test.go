package schemetest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

const schemaFile = "scheme-test.schema.json"

// TestJSONSchemaFile keeps the committed schema equal to the generated one.
func TestJSONSchemaFile(t *testing.T) {
	got := JSONSchema()
	if *update {
		require.NoError(t, os.WriteFile(schemaFile, got, 0o644))
	}
	want, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go test ./schemetest -run TestJSONSchemaFile -update")
}

// compiledSchema compiles the test schema with the evidence schema where
// its relative reference finds it, as an editor does from a clone.
func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	for url, src := range map[string][]byte{
		"file:///repo/schemetest/scheme-test.schema.json": JSONSchema(),
		"file:///repo/evidence/evidence.schema.json":      evidence.JSONSchema(),
	} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
		require.NoError(t, err)
		require.NoError(t, c.AddResource(url, doc))
	}
	sch, err := c.Compile("file:///repo/schemetest/scheme-test.schema.json")
	require.NoError(t, err)
	return sch
}

func yamlValue(t *testing.T, path string) any {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	var n yaml.Node
	require.NoError(t, yaml.Unmarshal(src, &n), path)
	b, err := json.Marshal(plain(n.Content[0]))
	require.NoError(t, err, path)
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	return out
}

// TestJSONSchemaAcceptsEveryTestFile: every test file of the repository
// that loads, the schema accepts (an independent validator); a scheme
// file it refuses, so that pointing a test file at the wrong schema, or
// the reverse, shows at once.
func TestJSONSchemaAcceptsEveryTestFile(t *testing.T) {
	sch := compiledSchema(t)
	var files []string
	for _, g := range []string{"../schemes/*.test.yaml", "../examples/*/*.test.yaml"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.GreaterOrEqual(t, len(files), 10)
	for _, f := range files {
		assert.NoError(t, sch.Validate(yamlValue(t, f)), f)
	}
	assert.Error(t, sch.Validate(yamlValue(t, "../schemes/tingnan-2017.yaml")), "a scheme is not a test file")
	assert.Error(t, sch.Validate(yamlValue(t, "testdata/schema-typo.test.yaml")), "a misspelt key (expects:)")
}

// plain converts YAML to JSON values as a YAML language server reads them
// (YAML 1.2: a date is a string, not a timestamp).
func plain(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = plain(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, plain(c))
		}
		return l
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		return json.Number(n.Value)
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

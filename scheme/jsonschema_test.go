package scheme

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

const schemaFile = "scheme.schema.json"

// TestJSONSchemaFile keeps the committed schema equal to the generated one.
func TestJSONSchemaFile(t *testing.T) {
	got := JSONSchema()
	if *update {
		require.NoError(t, os.WriteFile(schemaFile, got, 0o644))
	}
	want, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go test ./scheme -update")
}

func compileJSONSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource(schemaFile, doc))
	sch, err := c.Compile(schemaFile)
	require.NoError(t, err)
	return sch
}

// yamlToJSONValue decodes YAML into the generic values the validator takes.
func yamlToJSONValue(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(src, &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	return out
}

// TestJSONSchemaAcceptsEveryScheme validates every valid scheme in the
// repository against the JSON Schema with an independent validator.
func TestJSONSchemaAcceptsEveryScheme(t *testing.T) {
	sch := compileJSONSchema(t)
	files, _ := filepath.Glob("testdata/good/*.yaml")
	builtins, _ := filepath.Glob("../schemes/*.yaml")
	files = append(files, schemeFiles(builtins)...)
	require.NotEmpty(t, files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.NoError(t, sch.Validate(yamlToJSONValue(t, src)), f)
	}
}

// TestJSONSchemaRejects checks that the schema flags what an editor should.
func TestJSONSchemaRejects(t *testing.T) {
	sch := compileJSONSchema(t)
	for _, f := range []string{"unknown-key", "bad-enum", "missing-required", "label-missing-en"} {
		src, err := os.ReadFile("testdata/bad/" + f + ".yaml")
		require.NoError(t, err)
		assert.Error(t, sch.Validate(yamlToJSONValue(t, src)), f)
	}
}

package evidence

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite evidence.schema.json")

const schemaFile = "evidence.schema.json"

// TestJSONSchemaFile keeps the committed schema equal to the generated one.
func TestJSONSchemaFile(t *testing.T) {
	got := JSONSchema()
	if *update {
		require.NoError(t, os.WriteFile(schemaFile, got, 0o644))
	}
	want, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go test ./evidence -run TestJSONSchemaFile -update")
}

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource(schemaFile, doc))
	sch, err := c.Compile(schemaFile)
	require.NoError(t, err)
	return sch
}

// TestJSONSchemaAcceptsEveryExample: every evidence file of the
// repository that Decode accepts, the schema accepts, by an independent
// validator.
func TestJSONSchemaAcceptsEveryExample(t *testing.T) {
	sch := compiledSchema(t)
	var files []string
	for _, g := range []string{"../examples/data/*/*.json", "../examples/data/*/*/*.json", "../schemes/testdata/*.json"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		files = append(files, m...)
	}
	n := 0
	for _, f := range files {
		if strings.Contains(f, "ledger") {
			continue // ledgers are engine.Ledger, not evidence
		}
		if _, err := ReadFile(f); err != nil {
			continue
		}
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
		require.NoError(t, err, f)
		assert.NoError(t, sch.Validate(v), f)
		n++
	}
	assert.Greater(t, n, 20, "the examples were found")
}

// TestJSONSchemaRejects: what an editor should flag, the schema flags.
func TestJSONSchemaRejects(t *testing.T) {
	sch := compiledSchema(t)
	tests := []struct{ why, doc string }{
		{"an unknown top-level key", `{"subject": {"id": "a", "name": "A", "kind": "branch"}, "period": "2017-03", "fact": {}}`},
		{"no period", `{"subject": {"id": "a", "name": "A", "kind": "branch"}}`},
		{"a subject without a name", `{"subject": {"id": "a", "kind": "branch"}, "period": "2017-03"}`},
		{"a fact that is an object", `{"subject": {"id": "a", "name": "A", "kind": "branch"}, "period": "2017-03", "facts": {"x": {}}}`},
		{"an assessment key misspelt", `{"subject": {"id": "a", "name": "A", "kind": "branch"}, "period": "2017-03", "assessments": [{"assessor": "p", "role": "self", "indicator": "K4", "point": 3}]}`},
		{"a list of something else", `[1, 2]`},
	}
	for _, tc := range tests {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(tc.doc))
		require.NoError(t, err, tc.why)
		assert.Error(t, sch.Validate(v), tc.why)
	}
}

package schemetest

import (
	"reflect"

	"github.com/branchscore/branchscore/internal/jsonschemagen"
)

//go:generate go test -run TestJSONSchemaFile -update .

// evidenceRef is the evidence schema's definition of one document, relative
// to this schema's file, so that an editor resolves it from a clone.
var evidenceRef = map[string]any{"$ref": "../evidence/evidence.schema.json#/$defs/evidence"}

// JSONSchema returns a JSON Schema (draft 2020-12) of a scheme test file
// (*.test.yaml), generated from the types Load decodes it into;
// schemetest/scheme-test.schema.json is this, committed. Point a YAML
// language server at it from the file's first line, with the path relative
// to the file:
//
//	# yaml-language-server: $schema=../schemetest/scheme-test.schema.json
//
// A test file is not a scheme: never validate it against
// scheme/scheme.schema.json. Evidence written inline is checked against
// evidence/evidence.schema.json.
func JSONSchema() []byte {
	path := map[string]any{"type": "string", "description": "a file, relative to the test file"}
	c := &jsonschemagen.Config{
		Tag:     "yaml",
		Strings: map[string]any{"type": []string{"string", "number"}},
		Required: map[string]bool{
			"rawFile.Cases": true, "rawCase.Name": true, "rawCase.Evidence": true,
		},
		Fields: map[string]any{
			"rawFile.Scheme": path,
			"rawCase.Evidence": map[string]any{"oneOf": []any{
				path, evidenceRef,
				map[string]any{"type": "array", "minItems": 1, "items": map[string]any{"oneOf": []any{path, evidenceRef}}},
			}},
			"rawCase.Units":  map[string]any{"type": "array", "items": path},
			"rawCase.Ledger": map[string]any{"oneOf": []any{path, map[string]any{"type": "object", "description": "a ledger written inline, as rank --ledger-out writes it"}}},
		},
		Descriptions: map[string]string{
			"rawFile":           "a scheme test file: cases beside a scheme, each with evidence and what the scheme must make of it",
			"rawFile.Scheme":    "the scheme tested, relative to this file; default this file's name with .yaml for .test.yaml",
			"rawCase.Evidence":  "one subject's evidence, or several (a case that ranks them): files, or evidence written inline",
			"rawCase.Units":     "further evidence files for linked units (挂钩), not scored themselves",
			"rawCase.Params":    "parameter overrides, NAME: VALUE",
			"rawCase.Ledger":    "the ledger of the period before, for a case that ranks",
			"Expect":            "what the case expects; what is left out is not checked",
			"Expect.Total":      "the total, exactly: \"5.2\"",
			"Expect.Tier":       "the tier id",
			"Expect.Indicators": "points per indicator id",
			"Expect.Vetoes":     "the ids of the vetoes that apply",
			"Expect.Error":      "a substring of the error the evaluation must fail with",
			"Expect.Subjects":   "per subject id, in a case of several subjects",
			"Expect.Ranks":      "per subject id, its rank",
			"Expect.Awards":     "per award id, the subjects it goes to",
			"Expect.Holders":    "per rolling award id, its holder after the period",
		},
	}
	root := c.Def(reflect.TypeFor[rawFile]())
	return c.Document(root, "branchscore scheme test file (*.test.yaml)",
		"Cases beside a scheme: evidence, parameters, an opening ledger, and the expected total, tier, points per indicator, vetoes, ranks and awards. See docs/scheme-tests.md.")
}

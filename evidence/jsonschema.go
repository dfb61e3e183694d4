package evidence

import (
	"reflect"

	"github.com/branchscore/branchscore/internal/jsonschemagen"
)

//go:generate go test -run TestJSONSchemaFile -update .

// scalar is the schema of a fact's or a record field's value.
var scalar = map[string]any{
	"description": "a fact: a number (exact; a string of digits keeps it exact too), text, a date \"YYYY-MM-DD\" or true/false, as the scheme's inputs declare",
	"type":        []string{"string", "number", "boolean"},
}

// factValue is the schema of a fact: a scalar, or a list of plain values
// (dates, vote counts) for an input declared `of:` a type.
var factValue = map[string]any{
	"description": "a fact: a scalar, or for a list of plain values (an input declared with of:) an array of them",
	"anyOf":       []any{scalar, map[string]any{"type": "array", "items": scalar}},
}

// evidenceSchemaConfig is how the evidence types become a JSON Schema;
// the scheme test schema refers to its evidence definition.
func evidenceSchemaConfig() *jsonschemagen.Config {
	return &jsonschemagen.Config{
		Tag: "json",
		Required: map[string]bool{
			"Evidence.Subject": true, "Evidence.Period": true,
			"Subject.ID": true, "Subject.Name": true, "Subject.Kind": true,
			"Assessment.Assessor": true, "Assessment.Role": true, "Assessment.Indicator": true,
			"Confirmation.Veto": true, "Confirmation.Assessor": true, "Confirmation.Confirmed": true,
		},
		Types: map[reflect.Type]any{
			reflect.TypeFor[map[string]any](): map[string]any{"type": "object", "additionalProperties": factValue},
			reflect.TypeFor[Record](): map[string]any{
				"type":        "object",
				"description": "one item of a list input: its id, date and documents beside the fields the scheme declares (a list declared anonymous has no ids, one declared undated no dates)",
				"properties": map[string]any{
					"id":        map[string]any{"type": "string", "description": "the record's id, unique in its list (C-0312)"},
					"date":      map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}-\d{2}$`},
					"documents": map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "description": "the document kinds the record has, as the list input declares them"},
				},
				"additionalProperties": scalar,
			},
		},
		Descriptions: map[string]string{
			"Evidence":               "what a host hands over for one subject in one period",
			"Evidence.Period":        "the period scored: 2017-03 (month), 2017-Q1, 2017-H2, 2017",
			"Evidence.Facts":         "the scalar inputs, by input name",
			"Evidence.Records":       "the list inputs, by input name",
			"Evidence.Assessments":   "assessors' entries: discretionary points, grades",
			"Evidence.Confirmations": "assessors' decisions on vetoes that need one",
			"Evidence.Chosen":        "per pool, the indicators the subject is scored on",
			"Evidence.Links":         "per link the scheme declares, the unit whose evidence supplies the link's inputs (挂钩)",
			"Subject.Kind":           "branch, member, …: as the scheme's subject",
			"Assessment.Role":        "the round: self, organisation, …",
			"Assessment.Time":        "RFC 3339",
			"Confirmation.Time":      "RFC 3339",
		},
	}
}

// JSONSchema returns a JSON Schema (draft 2020-12) of an evidence file:
// one document, or an array of them. It is generated from the types Decode
// decodes into; evidence/evidence.schema.json is this, committed. It
// checks shape only: a scheme's inputs, checked when evidence is bound,
// say which facts and records a subject needs and of what type. An
// evidence file cannot name its schema (Decode refuses a "$schema" key, as
// every key it does not know); map it in the editor's settings.
func JSONSchema() []byte {
	c := evidenceSchemaConfig()
	one := c.Def(reflect.TypeFor[Evidence]())
	return c.Document(map[string]any{"oneOf": []any{one, map[string]any{"type": "array", "items": one}}},
		"branchscore evidence",
		"Evidence for one subject in one period, or an array of such documents. Numbers stay exact; keys are matched exactly (case included); unknown keys, duplicate keys, numbers over 40 digits or in exponent notation are refused.")
}

// Package jsonschemagen generates JSON Schemas (draft 2020-12) from Go
// types by reflection, for the file formats hosts and clerks write by hand:
// evidence (evidence.JSONSchema) and scheme test files
// (schemetest.JSONSchema). The scheme format has its own generator
// (scheme.JSONSchema), which knows its expression fields.
//
// Internal: not for hosts; they get the schemas from evidence.JSONSchema,
// schemetest.JSONSchema and scheme.JSONSchema, or the .schema.json files
// beside those packages.
package jsonschemagen

import (
	"encoding/json"
	"reflect"
	"strings"
)

// Config says how Go types become schemas.
type Config struct {
	// Tag is the struct tag naming fields: "json" or "yaml".
	Tag string
	// Required marks fields required, by "Type.Field" (Go names).
	Required map[string]bool
	// Fields gives a field's schema as is, by "Type.Field".
	Fields map[string]any
	// Types gives a type's schema as is.
	Types map[reflect.Type]any
	// Descriptions describe fields, by "Type.Field", and objects, by "Type".
	Descriptions map[string]string
	// Strings is the schema of a Go string (YAML also reads an unquoted
	// number into one); default {"type": "string"}.
	Strings any

	defs map[string]any
}

// Document returns body, with the $defs that Def calls registered, as an
// indented JSON Schema document ending in a newline. Struct types are in
// $defs by their Go names with the first letter lowered ("raw" dropped).
func (c *Config) Document(body map[string]any, title, description string) []byte {
	doc := copyMap(body)
	doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	doc["title"] = title
	doc["description"] = description
	doc["$defs"] = c.defs
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // maps, slices and strings only: cannot fail
	}
	return append(b, '\n')
}

// Def returns the schema of t, registering the $defs it needs.
func (c *Config) Def(t reflect.Type) map[string]any {
	if c.defs == nil {
		c.defs = map[string]any{}
	}
	return c.schemaOf(t)
}

func defName(t reflect.Type) string {
	n := t.Name()
	n = strings.TrimPrefix(n, "raw")
	return strings.ToLower(n[:1]) + n[1:]
}

var numberType = reflect.TypeOf(json.Number(""))

func (c *Config) schemaOf(t reflect.Type) map[string]any {
	if s, ok := c.Types[t]; ok {
		return copyMap(s)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
		if s, ok := c.Types[t]; ok {
			return copyMap(s)
		}
	}
	switch {
	case t == numberType:
		return map[string]any{"type": []string{"string", "number"}, "description": "a number, exact: written as a JSON number or a string"}
	case t.Kind() == reflect.String:
		if c.Strings != nil {
			return copyMap(c.Strings)
		}
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": c.schemaOf(t.Elem())}
	case t.Kind() == reflect.Slice:
		return map[string]any{"type": "array", "items": c.schemaOf(t.Elem())}
	case t.Kind() == reflect.Interface:
		return map[string]any{}
	case t.Kind() == reflect.Struct:
		name := defName(t)
		if _, ok := c.defs[name]; !ok {
			c.defs[name] = nil // reserved against recursion
			c.defs[name] = c.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	}
	return map[string]any{}
}

func (c *Config) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get(c.Tag), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		key := t.Name() + "." + f.Name
		var s map[string]any
		if fs, ok := c.Fields[key]; ok {
			s = copyMap(fs)
		} else {
			s = c.schemaOf(f.Type)
		}
		if d := c.Descriptions[key]; d != "" {
			s["description"] = d
		}
		props[name] = s
		if c.Required[key] {
			required = append(required, name)
		}
	}
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	if d := c.Descriptions[t.Name()]; d != "" {
		o["description"] = d
	}
	return o
}

// copyMap returns a shallow copy of s when it is a map, so that callers
// may add to it.
func copyMap(s any) map[string]any {
	m, ok := s.(map[string]any)
	if !ok {
		return map[string]any{}
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

package scheme

import (
	"encoding/json"
	"reflect"
)

// JSONSchema returns a JSON Schema (draft 2020-12) of the scheme file
// format, generated from the same declarations the compiler decodes with.
// Point a YAML language server at it to complete keys and flag wrong ones:
//
//	# yaml-language-server: $schema=https://…/scheme.schema.json
//
// The schema checks shape only; Compile checks meaning.
func JSONSchema() []byte {
	g := &schemaGen{defs: map[string]any{}}
	root := g.object(reflect.TypeOf(rawScheme{}))
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://github.com/branchscore/branchscore/scheme/scheme.schema.json"
	root["title"] = "branchscore scheme file"
	root["$defs"] = g.defs
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic(err) // only maps, slices and strings: cannot fail
	}
	return append(b, '\n')
}

type schemaGen struct {
	defs map[string]any
}

func (g *schemaGen) ref(t reflect.Type) map[string]any {
	name := t.Name()
	if name == "rawScheme" {
		return g.object(t)
	}
	name = lowerFirst(name[len("raw"):])
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = nil // reserve against recursion
		g.defs[name] = g.object(t)
	}
	return map[string]any{"$ref": "#/$defs/" + name}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

var exprSchema = map[string]any{
	"description": "An expression: a number (50% allowed where a number is meant), a parameter (params.NAME) or CEL.",
	"type":        []string{"string", "number", "integer", "boolean"},
}

func (g *schemaGen) schemaOf(t reflect.Type, f fieldInfo) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var s map[string]any
	switch {
	case t == exprSrcType:
		s = map[string]any{"$ref": "#/$defs/expr"}
		g.defs["expr"] = exprSchema
	case t.Kind() == reflect.String:
		s = map[string]any{"type": []string{"string", "number", "integer", "boolean"}}
		if len(f.enum) > 0 {
			s = map[string]any{"enum": f.enum}
		}
	case t.Kind() == reflect.Bool:
		s = map[string]any{"type": "boolean"}
	case t.Kind() == reflect.Int:
		s = map[string]any{"type": "integer"}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct && keyField(t.Elem()) >= 0:
		s = map[string]any{"type": "object", "additionalProperties": g.ref(t.Elem())}
	case t.Kind() == reflect.Slice:
		s = map[string]any{"type": "array", "items": g.schemaOf(t.Elem(), fieldInfo{})}
	case t.Kind() == reflect.Struct:
		s = g.ref(t)
	default:
		s = map[string]any{}
	}
	if f.doc != "" {
		out := map[string]any{"description": f.doc}
		for k, v := range s {
			out[k] = v
		}
		if _, isRef := s["$ref"]; isRef {
			out = map[string]any{"description": f.doc, "allOf": []any{s}}
		}
		s = out
	}
	return s
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	var short map[string]any
	for _, f := range fieldsOf(t) {
		if f.key {
			continue
		}
		ps := g.schemaOf(t.Field(f.index).Type, f)
		props[f.name] = ps
		if f.required {
			required = append(required, f.name)
		}
		if f.short {
			short = g.schemaOf(t.Field(f.index).Type, fieldInfo{enum: f.enum})
		}
	}
	obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		obj["required"] = required
	}
	if short != nil {
		return map[string]any{"anyOf": []any{short, obj}}
	}
	return obj
}

package scheme

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/branchscore/branchscore/internal/msg"
	"go.yaml.in/yaml/v3"
)

// exprSrc is an expression as written in the file: a scalar node.
type exprSrc struct {
	node *yaml.Node
}

var (
	exprSrcType = reflect.TypeOf(exprSrc{})
	nodePtrType = reflect.TypeOf((*yaml.Node)(nil))
	labelType   = reflect.TypeOf(rawLabel{})
)

// fieldInfo describes one key of a raw struct, read from its tags:
//
//	yaml:"name"          the key
//	opt:"required"       the key must be present
//	opt:"short"          a scalar written in place of the mapping fills this field
//	opt:"key"            in a mapping of name → struct, the name fills this field
//	opt:"text"           a text (or list of texts) held to MaxTextLen, one line
//	enum:"a|b"           the allowed values of a string
//	doc:"…"              the description (JSON Schema, reference)
type fieldInfo struct {
	index    int
	name     string
	required bool
	short    bool
	key      bool
	text     bool
	enum     []string
	doc      string
}

// structInfo is what the decoder needs of a raw struct type, read from its
// tags once per type (structInfos) and shared read-only afterwards.
type structInfo struct {
	fields []fieldInfo
	byName map[string]fieldInfo // the fields but the key, by key name
	names  []string             // their names, in order, for "did you mean"
	key    int                  // index of the opt:"key" field, or -1
	at     int                  // index of the At *yaml.Node field, or -1
	keyAt  int                  // index of the KeyAt *yaml.Node field, or -1
}

// structInfos caches structInfo by type, as encoding/json caches its
// fields: the raw types are few and fixed, and reading tags anew for every
// mapping of every file was a tenth of compiling a scheme.
var structInfos sync.Map // reflect.Type → *structInfo

func infoOf(t reflect.Type) *structInfo {
	if si, ok := structInfos.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{fields: readFields(t), byName: map[string]fieldInfo{}, key: -1, at: -1, keyAt: -1}
	for _, f := range si.fields {
		if f.key {
			if si.key < 0 {
				si.key = f.index
			}
			continue
		}
		si.byName[f.name] = f
		si.names = append(si.names, f.name)
	}
	if f, ok := t.FieldByName("At"); ok && len(f.Index) == 1 && f.Type == nodePtrType {
		si.at = f.Index[0]
	}
	if f, ok := t.FieldByName("KeyAt"); ok && len(f.Index) == 1 {
		si.keyAt = f.Index[0]
	}
	actual, _ := structInfos.LoadOrStore(t, si)
	return actual.(*structInfo)
}

// fieldsOf returns the keys of raw struct type t; the slice is shared and
// must not be modified.
func fieldsOf(t reflect.Type) []fieldInfo { return infoOf(t).fields }

func readFields(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("yaml")
		if name == "" || name == "-" {
			continue
		}
		fi := fieldInfo{index: i, name: name, doc: f.Tag.Get("doc")}
		for _, o := range strings.Split(f.Tag.Get("opt"), ",") {
			switch o {
			case "required":
				fi.required = true
			case "short":
				fi.short = true
			case "key":
				fi.key = true
			case "text":
				fi.text = true
			}
		}
		if e := f.Tag.Get("enum"); e != "" {
			fi.enum = strings.Split(e, "|")
		}
		out = append(out, fi)
	}
	return out
}

// decoder fills raw structs from YAML nodes, reporting every problem with
// its position and carrying on.
type decoder struct {
	file  string
	diags *Diagnostics
}

func (d *decoder) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.file}
	}
	return Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

// decode fills v (addressable) from n; what says where, for messages. The
// tree holds no aliases or merge keys (yamlcheck.Parse refused them), so every
// node is read once.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, what string) {
	if n == nil {
		return
	}
	switch {
	case v.Type() == exprSrcType:
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.diags.add(d.pos(n), "%s: want an expression (a number, a parameter or a CEL expression), got %s", what, kindName(n))
			return
		}
		v.Set(reflect.ValueOf(exprSrc{node: n}))
		return
	case v.Kind() == reflect.Pointer:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return
		}
		nv := reflect.New(v.Type().Elem())
		d.decode(n, nv.Elem(), what)
		v.Set(nv)
		return
	}
	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.diags.add(d.pos(n), "%s: want text, got %s", what, kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.diags.add(d.pos(n), "%s: want true or false, got %s", what, kindName(n))
			return
		}
		v.SetBool(b)
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.diags.add(d.pos(n), "%s: want a whole number, got %s", what, kindName(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Slice:
		d.decodeSlice(n, v, what)
	case reflect.Struct:
		d.decodeStruct(n, v, what)
	}
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, what string) {
	et := v.Type().Elem()
	if et.Kind() == reflect.Struct && keyField(et) >= 0 {
		if n.Kind != yaml.MappingNode {
			d.diags.add(d.pos(n), "%s: want a mapping of names to declarations, got %s", what, kindName(n))
			return
		}
		si := infoOf(et)
		ki := si.key
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if prev, dup := seen[k.Value]; dup {
				d.diags.add(d.pos(k), "%s: %q declared twice (first at line %d)", what, k.Value, prev.Line)
				continue
			}
			seen[k.Value] = k
			d.checkID(k, what, k.Value, true)
			ev := reflect.New(et).Elem()
			ev.Field(ki).SetString(k.Value)
			if si.keyAt >= 0 {
				ev.Field(si.keyAt).Set(reflect.ValueOf(k))
			}
			d.decodeStruct(val, ev, join(what, k.Value))
			v.Set(reflect.Append(v, ev))
		}
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.diags.add(d.pos(n), "%s: want a list, got %s", what, kindName(n))
		return
	}
	for i, c := range n.Content {
		ev := reflect.New(et).Elem()
		d.decode(c, ev, what+"["+strconv.Itoa(i)+"]")
		v.Set(reflect.Append(v, ev))
	}
}

func keyField(t reflect.Type) int { return infoOf(t).key }

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, what string) {
	self := what
	if self == "" {
		self = "scheme"
	}
	si := infoOf(v.Type())
	if si.at >= 0 {
		v.Field(si.at).Set(reflect.ValueOf(n))
	}
	fields := si.fields
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		for _, f := range fields {
			if f.short {
				d.decodeField(n, v, f, what)
				return
			}
		}
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		n = &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}
	}
	if n.Kind != yaml.MappingNode {
		d.diags.add(d.pos(n), "%s: want a mapping, got %s", self, kindName(n))
		return
	}
	byName, names := si.byName, si.names
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		f, ok := byName[k.Value]
		if !ok {
			said, key := d.unknownKeyHint(self, n, i, v.Type() == labelType)
			if !said {
				d.diags.add(d.pos(k), "%s: unknown key %q%s", self, k.Value, didYouMean(k.Value, names))
			}
			if _, known := byName[key]; known {
				seen[key] = true // not reported missing as well
			}
			continue
		}
		if seen[k.Value] {
			d.diags.add(d.pos(k), "%s: key %q given twice", self, k.Value)
			continue
		}
		seen[k.Value] = true
		d.decodeField(val, v, f, what)
	}
	for _, f := range fields {
		if f.required && !seen[f.name] {
			d.diags.add(d.pos(n), "%s: missing required key %q", self, f.name)
		}
	}
}

func (d *decoder) decodeField(n *yaml.Node, v reflect.Value, f fieldInfo, what string) {
	fv := v.Field(f.index)
	sub := join(what, f.name)
	d.decode(n, fv, sub)
	switch x := fv.Addr().Interface().(type) {
	case *string:
		if f.name == "id" {
			d.checkID(n, sub, *x, false)
		} else if f.text {
			d.checkText(n, sub, *x, false)
		}
	case *[]string:
		for i, t := range *x {
			if f.text && n != nil && i < len(n.Content) {
				d.checkText(n.Content[i], sub+"["+strconv.Itoa(i)+"]", t, false)
			}
		}
	case *rawLabel:
		d.checkLabel(x, sub, false)
	case **rawLabel:
		d.checkLabel(*x, sub, f.name == "note" || f.name == "reason")
	}
	if len(f.enum) > 0 && fv.Kind() == reflect.String && fv.String() != "" {
		s := fv.String()
		for _, e := range f.enum {
			if e == s {
				return
			}
		}
		hint := didYouMean(s, f.enum)
		if (s == "double" || s == "float") && contains(f.enum, "decimal") {
			hint = msg.New("; numbers are exact: use decimal")
		}
		d.diags.add(d.pos(n), "%s: %q is not one of %s%s", sub, s, strings.Join(f.enum, ", "), hint)
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

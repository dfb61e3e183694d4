package celdec

import (
	"fmt"
	"reflect"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// Field is one typed field of an object type.
type Field struct {
	Name string
	Type *types.Type
}

// ObjectDecl declares an object type (a record kind, the parameters, the
// subject) from a scheme's own declarations, so that rules are type-checked
// without a Go struct per scheme.
type ObjectDecl struct {
	name   string
	typ    *types.Type
	fields []Field
	index  map[string]int
}

// NewObjectDecl declares the object type name with fields in order.
func NewObjectDecl(name string, fields []Field) *ObjectDecl {
	d := &ObjectDecl{name: name, typ: types.NewObjectType(name), fields: fields, index: make(map[string]int, len(fields))}
	for i, f := range fields {
		d.index[f.Name] = i
	}
	return d
}

// Name returns the type's CEL name.
func (d *ObjectDecl) Name() string { return d.name }

// Type returns the CEL type.
func (d *ObjectDecl) Type() *types.Type { return d.typ }

// Fields returns the declared fields in order.
func (d *ObjectDecl) Fields() []Field { return d.fields }

// FieldIndex returns the position of the named field.
func (d *ObjectDecl) FieldIndex(name string) (int, bool) {
	i, ok := d.index[name]
	return i, ok
}

// NewObject builds a value of type d; vals are in field order and a nil
// entry is an absent field (has() is false, reading it is an error).
func (d *ObjectDecl) NewObject(vals []ref.Val) *Object {
	return &Object{decl: d, vals: vals}
}

// Object is a value of a declared object type. It is immutable, but for
// the fields of one made by InitLazy, which it converts when they are
// first read (see there).
type Object struct {
	decl *ObjectDecl
	vals []ref.Val

	// lazy supplies the fields whose bit is set in pending, converted
	// when first read and then kept in vals; nil for most objects.
	lazy    Lazy
	pending uint64
}

// at returns the value of field i, nil when absent, converting a lazy
// field on its first read.
func (o *Object) at(i int) ref.Val {
	if o.pending&(1<<uint(i)) != 0 {
		o.vals[i] = o.lazy.LazyField(i)
		o.pending &^= 1 << uint(i)
	}
	return o.vals[i]
}

// Decl returns the object's declaration.
func (o *Object) Decl() *ObjectDecl { return o.decl }

// Field returns the named field's value, nil when absent.
func (o *Object) Field(name string) ref.Val {
	if i, ok := o.decl.index[name]; ok {
		return o.at(i)
	}
	return nil
}

// ConvertToNative implements ref.Val.
func (o *Object) ConvertToNative(typeDesc reflect.Type) (any, error) {
	if reflect.TypeOf(o) == typeDesc {
		return o, nil
	}
	return nil, fmt.Errorf("%s: cannot convert to %v", o.decl.name, typeDesc)
}

// ConvertToType implements ref.Val.
func (o *Object) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return o.decl.typ
	}
	if t.TypeName() == o.decl.name {
		return o
	}
	return types.NewErr("type conversion error from '%s' to '%s'", o.decl.name, t.TypeName())
}

// Equal implements ref.Val: objects are equal when every field is.
func (o *Object) Equal(other ref.Val) ref.Val {
	p, ok := other.(*Object)
	if !ok || p.decl != o.decl {
		return types.False
	}
	for i := range o.vals {
		v, w := o.at(i), p.at(i)
		if (v == nil) != (w == nil) {
			return types.False
		}
		if v != nil && v.Equal(w) != types.True {
			return types.False
		}
	}
	return types.True
}

// Type implements ref.Val.
func (o *Object) Type() ref.Type { return o.decl.typ }

// Value implements ref.Val; field access goes through the provider.
func (o *Object) Value() any { return o }

// Get implements traits.Indexer for dynamic access.
func (o *Object) Get(key ref.Val) ref.Val {
	s, ok := key.(types.String)
	if !ok {
		return types.ValOrErr(key, "no such overload")
	}
	return o.get(string(s))
}

func (o *Object) get(name string) ref.Val {
	i, ok := o.decl.index[name]
	if !ok {
		return types.NewErr("no such field '%s' in %s", name, o.decl.name)
	}
	v := o.at(i)
	if v == nil {
		return types.NewErr("field '%s' of %s is not set", name, o.decl.name)
	}
	return v
}

// IsSet implements traits.FieldTester.
func (o *Object) IsSet(field ref.Val) ref.Val {
	s, ok := field.(types.String)
	if !ok {
		return types.ValOrErr(field, "no such overload")
	}
	i, ok := o.decl.index[string(s)]
	if !ok {
		return types.NewErr("no such field '%s' in %s", s, o.decl.name)
	}
	return types.Bool(o.isSet(i))
}

var (
	_ traits.Indexer     = (*Object)(nil)
	_ traits.FieldTester = (*Object)(nil)
)

// Provider resolves the declared object types and delegates everything else
// to the standard registry.
type Provider struct {
	*types.Registry
	objects map[string]*ObjectDecl
}

// NewProvider returns a provider knowing decls.
func NewProvider(decls ...*ObjectDecl) (*Provider, error) {
	reg, err := types.NewRegistry()
	if err != nil {
		return nil, err
	}
	p := &Provider{Registry: reg, objects: map[string]*ObjectDecl{}}
	for _, d := range decls {
		p.objects[d.name] = d
	}
	return p, nil
}

// FindStructType implements types.Provider.
func (p *Provider) FindStructType(name string) (*types.Type, bool) {
	if d, ok := p.objects[name]; ok {
		return types.NewTypeTypeWithParam(d.typ), true
	}
	if name == TypeName {
		return types.NewTypeTypeWithParam(Type), true
	}
	return p.Registry.FindStructType(name)
}

// FindStructFieldNames implements types.Provider.
func (p *Provider) FindStructFieldNames(name string) ([]string, bool) {
	if d, ok := p.objects[name]; ok {
		names := make([]string, len(d.fields))
		for i, f := range d.fields {
			names[i] = f.Name
		}
		return names, true
	}
	return p.Registry.FindStructFieldNames(name)
}

// FindStructFieldType implements types.Provider.
func (p *Provider) FindStructFieldType(name, field string) (*types.FieldType, bool) {
	d, ok := p.objects[name]
	if !ok {
		return p.Registry.FindStructFieldType(name, field)
	}
	i, ok := d.index[field]
	if !ok {
		return nil, false
	}
	return &types.FieldType{
		Type: d.fields[i].Type,
		IsSet: func(obj any) bool {
			o, ok := obj.(*Object)
			return ok && o.isSet(i)
		},
		GetFrom: func(obj any) (any, error) {
			o, ok := obj.(*Object)
			if !ok {
				return nil, fmt.Errorf("no such field '%s'", field)
			}
			v := o.at(i)
			if v == nil {
				return nil, fmt.Errorf("field '%s' of %s is not set", field, name)
			}
			return v, nil
		},
	}, true
}

// NewValue implements types.Provider; rules cannot construct objects.
func (p *Provider) NewValue(name string, fields map[string]ref.Val) ref.Val {
	if _, ok := p.objects[name]; ok {
		return types.NewErr("%s values cannot be constructed in a rule", name)
	}
	return p.Registry.NewValue(name, fields)
}

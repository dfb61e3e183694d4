package celdec

import (
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingLazy supplies field i as the string "lazy<i>", counting calls.
type countingLazy struct{ calls [3]int }

func (c *countingLazy) LazyField(i int) ref.Val {
	c.calls[i]++
	return types.String("lazy" + string(rune('0'+i)))
}

// TestInitLazy: a lazy field reads as if it had been set, by every way an
// object is read; it is converted once, on its first read, and never to
// tell whether it is set.
func TestInitLazy(t *testing.T) {
	decl := NewObjectDecl("o", []Field{{"a", types.StringType}, {"b", types.StringType}, {"c", types.StringType}})
	p, err := NewProvider(decl)
	require.NoError(t, err)
	ftB, ok := p.FindStructFieldType("o", "b")
	require.True(t, ok)
	newObj := func() (*Object, *countingLazy) {
		var o Object
		c := &countingLazy{}
		decl.InitLazy(&o, []ref.Val{types.String("set"), nil, nil}, c, 1<<1) // a set, b lazy, c absent
		return &o, c
	}
	for _, tc := range []struct {
		name  string
		read  func(o *Object) any
		want  any
		calls int // of LazyField for b
		why   string
	}{
		{"Field", func(o *Object) any { return o.Field("b") }, types.String("lazy1"), 1, "the audit's read converts it"},
		{"Get", func(o *Object) any { return o.Get(types.String("b")) }, types.String("lazy1"), 1, "a dynamic read converts it"},
		{"GetFrom", func(o *Object) any { v, _ := ftB.GetFrom(o); return v }, types.String("lazy1"), 1, "a checked select converts it"},
		{"IsSet", func(o *Object) any { return o.IsSet(types.String("b")) }, types.True, 0, "has() does not convert it"},
		{"FieldType.IsSet", func(o *Object) any { return ftB.IsSet(o) }, true, 0, "nor does a checked has()"},
		{"absent", func(o *Object) any { return o.IsSet(types.String("c")) }, types.False, 0, "a field neither set nor lazy is absent"},
		{"set", func(o *Object) any { return o.Field("a") }, types.String("set"), 0, "a field set is read as it is"},
		{"Equal", func(o *Object) any { q, _ := newObj(); return o.Equal(q) }, types.True, 1, "equal objects, one converted by the comparison"},
	} {
		o, c := newObj()
		assert.Equal(t, tc.want, tc.read(o), "%s: %s", tc.name, tc.why)
		assert.Equal(t, tc.want, tc.read(o), "%s, read again: %s", tc.name, tc.why)
		assert.Equal(t, tc.calls, c.calls[1], "%s: conversions of b: %s", tc.name, tc.why)
		assert.Zero(t, c.calls[0]+c.calls[2], "%s: only b is lazy", tc.name)
	}
}

package scheme

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReleasedBindingIsReusedClean: a binding given back (Release) lends
// its arrays to the next binding of its scheme, which must hold exactly
// what a binding of its evidence from an empty pool holds, nothing of the
// one before: not an optional field the first record set and this one
// leaves out, a default the first subject overrode, a list it had, a CEL
// list or a lazy field made when a rule read it.
func TestReleasedBindingIsReusedClean(t *testing.T) {
	s := compileConstructs(t)
	rich := allocSample(6)
	rich.Facts["has_wechat"], rich.Facts["founded"] = true, "1999-07-01"
	for i := range rich.Records["contests"] {
		rich.Records["contests"][i].Fields["value"] = json.Number("2.5")
	}
	rich.Records["findings"] = []evidence.Record{{ID: "F1", Date: "2023-04-01", Fields: map[string]any{"topic": "x"}}}
	sparse := allocSample(3) // no value, no findings, the defaults

	want, err := s.bind(sparse) // from an empty pool: nothing to reuse yet
	require.NoError(t, err)
	// same reports whether a and b are deeply equal, by reflect.DeepEqual
	// (testify would print the scheme on a failure), but for the arrays
	// they keep for the next binding: the same scheme and evidence, the
	// same slots, records and values. Each record points back to its
	// binding, so kept is left out of the bindings themselves.
	same := func(a, b *binding) bool {
		ka, kb := a.kept, b.kept
		a.kept, b.kept = kept{}, kept{}
		defer func() { a.kept, b.kept = ka, kb }()
		return reflect.DeepEqual(*a, *b)
	}
	reused := 0
	for range 20 { // the pool may drop what it is given (the race detector drops a quarter)
		b, err := s.bind(rich)
		require.NoError(t, err)
		touch(b)
		first := &b.kept.vals[0]
		b.Release()
		assert.True(t, pinsNothing(b), "released: the binding and its arrays hold nothing of the evidence")

		got, err := s.bind(sparse)
		require.NoError(t, err)
		if &got.kept.vals[0] == first {
			reused++
			assert.True(t, same(want, got), "a reused binding holds what a fresh one does:\n%s", dump(got))
			touch(want)
			touch(got)
			assert.True(t, same(want, got), "and makes the same values when read:\n%s\nwant:\n%s", dump(got), dump(want))
			want, err = s.bind(sparse) // untouched again, for the next round
			require.NoError(t, err)
		}
		got.Release()
		got.Release() // a second Release does nothing
	}
	assert.Positive(t, reused, "a released binding's arrays were reused")
}

// dump writes what b holds that a rule reads: every input and every
// field of its records.
func dump(b *binding) string {
	var out strings.Builder
	for _, in := range b.s.inputs {
		v, _ := b.InputText(in.Name)
		fmt.Fprintf(&out, "%s: %s\n", in.Name, v)
		for _, r := range b.Records(in.Name) {
			fmt.Fprintf(&out, "  %d %s %s %v", r.Index, r.ID, r.Date.Format(time.DateOnly), r.Documents)
			for _, f := range r.Obj.Decl().Fields() {
				fmt.Fprintf(&out, " %s=%v", f.Name, r.Obj.Field(f.Name))
			}
			out.WriteByte('\n')
		}
	}
	return out.String()
}

// pinsNothing reports whether b, released, and every array it keeps
// are zero, all their length: nothing of a subject's evidence is kept
// alive while b waits in the pool.
func pinsNothing(b *binding) bool {
	k := b.kept
	c := *b
	c.kept, c.slots = kept{}, nil
	zero := reflect.ValueOf(c).IsZero()
	for _, x := range []any{b.slots, k.vals, k.recs, k.ptrs, k.memo, k.asm[:cap(k.asm)]} {
		v := reflect.ValueOf(x)
		for i := range v.Len() {
			zero = zero && v.Index(i).IsZero()
		}
	}
	return zero && k.l == nil
}

// touch reads every input of b and every field of its records, which
// makes the CEL lists and the lazy fields.
func touch(b *binding) {
	for _, in := range b.s.inputs {
		b.InputText(in.Name)
		for _, r := range b.Records(in.Name) {
			for _, f := range r.Obj.Decl().Fields() {
				r.Field(f.Name)
			}
		}
	}
	b.subject.Field("name")
}

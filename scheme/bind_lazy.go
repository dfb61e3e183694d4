package scheme

import (
	"slices"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/internal/bound"
)

// A string, a date or a list in a CEL value is an allocation, and most
// rules read neither a record's id, date and documents nor the subject's
// fields: Bind leaves them to be converted when a rule first reads them
// (celdec.Object.InitLazy), and a list of records to be made into a CEL
// list when a rule first reads the list (binding.value).

// recordFields is a record as the source of its lazy fields: its id (when
// it has one; an anonymous record's is "", not its number), date and
// documents, which Bind has checked.
type recordFields bound.Record

func (f *recordFields) LazyField(i int) ref.Val {
	r := (*bound.Record)(f)
	switch r.Obj.Decl().Fields()[i].Name {
	case "id":
		return types.String(r.ID)
	case "date":
		return types.Timestamp{Time: r.Date}
	case "documents":
		// The documents as they are: CEL converts each when it reads it.
		return types.NewStringList(types.DefaultTypeAdapter, r.Documents)
	}
	return nil // not reached: Bind makes no other field lazy
}

// subjectFields is a binding as the source of its subject's fields, in
// subjectDecl's order.
type subjectFields binding

// lazySubject has a bit set for each of the subject's fields but kind,
// which Bind sets itself when it is the scheme's (as a value made once).
const lazySubject = 1<<0 | 1<<1 | 1<<3

func (f *subjectFields) LazyField(i int) ref.Val {
	s := &f.ev.Subject
	switch i {
	case 0:
		return types.String(s.ID)
	case 1:
		return types.String(s.Name)
	case 2:
		return types.String(s.Kind)
	}
	return types.String(s.Category)
}

// value returns slot i's value, nil when it has none; a list of records
// becomes a CEL list on its first read.
func (b *binding) value(i int) ref.Val {
	s := &b.slots[i]
	if s.val == nil && s.items != nil {
		s.val = types.NewRefValList(types.DefaultTypeAdapter, s.items)
	}
	return s.val
}

// sortedWhere returns the keys of m for which pick is true, sorted: the
// names Bind reports, in a stable order. It allocates only when there is
// one to report.
func sortedWhere[V any](m map[string]V, pick func(string) bool) []string {
	var out []string
	for k := range m {
		if pick(k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

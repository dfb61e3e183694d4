package engine

import (
	"testing"

	"github.com/branchscore/branchscore/internal/plan"
)

// TestHasDocumentAgreesWithRecord holds hasDocument, which the gate uses
// with a cursor carried from one document to the next, to
// Record.HasDocument: every record of up to four documents from a small
// alphabet (repeats and empty names included) against every gate of up to
// three kinds, in every order.
func TestHasDocumentAgreesWithRecord(t *testing.T) {
	kinds := []string{"a", "b", "c", ""}
	var lists [][]string
	var grow func(cur []string, n int)
	grow = func(cur []string, n int) {
		lists = append(lists, append([]string(nil), cur...))
		if n == 0 {
			return
		}
		for _, k := range kinds {
			grow(append(cur, k), n-1)
		}
	}
	grow(nil, 4)
	checked := 0
	for _, docs := range lists {
		rec := &plan.Record{Documents: docs}
		for _, gate := range lists {
			if len(gate) > 3 {
				continue
			}
			at := 0
			for i, d := range gate {
				if got, want := hasDocument(docs, d, &at), rec.HasDocument(d); got != want {
					t.Fatalf("documents %q, gate %q: %q (the %d-th) found %v, want %v", docs, gate, d, i, got, want)
				}
				if at < 0 || at > len(docs) {
					t.Fatalf("documents %q, gate %q: cursor %d out of range", docs, gate, at)
				}
				checked++
			}
		}
	}
	t.Logf("%d lookups checked", checked)
}

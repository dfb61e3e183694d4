package engine

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/synth"
)

// batchJSON runs a batch of n generated tingnan branch-months and returns
// each result's JSON, made while emit has it, the results themselves and
// the scores.
func batchJSON(t *testing.T, n int, opts BatchOptions) ([][]byte, []*Result, []Score) {
	t.Helper()
	s := tingnan(t)
	var js [][]byte
	var rs []*Result
	sums, err := Batch(context.Background(), s, synth.Tingnan(7, "2017-03", n), opts, func(r *Result, err error) {
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		js = append(js, b)
		rs = append(rs, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	return js, rs, sums
}

// TestBatchReuseResults holds ReuseResults to a batch without it: every
// result, read while emit has it, is the same to the byte, and so are the
// scores Rank gets; and the memory of the results is in fact reused.
func TestBatchReuseResults(t *testing.T) {
	const n = 600 // more than the results in flight, so that some come back
	want, _, wantSums := batchJSON(t, n, BatchOptions{Workers: 2})
	got, rs, gotSums := batchJSON(t, n, BatchOptions{Workers: 2, ReuseResults: true})
	for i := range want {
		if string(got[i]) != string(want[i]) {
			t.Fatalf("item %d reusing results:\n%s\nwant\n%s", i, got[i], want[i])
		}
	}
	if !reflect.DeepEqual(gotSums, wantSums) {
		t.Error("the scores differ when results are reused")
	}
	distinct := map[*Result]bool{}
	for _, r := range rs {
		distinct[r] = true
	}
	if len(distinct) > n/2 {
		t.Errorf("%d distinct results for %d items: their memory was not reused", len(distinct), n)
	}
	// Without emit, results are never handed out and always reused: the
	// scores are the same.
	plain, err := Batch(context.Background(), tingnan(t), synth.Tingnan(7, "2017-03", n), BatchOptions{Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain, wantSums) {
		t.Error("the scores differ without emit")
	}
}

// TestBatchResultsOutliveLaterItems: without ReuseResults, a result a
// host keeps is never written by a later item: each is its own, and its
// JSON after the batch is what it was in emit.
func TestBatchResultsOutliveLaterItems(t *testing.T) {
	const n = 600
	js, rs, _ := batchJSON(t, n, BatchOptions{Workers: 2})
	seen := map[*Result]bool{}
	for i, r := range rs {
		if seen[r] {
			t.Fatalf("item %d: a result handed out twice", i)
		}
		seen[r] = true
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != string(js[i]) {
			t.Fatalf("item %d changed after emit returned:\n%s\nwas\n%s", i, b, js[i])
		}
	}
}

// TestReusedResultParams: a result written into a spare one refills the
// spare's map of parameters instead of allocating another, with the
// values in force (a scheme's WithParams copy), as a fresh result has
// them.
func TestReusedResultParams(t *testing.T) {
	ctx := context.Background()
	base := tingnan(t)
	changed, err := base.WithParams(map[string]string{"highlight_per_document": "true"})
	if err != nil {
		t.Fatal(err)
	}
	var ev *evidence.Evidence
	for e, err := range synth.Tingnan(3, "2017-03", 1) {
		if err != nil {
			t.Fatal(err)
		}
		ev = e
	}
	old, err := Evaluate(ctx, base, ev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := reflect.ValueOf(old.Params).UnsafePointer()
	want, err := Evaluate(ctx, changed, ev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Evaluate(ctx, changed, ev, Options{reuse: old})
	if err != nil {
		t.Fatal(err)
	}
	if got != old || reflect.ValueOf(got.Params).UnsafePointer() != m {
		t.Error("the spare result's map of parameters was not reused")
	}
	if !reflect.DeepEqual(got.Params, want.Params) || got.Params["highlight_per_document"] != "true" {
		t.Errorf("reused parameters %v, want %v", got.Params, want.Params)
	}
}

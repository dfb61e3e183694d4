package schemes

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

// FuzzEvaluate scores arbitrary evidence with the built-in schemes: the
// first byte picks the scheme, the rest is the evidence JSON. Nothing may
// panic or hang; evidence that scores gives a result that keeps the
// properties of TestProperties and the same bytes a second time.
func FuzzEvaluate(f *testing.F) {
	ids := IDs()
	compiled := make([]*scheme.Scheme, len(ids))
	for i, id := range ids {
		sc, err := Load(id)
		if err != nil {
			f.Fatal(err)
		}
		compiled[i] = sc
	}
	for i, id := range ids {
		dir := filepath.Dir("../examples/data/" + benchEvidence[id])
		files, _ := filepath.Glob(dir + "/*.json")
		bad, _ := filepath.Glob("testdata/bad-evidence/" + id + "--*.json")
		for _, file := range append(files, bad...) {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(append([]byte{byte(i)}, b...))
		}
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		sc := compiled[int(in[0])%len(compiled)]
		evs, err := evidence.Decode(bytes.NewReader(in[1:]))
		if err != nil {
			return
		}
		var opts engine.Options
		if units, err := engine.Index(evs); err == nil {
			opts.Units = units // else two documents for one subject: each is still evaluated, without links
		}
		for _, ev := range evs {
			r, err := engine.Evaluate(ctx, sc, ev, opts)
			if err != nil {
				if err.Error() == "" {
					t.Fatal("an error without a message")
				}
				continue
			}
			checkResult(t, sc, r)
			again, err := engine.Evaluate(ctx, sc, ev, opts)
			if err != nil || js(t, r) != js(t, again) {
				t.Fatalf("a second evaluation differs: %v", err)
			}
		}
	})
}

package engine

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPoolReuseFullScheme (s9-review2): testdata/full.yaml's subject in
// shapes its one sample does not show — the veto confirmed, then
// overruled, then awaiting its decision (Pending), the entries sorted
// apart, a category the grade applies to, out-of-range points, a list
// cut — each scored on a scheme of its own, then all of them by four
// goroutines on one scheme and WithParams copies, each output rechecked
// while the others evaluate and once they are done: result JSON,
// explanation, rectification, Score, error texts in both languages.
func TestPoolReuseFullScheme(t *testing.T) {
	ctx := context.Background()
	load := func() *scheme.Scheme {
		s, err := scheme.CompileFile("testdata/full.yaml")
		require.NoError(t, err)
		return s
	}
	base, err := evidence.ReadFile("testdata/full-2021.json")
	require.NoError(t, err)
	clone := func() *evidence.Evidence {
		cp := *base[0]
		cp.Assessments = slices.Clone(cp.Assessments)
		cp.Confirmations = slices.Clone(cp.Confirmations)
		cp.Records = map[string][]evidence.Record{}
		for k, l := range base[0].Records {
			cp.Records[k] = slices.Clone(l)
		}
		return &cp
	}
	var shapes []*evidence.Evidence
	shapes = append(shapes, clone())
	e := clone()
	slices.Reverse(e.Assessments)
	shapes = append(shapes, e)
	e = clone()
	e.Confirmations = append(e.Confirmations, evidence.Confirmation{Veto: "incident", Assessor: "dw-wang", Confirmed: false, Reason: "复核撤销", Time: "2021-12-22T10:00:00+08:00"})
	shapes = append(shapes, e)
	e = clone()
	e.Confirmations = nil // awaiting its decision
	shapes = append(shapes, e)
	e = clone()
	e.Subject.Category, e.Subject.ID = "production", "b8"
	e.Assessments = append(e.Assessments, evidence.Assessment{Assessor: "zzb-liu", Role: "organisation", Indicator: "assessor_grade", Grade: "良", Reason: "x"})
	slices.Reverse(e.Assessments)
	shapes = append(shapes, e)
	e = clone()
	e.Assessments[0].Points = "99"
	slices.Reverse(e.Assessments)
	shapes = append(shapes, e)
	for k, l := range base[0].Records {
		e = clone()
		e.Records[k] = l[:len(l)/2]
		shapes = append(shapes, e)
	}
	type job struct {
		ev   *evidence.Evidence
		opts Options
		want string
	}
	out := func(s *scheme.Scheme, r *Result, err error) string {
		if err != nil {
			return "error: " + err.Error() + "\n" + scheme.ErrorIn(err, scheme.Chinese)
		}
		b, err := json.Marshal(r)
		require.NoError(t, err)
		x, err := json.Marshal(ExplainResult(s, r))
		require.NoError(t, err)
		y, err := json.Marshal(Rectification(s, r))
		require.NoError(t, err)
		z, err := json.Marshal(r.Score(s))
		require.NoError(t, err)
		return string(b) + "\n" + string(x) + "\n" + string(y) + "\n" + string(z)
	}
	var jobs []job
	for i, ev := range shapes {
		for _, opts := range []Options{{}, {TotalsOnly: true}, {Params: map[string]string{"pass_mark": strconv.Itoa(5 + i%8)}}} {
			own := load()
			r, err := Evaluate(ctx, own, ev, opts)
			if len(opts.Params) > 0 {
				own, _ = own.WithParams(opts.Params)
			}
			jobs = append(jobs, job{ev, opts, out(own, r, err)})
		}
	}
	shared := load()
	type done struct {
		job int
		s   *scheme.Scheme
		r   *Result
		got string
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var all []done
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rr := rand.New(rand.NewPCG(uint64(w), 9))
			var mine []done
			for range 3 {
				for _, i := range rr.Perm(len(jobs)) {
					j := jobs[i]
					s := shared
					if len(j.opts.Params) > 0 {
						var err error
						s, err = shared.WithParams(j.opts.Params)
						if !assert.NoError(t, err, "WithParams %v", j.opts.Params) {
							continue
						}
					}
					r, err := Evaluate(ctx, s, j.ev, j.opts)
					got := out(s, r, err)
					if !assert.Equal(t, j.want, got, "job %d", i) || err != nil {
						continue
					}
					mine = append(mine, done{i, s, r, got})
					d := mine[rr.IntN(len(mine))]
					assert.Equal(t, d.got, out(d.s, d.r, nil), "job %d changed while others were evaluated", d.job)
				}
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, d := range all {
		assert.Equal(t, d.got, out(d.s, d.r, nil), "job %d changed after later evaluations", d.job)
	}
	assert.Greater(t, len(all), len(jobs))
}

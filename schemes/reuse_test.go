package schemes

import (
	"context"
	"encoding/json"
	stdmaps "maps"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResultsOutliveTheNextEvaluation: the engine reuses its evaluators
// and their buffers (a sync.Pool), and carves a result's lists and texts
// from chunks. A result handed to the host must never share memory that
// a later evaluation writes: every sample of every built-in is scored in
// turn, each result's JSON taken at once, and all of them taken again
// after the last evaluation — the same bytes.
func TestResultsOutliveTheNextEvaluation(t *testing.T) {
	ctx := context.Background()
	type kept struct {
		r    *engine.Result
		json string
	}
	var all []kept
	for _, sm := range samples {
		s, err := Load(sm.scheme)
		require.NoError(t, err)
		evs := samplesOf(t, sm.files)
		units := sampleUnits(t, evs)
		for _, opts := range []engine.Options{{Units: units}, {Units: units, TotalsOnly: true}} {
			for _, ev := range evs {
				r, err := engine.Evaluate(ctx, s, ev, opts)
				require.NoError(t, err, ev.Subject.ID)
				b, err := json.Marshal(r)
				require.NoError(t, err)
				all = append(all, kept{r, string(b)})
			}
		}
	}
	require.NotEmpty(t, all)
	for i, k := range all {
		b, err := json.Marshal(k.r)
		require.NoError(t, err)
		assert.Equal(t, k.json, string(b), "result %d (%s %s) changed after later evaluations", i, k.r.Subject.ID, k.r.Period)
	}
}

// TestBindingsOutliveTheNextEvaluation: a binding's arrays go back to its
// scheme when Evaluate returns and the next subject's binding reuses them
// (scheme/bind_pool.go). Up to half a dozen subjects of every sample of every
// built-in, each with a perturbed copy, one with the last record of each
// list dropped, one with an optional fact dropped (and its lists emptied
// when no assessor's entry names a record), and one Bind refuses, are
// first scored on a scheme compiled for each alone: a binding from an
// empty pool, the reference. Then all of them are scored on one scheme a
// built-in, by four goroutines at once, each in its own order, so that
// bindings reuse arrays that held evidence of other shapes. Each result,
// and each error's text, is its reference's; and once all are done,
// every result's JSON and explanation are what they were when it was
// returned, and Verify says of it what it said of its reference: nothing.
func TestBindingsOutliveTheNextEvaluation(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(16, 9))
	type job struct {
		s      *scheme.Scheme // shared by the jobs of a built-in
		ev     *evidence.Evidence
		opts   engine.Options
		want   string // the reference's JSON, or its error
		verify string // what Verify said of the reference's result
	}
	var jobs []job
	for _, sm := range samples {
		shared := mustLoad(t, sm.scheme)
		evs := samplesOf(t, sm.files)
		units := sampleUnits(t, evs)
		var shapes []*evidence.Evidence
		for i := 0; i < len(evs); i += max(1, len(evs)/6) { // half a dozen subjects a sample, at most: each is compiled for
			ev := evs[i]
			shapes = append(shapes, ev, perturb(rng, shared, ev), fewerRecords(ev), sparser(shared, ev), refused(ev))
		}
		for _, ev := range shapes {
			// A scheme of its own: its first binding comes from an empty
			// pool; the second (totals only) reuses that of the same evidence.
			own := mustLoad(t, sm.scheme)
			for _, opts := range []engine.Options{{Units: units}, {Units: units, TotalsOnly: true}} {
				r, err := engine.Evaluate(ctx, own, ev, opts)
				j := job{s: shared, ev: ev, opts: opts, want: outcome(t, r, err)}
				if err == nil {
					j.verify = errText(engine.Verify(ctx, r, own, ev, opts))
					require.Empty(t, j.verify, "%s %s: a fresh result does not verify", ev.Subject.ID, ev.Period)
				}
				jobs = append(jobs, j)
			}
		}
	}
	type done struct {
		job     int
		r       *engine.Result
		json    string
		explain string
	}
	const workers = 4
	var results [workers][]done
	var wg sync.WaitGroup
	for w := range workers {
		order := rng.Perm(len(jobs))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, i := range order {
				j := jobs[i]
				r, err := engine.Evaluate(ctx, j.s, j.ev, j.opts)
				got := outcome(t, r, err)
				if !assert.Equal(t, j.want, got, "job %d (%s %s) on a shared scheme", i, j.ev.Subject.ID, j.ev.Period) || err != nil {
					continue
				}
				results[w] = append(results[w], done{i, r, got, explanation(t, j.s, r)})
			}
		}()
	}
	wg.Wait()
	n := 0
	for w, rs := range results {
		for _, d := range rs {
			j := jobs[d.job]
			assert.Equal(t, d.json, outcome(t, d.r, nil), "job %d (%s %s): the result changed after later evaluations", d.job, j.ev.Subject.ID, j.ev.Period)
			assert.Equal(t, d.explain, explanation(t, j.s, d.r), "job %d (%s %s): its explanation changed", d.job, j.ev.Subject.ID, j.ev.Period)
			if w == 0 { // one worker's: Verify evaluates again
				assert.Equal(t, j.verify, errText(engine.Verify(ctx, d.r, j.s, j.ev, j.opts)), "job %d (%s %s): Verify", d.job, j.ev.Subject.ID, j.ev.Period)
			}
			n++
		}
	}
	assert.Greater(t, n, len(jobs), "most jobs give a result")
}

// errText is err's text, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// outcome is r's JSON, or err's text.
func outcome(t *testing.T, r *engine.Result, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	b, err := json.Marshal(r)
	assert.NoError(t, err)
	return string(b)
}

// explanation is r's explanation, as JSON.
func explanation(t *testing.T, s *scheme.Scheme, r *engine.Result) string {
	b, err := json.Marshal(engine.ExplainResult(s, r))
	assert.NoError(t, err)
	return string(b)
}

// fewerRecords is ev with the last record of each list dropped (an
// assessor's entry on it then names no record: an evidence error).
func fewerRecords(ev *evidence.Evidence) *evidence.Evidence {
	cp := *ev
	cp.Records = map[string][]evidence.Record{}
	for k, list := range ev.Records {
		cp.Records[k] = list[:max(len(list)-1, 0)]
	}
	return &cp
}

// sparser is ev without its first optional fact (read as its default),
// without the optional fields of every other record, and, when no
// assessor's entry names a record, with every list emptied.
func sparser(s *scheme.Scheme, ev *evidence.Evidence) *evidence.Evidence {
	cp := *ev
	cp.Facts = stdmaps.Clone(ev.Facts)
	for _, in := range s.Inputs() {
		if _, ok := cp.Facts[in.Name]; ok && !in.Required {
			delete(cp.Facts, in.Name)
			break
		}
	}
	onRecords := slices.ContainsFunc(ev.Assessments, func(a evidence.Assessment) bool { return a.Record != "" })
	cp.Records = map[string][]evidence.Record{}
	for k, list := range ev.Records {
		if !onRecords {
			cp.Records[k] = nil
			continue
		}
		in := s.Input(k)
		out := slices.Clone(list)
		for i := 0; in != nil && i < len(out); i += 2 {
			out[i].Fields = stdmaps.Clone(out[i].Fields)
			for _, f := range in.Fields {
				if f.Optional {
					delete(out[i].Fields, f.Name)
				}
			}
		}
		cp.Records[k] = out
	}
	return &cp
}

// refused is ev with a fact the scheme does not declare: Bind refuses it.
func refused(ev *evidence.Evidence) *evidence.Evidence {
	cp := *ev
	cp.Facts = stdmaps.Clone(ev.Facts)
	if cp.Facts == nil {
		cp.Facts = map[string]any{}
	}
	cp.Facts["no_such_fact"] = json.Number("1")
	return &cp
}

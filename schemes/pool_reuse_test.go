package schemes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review of the binding pool (s9-review2). Every output that outlives
// Evaluate — a result's JSON, its explanation and rectification, an
// error's text in English and Chinese (the Chinese is rendered again from
// the arguments msg.Errorf kept), every EvidenceError problem's Chinese
// text, a ranking and its ledger — is taken at once, and again once many
// other subjects of other shapes have been scored on the same schemes
// (and WithParams copies of them, which share the layout and its pool),
// by several goroutines at once, some of them cancelled part way.

// poolOutputs is everything kept of one evaluation.
type poolOutputs struct {
	outcome, explain, rectify, en, zh, problems string
}

func poolOutputsOf(t *testing.T, s *scheme.Scheme, r *engine.Result, err error) poolOutputs {
	o := poolOutputs{outcome: outcome(t, r, err)}
	if err != nil {
		o.en, o.zh = scheme.ErrorIn(err, scheme.English), scheme.ErrorIn(err, scheme.Chinese)
		var ee *scheme.EvidenceError
		if errors.As(err, &ee) {
			for _, p := range ee.Problems {
				o.problems += p.Path + ": " + p.Text(scheme.Chinese) + " / " + p.Text(scheme.English) + "\n"
			}
		}
		return o
	}
	o.explain = explanation(t, s, r)
	b, jerr := json.Marshal(engine.Rectification(s, r))
	assert.NoError(t, jerr)
	o.rectify = string(b)
	return o
}

// cloneEv copies ev deeply enough for the variants to change it.
// idsAlsoInChinese: every assessor or record id of evs that an error's
// English names (English is rendered when the error is made), its
// Chinese names too (rendered now, from the arguments the error kept): an
// argument read from a binding given back would have lost it.
func idsAlsoInChinese(t *testing.T, evs []*evidence.Evidence, en, zh string) {
	t.Helper()
	seen := map[string]bool{}
	for _, ev := range evs {
		var ids []string
		for _, a := range ev.Assessments {
			ids = append(ids, a.Assessor+" ")
		}
		for _, l := range ev.Records {
			for _, r := range l {
				ids = append(ids, " "+r.ID)
			}
		}
		for _, id := range ids {
			if len(strings.TrimSpace(id)) > 1 && !seen[id] && strings.Contains(en, id) {
				seen[id] = true
				assert.Contains(t, zh, strings.TrimSpace(id), "the Chinese of %q", en)
			}
		}
	}
}

func cloneEv(ev *evidence.Evidence) *evidence.Evidence {
	cp := *ev
	cp.Assessments = slices.Clone(ev.Assessments)
	cp.Records = map[string][]evidence.Record{}
	for k, l := range ev.Records {
		cp.Records[k] = slices.Clone(l)
	}
	return &cp
}

// poolVariants are shapes the samples do not show: assessor entries in
// reverse order (sorted into the pooled array), points out of range, an
// entry twice, a field out of its type or bounds (an evidence error whose
// problems keep their arguments), a list twice as long.
func poolVariants(s *scheme.Scheme, ev *evidence.Evidence) []*evidence.Evidence {
	var out []*evidence.Evidence
	if len(ev.Assessments) > 1 {
		cp := cloneEv(ev)
		slices.Reverse(cp.Assessments)
		out = append(out, cp)
		cp = cloneEv(ev)
		cp.Assessments = append(cp.Assessments, cp.Assessments[0])
		slices.Reverse(cp.Assessments)
		out = append(out, cp)
	}
	for i, a := range ev.Assessments {
		if a.Points != "" {
			cp := cloneEv(ev)
			cp.Assessments[i].Points = "100000.5"
			slices.Reverse(cp.Assessments)
			out = append(out, cp)
			break
		}
	}
	for _, in := range s.Inputs() {
		recs := ev.Records[in.Name]
		if len(recs) == 0 {
			continue
		}
		for _, f := range in.Fields {
			if f.Type != scheme.DecimalType && f.Type != scheme.IntType {
				continue
			}
			for _, v := range []any{json.Number("-123456789012345678901234567.5"), "six", json.Number("1e400")} {
				cp := cloneEv(ev)
				r := &cp.Records[in.Name][len(recs)-1]
				fields := map[string]any{}
				for k, x := range r.Fields {
					fields[k] = x
				}
				fields[f.Name] = v
				r.Fields = fields
				out = append(out, cp)
			}
			break
		}
		cp := cloneEv(ev)
		long := slices.Clone(recs)
		for _, r := range recs {
			r.ID += "-b"
			long = append(long, r)
		}
		cp.Records[in.Name] = long
		out = append(out, cp)
		break
	}
	return out
}

// flipCtx is a context that reports itself cancelled from its n-th Err
// on: an evaluation stopped part way, whose binding goes back to the pool.
type flipCtx struct {
	context.Context
	n    atomic.Int64
	done chan struct{}
	once sync.Once
}

func newFlipCtx(n int64) *flipCtx {
	c := &flipCtx{Context: context.Background(), done: make(chan struct{})}
	c.n.Store(n)
	return c
}

func (c *flipCtx) Err() error {
	if c.n.Add(-1) <= 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	return nil
}
func (c *flipCtx) Done() <-chan struct{} { return c.done }

func TestPoolReuseOutputsOutliveLaterEvaluations(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 16))
	type job struct {
		s    *scheme.Scheme
		ev   *evidence.Evidence
		opts engine.Options
		want poolOutputs
	}
	var jobs []job
	for _, sm := range samples {
		shared := mustLoad(t, sm.scheme)
		evs := samplesOf(t, sm.files)
		units := sampleUnits(t, evs)
		var params []map[string]string
		params = append(params, nil)
		for _, p := range shared.Params() {
			if p.Type == scheme.DecimalType {
				params = append(params, map[string]string{p.Name: "7.25"}, map[string]string{p.Name: "0"})
				break
			}
		}
		var shapes []*evidence.Evidence
		for i := 0; i < len(evs); i += max(1, len(evs)/3) {
			ev := evs[i]
			shapes = append(shapes, ev, perturb(rng, shared, ev), refused(ev), sparser(shared, ev), fewerRecords(ev))
			shapes = append(shapes, poolVariants(shared, ev)...)
		}
		for si, ev := range shapes {
			own := mustLoad(t, sm.scheme)
			for _, opts := range []engine.Options{{Units: units}, {Units: units, TotalsOnly: true}} {
				opts.Params = params[si%len(params)]
				r, err := engine.Evaluate(ctx, own, ev, opts)
				w := poolOutputsOf(t, own, r, err)
				if err != nil {
					idsAlsoInChinese(t, []*evidence.Evidence{ev}, w.en, w.zh)
				}
				jobs = append(jobs, job{s: shared, ev: ev, opts: opts, want: w})
			}
		}
	}
	// The tingnan month with the ledger of the month before: carried in.
	if f, err := os.Open(filepath.Join("..", "examples", "data", "ledgers", "tingnan-2017-02.json")); err == nil {
		led, err := engine.DecodeLedger(f)
		f.Close()
		require.NoError(t, err)
		shared := mustLoad(t, "tingnan-2017")
		for _, ev := range samplesOf(t, []string{"tingnan-2017/2017-03-*.json"}) {
			own := mustLoad(t, "tingnan-2017")
			opts := engine.Options{Ledger: led}
			r, err := engine.Evaluate(ctx, own, ev, opts)
			jobs = append(jobs, job{s: shared, ev: ev, opts: opts, want: poolOutputsOf(t, own, r, err)})
		}
	}
	nerr := 0
	for _, j := range jobs {
		if j.want.en != "" {
			nerr++
		}
	}
	t.Logf("%d jobs, %d of them errors", len(jobs), nerr)

	type done struct {
		job int
		r   *engine.Result
		err error
		got poolOutputs
	}
	const workers = 4
	var results [workers][]done
	var wg sync.WaitGroup
	for w := range workers {
		order := rng.Perm(len(jobs))
		seed := rng.Uint64()
		wg.Add(1)
		go func() {
			defer wg.Done()
			rr := rand.New(rand.NewPCG(seed, 1))
			for _, i := range order {
				j := jobs[i]
				if rr.IntN(3) == 0 { // a decoy stopped part way, its binding given back
					engine.Evaluate(newFlipCtx(1+rr.Int64N(40)), j.s, j.ev, j.opts)
				}
				r, err := engine.Evaluate(ctx, j.s, j.ev, j.opts)
				got := poolOutputsOf(t, j.s, r, err)
				if !assert.Equal(t, j.want, got, "job %d (%s %s) on a shared scheme", i, j.ev.Subject.ID, j.ev.Period) {
					continue
				}
				results[w] = append(results[w], done{i, r, err, got})
				// Read an earlier one again while the other workers
				// evaluate: memory of a binding given back would now hold
				// another subject's evidence (and -race would see it).
				for range 1 {
					d := results[w][rr.IntN(len(results[w]))]
					jd := jobs[d.job]
					assert.Equal(t, d.got, poolOutputsOf(t, jd.s, d.r, d.err), "job %d (%s %s): changed while others were evaluated", d.job, jd.ev.Subject.ID, jd.ev.Period)
				}
			}
		}()
	}
	// Meanwhile, batches reusing their results, ranked, on the same schemes.
	type ranked struct{ s, ledger string }
	var rankings []ranked
	var rankedScores []*engine.Ranking
	var rmu sync.Mutex
	for _, sm := range samples[:3] {
		s := jobs[0].s
		for _, j := range jobs {
			if j.s.ID() == sm.scheme {
				s = j.s
				break
			}
		}
		evs := samplesOf(t, sm.files)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, reuse := range []bool{true, false} {
				byPeriod := map[string][]*evidence.Evidence{}
				for _, ev := range evs {
					byPeriod[ev.Period] = append(byPeriod[ev.Period], ev)
				}
				for p, list := range byPeriod {
					sc, err := engine.BatchScores(ctx, s, evSeq(list), engine.BatchOptions{Workers: 2, ReuseResults: reuse}, nil)
					if err != nil {
						continue
					}
					rk, err := engine.RankScores(s, p, sc, nil)
					if err != nil {
						continue
					}
					b, _ := json.Marshal(rk)
					lb, _ := json.Marshal(rk.Ledger)
					rmu.Lock()
					rankings = append(rankings, ranked{string(b), string(lb)})
					rankedScores = append(rankedScores, rk)
					rmu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	// And a last round alone, after them all.
	for _, i := range rng.Perm(len(jobs)) {
		j := jobs[i]
		engine.Evaluate(ctx, j.s, j.ev, j.opts)
	}
	n := 0
	for _, rs := range results {
		for _, d := range rs {
			j := jobs[d.job]
			assert.Equal(t, d.got, poolOutputsOf(t, j.s, d.r, d.err), "job %d (%s %s): changed after later evaluations", d.job, j.ev.Subject.ID, j.ev.Period)
			n++
		}
	}
	for i, rk := range rankedScores {
		b, _ := json.Marshal(rk)
		lb, _ := json.Marshal(rk.Ledger)
		assert.Equal(t, rankings[i], ranked{string(b), string(lb)}, "ranking %d changed", i)
	}
	assert.Greater(t, n, len(jobs), "most jobs come back")
	t.Logf("%d outputs rechecked, %d rankings", n, len(rankings))
}

// TestPoolReuseCancelledThenReused: an evaluation cancelled at every
// point it checks its context gives its binding back; the next
// evaluation on the scheme (which takes that binding) is its reference's.
func TestPoolReuseCancelledThenReused(t *testing.T) {
	ctx := context.Background()
	for _, sm := range samples {
		s := mustLoad(t, sm.scheme)
		evs := samplesOf(t, sm.files)
		units := sampleUnits(t, evs)
		opts := engine.Options{Units: units}
		want := map[int]string{}
		for i, ev := range evs {
			r, err := engine.Evaluate(ctx, mustLoad(t, sm.scheme), ev, opts)
			want[i] = outcome(t, r, err)
		}
		for k := int64(1); k < 200; k += 3 {
			a, b := int(k)%len(evs), (int(k)+1)%len(evs)
			_, cerr := engine.Evaluate(newFlipCtx(k), s, evs[a], opts)
			r, err := engine.Evaluate(ctx, s, evs[b], opts)
			require.Equal(t, want[b], outcome(t, r, err), "%s: after a cancel at check %d (%v)", sm.name, k, cerr)
			if cerr == nil {
				break
			}
		}
	}
}

func evSeq(list []*evidence.Evidence) func(func(*evidence.Evidence, error) bool) {
	return func(yield func(*evidence.Evidence, error) bool) {
		for _, ev := range list {
			if !yield(ev, nil) {
				return
			}
		}
	}
}

// constructsBig is scheme/testdata/good/constructs.yaml with room for
// lists far past what a binding keeps for the next (maxKeptValues, 16k
// values: 2100 contests of 8 values and 1050 findings are 22k).
func constructsBig(t *testing.T) *scheme.Scheme {
	src, err := os.ReadFile(filepath.Join("..", "scheme", "testdata", "good", "constructs.yaml"))
	require.NoError(t, err)
	y := strings.Replace(string(src), "    type: list\n    max: 30\n", "    type: list\n    max: 4000\n", 1)
	y = strings.Replace(y, "    type: list\n    max: 20\n", "    type: list\n    max: 4000\n", 1)
	y = strings.Replace(y, "limits: {cost: 50000}", "limits: {cost: 50000000}", 1)
	s, err := scheme.Compile("constructs-big.yaml", []byte(y), scheme.WithLimits(scheme.Limits{Cost: 1 << 40, Budget: 1 << 50}))
	require.NoError(t, err)
	return s
}

// bigSample is a subject of n contests, every one assessed, the entries
// in reverse order (sorted into the binding's array), and n/2 findings.
func bigSample(n int, id string) *evidence.Evidence {
	recs := make([]evidence.Record, n)
	var as []evidence.Assessment
	for i := range recs {
		f := map[string]any{"participants": json.Number(strconv.Itoa(3 + i%5)), "uniform_dress": i%2 == 0, "grade": []string{"a", "b"}[i%2]}
		if i%3 == 0 {
			f["value"] = json.Number(strconv.Itoa(i * 7))
		}
		docs := []string{"plan"}
		if i%4 != 0 {
			docs = []string{"request", "plan"}
		}
		recs[i] = evidence.Record{ID: fmt.Sprintf("%s-K%d", id, i), Date: "2023-05-01", Documents: docs, Fields: f}
		as = append(as, evidence.Assessment{Indicator: "assessed_record", Record: recs[i].ID, Assessor: "A" + id, Reason: "r", Points: json.Number(strconv.Itoa(2 + i%4))})
	}
	slices.Reverse(as)
	as = append(as, evidence.Assessment{Indicator: "highlight", Assessor: "H" + id, Reason: "h", Points: "2"},
		evidence.Assessment{Indicator: "assessor_grade", Assessor: "G" + id, Reason: "g", Grade: "良"})
	var finds []evidence.Record
	for i := range n / 2 {
		finds = append(finds, evidence.Record{ID: fmt.Sprintf("F%d", i), Date: "2023-06-01", Fields: map[string]any{"topic": fmt.Sprintf("t%d", i%7)}})
	}
	return &evidence.Evidence{
		Subject: evidence.Subject{ID: id, Name: "支部" + id, Kind: "branch", Category: "production"},
		Period:  "2023",
		Facts: map[string]any{"completion": json.Number(strconv.Itoa(90 + n%20)), "attendance": json.Number("88"), "members": json.Number(strconv.Itoa(n % 9)),
			"secretary": "张" + id, "rating": "优"},
		Records:     map[string][]evidence.Record{"contests": recs, "findings": finds},
		Chosen:      map[string][]string{"individual": {"news"}},
		Assessments: as,
	}
}

// TestPoolReuseLargeAndSmallAlternate: bindings past the size the pool
// keeps (given to the collector) and small ones (kept), on one scheme and
// WithParams copies, by four goroutines; every output as its reference
// from a scheme of its own, and again after all of them.
func TestPoolReuseLargeAndSmallAlternate(t *testing.T) {
	ctx := context.Background()
	shared := constructsBig(t)
	sizes := []int{0, 1, 3, 2100, 2, 17, 5, 40}
	type job struct {
		ev   *evidence.Evidence
		opts engine.Options
		want poolOutputs
	}
	var jobs []job
	for i, n := range sizes {
		ev := bigSample(n, fmt.Sprintf("b%d", i))
		for _, opts := range []engine.Options{{}, {TotalsOnly: true}, {Params: map[string]string{"news_per_month": strconv.Itoa(i)}}} {
			own := constructsBig(t)
			r, err := engine.Evaluate(ctx, own, ev, opts)
			require.NoError(t, err, "size %d", n)
			jobs = append(jobs, job{ev, opts, poolOutputsOf(t, own, r, err)})
		}
		// Refused after its entries were sorted into the binding's array
		// (a pool choice checked after them): the binding goes back at once.
		bad := bigSample(n, fmt.Sprintf("x%d", i))
		bad.Chosen = map[string][]string{"individual": {"nope"}}
		r, err := engine.Evaluate(ctx, constructsBig(t), bad, engine.Options{})
		require.Error(t, err)
		jobs = append(jobs, job{bad, engine.Options{}, poolOutputsOf(t, nil, r, err)})
	}
	type done struct {
		job int
		r   *engine.Result
		got poolOutputs
	}
	var mu sync.Mutex
	var all []done
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rr := rand.New(rand.NewPCG(uint64(w), 3))
			for range 1 {
				for _, i := range rr.Perm(len(jobs)) {
					j := jobs[i]
					r, err := engine.Evaluate(ctx, shared, j.ev, j.opts)
					got := poolOutputsOf(t, shared, r, err)
					if assert.Equal(t, j.want, got, "job %d", i) && err == nil {
						mu.Lock()
						all = append(all, done{i, r, got})
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	n := 0
	for _, d := range all {
		assert.Equal(t, d.got, poolOutputsOf(t, shared, d.r, nil), "job %d changed after later evaluations", d.job)
		n++
	}
	assert.Positive(t, n)
}

// TestPoolReuseBatchErrorsOutlive: a batch that reuses its results (a
// nil emit: always), with items refused by Bind and items that fail while
// scored (after their result's memory was taken over), keeps the errors
// of the items that failed: their texts, in both languages, are what they
// were once later batches have run on the same scheme.
func TestPoolReuseBatchErrorsOutlive(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 5))
	type kept struct {
		err    error
		en, zh string
	}
	var all []kept
	loaded := map[string]*scheme.Scheme{}
	for _, sm := range samples {
		s := loaded[sm.scheme]
		if s == nil {
			s = mustLoad(t, sm.scheme)
			loaded[sm.scheme] = s
		}
		evs := samplesOf(t, sm.files)
		var mixed []*evidence.Evidence
		for i, ev := range evs {
			switch i % 3 {
			case 0:
				mixed = append(mixed, ev)
			case 1:
				mixed = append(mixed, refused(ev))
			default:
				v := poolVariants(s, ev)
				if len(v) > 0 {
					mixed = append(mixed, v[rng.IntN(len(v))])
				} else {
					mixed = append(mixed, perturb(rng, s, ev))
				}
			}
		}
		for _, workers := range []int{1, 3} {
			sc, err := engine.BatchScores(ctx, s, evSeq(mixed), engine.BatchOptions{Workers: workers, ReuseResults: true}, nil)
			if err == nil {
				continue
			}
			_ = sc
			k := kept{err, err.Error(), scheme.ErrorIn(err, scheme.Chinese)}
			idsAlsoInChinese(t, mixed, k.en, k.zh)
			all = append(all, k)
		}
	}
	require.NotEmpty(t, all)
	// Later batches, on the same schemes and on others, while the texts
	// are rendered again (and once they are done).
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 3 {
			for _, sm := range samples {
				evs := samplesOf(t, sm.files)
				engine.BatchScores(ctx, loaded[sm.scheme], evSeq(evs), engine.BatchOptions{Workers: 3, ReuseResults: true}, nil)
			}
		}
	}()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		for i, k := range all {
			assert.Equal(t, k.en, k.err.Error(), "batch error %d changed", i)
			assert.Equal(t, k.zh, scheme.ErrorIn(k.err, scheme.Chinese), "batch error %d changed in Chinese", i)
		}
	}
}

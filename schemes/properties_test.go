package schemes

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/internal/synth"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleEvidence is every sample document a built-in scheme scores.
func sampleEvidence(t testing.TB, id string) []*evidence.Evidence {
	t.Helper()
	dir := filepath.Dir("../examples/data/" + benchEvidence[id])
	files, _ := filepath.Glob(dir + "/*.json")
	more, _ := filepath.Glob(dir + "/year/2017-*.json")
	var out []*evidence.Evidence
	for _, f := range append(files, more...) {
		evs, err := evidence.ReadFile(f)
		require.NoError(t, err, f)
		out = append(out, evs...)
	}
	return out
}

// sampleUnits indexes sample evidence for links, keeping the first
// document of each subject and period: tingnan-2017's March is both in
// its own files, read first, and in year/2017-03.json with other figures,
// and engine.Index rightly refuses to choose between them.
func sampleUnits(t testing.TB, evs []*evidence.Evidence) func(subjectID, period string) (*evidence.Evidence, bool) {
	t.Helper()
	seen := map[[2]string]bool{}
	var first []*evidence.Evidence
	for _, ev := range evs {
		if key := [2]string{ev.Subject.ID, ev.Period}; !seen[key] {
			seen[key] = true
			first = append(first, ev)
		}
	}
	units, err := engine.Index(first)
	require.NoError(t, err)
	return units
}

// samplesOf reads the evidence of a sample's files (globs under
// examples/data), in file order.
func samplesOf(t testing.TB, files []string) []*evidence.Evidence {
	t.Helper()
	var evs []*evidence.Evidence
	for _, g := range files {
		paths, _ := filepath.Glob(filepath.Join("..", "examples", "data", g))
		require.NotEmpty(t, paths, g)
		sort.Strings(paths)
		for _, p := range paths {
			got, err := evidence.ReadFile(p)
			require.NoError(t, err, p)
			evs = append(evs, got...)
		}
	}
	return evs
}

func mustLoad(t testing.TB, id string) *scheme.Scheme {
	t.Helper()
	sc, err := Load(id)
	require.NoError(t, err)
	return sc
}

// perturb returns a copy of ev with its numbers moved at random (between
// zero and twice the value, at up to two decimal places) and its yes/no
// fields flipped now and then: evidence the samples do not show.
func perturb(rng *rand.Rand, sc *scheme.Scheme, ev *evidence.Evidence) *evidence.Evidence {
	num := func(v any) any {
		switch x := v.(type) {
		case json.Number:
			d, err := decimal.NewFromString(string(x))
			if err != nil {
				return v
			}
			if d.IsInteger() {
				return json.Number(strconv.FormatInt(rng.Int64N(2*d.Abs().IntPart()+3), 10))
			}
			return json.Number(decimal.New(rng.Int64N(2*d.Abs().Shift(2).IntPart()+3), -2).String())
		case bool:
			if rng.IntN(4) == 0 {
				return !x
			}
		}
		return v
	}
	cp := *ev
	cp.Facts = map[string]any{}
	for k, v := range ev.Facts {
		cp.Facts[k] = num(v)
	}
	cp.Records = map[string][]evidence.Record{}
	for k, list := range ev.Records {
		out := make([]evidence.Record, len(list))
		for i, r := range list {
			r.Fields = maps(r.Fields, num)
			out[i] = r
		}
		cp.Records[k] = out
	}
	// An assessor's points anywhere in the indicator's declared range.
	cp.Assessments = append([]evidence.Assessment(nil), ev.Assessments...)
	for i, a := range cp.Assessments {
		ind := sc.Indicator(a.Indicator)
		if ind == nil || ind.Discretionary == nil || a.Points == "" {
			continue
		}
		lo, ok1 := sc.Const(ind.Discretionary.Min)
		hi, ok2 := sc.Const(ind.Discretionary.Max)
		if ok1 && ok2 && hi.GreaterThan(lo) {
			span := hi.Sub(lo).Shift(1).IntPart()
			cp.Assessments[i].Points = json.Number(lo.Add(decimal.New(rng.Int64N(span+1), -1)).String())
		}
	}
	return &cp
}

func maps(m map[string]any, f func(any) any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = f(v)
	}
	return out
}

// TestProperties holds every result over the sample evidence of every
// built-in scheme, random perturbations of it and 2,000 generated
// tingnan branch-months to what a committee relies on:
//   - an indicator's or a section's points never exceed its cap nor fall
//     below its floor, a bonus never exceeds its bonus cap, and the total
//     stays within the scheme's total cap and floor;
//   - a section's contribution is its points × its weight, exactly, and
//     the total before capping and rounding is the sum of the
//     contributions (of the rounds', when rounds combine on the total),
//     exactly;
//   - the same evidence gives the same bytes, also after a JSON round
//     trip of the evidence.
func TestProperties(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(2017, 3))
	checked := 0
	limits := map[engine.StepKind]int{}
	type source struct {
		sc  *scheme.Scheme
		evs []*evidence.Evidence
	}
	var sources []source
	for _, id := range IDs() {
		sources = append(sources, source{mustLoad(t, id), sampleEvidence(t, id)})
	}
	// The engine's test scheme has caps, floors and a bonus cap in reach,
	// which no built-in has.
	full, err := scheme.CompileFile("../engine/testdata/full.yaml")
	require.NoError(t, err)
	fullEvs, err := evidence.ReadFile("../engine/testdata/full-2021.json")
	require.NoError(t, err)
	sources = append(sources, source{full, fullEvs})
	for _, src := range sources {
		sc, evs, id := src.sc, src.evs, src.sc.ID()
		units := sampleUnits(t, evs)
		var all []*evidence.Evidence
		for _, ev := range evs {
			all = append(all, ev)
			for range 50 {
				all = append(all, perturb(rng, sc, ev))
			}
		}
		if id == "tingnan-2017" {
			for ev := range synth.Tingnan(7, "2017-06", 2000) {
				all = append(all, ev)
			}
		}
		for _, ev := range all {
			r, err := engine.Evaluate(ctx, sc, ev, engine.Options{Units: units})
			if err != nil {
				continue // a perturbed document may be refused; TestBadEvidence covers refusals
			}
			checkResult(t, sc, r)
			for _, st := range r.Audit.All() {
				limits[st.Kind]++
			}
			again, err := engine.Evaluate(ctx, sc, roundTrip(t, ev), engine.Options{Units: units})
			require.NoError(t, err)
			require.Equal(t, js(t, r), js(t, again), "%s %s: not deterministic", id, ev.Subject.ID)
			checked++
		}
	}
	assert.Greater(t, checked, 2500)
	assert.NotZero(t, limits[engine.StepCap], "some results were capped")
	assert.NotZero(t, limits[engine.StepFloor], "some results met a floor")
}

func checkResult(t *testing.T, sc *scheme.Scheme, r *engine.Result) {
	t.Helper()
	where := r.Scheme.ID + " " + r.Subject.ID + " " + r.Period
	for _, ir := range r.Indicators {
		ind := sc.Indicator(ir.ID)
		if c, ok := sc.Const(ind.Cap); ind.Cap != nil && ok {
			assert.True(t, ir.Points.Decimal().LessThanOrEqual(c), "%s %s: %s over its cap %s", where, ir.ID, ir.Points, c)
		}
		if f, ok := sc.Const(ind.Floor); ind.Floor != nil && ok {
			assert.True(t, ir.Points.Decimal().GreaterThanOrEqual(f), "%s %s: %s under its floor %s", where, ir.ID, ir.Points, f)
		}
	}
	tot := sc.Total()
	if c, ok := sc.Const(tot.Cap); tot.Cap != nil && ok {
		assert.True(t, r.Total.Decimal().LessThanOrEqual(c), "%s: total %s over the cap %s", where, r.Total, c)
	}
	if f, ok := sc.Const(tot.Floor); tot.Floor != nil && ok {
		assert.True(t, r.Total.Decimal().GreaterThanOrEqual(f), "%s: total %s under the floor %s", where, r.Total, f)
	}
	bonus := map[string]decimal.Decimal{}
	for _, st := range r.Audit.All() {
		if st.Kind == engine.StepBonus {
			bonus[st.Round+"/"+st.Section] = st.Points.Decimal()
		}
	}
	for _, sr := range r.Sections {
		for _, sec := range sc.Sections() {
			if sec.ID != sr.ID {
				continue
			}
			inside := sr.Points.Decimal().Sub(bonus[sr.Round+"/"+sr.ID])
			if c, ok := sc.Const(sec.Cap); sec.Cap != nil && ok {
				assert.True(t, inside.LessThanOrEqual(c), "%s section %s: %s over its cap %s", where, sr.ID, inside, c)
			}
			if f, ok := sc.Const(sec.Floor); sec.Floor != nil && ok {
				assert.True(t, inside.GreaterThanOrEqual(f), "%s section %s: %s under its floor %s", where, sr.ID, inside, f)
			}
			if c, ok := sc.Const(sec.BonusCap); sec.BonusCap != nil && ok {
				assert.True(t, bonus[sr.Round+"/"+sr.ID].LessThanOrEqual(c), "%s section %s: bonus over its cap %s", where, sr.ID, c)
			}
		}
	}
	perRound := map[string]decimal.Decimal{}
	for _, sec := range r.Sections {
		assert.True(t, sec.Contribution.Decimal().Equal(sec.Points.Decimal().Mul(sec.Weight.Decimal())),
			"%s section %s: %s × %s ≠ %s", where, sec.ID, sec.Points, sec.Weight, sec.Contribution)
		perRound[sec.Round] = perRound[sec.Round].Add(sec.Contribution.Decimal())
	}
	var before *decimal.Decimal
	for _, st := range r.Audit.All() {
		if st.Kind == engine.StepTotal {
			d := st.Points.Decimal()
			before = &d
		}
	}
	require.NotNil(t, before, "%s: no total step", where)
	sum := decimal.Zero
	if len(r.Rounds) > 0 && perRound[""].IsZero() {
		for _, rd := range r.Rounds {
			assert.True(t, rd.Points.Decimal().Equal(perRound[rd.ID]) || rd.StandsIn != "",
				"%s round %s: %s ≠ the sum of its sections %s", where, rd.ID, rd.Points, perRound[rd.ID])
			sum = sum.Add(rd.Contribution.Decimal())
		}
	} else {
		sum = perRound[""]
	}
	assert.True(t, before.Equal(sum), "%s: total %s ≠ the sum of the contributions %s", where, before, sum)
}

func js(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func roundTrip(t testing.TB, ev *evidence.Evidence) *evidence.Evidence {
	var b bytes.Buffer
	require.NoError(t, evidence.Encode(&b, ev))
	evs, err := evidence.Decode(&b)
	require.NoError(t, err)
	return evs[0]
}

// TestBandsMonotone: where a scheme declares an indicator's bands
// monotone, more of the measure never earns fewer points (increasing) or
// more (decreasing), checked at every band edge, just either side of it,
// and at random points between.
func TestBandsMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 10))
	n := 0
	for _, id := range IDs() {
		sc := mustLoad(t, id)
		for _, ind := range sc.Indicators() {
			if ind.Monotone == "" || len(ind.Bands) == 0 {
				continue
			}
			var probes []decimal.Decimal
			eps := decimal.New(1, -4)
			for _, b := range ind.Bands {
				for _, e := range []*scheme.Expr{b.Range.Lo, b.Range.Hi} {
					if v, ok := sc.Const(e); e != nil && ok {
						probes = append(probes, v.Sub(eps), v, v.Add(eps))
					}
				}
			}
			for range 200 {
				probes = append(probes, decimal.New(rng.Int64N(4_000_000)-2_000_000, -2))
			}
			type pt struct{ m, p decimal.Decimal }
			var pts []pt
			for _, m := range probes {
				b, ok := plan.Band(sc, ind, scheme.ExactOf(m))
				if !ok {
					continue
				}
				p, _ := sc.Const(b.Points)
				pts = append(pts, pt{m, p})
			}
			for i := range pts {
				for j := range pts {
					if !pts[i].m.LessThan(pts[j].m) {
						continue
					}
					if ind.Monotone == "increasing" {
						require.True(t, pts[i].p.LessThanOrEqual(pts[j].p), "%s %s: %s earns %s, %s earns %s", id, ind.ID, pts[i].m, pts[i].p, pts[j].m, pts[j].p)
					} else {
						require.True(t, pts[i].p.GreaterThanOrEqual(pts[j].p), "%s %s: %s earns %s, %s earns %s", id, ind.ID, pts[i].m, pts[i].p, pts[j].m, pts[j].p)
					}
				}
			}
			n++
		}
	}
	assert.GreaterOrEqual(t, n, 2, "tingnan's A2 and B1 at least")
}

// TestConcurrentEvaluation scores the sample evidence of every built-in
// from eight goroutines sharing the compiled schemes (under -race in CI)
// and wants the results a single goroutine gets.
func TestConcurrentEvaluation(t *testing.T) {
	ctx := context.Background()
	type job struct {
		sc    *scheme.Scheme
		ev    *evidence.Evidence
		units func(string, string) (*evidence.Evidence, bool)
		want  string
	}
	var jobs []job
	for _, id := range IDs() {
		sc := mustLoad(t, id)
		evs := sampleEvidence(t, id)
		units := sampleUnits(t, evs)
		for _, ev := range evs {
			r, err := engine.Evaluate(ctx, sc, ev, engine.Options{Units: units})
			if err != nil {
				continue
			}
			jobs = append(jobs, job{sc, ev, units, js(t, r)})
		}
	}
	require.NotEmpty(t, jobs)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				j := jobs[(k+g*7)%len(jobs)]
				r, err := engine.Evaluate(ctx, j.sc, j.ev, engine.Options{Units: j.units})
				if err != nil {
					errs <- err.Error()
					return
				}
				b, _ := json.Marshal(r)
				if string(b) != j.want {
					errs <- "a result differs under concurrency: " + j.ev.Subject.ID
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

package scheme_test

import (
	"path/filepath"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/stress"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoopCostWithinEstimate: a comprehension runs without CEL's cost
// tracker because its static estimate (lists at their declared max)
// already bounds what it costs. This holds the claim to what the tracker
// measures: over the built-in schemes' sample evidence and the adversarial
// corpus (comprehensions at the cost limit over the longest text), no
// comprehension costs more than its estimate.
func TestLoopCostWithinEstimate(t *testing.T) {
	type run struct {
		name string
		s    *scheme.Scheme
		evs  []*evidence.Evidence
		min  int // comprehension runs the case must measure, so that it tests something
	}
	var runs []run
	for _, id := range schemes.IDs() {
		s, err := schemes.Load(id)
		require.NoError(t, err)
		dir := id
		if id == "standardization-company" || id == "standardization-committee" {
			dir = "standardization"
		}
		files, err := filepath.Glob(filepath.Join("../examples/data", dir, "*.json"))
		require.NoError(t, err)
		var evs []*evidence.Evidence
		for _, f := range files {
			e, err := evidence.ReadFile(f)
			require.NoError(t, err)
			evs = append(evs, e...)
		}
		min := 0
		if id == "qianjiang-2017" {
			min = 5 * 9 // five branches, nine comprehensions each
		}
		runs = append(runs, run{id, s, evs, min})
	}
	for _, c := range stress.Cases() {
		s, err := scheme.Compile(c.Name+".yaml", []byte(c.Scheme))
		require.NoError(t, err)
		min := 0
		if c.Name == "comprehension-cost" || c.Name == "regex" {
			min = 1
		}
		runs = append(runs, run{c.Name, s, []*evidence.Evidence{c.Evidence}, min})
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			n, worst := 0, 0.0
			for _, ev := range r.evs {
				costs, err := scheme.LoopCosts(r.s, ev)
				if err != nil {
					continue // evidence for another scheme of the same directory
				}
				for _, c := range costs {
					n++
					worst = max(worst, float64(c.Actual)/float64(c.Estimate))
					assert.LessOrEqual(t, c.Actual, c.Estimate, "%s over %s", c.Expr, ev.Subject.ID)
				}
			}
			assert.GreaterOrEqual(t, n, r.min, "comprehensions measured")
			t.Logf("%d comprehension runs measured; the costliest at %.0f%% of its estimate", n, 100*worst)
		})
	}
}

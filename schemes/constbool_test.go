package schemes

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// conditions lists a scheme's conditions: applies_to, exempt, where,
// gates, checklist items, tiers, vetoes and the subject exemption.
func conditions(s *scheme.Scheme) []*scheme.Expr {
	var out []*scheme.Expr
	var ind func(i *scheme.Indicator)
	ind = func(i *scheme.Indicator) {
		for _, a := range []*scheme.Applicability{i.AppliesTo, i.Exempt} {
			if a != nil {
				out = append(out, a.When)
			}
		}
		out = append(out, i.Where)
		if i.Gate != nil {
			for _, c := range i.Gate.Conditions {
				out = append(out, c.When)
			}
		}
		for _, it := range i.Items {
			out = append(out, it.When)
		}
		for _, r := range i.Rules {
			ind(r)
		}
	}
	for _, i := range s.Indicators() {
		ind(i)
	}
	for _, t := range s.Tiers() {
		out = append(out, t.When)
	}
	for _, v := range s.Vetoes() {
		out = append(out, v.When)
	}
	if ex := s.Exempt(); ex != nil {
		out = append(out, ex.When)
	}
	return out
}

// TestStaticConditionsFolded holds the conditions folded when a scheme
// compiles (plan.ConstBool, which the engine reads instead of evaluating
// them) to what evaluating them gives, for every built-in with its
// parameters as declared and with each bool parameter flipped; and
// requires that a condition reading evidence is not folded.
func TestStaticConditionsFolded(t *testing.T) {
	ctx := context.Background()
	folded := 0
	for _, id := range IDs() {
		base, err := Load(id)
		require.NoError(t, err)
		evs, err := evidence.ReadFile("../examples/data/" + benchEvidence[id])
		require.NoError(t, err)
		variants := []*scheme.Scheme{base}
		for _, p := range base.Params() {
			if p.Type != scheme.BoolType {
				continue
			}
			flip := "true"
			if p.Default == "true" {
				flip = "false"
			}
			s, err := base.WithParams(map[string]string{p.Name: flip})
			require.NoError(t, err)
			variants = append(variants, s)
		}
		for _, s := range variants {
			b, err := plan.Bind(s, evs[0])
			require.NoError(t, err, id)
			for _, x := range conditions(s) {
				if x == nil {
					continue
				}
				v, ok := plan.ConstBool(s, x)
				if !x.Static() {
					assert.False(t, ok, "%s: %s reads evidence: not folded", id, x.Text)
					continue
				}
				want, err := b.Bool(ctx, x, nil)
				if err != nil {
					assert.False(t, ok, "%s: %s fails: not folded", id, x.Text)
					continue
				}
				if assert.True(t, ok, "%s: %s is static: folded", id, x.Text) {
					assert.Equal(t, want, v, "%s: %s", id, x.Text)
					folded++
				}
			}
		}
	}
	assert.Positive(t, folded, "no static condition was checked")
	t.Logf("%d static conditions checked", folded)
}

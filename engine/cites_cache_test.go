package engine

import (
	"testing"

	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exprsOf lists the expressions of s whose facts an indicator or named
// value cites.
func exprsOf(s *scheme.Scheme) []*scheme.Expr {
	var xs []*scheme.Expr
	for _, ind := range s.Indicators() {
		for _, x := range []*scheme.Expr{ind.Value, ind.Measure, ind.Points, ind.Grade, ind.Where} {
			if x != nil {
				xs = append(xs, x)
			}
		}
		for _, it := range ind.Items {
			xs = append(xs, it.When)
		}
	}
	for _, nv := range s.Values() {
		xs = append(xs, nv.Expr)
	}
	return xs
}

// TestCiteCacheAgreesWithNaming holds factCites from the cache (no linked
// units) to the names made on each call (the path with linked units,
// none of them read here), for every built-in scheme, one evaluator
// going from scheme to scheme and back as a pooled one does.
func TestCiteCacheAgreesWithNaming(t *testing.T) {
	// Named values read beside facts: a value is not cited as a fact.
	withValues, err := scheme.Compile("v.yaml", []byte(`id: v
version: "1"
title: {zh: 值, en: values}
period: month
inputs:
  n: int
  m: int
values:
  doubled: {type: decimal, label: {zh: 两倍, en: doubled}, value: n * 2}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: A1, label: {zh: 值, en: value}, kind: value, value: "doubled + m + n"}
`))
	require.NoError(t, err)
	e := &evaluator{}
	for range 2 {
		for _, id := range append(schemes.IDs(), "values") {
			s := withValues
			if id != "values" {
				s, err = schemes.Load(id)
				require.NoError(t, err)
			}
			xs := exprsOf(s)
			for _, x := range xs {
				e.s, e.unit = s, nil
				cached := e.factCites(x)
				e.unit = map[string]string{} // linked units, none of these facts
				named := e.factCites(x)
				assert.Equal(t, named, cached, "%s: %s", id, x.Text)
				for _, c := range cached {
					assert.NotContains(t, c, ":", "%s: %s", id, x.Text)
				}
			}
			if len(xs) > 0 {
				assert.True(t, e.cites.s == s, "%s: the cache is another scheme's", id)
			}
		}
	}
	assert.NotEmpty(t, e.cites.m)
	e.s, e.unit = withValues, nil
	assert.Equal(t, []string{"facts.m", "facts.n"}, e.factCites(withValues.Indicators()[0].Value), "doubled is a value")
}

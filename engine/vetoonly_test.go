package engine

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vetoOnlyScheme has the usual 不达标 tier after a catch-all: no total
// reaches it, only the veto.
const vetoOnlyScheme = `id: veto-only
version: "1"
title: {zh: 例, en: example}
period: month
inputs:
  x: decimal
  incident: {type: bool, default: "false"}
  late: {type: bool, default: "false"}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: A1, label: {zh: 一, en: one}, kind: value, value: x}
vetoes:
  - {id: inc, label: {zh: 重大事故, en: major incident}, when: incident, tier: fail}
  - {id: late, label: {zh: 迟报, en: late report}, when: late, cap_tier: weak}
tiers:
  - {id: pass, label: {zh: 达标, en: compliant}, min: 60}
  - {id: ordinary, label: {zh: 一般, en: ordinary}}
  - {id: weak, label: {zh: 较弱, en: weak}}
  - {id: fail, label: {zh: 不达标, en: non-compliant}}
`

// TestVetoOnlyTiers evaluates tiers reached only through vetoes, which the
// compiler used to refuse ("takes every total …; move it last").
func TestVetoOnlyTiers(t *testing.T) {
	s, err := scheme.Compile("veto-only.yaml", []byte(vetoOnlyScheme))
	require.NoError(t, err)
	tests := []struct {
		x              string
		incident, late bool
		want           string
		why            string
	}{
		{"75", false, false, "pass", "75 ≥ 60"},
		{"40", false, false, "ordinary", "below 60: the catch-all, never weak or fail"},
		{"75", true, false, "fail", "the veto forces fail over pass"},
		{"75", false, true, "weak", "cap_tier weak caps pass down to weak"},
		{"40", false, true, "weak", "and ordinary down to weak"},
		{"40", true, true, "fail", "forced fail is lower than the cap weak"},
	}
	for _, tc := range tests {
		ev := &evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2017-03",
			Facts: map[string]any{"x": tc.x, "incident": tc.incident, "late": tc.late}}
		r, err := Evaluate(context.Background(), s, ev, Options{})
		require.NoError(t, err, tc.why)
		assert.Equal(t, tc.want, r.Tier, tc.why)
	}
}

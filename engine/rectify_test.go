package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rectScheme has one indicator of each shape a rectification list reads:
// an assessor's range without a cap, a checklist, a gated record with
// fixed points and no cap, deductions floored, a grade entered by an
// assessor, and a veto awaiting its decision.
const rectScheme = `
id: rect
version: 1.0.0
title: {zh: 整改清单, en: rectification}
subject: branch
period: year
inputs:
  a: bool
  b: bool
  unsafe: {type: bool, default: "false"}
  acts: {type: list, max: 5, documents: {plan: {label: {zh: 方案, en: plan}}}}
  findings: {type: list, max: 9}
sections:
  - id: S
    label: {zh: 节, en: section}
    indicators:
      - {id: D, label: {zh: 酌情, en: discretion}, kind: discretionary, discretionary: {min: 0, max: 5}}
      - id: K
        label: {zh: 清单, en: checklist}
        kind: checklist
        items:
          - {id: a, label: {zh: 甲, en: a}, when: a, points: 2}
          - {id: b, label: {zh: 乙, en: b}, when: b, points: 3}
      - {id: P, label: {zh: 活动, en: activities}, kind: per_record, records: acts, gate: {documents: [plan]}, points: 2}
      - {id: F, label: {zh: 扣分, en: deductions}, kind: per_occurrence, records: findings, points: -3, floor: -5}
      - {id: G, label: {zh: 评级, en: grade}, kind: grades, grades: {优: 10, 良: 8}}
vetoes:
  - {id: unsafe, label: {zh: 重大事故, en: accident}, when: unsafe, confirm: assessor, tier: fail}
tiers:
  - {id: pass, label: {zh: 达标, en: pass}, min: 10}
  - {id: low, label: {zh: 低, en: low}}
  - {id: fail, label: {zh: 不达标, en: fail}}
`

func TestRectification(t *testing.T) {
	s, err := scheme.Compile("rect.yaml", []byte(rectScheme))
	require.NoError(t, err)
	ev := &evidence.Evidence{
		Subject: evidence.Subject{ID: "b1", Name: "一支部", Kind: "branch"}, Period: "2021",
		Facts: map[string]any{"a": true, "b": false, "unsafe": true},
		Records: map[string][]evidence.Record{
			"acts":     {{ID: "x1", Date: "2021-03-01", Documents: []string{"plan"}}, {ID: "x2", Date: "2021-04-01"}},
			"findings": {{ID: "f1", Date: "2021-05-01"}, {ID: "f2", Date: "2021-06-01"}},
		},
		Assessments: []evidence.Assessment{
			{Assessor: "p", Role: "organisation", Indicator: "D", Points: json.Number("3.5"), Reason: "r", Time: "2021-12-01T10:00:00+08:00"},
			{Assessor: "p", Role: "organisation", Indicator: "G", Grade: "良", Reason: "r", Time: "2021-12-01T10:00:00+08:00"},
		},
	}
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	// 3.5 + 2 + 2 + (−6 floored at −5) + 8 = 10.5 ≥ 10: pass, provisionally.
	require.Equal(t, "10.5", r.Total.String())
	assert.Equal(t, "pass", r.Tier)
	require.Len(t, r.Pending, 1)
	assert.Equal(t, "unsafe", r.Pending[0].ID)

	items := Rectification(s, r)
	byID := map[string]RectItem{}
	var ids []string
	for _, it := range items {
		byID[it.ID] = it
		ids = append(ids, it.ID)
	}
	assert.Equal(t, []string{"b1/D", "b1/K", "b1/P/x2", "b1/F", "b1/G", "b1/veto/unsafe"}, ids, "scheme order, one gate item per record")
	tests := []struct {
		id, lost, max string
		pending       bool
		reason        string // a part of the first reason
		evidence      []string
		why           string
	}{
		{"b1/D", "1.5", "5", false, "组织评定酌情评3.5分", []string{"assessment:p/D"}, "no cap: lost against the assessor's range"},
		{"b1/K", "3", "5", false, "乙：不符合", []string{"facts.b"}, "a checklist's maximum is every item met; the evidence is the fact not met"},
		{"b1/P/x2", "2", "", false, "缺少“方案”", []string{"acts:x2"}, "a failed gate is its own item, losing the record's fixed points"},
		{"b1/F", "5", "", false, "", []string{"findings:f1", "findings:f2"}, "no maximum: what was taken, after the floor gave 1 back"},
		{"b1/G", "2", "10", false, "评定为“良”", []string{"assessment:p/G"}, "the best grade is the maximum"},
		{"b1/veto/unsafe", "", "", true, "待评定人确认", []string{"facts.unsafe"}, "a pending veto is on the list, marked"},
	}
	for _, tc := range tests {
		it, ok := byID[tc.id]
		require.True(t, ok, tc.why)
		assert.Equal(t, tc.lost, str(it.Lost), "%s: lost", tc.why)
		assert.Equal(t, tc.max, str(it.Max), "%s: max", tc.why)
		assert.Equal(t, tc.pending, it.Pending, tc.why)
		require.NotEmpty(t, it.Reasons, tc.why)
		assert.Contains(t, it.Reasons[0].Zh, tc.reason, tc.why)
		if tc.evidence != nil {
			assert.Equal(t, tc.evidence, it.Evidence, tc.why)
		}
	}
	// The pending veto explains the provisional tier.
	last := Explain(s, r)[r.Audit.Len()-1]
	assert.Equal(t, "总分10.5分，暂定为“达标”（有一票否决事项待确认）", last.Zh)

	// Once confirmed, the same item id carries on, no longer pending.
	ev.Confirmations = []evidence.Confirmation{{Veto: "unsafe", Assessor: "p", Confirmed: true, Reason: "核实", Time: "2021-12-02T10:00:00+08:00"}}
	r, err = Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	assert.Equal(t, "fail", r.Tier)
	assert.Empty(t, r.Pending)
	items = Rectification(s, r)
	veto := items[len(items)-1]
	assert.Equal(t, "b1/veto/unsafe", veto.ID)
	assert.False(t, veto.Pending)
	assert.True(t, strings.HasSuffix(veto.Reasons[0].Zh, "p 确认：核实"), veto.Reasons[0].Zh)
	assert.Equal(t, "veto/unsafe", Carried(items)[len(items)-1].Fields["item"])
	assert.Equal(t, "P/x2", Carried(items)[2].Fields["item"], "a gate item names its record")
}

func str(p *Points) string {
	if p == nil {
		return ""
	}
	return p.String()
}

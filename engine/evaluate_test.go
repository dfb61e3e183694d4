package engine

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadEvidence(t testing.TB, path string) *evidence.Evidence {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	evs, err := evidence.Decode(f)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	return evs[0]
}

func tingnan(t testing.TB) *scheme.Scheme {
	t.Helper()
	s, err := schemes.Load("tingnan-2017")
	require.NoError(t, err)
	return s
}

func points(t *testing.T, r *Result, id string) string {
	t.Helper()
	for _, ir := range r.Indicators {
		if ir.ID == id {
			return ir.Points.String()
		}
	}
	t.Fatalf("no indicator %s", id)
	return ""
}

// TestTingnanMarch works 综采一队党支部's March 2017 by hand from seed 000.
func TestTingnanMarch(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)

	// A1 技术比武 +2 each with all seven records, ≥5 people, uniform dress:
	//   C-0305 has everything → 2; C-0312 lacks 公示结果 → 0 (缺一项不加分);
	//   C-0320 has 4 people and no uniform dress → 0.           A1 = 2
	// A2 创新项目, only when signed: I-0301 10,000 → 2 (the edge goes to the
	//   higher band); I-0302 unsigned → 0; I-0303 50,000 → 3.   A2 = 5
	// A3 highlight at discretion: the assessor gave 2.          A3 = 2
	// A4 one finding × −3.                                      A4 = −3
	// A5 one brand project × 1 (the parameter's default).        A5 = 1
	//   Part A = 2 + 5 + 2 − 3 + 1 = 7
	// B1 (10500 − 10000) × 100 / 10000 = 5% over → [5, 10) → 3.  Part B = 3
	// C1 AC-0301 has all five records, scored 4; AC-0302 lacks 奖励 → 0.
	//   Part C = 4
	// Total = 7 × 0.5 + 3 × 0.3 + 4 × 0.2 = 3.5 + 0.9 + 0.8 = 5.2, rounded
	// half up to 2 places: 5.20.
	want := map[string]string{"A1": "2", "A2": "5", "A3": "2", "A4": "-3", "A5": "1", "B1": "3", "C1": "4"}
	for id, p := range want {
		assert.Equal(t, p, points(t, r, id), id)
	}
	require.Len(t, r.Sections, 3)
	assert.Equal(t, "7", r.Sections[0].Points.String())
	assert.Equal(t, "3.5", r.Sections[0].Contribution.String())
	assert.Equal(t, "0.9", r.Sections[1].Contribution.String())
	assert.Equal(t, "0.8", r.Sections[2].Contribution.String())
	assert.Equal(t, "5.2", r.Total.String())

	// The audit names what each record missed.
	var c0312, c0320, ac0302 *Step
	for i := range r.Audit.Len() {
		st := &r.Audit.Steps()[i]
		switch st.Record {
		case "C-0312":
			c0312 = st
		case "C-0320":
			c0320 = st
		case "AC-0302":
			ac0302 = st
		}
	}
	require.NotNil(t, c0312)
	assert.Equal(t, []string{"published_results"}, c0312.Missing)
	assert.False(t, *c0312.Passed)
	require.NotNil(t, c0320)
	assert.Equal(t, []string{"participants", "dress"}, c0320.Failed)
	participants, _ := c0320.Reads.Get("record.participants")
	assert.Equal(t, "4", participants)
	require.NotNil(t, ac0302)
	assert.Equal(t, []string{"rewards"}, ac0302.Missing)

	// Every non-zero contribution cites its evidence.
	for _, ir := range r.Indicators {
		if !ir.Points.Decimal().IsZero() {
			assert.NotEmpty(t, ir.Cites, ir.ID)
		}
	}
	assert.Contains(t, r.Indicators[0].Cites, "contests:C-0305")
}

func TestDeterministicJSON(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	first, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	want, err := json.Marshal(first)
	require.NoError(t, err)
	results := make(chan []byte, 100)
	for i := 0; i < 100; i++ {
		go func() {
			r, err := Evaluate(context.Background(), s, ev, Options{})
			if err != nil {
				results <- nil
				return
			}
			b, _ := json.Marshal(r)
			results <- b
		}()
	}
	for i := 0; i < 100; i++ {
		assert.Equal(t, string(want), string(<-results))
	}
	var top map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(want, &top))
	for _, k := range []string{"subject", "period", "scheme", "total", "tier", "vetoes", "sections", "indicators", "audit"} {
		assert.Contains(t, top, k)
	}
	assert.Equal(t, `"5.2"`, string(top["total"]), "decimals are strings")
}

func TestExplain(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	sentences := Explain(s, r)
	require.Len(t, sentences, r.Audit.Len())
	var zh, en []string
	for _, x := range sentences {
		zh = append(zh, x.Zh)
		en = append(en, x.En)
	}
	// The regression cases of issue 12: labels and values, never code;
	// the wording fits the rule (a gate's documents, a condition, a
	// deduction, a band with the scheme's reading on its edge).
	for _, want := range []string{
		"开展技术比武活动：组织1次加2分：技术比武（C-0312）缺少“公示结果”，缺一项不加分",
		"开展技术比武活动：组织1次加2分：技术比武（C-0320）不符合“参加人数不少于5人”、“统一着装”（参加人数4，统一着装：否），不予加分",
		"上报创新项目：创新项目（I-0302）未经技术中心审核、签字，不予加分",
		"上报创新项目：创新项目（I-0301）经技术中心审核、签字，创新创效（元）10000，按“1万元及以上、不足5万元”档加2分（按方案读法：1万元、5万元整归入较高档）",
		"文字把关不严、虚空飘浮、抄袭，发现一次扣3分：发现一次（F-0301），扣3分",
		"上报方案、总结有亮点酌情加1-3分：党群工作部 王某（组织评定）酌情评2分，理由：月度总结提炼了“一班一法”经验",
		"品牌项目：品牌项目数1，加1分（按方案读法：原文只说\"综合评定\"，未给分值：按参数计分）",
		"当月工作任务完成情况：当月完成10500，任务10000，属“超出5%-10%”，加3分（按方案读法：5%、10%整归入较外档；超出或未完成不足1%记0分（原文未规定））",
		"总分5.20分（各部分折合后合计，按方案保留2位小数）",
	} {
		assert.Contains(t, zh, want)
	}
	assert.Contains(t, en, "technical contest, +2 each: technical contests C-0312 lacks 'published results'; one missing earns nothing")
	assert.Contains(t, en, "total 5.20 points (the parts weighted and added up, kept to 2 places as the scheme says)")
	// The trail leaves out what repeats: no 合计 after a single step, no
	// subtotal the weight's sentence gives.
	x := ExplainResult(s, r)
	for _, sen := range x.Trail {
		assert.NotContains(t, sen.Zh, "品牌项目：共计", "a total repeating its one step")
		assert.NotContains(t, sen.Zh, "× 1 =")
	}
	assert.Less(t, len(x.Trail), r.Audit.Len())
	assert.Equal(t, "综采一队党支部，2017-03：总分5.20分", x.Summary[0].Zh)
}

func TestVerify(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)

	// A stored result, read back from JSON, verifies.
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var stored Result
	require.NoError(t, json.Unmarshal(b, &stored))
	require.NoError(t, Verify(context.Background(), &stored, s, ev, Options{}))

	// A tampered total is caught.
	tampered := stored
	require.NoError(t, json.Unmarshal([]byte(`"9.9"`), &tampered.Total))
	err = Verify(context.Background(), &tampered, s, ev, Options{})
	require.ErrorIs(t, err, ErrMismatch)
	assert.Contains(t, err.Error(), "total: stored 9.9, evaluated 5.2")

	// A tampered audit step is caught too.
	tampered = stored
	steps := stored.Audit.Steps()
	steps[0].Record = "C-9999"
	tampered.Audit = AuditOf(steps)
	assert.ErrorIs(t, Verify(context.Background(), &tampered, s, ev, Options{}), ErrMismatch)

	// Changed evidence is caught.
	ev2 := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	ev2.Facts["task_actual"] = "11000"
	err = Verify(context.Background(), &stored, s, ev2, Options{})
	require.ErrorIs(t, err, ErrMismatch)
	assert.Contains(t, err.Error(), "evidence hash")
	assert.Contains(t, err.Error(), "indicator B1: stored 3, evaluated 5")
}

// TestTingnanShortfall works 综掘区党支部's March by hand: exactly 10%
// short, an innovation just under 10,000 and one dated in February.
func TestTingnanShortfall(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongjue.json")
	r, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	// A1: C-0308 complete, 12 people, uniform → 2.
	// A2: I-0310 9,999.99 → under 10,000 → 1; I-0211 is dated 2017-02-11,
	//     checked on 26 February, before March's check opens on the
	//     27th (cutoff_day 26) → not counted.                Part A = 3
	// B1: (7200 − 8000) × 100 / 8000 = −10: exactly 10% short belongs to
	//     the outer band (-inf, -10] → −5.                   Part B = −5
	// C1: AC-0315 complete, scored 5.                        Part C = 5
	// Total = 3 × 0.5 − 5 × 0.3 + 5 × 0.2 = 1.5 − 1.5 + 1 = 1.
	assert.Equal(t, "2", points(t, r, "A1"))
	assert.Equal(t, "1", points(t, r, "A2"))
	assert.Equal(t, "-5", points(t, r, "B1"))
	assert.Equal(t, "5", points(t, r, "C1"))
	assert.Equal(t, "1", r.Total.String())
	var outside bool
	for _, st := range r.Audit.All() {
		if st.Record == "I-0211" {
			outside = st.Kind == StepOutOfWindow
		}
	}
	assert.True(t, outside, "the February project is audited as out of the window")
}

// TestTingnanLink: 机关第一党支部 is scored on 综采一队's task completion
// (挂钩, seed 000).
func TestTingnanLink(t *testing.T) {
	s := tingnan(t)
	jg1 := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-jiguan1.json")
	zc1 := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")

	_, err := Evaluate(context.Background(), s, jg1, Options{})
	require.ErrorIs(t, err, ErrNoUnitEvidence, "without zc1's evidence the link cannot be followed")
	assert.Contains(t, err.Error(), "subject jg1, period 2017-03, link task (unit zc1)")

	units, err := Index([]*evidence.Evidence{jg1, zc1})
	require.NoError(t, err)
	opts := Options{Units: units}
	r, err := Evaluate(context.Background(), s, jg1, opts)
	require.NoError(t, err)
	// A: A1 0, A2 0, A3 3 (discretion), A4 2 findings × −3 = −6, A5 0 → −3.
	// B: zc1's 10,500 against 10,000 = 5% over → 3.
	// C: AC-0307 complete, scored 3.
	// Total = −3 × 0.5 + 3 × 0.3 + 3 × 0.2 = −1.5 + 0.9 + 0.6 = 0.
	assert.Equal(t, "3", points(t, r, "B1"))
	assert.Equal(t, "-6", points(t, r, "A4"))
	assert.Equal(t, "0", r.Total.String())
	require.Len(t, r.Links, 1)
	assert.Equal(t, "zc1", r.Links[0].Unit)
	assert.Equal(t, "综采一队党支部", r.Links[0].UnitName)
	for _, ir := range r.Indicators {
		if ir.ID == "B1" {
			assert.Equal(t, []string{"zc1:facts.task_actual", "zc1:facts.task_target"}, ir.Cites)
		}
	}
	require.NoError(t, Verify(context.Background(), r, s, jg1, opts))
}

func TestLinkExplained(t *testing.T) {
	s := tingnan(t)
	jg1 := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-jiguan1.json")
	zc1 := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	units, err := Index([]*evidence.Evidence{jg1, zc1})
	require.NoError(t, err)
	r, err := Evaluate(context.Background(), s, jg1, Options{Units: units})
	require.NoError(t, err)
	require.Equal(t, StepLink, r.Audit.Steps()[0].Kind)
	// On its own a step names the unit by id; in the result, by name.
	assert.Equal(t, "完成工作任务挂钩：取zc1的数据，当月任务10000，当月完成10500", ExplainStep(s, &r.Audit.Steps()[0]).Zh)
	assert.Equal(t, "完成工作任务挂钩：取综采一队党支部的数据，当月任务10000，当月完成10500", Explain(s, r)[0].Zh)
}

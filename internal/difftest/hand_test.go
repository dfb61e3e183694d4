package difftest

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handCase is a scheme built by hand, with its result worked by hand.
type handCase struct {
	name       string
	reason     string
	m          *model
	facts      map[string]any
	records    []evidence.Record
	total      string
	indicators []string
	sections   []string
	tier       string
	vetoes     []string
	err        error // the evaluation fails with it
}

func tingnanBands() []band {
	return []band{
		{iv: interval{lo: bound{inf: -1}, hi: bound{v: "-1"}, hiIncl: true}, points: "-1"},
		{iv: interval{lo: bound{v: "-1"}, hi: bound{v: "1"}}, points: "0"},
		{iv: interval{lo: bound{v: "1"}, loIncl: true, hi: bound{inf: 1}}, points: "1"},
	}
}

func field(name string) *num { return &num{op: "field", t: tInt, text: name} }

var handCases = []handCase{
	{
		name:   "tingnan",
		reason: "a band measure is compared with the edges exactly, not after percent() is cut to the scale",
		// (2.9700012 − 3) × 100 / 3 = −2.99988 / 3 = −0.99996, inside
		// (−1, 1): 0 points, total 0 × 30% = 0, tier pass (0 ≥ 0).
		// Cutting −0.99996 to 4 places half up first gives −1.0000, the
		// band (−inf, −1], and −0.3: fail.
		m: &model{arith: &rounding{scale: 4, mode: "half_up"},
			inputs: []input{{name: "target", typ: "decimal"}, {name: "actual", typ: "decimal"}},
			sections: []*section{{id: "B", weight: "30%", inds: []*indicator{{id: "B1", kind: "bands",
				measure: binary("percent", binary("-", inputRef("actual", tDec), inputRef("target", tDec)), inputRef("target", tDec)),
				bands:   tingnanBands()}}}},
			tiers: []tier{{id: "pass", min: "0"}, {id: "fail"}}},
		facts: map[string]any{"target": json.Number("3"), "actual": json.Number("2.9700012")},
		total: "0", indicators: []string{"0"}, sections: []string{"0"}, tier: "pass",
	},
	{
		name:   "quotients",
		reason: "a quotient recorded as points is cut to the scale only when it does not terminate",
		// 2/3 = 0.666… does not terminate: 0.67 at scale 2 half up.
		// 2/16 = 0.125 terminates: kept, not 0.13. Total 0.795, rounded
		// to 2 places half even: 79.5 hundredths is a tie, 79 is odd,
		// so 80: 0.80.
		m: &model{arith: &rounding{scale: 2, mode: "half_up"},
			inputs: []input{{name: "n", typ: "int"}},
			sections: []*section{{id: "S", inds: []*indicator{
				{id: "thirds", kind: "value", value: binary("/", inputRef("n", tInt), lit("3"))},
				{id: "sixteenths", kind: "value", value: binary("/", inputRef("n", tInt), lit("16"))},
			}}},
			rounding: &rounding{scale: 2, mode: "half_even"}},
		facts: map[string]any{"n": json.Number("2")},
		total: "0.8", indicators: []string{"0.67", "0.125"}, sections: []string{"0.795"},
	},
	{
		name:   "steps",
		reason: "full steps are counted on the exact measure; a veto caps the tier",
		// percent(1, 3) = 33.333…; 33.333… / 16.67 = 1.9996…: 1 full
		// step, 1 point (ceil at scale 0 first would give 34 and 2 steps).
		// Total 1: not above 1 (t0), at least 1 (t1); veto v0 (n > 0)
		// caps the tier at t2.
		m: &model{arith: &rounding{scale: 0, mode: "ceil"},
			inputs: []input{{name: "n", typ: "int"}},
			sections: []*section{{id: "S", inds: []*indicator{{id: "st", kind: "steps",
				measure: binary("percent", inputRef("n", tInt), lit("3")), every: "16.67", per: "1"}}}},
			tiers:  []tier{{id: "t0", above: "1"}, {id: "t1", min: "1"}, {id: "t2"}},
			vetoes: []veto{{id: "v0", when: &cond{op: "cmp", cmp: ">", a: inputRef("n", tInt), b: lit("0")}, capTier: "t2"}}},
		facts: map[string]any{"n": json.Number("1")},
		total: "1", indicators: []string{"1"}, sections: []string{"1"}, tier: "t2", vetoes: []string{"v0"},
	},
	{
		name:   "intermediate",
		reason: "a quotient inside an expression stays exact",
		// 2 / 3 × 3 = 2 exactly (terminates: kept). Cutting 2/3 to 0.67
		// first would give 2.01.
		m: &model{arith: &rounding{scale: 2, mode: "half_up"},
			inputs: []input{{name: "n", typ: "int"}},
			sections: []*section{{id: "S", inds: []*indicator{
				{id: "v", kind: "value", value: binary("*", binary("/", inputRef("n", tInt), lit("3")), lit("3"))},
			}}}},
		facts: map[string]any{"n": json.Number("2")},
		total: "2", indicators: []string{"2"}, sections: []string{"2"},
	},
	{
		name:   "condition",
		reason: "a condition compares a quotient exactly",
		// 2 / 3 = 0.666… is below 0.67: the item fails, 0 points, and
		// the veto (same condition) does not fire; tier t0 (0 ≥ 0).
		// Cutting to 0.67 first passes the item and fires the veto.
		m: &model{arith: &rounding{scale: 2, mode: "half_up"},
			inputs: []input{{name: "n", typ: "int"}},
			sections: []*section{{id: "S", inds: []*indicator{{id: "k", kind: "checklist", items: []item{
				{when: &cond{op: "cmp", cmp: ">=", a: binary("/", inputRef("n", tInt), lit("3")), b: lit("0.67")}, points: lit("1")},
			}}}}},
			tiers:  []tier{{id: "t0", min: "0"}, {id: "t1"}},
			vetoes: []veto{{id: "v0", when: &cond{op: "cmp", cmp: ">=", a: binary("/", inputRef("n", tInt), lit("3")), b: lit("0.67")}, tier: "t1"}}},
		facts: map[string]any{"n": json.Number("2")},
		total: "0", indicators: []string{"0"}, sections: []string{"0"}, tier: "t0",
	},
	{
		name:   "domain",
		reason: "a measure outside the declared domain is an error, even when cutting it to the scale would bring it in",
		// −1 / 3 = −0.333… is outside [0, +inf): no band. Cut to scale 0
		// half up first it is −0, inside.
		m: &model{arith: &rounding{scale: 0, mode: "half_up"},
			inputs: []input{{name: "n", typ: "int"}},
			sections: []*section{{id: "S", inds: []*indicator{{id: "b", kind: "bands",
				measure: binary("/", inputRef("n", tInt), lit("3")),
				domain:  &interval{lo: bound{v: "0"}, loIncl: true, hi: bound{inf: 1}},
				bands:   []band{{iv: interval{lo: bound{v: "0"}, loIncl: true, hi: bound{inf: 1}}, points: "1"}}}}}}},
		facts: map[string]any{"n": json.Number("-1")},
		err:   errNoBand,
	},
	{
		name:   "minmax",
		reason: "max of an int and a decimal is a decimal, whichever wins",
		// max(2, 1) − 1 = 1. Today max returns the int 2 where its type
		// says decimal, and the subtraction fails with "no such overload".
		m: &model{
			inputs: []input{{name: "n", typ: "int"}, {name: "x", typ: "decimal"}},
			sections: []*section{{id: "S", inds: []*indicator{
				{id: "v", kind: "value", value: binary("-", binary("max", inputRef("n", tInt), inputRef("x", tDec)), inputRef("x", tDec))},
			}}}},
		facts: map[string]any{"n": json.Number("2"), "x": json.Number("1")},
		total: "1", indicators: []string{"1"}, sections: []string{"1"},
	},
	{
		name:   "structure",
		reason: "gates, windows, dedupe, caps, floors, bonus after the cap, weights and the total's cap",
		// S0 (50%, cap 4, floor 0, bonus_cap 1):
		//   k0 per_record, gate d0 and n >= 2, n × 0.5 a record: r0 (in
		//     March, d0, n 4) 2; r1 n 1 fails; r2 (April 1), r3
		//     (February 28) out of the period: 2.
		//   k1 x × 2 = 5, cap 4.5: 4.5.
		//   k2 per_occurrence −1, dedupe by topic: r0 (x) −1, r1 (x)
		//     again: −1, floor −0.5: −0.5.
		//   k3 x = 2.5 outside the cap.
		//   2 + 4.5 − 0.5 = 6, cap 4; bonus 2.5 capped at 1: 5; × 50% = 2.5.
		// S1: checklist x > 2 (1.5) and x > 3 (7): 1.5; grade
		//   x >= 2.5 ? a : b, a is 3: 3. 4.5, weight 1.
		// Total 2.5 + 4.5 = 7, cap 6.5: 6.5; tier t0 (min 6.5).
		m: &model{
			inputs: []input{{name: "x", typ: "decimal"}},
			sections: []*section{
				{id: "S0", weight: "50%", cap: "4", floor: "0", bonusCap: "1", inds: []*indicator{
					{id: "k0", kind: "per_record", docs: []string{"d0"},
						conds:  []*cond{{op: "cmp", cmp: ">=", a: field("n"), b: lit("2")}},
						points: binary("*", field("n"), lit("0.5"))},
					{id: "k1", kind: "value", cap: "4.5", value: binary("*", inputRef("x", tDec), lit("2"))},
					{id: "k2", kind: "per_occurrence", floor: "-0.5", dedupe: true, points: lit("-1")},
					{id: "k3", kind: "value", outside: true, value: inputRef("x", tDec)},
				}},
				{id: "S1", inds: []*indicator{
					{id: "k4", kind: "checklist", items: []item{
						{when: &cond{op: "cmp", cmp: ">", a: inputRef("x", tDec), b: lit("2")}, points: lit("1.5")},
						{when: &cond{op: "cmp", cmp: ">", a: inputRef("x", tDec), b: lit("3")}, points: lit("7")},
					}},
					{id: "k5", kind: "grades", gradeRule: &cond{op: "cmp", cmp: ">=", a: inputRef("x", tDec), b: lit("2.5")},
						grades: []grade{{name: "a", points: "3"}, {name: "b", points: "0"}}},
				}},
			},
			cap:   "6.5",
			tiers: []tier{{id: "t0", min: "6.5"}, {id: "t1"}}},
		facts: map[string]any{"x": json.Number("2.5")},
		records: []evidence.Record{
			{ID: "r0", Date: "2017-03-05", Documents: []string{"d0"}, Fields: map[string]any{"n": json.Number("4"), "v": json.Number("0"), "flag": true, "topic": "x"}},
			{ID: "r1", Date: "2017-03-31", Documents: []string{"d0", "d1"}, Fields: map[string]any{"n": json.Number("1"), "v": json.Number("0"), "flag": true, "topic": "x"}},
			{ID: "r2", Date: "2017-04-01", Documents: []string{"d0"}, Fields: map[string]any{"n": json.Number("9"), "v": json.Number("0"), "flag": true, "topic": "y"}},
			{ID: "r3", Date: "2017-02-28", Documents: []string{"d0"}, Fields: map[string]any{"n": json.Number("9"), "v": json.Number("0"), "flag": true, "topic": "z"}},
		},
		total: "6.5", indicators: []string{"2", "4.5", "-0.5", "2.5", "1.5", "3"}, sections: []string{"5", "4.5"}, tier: "t0",
	},
}

func (c *handCase) evidence() *evidence.Evidence {
	ev := &evidence.Evidence{Subject: evidence.Subject{ID: "s1", Name: "s1", Kind: "branch"}, Period: period, Facts: c.facts}
	if c.records != nil {
		ev.Records = map[string][]evidence.Record{listName: c.records}
	}
	return ev
}

// TestReference checks the reference itself against results worked by hand.
func TestReference(t *testing.T) {
	texts := func(rs []*big.Rat) []string {
		var out []string
		for _, r := range rs {
			out = append(out, decText(r))
		}
		return out
	}
	for _, c := range handCases {
		t.Run(c.name, func(t *testing.T) {
			r, err := reference(c.m, c.evidence())
			if c.err != nil {
				require.ErrorIs(t, err, c.err, c.reason)
				return
			}
			require.NoError(t, err, c.reason)
			assert.Equal(t, c.total, decText(r.total), c.reason)
			assert.Equal(t, c.indicators, texts(r.indicators), c.reason)
			assert.Equal(t, c.sections, texts(r.sections), c.reason)
			assert.Equal(t, c.tier, r.tier, c.reason)
			assert.Equal(t, strings.Join(c.vetoes, ","), strings.Join(r.vetoes, ","), c.reason)
		})
	}
}

// TestHandCases scores the hand-built schemes with the engine: it must
// agree with the reference (and so with the hand).
func TestHandCases(t *testing.T) {
	for _, c := range handCases {
		t.Run(c.name, func(t *testing.T) { checkModel(t, c.m, c.evidence()) })
	}
}

// The reference's rounding and its test for a terminating expansion, by
// hand.
func TestRound(t *testing.T) {
	for _, c := range []struct {
		x     string
		scale int
		mode  string
		want  string
	}{
		{"2.5", 0, "half_up", "3"},        // a tie goes away from zero
		{"-2.5", 0, "half_up", "-3"},      // on both sides
		{"2.5", 0, "half_even", "2"},      // a tie goes to the even digit
		{"3.5", 0, "half_even", "4"},      // from an odd one up
		{"-2.51", 0, "half_even", "-3"},   // past the tie: nearest
		{"-2.1", 0, "floor", "-3"},        // toward −inf
		{"-2.1", 0, "ceil", "-2"},         // toward +inf
		{"-2.9", 0, "down", "-2"},         // toward zero
		{"-2.1", 0, "up", "-3"},           // away from zero
		{"2/3", 2, "half_up", "0.67"},     // 0.666…
		{"-2/3", 2, "down", "-0.66"},      // cut
		{"1/3", 4, "up", "0.3334"},        // 0.3333… away from zero
		{"1/8", 2, "half_even", "0.12"},   // 0.125: a tie, 2 is even
		{"123/1", 2, "half_up", "123.00"}, // nothing to cut
	} {
		x, _ := new(big.Rat).SetString(c.x)
		assert.Equal(t, c.want, round(x, c.scale, c.mode).FloatString(c.scale), "%s at %d %s", c.x, c.scale, c.mode)
	}
	for x, want := range map[string]bool{"1/3": false, "1/8": true, "7/20": true, "1/6": false, "5": true, "3/15": true} {
		r, _ := new(big.Rat).SetString(x)
		assert.Equal(t, want, terminates(r), x)
	}
}

package scheme

import (
	"fmt"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// aliasBomb returns a nested billion-laughs document: levels anchors, each
// a list of width aliases of the one before, so the last stands for
// width^(levels-1) copies of "lol" while the file stays a few hundred bytes.
func aliasBomb(levels, width int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol]\n")
	for i := 1; i < levels; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), width), ", ")
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, refs)
	}
	fmt.Fprintf(&b, "id: *l%d\n", levels-1)
	return b.String()
}

// TestAliasesRefused: anchors, aliases and merge keys are refused before
// anything walks the tree. The canonical hash used to expand aliases, so
// each of these ran out of memory (12 bytes grew past 9 GB); now each is
// refused by a walk that visits every node once.
func TestAliasesRefused(t *testing.T) {
	// 12 levels of 12 aliases: 12^11 ≈ 7.4e11 strings when expanded.
	bomb := aliasBomb(12, 12)
	require.Less(t, len(bomb), 1000)
	tests := []struct {
		src  string
		want []string
		why  string
	}{
		{"&a [*a, *a]", []string{
			"b.yaml:1:1: anchor &a: anchors and aliases are not allowed in a scheme file; write the value out in full",
			"b.yaml:1:5: alias *a: anchors and aliases are not allowed in a scheme file; write the value out in full",
			"b.yaml:1:9: alias *a: anchors and aliases are not allowed in a scheme file; write the value out in full"},
			"the 12-byte self-reference of the issue"},
		{bomb, []string{
			"b.yaml:1:5: anchor &l0: anchors and aliases are not allowed in a scheme file; write the value out in full",
			// 1 + (1 + 12) + 6 = 20 listed; the 21st says more follow.
			"b.yaml:3:35: more anchors, aliases or merge keys follow; only the first 20 are listed"},
			"a nested billion laughs: the first 20 listed, then a note"},
		{"a: &m {x: 1}\nb: {<<: *m, y: 2}\n", []string{
			"b.yaml:1:4: anchor &m: anchors and aliases are not allowed in a scheme file; write the value out in full",
			"b.yaml:2:5: merge key <<: not allowed in a scheme file; write the keys out in full",
			"b.yaml:2:9: alias *m: anchors and aliases are not allowed in a scheme file; write the value out in full"},
			"a merge key is refused with its alias"},
		{"id: &x a\n", []string{
			"b.yaml:1:5: anchor &x: anchors and aliases are not allowed in a scheme file; write the value out in full"},
			"an anchor alone is refused too: nothing may refer to it"},
	}
	for _, tc := range tests {
		_, err := Compile("b.yaml", []byte(tc.src))
		require.Error(t, err, tc.why)
		ds := err.(Diagnostics)
		if len(tc.want) == len(ds) {
			assert.Equal(t, strings.Join(tc.want, "\n"), err.Error(), tc.why)
			continue
		}
		// The bomb: check the first and the last diagnostic.
		require.Len(t, ds, maxShapeDiags+1, tc.why)
		assert.Equal(t, tc.want[0], ds[0].Error(), tc.why)
		assert.Equal(t, tc.want[1], ds[len(ds)-1].Error(), tc.why)
	}
}

// nodesOf counts the YAML nodes of src as the tree check does (the document
// node aside).
func nodesOf(t *testing.T, src string) int {
	t.Helper()
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte(src), &doc))
	var count func(n *yaml.Node) int
	count = func(n *yaml.Node) int {
		c := 1
		for _, k := range n.Content {
			c += count(k)
		}
		return c
	}
	return count(doc.Content[0])
}

// TestTreeLimits holds nesting depth and node count to their limits, one
// inside and one over each.
func TestTreeLimits(t *testing.T) {
	// x's value is the root mapping's child (level 2); d nested lists put
	// the innermost at level d+1.
	nest := func(d int) string { return "x: " + strings.Repeat("[", d) + strings.Repeat("]", d) + "\n" }
	// n nodes: the root mapping, the key x, the list and n-3 scalars.
	wide := func(n int) string { return "x: [" + strings.TrimSuffix(strings.Repeat("0,", n-3), ",") + "]\n" }
	require.Equal(t, MaxNodes, nodesOf(t, wide(MaxNodes)))

	tests := []struct {
		src  string
		want string // a diagnostic expected, or "" for none about the shape
		why  string
	}{
		{nest(MaxDepth - 1), "", "the innermost list at level 32: at the limit"},
		{nest(MaxDepth), "t.yaml:1:35: YAML nested more than 32 levels deep; a scheme file may nest at most 32", "level 33 is over"},
		{wide(MaxNodes), "", "exactly MaxNodes nodes"},
		// Node 50,001 is scalar 49,998 (after the mapping, x and the list),
		// at column 5 + 2 × 49,997 = 99,999.
		{wide(MaxNodes + 1), "t.yaml:1:99999: more than 50000 YAML nodes; a scheme file may hold at most 50000", "one node over"},
	}
	for _, tc := range tests {
		_, err := Compile("t.yaml", []byte(tc.src))
		require.Error(t, err, tc.why) // none of these is a whole scheme
		if tc.want == "" {
			assert.NotContains(t, err.Error(), "nested more than", tc.why)
			assert.NotContains(t, err.Error(), "YAML nodes", tc.why)
			assert.Contains(t, err.Error(), `unknown key "x"`, tc.why+": the file was read on")
			continue
		}
		assert.Equal(t, tc.want, err.Error(), tc.why)
	}
}

// TestSecondDocument: a second YAML document used to be dropped unread.
func TestSecondDocument(t *testing.T) {
	tests := []struct {
		tail string
		want string
		why  string
	}{
		{"", "", "one document"},
		{"...\n", "", "an explicit document end with nothing after it"},
		{"---\n", "x.yaml:10:1: a second YAML document starts here; a scheme file holds exactly one (remove the '---' and what follows, or merge the two)", "an empty second document is still a second document"},
		{"--- # tiers\ntiers: []\n", "x.yaml:10:1: a second YAML document starts here; a scheme file holds exactly one (remove the '---' and what follows, or merge the two)", "a second document with content"},
		{"---\n: : :\n", "x.yaml:10:1: YAML: did not find expected key", "a second document that does not parse"},
	}
	for _, tc := range tests {
		_, err := Compile("x.yaml", []byte(minimal+tc.tail))
		if tc.want == "" {
			assert.NoError(t, err, tc.why)
			continue
		}
		assert.EqualError(t, err, tc.want, tc.why)
	}
}

// minimal is a whole scheme of 9 lines.
const minimal = `id: m
version: "1"
title: {zh: 例, en: example}
period: month
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: A1, label: {zh: 一, en: one}, kind: value, value: 1}
`

// TestEmptyDefault: default "" on a string input is empty text, not a
// missing default (which made the input required, silently).
func TestEmptyDefault(t *testing.T) {
	src := strings.Replace(minimal, "sections:", `parameters:
  motto: {type: string, default: "", label: {zh: 口号, en: motto}}
inputs:
  remark: {type: string, default: ""}
  note: string
sections:`, 1)
	s, err := Compile("d.yaml", []byte(src))
	require.NoError(t, err)
	remark, note := s.Input("remark"), s.Input("note")
	assert.False(t, remark.Required, "an empty default is a default")
	assert.True(t, note.Required, "no default: required")
	assert.Equal(t, "", s.ParamValues()["motto"])

	b, err := s.bind(&evidence.Evidence{Subject: evidence.Subject{ID: "s1"}, Period: "2017-03",
		Facts: map[string]any{"note": "n"}})
	require.NoError(t, err, "remark may be left out")
	v, ok := b.InputText("remark")
	assert.True(t, ok)
	assert.Equal(t, "", v, "the default, empty text")

	_, err = s.bind(&evidence.Evidence{Subject: evidence.Subject{ID: "s1"}, Period: "2017-03"})
	assert.EqualError(t, err, "subject s1, period 2017-03: facts.note: missing (the scheme requires it)")
}

// TestVetoOnlyTier: a tier after the catch-all is legal when a veto names
// it; it used to be refused with a hint ("move it last") that, followed,
// broke the scheme the other way.
func TestVetoOnlyTier(t *testing.T) {
	src := strings.Replace(minimal, "sections:", `inputs:
  incident: {type: bool, default: "false"}
sections:`, 1) + `vetoes:
  - {id: inc, label: {zh: 事故, en: incident}, when: incident, tier: fail}
  - {id: late, label: {zh: 迟报, en: late}, when: incident, cap_tier: weak}
tiers:
  - {id: pass, label: {zh: 达标, en: compliant}, min: 60}
  - {id: ordinary, label: {zh: 一般, en: ordinary}}
  - {id: weak, label: {zh: 较弱, en: weak}}
  - {id: fail, label: {zh: 不达标, en: non-compliant}}
`
	s, err := Compile("v.yaml", []byte(src))
	require.NoError(t, err)
	var only []string
	for _, tr := range s.Tiers() {
		if tr.VetoOnly {
			only = append(only, tr.ID)
		}
	}
	assert.Equal(t, []string{"weak", "fail"}, only, "the tiers after the catch-all ordinary, named by tier and cap_tier")

	_, err = Compile("v.yaml", []byte(strings.Replace(src, "cap_tier: weak", "cap_tier: ordinary", 1)))
	// 9 lines of minimal, 2 of inputs, 3 of vetoes, then tiers: weak is line 18.
	assert.EqualError(t, err, "v.yaml:18:5: tier weak: no total reaches it (tier ordinary before it takes every total) and no veto names it; "+
		"list it above ordinary with a bound (tiers go from the highest down), or name it in a veto's tier or cap_tier",
		"a tier no total and no veto reaches is still an error")
}

// TestAssessed lists the indicators of constructs.yaml that take assessor
// entries, worked from the file: assessed_record (per_record with
// discretionary), highlight (discretionary) and assessor_grade (grades with
// no grade rule); grade reads its grade from evidence (grade: rating).
func TestAssessed(t *testing.T) {
	s := compileConstructs(t)
	var got []string
	for _, ind := range s.Indicators() {
		if ind.Assessed() {
			got = append(got, ind.ID)
		}
	}
	assert.Equal(t, []string{"assessed_record", "highlight", "assessor_grade"}, got)
}

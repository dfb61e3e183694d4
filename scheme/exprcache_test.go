package scheme

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRepeatedExpressionCompiledOnce: a text written at several places in
// one environment is compiled once and its program shared, while what each
// place asks of it is still checked at that place.
func TestRepeatedExpressionCompiledOnce(t *testing.T) {
	repeated := strings.Replace(minimal, "value: 1}", `value: "x * 2"}
      - {id: A2, label: {zh: 二, en: two}, kind: value, value: "x * 2"}
      - {id: A3, label: {zh: 三, en: three}, kind: value, value: " x * 2"}`, 1)
	repeated = strings.Replace(repeated, "sections:", "inputs:\n  x: int\nsections:", 1)
	s, err := Compile("r.yaml", []byte(repeated))
	require.NoError(t, err)
	a1, a2, a3 := s.Indicator("A1").Value, s.Indicator("A2").Value, s.Indicator("A3").Value
	require.NotNil(t, a1.prg)
	assert.Same(t, a1.prg, a2.prg, "the same text: one program")
	assert.Same(t, a1.prg, a3.prg, "leading space is trimmed before the text is looked up")
	assert.NotEqual(t, a1.Pos, a2.Pos, "each place keeps its own position")
	assert.Equal(t, []string{"x"}, a2.Reads())
	assert.Equal(t, a1.cost, a2.cost)

	// The same text where a condition is wanted: refused there, whatever
	// was compiled before.
	bad := strings.Replace(repeated, `kind: value, value: " x * 2"}`,
		`kind: checklist, items: [{id: k, label: {zh: 项, en: item}, when: "x * 2", points: 1}]}`, 1)
	_, err = Compile("r.yaml", []byte(bad))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "indicator A3: item k: want a condition (bool), got int")
	assert.Equal(t, 1, strings.Count(err.Error(), "\n")+1, "only the misplaced use is reported: %v", err)
}

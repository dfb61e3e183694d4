package schemetest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCaseRefusesDuplicateEvidence: two documents for one subject and
// period among a case's evidence and units fail the case as a whole; a
// link to that subject would otherwise pick one of them silently.
func TestCaseRefusesDuplicateEvidence(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "v.yaml"), []byte(`id: v
version: "1"
title: {zh: 值, en: value}
period: month
inputs: {x: decimal}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: V, label: {zh: 得分, en: points}, kind: value, value: x}
`), 0o644))
	unit := `{"subject": {"id": "a", "name": "a", "kind": "branch"}, "period": "2017-03", "facts": {"x": "1"}}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "unit-a.json"), []byte(unit), 0o644))
	for _, tc := range []struct {
		units string
		dup   bool
		why   string
	}{
		{"[]", false, "one document per subject: the case runs"},
		{"[unit-a.json]", true, "a's evidence again, as a unit: which one a link reads would be a silent choice"},
	} {
		path := filepath.Join(dir, "v.test.yaml")
		require.NoError(t, os.WriteFile(path, []byte(`scheme: v.yaml
cases:
  - name: a
    evidence: {subject: {id: a, name: a, kind: branch}, period: 2017-03, facts: {x: "2"}}
    units: `+tc.units+`
    expect: {total: "2"}
`), 0o644))
		f, err := Load(path)
		require.NoError(t, err, tc.why)
		out := f.Run(context.Background())
		require.Len(t, out, 1, tc.why)
		assert.Equal(t, !tc.dup, out[0].Passed(), "%s: %v", tc.why, out[0].Failures)
		assert.Equal(t, tc.dup, errors.Is(out[0].Errors[""], engine.ErrDuplicateEvidence), tc.why)
	}
}

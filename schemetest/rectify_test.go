package schemetest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRectificationPendingConsequences: a case's rectification list,
// pending vetoes and consequences are checked, and a wrong expectation of
// each fails naming it.
func TestRectificationPendingConsequences(t *testing.T) {
	abs, err := filepath.Abs("../schemes/xining-2021.yaml")
	require.NoError(t, err)
	ev, err := filepath.Abs("../examples/data/xining-2021/2021-gongying.json")
	require.NoError(t, err)
	dir := t.TempDir()
	path := filepath.Join(dir, "x.test.yaml")
	abs, err = filepath.Rel(dir, abs) // a test file names files relative to itself
	require.NoError(t, err)
	ev, err = filepath.Rel(dir, ev)
	require.NoError(t, err)
	src := "scheme: " + abs + "\ncases:\n" +
		"  - name: right\n    evidence: " + ev + "\n    expect: {pending: [incidents_since_2019], consequences: [], rectification: {gy/veto/incidents_since_2019: \"\"}}\n" +
		"  - name: wrong\n    evidence: " + ev + "\n    expect: {pending: [], consequences: [no_awards], rectification: {gy/I: \"1\"}}\n"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	f, err := Load(path)
	require.NoError(t, err)
	out := f.Run(context.Background())
	require.Len(t, out, 2)
	assert.True(t, out[0].Passed(), "%v", out[0].Failures)
	var what []string
	for _, x := range out[1].Failures {
		what = append(what, x.String())
	}
	assert.Equal(t, []string{
		"consequences: want [no_awards], got []",
		"pending: want [], got [incidents_since_2019]",
		"rectification gy/I: want an item, got none",
		"rectification gy/veto/incidents_since_2019: want no item, got an item",
	}, what, "each wrong expectation is named")
}

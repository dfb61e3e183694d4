package schemetest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuiltinSchemes runs every built-in scheme's test file, and holds each
// to full coverage of its bands, band boundaries and vetoes.
func TestBuiltinSchemes(t *testing.T) {
	files, err := filepath.Glob("../schemes/*.test.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".test.yaml"), func(t *testing.T) {
			Run(t, path)
			f, err := Load(path)
			require.NoError(t, err)
			c := Cover(f.Scheme, f.Run(context.Background()))
			for _, it := range c.Items {
				if it.Kind == "band" || it.Kind == "boundary" || it.Kind == "veto" {
					assert.True(t, it.Covered, "%s %s not exercised by %s", it.Kind, it.Name, path)
				}
			}
		})
	}
}

// TestTiersAfterQuotas: a case with several subjects under a scheme whose
// tiers have quotas reads each subject's tier after the quotas, even
// when it expects no ranks or awards. a (95) and b (93) both reach 优秀
// by points; the quota of one keeps a and moves b to 其他. Before, such a
// case compared the tiers before the quota: top for both, silently.
func TestTiersAfterQuotas(t *testing.T) {
	dir := t.TempDir()
	scheme := `id: q
version: "1"
title: {zh: 名额, en: quota}
period: month
inputs: {x: decimal}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - {id: V, label: {zh: 得分, en: points}, kind: value, value: x}
tiers:
  - {id: top, label: {zh: 优秀, en: top}, min: 90, quota: {count: 1}}
  - {id: rest, label: {zh: 其他, en: rest}}
`
	test := func(bTier string) string {
		return `scheme: q.yaml
cases:
  - name: two reach 优秀, the quota keeps one
    evidence:
      - {subject: {id: a, name: a, kind: branch}, period: 2017-03, facts: {x: "95"}}
      - {subject: {id: b, name: b, kind: branch}, period: 2017-03, facts: {x: "93"}}
    expect:
      subjects:
        a: {tier: top}
        b: {tier: ` + bTier + `}
`
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "q.yaml"), []byte(scheme), 0o644))
	for _, tc := range []struct {
		bTier string
		pass  bool
		why   string
	}{
		{"rest", true, "b is over the quota of one: 其他"},
		{"top", false, "the tier before the quota is not what the case reads"},
	} {
		path := filepath.Join(dir, "q.test.yaml")
		require.NoError(t, os.WriteFile(path, []byte(test(tc.bTier)), 0o644))
		f, err := Load(path)
		require.NoError(t, err)
		out := f.Run(context.Background())
		require.Len(t, out, 1)
		assert.Equal(t, tc.pass, out[0].Passed(), "%s: %v", tc.why, out[0].Failures)
	}
}

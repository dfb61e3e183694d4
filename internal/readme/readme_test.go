// Package readme holds the README to the tree: the counts it states are
// counted here, so that they cannot drift.
//
// Internal: not for hosts; it only holds tests, which keep README.md and
// docs/ true: Go blocks compile, commands run, counts and links hold.
package readme

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCorpusCounts: the hardening section's counts of bad inputs are the
// files in the corpus directories.
func TestCorpusCounts(t *testing.T) {
	src, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	tests := []struct {
		phrase *regexp.Regexp
		glob   string
	}{
		{regexp.MustCompile(`(\d+) broken scheme files`), "../../scheme/testdata/bad/*.yaml"},
		{regexp.MustCompile(`(\d+) bad\s+evidence documents`), "../../schemes/testdata/bad-evidence/*.json"},
	}
	for _, tc := range tests {
		m := tc.phrase.FindSubmatch(src)
		require.NotNil(t, m, "the README states %q", tc.phrase)
		stated, _ := strconv.Atoi(string(m[1]))
		files, err := filepath.Glob(tc.glob)
		require.NoError(t, err)
		assert.Equal(t, len(files), stated, "README: %s (files in %s)", m[0], tc.glob)
	}
}

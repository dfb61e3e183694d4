package schemetest

import (
	"context"
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

//go:build unix

package schemetest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStreamsBounded: a test file that names a pipe (or /dev/zero, which
// would never end) as its scheme or ledger is read no further than the
// limit. Stat says a pipe has 0 bytes, so the scheme used to be read to
// its end. Here each pipe offers 2 MiB: the scheme is cut one byte over
// its 1 MiB and refused at that, the ledger one byte over 16 MiB would be,
// and 2 MiB of '#' is no ledger.
func TestStreamsBounded(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"s.yaml", "l.json"} {
		require.NoError(t, syscall.Mkfifo(filepath.Join(dir, name), 0o600))
		go func() {
			w, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY, 0)
			if err != nil {
				return
			}
			defer w.Close()
			chunk := []byte(strings.Repeat("#", 1<<16))
			for range 32 { // 2 MiB, or until the reader closes
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}()
	}
	path := filepath.Join(dir, "t.test.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`scheme: s.yaml
cases:
  - name: ledger from a pipe
    evidence: ../nowhere.json
    ledger: l.json
`), 0o644))
	_, err := Load(path)
	require.Error(t, err)
	msg := strings.ReplaceAll(err.Error(), dir, "D")
	assert.Contains(t, msg, "D/s.yaml:1:1: file is larger than 1048576 bytes; a scheme file may be at most 1048576 bytes (1 MiB)", "read one byte over the limit, no more")
	assert.Contains(t, msg, "D/t.test.yaml:5:13: ledger from a pipe: ledger: invalid character '#' looking for beginning of value")
}

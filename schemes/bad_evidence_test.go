package schemes

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/bad-evidence/*.err from the errors produced")

// TestBadEvidence feeds each file of testdata/bad-evidence to the built-in
// scheme its name starts with (SCHEME--what.json) and holds the error to
// the exact text in the .err file beside it: decoding, checking against
// the declared inputs (every problem at once, each with its path) and
// evaluating (the subject, period, indicator and evidence path). Every
// file must fail; none may panic.
func TestBadEvidence(t *testing.T) {
	files, err := filepath.Glob("testdata/bad-evidence/*.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 40)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			id, _, ok := strings.Cut(name, "--")
			require.True(t, ok, "name the scheme: SCHEME--what.json")
			s, err := Load(id)
			require.NoError(t, err)
			got := badEvidenceError(t, s, f)
			require.NotEmpty(t, got, "%s must be refused", f)
			golden := strings.TrimSuffix(f, ".json") + ".err"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got+"\n"), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./schemes -run TestBadEvidence -update")
			assert.Equal(t, strings.TrimSuffix(string(want), "\n"), got)
		})
	}
}

func badEvidenceError(t *testing.T, sch *scheme.Scheme, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	evs, err := evidence.Decode(bytes.NewReader(data))
	if err != nil {
		return err.Error()
	}
	units, err := engine.Index(evs)
	if err != nil {
		return err.Error()
	}
	var msgs []string
	for _, ev := range evs {
		_, err := engine.Evaluate(context.Background(), sch, ev, engine.Options{Units: units})
		if err == nil {
			continue
		}
		var ee *engine.Error
		if errors.As(err, &ee) {
			// A run-time error names the subject and period, and the
			// indicator or evidence involved.
			assert.NotEmpty(t, ee.Subject)
			assert.NotEmpty(t, ee.Period)
			assert.NotEmpty(t, ee.Indicator)
		}
		msgs = append(msgs, err.Error())
	}
	return strings.Join(msgs, "\n")
}

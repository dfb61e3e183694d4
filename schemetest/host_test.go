package schemetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostDependencies: the packages a host imports build without any test
// framework, so a host module importing schemetest (or the rest) does not
// come to depend on testify; only this module's _test files use it.
func TestHostDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps",
		"github.com/branchscore/branchscore/evidence",
		"github.com/branchscore/branchscore/scheme",
		"github.com/branchscore/branchscore/engine",
		"github.com/branchscore/branchscore/schemes",
		"github.com/branchscore/branchscore/schemetest").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, p := range strings.Fields(string(out)) {
		assert.False(t, strings.HasPrefix(p, "github.com/stretchr/") || strings.HasPrefix(p, "github.com/santhosh-tekuri/"),
			"a host importing branchscore would build %s", p)
	}
}

// TestRunReportsFailures: Run fails the test, naming the case's position,
// what differs, want and got. The failing run happens in a child process
// (this test binary, re-run), since a failed subtest would fail this one.
func TestRunReportsFailures(t *testing.T) {
	if path := os.Getenv("SCHEMETEST_CHILD"); path != "" {
		Run(t, path)
		return
	}
	dir := t.TempDir()
	src, err := os.ReadFile("../examples/new-scheme/workshop-monthly.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "workshop-monthly.yaml"), src, 0o644))
	file := filepath.Join(dir, "workshop-monthly.test.yaml")
	require.NoError(t, os.WriteFile(file, []byte(`cases:
  - name: nothing done
    evidence: {subject: {id: b, name: 一支部, kind: branch}, period: 2024-03,
               facts: {output_target: "100", output_actual: "100"}}
    expect: {total: "1"} # wrong on purpose
`), 0o644))
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunReportsFailures$", "-test.v")
	cmd.Env = append(os.Environ(), "SCHEMETEST_CHILD="+file)
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the child must fail:\n%s", out)
	assert.Contains(t, string(out), "--- FAIL: TestRunReportsFailures/nothing_done")
	assert.Regexp(t, regexp.QuoteMeta(file+":2: total")+`\n\s+want 1\n\s+got  70\n`, string(out)) // K1 30 + K3 40, the rest 0
}

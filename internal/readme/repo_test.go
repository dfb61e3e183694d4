package readme

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/schemetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLinks: every relative link of the README and docs/*.md names a file
// of the repository.
func TestLinks(t *testing.T) {
	docs, err := filepath.Glob("../../docs/*.md")
	require.NoError(t, err)
	link := regexp.MustCompile(`\]\(([^)#:]+)(#[^)]*)?\)`)
	for _, f := range append(docs, "../../README.md") {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range link.FindAllStringSubmatch(string(src), -1) {
			assert.FileExists(t, filepath.Join(filepath.Dir(f), m[1]), "%s links to %s", f, m[1])
		}
	}
}

// TestTrackedFilesCheck: .ci/tracked-files, which .ci/run runs first,
// fails on a tracked executable binary and on a tracked file over 1 MiB,
// naming each, and passes a repository of scripts and sources.
func TestTrackedFilesCheck(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	script, err := filepath.Abs("../../.ci/tracked-files")
	require.NoError(t, err)
	ci, err := os.ReadFile("../../.ci/run")
	require.NoError(t, err)
	assert.Contains(t, string(ci), "\n.ci/tracked-files\n", ".ci/run runs the check")

	tests := []struct {
		why   string
		files map[string]string // path → content; "+x" suffix on the path: executable
		fail  []string          // paths named, empty: passes
	}{
		{"sources, and a #! script that is executable, pass",
			map[string]string{"main.go": "package main\n", "run+x": "#!/bin/sh\necho\n"}, nil},
		{"an ELF binary, not executable, fails",
			map[string]string{"oa-service": "\x7fELF\x02\x01\x01rest"}, []string{"oa-service: an executable binary"}},
		{"a Mach-O binary fails",
			map[string]string{"tool": "\xcf\xfa\xed\xferest"}, []string{"tool: an executable binary"}},
		{"an executable file that is not a script fails",
			map[string]string{"blob+x": "data"}, []string{"blob: executable and not a #! script"}},
		{"a file over 1 MiB fails; 1 MiB exactly passes",
			map[string]string{"big.json": strings.Repeat("x", 1<<20+1), "edge.json": strings.Repeat("x", 1<<20)},
			[]string{"big.json: 1048577 bytes, over 1 MiB"}},
	}
	for _, tc := range tests {
		dir := t.TempDir()
		git := func(args ...string) {
			cmd := exec.Command("git", args...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", out)
		}
		git("init", "-q")
		for name, content := range tc.files {
			mode := os.FileMode(0o644)
			if n, ok := strings.CutSuffix(name, "+x"); ok {
				name, mode = n, 0o755
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), mode))
		}
		git("add", ".")
		out, err := exec.Command(script, dir).CombinedOutput()
		if len(tc.fail) == 0 {
			assert.NoError(t, err, "%s: %s", tc.why, out)
			continue
		}
		assert.Error(t, err, tc.why)
		for _, want := range tc.fail {
			assert.Contains(t, string(out), want, tc.why)
		}
		assert.NotContains(t, string(out), "edge.json", tc.why)
	}
}

// TestSchemaModelines: every built-in and example YAML file names its JSON
// Schema for a YAML language server, by a path relative to the file that
// works from a clone: a *.test.yaml the scheme test schema, never the
// scheme schema; any other the scheme schema. The line is the file's last,
// so that adding it moved no position an audit step cites.
func TestSchemaModelines(t *testing.T) {
	var files []string
	for _, g := range []string{"../../schemes/*.yaml", "../../examples/*/*.yaml"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.GreaterOrEqual(t, len(files), 20)
	modeline := regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=(\S+)$`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		ms := modeline.FindAllStringSubmatch(string(src), -1)
		if !assert.Len(t, ms, 1, "%s: one yaml-language-server line", f) {
			continue
		}
		want := "scheme/scheme.schema.json"
		if strings.HasSuffix(f, ".test.yaml") {
			want = "schemetest/scheme-test.schema.json"
		}
		target := filepath.Join(filepath.Dir(f), ms[0][1])
		assert.True(t, strings.HasSuffix(filepath.ToSlash(target), want), "%s: $schema=%s, want the path of %s", f, ms[0][1], want)
		assert.FileExists(t, target, f)
		assert.True(t, strings.HasSuffix(string(src), ms[0][0]+"\n"), "%s: the last line", f)
	}
}

// TestSchemeTestsDocExample: the test file docs/scheme-tests.md shows
// passes, placed where its paths say (in schemes/, beside tingnan-2017),
// and its schema accepts it.
func TestSchemeTestsDocExample(t *testing.T) {
	src, err := os.ReadFile("../../docs/scheme-tests.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)```yaml\n(scheme: .*?)```").FindSubmatch(src)
	require.NotNil(t, m, "docs/scheme-tests.md shows a test file")
	root := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(root, "schemes"), 0o755))
	examples, err := filepath.Abs("../../examples")
	require.NoError(t, err)
	require.NoError(t, os.Symlink(examples, filepath.Join(root, "examples")))
	scheme, err := os.ReadFile("../../schemes/tingnan-2017.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(root, "schemes", "tingnan-2017.yaml"), scheme, 0o644))
	file := filepath.Join(root, "schemes", "example.test.yaml")
	require.NoError(t, os.WriteFile(file, m[1], 0o644))
	schemetest.Run(t, file)
}

// TestEvidenceDocExample: the document docs/evidence.md shows decodes, as
// strictly as any evidence.
func TestEvidenceDocExample(t *testing.T) {
	src, err := os.ReadFile("../../docs/evidence.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)```json\n(\\{\n  \"subject\".*?)```").FindSubmatch(src)
	require.NotNil(t, m, "docs/evidence.md shows a document")
	evs, err := evidence.Decode(bytes.NewReader(m[1]))
	require.NoError(t, err)
	assert.Equal(t, "zc1", evs[0].Subject.ID)
}

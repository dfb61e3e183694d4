package schemetest

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/yamlcheck"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/bad and scheme-test.schema.json")

// TestBadFiles loads every test file under testdata/bad and compares the
// error with the golden file beside it (go test ./schemetest -run
// TestBadFiles -update rewrites them: read the diff). Every problem is a
// diagnostic "file:line:col: message".
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.test.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 12, "the bad test file suite")
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".test.yaml"), func(t *testing.T) {
			_, err := Load(file)
			require.Error(t, err, "a bad test file must not load")
			var ds scheme.Diagnostics
			require.True(t, errors.As(err, &ds), "errors are scheme.Diagnostics, got %T: %v", err, err)
			for _, d := range ds {
				assert.Positive(t, d.Pos.Line, "%s: every diagnostic has a line", d)
				assert.Positive(t, d.Pos.Col, "%s: every diagnostic has a column", d)
				assert.NotContains(t, d.Message, "\n", "one line each")
			}

			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".test.yaml") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./schemetest -run TestBadFiles -update to create it")
			assert.Equal(t, string(want), got)
		})
	}
}

// TestAliasBombRefused: the nested alias bomb of testdata/bad stands for
// 12^11 ≈ 7.4e11 strings; Load used to expand it into JSON (toJSON followed
// aliases). It is refused from the tree, each node visited once: the
// anchor of l0 first, and after 20 anchors and aliases, a note.
func TestAliasBombRefused(t *testing.T) {
	file := "testdata/bad/testfile-alias-bomb.test.yaml"
	_, err := Load(file)
	require.Error(t, err)
	var ds scheme.Diagnostics
	require.True(t, errors.As(err, &ds))
	require.Len(t, ds, yamlcheck.MaxListed+1, "20 listed and a note")
	// l0 is on line 9: "        l0: &l0 [lol]", its value at column 13.
	assert.Equal(t, file+":9:13: anchor &l0: anchors and aliases are not allowed in a scheme test file; write the value out in full", ds[0].Error())
	// 1 (&l0) + 13 (&l1 and its 12 aliases) = 14; line 11 holds &l2 (15th)
	// and its aliases from the 16th: the 21st is its sixth alias, at column
	// 18 + 5 × 5 = 43 ("        l2: &l2 [" is 17 columns, each "*l1, " 5).
	assert.Equal(t, file+":11:43: more anchors, aliases or merge keys follow; only the first 20 are listed", ds[len(ds)-1].Error())
}

// TestLoadLimits: the size and node limits, one inside and one over each,
// on files written here (too large to keep in testdata).
func TestLoadLimits(t *testing.T) {
	dir := t.TempDir()
	head := "scheme: ../schemes/tingnan-2017.yaml\ncases: []\n"
	// n nodes: the root mapping, 2 keys and 2 values of head, the key x,
	// the list and n-7 scalars.
	wide := func(n int) string { return head + "x: [" + strings.TrimSuffix(strings.Repeat("0,", n-7), ",") + "]\n" }
	tests := []struct {
		name string
		src  string
		want string // the whole error, "" for none
		why  string
	}{
		{"max.test.yaml", head + "#" + strings.Repeat(" ", MaxFileSize-len(head)-2) + "\n", "", "exactly MaxFileSize bytes is read, and holds no case"},
		{"big.test.yaml", head + strings.Repeat("#", MaxFileSize-len(head)+1),
			"big.test.yaml:1:1: file is larger than 1048576 bytes; a scheme test file may be at most 1048576 bytes (1 MiB)", "one byte over"},
		{"nodes.test.yaml", wide(scheme.MaxNodes), `nodes.test.yaml:3:1: unknown key "x"`, "exactly MaxNodes nodes: read on, to the key x"},
		// Node 50,001 is scalar 49,994, on line 3 at column 5 + 2 × 49,993
		// = 99,991.
		{"many.test.yaml", wide(scheme.MaxNodes + 1),
			"many.test.yaml:3:99991: more than 50000 YAML nodes; a scheme test file may hold at most 50000", "one node over"},
	}
	for _, tc := range tests {
		path := filepath.Join(dir, tc.name)
		require.NoError(t, os.WriteFile(path, []byte(tc.src), 0o644))
		// The scheme is named relative to this directory: load the bytes
		// under the bare name, as if the file sat here.
		src, err := readFile(path)
		if err == nil {
			_, err = load(tc.name, src)
		} else {
			err = errors.New(strings.ReplaceAll(err.Error(), path, tc.name))
		}
		if tc.want == "" {
			assert.NoError(t, err, tc.why)
			continue
		}
		assert.EqualError(t, err, tc.want, tc.why)
	}
	// A file over the limit is refused from its size, read or not: a
	// stream is read one byte past the limit and refused from that.
	_, err := load("stream.test.yaml", []byte(strings.Repeat("#", MaxFileSize+1)))
	assert.EqualError(t, err, "stream.test.yaml:1:1: file is larger than 1048576 bytes; a scheme test file may be at most 1048576 bytes (1 MiB)")
}

// TestInlineJSONBound: evidence written inline becomes JSON of at most six
// bytes for each byte of the file and a few for each node, far below
// evidence.MaxFileSize for a test file at its own limit; past that limit
// toJSON stops.
func TestInlineJSONBound(t *testing.T) {
	// A 1 MiB file that is one fact of '<': each becomes \u003c, 6 bytes.
	n := MaxFileSize - len("x: \"\"\n")
	src := "x: \"" + strings.Repeat("<", n) + "\"\n"
	require.Len(t, src, MaxFileSize)
	doc := yamlcheck.Parse([]byte(src), shapeLimits, func(line, col int, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		t.Errorf("%d:%d: %s", line, col, msg)
	})
	require.NotNil(t, doc)
	js, err := toJSON(doc)
	require.NoError(t, err)
	// {"x":"…"}: 8 bytes and 6 per '<'.
	assert.Equal(t, 8+6*n, len(js))
	assert.Less(t, len(js), evidence.MaxFileSize)

	big := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.Repeat("a", evidence.MaxFileSize), Line: 4, Column: 9}
	_, err = toJSON(&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{big}})
	var ne *nodeError
	require.True(t, errors.As(err, &ne), "%v", err)
	assert.Same(t, big, ne.n, "positioned at the scalar that crossed it")
	assert.EqualError(t, err, "written inline, more than 16777216 bytes as JSON")
}

var positioned = regexp.MustCompile(`^[^\n]+:\d+:\d+: `)

// FuzzLoad loads arbitrary test files as if they sat beside the built-in
// schemes, so the names in the seeds resolve. Nothing may panic, and every
// error is a list of positioned diagnostics. An input that passes the
// shape check compiles its scheme (milliseconds), so minimizing one is
// slow: fuzz with -fuzzminimizetime 5x. Run for 2 minutes on one core
// (285,000 inputs), it found nothing.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob("../schemes/*.test.yaml")
	require.NoError(f, err)
	bad, err := filepath.Glob("testdata/bad/*.test.yaml")
	require.NoError(f, err)
	for _, file := range append(seeds, bad...) {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte("&a [*a, *a]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, err := load("../schemes/fuzz.test.yaml", src)
		if err == nil {
			return
		}
		var ds scheme.Diagnostics
		if !errors.As(err, &ds) {
			t.Fatalf("%T, not Diagnostics: %v", err, err)
		}
		for _, d := range ds {
			if d.Pos.Line <= 0 || d.Pos.Col <= 0 || strings.Contains(d.Message, "\n") || !positioned.MatchString(d.Error()) {
				t.Fatalf("not one positioned line: %q", d.Error())
			}
		}
	})
}

// ExampleLoad_refused shows the first diagnostic for a test file that
// shares evidence through an anchor.
func ExampleLoad_refused() {
	_, err := Load("testdata/bad/testfile-shared-evidence.test.yaml")
	if err == nil {
		fmt.Println("loaded")
		return
	}
	fmt.Println(strings.Split(err.Error(), "\n")[0])
	// Output:
	// testdata/bad/testfile-shared-evidence.test.yaml:6:15: anchor &march: anchors and aliases are not allowed in a scheme test file; write the value out in full
}

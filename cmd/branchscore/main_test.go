package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		out, err string
		why      string
	}{
		{[]string{"check", "../../schemes/tingnan-2017.yaml"}, 0, "ok  ../../schemes/tingnan-2017.yaml  tingnan-2017", "", "a built-in scheme compiles"},
		{[]string{"check", "../../scheme/testdata/bad/weights-sum.yaml"}, 1, "", "weights-sum.yaml:23:16: section weights add up to 0.9, not 1", "diagnostics on stderr, exit 1"},
		{[]string{"check", "../../schemes/tingnan-2017.yaml", "../../scheme/testdata/bad/kind-keys.yaml"}, 1, "ok  ", "kind-keys.yaml:24:9", "one bad file fails the run but every file is checked"},
		{[]string{"check", "no-such-file.yaml"}, 1, "", "no-such-file.yaml", "a missing file is reported"},
		{[]string{"check"}, 2, "", "no files given", "usage error"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`, "unknown command"},
		{nil, 2, "", "usage:", "no arguments"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		assert.Equal(t, tc.code, code, tc.why)
		assert.Contains(t, stdout.String(), tc.out, tc.why)
		assert.Contains(t, stderr.String(), tc.err, tc.why)
		if tc.code == 1 && tc.err != "" {
			for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
				assert.Regexp(t, `^[^:]+(:\d+:\d+)?: `, line, "one diagnostic per line, file:line:col: message")
			}
		}
	}
}

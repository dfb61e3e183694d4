package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestKindCodes holds kindCode's switch to stepKinds: each listed kind
// its index, any other kind 0 (kept whole in rare).
func TestKindCodes(t *testing.T) {
	for i, k := range stepKinds {
		assert.Equal(t, uint8(i), kindCode(k), "%q", k)
	}
	for _, k := range []StepKind{"a host's", "Record", "record ", StepKind(string(StepRecord) + "x")} {
		assert.Zero(t, kindCode(k), "%q is not listed", k)
	}
}

package evidence

import (
	"testing"

	"github.com/branchscore/branchscore/internal/hostvalue"
	"github.com/stretchr/testify/assert"
)

// TestHostValueLimit: internal/hostvalue holds a host's decimals to
// MaxDigits by a constant of its own (it cannot import this package); the
// two must be the same limit, or a decimal given as a Go value would be
// held to another limit than the same number given as text.
func TestHostValueLimit(t *testing.T) {
	assert.Equal(t, MaxDigits, hostvalue.MaxDigits)
}

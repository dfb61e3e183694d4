package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEvaluateCancelled: an evaluation stops when its context is done, and
// the error wraps the context's and says where it stopped.
func TestEvaluateCancelled(t *testing.T) {
	s := tingnan(t)
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Evaluate(ctx, s, ev, Options{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.Canceled), "wraps context.Canceled: %v", err)
	var ee *Error
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "subject zc1, period 2017-03, indicator A1: context canceled", err.Error(),
		"names the subject, the period and the indicator it stopped at")
}

package engine

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBatchProgress: Progress is called once per item, scored or not, with
// 1, 2, …, n in order, never concurrently (the counts would skip or repeat),
// and its last call comes before Batch returns.
func TestBatchProgress(t *testing.T) {
	s := tingnan(t)
	st, want := badStream(t, 100)
	require.NotEmpty(t, want, "some items fail and still count")
	var seen []int
	inEmit := false
	_, err := Batch(context.Background(), s, st.seq(), BatchOptions{Workers: 4, Progress: func(done int) {
		assert.False(t, inEmit, "progress while emit runs")
		seen = append(seen, done)
	}}, func(*Result, error) {
		inEmit = true
		defer func() { inEmit = false }()
	})
	require.NoError(t, err)
	require.Len(t, seen, 100)
	for i, d := range seen {
		assert.Equal(t, i+1, d)
	}
}

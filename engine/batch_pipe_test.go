package engine

import (
	"context"
	"iter"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBatchEmitsInOrder: whatever the workers and however the items are
// cut into chunks, emit sees the items in the order the stream yields
// them, results and errors alike (run with -race).
func TestBatchEmitsInOrder(t *testing.T) {
	s := tingnan(t)
	tests := []struct {
		n, workers int
		why        string
	}{
		{1, 4, "one item: a chunk of one"},
		{maxChunk, 1, "one full chunk, one worker"},
		{maxChunk + 1, 2, "a full chunk and one left over"},
		{300, 4, "many chunks, more workers than cores: chunks come back out of order"},
		{300, 1, "one worker"},
	}
	for _, tc := range tests {
		st, _ := badStream(t, tc.n)
		index := map[*evidence.Evidence]int{}
		for i, ev := range st.evs {
			if ev != nil {
				index[ev] = i
			}
		}
		// The result names its subject; the subject's first item is the
		// one scored (a duplicate comes back as an error).
		first := map[string]int{}
		for i := len(st.evs) - 1; i >= 0; i-- {
			if ev := st.evs[i]; ev != nil && st.errs[i] == nil {
				first[ev.Subject.ID] = i
			}
		}
		var got []int
		_, err := Batch(context.Background(), s, st.seq(), BatchOptions{Workers: tc.workers}, func(r *Result, err error) {
			if err != nil {
				var ie *ItemError
				require.ErrorAs(t, err, &ie, tc.why)
				got = append(got, ie.Index)
				return
			}
			got = append(got, first[r.Subject.ID])
		})
		require.NoError(t, err, tc.why)
		require.Len(t, got, tc.n, tc.why)
		for i, g := range got {
			require.Equal(t, i, g, "%s: emit %d", tc.why, i)
		}
	}
}

// TestBatchCancelled: when ctx is done during a batch, Batch returns ctx's
// error, emit is not called again after the call that cancelled, and the
// stream is not read much further (at most the chunks that go round).
func TestBatchCancelled(t *testing.T) {
	s := tingnan(t)
	st, _ := badStream(t, 400)
	read := 0
	counted := func(yield func(*evidence.Evidence, error) bool) {
		for ev, err := range st.seq() {
			read++
			if !yield(ev, err) {
				return
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emitted := 0
	_, err := Batch(ctx, s, counted, BatchOptions{Workers: 2}, func(*Result, error) {
		emitted++
		if emitted == 20 {
			cancel()
		}
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 20, emitted, "no emit after the one that cancelled")
}

// TestBatchStreamPanics: a stream that panics ends the batch with an error
// that says after how many items; the items before it still come back.
func TestBatchStreamPanics(t *testing.T) {
	s := tingnan(t)
	st, _ := badStream(t, 40)
	var evs iter.Seq2[*evidence.Evidence, error] = func(yield func(*evidence.Evidence, error) bool) {
		for i, ev := range st.evs {
			if i == 25 {
				panic("disk on fire")
			}
			if !yield(ev, st.errs[i]) {
				return
			}
		}
	}
	emitted := 0
	_, err := Batch(context.Background(), s, evs, BatchOptions{Workers: 3}, func(*Result, error) { emitted++ })
	require.EqualError(t, err, "the evidence stream panicked after 25 items: disk on fire")
	assert.Equal(t, 25, emitted, "the items read before the panic come back")
}

// TestBatchSlowStream: a stream that waits between items (a host reading
// files) still has its items scored as they come: the first result is
// emitted before the stream yields its second item, not when a chunk
// fills.
func TestBatchSlowStream(t *testing.T) {
	s := tingnan(t)
	st, _ := badStream(t, 3)
	emitted := make(chan struct{}, 3)
	evs := func(yield func(*evidence.Evidence, error) bool) {
		for i, ev := range st.evs {
			if i > 0 {
				<-emitted // waits for the item before to come back
			}
			if !yield(ev, nil) {
				return
			}
		}
	}
	n := 0
	_, err := Batch(context.Background(), s, evs, BatchOptions{Workers: 1}, func(r *Result, err error) {
		require.NoError(t, err)
		n++
		emitted <- struct{}{}
	})
	require.NoError(t, err)
	assert.Equal(t, 3, n)
}

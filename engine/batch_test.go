package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/synth"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stream is a batch of generated branch-months with bad items put in at
// chosen places, as a host's stream would carry them.
type stream struct {
	evs  []*evidence.Evidence
	errs map[int]error // an error the stream yields in place of the item
}

func (st stream) seq() iter.Seq2[*evidence.Evidence, error] {
	return func(yield func(*evidence.Evidence, error) bool) {
		for i, ev := range st.evs {
			if !yield(ev, st.errs[i]) {
				return
			}
		}
	}
}

// badStream returns n generated items of which every seventh is bad in one
// of five ways, and what each bad item's error must say, by index.
func badStream(t *testing.T, n int) (stream, map[int]string) {
	t.Helper()
	st := stream{errs: map[int]error{}}
	for ev, err := range synth.Tingnan(11, "2017-03", n) {
		require.NoError(t, err)
		st.evs = append(st.evs, ev)
	}
	want := map[int]string{}
	for i := 3; i < n; i += 7 {
		id := st.evs[i].Subject.ID
		switch (i / 7) % 5 {
		case 0: // a nil evidence has no subject: named by its index
			st.evs[i] = nil
			want[i] = fmt.Sprintf("evidence[%d]: nil evidence", i)
		case 1: // 1e-2147483648 written out is 2^31 digits
			st.evs[i].Facts["task_actual"] = decimal.New(1, math.MinInt32)
			want[i] = fmt.Sprintf("subject %s, period 2017-03: facts.task_actual: a decimal of 2147483648 digits written out (1e-2147483648); at most 40", id)
		case 2: // a file that did not decode: the stream's error, no evidence
			st.evs[i] = nil
			st.errs[i] = errors.New("b.json: unexpected EOF")
			want[i] = fmt.Sprintf("evidence[%d]: b.json: unexpected EOF", i)
		case 3: // a run-time failure names the indicator
			st.evs[i].Facts["task_target"] = json.Number("0")
			want[i] = fmt.Sprintf("subject %s, period 2017-03, indicator B1 (facts.task_actual, facts.task_target): division by zero", id)
		case 4: // the same subject and period as the item before
			st.evs[i].Subject.ID = st.evs[i-1].Subject.ID
			want[i] = fmt.Sprintf("subject %s, period 2017-03: evidence[%d] and evidence[%d] are both for it; give one", st.evs[i-1].Subject.ID, i-1, i)
		}
	}
	return st, want
}

// TestBatchEveryItemComesBack: 400 items on 4 workers (run with -race),
// 57 of them bad (indices 3, 10, …, 395). Every item comes back exactly
// once: 343 results, one summary each, and 57 errors, each naming its
// item by subject and period or, without a subject, by its index.
func TestBatchEveryItemComesBack(t *testing.T) {
	s := tingnan(t)
	const n = 400
	st, want := badStream(t, n)
	require.Len(t, want, 57) // (395-3)/7 + 1

	for run := range 3 {
		results := map[string]int{}
		errs := map[int]string{}
		sums, err := Batch(context.Background(), s, st.seq(), BatchOptions{Workers: 4}, func(r *Result, err error) {
			if err != nil {
				var ie *ItemError
				require.ErrorAs(t, err, &ie)
				_, dup := errs[ie.Index]
				require.False(t, dup, "item %d came back twice", ie.Index)
				errs[ie.Index] = err.Error()
				return
			}
			results[r.Subject.ID]++
		})
		require.NoError(t, err, "run %d", run)
		assert.Equal(t, want, errs, "run %d", run)
		assert.Len(t, results, n-57, "run %d", run)
		assert.Len(t, sums, n-57, "run %d", run)
		for i, ev := range st.evs {
			if _, bad := want[i]; bad || ev == nil {
				continue
			}
			assert.Equal(t, 1, results[ev.Subject.ID], "run %d: item %d (%s)", run, i, ev.Subject.ID)
		}
	}
}

// TestBatchWithoutEmit: with no emit, the failures come back as Batch's
// error, every one, in stream order, beside the others' summaries.
func TestBatchWithoutEmit(t *testing.T) {
	s := tingnan(t)
	st, want := badStream(t, 40) // bad: 3, 10, 17, 24, 31, 38
	sums, err := Batch(context.Background(), s, st.seq(), BatchOptions{Workers: 3}, nil)
	var be *BatchError
	require.ErrorAs(t, err, &be)
	assert.Len(t, sums, 34)
	var got []int
	for _, it := range be.Items {
		got = append(got, it.Index)
		assert.Equal(t, want[it.Index], it.Error())
	}
	assert.Equal(t, []int{3, 10, 17, 24, 31, 38}, got)
	assert.ErrorIs(t, err, ErrNilEvidence)
	assert.ErrorIs(t, err, ErrDuplicateEvidence)
}

// TestBatchDecimalBeyondLimits: each host decimal is refused with its path
// and the limit, before anything writes it out or computes with it.
func TestBatchDecimalBeyondLimits(t *testing.T) {
	s := tingnan(t)
	tests := []struct {
		v    any
		want string
		why  string
	}{
		{decimal.New(1, math.MinInt32), "facts.task_actual: a decimal of 2147483648 digits written out (1e-2147483648); at most 40", "2^31 digits after the point"},
		{decimal.New(1, math.MaxInt32), "facts.task_actual: a decimal of 2147483648 digits written out (1e2147483647); at most 40", "1 and 2^31-1 zeros"},
		{decimal.New(1, 40), "facts.task_actual: a decimal of 41 digits written out (1e40); at most 40", "one digit over"},
		{decimal.New(0, -41), "facts.task_actual: a decimal of 41 digits written out (0e-41); at most 40", "a zero with 41 places"},
		{[]any{decimal.New(1, -50)}, "facts.task_actual[0]: a decimal of 50 digits written out (1e-50); at most 40", "inside a list"},
		{struct{ D *decimal.Decimal }{&[]decimal.Decimal{decimal.New(7, -99)}[0]}, "facts.task_actual.D: a decimal of 99 digits written out (7e-99); at most 40", "inside a host's struct"},
	}
	for _, tc := range tests {
		ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
		ev.Facts["task_actual"] = tc.v
		_, err := Evaluate(context.Background(), s, ev, Options{})
		require.Error(t, err, tc.why)
		assert.Equal(t, "subject zc1, period 2017-03: "+tc.want, err.Error(), tc.why)
	}
	// Within the limit: 40 digits are fine (and 10500 is zc1's actual).
	ev := loadEvidence(t, "../examples/data/tingnan-2017/2017-03-zongcai1.json")
	ev.Facts["task_actual"] = decimal.New(105, 2)
	_, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	ev.Facts["task_actual"] = decimal.New(10500, -36) // 0.0000…105: 40 digits after the point
	_, err = Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
}

func TestIndex(t *testing.T) {
	a := &evidence.Evidence{Subject: evidence.Subject{ID: "a"}, Period: "2017-03"}
	b := &evidence.Evidence{Subject: evidence.Subject{ID: "b"}, Period: "2017-03"}
	a2 := &evidence.Evidence{Subject: evidence.Subject{ID: "a"}, Period: "2017-03"}
	aApr := &evidence.Evidence{Subject: evidence.Subject{ID: "a"}, Period: "2017-04"}
	units, err := Index([]*evidence.Evidence{a, b, aApr})
	require.NoError(t, err, "a in March and in April are two periods")
	got, ok := units("a", "2017-03")
	assert.True(t, ok)
	assert.Same(t, a, got)

	_, err = Index([]*evidence.Evidence{a, b, a2, nil, a})
	require.ErrorIs(t, err, ErrDuplicateEvidence)
	require.ErrorIs(t, err, ErrNilEvidence)
	assert.EqualError(t, err, "subject a, period 2017-03: evidence[0] and evidence[2] are both for it; give one\n"+
		"evidence[3]: nil evidence\n"+
		"subject a, period 2017-03: evidence[0] and evidence[4] are both for it; give one")
}

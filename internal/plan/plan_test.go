package plan_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func constructs(t testing.TB) *scheme.Scheme {
	t.Helper()
	s, err := scheme.CompileFile("../../scheme/testdata/good/constructs.yaml")
	require.NoError(t, err)
	return s
}

// contests returns n records of the constructs scheme's contests list.
func contests(n int) []evidence.Record {
	recs := make([]evidence.Record, n)
	for i := range recs {
		recs[i] = evidence.Record{ID: "K" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Date: "2023-05-01", Documents: []string{"plan"},
			Fields: map[string]any{"participants": int64(6), "uniform_dress": true, "grade": "a"}}
	}
	return recs
}

func sample(recs []evidence.Record) *evidence.Evidence {
	return &evidence.Evidence{
		Subject: evidence.Subject{ID: "b1", Name: "一支部", Kind: "branch", Category: "production"},
		Period:  "2023",
		Facts: map[string]any{
			"completion": decimal.RequireFromString("101.5"), "attendance": "96", "members": 7,
			"secretary": "张三", "rating": "优",
		},
		Records: map[string][]evidence.Record{"contests": recs},
		Chosen:  map[string][]string{"individual": {"news"}},
	}
}

func TestBind(t *testing.T) {
	s := constructs(t)
	b, err := plan.Bind(s, sample(contests(3)))
	require.NoError(t, err)
	recs := b.Records("contests")
	require.Len(t, recs, 3)
	for i, r := range recs {
		assert.Equal(t, i, r.Index, "records keep their place in the list")
		assert.Equal(t, "6", r.Field("participants"))
	}
	assert.True(t, b.Chosen("news"))
	assert.False(t, b.Chosen("gated"), "gated is in no pool")
	got, ok := b.InputText("members")
	assert.True(t, ok)
	assert.Equal(t, "7", got)

	// A rule per record reads its own record, and the binding for the rest.
	where := s.Indicator("gated").Where
	for _, r := range recs {
		ok, err := b.Bool(context.Background(), where, r)
		require.NoError(t, err)
		assert.True(t, ok, "record %s has grade a", r.ID)
	}

	// Refused evidence gives no binding (a nil interface) and the
	// evidence error.
	bad := sample(contests(1))
	bad.Facts["members"] = "seven"
	b, err = plan.Bind(s, bad)
	assert.Nil(t, b)
	var ee *scheme.EvidenceError
	require.True(t, errors.As(err, &ee), "got %T", err)
	assert.Equal(t, "facts.members", ee.Problems[0].Path)
}

// TestRecorded: a number is recorded exactly when it terminates, and at
// the scheme's arithmetic scale (4, half even) when it does not.
func TestRecorded(t *testing.T) {
	s := constructs(t)
	third, err := scheme.ExactOf(decimal.NewFromInt(1)).Quo(scheme.ExactOf(decimal.NewFromInt(3)))
	require.NoError(t, err)
	for _, tc := range []struct {
		x       scheme.Exact
		want    string
		rounded bool
		why     string
	}{
		{scheme.ExactOf(decimal.RequireFromString("2.125")), "2.125", false, "a terminating value is recorded as it is, whatever its digits"},
		{third, "0.3333", true, "a fraction is rounded to the scheme's arithmetic scale"},
	} {
		d, rounded := plan.Recorded(s, tc.x)
		assert.Equal(t, tc.want, d.String(), tc.why)
		assert.Equal(t, tc.rounded, rounded, tc.why)
	}
}

// TestBindConcurrent binds subjects of two periods at once: a compiled
// scheme is shared by the goroutines of a batch, and the period it keeps
// from the last subject bound must be the subject's own (run with -race).
func TestBindConcurrent(t *testing.T) {
	s := constructs(t)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				ev := sample(contests(1))
				ev.Period = []string{"2022", "2023"}[(g+i)%2]
				b, err := plan.Bind(s, ev)
				if err != nil {
					errs <- err.Error()
					return
				}
				if got := b.Period().String(); got != ev.Period {
					errs <- "bound " + ev.Period + " as " + got
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

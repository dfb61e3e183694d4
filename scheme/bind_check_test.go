package scheme

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rfc3339Edges are times at the edges of plainRFC3339's form and ranges,
// and just past them.
var rfc3339Edges = []string{
	"2017-03-26T10:00:00+08:00", "2017-03-26T02:00:00Z", "2017-03-26T10:00:00-08:00", "0000-01-01T00:00:00Z",
	"9999-12-31T23:59:59Z", "2017-02-28T00:00:00Z", "2017-02-29T00:00:00Z", "2016-02-29T00:00:00Z",
	"2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2017-04-30T00:00:00Z", "2017-04-31T00:00:00Z",
	"2017-12-31T00:00:00Z", "2017-13-01T00:00:00Z", "2017-00-01T00:00:00Z", "2017-01-00T00:00:00Z",
	"2017-01-32T00:00:00Z", "2017-01-01T24:00:00Z", "2017-01-01T23:60:00Z", "2017-01-01T23:59:60Z",
	"2017-01-01T00:00:00+23:59", "2017-01-01T00:00:00+24:00", "2017-01-01T00:00:00+08:60", "2017-01-01T00:00:00+0800",
	"2017-01-01T00:00:00z", "2017-01-01t00:00:00Z", "2017-01-01 00:00:00Z", "2017-01-01T00:00:00.5Z",
	"2017-01-01T00:00:00.123456789+08:00", "2017-01-01T00:00:00", "2017-1-01T00:00:00Z", "+017-01-01T00:00:00Z",
	"2017-01-01T00:00:00*08:00", "2017-01-01T00:00:00+08-00", "2017/01/01T00:00:00Z", "2017-01-01T00-00:00Z",
	"2017-01-01T00:00-00Z", "201a-01-01T00:00:00Z", "2017-01-01T0a:00:00Z", "2017-01-01T00:00:00+0a:00", "",
	"2017-06-31T00:00:00Z", "2017-09-31T00:00:00Z", "2017-11-31T00:00:00Z", "2017-11-30T00:00:00Z",
}

// TestRFC3339Fast holds Bind's check of an assessor entry's time to
// time.Parse: the same answer for every edge, and plainRFC3339 accepts no
// time time.Parse refuses (it may leave others to it).
func TestRFC3339Fast(t *testing.T) {
	plain := 0
	for _, s := range rfc3339Edges {
		_, err := time.Parse(time.RFC3339, s)
		assert.Equal(t, err == nil, rfc3339OK(s), "%q", s)
		if plainRFC3339(s) {
			plain++
			assert.NoError(t, err, "%q: the fast check accepts what time.Parse refuses", s)
		}
	}
	assert.GreaterOrEqual(t, plain, 10, "the fast check answers the usual forms itself")
}

func FuzzRFC3339Fast(f *testing.F) {
	for _, s := range rfc3339Edges {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := time.Parse(time.RFC3339, s)
		if ok := rfc3339OK(s); ok != (err == nil) {
			t.Fatalf("%q: rfc3339OK %v, time.Parse %v", s, ok, err)
		}
		if plainRFC3339(s) && err != nil {
			t.Fatalf("%q: the fast check accepts what time.Parse refuses: %v", s, err)
		}
	})
}

// TestRecordIDsSearched: a long list's ids, sorted and searched, find the
// record a scan finds (each id's first, -1 for none), with ids repeated,
// empty and absent.
func TestRecordIDsSearched(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	ids := []string{"", "a", "a2", "b", "B", "c-1", "记录", "z"}
	for _, n := range []int{scanIDs + 1, scanIDs + 2, 40, 100} {
		for range 20 {
			recs := make([]evidence.Record, n)
			for i := range recs {
				recs[i].ID = ids[rng.IntN(len(ids))]
			}
			long, scan := newRecordIDs(recs), recordIDs{recs: recs}
			require.NotNil(t, long.byID, "a list of %d is searched", n)
			for _, id := range append(ids, "absent", "0", "zz") {
				assert.Equal(t, scan.first(id), long.first(id), "%q in %d records", id, n)
			}
		}
	}
}

// TestPeriodSpanRemembered: the span of the last period bound, which the
// layout keeps, is the span computed afresh, for that period and others,
// with and without a cut-off day.
func TestPeriodSpanRemembered(t *testing.T) {
	for _, cutoff := range []int{0, 25} {
		src, err := os.ReadFile("../schemes/tingnan-2017.yaml")
		require.NoError(t, err)
		s, err := Compile("tingnan-2017.yaml", src)
		require.NoError(t, err)
		s.cutoff = cutoff
		s.layout.period.Store(nil)
		fresh := *s
		fresh.layout = nil // nothing remembered
		for _, text := range []string{"2017-03", "2017-01", "2017-12"} {
			bp, err := s.layout.boundPeriod(s, text)
			require.NoError(t, err)
			for _, q := range []string{"2017-03", "2017-01", "2017-12", "2017-Q1", "2017"} {
				p, err := evidence.ParsePeriod(q)
				require.NoError(t, err)
				gs, ge := s.periodSpan(p)
				ws, we := fresh.periodSpan(p)
				assert.True(t, gs == ws && ge == we, "cut-off %d, %s bound, %s: %v–%v, want %v–%v", cutoff, text, q, gs, ge, ws, we)
			}
			assert.Equal(t, bp, s.layout.period.Load(), "the period bound is remembered")
		}
	}
}

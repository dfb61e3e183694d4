package scheme

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"unsafe"

	"cel.dev/cel-go/common/types"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allocSample is evidence for testdata/good/constructs.yaml with n
// contests.
func allocSample(n int) *evidence.Evidence {
	recs := make([]evidence.Record, n)
	for i := range recs {
		recs[i] = evidence.Record{ID: fmt.Sprintf("K%d", i), Date: "2023-05-01", Documents: []string{"plan"},
			Fields: map[string]any{"participants": int64(6), "uniform_dress": true, "grade": "a"}}
	}
	return &evidence.Evidence{
		Subject: evidence.Subject{ID: "b1", Name: "一支部", Kind: "branch", Category: "production"},
		Period:  "2023",
		Facts: map[string]any{"completion": decimal.RequireFromString("101.5"), "attendance": "96", "members": 7,
			"secretary": "张三", "rating": "优"},
		Records: map[string][]evidence.Record{"contests": recs},
		Chosen:  map[string][]string{"individual": {"news"}},
	}
}

// TestBindAllocations pins what binding and evaluating cost in
// allocations, which are deterministic. A record adds its fields' values
// as convert and their bounds' check make them and its date as
// celdec.ParseDate does, and nothing of its own: it, its field slice and
// its CEL object are carved from the binding's arrays, an enum's value is
// one made when the scheme compiled, and its id, date
// and documents become CEL values only when a rule reads them. Evaluating a condition allocates no
// activation: the binding is one, and so is each record.
func TestBindAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes what allocates")
	}
	s := compileConstructs(t)
	bindAllocs := func(n int) float64 {
		ev := allocSample(n)
		return testing.AllocsPerRun(20, func() {
			if _, err := s.bind(ev); err != nil {
				t.Fatal(err)
			}
		})
	}
	raw := allocSample(1).Records["contests"][0]
	ll := s.layout.lists[s.layout.slot["contests"]]
	fields := testing.AllocsPerRun(20, func() {
		for j, f := range s.Input("contests").Fields {
			if x, ok := raw.Fields[f.Name]; ok {
				v, err := convertIn(x, f.Type, f.Values, ll.enums[j]) // an enum's value made once
				if err == nil {
					_ = f.Bounds.check(v)
				}
			}
		}
		_, _ = celdec.ParseDate(raw.Date)
	})
	perRecord := (bindAllocs(scanIDs) - bindAllocs(1)) / (scanIDs - 1) // ids scanned, not indexed
	assert.LessOrEqual(t, perRecord, fields, "a record costs %.1f allocations, %.1f of them converting its fields and date", perRecord, fields)

	b, err := s.bind(allocSample(2))
	require.NoError(t, err)
	ctx := context.Background()
	rec := b.Records("contests")[1]
	j := slices.IndexFunc(s.Input("contests").Fields, func(f Field) bool { return f.Name == "grade" })
	grade, shared := rec.Obj.Field("grade").(types.String), ll.enums[j][0].(types.String)
	assert.Equal(t, shared, grade)
	assert.Same(t, unsafe.StringData(string(shared)), unsafe.StringData(string(grade)), "an enum's value is the one made once")
	for _, tc := range []struct {
		name string
		eval func()
		why  string
	}{
		{"per record", func() { _, _ = b.Bool(ctx, s.Indicator("gated").Where, rec) }, "the record is the activation"},
		{"subject", func() { _, _ = b.Bool(ctx, s.Indicator("checklist").Exempt.When, nil) }, "the binding is the activation"},
	} {
		assert.Zero(t, testing.AllocsPerRun(50, tc.eval), "%s: %s", tc.name, tc.why)
	}
}

// TestAssessmentRuns: the entries found for an indicator, or for one
// record of it, are those of the evidence in evidence order, whatever the
// order the indicators and records come in: sorted apart when the
// evidence is not in order, read in place when it is (by indicator, or by
// indicator and record).
func TestAssessmentRuns(t *testing.T) {
	entry := func(ind, rec, reason string) evidence.Assessment {
		return evidence.Assessment{Indicator: ind, Record: rec, Reason: reason}
	}
	// order is assessmentOrder as Bind calls it, ranking the indicators
	// of all as the scheme's layout ranks its own, with buf for room.
	order := func(all, buf []evidence.Assessment) (byInd, byRec, used []evidence.Assessment) {
		var ids []string
		for _, a := range all {
			ids = append(ids, a.Indicator)
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		keys := make([]uint64, len(all))
		for i, a := range all {
			keys[i] = uint64(slices.Index(ids, a.Indicator))<<32 | uint64(i)
		}
		return assessmentOrder(all, keys, buf)
	}
	reasons := func(xs []evidence.Assessment) string {
		var s string
		for _, x := range xs {
			s += x.Reason
		}
		return s
	}
	type run struct {
		ind, rec, want, why string
	}
	for _, ev := range []struct {
		name         string
		all          []evidence.Assessment
		shared, runs bool // byInd shares all; byRec shares it too
		want         []run
	}{
		{"out of order", []evidence.Assessment{entry("B", "r2", "1"), entry("A", "", "2"), entry("B", "r1", "3"), entry("B", "r2", "4"),
			entry("C", "r1", "5"), entry("B", "r1", "6"), entry("A", "", "7")}, false, false, []run{
			{"A", "", "27", "an indicator's entries in evidence order"},
			{"B", "", "1346", "entries on records count for their indicator too"},
			{"B", "r1", "36", "one record's entries, in evidence order"},
			{"B", "r2", "14", "another record of the same indicator"},
			{"C", "r1", "5", "the same record id under another indicator is another run"},
			{"C", "r2", "", "no entries: nil"},
			{"A", "r1", "", "an indicator not scored per record"},
			{"D", "", "", "an indicator past the last"},
			{"0", "", "", "an indicator before the first"},
		}},
		{"by indicator, not by record", []evidence.Assessment{entry("A", "", "1"), entry("A", "", "2"), entry("B", "r2", "3"),
			entry("B", "r1", "4"), entry("B", "r2", "5"), entry("C", "r1", "6")}, true, false, []run{
			{"A", "", "12", "an indicator's entries, read in place"},
			{"B", "", "345", "in evidence order, not by record"},
			{"B", "r1", "4", "one record's entries, sorted apart"},
			{"B", "r2", "35", "in evidence order"},
			{"C", "r1", "6", "the last run"},
			{"A", "", "12", "again"},
		}},
		{"in order", []evidence.Assessment{entry("A", "", "1"), entry("A", "", "2"), entry("B", "r1", "3"),
			entry("B", "r1", "4"), entry("B", "r2", "5"), entry("C", "r1", "6")}, true, true, []run{
			{"A", "", "12", "an indicator's entries, read in place"},
			{"B", "", "345", "with its records'"},
			{"B", "r1", "34", "one record's entries, read in place"},
			{"B", "r2", "5", "another record"},
			{"C", "r1", "6", "the last run"},
			{"C", "r2", "", "no entries: nil"},
			{"A", "r1", "", "an indicator not scored per record"},
			{"D", "", "", "an indicator past the last"},
			{"0", "", "", "an indicator before the first"},
		}},
	} {
		// Without room, and with the room a released binding leaves
		// (bind_pool.go): cleared, and, were it not, entries of another
		// subject in it.
		stale := slices.Repeat([]evidence.Assessment{entry("A", "r9", "x"), entry("C", "", "y")}, 8)
		for _, buf := range [][]evidence.Assessment{nil, make([]evidence.Assessment, 0, 16), stale[:0]} {
			all := slices.Clone(ev.all)
			byInd, byRec, used := order(all, buf)
			assert.Equal(t, ev.shared, &byInd[0] == &all[0], "%s: the entries read in place", ev.name)
			assert.Equal(t, ev.runs, &byRec[0] == &all[0], "%s: the entries on records read in place", ev.name)
			if cap(buf) > 0 && !ev.runs {
				assert.Same(t, &buf[:1][0], &used[:1][0], "%s: the entries sorted apart into the room given", ev.name)
			}
			b := &binding{assessed: byInd, byRecord: byRec}
			for _, tc := range ev.want {
				got := b.Assessments(tc.ind)
				if tc.rec != "" {
					got = b.RecordAssessments(tc.ind, tc.rec)
				}
				assert.Equal(t, tc.want, reasons(got), "%s: %s", ev.name, tc.why)
				if tc.want == "" {
					assert.Nil(t, got, "%s: %s", ev.name, tc.why)
				}
			}
			assert.Nil(t, b.RecordAssessments("A", ""), "%s: no entry on a record is on record \"\"", ev.name)
			assert.Equal(t, ev.all, all, "%s: the evidence is left as it was", ev.name)
		}
	}
}

package scheme

import (
	"context"
	"fmt"
	"testing"

	"cel.dev/cel-go/interpreter"
	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loopScheme is a scheme with one value indicator, expr, over a list of up
// to max records, each with a string field s and two document kinds.
func loopScheme(max int, expr string) string {
	return fmt.Sprintf(`id: l
version: "1"
title: {zh: 例, en: example}
period: month
inputs:
  k: {type: string, default: a}
  items:
    type: list
    max: %d
    fields:
      s: string
    documents:
      plan: {label: {zh: 方案, en: plan}}
      summary: {label: {zh: 总结, en: summary}}
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - id: A1
        label: {zh: 一, en: one}
        kind: value
        value: %q
`, max, expr)
}

// loopEvidence has n records, each listing docs.
func loopEvidence(n int, docs ...string) *evidence.Evidence {
	recs := make([]evidence.Record, n)
	for i := range recs {
		recs[i] = evidence.Record{ID: fmt.Sprintf("r%d", i), Date: "2023-05-02", Documents: docs, Fields: map[string]any{"s": "b"}}
	}
	return &evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023-05", Records: map[string][]evidence.Record{"items": recs}}
}

// TestComprehensionRunsUntracked: an expression runs without CEL's cost
// tracker (its static estimate bounds it); a comprehension also has a
// tracked program, for evidence past the sizes the estimate counts on.
func TestComprehensionRunsUntracked(t *testing.T) {
	tests := []struct {
		expr    string
		tracked bool
		why     string
	}{
		{"items.filter(r, r.s == k).size()", true, "a comprehension keeps a tracked program for oversized evidence"},
		{"[1, 2, 3].exists(i, i == 2) ? 1 : 0", true, "a comprehension over a literal too"},
		{"size(k) + 1", false, "a straight-line expression has no tracked program: its size bounds it"},
	}
	for _, tt := range tests {
		s, err := Compile("l.yaml", []byte(loopScheme(10, tt.expr)))
		require.NoError(t, err, tt.why)
		b, err := s.bind(loopEvidence(3, "plan"))
		require.NoError(t, err, tt.why)
		e := s.Indicators()[0].Value
		_, det, err := e.prg.Eval((*subjectActivation)(b))
		require.NoError(t, err, tt.why)
		assert.True(t, det == nil || det.ActualCost() == nil, "%s: the program runs without the tracker", tt.why)
		assert.Equal(t, tt.tracked, e.tracked != nil, tt.why)
		if e.tracked != nil {
			_, det, err = trackedEval(e, (*subjectActivation)(b))
			require.NoError(t, err, tt.why)
			require.NotNil(t, det.ActualCost(), "%s: the tracked program counts", tt.why)
			assert.LessOrEqual(t, *det.ActualCost(), e.cost, tt.why)
		}
	}
}

// cancelledWhileRunning is a context that is live when Eval checks it
// before starting and cancelled from then on: the cancellation arrives
// while the comprehension runs.
type cancelledWhileRunning struct {
	context.Context
	checks int
}

var closedDone = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

func (c *cancelledWhileRunning) Done() <-chan struct{} { return closedDone }

func (c *cancelledWhileRunning) Err() error {
	if c.checks++; c.checks == 1 {
		return nil
	}
	return context.Canceled
}

// TestCancelStopsComprehension: without the cost tracker, a comprehension
// still checks the context as it runs and stops once it is cancelled.
func TestCancelStopsComprehension(t *testing.T) {
	s, err := Compile("l.yaml", []byte(loopScheme(3000, "items.filter(r, size(r.documents) > 0).size()")))
	require.NoError(t, err)
	b, err := s.bind(loopEvidence(3000, "plan"))
	require.NoError(t, err)
	e := s.Indicators()[0].Value
	n, err := b.Number(context.Background(), e, nil)
	require.NoError(t, err)
	assert.Equal(t, "3000", n.String(), "live: the comprehension runs to the end")

	ctx := &cancelledWhileRunning{Context: context.Background()}
	_, err = b.Eval(ctx, e, nil)
	assert.ErrorIs(t, err, context.Canceled, "cancelled while it runs: the comprehension stops")
	assert.ErrorContains(t, err, "operation interrupted", "stopped by the interrupt check, not before starting")
}

// TestOversizedDocumentsRunTracked: a record may list a document more than
// once, so its documents can outnumber the kinds the cost estimate counts
// (the one size binding does not refuse). Then a comprehension runs with
// the cost tracker and is stopped past four times the cost limit, as every
// comprehension was before.
func TestOversizedDocumentsRunTracked(t *testing.T) {
	const expr = `items.all(a, items.all(b, items.all(c, !("summary" in c.documents)))) ? 1 : 0`
	s, err := Compile("l.yaml", []byte(loopScheme(10, expr)))
	require.NoError(t, err, "within the cost limit at the declared sizes")
	many := make([]string, 5000)
	for i := range many {
		many[i] = "plan"
	}
	tests := []struct {
		ev        *evidence.Evidence
		oversized bool
		err       string
		why       string
	}{
		{loopEvidence(10, "plan"), false, "", "documents within their kinds: runs untracked"},
		{loopEvidence(10, "plan", "plan", "plan"), true, "", "more documents than kinds: tracked, and well within its limit"},
		{loopEvidence(10, many...), true, "actual cost limit exceeded", "1000 × 5000 comparisons: stopped by the tracker"},
	}
	for _, tt := range tests {
		b, err := s.bind(tt.ev)
		require.NoError(t, err, tt.why)
		assert.Equal(t, tt.oversized, b.oversized, tt.why)
		v, err := b.Number(context.Background(), s.Indicators()[0].Value, nil)
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err, tt.why)
			var stop interpreter.EvalCancelledError
			assert.ErrorAs(t, err, &stop, tt.why)
			continue
		}
		require.NoError(t, err, tt.why)
		assert.Equal(t, "1", v.String(), tt.why)
	}
}

// TestRoundsRunComprehensionOnce: when rounds score the whole scheme, a
// subject-level comprehension runs once and its value serves every round;
// without such rounds nothing is kept. A done context still stops an
// evaluation whose value is kept.
func TestRoundsRunComprehensionOnce(t *testing.T) {
	const rounds = `rounds:
  on: total
  rounding: {scale: 2, mode: half_up}
  list:
    self: {label: {zh: 自评, en: self}, weight: 30%, combine: mean}
    organisation: {label: {zh: 考评, en: panel}, weight: 70%, combine: mean}
`
	tests := []struct {
		extra string
		kept  bool
		why   string
	}{
		{rounds, true, "two rounds on the total: the scheme is scored twice over one binding"},
		{"", false, "no rounds: the scheme is scored once, nothing to keep"},
	}
	for _, tt := range tests {
		s, err := Compile("l.yaml", []byte(loopScheme(10, "items.filter(r, r.s == k).size()")+tt.extra))
		require.NoError(t, err, tt.why)
		b, err := s.bind(loopEvidence(4, "plan"))
		require.NoError(t, err, tt.why)
		e := s.Indicators()[0].Value
		for range 2 {
			n, err := b.Number(context.Background(), e, nil)
			require.NoError(t, err, tt.why)
			assert.Equal(t, "0", n.String(), tt.why)
		}
		assert.Equal(t, tt.kept, b.remembered(e) != nil, tt.why)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err = b.Number(ctx, e, nil)
		assert.ErrorIs(t, err, context.Canceled, tt.why)
	}
}

package engine

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVetoConfirmationsByInstant: the latest decision on a veto stands,
// and "latest" compares instants, not the text of the times. u1 has an
// incident in 2019, so xining-2021's incidents_since_2019 fires and waits
// for an assessor.
func TestVetoConfirmationsByInstant(t *testing.T) {
	s, err := schemes.Load("xining-2021")
	require.NoError(t, err)
	type c = evidence.Confirmation
	tests := []struct {
		confirms []c
		vetoed   bool
		by       string
		why      string
	}{
		{[]c{{Assessor: "a", Confirmed: true, Time: "2021-03-05T02:00:00Z"}, {Assessor: "b", Confirmed: false, Time: "2021-03-05T09:00:00+08:00"}},
			true, "a", "02:00Z is an hour after 09:00+08:00 (01:00Z), though its text sorts first"},
		{[]c{{Assessor: "b", Confirmed: false, Time: "2021-03-05T09:00:00+08:00"}, {Assessor: "a", Confirmed: true, Time: "2021-03-05T02:00:00Z"}},
			true, "a", "the evidence order does not matter"},
		{[]c{{Assessor: "a", Confirmed: true, Time: "2021-03-05T00:30:00Z"}, {Assessor: "b", Confirmed: false, Time: "2021-03-05T09:00:00+08:00"}},
			false, "", "00:30Z is before 01:00Z: the later false stands"},
		{[]c{{Assessor: "a", Confirmed: true, Time: "2021-03-05T01:00:00Z"}, {Assessor: "b", Confirmed: true, Time: "2021-03-05T09:00:00+08:00"}},
			true, "a", "the same instant, both confirm: the first in evidence order is cited"},
	}
	for _, tc := range tests {
		ev := &evidence.Evidence{Subject: evidence.Subject{ID: "u1", Name: "未确认", Kind: "branch"}, Period: "2021",
			Records: map[string][]evidence.Record{"incidents": {{ID: "INC-1", Date: "2019-03-01"}}}}
		for _, x := range tc.confirms {
			x.Veto, x.Reason = "incidents_since_2019", "核实"
			ev.Confirmations = append(ev.Confirmations, x)
		}
		r, err := Evaluate(context.Background(), s, ev, Options{})
		require.NoError(t, err, tc.why)
		if !tc.vetoed {
			assert.Empty(t, r.Vetoes, tc.why)
			continue
		}
		require.Len(t, r.Vetoes, 1, tc.why)
		assert.Equal(t, tc.by, r.Vetoes[0].ConfirmedBy, tc.why)
	}
}

// TestVetoConfirmationsRefused: a confirmation must say when, in RFC
// 3339, and two at the same instant must not disagree; each is refused
// with its path, naming the other.
func TestVetoConfirmationsRefused(t *testing.T) {
	s, err := schemes.Load("xining-2021")
	require.NoError(t, err)
	ev := &evidence.Evidence{Subject: evidence.Subject{ID: "u1", Name: "未确认", Kind: "branch"}, Period: "2021",
		Confirmations: []evidence.Confirmation{
			{Veto: "incidents_since_2019", Assessor: "a", Confirmed: true, Reason: "r", Time: "2021-03-05T01:00:00Z"},
			{Veto: "incidents_since_2019", Assessor: "b", Confirmed: false, Reason: "r", Time: "2021-03-05T09:00:00+08:00"},
			{Veto: "secretary_unfit", Assessor: "c", Confirmed: true, Reason: "r"},
			{Veto: "team_disunited", Assessor: "d", Confirmed: true, Reason: "r", Time: "2021-03-05 09:00"},
		}}
	_, err = Evaluate(context.Background(), s, ev, Options{})
	var e *scheme.EvidenceError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "subject u1, period 2021: confirmations[1].time: 2021-03-05T09:00:00+08:00 is the instant of confirmations[0] (2021-03-05T01:00:00Z), which decides veto incidents_since_2019 the other way: the latest decision cannot be told\n"+
		"subject u1, period 2021: confirmations[2].time: missing: a confirmation says when it was decided (RFC 3339); the latest decides\n"+
		`subject u1, period 2021: confirmations[3].time: want RFC 3339 (2017-03-26T10:00:00+08:00), got "2021-03-05 09:00"`, err.Error())
}

// TestVerifyParamsInForce: 机修 scores 79.5 (14 × 4 + 3.5 + 5 × 4); with
// the pass mark lowered from 80 to 75 it passes. That result, stored, is
// not verified against the 75 it carries: under the scheme's defaults it
// fails, naming the pass mark; it verifies when the host says 75 was in
// force.
func TestVerifyParamsInForce(t *testing.T) {
	s, err := schemes.Load("xining-2021")
	require.NoError(t, err)
	ev := loadEvidence(t, "../examples/data/xining-2021/2021-jixiu.json")
	r, err := Evaluate(context.Background(), s, ev, Options{Params: map[string]string{"pass_mark": "75"}})
	require.NoError(t, err)
	require.Equal(t, "pass", r.Tier)

	err = Verify(context.Background(), r, s, ev, Options{})
	require.ErrorIs(t, err, ErrMismatch)
	require.ErrorIs(t, err, ErrParamsDiffer)
	var mm *MismatchError
	require.ErrorAs(t, err, &mm)
	assert.Equal(t, []ParamDiff{{Name: "pass_mark", Result: "75", InForce: "80"}}, mm.Params)
	assert.Equal(t, "stored result differs from a fresh evaluation:\n"+
		"  parameter pass_mark: result 75, in force 80\n"+
		`  tier: stored "pass", evaluated "fail"`, err.Error())

	require.NoError(t, Verify(context.Background(), r, s, ev, Options{Params: map[string]string{"pass_mark": "75"}}))
	require.NoError(t, Verify(context.Background(), r, s, ev, Options{Params: map[string]string{"pass_mark": "75.0"}}), "75.0 is 75")

	// A scheme made with the override is what is in force too.
	s75, err := s.WithParams(map[string]string{"pass_mark": "75"})
	require.NoError(t, err)
	require.NoError(t, Verify(context.Background(), r, s75, ev, Options{}))

	// The host says 70 was in force: the pass mark is named, though the
	// tier is the same under 70 and 75.
	err = Verify(context.Background(), r, s, ev, Options{Params: map[string]string{"pass_mark": "70"}})
	require.ErrorIs(t, err, ErrParamsDiffer)
	assert.Equal(t, "stored result differs from a fresh evaluation:\n  parameter pass_mark: result 75, in force 70", err.Error())

	// A result computed under the defaults verifies with them, and does
	// not match an override it never had.
	r80, err := Evaluate(context.Background(), s, ev, Options{})
	require.NoError(t, err)
	require.NoError(t, Verify(context.Background(), r80, s, ev, Options{}))
	err = Verify(context.Background(), r80, s, ev, Options{Params: map[string]string{"pass_mark": "75"}})
	require.ErrorIs(t, err, ErrParamsDiffer)
}

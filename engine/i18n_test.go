package engine

import (
	"fmt"
	"testing"

	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/internal/plan"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
)

// TestErrorsChinese renders runtime errors in Chinese: every sentinel
// reads in Chinese, and an *Error keeps its subject, period and path while
// its words change; English is Error's text exactly.
func TestErrorsChinese(t *testing.T) {
	for _, err := range []error{ErrOutOfRange, ErrNotAssessed, ErrDuplicate, ErrNoBand, ErrUnknownGrade, ErrNilEvidence,
		ErrStepNotPositive, ErrEntryNotApplicable, ErrRoundMissing, ErrFewSheets, ErrDuplicateEvidence, ErrNoUnitEvidence,
		ErrLedger, ErrLedgerDrops, ErrMismatch, ErrParamsDiffer, ErrResultsTooLarge, ErrPanic, ErrNoSampling,
		scheme.ErrParamRequired, plan.ErrNoProgram, scheme.ErrNotInForce, celdec.ErrDivisionByZero, celdec.ErrTooLarge} {
		assert.NotEqual(t, err.Error(), scheme.ErrorIn(err, scheme.Chinese), "%q has no Chinese", err)
	}
	tests := []struct {
		err *Error
		zh  string
		why string
	}{
		{&Error{Subject: "zc1", Period: "2017-03", Indicator: "indicator A3", Path: "assessments", Err: fmt.Errorf("x: %w", ErrOutOfRange)},
			"", "a wrapper of fmt's stays English: only msg.Errorf's formats are in the catalog"},
		{&Error{Subject: "zc1", Period: "2017-03", Indicator: "indicator C1", Path: "records.activities[0] AC-1", Err: ErrNotAssessed},
			"考核对象 zc1，考核周期 2017-03，指标 C1（records.activities[0] AC-1）：一条符合条件的记录还没有评分", "the frame and the sentinel"},
		{&Error{Subject: "zc1", Period: "2017-03", Err: celdec.ErrDivisionByZero},
			"考核对象 zc1，考核周期 2017-03：除数为零", "no indicator, no path"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.err.Error(), scheme.ErrorIn(tc.err, scheme.English), tc.why)
		if tc.zh != "" {
			assert.Equal(t, tc.zh, scheme.ErrorIn(tc.err, scheme.Chinese), tc.why)
		}
	}
}

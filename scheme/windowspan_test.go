package scheme

import (
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWindowSpanOfTheBoundPeriod holds the period span windowSpan reads
// back from the period bound last to periodSpan, which works it out: with
// and without a cut-off day, for the period bound and for others (which
// must not read the one bound).
func TestWindowSpanOfTheBoundPeriod(t *testing.T) {
	for _, file := range []string{"../schemes/tingnan-2017.yaml", "../schemes/xining-2021.yaml", "../schemes/qianjiang-2017.yaml"} {
		s, err := CompileFile(file)
		require.NoError(t, err)
		kind := s.period
		var periods []string
		for _, y := range []string{"2016", "2017", "2020"} {
			switch kind {
			case evidence.Month:
				periods = append(periods, y+"-01", y+"-02", y+"-12")
			case evidence.Quarter:
				periods = append(periods, y+"-Q1", y+"-Q4")
			default:
				periods = append(periods, y)
			}
		}
		checked := 0
		for _, bound := range periods {
			_, err := s.layout.boundPeriod(s, bound)
			require.NoError(t, err, bound)
			for _, text := range periods {
				p, err := evidence.ParsePeriod(text)
				require.NoError(t, err)
				start, end := s.windowSpan(nil, p)
				wantStart, wantEnd := s.periodSpan(p)
				assert.Equal(t, wantStart, start, "%s: %s with %s bound", file, text, bound)
				assert.Equal(t, wantEnd, end, "%s: %s with %s bound", file, text, bound)
				checked++
			}
		}
		assert.Positive(t, checked, file)
	}
}

package evidence

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in         string
		kind       PeriodKind
		start, end string
	}{
		{"2017-03", Month, "2017-03-01", "2017-04-01"},
		{"2017-12", Month, "2017-12-01", "2018-01-01"},
		{"2017-Q4", Quarter, "2017-10-01", "2018-01-01"},
		{"2017-H2", HalfYear, "2017-07-01", "2018-01-01"},
		{"2021", Year, "2021-01-01", "2022-01-01"},
	}
	for _, tc := range tests {
		p, err := ParsePeriod(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.kind, p.Kind)
		assert.Equal(t, tc.in, p.String())
		assert.Equal(t, tc.start, p.Start().Format(time.DateOnly))
		assert.Equal(t, tc.end, p.End().Format(time.DateOnly))
	}
	for _, bad := range []string{"", "17-03", "2017-13", "2017-3", "2017-Q5", "2017-H3", "2017-00", "2017/03", "abcd"} {
		_, err := ParsePeriod(bad)
		assert.Error(t, err, bad)
	}
}

func TestPeriodContains(t *testing.T) {
	p, err := ParsePeriod("2017-03")
	require.NoError(t, err)
	assert.True(t, p.Contains(time.Date(2017, 3, 31, 23, 0, 0, 0, time.UTC)))
	assert.False(t, p.Contains(time.Date(2017, 4, 1, 0, 0, 0, 0, time.UTC)), "end is exclusive")
	assert.False(t, p.Contains(time.Date(2017, 2, 28, 0, 0, 0, 0, time.UTC)))
}

package scheme

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionsInForce(t *testing.T) {
	src, err := os.ReadFile("../schemes/tingnan-2017.yaml")
	require.NoError(t, err)
	v1, err := Compile("tingnan-2017.yaml", src)
	require.NoError(t, err)
	next := strings.Replace(strings.Replace(string(src), "version: 0.1.0", "version: 0.2.0", 1),
		"effective: {from: 2017-01, to: 2017-12}", "effective: {from: 2018-01}", 1)
	v2, err := Compile("tingnan-2018.yaml", []byte(next))
	require.NoError(t, err)

	vs, err := NewVersions(v2, v1)
	require.NoError(t, err)
	for _, tc := range []struct{ period, version, why string }{
		{"2017-01", "0.1.0", "the first month of 2017's rules"},
		{"2017-12", "0.1.0", "the last"},
		{"2018-01", "0.2.0", "the new rules from January 2018"},
		{"2031-06", "0.2.0", "open-ended"},
	} {
		s, err := vs.For("tingnan-2017", tc.period)
		require.NoError(t, err, tc.why)
		assert.Equal(t, tc.version, s.Version(), tc.why)
	}
	_, err = vs.For("tingnan-2017", "2016-12")
	assert.ErrorIs(t, err, ErrNotInForce)
	assert.EqualError(t, err, "scheme tingnan-2017, period 2016-12: no version in force (versions: [0.1.0 2017-01 to 2017-12 0.2.0 2018-01 to …])")
	_, err = vs.For("tingnan-2017", "2017")
	assert.ErrorIs(t, err, ErrNotInForce, "a year is not a month")

	overlapping := strings.Replace(next, "effective: {from: 2018-01}", "effective: {from: 2017-07}", 1)
	v3, err := Compile("tingnan-mid.yaml", []byte(overlapping))
	require.NoError(t, err)
	_, err = NewVersions(v1, v3)
	assert.EqualError(t, err, "scheme tingnan-2017: versions 0.1.0 (2017-01 to 2017-12) and 0.2.0 (2017-07 to …) are both in force in 2017-07")
}

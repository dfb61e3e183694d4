package workbook

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNumFmt(t *testing.T) {
	for _, c := range []struct {
		lo, hi int32
		want   string
	}{{2, 4, "0.00##"}, {2, 2, "0.00"}, {0, 0, "0"}, {0, 4, "0.####"}} {
		assert.Equal(t, c.want, numFmt(c.lo, c.hi))
	}
}

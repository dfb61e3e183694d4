package hostvalue

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDescribeAbbreviates(t *testing.T) {
	tests := []struct {
		v    any
		want string
		why  string
	}{
		{"short", `"short"`, "a short string in full"},
		{strings.Repeat("名", 20), `"名名名名名名名名"… (60 bytes)`, "cut at a character boundary: 8 characters are 24 bytes"},
		{json.Number(strings.Repeat("9", 41)), `999999999999999999999999… (41 bytes)`, "a long number"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Describe(tc.v), tc.why)
	}
}

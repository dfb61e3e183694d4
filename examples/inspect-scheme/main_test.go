package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInspect(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, inspect(&out, "tingnan-2017", map[string]string{"brand_project_points": "2"}))
	assert.Contains(t, out.String(), "section B × 0.3")
	assert.Contains(t, out.String(), "[10000, 50000)   → 2")
	assert.Contains(t, out.String(), "param brand_project_points = 2")

	err := inspect(&out, "tingnan-2017", map[string]string{"brand_project_points": "-1"})
	assert.ErrorContains(t, err, "below the minimum 0")
	assert.Error(t, inspect(&out, "no-such-scheme", nil))
}

package scheme

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPrattRawBytesPrefixRefused: before the Pratt parser (5903b4c) a
// scheme with rb"…" (not CEL: bytes are b/B then a string, br"…") was
// refused with a syntax error at 12:24; the Pratt parser accepts it, so
// the scheme now compiles.
func TestPrattRawBytesPrefixRefused(t *testing.T) {
	src := `id: rb
version: "1"
title: {zh: 示例, en: example}
period: month
sections:
  - id: A
    label: {zh: 甲, en: A}
    indicators:
      - id: A1
        label: {zh: 指标, en: indicator}
        kind: value
        value: 'size(rb"\d") == 2 ? 1 : 0'
`
	_, err := Compile("rb.yaml", []byte(src))
	require.Error(t, err, "rb\"…\" is not CEL: ANTLR's parser refuses it")
	require.Contains(t, err.Error(), "rb.yaml:12:24: indicator A1: value: Syntax error: token recognition error at: '\"\\d'")
}

package evidence

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHashRefusesValuesThatHoldThemselves: a host's fact map or list that
// holds itself is refused with an error naming where, not written until
// the stack runs out (which no recover catches); nesting as deep as a
// decoded document may go still hashes as encoding/json writes it.
func TestHashRefusesValuesThatHoldThemselves(t *testing.T) {
	m := map[string]any{}
	m["self"] = m
	l := []any{nil}
	l[0] = l
	for name, v := range map[string]any{"map": m, "list": l} {
		ev := &Evidence{Subject: Subject{ID: "B1", Kind: "branch"}, Period: "2017-03", Facts: map[string]any{"x": v}}
		_, err := ev.Hash()
		var ve *ValueError
		require.True(t, errors.As(err, &ve), "%s: %v", name, err)
		assert.ErrorIs(t, err, errNesting, name)
		assert.Contains(t, ve.Path, "x", name)
	}

	// maxNesting levels of lists (a decoded document's limit) hash as
	// encoding/json writes them; one more is refused.
	deep := func(n int) any {
		var v any = "leaf"
		for range n {
			v = []any{v}
		}
		return v
	}
	ev := &Evidence{Subject: Subject{ID: "B1", Kind: "branch"}, Period: "2017-03", Facts: map[string]any{"x": deep(maxNesting)}}
	got, err := Canonical(ev)
	require.NoError(t, err)
	assert.Equal(t, string(viaJSON(t, ev)), string(got))
	ev.Facts["x"] = deep(maxNesting + 1)
	_, err = ev.Hash()
	assert.ErrorIs(t, err, errNesting)
}

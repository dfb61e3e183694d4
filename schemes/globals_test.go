package schemes

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTextIgnoresDecimalSettings: shopspring/decimal has package-wide
// settings a host may change for its own use (keep trailing zeros, write
// exponents). A stored result's JSON and its explanation must not follow
// them, or the same scheme and evidence would give other bytes in another
// host, and Verify would report a result as changed. Every built-in
// sample is scored under the defaults and again with the settings
// flipped; the JSON and the explanations in both languages are the same.
func TestTextIgnoresDecimalSettings(t *testing.T) {
	ctx := context.Background()
	type out struct{ json, explained string }
	for _, sm := range samples {
		t.Run(sm.name, func(t *testing.T) {
			s, err := Load(sm.scheme)
			require.NoError(t, err)
			evs := samplesOf(t, sm.files)
			units := sampleUnits(t, evs)
			run := func() []out {
				var outs []out
				for _, ev := range evs {
					r, err := engine.Evaluate(ctx, s, ev, engine.Options{Units: units})
					require.NoError(t, err, ev.Subject.ID)
					b, err := json.Marshal(r)
					require.NoError(t, err)
					x, err := json.Marshal(engine.ExplainResult(s, r)) // both languages
					require.NoError(t, err)
					outs = append(outs, out{string(b), string(x)})
				}
				return outs
			}
			want := run()
			trim, sci := decimal.TrimTrailingZeros, decimal.UseScientificNotation
			decimal.TrimTrailingZeros, decimal.UseScientificNotation = false, true
			defer func() { decimal.TrimTrailingZeros, decimal.UseScientificNotation = trim, sci }()
			got := run()
			require.Len(t, got, len(want))
			for i := range want {
				assert.Equal(t, want[i].json, got[i].json, "%s: result JSON", evs[i].Subject.ID)
				assert.Equal(t, want[i].explained, got[i].explained, "%s: explanation", evs[i].Subject.ID)
			}
		})
	}
}

package schemes

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTotalsOnlyAgreesWithTheFullAudit scores every result of every
// built-in sample twice, with the audit and totals only, and requires the
// same result but for the audit: totals, tiers, vetoes, sections,
// indicators and their cites.
func TestTotalsOnlyAgreesWithTheFullAudit(t *testing.T) {
	ctx := context.Background()
	for _, sm := range samples {
		t.Run(sm.name, func(t *testing.T) {
			s, err := Load(sm.scheme)
			require.NoError(t, err)
			evs := samplesOf(t, sm.files)
			units := sampleUnits(t, evs)
			for _, ev := range evs {
				full, err := engine.Evaluate(ctx, s, ev, engine.Options{Units: units})
				require.NoError(t, err, ev.Subject.ID)
				lean, err := engine.Evaluate(ctx, s, ev, engine.Options{Units: units, TotalsOnly: true})
				require.NoError(t, err, ev.Subject.ID)
				require.NotEmpty(t, full.Audit)
				assert.Equal(t, engine.Audit{}, lean.Audit, "%s: totals only has no audit", ev.Subject.ID)
				full.Audit = engine.Audit{}
				want, err := json.Marshal(full)
				require.NoError(t, err)
				got, err := json.Marshal(lean)
				require.NoError(t, err)
				assert.Equal(t, string(want), string(got), "%s %s", ev.Subject.ID, ev.Period)
			}
		})
	}
}

package synth

import (
	"context"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every generated branch-month scores under tingnan-2017, the mix reaches
// every kind of audit step the sample months do, and one seed gives the
// same evidence again.
func TestTingnanScores(t *testing.T) {
	s, err := schemes.Load("tingnan-2017")
	require.NoError(t, err)
	kinds := map[engine.StepKind]int{}
	var hashes []string
	for ev, err := range Tingnan(1, "2017-03", 2000) {
		require.NoError(t, err)
		r, err := engine.Evaluate(context.Background(), s, ev, engine.Options{})
		require.NoError(t, err, ev.Subject.ID)
		for _, st := range r.Audit.All() {
			kinds[st.Kind]++
		}
		hashes = append(hashes, r.EvidenceHash)
	}
	for _, k := range []engine.StepKind{engine.StepRecord, engine.StepBand, engine.StepAssessment, engine.StepNotAssessed, engine.StepValue, engine.StepRounding} {
		assert.NotZero(t, kinds[k], k)
	}
	i := 0
	for ev := range Tingnan(1, "2017-03", 2000) {
		h, err := ev.Hash()
		require.NoError(t, err)
		require.Equal(t, hashes[i], h, "subject %d differs on a second run", i)
		i++
	}
	var other string
	for ev := range Tingnan(2, "2017-03", 1) {
		other, _ = ev.Hash()
	}
	assert.NotEqual(t, hashes[0], other, "another seed, other evidence")
}

package scheme

import "github.com/branchscore/branchscore/internal/bound"

// The rest of the evaluation side that the engine reaches through
// internal/plan: the runs the vetoes read, the days of a window and of a
// missing rule's spans, and the check that the host supplied every
// required parameter. (A second init beside plan.go's, so that each stays
// small.)
func init() {
	bound.Runs = (*Scheme).runIDs
	bound.ReadsRun = (*Scheme).readsRun
	bound.WindowFirst = (*Scheme).windowFirst
	bound.WindowPeriods = (*Scheme).windowPeriods
	bound.WindowSpan = (*Scheme).windowSpan
	bound.MissingSpans = (*Scheme).missingSpans
	bound.CheckParams = (*Scheme).checkParams
}

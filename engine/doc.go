// Package engine evaluates compiled schemes over a subject's evidence and
// records how every point came about; it ranks a period's results and
// decides its awards.
//
// The entry point is Evaluate: it checks the evidence against the scheme
// (every problem at once, with its path), scores each indicator in scheme
// order — gates, bands, steps, assessor entries and rounds, caps and
// floors, weights — and returns a Result whose Audit lists each step with
// the records and assessor entries it cites. A rule that fails at run time
// is returned as an *Error naming the subject, period, indicator and
// evidence path; nothing is silently scored as 0. Explain puts the audit
// into Chinese and English; Verify replays a stored result.
//
// Across subjects: Batch scores a stream of evidence on every core and
// keeps only a Summary per subject; Rank orders a period's summaries,
// applies the tiers' quotas and decides flags, rolling banners and titles
// from the Ledger of the period before, returning the next one. Sample
// draws a reproducible re-check sample; Rectification lists what a subject
// must fix.
//
// Evaluate, Batch and Rank may be called concurrently with the same
// *scheme.Scheme.
package engine

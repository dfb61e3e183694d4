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
// keeps only a Score per subject; every item it is given comes back, as
// a result or as an *ItemError naming its subject and period (or its index
// in the stream), and a second document for a subject and period is
// refused (ErrDuplicateEvidence). Index finds linked units' evidence for
// Options.Units and refuses such duplicates too. Rank orders a
// period's scores, applies the tiers' quotas and decides flags, rolling
// banners and titles from the Ledger of the period before, returning the
// next one; it will not return a ledger that drops a carried balance
// (ErrLedgerDrops). Sample draws a reproducible re-check sample;
// Rectification lists what a subject must fix.
//
// Verify re-evaluates a stored result under the parameters in force — the
// scheme's, with the host's Options.Params — and names every parameter the
// result records with another value (ErrParamsDiffer).
//
// A veto that needs an assessor's confirmation takes the decision at the
// latest instant (times are compared as instants, not text); two at the
// same instant that disagree are refused as bad evidence. Host values in
// evidence are held to the limits of text: a decimal.Decimal of more than
// evidence.MaxDigits digits written out is refused with its path.
//
// Evaluate, Batch and Rank may be called concurrently with the same
// *scheme.Scheme.
//
// For hosts. Read first: Evaluate and Result, then Explain and Verify;
// Batch and Rank for a whole period. The evidence comes from package
// evidence, the compiled scheme from package scheme or schemes.
package engine

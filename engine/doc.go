// Package engine evaluates compiled schemes over a subject's evidence and
// records how every point came about.
//
// The entry point is Evaluate: it checks the evidence against the scheme
// (every problem at once, with its path), scores each indicator in scheme
// order — gates, bands, steps, assessor entries, caps and floors, weights —
// and returns a Result whose Audit lists each step with the records and
// assessor entries it cites. A rule that fails at run time is returned as an
// *Error naming the subject, period, indicator and evidence path; nothing is
// silently scored as 0.
//
// Evaluate may be called concurrently with the same *scheme.Scheme.
package engine

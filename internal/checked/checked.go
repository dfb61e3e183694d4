// Package checked hands engine.Evaluate the evidence's hash and the check
// of its limits in one walk over its strings: evidence.Evidence.Hash and
// CheckLimits each walk every string, and an evaluation needs both.
// Package evidence sets Hash when it initialises (it imports this package,
// so this package cannot name its types); the engine asserts its type
// once, as internal/plan reads internal/bound.
//
// Nothing else should use it: a host calls Hash and CheckLimits.
package checked

// Hash is package evidence's
//
//	func(*evidence.Evidence) (hash string, limitsOK bool, err error)
//
// hash is what Hash returns; limitsOK is true only when CheckLimits would
// report nothing. False says nothing: the walk leaves a few rare shapes of
// evidence (a record with a field named id, date or documents) to
// CheckLimits, which reports what it finds.
var Hash any

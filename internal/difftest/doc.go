// Package difftest holds the differential fuzz target of the engine: a
// generator of valid schemes and evidence driven by the fuzzer's bytes, and
// a small, deliberately naive reference evaluator (math/big.Rat for every
// number, the generator's own expression trees instead of CEL) whose
// totals, points, tiers and vetoes must agree exactly with
// engine.Evaluate. Everything is in its test files; see FuzzDifferential.
//
// Internal: not for hosts, and not imported by any package; it only
// holds tests.
package difftest

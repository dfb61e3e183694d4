package engine

import "github.com/branchscore/branchscore/scheme"

// Summary is the old name of Score.
//
// Deprecated: use Score; Summary read as the summary sentences of an
// Explanation.
type Summary = Score

// Summarize returns r.Score(s).
//
// Deprecated: use Result.Score.
func Summarize(s *scheme.Scheme, r *Result) Score { return r.Score(s) }

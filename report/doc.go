// Package report renders what a party office looks at, as HTML pages:
// a subject's score sheet (考核评分表, WriteSheet), a period's board
// (牌板, WriteBoard) and the published scoring standard (公示,
// WriteStandard). The pages are built from the engine's results and
// explanations and from the compiled scheme; they carry their style sheet
// inline, need no script, print on A4 and read on a phone.
//
// The pages are in Chinese, the language the forms are filled in. The
// writers are safe for concurrent use by multiple goroutines.
//
// For hosts that serve or print these pages (the branchscore report
// command uses it too). Read first: WriteSheet, then WriteBoard.
package report

package bound

import "time"

// Span is a stretch of days [Start, End) with its name: "2021-03",
// "2021-Q1", "2021-W09": one span of a missing rule.
type Span struct {
	Name       string
	Start, End time.Time
}

// The rest of package scheme's evaluation side, set with Bind and Band
// when scheme initialises and read, typed, by plan:
//
//	Runs          func(*scheme.Scheme) []string
//	ReadsRun      func(*scheme.Scheme, string) bool
//	WindowFirst   func(*scheme.Scheme, *scheme.Window, evidence.Period) evidence.Period
//	WindowPeriods func(*scheme.Scheme, *scheme.Window) int
//	WindowSpan    func(*scheme.Scheme, *scheme.Window, evidence.Period) (start, end time.Time)
//	MissingSpans  func(*scheme.Scheme, string, time.Time, time.Time) []Span
//	CheckParams   func(*scheme.Scheme) error
var Runs, ReadsRun, WindowFirst, WindowPeriods, WindowSpan, MissingSpans, CheckParams any

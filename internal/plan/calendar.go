package plan

import (
	"time"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/bound"
	"github.com/branchscore/branchscore/scheme"
)

// Span is a stretch of days [Start, End) with its name: "2021-03",
// "2021-Q1", "2021-W09": one span of a missing rule (MissingSpans).
type Span = bound.Span

var (
	runs          = bound.Runs.(func(*scheme.Scheme) []string)
	readsRun      = bound.ReadsRun.(func(*scheme.Scheme, string) bool)
	windowFirst   = bound.WindowFirst.(func(*scheme.Scheme, *scheme.Window, evidence.Period) evidence.Period)
	windowPeriods = bound.WindowPeriods.(func(*scheme.Scheme, *scheme.Window) int)
	windowSpan    = bound.WindowSpan.(func(*scheme.Scheme, *scheme.Window, evidence.Period) (time.Time, time.Time))
	missingSpans  = bound.MissingSpans.(func(*scheme.Scheme, string, time.Time, time.Time) []Span)
	checkParams   = bound.CheckParams.(func(*scheme.Scheme) error)
)

// Runs lists, in scheme order, the indicators whose runs of deductions a
// veto of s reads (runs.ID): the ledger keeps their runs as it keeps those
// of an indicator with a repeated rule.
func Runs(s *scheme.Scheme) []string { return runs(s) }

// ReadsRun reports whether a veto of s reads the run of indicator id.
func ReadsRun(s *scheme.Scheme, id string) bool { return readsRun(s, id) }

// WindowFirst is the first period of s's kind inside window w of period
// p: the windows of marks are counted in whole periods.
func WindowFirst(s *scheme.Scheme, w *scheme.Window, p evidence.Period) evidence.Period {
	return windowFirst(s, w, p)
}

// WindowPeriods is how many periods of s's kind w holds at most.
func WindowPeriods(s *scheme.Scheme, w *scheme.Window) int { return windowPeriods(s, w) }

// WindowSpan is the days w covers for period p under s's cut-off day: it
// ends where p ends. A nil window is the period itself.
func WindowSpan(s *scheme.Scheme, w *scheme.Window, p evidence.Period) (start, end time.Time) {
	return windowSpan(s, w, p)
}

// MissingSpans divides [start, end) into the spans of a missing rule
// counted every month, quarter, half-year or week (every): calendar spans
// under s's cut-off day, or weeks from Monday to Sunday whose Thursday
// falls in [start, end) (ISO 8601); a week's span may then reach past
// start or end.
func MissingSpans(s *scheme.Scheme, every string, start, end time.Time) []Span {
	return missingSpans(s, every, start, end)
}

// CheckParams returns an error wrapping scheme.ErrParamRequired that names
// every required parameter of s the host has not supplied
// (Scheme.WithParams), or nil. Scheme.MissingParams lists them for a host.
func CheckParams(s *scheme.Scheme) error { return checkParams(s) }

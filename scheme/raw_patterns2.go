package scheme

import "go.yaml.in/yaml/v3"

// Raw types of the rule patterns of issue 15, items 6–11 and 13: counting
// missing periods, windows relative to the period, de-duplication that
// keeps a chosen record, repeated deductions, and what a carry computes.

type rawWindow struct {
	At   *yaml.Node
	In   string `yaml:"in" opt:"short" enum:"year|half-year|quarter" doc:"The calendar year (考核年度内), half-year or quarter holding the period, from its start to the period's end."`
	Last string `yaml:"last" doc:"The last N days, weeks, months, quarters or years up to the period's end, e.g. \"6 months\" (近6个月); the period itself included."`
}

type rawMissing struct {
	At      *yaml.Node
	Every   string   `yaml:"every" opt:"required,short" enum:"week|month|quarter|half-year" doc:"The span each of which needs a qualifying record (每月至少1次); a week is Monday to Sunday and belongs to the span holding its Thursday."`
	AtLeast *exprSrc `yaml:"at_least" doc:"Qualifying records each span needs (default 1)."`
}

type rawRepeated struct {
	At     *yaml.Node
	Times  int     `yaml:"times" opt:"required" doc:"Periods in a row, this one included, in which the indicator lost points (连续N个月被扣分)."`
	Points exprSrc `yaml:"points" opt:"required" doc:"Points added once the run reaches times (negative: a further deduction)."`
}

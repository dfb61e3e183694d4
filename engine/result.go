package engine

import (
	"github.com/branchscore/branchscore/evidence"
	"github.com/shopspring/decimal"
)

// Result is one subject's score in one period, with its audit trail. Its
// JSON has stable field names, decimals as strings and no timestamps, so
// the same scheme and evidence give byte-identical output.
type Result struct {
	Subject      evidence.Subject  `json:"subject"`
	Period       string            `json:"period"`
	Scheme       SchemeRef         `json:"scheme"`
	EvidenceHash string            `json:"evidence_hash"`
	Params       map[string]string `json:"params"` // the parameters in force (a copy: the result's own)
	Links        []LinkResult      `json:"links,omitempty"`
	// Total is left out of JSON for a subject not assessed (NotAssessed).
	Total Points `json:"total"`
	Tier  string `json:"tier"` // "" when the scheme declares no tiers or the subject is not assessed
	// NotAssessed says why the scheme does not assess the subject at all
	// (a retired or mobile member); such a result has no total, tier,
	// sections or indicators.
	NotAssessed *NotAssessed `json:"not_assessed,omitempty"`
	// Carry is the figure carried into the next period when the scheme's
	// carry computes one (a share of the total, items left out).
	Carry        *Points      `json:"carry,omitempty"`
	Consequences []string     `json:"consequences,omitempty"`
	Vetoes       []VetoResult `json:"vetoes"`
	// Pending lists the vetoes whose condition holds but that take effect
	// only when an assessor confirms them, and no one has decided yet: the
	// tier stands until then and is provisional (its audit step says so).
	Pending    []VetoResult      `json:"pending,omitempty"`
	Rounds     []RoundResult     `json:"rounds,omitempty"`
	Sections   []SectionResult   `json:"sections"`
	Indicators []IndicatorResult `json:"indicators"`
	Audit      Audit             `json:"audit"`
}

// LinkResult records a link used: the inputs taken from another unit's
// evidence, and that evidence's hash.
type LinkResult struct {
	Name         string   `json:"name"`
	Unit         string   `json:"unit"`
	UnitName     string   `json:"unit_name,omitempty"`
	Inputs       []string `json:"inputs"`
	EvidenceHash string   `json:"evidence_hash"`
}

// SchemeRef names the scheme a result was computed with.
type SchemeRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// SectionResult is a section's points before and after its weight.
type SectionResult struct {
	ID           string `json:"id"`
	Round        string `json:"round,omitempty"` // when rounds combine on the total
	Points       Points `json:"points"`
	Weight       Points `json:"weight"`
	Contribution Points `json:"contribution"`
}

// IndicatorResult is an indicator's points after its own cap and floor.
type IndicatorResult struct {
	ID      string   `json:"id"`
	Round   string   `json:"round,omitempty"` // when rounds combine on the total
	Section string   `json:"section"`
	Applies bool     `json:"applies"`
	Raw     Points   `json:"raw"`
	Points  Points   `json:"points"`
	Cites   []string `json:"cites,omitempty"`
	// Rules are the points of an item's rules (kind rules), each after
	// its own cap and floor.
	Rules []IndicatorResult `json:"rules,omitempty"`
}

// VetoResult is a veto that fired.
type VetoResult struct {
	ID          string            `json:"id"`
	Facts       map[string]string `json:"facts,omitempty"`
	ConfirmedBy string            `json:"confirmed_by,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	Tier        string            `json:"tier,omitempty"`
	CapTier     string            `json:"cap_tier,omitempty"`
	Zero        string            `json:"zero,omitempty"` // total, or the section or indicator set to 0
}

// StepKind names an audit step.
type StepKind string

// The audit steps.
const (
	StepLink          StepKind = "link"           // inputs taken from a linked unit's evidence
	StepNotApplicable StepKind = "not_applicable" // the indicator does not apply to the subject
	StepRecord        StepKind = "record"         // a record considered: gate passed or what it missed
	StepOutOfWindow   StepKind = "out_of_window"  // a record dated outside the window scored
	StepFiltered      StepKind = "filtered"       // a record the indicator's where left out
	StepDuplicate     StepKind = "duplicate"      // a record counted already under the same key
	StepBand          StepKind = "band"           // the band a measure fell in
	StepSteps         StepKind = "steps"          // full steps of a measure
	StepAssessment    StepKind = "assessment"     // an assessor's points or grade
	StepNotAssessed   StepKind = "not_assessed"   // no assessor entry: nothing awarded
	StepGrade         StepKind = "grade"          // the grade matched
	StepItem          StepKind = "item"           // a checklist item, passed or not
	StepValue         StepKind = "value"          // a value rule
	StepRaw           StepKind = "raw"            // the indicator's raw points
	StepCap           StepKind = "cap"            // a cap applied (before → after)
	StepFloor         StepKind = "floor"          // a floor applied (before → after)
	StepSection       StepKind = "section"        // a section's points summed
	StepBonus         StepKind = "bonus"          // points outside the section cap added
	StepWeight        StepKind = "weight"         // a section's weight applied
	StepTotal         StepKind = "total"          // the weighted sum
	StepRounding      StepKind = "rounding"       // the final rounding
	StepVeto          StepKind = "veto"           // a veto fired
	StepVetoPending   StepKind = "veto_unconfirmed"
	StepTier          StepKind = "tier"  // the tier reached
	StepRound         StepKind = "round" // a round's sheets combined and weighted
	StepCarry         StepKind = "carry" // a balance carried from the ledger of the period before
)

// Step is one entry of the audit trail. Which fields are set depends on
// Kind; every step with points cites the records and assessor entries
// behind them.
type Step struct {
	Kind      StepKind `json:"kind"`
	Round     string   `json:"round,omitempty"`
	Section   string   `json:"section,omitempty"`
	Indicator string   `json:"indicator,omitempty"`
	Record    string   `json:"record,omitempty"`
	Rule      string   `json:"rule,omitempty"`
	At        string   `json:"at,omitempty"`
	Reads     Reads    `json:"reads,omitempty"`
	Passed    *bool    `json:"passed,omitempty"`
	Missing   []string `json:"missing,omitempty"`
	Failed    []string `json:"failed,omitempty"`
	Match     string   `json:"match,omitempty"`
	Measure   *Points  `json:"measure,omitempty"`
	Before    *Points  `json:"before,omitempty"`
	Points    *Points  `json:"points,omitempty"`
	Factor    *Points  `json:"factor,omitempty"`
	Count     int      `json:"count,omitempty"`
	Assessor  string   `json:"assessor,omitempty"`
	// Name is the assessor's display name from the evidence
	// (assessor_name), for the explanations; absent when the evidence
	// gives none, so results of evidence without names stay as they were.
	Name   string   `json:"assessor_name,omitempty"`
	Role   string   `json:"role,omitempty"`
	Reason string   `json:"reason,omitempty"`
	Time   string   `json:"time,omitempty"`
	Cites  []string `json:"cites,omitempty"`
	// Value is a named value's value as text (StepNamedValue).
	Value string `json:"value,omitempty"`
	// Exact names each of the step's numbers ("measure", "points",
	// "factor") that was rounded because its exact value does not
	// terminate, with that value as a fraction ("200/3"); the number shown
	// is it rounded to the scheme's arithmetic scale and rounding.
	Exact map[string]string `json:"exact,omitempty"`
}

func pp(d decimal.Decimal) *Points { p := NewPoints(d); return &p }

func truth(b bool) *bool { return &b }

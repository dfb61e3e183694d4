package scheme

import "go.yaml.in/yaml/v3"

// The raw types mirror the scheme file one to one. The decoder fills them
// and the JSON Schema is generated from them, so the file format, its error
// messages and its schema cannot drift apart.

type rawScheme struct {
	At         *yaml.Node
	ID         string         `yaml:"id" opt:"required" doc:"Stable identifier of the scheme, e.g. tingnan-2017: lower case letters, digits and '-'."`
	Version    string         `yaml:"version" opt:"required" doc:"Version of this scheme, e.g. 1.0.0; results record it."`
	Title      rawLabel       `yaml:"title" opt:"required" doc:"The scheme's title in Chinese and English."`
	Source     *rawSource     `yaml:"source" doc:"The document the scheme encodes."`
	Subject    string         `yaml:"subject" enum:"branch|member|committee|company" doc:"The kind of subject scored (default branch)."`
	Period     string         `yaml:"period" opt:"required" enum:"month|quarter|half-year|year" doc:"The period one evaluation covers."`
	Effective  *rawEffective  `yaml:"effective" doc:"The periods the scheme applies to."`
	CutoffDay  int            `yaml:"cutoff_day" doc:"The day of the month (1–27) a period's records close on: with 26, March runs from 27 February to 26 March and a year from 27 December to 26 December."`
	Arithmetic *rawArithmetic `yaml:"arithmetic" doc:"Scale and rounding of a recorded value that does not terminate (a quotient such as 200/3; '/' itself is exact); required when a rule divides."`
	Limits     *rawLimits     `yaml:"limits" doc:"Resource limits checked when the scheme compiles."`
	Parameters []rawParam     `yaml:"parameters" doc:"Named, typed constants a host may override per evaluation; read in rules as params.NAME."`
	Inputs     []rawInput     `yaml:"inputs" doc:"The evidence the scheme reads, by name."`
	Tables     []rawTable     `yaml:"tables" doc:"Constant tables (severity → points, grade → points) declared once; read in rules as tables.NAME[key]."`
	Values     []rawValue     `yaml:"values" doc:"Named values: an expression computed once per subject, typed and labelled; read in rules by name."`
	Exempt     *rawExemptAll  `yaml:"exempt" doc:"Subjects not assessed at all (retired or mobile members): their result has no total and no tier, and says why."`
	Pools      []rawPool      `yaml:"pools" doc:"Pools of indicators from which each subject's evidence chooses some."`
	Links      []rawLink      `yaml:"links" doc:"Inputs a subject takes from another unit's evidence (挂钩), by link name."`
	Roles      []rawRole      `yaml:"roles" doc:"The assessors' roles an entry may name (self, organisation, …), each with its label (自评, 组织评定, …) for the explanations."`
	Sections   []rawSection   `yaml:"sections" opt:"required" doc:"The scheme's parts, in order, each with its indicators."`
	Total      *rawTotal      `yaml:"total" doc:"How section points combine into the total."`
	Vetoes     []rawVeto      `yaml:"vetoes" doc:"Conditions that force or cap the tier whatever the points."`
	Tiers      []rawTier      `yaml:"tiers" doc:"Grades from the highest down; the first whose bound and condition hold is the subject's tier."`
	Rounds     *rawRounds     `yaml:"rounds" doc:"Assessor rounds (自评, 考评, 互评, 抽查 …) and how their points combine."`
	Carry      *rawCarry      `yaml:"carry" doc:"A balance carried from one period to the next (党员积分), read through an input."`
	Ranking    *rawRanking    `yaml:"ranking" doc:"How a period's results are ranked."`
	Awards     []rawAward     `yaml:"awards" doc:"Flags, rolling banners, cumulative titles and selections given from a period's ranking."`
	Sampling   *rawSampling   `yaml:"sampling" doc:"The share of subjects drawn at random, reproducibly, for a re-check."`
}

type rawRounds struct {
	At       *yaml.Node
	On       string       `yaml:"on" opt:"required" enum:"indicator|total" doc:"Combine the rounds per indicator scored by assessors, or on the whole total (each round scores the scheme)."`
	Rounding *rawRounding `yaml:"rounding" doc:"Scale and rounding of a mean of several entries (default the scheme's arithmetic)."`
	List     []rawRound   `yaml:"list" opt:"required" doc:"The rounds, by name; an assessor entry's role names its round."`
}

type rawRound struct {
	At      *yaml.Node
	KeyAt   *yaml.Node
	Name    string   `yaml:"name" opt:"key"`
	Label   rawLabel `yaml:"label" opt:"required" doc:"The round's name, e.g. 自评 / self-assessment."`
	Weight  exprSrc  `yaml:"weight" opt:"required" doc:"The round's share, e.g. 30%; the rounds' weights add up to 100%."`
	Combine string   `yaml:"combine" enum:"single|mean|median|trimmed_mean" doc:"How several sheets within the round combine (default single: a second sheet is an error)."`
	Trim    int      `yaml:"trim" doc:"trimmed_mean: sheets dropped at each end."`
	Min     int      `yaml:"min" doc:"Fewest sheets the round needs (default 1)."`
	Missing string   `yaml:"missing" doc:"When the round has no entry: error (default), zero, or the name of another round whose points stand in."`
	Sheets  []string `yaml:"sheets" opt:"text" doc:"The sheets the round takes, by name (e.g. 6月 and 12月 for the June and December self-assessments); an entry naming another sheet, or none, is an evidence error. Absent: any sheet."`
}

type rawCarry struct {
	At    *yaml.Node
	Input string `yaml:"input" opt:"required" doc:"The decimal or int input that receives last period's balance."`
	Reset string `yaml:"reset" opt:"required" enum:"never|year" doc:"When the balance starts again from the input's default: never, or at the first period of each year."`

	Share    *exprSrc     `yaml:"share" doc:"The share of this period's points carried (default 100%), e.g. 20%."`
	LeaveOut []string     `yaml:"leave_out" doc:"Sections or indicators whose weighted points are not carried (e.g. the bonus items)."`
	Rounding *rawRounding `yaml:"rounding" doc:"The rounding of the carried figure (default: exact, or the scheme's arithmetic when it does not terminate)."`
}

type rawRanking struct {
	At       *yaml.Node
	Order    string   `yaml:"order" enum:"desc|asc" doc:"desc (default): the highest total ranks first."`
	TieBreak []string `yaml:"tie_break" doc:"Section or indicator ids compared in turn when totals are equal; subjects still equal share a rank."`
	Cohort   string   `yaml:"cohort" enum:"none|category" doc:"Rank within each subject category (category) or all together (none, the default)."`
}

type rawAward struct {
	At       *yaml.Node
	ID       string     `yaml:"id" opt:"required" doc:"Identifier, unique among awards."`
	Label    rawLabel   `yaml:"label" opt:"required" doc:"The award's name, e.g. 小红旗 / red flag."`
	Kind     string     `yaml:"kind" enum:"flag|rolling|title|mark" doc:"flag (default): given each period; rolling: held by one subject and handed on; title: held by one subject once a count is reached, moving to whoever exceeds the holder; mark: given to every subject whose count of another award over a window reaches at."`
	From     string     `yaml:"from" enum:"top|bottom" doc:"Select from the top (default) or the bottom of the ranking."`
	Count    *exprSrc   `yaml:"count" doc:"How many ranks are selected: rank ≤ count; with share too, the smaller limit holds."`
	Share    *exprSrc   `yaml:"share" doc:"The most subjects selected as a share of those ranked, e.g. 10% (rounded down); with count too, the smaller limit holds."`
	Ties     string     `yaml:"ties" enum:"include|exclude" doc:"Subjects tied across the cut: include them all (default for count) or leave them all out (default for share: a quota is never exceeded)."`
	Tiers    []string   `yaml:"tiers" doc:"Only subjects in these tiers are candidates."`
	Min      *exprSrc   `yaml:"min" doc:"Only subjects with a total at least this are candidates."`
	BarredBy []string   `yaml:"barred_by" doc:"Consequences (of a tier or a veto) or awards (received this period, or held) that keep a subject from the award."`
	Excludes []string   `yaml:"excludes" doc:"Awards a subject cannot receive in the same period as this one: whichever is decided later is drawn from the rest."`
	GivenFor []string   `yaml:"given_for" doc:"Consequences (of a tier or a veto) that place a subject on the award whatever its rank (a problem to fix at once → 黄榜)."`
	Window   *rawWindow `yaml:"window" doc:"mark: the periods whose wins are counted: in: year (reset each year) or last: N months."`
	Counts   string     `yaml:"counts" doc:"title, mark: the award whose wins are counted, e.g. the monthly banner."`
	AtCount  *exprSrc   `yaml:"at" doc:"title, mark: the count that earns it."`
	After    *rawAfter  `yaml:"after" doc:"Given when the subject received another award this period and the periods before it in a row."`
	Every    int        `yaml:"every" doc:"Given only every N periods, counting from 'first' (e.g. 2 for every two years)."`
	First    string     `yaml:"first" doc:"With every: the first period the award is given in."`
	Cohorts  bool       `yaml:"per_cohort" doc:"Select within each cohort of the ranking rather than over all subjects."`
	Note     *rawLabel  `yaml:"note" doc:"The reading the scheme takes of an ambiguous rule."`
}

type rawAfter struct {
	At    *yaml.Node
	Award string `yaml:"award" opt:"required" doc:"The award counted."`
	Times int    `yaml:"times" opt:"required" doc:"How many periods in a row, this one included."`
}

type rawQuota struct {
	At       *yaml.Node
	Count    *exprSrc `yaml:"count" doc:"The most subjects in the tier."`
	Share    *exprSrc `yaml:"share" doc:"The most subjects in the tier as a share of those ranked, e.g. 10% (rounded down)."`
	Overflow string   `yaml:"overflow" doc:"Where subjects over the quota go: next (the next lower tier, the default) or a tier id."`
	Rounding string   `yaml:"rounding" enum:"down|half_up|up" doc:"How share × subjects becomes a count: down (default), half_up (约10%: 四舍五入) or up."`
	Min      *exprSrc `yaml:"min" doc:"The quota admits at least this many, whatever the share gives."`
	Ties     string   `yaml:"ties" enum:"move|keep|split" doc:"Subjects tied across the limit: move (default: all go, the quota is never exceeded), keep (all stay), or split by split_by."`
	SplitBy  []string `yaml:"split_by" doc:"ties: split: sections or indicators whose points order the tied subjects; those still tied move together."`
}

type rawSampling struct {
	At       *yaml.Node
	Share    exprSrc   `yaml:"share" opt:"required" doc:"The share of subjects drawn, e.g. 20%."`
	Rounding string    `yaml:"rounding" enum:"ceil|floor|half_up" doc:"How share × subjects becomes a count (default ceil: at least one when there are subjects)."`
	Label    *rawLabel `yaml:"label" doc:"What the draw is for, e.g. 随机抽查 / random re-check."`
}

type rawLabel struct {
	At *yaml.Node
	Zh string `yaml:"zh" opt:"required" doc:"Chinese text (quote the source where there is one)."`
	En string `yaml:"en" opt:"required" doc:"English text."`
}

type rawSource struct {
	Document string `yaml:"document" opt:"required,text" doc:"Title of the source document."`
	Issuer   string `yaml:"issuer" opt:"text" doc:"Who issued it."`
	Date     string `yaml:"date" doc:"Date issued, YYYY-MM-DD."`
	Ref      string `yaml:"ref" opt:"text" doc:"Document number or file reference."`
}

type rawEffective struct {
	At   *yaml.Node
	From string `yaml:"from" doc:"First period the scheme applies to, e.g. 2017-01."`
	To   string `yaml:"to" doc:"Last period the scheme applies to, e.g. 2017-12."`
}

type rawArithmetic struct {
	At       *yaml.Node
	Scale    int    `yaml:"scale" opt:"required" doc:"Digits after the point a recorded value that does not terminate keeps (0–18); a value that terminates keeps all its digits."`
	Rounding string `yaml:"rounding" opt:"required" enum:"half_up|half_even|floor|ceil|down|up" doc:"How a recorded value that does not terminate is cut to scale, and div()'s rounding: half_up is 四舍五入."`
}

type rawLimits struct {
	At   *yaml.Node
	Cost int `yaml:"cost" doc:"Largest static cost any one expression may have; it may only lower the host's ceiling (by default 100000)."`
}

type rawParam struct {
	At       *yaml.Node
	KeyAt    *yaml.Node
	Name     string   `yaml:"name" opt:"key"`
	Type     string   `yaml:"type" opt:"required" enum:"decimal|int|bool|string|enum" doc:"The parameter's type."`
	Default  string   `yaml:"default" doc:"The value used unless the host overrides it; required unless the parameter is required."`
	Required bool     `yaml:"required" doc:"The source leaves the value open and no default may be invented: the scheme compiles, but evaluation refuses until the host supplies it."`
	Values   []string `yaml:"values" opt:"text" doc:"The allowed values of an enum."`
	Min      string   `yaml:"min" doc:"Smallest value an override may take."`
	Max      string   `yaml:"max" doc:"Largest value an override may take."`
	Label    rawLabel `yaml:"label" opt:"required" doc:"What the parameter means."`
}

type rawInput struct {
	At        *yaml.Node
	KeyAt     *yaml.Node
	Name      string     `yaml:"name" opt:"key"`
	Type      string     `yaml:"type" opt:"required,short" enum:"decimal|int|bool|string|date|enum|list" doc:"The input's type; list for records."`
	Label     *rawLabel  `yaml:"label" doc:"What the input is."`
	Values    []string   `yaml:"values" opt:"text" doc:"The allowed values of an enum."`
	Default   string     `yaml:"default" doc:"Value used when the evidence leaves the input out; without one the input is required. \"\" is empty text for a string input and an error for other types."`
	Max       string     `yaml:"max" doc:"A list: the largest number of records or values it may hold (required). A decimal or int: the largest value the evidence may give."`
	Min       string     `yaml:"min" doc:"A decimal or int: the smallest value the evidence may give."`
	Scale     *int       `yaml:"scale" doc:"A decimal: the most digits after the point the evidence may give."`
	Of        *rawField  `yaml:"of" doc:"A list of plain values (dates, vote counts) rather than records: their type (of: date), or the type with min, max and scale (of: {type: decimal, min: 0, max: 100}). The evidence gives them in facts, as a JSON array."`
	Anonymous bool       `yaml:"anonymous" doc:"A list of records: records carry no id (rules cannot read record.id; the audit numbers them #1, #2, …)."`
	Undated   bool       `yaml:"undated" doc:"A list of records: records carry no date (rules cannot read record.date; every record is in the period)."`
	Fields    []rawField `yaml:"fields" doc:"The typed fields of each record, besides id and date."`
	Documents []rawDoc   `yaml:"documents" doc:"The document kinds that may be attached to a record; a rule reads them as record.documents."`
}

type rawField struct {
	At       *yaml.Node
	KeyAt    *yaml.Node
	Name     string    `yaml:"name" opt:"key"`
	Type     string    `yaml:"type" opt:"required,short" enum:"decimal|int|bool|string|date|enum" doc:"The field's type."`
	Label    *rawLabel `yaml:"label" doc:"What the field is."`
	Values   []string  `yaml:"values" opt:"text" doc:"The allowed values of an enum."`
	Optional bool      `yaml:"optional" doc:"The field may be absent; test it with has(record.NAME)."`
	Min      string    `yaml:"min" doc:"A decimal or int field: the smallest value the evidence may give."`
	Max      string    `yaml:"max" doc:"A decimal or int field: the largest value the evidence may give."`
	Scale    *int      `yaml:"scale" doc:"A decimal field: the most digits after the point the evidence may give."`
}

type rawDoc struct {
	At    *yaml.Node
	KeyAt *yaml.Node
	Name  string   `yaml:"name" opt:"key"`
	Label rawLabel `yaml:"label" opt:"required" doc:"The document kind's name, e.g. 请示 / request."`
}

type rawPool struct {
	At     *yaml.Node
	KeyAt  *yaml.Node
	Name   string   `yaml:"name" opt:"key"`
	Choose int      `yaml:"choose" opt:"required" doc:"How many indicators of the pool each subject is scored on."`
	Label  rawLabel `yaml:"label" opt:"required" doc:"What the pool is, e.g. 个性指标 / individual indicators."`
}

type rawSection struct {
	At         *yaml.Node
	ID         string         `yaml:"id" opt:"required" doc:"Identifier, unique in the scheme."`
	Label      rawLabel       `yaml:"label" opt:"required" doc:"The section's name."`
	Weight     *exprSrc       `yaml:"weight" doc:"Share of the total, e.g. 50% or 0.5 (default 1)."`
	Cap        *exprSrc       `yaml:"cap" doc:"Most points the section's indicators may sum to (最高N分); absent means 上不封顶."`
	Floor      *exprSrc       `yaml:"floor" doc:"Fewest points the section may sum to (扣完为止 is floor 0)."`
	BonusCap   *exprSrc       `yaml:"bonus_cap" doc:"Most points its outside_cap indicators may add on top of the cap."`
	Note       *rawLabel      `yaml:"note" doc:"The reading the scheme takes of the section as a whole (how its weight applies, say)."`
	Indicators []rawIndicator `yaml:"indicators" opt:"required" doc:"The section's indicators, in order."`
}

type rawIndicator struct {
	At      *yaml.Node
	ID      string    `yaml:"id" opt:"required" doc:"Identifier, unique in the scheme."`
	Label   rawLabel  `yaml:"label" opt:"required" doc:"The indicator's name; quote the source in zh."`
	Kind    string    `yaml:"kind" opt:"required" enum:"per_record|bands|steps|per_occurrence|discretionary|grades|checklist|value|rules|per_missing_period" doc:"How the indicator scores; rules: the sum of several sub-rules."`
	Note    *rawLabel `yaml:"note" doc:"The reading the scheme takes of an ambiguous rule."`
	Explain *rawLabel `yaml:"explain" doc:"The explanation's wording, with named placeholders: {measure}, {band}, {points}, {count}, {record}, {label} and the inputs and record fields the indicator reads, e.g. 当月完成{task_actual}，任务{task_target}."`

	AppliesTo *rawApplicability `yaml:"applies_to" doc:"Only subjects matching this are scored on the indicator."`
	Exempt    *rawApplicability `yaml:"exempt" doc:"Subjects matching this are not scored on the indicator."`
	Pool      string            `yaml:"pool" doc:"The pool the indicator belongs to; it then counts only for subjects that chose it."`

	Cap        *exprSrc       `yaml:"cap" doc:"Most points the indicator may earn."`
	Floor      *exprSrc       `yaml:"floor" doc:"Fewest points the indicator may earn (扣完为止 is floor 0)."`
	OutsideCap bool           `yaml:"outside_cap" doc:"Points added after the section's cap (bonus outside the cap)."`
	Full       *exprSrc       `yaml:"full" doc:"Full marks the indicator starts from; its rules deduct from them (满分15分，…扣完为止): cap full and floor 0 unless given."`
	Rules      []rawIndicator `yaml:"rules" doc:"rules: the sub-rules whose points add up to the item's, each an indicator of another kind (their ids unique in the scheme)."`

	Records  string   `yaml:"records" doc:"per_record, per_occurrence: the list input scored."`
	Where    *exprSrc `yaml:"where" doc:"per_record, per_occurrence: which records are considered (CEL over record)."`
	Since    *exprSrc `yaml:"since" doc:"per_record, per_occurrence: consider records dated from this date on instead of only the period's, e.g. date(\"2019-01-01\")."`
	Gate     *rawGate `yaml:"gate" doc:"per_record: what a record needs to earn points; each missing item is named in the audit."`
	DedupeBy *exprSrc `yaml:"dedupe_by" doc:"per_occurrence: records with the same key (of any type) count once."`

	DedupeKeep   string       `yaml:"dedupe_keep" enum:"first|last|heaviest" doc:"per_occurrence: which record of a key counts: first (default) or last by date (then evidence order), or heaviest by dedupe_weight."`
	DedupeWeight *exprSrc     `yaml:"dedupe_weight" doc:"dedupe_keep: heaviest: how heavy a record is (a number; the largest counts, the first of equals)."`
	Window       *rawWindow   `yaml:"window" doc:"per_record, per_occurrence, per_missing_period: records dated in this window relative to the period instead of the period's."`
	Missing      *rawMissing  `yaml:"missing" doc:"per_missing_period: the span each of which needs a qualifying record."`
	Repeated     *rawRepeated `yaml:"repeated" doc:"Points added when the indicator lost points in this period and the ones before it in a row (read from the ledger)."`

	Points        *exprSrc   `yaml:"points" doc:"Fixed points: per qualifying record (per_record), per occurrence (per_occurrence, negative for a deduction)."`
	Measure       *exprSrc   `yaml:"measure" doc:"bands, steps, per_record with bands: the measure (CEL) the bands or steps read."`
	Domain        string     `yaml:"domain" doc:"bands: the interval the measure can take, e.g. \"[0, +inf)\" (default the whole line); bands must cover it."`
	Monotone      string     `yaml:"monotone" enum:"increasing|decreasing" doc:"bands: points must not decrease (increasing) or increase (decreasing) as the measure grows."`
	Bands         []rawBand  `yaml:"bands" doc:"bands, per_record: half-open intervals of the measure mapped to points."`
	Steps         *rawSteps  `yaml:"steps" doc:"steps: points per full step of the measure."`
	Discretionary *rawRange  `yaml:"discretionary" doc:"discretionary, per_record: the range an assessor scores in."`
	Grade         *exprSrc   `yaml:"grade" doc:"grades: the grade (CEL string); absent means an assessor enters it."`
	Grades        []rawGrade `yaml:"grades" doc:"grades: each grade's points, e.g. 优: 10."`
	Items         []rawItem  `yaml:"items" doc:"checklist: items that pass or fail."`
	Value         *exprSrc   `yaml:"value" doc:"value: the points, a free CEL expression."`
}

type rawApplicability struct {
	At         *yaml.Node
	Categories []string `yaml:"categories" doc:"Subject categories."`
	When       *exprSrc `yaml:"when" doc:"A CEL condition over subject and evidence."`
}

type rawGate struct {
	At         *yaml.Node
	Documents  []string       `yaml:"documents" doc:"Document kinds the record must carry (缺一项不加分)."`
	Conditions []rawCondition `yaml:"conditions" doc:"Named conditions the record must meet."`
}

type rawCondition struct {
	At    *yaml.Node
	ID    string   `yaml:"id" opt:"required" doc:"Identifier, unique in the gate."`
	Label rawLabel `yaml:"label" opt:"required" doc:"What the condition asks, e.g. 不少于5人 / at least 5 participants."`
	When  exprSrc  `yaml:"when" opt:"required" doc:"The condition (CEL over record)."`
}

type rawBand struct {
	At      *yaml.Node
	Range   string    `yaml:"range" opt:"required" doc:"Interval of the measure: [a, b), (a, b], [a, +inf), (-inf, b]; bounds are expressions."`
	Points  exprSrc   `yaml:"points" opt:"required" doc:"Points for a measure in the interval."`
	Label   *rawLabel `yaml:"label" doc:"How the band reads, e.g. 超出1%-5% / over by 1–5%."`
	Explain *rawLabel `yaml:"explain" doc:"The explanation's wording for a measure in this band, with the indicator's placeholders."`
}

type rawSteps struct {
	At        *yaml.Node
	Every     exprSrc  `yaml:"every" opt:"required" doc:"The size of one step of the measure."`
	Points    exprSrc  `yaml:"points" opt:"required" doc:"Points per full step (negative for a deduction)."`
	From      *exprSrc `yaml:"from" doc:"Steps are counted from this value of the measure (default 0); below it, no points."`
	Direction string   `yaml:"direction" enum:"above|below" doc:"Count steps of the measure above from (default) or below it (每低10%扣1分)."`
	Count     string   `yaml:"count" enum:"full|started" doc:"full (default): only full steps count; started: a step begun counts whole."`
}

type rawRange struct {
	At     *yaml.Node
	Min    exprSrc `yaml:"min" opt:"required" doc:"Fewest points the assessor may give (with deduct: the fewest deducted)."`
	Max    exprSrc `yaml:"max" opt:"required" doc:"Most points the assessor may give (with deduct: the most deducted)."`
	Deduct bool    `yaml:"deduct" doc:"The assessor enters the amount deducted (扣1-3分: enters 2, the item loses 2), not negative points."`
}

type rawGrade struct {
	At     *yaml.Node
	KeyAt  *yaml.Node
	Name   string  `yaml:"name" opt:"key"`
	Points exprSrc `yaml:"points" opt:"required,short" doc:"Points for the grade."`
}

type rawItem struct {
	At     *yaml.Node
	ID     string   `yaml:"id" opt:"required" doc:"Identifier, unique in the checklist."`
	Label  rawLabel `yaml:"label" opt:"required" doc:"What the item checks."`
	When   exprSrc  `yaml:"when" opt:"required" doc:"Passes when true (CEL)."`
	Points exprSrc  `yaml:"points" opt:"required" doc:"Points when it passes."`
}

type rawTotal struct {
	At         *yaml.Node
	WeightsSum *exprSrc     `yaml:"weights_sum" doc:"When given, the sections' weights must add up to exactly this (e.g. 100%)."`
	Cap        *exprSrc     `yaml:"cap" doc:"Most points the total may reach before bonus."`
	Floor      *exprSrc     `yaml:"floor" doc:"Fewest points the total may reach."`
	Rounding   *rawRounding `yaml:"rounding" doc:"The final rounding of the total, its own audit step."`
}

type rawRounding struct {
	At    *yaml.Node
	Scale int    `yaml:"scale" opt:"required" doc:"Digits kept after the point."`
	Mode  string `yaml:"mode" opt:"required" enum:"half_up|half_even|floor|ceil|down|up" doc:"How the total is cut to scale."`
}

type rawVeto struct {
	At      *yaml.Node
	ID      string    `yaml:"id" opt:"required" doc:"Identifier, unique in the scheme."`
	Label   rawLabel  `yaml:"label" opt:"required" doc:"The condition as the source words it."`
	When    exprSrc   `yaml:"when" opt:"required" doc:"The veto fires when true (CEL)."`
	Reason  *rawLabel `yaml:"reason" doc:"Why the veto applies, for the explanation."`
	Tier    string    `yaml:"tier" doc:"The tier forced when the veto fires."`
	CapTier string    `yaml:"cap_tier" doc:"The highest tier allowed when the veto fires."`
	Confirm string    `yaml:"confirm" enum:"automatic|assessor" doc:"automatic, or the veto takes effect only when an assessor confirms it (可直接确定), with who and why."`
	Explain *rawLabel `yaml:"explain" doc:"The explanation's wording when the veto applies, with placeholders {label}, {reason}, {tier} and the inputs its condition reads."`
	Zero    string    `yaml:"zero" doc:"Points the veto sets to 0: total, or a section's or an indicator's id."`
	Note    *rawLabel `yaml:"note" doc:"The reading the scheme takes of an ambiguous rule, shown in explanations."`

	Consequences []string `yaml:"consequences" doc:"What the veto brings, by name (e.g. no_awards), for award rules to respect."`
}

type rawTier struct {
	At       *yaml.Node
	ID       string    `yaml:"id" opt:"required" doc:"Identifier, unique among tiers."`
	Label    rawLabel  `yaml:"label" opt:"required" doc:"The tier's name, e.g. 达标 / compliant."`
	Min      *exprSrc  `yaml:"min" doc:"Totals at or above this reach the tier (inclusive bound)."`
	Above    *exprSrc  `yaml:"above" doc:"Totals strictly above this reach the tier (exclusive bound)."`
	When     *exprSrc  `yaml:"when" doc:"An extra condition the tier needs (CEL)."`
	Explain  *rawLabel `yaml:"explain" doc:"The explanation's wording when a total reaches the tier, with placeholders {total}, {threshold} and {label}."`
	VetoOnly bool      `yaml:"veto_only" doc:"No total reaches the tier, only a veto's tier (or a quota's overflow). A scheme whose tiers are all veto_only needs no catch-all: a subject no veto touches gets no tier."`

	Consequences []string  `yaml:"consequences" doc:"What the tier brings, by name (e.g. no_awards), for award rules to respect."`
	Quota        *rawQuota `yaml:"quota" doc:"The most subjects a period's ranking may place in the tier."`
}

type rawLink struct {
	At     *yaml.Node
	KeyAt  *yaml.Node
	Name   string    `yaml:"name" opt:"key"`
	Label  rawLabel  `yaml:"label" opt:"required" doc:"What the link is, e.g. 完成工作任务挂钩 / task completion linked."`
	Inputs []string  `yaml:"inputs" opt:"required" doc:"The inputs taken from the linked unit's evidence."`
	Pairs  []rawPair `yaml:"pairs" doc:"Subject id → the unit whose figures it is scored on; evidence may also name the unit."`
}

type rawPair struct {
	At    *yaml.Node
	KeyAt *yaml.Node
	Name  string `yaml:"name" opt:"key"`
	Unit  string `yaml:"unit" opt:"required,short" doc:"The linked unit's subject id."`
}

type rawTable struct {
	At      *yaml.Node
	KeyAt   *yaml.Node
	Name    string          `yaml:"name" opt:"key"`
	Label   rawLabel        `yaml:"label" opt:"required" doc:"What the table is, e.g. 问题性质对应扣分 / points by severity."`
	Key     string          `yaml:"key" enum:"string|int" doc:"The type of the table's keys (default string)."`
	Default *exprSrc        `yaml:"default" doc:"The number a key not in the table gives; without one such a key is an evaluation error naming it."`
	Entries []rawTableEntry `yaml:"entries" opt:"required" doc:"Key → number, e.g. 严重: 5."`
}

type rawTableEntry struct {
	At    *yaml.Node
	KeyAt *yaml.Node
	Name  string  `yaml:"name" opt:"key"`
	Value exprSrc `yaml:"value" opt:"required,short" doc:"The number for the key: a literal."`
}

type rawValue struct {
	At    *yaml.Node
	KeyAt *yaml.Node
	Name  string   `yaml:"name" opt:"key"`
	Type  string   `yaml:"type" opt:"required" enum:"decimal|int|bool|string|date" doc:"The value's type."`
	Label rawLabel `yaml:"label" opt:"required" doc:"What the value is, shown in explanations, e.g. 在岗天数 / days in post."`
	Value exprSrc  `yaml:"value" opt:"required" doc:"The expression (CEL), over inputs, parameters, tables and values declared before it."`
}

type rawExemptAll struct {
	At         *yaml.Node
	Categories []string `yaml:"categories" doc:"Subject categories not assessed."`
	When       *exprSrc `yaml:"when" doc:"A CEL condition over the subject and its evidence."`
	Reason     rawLabel `yaml:"reason" opt:"required" doc:"Why such a subject is not assessed, e.g. 离退休党员不参加考核 / retired members are not assessed."`
}

//go:build engine

package branchscore

import (
	"context"
	"strconv"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"

	"peerbench/model"
)

// SchemeID is the built-in scheme the wrapper scores with.
const SchemeID = "tingnan-2017"

// Evaluator holds the compiled scheme and the evidence it refills for
// every branch (one goroutine, so the containers are reused; the engine
// keeps nothing of the evidence once Evaluate returns).
type Evaluator struct {
	s   *scheme.Scheme
	ctx context.Context
	ev  evidence.Evidence
	// Per-list record slices and, per record slot, its Fields map and
	// documents slice, reused from branch to branch.
	contests, innovations, reports, findings, activities []evidence.Record
	fields                                               [3][]map[string]any
	docs                                                 [2][][]string
	assess                                               []evidence.Assessment
}

// New compiles the built-in scheme once (reported as setup), with its
// parameter highlight_per_document set: each plan or summary with a
// highlight earns its own 1–3 points (A3d), which is peerbench's rule
// ("sum of the reports' highlight points, each 0 or in [1, 3]"). The
// scheme's default reads A3 as one award a month; with it peerbench's sum
// of several reports' points (up to 9) would be refused as out of range.
func New() (model.Evaluator, error) {
	base, err := schemes.Load(SchemeID)
	if err != nil {
		return nil, err
	}
	s, err := base.WithParams(map[string]string{"highlight_per_document": "true"})
	if err != nil {
		return nil, err
	}
	e := &Evaluator{s: s, ctx: context.Background()}
	e.ev.Facts = make(map[string]any, 2)
	e.ev.Records = make(map[string][]evidence.Record, 4)
	return e, nil
}

// Evaluate implements model.Evaluator: convert, evaluate with the full
// audit (engine.Options{}), render the total with two decimals.
func (e *Evaluator) Evaluate(b *model.Branch) (string, error) {
	ev := e.Convert(b)
	r, err := engine.Evaluate(e.ctx, e.s, ev, engine.Options{})
	if err != nil {
		return "", err
	}
	return r.Total.Decimal().StringFixed(2), nil
}

// Document names: peerbench's spelling → the scheme's document kinds.
// Documents the scheme does not declare ("photos", "sign-in sheet",
// "minutes") are left out: the scheme refuses unknown kinds, and no rule
// reads them.
func contestDoc(d string) (string, bool) {
	switch d {
	case "request", "plan", "summary", "publicity", "rewards":
		return d, true
	case "judges":
		return "judges_scores", true
	case "results":
		return "published_results", true
	}
	return "", false
}

func activityDoc(d string) (string, bool) {
	switch d {
	case "request", "plan", "summary", "publicity":
		return d, true
	case "reward":
		return "rewards", true
	}
	return "", false
}

// slot returns the reused Fields map of record i of list l, emptied.
func (e *Evaluator) slot(l, i int) map[string]any {
	for len(e.fields[l]) <= i {
		e.fields[l] = append(e.fields[l], make(map[string]any, 2))
	}
	m := e.fields[l][i]
	clear(m)
	return m
}

func (e *Evaluator) docSlot(l, i int) []string {
	for len(e.docs[l]) <= i {
		e.docs[l] = append(e.docs[l], make([]string, 0, 8))
	}
	return e.docs[l][i][:0]
}

// zeroText reports whether a decimal's text is zero ("0", "0.00", "-0").
func zeroText(s string) bool {
	digits := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '0':
			digits = true
		case c == '.' || (i == 0 && (c == '-' || c == '+')):
		default:
			return false
		}
	}
	return digits
}

// defaultMonth is the period of a branch that names none (the scheme is in
// force for the months of 2017 only).
const defaultMonth = "2017-01"

// Convert turns a peerbench branch-month into tingnan-2017 evidence:
//
//   - subject: the branch id (the record id when there is none), kind
//     branch; period: the month (2017-01 when there is none); every record
//     dated the first of the month;
//   - facts: task_target and task_actual, the decimal text as given;
//   - records: contests (participants, uniform_dress; documents renamed),
//     innovations (value, signed_by_tech_centre), one finding record per
//     plagiarism finding of a report (A4: −3 each), activities (documents
//     renamed);
//   - records: reports, each with highlight = its highlight points are not
//     zero;
//   - assessments: one organisation entry for C1 per activity with its
//     points, and one for A3d per report with a highlight, with its points.
//
// The returned evidence is reused by the next call.
func (e *Evaluator) Convert(b *model.Branch) *evidence.Evidence {
	ev := &e.ev
	id, month := b.BranchID, b.Month
	if id == "" { // the hand-made cases of impls_test.go carry neither
		id = b.ID
	}
	if month == "" {
		month = defaultMonth
	}
	ev.Subject = evidence.Subject{ID: id, Kind: "branch"}
	ev.Period = month
	date := month + "-01"
	ev.Facts["task_target"] = b.Task.Target
	ev.Facts["task_actual"] = b.Task.Actual
	e.assess = e.assess[:0]

	e.contests = e.contests[:0]
	for i := range b.Contests {
		c := &b.Contests[i]
		f := e.slot(0, i)
		f["participants"] = c.Participants
		f["uniform_dress"] = c.Uniform
		docs := e.docSlot(0, i)
		for _, d := range c.Documents {
			if k, ok := contestDoc(d); ok {
				docs = append(docs, k)
			}
		}
		e.docs[0][i] = docs
		e.contests = append(e.contests, evidence.Record{ID: c.ID, Date: date, Documents: docs, Fields: f})
	}

	e.innovations = e.innovations[:0]
	for i := range b.Innovations {
		p := &b.Innovations[i]
		f := e.slot(1, i)
		f["value"] = p.ValueYuan
		f["signed_by_tech_centre"] = p.TechCenterSigned
		e.innovations = append(e.innovations, evidence.Record{ID: p.ID, Date: date, Fields: f})
	}

	e.findings = e.findings[:0]
	e.reports = e.reports[:0]
	for i := range b.Reports {
		r := &b.Reports[i]
		for k := 1; k <= r.PlagiarismFindings; k++ {
			e.findings = append(e.findings, evidence.Record{ID: r.ID + "-F" + strconv.Itoa(k), Date: date})
		}
		hp := string(r.HighlightPoints)
		highlight := !zeroText(hp)
		f := e.slot(2, i)
		f["highlight"] = highlight
		e.reports = append(e.reports, evidence.Record{ID: r.ID, Date: date, Fields: f})
		if highlight {
			e.assess = append(e.assess, evidence.Assessment{Assessor: "peerbench", Role: "organisation",
				Indicator: "A3d", Record: r.ID, Points: r.HighlightPoints, Reason: "highlight in the report"})
		}
	}

	e.activities = e.activities[:0]
	for i := range b.Activities {
		a := &b.Activities[i]
		docs := e.docSlot(1, i)
		for _, d := range a.Documents {
			if k, ok := activityDoc(d); ok {
				docs = append(docs, k)
			}
		}
		e.docs[1][i] = docs
		e.activities = append(e.activities, evidence.Record{ID: a.ID, Date: date, Documents: docs})
		e.assess = append(e.assess, evidence.Assessment{Assessor: "peerbench", Role: "organisation",
			Indicator: "C1", Record: a.ID, Points: a.Points, Reason: "activity"})
	}

	set := func(name string, recs []evidence.Record) {
		if len(recs) == 0 {
			delete(ev.Records, name)
		} else {
			ev.Records[name] = recs
		}
	}
	set("contests", e.contests)
	set("innovations", e.innovations)
	set("reports", e.reports)
	set("findings", e.findings)
	set("activities", e.activities)
	ev.Assessments = e.assess
	return ev
}

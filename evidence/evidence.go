package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/branchscore/branchscore/internal/hostvalue"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/internal/strictjson"
)

// Evidence is what a host hands over for one subject in one period. Values
// are kept as they came — json.Number, string, bool, or the Go values a host
// set (int, int64, decimal.Decimal, time.Time, …) — until a compiled scheme
// checks them against its declared inputs (when engine.Evaluate binds them), which
// reports every problem with its path.
type Evidence struct {
	Subject Subject `json:"subject"`
	// Period is the period scored, e.g. "2017-03".
	Period string `json:"period"`
	// Facts are the scalar inputs, by input name.
	Facts map[string]any `json:"facts,omitempty"`
	// Records are the list inputs, by input name.
	Records map[string][]Record `json:"records,omitempty"`
	// Assessments are the assessors' entries: discretionary points, grades.
	Assessments []Assessment `json:"assessments,omitempty"`
	// Confirmations are assessors' decisions on vetoes that need one.
	Confirmations []Confirmation `json:"confirmations,omitempty"`
	// Chosen lists, per pool, the indicators the subject is scored on.
	Chosen map[string][]string `json:"chosen,omitempty"`
	// Links names, per link the scheme declares, the unit whose evidence
	// supplies the link's inputs (挂钩); it overrides the scheme's pairs.
	Links map[string]string `json:"links,omitempty"`
}

// Subject is the unit scored.
type Subject struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"` // branch, member, …
	Category string `json:"category,omitempty"`
}

// Record is one dated item of a list input: a contest, a project, a finding.
// Its Fields hold the declared fields by name.
type Record struct {
	ID        string
	Date      string // YYYY-MM-DD
	Documents []string
	Fields    map[string]any
}

// Assessment is an assessor's entry for an indicator (and, for per-record
// discretion, one record of it).
type Assessment struct {
	Assessor string `json:"assessor"`
	// AssessorName is how the explanations name the assessor, e.g.
	// 党群工作部 王某; without it they name the assessor by id.
	AssessorName string `json:"assessor_name,omitempty"`
	Role         string `json:"role"` // the round: self, organisation, cross, spot-check, …
	// Sheet tells apart complete scorings within one round when the same
	// assessor scores twice (the June and December self-assessments); it
	// defaults to the assessor.
	Sheet     string      `json:"sheet,omitempty"`
	Indicator string      `json:"indicator"`
	Record    string      `json:"record,omitempty"`
	Points    json.Number `json:"points,omitempty"`
	Grade     string      `json:"grade,omitempty"`
	Reason    string      `json:"reason"`
	Time      string      `json:"time"` // RFC 3339
}

// SheetKey returns what identifies the assessment's scoring sheet within
// its round: Sheet when set, else the assessor.
func (a *Assessment) SheetKey() string {
	if a.Sheet != "" {
		return a.Sheet
	}
	return a.Assessor
}

// Confirmation is an assessor's decision on a veto that needs one.
type Confirmation struct {
	Veto     string `json:"veto"`
	Assessor string `json:"assessor"`
	// AssessorName is how the explanations name who decided, e.g.
	// 党委组织部 马某; without it they name the assessor by id.
	AssessorName string `json:"assessor_name,omitempty"`
	Confirmed    bool   `json:"confirmed"`
	Reason       string `json:"reason"`
	Time         string `json:"time"`
}

// MarshalJSON writes a record with id, date and documents beside its
// fields, keys sorted.
func (r Record) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(r.Fields)+3)
	for k, v := range r.Fields {
		m[k] = v
	}
	m["id"] = r.ID
	if r.Date != "" {
		m["date"] = r.Date
	}
	if r.Documents != nil {
		m["documents"] = r.Documents
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads a record; numbers stay exact (json.Number).
func (r *Record) UnmarshalJSON(b []byte) error {
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return err
	}
	*r = Record{Fields: map[string]any{}}
	// The id first, so that every other message names the record.
	if v, ok := m["id"]; ok {
		s, ok := v.(string)
		if !ok {
			return msg.Errorf("record id: want a string, got %s", hostvalue.Describe(v))
		}
		r.ID = s
	}
	for _, k := range sortedKeys(m) {
		v := m[k]
		switch k {
		case "id":
		case "date":
			s, ok := v.(string)
			if !ok {
				return msg.Errorf("record %s: date: want \"YYYY-MM-DD\", got %s", r.ID, hostvalue.Describe(v))
			}
			r.Date = s
		case "documents":
			list, ok := v.([]any)
			if !ok {
				return msg.Errorf("record %s: documents: want a list of document kinds, got %s", r.ID, hostvalue.Describe(v))
			}
			r.Documents = make([]string, 0, len(list))
			for _, x := range list {
				s, ok := x.(string)
				if !ok {
					return msg.Errorf("record %s: documents: want strings, got %s", r.ID, hostvalue.Describe(x))
				}
				r.Documents = append(r.Documents, s)
			}
		default:
			r.Fields[k] = v
		}
	}
	return nil
}

// Decode reads one evidence document, or a JSON array of them, from r.
// Numbers are kept exact as json.Number.
//
// Decode is strict where encoding/json is lenient, so that every JSON
// reader sees the same evidence: it refuses a document larger than
// MaxFileSize, a key twice in one object, two keys differing only in case
// ("FACTS" after "facts"), a key the format does not have (matched
// exactly, case included), invalid UTF-8 and unpaired surrogate escapes,
// numbers of more than MaxDigits digits or in exponent notation, and ids,
// names and reasons past their limits (CheckLimits). It takes time linear
// in the document's length. Its errors are a list of *Problem, each with
// the document's index in an array and the JSON path (errors.As; errors.Is
// with ErrDuplicateKey, …), or encoding/json's for what is not JSON.
func Decode(r io.Reader) ([]*Evidence, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, &Problem{Doc: -1, Err: msg.Errorf("%w: larger than %d bytes (16 MiB), the limit", ErrTooLarge, MaxFileSize)}
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	array := len(trimmed) > 0 && trimmed[0] == '['
	shape := oneShape()
	if array {
		shape = listShape()
	}
	if ps := strictjson.Check(data, shape, numberLimits); len(ps) > 0 {
		probs := make([]*Problem, len(ps))
		for i, p := range ps {
			probs[i] = &Problem{Doc: -1, Path: p.Path, Err: p.Err}
			if array {
				probs[i].Doc, probs[i].Path = splitIndex(p.Path)
			}
		}
		return nil, joinProblems(probs)
	}
	var out []*Evidence
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if array {
		err = dec.Decode(&out)
	} else {
		var ev Evidence
		err = dec.Decode(&ev)
		out = []*Evidence{&ev}
	}
	if err != nil {
		return nil, msg.Errorf("evidence: %w", err)
	}
	// Only white space may follow (dec.More would let "]" and "}" through).
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, msg.Errorf("evidence: unexpected data after the document")
	}
	var probs []*Problem
	for i, ev := range out {
		if ev == nil {
			return nil, msg.Errorf("evidence[%d]: null", i)
		}
		for _, p := range ev.CheckLimits() {
			if array {
				p.Doc = i
			}
			probs = append(probs, p)
		}
	}
	if len(probs) > 0 {
		return nil, joinProblems(probs)
	}
	return out, nil
}

var (
	oneShape  = sync.OnceValue(func() *strictjson.Shape { return strictjson.ShapeOf(reflect.TypeFor[Evidence](), nil) })
	listShape = sync.OnceValue(func() *strictjson.Shape { return strictjson.ShapeOf(reflect.TypeFor[[]*Evidence](), nil) })
)

// splitIndex splits "[2].facts.x" into 2 and "facts.x".
func splitIndex(path string) (int, string) {
	end := strings.IndexByte(path, ']')
	if !strings.HasPrefix(path, "[") || end < 0 {
		return -1, path
	}
	n, err := strconv.Atoi(path[1:end])
	if err != nil {
		return -1, path
	}
	return n, strings.TrimPrefix(path[end+1:], ".")
}

// joinProblems makes one error of problems, a line each.
func joinProblems(probs []*Problem) error {
	if len(probs) == 1 {
		return probs[0]
	}
	errs := make([]error, len(probs))
	for i, p := range probs {
		errs[i] = p
	}
	return errors.Join(errs...)
}

// ReadFile decodes the evidence in the named file; errors name the file.
func ReadFile(path string) ([]*Evidence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	evs, err := Decode(f)
	if err != nil {
		return nil, msg.Errorf("%s: %w", path, err)
	}
	return evs, nil
}

// Encode writes ev as indented JSON with map keys sorted, so equal evidence
// gives equal bytes.
func Encode(w io.Writer, ev *Evidence) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ev)
}

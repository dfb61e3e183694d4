package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"

	"github.com/branchscore/branchscore/internal/strictjson"
)

// MaxResultsSize is the largest stored-results document DecodeResults
// reads: 64 MiB, room for a few thousand results with their audit trails.
// A host storing more splits them over several documents.
const MaxResultsSize = 64 << 20

// ErrResultsTooLarge is wrapped by DecodeResults' error for a document
// larger than MaxResultsSize.
var ErrResultsTooLarge = errors.New("stored results too large")

// resultLimits are the limits on the numbers of a stored result.
var resultLimits = strictjson.Limits{MaxDigits: MaxPointsDigits}

// pointsLeaf checks Points written as strings where they stand, so that
// the error has the path (the pre-pass checks every JSON number).
var pointsLeaf = map[reflect.Type]func([]byte) error{reflect.TypeFor[Points](): func(raw []byte) error {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return nil
	}
	return checkPoints(s)
}}

var (
	resultShape  = sync.OnceValue(func() *strictjson.Shape { return strictjson.ShapeOf(reflect.TypeFor[Result](), pointsLeaf) })
	resultsShape = sync.OnceValue(func() *strictjson.Shape { return strictjson.ShapeOf(reflect.TypeFor[[]*Result](), pointsLeaf) })
	ledgerShape  = sync.OnceValue(func() *strictjson.Shape { return strictjson.ShapeOf(reflect.TypeFor[Ledger](), pointsLeaf) })
)

// DecodeResults reads stored results, one Result or a JSON array of them,
// for Verify. It reads them as strictly as evidence.Decode reads evidence,
// so that what is verified is what every JSON reader sees: it refuses a
// document larger than MaxResultsSize, a key twice in one object, keys
// differing only in case, a key a Result does not have (matched exactly,
// case included), invalid UTF-8, and numbers in exponent notation or of
// more than MaxPointsDigits digits. Each error names the JSON path
// (results[2].indicators[0].points), with the index when the document is
// an array.
func DecodeResults(r io.Reader) ([]*Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxResultsSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxResultsSize {
		return nil, fmt.Errorf("results: %w: larger than %d bytes (64 MiB), the limit", ErrResultsTooLarge, MaxResultsSize)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	array := len(trimmed) > 0 && trimmed[0] == '['
	shape := resultShape()
	if array {
		shape = resultsShape()
	}
	if ps := strictjson.Check(data, shape, resultLimits); len(ps) > 0 {
		errs := make([]error, len(ps))
		for i, p := range ps {
			errs[i] = resultsProblem(p)
		}
		return nil, errors.Join(errs...)
	}
	var out []*Result
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if array {
		err = dec.Decode(&out)
	} else {
		var one Result
		err = dec.Decode(&one)
		out = []*Result{&one}
	}
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	// Only white space may follow (dec.More would let "]" and "}" through).
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, errors.New("results: unexpected data after the document")
	}
	for i, r := range out {
		if r == nil {
			return nil, fmt.Errorf("results[%d]: null", i)
		}
	}
	return out, nil
}

// DecodeLedger reads a ledger Rank wrote, as strictly as DecodeResults
// reads results and within MaxResultsSize: a ledger read two ways would
// carry different balances and holders into the next period.
func DecodeLedger(r io.Reader) (*Ledger, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxResultsSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxResultsSize {
		return nil, fmt.Errorf("ledger: %w: larger than %d bytes (64 MiB), the limit", ErrResultsTooLarge, MaxResultsSize)
	}
	if ps := strictjson.Check(data, ledgerShape(), resultLimits); len(ps) > 0 {
		errs := make([]error, len(ps))
		for i, p := range ps {
			errs[i] = fmt.Errorf("ledger: %w", p)
		}
		return nil, errors.Join(errs...)
	}
	var l Ledger
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, errors.New("ledger: unexpected data after the document")
	}
	return &l, nil
}

// resultsProblem writes a problem as evidence.Decode writes one:
// "results: total: …", or "results[2]: total: …" in an array.
func resultsProblem(p strictjson.Problem) error {
	if end := strings.IndexByte(p.Path, ']'); strings.HasPrefix(p.Path, "[") && end > 0 {
		p2 := strictjson.Problem{Path: strings.TrimPrefix(p.Path[end+1:], "."), Err: p.Err}
		return fmt.Errorf("results%s: %w", p.Path[:end+1], p2)
	}
	return fmt.Errorf("results: %w", p)
}

// checkPoints refuses exponent notation and more than MaxPointsDigits
// digits, in time linear in the text.
func checkPoints(s string) error { return strictjson.CheckNumber(s, resultLimits) }

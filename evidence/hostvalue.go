package evidence

import (
	"github.com/branchscore/branchscore/internal/hostvalue"
	"github.com/shopspring/decimal"
)

// CheckDecimal reports a decimal.Decimal a host put in evidence whose full
// written form has more than MaxDigits digits: the limit of a number given
// as text (decimal.New(1, math.MinInt32) is 2^31 digits, which cannot be
// written, hashed or compared in bounded time and memory). It looks at the
// coefficient and the exponent only: it never writes the decimal out.
func CheckDecimal(d decimal.Decimal) error { return hostvalue.CheckDecimal(d) }

// ValueError is a value in evidence that cannot be used: a host value
// beyond the limits, or one encoding/json cannot write. Path is where it
// is, e.g. facts.amount or records.contests[2].participants.
type ValueError struct {
	Path string
	Err  error
}

func (e *ValueError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e *ValueError) Unwrap() error { return e.Err }

// under returns err with key put in front of its path.
func under(key string, err error) error {
	if ve, ok := err.(*ValueError); ok {
		if ve.Path == "" || ve.Path[0] == '[' || ve.Path[0] == '.' {
			return &ValueError{Path: key + ve.Path, Err: ve.Err}
		}
		return &ValueError{Path: key + "." + ve.Path, Err: ve.Err}
	}
	return &ValueError{Path: key, Err: err}
}

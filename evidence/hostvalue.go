package evidence

import (
	"fmt"
	"math/big"
	"reflect"
	"time"

	"github.com/branchscore/branchscore/internal/msg"
	"github.com/shopspring/decimal"
)

// CheckDecimal reports a decimal.Decimal a host put in evidence whose full
// written form has more than MaxDigits digits: the limit of a number given
// as text (decimal.New(1, math.MinInt32) is 2^31 digits, which cannot be
// written, hashed or compared in bounded time and memory). It looks at the
// coefficient and the exponent only: it never writes the decimal out.
func CheckDecimal(d decimal.Decimal) error {
	c := d.Coefficient()
	exp := int64(d.Exponent())
	if c.BitLen() > 4*MaxDigits {
		return msg.Errorf("a decimal of more than %d digits (coefficient of %d bits, exponent %d); at most %d digits", MaxDigits, c.BitLen(), exp, MaxDigits)
	}
	n := int64(len(c.Abs(c).Text(10)))
	digits := n + exp // 12e3 is 12000: 2 + 3 digits
	if exp < 0 {
		digits = max(n, -exp) // 12e-5 is 0.00012: 5 digits after the point
	}
	if digits > MaxDigits {
		return msg.Errorf("a decimal of %d digits written out (%se%d); at most %d", digits, c.Text(10), exp, MaxDigits)
	}
	return nil
}

// checkHostValue reports a decimal.Decimal beyond MaxDigits
// anywhere inside a host value that encoding/json would write (a slice, a
// map, a struct's fields), before encoding/json writes it out. It returns
// the path below v where it found one.
func checkHostValue(v reflect.Value, depth int) (string, error) {
	if depth > 32 || !v.IsValid() {
		return "", nil
	}
	if v.Type() == decimalType {
		return "", CheckDecimal(v.Interface().(decimal.Decimal))
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", nil
		}
		return checkHostValue(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p, err := checkHostValue(v.Index(i), depth+1); err != nil {
				return fmt.Sprintf("[%d]%s", i, p), err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if p, err := checkHostValue(iter.Value(), depth+1); err != nil {
				return fmt.Sprintf(".%v%s", iter.Key(), p), err
			}
		}
	case reflect.Struct:
		if v.Type() == timeType || v.Type() == bigIntType {
			return "", nil
		}
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if p, err := checkHostValue(v.Field(i), depth+1); err != nil {
				return "." + v.Type().Field(i).Name + p, err
			}
		}
	}
	return "", nil
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
	bigIntType  = reflect.TypeFor[big.Int]()
)

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

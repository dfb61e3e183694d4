// Package hostvalue checks and names the Go values a host puts in
// evidence (decimal.Decimal, its own structs, …) for the evidence and
// scheme packages. Internal: not for hosts; evidence.CheckDecimal and
// evidence.MaxDigits are the part a host may need.
//
// CheckDecimal and Check hold a host's values to the limits of numbers
// given as text; Describe names any value for an error message without
// ever writing out a huge one.
package hostvalue

import (
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"time"
	"unicode/utf8"

	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/internal/strictjson"
	"github.com/shopspring/decimal"
)

// MaxDigits is evidence.MaxDigits, the most digits a number may have
// written out (a test in the evidence package keeps the two equal).
const MaxDigits = 40

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

// Check reports a decimal.Decimal beyond MaxDigits anywhere inside a
// host value that encoding/json would write (a slice, a map, a struct's
// fields), before encoding/json writes it out. It returns the path below v
// where it found one, such as "[2].Amount".
func Check(v reflect.Value) (string, error) { return check(v, 0) }

func check(v reflect.Value, depth int) (string, error) {
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
		return check(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p, err := check(v.Index(i), depth+1); err != nil {
				return fmt.Sprintf("[%d]%s", i, p), err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if p, err := check(iter.Value(), depth+1); err != nil {
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
			if p, err := check(v.Field(i), depth+1); err != nil {
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

// Describe names a value for messages: a string quoted, a number as
// written, "a list", "an object", "null"; other Go values with their type.
// A string or number past 40 bytes is cut to its first 24 and its length,
// so that a message never copies a huge value.
func Describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 40 {
			k := 24
			for k > 0 && !utf8.RuneStart(x[k]) {
				k--
			}
			return fmt.Sprintf("%q… (%d bytes)", x[:k], len(x))
		}
		return fmt.Sprintf("%q", x)
	case json.Number:
		return strictjson.Abbrev(string(x))
	case bool:
		return fmt.Sprint(x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case decimal.Decimal:
		if err := CheckDecimal(x); err != nil {
			return fmt.Sprintf("%v (decimal.Decimal)", err)
		}
	}
	// A host's own value is written out only when nothing inside it can be
	// too large to write.
	switch reflect.ValueOf(v).Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
		return fmt.Sprintf("%v (%T)", v, v)
	}
	if _, err := Check(reflect.ValueOf(v)); err != nil {
		return fmt.Sprintf("a %T holding %v", v, err)
	}
	return fmt.Sprintf("%v (%T)", v, v)
}

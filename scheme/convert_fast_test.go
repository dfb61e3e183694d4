package scheme

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/internal/hostvalue"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// slowConvertNumber is convert's number branch as it was before numbers
// were read into celdec's compact form: every number through
// decimal.NewFromString and evidence.CheckDecimal.
func slowConvertNumber(raw any, t ValueType) (ref.Val, error) {
	got := func() error { return msg.Errorf("want %s, got %s", t, hostvalue.Describe(raw)) }
	var d decimal.Decimal
	switch x := raw.(type) {
	case json.Number:
		if err := evidence.CheckNumber(string(x)); err != nil {
			return nil, err
		}
		v, err := decimal.NewFromString(string(x))
		if err != nil {
			return nil, got()
		}
		d = v
	case string:
		v, err := celdec.ParseDecimal(strings.TrimSpace(x))
		if err != nil {
			if n := digits(x); n > evidence.MaxDigits && strings.Trim(x, "+-.0123456789 ") == "" {
				return nil, msg.Errorf("want %s, got a number of %d digits; at most %d", t, n, evidence.MaxDigits)
			}
			return nil, got()
		}
		d = v
	case decimal.Decimal:
		d = x
	case int64:
		d = decimal.NewFromInt(x)
	}
	if err := evidence.CheckDecimal(d); err != nil {
		return nil, msg.Errorf("want %s, got %w", t, err)
	}
	if t == IntType {
		if !d.IsInteger() || d.Abs().GreaterThan(decimal.New(1, 18)) {
			return nil, got()
		}
		return types.Int(d.IntPart()), nil
	}
	return celdec.New(d), nil
}

// describe renders a converted value with its coefficient and exponent,
// so that 2.5 and 2.50 differ.
func describe(v ref.Val, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	if x, ok := v.(celdec.Decimal); ok {
		d, _ := x.AsDecimal()
		return fmt.Sprintf("decimal %s = %s·10^%d", x, d.Coefficient(), d.Exponent())
	}
	return fmt.Sprintf("%T %v", v, v)
}

// TestConvertNumbersAsBefore: numbers read into the compact form convert
// to exactly the value (coefficient and exponent) and the error they did
// when every number went through decimal.NewFromString.
func TestConvertNumbersAsBefore(t *testing.T) {
	texts := []string{
		"0", "-0", "0.00", "7", "-7", "12.50", "0.5", "-1234.5678", "10000", "50000",
		"123456789012345678", "1234567890123456789", "9223372036854775807", "9223372036854775808",
		"1000000000000000000", "1000000000000000001", "-1000000000000000000", "-1000000000000000001",
		"1000000000000000000.0", "2.000", "2.001", "0.00000000000000000000000000000000000001",
		"1234567890123456789012345678901234567890", "12345678901234567890123456789012345678901",
		"1e5", "1E-3", "-", "", "1.2.3", "01", "1.", ".5", "+5", " 5 ", "abc",
	}
	for _, s := range texts {
		for _, raw := range []any{json.Number(s), s} {
			for _, typ := range []ValueType{DecimalType, IntType} {
				want := describe(slowConvertNumber(raw, typ))
				got := describe(convert(raw, typ, nil))
				assert.Equal(t, want, got, "%T %q as %s", raw, s, typ)
			}
		}
	}
	for _, d := range []decimal.Decimal{decimal.New(5, -2), decimal.New(7, -99), decimal.New(1, 40), decimal.New(3, 39),
		decimal.RequireFromString("123456789012345678901234567890"), decimal.New(0, -41)} {
		for _, typ := range []ValueType{DecimalType, IntType} {
			assert.Equal(t, describe(slowConvertNumber(d, typ)), describe(convert(d, typ, nil)), "host decimal %s as %s", d, typ)
		}
	}
	for _, n := range []int64{0, -1, 1e18, 1e18 + 1, -1e18 - 1, 1<<63 - 1, -1 << 63} {
		for _, typ := range []ValueType{DecimalType, IntType} {
			assert.Equal(t, describe(slowConvertNumber(n, typ)), describe(convert(n, typ, nil)), "int64 %d as %s", n, typ)
		}
	}
}

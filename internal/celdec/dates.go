package celdec

import (
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Date helpers a rule may call. Every one counts in calendar terms from 1,
// as the source documents do: January is month 1, the first quarter is 1.
const (
	FnDaysBetween = "days_between" // days_between(a, b): whole days from a to b (negative when b is earlier)
	FnWithinDays  = "within_days"  // within_days(a, b, n): a and b at most n days apart, either way
	FnYearOf      = "year_of"      // year_of(d): 2021
	FnMonthOf     = "month_of"     // month_of(d): 1–12
	FnQuarterOf   = "quarter_of"   // quarter_of(d): 1–4
	FnHalfOf      = "half_of"      // half_of(d): 1 (January–June) or 2
	FnDayOf       = "day_of"       // day_of(d): 1–31
)

// ZeroBased maps CEL's timestamp accessors that count from 0 to the
// helper a rule should call instead: getMonth() gives 0 for January.
var ZeroBased = map[string]string{
	"getMonth":      FnMonthOf + "(d), 1–12",
	"getDayOfMonth": FnDayOf + "(d), 1–31",
	"getDayOfYear":  FnDaysBetween + "(date(\"YYYY-01-01\"), d) + 1",
}

// dayNumber is the day's number since 1970-01-01 of t's calendar date in
// UTC (dates are midnight UTC; a time of day is dropped).
func dayNumber(t time.Time) int64 {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func dateOptions() []cel.EnvOption {
	part := func(name string, f func(time.Time) int64) cel.EnvOption {
		return cel.Function(name, cel.Overload(name+"_date", []*types.Type{DateType}, types.IntType,
			cel.UnaryBinding(func(v ref.Val) ref.Val {
				t, ok := v.(types.Timestamp)
				if !ok {
					return types.NoSuchOverloadErr()
				}
				return types.Int(f(t.Time.UTC()))
			})))
	}
	return []cel.EnvOption{
		cel.Function(FnDaysBetween, cel.Overload("days_between_date_date", []*types.Type{DateType, DateType}, types.IntType,
			cel.BinaryBinding(func(a, b ref.Val) ref.Val {
				x, ok1 := a.(types.Timestamp)
				y, ok2 := b.(types.Timestamp)
				if !ok1 || !ok2 {
					return types.NoSuchOverloadErr()
				}
				return types.Int(dayNumber(y.Time) - dayNumber(x.Time))
			}))),
		cel.Function(FnWithinDays, cel.Overload("within_days_date_date_int", []*types.Type{DateType, DateType, types.IntType}, types.BoolType,
			cel.FunctionBinding(func(args ...ref.Val) ref.Val {
				x, ok1 := args[0].(types.Timestamp)
				y, ok2 := args[1].(types.Timestamp)
				n, ok3 := args[2].(types.Int)
				if !ok1 || !ok2 || !ok3 {
					return types.NoSuchOverloadErr()
				}
				d := dayNumber(y.Time) - dayNumber(x.Time)
				if d < 0 {
					d = -d
				}
				return types.Bool(d <= int64(n))
			}))),
		part(FnYearOf, func(t time.Time) int64 { return int64(t.Year()) }),
		part(FnMonthOf, func(t time.Time) int64 { return int64(t.Month()) }),
		part(FnQuarterOf, func(t time.Time) int64 { return int64(t.Month()-1)/3 + 1 }),
		part(FnHalfOf, func(t time.Time) int64 { return int64(t.Month()-1)/6 + 1 }),
		part(FnDayOf, func(t time.Time) int64 { return int64(t.Day()) }),
	}
}

package celdec

import (
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/shopspring/decimal"
)

// Config is what a scheme declares about its arithmetic.
type Config struct {
	// Scale is the number of digits after the point a value that does not
	// terminate keeps when it is recorded. '/' itself is exact.
	Scale int32
	// Rounding cuts such a value to Scale, and is div()'s rounding.
	Rounding Rounding
}

// DivFunction is the internal function '/' on decimals is rewritten to. Its
// name cannot be written in a rule (the parser rejects '@').
const DivFunction = "@decimal_div"

// Function names a rule may call.
const (
	FnDec           = "dec"
	FnRoundHalfUp   = "round_half_up"
	FnRoundHalfEven = "round_half_even"
	FnFloor         = "floor"
	FnCeil          = "ceil"
	FnAbs           = "abs"
	FnMin           = "min"
	FnMax           = "max"
	FnClamp         = "clamp"
	FnPct           = "pct"
	FnPercent       = "percent"
	FnDiv           = "div"
	FnDate          = "date"
)

// FunctionNames lists the functions this library adds, for "did you mean".
func FunctionNames() []string {
	return []string{FnDec, FnRoundHalfUp, FnRoundHalfEven, FnFloor, FnCeil, FnAbs,
		FnMin, FnMax, FnClamp, FnPct, FnPercent, FnDiv, FnDate,
		FnDaysBetween, FnWithinDays, FnYearOf, FnMonthOf, FnQuarterOf, FnHalfOf, FnDayOf}
}

// DateType is the CEL type of dates (a timestamp at midnight UTC).
var DateType = cel.TimestampType

// numeric kinds used to enumerate mixed overloads.
var (
	kinds     = []*types.Type{Type, types.IntType, types.DoubleType}
	kindNames = map[*types.Type]string{Type: "decimal", types.IntType: "int", types.DoubleType: "double"}
)

// combos returns every n-tuple of numeric kinds with at least one decimal or
// double in it: the argument lists a decimal overload must accept.
func combos(n int) [][]*types.Type {
	var out [][]*types.Type
	var rec func(prefix []*types.Type)
	rec = func(prefix []*types.Type) {
		if len(prefix) == n {
			for _, t := range prefix {
				if t != types.IntType {
					out = append(out, append([]*types.Type(nil), prefix...))
					return
				}
			}
			return
		}
		for _, k := range kinds {
			rec(append(prefix, k))
		}
	}
	rec(nil)
	return out
}

// skipStd reports whether a standard overload already covers args.
func skipStd(args []*types.Type) bool {
	for _, a := range args {
		if a != types.DoubleType {
			return false
		}
	}
	return true
}

func overloadID(fn string, args []*types.Type) string {
	parts := []string{fn}
	for _, a := range args {
		parts = append(parts, kindNames[a])
	}
	return strings.Join(parts, "_")
}

// Options returns the environment options for decimals: the operator
// declarations (bindings come from the decimal type's traits), the functions
// and the internal division bound to cfg.
func Options(cfg Config) []cel.EnvOption {
	if cfg.Rounding == 0 {
		cfg.Rounding = HalfUp
	}
	var opts []cel.EnvOption
	opts = append(opts, cel.CrossTypeNumericComparisons(true), cel.OptionalTypes())

	// Arithmetic and comparison operators: declarations only.
	arith := map[string]string{operators.Add: "add", operators.Subtract: "subtract",
		operators.Multiply: "multiply", operators.Divide: "divide"}
	for _, op := range []string{operators.Add, operators.Subtract, operators.Multiply, operators.Divide} {
		var fo []cel.FunctionOpt
		for _, args := range combos(2) {
			if skipStd(args) {
				continue
			}
			fo = append(fo, cel.Overload(overloadID(arith[op], args), args, Type))
		}
		opts = append(opts, cel.Function(op, fo...))
	}
	cmp := map[string]string{operators.Less: "less", operators.LessEquals: "less_equals",
		operators.Greater: "greater", operators.GreaterEquals: "greater_equals"}
	for _, op := range []string{operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals} {
		var fo []cel.FunctionOpt
		for _, args := range combos(2) {
			if args[0] != Type && args[1] != Type {
				continue // standard (cross-type) comparisons cover int/double
			}
			fo = append(fo, cel.Overload(overloadID(cmp[op], args), args, types.BoolType))
		}
		opts = append(opts, cel.Function(op, fo...))
	}
	opts = append(opts, cel.Function(operators.Negate,
		cel.Overload("negate_decimal", []*types.Type{Type}, Type)))

	// The internal division: exact, a fraction when it does not terminate.
	opts = append(opts, cel.Function(DivFunction,
		cel.Overload("decimal_div", []*types.Type{Type, Type}, Type),
		cel.SingletonBinaryBinding(func(a, b ref.Val) ref.Val {
			x, ok1 := toDecimal(a)
			y, ok2 := toDecimal(b)
			if !ok1 || !ok2 {
				return types.NoSuchOverloadErr()
			}
			return result(Quo(x, y))
		})))

	// dec(x)
	opts = append(opts, cel.Function(FnDec,
		cel.Overload("dec_string", []*types.Type{types.StringType}, Type),
		cel.Overload("dec_int", []*types.Type{types.IntType}, Type),
		cel.Overload("dec_decimal", []*types.Type{Type}, Type),
		cel.Overload("dec_double", []*types.Type{types.DoubleType}, Type),
		cel.SingletonUnaryBinding(decOf)))

	unary := func(name string, f func(Decimal) Decimal, intToo bool) cel.EnvOption {
		fo := []cel.FunctionOpt{
			cel.Overload(name+"_decimal", []*types.Type{Type}, Type),
			cel.Overload(name+"_double", []*types.Type{types.DoubleType}, Type),
		}
		if intToo {
			fo = append(fo, cel.Overload(name+"_int", []*types.Type{types.IntType}, types.IntType))
		}
		fo = append(fo, cel.SingletonUnaryBinding(func(v ref.Val) ref.Val {
			if i, ok := v.(types.Int); ok && intToo {
				return types.Int(f(FromInt(int64(i))).dec().IntPart())
			}
			d, ok := toDecimal(v)
			if !ok {
				return types.NoSuchOverloadErr()
			}
			return Val(f(d))
		}))
		return cel.Function(name, fo...)
	}
	opts = append(opts,
		unary(FnFloor, func(d Decimal) Decimal { return roundTo(d, 0, Floor) }, false),
		unary(FnCeil, func(d Decimal) Decimal { return roundTo(d, 0, Ceil) }, false),
		unary(FnAbs, Abs, true),
		unary(FnPct, Pct, false),
	)
	// floor and ceil of an int are the int itself, as decimals.
	opts = append(opts,
		cel.Function(FnFloor, cel.Overload("floor_int", []*types.Type{types.IntType}, Type)),
		cel.Function(FnCeil, cel.Overload("ceil_int", []*types.Type{types.IntType}, Type)),
		cel.Function(FnPct, cel.Overload("pct_int", []*types.Type{types.IntType}, Type)),
	)

	roundFn := func(name string, mode Rounding) cel.EnvOption {
		var fo []cel.FunctionOpt
		for _, k := range kinds {
			fo = append(fo, cel.Overload(name+"_"+kindNames[k]+"_int", []*types.Type{k, types.IntType}, Type))
		}
		fo = append(fo, cel.SingletonBinaryBinding(func(v, s ref.Val) ref.Val {
			d, ok := toDecimal(v)
			sc, ok2 := s.(types.Int)
			if !ok || !ok2 {
				return types.NoSuchOverloadErr()
			}
			if sc < -18 || sc > 18 {
				return types.NewErr("%s: scale %d out of range -18..18", name, sc)
			}
			return Val(roundTo(d, int32(sc), mode))
		}))
		return cel.Function(name, fo...)
	}
	opts = append(opts, roundFn(FnRoundHalfUp, HalfUp), roundFn(FnRoundHalfEven, HalfEven))

	// min, max, clamp: all-int stays int, anything else is decimal.
	extreme := func(name string, pick int) cel.EnvOption {
		fo := []cel.FunctionOpt{cel.Overload(name+"_int_int", []*types.Type{types.IntType, types.IntType}, types.IntType)}
		for _, args := range combos(2) {
			fo = append(fo, cel.Overload(overloadID(name, args), args, Type))
		}
		fo = append(fo, cel.SingletonBinaryBinding(func(a, b ref.Val) ref.Val {
			x, ok1 := toDecimal(a)
			y, ok2 := toDecimal(b)
			if !ok1 || !ok2 {
				return types.NoSuchOverloadErr()
			}
			if Cmp(x, y) == pick {
				return declared(a, a, b)
			}
			return declared(b, a, b)
		}))
		return cel.Function(name, fo...)
	}
	opts = append(opts, extreme(FnMin, -1), extreme(FnMax, 1))

	clampOverloads := []cel.FunctionOpt{cel.Overload("clamp_int_int_int",
		[]*types.Type{types.IntType, types.IntType, types.IntType}, types.IntType)}
	for _, args := range combos(3) {
		clampOverloads = append(clampOverloads, cel.Overload(overloadID(FnClamp, args), args, Type))
	}
	clampOverloads = append(clampOverloads, cel.SingletonFunctionBinding(func(args ...ref.Val) ref.Val {
		x, ok1 := toDecimal(args[0])
		lo, ok2 := toDecimal(args[1])
		hi, ok3 := toDecimal(args[2])
		if !ok1 || !ok2 || !ok3 {
			return types.NoSuchOverloadErr()
		}
		if Cmp(lo, hi) > 0 {
			return types.NewErr("clamp: lower bound %s above upper bound %s", lo, hi)
		}
		switch {
		case Cmp(x, lo) < 0:
			return declared(args[1], args...)
		case Cmp(x, hi) > 0:
			return declared(args[2], args...)
		}
		return declared(args[0], args...)
	}))
	opts = append(opts, cel.Function(FnClamp, clampOverloads...))

	// percent(a, b) = a × 100 / b exactly; div(a, b, scale) rounds the exact
	// quotient to scale at the scheme's rounding.
	var pctFo, divFo []cel.FunctionOpt
	for _, args := range append(combos(2), []*types.Type{types.IntType, types.IntType}) {
		pctFo = append(pctFo, cel.Overload(overloadID(FnPercent, args), args, Type))
		divFo = append(divFo, cel.Overload(overloadID(FnDiv, args)+"_int", append(args, types.IntType), Type))
	}
	pctFo = append(pctFo, cel.SingletonBinaryBinding(func(a, b ref.Val) ref.Val {
		x, ok1 := toDecimal(a)
		y, ok2 := toDecimal(b)
		if !ok1 || !ok2 {
			return types.NoSuchOverloadErr()
		}
		hundred, err := Mul(x, Decimal{c: 1, e: 2})
		if err != nil {
			return types.WrapErr(err)
		}
		return result(Quo(hundred, y))
	}))
	divFo = append(divFo, cel.SingletonFunctionBinding(func(args ...ref.Val) ref.Val {
		x, ok1 := toDecimal(args[0])
		y, ok2 := toDecimal(args[1])
		sc, ok3 := args[2].(types.Int)
		if !ok1 || !ok2 || !ok3 {
			return types.NoSuchOverloadErr()
		}
		if sc < 0 || sc > 18 {
			return types.NewErr("div: scale %d out of range 0..18", sc)
		}
		q, err := Quo(x, y)
		if err != nil {
			return types.WrapErr(err)
		}
		return Val(roundTo(q, int32(sc), cfg.Rounding))
	}))
	opts = append(opts, cel.Function(FnPercent, pctFo...), cel.Function(FnDiv, divFo...))

	opts = append(opts, cel.Function(FnDate,
		cel.Overload("date_string", []*types.Type{types.StringType}, DateType, cel.UnaryBinding(func(v ref.Val) ref.Val {
			s, ok := v.(types.String)
			if !ok {
				return types.NoSuchOverloadErr()
			}
			t, err := ParseDate(string(s))
			if err != nil {
				return types.WrapErr(err)
			}
			return types.Timestamp{Time: t}
		}))))
	opts = append(opts, dateOptions()...)
	return opts
}

// ParseDate reads a calendar date written YYYY-MM-DD as midnight UTC.
func ParseDate(s string) (time.Time, error) {
	t, err := parseDateOnly(s)
	if err != nil {
		return time.Time{}, msg.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// ParseDecimal reads an exact decimal written in plain notation (digits, an
// optional sign and point; no exponent, no spaces).
func ParseDecimal(s string) (decimal.Decimal, error) {
	if _, ok := plainDigits(s); !ok {
		return decimal.Decimal{}, errInvalid(s)
	}
	return decimal.NewFromString(s)
}

func errInvalid(s string) error { return msg.Errorf("invalid decimal %q", s) }

// plainDigits returns the number of digits of a decimal written in plain
// notation; ok is false for anything else, or more than 40 digits.
func plainDigits(s string) (int, bool) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return 0, false
		}
	}
	return digits, digits > 0 && digits <= 40
}

func decOf(v ref.Val) ref.Val {
	switch x := v.(type) {
	case Decimal:
		return x
	case types.Int:
		return Val(FromInt(int64(x)))
	case types.String:
		d, err := Parse(string(x))
		if err != nil {
			return types.WrapErr(err)
		}
		return Val(d)
	}
	return types.NewErr("dec: unsupported argument of type %s", v.Type().TypeName())
}

// declared returns the chosen argument v of min, max or clamp as the type
// the overload declares: an int only when every argument is an int, else a
// decimal.
func declared(v ref.Val, args ...ref.Val) ref.Val {
	i, ok := v.(types.Int)
	if !ok {
		return v
	}
	for _, a := range args {
		if _, isInt := a.(types.Int); !isInt {
			return decOf(i)
		}
	}
	return v
}

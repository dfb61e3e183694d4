package celdec

import (
	"sync"
	"sync/atomic"

	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"
)

// The engine records values as decimal.Decimal, and a decimal.Decimal holds
// its coefficient in a *big.Int: building one costs two allocations. The
// small values that make up most points and amounts (the integers from
// −smallMax to smallMax, and those with one or two digits after the point)
// are built once and shared.
//
// Sharing is safe because shopspring/decimal (v1.6.0, read in the module
// cache) never modifies the *big.Int of a Decimal it has returned: every
// operation that computes in place (Add, Sub, Round, RoundBank, DivRound,
// Sum, Pow, …) does so on a big.Int it has just allocated (rescale copies
// even when the exponent is unchanged), Abs and Shift return the same
// pointer only to read it, QuoRem reads its operands through shallow
// copies, and Coefficient and BigInt return copies. The decoders
// (UnmarshalJSON, Scan, UnmarshalBinary, …) assign a new big.Int to the
// Decimal they decode into rather than modify the old one. A host cannot
// reach the big.Int otherwise. big.Int is safe for concurrent reads.

// smallMax bounds the coefficients of the cached decimals.
const smallMax = 1000

// smallExps is the number of cached exponents: 0, −1, … −(smallExps−1).
const smallExps = 3

// small is one cached value: as a decimal.Decimal, and as a CEL value (an
// interface holding a Decimal costs an allocation too).
type small struct {
	dec decimal.Decimal
	val ref.Val
}

// smallCache is the cache: for exponent −i and coefficient c,
// [i][c+smallMax] is decimal.New(c, −i).
type smallCache [smallExps][2*smallMax + 1]small

// smallLoaded is the cache once built (nil before).
var smallLoaded atomic.Pointer[smallCache]

// smallTable returns the cache, built on first use. The atomic load is
// inlined where the cache is read: sync.OnceValue's closure call cost
// about 1% of an evaluation (tingnan, totals only).
func smallTable() *smallCache {
	if t := smallLoaded.Load(); t != nil {
		return t
	}
	return buildSmallTable()
}

// buildSmallTable builds the cache once. The three exponents of one
// coefficient share its big.Int (Shift does).
var buildSmallTable = sync.OnceValue(func() *smallCache {
	t := new(smallCache)
	for c := -smallMax; c <= smallMax; c++ {
		base := decimal.New(int64(c), 0)
		for i := range smallExps {
			t[i][c+smallMax] = small{dec: base.Shift(-int32(i)), val: Decimal{c: int64(c), e: -int32(i)}}
		}
	}
	smallLoaded.Store(t)
	return t
})

// cached returns the cache entry of c·10^e, if it has one.
func cached(c int64, e int32) (*small, bool) {
	if c >= -smallMax && c <= smallMax && e <= 0 && e > -smallExps {
		return &smallTable()[-e][c+smallMax], true
	}
	return nil, false
}

// smallDecimal returns decimal.New(c, e), from the cache when it is there.
func smallDecimal(c int64, e int32) decimal.Decimal {
	if s, ok := cached(c, e); ok {
		return s.dec
	}
	return decimal.New(c, e)
}

// Val returns d as a CEL value, from the cache when it is there.
func Val(d Decimal) ref.Val {
	if d.x == nil {
		if s, ok := cached(d.c, d.e); ok {
			return s.val
		}
	}
	return d
}

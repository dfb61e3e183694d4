package engine

import (
	"slices"
	"strings"

	"github.com/branchscore/branchscore/evidence"
)

// Scores holds many scores compactly, for Rank: a batch of a million
// subjects keeps a million of them. Each score is a row of a few columns:
// the subject's id and name, one number for what repeats among subjects
// (kind, category, period, tier, whether it is assessed), one for its
// total (equal totals are stored once) and one for the rare rest (vetoes,
// tie-break keys, carries, deductions, split points), which only the
// scores that have it store. A row takes about 44 bytes besides the
// subject's id and name, where a Score takes 232.
//
// The zero value is empty and ready to use. A Scores is not safe for
// concurrent use while it is added to; once filled, reading it is.
type Scores struct {
	ids, names []string
	class      []uint32 // index into classes
	tot        []uint32 // index into totals
	more       []int32  // index into extra; −1: none

	classes []scoreClass
	classOf map[scoreClass]uint32
	totals  []Points
	totalOf map[fixedKey]uint32
	extra   []scoreExtra
	strs    map[string]string // the rest's strings, shared
}

// scoreClass is what many scores have in common.
type scoreClass struct {
	kind, category, period, tier string
	notAssessed                  bool
}

// scoreExtra is the rest of a score, which most scores do not have.
type scoreExtra struct {
	vetoes, pending, deducted []string
	keys                      []Points
	carry                     *Points
	splits                    map[string]Points
}

// ScoresOf returns scores as Scores, in their order.
func ScoresOf(scores []Score) *Scores {
	sc := &Scores{}
	sc.grow(len(scores))
	for i := range scores {
		sc.Add(scores[i])
	}
	return sc
}

func (sc *Scores) grow(n int) {
	sc.ids = slices.Grow(sc.ids, n)
	sc.names = slices.Grow(sc.names, n)
	sc.class = slices.Grow(sc.class, n)
	sc.tot = slices.Grow(sc.tot, n)
	sc.more = slices.Grow(sc.more, n)
}

// Len returns the number of scores.
func (sc *Scores) Len() int { return len(sc.ids) }

// Add appends a score. Its strings and numbers are kept, not copied: a
// score's slices and map must not be changed after.
func (sc *Scores) Add(sum Score) {
	if sc.classOf == nil {
		sc.classOf = map[scoreClass]uint32{}
		sc.totalOf = map[fixedKey]uint32{}
		sc.strs = map[string]string{}
	}
	c := scoreClass{sum.Subject.Kind, sum.Subject.Category, sum.Period, sum.Tier, sum.NotAssessed}
	ci, ok := sc.classOf[c]
	if !ok {
		ci = uint32(len(sc.classes))
		sc.classes = append(sc.classes, c)
		if len(sc.classOf) < maxInterned {
			sc.classOf[c] = ci
		}
	}
	sc.ids = append(sc.ids, sum.Subject.ID)
	sc.names = append(sc.names, sum.Subject.Name)
	sc.class = append(sc.class, ci)
	sc.tot = append(sc.tot, sc.total(sum.Total))
	more := int32(-1)
	if len(sum.Vetoes) > 0 || len(sum.Pending) > 0 || len(sum.Deducted) > 0 || len(sum.Keys) > 0 || sum.Carry != nil || len(sum.Splits) > 0 {
		more = int32(len(sc.extra))
		sc.extra = append(sc.extra, scoreExtra{vetoes: sc.strList(sum.Vetoes), pending: sc.strList(sum.Pending),
			deducted: sc.strList(sum.Deducted), keys: sum.Keys, carry: sum.Carry, splits: sum.Splits})
	}
	sc.more = append(sc.more, more)
}

// total returns the index of p among the totals, added when new; equal
// totals (same coefficient and exponent) that fit 64 bits share one.
func (sc *Scores) total(p Points) uint32 {
	fits := p.x == nil // compact: at most 18 digits
	var k fixedKey
	if fits {
		k = fixedKey{p.c, p.e}
		if t, ok := sc.totalOf[k]; ok {
			return t
		}
	}
	t := uint32(len(sc.totals))
	sc.totals = append(sc.totals, p)
	if fits && len(sc.totalOf) < 1<<20 {
		sc.totalOf[k] = t
	}
	return t
}

func (sc *Scores) str(s string) string {
	if t, ok := sc.strs[s]; ok {
		return t
	}
	if len(sc.strs) < maxInterned {
		sc.strs[s] = s
	}
	return s
}

func (sc *Scores) strList(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = sc.str(s)
	}
	return out
}

// At returns the i-th score. Its slices and map are shared with sc: do
// not change them.
func (sc *Scores) At(i int) Score {
	c := &sc.classes[sc.class[i]]
	sum := Score{Subject: sc.subject(i), Period: c.period, Total: sc.totals[sc.tot[i]], Tier: c.tier, NotAssessed: c.notAssessed}
	if x := sc.extraOf(i); x != nil {
		sum.Vetoes, sum.Pending, sum.Deducted, sum.Keys, sum.Carry, sum.Splits = x.vetoes, x.pending, x.deducted, x.keys, x.carry, x.splits
	}
	return sum
}

// Slice returns every score, in order: 232 bytes each, for a host that
// wants them as values.
func (sc *Scores) Slice() []Score {
	out := make([]Score, sc.Len())
	for i := range out {
		out[i] = sc.At(i)
	}
	return out
}

func (sc *Scores) subject(i int) evidence.Subject {
	c := &sc.classes[sc.class[i]]
	return evidence.Subject{ID: sc.ids[i], Name: sc.names[i], Kind: c.kind, Category: c.category}
}

func (sc *Scores) period(i int) string   { return sc.classes[sc.class[i]].period }
func (sc *Scores) category(i int) string { return sc.classes[sc.class[i]].category }
func (sc *Scores) tier(i int) string     { return sc.classes[sc.class[i]].tier }
func (sc *Scores) assessed(i int) bool   { return !sc.classes[sc.class[i]].notAssessed }
func (sc *Scores) totalAt(i int) Points  { return sc.totals[sc.tot[i]] }

func (sc *Scores) extraOf(i int) *scoreExtra {
	if m := sc.more[i]; m >= 0 {
		return &sc.extra[m]
	}
	return nil
}

func (sc *Scores) keysAt(i int) []Points {
	if x := sc.extraOf(i); x != nil {
		return x.keys
	}
	return nil
}

// sortByID sorts the rows by subject id, then period, keeping the order
// of equal rows.
func (sc *Scores) sortByID() {
	n := sc.Len()
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int {
		if c := strings.Compare(sc.ids[a], sc.ids[b]); c != 0 {
			return c
		}
		return strings.Compare(sc.period(int(a)), sc.period(int(b)))
	})
	sc.ids = permuted(sc.ids, perm)
	sc.names = permuted(sc.names, perm)
	sc.class = permuted(sc.class, perm)
	sc.tot = permuted(sc.tot, perm)
	sc.more = permuted(sc.more, perm)
}

func permuted[T any](col []T, perm []int32) []T {
	out := make([]T, len(col))
	for i, p := range perm {
		out[i] = col[p]
	}
	return out
}

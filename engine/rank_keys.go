package engine

import (
	"math"
	"slices"
	"strings"

	"github.com/branchscore/branchscore/internal/msg"
)

// Ranking a million subjects sorts once, on compact keys: a cohort number,
// the total as an exact fixed-point integer, and an index into the
// summaries. Comparing two int64s replaces comparing two big.Ints, and a
// 16-byte key moves where a 300-byte Entry would. A column of decimals
// that does not fit (a value of more than 18 digits at the column's
// finest scale) is compared as decimals instead: exact either way.

// rankKey is one summary ranked: its cohort's number (cohorts numbered in
// the order of their names), its total in fixed point when the column
// fits, and its index in the summaries.
type rankKey struct {
	total  int64
	cohort int32
	i      int32
}

// rankSort holds what ranking order needs beyond the keys: the columns
// that did not fit in fixed point, the tie-break columns, and whether the
// summaries came sorted by subject id (as Batch returns them), so that
// their index breaks ties as the id would.
type rankSort struct {
	sums     *Scores
	asc      bool
	fixed    bool      // totals in rankKey.total
	keys     [][]int64 // tie-break columns in fixed point, by summary index; nil: compare decimals
	nkeys    int       // tie-break keys every summary has; -1: they differ, compare decimals
	idSorted bool
	idRank   []int32 // a summary's place in subject id order, when they did not come so
}

// fixedColumn returns the values get gives for the indices in, as
// integers at the finest scale among them, or false when one does not
// fit an int64 at that scale.
func fixedColumn(in []rankKey, get func(i int32) Points, out func(k int, v int64)) bool {
	minExp := int32(math.MaxInt32)
	for _, k := range in {
		p := get(k.i)
		if p.x != nil {
			return false // more than 18 digits
		}
		if p.c != 0 {
			minExp = min(minExp, p.e)
		}
	}
	for n, k := range in {
		p := get(k.i)
		if p.c == 0 {
			out(n, 0)
			continue
		}
		shift := int64(p.e) - int64(minExp)
		if shift >= int64(len(pow10)) {
			return false
		}
		v, ok := scaleUp(p.c, int32(shift))
		if !ok || v < -maxCompact || v > maxCompact {
			return false
		}
		out(n, v)
	}
	return true
}

// cmpInt64 orders a before b (−1) when it is the higher.
func cmpDesc(a, b int64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// cmpPoints orders two keys by total and tie-break keys, the higher first
// (the lower when the ranking is ascending): 0 when they share a rank.
func (rs *rankSort) cmpPoints(a, b rankKey) int {
	var c int
	if rs.fixed {
		c = cmpDesc(a.total, b.total)
	} else {
		c = rs.sums.totalAt(int(b.i)).cmp(rs.sums.totalAt(int(a.i)))
	}
	if c == 0 && rs.nkeys != 0 {
		if rs.keys != nil {
			for _, col := range rs.keys {
				if c = cmpDesc(col[a.i], col[b.i]); c != 0 {
					break
				}
			}
		} else {
			ka, kb := rs.sums.keysAt(int(a.i)), rs.sums.keysAt(int(b.i))
			for k := 0; k < len(ka) && k < len(kb); k++ {
				if c = kb[k].cmp(ka[k]); c != 0 {
					break
				}
			}
		}
	}
	if rs.asc {
		c = -c
	}
	return c
}

// cmpID orders two keys by subject id.
func (rs *rankSort) cmpID(a, b rankKey) int {
	if rs.idSorted {
		return int(a.i - b.i)
	}
	return int(rs.idRank[a.i] - rs.idRank[b.i])
}

// checkSummaries reports, in the summaries' order, the first that is for
// another period or repeats a subject given before, as Rank always has;
// without a map: the indices are sorted by subject id (they usually come
// sorted), and the second and later of equal ids are marked. It returns
// the indices in subject id order, and whether they were given so.
func checkSummaries(sums *Scores, period string) ([]int32, bool, error) {
	if sums.Len() > math.MaxInt32 {
		return nil, false, msg.Errorf("%d summaries: at most %d can be ranked", sums.Len(), math.MaxInt32)
	}
	ids := sums.ids
	byID := make([]int32, len(ids))
	sorted := true
	for i := range byID {
		byID[i] = int32(i)
		if i > 0 && ids[i-1] > ids[i] {
			sorted = false
		}
	}
	if !sorted {
		slices.SortFunc(byID, func(a, b int32) int {
			if c := strings.Compare(ids[a], ids[b]); c != 0 {
				return c
			}
			return int(a - b)
		})
	}
	var twice []bool
	for k := 1; k < len(byID); k++ {
		if ids[byID[k]] == ids[byID[k-1]] {
			if twice == nil {
				twice = make([]bool, len(ids))
			}
			twice[byID[k]] = true
		}
	}
	for i := range ids {
		if p := sums.period(i); p != period {
			return nil, false, msg.Errorf("subject %s: summary for period %s in the ranking of %s", ids[i], p, period)
		}
		if twice != nil && twice[i] {
			return nil, false, msg.Errorf("subject %s: ranked twice in %s", ids[i], period)
		}
	}
	// With no id repeated, sorted means strictly increasing: the index
	// orders as the id does.
	return byID, sorted, nil
}

// hasSummary reports whether a subject has a summary, by binary search
// of the indices in id order.
func hasSummary(sums *Scores, byID []int32, id string) bool {
	_, ok := slices.BinarySearchFunc(byID, id, func(i int32, id string) int { return strings.Compare(sums.ids[i], id) })
	return ok
}

// rankOrder returns the keys of the summaries assessed, sorted in the
// ranking's order: by cohort, then by total and tie-break keys, then by
// subject id.
func rankOrder(sums *Scores, asc, byCategory bool, byID []int32, idSorted bool) ([]rankKey, *rankSort, []string) {
	n := 0
	for i := range sums.Len() {
		if sums.assessed(i) {
			n++
		}
	}
	keys := make([]rankKey, 0, n)
	for i := range sums.Len() {
		if sums.assessed(i) {
			keys = append(keys, rankKey{i: int32(i)})
		}
	}
	// Cohorts, numbered in the order of their names: a map per cohort, not
	// per subject.
	names := []string{""}
	if byCategory {
		num := map[string]int32{}
		for _, k := range keys {
			if c := sums.category(int(k.i)); num[c] == 0 {
				num[c] = 1
			}
		}
		names = make([]string, 0, len(num))
		for c := range num {
			names = append(names, c)
		}
		slices.Sort(names)
		for j, c := range names {
			num[c] = int32(j)
		}
		for j := range keys {
			keys[j].cohort = num[sums.category(int(keys[j].i))]
		}
	}
	rs := &rankSort{sums: sums, asc: asc, idSorted: idSorted}
	if !idSorted {
		rs.idRank = make([]int32, sums.Len())
		for r, i := range byID {
			rs.idRank[i] = int32(r)
		}
	}
	rs.fixed = fixedTotals(sums, keys)
	rs.nkeys = -1
	if len(keys) > 0 {
		rs.nkeys = len(sums.keysAt(int(keys[0].i)))
		for _, k := range keys {
			if len(sums.keysAt(int(k.i))) != rs.nkeys {
				rs.nkeys = -1
				break
			}
		}
	}
	if rs.nkeys > 0 {
		rs.keys = make([][]int64, rs.nkeys)
		for c := range rs.keys {
			col := make([]int64, sums.Len())
			if !fixedColumn(keys, func(i int32) Points { return sums.keysAt(int(i))[c] }, func(k int, v int64) { col[keys[k].i] = v }) {
				rs.keys = nil
				break
			}
			rs.keys[c] = col
		}
	}
	slices.SortFunc(keys, func(a, b rankKey) int {
		if a.cohort != b.cohort {
			return int(a.cohort - b.cohort)
		}
		if c := rs.cmpPoints(a, b); c != 0 {
			return c
		}
		return rs.cmpID(a, b)
	})
	return keys, rs, names
}

// inGroup returns the index in the entries of a subject among idx
// (every entry, or one cohort's), or −1; found by binary search of the
// summaries in id order rather than a map.
func (a *awarder) inGroup(idx []*Entry, id string) int {
	k, ok := slices.BinarySearchFunc(a.byID, id, func(i int32, id string) int { return strings.Compare(a.scores.ids[i], id) })
	if !ok {
		return -1
	}
	j := int(a.entryOf[a.byID[k]])
	if j < 0 || len(idx) == len(a.rk.Entries) || (len(idx) > 0 && a.rk.Entries[j].Cohort == idx[0].Cohort) {
		return j
	}
	return -1
}

// counted returns the entries of idx a title must look at, in idx's
// order: when the bar is at least 1, only subjects counted at or above
// it (found from the counts, usually a few), else all of idx.
func (a *awarder) counted(idx []*Entry, counts map[string]int, bar int) []*Entry {
	if bar < 1 || len(counts) >= len(idx) {
		return idx
	}
	type at struct{ pos, j int32 }
	var found []at
	for id, c := range counts {
		if c < bar {
			continue
		}
		if j := a.inGroup(idx, id); j >= 0 {
			pos := int32(j) // a cohort's entries are in its order
			if len(idx) == len(a.rk.Entries) && a.allPos != nil {
				pos = a.allPos[j]
			}
			found = append(found, at{pos, int32(j)})
		}
	}
	slices.SortFunc(found, func(x, y at) int { return int(x.pos - y.pos) })
	out := make([]*Entry, len(found))
	for i, f := range found {
		out[i] = &a.rk.Entries[f.j]
	}
	return out
}

// fixedTotals sets the keys' totals in fixed point, as fixedColumn
// would, working on each distinct total once (a batch has a few
// thousand among a million scores), or reports that one does not fit.
func fixedTotals(sums *Scores, keys []rankKey) bool {
	// The distinct totals the keys use, as keys of their own: the index
	// is the total's in the table.
	used := make([]bool, len(sums.totals))
	var distinct []rankKey
	for _, k := range keys {
		if t := sums.tot[k.i]; !used[t] {
			used[t] = true
			distinct = append(distinct, rankKey{i: int32(t)})
		}
	}
	fixed := make([]int64, len(sums.totals))
	if !fixedColumn(distinct, func(t int32) Points { return sums.totals[t] }, func(n int, v int64) { fixed[distinct[n].i] = v }) {
		return false
	}
	for j := range keys {
		keys[j].total = fixed[sums.tot[keys[j].i]]
	}
	return true
}

package engine

// What a batch keeps per subject is kept small: a million subjects hold a
// million scores, so each string and number they share with others is
// stored once.

// seenItems remembers the subject and period of every item of a batch,
// and the index of the first item given for each, to refuse a second.
// The period (one or a few in a batch) is stored as a number, so an entry
// is the subject id's header, the number and the index.
type seenItems struct {
	periods map[string]int32
	first   map[seenKey]int
}

type seenKey struct {
	subject string
	period  int32
}

func newSeenItems() *seenItems {
	return &seenItems{periods: map[string]int32{}, first: map[seenKey]int{}}
}

// add records an item, or returns the index of the first item for the
// same subject and period.
func (s *seenItems) add(subject, period string, index int) (int, bool) {
	p, ok := s.periods[period]
	if !ok {
		p = int32(len(s.periods))
		s.periods[period] = p
	}
	k := seenKey{subject, p}
	if first, dup := s.first[k]; dup {
		return first, true
	}
	s.first[k] = index
	return 0, false
}

// interner shares, among the scores of a batch, the strings that
// repeat (periods, kinds, categories, tiers, veto ids). Totals need no
// sharing: Points of at most 18 digits hold no pointer.
type interner struct {
	strs map[string]string
}

// maxInterned bounds the values each table holds: beyond it a batch of
// all-distinct values keeps its own, as before, rather than a table.
const maxInterned = 1 << 16

func newInterner() *interner {
	return &interner{strs: map[string]string{}}
}

func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := in.strs[s]; ok {
		return t
	}
	if len(in.strs) < maxInterned {
		in.strs[s] = s
	}
	return s
}

func (in *interner) strList(l []string) []string {
	for i, s := range l {
		l[i] = in.str(s)
	}
	return l
}

// score returns sum with its repeated strings and numbers shared.
func (in *interner) score(sum Score) Score {
	sum.Period = in.str(sum.Period)
	sum.Subject.Kind = in.str(sum.Subject.Kind)
	sum.Subject.Category = in.str(sum.Subject.Category)
	sum.Tier = in.str(sum.Tier)
	sum.Vetoes = in.strList(sum.Vetoes)
	sum.Pending = in.strList(sum.Pending)
	sum.Deducted = in.strList(sum.Deducted)
	return sum
}

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

// fixedKey is a decimal that fits 64 bits: its coefficient and exponent.
type fixedKey struct {
	coef int64
	exp  int32
}

// maxInterned bounds the values each table holds: beyond it a batch of
// all-distinct values keeps its own, as before, rather than a table.
const maxInterned = 1 << 16

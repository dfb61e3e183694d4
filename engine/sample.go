package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sort"

	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Draw is a reproducible random choice of subjects for a re-check.
//
// The draw is a function of the recorded seed and the subject ids only:
// each id's key is the SHA-256, in lower-case hex, of the seed, a newline
// and the id (in a shell: printf '%s\n%s' "$SEED" "$ID" | sha256sum); the
// ids are sorted by key (then by id) and the first Count are chosen.
// Count is share × the number of subjects, rounded as the scheme's
// sampling declares (ceil by default). Anyone can recompute a draw from
// the seed and the list of ids, without Go.
type Draw struct {
	Seed   string            `json:"seed"`
	Share  Points            `json:"share"`
	Of     int               `json:"of"`
	Count  int               `json:"count"`
	Chosen []string          `json:"chosen"` // in draw order
	Keys   map[string]string `json:"keys"`   // every subject's key
}

// ErrNoSampling is returned by Sample for a scheme that declares no draw.
var ErrNoSampling = errors.New("the scheme declares no sampling")

// Sample draws the scheme's share of subjects (ids; duplicates count once)
// with the given seed. Record the seed beside the result: it is what makes
// the draw checkable. An empty seed is an error.
func Sample(s *scheme.Scheme, seed string, ids []string) (*Draw, error) {
	sm := s.Sampling()
	if sm == nil {
		return nil, ErrNoSampling
	}
	if seed == "" {
		return nil, errors.New("sampling needs a seed, recorded with the draw")
	}
	share, _ := s.Const(sm.Share)
	uniq := map[string]bool{}
	d := &Draw{Seed: seed, Share: NewPoints(share), Keys: map[string]string{}, Chosen: []string{}}
	var list []string
	for _, id := range ids {
		if !uniq[id] {
			uniq[id] = true
			list = append(list, id)
			h := sha256.Sum256([]byte(seed + "\n" + id))
			d.Keys[id] = hex.EncodeToString(h[:])
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := d.Keys[list[i]], d.Keys[list[j]]
		if a != b {
			return a < b
		}
		return list[i] < list[j]
	})
	d.Of = len(list)
	// The count is rounded from the exact share: 1/3 of 3 is 1, never
	// ceil(0.3333 × 3) computed from the recorded share.
	exact, _ := s.ConstExact(sm.Share)
	of, err := exact.Mul(scheme.ExactOf(decimal.NewFromInt(int64(len(list)))))
	if err != nil {
		return nil, err
	}
	n := of.Round(0, sm.Rounding).IntPart()
	d.Count = int(min(n, int64(len(list))))
	d.Chosen = append(d.Chosen, list[:d.Count]...)
	return d, nil
}

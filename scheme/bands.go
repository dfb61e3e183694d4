package scheme

import (
	"sort"
)

// point is a band edge: an exact value, or an infinity (inf -1 or +1).
type point struct {
	inf int
	v   Exact
}

func (p point) cmp(q point) int {
	if p.inf != q.inf {
		if p.inf < q.inf {
			return -1
		}
		return 1
	}
	if p.inf != 0 {
		return 0
	}
	return p.v.Cmp(q.v)
}

func (p point) String() string {
	switch p.inf {
	case -1:
		return "-inf"
	case 1:
		return "+inf"
	}
	return p.v.String()
}

// span is an interval with constant bounds.
type span struct {
	lo, hi         point
	loIncl, hiIncl bool
	band           *Band
}

func (s span) String() string {
	l, r := "(", ")"
	if s.loIncl {
		l = "["
	}
	if s.hiIncl {
		r = "]"
	}
	return l + s.lo.String() + ", " + s.hi.String() + r
}

func (s span) empty() bool {
	c := s.lo.cmp(s.hi)
	return c > 0 || (c == 0 && !(s.loIncl && s.hiIncl))
}

// constSpan folds an interval; ok is false if a bound is not constant.
func constSpan(s *Scheme, iv Interval) (span, bool) {
	sp := span{lo: point{inf: -1}, hi: point{inf: 1}, loIncl: iv.LoIncl, hiIncl: iv.HiIncl}
	if iv.Lo != nil {
		v, ok := s.ConstExact(iv.Lo)
		if !ok {
			return sp, false
		}
		sp.lo = point{v: v}
	}
	if iv.Hi != nil {
		v, ok := s.ConstExact(iv.Hi)
		if !ok {
			return sp, false
		}
		sp.hi = point{v: v}
	}
	return sp, true
}

// checkBands reports empty bands, overlaps and gaps over the measure's
// domain, with the exact interval, and bands that break a declared
// monotonicity.
func checkBands(s *Scheme, ind *Indicator) Diagnostics {
	var diags Diagnostics
	what := "indicator " + ind.ID
	domain, ok := constSpan(s, ind.Domain)
	if !ok {
		return nil
	}
	if domain.empty() {
		diags.add(ind.Pos, "%s: domain %s is empty", what, domain)
		return diags
	}
	var spans []span
	for i := range ind.Bands {
		b := &ind.Bands[i]
		sp, ok := constSpan(s, b.Range)
		if !ok {
			return diags
		}
		sp.band = b
		if sp.empty() {
			diags.add(b.Pos, "%s: band %s is empty", what, sp)
			continue
		}
		spans = append(spans, sp)
	}
	sort.SliceStable(spans, func(i, j int) bool {
		c := spans[i].lo.cmp(spans[j].lo)
		if c != 0 {
			return c < 0
		}
		return spans[i].loIncl && !spans[j].loIncl
	})

	// cur is how far the bands cover the domain; curIncl whether cur itself
	// is covered.
	cur, curIncl := domain.lo, !domain.loIncl
	var curBand *Band
	for _, sp := range spans {
		c := sp.lo.cmp(cur)
		switch {
		case c < 0 || (c == 0 && sp.loIncl && curIncl):
			// Overlap from sp.lo to min(cur, sp.hi).
			ov := span{lo: sp.lo, loIncl: sp.loIncl, hi: cur, hiIncl: curIncl}
			if sp.hi.cmp(cur) < 0 || (sp.hi.cmp(cur) == 0 && !sp.hiIncl) {
				ov.hi, ov.hiIncl = sp.hi, sp.hiIncl
			}
			if curBand != nil && ov.lo.cmp(domain.lo) >= 0 {
				diags.add(sp.band.Pos, "%s: bands %s and %s overlap on %s", what, curBand.Range.Text, sp.band.Range.Text, ov)
			}
		case c > 0 || (c == 0 && !sp.loIncl && !curIncl):
			gap := span{lo: cur, loIncl: !curIncl, hi: sp.lo, hiIncl: !sp.loIncl}
			if gap.lo.cmp(domain.hi) < 0 || (gap.lo.cmp(domain.hi) == 0 && gap.loIncl && domain.hiIncl) {
				if gap.hi.cmp(domain.hi) > 0 {
					gap.hi, gap.hiIncl = domain.hi, domain.hiIncl
				}
				diags.add(sp.band.Pos, "%s: the bands leave a gap on %s: no band covers it", what, gap)
			}
		}
		h := sp.hi.cmp(cur)
		if h > 0 || (h == 0 && sp.hiIncl && !curIncl) {
			cur, curIncl, curBand = sp.hi, sp.hiIncl, sp.band
		}
	}
	c := cur.cmp(domain.hi)
	if c < 0 || (c == 0 && !curIncl && domain.hiIncl) {
		gap := span{lo: cur, loIncl: !curIncl, hi: domain.hi, hiIncl: domain.hiIncl}
		if cur.inf == -1 {
			gap.loIncl = false
		}
		diags.add(ind.Pos, "%s: the bands leave a gap on %s: no band covers it", what, gap)
	}

	if ind.Monotone != "" {
		for i := 1; i < len(spans); i++ {
			a, ok1 := s.ConstExact(spans[i-1].band.Points)
			b, ok2 := s.ConstExact(spans[i].band.Points)
			if !ok1 || !ok2 {
				continue // points read evidence: nothing to check before it is read
			}
			if c := b.Cmp(a); (ind.Monotone == "increasing" && c < 0) || (ind.Monotone == "decreasing" && c > 0) {
				diags.add(spans[i].band.Pos, "%s: bands are declared %s, but %s earns %s after %s earns %s",
					what, ind.Monotone, spans[i].band.Range.Text, b, spans[i-1].band.Range.Text, a)
			}
		}
	}
	return diags
}

func (s span) contains(v Exact) bool {
	p := point{v: v}
	lo, hi := s.lo.cmp(p), p.cmp(s.hi)
	return (lo < 0 || (lo == 0 && s.loIncl)) && (hi < 0 || (hi == 0 && s.hiIncl))
}

// band returns the band of ind that holds measure, under the parameters in
// force; ok is false when no band does (outside the declared domain) or a
// bound is not a constant. The measure is compared with the edges exactly:
// a quotient is never rounded first (−0.99996… is inside (−1, 1)).
func (s *Scheme) band(ind *Indicator, measure Exact) (*Band, bool) {
	for _, sp := range s.spans[ind] { // folded once per parameter set
		if sp.contains(measure) {
			return sp.band, true
		}
	}
	return nil, false
}

package engine

import (
	"errors"
	"fmt"
	"github.com/branchscore/branchscore/internal/msg"
	"slices"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Ledger carries awards across periods: who holds each rolling award and
// title, how many periods each subject has received each award, the
// current runs of consecutive periods, and carried balances. It is plain
// JSON: a host stores the ledger Rank returns and passes it to the next
// period's Rank. Replaying every period from the opening ledger yields the
// same ledger, byte for byte.
//
// An opening ledger, written by hand, brings counts from before the
// scheme (seed 000 counts banners since 2016): its Period is the period
// before the first one ranked.
type Ledger struct {
	Scheme string `json:"scheme"`
	Period string `json:"period"` // the last period applied
	// Holders maps a rolling award or title (AWARD, or AWARD/COHORT when
	// awarded per cohort) to the subject holding it.
	Holders map[string]string `json:"holders,omitempty"`
	// Counts maps an award to the number of periods each subject received it.
	Counts map[string]map[string]int `json:"counts,omitempty"`
	// Streaks maps an award to the periods in a row, up to Period, each
	// subject received it.
	Streaks map[string]map[string]int `json:"streaks,omitempty"`
	// Balances are the totals carried into the next period (Scheme.Carry).
	Balances map[string]Points `json:"balances,omitempty"`
	// Deducted maps an indicator with a repeated rule to the periods in a
	// row, up to Period, each subject lost points on it.
	Deducted map[string]map[string]int `json:"deducted,omitempty"`
	// History maps an award a mark counts to the periods, within the
	// mark's window, each subject received it.
	History map[string]map[string][]string `json:"history,omitempty"`
}

// ErrLedger is returned for a ledger that does not fit the period ranked.
var ErrLedger = errors.New("ledger does not fit")

// ErrLedgerDrops is returned by Rank when the ledger it would return drops
// a subject's carried balance: the subject would restart from the default
// next period, silently.
var ErrLedgerDrops = errors.New("the ledger would drop a subject's balance")

// check reports whether l can open period p of scheme s.
func (l *Ledger) check(s *scheme.Scheme, p evidence.Period) error {
	if l.Scheme != s.ID() {
		return msg.Errorf("%w: it is for scheme %q, not %q", ErrLedger, l.Scheme, s.ID())
	}
	lp, err := evidence.ParsePeriod(l.Period)
	if err != nil {
		return msg.Errorf("%w: period: %v", ErrLedger, err)
	}
	if want := p.Add(-1); lp != want {
		return msg.Errorf("%w: it closes %s, but ranking %s needs the ledger of %s", ErrLedger, lp, p, want)
	}
	return nil
}

func (l *Ledger) clone() *Ledger {
	out := &Ledger{Scheme: l.Scheme, Period: l.Period, Holders: map[string]string{},
		Counts: map[string]map[string]int{}, Streaks: map[string]map[string]int{}, Balances: map[string]Points{}}
	for k, v := range l.Holders {
		out.Holders[k] = v
	}
	for _, pair := range []struct{ from, to map[string]map[string]int }{{l.Counts, out.Counts}, {l.Streaks, out.Streaks}} {
		for k, m := range pair.from {
			c := make(map[string]int, len(m))
			for s, n := range m {
				c[s] = n
			}
			pair.to[k] = c
		}
	}
	for k, v := range l.Balances {
		out.Balances[k] = v
	}
	out.Deducted = map[string]map[string]int{}
	for k, m := range l.Deducted {
		c := make(map[string]int, len(m))
		for s, n := range m {
			c[s] = n
		}
		out.Deducted[k] = c
	}
	out.History = map[string]map[string][]string{}
	for k, m := range l.History {
		c := make(map[string][]string, len(m))
		for s, ps := range m {
			c[s] = append([]string(nil), ps...)
		}
		out.History[k] = c
	}
	return out
}

// Entry is one subject's place in a period's ranking. What few entries
// have (tie-break keys, vetoes, consequences, rolling awards held, a
// carry) is behind one pointer and read with methods, so that a ranking
// of a million subjects holds a million small entries. Its JSON is one
// flat object: those parts are keys beside rank and total ("keys",
// "vetoes", "pending", "consequences", "holds", "carry"), left out when
// empty.
type Entry struct {
	Rank      int              `json:"rank"` // within the cohort; equal totals and tie-break keys share a rank
	Shared    bool             `json:"shared,omitempty"`
	Cohort    string           `json:"cohort,omitempty"`
	Subject   evidence.Subject `json:"subject"`
	Total     Points           `json:"total"`
	Tier      string           `json:"tier"`
	QuotaFrom string           `json:"quota_from,omitempty"` // the tier reached, when a quota moved the subject down
	Awards    []string         `json:"awards,omitempty"`     // received this period

	more *entryMore
}

// AwardResult is an award decided for a period.
type AwardResult struct {
	ID     string           `json:"id"`
	Kind   scheme.AwardKind `json:"kind"`
	Cohort string           `json:"cohort,omitempty"`
	To     []string         `json:"to"`               // subjects receiving it this period, by id
	Holder string           `json:"holder,omitempty"` // rolling and title: who holds it after the period
	From   string           `json:"from,omitempty"`   // rolling and title: who held it before
	Note   string           `json:"note,omitempty"`   // why it did not move, when that needs saying
	Tied   []string         `json:"tied,omitempty"`   // rolling and title: the subjects tied for it, when a tie kept it from moving
}

// Ranking is a period's ranking with its awards and the ledger to keep.
type Ranking struct {
	Scheme  SchemeRef     `json:"scheme"`
	Period  string        `json:"period"`
	Entries []Entry       `json:"entries"` // by cohort, then rank, then subject id
	Awards  []AwardResult `json:"awards"`
	Ledger  *Ledger       `json:"ledger"`
	// Audit records how quotas were computed and applied and why awards
	// went to subjects outside the ranking's order or passed them by.
	Audit []Step `json:"audit,omitempty"`
}

// Rank ranks a period's scores, applies the tiers' quotas and decides
// the scheme's awards, starting from prev, the ledger of the period before
// (nil: nothing held, nothing counted). Ranks are shared by subjects with
// equal totals and equal tie-break keys (1, 1, 3). Rank does not change
// prev.
//
// scores must hold every subject scored in the period: one whose evaluation
// failed is missing from the ranking and from the ledger returned. For a
// scheme that carries a balance, Rank refuses (ErrLedgerDrops) to return a
// ledger without a subject prev carried a balance for; for the rest, a
// host must not store the ledger of a period in which a subject failed.
func Rank(s *scheme.Scheme, period string, scores []Score, prev *Ledger) (*Ranking, error) {
	return RankScores(s, period, ScoresOf(scores), prev)
}

// RankScores is Rank over scores kept compactly, as BatchScores returns
// them: the same ranking, without a Score per subject.
func RankScores(s *scheme.Scheme, period string, scores *Scores, prev *Ledger) (*Ranking, error) {
	p, err := evidence.ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	if p.Kind != s.PeriodKind() {
		return nil, msg.Errorf("period %s is a %s; scheme %s ranks %ss", period, p.Kind, s.ID(), s.PeriodKind())
	}
	if prev == nil {
		prev = &Ledger{Scheme: s.ID(), Period: p.Add(-1).String()}
	}
	if err := prev.check(s, p); err != nil {
		return nil, err
	}
	rk := &Ranking{Scheme: SchemeRef{ID: s.ID(), Version: s.Version(), Hash: s.Hash()}, Period: period, Awards: []AwardResult{}}
	byID, idSorted, err := checkSummaries(scores, period)
	if err != nil {
		return nil, err
	}
	// One sort, on compact keys; the entries are then made in their
	// places, in one allocation.
	asc := s.Ranking().Ascending
	keys, rs, cohortNames := rankOrder(scores, asc, s.Ranking().ByCategory, byID, idSorted)
	rk.Entries = make([]Entry, len(keys))
	mores := make([]entryMore, 0, len(scores.extra))
	start := 0 // where the cohort begins
	for j, k := range keys {
		e := &rk.Entries[j]
		*e = Entry{Cohort: cohortNames[k.cohort], Subject: scores.subject(int(k.i)), Total: scores.totalAt(int(k.i)), Tier: scores.tier(int(k.i))}
		if x := scores.extraOf(int(k.i)); x != nil {
			mores = append(mores, entryMore{x: x})
			e.more = &mores[len(mores)-1]
		}
		// Competition ranks (1, 1, 3) within the cohort.
		if j > 0 && keys[j-1].cohort != k.cohort {
			start = j
		}
		if j > start && rs.cmpPoints(keys[j-1], k) == 0 {
			e.Rank = rk.Entries[j-1].Rank
			e.Shared, rk.Entries[j-1].Shared = true, true
		} else {
			e.Rank = j - start + 1
		}
	}
	groups := cohorts(rk.Entries)
	for _, g := range groups {
		rk.applyQuotas(s, g)
	}
	setConsequences(s, rk.Entries)
	led := prev.clone()
	led.Period = period
	entryOf := make([]int32, scores.Len())
	for i := range entryOf {
		entryOf[i] = -1
	}
	for j, k := range keys {
		entryOf[k.i] = int32(j)
	}
	a := awarder{s: s, p: p, led: led, prev: prev, rk: rk, keys: keys, rs: rs, scores: scores, byID: byID, entryOf: entryOf}
	for i := range s.Awards() {
		a.decide(&s.Awards()[i], groups)
	}
	if c := s.Carry(); c != nil {
		// A balance carried in must be carried on: a subject in prev's
		// balances without a summary (it failed, or its evidence was left
		// out) is named, unless the year starts again anyway.
		if !(c.ResetYearly && p.FirstOfYear()) {
			var dropped []string
			for id := range prev.Balances {
				if !hasSummary(scores, byID, id) {
					dropped = append(dropped, id)
				}
			}
			if len(dropped) > 0 {
				sort.Strings(dropped)
				return nil, msg.Errorf("%w: %s carried a balance into %s but %s no summary; rank them, or remove them from the ledger of %s",
					ErrLedgerDrops, strings.Join(dropped, ", "), period, map[bool]string{true: "has", false: "have"}[len(dropped) == 1], prev.Period)
			}
		}
		led.Balances = map[string]Points{}
		for _, e := range rk.Entries {
			led.Balances[e.Subject.ID] = e.Total
			if c := e.Carry(); c != nil {
				led.Balances[e.Subject.ID] = *c
			}
		}
	}
	led.deductions(s, rk.Entries)
	led.tidy()
	rk.Ledger = led
	return rk, nil
}

// tidy drops empty maps, so that a ledger's JSON does not depend on
// which awards happened to be decided.
func (l *Ledger) tidy() {
	for _, m := range []map[string]map[string]int{l.Counts, l.Streaks, l.Deducted} {
		for k, v := range m {
			if len(v) == 0 {
				delete(m, k)
			}
		}
	}
	for k, v := range l.Holders {
		if v == "" {
			delete(l.Holders, k)
		}
	}
	for k, m := range l.History {
		for s, ps := range m {
			if len(ps) == 0 {
				delete(m, s)
			}
		}
		if len(m) == 0 {
			delete(l.History, k)
		}
	}
}

func entryConsequences(s *scheme.Scheme, e *Entry) []string {
	vs := make([]VetoResult, len(e.Vetoes()))
	for i, id := range e.Vetoes() {
		vs[i] = VetoResult{ID: id}
	}
	return consequences(s, e.Tier, vs)
}

// compareEntries orders a before b (−1) when it ranks higher.
func compareEntries(a, b *Entry, asc bool) int {
	c := b.Total.cmp(a.Total)
	if c == 0 {
		ak, bk := a.Keys(), b.Keys()
		for k := 0; k < len(ak) && k < len(bk); k++ {
			if c = bk[k].cmp(ak[k]); c != 0 {
				break
			}
		}
	}
	if asc {
		c = -c
	}
	return c
}

// permute puts es in the order idx gives (the new es[k] is the old
// es[idx[k]]) in place, one cycle at a time; idx is consumed.
func permute(es []Entry, idx []int) {
	for i := range idx {
		if idx[i] == i {
			continue
		}
		tmp := es[i]
		j := i
		for {
			next := idx[j]
			idx[j] = j
			if next == i {
				es[j] = tmp
				break
			}
			es[j] = es[next]
			j = next
		}
	}
}

// cohorts splits entries, sorted by cohort, into slices of one cohort.
func cohorts(es []Entry) [][]Entry {
	var out [][]Entry
	for i := 0; i < len(es); {
		j := i
		for j < len(es) && es[j].Cohort == es[i].Cohort {
			j++
		}
		out = append(out, es[i:j])
		i = j
	}
	return out
}

// quotaLimit is how many of n subjects a count or share admits; when an
// award gives both, the smaller.
func quotaLimit(s *scheme.Scheme, count, share *scheme.Expr, n int) int {
	if count != nil {
		v, _ := s.Const(count)
		c := int(v.IntPart())
		if share == nil {
			return c
		}
		return min(c, quotaLimit(s, nil, share, n)) // both given: the smaller holds
	}
	// Exactly: a share of 1/3 admits 1 of 3, not floor(0.3333 × 3) = 0.
	v, _ := s.ConstExact(share)
	x, err := v.Mul(scheme.ExactOf(decimal.NewFromInt(int64(n))))
	if err != nil { // a share within [0, 1] times a count cannot outgrow the bound
		return 0
	}
	return int(x.Floor().IntPart())
}

// cut returns how many of the ranked candidates (competition ranks, in
// order) fall within limit. Ranks ≤ limit take whole tie groups in; when
// ties are not included, a tie group that would pass limit is left out
// whole, so that limit is never exceeded.
func cut(ranks []int, limit int, include bool) int {
	n := 0
	for n < len(ranks) && ranks[n] <= limit {
		n++
	}
	for !include && n > limit {
		last := ranks[n-1]
		for n > 0 && ranks[n-1] == last {
			n--
		}
	}
	return n
}

// ranksOf gives entries, in ranking order, competition ranks among
// themselves (1, 1, 3).
func ranksOf(es []*Entry, asc bool) []int {
	r := make([]int, len(es))
	for i := range es {
		if i > 0 && compareEntries(es[i-1], es[i], asc) == 0 {
			r[i] = r[i-1]
		} else {
			r[i] = i + 1
		}
	}
	return r
}

type awarder struct {
	s    *scheme.Scheme
	p    evidence.Period
	led  *Ledger
	prev *Ledger
	rk   *Ranking

	keys    []rankKey  // the entries' sort keys, in their order
	rs      *rankSort  // how they compare
	scores  *Scores    // what was ranked
	byID    []int32    // the summaries' indices in subject id order
	entryOf []int32    // a summary's index in the entries, −1 when not assessed
	all     []*Entry   // every entry in one order, across cohorts: made once, shared by the awards
	allPos  []int32    // an entry's place in all, when there are cohorts
	each    [][]*Entry // each cohort's entries, made once, shared by the awards
}

func (a *awarder) holderKey(aw *scheme.Award, cohort string) string {
	if cohort == "" {
		return aw.ID
	}
	return aw.ID + "/" + cohort
}

func (a *awarder) decide(aw *scheme.Award, groups [][]Entry) {
	if aw.Every > 0 {
		if d := a.p.Seq() - aw.First.Seq(); d < 0 || d%aw.Every != 0 {
			return
		}
	}
	if aw.PerCohort {
		if a.each == nil {
			a.each = make([][]*Entry, len(groups))
			for k, g := range groups {
				idx := make([]*Entry, len(g))
				for i := range g {
					idx[i] = &g[i]
				}
				a.each[k] = idx
			}
		}
		for k, g := range groups {
			a.decideIn(aw, a.each[k], g[0].Cohort)
		}
		return
	}
	a.decideIn(aw, a.allInOrder(len(groups)), "")
}

// allInOrder returns every entry in the ranking's order across cohorts,
// made once: the entries themselves when there is one cohort, else
// their keys sorted again without the cohort.
func (a *awarder) allInOrder(cohorts int) []*Entry {
	if a.all != nil {
		return a.all
	}
	es := a.rk.Entries
	pos := make([]int32, len(es))
	for i := range pos {
		pos[i] = int32(i)
	}
	if cohorts > 1 {
		slices.SortFunc(pos, func(x, y int32) int {
			if c := a.rs.cmpPoints(a.keys[x], a.keys[y]); c != 0 {
				return c
			}
			return a.rs.cmpID(a.keys[x], a.keys[y])
		})
	}
	a.all = make([]*Entry, len(es))
	for i, p := range pos {
		a.all[i] = &es[p]
	}
	if cohorts > 1 {
		a.allPos = make([]int32, len(es))
		for i, p := range pos {
			a.allPos[p] = int32(i)
		}
	}
	return a.all
}

// decideIn decides aw among idx, in ranking order.
func (a *awarder) decideIn(aw *scheme.Award, idx []*Entry, cohort string) {
	res := AwardResult{ID: aw.ID, Kind: aw.Kind, Cohort: cohort, To: []string{}}
	switch aw.Kind {
	case scheme.Title:
		a.title(aw, idx, &res)
	case scheme.Mark:
		a.mark(aw, idx, &res)
	default:
		winners := a.selectFor(aw, idx)
		if aw.Kind == scheme.Rolling {
			key := a.holderKey(aw, cohort)
			holder := a.prev.Holders[key]
			res.From, res.Holder = holder, holder
			switch {
			case len(winners) == 1:
				res.To = []string{winners[0].Subject.ID}
				res.Holder = winners[0].Subject.ID
			case len(winners) > 1:
				res.Note = fmt.Sprintf("%d subjects tied for it: not handed on", len(winners))
				for _, e := range winners {
					res.Tied = append(res.Tied, e.Subject.ID)
				}
				sort.Strings(res.Tied)
				winners = nil
			default:
				res.Note = "no subject qualified: not handed on"
			}
			a.led.Holders[key] = res.Holder
		} else {
			for _, e := range winners {
				res.To = append(res.To, e.Subject.ID)
			}
		}
		for _, e := range winners {
			e.Awards = append(e.Awards, aw.ID)
		}
	}
	sort.Strings(res.To)
	a.count(aw, idx, res.To)
	a.history(aw, res.To)
	if res.Holder != "" {
		for _, e := range idx {
			if e.Subject.ID == res.Holder {
				e.addHold(aw.ID)
			}
		}
	}
	a.rk.Awards = append(a.rk.Awards, res)
}

// count updates the award's counts and streaks in the ledger.
func (a *awarder) count(aw *scheme.Award, idx []*Entry, to []string) {
	if aw.Kind == scheme.Title {
		return
	}
	counts := a.led.Counts[aw.ID]
	if counts == nil {
		counts = map[string]int{}
		a.led.Counts[aw.ID] = counts
	}
	streaks := a.led.Streaks[aw.ID]
	if streaks == nil {
		streaks = map[string]int{}
		a.led.Streaks[aw.ID] = streaks
	}
	got := map[string]bool{}
	for _, id := range to {
		got[id] = true
		counts[id]++
		streaks[id] = a.prev.Streaks[aw.ID][id] + 1
	}
	// A streak ends for every subject in this group that did not receive
	// it: asked of the streaks when they are fewer than the group.
	if len(streaks) < len(idx) {
		for id := range streaks {
			if !got[id] && a.inGroup(idx, id) >= 0 {
				delete(streaks, id)
			}
		}
		return
	}
	for _, e := range idx {
		if !got[e.Subject.ID] {
			delete(streaks, e.Subject.ID)
		}
	}
}

// eligible reports whether e may receive aw. While a veto awaits its
// decision, an award that its confirmation would bar (by the veto's
// consequences or those of the tier it forces) is withheld.
func (a *awarder) eligible(aw *scheme.Award, e *Entry) bool {
	barring := e.Consequences()
	for _, id := range e.Pending() {
		if v := a.s.Veto(id); v != nil {
			barring = append(append(barring[:len(barring):len(barring)], v.Consequences...), consequences(a.s, v.Tier, nil)...)
		}
	}
	for _, c := range barring {
		for _, b := range aw.BarredBy {
			if c == b {
				return false
			}
		}
	}
	if a.barred(aw, e) {
		return false
	}
	if len(aw.Tiers) > 0 {
		ok := false
		for _, t := range aw.Tiers {
			ok = ok || t == e.Tier
		}
		if !ok {
			return false
		}
	}
	if aw.Min != nil {
		if m, _ := a.s.ConstExact(aw.Min); m.CmpDecimal(e.Total.Decimal()) > 0 { // exactly: a min of 200/3 is above 66.6666
			return false
		}
	}
	if af := aw.After; af != nil && a.led.Streaks[af.Award][e.Subject.ID] < af.Times {
		return false
	}
	return !a.barredByAward(aw, e)
}

// selectFor returns the entries receiving a flag or rolling award, from the
// top or the bottom of idx.
func (a *awarder) selectFor(aw *scheme.Award, idx []*Entry) []*Entry {
	order := idx
	if aw.Bottom {
		order = make([]*Entry, len(idx))
		for i, e := range idx {
			order[len(idx)-1-i] = e
		}
	}
	limit := -1 // no count or share
	if aw.Count != nil || aw.Share != nil {
		limit = quotaLimit(a.s, aw.Count, aw.Share, len(idx))
	}
	asc := a.s.Ranking().Ascending
	// Every subject is asked (a bar is recorded in the audit), but the
	// candidates are kept only up to the first ranked past the limit:
	// the cut never reaches further.
	var cand []*Entry
	past := !ranked(aw)
	for _, e := range order {
		if !a.eligible(aw, e) || past {
			continue
		}
		if limit >= 0 && len(cand) >= limit && (len(cand) == 0 || compareEntries(cand[len(cand)-1], e, asc) != 0) {
			past = true
			continue
		}
		cand = append(cand, e)
	}
	if limit >= 0 {
		cand = cand[:cut(ranksOf(cand, asc), limit, !aw.ExcludeTies)]
	}
	return a.givenFor(aw, order, cand)
}

// title moves a cumulative title: to the subject with the most wins of the
// counted award once it reaches the count, and on to whoever exceeds the
// holder. A tie for the most hands it to nobody new.
func (a *awarder) title(aw *scheme.Award, idx []*Entry, res *AwardResult) {
	key := a.holderKey(aw, res.Cohort)
	holder := a.prev.Holders[key]
	res.From, res.Holder = holder, holder
	at, _ := a.s.Const(aw.At)
	counts := a.led.Counts[aw.Counts]
	bar := int(at.IntPart())
	if holder != "" {
		bar = max(bar, counts[holder]+1)
	}
	best, n := 0, 0
	var who *Entry
	var tied []string
	for _, e := range a.counted(idx, counts, bar) {
		c := counts[e.Subject.ID]
		if e.Subject.ID == holder || c < bar || !a.eligible(aw, e) {
			continue
		}
		switch {
		case c > best:
			best, n, who, tied = c, 1, e, []string{e.Subject.ID}
		case c == best:
			n++
			tied = append(tied, e.Subject.ID)
		}
	}
	switch {
	case n == 1:
		res.Holder = who.Subject.ID
		res.To = []string{who.Subject.ID}
		who.Awards = append(who.Awards, aw.ID)
	case n > 1:
		res.Note = fmt.Sprintf("%d subjects tied with %d: not handed on", n, best)
		sort.Strings(tied)
		res.Tied = tied
	}
	a.led.Holders[key] = res.Holder
}

package scheme

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// What a scheme says beyond one subject's score: assessor rounds, the
// balance carried between periods, ranking, awards, tier quotas and the
// re-check draw.

func (c *compiler) consequences(n *yaml.Node, what string, names []string) []string {
	for i, name := range names {
		at := n
		if n != nil && i < len(n.Content) {
			at = n.Content[i]
		}
		if !identPattern.MatchString(name) {
			c.errorf(at, "%s: consequence %q: use lower case letters, digits and '_', e.g. no_awards", what, name)
		}
	}
	return names
}

// tierExtras compiles what tiers carry besides their bounds; it runs after
// all tiers are known, so that a quota can name a lower tier.
func (c *compiler) tierExtras() {
	for i, rt := range c.raw.Tiers {
		if i >= len(c.s.tiers) {
			break
		}
		t := &c.s.tiers[i]
		what := "tier " + rt.ID
		t.Consequences = c.consequences(resolveValue(rt.At, "consequences"), what, rt.Consequences)
		q := rt.Quota
		if q == nil {
			continue
		}
		t.Quota = &Quota{
			Count: c.expr(q.Count, c.env, NumberResult, what+": quota.count"),
			Share: c.expr(q.Share, c.env, NumberResult, what+": quota.share"),
		}
		c.requireStatic(t.Quota.Count, what+": quota.count")
		c.requireStatic(t.Quota.Share, what+": quota.share")
		c.quotaPatterns(q, t.Quota, what)
		if (q.Count == nil) == (q.Share == nil) {
			c.errorf(q.At, "%s: a quota gives count or share, one of them", what)
		}
		switch q.Overflow {
		case "", "next":
			if i+1 >= len(c.raw.Tiers) {
				c.errorf(q.At, "%s: the last tier has no next tier for the subjects over its quota", what)
			} else {
				t.Quota.Overflow = c.raw.Tiers[i+1].ID
			}
		default:
			j := -1
			for k, o := range c.raw.Tiers {
				if o.ID == q.Overflow {
					j = k
				}
			}
			switch {
			case j < 0:
				c.errorf(resolveValue(q.At, "overflow"), "%s: quota.overflow: no tier %q%s", what, q.Overflow, didYouMean(q.Overflow, c.tierIDs()))
			case j <= i:
				c.errorf(resolveValue(q.At, "overflow"), "%s: quota.overflow %s must be a lower tier (listed after %s)", what, q.Overflow, rt.ID)
			default:
				t.Quota.Overflow = q.Overflow
			}
		}
	}
	for i, rv := range c.raw.Vetoes {
		if i < len(c.s.vetoes) {
			c.s.vetoes[i].Consequences = c.consequences(resolveValue(rv.At, "consequences"), "veto "+rv.ID, rv.Consequences)
		}
	}
}

func (c *compiler) rounds() {
	rr := c.raw.Rounds
	if rr == nil {
		return
	}
	r := &Rounds{OnTotal: rr.On == "total"}
	switch {
	case rr.Rounding != nil:
		r.Scale, r.Mode = int32(rr.Rounding.Scale), mustRounding(rr.Rounding.Mode)
		if rr.Rounding.Scale < 0 || rr.Rounding.Scale > 18 {
			c.errorf(resolveValue(rr.Rounding.At, "scale"), "rounds.rounding.scale %d: want 0 to 18", rr.Rounding.Scale)
		}
	case c.s.arith != nil:
		r.Scale, r.Mode = c.s.arith.Scale, c.s.arith.Rounding
	default:
		r.Scale = -1 // no mean possible
	}
	if len(rr.List) == 0 {
		c.errorf(resolveValue(rr.At, "list"), "rounds: declare at least one round")
	}
	names := make([]string, 0, len(rr.List))
	for _, x := range rr.List {
		names = append(names, x.Name)
	}
	for _, x := range rr.List {
		what := "round " + x.Name
		c.checkName(x.KeyAt, "round", x.Name)
		rd := Round{Name: x.Name, Label: c.label(x.Label), Combine: Combine(x.Combine), Trim: x.Trim, Min: x.Min,
			Missing: x.Missing, Pos: c.pos(x.KeyAt), Weight: c.expr(&x.Weight, c.env, NumberResult, what+": weight")}
		c.requireStatic(rd.Weight, what+": weight")
		if rd.Combine == "" {
			rd.Combine = Single
		}
		if rd.Combine == TrimmedMean {
			if x.Trim < 1 {
				c.errorf(keyNode(x.At, "combine"), "%s: trimmed_mean needs trim, the sheets dropped at each end (at least 1)", what)
			}
			if rd.Min == 0 {
				rd.Min = 2*x.Trim + 1
			} else if rd.Min < 2*x.Trim+1 {
				c.errorf(resolveValue(x.At, "min"), "%s: min %d leaves nothing after trimming %d at each end; want at least %d", what, rd.Min, x.Trim, 2*x.Trim+1)
			}
		} else if x.Trim != 0 {
			c.errorf(keyNode(x.At, "trim"), "%s: trim applies only to combine: trimmed_mean", what)
		}
		if rd.Min < 0 {
			c.errorf(resolveValue(x.At, "min"), "%s: min must not be negative", what)
		}
		if rd.Min == 0 {
			rd.Min = 1
		}
		c.roundSheets(x, &rd)
		if rd.Combine == Single && rd.Min > 1 {
			c.errorf(resolveValue(x.At, "min"), "%s: min %d needs a combine other than single", what, rd.Min)
		}
		if rd.Combine != Single && r.Scale < 0 {
			c.errorf(keyNode(x.At, "combine"), "%s: %s divides: give rounds.rounding (scale and mode) or the scheme's arithmetic", what, rd.Combine)
		}
		switch x.Missing {
		case "", "error":
			rd.Missing = "error"
		case "zero":
		case x.Name:
			c.errorf(resolveValue(x.At, "missing"), "%s: missing cannot name the round itself", what)
		default:
			if !contains(names, x.Missing) {
				c.errorf(resolveValue(x.At, "missing"), "%s: missing: want error, zero or a round name, got %q%s", what, x.Missing, didYouMean(x.Missing, names))
			}
		}
		r.List = append(r.List, rd)
	}
	for i, x := range r.List {
		if o := r.Round(x.Missing); o != nil && o.Missing != "error" && o.Missing != "zero" {
			c.errorf(resolveValue(rr.List[i].At, "missing"), "round %s stands in for %s but itself falls back on %s: fall back on a round that must be present", o.Name, x.Name, o.Missing)
		}
	}
	c.s.rounds = r
}

func mustRounding(s string) Rounding {
	m, _ := celdec.ParseRounding(s)
	return m
}

func (c *compiler) carry() {
	rc := c.raw.Carry
	if rc == nil {
		return
	}
	in := c.input(rc.Input)
	switch {
	case in == nil:
		c.errorf(resolveValue(rc.At, "input"), "carry: no input %q is declared%s", rc.Input, didYouMean(rc.Input, c.inputNames()))
	case in.Type != DecimalType && in.Type != IntType:
		c.errorf(resolveValue(rc.At, "input"), "carry: input %s is %s; a balance needs a decimal or int input", rc.Input, article(string(in.Type)))
	case in.Required:
		c.errorf(resolveValue(rc.At, "input"), "carry: input %s needs a default, the balance a subject starts from", rc.Input)
	}
	c.s.carry = &Carry{Input: rc.Input, ResetYearly: rc.Reset == "year"}
	c.carryPatterns(rc, c.s.carry)
}

func (c *compiler) ranking() {
	rr := c.raw.Ranking
	if rr == nil {
		return
	}
	c.s.ranking = Ranking{Ascending: rr.Order == "asc", ByCategory: rr.Cohort == "category"}
	list := resolveValue(rr.At, "tie_break")
	for i, id := range rr.TieBreak {
		at := list
		if list != nil && i < len(list.Content) {
			at = list.Content[i]
		}
		sec, ind := c.s.Section(id) != nil, c.s.Indicator(id) != nil
		switch {
		case sec && ind:
			c.errorf(at, "ranking.tie_break: %q names both a section and an indicator", id)
		case sec:
			c.s.ranking.TieBreak = append(c.s.ranking.TieBreak, TieKey{Section: id})
		case ind:
			c.s.ranking.TieBreak = append(c.s.ranking.TieBreak, TieKey{Indicator: id})
		default:
			var ids []string
			for _, s := range c.s.sections {
				ids = append(ids, s.ID)
			}
			ids = append(ids, c.s.indicatorIDs()...)
			c.errorf(at, "ranking.tie_break: no section or indicator %q%s", id, didYouMean(id, ids))
		}
	}
}

func (c *compiler) consequenceNames() []string {
	var out []string
	for _, t := range c.s.tiers {
		out = append(out, t.Consequences...)
	}
	for _, v := range c.s.vetoes {
		out = append(out, v.Consequences...)
	}
	return out
}

func (c *compiler) awards() {
	seen := map[string]AwardKind{}
	var ids, all []string
	for _, ra := range c.raw.Awards {
		all = append(all, ra.ID)
	}
	for _, ra := range c.raw.Awards {
		what := "award " + ra.ID
		if _, dup := seen[ra.ID]; dup {
			c.errorf(resolveValue(ra.At, "id"), "duplicate award %q", ra.ID)
		}
		if !idPattern.MatchString(ra.ID) {
			c.errorf(resolveValue(ra.At, "id"), "award id %q: use lower case letters, digits, '-' and '_', starting with a letter", ra.ID)
		}
		a := Award{ID: ra.ID, Label: c.label(ra.Label), Note: c.optLabel(ra.Note), Kind: AwardKind(ra.Kind),
			Bottom: ra.From == "bottom", Tiers: ra.Tiers, BarredBy: ra.BarredBy, Counts: ra.Counts,
			Every: ra.Every, PerCohort: ra.Cohorts, Pos: c.pos(ra.At),
			Count: c.expr(ra.Count, c.env, NumberResult, what+": count"),
			Share: c.expr(ra.Share, c.env, NumberResult, what+": share"),
			Min:   c.expr(ra.Min, c.env, NumberResult, what+": min"),
			At:    c.expr(ra.AtCount, c.env, NumberResult, what+": at")}
		if a.Kind == "" {
			a.Kind = Flag
		}
		for _, x := range []struct {
			e    *Expr
			name string
		}{{a.Count, "count"}, {a.Share, "share"}, {a.Min, "min"}, {a.At, "at"}} {
			c.requireStatic(x.e, what+": "+x.name)
		}
		a.ExcludeTies = ra.Ties == "exclude" || (ra.Ties == "" && a.Share != nil)
		for i, t := range ra.Tiers {
			if !contains(c.tierIDs(), t) {
				c.errorf(listItem(ra.At, "tiers", i), "%s: no tier %q%s", what, t, didYouMean(t, c.tierIDs()))
			}
		}
		for i, name := range ra.BarredBy {
			isAward, isConseq := contains(ids, name), contains(c.consequenceNames(), name)
			switch {
			case isAward && isConseq:
				c.errorf(listItem(ra.At, "barred_by", i), "%s: barred_by: %q names both an award and a consequence; rename one", what, name)
			case contains(all, name) && !isAward:
				c.errorf(listItem(ra.At, "barred_by", i), "%s: barred_by: award %s is decided after this one; list it before", what, name)
			case !isAward && !isConseq:
				c.errorf(listItem(ra.At, "barred_by", i), "%s: no tier or veto has the consequence %q, and no award is so named%s", what, name, didYouMean(name, append(c.consequenceNames(), ids...)))
			}
		}
		c.awardPatterns(&ra, &a, ids, all)
		selects := a.Count != nil || a.Share != nil || len(a.Tiers) > 0 || a.Min != nil || ra.After != nil || len(a.GivenFor) > 0
		switch a.Kind {
		case Mark:
			if ra.Counts == "" || ra.AtCount == nil {
				c.errorf(ra.At, "%s: a mark needs counts (the award whose wins are counted) and at (the count that earns it)", what)
			} else if k, ok := seen[ra.Counts]; !ok {
				c.errorf(resolveValue(ra.At, "counts"), "%s: counts: no award %q declared before it%s", what, ra.Counts, didYouMean(ra.Counts, ids))
			} else if k == Title || k == Mark {
				c.errorf(resolveValue(ra.At, "counts"), "%s: counts: %s is a %s; count a flag or a rolling award", what, ra.Counts, k)
			}
			if selects || ra.From != "" {
				c.errorf(ra.At, "%s: a mark is earned by its count; count, share, tiers, min, from, after and given_for do not apply", what)
			}
		case Title:
			if ra.Counts == "" || ra.AtCount == nil {
				c.errorf(ra.At, "%s: a title needs counts (the award whose wins are counted) and at (the count that earns it)", what)
			} else if k, ok := seen[ra.Counts]; !ok {
				c.errorf(resolveValue(ra.At, "counts"), "%s: counts: no award %q declared before it%s", what, ra.Counts, didYouMean(ra.Counts, ids))
			} else if k == Title {
				c.errorf(resolveValue(ra.At, "counts"), "%s: counts: %s is a title; count a flag or a rolling award", what, ra.Counts)
			}
			if selects || ra.From != "" {
				c.errorf(ra.At, "%s: a title is earned by its count; count, share, tiers, min, from and after do not apply", what)
			}
		default:
			if ra.Counts != "" || ra.AtCount != nil {
				c.errorf(keyNode(ra.At, "counts"), "%s: counts and at apply only to kinds title and mark", what)
			}
			if !selects {
				c.errorf(ra.At, "%s: say who receives it: count, share, tiers, min or after", what)
			}
		}
		if a.Kind == Rolling && a.Count == nil && a.Share == nil {
			c.errorf(ra.At, "%s: a rolling award goes to one subject: give count: 1", what)
		}
		if af := ra.After; af != nil {
			a.After = &After{Award: af.Award, Times: af.Times}
			if _, ok := seen[af.Award]; !ok {
				c.errorf(resolveValue(af.At, "award"), "%s: after: no award %q declared before it%s", what, af.Award, didYouMean(af.Award, ids))
			}
			if af.Times < 1 {
				c.errorf(resolveValue(af.At, "times"), "%s: after.times must be at least 1", what)
			}
		}
		if ra.Every < 0 || (ra.Every > 0) != (ra.First != "") {
			c.errorf(keyNode(ra.At, "every"), "%s: every (a positive number of periods) and first (the first period given) go together", what)
		}
		if ra.First != "" {
			p, err := evidence.ParsePeriod(ra.First)
			switch {
			case err != nil:
				c.errorf(resolveValue(ra.At, "first"), "%s: first: %v", what, err)
			case p.Kind != c.s.period:
				c.errorf(resolveValue(ra.At, "first"), "%s: first %q is a %s, but the scheme's period is %s", what, ra.First, p.Kind, c.s.period)
			default:
				a.First = p
			}
		}
		if a.PerCohort && !c.s.ranking.ByCategory {
			c.errorf(keyNode(ra.At, "per_cohort"), "%s: per_cohort needs ranking.cohort: category", what)
		}
		seen[ra.ID] = a.Kind
		ids = append(ids, ra.ID)
		c.s.awards = append(c.s.awards, a)
	}
}

// listItem returns the node of item i of the list under key in n.
func listItem(n *yaml.Node, key string, i int) *yaml.Node {
	l := resolveValue(n, key)
	if l != nil && l.Kind == yaml.SequenceNode && i < len(l.Content) {
		return l.Content[i]
	}
	return l
}

func (c *compiler) sampling() {
	rs := c.raw.Sampling
	if rs == nil {
		return
	}
	s := &Sampling{Share: c.expr(&rs.Share, c.env, NumberResult, "sampling: share"), Rounding: Ceil, Label: c.optLabel(rs.Label)}
	c.requireStatic(s.Share, "sampling: share")
	if rs.Rounding != "" {
		s.Rounding = mustRounding(rs.Rounding)
	}
	c.s.sampling = s
}

// checkPeriods checks what depends on folded constants beyond one
// subject's score.
func checkPeriods(s *Scheme) Diagnostics {
	var diags Diagnostics
	one := decimal.NewFromInt(1)
	share := func(what string, e *Expr) {
		if v, ok := s.Const(e); ok && (v.IsNegative() || v.GreaterThan(one)) {
			diags.add(e.Pos, "%s %s: want a share from 0 to 100%%", what, v)
		}
	}
	count := func(what string, e *Expr, least int64) {
		if v, ok := s.Const(e); ok && (!v.IsInteger() || v.LessThan(decimal.NewFromInt(least))) {
			diags.add(e.Pos, "%s %s: want a whole number of at least %d", what, v, least)
		}
	}
	if r := s.rounds; r != nil {
		sum := Exact{}
		var parts []string
		known := true
		for _, x := range r.List {
			w, ok := s.ConstExact(x.Weight)
			if !ok {
				known = false
				continue
			}
			if w.Sign() < 0 {
				diags.add(x.Weight.Pos, "round %s: weight %s is negative", x.Name, w)
			}
			var err error
			if sum, err = sum.Add(w); err != nil {
				diags.add(x.Weight.Pos, "round weights: %v", err)
				known = false
				break
			}
			parts = append(parts, fmt.Sprintf("%s %s", x.Name, w))
		}
		if known && len(r.List) > 0 && sum.CmpDecimal(one) != 0 {
			diags.add(r.List[0].Pos, "round weights add up to %s, not 100%% (%s)", sum, strings.Join(parts, " + "))
		}
	}
	for _, t := range s.tiers {
		if q := t.Quota; q != nil {
			share("tier "+t.ID+": quota.share", q.Share)
			count("tier "+t.ID+": quota.count", q.Count, 0)
			count("tier "+t.ID+": quota.min", q.Min, 0)
		}
	}
	for _, a := range s.awards {
		share("award "+a.ID+": share", a.Share)
		count("award "+a.ID+": count", a.Count, 0) // 0: nobody (e.g. no places allotted yet)
		count("award "+a.ID+": at", a.At, 1)
		if v, ok := s.Const(a.Count); ok && a.Kind == Rolling && !v.Equal(one) {
			diags.add(a.Count.Pos, "award %s: a rolling award is held by one subject: count must be 1, not %s", a.ID, v)
		}
	}
	if sm := s.sampling; sm != nil {
		share("sampling: share", sm.Share)
	}
	if c := s.carry; c != nil {
		share("carry: share", c.Share)
	}
	return diags
}

// roundSheets checks a round's declared sheets: names, each once, and at
// least as many as the round needs.
func (c *compiler) roundSheets(x rawRound, rd *Round) {
	what := "round " + x.Name
	if len(x.Sheets) == 0 {
		if n := resolveValue(x.At, "sheets"); n != nil && n.Kind == yaml.SequenceNode {
			c.errorf(n, "%s: sheets: name at least one sheet, or leave sheets out to take any", what)
		}
		return
	}
	seen := map[string]bool{}
	for i, name := range x.Sheets {
		switch {
		case strings.TrimSpace(name) == "":
			c.errorf(listItem(x.At, "sheets", i), "%s: sheets: a sheet needs a name", what)
		case seen[name]:
			c.errorf(listItem(x.At, "sheets", i), "%s: sheets: %q is named twice", what, name)
		}
		seen[name] = true
	}
	if rd.Min > len(x.Sheets) {
		c.errorf(resolveValue(x.At, "min"), "%s: min %d needs more sheets than the %d declared (%s)", what, rd.Min, len(x.Sheets), strings.Join(x.Sheets, ", "))
	}
	rd.Sheets = x.Sheets
}

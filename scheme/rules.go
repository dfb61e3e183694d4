package scheme

import (
	"reflect"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	"github.com/branchscore/branchscore/internal/celdec"
	"go.yaml.in/yaml/v3"
)

// Keys every indicator kind may use, and the keys each kind needs or allows.
var (
	commonIndicatorKeys = []string{"id", "label", "kind", "note", "applies_to", "exempt", "pool", "cap", "floor", "outside_cap", "full", "repeated"}
	kindKeys            = map[Kind]struct{ required, optional []string }{
		PerRecord:        {[]string{"records"}, []string{"where", "since", "window", "gate", "points", "measure", "bands", "domain", "monotone", "discretionary", "explain"}},
		PerOccurrence:    {[]string{"records", "points"}, []string{"where", "since", "window", "dedupe_by", "dedupe_keep", "dedupe_weight"}},
		PerMissingPeriod: {[]string{"records", "points", "missing"}, []string{"where", "since", "window"}},
		Bands:            {[]string{"measure", "bands"}, []string{"domain", "monotone", "explain"}},
		Steps:            {[]string{"measure", "steps"}, []string{"explain"}},
		Discretionary:    {[]string{"discretionary"}, nil},
		Grades:           {[]string{"grades"}, []string{"grade"}},
		Checklist:        {[]string{"items"}, nil},
		Value:            {[]string{"value"}, []string{"explain"}},
		Rules:            {[]string{"rules"}, nil},
	}
)

// setKeys lists the yaml keys of r that the file sets.
func setKeys(r *rawIndicator) map[string]bool {
	out := map[string]bool{}
	v := reflect.ValueOf(r).Elem()
	for _, f := range fieldsOf(v.Type()) {
		if !v.Field(f.index).IsZero() {
			out[f.name] = true
		}
	}
	return out
}

func (c *compiler) sections() {
	ids := map[string]*yaml.Node{}
	unique := func(n *yaml.Node, id string) {
		if id == "" {
			return
		}
		if prev, ok := ids[id]; ok {
			c.errorf(n, "duplicate id %q (first used at line %d)", id, prev.Line)
			return
		}
		ids[id] = n
	}
	poolNames := map[string]int{}
	for _, p := range c.s.pools {
		poolNames[p.Name] = 0
	}
	for si := range c.raw.Sections {
		rs := &c.raw.Sections[si]
		unique(resolveValue(rs.At, "id"), rs.ID)
		what := "section " + rs.ID
		sec := &Section{ID: rs.ID, Label: c.label(rs.Label), Note: c.optLabel(rs.Note), Pos: c.pos(rs.At),
			Weight:   c.expr(rs.Weight, c.env, NumberResult, what+": weight"),
			Cap:      c.expr(rs.Cap, c.env, NumberResult, what+": cap"),
			Floor:    c.expr(rs.Floor, c.env, NumberResult, what+": floor"),
			BonusCap: c.expr(rs.BonusCap, c.env, NumberResult, what+": bonus_cap"),
		}
		c.requireStatic(sec.Weight, what+": weight")
		if len(rs.Indicators) == 0 && rs.At != nil {
			c.errorf(keyNode(rs.At, "indicators"), "%s has no indicators", what)
		}
		for ii := range rs.Indicators {
			ri := &rs.Indicators[ii]
			unique(resolveValue(ri.At, "id"), ri.ID)
			if ri.ID != "" && !indicatorIDPattern.MatchString(ri.ID) {
				c.errorf(resolveValue(ri.At, "id"), "indicator id %q: use letters, digits, '.', '-' and '_'", ri.ID)
			}
			ind := c.indicator(ri, rs.ID)
			c.indicatorExtras(ri, ind, func(r *rawIndicator) *Indicator {
				unique(resolveValue(r.At, "id"), r.ID)
				if r.ID != "" && !indicatorIDPattern.MatchString(r.ID) {
					c.errorf(resolveValue(r.At, "id"), "indicator id %q: use letters, digits, '.', '-' and '_'", r.ID)
				}
				p := c.indicator(r, rs.ID)
				c.indicatorExtras(r, p, nil)
				return p
			})
			if ind.Pool != "" {
				if _, ok := poolNames[ind.Pool]; !ok {
					c.errorf(resolveValue(ri.At, "pool"), "indicator %s: no pool %q is declared%s", ri.ID, ind.Pool, didYouMean(ind.Pool, keys(poolNames)))
				} else {
					poolNames[ind.Pool]++
				}
			}
			sec.Indicators = append(sec.Indicators, ind)
			c.s.indicators = append(c.s.indicators, ind)
			c.s.indicators = append(c.s.indicators, ind.Rules...)
		}
		c.s.sections = append(c.s.sections, sec)
	}
	for _, rp := range c.raw.Pools {
		if n := poolNames[rp.Name]; rp.Choose > 0 && n < rp.Choose {
			c.errorf(rp.KeyAt, "pool %s: subjects choose %d, but the pool has only %d", rp.Name, rp.Choose, n)
		}
	}
}

// keys returns m's keys, sorted.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// requireStatic reports an expression that reads evidence where the
// structure needs a value known when the scheme compiles.
func (c *compiler) requireStatic(e *Expr, what string) {
	if e != nil && e.prg != nil && !e.static {
		c.diags.add(e.Pos, "%s must be known before evidence is read: use literals and params only", what)
	}
}

func (c *compiler) indicator(ri *rawIndicator, section string) *Indicator {
	kind := Kind(ri.Kind)
	what := "indicator " + ri.ID
	ind := &Indicator{ID: ri.ID, Label: c.label(ri.Label), Note: c.optLabel(ri.Note), Kind: kind,
		Section: section, Pos: c.pos(ri.At), Pool: ri.Pool, OutsideCap: ri.OutsideCap, Records: ri.Records}
	ind.at = ind.Pos.String()

	// Which keys this kind takes.
	set := setKeys(ri)
	if spec, ok := kindKeys[kind]; ok {
		allowed := map[string]bool{}
		for _, k := range commonIndicatorKeys {
			allowed[k] = true
		}
		for _, k := range append(spec.required, spec.optional...) {
			allowed[k] = true
		}
		for k := range set {
			if !allowed[k] {
				c.errorf(keyNode(ri.At, k), "%s: %q does not apply to kind %s", what, k, kind)
			}
		}
		for _, k := range spec.required {
			if !set[k] {
				c.errorf(keyNode(ri.At, "kind"), "%s: kind %s needs %q", what, kind, k)
			}
		}
	}

	env := c.env
	if ri.Records != "" {
		in := c.input(ri.Records)
		switch {
		case in == nil:
			c.errorf(resolveValue(ri.At, "records"), "%s: no input %q is declared%s", what, ri.Records, didYouMean(ri.Records, c.inputNames()))
		case in.Type != ListType:
			c.errorf(resolveValue(ri.At, "records"), "%s: input %q is %s, not a list of records", what, ri.Records, article(string(in.Type)))
		case in.Of != "":
			c.errorf(resolveValue(ri.At, "records"), "%s: input %q is a list of plain values (%s), not of records; read it in a measure or value (%s.size(), %s.filter(v, …))", what, ri.Records, in.Of, ri.Records, ri.Records)
		case in.Undated && ri.Since != nil:
			c.errorf(keyNode(ri.At, "since"), "%s: the records of %s are undated, so since cannot select them; every one is counted", what, ri.Records)
			env = c.recordEnv(ri.Records)
		case in.Anonymous && ri.Discretionary != nil:
			c.errorf(keyNode(ri.At, "discretionary"), "%s: the records of %s are anonymous, so an assessor's entry cannot name one; give them ids", what, ri.Records)
			env = c.recordEnv(ri.Records)
		default:
			env = c.recordEnv(ri.Records)
		}
	}

	ind.AppliesTo = c.applicability(ri.AppliesTo, what+": applies_to")
	ind.Exempt = c.applicability(ri.Exempt, what+": exempt")
	ind.Cap = c.expr(ri.Cap, c.env, NumberResult, what+": cap")
	ind.Floor = c.expr(ri.Floor, c.env, NumberResult, what+": floor")
	ind.Where = c.expr(ri.Where, env, BoolResult, what+": where")
	ind.Since = c.since(ri.Since, what+": since")
	ind.DedupeBy = c.expr(ri.DedupeBy, env, KeyResult, what+": dedupe_by")
	c.indicatorPatterns(ri, ind, what)
	ind.Points = c.expr(ri.Points, env, NumberResult, what+": points")
	ind.Measure = c.expr(ri.Measure, env, NumberResult, what+": measure")
	ind.Value = c.expr(ri.Value, c.env, NumberResult, what+": value")
	ind.Grade = c.expr(ri.Grade, c.env, StringResult, what+": grade")
	ind.Monotone = ri.Monotone

	if g := ri.Gate; g != nil {
		ind.Gate = &Gate{Documents: g.Documents}
		if in := c.input(ri.Records); in != nil {
			var docNames []string
			for _, d := range in.Documents {
				docNames = append(docNames, d.Name)
			}
			docs := resolveValue(g.At, "documents")
			for i, d := range g.Documents {
				if !contains(docNames, d) {
					n := docs
					if n != nil && i < len(n.Content) {
						n = n.Content[i]
					}
					c.errorf(n, "%s: gate: input %s declares no document kind %q%s", what, ri.Records, d, didYouMean(d, docNames))
				}
			}
		}
		seen := map[string]bool{}
		for _, rc := range g.Conditions {
			if seen[rc.ID] {
				c.errorf(resolveValue(rc.At, "id"), "%s: gate condition %q given twice", what, rc.ID)
			}
			seen[rc.ID] = true
			ind.Gate.Conditions = append(ind.Gate.Conditions, Condition{ID: rc.ID, Label: c.label(rc.Label),
				When: c.expr(&rc.When, env, BoolResult, what+": gate condition "+rc.ID), Pos: c.pos(rc.At)})
		}
	}

	if kind == PerRecord {
		n := 0
		for _, k := range []string{"points", "bands", "discretionary"} {
			if set[k] {
				n++
			}
		}
		if n != 1 {
			c.errorf(keyNode(ri.At, "kind"), "%s: a per_record indicator takes exactly one of points, bands (with measure) or discretionary", what)
		}
		if set["bands"] != set["measure"] {
			c.errorf(keyNode(ri.At, "kind"), "%s: bands and measure go together", what)
		}
	}

	if len(ri.Bands) > 0 {
		ind.Domain = c.interval(ri.At, "domain", ri.Domain, env, what+": domain", true)
		for i := range ri.Bands {
			rb := &ri.Bands[i]
			bw := what + ": band " + rb.Range
			b := Band{Pos: c.pos(rb.At), Label: c.optLabel(rb.Label),
				Range:  c.interval(rb.At, "range", rb.Range, env, bw, false),
				Points: c.expr(&rb.Points, env, NumberResult, bw+": points")}
			b.at = b.Pos.String()
			ind.Bands = append(ind.Bands, b)
		}
	}
	if st := ri.Steps; st != nil {
		ind.Steps = &StepRule{
			Every:  c.expr(&st.Every, c.env, NumberResult, what+": steps.every"),
			Points: c.expr(&st.Points, c.env, NumberResult, what+": steps.points"),
			From:   c.expr(st.From, c.env, NumberResult, what+": steps.from"),
		}
		stepsPatterns(st, ind.Steps)
	}
	if d := ri.Discretionary; d != nil {
		ind.Discretionary = &Range{
			Min: c.expr(&d.Min, c.env, NumberResult, what+": discretionary.min"),
			Max: c.expr(&d.Max, c.env, NumberResult, what+": discretionary.max"),
		}
		c.requireStatic(ind.Discretionary.Min, what+": discretionary.min")
		c.requireStatic(ind.Discretionary.Max, what+": discretionary.max")
	}
	for _, rg := range ri.Grades {
		ind.Grades = append(ind.Grades, Grade{Name: rg.Name, Points: c.expr(&rg.Points, c.env, NumberResult, what+": grade "+rg.Name)})
	}
	itemIDs := map[string]bool{}
	for _, it := range ri.Items {
		if itemIDs[it.ID] {
			c.errorf(resolveValue(it.At, "id"), "%s: checklist item %q given twice", what, it.ID)
		}
		itemIDs[it.ID] = true
		ind.Items = append(ind.Items, Item{ID: it.ID, Label: c.label(it.Label), Pos: c.pos(it.At),
			When:   c.expr(&it.When, c.env, BoolResult, what+": item "+it.ID),
			Points: c.expr(&it.Points, c.env, NumberResult, what+": item "+it.ID+": points")})
	}
	return ind
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c *compiler) input(name string) *Input {
	for i := range c.s.inputs {
		if c.s.inputs[i].Name == name {
			return &c.s.inputs[i]
		}
	}
	return nil
}

func (c *compiler) inputNames() []string {
	var out []string
	for _, in := range c.s.inputs {
		out = append(out, in.Name)
	}
	return out
}

func (c *compiler) applicability(r *rawApplicability, what string) *Applicability {
	if r == nil {
		return nil
	}
	if len(r.Categories) == 0 && r.When == nil {
		c.errorf(r.At, "%s: give categories or when", what)
	}
	return &Applicability{Categories: r.Categories, When: c.expr(r.When, c.env, BoolResult, what+": when")}
}

// interval parses "[a, b)" written in key of mapping m. Bounds are number
// expressions; -inf and +inf are open ends. An empty text is the whole line
// when whole is true.
func (c *compiler) interval(m *yaml.Node, key, text string, env *cel.Env, what string, whole bool) Interval {
	iv := Interval{Text: text}
	n := resolveValue(m, key)
	if text == "" {
		if !whole {
			c.errorf(n, "%s: missing interval", what)
		}
		return iv
	}
	t := strings.TrimSpace(text)
	if t == "" {
		c.errorf(n, "%s: empty interval", what)
		return iv
	}
	lead := strings.Index(text, t[:1])
	bad := func() Interval {
		c.errorf(n, "%s: %q is not an interval: write [a, b), (a, b], [a, +inf) or (-inf, b]", what, text)
		return iv
	}
	if len(t) < 5 {
		return bad()
	}
	open, close := t[0], t[len(t)-1]
	if (open != '[' && open != '(') || (close != ']' && close != ')') {
		return bad()
	}
	inner := []rune(t[1 : len(t)-1])
	comma, depth := -1, 0
	for i, r := range inner {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				if comma >= 0 {
					return bad()
				}
				comma = i
			}
		}
	}
	if comma < 0 {
		return bad()
	}
	base := len([]rune(text[:lead])) + 1
	loText, hiText := string(inner[:comma]), string(inner[comma+1:])
	iv.LoIncl, iv.HiIncl = open == '[', close == ']'
	bound := func(s string, off int, name string, inf string) *Expr {
		switch strings.TrimSpace(s) {
		case inf, strings.TrimPrefix(inf, "+"):
			return nil
		case "-inf", "+inf", "inf":
			c.diags.add(c.src.valuePos(n, off), "%s: %s bound cannot be %s", what, name, strings.TrimSpace(s))
			return nil
		}
		e := c.exprAt(n, s, off, env, NumberResult, what+": "+name+" bound")
		c.requireStatic(e, what+": "+name+" bound")
		return e
	}
	iv.Lo = bound(loText, base, "lower", "-inf")
	iv.Hi = bound(hiText, base+comma+1, "upper", "+inf")
	if iv.Lo == nil && iv.LoIncl {
		c.errorf(n, "%s: an infinite bound is open: write (-inf", what)
	}
	if iv.Hi == nil && iv.HiIncl {
		c.errorf(n, "%s: an infinite bound is open: write +inf)", what)
	}
	return iv
}

func (c *compiler) total() {
	rt := c.raw.Total
	if rt == nil {
		return
	}
	c.s.total = Total{
		WeightsSum: c.expr(rt.WeightsSum, c.env, NumberResult, "total: weights_sum"),
		Cap:        c.expr(rt.Cap, c.env, NumberResult, "total: cap"),
		Floor:      c.expr(rt.Floor, c.env, NumberResult, "total: floor"),
	}
	c.requireStatic(c.s.total.WeightsSum, "total: weights_sum")
	if r := rt.Rounding; r != nil {
		mode, _ := celdec.ParseRounding(r.Mode)
		if r.Scale < 0 || r.Scale > 18 {
			c.errorf(resolveValue(r.At, "scale"), "total.rounding.scale %d: want 0 to 18", r.Scale)
		}
		c.s.total.Rounding = &FinalRounding{Scale: int32(r.Scale), Mode: mode}
	}
}

func (c *compiler) tiers() {
	seen := map[string]*yaml.Node{}
	for _, rt := range c.raw.Tiers {
		if prev, ok := seen[rt.ID]; ok {
			c.errorf(resolveValue(rt.At, "id"), "duplicate tier %q (first at line %d)", rt.ID, prev.Line)
		}
		seen[rt.ID] = resolveValue(rt.At, "id")
		what := "tier " + rt.ID
		t := Tier{ID: rt.ID, Label: c.label(rt.Label), Pos: c.pos(rt.At),
			Min:   c.expr(rt.Min, c.env, NumberResult, what+": min"),
			Above: c.expr(rt.Above, c.env, NumberResult, what+": above"),
			When:  c.expr(rt.When, c.env, BoolResult, what+": when")}
		c.requireStatic(t.Min, what+": min")
		c.requireStatic(t.Above, what+": above")
		if t.Min != nil && t.Above != nil {
			c.errorf(keyNode(rt.At, "above"), "%s: give min (inclusive) or above (exclusive), not both", what)
		}
		c.s.tiers = append(c.s.tiers, t)
	}
}

// tierReach checks that every subject gets a tier and that every tier can
// be reached. A total reaches the tiers down to the first that takes every
// total (no min, above or when): the catch-all. The tiers listed after it
// are reached only through a veto (its tier or cap_tier) or a quota's
// overflow, and take no bound or condition, which nothing would read. It
// runs once vetoes and quotas are known.
func (c *compiler) tierReach() {
	tiers := c.s.tiers
	if len(tiers) == 0 || len(tiers) != len(c.raw.Tiers) {
		return
	}
	// A tier marked veto_only is reached only through vetoes wherever the
	// catch-all is; a scheme whose tiers are all so marked grades no total
	// and needs none (不合格 only when a veto forces it).
	catch, lastGraded, allVeto := -1, -1, true
	for i := range tiers {
		if c.raw.Tiers[i].VetoOnly {
			continue
		}
		allVeto = false
		lastGraded = i
		if t := &tiers[i]; catch < 0 && t.Min == nil && t.Above == nil && t.When == nil {
			catch = i
		}
	}
	if catch < 0 && !allVeto {
		last := &c.raw.Tiers[lastGraded]
		c.errorf(last.At, "tier %s: no tier takes every remaining total, so a subject that reaches none of them gets no tier; add a last tier without min, above or when (or mark every tier veto_only: true when only vetoes grade)", last.ID)
		return
	}
	reached := map[string]bool{}
	for _, v := range c.s.vetoes {
		reached[v.Tier], reached[v.CapTier] = true, true
	}
	for _, t := range tiers {
		if t.Quota != nil {
			reached[t.Quota.Overflow] = true
		}
	}
	for i := range tiers {
		t, rt := &tiers[i], &c.raw.Tiers[i]
		if !rt.VetoOnly && (catch < 0 || i <= catch) {
			continue
		}
		if rt.VetoOnly && i < lastGraded {
			c.errorf(resolveValue(rt.At, "veto_only"), "tier %s: veto_only, but tier %s after it is reached by a total; list the tiers only vetoes reach last", t.ID, tiers[lastGraded].ID)
			continue
		}
		t.VetoOnly = true
		if !reached[t.ID] {
			if rt.VetoOnly {
				c.errorf(rt.At, "tier %s: marked veto_only, but no veto names it in tier or cap_tier and no quota moves subjects into it, so nothing reaches it", t.ID)
				continue
			}
			above := tiers[catch].ID
			c.errorf(rt.At, "tier %s: no total reaches it (tier %s before it takes every total) and no veto names it; "+
				"list it above %s with a bound (tiers go from the highest down), or name it in a veto's tier or cap_tier", t.ID, above, above)
			continue
		}
		for _, key := range []string{"min", "above", "when"} {
			switch {
			case !hasKey(rt.At, key):
			case rt.VetoOnly:
				c.errorf(keyNode(rt.At, key), "tier %s: marked veto_only, so no total reaches it and %s is never read; leave it out", t.ID, key)
			default:
				c.errorf(keyNode(rt.At, key), "tier %s: reached only through vetoes (tier %s before it takes every total), so %s is never read; leave it out", t.ID, tiers[catch].ID, key)
			}
		}
	}
	if allVeto {
		for i, v := range c.s.vetoes {
			if v.CapTier != "" {
				c.errorf(resolveValue(c.raw.Vetoes[i].At, "cap_tier"), "veto %s: cap_tier caps the tier a total reaches, but every tier is veto_only and no total reaches one; force the tier with tier", v.ID)
			}
		}
	}
}

func (c *compiler) tierIDs() []string {
	var out []string
	for _, t := range c.s.tiers {
		out = append(out, t.ID)
	}
	return out
}

func (c *compiler) vetoes() {
	seen := map[string]bool{}
	for _, rv := range c.raw.Vetoes {
		if seen[rv.ID] {
			c.errorf(resolveValue(rv.At, "id"), "duplicate veto %q", rv.ID)
		}
		seen[rv.ID] = true
		what := "veto " + rv.ID
		v := Veto{ID: rv.ID, Label: c.label(rv.Label), Reason: c.optLabel(rv.Reason), Tier: rv.Tier,
			CapTier: rv.CapTier, Confirm: rv.Confirm == "assessor", Pos: c.pos(rv.At),
			When: c.expr(&rv.When, c.vetoEnv(), BoolResult, what+": when"), Zero: rv.Zero, Note: c.optLabel(rv.Note)}
		c.vetoZero(&rv)
		switch {
		case rv.Tier == "" && rv.CapTier == "" && (rv.Zero != "" || len(rv.Consequences) > 0):
			// Acts on points only, or only brings consequences: a
			// condition that places a subject on a list whatever its
			// score (→ 黄榜).
		case rv.Tier != "" && rv.CapTier != "":
			c.errorf(rv.At, "%s: give tier (the tier forced) or cap_tier (the highest tier allowed), one of them", what)
		case rv.Tier == "" && rv.CapTier == "":
			c.errorf(rv.At, "%s: give tier (the tier forced), cap_tier (the highest tier allowed), zero (total, or the section or indicator whose points it sets to 0) or consequences alone", what)
		case len(c.s.tiers) == 0:
			c.errorf(rv.At, "%s: the scheme declares no tiers to force", what)
		default:
			for key, id := range map[string]string{"tier": rv.Tier, "cap_tier": rv.CapTier} {
				if id != "" && !contains(c.tierIDs(), id) {
					c.errorf(resolveValue(rv.At, key), "%s: no tier %q%s", what, id, didYouMean(id, c.tierIDs()))
				}
			}
		}
		c.s.vetoes = append(c.s.vetoes, v)
	}
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

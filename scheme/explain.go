package scheme

import (
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Role is an assessor's role an entry may name (self, organisation, panel
// …), with the label the explanations use for it (自评, 组织评定, 评议小组 …).
type Role struct {
	Name  string
	Label Label
}

type rawRole struct {
	At    *yaml.Node
	KeyAt *yaml.Node
	Name  string   `yaml:"name" opt:"key"`
	Label rawLabel `yaml:"label" opt:"required" doc:"The role's name in the field's words, e.g. 组织评定 / assessed by the organisation."`
}

// Roles returns the roles the scheme declares, in file order.
func (s *Scheme) Roles() []Role { return s.roles }

// RoleLabel names an assessor's role: the scheme's declared label, else
// the label of the assessor round of that name, else a label from the
// field's usual roles (self → 自评, organisation → 组织评定, …). ok is false
// when none of them knows the role; the label is then a generic 评定人 /
// assessor, never the role's name in code.
func (s *Scheme) RoleLabel(name string) (l Label, ok bool) {
	for _, r := range s.roles {
		if r.Name == name {
			return r.Label, true
		}
	}
	if s.rounds != nil {
		if r := s.rounds.Round(name); r != nil {
			return r.Label, true
		}
	}
	if l, ok := usualRoles[name]; ok {
		return l, true
	}
	return Label{Zh: "评定人", En: "assessor"}, false
}

// usualRoles are the field's common assessor roles (glossary: 自评 / 考评 /
// 互评 / 抽查), for a scheme that declares none.
var usualRoles = map[string]Label{
	"self":         {Zh: "自评", En: "self-assessment"},
	"organisation": {Zh: "组织评定", En: "assessed by the organisation"},
	"cross":        {Zh: "互评", En: "cross-assessment"},
	"spot-check":   {Zh: "抽查", En: "spot check"},
	"spot_check":   {Zh: "抽查", En: "spot check"},
	"panel":        {Zh: "评议小组", En: "review panel"},
}

// The placeholders every explain: template of an indicator or band may
// name, besides the inputs and record fields the indicator reads.
var indicatorPlaceholders = []string{"label", "record", "measure", "band", "points", "count"}

// explain compiles the roles and checks every explain: template's
// placeholders against what its rule can fill in.
func (c *compiler) explain() {
	s := c.s
	seen := map[string]bool{}
	for _, rr := range c.raw.Roles {
		c.checkName(rr.KeyAt, "role", rr.Name)
		if seen[rr.Name] {
			c.errorf(rr.KeyAt, "role %s declared twice", rr.Name)
		}
		seen[rr.Name] = true
		s.roles = append(s.roles, Role{Name: rr.Name, Label: c.label(rr.Label)})
	}
	for si := range c.raw.Sections {
		for ii := range c.raw.Sections[si].Indicators {
			ri := &c.raw.Sections[si].Indicators[ii]
			ind := s.Indicator(ri.ID)
			if ind == nil || (ri.Explain == nil && !bandsExplained(ri)) {
				continue
			}
			known := append([]string{}, indicatorPlaceholders...)
			known = append(known, readNames(ind)...)
			what := "indicator " + ri.ID
			if ri.Explain != nil {
				c.template(ri.Explain, what, known)
				ind.Explain = c.label(*ri.Explain)
			}
			for bi := range ri.Bands {
				if rb := &ri.Bands[bi]; rb.Explain != nil && bi < len(ind.Bands) {
					c.template(rb.Explain, what+": band "+rb.Range, known)
					ind.Bands[bi].Explain = c.label(*rb.Explain)
				}
			}
		}
	}
	for _, rv := range c.raw.Vetoes {
		if rv.Explain == nil {
			continue
		}
		for i := range s.vetoes {
			v := &s.vetoes[i]
			if v.ID != rv.ID {
				continue
			}
			known := []string{"label", "reason", "tier"}
			known = append(known, exprNames(v.When)...)
			c.template(rv.Explain, "veto "+rv.ID, known)
			v.Explain = c.label(*rv.Explain)
		}
	}
	for _, rt := range c.raw.Tiers {
		if rt.Explain == nil {
			continue
		}
		for i := range s.tiers {
			if t := &s.tiers[i]; t.ID == rt.ID {
				c.template(rt.Explain, "tier "+rt.ID, []string{"label", "total", "threshold"})
				t.Explain = c.label(*rt.Explain)
			}
		}
	}
}

func bandsExplained(ri *rawIndicator) bool {
	for i := range ri.Bands {
		if ri.Bands[i].Explain != nil {
			return true
		}
	}
	return false
}

// readNames lists the inputs and record fields an indicator's scoring
// rules read (what the audit records of a step: its measure, points,
// value and steps), by the names a template uses for them: an input by
// its name, a record field by the field's name.
func readNames(ind *Indicator) []string {
	xs := []*Expr{ind.Points, ind.Measure, ind.Value}
	for _, b := range ind.Bands {
		xs = append(xs, b.Points)
	}
	if st := ind.Steps; st != nil {
		xs = append(xs, st.Every, st.Points, st.From)
	}
	return exprNames(xs...)
}

// exprNames lists what expressions read, as template placeholder names:
// inputs by name and record fields by the field's name; parameters and
// the subject and period are not placeholders.
func exprNames(xs ...*Expr) []string {
	set := map[string]bool{}
	for _, x := range xs {
		if x == nil {
			continue
		}
		for _, r := range x.Reads() {
			switch {
			case strings.HasPrefix(r, "record."):
				set[strings.TrimPrefix(r, "record.")] = true
			case strings.Contains(r, "."):
			default:
				set[r] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type placeholder struct {
	name string
	at   int // rune offset of the '{' in the text
}

func placeholders(text string) []placeholder {
	var out []placeholder
	runes := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '{' {
			end := strings.IndexByte(text[i:], '}')
			if end < 0 {
				return append(out, placeholder{at: runes})
			}
			name := strings.TrimSpace(text[i+1 : i+end])
			out = append(out, placeholder{name: name, at: runes})
			runes += utf8.RuneCountInString(text[i : i+end+1])
			i += end + 1
			continue
		}
		i += n
		runes++
	}
	return out
}

// template checks one explain: label's placeholders, each unknown one a
// diagnostic at its own position.
func (c *compiler) template(l *rawLabel, what string, known []string) {
	ok := map[string]bool{}
	for _, k := range known {
		ok[k] = true
	}
	for _, lang := range []string{"zh", "en"} {
		n := resolveValue(l.At, lang)
		text := l.Zh
		if lang == "en" {
			text = l.En
		}
		for _, p := range placeholders(text) {
			pos := c.pos(n)
			if n != nil && strings.IndexByte(n.Value, '\n') < 0 {
				pos.Col += p.at
				if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
					pos.Col++
				}
			}
			switch {
			case p.name == "":
				c.diags.add(pos, "%s: explain.%s: a placeholder is written {name}, with a name and a closing brace", what, lang)
			case !ok[p.name]:
				c.diags.add(pos, "%s: explain.%s: unknown placeholder {%s}; this rule can fill in %s", what, lang, p.name, braces(known))
			}
		}
	}
}

func braces(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{" + n + "}"
	}
	return strings.Join(out, ", ")
}

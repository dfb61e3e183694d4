package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// The words the sentences are built from: numbers at the scheme's scale,
// values with their labels, points as gains and losses, bands in words,
// people by name and role, and the author's templates.

var (
	one     = decimal.NewFromInt(1)
	hundred = decimal.NewFromInt(100)
)

func dec(p *Points) decimal.Decimal {
	if p == nil {
		return decimal.Zero
	}
	return p.Decimal()
}

// num renders the step's number field (one of "measure", "points",
// "factor") in Chinese and English: as it is, or, when it was rounded
// because its exact value does not terminate, as 约66.6667（精确值200/3，
// 按方案保留4位小数） / about 66.6667 (exactly 200/3, kept to 4 places as
// the scheme says).
func (x explainer) num(field string) (zh, en string) {
	var p *Points
	switch field {
	case "measure":
		p = x.st.Measure
	case "factor":
		p = x.st.Factor
	default:
		p = x.st.Points
	}
	v := decText(dec(p))
	frac, ok := x.st.Exact[field]
	if !ok {
		return v, v
	}
	scale, _, _ := x.s.Division()
	return fmt.Sprintf("约%s（精确值%s，按方案保留%d位小数）", v, frac, scale),
		fmt.Sprintf("about %s (exactly %s, kept to %d places as the scheme says)", v, frac, scale)
}

// fixed renders a total at the scale the scheme rounds its total to (5.20
// for 5.2 at two places), or exactly when that would hide digits or the
// scheme does not round.
func fixed(s *scheme.Scheme, d decimal.Decimal) string {
	rd := s.Total().Rounding
	if rd == nil || -d.Exponent() > rd.Scale {
		return decText(d)
	}
	return d.StringFixed(rd.Scale)
}

// percent renders a weight as a share: 0.5 → 50%.
func percent(d decimal.Decimal) string {
	return decText(d.Mul(hundred)) + "%"
}

// gain words points as what they do to the score: 加3分 / 扣3分 / 不加分.
func gain(d decimal.Decimal) (zh, en string) {
	switch d.Sign() {
	case 1:
		return "加" + decText(d) + "分", "+" + decText(d) + " points"
	case -1:
		a := decText(d.Neg())
		return "扣" + a + "分", "−" + a + " points"
	}
	return "不加分", "nothing earned"
}

// gainOf is gain for a step's points, with the exact value when they
// were rounded.
func (x explainer) gainOf() (zh, en string) {
	d := dec(x.st.Points)
	if _, ok := x.st.Exact["points"]; !ok {
		return gain(d)
	}
	frac := strings.TrimPrefix(x.st.Exact["points"], "-")
	scale, _, _ := x.s.Division()
	a := decText(d.Abs())
	exact := fmt.Sprintf("（精确值%s，按方案保留%d位小数）", frac, scale)
	exactEn := fmt.Sprintf(" (exactly %s, kept to %d places as the scheme says)", frac, scale)
	if d.Sign() < 0 {
		return "扣约" + a + "分" + exact, "about −" + a + " points" + exactEn
	}
	return "加约" + a + "分" + exact, "about +" + a + " points" + exactEn
}

// pts renders the step's points: 3分 / 3 points.
func (x explainer) pts() (zh, en string) {
	pz, pe := x.num("points")
	return pz + "分", pe + " points"
}

// value renders a value read for a sentence: yes and no for a condition,
// the rest as read.
func value(v string) (zh, en string) {
	switch v {
	case "true":
		return "是", "yes"
	case "false":
		return "否", "no"
	}
	if n, ok := strings.CutSuffix(v, " records"); ok {
		return n + "条", v
	}
	if n, ok := strings.CutSuffix(v, " record"); ok {
		return n + "条", v
	}
	return v, v
}

// readLabel names something an expression read, for a sentence: an input
// by its label, a record field by the field's label. ok is false for what
// has no label the reader would know (ids, dates, parameters, the subject).
func (x explainer) readLabel(name string) (l scheme.Label, order int, ok bool) {
	if f, isField := strings.CutPrefix(name, "record."); isField {
		ind := x.ind()
		if ind == nil {
			return l, 0, false
		}
		in := x.s.Input(ind.Records)
		if in == nil {
			return l, 0, false
		}
		for i, fd := range in.Fields {
			if fd.Name == f && fd.Label.Zh != "" {
				return fd.Label, 1000 + i, true
			}
		}
		return l, 0, false
	}
	if id, isRun := strings.CutPrefix(name, "runs."); isRun {
		l, ok := runLabel(x.s, id)
		return l, 2000, ok
	}
	for i, in := range x.s.Inputs() {
		if in.Name == name && in.Label.Zh != "" {
			return in.Label, i, true
		}
	}
	return l, 0, false
}

// readsText renders what a step read, each value with its label, in the
// order the scheme declares them: 当月任务10000，当月完成10500.
func (x explainer) readsText(reads Reads) (zh, en string) {
	type item struct {
		l     scheme.Label
		order int
		v     string
	}
	var items []item
	for _, r := range reads {
		if l, o, ok := x.readLabel(r.Name); ok {
			items = append(items, item{l, o, r.Value})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].order < items[j].order })
	var z, e []string
	for _, it := range items {
		vz, ve := value(it.v)
		if it.v == "true" || it.v == "false" {
			vz = "：" + vz // 已与联系点脱钩：是, not 已与联系点脱钩是
		}
		z = append(z, it.l.Zh+vz)
		e = append(e, it.l.En+" "+ve)
	}
	return strings.Join(z, "，"), strings.Join(e, ", ")
}

// listLabel names the list an indicator scores records of.
func (x explainer) listLabel() scheme.Label {
	if ind := x.ind(); ind != nil {
		if in := x.s.Input(ind.Records); in != nil && in.Label.Zh != "" {
			return in.Label
		}
	}
	return scheme.Label{Zh: "记录", En: "record"}
}

// quoted wraps labels in Chinese and English quotation marks.
func quoted(ls []scheme.Label) (zh, en string) {
	var z, e []string
	for _, l := range ls {
		z = append(z, "“"+nest(l.Zh)+"”")
		e = append(e, "'"+l.En+"'")
	}
	return strings.Join(z, "、"), strings.Join(e, ", ")
}

// docLabels names document kinds from the list input's declarations.
func (x explainer) docLabels(kinds []string) []scheme.Label {
	var docs []scheme.Document
	if ind := x.ind(); ind != nil {
		if in := x.s.Input(ind.Records); in != nil {
			docs = in.Documents
		}
	}
	var out []scheme.Label
	for _, k := range kinds {
		l := scheme.Label{Zh: "所需材料", En: "a required document"}
		for _, d := range docs {
			if d.Name == k {
				l = d.Label
			}
		}
		out = append(out, l)
	}
	return out
}

func (x explainer) conditionLabels(ids []string) []scheme.Label {
	ind := x.ind()
	var out []scheme.Label
	for _, id := range ids {
		l := scheme.Label{Zh: "所需条件", En: "a required condition"}
		if ind != nil && ind.Gate != nil {
			for _, c := range ind.Gate.Conditions {
				if c.ID == id {
					l = c.Label
				}
			}
		}
		out = append(out, l)
	}
	return out
}

// band returns the band of the step's indicator its match names.
func (x explainer) band() *scheme.Band {
	ind := x.ind()
	if ind == nil {
		return nil
	}
	for i := range ind.Bands {
		if ind.Bands[i].Range.Text == x.st.Match {
			return &ind.Bands[i]
		}
	}
	return nil
}

// bandWords names a band: its label, or its interval in words (5至10，
// 含5不含10), never in interval notation.
func (x explainer) bandWords(b *scheme.Band) (zh, en string) {
	if b == nil {
		return "相应档次", "the matching band"
	}
	if b.Label.Zh != "" {
		return "“" + b.Label.Zh + "”档", "the band '" + b.Label.En + "'"
	}
	lo, hi := x.bound(b.Range.Lo), x.bound(b.Range.Hi)
	switch {
	case lo == "" && hi == "":
		return "不分档", "any value"
	case lo == "":
		if b.Range.HiIncl {
			return hi + "及以下档", "the band up to " + hi + " inclusive"
		}
		return "低于" + hi + "档", "the band below " + hi
	case hi == "":
		if b.Range.LoIncl {
			return lo + "及以上档", "the band from " + lo + " up"
		}
		return "高于" + lo + "档", "the band above " + lo
	}
	incl := func(ok bool, v string) (string, string) {
		if ok {
			return "含" + v, v + " included"
		}
		return "不含" + v, v + " not included"
	}
	lz, le := incl(b.Range.LoIncl, lo)
	hz, he := incl(b.Range.HiIncl, hi)
	return fmt.Sprintf("%s至%s档（%s，%s）", lo, hi, lz, hz), fmt.Sprintf("the band %s to %s (%s, %s)", lo, hi, le, he)
}

func (x explainer) bound(e *scheme.Expr) string {
	if e == nil {
		return ""
	}
	if v, ok := x.s.ConstExact(e); ok {
		if d, ok := v.Decimal(); ok {
			return decText(d)
		}
		return v.String()
	}
	return "?"
}

// onEdge reports whether the step's measure is exactly a bound of the band
// it fell in: the reading of the source that the scheme's note states then
// decided the band.
func (x explainer) onEdge(b *scheme.Band) bool {
	if b == nil || x.st.Measure == nil {
		return false
	}
	if _, rounded := x.st.Exact["measure"]; rounded {
		return false
	}
	for _, e := range []*scheme.Expr{b.Range.Lo, b.Range.Hi} {
		if e == nil {
			continue
		}
		if v, ok := x.s.ConstExact(e); ok && v.CmpDecimal(x.st.Measure.Decimal()) == 0 {
			return true
		}
	}
	return false
}

// note renders the indicator's reading beside the step it decided, once
// per result: （按方案读法：…） / (the scheme's reading: …).
func (x explainer) note(decided bool) (zh, en string) {
	ind := x.ind()
	if ind == nil || ind.Note.Zh == "" || !decided {
		return "", ""
	}
	x.shown[ind.ID] = true
	return "（按方案读法：" + ind.Note.Zh + "）", " (the scheme's reading: " + ind.Note.En + ")"
}

// person names an assessor as the field does: 党群工作部 王某（组织评定）.
// Without a display name, the Chinese names the role only when the id is
// a code (ASCII), never the code itself.
func (x explainer) person(id, name, role string) (zh, en string) {
	rl, known := scheme.Label{}, false
	if role != "" {
		rl, known = x.s.RoleLabel(role)
	}
	who, whoEn := name, name
	if who == "" {
		whoEn = id
		if !ascii(id) {
			who = id
		}
	}
	switch {
	case who != "" && role != "":
		return who + "（" + rl.Zh + "）", whoEn + " (" + rl.En + ")"
	case who != "":
		return who, whoEn
	case role != "" && known:
		// No name given: the body that scored speaks (公司党委全面考评),
		// never an anonymous 评定人.
		return rl.Zh, whoEn + " (" + rl.En + ")"
	}
	return "评定人（未署名）", whoEn
}

func ascii(s string) bool {
	for _, r := range s {
		if r >= 0x80 {
			return false
		}
	}
	return true
}

// day renders an RFC 3339 time as its date: 2021-03-02.
func day(t string) string {
	if len(t) >= 10 {
		return t[:10]
	}
	return t
}

// fill renders a template: each {name} replaced by its value, in the
// language's own words.
func fill(text string, vals map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(text[:i])
		b.WriteString(vals[strings.TrimSpace(text[i+1:i+j])])
		text = text[i+j+1:]
	}
	b.WriteString(text)
	return b.String()
}

// templateValues fills an indicator's or band's placeholders from the
// step: the inputs and record fields read, the measure, the band, the
// points, the count, the record and the label.
func (x explainer) templateValues(lang string) map[string]string {
	st := x.st
	vals := map[string]string{"record": st.Record, "count": fmt.Sprint(st.Count)}
	for _, r := range st.Reads {
		k, v := r.Name, r.Value
		vz, ve := value(v)
		if lang == "en" {
			vz = ve
		}
		vals[strings.TrimPrefix(k, "record.")] = vz
	}
	mz, me := x.num("measure")
	pz, pe := x.num("points")
	bz, be := "", ""
	if b := x.band(); b != nil {
		bz, be = b.Label.Zh, b.Label.En
		if bz == "" {
			bz, be = x.bandWords(b)
		}
	}
	l := x.label()
	if lang == "en" {
		vals["measure"], vals["points"], vals["band"], vals["label"] = me, pe, be, l.En
	} else {
		vals["measure"], vals["points"], vals["band"], vals["label"] = mz, pz, bz, l.Zh
	}
	return vals
}

// template renders the author's wording for the step, if the band or
// the indicator has one.
func (x explainer) template() (zh, en string, ok bool) {
	t := scheme.Label{}
	if b := x.band(); b != nil && b.Explain.Zh != "" {
		t = b.Explain
	} else if ind := x.ind(); ind != nil {
		t = ind.Explain
	}
	if t.Zh == "" {
		return "", "", false
	}
	return fill(t.Zh, x.templateValues("zh")), fill(t.En, x.templateValues("en")), true
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

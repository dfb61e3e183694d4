package scheme

import (
	"encoding/hex"
	"regexp"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/internal/yamlcheck"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

type compiler struct {
	data  []byte // the file as given
	opts  options
	src   *source
	diags Diagnostics
	s     *Scheme
	raw   rawScheme

	env        *cel.Env
	parser     *celdec.Parser // parses for env and every extension of it
	recordEnvs map[string]*cel.Env
	recordDecl map[string]*celdec.ObjectDecl
	sizes      map[string]uint64
	dynamic    map[string]bool // variable names that read evidence
	readable   map[string]bool // variable names an audit lists as read
	tablesDecl *celdec.ObjectDecl
	runsDecl   *celdec.ObjectDecl // runs.ID, read by vetoes (runs.go)
	runsEnv    *cel.Env
	compiled   map[exprKey]*compiledExpr // expressions that passed, by text and environment
}

func newCompiler(file string, src []byte, opts options) *compiler {
	c := &compiler{data: src, opts: opts, s: &Scheme{file: file}}
	if len(src) > MaxFileSize {
		c.src = &source{file: file, lineStarts: []int{0}} // never read
	} else {
		c.src = newSource(file, src)
	}
	return c
}

func (c *compiler) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: c.src.file}
	}
	return Pos{File: c.src.file, Line: n.Line, Col: n.Column}
}

func (c *compiler) errorf(n *yaml.Node, format string, args ...any) {
	c.diags.add(c.pos(n), format, args...)
}

// keyNode returns the key node named key in mapping n, or n itself.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	if n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i]
			}
		}
	}
	return n
}

// yamlError turns an error of the YAML parser, at line, into a positioned
// diagnostic. When the text shows what is wrong (yamlHint: a full-width
// colon or space, a line indented to no open level), the diagnostic is at
// that line.
func (c *compiler) yamlError(line int, text string) {
	if d, ok := c.yamlHint(text); ok {
		c.diags = append(c.diags, d)
		return
	}
	if strings.Contains(text, "did not find expected ',' or '}'") {
		c.diags.add(Pos{File: c.src.file, Line: max(line, 1), Col: 1}, "YAML: %s; in a flow mapping such as {zh: …, en: …}, quote a text that holds ':', ',', '#', '[', ']', '{' or '}'", text)
		return
	}
	c.diags.add(Pos{File: c.src.file, Line: max(line, 1), Col: 1}, "YAML: %s", text)
}

// parseYAML parses the file's one YAML document and checks its shape
// (yamlcheck.Parse: size, UTF-8, one document, and the tree under
// shapeLimits) before anything else reads it; nil when it may not be read.
func (c *compiler) parseYAML() *yaml.Node {
	doc := yamlcheck.Parse(c.data, shapeLimits, func(line, col int, format string, args ...any) {
		if format == "YAML: %s" && len(args) == 1 {
			if text, ok := args[0].(string); ok {
				c.yamlError(line, text)
				return
			}
		}
		c.diags = append(c.diags, diag(Pos{File: c.src.file, Line: line, Col: col}, format, args...))
	})
	if doc == nil {
		return nil
	}
	return doc.Content[0]
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
var identPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
var indicatorIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

var celReserved = map[string]bool{
	"true": true, "false": true, "null": true, "in": true, "as": true, "break": true,
	"const": true, "continue": true, "else": true, "for": true, "function": true, "if": true,
	"import": true, "let": true, "loop": true, "package": true, "namespace": true,
	"return": true, "var": true, "void": true, "while": true,
}

// names a rule reads besides the inputs.
var reservedVars = map[string]bool{"params": true, "subject": true, "period": true, "record": true}

func (c *compiler) compile() *Scheme {
	root := c.parseYAML()
	if root == nil {
		return nil
	}
	c.s.hash = canonicalHash(root)
	c.s.hashHex = hex.EncodeToString(c.s.hash[:])
	d := &decoder{file: c.src.file, diags: &c.diags}
	d.decodeStruct(root, reflectValue(&c.raw), "")
	r := &c.raw
	s := c.s

	s.id, s.version = r.ID, r.Version
	if r.ID != "" && !idPattern.MatchString(r.ID) {
		c.errorf(resolveValue(r.At, "id"), "id %q: use lower case letters, digits, '-' and '_', starting with a letter", r.ID)
	}
	s.title = c.label(r.Title)
	if r.Source != nil {
		s.source = Source{Document: r.Source.Document, Issuer: r.Source.Issuer, Date: r.Source.Date, Ref: r.Source.Ref}
		if r.Source.Date != "" {
			if _, err := celdec.ParseDate(r.Source.Date); err != nil {
				c.errorf(resolveValue(keyNode(r.At, "source"), ""), "source.date: %v", err)
			}
		}
	}
	s.subjectKind = r.Subject
	if s.subjectKind == "" {
		s.subjectKind = "branch"
	}
	s.period = evidence.PeriodKind(r.Period)
	c.effective()
	c.arithmetic()
	c.params()
	c.inputs()
	c.tablesCompile()
	if !c.buildEnv() {
		return nil
	}
	c.valuesCompile()
	c.subjectExempt()
	c.pools()
	c.links()
	c.cutoffDay()
	c.sections()
	c.total()
	c.tiers()
	c.vetoes()
	c.tierExtras()
	c.tierReach()
	c.runsRead()
	c.rounds()
	c.carry()
	c.ranking()
	c.awards()
	c.sampling()
	c.explain()
	if s.paramObj, _ = paramObject(s.paramDecl, s.params, c.defaults()); s.paramObj == nil {
		return nil // a bad default, reported already
	}
	c.diags = append(c.diags, s.fold()...)
	c.diags = append(c.diags, checkStructure(s)...)
	if len(c.diags) == 0 {
		c.diags = append(c.diags, s.checkBudget(c.opts.limits.Budget)...)
	}
	return s
}

// hasKey reports whether mapping n has the key.
func hasKey(n *yaml.Node, key string) bool {
	k := keyNode(n, key)
	return k != nil && k != n
}

// emptyScalar reports a scalar written as empty text ("" or ”), as
// against nothing (null), which the decoder reports itself.
func emptyScalar(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" && n.Value == ""
}

// resolveValue returns the value node of key in mapping n ("" for n).
func resolveValue(n *yaml.Node, key string) *yaml.Node {
	if key == "" || n == nil || n.Kind != yaml.MappingNode {
		return n
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return n
}

func (c *compiler) defaults() map[string]string {
	c.s.paramVals = map[string]string{}
	for _, p := range c.s.params {
		if !p.Required {
			c.s.paramVals[p.Name] = p.Default
		}
	}
	return c.s.paramVals
}

func (c *compiler) label(l rawLabel) Label { return Label{Zh: l.Zh, En: l.En} }

func (c *compiler) optLabel(l *rawLabel) Label {
	if l == nil {
		return Label{}
	}
	return c.label(*l)
}

func (c *compiler) effective() {
	e := c.raw.Effective
	if e == nil {
		return
	}
	parse := func(key, text string) evidence.Period {
		if text == "" {
			return evidence.Period{}
		}
		p, err := evidence.ParsePeriod(text)
		if err != nil {
			c.errorf(resolveValue(e.At, key), "effective.%s: %v", key, err)
			return evidence.Period{}
		}
		if c.s.period.Valid() && p.Kind != c.s.period {
			c.errorf(resolveValue(e.At, key), "effective.%s: %q is a %s, but the scheme's period is %s", key, text, p.Kind, c.s.period)
		}
		return p
	}
	c.s.effective = Effective{From: parse("from", e.From), To: parse("to", e.To)}
	if f, t := c.s.effective.From, c.s.effective.To; f.Kind != "" && t.Kind != "" && t.Start().Before(f.Start()) {
		c.errorf(resolveValue(e.At, "to"), "effective.to %s is before effective.from %s", t, f)
	}
}

func (c *compiler) arithmetic() {
	a := c.raw.Arithmetic
	ceiling := c.opts.limits.Cost
	c.s.costLimit = ceiling
	if l := c.raw.Limits; l != nil && l.Cost != 0 {
		switch {
		case l.Cost < 0:
			c.errorf(resolveValue(l.At, "cost"), "limits.cost must be positive")
		case uint64(l.Cost) > ceiling:
			c.errorf(resolveValue(l.At, "cost"), "limits.cost %d is above the host's ceiling %d: a scheme may only lower it", l.Cost, ceiling)
		default:
			c.s.costLimit = uint64(l.Cost)
		}
	}
	if a == nil {
		return
	}
	if a.Scale < 0 || a.Scale > 18 {
		c.errorf(resolveValue(a.At, "scale"), "arithmetic.scale %d: want 0 to 18", a.Scale)
	}
	mode, _ := celdec.ParseRounding(a.Rounding)
	c.s.arith = &celdec.Config{Scale: int32(a.Scale), Rounding: mode}
}

func (c *compiler) checkName(n *yaml.Node, what, name string) bool {
	switch {
	case !identPattern.MatchString(name):
		c.errorf(n, "%s %q: use lower case letters, digits and '_', starting with a letter", what, name)
	case celReserved[name]:
		c.errorf(n, "%s %q: a reserved word in rules; choose another name", what, name)
	default:
		return true
	}
	return false
}

func (c *compiler) params() {
	for _, rp := range c.raw.Parameters {
		c.checkName(rp.KeyAt, "parameter", rp.Name)
		p := Param{Name: rp.Name, Type: ValueType(rp.Type), Default: rp.Default, Values: rp.Values,
			Label: c.label(rp.Label), Pos: c.pos(rp.KeyAt), Required: rp.Required}
		if p.Type == EnumType && len(p.Values) == 0 {
			c.errorf(keyNode(rp.At, "type"), "parameter %s: an enum needs values", rp.Name)
		}
		if p.Type != EnumType && len(p.Values) > 0 {
			c.errorf(keyNode(rp.At, "values"), "parameter %s: values apply only to type enum", rp.Name)
		}
		for _, b := range []struct {
			key  string
			text string
			dst  **decimal.Decimal
		}{{"min", rp.Min, &p.Min}, {"max", rp.Max, &p.Max}} {
			if b.text == "" {
				continue
			}
			if p.Type != DecimalType && p.Type != IntType {
				c.errorf(keyNode(rp.At, b.key), "parameter %s: %s applies only to numbers", rp.Name, b.key)
				continue
			}
			v, err := celdec.ParseDecimal(b.text)
			if err != nil {
				c.errorf(resolveValue(rp.At, b.key), "parameter %s: %s: %v", rp.Name, b.key, err)
				continue
			}
			*b.dst = &v
		}
		if p.Min != nil && p.Max != nil && p.Min.GreaterThan(*p.Max) {
			c.errorf(resolveValue(rp.At, "max"), "parameter %s: max %s is below min %s", rp.Name, p.Max, p.Min)
		}
		switch {
		case rp.Required && hasKey(rp.At, "default"):
			c.errorf(keyNode(rp.At, "default"), "parameter %s: a required parameter has no default (the host supplies it); leave default out, or required", rp.Name)
		case rp.Required:
		case !hasKey(rp.At, "default"):
			c.errorf(rp.At, "parameter %s: missing required key \"default\" (or required: true, when the source leaves the value open and none may be invented)", rp.Name)
		case rp.Type == "":
		case rp.Default == "" && p.Type != StringType:
			if emptyScalar(resolveValue(rp.At, "default")) {
				c.errorf(resolveValue(rp.At, "default"), "parameter %s: default: empty; write a value", rp.Name)
			}
		default:
			if _, err := parseParamValue(&p, rp.Default); err != nil {
				c.errorf(resolveValue(rp.At, "default"), "parameter %s: default: %v", rp.Name, err)
			}
		}
		c.s.params = append(c.s.params, p)
	}
}

func celTypeOf(t ValueType) *types.Type {
	switch t {
	case DecimalType:
		return celdec.Type
	case IntType:
		return types.IntType
	case BoolType:
		return types.BoolType
	case DateType:
		return types.TimestampType
	}
	return types.StringType
}

// parseParamValue reads a parameter's value written as text.
func parseParamValue(p *Param, text string) (ref.Val, error) {
	switch p.Type {
	case DecimalType, IntType:
		d, err := celdec.ParseDecimal(strings.TrimSpace(text))
		if err != nil {
			return nil, msg.Errorf("%q is not a number", text)
		}
		if p.Min != nil && d.LessThan(*p.Min) {
			return nil, msg.Errorf("%s is below the minimum %s", text, p.Min)
		}
		if p.Max != nil && d.GreaterThan(*p.Max) {
			return nil, msg.Errorf("%s is above the maximum %s", text, p.Max)
		}
		if p.Type == IntType {
			if !d.IsInteger() {
				return nil, msg.Errorf("%q is not a whole number", text)
			}
			return types.Int(d.IntPart()), nil
		}
		return celdec.New(d), nil
	case BoolType:
		switch text {
		case "true":
			return types.True, nil
		case "false":
			return types.False, nil
		}
		return nil, msg.Errorf("%q is not true or false", text)
	case EnumType:
		if len(text) > maxStringLen {
			return nil, msg.Errorf("text of %d bytes; at most %d", len(text), maxStringLen)
		}
		for _, v := range p.Values {
			if v == text {
				return types.String(text), nil
			}
		}
		return nil, msg.Errorf("%q is not one of %s%s", text, strings.Join(p.Values, ", "), didYouMean(text, p.Values))
	}
	if len(text) > maxStringLen {
		return nil, msg.Errorf("text of %d bytes; at most %d", len(text), maxStringLen)
	}
	return types.String(text), nil
}

func paramObject(decl *celdec.ObjectDecl, params []Param, vals map[string]string) (*celdec.Object, error) {
	out := make([]ref.Val, len(params))
	for i := range params {
		text, ok := vals[params[i].Name]
		if !ok && params[i].Required {
			out[i] = zeroValue(params[i].Type)
			continue
		}
		v, err := parseParamValue(&params[i], text)
		if err != nil {
			return nil, msg.Errorf("parameter %s: %w", params[i].Name, err)
		}
		out[i] = v
	}
	return decl.NewObject(out), nil
}

func (c *compiler) inputs() {
	for _, ri := range c.raw.Inputs {
		ok := c.checkName(ri.KeyAt, "input", ri.Name)
		if ok && reservedVars[ri.Name] {
			c.errorf(ri.KeyAt, "input %q: the name is taken by the rule variable %s", ri.Name, ri.Name)
		}
		// A default given as "" is empty text, not a missing default.
		hasDefault := hasKey(ri.At, "default")
		in := Input{Name: ri.Name, Type: ValueType(ri.Type), Label: c.optLabel(ri.Label), Values: ri.Values,
			Default: ri.Default, Required: !hasDefault && ri.Type != "list", Pos: c.pos(ri.KeyAt),
			Anonymous: ri.Anonymous, Undated: ri.Undated}
		c.inputShape(ri, &in)
		if in.Type == EnumType && len(in.Values) == 0 {
			c.errorf(keyNode(ri.At, "type"), "input %s: an enum needs values", ri.Name)
		}
		if in.Type == ListType {
			if hasDefault {
				c.errorf(keyNode(ri.At, "default"), "input %s: a list has no default (it is empty when left out)", ri.Name)
			}
			seen := map[string]bool{"id": true, "date": true, "documents": true}
			for _, rf := range ri.Fields {
				if c.checkName(rf.KeyAt, "field", rf.Name) && seen[rf.Name] {
					c.errorf(rf.KeyAt, "input %s: field %q is built in (every record has id, date and documents)", ri.Name, rf.Name)
				}
				if ValueType(rf.Type) == EnumType && len(rf.Values) == 0 {
					c.errorf(keyNode(rf.At, "type"), "input %s: field %s: an enum needs values", ri.Name, rf.Name)
				}
				in.Fields = append(in.Fields, Field{Name: rf.Name, Type: ValueType(rf.Type), Values: rf.Values,
					Optional: rf.Optional, Label: c.optLabel(rf.Label),
					Bounds: c.bounds(rf.At, "input "+ri.Name+": field "+rf.Name, ValueType(rf.Type), rf.Min, rf.Max, rf.Scale)})
			}
			for _, rd := range ri.Documents {
				c.checkName(rd.KeyAt, "document kind", rd.Name)
				in.Documents = append(in.Documents, Document{Name: rd.Name, Label: c.label(rd.Label)})
			}
		} else {
			if len(ri.Fields) > 0 || len(ri.Documents) > 0 {
				c.errorf(ri.KeyAt, "input %s: fields and documents apply only to lists", ri.Name)
			}
			switch {
			case !hasDefault || in.Type == "":
			case ri.Default == "" && in.Type != StringType:
				if emptyScalar(resolveValue(ri.At, "default")) {
					c.errorf(resolveValue(ri.At, "default"), "input %s: default: empty; write a value or leave default out to make the input required", ri.Name)
				}
			default:
				p := Param{Name: ri.Name, Type: in.Type, Values: in.Values}
				if in.Type == DateType {
					if _, err := celdec.ParseDate(ri.Default); err != nil {
						c.errorf(resolveValue(ri.At, "default"), "input %s: default: %v", ri.Name, err)
					}
				} else if _, err := parseParamValue(&p, ri.Default); err != nil {
					c.errorf(resolveValue(ri.At, "default"), "input %s: default: %v", ri.Name, err)
				}
			}
		}
		c.s.inputs = append(c.s.inputs, in)
	}
}

// The fixed object types rules read.
var (
	subjectDecl = celdec.NewObjectDecl("subject", []celdec.Field{
		{Name: "id", Type: types.StringType}, {Name: "name", Type: types.StringType},
		{Name: "kind", Type: types.StringType}, {Name: "category", Type: types.StringType}})
	periodDecl = celdec.NewObjectDecl("period", []celdec.Field{
		{Name: "id", Type: types.StringType}, {Name: "kind", Type: types.StringType},
		{Name: "start", Type: types.TimestampType}, {Name: "end", Type: types.TimestampType}})
)

// maxStringLen bounds, in bytes, every string a rule can read: facts and
// record fields of type string, record ids, the subject's id, name, kind
// and category, and string parameters. The cost check counts on it.
const maxStringLen = 4096

func (c *compiler) buildEnv() bool {
	s := c.s
	var pf []celdec.Field
	for _, p := range s.params {
		pf = append(pf, celdec.Field{Name: p.Name, Type: celTypeOf(p.Type)})
	}
	declared := map[string]bool{}
	s.paramDecl = celdec.NewObjectDecl("params", pf)
	decls := []*celdec.ObjectDecl{s.paramDecl, subjectDecl, periodDecl}
	c.recordDecl = map[string]*celdec.ObjectDecl{}
	if c.sizes == nil {
		c.sizes = map[string]uint64{}
	}
	c.dynamic = map[string]bool{"subject": true, "period": true, "record": true}
	for _, f := range subjectDecl.Fields() {
		c.sizes["subject."+f.Name] = maxStringLen
	}
	c.sizes["period.id"], c.sizes["period.kind"] = maxStringLen, maxStringLen
	for _, p := range s.params {
		if p.Type == StringType || p.Type == EnumType {
			c.sizes["params."+p.Name] = maxStringLen
		}
	}
	vars := []cel.EnvOption{
		cel.Variable("params", s.paramDecl.Type()),
		cel.Variable("subject", subjectDecl.Type()),
		cel.Variable("period", periodDecl.Type()),
	}
	if c.tablesDecl != nil {
		decls = append(decls, c.tablesDecl)
		vars = append(vars, cel.Variable("tables", c.tablesDecl.Type()))
		declared["tables"] = true
	}
	for _, in := range s.inputs {
		if !identPattern.MatchString(in.Name) || celReserved[in.Name] || reservedVars[in.Name] || declared[in.Name] {
			continue // reported already
		}
		declared[in.Name] = true
		c.dynamic[in.Name] = true
		if in.Type != ListType {
			vars = append(vars, cel.Variable(in.Name, celTypeOf(in.Type)))
			if in.Type == StringType || in.Type == EnumType {
				c.sizes[in.Name] = maxStringLen
			}
			continue
		}
		if in.Of != "" {
			vars = append(vars, cel.Variable(in.Name, types.NewListType(celTypeOf(in.Of))))
			c.sizes[in.Name] = uint64(max(in.Max, 0))
			if in.Of == StringType || in.Of == EnumType {
				c.sizes[in.Name+".@items"] = maxStringLen
			}
			continue
		}
		var fields []celdec.Field
		if !in.Anonymous {
			fields = append(fields, celdec.Field{Name: "id", Type: types.StringType})
		}
		if !in.Undated {
			fields = append(fields, celdec.Field{Name: "date", Type: types.TimestampType})
		}
		fields = append(fields, celdec.Field{Name: "documents", Type: types.NewListType(types.StringType)})
		for _, f := range in.Fields {
			fields = append(fields, celdec.Field{Name: f.Name, Type: celTypeOf(f.Type)})
			if f.Type == StringType || f.Type == EnumType {
				c.sizes[in.Name+".@items."+f.Name] = maxStringLen
				c.sizes["record."+f.Name] = maxStringLen
			}
		}
		decl := celdec.NewObjectDecl(in.Name+"_record", fields)
		decls = append(decls, decl)
		c.recordDecl[in.Name] = decl
		vars = append(vars, cel.Variable(in.Name, types.NewListType(decl.Type())))
		c.sizes[in.Name] = uint64(max(in.Max, 0))
		c.sizes[in.Name+".@items.documents"] = uint64(len(in.Documents))
		c.sizes["record.documents"] = max(c.sizes["record.documents"], uint64(len(in.Documents)))
		for _, d := range in.Documents {
			n := uint64(len(d.Name))
			c.sizes[in.Name+".@items.documents.@items"] = max(c.sizes[in.Name+".@items.documents.@items"], n)
			c.sizes["record.documents.@items"] = max(c.sizes["record.documents.@items"], n)
		}
		c.sizes[in.Name+".@items.id"] = maxStringLen
	}
	if d := c.runsDeclare(); d != nil {
		decls = append(decls, d)
	}
	prov, err := celdec.NewProvider(decls...)
	if err != nil {
		c.diags.add(Pos{File: c.src.file}, "internal: %v", err)
		return false
	}
	cfg := celdec.Config{Scale: 0, Rounding: celdec.HalfUp}
	if s.arith != nil {
		cfg = *s.arith
	}
	env, parser, err := schemeEnv(cfg, prov, vars)
	if err != nil {
		c.diags.add(Pos{File: c.src.file}, "internal: %v", err)
		return false
	}
	c.env, c.parser = env, parser
	c.readable = map[string]bool{"params": true}
	for k := range c.dynamic {
		c.readable[k] = true
	}
	c.recordEnvs = map[string]*cel.Env{}
	s.recordDecls = c.recordDecl
	return true
}

func (c *compiler) recordEnv(input string) *cel.Env {
	if e, ok := c.recordEnvs[input]; ok {
		return e
	}
	decl := c.recordDecl[input]
	if decl == nil {
		return c.env // a list of plain values has no records; refused where it is scored record by record
	}
	e, err := c.env.Extend(cel.Variable("record", decl.Type()))
	if err != nil {
		c.diags.add(Pos{File: c.src.file}, "internal: %v", err)
		return c.env
	}
	c.recordEnvs[input] = e
	return e
}

func (c *compiler) pools() {
	for _, rp := range c.raw.Pools {
		c.checkName(rp.KeyAt, "pool", rp.Name)
		if rp.Choose <= 0 {
			c.errorf(resolveValue(rp.At, "choose"), "pool %s: choose must be at least 1", rp.Name)
		}
		c.s.pools = append(c.s.pools, Pool{Name: rp.Name, Choose: rp.Choose, Label: c.label(rp.Label)})
	}
}

func (c *compiler) links() {
	owner := map[string]string{}
	for _, rl := range c.raw.Links {
		c.checkName(rl.KeyAt, "link", rl.Name)
		l := Link{Name: rl.Name, Label: c.label(rl.Label), Inputs: rl.Inputs, Pairs: map[string]string{}}
		list := resolveValue(rl.At, "inputs")
		for i, name := range rl.Inputs {
			n := list
			if n != nil && i < len(n.Content) {
				n = n.Content[i]
			}
			if c.input(name) == nil {
				c.errorf(n, "link %s: no input %q is declared%s", rl.Name, name, didYouMean(name, c.inputNames()))
			} else if prev, ok := owner[name]; ok {
				c.errorf(n, "link %s: input %q is already taken by link %s", rl.Name, name, prev)
			}
			owner[name] = rl.Name
		}
		for _, p := range rl.Pairs {
			if p.Name == p.Unit {
				c.errorf(p.KeyAt, "link %s: %s cannot be linked to itself", rl.Name, p.Name)
			}
			l.Pairs[p.Name] = p.Unit
		}
		c.s.links = append(c.s.links, l)
	}
}

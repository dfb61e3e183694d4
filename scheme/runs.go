package scheme

import (
	"regexp"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/internal/celdec"
)

// Runs of deductions a veto reads (issue 15, item 10c/12):
// 「连续6个月不交纳党费…按自行脱党处理」. In a veto's when, runs.ID is the
// number of periods in a row, this one included, in which indicator ID
// lost points (0 when it lost none this period), the earlier periods read
// from the ledger of the period before.

// celIdent is what CEL accepts as a field name after runs.
var celIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// runsDeclare declares the runs object, one int field per top-level
// indicator, before the rule environment is built; the variable itself
// is added only to the vetoes' environment (vetoEnv). It declares nothing
// when an input takes the name.
func (c *compiler) runsDeclare() *celdec.ObjectDecl {
	if c.input("runs") != nil {
		return nil
	}
	var fields []celdec.Field
	seen := map[string]bool{}
	for _, sec := range c.raw.Sections {
		for _, ri := range sec.Indicators {
			if celIdent.MatchString(ri.ID) && !celReserved[ri.ID] && !seen[ri.ID] {
				seen[ri.ID] = true
				fields = append(fields, celdec.Field{Name: ri.ID, Type: types.IntType})
			}
		}
	}
	c.runsDecl = celdec.NewObjectDecl("branchscore.runs", fields) // not "runs": the bare name would resolve to the type outside vetoes
	return c.runsDecl
}

// vetoEnv is the rule environment with runs, for the vetoes' conditions.
func (c *compiler) vetoEnv() *cel.Env {
	if c.runsDecl == nil {
		return c.env // an input took the name
	}
	for _, rv := range c.raw.Values {
		if rv.Name == "runs" {
			return c.env // a named value took the name
		}
	}
	if c.runsEnv != nil {
		return c.runsEnv
	}
	env, err := c.env.Extend(cel.Variable("runs", c.runsDecl.Type()))
	if err != nil {
		return c.env
	}
	c.runsEnv = env
	c.dynamic["runs"], c.readable["runs"] = true, true
	return env
}

// runsRead records the indicators whose runs the vetoes read, and refuses
// a veto that zeroes points and reads a run: it is decided before any
// indicator is scored, so no run is known yet.
func (c *compiler) runsRead() {
	if c.runsEnv == nil {
		return
	}
	read := map[string]bool{}
	for i := range c.s.vetoes {
		v := &c.s.vetoes[i]
		if v.When == nil {
			continue
		}
		var ids []string
		for _, r := range v.When.Reads() {
			if id, ok := strings.CutPrefix(r, "runs."); ok {
				ids = append(ids, id)
				read[id] = true
			}
		}
		if len(ids) > 0 && v.Zero != "" {
			c.errorf(resolveValue(c.raw.Vetoes[i].At, "zero"), "veto %s: a veto that sets points to 0 is decided before the indicators are scored, so it cannot read runs.%s; give it a tier, or read the run in another veto", v.ID, ids[0])
		}
	}
	for _, ind := range c.s.indicators {
		if read[ind.ID] {
			c.s.runs = append(c.s.runs, ind.ID)
		}
	}
	if len(c.s.runs) > 0 {
		c.s.runsDecl = c.runsDecl
	}
}

// runIDs lists, in scheme order, the indicators whose runs of deductions a
// veto reads (runs.ID): the ledger keeps their runs as it keeps those of
// an indicator with a repeated rule.
func (s *Scheme) runIDs() []string { return s.runs }

// readsRun reports whether a veto reads the run of indicator id.
func (s *Scheme) readsRun(id string) bool { return slices.Contains(s.runs, id) }

// WithRuns sets in b the runs the vetoes read (indicator id → periods in
// a row it lost points, this one included); an indicator not in runs
// reads 0.
func (b *binding) WithRuns(runs map[string]int) {
	if b.s.runsDecl == nil || b.s.layout.runs < 0 {
		return
	}
	vals := make([]ref.Val, len(b.s.runsDecl.Fields()))
	for i, f := range b.s.runsDecl.Fields() {
		vals[i] = types.Int(runs[f.Name])
	}
	b.slots[b.s.layout.runs].val = b.s.runsDecl.NewObject(vals)
}

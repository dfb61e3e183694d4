// Package schemetest runs scheme test files: YAML files of cases beside a
// scheme (tingnan-2017.test.yaml beside tingnan-2017.yaml), each with
// evidence and what the scheme must make of it — total, tier, points per
// indicator, vetoes, an error, or a period's ranks and awards. A party
// office changes a scheme and runs its tests before publishing it.
//
// For scheme tests: a host's own go test (Run, which needs only the
// standard testing package), and the branchscore test command (Load,
// File.Run, Cover, Update). The file format is in docs/scheme-tests.md,
// with its JSON Schema (scheme-test.schema.json, JSONSchema). Read first:
// Run.
//
// From Go, Run(t, path) runs a file as subtests (with the standard testing
// package only), so a host's own go test covers its own schemes. Load and File.Run give the outcomes
// as data (the branchscore test command prints them like go test), Cover
// reports which bands, gates, grades, vetoes and tiers the cases
// exercised, and Update rewrites a file's expectations after a deliberate
// change, keeping its comments.
//
// A test file:
//
//	scheme: tingnan-2017.yaml          # relative to the test file
//	cases:
//	  - name: 综采一队 March             # one subject
//	    evidence: ../examples/data/tingnan-2017/2017-03-zongcai1.json
//	    params: {brand_project_points: "2"}
//	    expect:
//	      total: "5.2"
//	      indicators: {A1: "2", B1: "3"}
//	      rectification: {zc1/A3: "2"}  # the rectification list: item id → points lost
//	  - name: March ranking             # several subjects: ranks and awards
//	    evidence: [a.json, b.json]      # files, or evidence written inline
//	    ledger: ledger-2017-02.json
//	    expect:
//	      subjects: {zc1: {total: "5.2"}}
//	      ranks: {zc1: 1, zj: 2}
//	      awards: {red_flag: [zc1]}
//	      holders: {banner: zc1}
//
// A test file is untrusted input like a scheme: a clerk writes it and
// uploads it with the scheme. Load holds it to a scheme file's bounds
// before anything reads it, and refuses with positioned diagnostics
// ("file:line:col: message", every problem at once where the file can be
// read that far): at most MaxFileSize bytes (1 MiB) of valid UTF-8 holding
// exactly one YAML document, no anchors, aliases or merge keys (an alias
// stands for its anchor's whole tree: a few hundred bytes of nested aliases
// would expand to gigabytes of evidence), nesting at most scheme.MaxDepth
// (32) levels, at most scheme.MaxNodes (50,000) nodes, and no control
// characters but tabs and line breaks.
//
// Evidence is bounded by evidence.MaxFileSize (16 MiB), as evidence.Decode
// bounds it anywhere: an evidence or ledger file a case names is read up to
// that size. Evidence written inline is turned into JSON, each node once:
// at most six bytes for a byte of the file (< > and & become \u003c
// escapes) and a few bytes more for each node (~ becomes null), under 7 MiB
// for a test file at its limits. So an inline document a test file may
// hold is never refused for its size, and the 16 MiB bound, which still
// applies, is not what keeps a test file small: its own 1 MiB is.
package schemetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/yamlcheck"
	"github.com/branchscore/branchscore/scheme"
	"go.yaml.in/yaml/v3"
)

// File is a loaded scheme test file.
type File struct {
	Path   string
	Scheme *scheme.Scheme
	Cases  []*Case

	root *yaml.Node // kept for Update
}

// Case is one test case.
type Case struct {
	Name     string
	Pos      string // file:line of the case
	Evidence []*evidence.Evidence
	Units    []*evidence.Evidence // further evidence for links
	Params   map[string]string
	Ledger   *engine.Ledger
	Expect   Expect

	node *yaml.Node // the case's mapping, for Update
}

// Expect is what a case expects. Empty fields are not checked. In a case
// that ranks its subjects, a subject's tier is the one after the tiers'
// quotas; with rounds combined on the total, an indicator's points are its
// points weighted over the rounds.
type Expect struct {
	Total      string            `yaml:"total,omitempty"`
	Tier       string            `yaml:"tier,omitempty"`
	Indicators map[string]string `yaml:"indicators,omitempty"`
	Vetoes     []string          `yaml:"vetoes,omitempty"`
	Pending    []string          `yaml:"pending,omitempty"` // vetoes awaiting their decision
	// Consequences are what the tier and the vetoes bring (no_awards …).
	Consequences []string `yaml:"consequences,omitempty"`
	// Rectification is the subject's rectification list: each item's id
	// and the points it lost ("" for an item without: a failed gate
	// without fixed points, a veto). Every item must be listed.
	Rectification map[string]string `yaml:"rectification,omitempty"`
	Error         string            `yaml:"error,omitempty"` // a substring of the error
	// NotAssessed: the scheme does not assess the subject at all (its
	// result has no total and no tier).
	NotAssessed bool `yaml:"not_assessed,omitempty"`

	Subjects map[string]Expect   `yaml:"subjects,omitempty"`
	Ranks    map[string]int      `yaml:"ranks,omitempty"`
	Awards   map[string][]string `yaml:"awards,omitempty"`
	Holders  map[string]string   `yaml:"holders,omitempty"`
}

type rawFile struct {
	Scheme string    `yaml:"scheme"`
	Cases  []rawCase `yaml:"cases"`
}

type rawCase struct {
	Name     string            `yaml:"name"`
	Evidence yaml.Node         `yaml:"evidence"`
	Units    []string          `yaml:"units"`
	Params   map[string]string `yaml:"params"`
	Ledger   yaml.Node         `yaml:"ledger"`
	Expect   Expect            `yaml:"expect"`
}

// MaxFileSize is the largest scheme test file Load accepts: 1 MiB, as for
// a scheme file.
const MaxFileSize = 1 << 20

// shapeLimits are the bounds yamlcheck holds a test file to: a scheme
// file's.
var shapeLimits = yamlcheck.Limits{Noun: "scheme test file", MaxSize: MaxFileSize, MaxDepth: scheme.MaxDepth, MaxNodes: scheme.MaxNodes}

// Load reads a test file and what it names: the scheme (compiled) and the
// evidence files, relative to the test file. When the file can be read,
// the error, if any, is scheme.Diagnostics holding every problem found, in
// the test file and in the scheme it names, each "file:line:col: message".
func Load(path string) (*File, error) {
	src, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return load(path, src)
}

// readFile reads at most MaxFileSize bytes of the file; a larger file is
// refused without reading it all.
func readFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	if info, err := fh.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > MaxFileSize {
		return nil, scheme.Diagnostics{{Pos: scheme.Pos{File: path, Line: 1, Col: 1}, Message: yamlcheck.SizeMessage(shapeLimits, info.Size())}}
	}
	// One byte more than the limit, for Parse to refuse.
	return io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
}

// loader collects the diagnostics of one test file.
type loader struct {
	path  string
	dir   string
	diags scheme.Diagnostics
}

// errorf adds a diagnostic at n, one for each line of the message.
func (l *loader) errorf(n *yaml.Node, format string, args ...any) {
	p := scheme.Pos{File: l.path, Line: 1, Col: 1}
	if n != nil && n.Line > 0 {
		p.Line, p.Col = n.Line, max(n.Column, 1)
	}
	for _, msg := range strings.Split(fmt.Sprintf(format, args...), "\n") {
		l.diags = append(l.diags, scheme.Diagnostic{Pos: p, Message: msg})
	}
}

// load reads a test file from src; path names it and the files it names
// are relative to it.
func load(path string, src []byte) (f *File, err error) {
	l := &loader{path: path, dir: filepath.Dir(path)}
	defer func() {
		if r := recover(); r != nil {
			l.errorf(nil, "YAML decoder failed: %v", r)
			f, err = nil, l.diags
		}
	}()
	root := yamlcheck.Parse(src, shapeLimits, func(line, col int, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		l.diags = append(l.diags, scheme.Diagnostic{Pos: scheme.Pos{File: path, Line: line, Col: col}, Message: msg})
	})
	if root == nil {
		return nil, l.diags
	}
	// Parse refused aliases, merge keys and a second document, so the
	// decoder reads each node of the one document once.
	var raw rawFile
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			l.errorf(nil, "YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
			return nil, l.diags
		}
		for _, msg := range te.Errors {
			l.typeError(root, msg)
		}
	}
	f = &File{Path: path, root: root}
	schemePath := raw.Scheme
	if schemePath == "" {
		schemePath = strings.TrimSuffix(filepath.Base(path), ".test.yaml") + ".yaml"
	}
	top := root.Content[0]
	if f.Scheme, err = compileScheme(filepath.Join(l.dir, schemePath)); err != nil {
		var ds scheme.Diagnostics
		if errors.As(err, &ds) {
			l.diags = append(l.diags, ds...)
		} else {
			l.errorf(valueNode(top, "scheme"), "scheme: %v", err)
		}
	}
	caseNodes := valueNode(top, "cases")
	for i, rc := range raw.Cases {
		c := &Case{Name: rc.Name, Params: rc.Params, Expect: rc.Expect}
		if caseNodes != nil && caseNodes.Kind == yaml.SequenceNode && i < len(caseNodes.Content) {
			c.node = caseNodes.Content[i]
			c.Pos = fmt.Sprintf("%s:%d", path, c.node.Line)
		}
		if c.Name == "" {
			c.Name = fmt.Sprintf("case %d", i+1)
		}
		l.loadCase(c, &rc)
		f.Cases = append(f.Cases, c)
	}
	if len(l.diags) > 0 {
		l.diags.Sort()
		return nil, l.diags
	}
	return f, nil
}

// compileScheme compiles the scheme file at path. A regular file is sized
// before it is read (scheme.CompileFile); anything else — a device, a
// pipe, which say nothing of their size — is read up to one byte over
// scheme.MaxFileSize, for Compile to refuse, never to its end.
func compileScheme(path string) (*scheme.Scheme, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	if info, err := fh.Stat(); err == nil && info.Mode().IsRegular() {
		return scheme.CompileFile(path)
	}
	src, err := io.ReadAll(io.LimitReader(fh, scheme.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return scheme.Compile(path, src)
}

// loadCase reads the evidence, units and ledger a case names.
func (l *loader) loadCase(c *Case, rc *rawCase) {
	var err error
	fail := func(n *yaml.Node, what string, err error) {
		var ne *nodeError
		if errors.As(err, &ne) {
			n, err = ne.n, ne.err
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, what+": ") {
			msg = what + ": " + msg // engine.DecodeLedger's errors name the ledger already
		}
		l.errorf(n, "%s: %s", c.Name, msg)
	}
	if c.Evidence, err = loadEvidence(l.dir, &rc.Evidence); err != nil {
		fail(&rc.Evidence, "evidence", err)
	} else if len(c.Evidence) == 0 {
		l.errorf(c.node, "%s: no evidence", c.Name)
	}
	units := valueNode(c.node, "units")
	for i, u := range rc.Units {
		evs, err := evidence.ReadFile(filepath.Join(l.dir, u))
		if err != nil {
			var at *yaml.Node
			if units != nil && units.Kind == yaml.SequenceNode && i < len(units.Content) {
				at = units.Content[i]
			}
			fail(at, "units", err)
		}
		c.Units = append(c.Units, evs...)
	}
	if rc.Ledger.Kind != 0 {
		if c.Ledger, err = loadLedger(l.dir, &rc.Ledger); err != nil {
			fail(&rc.Ledger, "ledger", err)
		}
	}
}

// nodeError is an error at a node inside a case's value.
type nodeError struct {
	n   *yaml.Node
	err error
}

func (e *nodeError) Error() string { return e.err.Error() }
func (e *nodeError) Unwrap() error { return e.err }

// typeError positions an error of the YAML decoder ("line 3: field x not
// found in type schemetest.rawCase") at the node it is about, found on its
// line — the key named, the value that could not be read — or else at the
// line's first node, and says an unknown field in the file's terms.
func (l *loader) typeError(root *yaml.Node, msg string) {
	m := typeErrorLine.FindStringSubmatch(msg)
	if m == nil {
		l.errorf(nil, "%s", msg)
		return
	}
	line, _ := strconv.Atoi(m[1])
	msg = m[2]
	match := func(*yaml.Node, bool) bool { return false }
	if k := unknownField.FindStringSubmatch(msg); k != nil {
		msg = fmt.Sprintf("unknown key %q", k[1])
		match = func(n *yaml.Node, isKey bool) bool { return isKey && n.Value == k[1] }
	} else if u := cannotUnmarshal.FindStringSubmatch(msg); u != nil {
		tag, value, cut := u[1], u[2], strings.TrimSuffix(u[2], "...")
		match = func(n *yaml.Node, isKey bool) bool {
			switch tag {
			case "!!seq":
				return n.Kind == yaml.SequenceNode
			case "!!map":
				return n.Kind == yaml.MappingNode
			}
			return !isKey && n.Kind == yaml.ScalarNode && (n.Value == value || cut != value && strings.HasPrefix(n.Value, cut))
		}
	}
	at := nodeAt(root, line, match)
	if at == nil {
		at = &yaml.Node{Line: line, Column: 1}
	}
	l.errorf(at, "%s", msg)
}

var (
	typeErrorLine   = regexp.MustCompile(`^line (\d+): (.*)$`)
	unknownField    = regexp.MustCompile(`^field (.*) not found in type \S+$`)
	cannotUnmarshal = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `(.*)`)? into ")
)

// nodeAt returns the leftmost node on line that match accepts (told
// whether the node is a mapping key), or else the leftmost node on line.
func nodeAt(root *yaml.Node, line int, match func(n *yaml.Node, isKey bool) bool) *yaml.Node {
	var first, matched *yaml.Node
	var walk func(n *yaml.Node, isKey bool)
	walk = func(n *yaml.Node, isKey bool) {
		if n.Line == line && n.Kind != yaml.DocumentNode {
			if first == nil || n.Column < first.Column {
				first = n
			}
			if match(n, isKey) && (matched == nil || n.Column < matched.Column) {
				matched = n
			}
		}
		for i, c := range n.Content {
			walk(c, n.Kind == yaml.MappingNode && i%2 == 0)
		}
	}
	walk(root, false)
	if matched != nil {
		return matched
	}
	return first
}

// valueNode returns the value of key in mapping m, or nil.
func valueNode(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// loadEvidence reads a file name, a list of file names, or evidence
// written inline (a mapping, or a list of mappings). An error is a
// *nodeError at the item that failed.
func loadEvidence(dir string, n *yaml.Node) ([]*evidence.Evidence, error) {
	switch n.Kind {
	case 0:
		return nil, nil
	case yaml.ScalarNode:
		evs, err := evidence.ReadFile(filepath.Join(dir, n.Value))
		if err != nil {
			return nil, &nodeError{n, err}
		}
		return evs, nil
	case yaml.SequenceNode:
		var out []*evidence.Evidence
		for _, item := range n.Content {
			evs, err := loadEvidence(dir, item)
			if err != nil {
				return nil, err
			}
			out = append(out, evs...)
		}
		return out, nil
	}
	js, err := toJSON(n)
	if err != nil {
		return nil, err
	}
	evs, err := evidence.Decode(bytes.NewReader(js))
	if err != nil {
		return nil, &nodeError{n, err}
	}
	return evs, nil
}

// loadLedger reads a ledger file, at most evidence.MaxFileSize bytes of
// it, or a ledger written inline.
func loadLedger(dir string, n *yaml.Node) (*engine.Ledger, error) {
	var data []byte
	var err error
	if n.Kind == yaml.ScalarNode {
		data, err = readLimited(filepath.Join(dir, n.Value), evidence.MaxFileSize)
	} else {
		data, err = toJSON(n)
	}
	if err != nil {
		return nil, err
	}
	l, err := engine.DecodeLedger(bytes.NewReader(data))
	if err != nil {
		return nil, &nodeError{n, err}
	}
	return l, nil
}

// readLimited reads a file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, nil
}

// toJSON turns inline YAML into JSON, keeping numbers exactly as written
// (never through a float). The tree holds no aliases (yamlcheck.Parse
// refused them), so each node is written once and the JSON stays within a
// few times the file's size; past evidence.MaxFileSize it stops all the
// same. An error is a *nodeError.
func toJSON(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		if b.Len() > evidence.MaxFileSize {
			return &nodeError{n, fmt.Errorf("written inline, more than %d bytes as JSON", evidence.MaxFileSize)}
		}
		switch n.Kind {
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				b.WriteString("null")
				return nil
			}
			return walk(n.Content[0])
		case yaml.AliasNode:
			return &nodeError{n, fmt.Errorf("alias *%s: anchors and aliases are not allowed in a scheme test file", n.Value)}
		case yaml.MappingNode:
			b.WriteByte('{')
			for i := 0; i+1 < len(n.Content); i += 2 {
				if i > 0 {
					b.WriteByte(',')
				}
				k, _ := json.Marshal(n.Content[i].Value)
				b.Write(k)
				b.WriteByte(':')
				if err := walk(n.Content[i+1]); err != nil {
					return err
				}
			}
			b.WriteByte('}')
		case yaml.SequenceNode:
			b.WriteByte('[')
			for i, c := range n.Content {
				if i > 0 {
					b.WriteByte(',')
				}
				if err := walk(c); err != nil {
					return err
				}
			}
			b.WriteByte(']')
		case yaml.ScalarNode:
			switch n.ShortTag() {
			case "!!int", "!!float":
				if !json.Valid([]byte(n.Value)) {
					return &nodeError{n, fmt.Errorf("%q is not a plain number; quote it", n.Value)}
				}
				b.WriteString(n.Value)
			case "!!bool":
				b.WriteString(strings.ToLower(n.Value))
			case "!!null":
				b.WriteString("null")
			default:
				s, _ := json.Marshal(n.Value)
				b.Write(s)
			}
		}
		if b.Len() > evidence.MaxFileSize {
			return &nodeError{n, fmt.Errorf("written inline, more than %d bytes as JSON", evidence.MaxFileSize)}
		}
		return nil
	}
	if err := walk(n); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

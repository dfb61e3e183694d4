// Package schemetest runs scheme test files: YAML files of cases beside a
// scheme (tingnan-2017.test.yaml beside tingnan-2017.yaml), each with
// evidence and what the scheme must make of it — total, tier, points per
// indicator, vetoes, an error, or a period's ranks and awards. A party
// office changes a scheme and runs its tests before publishing it.
//
// From Go, Run(t, path) runs a file as subtests with testify, so a host's
// own go test covers its own schemes. Load and File.Run give the outcomes
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
//	  - name: March ranking             # several subjects: ranks and awards
//	    evidence: [a.json, b.json]      # files, or evidence written inline
//	    ledger: ledger-2017-02.json
//	    expect:
//	      subjects: {zc1: {total: "5.2"}}
//	      ranks: {zc1: 1, zj: 2}
//	      awards: {red_flag: [zc1]}
//	      holders: {banner: zc1}
package schemetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
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
	Error      string            `yaml:"error,omitempty"` // a substring of the error
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

// Load reads a test file and what it names: the scheme (compiled) and the
// evidence files, relative to the test file.
func Load(path string) (*File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var raw rawFile
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	f := &File{Path: path, root: &root}
	schemePath := raw.Scheme
	if schemePath == "" {
		schemePath = strings.TrimSuffix(filepath.Base(path), ".test.yaml") + ".yaml"
	}
	if f.Scheme, err = scheme.CompileFile(filepath.Join(dir, schemePath)); err != nil {
		return nil, err
	}
	caseNodes := casesNode(&root)
	var errs []string
	for i, rc := range raw.Cases {
		c := &Case{Name: rc.Name, Params: rc.Params, Expect: rc.Expect}
		if caseNodes != nil && i < len(caseNodes.Content) {
			c.node = caseNodes.Content[i]
			c.Pos = fmt.Sprintf("%s:%d", path, c.node.Line)
		}
		if c.Name == "" {
			c.Name = fmt.Sprintf("case %d", i+1)
		}
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Sprintf("%s: %s: %s", c.Pos, c.Name, fmt.Sprintf(format, args...)))
		}
		if c.Evidence, err = loadEvidence(dir, &rc.Evidence); err != nil {
			fail("evidence: %v", err)
		} else if len(c.Evidence) == 0 {
			fail("no evidence")
		}
		for _, u := range rc.Units {
			evs, err := evidence.ReadFile(filepath.Join(dir, u))
			if err != nil {
				fail("units: %v", err)
			}
			c.Units = append(c.Units, evs...)
		}
		if rc.Ledger.Kind != 0 {
			if c.Ledger, err = loadLedger(dir, &rc.Ledger); err != nil {
				fail("ledger: %v", err)
			}
		}
		f.Cases = append(f.Cases, c)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return f, nil
}

func casesNode(root *yaml.Node) *yaml.Node {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "cases" {
			return m.Content[i+1]
		}
	}
	return nil
}

// loadEvidence reads a file name, a list of file names, or evidence
// written inline (a mapping, or a list of mappings).
func loadEvidence(dir string, n *yaml.Node) ([]*evidence.Evidence, error) {
	switch n.Kind {
	case 0:
		return nil, nil
	case yaml.ScalarNode:
		return evidence.ReadFile(filepath.Join(dir, n.Value))
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
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	return evs, nil
}

func loadLedger(dir string, n *yaml.Node) (*engine.Ledger, error) {
	var data []byte
	var err error
	if n.Kind == yaml.ScalarNode {
		data, err = os.ReadFile(filepath.Join(dir, n.Value))
	} else {
		data, err = toJSON(n)
	}
	if err != nil {
		return nil, err
	}
	return engine.DecodeLedger(bytes.NewReader(data))
}

// toJSON turns inline YAML into JSON, keeping numbers exactly as written
// (never through a float).
func toJSON(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		switch n.Kind {
		case yaml.DocumentNode:
			return walk(n.Content[0])
		case yaml.AliasNode:
			return walk(n.Alias)
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
					return fmt.Errorf("line %d: %q is not a plain number; quote it", n.Line, n.Value)
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
		return nil
	}
	if err := walk(n); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

package schemetest

import (
	"bytes"
	"fmt"
	"os"
	"sort"

	"go.yaml.in/yaml/v3"
)

// Update rewrites the expectations of the file's cases to the outcomes
// given (from Run), keeping the rest of the file and its comments. It is
// for accepting a deliberate change: review the diff before committing.
func (f *File) Update(outcomes []*Outcome) error {
	for _, o := range outcomes {
		if o.Case.node == nil {
			continue
		}
		exp := &yaml.Node{}
		if err := exp.Encode(o.Actual); err != nil {
			return err
		}
		sortMappings(exp)
		setKey(o.Case.node, "expect", exp)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f.root); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(f.Path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("update %s: %w", f.Path, err)
	}
	return nil
}

// setKey sets key in mapping m to v, keeping the old value's comments.
func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			old := m.Content[i+1]
			v.HeadComment, v.LineComment, v.FootComment = old.HeadComment, old.LineComment, old.FootComment
			keepComments(old, v)
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

// keepComments copies the comments of old's keys to the same keys of v,
// recursively, so that the working written beside an expectation stays.
func keepComments(old, v *yaml.Node) {
	if old.Kind != yaml.MappingNode || v.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(old.Content); i += 2 {
		for j := 0; j+1 < len(v.Content); j += 2 {
			if old.Content[i].Value != v.Content[j].Value {
				continue
			}
			ok, nk := old.Content[i], v.Content[j]
			nk.HeadComment, nk.LineComment, nk.FootComment = ok.HeadComment, ok.LineComment, ok.FootComment
			ov, nv := old.Content[i+1], v.Content[j+1]
			nv.HeadComment, nv.LineComment, nv.FootComment = ov.HeadComment, ov.LineComment, ov.FootComment
			if nv.Kind == yaml.MappingNode && ov.Kind == yaml.MappingNode && ov.Style == yaml.FlowStyle {
				nv.Style = yaml.FlowStyle
			}
			keepComments(ov, nv)
		}
	}
}

// sortMappings orders the keys of maps that came from Go maps.
func sortMappings(n *yaml.Node) {
	for _, c := range n.Content {
		sortMappings(c)
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	type pair struct{ k, v *yaml.Node }
	var ps []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		ps = append(ps, pair{n.Content[i], n.Content[i+1]})
	}
	order := map[string]int{"total": 0, "tier": 1, "vetoes": 2, "pending": 3, "consequences": 4, "indicators": 5, "rectification": 6, "error": 7, "subjects": 8, "ranks": 9, "awards": 10, "holders": 11}
	sort.SliceStable(ps, func(i, j int) bool {
		oi, iok := order[ps[i].k.Value]
		oj, jok := order[ps[j].k.Value]
		if iok && jok {
			return oi < oj
		}
		return ps[i].k.Value < ps[j].k.Value
	})
	n.Content = n.Content[:0]
	for _, p := range ps {
		n.Content = append(n.Content, p.k, p.v)
	}
}

// Package schemes holds the built-in scheme files, embedded in the binary,
// so that a host can load one by id:
//
//	s, err := schemes.Load("tingnan-2017")
//
// Each file names its source document and states, in comments and notes,
// every reading it takes of an ambiguous rule.
//
// Package schemes (plural) holds files, not the language: the scheme
// files here are compiled by package scheme (singular), the language and
// its compiler, exactly as a host's own file would be. For hosts that use
// a built-in scheme, and for clerks reading a worked scheme before writing
// their own (the .yaml files in this directory, with their .test.yaml).
// Read first: Load and IDs.
package schemes

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/branchscore/branchscore/scheme"
)

//go:embed *.yaml
var files embed.FS

// IDs lists the built-in schemes.
func IDs() []string {
	entries, _ := fs.ReadDir(files, ".")
	var ids []string
	seen := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".test.yaml") {
			id, _, _ := strings.Cut(strings.TrimSuffix(name, ".yaml"), "@") // ID@VERSION.yaml: another version
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// Source returns the text of the built-in scheme id.
func Source(id string) ([]byte, error) {
	b, err := files.ReadFile(id + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no built-in scheme %q (have %s)", id, strings.Join(IDs(), ", "))
	}
	return b, nil
}

// LoadFor compiles the built-in version of scheme id in force in period:
// files named ID.yaml and ID@VERSION.yaml are versions of one scheme, told
// apart by their effective dates.
func LoadFor(id, period string) (*scheme.Scheme, error) {
	entries, _ := fs.ReadDir(files, ".")
	var list []*scheme.Scheme
	for _, e := range entries {
		name := e.Name()
		base, _, _ := strings.Cut(strings.TrimSuffix(name, ".yaml"), "@")
		if base != id || strings.HasSuffix(name, ".test.yaml") {
			continue
		}
		src, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s, err := scheme.Compile("schemes/"+name, src)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("no built-in scheme %q (have %s)", id, strings.Join(IDs(), ", "))
	}
	vs, err := scheme.NewVersions(list...)
	if err != nil {
		return nil, err
	}
	return vs.For(id, period)
}

// Load compiles the built-in scheme id.
func Load(id string) (*scheme.Scheme, error) {
	src, err := Source(id)
	if err != nil {
		return nil, err
	}
	return scheme.Compile("schemes/"+id+".yaml", src)
}

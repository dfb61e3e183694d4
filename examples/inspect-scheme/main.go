// Command inspect-scheme shows how a host loads a scheme, overrides a
// parameter and reads the compiled structure: sections, weights and bands
// with their values folded.
//
//	go run ./examples/inspect-scheme tingnan-2017
//	go run ./examples/inspect-scheme -param brand_project_points=2 path/to/scheme.yaml
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
)

type params map[string]string

func (p params) String() string { return fmt.Sprint(map[string]string(p)) }

func (p params) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want NAME=VALUE, got %q", s)
	}
	p[k] = v
	return nil
}

func main() {
	overrides := params{}
	flag.Var(overrides, "param", "override a parameter, NAME=VALUE (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: inspect-scheme [-param NAME=VALUE]... SCHEME-ID-OR-FILE")
		os.Exit(2)
	}
	if err := inspect(os.Stdout, flag.Arg(0), overrides); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func load(ref string) (*scheme.Scheme, error) {
	if _, err := os.Stat(ref); err == nil {
		return scheme.CompileFile(ref)
	}
	return schemes.Load(ref)
}

func inspect(w io.Writer, ref string, overrides map[string]string) error {
	s, err := load(ref)
	if err != nil {
		return err
	}
	if len(overrides) > 0 {
		if s, err = s.WithParams(overrides); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "%s %s — %s\nsha256 %s\n", s.ID(), s.Version(), s.Title().Zh, s.Hash())
	for name, v := range s.ParamValues() {
		fmt.Fprintf(w, "param %s = %s\n", name, v)
	}
	for _, sec := range s.Sections() {
		weight := "1"
		if v, ok := s.ConstExact(sec.Weight); ok {
			weight = v.String() // exact: 1/3 stays 1/3
		}
		fmt.Fprintf(w, "section %s × %s  %s\n", sec.ID, weight, sec.Label.Zh)
		for _, ind := range sec.Indicators {
			fmt.Fprintf(w, "  %-4s %-14s %s\n", ind.ID, ind.Kind, ind.Label.Zh)
			for _, b := range ind.Bands {
				points := b.Points.Text // points that read evidence are shown as written
				if p, ok := s.ConstExact(b.Points); ok {
					points = p.String()
				}
				fmt.Fprintf(w, "         %-16s → %s\n", b.Range.Text, points)
			}
		}
	}
	return nil
}

package main

import (
	"fmt"
	"io"

	"github.com/branchscore/branchscore/engine"
)

// printExplanation prints a result's summary, the lines a secretary reads
// first.
func printExplanation(w io.Writer, x engine.Explanation) {
	fmt.Fprintln(w, "摘要 / summary")
	for _, s := range x.Summary {
		fmt.Fprintf(w, "  ▪ %s\n    %s\n", s.Zh, s.En)
	}
}

// printTrail prints the full trail, then the scheme's readings that bear
// on the result.
func printTrail(w io.Writer, x engine.Explanation) {
	fmt.Fprintln(w, "  计分过程 / the trail")
	for _, s := range x.Trail {
		fmt.Fprintf(w, "  · %s\n    %s\n", s.Zh, s.En)
	}
	if len(x.Readings) > 0 {
		fmt.Fprintln(w, "  方案读法 / the scheme's readings")
		for _, s := range x.Readings {
			fmt.Fprintf(w, "  · %s\n    %s\n", s.Zh, s.En)
		}
	}
}

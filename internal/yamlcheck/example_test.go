package yamlcheck_test

import (
	"fmt"

	"github.com/branchscore/branchscore/internal/yamlcheck"
)

// A caller parses through Parse and positions each problem in its file.
func ExampleParse() {
	l := yamlcheck.Limits{Noun: "scheme test file", MaxSize: 1 << 20, MaxDepth: 32, MaxNodes: 50_000}
	doc := yamlcheck.Parse([]byte("a: &x [1]\nb: *x\n"), l, func(line, col int, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		fmt.Printf("t.yaml:%d:%d: %s\n", line, col, msg)
	})
	if doc == nil {
		fmt.Println("refused")
		return
	}
	fmt.Println("read on")
	// Output:
	// t.yaml:1:4: anchor &x: anchors and aliases are not allowed in a scheme test file; write the value out in full
	// t.yaml:2:4: alias *x: anchors and aliases are not allowed in a scheme test file; write the value out in full
	// refused
}

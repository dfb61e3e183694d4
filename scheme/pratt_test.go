package scheme

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"cel.dev/cel-go/cel"
	"github.com/branchscore/branchscore/internal/celdec"
)

// prattCorpora are the schemes whose every expression
// TestPrattAgreesWithANTLR parses with both parsers.
var prattCorpora = []string{
	"../schemes/*.yaml", "testdata/good/*.yaml", "testdata/bad/*.yaml", "../engine/testdata/*.yaml",
	"../examples/*/*.yaml",
}

// TestPrattAgreesWithANTLR: every expression of the built-in schemes, the
// examples and the test corpora that the Pratt parser accepts, env's own
// (ANTLR) parser accepts too, with the same AST.
func TestPrattAgreesWithANTLR(t *testing.T) {
	var mu sync.Mutex
	var texts []string
	seen := map[string]bool{}
	builtin := false // compiling a built-in scheme
	slow := 0
	check := func(p *celdec.Parser, env *cel.Env, text string) {
		if p == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		texts = append(texts, text)
		if !p.Fast(text) {
			slow++
			if builtin {
				// The fast path is what makes compiling a scheme quick.
				t.Errorf("%q, in a built-in scheme, is parsed by ANTLR's parser", text)
			}
		}
		if !seen[text] {
			seen[text] = true
			if d := p.Disagreement(env, text); d != "" {
				t.Error(d)
			}
		}
	}
	stop := celdec.ObserveParses(check)
	defer stop()
	files := 0
	for _, pattern := range prattCorpora {
		names, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if filepath.Ext(filepath.Base(name[:len(name)-len(".yaml")])) == ".test" {
				continue // a scheme test, not a scheme
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			builtin = filepath.Dir(name) == "../schemes"
			_, _ = Compile(name, src)
			files++
		}
	}
	if len(seen) < 250 || files < 120 {
		t.Fatalf("only %d expressions in %d files: the corpora moved?", len(seen), files)
	}
	t.Logf("%d expressions (%d distinct) in %d files, %d parsed by ANTLR's parser", len(texts), len(seen), files, slow)
}

// TestMain holds the two parsers to each other on every expression any
// test of this package compiles too (the schemes written in tests); not
// while benchmarks run, which it would slow.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		os.Exit(m.Run())
	}
	var mu sync.Mutex
	var bad []string
	stop := celdec.ObserveParses(func(p *celdec.Parser, env *cel.Env, text string) {
		if p == nil {
			return
		}
		if d := p.Disagreement(env, text); d != "" {
			mu.Lock()
			bad = append(bad, d)
			mu.Unlock()
		}
	})
	code := m.Run()
	stop()
	for _, d := range bad {
		fmt.Fprintln(os.Stderr, d)
		code = 1
	}
	os.Exit(code)
}

package scheme

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCompile feeds arbitrary bytes to the compiler. The property: it never
// panics, and a file that does not compile gets only positioned
// diagnostics naming the file.
func FuzzCompile(f *testing.F) {
	for _, pattern := range []string{"testdata/good/*.yaml", "testdata/bad/*.yaml", "../schemes/*.yaml", "../engine/testdata/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err == nil {
				f.Add(src)
			}
		}
	}
	f.Add([]byte("id: x\nversion: 1\ntitle: {zh: a, en: b}\nperiod: month\nsections: []\n"))
	f.Add([]byte("&a [*a]"))
	f.Add([]byte("&a [*a, *a]"))                   // 12 bytes, past 9 GB when expanded
	f.Add([]byte(aliasBomb(10, 10)))               // nested billion laughs: 10^9 strings
	f.Add([]byte("a: &m {x: 1}\nb: {<<: *m}\n"))   // a merge key
	f.Add([]byte("id: x\n---\nid: y\n"))           // a second document
	f.Add([]byte("x: " + strings.Repeat("[", 40))) // deeper than MaxDepth
	f.Add([]byte("{range: \"[\"}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Compile("fuzz.yaml", src)
		if err == nil {
			if s == nil || s.ID() == "" {
				t.Fatalf("compiled without an id")
			}
			return
		}
		diags, ok := err.(Diagnostics)
		if !ok {
			t.Fatalf("error is %T, not Diagnostics: %v", err, err)
		}
		if len(diags) == 0 {
			t.Fatalf("an error with no diagnostics")
		}
		for _, d := range diags {
			if d.Pos.File != "fuzz.yaml" || d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Fatalf("unpositioned diagnostic: %q", d.Error())
			}
			if zh := d.In(Chinese); strings.Contains(zh, "%!") || !strings.HasPrefix(zh, d.Pos.String()+": ") {
				t.Fatalf("Chinese rendering %q of %q", zh, d.Error())
			}
		}
	})
}

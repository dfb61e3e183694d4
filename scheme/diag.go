package scheme

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Pos is a position in a scheme file. Line and Col count from 1; Col counts
// characters, not bytes. The zero Pos is "unknown".
type Pos struct {
	File string
	Line int
	Col  int
}

// String renders "file:line:col", leaving out what is unknown.
func (p Pos) String() string {
	if p.Line <= 0 {
		if p.File == "" {
			return "-"
		}
		return p.File
	}
	b := make([]byte, 0, len(p.File)+12)
	if p.File != "" {
		b = append(b, p.File...)
		b = append(b, ':')
	}
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(max(p.Col, 1)), 10)
	return string(b)
}

// Diagnostic is one problem found in a scheme file.
type Diagnostic struct {
	Pos     Pos
	Message string
}

// Error renders "file:line:col: message".
func (d Diagnostic) Error() string { return d.Pos.String() + ": " + d.Message }

// Diagnostics is every problem found in one compile, in file order. Like
// go/scanner's ErrorList it is an error itself; Err returns nil when empty.
type Diagnostics []Diagnostic

// Error renders one diagnostic per line.
func (ds Diagnostics) Error() string {
	switch len(ds) {
	case 0:
		return "no errors"
	case 1:
		return ds[0].Error()
	}
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Err returns ds as an error, or nil when there are none.
func (ds Diagnostics) Err() error {
	if len(ds) == 0 {
		return nil
	}
	return ds
}

// Sort orders ds by file, line and column, keeping the order of
// diagnostics at the same position, and drops exact duplicates.
func (ds *Diagnostics) Sort() {
	l := *ds
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := l[:0]
	for i, d := range l {
		if i > 0 && d == l[i-1] {
			continue
		}
		out = append(out, d)
	}
	*ds = out
}

func (ds *Diagnostics) add(p Pos, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Pos: p, Message: fmt.Sprintf(format, args...)})
}

// suggest returns the candidate closest to s, for "did you mean"; "" when
// none is close enough.
func suggest(s string, candidates []string) string {
	best, bestD := "", len(s)/2+2
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD || (d == bestD && c < best && best != "") {
			best, bestD = c, d
		}
	}
	if bestD > max(len(s)/2, 2) {
		return ""
	}
	return best
}

func didYouMean(s string, candidates []string) string {
	if c := suggest(s, candidates); c != "" && c != s {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

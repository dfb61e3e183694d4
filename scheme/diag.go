package scheme

import (
	"sort"
	"strconv"
	"strings"

	"github.com/branchscore/branchscore/internal/msg"
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

// Diagnostic is one problem found in a scheme file. Message is English,
// stable for hosts and golden files; Text renders it in another language.
type Diagnostic struct {
	Pos     Pos
	Message string

	text msg.Text // Message's format and arguments, for Text
}

// diag returns the diagnostic at p with the message format renders.
func diag(p Pos, format string, args ...any) Diagnostic {
	t := msg.New(format, args...)
	return Diagnostic{Pos: p, Message: t.String(), text: t}
}

// Error renders "file:line:col: message".
func (d Diagnostic) Error() string { return d.Pos.String() + ": " + d.Message }

// Text returns the message in lang. A diagnostic a host built itself
// (without a format) is its Message in every language.
func (d Diagnostic) Text(lang Lang) string {
	if d.text.Format == "" || lang.catalog() == nil {
		return d.Message
	}
	return lang.render(d.text)
}

// In renders "file:line:col: message" with the message in lang; the
// position is the same in every language.
func (d Diagnostic) In(lang Lang) string { return d.Pos.String() + ": " + d.Text(lang) }

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

// In renders one diagnostic per line, each message in lang.
func (ds Diagnostics) In(lang Lang) string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.In(lang)
	}
	return strings.Join(lines, "\n")
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
		if i > 0 && d.Pos == l[i-1].Pos && d.Message == l[i-1].Message {
			continue
		}
		out = append(out, d)
	}
	*ds = out
}

func (ds *Diagnostics) add(p Pos, format string, args ...any) {
	*ds = append(*ds, diag(p, format, args...))
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

// didYouMean is the hint "; did you mean %q?", or nothing: a message
// argument printed with %s, rendered in the message's language.
func didYouMean(s string, candidates []string) msg.Text {
	if c := suggest(s, candidates); c != "" && c != s {
		return msg.New("; did you mean %q?", c)
	}
	return msg.Text{}
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

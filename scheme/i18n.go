package scheme

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/msg"
)

// Lang is a language diagnostics and evidence errors are rendered in.
// Every message is written in English at its call site (Diagnostic.Message
// and Problem.Message stay English: stable for hosts and golden files) and
// kept as its format and arguments; Chinese renders it through the catalog
// in this file. Positions and paths are the same in both.
type Lang string

// The languages messages are rendered in.
const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// ParseLang reads "en" or "zh" (a locale such as zh_CN.UTF-8 or en_US
// counts as its language); ok is false for anything else.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(s)
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "en", "c", "posix":
		return English, true
	case "zh":
		return Chinese, true
	}
	return "", false
}

// render renders t in l, its error arguments through ErrorIn.
func (l Lang) render(t msg.Text) string {
	return t.InWith(l.catalog(), func(err error) string { return ErrorIn(err, l) })
}

func (l Lang) catalog() *msg.Catalog {
	if l == Chinese {
		return zhCatalog
	}
	return nil
}

// Text returns the problem's message in lang; a problem a host built
// itself is its Message in every language.
func (p Problem) Text(lang Lang) string {
	if p.text.Format == "" || lang.catalog() == nil {
		return p.Message
	}
	return lang.render(p.text)
}

// In renders every problem a line each, as Error does, in lang.
func (e *EvidenceError) In(lang Lang) string {
	if lang.catalog() == nil {
		return e.Error()
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = fmt.Sprintf("考核对象 %s，考核周期 %s：%s：%s", e.Subject, e.Period, p.Path, p.Text(lang))
	}
	return strings.Join(lines, "\n")
}

// ErrorIn renders an error of this module in lang: Diagnostics, an
// *EvidenceError, evidence's *Problem and the errors they wrap, joined
// errors a line each. An error it does not know, and the messages of CEL's
// parser and checker and of the YAML parser it has no entry for, stay
// English inside the Chinese sentence.
func ErrorIn(err error, lang Lang) string {
	c := lang.catalog()
	if err == nil || c == nil {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	switch x := err.(type) {
	case Diagnostics:
		return x.In(lang)
	case Diagnostic:
		return x.In(lang)
	case *EvidenceError:
		return x.In(lang)
	case *evidence.Problem:
		var b strings.Builder
		b.WriteString("证据材料")
		if x.Doc >= 0 {
			fmt.Fprintf(&b, "[%d]", x.Doc)
		}
		b.WriteString("：")
		if x.Path != "" {
			b.WriteString(x.Path)
			b.WriteString("：")
		}
		b.WriteString(ErrorIn(x.Err, lang))
		return b.String()
	case interface{ Unwrap() []error }:
		errs := x.Unwrap()
		lines := make([]string, len(errs))
		for i, e := range errs {
			lines[i] = ErrorIn(e, lang)
		}
		return strings.Join(lines, "\n")
	case *msg.Error:
		// Its arguments may be errors of this module (a file's name and
		// its problems): rendered through ErrorIn.
		return lang.render(x.Text())
	}
	return msg.ErrorIn(err, c)
}

// zhCatalog renders messages in Chinese. Formats maps every format written
// at a call site in scheme, evidence, internal/strictjson and
// internal/celdec (TestChineseCatalogComplete fails on one missing here)
// to its Chinese; Words and Nouns translate the fixed phrases messages are
// built from. To add a message: write it in English at its call site, then
// its Chinese here, with the same verbs (reordered with %[n]s if need be).
var zhCatalog = &msg.Catalog{
	Formats: zhFormats,
	Words:   zhWords,
	Nouns:   zhNouns,
}

var zhFormats = map[string]string{}

var zhWords = map[string]string{}

var zhNouns = map[string]string{}

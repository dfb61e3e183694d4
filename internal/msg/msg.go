// Package msg keeps a message as its format and arguments, so that it can
// be rendered in English (the format as written, through fmt) or in another
// language through a catalog of translated formats. scheme's catalog
// (scheme/i18n.go) holds the Chinese formats of every diagnostic and
// evidence error; see scheme.Lang.
//
// Internal: not for hosts; a host renders messages with scheme.ErrorIn
// and scheme.Lang.
package msg

import (
	"errors"
	"fmt"
	"strings"
)

// Catalog renders messages in another language. A nil *Catalog is
// English: every message as its format renders it through fmt.
type Catalog struct {
	// Formats maps an English format, exactly as written at the call
	// site, to the same message in the catalog's language. A translated
	// format may reorder the arguments with explicit indexes (%[2]s); %w
	// is rendered as %v. A format missing here is rendered as written.
	Formats map[string]string
	// Words translates a whole argument printed with %s or %v (a fixed
	// phrase such as "a list", a sentinel error's text, a message of the
	// YAML parser).
	Words map[string]string
	// Nouns translates the first word of an argument printed with %s
	// ("indicator A1" -> "指标 A1"): the what of a message.
	Nouns map[string]string
}

// Text is a message not yet rendered: a format and its arguments. An
// argument that is itself a Text, an *Error, or an error whose message is
// in the catalog (a sentinel such as "too long") is rendered in the same
// language.
type Text struct {
	Format string
	Args   []any
}

// New returns the message format with args.
func New(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String renders t in English.
func (t Text) String() string {
	if t.Format == "" {
		return ""
	}
	return fmt.Sprintf(t.Format, t.Args...)
}

// In renders t through c; a nil catalog is English, and a format missing
// from c is rendered as written.
func (t Text) In(c *Catalog) string {
	return t.InWith(c, func(err error) string { return ErrorIn(err, c) })
}

// InWith renders t through c as In does, each error argument through
// errText (a caller that knows more error types than ErrorIn).
func (t Text) InWith(c *Catalog, errText func(error) string) string {
	if c == nil {
		return t.String()
	}
	if t.Format == "" {
		return ""
	}
	f, ok := c.Formats[t.Format]
	if !ok {
		f = t.Format
	}
	f = strings.ReplaceAll(f, "%w", "%v")
	// The verb each argument is printed with, in the original: only
	// plain %s and %v arguments are words to translate (a %q is quoted
	// as given, an id or a value).
	idx, verbs := Verbs(t.Format)
	plain := make([]bool, len(t.Args))
	for i, n := range idx {
		if n >= 1 && n <= len(plain) && (verbs[i] == 's' || verbs[i] == 'v' || verbs[i] == 'w') {
			plain[n-1] = true
		}
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = c.arg(a, plain[i], errText)
	}
	return fmt.Sprintf(f, args...)
}

func (c *Catalog) arg(a any, plain bool, errText func(error) string) any {
	switch x := a.(type) {
	case Text:
		return x.InWith(c, errText)
	case error:
		return errText(x)
	case string:
		if plain {
			return c.word(x)
		}
	case fmt.Stringer: // a fixed phrase of a type of its own ("a number")
		if plain {
			if w, ok := c.Words[x.String()]; ok {
				return w
			}
		}
	}
	return a
}

// word translates a whole phrase, or the noun it starts with.
func (c *Catalog) word(s string) string {
	if w, ok := c.Words[s]; ok {
		return w
	}
	if head, rest, ok := strings.Cut(s, " "); ok {
		if n, ok := c.Nouns[head]; ok {
			return n + " " + rest
		}
	}
	return s
}

// ErrorIn renders err through c: an *Error by its format, an error whose
// whole message is in c (a sentinel) by its entry, errors joined with
// errors.Join a line each; anything else as err.Error().
func ErrorIn(err error, c *Catalog) string {
	if c == nil || err == nil {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	switch x := err.(type) {
	case interface{ In(*Catalog) string }:
		return x.In(c)
	case interface{ Unwrap() []error }:
		errs := x.Unwrap()
		lines := make([]string, len(errs))
		for i, e := range errs {
			lines[i] = ErrorIn(e, c)
		}
		return strings.Join(lines, "\n")
	}
	if w, ok := c.Words[err.Error()]; ok {
		return w
	}
	return err.Error()
}

// Error is an error made by Errorf: it reads and wraps exactly as
// fmt.Errorf's, and keeps its format for rendering in another language.
type Error struct {
	text Text
	err  error
}

// Errorf is fmt.Errorf keeping the format and arguments.
func Errorf(format string, args ...any) error {
	return &Error{text: Text{Format: format, Args: args}, err: fmt.Errorf(format, args...)}
}

func (e *Error) Error() string { return e.err.Error() }

// Unwrap returns the error wrapped with %w, if any.
func (e *Error) Unwrap() error { return errors.Unwrap(e.err) }

// Text returns e's format and arguments.
func (e *Error) Text() Text { return e.text }

// In renders e through c.
func (e *Error) In(c *Catalog) string {
	if c == nil {
		return e.err.Error()
	}
	return e.text.In(c)
}

// Verbs returns the verbs of format in the order they consume arguments,
// each as the argument's 1-based index and the verb letter; "%%" is not a
// verb. It is for tests that compare a translation with its original.
func Verbs(format string) (idx []int, verbs []byte) {
	next := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		// flags, width, precision, explicit index
		for i < len(format) {
			ch := format[i]
			if ch == '[' {
				end := strings.IndexByte(format[i:], ']')
				if end < 0 {
					break
				}
				n := 0
				fmt.Sscan(format[i+1:i+end], &n)
				next = n
				i += end + 1
				continue
			}
			if strings.IndexByte("+-# 0123456789.", ch) >= 0 {
				i++
				continue
			}
			break
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		idx = append(idx, next)
		verbs = append(verbs, format[i])
		next++
	}
	return idx, verbs
}

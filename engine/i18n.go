package engine

import (
	"errors"
	"strings"

	"github.com/branchscore/branchscore/internal/msg"
	"github.com/branchscore/branchscore/scheme"
)

// The errors of an evaluation in another language: each error type with a
// subject and period renders itself through scheme.ErrorIn, which knows
// the catalog (scheme/i18n_run.go holds the Chinese of engine's messages
// and sentinels). English is each type's Error text exactly.

// In renders the error in lang, as Error does in English.
func (e *ItemError) In(lang scheme.Lang) string {
	var named *Error
	var bad *scheme.EvidenceError
	var dup *DuplicateEvidenceError
	switch {
	case e.Subject == "":
		return scheme.ErrorIn(msg.Errorf("evidence[%d]: %w", e.Index, e.Err), lang)
	case errors.As(e.Err, &named), errors.As(e.Err, &bad), errors.As(e.Err, &dup):
		return scheme.ErrorIn(e.Err, lang) // it names the subject and period already
	}
	return scheme.ErrorIn(msg.Errorf("subject %s, period %s: %v", e.Subject, e.Period, e.Err), lang)
}

// In renders the error in lang, as Error does in English.
func (e *DuplicateEvidenceError) In(lang scheme.Lang) string {
	return scheme.ErrorIn(msg.Errorf("subject %s, period %s: evidence[%d] and evidence[%d] are both for it; give one",
		e.Subject, e.Period, e.First, e.Second), lang)
}

// In renders the error in lang, as Error does in English.
func (e *BatchError) In(lang scheme.Lang) string {
	var b strings.Builder
	b.WriteString(scheme.ErrorIn(msg.Errorf("%d items not scored", len(e.Items)), lang))
	for _, it := range e.Items {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(it.In(lang), "\n", "\n  "))
	}
	return b.String()
}

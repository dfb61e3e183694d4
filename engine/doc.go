// Package engine evaluates compiled schemes over a subject's evidence and
// explains every point of the result.
//
// Not yet built: evaluation, the audit trail, explanations and replay are the
// next piece of work (the scheme language they stand on is in package
// scheme). Until then this package holds no API.
package engine

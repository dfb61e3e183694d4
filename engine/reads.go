package engine

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Read is one value an audit step's expressions read: an input, a record
// field ("record.date"), a parameter ("params.pass_mark") or a run
// ("runs.A1"), with its value as text.
type Read struct {
	Name  string
	Value string
}

// Reads is what an audit step's expressions read, sorted by name, each
// name once. Its JSON is an object, name → value, with the keys in order:
// byte for byte what a map[string]string writes, so stored results read
// and verify as before.
//
// The Reads of an evaluation's steps share their backing arrays; treat
// them as read-only.
type Reads []Read

// ReadsOf returns the reads of m, sorted by name.
func ReadsOf(m map[string]string) Reads {
	if len(m) == 0 {
		return nil
	}
	out := make(Reads, 0, len(m))
	for k, v := range m {
		out = append(out, Read{k, v})
	}
	slices.SortFunc(out, func(a, b Read) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Get returns the value read under name.
func (r Reads) Get(name string) (string, bool) {
	i, ok := slices.BinarySearchFunc(r, name, func(x Read, n string) int { return strings.Compare(x.Name, n) })
	if !ok {
		// A Reads a host built by hand need not be sorted.
		for _, x := range r {
			if x.Name == name {
				return x.Value, true
			}
		}
		return "", false
	}
	return r[i].Value, true
}

// Map returns the reads as a map; nil when there are none.
func (r Reads) Map() map[string]string {
	if len(r) == 0 {
		return nil
	}
	m := make(map[string]string, len(r))
	for _, x := range r {
		m[x.Name] = x.Value
	}
	return m
}

// normal returns r sorted by name with each name once (the last of a
// name wins, as in a map); r itself when it is so already.
func (r Reads) normal() Reads {
	for i := 1; i < len(r); i++ {
		if r[i-1].Name >= r[i].Name {
			cp := slices.Clone(r)
			slices.SortStableFunc(cp, func(a, b Read) int { return strings.Compare(a.Name, b.Name) })
			return dedupeReads(cp)
		}
	}
	return r
}

// dedupeReads drops, in a sorted r, every read but the last of its name.
func dedupeReads(r Reads) Reads {
	out := r[:0]
	for i := range r {
		if i+1 < len(r) && r[i+1].Name == r[i].Name {
			continue
		}
		out = append(out, r[i])
	}
	return out
}

// MarshalJSON writes the reads as a JSON object with its keys sorted, as
// encoding/json writes a map[string]string. The strings are written
// without HTML escapes: encoding/json adds them to a Marshaler's output
// when its encoder escapes HTML, and leaves them out when it does not
// (Encoder.SetEscapeHTML(false)), exactly as it does for a map.
func (r Reads) MarshalJSON() ([]byte, error) {
	if r == nil {
		return []byte("null"), nil
	}
	r = r.normal()
	n := 2
	for _, x := range r {
		n += len(x.Name) + len(x.Value) + 6
	}
	out := make([]byte, 0, n)
	out = append(out, '{')
	var enc *json.Encoder
	var buf bytes.Buffer
	for i, x := range r {
		if i > 0 {
			out = append(out, ',')
		}
		for j, s := range [2]string{x.Name, x.Value} {
			if j == 1 {
				out = append(out, ':')
			}
			if plain(s) {
				out = append(append(append(out, '"'), s...), '"')
				continue
			}
			if enc == nil {
				enc = json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
			}
			buf.Reset()
			if err := enc.Encode(s); err != nil {
				return nil, err
			}
			out = append(out, bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})...)
		}
	}
	return append(out, '}'), nil
}

// plain reports whether JSON writes s as it is between quotes: printable
// ASCII without a quote or a backslash.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// UnmarshalJSON reads a JSON object of strings (or null), as a stored
// result holds it.
func (r *Reads) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if m == nil {
		*r = nil
		return nil
	}
	out := ReadsOf(m)
	if out == nil {
		out = Reads{} // {} stays {}
	}
	*r = out
	return nil
}

// readsChunk is how many reads one allocation of the evaluation's read
// buffer holds: about what one tingnan branch-month records.
const readsChunk = 64

// readBuf carves the Reads of an evaluation's steps from shared chunks.
// A region handed out is not written again during the evaluation: later
// reads go after it, or into a new chunk. The chunks are the evaluator's,
// reused by its next evaluation (beginAudit): the audit holds copies.
type readBuf struct {
	buf   []Read
	start int // where the region being built begins
}

// begin starts a region.
func (rb *readBuf) begin() { rb.start = len(rb.buf) }

// add appends a read to the region being built.
func (rb *readBuf) add(name, value string) {
	if len(rb.buf) == cap(rb.buf) {
		n := len(rb.buf) - rb.start
		nb := make([]Read, n, max(readsChunk, 2*n))
		copy(nb, rb.buf[rb.start:])
		rb.buf, rb.start = nb, 0
	}
	rb.buf = append(rb.buf, Read{name, value})
}

// end returns the region built, sorted by name with each name once (the
// last added wins); nil when it is empty.
func (rb *readBuf) end() Reads {
	r := Reads(rb.buf[rb.start:])
	if len(r) == 0 {
		return nil
	}
	// Insertion sort, stable: a step reads a handful of names, mostly
	// in order already.
	for i := 1; i < len(r); i++ {
		for j := i; j > 0 && r[j-1].Name > r[j].Name; j-- {
			r[j-1], r[j] = r[j], r[j-1]
		}
	}
	r = dedupeReads(r)
	rb.buf = rb.buf[:rb.start+len(r)]
	return r[:len(r):len(r)]
}

// merge returns the reads of a and b, b's value winning a name both
// have: a or b itself when the other is empty, else a new region.
func (rb *readBuf) merge(a, b Reads) Reads {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	rb.begin()
	for _, x := range a {
		rb.add(x.Name, x.Value)
	}
	for _, x := range b {
		rb.add(x.Name, x.Value)
	}
	return rb.end()
}

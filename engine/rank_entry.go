package engine

import (
	"bytes"
	"encoding/json"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

// entryMore is what few entries have: the score's rest, shared with the
// scores ranked (never changed), and what the ranking adds.
type entryMore struct {
	x            *scoreExtra
	consequences []string
	holds        []string
}

// Keys returns the points of the ranking's tie-break keys, in its order.
func (e *Entry) Keys() []Points {
	if e.more == nil || e.more.x == nil {
		return nil
	}
	return e.more.x.keys
}

// Vetoes returns the vetoes that fired.
func (e *Entry) Vetoes() []string {
	if e.more == nil || e.more.x == nil {
		return nil
	}
	return e.more.x.vetoes
}

// Pending returns the vetoes awaiting their decision: awards they would
// bar are withheld.
func (e *Entry) Pending() []string {
	if e.more == nil || e.more.x == nil {
		return nil
	}
	return e.more.x.pending
}

// Consequences returns the consequences of the subject's tier and vetoes.
func (e *Entry) Consequences() []string {
	if e.more == nil {
		return nil
	}
	return e.more.consequences
}

// Holds returns the rolling awards and titles held after the period.
func (e *Entry) Holds() []string {
	if e.more == nil {
		return nil
	}
	return e.more.holds
}

// Carry returns the figure carried, when the carry computes one.
func (e *Entry) Carry() *Points {
	if e.more == nil || e.more.x == nil {
		return nil
	}
	return e.more.x.carry
}

func (e *Entry) splits() map[string]Points {
	if e.more == nil || e.more.x == nil {
		return nil
	}
	return e.more.x.splits
}

func (e *Entry) deducted() []string {
	if e.more == nil || e.more.x == nil {
		return nil
	}
	return e.more.x.deducted
}

func (e *Entry) ensureMore() *entryMore {
	if e.more == nil {
		e.more = &entryMore{}
	}
	return e.more
}

func (e *Entry) addHold(id string) {
	m := e.ensureMore()
	m.holds = append(m.holds, id)
}

// setConsequences gives every entry its consequences: those of a tier
// without vetoes are made once per tier and shared (never changed).
func setConsequences(s *scheme.Scheme, es []Entry) {
	byTier := map[string][]string{}
	for i := range es {
		e := &es[i]
		var c []string
		if len(e.Vetoes()) == 0 {
			var ok bool
			if c, ok = byTier[e.Tier]; !ok {
				c = entryConsequences(s, e)
				byTier[e.Tier] = c
			}
		} else {
			c = entryConsequences(s, e)
		}
		if len(c) > 0 {
			e.ensureMore().consequences = c
		}
	}
}

// entryJSON is an Entry as JSON: every field, in the order they always
// had.
type entryJSON struct {
	Rank         int              `json:"rank"`
	Shared       bool             `json:"shared,omitempty"`
	Cohort       string           `json:"cohort,omitempty"`
	Subject      evidence.Subject `json:"subject"`
	Total        Points           `json:"total"`
	Keys         []Points         `json:"keys,omitempty"`
	Tier         string           `json:"tier"`
	QuotaFrom    string           `json:"quota_from,omitempty"`
	Vetoes       []string         `json:"vetoes,omitempty"`
	Pending      []string         `json:"pending,omitempty"`
	Consequences []string         `json:"consequences,omitempty"`
	Awards       []string         `json:"awards,omitempty"`
	Holds        []string         `json:"holds,omitempty"`
	Carry        *Points          `json:"carry,omitempty"`
}

// MarshalJSON writes the entry as one object with every field. It
// leaves HTML characters as they are: the encoder that calls it escapes
// them, or not, as it was told.
func (e Entry) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(entryJSON{Rank: e.Rank, Shared: e.Shared, Cohort: e.Cohort, Subject: e.Subject, Total: e.Total,
		Keys: e.Keys(), Tier: e.Tier, QuotaFrom: e.QuotaFrom, Vetoes: e.Vetoes(), Pending: e.Pending(),
		Consequences: e.Consequences(), Awards: e.Awards, Holds: e.Holds(), Carry: e.Carry()})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// UnmarshalJSON reads what MarshalJSON writes.
func (e *Entry) UnmarshalJSON(b []byte) error {
	var j entryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Entry{Rank: j.Rank, Shared: j.Shared, Cohort: j.Cohort, Subject: j.Subject, Total: j.Total, Tier: j.Tier,
		QuotaFrom: j.QuotaFrom, Awards: j.Awards}
	if len(j.Keys) > 0 || len(j.Vetoes) > 0 || len(j.Pending) > 0 || j.Carry != nil {
		e.ensureMore().x = &scoreExtra{keys: j.Keys, vetoes: j.Vetoes, pending: j.Pending, carry: j.Carry}
	}
	if len(j.Consequences) > 0 || len(j.Holds) > 0 {
		m := e.ensureMore()
		m.consequences, m.holds = j.Consequences, j.Holds
	}
	return nil
}

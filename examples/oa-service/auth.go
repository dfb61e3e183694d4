package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/branchscore/branchscore/evidence"
)

// Role is what a token may do within its organisation.
type Role string

const (
	// RoleBranch is a branch's secretary: submits the branch's own
	// self-assessment (自评), objects to its published result, reads the
	// branch's results and the organisation's rankings.
	RoleBranch Role = "branch"
	// RoleOffice is the party office (组织部门): submits and confirms the
	// organisation's assessment (考评) of its subjects, publishes (公示),
	// revises a published result with a reason, closes a period's ranking
	// and loads the opening ledger; reads everything of its organisation.
	RoleOffice Role = "office"
	// RoleCommittee is the party committee (党委): approves (审批) a
	// published result once its objection window has closed; reads
	// everything of its organisation.
	RoleCommittee Role = "committee"
)

// Config says who may call the service: the organisations with the
// subjects each one assesses, and the tokens, stored as the SHA-256 of the
// token (hex). It is read from a JSON file (-config).
//
// SHA-256 and not bcrypt: the tokens are 32 random bytes that the service
// hands out (-new-token), not passwords a person chose, so there is nothing
// to guess that a slow hash would protect, and a token is found by its
// hash in one map look-up. bcrypt's salt would mean trying every stored
// hash on every request at some 50 ms each.
type Config struct {
	Organisations []Organisation `json:"organisations"`
	Tokens        []Token        `json:"tokens"`
}

// Organisation is a party committee and the subjects it assesses.
type Organisation struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Subjects []string `json:"subjects"`
}

// Token is one bearer token as configured.
type Token struct {
	SHA256       string `json:"sha256"` // hex SHA-256 of the token
	Organisation string `json:"organisation"`
	Role         Role   `json:"role"`
	Subject      string `json:"subject,omitempty"` // RoleBranch: the branch
	Who          string `json:"who"`               // recorded in every transition
}

// Principal is an authenticated caller.
type Principal struct {
	Org     *Organisation
	Role    Role
	Subject string
	Who     string
}

// Auth looks tokens up by their hash. It is safe for concurrent use.
type Auth struct {
	byHash map[[sha256.Size]byte]*Principal
}

// LoadConfig reads a config file.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

// NewAuth checks a config and indexes its tokens. Every problem is
// reported at once.
func NewAuth(c *Config) (*Auth, error) {
	var errs []error
	orgs := map[string]*Organisation{}
	for i := range c.Organisations {
		o := &c.Organisations[i]
		if err := evidence.CheckID(o.ID); err != nil || o.ID == "" {
			errs = append(errs, fmt.Errorf("organisations[%d]: id %q: want a non-empty id without control characters", i, o.ID))
		}
		if orgs[o.ID] != nil {
			errs = append(errs, fmt.Errorf("organisations[%d]: id %q given twice", i, o.ID))
		}
		orgs[o.ID] = o
	}
	owner := map[string]string{}
	for _, o := range c.Organisations {
		for _, s := range o.Subjects {
			if prev, ok := owner[s]; ok {
				errs = append(errs, fmt.Errorf("subject %q is in organisations %q and %q: a subject belongs to one", s, prev, o.ID))
			}
			owner[s] = o.ID
		}
	}
	a := &Auth{byHash: map[[sha256.Size]byte]*Principal{}}
	for i, t := range c.Tokens {
		at := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("tokens[%d] (%s): %s", i, t.Who, fmt.Sprintf(format, args...)))
		}
		var h [sha256.Size]byte
		if b, err := hex.DecodeString(t.SHA256); err != nil || len(b) != sha256.Size {
			at("sha256: want 64 hex digits, the SHA-256 of the token")
		} else {
			copy(h[:], b)
		}
		o := orgs[t.Organisation]
		if o == nil {
			at("no organisation %q", t.Organisation)
		}
		switch t.Role {
		case RoleBranch:
			if o != nil && !slices.Contains(o.Subjects, t.Subject) {
				at("subject %q is not one of organisation %q's subjects", t.Subject, t.Organisation)
			}
		case RoleOffice, RoleCommittee:
			if t.Subject != "" {
				at("subject is for role branch only")
			}
		default:
			at("role %q: want branch, office or committee", t.Role)
		}
		if strings.TrimSpace(t.Who) == "" {
			at("who: name the holder; it is recorded in every transition")
		}
		if a.byHash[h] != nil {
			at("the same token is configured twice")
		}
		a.byHash[h] = &Principal{Org: o, Role: t.Role, Subject: t.Subject, Who: t.Who}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return a, nil
}

// NewToken returns a fresh token (32 random bytes, hex) and the SHA-256
// (hex) to put in the config.
func NewToken() (token, hash string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	token = hex.EncodeToString(b[:])
	return token, HashToken(token), nil
}

// HashToken is what the config stores for token.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// authenticate finds the caller of r by its bearer token.
func (a *Auth) authenticate(r *http.Request) (*Principal, bool) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return nil, false
	}
	p := a.byHash[sha256.Sum256([]byte(tok))]
	return p, p != nil
}

// owns reports whether subject is one the caller's organisation assesses.
func (p *Principal) owns(subject string) bool {
	return slices.Contains(p.Org.Subjects, subject)
}

// mayRead reports whether the caller may read a result of org's subject.
func (p *Principal) mayRead(org, subject string) bool {
	if org != p.Org.ID {
		return false
	}
	return p.Role != RoleBranch || subject == p.Subject
}

// maySubmit checks the caller may submit ev: a branch its own
// self-assessment only (no organisation's entries, no veto decisions),
// the office any evidence of its organisation's subjects.
func (p *Principal) maySubmit(ev *evidence.Evidence) error {
	switch p.Role {
	case RoleBranch:
		if ev.Subject.ID != p.Subject {
			return fmt.Errorf("a branch submits its own evidence: this token is %s's, the evidence is %s's", p.Subject, ev.Subject.ID)
		}
		for i, a := range ev.Assessments {
			if a.Role != "self" {
				return fmt.Errorf("assessments[%d]: role %q: a branch submits its self-assessment (role self) only; the party office enters the organisation's", i, a.Role)
			}
		}
		if len(ev.Confirmations) > 0 {
			return errors.New("confirmations: veto decisions are the party office's to submit")
		}
		if len(ev.Links) > 0 {
			return errors.New("links: the party office names a linked unit; a branch's links are the scheme's")
		}
		return nil
	case RoleOffice:
		if !p.owns(ev.Subject.ID) {
			return fmt.Errorf("subject %s is not one of organisation %s's subjects", ev.Subject.ID, p.Org.ID)
		}
		return nil
	default:
		return fmt.Errorf("role %s does not submit evidence", p.Role)
	}
}

package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/branchscore/branchscore/engine"
)

// Store keeps evidence, results with their audit trails, each result's
// life (who moved it from stage to stage, when) and each period's closing
// ledger, in SQLite or PostgreSQL through database/sql.
//
// Evidence is stored once per content hash, as the canonical JSON the hash
// is of. Every accepted submission for a subject and period is a new
// version (1, 2, 3 …) with its result; a link (挂钩) resolves to the
// unit's highest version, never to an arrival time. A result row keeps the
// result JSON (total, indicators, audit) as evaluated, byte for byte, plus
// the columns a host queries by. Totals are exact decimal text, never a
// float column.
type Store struct {
	db      *sql.DB
	dialect string // "sqlite" or "postgres"
}

// Sentinel errors of the store.
var (
	ErrNotFound = errors.New("no such result")
	// ErrStale is returned when a result's stage changed under a
	// transition, or a newer version was stored meanwhile.
	ErrStale = errors.New("the result changed meanwhile; read it again")
)

// Stages of a result's life.
const (
	StageSelf       = "self_assessed" // submitted by the branch
	StageAssessed   = "assessed"      // the organisation's assessment: submitted or confirmed by the office
	StagePublished  = "published"     // 公示: open to objections until the window closes
	StageApproved   = "approved"      // 审批
	StageSuperseded = "superseded"    // a newer version replaced it
)

// tables lists the tables, in the order they are dropped.
var tables = []string{"transitions", "links", "results", "ledgers", "evidence"}

func ddl(dialect string) []string {
	id, ts, num := "INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "TEXT"
	if dialect == "postgres" {
		id, ts, num = "BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ", "NUMERIC"
	}
	r := strings.NewReplacer("{id}", id, "{ts}", ts, "{num}", num)
	return []string{
		r.Replace(`CREATE TABLE IF NOT EXISTS evidence (
			hash TEXT PRIMARY KEY, subject TEXT NOT NULL, period TEXT NOT NULL,
			body TEXT NOT NULL, received_at {ts} NOT NULL)`),
		r.Replace(`CREATE TABLE IF NOT EXISTS results (
			id {id},
			org TEXT NOT NULL, subject TEXT NOT NULL, period TEXT NOT NULL, version INTEGER NOT NULL,
			scheme_id TEXT NOT NULL, scheme_version TEXT NOT NULL, scheme_hash TEXT NOT NULL,
			evidence_hash TEXT NOT NULL REFERENCES evidence(hash),
			total {num} NOT NULL, tier TEXT NOT NULL,
			result TEXT NOT NULL, stage TEXT NOT NULL, objection_until {ts},
			created_by TEXT NOT NULL, created_at {ts} NOT NULL,
			UNIQUE (org, subject, period, version))`),
		`CREATE INDEX IF NOT EXISTS results_period ON results (org, scheme_id, period, subject)`,
		r.Replace(`CREATE TABLE IF NOT EXISTS links (
			result_id BIGINT NOT NULL REFERENCES results(id), unit TEXT NOT NULL,
			unit_version INTEGER NOT NULL, evidence_hash TEXT NOT NULL REFERENCES evidence(hash),
			PRIMARY KEY (result_id, unit))`),
		r.Replace(`CREATE TABLE IF NOT EXISTS transitions (
			id {id}, result_id BIGINT NOT NULL REFERENCES results(id),
			action TEXT NOT NULL, stage TEXT NOT NULL,
			who TEXT NOT NULL, role TEXT NOT NULL, reason TEXT NOT NULL, at {ts} NOT NULL)`),
		r.Replace(`CREATE TABLE IF NOT EXISTS ledgers (
			org TEXT NOT NULL, scheme_id TEXT NOT NULL, period TEXT NOT NULL,
			ledger TEXT NOT NULL, ranking TEXT NOT NULL, closed_by TEXT NOT NULL, closed_at {ts} NOT NULL,
			PRIMARY KEY (org, scheme_id, period))`),
	}
}

// OpenStore prepares the tables on db.
func OpenStore(ctx context.Context, db *sql.DB, dialect string) (*Store, error) {
	if dialect != "sqlite" && dialect != "postgres" {
		return nil, fmt.Errorf("unknown dialect %q", dialect)
	}
	for _, q := range ddl(dialect) {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("creating tables: %w", err)
		}
	}
	return &Store{db: db, dialect: dialect}, nil
}

// q writes a query's placeholders for the dialect: $1, $2 … for
// PostgreSQL, ? for SQLite (which numbers them in order of appearance, so
// each $n appears once and in order).
func (s *Store) q(query string) string {
	if s.dialect == "postgres" {
		return query
	}
	var b strings.Builder
	for i := 0; i < len(query); i++ {
		if query[i] == '$' {
			b.WriteByte('?')
			for i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9' {
				i++
			}
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

const sqliteTime = "2006-01-02T15:04:05.000000000Z" // fixed width: sorts as text

func (s *Store) ts(t time.Time) any {
	t = t.UTC()
	if s.dialect == "postgres" {
		return t
	}
	return t.Format(sqliteTime)
}

// timeOf reads a timestamp column of either dialect; NULL is the zero time.
func timeOf(v any) (time.Time, error) {
	switch v := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return v.UTC(), nil
	case string:
		return time.Parse(sqliteTime, v)
	case []byte:
		return time.Parse(sqliteTime, string(v))
	}
	return time.Time{}, fmt.Errorf("timestamp of type %T", v)
}

// Submission is one accepted evidence document, scored, to be stored as
// the next version of its subject and period.
type Submission struct {
	Org      string
	Evidence []byte // canonical JSON
	Result   *engine.Result
	JSON     []byte // the result as evaluated
	Links    []StoredLink
	Stage    string // StageSelf or StageAssessed
	Who      string
	Role     Role
	Reason   string // why a published or approved result is replaced
	At       time.Time
	// Latest is the version the submission was checked against (0: none);
	// when another was stored meanwhile, Save returns ErrStale.
	Latest int
}

// StoredLink is a linked unit's evidence a result was computed with.
type StoredLink struct {
	Unit    string `json:"unit"`
	Version int    `json:"version"`
	Hash    string `json:"evidence_hash"`
}

// Save stores a submission as version Latest+1, in one transaction: the
// evidence, the result, its links, its "submitted" or "revised"
// transition, and the previous version's "superseded" one.
func (s *Store) Save(ctx context.Context, sub *Submission) (id int64, version int, err error) {
	r := sub.Result
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	if err := s.putEvidence(ctx, tx, r.EvidenceHash, r.Subject.ID, r.Period, sub.Evidence, sub.At); err != nil {
		return 0, 0, err
	}
	var prevID sql.NullInt64
	var prev sql.NullInt64
	err = tx.QueryRowContext(ctx, s.q(`SELECT id, version FROM results WHERE org = $1 AND subject = $2 AND period = $3
		ORDER BY version DESC LIMIT 1`), sub.Org, r.Subject.ID, r.Period).Scan(&prevID, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, err
	}
	if int(prev.Int64) != sub.Latest {
		return 0, 0, ErrStale
	}
	version = sub.Latest + 1
	err = tx.QueryRowContext(ctx, s.q(`INSERT INTO results
		(org, subject, period, version, scheme_id, scheme_version, scheme_hash, evidence_hash, total, tier, result, stage, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`),
		sub.Org, r.Subject.ID, r.Period, version, r.Scheme.ID, r.Scheme.Version, r.Scheme.Hash, r.EvidenceHash,
		r.Total.String(), r.Tier, string(sub.JSON), sub.Stage, sub.Who, s.ts(sub.At)).Scan(&id)
	if err != nil {
		return 0, 0, fmt.Errorf("storing the result: %w", err)
	}
	for _, l := range sub.Links {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO links (result_id, unit, unit_version, evidence_hash) VALUES ($1, $2, $3, $4)`),
			id, l.Unit, l.Version, l.Hash); err != nil {
			return 0, 0, fmt.Errorf("storing a link: %w", err)
		}
	}
	action := "submitted"
	if prevID.Valid {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE results SET stage = $1 WHERE id = $2`), StageSuperseded, prevID.Int64); err != nil {
			return 0, 0, err
		}
		reason := sub.Reason
		if reason == "" {
			reason = fmt.Sprintf("replaced by version %d", version)
		}
		if err := s.addTransition(ctx, tx, prevID.Int64, "superseded", StageSuperseded, sub.Who, sub.Role, reason, sub.At); err != nil {
			return 0, 0, err
		}
		if sub.Reason != "" {
			action = "revised"
		}
	}
	if err := s.addTransition(ctx, tx, id, action, sub.Stage, sub.Who, sub.Role, sub.Reason, sub.At); err != nil {
		return 0, 0, err
	}
	return id, version, tx.Commit()
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) putEvidence(ctx context.Context, x execer, hash, subject, period string, body []byte, at time.Time) error {
	_, err := x.ExecContext(ctx, s.q(`INSERT INTO evidence (hash, subject, period, body, received_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING`), hash, subject, period, string(body), s.ts(at))
	if err != nil {
		return fmt.Errorf("storing the evidence: %w", err)
	}
	return nil
}

func (s *Store) addTransition(ctx context.Context, x execer, id int64, action, stage, who string, role Role, reason string, at time.Time) error {
	_, err := x.ExecContext(ctx, s.q(`INSERT INTO transitions (result_id, action, stage, who, role, reason, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`), id, action, stage, who, string(role), reason, s.ts(at))
	if err != nil {
		return fmt.Errorf("storing the transition: %w", err)
	}
	return nil
}

// Stored is a result row as kept, with its evidence and links.
type Stored struct {
	ID             int64
	Org            string
	Subject        string
	Period         string
	Version        int
	SchemeID       string
	Total          string // the column, as the database gives it back
	Tier           string
	Stage          string
	ObjectionUntil time.Time
	Result         []byte // the result JSON as stored
	EvidenceHash   string
	Evidence       []byte // the evidence JSON the hash is of
	Links          []StoredLink
}

const storedColumns = `r.id, r.org, r.subject, r.period, r.version, r.scheme_id, CAST(r.total AS TEXT), r.tier, r.stage,
	r.objection_until, r.result, r.evidence_hash, e.body`

func (s *Store) scanStored(sc interface{ Scan(...any) error }) (*Stored, error) {
	st := &Stored{}
	var until any
	var res, body string
	if err := sc.Scan(&st.ID, &st.Org, &st.Subject, &st.Period, &st.Version, &st.SchemeID, &st.Total, &st.Tier, &st.Stage,
		&until, &res, &st.EvidenceHash, &body); err != nil {
		return nil, err
	}
	t, err := timeOf(until)
	if err != nil {
		return nil, err
	}
	st.ObjectionUntil, st.Result, st.Evidence = t, []byte(res), []byte(body)
	return st, nil
}

func (s *Store) links(ctx context.Context, st *Stored) error {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT unit, unit_version, evidence_hash FROM links WHERE result_id = $1 ORDER BY unit`), st.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l StoredLink
		if err := rows.Scan(&l.Unit, &l.Version, &l.Hash); err != nil {
			return err
		}
		st.Links = append(st.Links, l)
	}
	return rows.Err()
}

// Get reads a stored result with its evidence and links.
func (s *Store) Get(ctx context.Context, id int64) (*Stored, error) {
	st, err := s.scanStored(s.db.QueryRowContext(ctx, s.q(`SELECT `+storedColumns+`
		FROM results r JOIN evidence e ON e.hash = r.evidence_hash WHERE r.id = $1`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return st, s.links(ctx, st)
}

// Latest returns the highest version stored for a subject and period
// (nil when there is none), without its evidence.
func (s *Store) Latest(ctx context.Context, org, subject, period string) (*Stored, error) {
	st, err := s.scanStored(s.db.QueryRowContext(ctx, s.q(`SELECT `+storedColumns+`
		FROM results r JOIN evidence e ON e.hash = r.evidence_hash
		WHERE r.org = $1 AND r.subject = $2 AND r.period = $3 ORDER BY r.version DESC LIMIT 1`), org, subject, period))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return st, err
}

// LatestInPeriod returns, for each subject of org scored with schemeID in
// period, its highest version, by subject id.
func (s *Store) LatestInPeriod(ctx context.Context, org, schemeID, period string) ([]*Stored, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+storedColumns+`
		FROM results r JOIN evidence e ON e.hash = r.evidence_hash
		WHERE r.org = $1 AND r.scheme_id = $2 AND r.period = $3 AND r.version = (
			SELECT MAX(x.version) FROM results x WHERE x.org = r.org AND x.period = r.period AND x.subject = r.subject)
		ORDER BY r.subject`), org, schemeID, period)
	if err != nil {
		return nil, err
	}
	var out []*Stored
	for rows.Next() {
		st, err := s.scanStored(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, st := range out {
		if err := s.links(ctx, st); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EvidenceByHash reads stored evidence by its hash.
func (s *Store) EvidenceByHash(ctx context.Context, hash string) ([]byte, error) {
	var body string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT body FROM evidence WHERE hash = $1`), hash).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return []byte(body), err
}

// Move changes a result's stage from one to another and records who did
// it and when, in one transaction; ErrStale when the stage was no longer
// from. until sets the objection window's end (publication).
func (s *Store) Move(ctx context.Context, id int64, from, to, action, who string, role Role, reason string, at, until time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var u any
	if !until.IsZero() {
		u = s.ts(until)
	}
	res, err := tx.ExecContext(ctx, s.q(`UPDATE results SET stage = $1, objection_until = COALESCE($2, objection_until)
		WHERE id = $3 AND stage = $4`), to, u, id, from)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return ErrStale
	}
	if err := s.addTransition(ctx, tx, id, action, to, who, role, reason, at); err != nil {
		return err
	}
	return tx.Commit()
}

// Note records an action that does not change the stage (an objection).
func (s *Store) Note(ctx context.Context, id int64, action, stage, who string, role Role, reason string, at time.Time) error {
	return s.addTransition(ctx, s.db, id, action, stage, who, role, reason, at)
}

// Transition is one step of a result's life.
type Transition struct {
	Action string    `json:"action"`
	Stage  string    `json:"stage"` // the stage after it
	Who    string    `json:"who"`
	Role   Role      `json:"role"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// History returns a result's transitions in order.
func (s *Store) History(ctx context.Context, id int64) ([]Transition, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT action, stage, who, role, reason, at FROM transitions WHERE result_id = $1 ORDER BY id`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Transition
	for rows.Next() {
		var t Transition
		var at any
		var role string
		if err := rows.Scan(&t.Action, &t.Stage, &t.Who, &role, &t.Reason, &at); err != nil {
			return nil, err
		}
		t.Role = Role(role)
		if t.At, err = timeOf(at); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Ledger reads the ledger closing period (nil when none is stored).
func (s *Store) Ledger(ctx context.Context, org, schemeID, period string) ([]byte, error) {
	var b string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT ledger FROM ledgers WHERE org = $1 AND scheme_id = $2 AND period = $3`),
		org, schemeID, period).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return []byte(b), err
}

// LastLedger returns the latest period with a stored ledger ("" when
// none): a gap before the period ranked is then refused, not started
// again from nothing.
func (s *Store) LastLedger(ctx context.Context, org, schemeID string) (string, error) {
	var p sql.NullString
	err := s.db.QueryRowContext(ctx, s.q(`SELECT MAX(period) FROM ledgers WHERE org = $1 AND scheme_id = $2`), org, schemeID).Scan(&p)
	return p.String, err
}

// ErrClosed is returned when a period's ledger is stored already.
var ErrClosed = errors.New("the period is closed: its ledger is stored")

// PutLedger stores the ledger closing period, with the ranking it came
// from (or "" for an opening ledger), once.
func (s *Store) PutLedger(ctx context.Context, org, schemeID, period string, ledger, ranking []byte, who string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO ledgers (org, scheme_id, period, ledger, ranking, closed_by, closed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org, scheme_id, period) DO NOTHING`),
		org, schemeID, period, string(ledger), string(ranking), who, s.ts(at))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrClosed
	}
	return nil
}

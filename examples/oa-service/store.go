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

// Store keeps evidence and results with their audit trails in SQLite or
// PostgreSQL through database/sql. Evidence is stored once per content
// hash, as the canonical JSON the hash is of; a result row keeps the
// result JSON (total, indicators, audit) as evaluated, byte for byte, plus
// the columns a host queries by. Totals are exact decimal text, never a
// float column.
type Store struct {
	db      *sql.DB
	dialect string // "sqlite" or "postgres"
}

// ErrNotFound is returned for an id with no stored result.
var ErrNotFound = errors.New("no such result")

var schema = map[string][]string{
	"sqlite": {
		`CREATE TABLE IF NOT EXISTS evidence (
			hash TEXT PRIMARY KEY, subject TEXT NOT NULL, period TEXT NOT NULL,
			body TEXT NOT NULL, received_at TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS results (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			subject TEXT NOT NULL, period TEXT NOT NULL,
			scheme_id TEXT NOT NULL, scheme_version TEXT NOT NULL, scheme_hash TEXT NOT NULL,
			evidence_hash TEXT NOT NULL REFERENCES evidence(hash),
			total TEXT NOT NULL, tier TEXT NOT NULL,
			result TEXT NOT NULL, created_at TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS results_period ON results (scheme_id, period, subject)`,
	},
	"postgres": {
		`CREATE TABLE IF NOT EXISTS evidence (
			hash TEXT PRIMARY KEY, subject TEXT NOT NULL, period TEXT NOT NULL,
			body TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS results (
			id BIGSERIAL PRIMARY KEY,
			subject TEXT NOT NULL, period TEXT NOT NULL,
			scheme_id TEXT NOT NULL, scheme_version TEXT NOT NULL, scheme_hash TEXT NOT NULL,
			evidence_hash TEXT NOT NULL REFERENCES evidence(hash),
			total NUMERIC NOT NULL, tier TEXT NOT NULL,
			result TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS results_period ON results (scheme_id, period, subject)`,
	},
}

// OpenStore prepares the tables on db.
func OpenStore(ctx context.Context, db *sql.DB, dialect string) (*Store, error) {
	ddl, ok := schema[dialect]
	if !ok {
		return nil, fmt.Errorf("unknown dialect %q", dialect)
	}
	for _, q := range ddl {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("creating tables: %w", err)
		}
	}
	return &Store{db: db, dialect: dialect}, nil
}

// q writes a query's placeholders for the dialect: $1, $2 … for
// PostgreSQL, ? for SQLite.
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

func (s *Store) now() any {
	t := time.Now().UTC()
	if s.dialect == "postgres" {
		return t
	}
	return t.Format("2006-01-02T15:04:05.000000000Z") // fixed width: sorts as text
}

// Save stores the evidence a result was computed from and the result, in
// one transaction: both or neither.
func (s *Store) Save(ctx context.Context, evidenceJSON []byte, r *engine.Result, resultJSON []byte) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if err := s.putEvidence(ctx, tx, r.EvidenceHash, r.Subject.ID, r.Period, evidenceJSON); err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, s.q(`INSERT INTO results
		(subject, period, scheme_id, scheme_version, scheme_hash, evidence_hash, total, tier, result, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`),
		r.Subject.ID, r.Period, r.Scheme.ID, r.Scheme.Version, r.Scheme.Hash, r.EvidenceHash,
		r.Total.String(), r.Tier, string(resultJSON), s.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("storing the result: %w", err)
	}
	return id, tx.Commit()
}

// PutEvidence stores evidence by its hash (a linked unit's, say) outside a
// result.
func (s *Store) PutEvidence(ctx context.Context, hash, subject, period string, body []byte) error {
	return s.putEvidence(ctx, s.db, hash, subject, period, body)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) putEvidence(ctx context.Context, x execer, hash, subject, period string, body []byte) error {
	_, err := x.ExecContext(ctx, s.q(`INSERT INTO evidence (hash, subject, period, body, received_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING`), hash, subject, period, string(body), s.now())
	if err != nil {
		return fmt.Errorf("storing the evidence: %w", err)
	}
	return nil
}

// Stored is a result row as kept.
type Stored struct {
	ID           int64
	Result       []byte // the result JSON as stored
	EvidenceHash string
	Evidence     []byte // the evidence JSON the hash is of
}

// Get reads a stored result and its evidence.
func (s *Store) Get(ctx context.Context, id int64) (*Stored, error) {
	st := &Stored{ID: id}
	var res, body string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT r.result, r.evidence_hash, e.body
		FROM results r JOIN evidence e ON e.hash = r.evidence_hash WHERE r.id = $1`), id).Scan(&res, &st.EvidenceHash, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	st.Result, st.Evidence = []byte(res), []byte(body)
	return st, nil
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

// LatestEvidence reads the evidence most recently received for a subject
// and period: a linked unit's, when a branch's result needs it.
func (s *Store) LatestEvidence(ctx context.Context, subject, period string) ([]byte, error) {
	var body string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT body FROM evidence WHERE subject = $1 AND period = $2
		ORDER BY received_at DESC LIMIT 1`), subject, period).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return []byte(body), err
}

// Latest returns, for each subject scored with schemeID in period, its
// most recent result JSON.
func (s *Store) Latest(ctx context.Context, schemeID, period string) ([][]byte, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT r.result FROM results r
		WHERE r.scheme_id = $1 AND r.period = $2 AND r.id = (
			SELECT MAX(x.id) FROM results x WHERE x.scheme_id = r.scheme_id AND x.period = r.period AND x.subject = r.subject)
		ORDER BY r.subject`), schemeID, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var res string
		if err := rows.Scan(&res); err != nil {
			return nil, err
		}
		out = append(out, []byte(res))
	}
	return out, rows.Err()
}

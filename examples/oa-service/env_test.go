package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/require"
)

// The service's tests run against SQLite always and against PostgreSQL
// when BRANCHSCORE_TEST_PG_DSN names a throwaway database (the service's
// tables are dropped before each test):
//
//	BRANCHSCORE_TEST_PG_DSN=postgres://postgres@localhost/branchscore_test go test ./...
//
// .ci/run starts a PostgreSQL and sets it.
func forEachDB(t *testing.T, test func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) {
		db, dialect, err := openDB(filepath.Join(t.TempDir(), "bs.db"), "")
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		test(t, newEnv(t, db, dialect))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("BRANCHSCORE_TEST_PG_DSN")
		if dsn == "" {
			if os.Getenv("BRANCHSCORE_TEST_PG_REQUIRED") != "" {
				t.Fatal("BRANCHSCORE_TEST_PG_REQUIRED is set but BRANCHSCORE_TEST_PG_DSN is not")
			}
			t.Skip("BRANCHSCORE_TEST_PG_DSN is not set")
		}
		db, dialect, err := openDB("", dsn)
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		_, err = db.Exec(`DROP TABLE IF EXISTS transitions, links, results, ledgers, evidence`)
		require.NoError(t, err)
		test(t, newEnv(t, db, dialect))
	})
}

// The test organisations: 亭南 with its branches, and another committee
// whose tokens must see nothing of 亭南's.
var testConfig = Config{
	Organisations: []Organisation{
		{ID: "tingnan", Name: "亭南煤业党委", Subjects: []string{"zc1", "zc2", "zj", "jd", "ys", "tf", "xm", "mc", "jg1"}},
		{ID: "qianjiang", Name: "钱江党委", Subjects: []string{"qj1"}},
	},
	Tokens: []Token{
		{SHA256: HashToken(tokOffice), Organisation: "tingnan", Role: RoleOffice, Who: "组织部 王"},
		{SHA256: HashToken(tokCommittee), Organisation: "tingnan", Role: RoleCommittee, Who: "党委 李"},
		{SHA256: HashToken(tokZC1), Organisation: "tingnan", Role: RoleBranch, Subject: "zc1", Who: "综采一队 书记"},
		{SHA256: HashToken(tokJG1), Organisation: "tingnan", Role: RoleBranch, Subject: "jg1", Who: "机关一支部 书记"},
		{SHA256: HashToken(tokOtherOffice), Organisation: "qianjiang", Role: RoleOffice, Who: "钱江 组织部"},
	},
}

// Test tokens: only their hashes are in the config.
const (
	tokOffice      = "office-9f2c1e7a4b"
	tokCommittee   = "committee-5d8e3a1c"
	tokZC1         = "branch-zc1-7b4e2d9f"
	tokJG1         = "branch-jg1-3c6a8e1b"
	tokOtherOffice = "office-qj-1a2b3c4d"
)

type env struct {
	t     *testing.T
	db    *sql.DB
	store *Store
	sv    *Server
	url   string
	mu    sync.Mutex
	clock time.Time
}

func newEnv(t *testing.T, db *sql.DB, dialect string) *env {
	s, err := schemes.Load("tingnan-2017")
	require.NoError(t, err)
	store, err := OpenStore(context.Background(), db, dialect)
	require.NoError(t, err)
	auth, err := NewAuth(&testConfig)
	require.NoError(t, err)
	e := &env{t: t, db: db, store: store, clock: time.Date(2017, 3, 27, 9, 0, 0, 0, time.UTC)}
	e.sv = &Server{Scheme: s, Store: store, Auth: auth, Log: log.New(io.Discard, "", 0),
		ObjectionWindow: 5 * 24 * time.Hour, Now: e.now}
	srv := httptest.NewServer(e.sv.Handler()) // on 127.0.0.1
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

// with returns an env whose service is e's with mod applied, on a server
// of its own (the first one's settings are never changed under it).
func (e *env) with(mod func(sv *Server)) *env {
	sv := *e.sv
	mod(&sv)
	srv := httptest.NewServer(sv.Handler())
	e.t.Cleanup(srv.Close)
	return &env{t: e.t, db: e.db, store: e.store, sv: &sv, url: srv.URL, clock: e.now()}
}

func (e *env) now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clock
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clock = e.clock.Add(d)
}

// do sends a request with token ("" for none) and returns the status and
// body.
func (e *env) do(token, method, path string, body []byte) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	require.NoError(e.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return resp.StatusCode, out
}

// post submits evidence and returns the status and the items.
func (e *env) post(token string, body []byte, query string) (int, []Item) {
	e.t.Helper()
	code, out := e.do(token, "POST", "/evaluations"+query, body)
	var resp struct{ Results []Item }
	if code != http.StatusForbidden && code != http.StatusBadRequest && code != http.StatusUnauthorized {
		require.NoError(e.t, json.Unmarshal(out, &resp), string(out))
	}
	return code, resp.Results
}

// mustPost submits evidence that must all be stored.
func (e *env) mustPost(token string, body []byte) []Item {
	e.t.Helper()
	code, items := e.post(token, body, "")
	require.Equal(e.t, http.StatusOK, code, "%+v", items)
	return items
}

// tamper runs SQL against the database behind the service's back.
func (e *env) tamper(query string, args ...any) {
	e.t.Helper()
	res, err := e.db.Exec(e.store.q(query), args...)
	require.NoError(e.t, err)
	n, err := res.RowsAffected()
	require.NoError(e.t, err)
	require.NotZero(e.t, n, "the tampering changed nothing: %s", query)
}

func (e *env) ranking(token, period string) *RankingReport {
	e.t.Helper()
	code, out := e.do(token, "GET", "/rankings/"+period, nil)
	require.Equal(e.t, http.StatusOK, code, string(out))
	var rep RankingReport
	require.NoError(e.t, json.Unmarshal(out, &rep))
	return &rep
}

func readFile(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "data", name))
	require.NoError(t, err)
	return b
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

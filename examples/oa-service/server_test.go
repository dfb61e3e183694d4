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
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The service runs against SQLite always and against PostgreSQL when
// BRANCHSCORE_TEST_PG_DSN names a throwaway database (its two tables are
// dropped first):
//
//	BRANCHSCORE_TEST_PG_DSN=postgres://postgres@localhost/branchscore_test go test ./...
func TestService(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db, dialect, err := openDB(filepath.Join(t.TempDir(), "bs.db"), "")
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		exercise(t, db, dialect)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("BRANCHSCORE_TEST_PG_DSN")
		if dsn == "" {
			t.Skip("BRANCHSCORE_TEST_PG_DSN is not set")
		}
		db, dialect, err := openDB("", dsn)
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		_, err = db.Exec(`DROP TABLE IF EXISTS results, evidence`)
		require.NoError(t, err)
		exercise(t, db, dialect)
	})
}

type client struct {
	t   *testing.T
	url string
}

func (c client) do(method, path string, body []byte) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, bytes.NewReader(body))
	require.NoError(c.t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, out
}

func readFile(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "data", "tingnan-2017", name))
	require.NoError(t, err)
	return b
}

func exercise(t *testing.T, db *sql.DB, dialect string) {
	ctx := context.Background()
	s, err := schemes.Load("tingnan-2017")
	require.NoError(t, err)
	store, err := OpenStore(ctx, db, dialect)
	require.NoError(t, err)
	srv := httptest.NewServer((&Server{Scheme: s, Store: store, Log: log.New(io.Discard, "", 0)}).Handler()) // on 127.0.0.1
	t.Cleanup(srv.Close)
	c := client{t, srv.URL}

	post := func(body []byte) (int, []Item) {
		code, out := c.do("POST", "/evaluations", body)
		var resp struct{ Results []Item }
		require.NoError(t, json.Unmarshal(out, &resp), string(out))
		return code, resp.Results
	}

	// 综采一队, March 2017, worked by hand from the scheme:
	//   A: A1 2 (C-0305 only: C-0312 lacks published_results, C-0320 has
	//      4 people and no uniform) + A2 2 + 3 (10,000 and 50,000 each in
	//      the higher band; I-0302 unsigned) + A3 2 + A4 −3 + A5 1 = 7 → × 50% = 3.5
	//   B: 10500 over 10000 is +5% → [5, 10) → 3 → × 30% = 0.9
	//   C: AC-0301 scored 4 (AC-0302 lacks rewards) → × 20% = 0.8
	//   total 3.5 + 0.9 + 0.8 = 5.2
	code, items := post(readFile(t, "2017-03-zongcai1.json"))
	require.Equal(t, http.StatusOK, code)
	require.Len(t, items, 1)
	assert.Equal(t, "zc1", items[0].Subject)
	assert.Equal(t, "5.2", items[0].Total)
	zc1 := items[0].ID

	// 机关第一党支部 is scored on 综采一队's task (挂钩): the service finds
	// that evidence in the store. Posted with a broken subject beside it,
	// it is stored and the broken one is reported, not stored.
	bad := `{"subject": {"id": "broken", "name": "x", "kind": "branch"}, "period": "2017-03",
		"facts": {"task_target": "ten thousand", "task_actual": "10000"}}`
	batch := "[" + string(readFile(t, "2017-03-jiguan1.json")) + "," + bad + "]"
	code, items = post([]byte(batch))
	require.Equal(t, http.StatusMultiStatus, code)
	require.Len(t, items, 2)
	assert.Empty(t, items[0].Error)
	assert.NotZero(t, items[0].ID)
	jg1 := items[0].ID
	assert.Zero(t, items[1].ID)
	assert.Contains(t, items[1].Error, "subject broken, period 2017-03")
	assert.Contains(t, items[1].Error, `facts.task_target: want decimal, got "ten thousand"`)

	code, _ = post([]byte(bad))
	assert.Equal(t, http.StatusUnprocessableEntity, code, "nothing stored")
	code, out := c.do("POST", "/evaluations", []byte(`{"subject": `))
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, string(out), "unexpected EOF")

	// The stored result and audit read back, and verified here against
	// the scheme and the stored evidence, as a host's auditor would.
	for _, id := range []int64{zc1, jg1} {
		code, out = c.do("GET", "/evaluations/"+itoa(id), nil)
		require.Equal(t, http.StatusOK, code)
		var stored engine.Result
		require.NoError(t, json.Unmarshal(out, &stored))
		require.NotEmpty(t, stored.Audit)
		row, err := store.Get(ctx, id)
		require.NoError(t, err)
		evs, err := evidence.Decode(bytes.NewReader(row.Evidence))
		require.NoError(t, err)
		units := map[string]*evidence.Evidence{}
		for _, l := range stored.Links {
			body, err := store.EvidenceByHash(ctx, l.EvidenceHash)
			require.NoError(t, err)
			u, err := evidence.Decode(bytes.NewReader(body))
			require.NoError(t, err)
			units[l.Unit] = u[0]
		}
		opts := engine.Options{Units: func(id, _ string) (*evidence.Evidence, bool) { u, ok := units[id]; return u, ok }}
		require.NoError(t, engine.Verify(ctx, &stored, s, evs[0], opts), "result %d", id)

		code, out = c.do("POST", "/evaluations/"+itoa(id)+"/verify", nil)
		assert.Equal(t, http.StatusOK, code, string(out))
		assert.Contains(t, string(out), `"verified": true`)
	}
	var zc1Result engine.Result
	_, out = c.do("GET", "/evaluations/"+itoa(zc1), nil)
	require.NoError(t, json.Unmarshal(out, &zc1Result))
	assert.Equal(t, "5.2", zc1Result.Total.String())
	cites := map[string]bool{}
	for _, st := range zc1Result.Audit {
		for _, c := range st.Cites {
			cites[c] = true
		}
	}
	for _, c := range []string{"contests:C-0305", "innovations:I-0301", "innovations:I-0303", "assessment:dqb-wang/A3", "findings:F-0301", "assessment:gh-li/C1/AC-0301"} {
		assert.True(t, cites[c], "the stored audit cites %s", c)
	}

	_, out = c.do("GET", "/evaluations/"+itoa(zc1)+"/explain", nil)
	assert.Contains(t, string(out), "C-0312")
	code, _ = c.do("GET", "/evaluations/99999", nil)
	assert.Equal(t, http.StatusNotFound, code)
	code, _ = c.do("GET", "/evaluations/x", nil)
	assert.Equal(t, http.StatusBadRequest, code)

	// The month's ranking over what is stored.
	code, out = c.do("GET", "/rankings/2017-03", nil)
	require.Equal(t, http.StatusOK, code, string(out))
	var rk engine.Ranking
	require.NoError(t, json.Unmarshal(out, &rk))
	require.Len(t, rk.Entries, 2)

	// Tampering with what is stored is found by verify.
	tamper := func(query string, args ...any) {
		_, err := db.Exec(store.q(query), args...)
		require.NoError(t, err)
	}
	verify := func(id int64) (int, string) {
		code, out := c.do("POST", "/evaluations/"+itoa(id)+"/verify", nil)
		return code, string(out)
	}
	tamper(`UPDATE results SET result = REPLACE(result, '"total":"5.2"', '"total":"9.2"') WHERE id = $1`, zc1)
	code, msg := verify(zc1)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, msg, "total: stored 9.2, evaluated 5.2")
	tamper(`UPDATE results SET result = REPLACE(result, '"total":"9.2"', '"total":"5.2"') WHERE id = $1`, zc1)
	code, _ = verify(zc1)
	require.Equal(t, http.StatusOK, code, "restored")

	tamper(`UPDATE results SET result = REPLACE(result, '职工参与面广', '职工参与面窄') WHERE id = $1`, zc1)
	code, msg = verify(zc1)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, msg, "the audit trail or other recorded data differs")
	tamper(`UPDATE results SET result = REPLACE(result, '职工参与面窄', '职工参与面广') WHERE id = $1`, zc1)

	// The evidence edited to 11,500 done (+15%: B1 earns 5, B 1.5, total
	// 3.5 + 1.5 + 0.8 = 5.8): the hash and the score both give it away.
	tamper(`UPDATE evidence SET body = REPLACE(body, '"10500"', '"11500"') WHERE hash = $1`, zc1Result.EvidenceHash)
	code, msg = verify(zc1)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, msg, "evidence hash: stored "+zc1Result.EvidenceHash)
	assert.Contains(t, msg, "total: stored 5.2, evaluated 5.8")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each evaluation and each verification runs under EvalTimeout: a 1 ns
// bound stops them, and the client is told in words.
func TestEvaluationTimeout(t *testing.T) { forEachDB(t, testEvaluationTimeout) }

func testEvaluationTimeout(t *testing.T, e *env) {
	id := e.mustPost(tokOffice, readFile(t, "tingnan-2017/2017-03-zongcai1.json"))[0].ID
	slow := e.with(func(sv *Server) { sv.EvalTimeout = time.Nanosecond })
	code, items := slow.post(tokOffice, readFile(t, "tingnan-2017/2017-03-zongcai1.json"), "")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	require.Len(t, items, 1)
	assert.Equal(t, "subject zc1, period 2017-03: the evaluation took over 1ns and was stopped", items[0].Error)
	code, out := slow.do(tokOffice, "POST", "/evaluations/"+itoa(id)+"/verify", nil)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, string(out), "the re-evaluation took over 1ns and was stopped")
	rep := slow.ranking(tokOffice, "2017-03")
	assert.Len(t, rep.LeftOut, 1, "what cannot be verified in time is not ranked")
}

// A client that sends its body too slowly is cut off by the server's read
// timeout with 408; one that sends too much, with 413.
func TestBodyLimits(t *testing.T) { forEachDB(t, testBodyLimits) }

func testBodyLimits(t *testing.T, e *env) {
	id := e.mustPost(tokOffice, readFile(t, "tingnan-2017/2017-03-zongcai1.json"))[0].ID
	code, out := e.do(tokOffice, "POST", "/evaluations/"+itoa(id)+"/publish", bytes.Repeat([]byte(" "), maxActionBody+1))
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)
	assert.Contains(t, string(out), fmt.Sprintf("the body is over %d bytes", maxActionBody))

	srv := httptest.NewUnstartedServer(nil)
	srv.Config = NewHTTPServer("", e.sv.Handler(), Timeouts{ReadHeader: time.Second, Read: 300 * time.Millisecond, Write: 5 * time.Second, Idle: time.Second})
	srv.Start()
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	// Headers promise 1,000 bytes; 10 arrive, then nothing.
	_, err = fmt.Fprintf(conn, "POST /evaluations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 1000\r\n\r\n{\"subject\"", tokOffice)
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "the server answers instead of waiting for the body")
	defer resp.Body.Close()
	assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	var b strings.Builder
	_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
	assert.Contains(t, b.String(), "the body did not arrive in time")
}

// Ids from the path are checked before they reach the database; what the
// database still refuses is told in words, never as a raw SQLSTATE.
func TestBadInputNeverReachesTheDatabaseRaw(t *testing.T) { forEachDB(t, testBadInput) }

func testBadInput(t *testing.T, e *env) {
	id := e.mustPost(tokOffice, readFile(t, "tingnan-2017/2017-03-zongcai1.json"))[0].ID
	require.Equal(t, int64(1), id)
	for _, tc := range []struct {
		why          string
		method, path string
		body         []byte
		want         int
		says         string
	}{
		{"a NUL in a result id", "GET", "/evaluations/1%00", nil, 400, `id: want a positive number, got \"1\\x00\"`},
		{"a negative result id", "GET", "/evaluations/-1", nil, 400, "id: want a positive number"},
		{"a NUL in a period", "GET", "/rankings/2017-03%00", nil, 400, `period \"2017-03\\x00\"`},
		{"a quarter for a monthly scheme", "GET", "/rankings/2017-Q1", nil, 400, "scheme tingnan-2017 ranks months"},
		{"a NUL in a ledger's period", "PUT", "/ledgers/2017%0002", nil, 400, "period"},
		{"a NUL in a ledger's subject", "PUT", "/ledgers/2017-02", []byte(`{"scheme": "tingnan-2017", "period": "2017-02", "holders": {"banner": "zc1\u0000"}}`), 400, "holders.banner"},
		{"a NUL in a subject id: refused as the evidence is decoded", "POST", "/evaluations",
			[]byte(`{"subject": {"id": "zc1\u0000", "name": "x", "kind": "branch"}, "period": "2017-03"}`), 400, "subject.id"},
		{"a NUL in a reason", "POST", "/evaluations/1/objections", []byte(`{"reason": "a\u0000b"}`), 400, "reason: holds the control character U+0000"},
	} {
		t.Run(tc.why, func(t *testing.T) {
			code, out := e.do(tokOffice, tc.method, tc.path, tc.body)
			assert.Equal(t, tc.want, code, string(out))
			assert.Contains(t, string(out), tc.says)
			assert.NotContains(t, string(out), "SQLSTATE")
		})
	}
	// Straight to the store, past the service's checks: PostgreSQL
	// refuses the NUL (SQLSTATE 22021), and the client is told why.
	_, err := e.store.Latest(context.Background(), "tingnan", "zc1\x00", "2017-03")
	if e.store.dialect == "postgres" {
		require.Error(t, err)
		status, msg := e.sv.storeError("reading", err)
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Equal(t, "reading: a value holds a character the database cannot store (a NUL byte, or text that is not UTF-8)", msg)
	}
}

func TestClientError(t *testing.T) {
	for _, tc := range []struct {
		why  string
		err  error
		want int
		says string
	}{
		{"NUL in text (PostgreSQL)", &pgconn.PgError{Code: "22021", Message: `invalid byte sequence for encoding "UTF8": 0x00`}, 400, "a NUL byte"},
		{"too long", &pgconn.PgError{Code: "22001"}, 400, "too long"},
		{"another data exception", &pgconn.PgError{Code: "22003", Message: "numeric field overflow"}, 400, "a value the database refuses: numeric field overflow"},
		{"two requests stored the same version", fmt.Errorf("storing: %w", &pgconn.PgError{Code: "23505"}), 409, "stored meanwhile"},
		{"statement timeout", &pgconn.PgError{Code: "57014"}, 503, "did not answer in time"},
		{"serialization failure", &pgconn.PgError{Code: "40001"}, 503, "busy"},
		{"the server went away", &pgconn.PgError{Code: "57P01"}, 503, "unavailable"},
		{"too many connections", &pgconn.PgError{Code: "53300"}, 503, "unavailable"},
		{"an unexpected SQLSTATE", &pgconn.PgError{Code: "42P01", Message: `relation "results" does not exist`}, 500, "see the service log"},
		{"the request's deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), 503, "did not answer in time"},
		{"a stale version", ErrStale, 409, "changed meanwhile"},
		{"anything else", errors.New("driver: bad connection state 17"), 500, "see the service log"},
	} {
		t.Run(tc.why, func(t *testing.T) {
			status, msg := clientError(tc.err)
			assert.Equal(t, tc.want, status)
			assert.Contains(t, msg, tc.says)
			assert.NotContains(t, msg, "SQLSTATE")
			if tc.want == 500 {
				assert.NotContains(t, msg, tc.err.Error(), "internal errors stay in the log")
			}
		})
	}
}

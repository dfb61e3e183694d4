package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The office posts a branch, a linked office branch and a broken subject;
// the stored audit reads back and verifies, here and through the service;
// then the database is tampered with three ways, each of which verify
// reports.
func TestService(t *testing.T) { forEachDB(t, testService) }

func testService(t *testing.T, e *env) {
	ctx := context.Background()
	// 综采一队, March 2017, worked by hand from the scheme:
	//   A: A1 2 (C-0305 only: C-0312 lacks published_results, C-0320 has
	//      4 people and no uniform) + A2 2 + 3 (10,000 and 50,000 each in
	//      the higher band; I-0302 unsigned) + A3 2 + A4 −3 + A5 1 = 7 → × 50% = 3.5
	//   B: 10500 over 10000 is +5% → [5, 10) → 3 → × 30% = 0.9
	//   C: AC-0301 scored 4 (AC-0302 lacks rewards) → × 20% = 0.8
	//   total 3.5 + 0.9 + 0.8 = 5.2
	items := e.mustPost(tokOffice, readFile(t, "tingnan-2017/2017-03-zongcai1.json"))
	require.Len(t, items, 1)
	assert.Equal(t, "zc1", items[0].Subject)
	assert.Equal(t, "5.2", items[0].Total)
	assert.Equal(t, 1, items[0].Version)
	assert.Equal(t, StageAssessed, items[0].Stage, "the office's submission is the organisation's assessment")
	zc1 := items[0].ID

	// 机关第一党支部 is scored on 综采一队's task (挂钩): the service finds
	// that evidence in the store. Posted with a broken subject beside it,
	// it is stored and the broken one is reported, not stored.
	bad := `{"subject": {"id": "xm", "name": "x", "kind": "branch"}, "period": "2017-03",
		"facts": {"task_target": "ten thousand", "task_actual": "10000"}}`
	batch := "[" + string(readFile(t, "tingnan-2017/2017-03-jiguan1.json")) + "," + bad + "]"
	code, items := e.post(tokOffice, []byte(batch), "")
	require.Equal(t, http.StatusMultiStatus, code)
	require.Len(t, items, 2)
	assert.Empty(t, items[0].Error)
	assert.Equal(t, []StoredLink{{Unit: "zc1", Version: 1, Hash: mustResult(t, e, zc1).EvidenceHash}}, items[0].Links)
	jg1 := items[0].ID
	assert.Zero(t, items[1].ID)
	assert.Equal(t, http.StatusUnprocessableEntity, items[1].Status)
	assert.Contains(t, items[1].Error, "subject xm, period 2017-03")
	assert.Contains(t, items[1].Error, `facts.task_target: want decimal, got "ten thousand"`)

	code, _ = e.post(tokOffice, []byte(bad), "")
	assert.Equal(t, http.StatusUnprocessableEntity, code, "nothing stored")
	code, out := e.do(tokOffice, "POST", "/evaluations", []byte(`{"subject": `))
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, string(out), "unexpected EOF")

	// The stored result and audit read back, and verified here against
	// the scheme and the stored evidence, as a host's auditor would.
	for _, id := range []int64{zc1, jg1} {
		stored := mustResult(t, e, id)
		require.NotEmpty(t, stored.Audit)
		row, err := e.store.Get(ctx, id)
		require.NoError(t, err)
		evs, err := evidence.Decode(bytes.NewReader(row.Evidence))
		require.NoError(t, err)
		units := map[string]*evidence.Evidence{}
		for _, l := range stored.Links {
			body, err := e.store.EvidenceByHash(ctx, l.EvidenceHash)
			require.NoError(t, err)
			u, err := evidence.Decode(bytes.NewReader(body))
			require.NoError(t, err)
			units[l.Unit] = u[0]
		}
		opts := engine.Options{Units: func(id, _ string) (*evidence.Evidence, bool) { u, ok := units[id]; return u, ok }}
		require.NoError(t, engine.Verify(ctx, stored, e.sv.Scheme, evs[0], opts), "result %d", id)

		code, out = e.do(tokOffice, "POST", "/evaluations/"+itoa(id)+"/verify", nil)
		assert.Equal(t, http.StatusOK, code, string(out))
		assert.Contains(t, string(out), `"verified": true`)
	}
	zc1Result := mustResult(t, e, zc1)
	assert.Equal(t, "5.2", zc1Result.Total.String())
	cites := map[string]bool{}
	for _, st := range zc1Result.Audit.All() {
		for _, c := range st.Cites {
			cites[c] = true
		}
	}
	for _, c := range []string{"contests:C-0305", "innovations:I-0301", "innovations:I-0303", "assessment:dqb-wang/A3", "findings:F-0301", "assessment:gh-li/C1/AC-0301"} {
		assert.True(t, cites[c], "the stored audit cites %s", c)
	}

	_, out = e.do(tokOffice, "GET", "/evaluations/"+itoa(zc1)+"/explain", nil)
	assert.Contains(t, string(out), "C-0312")
	code, _ = e.do(tokOffice, "GET", "/evaluations/99999", nil)
	assert.Equal(t, http.StatusNotFound, code)
	code, _ = e.do(tokOffice, "GET", "/evaluations/x", nil)
	assert.Equal(t, http.StatusBadRequest, code)

	rep := e.ranking(tokOffice, "2017-03")
	require.Len(t, rep.Ranking.Entries, 2)
	assert.Empty(t, rep.LeftOut)

	// Tampering with what is stored is found by verify.
	verify := func(id int64) (int, string) {
		code, out := e.do(tokOffice, "POST", "/evaluations/"+itoa(id)+"/verify", nil)
		return code, string(out)
	}
	e.tamper(`UPDATE results SET result = REPLACE(result, '"total":"5.2"', '"total":"9.2"') WHERE id = $1`, zc1)
	code, msg := verify(zc1)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, msg, "total: stored 9.2, evaluated 5.2")
	assert.Contains(t, msg, "total: column 5.2, stored result 9.2", "the query column no longer agrees either")
	e.tamper(`UPDATE results SET result = REPLACE(result, '"total":"9.2"', '"total":"5.2"') WHERE id = $1`, zc1)
	code, _ = verify(zc1)
	require.Equal(t, http.StatusOK, code, "restored")

	e.tamper(`UPDATE results SET result = REPLACE(result, '职工参与面广', '职工参与面窄') WHERE id = $1`, zc1)
	code, msg = verify(zc1)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, msg, "the audit trail or other recorded data differs")
	e.tamper(`UPDATE results SET result = REPLACE(result, '职工参与面窄', '职工参与面广') WHERE id = $1`, zc1)

	// The evidence edited to 11,500 done: its body no longer hashes to
	// its key, and (+15%: B1 earns 5, B 1.5, total 3.5 + 1.5 + 0.8 = 5.8)
	// the score gives it away too — but the edited body is never scored.
	e.tamper(`UPDATE evidence SET body = REPLACE(body, '"10500"', '"11500"') WHERE hash = $1`, zc1Result.EvidenceHash)
	code, msg = verify(zc1)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, msg, "stored evidence does not match its hash: evidence "+zc1Result.EvidenceHash[:12])
	code, msg = verify(jg1)
	assert.Equal(t, http.StatusConflict, code, "jg1 is linked to the edited evidence")
	assert.Contains(t, msg, "linked unit zc1, version 1: stored evidence does not match its hash")
}

// Only the query columns edited — the result JSON intact — and verify
// says which column disagrees.
func TestVerifyChecksQueryColumns(t *testing.T) { forEachDB(t, testVerifyChecksQueryColumns) }

func testVerifyChecksQueryColumns(t *testing.T, e *env) {
	id := e.mustPost(tokOffice, readFile(t, "tingnan-2017/2017-03-zongcai1.json"))[0].ID
	for _, tc := range []struct {
		name, set, want string
	}{
		{"total", `total = '9.2'`, "total: column 9.2, stored result 5.2"},
		{"tier", `tier = 'excellent'`, "tier: column excellent, stored result (none)"},
		{"subject", `subject = 'zj'`, "subject: column zj, stored result zc1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before struct{ subject, total, tier string }
			require.NoError(t, e.db.QueryRow(e.store.q(`SELECT subject, CAST(total AS TEXT), tier FROM results WHERE id = $1`), id).
				Scan(&before.subject, &before.total, &before.tier))
			e.tamper(`UPDATE results SET `+tc.set+` WHERE id = $1`, id)
			code, out := e.do(tokOffice, "POST", "/evaluations/"+itoa(id)+"/verify", nil)
			assert.Equal(t, http.StatusConflict, code)
			assert.Contains(t, string(out), tc.want)
			e.tamper(`UPDATE results SET subject = $1, total = $2, tier = $3 WHERE id = $4`, before.subject, before.total, before.tier, id)
			code, out = e.do(tokOffice, "POST", "/evaluations/"+itoa(id)+"/verify", nil)
			require.Equal(t, http.StatusOK, code, "restored: %s", out)
		})
	}
}

func mustResult(t *testing.T, e *env, id int64) *engine.Result {
	t.Helper()
	code, out := e.do(tokOffice, "GET", "/evaluations/"+itoa(id), nil)
	require.Equal(t, http.StatusOK, code, string(out))
	var r engine.Result
	require.NoError(t, json.Unmarshal(out, &r))
	return &r
}

package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// edit returns an evidence document with f applied to its decoded JSON.
func edit(t *testing.T, doc []byte, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	f(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// selfOnly turns a document into the branch's self-assessment: its
// assessor entries become the branch secretary's, role self.
func selfOnly(m map[string]any) {
	for _, a := range m["assessments"].([]any) {
		a.(map[string]any)["role"] = "self"
		a.(map[string]any)["assessor"] = "zc1-secretary"
	}
}

// Who may do what: every endpoint answers 401 without a known token, and
// 403 for what is outside the token's organisation, subject or role.
func TestAuthorisation(t *testing.T) { forEachDB(t, testAuthorisation) }

func testAuthorisation(t *testing.T, e *env) {
	zc1Doc := readFile(t, "tingnan-2017/2017-03-zongcai1.json")
	// The branch submits its own 台账 first (a self-assessment), then the
	// office its assessment of 机关一支部; 钱江's office its own branch.
	self := e.mustPost(tokZC1, edit(t, zc1Doc, selfOnly))[0]
	assert.Equal(t, StageSelf, self.Stage)
	jg1 := e.mustPost(tokOffice, readFile(t, "tingnan-2017/2017-03-jiguan1.json"))[0]
	qj1 := e.mustPost(tokOtherOffice, edit(t, zc1Doc, func(m map[string]any) {
		m["subject"].(map[string]any)["id"] = "qj1"
	}))[0]
	res := func(id int64, suffix string) string { return "/evaluations/" + itoa(id) + suffix }
	jg1Doc := readFile(t, "tingnan-2017/2017-03-jiguan1.json")

	for _, tc := range []struct {
		why          string
		token        string
		method, path string
		body         []byte
		want         int
		says         string
	}{
		{"no token", "", "GET", res(self.ID, ""), nil, 401, "authentication required"},
		{"no token, posting", "", "POST", "/evaluations", zc1Doc, 401, "authentication required"},
		{"no token, ranking", "", "GET", "/rankings/2017-03", nil, 401, "authentication required"},
		{"an unknown token", "guess", "GET", res(self.ID, ""), nil, 401, "not one this service knows"},
		{"a token's hash is not a token", HashToken(tokOffice), "GET", res(self.ID, ""), nil, 401, "not one this service knows"},

		{"a branch submits another branch's evidence", tokZC1, "POST", "/evaluations", jg1Doc, 403, "this token is zc1's, the evidence is jg1's"},
		{"a branch submits the organisation's scores", tokZC1, "POST", "/evaluations", zc1Doc, 403, `role \"organisation\": a branch submits its self-assessment (role self) only`},
		{"a branch names the unit it is linked to", tokJG1, "POST", "/evaluations",
			edit(t, jg1Doc, func(m map[string]any) { delete(m, "assessments"); m["links"] = map[string]any{"task": "zj"} }), 403, "links: the party office names a linked unit"},
		{"a branch submits a veto decision", tokZC1, "POST", "/evaluations",
			edit(t, zc1Doc, func(m map[string]any) {
				selfOnly(m)
				m["confirmations"] = []any{map[string]any{"veto": "v", "assessor": "x", "confirmed": false, "reason": "r", "time": "2017-03-26T10:00:00+08:00"}}
			}), 403, "veto decisions are the party office's"},
		{"the office submits for another organisation's subject", tokOffice, "POST", "/evaluations",
			edit(t, zc1Doc, func(m map[string]any) { m["subject"].(map[string]any)["id"] = "qj1" }), 403, "not one of organisation tingnan's subjects"},
		{"a subject of no organisation", tokOffice, "POST", "/evaluations",
			edit(t, zc1Doc, func(m map[string]any) { m["subject"].(map[string]any)["id"] = "nobody" }), 403, "not one of organisation tingnan's subjects"},
		{"the committee does not submit", tokCommittee, "POST", "/evaluations", zc1Doc, 403, "does not submit evidence"},
		{"one document out of scope refuses the whole request", tokOffice, "POST", "/evaluations",
			[]byte("[" + string(jg1Doc) + "," + string(edit(t, zc1Doc, func(m map[string]any) { m["subject"].(map[string]any)["id"] = "qj1" })) + "]"), 403, "evidence[1]"},

		{"a branch reads its own result", tokZC1, "GET", res(self.ID, ""), nil, 200, `"total"`},
		{"a branch reads another branch's result", tokZC1, "GET", res(jg1.ID, ""), nil, 403, "out of this token's scope"},
		{"a branch reads another branch's history", tokZC1, "GET", res(jg1.ID, "/history"), nil, 403, "out of this token's scope"},
		{"a branch verifies another branch's result", tokZC1, "POST", res(jg1.ID, "/verify"), nil, 403, "out of this token's scope"},
		{"a branch reads its organisation's ranking", tokZC1, "GET", "/rankings/2017-03", nil, 200, `"organisation": "tingnan"`},
		{"the committee reads its organisation's results", tokCommittee, "GET", res(jg1.ID, "/explain"), nil, 200, "steps"},
		{"another organisation's office reads a result", tokOtherOffice, "GET", res(jg1.ID, ""), nil, 403, "out of this token's scope"},
		{"another organisation's office reads its own", tokOtherOffice, "GET", res(qj1.ID, ""), nil, 200, `"qj1"`},
		{"the office reads another organisation's result", tokOffice, "GET", res(qj1.ID, "/explain"), nil, 403, "out of this token's scope"},

		{"a branch confirms", tokZC1, "POST", res(self.ID, "/confirm"), nil, 403, "confirm is for the office role"},
		{"the committee confirms", tokCommittee, "POST", res(self.ID, "/confirm"), nil, 403, "confirm is for the office role"},
		{"another organisation's office confirms", tokOtherOffice, "POST", res(self.ID, "/confirm"), nil, 403, "out of this token's scope"},
		{"a branch publishes", tokZC1, "POST", res(self.ID, "/publish"), nil, 403, "publish is for the office role"},
		{"the office approves", tokOffice, "POST", res(self.ID, "/approve"), nil, 403, "approve is for the committee role"},
		{"a branch closes a period", tokZC1, "POST", "/rankings/2017-03/close", nil, 403, "closing a period is for the office role"},
		{"the committee loads a ledger", tokCommittee, "PUT", "/ledgers/2017-02", readFile(t, "ledgers/tingnan-2017-02.json"), 403, "for the office role"},
		{"a branch objects to another's result", tokZC1, "POST", res(jg1.ID, "/objections"), []byte(`{"reason": "x"}`), 403, "out of this token's scope"},
	} {
		t.Run(tc.why, func(t *testing.T) {
			code, out := e.do(tc.token, tc.method, tc.path, tc.body)
			assert.Equal(t, tc.want, code, string(out))
			assert.Contains(t, string(out), tc.says)
			if code == http.StatusUnauthorized {
				assert.NotContains(t, strings.ToLower(string(out)), "zc1", "a 401 tells nothing of what is stored")
			}
		})
	}
	// Nothing the refused requests tried was stored: zc1 still has only
	// the branch's version 1, and 钱江's ranking holds only its own.
	latest, err := e.store.Latest(t.Context(), "tingnan", "zc1", "2017-03")
	require.NoError(t, err)
	assert.Equal(t, 1, latest.Version)
	rep := e.ranking(tokOtherOffice, "2017-03")
	require.Len(t, rep.Ranking.Entries, 1)
	assert.Equal(t, "qj1", rep.Ranking.Entries[0].Subject.ID)
	assert.Len(t, e.ranking(tokOffice, "2017-03").Ranking.Entries, 2, "zc1 and jg1")
}

// A config with mistakes is refused with every mistake named.
func TestConfigRefused(t *testing.T) {
	c := Config{
		Organisations: []Organisation{{ID: "a", Subjects: []string{"s1"}}, {ID: "a", Subjects: []string{"s1"}}},
		Tokens: []Token{
			{SHA256: "abc", Organisation: "a", Role: RoleOffice, Who: "x"},
			{SHA256: HashToken("t"), Organisation: "b", Role: RoleOffice, Who: "y"},
			{SHA256: HashToken("u"), Organisation: "a", Role: RoleBranch, Subject: "s2", Who: "z"},
			{SHA256: HashToken("v"), Organisation: "a", Role: "admin", Who: "w"},
			{SHA256: HashToken("v"), Organisation: "a", Role: RoleCommittee},
		},
	}
	_, err := NewAuth(&c)
	require.Error(t, err)
	for _, want := range []string{
		`organisations[1]: id "a" given twice`,
		`subject "s1" is in organisations "a" and "a"`,
		"tokens[0] (x): sha256: want 64 hex digits",
		`tokens[1] (y): no organisation "b"`,
		`tokens[2] (z): subject "s2" is not one of organisation "a"'s subjects`,
		`tokens[3] (w): role "admin": want branch, office or committee`,
		"tokens[4] (): who: name the holder",
		"tokens[4] (): the same token is configured twice",
	} {
		assert.Contains(t, err.Error(), want)
	}
	tok, hash, err := NewToken()
	require.NoError(t, err)
	assert.Len(t, tok, 64, "32 random bytes")
	assert.Equal(t, HashToken(tok), hash)
}

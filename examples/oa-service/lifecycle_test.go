package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The assessment's life: the branch's self-assessment, confirmed by the
// office as the organisation's assessment, published (公示) with an
// objection window, approved (审批) by the committee; each step stored
// with who and when; a published result replaced only by a new version
// with a reason.
func TestLifecycle(t *testing.T) { forEachDB(t, testLifecycle) }

func testLifecycle(t *testing.T, e *env) {
	doc := edit(t, readFile(t, "tingnan-2017/2017-03-zongcai1.json"), selfOnly)
	act := func(token string, id int64, action, reason string) (int, string) {
		t.Helper()
		var body []byte
		if reason != "" {
			body, _ = json.Marshal(map[string]string{"reason": reason})
		}
		code, out := e.do(token, "POST", "/evaluations/"+itoa(id)+"/"+action, body)
		return code, string(out)
	}
	v1 := e.mustPost(tokZC1, doc)[0]
	start := e.now()
	e.advance(time.Hour)
	v2 := e.mustPost(tokZC1, doc)[0] // the branch corrects its submission: a new version
	assert.Equal(t, 2, v2.Version)
	assert.Equal(t, StageSelf, v2.Stage)

	steps := []struct {
		why     string
		token   string
		id      int64
		action  string
		reason  string
		advance time.Duration
		want    int
		says    string
	}{
		{"a superseded version is not confirmed", tokOffice, v1.ID, "confirm", "", 0, 409, "version 1) is superseded; confirm needs it self_assessed"},
		{"not yet assessed: nothing to publish", tokOffice, v2.ID, "publish", "", 0, 409, "is self_assessed; publish needs it assessed"},
		{"the office confirms the branch's self-assessment", tokOffice, v2.ID, "confirm", "", time.Hour, 200, `"stage": "assessed"`},
		{"confirmed once only", tokOffice, v2.ID, "confirm", "", 0, 409, "is assessed; confirm needs it self_assessed"},
		{"the office publishes (公示)", tokOffice, v2.ID, "publish", "", time.Hour, 200, `"objection_until": "2017-04-01T12:00:00Z"`},
		{"not approved while the window is open", tokCommittee, v2.ID, "approve", "", 0, 409, "open to objections until 2017-04-01T12:00:00Z"},
		{"an objection needs a reason", tokZC1, v2.ID, "objections", "", 0, 400, "an objection needs a reason"},
		{"the committee does not object", tokCommittee, v2.ID, "objections", "x", 0, 403, "objections come from the branch or the party office"},
		{"the branch objects within the window", tokZC1, v2.ID, "objections", "C-0312 的公示结果已补交", time.Hour, 200, `"objection"`},
		{"the window closes five days after publication", tokZC1, v2.ID, "objections", "又一条", 5 * 24 * time.Hour, 409, "the objection window of result"},
		{"an objection must be answered", tokCommittee, v2.ID, "approve", "", 0, 409, "has 1 objection(s): approve with a reason"},
		{"the committee approves (审批), answering it", tokCommittee, v2.ID, "approve", "经核实，C-0312 公示材料不全，维持原评", time.Hour, 200, `"stage": "approved"`},
		{"approved once only", tokCommittee, v2.ID, "approve", "x", 0, 409, "is approved; approve needs it published"},
	}
	for _, s := range steps {
		e.advance(s.advance)
		code, out := act(s.token, s.id, s.action, s.reason)
		assert.Equal(t, s.want, code, "%s: %s", s.why, out)
		assert.Contains(t, out, s.says, s.why)
	}

	// The approved result changes only by a new version, from the office,
	// with a reason.
	office := readFile(t, "tingnan-2017/2017-03-zongcai1.json")
	code, items := e.post(tokZC1, doc, "")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, items[0].Error, "version 2 is approved: only the party office may replace it")
	code, items = e.post(tokOffice, office, "")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, items[0].Error, "version 2 is approved: a new version needs a reason (?reason=…)")
	code, _ = e.post(tokOffice, office, "?reason="+url.QueryEscape("bad\x00reason"))
	assert.Equal(t, http.StatusBadRequest, code, "a NUL in the reason never reaches the database")
	e.advance(time.Hour)
	reason := "复核发现 C-0312 公示材料已齐全，按组织考评重新计分"
	code, items = e.post(tokOffice, office, "?reason="+url.QueryEscape(reason))
	require.Equal(t, http.StatusOK, code, "%+v", items)
	v3 := items[0]
	assert.Equal(t, 3, v3.Version)
	assert.Equal(t, StageAssessed, v3.Stage, "the new version starts its own life")

	at := func(h int) time.Time { return start.Add(time.Duration(h) * time.Hour) }
	type step struct {
		Action, Stage, Who string
		Role               Role
		Reason             string
		At                 time.Time
	}
	history := func(id int64) []step {
		code, out := e.do(tokCommittee, "GET", "/evaluations/"+itoa(id)+"/history", nil)
		require.Equal(t, http.StatusOK, code, string(out))
		var h struct{ Transitions []step }
		require.NoError(t, json.Unmarshal(out, &h))
		return h.Transitions
	}
	// The clock: v1 at 09:00, v2 10:00, confirmed 11:00, published 12:00,
	// the objection 13:00; five days on, approved at 14:00 and replaced
	// at 15:00.
	assert.Equal(t, []step{
		{"submitted", StageSelf, "综采一队 书记", RoleBranch, "", at(1)},
		{"confirm", StageAssessed, "组织部 王", RoleOffice, "", at(2)},
		{"publish", StagePublished, "组织部 王", RoleOffice, "", at(3)},
		{"objection", StagePublished, "综采一队 书记", RoleBranch, "C-0312 的公示结果已补交", at(4)},
		{"approve", StageApproved, "党委 李", RoleCommittee, "经核实，C-0312 公示材料不全，维持原评", at(5*24 + 5)},
		{"superseded", StageSuperseded, "组织部 王", RoleOffice, reason, at(5*24 + 6)},
	}, history(v2.ID))
	assert.Equal(t, []step{{"revised", StageAssessed, "组织部 王", RoleOffice, reason, at(5*24 + 6)}}, history(v3.ID))
	assert.Equal(t, []step{
		{"submitted", StageSelf, "综采一队 书记", RoleBranch, "", at(0)},
		{"superseded", StageSuperseded, "综采一队 书记", RoleBranch, "replaced by version 2", at(1)},
	}, history(v1.ID))
	code, out := act(tokOffice, v2.ID, "publish", "")
	assert.Equal(t, http.StatusConflict, code, "the approved version 2 stays as it was: %s", out)
}

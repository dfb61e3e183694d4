package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A unit's evidence posted A, then B, then A again: three versions, and a
// linked branch is scored against the latest, version 3 (A's content),
// not against whichever content arrived first or last by the clock.
func TestLinkResolvesToLatestVersion(t *testing.T) { forEachDB(t, testLinkResolvesToLatestVersion) }

func testLinkResolvesToLatestVersion(t *testing.T, e *env) {
	a := readFile(t, "tingnan-2017/2017-03-zongcai1.json") // task 10500 of 10000
	b := edit(t, a, func(m map[string]any) { m["facts"].(map[string]any)["task_actual"] = "11500" })
	var versions []Item
	for _, doc := range [][]byte{a, b, a} {
		versions = append(versions, e.mustPost(tokOffice, doc)[0])
		e.advance(1) // the clock moves; versions, not times, decide
	}
	assert.Equal(t, []int{1, 2, 3}, []int{versions[0].Version, versions[1].Version, versions[2].Version})
	hashA := mustResult(t, e, versions[0].ID).EvidenceHash
	hashB := mustResult(t, e, versions[1].ID).EvidenceHash
	require.NotEqual(t, hashA, hashB)
	assert.Equal(t, hashA, mustResult(t, e, versions[2].ID).EvidenceHash, "version 3 is A again")

	// 机关第一党支部, worked by hand:
	//   A: A3 3 (dqb-wang) + A4 2 findings × −3 = −3 → × 50% = −1.5
	//   B: linked to zc1 version 3 (A): 10500 over 10000 is +5% → [5, 10) → 3 → × 30% = 0.9
	//      (against B, 11500: +15% → 5 → 1.5, and a total of 0.6)
	//   C: AC-0307 scored 3 → × 20% = 0.6
	//   total −1.5 + 0.9 + 0.6 = 0
	jg1 := e.mustPost(tokOffice, readFile(t, "tingnan-2017/2017-03-jiguan1.json"))[0]
	assert.Equal(t, "0", jg1.Total)
	assert.Equal(t, []StoredLink{{Unit: "zc1", Version: 3, Hash: hashA}}, jg1.Links)
	assert.Equal(t, hashA, mustResult(t, e, jg1.ID).Links[0].EvidenceHash)
	code, out := e.do(tokOffice, "GET", "/evaluations/"+itoa(jg1.ID)+"/history", nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, string(out), `"version": 3`)

	// B in the same request as the branch: the unit is scored and stored
	// first (version 4), and the branch is linked to it.
	batch := "[" + string(readFile(t, "tingnan-2017/2017-03-jiguan1.json")) + "," + string(b) + "]"
	items := e.mustPost(tokOffice, []byte(batch))
	assert.Equal(t, "0.6", items[0].Total, "against B")
	assert.Equal(t, []StoredLink{{Unit: "zc1", Version: 4, Hash: hashB}}, items[0].Links)
	assert.Equal(t, 4, items[1].Version)
	assert.Equal(t, 2, items[0].Version)

	// The unit's stored body edited behind the service's back: reading it
	// again checks its hash, so the link is refused (nothing is scored
	// against it) and verify reports it.
	e.tamper(`UPDATE evidence SET body = REPLACE(body, '"11500"', '"19500"') WHERE hash = $1`, hashB)
	code, got := e.post(tokOffice, readFile(t, "tingnan-2017/2017-03-jiguan1.json"), "")
	assert.Equal(t, http.StatusConflict, code)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Error, "unit zc1, version 4: stored evidence does not match its hash: evidence "+hashB[:12])
	code, out = e.do(tokOffice, "POST", "/evaluations/"+itoa(items[0].ID)+"/verify", nil)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, string(out), "linked unit zc1, version 4: stored evidence does not match its hash")
}

// A link to a unit with nothing stored says which unit and what to do.
func TestLinkToMissingUnit(t *testing.T) { forEachDB(t, testLinkToMissingUnit) }

func testLinkToMissingUnit(t *testing.T, e *env) {
	code, items := e.post(tokOffice, readFile(t, "tingnan-2017/2017-03-jiguan1.json"), "")
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	require.Len(t, items, 1)
	assert.Contains(t, items[0].Error, "unit zc1: no accepted evidence for 2017-03 in organisation tingnan; submit the unit's evidence first or in the same request")
}

package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"sort"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Seed 000 replayed for 2017: eight branches, twelve months, the rolling
// standardised-branch banner, red and yellow flags, and the 样板化 (3)
// and 品牌化 (6) banners moving, from an opening ledger that brings the
// banner counts since 2016.
//
// Every branch has a target of 10,000 each month. A month's total is
// 30% × the completion band (B1) + 50% × the report highlight (A3, 1–3 at
// discretion, none when 0). Bands: ≥10% +5, [5,10) +3, [1,5) +1,
// (−1,1) 0, (−5,−1] −1, (−10,−5] −3, ≤−10 −5. A branch not listed in a
// month completes exactly its target and has no highlight: total 0.

var tingnanBranches = []evidence.Subject{
	{ID: "zc1", Name: "综采一队党支部"}, {ID: "zc2", Name: "综采二队党支部"},
	{ID: "zj", Name: "综掘区党支部"}, {ID: "jd", Name: "机电队党支部"},
	{ID: "ys", Name: "运输区党支部"}, {ID: "tf", Name: "通风区党支部"},
	{ID: "xm", Name: "洗煤厂党支部"}, {ID: "mc", Name: "煤场管理服务中心党支部"},
}

type branchMonth struct {
	actual string // against a target of 10000
	a3     int    // 0: no highlight entry
	total  string // worked by hand
}

// The months, worked by hand. "top" and "bottom" are who the totals put
// there; the award columns say what the rules then do.
var tingnanYear = []struct {
	month  string
	scores map[string]branchMonth
	red    []string // 小红旗
	yellow []string // 小黄旗
	banner string   // holder of the rolling banner after the month
	moved  bool     // the banner changed hands or was won this month
	model  string   // 样板化 holder after the month
	brand  string   // 品牌化 holder after the month
}{
	{"2017-01", map[string]branchMonth{
		"zc1": {"11200", 2, "2.5"}, // +12% → 5 × 0.3 = 1.5; highlight 2 × 0.5 = 1.0
		"mc":  {"8800", 0, "-1.5"}, // −12% → −5 × 0.3
	}, []string{"zc1"}, []string{"mc"}, "zc1", true,
		"zc2", ""}, // zc1 reaches 3 banners, equal to zc2's 3: the 样板化 banner stays with zc2
	{"2017-02", map[string]branchMonth{
		"zc1": {"11000", 0, "1.5"}, // exactly +10% belongs to the outer band: 5 × 0.3
		"zc2": {"10999", 0, "0.9"}, // +9.99% → 3 × 0.3
		"ys":  {"9000", 0, "-1.5"}, // exactly −10% belongs to the outer band: −5 × 0.3
	}, []string{"zc1"}, []string{"ys"}, "zc1", true,
		"zc1", ""}, // zc1 has 4 > zc2's 3: the 样板化 banner moves to zc1
	{"2017-03", map[string]branchMonth{
		"zj": {"10500", 0, "0.9"}, // exactly +5% → [5,10) → 3 × 0.3
		"jd": {"10500", 0, "0.9"}, // the same: a tie at the top
		"tf": {"9500", 0, "-0.9"}, // exactly −5% → (−10,−5] → −3 × 0.3
	}, []string{"jd", "zj"}, []string{"tf"}, "zc1", false, // tie: not handed on, no count
		"zc1", ""},
	{"2017-04", map[string]branchMonth{
		"zj":  {"10700", 1, "1.4"}, // +7% → 0.9; highlight 1 → 0.5
		"zc1": {"10100", 0, "0.3"}, // exactly +1% → [1,5) → 1 × 0.3
		"xm":  {"9900", 0, "-0.3"}, // exactly −1% → (−5,−1] → −1 × 0.3
	}, []string{"zj"}, []string{"xm"}, "zj", true,
		"zc1", ""}, // zj 3, zc1 4
	{"2017-05", map[string]branchMonth{
		"zj": {"11200", 0, "1.5"},
		"mc": {"10050", 0, "0"},   // +0.5% → (−1,1) → 0: the reading for under 1%
		"ys": {"9300", 0, "-0.9"}, // −7% → −3 × 0.3
	}, []string{"zj"}, []string{"ys"}, "zj", true,
		"zc1", ""}, // zj 4 = zc1 4: no move
	{"2017-06", map[string]branchMonth{
		"zj":  {"10000", 3, "1.5"}, // on target: 0; highlight 3 → 1.5
		"zc2": {"10700", 0, "0.9"},
		"mc":  {"9800", 0, "-0.3"}, // −2% → −1 × 0.3
	}, []string{"zj"}, []string{"mc"}, "zj", true,
		"zj", ""}, // zj 5 > zc1 4
	{"2017-07", map[string]branchMonth{
		"zc1": {"11200", 1, "2"}, // 1.5 + 0.5
		"jd":  {"8800", 0, "-1.5"},
	}, []string{"zc1"}, []string{"jd"}, "zc1", true,
		"zj", ""}, // zc1 5 = zj 5
	{"2017-08", map[string]branchMonth{
		"zc1": {"11200", 0, "1.5"},
		"zj":  {"9800", 0, "-0.3"},
	}, []string{"zc1"}, []string{"zj"}, "zc1", true,
		"zc1", "zc1"}, // zc1 6 > zj 5: 样板化 moves; 6 earns 品牌化, held by nobody yet
	{"2017-09", map[string]branchMonth{
		"zj":  {"11200", 2, "2.5"},
		"zc2": {"9300", 0, "-0.9"},
	}, []string{"zj"}, []string{"zc2"}, "zj", true,
		"zc1", "zc1"}, // zj 6 = zc1 6: neither moves
	{"2017-10", map[string]branchMonth{
		"zj": {"11000", 0, "1.5"},
		"tf": {"9000", 0, "-1.5"},
	}, []string{"zj"}, []string{"tf"}, "zj", true,
		"zj", "zj"}, // zj 7 > zc1 6: both move
	{"2017-11", map[string]branchMonth{
		"mc": {"11200", 3, "3"}, // 1.5 + 1.5
		"ys": {"9900", 0, "-0.3"},
	}, []string{"mc"}, []string{"ys"}, "mc", true,
		"zj", "zj"},
	{"2017-12", map[string]branchMonth{
		"zc1": {"11200", 0, "1.5"},
		"xm":  {"8800", 0, "-1.5"}, // a tie at the bottom: two yellow flags
		"jd":  {"8800", 0, "-1.5"},
	}, []string{"zc1"}, []string{"jd", "xm"}, "zc1", true,
		"zj", "zj"}, // zc1 7 = zj 7: no move
}

const tingnanYearDir = "../examples/data/tingnan-2017/year/"

// tingnanMonth loads a month of the sample year and checks that its
// figures are the ones the table above works from.
func tingnanMonth(t *testing.T, month string, scores map[string]branchMonth) []*evidence.Evidence {
	t.Helper()
	evs, err := evidence.ReadFile(tingnanYearDir + month + ".json")
	require.NoError(t, err)
	require.Len(t, evs, len(tingnanBranches))
	for i, ev := range evs {
		require.Equal(t, tingnanBranches[i].ID, ev.Subject.ID)
		bm, ok := scores[ev.Subject.ID]
		if !ok {
			bm = branchMonth{actual: "10000", total: "0"}
		}
		assert.Equal(t, "10000", fmt.Sprint(ev.Facts["task_target"]), "%s %s", month, ev.Subject.ID)
		assert.Equal(t, bm.actual, fmt.Sprint(ev.Facts["task_actual"]), "%s %s", month, ev.Subject.ID)
		a3 := ""
		for _, a := range ev.Assessments {
			if a.Indicator == "A3" {
				a3 = string(a.Points)
			}
		}
		if bm.a3 > 0 {
			assert.Equal(t, fmt.Sprint(bm.a3), a3, "%s %s highlight", month, ev.Subject.ID)
		} else {
			assert.Empty(t, a3, "%s %s highlight", month, ev.Subject.ID)
		}
	}
	return evs
}

// tingnanOpening reads the opening ledger: banners won in 2016, and who
// held what at its end.
func tingnanOpening(t *testing.T) Ledger {
	t.Helper()
	data, err := os.ReadFile(tingnanYearDir + "ledger-2016-12.json")
	require.NoError(t, err)
	var led Ledger
	require.NoError(t, json.Unmarshal(data, &led))
	assert.Equal(t, map[string]int{"zc1": 2, "zc2": 3, "zj": 2, "jd": 1}, led.Counts["banner"])
	return led
}

func seq(evs []*evidence.Evidence) iter.Seq2[*evidence.Evidence, error] {
	return func(yield func(*evidence.Evidence, error) bool) {
		for _, ev := range evs {
			if !yield(ev, nil) {
				return
			}
		}
	}
}

func awardOf(rk *Ranking, id string) AwardResult {
	for _, a := range rk.Awards {
		if a.ID == id {
			return a
		}
	}
	return AwardResult{}
}

// replayTingnan ranks every month from the opening ledger, storing and
// reloading the ledger as JSON between months as a host would.
func replayTingnan(t *testing.T, s *scheme.Scheme, check bool) []byte {
	led := tingnanOpening(t)
	var stored []byte
	for _, m := range tingnanYear {
		totals := map[string]string{}
		sums, err := Batch(context.Background(), s, seq(tingnanMonth(t, m.month, m.scores)), BatchOptions{}, func(r *Result, err error) {
			require.NoError(t, err)
			totals[r.Subject.ID] = r.Total.String()
		})
		require.NoError(t, err)
		rk, err := Rank(s, m.month, sums, &led)
		require.NoError(t, err, m.month)
		if check {
			for id, bm := range m.scores {
				assert.Equal(t, bm.total, totals[id], "%s %s total", m.month, id)
			}
			assert.Equal(t, m.red, awardOf(rk, "red_flag").To, "%s red flags", m.month)
			assert.Equal(t, m.yellow, awardOf(rk, "yellow_flag").To, "%s yellow flags", m.month)
			b := awardOf(rk, "banner")
			assert.Equal(t, m.banner, b.Holder, "%s banner", m.month)
			assert.Equal(t, m.moved, len(b.To) == 1, "%s banner won", m.month)
			assert.Equal(t, m.model, awardOf(rk, "model_banner").Holder, "%s 样板化", m.month)
			assert.Equal(t, m.brand, awardOf(rk, "brand_banner").Holder, "%s 品牌化", m.month)
		}
		stored, err = json.Marshal(rk.Ledger)
		require.NoError(t, err)
		led = Ledger{}
		require.NoError(t, json.Unmarshal(stored, &led))
	}
	return stored
}

func TestTingnanYear(t *testing.T) {
	s := tingnan(t)
	final := replayTingnan(t, s, true)

	// The ledger at the end of the year, counted by hand from the table:
	// banners — zc1 2 + Jan, Feb, Jul, Aug, Dec = 7; zj 2 + Apr, May, Jun,
	// Sep, Oct = 7; zc2 3 and jd 1 from 2016; mc 1 (Nov).
	// red flags — zc1 Jan, Feb, Jul, Aug, Dec = 5; zj Mar, Apr, May, Jun,
	// Sep, Oct = 6; jd Mar; mc Nov.
	// yellow flags — mc Jan, Jun; ys Feb, May, Nov; tf Mar, Oct; xm Apr,
	// Dec; jd Jul, Dec; zj Aug; zc2 Sep.
	// Streaks at December: zc1's red flag, jd's and xm's yellow flags.
	var led Ledger
	require.NoError(t, json.Unmarshal(final, &led))
	assert.Equal(t, "2017-12", led.Period)
	assert.Equal(t, map[string]string{"banner": "zc1", "model_banner": "zj", "brand_banner": "zj"}, led.Holders)
	assert.Equal(t, map[string]int{"zc1": 7, "zj": 7, "zc2": 3, "jd": 1, "mc": 1}, led.Counts["banner"])
	assert.Equal(t, map[string]int{"zc1": 5, "zj": 6, "jd": 1, "mc": 1}, led.Counts["red_flag"])
	assert.Equal(t, map[string]int{"mc": 2, "ys": 3, "tf": 2, "xm": 2, "jd": 2, "zj": 1, "zc2": 1}, led.Counts["yellow_flag"])
	assert.Equal(t, map[string]int{"zc1": 1}, led.Streaks["red_flag"])
	assert.Equal(t, map[string]int{"jd": 1, "xm": 1}, led.Streaks["yellow_flag"])

	// Replaying the year from the opening ledger gives the same ledger,
	// byte for byte.
	assert.Equal(t, string(final), string(replayTingnan(t, s, false)))
}

func TestTingnanTieShared(t *testing.T) {
	s := tingnan(t)
	sums, err := Batch(context.Background(), s, seq(tingnanMonth(t, tingnanYear[2].month, tingnanYear[2].scores)), BatchOptions{Workers: 3}, nil)
	require.NoError(t, err)
	rk, err := Rank(s, "2017-03", sums, nil)
	require.NoError(t, err)
	// March: jd and zj share rank 1 with 0.9; five branches on 0 share
	// rank 3; tf is 8th.
	got := map[string]int{}
	for _, e := range rk.Entries {
		got[e.Subject.ID] = e.Rank
	}
	assert.Equal(t, map[string]int{"jd": 1, "zj": 1, "zc1": 3, "zc2": 3, "ys": 3, "xm": 3, "mc": 3, "tf": 8}, got)
	assert.Equal(t, []string{"jd", "zj"}, []string{rk.Entries[0].Subject.ID, rk.Entries[1].Subject.ID})
	assert.True(t, rk.Entries[0].Shared)
	// Without a ledger nothing is held: the tie hands the banner to nobody.
	b := awardOf(rk, "banner")
	assert.Empty(t, b.Holder)
	assert.Equal(t, "2 subjects tied for it: not handed on", b.Note)
	assert.Equal(t, []string{"jd", "zj"}, b.Tied)
	// In words, with names and the scheme's reading of a tie.
	var zh []string
	for _, sen := range ExplainRanking(s, rk) {
		zh = append(zh, sen.Zh)
	}
	names := map[string]string{}
	for _, e := range rk.Entries {
		names[e.Subject.ID] = e.Subject.Name
	}
	assert.Contains(t, zh, names["jd"]+"、"+names["zj"]+"并列第一，总分均为0.90分")
	assert.Contains(t, zh, "标准化党支部流动锦旗："+names["jd"]+"、"+names["zj"]+"并列，不移交，暂无支部持有"+
		"（按方案读法：并列第一时锦旗不移交，原持有支部保留，不计次数）")
	for _, z := range zh {
		assert.NotRegexp(t, `[A-Za-z]`, z, "no id or English in the Chinese")
	}
}

func TestLedgerMustFit(t *testing.T) {
	s := tingnan(t)
	led := tingnanOpening(t)
	_, err := Rank(s, "2017-02", nil, &led)
	require.ErrorIs(t, err, ErrLedger)
	assert.EqualError(t, err, "ledger does not fit: it closes 2016-12, but ranking 2017-02 needs the ledger of 2017-01")
	led.Scheme = "other"
	_, err = Rank(s, "2017-01", nil, &led)
	assert.EqualError(t, err, `ledger does not fit: it is for scheme "other", not "tingnan-2017"`)
}

func TestBatchBadSubjectDoesNotStopOthers(t *testing.T) {
	s := tingnan(t)
	evs := tingnanMonth(t, "2017-01", tingnanYear[0].scores)
	evs[3].Facts["task_actual"] = "lots" // jd
	var failed []string
	sums, err := Batch(context.Background(), s, seq(evs), BatchOptions{Workers: 2}, func(r *Result, err error) {
		if err != nil {
			failed = append(failed, err.Error())
		}
	})
	require.NoError(t, err)
	require.Len(t, failed, 1)
	assert.Contains(t, failed[0], "subject jd, period 2017-01")
	assert.Contains(t, failed[0], "facts.task_actual")
	ids := make([]string, len(sums))
	for i, sm := range sums {
		ids[i] = sm.Subject.ID
	}
	assert.True(t, sort.StringsAreSorted(ids))
	assert.Equal(t, []string{"mc", "tf", "xm", "ys", "zc1", "zc2", "zj"}, ids)
}

package report

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden pages in testdata/")

const data = "../examples/data/"

func load(t *testing.T, files ...string) []*evidence.Evidence {
	t.Helper()
	var all []*evidence.Evidence
	for _, f := range files {
		fh, err := os.Open(data + f)
		require.NoError(t, err)
		evs, err := evidence.Decode(fh)
		fh.Close()
		require.NoError(t, err, f)
		all = append(all, evs...)
	}
	return all
}

// period scores every subject of evs and ranks them from prev.
func period(t *testing.T, s *scheme.Scheme, evs []*evidence.Evidence, prev *engine.Ledger) ([]*engine.Result, *engine.Ranking) {
	t.Helper()
	idx, err := engine.Index(evs)
	require.NoError(t, err)
	var rs []*engine.Result
	var sums []engine.Score
	for _, ev := range evs {
		r, err := engine.Evaluate(context.Background(), s, ev, engine.Options{Units: idx, Ledger: prev})
		require.NoError(t, err, ev.Subject.ID)
		rs = append(rs, r)
		sums = append(sums, r.Score(s))
	}
	rk, err := engine.Rank(s, evs[0].Period, sums, prev)
	require.NoError(t, err)
	return rs, rk
}

func result(t *testing.T, rs []*engine.Result, id string) *engine.Result {
	t.Helper()
	for _, r := range rs {
		if r.Subject.ID == id {
			return r
		}
	}
	t.Fatalf("no result for %s", id)
	return nil
}

// tingnanYear ranks tingnan-2017's twelve months from the opening ledger
// and returns every month's ranking, oldest first.
func tingnanYear(t *testing.T) []*engine.Ranking {
	t.Helper()
	s, err := schemes.Load("tingnan-2017")
	require.NoError(t, err)
	f, err := os.Open(data + "tingnan-2017/year/ledger-2016-12.json")
	require.NoError(t, err)
	prev, err := engine.DecodeLedger(f)
	f.Close()
	require.NoError(t, err)
	var out []*engine.Ranking
	for m := 1; m <= 12; m++ {
		name := filepath.Join("tingnan-2017/year", "2017-"+two(m)+".json")
		_, rk := period(t, s, load(t, name), prev)
		out = append(out, rk)
		prev = rk.Ledger
	}
	return out
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -update to write it")
	assert.Equal(t, string(want), string(got), "%s differs; rerun with -update and read the page", path)
}

func TestPages(t *testing.T) {
	tingnan, err := schemes.Load("tingnan-2017")
	require.NoError(t, err)
	xining, err := schemes.Load("xining-2021")
	require.NoError(t, err)
	qianjiang, err := schemes.Load("qianjiang-2017")
	require.NoError(t, err)

	march, _ := period(t, tingnan, load(t, "tingnan-2017/2017-03-jiguan1.json", "tingnan-2017/2017-03-zongcai1.json", "tingnan-2017/2017-03-zongjue.json"), nil)
	xrs, xrk := period(t, xining, load(t, "xining-2021/2021-gongying.json", "xining-2021/2021-jixiu.json", "xining-2021/2021-liangang.json",
		"xining-2021/2021-yunshu.json", "xining-2021/2021-zhagang1.json", "xining-2021/2021-zhagang2.json"), nil)
	qrs, qrk := period(t, qianjiang, load(t, "qianjiang-2017/2018-chaye.json", "qianjiang-2017/2018-chengguan.json", "qianjiang-2017/2018-nongzi.json",
		"qianjiang-2017/2018-riyongpin.json", "qianjiang-2017/2018-zaisheng.json"), nil)
	year := tingnanYear(t)
	opts := Options{Date: "2017-03-26"}

	for _, c := range []struct {
		name  string
		why   string
		write func(*bytes.Buffer) error
		want  []string // on the page, as a reader finds it
	}{
		{"sheet-tingnan-2017-03-jg1.html", "an office branch linked to 综采一队: bands, per-record discretion, a deduction per finding",
			func(b *bytes.Buffer) error { return WriteSheet(b, tingnan, result(t, march, "jg1"), opts) },
			[]string{"机关第一党支部", "2017年3月", "考核人（签字）", "审核人（签字）", "2017-03-26", "F-0302", "AC-0307", "挂钩单位数据指纹"}},
		{"sheet-xining-2021-zhagang1.html", "a year scored with vetoes and tiers", func(b *bytes.Buffer) error {
			return WriteSheet(b, xining, result(t, xrs, "zg1"), Options{})
		}, []string{"2021年度", `<span class="line short"></span>年`}},
		{"sheet-qianjiang-2017-chaye.html", "the yearly sheet of qianjiang", func(b *bytes.Buffer) error {
			return WriteSheet(b, qianjiang, qrs[0], Options{})
		}, nil},
		{"board-tingnan-2017-12.html", "December after a year from the opening ledger: flags, banners and the year's chart",
			func(b *bytes.Buffer) error { return WriteBoard(b, tingnan, year[11], year[:11], Options{}) },
			[]string{"2017年12月", "<svg", "综采一队党支部", "流动"}},
		{"board-xining-2021.html", "a year board without history: no chart", func(b *bytes.Buffer) error {
			return WriteBoard(b, xining, xrk, nil, Options{})
		}, nil},
		{"board-qianjiang-2017.html", "qianjiang's year", func(b *bytes.Buffer) error {
			return WriteBoard(b, qianjiang, qrk, nil, Options{})
		}, nil},
		{"standard-tingnan-2017.html", "bands in words with the bound included", func(b *bytes.Buffer) error {
			return WriteStandard(b, tingnan, Options{})
		}, []string{"超出5%-10%（含5%）加3分", "未完成10%以上（含10%）扣5分", "超出或未完成不足1%不加分", "1万元及以上、不足5万元加2分"}},
		{"standard-xining-2021.html", "vetoes and tiers in words", func(b *bytes.Buffer) error {
			return WriteStandard(b, xining, Options{})
		}, nil},
		{"standard-qianjiang-2017.html", "qianjiang's table", func(b *bytes.Buffer) error {
			return WriteStandard(b, qianjiang, Options{})
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, c.write(&b), c.why)
			page := b.String()
			for _, w := range c.want {
				assert.True(t, strings.Contains(page, w), "%s: %q not on the page", c.why, w)
			}
			assert.NotContains(t, page, "<script", "no script on a page")
			assert.NotContains(t, page, "<no value>", c.why)
			golden(t, c.name, b.Bytes())
		})
	}
}

func TestBoundIn(t *testing.T) {
	for _, c := range []struct {
		label, bound, want, why string
	}{
		{"超出5%-10%", "5", "5%", "the unit after the number"},
		{"未完成10%以上", "-10", "10%", "a shortfall is named by its size; 以上 is not a unit"},
		{"1万元-5万元", "10000", "1万元", "ten thousands as the label writes them"},
		{"超出15%", "5", "", "5 inside 15 is not the bound"},
		{"1万元以下", "0", "", "a bound the label does not show is not named"},
	} {
		d := mustDec(t, c.bound)
		got, ok := boundIn(c.label, d)
		assert.Equal(t, c.want, got, c.why)
		assert.Equal(t, c.want != "", ok, c.why)
	}
}

func TestPeriodWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2017-03", "2017年3月"}, {"2017-12", "2017年12月"}, {"2021", "2021年度"},
		{"2017-Q2", "2017年第二季度"}, {"2017-H2", "2017年下半年"},
	} {
		assert.Equal(t, c.want, periodWords(c.in), c.in)
	}
	assert.False(t, strings.Contains(periodWords("x-y"), "月"), "a period it does not know is left as written")
}

func mustDec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	require.NoError(t, err)
	return d
}

func TestHeldSince(t *testing.T) {
	aw := func(period, from, holder string) *engine.Ranking {
		return &engine.Ranking{Period: period, Awards: []engine.AwardResult{{ID: "banner", From: from, Holder: holder}}}
	}
	for _, c := range []struct {
		why     string
		history []*engine.Ranking
		want    string
	}{
		{"no history: nothing to say", nil, ""},
		{"taken two periods back", []*engine.Ranking{aw("2017-01", "b", "b"), aw("2017-02", "b", "a"), aw("2017-03", "a", "a")}, "（自2017年2月起）"},
		{"held through every period given", []*engine.Ranking{aw("2017-01", "a", "a"), aw("2017-02", "a", "a")}, "（2017年1月以前已持有）"},
		{"a ranking without the award ends the reading: held before the period after it", []*engine.Ranking{{Period: "2017-01"}, aw("2017-02", "a", "a")}, "（2017年2月以前已持有）"},
		{"held by another the period before: taken in this one", []*engine.Ranking{aw("2017-01", "", "b")}, "（自2017年2月起）"},
	} {
		rk := aw("2017-04", "a", "a")
		if len(c.history) > 0 {
			rk.Period = "2017-0" + string(rune('1'+len(c.history)))
		}
		assert.Equal(t, c.want, heldSince(rk, c.history, rk.Awards[0]), c.why)
	}
}

package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/examples/xlsx-export/workbook"
	"github.com/branchscore/branchscore/schemes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// tingnan-2017, March 2017 of the year's sample: 机电队 and 综掘区 are
// +5% (band [5,10): 3 × 30% = 0.9) and share the top; 通风区 −5% (band
// (−10,−5]: −3 × 30% = −0.9) is last.
func TestWorkbook(t *testing.T) {
	s, err := schemes.Load("tingnan-2017")
	require.NoError(t, err)
	f, err := os.Open("../data/tingnan-2017/year/2017-03.json")
	require.NoError(t, err)
	evs, err := evidence.Decode(f)
	f.Close()
	require.NoError(t, err)
	rs, rk, err := score(s, evs, nil)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, workbook.Write(&buf, s, rs, rk))

	x, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer x.Close()
	rows, err := x.GetRows("考核汇总", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.Len(t, rows, 9, "a header and eight branches")
	head := rows[0]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, head)
		return -1
	}
	total, b1 := col("总分"), col("当月工作任务完成情况")
	for _, c := range []struct {
		row               int
		rank, name, total string
		b1, flags         string
		why               string
	}{
		{1, "1", "机电队党支部", "0.9", "3", "小红旗（第一名）", "+5% → 3 × 30%; ties in subject id order"},
		{2, "1", "综掘区党支部", "0.9", "3", "小红旗（第一名）", "shares the top"},
		{8, "8", "通风区党支部", "-0.9", "-3", "小黄旗（最后一名）", "−5% → −3 × 30%"},
	} {
		r := rows[c.row]
		assert.Equal(t, c.rank, r[0], c.why)
		assert.Equal(t, c.name, r[1], c.why)
		assert.Equal(t, c.total, r[total], "%s: the exact decimal is in the cell", c.why)
		assert.Equal(t, c.b1, r[b1], c.why)
		assert.Contains(t, strings.Join(r, "|"), c.flags, c.why)
	}
	// Shown at the scheme's scale: the total with 2 places.
	cell, _ := excelize.CoordinatesToCellName(total+1, 2)
	shown, err := x.GetCellValue("考核汇总", cell)
	require.NoError(t, err)
	assert.Equal(t, "0.90", shown, "the total's format is 0.00 (total rounding scale 2)")
	typ, err := x.GetCellType("考核汇总", cell)
	require.NoError(t, err)
	assert.NotEqual(t, excelize.CellTypeInlineString, typ, "a number, not text")
	assert.NotEqual(t, excelize.CellTypeSharedString, typ, "a number, not text")

	trail, err := x.GetRows("审计轨迹")
	require.NoError(t, err)
	n := 0
	for _, r := range rs {
		n += len(engine.Explain(s, r))
	}
	assert.Len(t, trail, n+1, "every audit sentence, under a header")
}

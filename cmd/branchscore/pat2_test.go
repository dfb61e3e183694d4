package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEvalLedger scores one subject with the balance its ledger carries
// and explains where the balance came from: 2021-Q2 of the quarterly
// example, base 60 + 14.5 carried (20% of 2021-Q1's points less the bonus).
func TestEvalLedger(t *testing.T) {
	dir := t.TempDir()
	ledger := filepath.Join(dir, "ledger.json")
	require.NoError(t, os.WriteFile(ledger, []byte(`{"scheme":"pat2-branch-quarterly","period":"2021-Q1","balances":{"b1":"14.5"}}`), 0o644))
	ev := filepath.Join(dir, "b1.json")
	require.NoError(t, os.WriteFile(ev, []byte(`{"subject":{"id":"b1","name":"第一党支部","kind":"branch"},"period":"2021-Q2","facts":{"dues_rate":"100"},
"records":{"meetings":[{"id":"m1","date":"2021-04-01","kind":"committee"},{"id":"m2","date":"2021-05-01","kind":"committee"},{"id":"m3","date":"2021-06-01","kind":"committee"}]}}`), 0o644))
	var out, errb bytes.Buffer
	code := run([]string{"eval", "--scheme", "../../examples/tables/pat2-branch-quarterly.yaml", "--ledger", ledger, "--explain", ev}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	// 60 + 14.5 = 74.5; every month has a meeting; dues full.
	assert.Contains(t, out.String(), "74.5")
	assert.Contains(t, out.String(), "从2021年第1季度结转积分14.5分：即该期得分（不含“加分项目（最高3分）”）的20%")
	assert.Contains(t, out.String(), "按20%结转14.9分")

	// A ledger of another period is refused, naming both.
	require.NoError(t, os.WriteFile(ledger, []byte(`{"scheme":"pat2-branch-quarterly","period":"2020-Q4","balances":{"b1":"14.5"}}`), 0o644))
	out.Reset()
	errb.Reset()
	code = run([]string{"eval", "--scheme", "../../examples/tables/pat2-branch-quarterly.yaml", "--ledger", ledger, ev}, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "it closes 2020-Q4, but ranking 2021-Q2 needs the ledger of 2021-Q1")
}

package difftest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
)

// without leaves constructs out of the generated rules, to check the rest
// of the language alone while one of them is known to disagree:
//
//	go test ./internal/difftest -without=division,minmax
//
// The default leaves nothing out: the full semantics.
var without = flag.String("without", "", "comma-separated constructs to leave out: "+strings.Join(features, ", "))

// features are the constructs -without may name: division ('/' and
// percent()), minmax (min and max), docin ('d0' in record.documents).
var features = []string{"division", "minmax", "docin"}

// leaveOut reads -without.
func leaveOut(t testing.TB) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.Split(*without, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !slices.Contains(features, f) {
			t.Fatalf("-without: no construct %q; want some of %s", f, strings.Join(features, ", "))
		}
		out[f] = true
	}
	return out
}

// seedBytes are the bytes deterministic seed i stands for.
func seedBytes(i uint64) []byte {
	rng := rand.New(rand.NewPCG(i, 0x5eed))
	b := make([]byte, 1024)
	for j := range b {
		b[j] = byte(rng.Uint32())
	}
	return b
}

// FuzzDifferential generates a valid scheme and evidence from the bytes and
// scores them with engine.Evaluate and with the reference: both fail, or
// both agree exactly on the total, every indicator's and section's points,
// the tier and the vetoes. A scheme the generator makes that does not
// compile, or evidence that does not bind, is a failure too.
func FuzzDifferential(f *testing.F) {
	f.Add([]byte{})
	for i := range uint64(16) {
		f.Add(seedBytes(i))
	}
	off := leaveOut(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		check(t, b, off)
	})
}

// TestDifferential runs the comparison over deterministic seeds.
func TestDifferential(t *testing.T) {
	n := uint64(300)
	if testing.Short() {
		n = 100
	}
	off := leaveOut(t)
	for i := range n {
		t.Run(fmt.Sprint(i), func(t *testing.T) { check(t, seedBytes(i), off) })
	}
}

// check is one differential case.
func check(t *testing.T, b []byte, off map[string]bool) {
	t.Helper()
	m, ev := generate(b, off)
	checkModel(t, m, ev)
}

// checkModel compiles m, scores ev with the engine and the reference, and
// reports every difference.
func checkModel(t *testing.T, m *model, ev *evidence.Evidence) {
	t.Helper()
	text := m.yaml()
	sc, err := scheme.Compile("difftest.yaml", []byte(text))
	if err != nil {
		t.Fatalf("the generated scheme does not compile:\n%v\n%s", err, numbered(text))
	}
	want, wantErr := reference(m, ev)
	got, gotErr := engine.Evaluate(context.Background(), sc, ev, engine.Options{})
	var evErr *scheme.EvidenceError
	if errors.As(gotErr, &evErr) {
		t.Fatalf("the generated evidence does not bind:\n%v\n%s", gotErr, show(text, ev))
	}
	if diffs := compare(want, wantErr, got, gotErr); len(diffs) > 0 {
		t.Errorf("engine and reference disagree:\n  %s\n%s", strings.Join(diffs, "\n  "), show(text, ev))
	}
}

// compare lists the differences between the reference's result and the
// engine's.
func compare(want *refResult, wantErr error, got *engine.Result, gotErr error) []string {
	switch {
	case wantErr != nil && gotErr != nil:
		return nil
	case wantErr != nil:
		return []string{fmt.Sprintf("the reference fails (%v), the engine scores %s", wantErr, got.Total)}
	case gotErr != nil:
		return []string{fmt.Sprintf("the engine fails (%v), the reference scores %s", gotErr, decText(want.total))}
	}
	var diffs []string
	eq := func(what string, w *big.Rat, g engine.Points) {
		if g.Decimal().Rat().Cmp(w) != 0 {
			diffs = append(diffs, fmt.Sprintf("%s: engine %s, reference %s", what, g, decText(w)))
		}
	}
	eq("total", want.total, got.Total)
	if len(got.Sections) != len(want.sections) || len(got.Indicators) != len(want.indicators) {
		return append(diffs, fmt.Sprintf("engine has %d sections and %d indicators, reference %d and %d",
			len(got.Sections), len(got.Indicators), len(want.sections), len(want.indicators)))
	}
	for i, s := range got.Sections {
		eq("section "+s.ID, want.sections[i], s.Points)
	}
	for i, ind := range got.Indicators {
		eq("indicator "+ind.ID, want.indicators[i], ind.Points)
	}
	if got.Tier != want.tier {
		diffs = append(diffs, fmt.Sprintf("tier: engine %q, reference %q", got.Tier, want.tier))
	}
	var vetoes []string
	for _, v := range got.Vetoes {
		vetoes = append(vetoes, v.ID)
	}
	if strings.Join(vetoes, ",") != strings.Join(want.vetoes, ",") {
		diffs = append(diffs, fmt.Sprintf("vetoes: engine %v, reference %v", vetoes, want.vetoes))
	}
	return diffs
}

func numbered(text string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}

func show(text string, ev *evidence.Evidence) string {
	var js bytes.Buffer
	if err := evidence.Encode(&js, ev); err != nil {
		fmt.Fprintf(&js, "(evidence: %v)", err)
	}
	return "--- scheme\n" + numbered(text) + "--- evidence\n" + js.String()
}

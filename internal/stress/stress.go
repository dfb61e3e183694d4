// Package stress builds the adversarial corpus of valid inputs: schemes and
// evidence that stay within the default limits yet ask the most of an
// evaluation — lists at their declared maximum, expressions at the cost
// limit, regular expressions over the longest text, the largest numbers,
// the largest files. The bounds test and benchmark in this package hold
// every case to the promise the README states.
//
// Internal: not for hosts; it serves this module's tests and benchmarks.
package stress

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/evidence"
)

// Case is one adversarial scheme with evidence for it.
type Case struct {
	Name     string
	Scheme   string
	Evidence *evidence.Evidence
}

const head = `id: stress
version: "1"
title: {zh: 压力, en: stress}
period: month
arithmetic: {scale: 4, rounding: half_up}
`

func listInput(name string, max int) string {
	return fmt.Sprintf(`  %s:
    type: list
    max: %d
    fields:
      name: string
      n: int
      v: decimal
    documents:
      plan: {label: {zh: 方案, en: plan}}
      summary: {label: {zh: 总结, en: summary}}
`, name, max)
}

func ev(facts map[string]any, records map[string][]evidence.Record) *evidence.Evidence {
	return &evidence.Evidence{
		Subject: evidence.Subject{ID: "b1", Name: "压力测试党支部", Kind: "branch"},
		Period:  "2017-03", Facts: facts, Records: records,
	}
}

func records(n int, text string) []evidence.Record {
	out := make([]evidence.Record, n)
	for i := range out {
		out[i] = evidence.Record{ID: fmt.Sprintf("R%06d", i), Date: "2017-03-15", Documents: []string{"plan", "summary"},
			Fields: map[string]any{"name": text, "n": json.Number(fmt.Sprint(i % 97)), "v": json.Number("1234567890123456789.0123456789012345678")}}
	}
	return out
}

// Cases returns the corpus. Each case's scheme compiles with the default
// limits and its evidence binds: none is refused, so each shows what an
// accepted input can cost.
func Cases() []Case {
	var cs []Case

	// Many per-record indicators over a list at a large declared maximum.
	{
		const n = 3800
		var b strings.Builder
		b.WriteString(head + "inputs:\n" + listInput("items", n) + "sections:\n  - id: A\n    label: {zh: 甲, en: A}\n    indicators:\n")
		for i := range 1 {
			fmt.Fprintf(&b, `      - id: I%d
        label: {zh: 指标%d, en: item %d}
        kind: per_record
        records: items
        where: record.n >= 0
        gate:
          documents: [plan, summary]
          conditions:
            - {id: c1, label: {zh: 条件一, en: one}, when: record.n < 1000}
            - {id: c2, label: {zh: 条件二, en: two}, when: record.v > 0}
        points: 1
`, i, i, i)
		}
		cs = append(cs, Case{"per-record-at-max", b.String(), ev(nil, map[string][]evidence.Record{"items": records(n, "x")})})
	}

	// Comprehensions at the cost limit over long text, many times.
	{
		const n = 100
		long := strings.Repeat("ab", 2048)
		var b strings.Builder
		b.WriteString(head + "inputs:\n" + listInput("items", n) + "sections:\n  - id: A\n    label: {zh: 甲, en: A}\n    indicators:\n")
		for i := range 16 {
			fmt.Fprintf(&b, `      - id: V%d
        label: {zh: 指标%d, en: item %d}
        kind: value
        value: items.filter(r, r.name.contains("abz") || r.name.startsWith("zz")).size()
`, i, i, i)
		}
		cs = append(cs, Case{"comprehension-cost", b.String(), ev(nil, map[string][]evidence.Record{"items": records(n, long)})})
	}

	// A regular expression over the longest text, in a loop.
	{
		const n = 1
		long := strings.Repeat("a", 4096)
		var b strings.Builder
		b.WriteString(head + "inputs:\n" + listInput("items", n) + "sections:\n  - id: A\n    label: {zh: 甲, en: A}\n    indicators:\n")
		for i := range 19 {
			fmt.Fprintf(&b, `      - id: M%d
        label: {zh: 指标%d, en: item %d}
        kind: value
        value: 'items.filter(r, r.name.matches("[a-z]{20}0")).size()'
`, i, i, i)
		}
		cs = append(cs, Case{"regex", b.String(), ev(nil, map[string][]evidence.Record{"items": records(n, long)})})
	}

	// The largest numbers multiplied as far as an expression allows.
	{
		var b strings.Builder
		b.WriteString(head + "inputs:\n  x: decimal\nsections:\n  - id: A\n    label: {zh: 甲, en: A}\n    indicators:\n")
		prod := strings.TrimSuffix(strings.Repeat("x * ", 30), " * ")
		for i := range 50 {
			fmt.Fprintf(&b, "      - id: D%d\n        label: {zh: 指标%d, en: item %d}\n        kind: value\n        value: %s - %s\n", i, i, i, prod, prod)
		}
		cs = append(cs, Case{"digits", b.String(), ev(map[string]any{"x": json.Number("9999999999999999999.999999999999999999")}, nil)})
	}

	// A scheme file near 1 MiB of straight-line indicators.
	{
		var b strings.Builder
		b.WriteString(head + "inputs:\n  x: decimal\nsections:\n  - id: A\n    label: {zh: 甲, en: A}\n    indicators:\n")
		label := strings.Repeat("党支部工作", 16)
		for i := 0; b.Len() < 1<<20-300; i++ {
			fmt.Fprintf(&b, "      - {id: S%d, label: {zh: %s, en: item}, kind: value, value: x * 2 + 1}\n", i, label)
		}
		cs = append(cs, Case{"file-1MiB", b.String(), ev(map[string]any{"x": json.Number("3.5")}, nil)})
	}
	// The largest evidence the limits let in: a list's records with the
	// longest text, near 16 MiB in all, under one per-record rule.
	{
		const n = 3900
		var b strings.Builder
		b.WriteString(head + "inputs:\n" + listInput("items", n) + "sections:\n  - id: A\n    label: {zh: 甲, en: A}\n    indicators:\n")
		b.WriteString(`      - id: E1
        label: {zh: 指标, en: item}
        kind: per_record
        records: items
        gate:
          documents: [plan, summary]
          conditions:
            - {id: c1, label: {zh: 条件一, en: one}, when: record.n < 1000}
        points: 1
`)
		cs = append(cs, Case{"evidence-16MiB", b.String(), ev(nil, map[string][]evidence.Record{"items": records(n, strings.Repeat("长", 1365))})})
	}
	// An assessor's score for each record of a list at its maximum.
	{
		const n = 3000
		var b strings.Builder
		b.WriteString(head + "inputs:\n" + listInput("items", n) + "sections:\n  - id: A\n    label: {zh: 甲, en: A}\n    indicators:\n")
		b.WriteString(`      - id: P1
        label: {zh: 酌情加分, en: discretion}
        kind: per_record
        records: items
        discretionary: {min: 0, max: 3}
`)
		e := ev(nil, map[string][]evidence.Record{"items": records(n, "x")})
		for i := range n {
			e.Assessments = append(e.Assessments, evidence.Assessment{Assessor: "dqb-wang", Role: "organisation", Indicator: "P1",
				Record: fmt.Sprintf("R%06d", i), Points: "2", Reason: "亮点", Time: "2017-03-26T10:00:00+08:00"})
		}
		cs = append(cs, Case{"assessed-records", b.String(), e})
	}
	return cs
}

package scheme_test

import (
	"fmt"

	"github.com/branchscore/branchscore/scheme"
)

const completionScheme = `
id: completion
version: "1"
title: {zh: 任务完成情况, en: task completion}
period: month
inputs:
  over_pct: {type: decimal, label: {zh: 超出或未完成（%）, en: "over (+) or under (−) target, %"}}
sections:
  - id: B
    label: {zh: 完成工作任务, en: task completion}
    indicators:
      - id: B1
        label: {zh: 超额或未完成, en: over or under target}
        kind: bands
        measure: over_pct
        bands:
          - {range: "(-inf, -1]", points: -1}
          - {range: "(-1, 1)", points: 0}
          - {range: "[1, +inf)", points: 1}
`

func ExampleCompile() {
	s, err := scheme.Compile("completion.yaml", []byte(completionScheme))
	if err != nil {
		fmt.Println(err)
		return
	}
	b1 := s.Indicators()[0]
	for _, band := range b1.Bands {
		points, _ := s.Const(band.Points)
		fmt.Printf("%s %s: %s earns %s\n", s.ID(), b1.ID, band.Range.Text, points)
	}
	// Output:
	// completion B1: (-inf, -1] earns -1
	// completion B1: (-1, 1) earns 0
	// completion B1: [1, +inf) earns 1
}

func ExampleCompile_diagnostics() {
	broken := `
id: broken
version: "1"
title: {zh: 例, en: example}
period: monthly
inputs:
  over_pct: decimal
sections:
  - id: B
    label: {zh: 乙, en: B}
    indicators:
      - id: B1
        label: {zh: 一, en: one}
        kind: bands
        measure: over_pc
        bands:
          - {range: "(-inf, 1)", points: 0}
          - {range: "(1, +inf)", points: 1}
`
	_, err := scheme.Compile("broken.yaml", []byte(broken))
	fmt.Println(err)
	// Output:
	// broken.yaml:5:9: period: "monthly" is not one of month, quarter, half-year, year; did you mean "month"?
	// broken.yaml:15:18: indicator B1: measure: undeclared reference to 'over_pc' (did you mean 'over_pct'?)
	// broken.yaml:18:13: indicator B1: the bands leave a gap on [1, 1]: no band covers it
}

func ExampleScheme_WithParams() {
	src := `
id: pass-mark
version: "1"
title: {zh: 达标线, en: pass mark}
period: year
parameters:
  pass_mark: {type: decimal, default: "60", label: {zh: 达标线, en: pass mark}}
inputs:
  points: decimal
sections:
  - id: S
    label: {zh: 得分, en: points}
    indicators:
      - {id: P, label: {zh: 得分, en: points}, kind: value, value: points}
tiers:
  - {id: pass, label: {zh: 达标, en: compliant}, min: params.pass_mark}
  - {id: fail, label: {zh: 不达标, en: non-compliant}}
`
	s, err := scheme.Compile("pass-mark.yaml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	strict, err := s.WithParams(map[string]string{"pass_mark": "85"})
	if err != nil {
		fmt.Println(err)
		return
	}
	before, _ := s.Const(s.Tiers()[0].Min)
	after, _ := strict.Const(strict.Tiers()[0].Min)
	fmt.Println(before, after)
	_, err = s.WithParams(map[string]string{"pass_mark": "high"})
	fmt.Println(err)
	// Output:
	// 60 85
	// pass-mark.yaml:7:3: parameter override pass_mark: "high" is not a number
}

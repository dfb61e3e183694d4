package report_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/report"
	"github.com/branchscore/branchscore/schemes"
)

// WriteSheet writes a subject's score sheet (考核评分表) as one HTML page,
// here for 综采一队's March 2017; a host serves it, or saves it for print.
func ExampleWriteSheet() {
	s, err := schemes.Load("tingnan-2017")
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open("../examples/data/tingnan-2017/2017-03-zongcai1.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	evs, err := evidence.Decode(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := engine.Evaluate(context.Background(), s, evs[0], engine.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var page strings.Builder
	if err := report.WriteSheet(&page, s, r, report.Options{Date: "2017-03-26"}); err != nil {
		fmt.Println(err)
		return
	}
	html := page.String()
	title := html[strings.Index(html, "<title>")+len("<title>") : strings.Index(html, "</title>")]
	fmt.Println(title)
	fmt.Println("script:", strings.Contains(html, "<script"), "signed on 2017-03-26:", strings.Contains(html, "2017-03-26"))
	// Output:
	// 综采一队党支部 2017年3月 亭南煤业党支部工作质量认证考核评分表
	// script: false signed on 2017-03-26: true
}

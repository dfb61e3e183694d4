package engine_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/schemes"
)

func ExampleEvaluate() {
	s, err := schemes.Load("tingnan-2017")
	if err != nil {
		fmt.Println(err)
		return
	}
	evs, err := evidence.Decode(strings.NewReader(`{
	  "subject": {"id": "zj", "name": "综掘区党支部", "kind": "branch"},
	  "period": "2017-04",
	  "facts": {"task_target": "8000", "task_actual": "8400"},
	  "records": {"contests": [{"id": "C-0411", "date": "2017-04-11", "participants": 7, "uniform_dress": true,
	    "documents": ["request", "plan", "summary", "judges_scores", "publicity", "rewards"]}]}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := engine.Evaluate(context.Background(), s, evs[0], engine.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("total", r.Total)
	x := engine.ExplainResult(s, r)
	for _, sen := range x.Summary {
		fmt.Println(sen.Zh)
	}
	for _, sen := range x.Trail {
		if strings.Contains(sen.Zh, "C-0411") || strings.Contains(sen.Zh, "当月完成") {
			fmt.Println(sen.Zh)
		}
	}
	// Output:
	// total 0.9
	// 综掘区党支部，2017-04：总分0.90分
	// 得分：当月工作任务完成情况：加3分
	// 未得分：开展技术比武活动：组织1次加2分（C-0411）（原因见下）
	// 开展技术比武活动：组织1次加2分：技术比武（C-0411）缺少“公示结果”，缺一项不加分
	// 当月工作任务完成情况：当月完成8400，任务8000，属“超出5%-10%”，加3分（按方案读法：5%、10%整归入较外档；超出或未完成不足1%记0分（原文未规定））
}

func ExampleRank() {
	s, err := schemes.Load("tingnan-2017")
	if err != nil {
		fmt.Println(err)
		return
	}
	evs, err := evidence.Decode(strings.NewReader(`[
	  {"subject": {"id": "zc1", "name": "综采一队党支部", "kind": "branch"}, "period": "2017-01",
	   "facts": {"task_target": "10000", "task_actual": "11200"}},
	  {"subject": {"id": "zc2", "name": "综采二队党支部", "kind": "branch"}, "period": "2017-01",
	   "facts": {"task_target": "10000", "task_actual": "10300"}},
	  {"subject": {"id": "zj", "name": "综掘区党支部", "kind": "branch"}, "period": "2017-01",
	   "facts": {"task_target": "10000", "task_actual": "9400"}}
	]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	all := func(yield func(*evidence.Evidence, error) bool) {
		for _, ev := range evs {
			if !yield(ev, nil) {
				return
			}
		}
	}
	sums, err := engine.Batch(context.Background(), s, all, engine.BatchOptions{}, func(r *engine.Result, err error) {
		if err != nil {
			fmt.Println(err)
		}
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The opening ledger: banners won since 2016.
	opening := &engine.Ledger{Scheme: "tingnan-2017", Period: "2016-12",
		Holders: map[string]string{"banner": "zc2", "model_banner": "zc2"},
		Counts:  map[string]map[string]int{"banner": {"zc1": 3, "zc2": 3}}}
	rk, err := engine.Rank(s, "2017-01", sums, opening)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range rk.Entries {
		fmt.Println(e.Rank, e.Subject.Name, e.Total, e.Awards)
	}
	for _, a := range rk.Awards {
		fmt.Printf("%s: %s → %s %v\n", a.ID, a.From, a.Holder, a.To)
	}
	// Output:
	// 1 综采一队党支部 1.5 [banner red_flag model_banner]
	// 2 综采二队党支部 0.3 []
	// 3 综掘区党支部 -0.9 [yellow_flag]
	// banner: zc2 → zc1 [zc1]
	// red_flag:  →  [zc1]
	// yellow_flag:  →  [zj]
	// model_banner: zc2 → zc1 [zc1]
	// brand_banner:  →  []
}

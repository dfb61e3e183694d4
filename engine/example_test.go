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
	for _, x := range engine.Explain(s, r) {
		if strings.Contains(x.Zh, "C-0411") || strings.Contains(x.Zh, "落在") {
			fmt.Println(x.Zh)
		}
	}
	// Output:
	// total 0.9
	// 开展技术比武活动：组织1次加2分（C-0411）缺少‘公示结果’，缺一项不加分：0 分
	// 当月工作任务完成情况：(task_actual - task_target) * 100 / task_target = 5，落在 [5, 10)：3 分
}

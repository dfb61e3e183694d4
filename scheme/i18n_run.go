package scheme

import "errors"

// The Chinese of the expression stage's own messages (internal/celdec's
// preparer and percentage reader, the cost and date checks) and of the
// runtime errors of an evaluation (engine), kept apart from i18n.go's
// catalog of the compiler's and the evidence's messages. CEL's own parser
// and checker messages stay English inside the Chinese sentence.

// inWrapped renders a wrapper that adds no text of its own (CEL's error
// value around an error of a function of the expression library) as the
// error it wraps; "" for any other error.
func inWrapped(err error, lang Lang) string {
	u := errors.Unwrap(err)
	if u == nil || u.Error() != err.Error() {
		return ""
	}
	return ErrorIn(u, lang)
}

// joinMaps returns one map holding the entries of all of ms.
func joinMaps(ms ...map[string]string) map[string]string {
	n := 0
	for _, m := range ms {
		n += len(m)
	}
	out := make(map[string]string, n)
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// zhFormatsCEL: the expression stage (internal/celdec, scheme/expr.go,
// scheme/dates.go).
var zhFormatsCEL = map[string]string{
	"floating-point (double) values are not allowed: numbers in rules are exact decimals; declare the input as decimal or write dec(\"…\")": "不允许使用浮点数（double）：规则里的数都是精确的十进制数；请把输入项声明为 decimal，或写成 dec(\"…\")",
	"write decimal numbers in plain notation (digits and a point, e.g. 0.05), not '%s'":                                                     "十进制数请用普通写法（数字和小数点，如 0.05），不要写成 '%s'",
	"integer division truncates (7 / 2 is 3): write dec(a) / b for an exact quotient, or div(a, b, scale)":                                  "两个整数相除会舍去小数（7 / 2 得 3）：要得到精确的商请写 dec(a) / b，或 div(a, b, scale)",
	"matches: the pattern must be a string literal, so that it is checked and bounded when the scheme compiles":                             "matches：匹配模式必须是字符串常量，这样编译方案时才能检查它并限定它的开销",
	"matches: a pattern of %d bytes; at most %d":                                                                                            "matches：匹配模式长 %d 字节；最多 %d 字节",
	"matches: invalid regular expression: %s: `%s`":                                                                                         "matches：正则表达式无效：%s：`%s`",
	"matches: invalid regular expression: %s":                                                                                               "matches：正则表达式无效：%s",
	"matches: the pattern compiles to %d instructions; at most %d (a counted repeat such as {100} copies what it repeats)":                  "matches：匹配模式编译后有 %d 条指令；最多 %d 条（{100} 这样的计数重复会把重复的内容照抄相应的次数）",
	"dec: %v: write digits with an optional sign and point, e.g. dec(\"1.05\")":                                                             "dec：%v：请只写数字，可带正负号和小数点，如 dec(\"1.05\")",
	"date: %v": "date：%v",
	"only a number can be a percentage (20%%, 12.5%%): for a share of an expression write pct(…) or multiply by a percentage":              "只有数才能写成百分数（20%%、12.5%%）：要取一个表达式的百分之几，请写 pct(…)，或乘以一个百分数",
	"write a percentage in plain digits, e.g. 12.5%%, not '%s%%'":                                                                          "百分数请用普通数字写，如 12.5%%，不要写成 '%s%%'",
	"'%[1]s%%%[2]s' is ambiguous: write '%[1]s %% %[3]s' for the remainder of a division, or '%[1]s%% * %[3]s' for %[1]s percent of %[3]s": "'%[1]s%%%[2]s' 有两种读法：求余数请写 '%[1]s %% %[3]s'，求 %[3]s 的百分之 %[1]s 请写 '%[1]s%% * %[3]s'",
	"%s() counts from 0 (January is month 0): use %s":                                                                                      "%s() 从 0 开始计数（一月是 0）：请改用 %s",
	"a value whose size nothing bounds":                                                                                                    "一个大小不受任何限定的值",
	"the size of %s, which nothing bounds":                                                                                                 "%s 的大小（它不受任何限定）",
}

// zhWordsCEL: the codes of Go's regular expression parser (regexp/syntax),
// printed by "matches: invalid regular expression".
var zhWordsCEL = map[string]string{
	"invalid character class":                 "字符类无效",
	"invalid character class range":           "字符类范围无效",
	"invalid escape sequence":                 "转义序列无效",
	"invalid named capture":                   "命名捕获组无效",
	"invalid or unsupported Perl syntax":      "Perl 语法无效或不受支持",
	"invalid nested repetition operator":      "重复运算符嵌套无效",
	"invalid repeat count":                    "重复次数无效",
	"missing closing ]":                       "缺少右方括号 ]",
	"missing closing )":                       "缺少右圆括号 )",
	"missing argument to repetition operator": "重复运算符缺少操作对象",
	"trailing backslash at end of expression": "表达式末尾多了反斜杠",
	"unexpected )":                            "多余的右圆括号 )",
	"expression nests too deeply":             "表达式嵌套太深",
	"expression too large":                    "表达式太大",
}

// zhFormatsRun: runtime errors of an evaluation (engine, and the values
// scheme reads while it binds and evaluates).
var zhFormatsRun = map[string]string{
	// engine.Error: who, when, what, where.
	"subject %s, period %s, %s (%s): %v": "考核对象 %s，考核周期 %s，%s（%s）：%v",
	"subject %s, period %s, %s: %v":      "考核对象 %s，考核周期 %s，%s：%v",
	"subject %s, period %s (%s): %v":     "考核对象 %s，考核周期 %s（%s）：%v",
	"subject %s, period %s: %v":          "考核对象 %s，考核周期 %s：%v",
	// engine
	"%w: %s scored %s, which does not apply (%s)":                             "%w：%s 给 %s 评了分，但该指标不适用（%s）",
	"the unit's evidence has no facts.%s":                                     "挂钩单位的证据材料里没有 facts.%s",
	"the balance comes from the ledger of %s; the evidence must leave it out": "余额取自 %s 的台账；证据材料里不要再写",
	"bonus_cap: %w":                           "bonus_cap：%w",
	"condition %s: %w":                        "条件 %s：%w",
	"%w: measure %s":                          "%w：计量值为 %s",
	"band %s: points: %w":                     "档次 %s：points：%w",
	"%w: record %s":                           "%w：记录 %s",
	"points %q: %w":                           "分数 %q：%w",
	"%w: %s gave %s%s, the range is %s to %s": "%w：%s 评了 %s 分%s，规定范围是 %s 到 %s 分",
	" for record %s":                          "（记录 %s）",
	"steps.every: %w":                         "steps.every：%w",
	"%w, got %s":                              "%w，实际为 %s",
	"steps.points: %w":                        "steps.points：%w",
	"steps.from: %w":                          "steps.from：%w",
	"%w: %s and %s both scored it":            "%w：%s 和 %s 都评了分",
	"item %s: %w":                             "检查项 %s：%w",
	"unknown kind %q":                         "未知的指标类型 %q",
	"full: %w":                                "full：%w",
	"dedupe_weight: %w":                       "dedupe_weight：%w",
	"missing.at_least: %w":                    "missing.at_least：%w",
	"points: %w":                              "points：%w",
	"repeated.points: %w":                     "repeated.points：%w",
	"%w: it is for scheme %q, not %q":         "%w：它属于方案 %q，不是 %q",
	"%w: period: %v":                          "%w：考核周期：%v",
	"%w: it closes %s, but ranking %s needs the ledger of %s":                                             "%w：它结束于 %s，但 %s 的排名需要 %s 的台账",
	"period %s is a %s; scheme %s ranks %ss":                                                              "考核周期 %s 的类型是 %s；方案 %s 按 %s 周期排名",
	"subject %s: summary for period %s in the ranking of %s":                                              "考核对象 %s：%[3]s 的排名里混入了考核周期 %[2]s 的汇总结果",
	"subject %s: ranked twice in %s":                                                                      "考核对象 %s：在 %s 的排名中出现了两次",
	"%d summaries: at most %d can be ranked":                                                              "%d 条考核结果：一次最多可排名 %d 条",
	"%w: %s carried a balance into %s but %s no summary; rank them, or remove them from the ledger of %s": "%w：%s 有余额结转到 %s，但没有汇总结果%[4]s；请把它们一起排名，或从 %[5]s 的台账中删去",
	"%w: sheet %s of round %s scored it twice%s":                                                          "%w：评分轮次 %[3]s 的评分表 %[2]s 评了两次%[4]s",
	"%w: round %s has %d, it needs %d%s":                                                                  "%w：评分轮次 %s 有 %d 份，需要 %d 份%s",
	"round %s: %w":                                                                                        "评分轮次 %s：%w",
	"%w: round %s":                                                                                        "%w：评分轮次 %s",
	"%w: round %s, nor round %s that stands in for it":                                                    "%w：评分轮次 %s，代替它的评分轮次 %s 也没有",
	"%w: %d sheets (%s) where the round takes one":                                                        "%w：该轮次只收一份评分表，却有 %d 份（%s）",
	"%w: %d sheets (%s), it needs %d":                                                                     "%w：%d 份评分表（%s），需要 %d 份",
	"evidence[%d]: %w":                                                                                    "证据材料[%d]：%w",
	"subject %s, period %s: evidence[%d] and evidence[%d] are both for it; give one":                      "考核对象 %s，考核周期 %s：evidence[%d] 和 evidence[%d] 都是它的证据材料；只能给一份",
	"%d items not scored":                                                                                 "%d 项没有计分",
	// cmd/branchscore
	"subject %s, period %s, %s: no evidence for the linked unit %s in %s; pass %s as well, which holds it":             "考核对象 %s，考核周期 %s，%s：缺少挂钩单位 %s 在 %s 的证据材料；请同时给出 %s，其中有该单位的材料",
	"subject %s, period %s, %s: no evidence for the linked unit %s in %s; pass the file with %s's %s evidence as well": "考核对象 %s，考核周期 %s，%s：缺少挂钩单位 %s 在 %s 的证据材料；请同时给出 %s 在 %s 的证据材料文件",
	"subject %s, period %s: given twice, in %s and %s; give one document per subject and period":                       "考核对象 %s，考核周期 %s：证据材料给了两份，在 %s 和 %s；每个考核对象每个考核周期只能给一份",
	// scheme, at run time
	"want a number, got %s":                                  "应为数值，实际为 %s",
	"want a condition, got %s":                               "应为条件（bool），实际为 %s",
	"want a string, got %s":                                  "应为字符串，实际为 %s",
	"want a date, got %s":                                    "应为日期，实际为 %s",
	"want a key (a number, text, date or condition), got %s": "应为可作键的值（数值、文字、日期或条件），实际为 %s",
	"%s has more than %d digits after the point":             "%s 的小数位超过 %d 位",
	"%w: %s; the scheme leaves it open, so the host supplies it (Options.Params, or --param %s=VALUE)": "%w：%s；方案没有给定它的值，需要由调用方提供（Options.Params，或 --param %s=值）",
	"value %s: text of %d bytes; at most %d":                                                           "取值 %s：文字长 %d 字节；最多 %d 字节",
	"scheme %s: version %s given twice (%s, %s)":                                                       "方案 %s：版本 %s 出现了两次（%s、%s）",
	"scheme %s: versions %s (%s) and %s (%s) are both in force in %s":                                  "方案 %s：版本 %s（%s）和 %s（%s）在 %s 同时施行",
	"no scheme %q": "没有方案 %q",
	"scheme %s, period %s: %w (versions: %v)": "方案 %s，考核周期 %s：%w（各版本：%v）",
	"%w: a fraction of more than %d bits":     "%w：分数超过 %d 位二进制",
	"%w: exponents %d and %d":                 "%w：指数为 %d 和 %d",
}

// zhWordsRun: the sentinel errors of engine, of scheme at run time and of
// the expression library, and the phrases the messages above print.
var zhWordsRun = map[string]string{
	"assessor's points outside the declared range":           "评分超出规定的范围",
	"a qualifying record has no assessor's score":            "一条符合条件的记录还没有评分",
	"more than one assessor entry where one is expected":     "应只有一条评分，却有多条",
	"the measure falls in no band":                           "计量值不在任何一档之内",
	"grade not declared":                                     "等级没有声明",
	"nil evidence":                                           "证据材料为空",
	"steps.every must be positive":                           "steps.every 必须为正数",
	"assessor entry for an indicator that does not apply":    "对不适用的指标作了评分",
	"an assessor round has no entry":                         "某一评分轮次没有评分",
	"fewer sheets than the round needs":                      "评分表少于该轮次所需的份数",
	"two evidence documents for the same subject and period": "同一考核对象、同一考核周期有两份证据材料",
	"no evidence for the linked unit":                        "挂钩单位没有证据材料",
	"ledger does not fit":                                    "台账对不上",
	"the ledger would drop a subject's balance":              "台账会丢掉考核对象的余额",
	"stored result differs from a fresh evaluation":          "保存的结果与重新计算的结果不一致",
	"the result's parameters are not those in force":         "结果所用的参数不是现行参数",
	"stored results too large":                               "保存的结果过大",
	"evaluation panicked":                                    "计算时发生内部错误（panic）",
	"the scheme declares no sampling":                        "方案没有声明抽查",
	"no version in force":                                    "没有正在施行的版本",
	"a required parameter is not supplied":                   "必填参数没有给出",
	"expression did not compile":                             "表达式没有通过编译",
	"division by zero":                                       "除数为零",
	"exact value too large":                                  "精确值过大",
	"has":                                                    "",
	"have":                                                   "",
}

package scheme

// The Chinese of the expression stage's own messages (internal/celdec's
// preparer and percentage reader, the cost and date checks) and of the
// runtime errors of an evaluation (engine), kept apart from i18n.go's
// catalog of the compiler's and the evidence's messages. CEL's own parser
// and checker messages stay English inside the Chinese sentence.

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

// zhFormatsRun: runtime errors of an evaluation (engine).
var zhFormatsRun = map[string]string{}

// zhWordsRun: engine's and the expression library's sentinel errors.
var zhWordsRun = map[string]string{}

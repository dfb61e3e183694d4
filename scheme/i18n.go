package scheme

import (
	"fmt"
	"strings"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/msg"
)

// Lang is a language diagnostics and evidence errors are rendered in.
// Every message is written in English at its call site (Diagnostic.Message
// and Problem.Message stay English: stable for hosts and golden files) and
// kept as its format and arguments; Chinese renders it through the catalog
// in this file. Positions and paths are the same in both.
type Lang string

// The languages messages are rendered in.
const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// ParseLang reads "en" or "zh" (a locale such as zh_CN.UTF-8 or en_US
// counts as its language); ok is false for anything else.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(s)
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "en", "c", "posix":
		return English, true
	case "zh":
		return Chinese, true
	}
	return "", false
}

// render renders t in l, its error arguments through ErrorIn.
func (l Lang) render(t msg.Text) string {
	return t.InWith(l.catalog(), func(err error) string { return ErrorIn(err, l) })
}

func (l Lang) catalog() *msg.Catalog {
	if l == Chinese {
		return zhCatalog
	}
	return nil
}

// Text returns the problem's message in lang; a problem a host built
// itself is its Message in every language.
func (p Problem) Text(lang Lang) string {
	if p.text.Format == "" || lang.catalog() == nil {
		return p.Message
	}
	return lang.render(p.text)
}

// In renders every problem a line each, as Error does, in lang.
func (e *EvidenceError) In(lang Lang) string {
	if lang.catalog() == nil {
		return e.Error()
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = fmt.Sprintf("考核对象 %s，考核周期 %s：%s：%s", e.Subject, e.Period, p.Path, p.Text(lang))
	}
	return strings.Join(lines, "\n")
}

// ErrorIn renders an error of this module in lang: Diagnostics, an
// *EvidenceError, evidence's *Problem and the errors they wrap, joined
// errors a line each. An error it does not know, and the messages of CEL's
// parser and checker and of the YAML parser it has no entry for, stay
// English inside the Chinese sentence.
func ErrorIn(err error, lang Lang) string {
	c := lang.catalog()
	if err == nil || c == nil {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	switch x := err.(type) {
	case Diagnostics:
		return x.In(lang)
	case Diagnostic:
		return x.In(lang)
	case *EvidenceError:
		return x.In(lang)
	case *evidence.Problem:
		var b strings.Builder
		b.WriteString("证据材料")
		if x.Doc >= 0 {
			fmt.Fprintf(&b, "[%d]", x.Doc)
		}
		b.WriteString("：")
		if x.Path != "" {
			b.WriteString(x.Path)
			b.WriteString("：")
		}
		b.WriteString(ErrorIn(x.Err, lang))
		return b.String()
	case interface{ Unwrap() []error }:
		errs := x.Unwrap()
		lines := make([]string, len(errs))
		for i, e := range errs {
			lines[i] = ErrorIn(e, lang)
		}
		return strings.Join(lines, "\n")
	case *msg.Error:
		// Its arguments may be errors of this module (a file's name and
		// its problems): rendered through ErrorIn.
		return lang.render(x.Text())
	case interface{ In(Lang) string }: // engine's errors
		return x.In(lang)
	}
	if s := inWrapped(err, lang); s != "" {
		return s
	}
	return msg.ErrorIn(err, c)
}

// zhCatalog renders messages in Chinese. Formats maps every format written
// at a call site in scheme, evidence, internal/strictjson and
// internal/celdec (TestChineseCatalogComplete fails on one missing here)
// to its Chinese; Words and Nouns translate the fixed phrases messages are
// built from. To add a message: write it in English at its call site, then
// its Chinese here, with the same verbs (reordered with %[n]s if need be).
var zhCatalog = &msg.Catalog{
	Formats: joinMaps(zhFormats, zhFormatsCEL, zhFormatsRun),
	Words:   joinMaps(zhWords, zhWordsCEL, zhWordsRun),
	Nouns:   zhNouns,
}

// zhFormats: the Chinese of every message format, keyed by the English
// format as written at its call site (grouped by file).
var zhFormats = map[string]string{
	"missing: round %s takes the sheets %s; name one":                                                                   "缺失：评分轮次 %s 使用评分表 %s；请指明其一",
	"round %s takes the sheets %s, not %q%s":                                                                            "评分轮次 %s 使用评分表 %s，不接受 %q%s",
	"%s: sheets: name at least one sheet, or leave sheets out to take any":                                              "%s：sheets：请至少列出一张评分表，或删去 sheets 以接受任意评分表",
	"%s: sheets: a sheet needs a name":                                                                                  "%s：sheets：评分表需要名称",
	"%s: sheets: %q is named twice":                                                                                     "%s：sheets：%q 重复列出",
	"%s: min %d needs more sheets than the %d declared (%s)":                                                            "%s：min %d 需要的评分表多于声明的 %d 张（%s）",
	"%s: window: give in (year, half-year or quarter) or last (e.g. \"6 months\"), one of them":                         "%s：window：请给出 in（year、half-year 或 quarter）或 last（如 \"6 months\"），二者之一",
	"%s: window in %s is shorter than the scheme's period (%s)":                                                         "%s：window in %s 短于方案的考核期（%s）",
	"%s: window last %q: write a count and a unit, e.g. \"6 months\", \"2 years\", \"30 days\"":                         "%s：window last %q：请写数量和单位，如 \"6 months\"、\"2 years\"、\"30 days\"",
	"%s: window last %q: want 1 to 100 years' worth":                                                                    "%s：window last %q：应在 1 年到 100 年之间",
	"%s: give since or window, not both":                                                                                "%s：since 和 window 只能给出一个",
	"%s: dedupe_keep needs dedupe_by, the key records share":                                                            "%s：dedupe_keep 需要 dedupe_by（记录共有的键）",
	"%s: dedupe_keep: heaviest and dedupe_weight (how heavy a record is) go together":                                   "%s：dedupe_keep：heaviest 与 dedupe_weight（记录的轻重）须同时给出",
	"%s: repeated.times is the periods in a row, this one included: at least 2":                                         "%s：repeated.times 是连续的考核期数（含本期）：至少为 2",
	"%s: missing.every %s does not divide a window counted in days or weeks: count weeks, or give the window in months": "%s：missing.every %s 不能整分以天或周计的窗口：请按周计数，或以月给出窗口",
	"%s: missing.every %s does not divide the scheme's %s period or its window into whole spans":                        "%s：missing.every %s 不能把方案的 %s 考核期或其窗口整分",
	"%s: quota.rounding applies to a share":                                                                             "%s：quota.rounding 只适用于比例名额",
	"%s: ties: split and split_by (the sections or indicators that order tied subjects) go together":                    "%s：ties: split 与 split_by（为并列对象排序的部分或指标）须同时给出",
	"%s: quota.split_by: no section or indicator %q%s":                                                                  "%s：quota.split_by：没有部分或指标 %q%s",
	"%s: window applies only to kind: mark":                                                                             "%s：window 只适用于 kind: mark",
	"%s: a mark counts whole %ss: give its window in %ss or longer units":                                               "%s：标记按整 %s 计数：请以 %s 或更长的单位给出窗口",
	"%s: excludes itself":                                                                                 "%s：不能排斥自身",
	"%s: excludes: no award %q%s":                                                                         "%s：excludes：没有奖项 %q%s",
	"%s: given_for: no tier or veto has the consequence %q%s":                                             "%s：given_for：没有等次或一票否决项带有后果 %q%s",
	"%s: given_for applies to a flag":                                                                     "%s：given_for 只适用于 flag",
	"carry.leave_out: no section or indicator %q%s":                                                       "carry.leave_out：没有部分或指标 %q%s",
	"carry.rounding.scale %d: want 0 to 18":                                                               "carry.rounding.scale %d：应为 0 到 18",
	"cutoff_day %d: want a day from 1 to 27 (every month has it and the day after)":                       "cutoff_day %d：应为 1 到 27 之间的日期（每个月都有这一天及其次日）",
	"%s: barred_by: %q names both an award and a consequence; rename one":                                 "%s：barred_by：%q 既是奖项名又是后果名；请改名其一",
	"%s: barred_by: award %s is decided after this one; list it before":                                   "%s：barred_by：奖项 %s 在本奖项之后评定；请把它列在前面",
	"%s: no tier or veto has the consequence %q, and no award is so named%s":                              "%s：没有等次或一票否决项带有后果 %q，也没有这样命名的奖项%s",
	"%s: a mark needs counts (the award whose wins are counted) and at (the count that earns it)":         "%s：标记需要 counts（被计次的奖项）和 at（获得标记所需的次数）",
	"%s: counts: %s is a %s; count a flag or a rolling award":                                             "%s：counts：%s 是 %s；请对 flag 或流动奖项计次",
	"%s: a mark is earned by its count; count, share, tiers, min, from, after and given_for do not apply": "%s：标记按次数获得；count、share、tiers、min、from、after 和 given_for 不适用",
	"%s: counts and at apply only to kinds title and mark":                                                "%s：counts 和 at 只适用于 title 和 mark",
	"%s: give tier (the tier forced), cap_tier (the highest tier allowed), zero (total, or the section or indicator whose points it sets to 0) or consequences alone": "%s：请给出 tier（直接确定的等次）、cap_tier（最高可评等次）、zero（total，或计0分的部分或指标），或只给出 consequences",
	"%s is a list of plain values (%s), not of records: give it in facts, as a JSON array":                                                                            "%s 是普通值（%s）的列表，不是记录列表：请在 facts 中以 JSON 数组给出",
	"the scheme declares records.%s undated; leave date out":                                                                                                          "方案声明 records.%s 不带日期；请删去 date",
	"parameter %s: a required parameter has no default (the host supplies it); leave default out, or required":                                                        "参数 %s：必填参数没有默认值（由宿主系统提供）；请删去 default，或删去 required",
	"parameter %s: missing required key \"default\" (or required: true, when the source leaves the value open and none may be invented)":                              "参数 %s：缺少必需的键 \"default\"（原文未给出且不能自拟时，写 required: true）",
	"input %s: fields and documents apply only to lists":                                                                                                              "输入项 %s：fields 和 documents 只适用于列表",
	"%s: %s applies only to decimal and int values":                                                                                                                   "%s：%s 只适用于 decimal 和 int 值",
	"%s: %s: want a number written out, got %q":                                                                                                                       "%s：%s：应写出一个数，实际为 %q",
	"%s: max %s is below min %s":               "%s：max %s 小于 min %s",
	"%s: scale applies only to decimal values": "%s：scale 只适用于 decimal 值",
	"%s: scale %d: want 0 to 18":               "%s：scale %d：应为 0 到 18",
	"%s: %s applies only to lists":             "%s：%s 只适用于列表",
	"%s: default: %v":                          "%s：default：%v",
	"%s: a list needs max, the most records it may hold (the cost check needs it)":                                                                       "%s：列表需要 max，即最多可容纳的记录数（开销检查需要它）",
	"%s: a list's max is the most records or values it may hold: want a whole number above 0, got %q":                                                    "%s：列表的 max 是最多可容纳的记录或值的个数：应为大于 0 的整数，实际为 %q",
	"%s: %s applies to numbers; a list bounds its values (of: {type: decimal, min: …}) or its records' fields (fields: {NAME: {type: decimal, min: …}})": "%s：%s 适用于数值；列表应限定其值（of: {type: decimal, min: …}）或其记录的字段（fields: {名称: {type: decimal, min: …}}）",
	"%s: a list of plain values (of: %s) has no %s; declare records (fields) instead":                                                                    "%s：普通值列表（of: %s）没有 %s；请改为声明记录（fields）",
	"%s: of: a list's values are never absent; leave optional out":                                                                                       "%s：of：列表中的值不会缺失；请删去 optional",
	"%s: of: an enum needs values":                                                           "%s：of：enum 需要 values",
	"exempt: give categories or when (which subjects are not assessed)":                      "exempt：请给出 categories 或 when（哪些对象不参加考核）",
	"%s: rule %s: a rule of an item is not itself made of rules; list its rules in the item": "%s：规则 %s：项目下的规则本身不能再由规则组成；请把其规则列在该项目中",
	"%s: rule %s: %s applies to the whole item; write it on %s":                              "%s：规则 %s：%s 作用于整个项目；请写在 %s 上",
	"indicator %s: points %s is added to full marks %s, which it cannot exceed; a deduction is negative (points: -%s), or the discretionary range takes deduct: true": "指标 %s：分值 %s 会加到满分 %s 上，而得分不能超过满分；扣分应写成负数（points: -%s），或在酌情范围中写 deduct: true",
	"veto %s: %s is a rule of item %s; zero the item":                                                                         "一票否决项 %s：%s 是项目 %s 下的规则；请对整个项目计0分",
	"veto %s: zero: no section or indicator %q; write total, a section's id or an indicator's id%s":                           "一票否决项 %s：zero：没有部分或指标 %q；请写 total、某部分的 id 或某指标的 id%s",
	"want a list of %s values, got %s":                                                                                        "应为 %s 值的列表，实际为 %s",
	"%d values; the scheme allows at most %d":                                                                                 "共 %d 个值；方案最多允许 %d 个",
	"%s: input %q is a list of plain values (%s), not of records; read it in a measure or value (%s.size(), %s.filter(v, …))": "%s：输入项 %q 是普通值（%s）的列表，不是记录列表；请在 measure 或 value 中读取（%s.size()、%s.filter(v, …)）",
	"%s: the records of %s are undated, so since cannot select them; every one is counted":                                    "%s：%s 的记录不带日期，since 无法筛选；每条都会计入",
	"%s: the records of %s are anonymous, so an assessor's entry cannot name one; give them ids":                              "%s：%s 的记录没有编号，考核人评分无法指明某一条；请给记录编号",
	"input \"tables\": the name is taken by the scheme's tables (tables.NAME[key]); choose another":                           "输入项 \"tables\"：此名称已被方案的对照表占用（tables.名称[键]）；请另取名称",
	"%s: %s: want a number written out (e.g. 3 or -0.5), got %q":                                                              "%s：%s：应写出一个数（如 3 或 -0.5），实际为 %q",
	"%s has no entries":                                   "%s 没有条目",
	"%s: key %q: the table's keys are ints":               "%s：键 %q：此表的键是整数",
	"value %q: the name is taken by the rule variable %s": "命名值 %q：此名称已被规则变量 %s 占用",
	"value %q: an input has that name":                    "命名值 %q：已有同名的输入项",
	"%s: declared int, but the expression gives a decimal; declare it decimal, or round it (round_half_up(x, 0)) and convert": "%s：声明为 int，但表达式得到 decimal；请声明为 decimal，或取整（round_half_up(x, 0)）后转换",
	"role %s declared twice": "角色 %s 重复声明",
	"%s: explain.%s: a placeholder is written {name}, with a name and a closing brace": "%s：explain.%s：占位符写作 {名称}，要有名称和右花括号",
	"%s: explain.%s: unknown placeholder {%s}; this rule can fill in %s":               "%s：explain.%s：未知的占位符 {%s}；此规则可填入 %s",
	"%s: domain %s is empty":                                       "%s：取值范围 %s 为空",
	"%s: band %s is empty":                                         "%s：档次 %s 为空",
	"%s: bands %s and %s overlap on %s":                            "%s：档次 %s 与 %s 在 %s 上重叠",
	"%s: the bands leave a gap on %s: no band covers it":           "%s：各档次在 %s 上留有空档：没有档次覆盖它",
	"%s: bands are declared %s, but %s earns %s after %s earns %s": "%s：档次声明为 %s，但 %s 得 %s 分，而在它之前的 %s 得 %s 分",
	"%v":                                    "%v",
	"nil":                                   "为空（nil）",
	"missing":                               "缺失",
	"text of %d bytes; at most %d":          "文字长 %d 字节；最多 %d 字节",
	"the scheme scores %s subjects, got %q": "方案考核的对象类别是 %s，证据材料给的是 %q",
	"%q is a %s; the scheme scores a %s":    "%q 是 %s 周期；方案按 %s 考核",
	"%s is before the scheme takes effect (%s)": "%s 早于方案生效时间（%s）",
	"%s is after the scheme ends (%s)":          "%s 晚于方案失效时间（%s）",
	"missing (the scheme requires it)":          "缺失（方案要求提供）",
	"the scheme declares no such fact%s":        "方案未声明这项数据%s",
	"%d records; the scheme allows at most %d":  "%d 条记录；方案最多允许 %d 条",
	"%q is also the id of records.%s[%d]":       "%q 也是 records.%s[%d] 的编号",
	"the scheme declares no such list%s":        "方案未声明这个记录列表%s",
	"no indicator %q%s":                         "没有指标 %q%s",
	"indicator %s (%s) takes no assessor entries; assessors score discretionary indicators, per-record discretion and grades without a grade rule": "指标 %s（%s）不接受评分意见；评分人只给酌情加分指标、逐条酌情评分和无评定规则的等次打分",
	"missing: indicator %s is scored per record of %s; name the record":                                                                            "缺失：指标 %s 按 %s 的每条记录计分；请写明是哪条记录",
	"no record %q in records.%s":                              "records.%[2]s 中没有记录 %[1]q",
	"indicator %s is not scored per record; leave record out": "指标 %s 不按记录计分；请去掉 record",
	"missing: every assessor entry names who made it":         "缺失：每条评分意见都要写明评分人",
	"missing: every assessor entry says why":                  "缺失：每条评分意见都要写明理由",
	"no round %q; the scheme's rounds are %s%s":               "没有评分轮次 %q；方案的评分轮次是 %s%s",
	"want RFC 3339 (2017-03-26T10:00:00+08:00), got %q":       "应为 RFC 3339 时间（如 2017-03-26T10:00:00+08:00），实际为 %q",
	"no veto %q%s": "没有一票否决项 %q%s",
	"veto %s takes effect without confirmation (it has no confirm: assessor); leave the confirmation out":                  "一票否决项 %s 无需确认即生效（未设 confirm: assessor）；请去掉确认记录",
	"missing: a confirmation names who decided":                                                                            "缺失：确认记录要写明由谁决定",
	"missing: a confirmation says when it was decided (RFC 3339); the latest decides":                                      "缺失：确认记录要写明决定时间（RFC 3339）；以最后一次决定为准",
	"%s is the instant of confirmations[%d] (%s), which decides veto %s the other way: the latest decision cannot be told": "%s 与 confirmations[%d]（%s）时间相同，而那条对一票否决项 %s 作出相反决定：无法判断哪次决定在后",
	"%d indicators chosen; the scheme asks for %d":                                                                         "选了 %d 项指标；方案要求选 %d 项",
	"%q is not an indicator of pool %s":                                                                                    "%q 不是指标池 %s 中的指标",
	"%q chosen twice":                                                                                                      "%q 选了两次",
	"the scheme declares no such link":                                                                                     "方案未声明这个挂钩",
	"the scheme declares no such pool":                                                                                     "方案未声明这个指标池",
	"missing: every record has a stable id":                                                                                "缺失：每条记录都要有固定的编号",
	"%q is not a document kind of %s%s":                                                                                    "%q 不是 %s 的材料种类%s",
	"the scheme declares no such field%s":                                                                                  "方案未声明这个字段%s",
	"want %s, got %s":                                                                                                      "应为 %s，实际为 %s",
	"want %s, got a number of %d digits; at most %d":                                                                       "应为 %s，实际是 %d 位的数；最多 %d 位",
	"want %s, got a binary floating-point number: pass a decimal or its text":                                              "应为 %s，实际是二进制浮点数：请传入十进制数或其文字",
	"want %s, got %w":       "应为 %s，实际为 %w",
	"%q is not one of %s%s": "%q 不在可选值 %s 之中%s",
	"the scheme's worst-case evaluation cost %s exceeds the budget %d (lists counted at their declared max; largest: %s): lower a list's max, or simplify the rules evaluated for each record":         "方案最坏情况下的计算开销 %s 超过预算 %d（记录列表按声明的 max 计；最大的一项：%s）：请调低记录列表的 max，或简化逐条记录计算的规则",
	"the scheme's worst-case evaluation cost %s exceeds the budget %d (lists counted at their declared max; largest: %s, %s): lower a list's max, or simplify the rules evaluated for each record":     "方案最坏情况下的计算开销 %s 超过预算 %d（记录列表按声明的 max 计；最大的几项：%s、%s）：请调低记录列表的 max，或简化逐条记录计算的规则",
	"the scheme's worst-case evaluation cost %s exceeds the budget %d (lists counted at their declared max; largest: %s, %s, %s): lower a list's max, or simplify the rules evaluated for each record": "方案最坏情况下的计算开销 %s 超过预算 %d（记录列表按声明的 max 计；最大的几项：%s、%s、%s）：请调低记录列表的 max，或简化逐条记录计算的规则",
	"YAML: %s; in a flow mapping such as {zh: …, en: …}, quote a text that holds ':', ',', '#', '[', ']', '{' or '}'":                                                                                  "YAML：%s；在 {zh: …, en: …} 这样的行内写法里，含有 ':'、','、'#'、'['、']'、'{' 或 '}' 的文字要加引号",
	"YAML: %s":                    "YAML：%s",
	"the file is not valid UTF-8": "文件不是有效的 UTF-8 编码",
	"YAML parser failed: %v":      "YAML 解析失败：%v",
	"empty %s":                    "%s为空",
	"a second YAML document starts here; a %s holds exactly one (remove the '---' and what follows, or merge the two)": "这里开始了第二个 YAML 文档；一个%s只能有一个（请删去 '---' 及其后内容，或把两部分合并）",
	"id %q: use lower case letters, digits, '-' and '_', starting with a letter":                                       "编号 %q：请用小写字母、数字、'-' 和 '_'，并以字母开头",
	"source.date: %v":  "source.date：%v",
	"effective.%s: %v": "effective.%s：%v",
	"effective.%s: %q is a %s, but the scheme's period is %s":                                 "effective.%s：%q 是 %s 周期，但方案的考核周期是 %s",
	"effective.to %s is before effective.from %s":                                             "effective.to %s 早于 effective.from %s",
	"limits.cost must be positive":                                                            "limits.cost 必须为正数",
	"limits.cost %d is above the host's ceiling %d: a scheme may only lower it":               "limits.cost %d 高于系统上限 %d：方案只能调低，不能调高",
	"arithmetic.scale %d: want 0 to 18":                                                       "arithmetic.scale %d：应为 0 到 18",
	"%s %q: use lower case letters, digits and '_', starting with a letter":                   "%s %q：请用小写字母、数字和 '_'，并以字母开头",
	"%s %q: a reserved word in rules; choose another name":                                    "%s %q：这是规则里的保留字；请换个名字",
	"parameter %s: an enum needs values":                                                      "参数 %s：枚举类型要列出可选值（values）",
	"parameter %s: values apply only to type enum":                                            "参数 %s：values 只适用于 enum 类型",
	"parameter %s: %s applies only to numbers":                                                "参数 %s：%s 只适用于数值",
	"parameter %s: %s: %v":                                                                    "参数 %s：%s：%v",
	"parameter %s: max %s is below min %s":                                                    "参数 %s：max %s 小于 min %s",
	"parameter %s: default: empty; write a value":                                             "参数 %s：default 为空；请填写一个值",
	"parameter %s: default: %v":                                                               "参数 %s：default：%v",
	"%q is not a number":                                                                      "%q 不是数值",
	"%s is below the minimum %s":                                                              "%s 低于下限 %s",
	"%s is above the maximum %s":                                                              "%s 高于上限 %s",
	"%q is not a whole number":                                                                "%q 不是整数",
	"%q is not true or false":                                                                 "%q 不是 true 或 false",
	"parameter %s: %w":                                                                        "参数 %s：%w",
	"input %q: the name is taken by the rule variable %s":                                     "输入项 %q：这个名字已被规则变量 %s 占用",
	"input %s: an enum needs values":                                                          "输入项 %s：枚举类型要列出可选值（values）",
	"input %s: a list has no default (it is empty when left out)":                             "输入项 %s：记录列表没有 default（未提供时即为空）",
	"input %s: field %q is built in (every record has id, date and documents)":                "输入项 %s：字段 %q 是内置的（每条记录都有 id、date 和 documents）",
	"input %s: field %s: an enum needs values":                                                "输入项 %s：字段 %s：枚举类型要列出可选值（values）",
	"input %s: default: empty; write a value or leave default out to make the input required": "输入项 %s：default 为空；请填写一个值，或去掉 default 使该输入项成为必填",
	"input %s: default: %v":                                                                   "输入项 %s：default：%v",
	"internal: %v":                                                                            "内部错误：%v",
	"pool %s: choose must be at least 1":                                                      "指标池 %s：choose 至少为 1",
	"link %s: no input %q is declared%s":                                                      "挂钩 %s：未声明输入项 %q%s",
	"link %s: input %q is already taken by link %s":                                           "挂钩 %s：输入项 %q 已被挂钩 %s 占用",
	"link %s: %s cannot be linked to itself":                                                  "挂钩 %s：%s 不能挂钩到自身",
	"%s: want an expression (a number, a parameter or a CEL expression), got %s":              "%s：应为表达式（数值、参数或 CEL 表达式），实际为 %s",
	"%s: want text, got %s":                                                                   "%s：应为文字，实际为 %s",
	"%s: want true or false, got %s":                                                          "%s：应为 true 或 false，实际为 %s",
	"%s: want a whole number, got %s":                                                         "%s：应为整数，实际为 %s",
	"%s: want a mapping of names to declarations, got %s":                                     "%s：应为“名称: 声明”的映射，实际为 %s",
	"%s: %q declared twice (first at line %d)":                                                "%s：%q 声明了两次（第一次在第 %d 行）",
	"%s: want a list, got %s":                                                                 "%s：应为列表，实际为 %s",
	"%s: want a mapping, got %s":                                                              "%s：应为映射（键: 值），实际为 %s",
	"%s: unknown key %q%s":                                                                    "%s：未知的键 %q%s",
	"%s: key %q given twice":                                                                  "%s：键 %q 写了两次",
	"%s: missing required key %q":                                                             "%s：缺少必填的键 %q",
	"; numbers are exact: use decimal":                                                        "；数值按精确十进制计算：请用 decimal",
	"%s: %q is not one of %s%s":                                                               "%s：%q 不在可选值 %s 之中%s",
	"; did you mean %q?":                                                                      "；是不是想写 %q？",
	"%s: empty expression":                                                                    "%s：表达式为空",
	"%s: %s%s":                                                                                "%s：%s%s",
	"%s: want %s, got %s":                                                                     "%s：应为 %s，实际为 %s",
	"%s: dividing needs arithmetic: {scale: N, rounding: half_up|half_even|…} declared in the scheme": "%s：有除法时，方案要声明 arithmetic: {scale: N, rounding: half_up|half_even|…}",
	"%s: cost estimate failed: %v":                                                          "%s：开销估算失败：%v",
	"%s: worst-case cost is unbounded: it depends on %s":                                    "%s：最坏情况开销没有上限：它取决于 %s",
	"%s: worst-case cost %s exceeds the limit %d (lists are counted at their declared max)": "%s：最坏情况开销 %s 超过上限 %d（记录列表按声明的 max 计）",
	"%s: %v": "%s：%v",
	"%s: consequence %q: use lower case letters, digits and '_', e.g. no_awards":                       "%s：后果 %q：请用小写字母、数字和 '_'，如 no_awards",
	"%s: a quota gives count or share, one of them":                                                    "%s：名额要给出 count 或 share，二者选一",
	"%s: the last tier has no next tier for the subjects over its quota":                               "%s：这是最后一个等次，超出名额的考核对象没有下一个等次可去",
	"%s: quota.overflow: no tier %q%s":                                                                 "%s：quota.overflow：没有等次 %q%s",
	"%s: quota.overflow %s must be a lower tier (listed after %s)":                                     "%s：quota.overflow %s 必须是更低的等次（列在 %s 之后）",
	"rounds.rounding.scale %d: want 0 to 18":                                                           "rounds.rounding.scale %d：应为 0 到 18",
	"rounds: declare at least one round":                                                               "rounds：至少声明一个评分轮次",
	"%s: trimmed_mean needs trim, the sheets dropped at each end (at least 1)":                         "%s：trimmed_mean 需要 trim，即两端各去掉几份评分表（至少 1）",
	"%s: min %d leaves nothing after trimming %d at each end; want at least %d":                        "%s：min %d 在两端各去掉 %d 份后一份不剩；至少应为 %d",
	"%s: trim applies only to combine: trimmed_mean":                                                   "%s：trim 只适用于 combine: trimmed_mean",
	"%s: min must not be negative":                                                                     "%s：min 不能为负数",
	"%s: min %d needs a combine other than single":                                                     "%s：min %d 需要 single 以外的 combine",
	"%s: %s divides: give rounds.rounding (scale and mode) or the scheme's arithmetic":                 "%s：%s 含除法：请给出 rounds.rounding（位数和舍入方式）或方案的 arithmetic",
	"%s: missing cannot name the round itself":                                                         "%s：missing 不能指向本轮次自身",
	"%s: missing: want error, zero or a round name, got %q%s":                                          "%s：missing：应为 error、zero 或某个评分轮次的名字，实际为 %q%s",
	"round %s stands in for %s but itself falls back on %s: fall back on a round that must be present": "评分轮次 %s 代替 %s，但它自己又退到 %s：请退到一个必须有评分的轮次",
	"carry: no input %q is declared%s":                                                                 "carry：未声明输入项 %q%s",
	"carry: input %s is %s; a balance needs a decimal or int input":                                    "carry：输入项 %s 是 %s；结转余额需要 decimal 或 int 类型的输入项",
	"carry: input %s needs a default, the balance a subject starts from":                               "carry：输入项 %s 需要 default，即考核对象的起始余额",
	"ranking.tie_break: %q names both a section and an indicator":                                      "ranking.tie_break：%q 既是部分又是指标的编号",
	"ranking.tie_break: no section or indicator %q%s":                                                  "ranking.tie_break：没有部分或指标 %q%s",
	"duplicate award %q": "奖项 %q 重复",
	"award id %q: use lower case letters, digits, '-' and '_', starting with a letter": "奖项编号 %q：请用小写字母、数字、'-' 和 '_'，并以字母开头",
	"%s: no tier %q%s": "%s：没有等次 %q%s",
	"%s: a title needs counts (the award whose wins are counted) and at (the count that earns it)": "%s：称号需要 counts（累计哪个奖项的次数）和 at（累计多少次获得）",
	"%s: counts: no award %q declared before it%s":                                                 "%s：counts：在它之前没有声明奖项 %q%s",
	"%s: counts: %s is a title; count a flag or a rolling award":                                   "%s：counts：%s 是称号；请累计红旗或流动锦旗类奖项",
	"%s: a title is earned by its count; count, share, tiers, min, from and after do not apply":    "%s：称号凭累计次数获得；count、share、tiers、min、from 和 after 都不适用",
	"%s: say who receives it: count, share, tiers, min or after":                                   "%s：请写明谁获得：count、share、tiers、min 或 after",
	"%s: a rolling award goes to one subject: give count: 1":                                       "%s：流动奖项只给一个考核对象：请写 count: 1",
	"%s: after: no award %q declared before it%s":                                                  "%s：after：在它之前没有声明奖项 %q%s",
	"%s: after.times must be at least 1":                                                           "%s：after.times 至少为 1",
	"%s: every (a positive number of periods) and first (the first period given) go together":      "%s：every（间隔的周期数，正数）和 first（首次评选的周期）要同时给出",
	"%s: first: %v": "%s：first：%v",
	"%s: first %q is a %s, but the scheme's period is %s":                                           "%s：first %q 是 %s 周期，但方案的考核周期是 %s",
	"%s: per_cohort needs ranking.cohort: category":                                                 "%s：per_cohort 需要 ranking.cohort: category",
	"%s %s: want a share from 0 to 100%%":                                                           "%s %s：应为 0 到 100%% 之间的比例",
	"%s %s: want a whole number of at least %d":                                                     "%s %s：应为不小于 %d 的整数",
	"round %s: weight %s is negative":                                                               "评分轮次 %s：权重 %s 为负数",
	"round weights: %v":                                                                             "评分轮次权重：%v",
	"round weights add up to %s, not 100%% (%s)":                                                    "评分轮次权重合计 %s，不是 100%%（%s）",
	"award %s: a rolling award is held by one subject: count must be 1, not %s":                     "奖项 %s：流动奖项由一个考核对象持有：count 必须为 1，不能是 %s",
	"duplicate id %q (first used at line %d)":                                                       "编号 %q 重复（第一次用在第 %d 行）",
	"%s has no indicators":                                                                          "%s 没有指标",
	"indicator id %q: use letters, digits, '.', '-' and '_'":                                        "指标编号 %q：请用字母、数字、'.'、'-' 和 '_'",
	"indicator %s: no pool %q is declared%s":                                                        "指标 %s：未声明指标池 %q%s",
	"pool %s: subjects choose %d, but the pool has only %d":                                         "指标池 %s：要选 %d 项，但池中只有 %d 项",
	"%s must be known before evidence is read: use literals and params only":                        "%s 必须在读取证据材料之前就能确定：只能用常数和参数（params）",
	"%s: %q does not apply to kind %s":                                                              "%s：%q 不适用于 kind %s",
	"%s: kind %s needs %q":                                                                          "%s：kind %s 需要 %q",
	"%s: no input %q is declared%s":                                                                 "%s：未声明输入项 %q%s",
	"%s: input %q is %s, not a list of records":                                                     "%s：输入项 %q 是 %s，不是记录列表",
	"%s: gate: input %s declares no document kind %q%s":                                             "%s：gate：输入项 %s 没有声明材料种类 %q%s",
	"%s: gate condition %q given twice":                                                             "%s：gate 条件 %q 写了两次",
	"%s: a per_record indicator takes exactly one of points, bands (with measure) or discretionary": "%s：逐条记录计分的指标只能用 points、bands（配 measure）或 discretionary 中的一种",
	"%s: bands and measure go together":                                                             "%s：bands 和 measure 要同时给出",
	"%s: checklist item %q given twice":                                                             "%s：检查项 %q 写了两次",
	"%s: give categories or when":                                                                   "%s：请给出 categories 或 when",
	"%s: missing interval":                                                                          "%s：缺少区间",
	"%s: empty interval":                                                                            "%s：区间为空",
	"%s: %q is not an interval: write [a, b), (a, b], [a, +inf) or (-inf, b]":                       "%s：%q 不是区间：请写成 [a, b)、(a, b]、[a, +inf) 或 (-inf, b]",
	"%s: %s bound cannot be %s":                                                                     "%s：%s界不能是 %s",
	"%s: an infinite bound is open: write (-inf":                                                    "%s：无穷的边界是开的：请写 (-inf",
	"%s: an infinite bound is open: write +inf)":                                                    "%s：无穷的边界是开的：请写 +inf)",
	"total.rounding.scale %d: want 0 to 18":                                                         "total.rounding.scale %d：应为 0 到 18",
	"duplicate tier %q (first at line %d)":                                                          "等次 %q 重复（第一次在第 %d 行）",
	"%s: give min (inclusive) or above (exclusive), not both":                                       "%s：min（含）和 above（不含）只能给一个",
	"tier %s: no tier takes every remaining total, so a subject that reaches none of them gets no tier; add a last tier without min, above or when (or mark every tier veto_only: true when only vetoes grade)": "等次 %s：没有哪个等次兜住其余所有总分，达不到任何等次的考核对象将没有等次；请在最后加一个不带 min、above 或 when 的等次（只凭一票否决定等次的，把每个等次都标上 veto_only: true）",
	"; runs (how many periods in a row an indicator lost points) is read only in a veto's when":                                                                                                                 "；runs（某指标连续被扣分的期数）只能在一票否决项的 when 中读取",
	"tier %s: veto_only, but tier %s after it is reached by a total; list the tiers only vetoes reach last":                                                                                                     "等次 %s：标了 veto_only，但它后面的等次 %s 是按总分评定的；只经一票否决到达的等次请列在最后",
	"tier %s: marked veto_only, but no veto names it in tier or cap_tier and no quota moves subjects into it, so nothing reaches it":                                                                            "等次 %s：标了 veto_only，但没有一票否决项在 tier 或 cap_tier 中指向它，也没有名额把考核对象移入，永远到不了",
	"tier %s: marked veto_only, so no total reaches it and %s is never read; leave it out":                                                                                                                      "等次 %s：标了 veto_only，任何总分都到不了它，所以 %s 永远不会被用到；请去掉",
	"veto %s: cap_tier caps the tier a total reaches, but every tier is veto_only and no total reaches one; force the tier with tier":                                                                           "一票否决项 %s：cap_tier 限制的是按总分评定的等次，但所有等次都标了 veto_only，没有按总分评定的等次；请用 tier 直接确定等次",
	"veto %s: a veto that sets points to 0 is decided before the indicators are scored, so it cannot read runs.%s; give it a tier, or read the run in another veto":                                             "一票否决项 %s：计0分的一票否决在各指标计分之前判定，这时还不知道连续被扣分期数，不能读取 runs.%s；请改为确定等次，或在另一个一票否决项中读取",
	"tier %s: no total reaches it (tier %s before it takes every total) and no veto names it; list it above %s with a bound (tiers go from the highest down), or name it in a veto's tier or cap_tier":          "等次 %[1]s：任何总分都到不了它（它前面的等次 %[2]s 已兜住所有总分），也没有一票否决项指向它；请把它加上分数线列在 %[3]s 之前（等次从高到低排列），或在一票否决项的 tier 或 cap_tier 中指向它",
	"tier %s: reached only through vetoes (tier %s before it takes every total), so %s is never read; leave it out":                                                                                             "等次 %s：只能经一票否决到达（它前面的等次 %s 已兜住所有总分），所以 %s 永远不会被用到；请去掉",
	"duplicate veto %q": "一票否决项 %q 重复",
	"%s: give tier (the tier forced) or cap_tier (the highest tier allowed), one of them":                         "%s：tier（直接确定的等次）和 cap_tier（最高允许的等次）二者给一个",
	"%s: the scheme declares no tiers to force":                                                                   "%s：方案没有声明可确定的等次",
	"parameter override %q: no such parameter%s":                                                                  "参数覆盖 %q：没有这个参数%s",
	"parameter override %s: %v":                                                                                   "参数覆盖 %s：%v",
	"%s: want a number, got %v":                                                                                   "%s：应为数值，实际为 %v",
	"%s: cap %s is below floor %s":                                                                                "%s：封顶 %s 低于保底 %s",
	"section weights: %v":                                                                                         "各部分权重：%v",
	"section weights add up to %s, not %s (%s)":                                                                   "各部分权重合计 %s，不是 %s（%s）",
	"section %s: weight %s is negative":                                                                           "部分 %s：权重 %s 为负数",
	"%s: discretionary max %s is below min %s":                                                                    "%s：酌情加分的 max %s 低于 min %s",
	"%s: steps.every must be positive, got %s":                                                                    "%s：steps.every 必须为正数，实际为 %s",
	"tiers out of order: %s (%s) must be below %s (%s); list tiers from the highest down":                         "等次顺序不对：%s（%s）应低于 %s（%s）；等次请从高到低排列",
	"more anchors, aliases or merge keys follow; only the first %d are listed":                                    "后面还有锚点、别名或合并键；只列出前 %d 个",
	"more than %d YAML nodes; a %s may hold at most %d":                                                           "YAML 节点超过 %d 个；一个%s最多 %d 个",
	"YAML nested more than %d levels deep; a %s may nest at most %d":                                              "YAML 嵌套超过 %d 层；%s最多嵌套 %d 层",
	"anchor &%s: anchors and aliases are not allowed in a %s; write the value out in full":                        "锚点 &%s：%s不允许使用锚点和别名；请把内容完整写出",
	"alias *%s: anchors and aliases are not allowed in a %s; write the value out in full":                         "别名 *%s：%s不允许使用锚点和别名；请把内容完整写出",
	"control character %U; only tabs and line breaks may appear in a %s's text":                                   "控制字符 %U；%s的文字中只允许制表符和换行",
	"merge key <<: not allowed in a %s; write the keys out in full":                                               "合并键 <<：%s不允许使用；请把各个键完整写出",
	"%s: a name of %d bytes; a name may be at most %d":                                                            "%s：名称长 %d 字节；名称最多 %d 字节",
	"%s of %d bytes; an id may be at most %d":                                                                     "%s 长 %d 字节；编号最多 %d 字节",
	"%s: a name with control character %U; ids and names hold no tabs, line breaks or other control characters":   "%s：名称含控制字符 %U；编号和名称不能含制表符、换行或其他控制字符",
	"%s with control character %U; ids and names hold no tabs, line breaks or other control characters":           "%s 含控制字符 %U；编号和名称不能含制表符、换行或其他控制字符",
	"%s: %d characters; a label, note or reason may be at most %d":                                                "%s：%d 个字；名称、说明或理由最多 %d 个字",
	"%s: control character %U":                                                                                    "%s：控制字符 %U",
	"%s: control character %U; a label is one line without tabs (line breaks belong in a note)":                   "%s：控制字符 %U；名称只能写一行，不含制表符（需要换行请写在 note 里）",
	"file is %d bytes; a %s may be at most %d bytes (%d MiB)":                                                     "文件大小 %d 字节；%s最多 %d 字节（%d MiB）",
	"file is %d bytes; a %s may be at most %d bytes":                                                              "文件大小 %d 字节；%s最多 %d 字节",
	"file is larger than %d bytes; a %s may be at most %d bytes (%d MiB)":                                         "文件超过 %d 字节；%s最多 %d 字节（%d MiB）",
	"file is larger than %d bytes; a %s may be at most %d bytes":                                                  "文件超过 %d 字节；%s最多 %d 字节",
	"YAML: a full-width space '\u3000' indents this line; indent with ASCII spaces (the parser reports: %s)":      "YAML：这一行用全角空格“\u3000”缩进；请改用半角空格缩进（解析器报告：%s）",
	"YAML: a full-width colon '：' after %q; YAML needs an ASCII ':' followed by a space (the parser reports: %s)": "YAML：%q 后面是全角冒号“：”；YAML 要求半角冒号“:”再加一个半角空格（解析器报告：%s）",
	"YAML: a full-width space '\u3000' after %q; YAML needs an ASCII space after ':' (the parser reports: %s)":    "YAML：%q 后面是全角空格“\u3000”；YAML 要求冒号后用半角空格（解析器报告：%s）",
	"YAML: ': ' inside a text of a flow mapping such as {zh: …, en: …}; quote the text (the parser reports: %s)":  "YAML：{zh: …, en: …} 这样的行内写法中，文字里有“: ”；请给这段文字加引号（解析器报告：%s）",
	"YAML: this line is indented %d spaces, deeper than line %d above it, whose key has its value already; line it up with the keys it belongs with (the parser reports: %s)": "YAML：这一行缩进了 %d 个空格，比上面第 %d 行更深，而那一行的键已经有值；请与同级的键对齐（解析器报告：%s）",
	"YAML: this line is indented %d spaces, between the levels of the lines above it (%d and %d spaces); line it up with the keys it belongs with (the parser reports: %s)":   "YAML：这一行缩进了 %d 个空格，介于上面各行的层级（%d 和 %d 个空格）之间；请与同级的键对齐（解析器报告：%s）",
	"%s: an unquoted ',' ends the text of %s, so YAML reads %q as another key; quote the whole text: %s: %q":                                                                  "%s：%s 的文字里有未加引号的半角逗号“,”，YAML 在那里截断了文字，把 %q 当成了另一个键；请给整段文字加引号：%s: %q",
	"%s: unknown key %q: it holds a full-width colon '：'; YAML needs an ASCII ':' followed by a space":                                                                        "%s：未知的键 %q：其中有全角冒号“：”；YAML 要求半角冒号“:”再加一个半角空格",
	"%s: unknown key %q: it holds a full-width space '\u3000'; YAML needs ASCII spaces":                                                                                       "%s：未知的键 %q：其中有全角空格“\u3000”；YAML 要求用半角空格",
	"record id: want a string, got %s":                            "记录编号：应为字符串，实际为 %s",
	"record %s: date: want \"YYYY-MM-DD\", got %s":                "记录 %s：date：应为 \"YYYY-MM-DD\"，实际为 %s",
	"record %s: documents: want a list of document kinds, got %s": "记录 %s：documents：应为材料种类的列表，实际为 %s",
	"record %s: documents: want strings, got %s":                  "记录 %s：documents：应为字符串，实际为 %s",
	"%w: larger than %d bytes (16 MiB), the limit":                "%w：超过上限 %d 字节（16 MiB）",
	"evidence: %w": "证据材料：%w",
	"evidence: unexpected data after the document": "证据材料：文档之后还有多余的内容",
	"evidence[%d]: null":                           "证据材料[%d]：为 null",
	"%s: %w":                                       "%s: %w",
	"a decimal of more than %d digits (coefficient of %d bits, exponent %d); at most %d digits": "十进制数超过 %d 位（系数 %d 位二进制，指数 %d）；最多 %d 位",
	"maps and lists nested more than %d deep (one that holds itself?)":                          "映射和列表嵌套超过 %d 层（是否包含了自身？）",
	"a decimal of %d digits written out (%se%d); at most %d":                                    "十进制数写出来有 %d 位（%se%d）；最多 %d 位",
	"%w: %d bytes; an id has at most %d":                                                        "%w：%d 字节；编号最多 %d 字节",
	"%w at byte %d":                                                                             "%w，在第 %d 字节",
	"%w %U at byte %d":                                                                          "%w %U，在第 %d 字节",
	"%w: %d characters; %s has at most %d":                                                      "%w：%d 个字；%s最多 %d 个字",
	"invalid period %q: want 2017-03, 2017-Q1, 2017-H2 or 2021":                                 "考核周期 %q 无效：应写成 2017-03、2017-Q1、2017-H2 或 2021",
	"%w from %s": "%w（与 %s）",
	"%w%s":       "%w%s",
	"%w: unpaired surrogate \\u%04x at offset %d of the document": "%w：文档第 %[3]d 字节处有不成对的代理项 \\u%04[2]x",
	"%w at offset %d of the document":                             "%w，在文档第 %d 字节处",
	"%w: %s has %d digits; at most %d":                            "%w：%s 有 %d 位；最多 %d 位",
	"%w: %s; write the number out, in at most %d digits":          "%w：%s；请把数直接写出，最多 %d 位",
	"%w: %s; write the number out":                                "%w：%s；请把数直接写出",
	"; keys are case-sensitive: did you mean %q?":                 "；键区分大小写：是不是想写 %q？",
	"invalid date %q: want YYYY-MM-DD":                            "日期 %q 无效：应写成 YYYY-MM-DD",
	"invalid decimal %q":                                          "十进制数 %q 无效",
}

// zhWords: whole arguments printed with %s or %v — the fixed phrases
// messages are built from, sentinel errors, the YAML parser's messages.
var zhWords = map[string]string{
	"a mapping":                     "映射（键: 值）",
	"a list":                        "列表",
	"nothing":                       "空值",
	"something else":                "其他内容",
	"a number":                      "数值",
	"a condition (bool)":            "条件（bool）",
	"a string":                      "字符串",
	"a date":                        "日期",
	"a value of unknown type (dyn)": "类型不明的值（dyn）",
	"an object":                     "对象",
	"lower":                         "下",
	"upper":                         "上",
	"a name":                        "名称",
	"parameter":                     "参数",
	"input":                         "输入项",
	"field":                         "字段",
	"document kind":                 "材料种类",
	"pool":                          "指标池",
	"link":                          "挂钩",
	"round":                         "评分轮次",
	"evidence too large":            "证据材料过大",
	"duplicate key":                 "键重复",
	"key differs only in case":      "键只有大小写不同",
	"unknown key":                   "未知的键",
	"invalid UTF-8":                 "不是有效的 UTF-8",
	"number too long":               "数的位数过多",
	"number in exponent notation":   "数用了指数写法",
	"too long":                      "过长",
	"control character":             "控制字符",
	"mapping values are not allowed in this context":         "此处不能出现“键: 值”",
	"could not find expected ':'":                            "找不到应有的“:”",
	"did not find expected key":                              "找不到应有的键",
	"did not find expected '-' indicator":                    "找不到应有的“-”",
	"did not find expected ',' or '}'":                       "找不到应有的“,”或“}”",
	"found character that cannot start any token":            "出现了不能开始任何记号的字符（多半是制表符）",
	"found a tab character that violates indentation":        "缩进里有制表符",
	"block sequence entries are not allowed in this context": "此处不能出现列表项“- ”",
	"a reason":         "理由",
	"an int":           "int 类型",
	"a decimal":        "decimal 类型",
	"a bool":           "bool 类型",
	"an enum":          "enum 类型",
	"scheme":           "方案",
	"scheme file":      "方案文件",
	"scheme test file": "方案测试文件",
}

// zhNouns: the first word of a %s argument naming what a message is
// about ("indicator A1").
var zhNouns = map[string]string{
	"indicator": "指标",
	"section":   "部分",
	"tier":      "等次",
	"veto":      "一票否决项",
	"round":     "评分轮次",
	"award":     "奖项",
	"parameter": "参数",
	"input":     "输入项",
	"pool":      "指标池",
	"link":      "挂钩",
}

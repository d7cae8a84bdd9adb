package rules

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/policy"
)

// FieldLabels names the fields a rule needs and reads, joined by 、.
func (r *Rule) FieldLabels() string {
	var names []string
	for _, f := range append(slices.Clone(r.Needs), r.Reads...) {
		if l := f.Label(); !slices.Contains(names, l) {
			names = append(names, l)
		}
	}
	return strings.Join(names, "、")
}

// ParamLabels names the rule's parameters with their defaults ("监测范围（8000 元）"), joined by 、.
func (r *Rule) ParamLabels() string { return paramLabels(r.Params) }

func paramLabels(params []policy.Name) string {
	var out []string
	for _, n := range params {
		p, ok := policy.Lookup(n)
		if !ok {
			continue
		}
		out = append(out, fmt.Sprintf("%s（默认 %s%s）", p.Title, p.Default, p.Unit))
	}
	return strings.Join(out, "、")
}

var verb = regexp.MustCompile(`%%|%[-+# 0-9.]*[a-zA-Z]`)

// Template returns the explanation template with each value shown as …, for readers.
func (r *Rule) Template() string {
	return verb.ReplaceAllStringFunc(r.Explain, func(v string) string {
		if v == "%%" {
			return "%"
		}
		return "…"
	})
}

// WriteDoc writes the catalog as docs/rules.md: for every rule its indicator, severity,
// subject, basis, the data it needs, its parameters, what to do about a finding and its table
// of cases; then the map of PRACTICE.md's checks onto the catalog.
func WriteDoc(w io.Writer, cat Catalog) error {
	var b strings.Builder
	b.WriteString("# 排查规则说明\n\n")
	b.WriteString("<!-- 本文件由 internal/rules 的目录生成（GONGGU_UPDATE_DOCS=1 go test ./internal/rules），请勿手工修改。 -->\n\n")
	b.WriteString("gonggu 的每条排查规则都写明政策依据、所需数据、参数和整改办法，并附一张“情形表”：用几项数据描述一户，" +
		"说明规则报告还是不报告，阈值的边界值也在其中。情形表就是规则的测试，每次构建都会逐条运行，所以这里写的就是程序实际的判断。\n\n")
	b.WriteString("情形表中的户都从同一户出发：一户三口的脱贫户（1981 年生的户主在省外务工 10 个月，1983 年生的妻子在县内乡外务工 8 个月，" +
		"2016 年生的儿子读小学），住房 A 级、饮水安全、收入稳定，没有任何规则报告它；“监测户”指它作为 2025 年 3 月因病纳入监测、" +
		"风险未消除的脱贫不稳定户（妻子患长期慢性病，每年合规自付医疗支出 2,400 元；有健康帮扶，含城乡居民医保个人缴费补贴，和产业帮扶）；“一般农户”指同一户但户类型为一般农户。判断日期为 2026 年 11 月 28 日。\n\n")
	b.WriteString("一项数据如果从未有任何来源提供（例如全国系统导出表没有这一列），称为“未采集”，不等于“空白”：需要它的规则不判断，" +
		"地区页面会列出因此未能判断的规则和数据来源。\n\n")
	last := -2
	for _, r := range cat {
		if r.Indicator != last {
			last = r.Indicator
			if r.Indicator == DataQuality {
				b.WriteString("## 数据质量\n\n")
			} else {
				fmt.Fprintf(&b, "## 指标 %d %s\n\n", r.Indicator, IndicatorTitles[r.Indicator])
			}
		}
		fmt.Fprintf(&b, "### %s %s\n\n", r.ID, r.Title)
		fmt.Fprintf(&b, "- 严重程度：%s；对象：%s\n", r.Severity.Label(), r.Subject.Label())
		fmt.Fprintf(&b, "- 说明：%s\n", r.Template())
		if r.Basis != "" {
			fmt.Fprintf(&b, "- 政策依据：%s\n", r.Basis)
		}
		if f := r.FieldLabels(); f != "" {
			fmt.Fprintf(&b, "- 所需数据：%s\n", f)
		}
		if p := r.ParamLabels(); p != "" {
			fmt.Fprintf(&b, "- 参数：%s\n", p)
		}
		if r.Fix != "" {
			fmt.Fprintf(&b, "- 如何整改：%s\n", r.Fix)
		}
		if len(r.Practice) > 0 {
			fmt.Fprintf(&b, "- 对应县级核查：%s\n", strings.Join(r.Practice, "；"))
		}
		if len(r.Cases) > 0 {
			b.WriteString("\n| 情形 | 结果 |\n|---|---|\n")
			for _, cs := range r.Cases {
				res := "不报告"
				if cs.Fires != nil {
					res = "报告"
					if r.Subject == Person {
						res += "（" + strings.Join(subjectNames(cs.Fires), "、") + "）"
					}
				}
				fmt.Fprintf(&b, "| %s | %s |\n", strings.ReplaceAll(cs.Desc, "|", "｜"), res)
			}
		}
		b.WriteString("\n")
	}
	if objs := Objects(); len(objs) > 0 {
		b.WriteString("## 对象规则\n\n有些指标评的不是户，而是帮扶干部、驻村工作队员、项目、资产、村等对象；下列规则按对象排查，发现的问题与户的问题一样进入问题清单和整改台账。\n\n")
		for _, r := range objs {
			fmt.Fprintf(&b, "### %s %s\n\n", r.ID, r.Title)
			fmt.Fprintf(&b, "- 指标：%s；严重程度：%s；对象：%s\n", IndicatorTitles[r.Indicator], r.Severity.Label(), r.Kind)
			fmt.Fprintf(&b, "- 说明：%s\n", verb.ReplaceAllStringFunc(r.Explain, func(v string) string {
				if v == "%%" {
					return "%"
				}
				return "…"
			}))
			if r.Basis != "" {
				fmt.Fprintf(&b, "- 政策依据：%s\n", r.Basis)
			}
			if p := paramLabels(r.Params); p != "" {
				fmt.Fprintf(&b, "- 参数：%s\n", p)
			}
			if r.Fix != "" {
				fmt.Fprintf(&b, "- 如何整改：%s\n", r.Fix)
			}
			if len(r.Practice) > 0 {
				fmt.Fprintf(&b, "- 对应县级核查：%s\n", strings.Join(r.Practice, "；"))
			}
			if len(r.Cases) > 0 {
				b.WriteString("\n| 情形 | 结果 |\n|---|---|\n")
				for _, cs := range r.Cases {
					res := "不报告"
					if cs.Fires {
						res = "报告"
					}
					fmt.Fprintf(&b, "| %s | %s |\n", strings.ReplaceAll(cs.Desc, "|", "｜"), res)
				}
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("## 与县级核查清单（PRACTICE.md）的对照\n\n")
	b.WriteString("县级和省级常用的核查脚本所查的每一项，以及 gonggu 中对应的规则；gonggu 尚未掌握其数据的项目写明原因。\n\n")
	b.WriteString("| 核查项 | 规则 |\n|---|---|\n")
	for _, pc := range PracticeChecks {
		var ids []string
		for _, r := range cat {
			if slices.Contains(r.Practice, pc.Check) {
				ids = append(ids, r.ID)
			}
		}
		for _, r := range Objects() {
			if slices.Contains(r.Practice, pc.Check) {
				ids = append(ids, r.ID)
			}
		}
		cov := strings.Join(ids, "、")
		if cov == "" {
			cov = "未覆盖：" + pc.Missing
		}
		fmt.Fprintf(&b, "| %s | %s |\n", pc.Check, cov)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// subjectNames turns the casebook's person numbers into the words the case table uses.
func subjectNames(ids []string) []string {
	names := map[string]string{"P1": "户主", "P2": "配偶", "P3": "儿子", hhNo: "本户"}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = names[id]
		if out[i] == "" {
			out[i] = id
		}
	}
	return out
}

// PracticeCheck is one check of PRACTICE.md, named by its section letter and a few words.
// Rules cite it in their Practice list; Missing says why none does yet.
type PracticeCheck struct {
	Check   string
	Missing string
}

// PracticeChecks are the checks counties run on the national export (PRACTICE.md), in its
// order.
var PracticeChecks = []PracticeCheck{
	{Check: "A 证件号码重复"},
	{Check: "A 证件号码长度、校验位、出生日期有误"},
	{Check: "A 证件号码为空或为 999999 占位号码"},
	{Check: "A 健康状况残疾但无残疾人证"},
	{Check: "B 无户主或多个户主"},
	{Check: "B 多个配偶"},
	{Check: "B 配偶与户主同性别"},
	{Check: "B 与户主关系与性别矛盾"},
	{Check: "B 与户主关系为空或不在标准值中"},
	{Check: "C 帮扶对象人员信息缺项"},
	{Check: "C 大病保险不为是"},
	{Check: "C 两种基本医疗保险都参加或都未参加"},
	{Check: "C 户联系电话不是 11 位"},
	{Check: "C 务工人员手机号码格式错误"},
	{Check: "C 户情况（用电、饮水、厕所、道路、住房）缺项"},
	{Check: "C 耕地林地等面积缺失或超限", Missing: "gonggu 尚未登记土地面积"},
	{Check: "C 与村主干路距离", Missing: "gonggu 尚未登记与村主干路距离"},
	{Check: "C 监测户识别时间、风险、工资性收入、三保障措施缺项"},
	{Check: "C 已消除户风险消除后复核项、信息采集人缺项", Missing: "gonggu 尚未登记风险消除后的复核项和信息采集人"},
	{Check: "D 文化程度与在校生状况同填或同空"},
	{Check: "D 文化程度、在校生状况不在标准值中"},
	{Check: "D 在校生文化程度与年级不符"},
	{Check: "D 年龄与在读年级不符"},
	{Check: "D 未上学原因与健康状况矛盾"},
	{Check: "E 在校生或未满 16 岁未标无劳动力"},
	{Check: "E 16–59 岁健康人员标为弱或无劳动力"},
	{Check: "E 60 岁以上标为普通或技能劳动力"},
	{Check: "E 16–59 岁患病残疾人员标为普通或技能劳动力"},
	{Check: "E 一二级肢体残疾标为普通劳动力"},
	{Check: "F 因残、因病风险与家庭情况不符"},
	{Check: "F 因病但无合规自付医疗支出"},
	{Check: "F 因务工就业不稳但无人能务工或务工"},
	{Check: "F 缺劳动力但家庭有劳动力"},
	{Check: "F 饮水不安全或未参保未列入相应风险"},
	{Check: "F 其他风险无说明、自然灾害无子项"},
	{Check: "G 应纳未纳（漏纳）"},
	{Check: "H 已消除但三保障或饮水问题仍在"},
	{Check: "H 已消除但整户无劳动力或收入低于监测范围"},
	{Check: "H 已消除脱贫户的措施与收入不符"},
	{Check: "H 风险消除后复核发现住房或饮水损坏", Missing: "gonggu 尚未登记风险消除后的复核项"},
	{Check: "I 风险消除过快"},
	{Check: "I 识别时人均纯收入过高"},
	{Check: "I 人均纯收入偏低、工资性收入异常"},
	{Check: "I 月务工收入异常", Missing: "gonggu 尚未持有务工记录（每段务工的月收入）"},
	{Check: "M 风险类型无对应帮扶措施"},
	{Check: "M 监测户无帮扶措施、帮扶消除无措施"},
	{Check: "M 有劳动力无开发式措施、仅综合保障、仅象征性措施"},
	{Check: "M 开发式措施登记为尚未实施"},
	{Check: "M 无劳动力低保特困户未标兜底保障"},
	{Check: "M 雨露计划对象不符"},
	{Check: "M 医保个人缴费补贴与识别时间不符"},
	{Check: "N 低保特困与综合保障不符"},
	{Check: "N 残疾人补贴与残疾情况不符"},
	{Check: "N 整户无劳动力但无人享受低保"},
	{Check: "N 特困人员健康或务工"},
	{Check: "N 未参保却享受医疗救助"},
	{Check: "O 有就业帮扶或公益岗位但无人务工"},
	{Check: "O 县外务工类措施但在县内务工"},
	{Check: "O 在校生或无劳动能力人员务工"},
	{Check: "O 务工记录缺少单位或就业渠道"},
	{Check: "O 务工地点未写到县区"},
	{Check: "O 县外务工但就业渠道为公益岗位或帮扶车间"},
	{Check: "O 公益岗位人员年龄、劳动能力、月数不符或一人多岗"},
	{Check: "O 务工所在地与务工时间不符"},
	{Check: "O 技能劳动力无务工"},
	{Check: "O 同一电话登记在多户或户内不同务工地"},
	{Check: "O 务工记录时段重叠、未满 16 岁务工、收入缺失", Missing: "gonggu 尚未持有逐段的务工记录"},
	{Check: "V 村级表", Missing: "gonggu 尚未持有村级表"},
}

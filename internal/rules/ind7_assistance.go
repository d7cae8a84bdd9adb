package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 7: regular assistance of the rural low-income population. 低保 and 特困供养 as
// flagged on the household and its people against the 综合保障 measure and the income that
// records them, households in which nobody can work and that get neither, and 特困 people the
// registry says can work, disability subsidies against disability, and medical aid for people
// without medical insurance (PRACTICE.md N).
var ind7 = []*Rule{
	{
		ID: "I7-01", Indicator: 7, Severity: Medium, Subject: Household,
		Title:    "享受低保但综合保障未登记低保",
		Explain:  "%s享受低保，但综合保障措施中没有低保（现有综合保障：%s）",
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HDibao, registry.PDibao},
		Basis:    "享受低保的帮扶对象，其低保应登记在综合保障措施中，帮扶措施与民政低保名单一致（县级核查：享受低保而综合保障无低保）",
		Fix:      "对照民政部门低保名单核实：在保的在综合保障中登记「农村低保」；已退保的把是否享受低保改为否",
		Practice: []string{"N 低保特困与综合保障不符"},
		Cases: []Case{
			{Desc: "无人享受低保"},
			{Desc: "户享受低保（享受低保政策情况「农村低保」），没有综合保障", Set: householdDibao, Fires: []string{hhNo}},
			{Desc: "户享受低保，综合保障「农村低保,残疾人两项补贴」", Set: both(householdDibao, social("农村低保,残疾人两项补贴"))},
			{Desc: "户享受低保，综合保障写作「最低生活保障金」", Set: both(householdDibao, social("最低生活保障金"))},
			{Desc: "妻子享受低保，综合保障只有「残疾人两项补贴」", Set: both(spouseDibao, social("残疾人两项补贴")), Fires: []string{hhNo}},
			{Desc: "妻子享受低保，「低保」登记在社会帮扶而不是综合保障", Set: both(spouseDibao, withMeasure(registry.MeasureSocialAid, "低保")), Fires: []string{hhNo}},
			{Desc: "享受低保的妻子已于 2026 年 3 月迁出", Set: both(spouseDibao, spouseLeft)},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if who := onAssistance(h, false); who != "" && !h.MeasureMentions(registry.MeasureSocialSecurity, dibaoWords...) {
				emit(h.H.No, who, blankAs(socialSecurityText(h), "无"))
			}
		},
	},
	{
		ID: "I7-02", Indicator: 7, Severity: Medium, Subject: Household,
		Title:    "综合保障登记低保但无人享受低保",
		Explain:  "综合保障措施（%s）中登记了低保，但户和家庭成员的是否享受低保均不为「是」",
		Needs:    []registry.Field{registry.PDibao},
		Reads:    []registry.Field{registry.HDibao, registry.HMeasures},
		Basis:    "综合保障登记的低保应有在保的家庭成员（县级核查：综合保障有低保而无人享受低保）",
		Fix:      "对照民政部门低保名单核实：在保的把户或成员的是否享受低保改为是；已退保的从综合保障中删去低保",
		Practice: []string{"N 低保特困与综合保障不符"},
		Cases: []Case{
			{Desc: "没有综合保障"},
			{Desc: "综合保障「农村低保」，户和成员的是否享受低保都为否", Set: social("农村低保"), Fires: []string{hhNo}},
			{Desc: "综合保障「农村低保」，户享受低保", Set: both(social("农村低保"), householdDibao)},
			{Desc: "综合保障「农村低保」，妻子享受低保", Set: both(social("农村低保"), spouseDibao)},
			{Desc: "综合保障「农村低保」，享受低保的妻子已迁出", Set: both(social("农村低保"), spouseDibao, spouseLeft), Fires: []string{hhNo}},
			{Desc: "综合保障只有「残疾人两项补贴」", Set: social("残疾人两项补贴")},
			{Desc: "综合保障「农村低保」，导出表没有是否享受低保一列（未采集）", Set: both(social("农村低保"), notCollected(registry.PDibao))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if h.MeasureMentions(registry.MeasureSocialSecurity, dibaoWords...) && onAssistance(h, false) == "" {
				emit(h.H.No, socialSecurityText(h))
			}
		},
	},
	{
		ID: "I7-03", Indicator: 7, Severity: Medium, Subject: Household,
		Title:    "特困供养但综合保障未登记特困供养",
		Explain:  "%s为特困供养人员，但综合保障措施中没有特困供养（现有综合保障：%s）",
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HTekun, registry.PTekun},
		Basis:    "特困供养人员的特困供养应登记在综合保障措施中，与民政特困人员名单一致（县级核查：特困供养而综合保障无特困）",
		Fix:      "对照民政部门特困人员名单核实：在册的在综合保障中登记「特困供养」；已终止供养的把是否特困供养人员改为否",
		Practice: []string{"N 低保特困与综合保障不符"},
		Cases: []Case{
			{Desc: "无人特困供养"},
			{Desc: "户为特困供养（享受特困供养政策情况「农村特困」），没有综合保障", Set: householdTekun, Fires: []string{hhNo}},
			{Desc: "户为特困供养，综合保障「特困供养」", Set: both(householdTekun, social("特困供养"))},
			{Desc: "妻子为特困供养人员，综合保障只有「农村低保」", Set: both(spouseTekun, social("农村低保")), Fires: []string{hhNo}},
			{Desc: "妻子为特困供养人员，综合保障「特困人员救助供养」", Set: both(spouseTekun, social("特困人员救助供养"))},
			{Desc: "特困供养的妻子已迁出", Set: both(spouseTekun, spouseLeft)},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if who := onAssistance(h, true); who != "" && !h.MeasureMentions(registry.MeasureSocialSecurity, tekunWords...) {
				emit(h.H.No, who, blankAs(socialSecurityText(h), "无"))
			}
		},
	},
	{
		ID: "I7-04", Indicator: 7, Severity: Medium, Subject: Household,
		Title:    "综合保障登记特困供养但无特困人员",
		Explain:  "综合保障措施（%s）中登记了特困供养，但户和家庭成员的是否特困供养均不为「是」",
		Needs:    []registry.Field{registry.PTekun},
		Reads:    []registry.Field{registry.HTekun, registry.HMeasures},
		Basis:    "综合保障登记的特困供养应有在册的特困供养人员（县级核查：综合保障有特困而无特困人员）",
		Fix:      "对照民政部门特困人员名单核实：在册的把是否特困供养人员改为是；不在册的从综合保障中删去特困供养",
		Practice: []string{"N 低保特困与综合保障不符"},
		Cases: []Case{
			{Desc: "没有综合保障"},
			{Desc: "综合保障「特困供养」，户和成员都不是特困供养", Set: social("特困供养"), Fires: []string{hhNo}},
			{Desc: "综合保障「特困供养」，户为特困供养", Set: both(social("特困供养"), householdTekun)},
			{Desc: "综合保障「特困供养」，妻子为特困供养人员", Set: both(social("特困供养"), spouseTekun)},
			{Desc: "综合保障「特困供养」，户只享受低保", Set: both(social("特困供养"), householdDibao), Fires: []string{hhNo}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if h.MeasureMentions(registry.MeasureSocialSecurity, tekunWords...) && onAssistance(h, true) == "" {
				emit(h.H.No, socialSecurityText(h))
			}
		},
	},
	{
		// A household flagged 特困 is I7-03's: this rule finds the payment nothing else records.
		ID: "I7-05", Indicator: 7, Severity: Medium, Subject: Household,
		Title:    "有特困供养金但无特困供养措施",
		Explain:  "%d 年特困人员救助供养金 %s 元，但综合保障措施中没有特困供养，家庭成员也未登记为特困供养人员",
		Needs:    []registry.Field{registry.HMeasures, registry.PTekun},
		Reads:    []registry.Field{registry.ITekunPay},
		Basis:    "领取特困人员救助供养金的家庭应有特困供养人员和相应的综合保障措施（县级核查：特困人员救助供养金大于 0 而综合保障无特困供养）",
		Fix:      "对照民政部门发放名单核实：在册的登记特困供养人员和综合保障「特困供养」；收入录错的更正转移性收入分项",
		Practice: []string{"N 低保特困与综合保障不符"},
		Cases: []Case{
			{Desc: "没有特困人员救助供养金"},
			{Desc: "2026 年特困人员救助供养金 9,600 元，没有特困供养措施", Set: tekunPay(2026, 9600), Fires: []string{hhNo}},
			{Desc: "2026 年特困人员救助供养金 1 元", Set: tekunPay(2026, 1), Fires: []string{hhNo}},
			{Desc: "2026 年特困人员救助供养金 9,600 元，综合保障「特困供养」", Set: both(tekunPay(2026, 9600), social("特困供养"))},
			{Desc: "有 2026 年的供养金，妻子登记为特困供养人员：由 I7-03 判断", Set: both(tekunPay(2026, 9600), spouseTekun)},
			{Desc: "只有 2025 年有特困人员救助供养金", Set: tekunPay(2025, 9600)},
			{Desc: "没有 2026 年的收入记录，2025 年有供养金", Set: both(tekunPay(2025, 9600), incomeYears(2025))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			in := h.Income
			if in == nil || in.Year != c.Year || in.TekunPay <= 0 {
				return
			}
			if onAssistance(h, true) == "" && !h.MeasureMentions(registry.MeasureSocialSecurity, tekunWords...) {
				emit(h.H.No, in.Year, in.TekunPay)
			}
		},
	},
	{
		ID: "I7-06", Indicator: 7, Severity: High, Subject: Household,
		Title:    "整户无劳动能力但未享受低保特困",
		Explain:  "家庭 %d 名成员均无劳动能力（%s），但户和家庭成员均未享受低保或特困供养",
		Needs:    []registry.Field{registry.PLabourSkill, registry.PDibao, registry.PTekun},
		Reads:    []registry.Field{registry.HDibao, registry.HTekun},
		Basis:    "整户无劳动能力的脱贫户和监测户应纳入低保或特困供养兜底保障（后评估“农村低收入人口常态化帮扶”指标；县级核查：整户无劳动力而无人享受低保）",
		Fix:      "入户核实家庭劳动能力：确无劳动能力的，协助向民政部门申请低保或特困供养；劳动技能登记有误的更正",
		Practice: []string{"N 整户无劳动力但无人享受低保"},
		Cases: []Case{
			{Desc: "夫妻是普通劳动力"},
			{Desc: "三口人都无劳动力，无人享受低保或特困供养", Set: labour("无劳动力"), Fires: []string{hhNo}},
			{Desc: "夫妻丧失劳动力，儿子读小学（无劳动力）", Set: both(skillOf(0, "丧失劳动力"), skillOf(1, "丧失劳动力")), Fires: []string{hhNo}},
			{Desc: "都无劳动力，只有妻子是弱劳动力或半劳动力", Set: both(labour("无劳动力"), skillOf(1, "弱劳动力或半劳动力"))},
			{Desc: "都无劳动力，户享受低保", Set: both(labour("无劳动力"), householdDibao)},
			{Desc: "都无劳动力，妻子为特困供养人员", Set: both(labour("无劳动力"), spouseTekun)},
			{Desc: "一般农户（未纳入监测），都无劳动力", From: ordinary, Set: labour("无劳动力")},
			{Desc: "纳入监测的一般农户，都无劳动力", From: monitoredOrdinary, Set: labour("无劳动力"), Fires: []string{hhNo}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.NoLabourAtAll() && !lowIncome(h) {
				var who []string
				for _, m := range h.Members {
					who = append(who, m.Name+" "+blankAs(m.LabourSkill, "劳动技能空"))
				}
				emit(h.H.No, len(h.Members), joinCN(who))
			}
		},
	},
	{
		ID: "I7-07", Indicator: 7, Severity: Medium, Subject: Person,
		Title:    "特困供养人员健康或务工",
		Explain:  "%s 为特困供养人员，但%s",
		Params:   []policy.Name{policy.TekunAgeMin, policy.TekunAgeMax},
		Reads:    []registry.Field{registry.PTekun, registry.PHealth, registry.PSchoolStatus, registry.PWorkMonths, registry.PIDNumber},
		Basis:    "特困供养对象是无劳动能力、无生活来源、无法定赡养抚养扶养义务人或其无履行能力的老年人、残疾人和未成年人；18–59 岁健康的非在校生或有务工的人不符合条件（县级核查做法）",
		Fix:      "对照民政部门特困人员名单和入户情况核实：不符合条件的协助民政部门终止供养、改为其他救助；健康、务工信息登记有误的更正",
		Practice: []string{"N 特困人员健康或务工"},
		Cases: []Case{
			{Desc: "无人特困供养"},
			{Desc: "户主为特困供养人员，17 岁，健康，不务工", Set: tekunAged(17)},
			{Desc: "户主为特困供养人员，18 岁，健康，不是在校生", Set: tekunAged(18), Fires: []string{"P1"}},
			{Desc: "户主为特困供养人员，59 岁，健康", Set: tekunAged(59), Fires: []string{"P1"}},
			{Desc: "户主为特困供养人员，60 岁，健康", Set: tekunAged(60)},
			{Desc: "户主为特困供养人员，40 岁，长期慢性病", Set: both(tekunAged(40), healthIs(0, "长期慢性病"))},
			{Desc: "户主为特困供养人员，70 岁，务工时间 3 个月", Set: both(tekunAged(70), atWork(0, "通渭县平襄镇", 3)), Fires: []string{"P1"}},
			{Desc: "只有户标为特困供养，成员都不是", Set: householdTekun},
		},
		Check: func(c *Context, h *House, emit Emit) {
			lo, hi := c.P.Int(policy.TekunAgeMin), c.P.Int(policy.TekunAgeMax)
			for _, m := range h.Members {
				if m.Tekun != registry.Yes {
					continue
				}
				switch {
				case m.AgeKnown && m.Age >= lo && m.Age <= hi && m.Healthy && !m.Student:
					emit(m.No, m.Name, fmt.Sprintf("%d 岁（%d–%d 岁）、健康、不是在校生", m.Age, lo, hi))
				case m.WorkMonths.N > 0:
					emit(m.No, m.Name, fmt.Sprintf("务工时间为 %d 个月", m.WorkMonths.N))
				}
			}
		},
	},
	{
		ID: "I7-08", Indicator: 7, Severity: Medium, Subject: Household,
		Title:   "有残疾人补贴但无残疾成员",
		Explain: "帮扶措施中登记了残疾人补贴（%s），但现有家庭成员中没有残疾人",
		Needs:   []registry.Field{registry.PHealth},
		Reads:   []registry.Field{registry.HMeasures, registry.PIDNumber, registry.PDisabilityCategory},
		Basis: "困难残疾人生活补贴和重度残疾人护理补贴（残疾人两项补贴）只发给持证残疾人（《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》，国发〔2015〕52号）；" +
			"健康状况为残疾、持 20 位或 22 位残疾人证号或登记了残疾类别的成员算残疾人",
		Fix:      "对照残联持证残疾人名单核实：成员确为残疾人的，更正健康状况并补录残疾人证号；残疾成员已去世或迁出、或并非残疾人的，协助停发补贴并删去措施",
		Practice: []string{"N 残疾人补贴与残疾情况不符"},
		Cases: []Case{
			{Desc: "综合保障「农村低保」，家中无人残疾", Set: social("农村低保")},
			{Desc: "综合保障「残疾人两项补贴」，家中无人残疾", Set: social("残疾人两项补贴"), Fires: []string{hhNo}},
			{Desc: "综合保障「困难残疾人生活补贴」，妻子健康状况「残疾」", Set: both(social("困难残疾人生活补贴"), healthIs(1, "残疾"))},
			{Desc: "社会帮扶「重度残疾人护理补贴」，家中无人残疾", Set: withMeasure(registry.MeasureSocialAid, "重度残疾人护理补贴"), Fires: []string{hhNo}},
			{Desc: "综合保障「残疾人两项补贴」，持残疾人证的妻子已于 2026 年 3 月去世",
				Set: both(social("残疾人两项补贴"), disabilityCert(1, 4, 2), person(1, func(p *registry.Person) { p.DeceasedOn = registry.NewDate(2026, 3, 1) })), Fires: []string{hhNo}},
			{Desc: "综合保障「残疾人两项补贴」，导出表没有健康状况一列（未采集）", Set: both(social("残疾人两项补贴"), notCollected(registry.PHealth))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if what := measureMentions(h, nil, disabilitySubsidyWords); what != "" && !h.AnyMember(isDisabled) {
				emit(h.H.No, what)
			}
		},
	},
	{
		ID: "I7-09", Indicator: 7, Severity: Medium, Subject: Person,
		Title:   "重度残疾且因残但无残疾人补贴",
		Explain: "%s 的残疾人证号第 20 位为 %d 级残疾（1–%d 级为重度，应享受护理补贴），家庭风险类型有因残，但帮扶措施中没有残疾人补贴",
		Params:  []policy.Name{policy.DisabilityGradeMax},
		Needs:   []registry.Field{registry.HMeasures},
		Reads:   []registry.Field{registry.HRiskTypes, registry.PIDNumber},
		Basis: "重度残疾人护理补贴发给残疾等级为一级、二级且需要长期照护的重度残疾人（《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》，国发〔2015〕52号）；" +
			"因残纳入监测的家庭尤其应落实（县级核查：一二级残疾、风险因残而无残疾人补贴）",
		Fix:      "协助本人向残联、民政部门申请重度残疾人护理补贴（低保家庭的同时申请困难残疾人生活补贴），在综合保障中登记；残疾人证号录错的更正",
		Practice: []string{"N 残疾人补贴与残疾情况不符"},
		Cases: []Case{
			{Desc: "监测户风险类型因残，妻子持二级肢体残疾人证（证号第 20 位为 2），综合保障「残疾人两项补贴」",
				From: monitored, Set: both(risks("因残"), disabilityCert(1, 4, 2), social("残疾人两项补贴"))},
			{Desc: "监测户风险类型因残，妻子持二级残疾人证，没有残疾人补贴", From: monitored, Set: both(risks("因残"), disabilityCert(1, 4, 2)), Fires: []string{"P2"}},
			{Desc: "监测户风险类型因残，妻子持一级残疾人证，没有残疾人补贴", From: monitored, Set: both(risks("因残"), disabilityCert(1, 1, 1)), Fires: []string{"P2"}},
			{Desc: "监测户风险类型因残，妻子持三级残疾人证，没有残疾人补贴", From: monitored, Set: both(risks("因残"), disabilityCert(1, 4, 3))},
			{Desc: "监测户风险类型只有因病，妻子持二级残疾人证，没有残疾人补贴", From: monitored, Set: disabilityCert(1, 4, 2)},
			{Desc: "监测户风险类型因残，妻子持二级残疾人证，社会帮扶「重度残疾人护理补贴」",
				From: monitored, Set: both(risks("因残"), disabilityCert(1, 4, 2), withMeasure(registry.MeasureSocialAid, "重度残疾人护理补贴"))},
			{Desc: "监测户风险类型因残，妻子健康状况残疾，证件号码是 18 位身份证号（看不出等级）", From: monitored, Set: both(risks("因残"), healthIs(1, "残疾"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if !slices.Contains(h.H.RiskTypes, "因残") || measureMentions(h, nil, disabilitySubsidyWords) != "" {
				return
			}
			max := c.P.Int(policy.DisabilityGradeMax)
			for _, m := range h.Members {
				if certificate(m) && m.ID.DisabilityGrade >= 1 && m.ID.DisabilityGrade <= max {
					emit(m.No, m.Name, m.ID.DisabilityGrade, max)
				}
			}
		},
	},
	{
		ID: "I7-10", Indicator: 7, Severity: Medium, Subject: Person,
		Title:   "未参保却享受医疗救助",
		Explain: "%s 未参加城乡居民基本医疗保险，也未参加城镇职工基本医疗保险，家庭却登记了医疗救助（%s）",
		Needs:   []registry.Field{registry.PResidentMedical, registry.PEmployeeMedical},
		Reads:   []registry.Field{registry.HMeasures},
		Basis: "医疗救助在基本医疗保险、大病保险报销之后对个人负担给予救助，并资助低保、特困等对象参保（《社会救助暂行办法》）；" +
			"家庭登记了医疗救助而成员未参加基本医疗保险，参保或救助信息必有一处不实（县级核查：未参保却享受医疗救助）",
		Fix:      "对照医保部门参保和救助名单核实：已参保的更正参保信息；未参保的动员参保并落实参保资助；未实际获得医疗救助的更正帮扶措施",
		Practice: []string{"N 未参保却享受医疗救助"},
		Cases: []Case{
			{Desc: "健康帮扶「大病专项救治,医疗救助」，全家都参加城乡居民基本医疗保险", Set: withMeasure(registry.MeasureHealth, "大病专项救治,医疗救助")},
			{Desc: "健康帮扶「大病专项救治,医疗救助」，妻子两种基本医疗保险都未参加",
				Set: both(withMeasure(registry.MeasureHealth, "大病专项救治,医疗救助"), insured(1, registry.No, registry.No)), Fires: []string{"P2"}},
			{Desc: "健康帮扶「医疗救助」，妻子只参加城镇职工基本医疗保险", Set: both(withMeasure(registry.MeasureHealth, "医疗救助"), insured(1, registry.No, registry.Yes))},
			{Desc: "综合保障「农村低保,医疗救助」，儿子两种基本医疗保险都未参加", Set: both(social("农村低保,医疗救助"), insured(2, registry.No, registry.No)), Fires: []string{"P3"}},
			{Desc: "没有医疗救助，妻子未参保：由 I1-03 判断", Set: insured(1, registry.No, registry.No)},
			{Desc: "健康帮扶「医疗救助」，妻子未参保，导出表没有城镇职工基本医疗保险一列（未采集）",
				Set: both(withMeasure(registry.MeasureHealth, "医疗救助"), insured(1, registry.No, registry.Unknown), notCollected(registry.PEmployeeMedical))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			aid := measureMentions(h, []string{registry.MeasureHealth, registry.MeasureSocialSecurity}, []string{"医疗救助"})
			if aid == "" {
				return
			}
			for _, m := range h.Members {
				if uninsured(m) {
					emit(m.No, m.Name, aid)
				}
			}
		},
	},
}

// disabilitySubsidyWords are the words by which a measure records a disability subsidy.
var disabilitySubsidyWords = []string{"残疾人补贴", "两项补贴", "困难残疾人生活补贴", "重度残疾人护理补贴"}

// isDisabled reports whether a member is disabled: 健康状况 残疾, a disability certificate
// number, or a 残疾类别.
func isDisabled(m *Member) bool {
	return m.Disabled || certificate(m) || strings.TrimSpace(m.DisabilityCategory) != ""
}

// certificate reports whether a member's ID number is a disability certificate number.
func certificate(m *Member) bool {
	return m.ID.Kind == idno.Disability20 || m.ID.Kind == idno.Disability22
}

// The words by which a 综合保障 description records 低保 and 特困供养.
var (
	dibaoWords = []string{"低保", "最低生活保障"}
	tekunWords = []string{"特困"}
)

// onAssistance names who is flagged on 低保, or on 特困供养 when tekun is set: "户" when the
// household is, else the flagged current members; "" when nobody is.
func onAssistance(h *House, tekun bool) string {
	flagged := func(dibao, tk registry.Flag) bool {
		if tekun {
			return tk == registry.Yes
		}
		return dibao == registry.Yes
	}
	if flagged(h.H.Dibao, h.H.Tekun) {
		return "户"
	}
	var who []string
	for _, m := range h.Members {
		if flagged(m.Dibao, m.Tekun) {
			who = append(who, m.Name)
		}
	}
	return joinCN(who)
}

// socialSecurityText joins the descriptions of the household's 综合保障 measures.
func socialSecurityText(h *House) string {
	var ds []string
	for i := range h.Active {
		if m := &h.Active[i]; m.Type == registry.MeasureSocialSecurity {
			ds = append(ds, blankAs(strings.TrimSpace(m.Description), "未填写内容"))
		}
	}
	return strings.Join(ds, "；")
}

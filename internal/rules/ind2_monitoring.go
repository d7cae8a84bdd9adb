package rules

import (
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 2: return-to-poverty monitoring and assistance. Households that should be
// monitored and are not (漏纳, 体外循环), monitored households without the right measures,
// eliminations that came too early or against the facts, risk types the household's data
// contradicts. The grid rules wait for grid data.
var ind2 = []*Rule{
	{
		ID: "I2-01", Indicator: 2, Severity: High, Subject: Household,
		Title:    "收入低于监测范围未纳入监测",
		Explain:  "%d 年人均纯收入 %s 元，低于监测范围 %s 元，且未纳入监测",
		Params:   []policy.Name{policy.MonitorLine},
		Needs:    []registry.Field{registry.HCategory, registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Reads:    []registry.Field{registry.ISize, registry.HDibao, registry.HTekun, registry.PDibao, registry.PTekun},
		Practice: []string{"G 应纳未纳（漏纳）"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》：人均纯收入低于省级确定的监测范围的脱贫户和一般农户，经核实后纳入监测" +
			"（脱贫不稳定户、边缘易致贫户）；后评估把应纳未纳计为漏纳",
		Fix: "入户核实全年收入（工资性、生产经营性、财产性、转移性收入和生产经营性支出）：收入确实低于监测范围的，按程序纳入监测并落实帮扶措施；" +
			"收入登记有误的，按核实结果更正收入",
		Check: func(c *Context, h *House, emit Emit) {
			line := c.P.Money(policy.MonitorLine)
			if !h.H.Monitored() && h.Income != nil && h.PerCapita < line && !lowIncome(h) {
				emit(h.H.No, h.Income.Year, h.PerCapita, line)
			}
		},
		Cases: []Case{
			{Desc: "脱贫户（未纳入监测），2026 年人均纯收入 15,333 元", Fires: nil},
			{Desc: "脱贫户，人均纯收入 8,000 元（等于监测范围）", Set: pc(8000), Fires: nil},
			{Desc: "脱贫户，人均纯收入 7,999 元", Set: pc(7999), Fires: []string{hhNo}},
			{Desc: "一般农户，人均纯收入 6,850 元", From: ordinary, Set: pc(6850), Fires: []string{hhNo}},
			{Desc: "监测户，人均纯收入 5,000 元", From: monitored, Set: pc(5000), Fires: nil},
			{Desc: "脱贫户享受低保，人均纯收入 5,000 元：由 I2-03（体外循环）判断", Set: both(householdDibao, pc(5000)), Fires: nil},
			{Desc: "脱贫户，2025 年人均纯收入 5,000 元，2026 年 15,333 元（按最近一年判断）", Set: func(a *registry.Aggregate) { setPerCapita(a, 2025, 5000) }, Fires: nil},
		},
	},
	{
		ID: "I2-02", Indicator: 2, Severity: High, Subject: Household,
		Title:    "扣除刚性支出后低于监测范围未纳入监测",
		Explain:  "%d 年人均纯收入 %s 元，扣除合规自付医疗和教育支出 %s 元后人均 %s 元，低于监测范围 %s 元，且未纳入监测",
		Params:   []policy.Name{policy.MonitorLine},
		Needs:    []registry.Field{registry.HCategory, registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Reads:    []registry.Field{registry.IMedicalOOP, registry.IEducationExp, registry.ISize},
		Practice: []string{"G 应纳未纳（漏纳）"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》把因病、因学等刚性支出较大导致基本生活出现严重困难的农户列为监测对象；" +
			"县级核查做法：从纯收入中扣除合规自付医疗支出和教育支出后，再与监测范围比较",
		Fix: "核实合规自付医疗支出和教育支出的票据：扣除后人均低于监测范围、基本生活出现困难的，按程序纳入监测（突发严重困难户或边缘易致贫户），" +
			"落实医疗救助、教育资助等措施；支出登记有误的，更正支出",
		Check: func(c *Context, h *House, emit Emit) {
			line := c.P.Money(policy.MonitorLine)
			if h.H.Monitored() || h.Income == nil || h.PerCapita < line {
				return
			}
			rigid := h.Income.MedicalOOP + h.Income.EducationExp
			if rigid <= 0 {
				return
			}
			n := h.Income.Size
			if n <= 0 {
				n = len(h.Members)
			}
			if n <= 0 {
				return
			}
			after := (h.Income.Net() - rigid) / registry.Money(n)
			if after < line {
				emit(h.H.No, h.Income.Year, h.PerCapita, rigid, after, line)
			}
		},
		Cases: []Case{
			{Desc: "脱贫户，人均纯收入 9,000 元，没有合规自付医疗和教育支出", Set: pc(9000), Fires: nil},
			{Desc: "人均纯收入 9,000 元，合规自付医疗支出 3,000 元（三口之家，扣除后人均 8,000 元，等于监测范围）", Set: both(pc(9000), rigidCosts(3000, 0)), Fires: nil},
			{Desc: "人均纯收入 9,000 元，合规自付医疗支出 2,000 元、教育支出 1,003 元（扣除后人均 7,999 元）", Set: both(pc(9000), rigidCosts(2000, 1003)), Fires: []string{hhNo}},
			{Desc: "人均纯收入 7,000 元，合规自付医疗支出 3,000 元：收入本身已低于监测范围，由 I2-01 判断", Set: both(pc(7000), rigidCosts(3000, 0)), Fires: nil},
			{Desc: "监测户，人均纯收入 9,000 元，合规自付医疗支出 9,000 元", From: monitored, Set: both(pc(9000), rigidCosts(9000, 0)), Fires: nil},
		},
	},
	{
		ID: "I2-03", Indicator: 2, Severity: High, Subject: Household,
		Title:    "享受低保特困但未纳入监测（体外循环）",
		Explain:  "享受低保或特困供养，%d 年人均纯收入 %s 元低于监测范围 %s 元，却未纳入监测（体外循环）",
		Params:   []policy.Name{policy.MonitorLine},
		Needs:    []registry.Field{registry.HCategory, registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Reads:    []registry.Field{registry.ISize, registry.HDibao, registry.HTekun, registry.PDibao, registry.PTekun},
		Practice: []string{"G 应纳未纳（漏纳）"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求收入低于监测范围的农户纳入监测，并与低保、特困供养等社会救助做好衔接；" +
			"只享受低保、特困而未纳入监测帮扶（“体外循环”）的，后评估按漏纳计",
		Fix: "核实收入：确实低于监测范围的，按程序纳入监测，在低保、特困兜底之外按劳动力情况落实产业、就业等帮扶措施；收入登记有误的，更正收入",
		Check: func(c *Context, h *House, emit Emit) {
			line := c.P.Money(policy.MonitorLine)
			if !h.H.Monitored() && h.Income != nil && h.PerCapita < line && lowIncome(h) {
				emit(h.H.No, h.Income.Year, h.PerCapita, line)
			}
		},
		Cases: []Case{
			{Desc: "脱贫户享受低保，人均纯收入 15,333 元", Set: householdDibao, Fires: nil},
			{Desc: "脱贫户享受低保，人均纯收入 6,000 元", Set: both(householdDibao, pc(6000)), Fires: []string{hhNo}},
			{Desc: "户主为特困供养人员，人均纯收入 7,999 元", Set: both(person(0, func(p *registry.Person) { p.Tekun = registry.Yes }), pc(7999)), Fires: []string{hhNo}},
			{Desc: "脱贫户享受低保，人均纯收入 8,000 元（等于监测范围）", Set: both(householdDibao, pc(8000)), Fires: nil},
			{Desc: "监测户享受低保，人均纯收入 6,000 元", From: monitored, Set: both(householdDibao, pc(6000)), Fires: nil},
		},
	},
	{
		ID: "I2-04", Indicator: 2, Severity: High, Subject: Household,
		Title:   "“三保障”或饮水未保障但未纳入监测",
		Explain: "%s，且未纳入监测",
		Params:  []policy.Name{policy.EduAgeMin, policy.EduAgeMax},
		Needs:   []registry.Field{registry.HCategory},
		Reads: []registry.Field{registry.HUnsafeHouse, registry.HHousingGrade, registry.HWaterSafe, registry.PResidentMedical, registry.PEmployeeMedical,
			registry.PSchoolStatus, registry.PDropoutReason, registry.PEducation, registry.PIDNumber, registry.PBirth},
		Practice: []string{"G 应纳未纳（漏纳）"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》把“两不愁三保障”及饮水安全状况列为监测内容；县级核查做法：" +
			"危房户、饮水未解决、成员未参加基本医疗保险、适龄儿童失学辍学而未纳入监测的，列为应纳未纳",
		Fix: "在识别期限内入户核实：问题属实的，按程序纳入监测，同时落实危房改造、饮水、参保或控辍保学措施；问题已解决或登记有误的，更正住房、饮水、参保或在校生信息",
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.Monitored() {
				return
			}
			if why := unmetNeeds(c, h); len(why) > 0 {
				emit(h.H.No, strings.Join(why, "，"))
			}
		},
		Cases: []Case{
			{Desc: "一般农户，住房 A 级、饮水安全、全员参保、儿子在读小学", From: ordinary, Fires: nil},
			{Desc: "一般农户，住房 2026 年鉴定为 D 级", From: ordinary, Set: graded("D", 2026, 3), Fires: []string{hhNo}},
			{Desc: "脱贫户（未纳入监测），是否解决安全饮用水 否", Set: waterUnsafe("水量"), Fires: []string{hhNo}},
			{Desc: "一般农户，户主未参加基本医疗保险，10 岁的儿子不在校", From: ordinary,
				Set: both(insurance(0, registry.No, registry.No), child(2016, 6, "小学", "")), Fires: []string{hhNo}},
			{Desc: "一般农户，12 岁的儿子不在校，未上学原因为因残送教上门", From: ordinary,
				Set: both(child(2014, 6, "", ""), dropoutReason(2, "因残送教上门")), Fires: nil},
			{Desc: "监测户，是否解决安全饮用水 否：已纳入监测，由指标 1 和 I2-20 判断", From: monitored, Set: waterUnsafe("水质"), Fires: nil},
		},
	},
	{
		ID: "I2-05", Indicator: 2, Severity: High, Subject: Household,
		Title:    "监测户无帮扶措施",
		Explain:  "%s 纳入监测，已 %d 个月，风险未消除，仍没有任何帮扶措施（应在 %d 个月内落实）",
		Params:   []policy.Name{policy.MeasureGraceMonths},
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HCategory, registry.HIdentifiedOn, registry.HRiskEliminated},
		Practice: []string{"M 监测户无帮扶措施、帮扶消除无措施"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求对监测对象根据风险类别和发展需求及时落实针对性帮扶措施；" +
			"县级核查做法：纳入监测超过一个月，帮扶措施各列仍为空",
		Fix: "按风险类型制定帮扶计划并落实措施（有劳动能力的以产业、就业等开发式帮扶为主，无劳动能力的落实兜底保障），在相应措施列登记措施内容和开始时间",
		Check: func(c *Context, h *House, emit Emit) {
			grace := c.P.Int(policy.MeasureGraceMonths)
			if n, ok := h.MonthsSinceIdentified(c); ok && h.H.Unresolved() && len(h.Active) == 0 && n > grace {
				emit(h.H.No, h.H.IdentifiedOn.Compact(), n, grace)
			}
		},
		Cases: []Case{
			{Desc: "监测户（识别监测时间 202503），有健康帮扶和产业帮扶", From: monitored, Fires: nil},
			{Desc: "监测户（识别监测时间 202503），帮扶措施各列均为空", From: monitored, Set: measures(), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202610（满 1 个月，未超过落实期限），帮扶措施为空", From: monitored, Set: both(measures(), identified(2026, 10)), Fires: nil},
			{Desc: "识别监测时间 202609（已 2 个月），帮扶措施为空", From: monitored, Set: both(measures(), identified(2026, 9)), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202603，只有 2018 年 3 月至 12 月实施、早已结束的就业帮扶", From: monitored,
				Set: both(identified(2026, 3), onlyMeasure(registry.MeasureEmployment, "外出务工补贴", ymd(2018, 3, 1), ymd(2018, 12, 31))), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202603，有 2018 年 3 月开始、持续到 2026 年底的就业帮扶", From: monitored,
				Set: both(identified(2026, 3), onlyMeasure(registry.MeasureEmployment, "外出务工补贴", ymd(2018, 3, 1), ymd(2026, 12, 31))), Fires: nil},
			{Desc: "风险已消除（帮扶消除）的监测户，帮扶措施为空：由 I2-22 判断", From: eliminated, Set: measures(), Fires: nil},
			{Desc: "脱贫户（未纳入监测），帮扶措施为空", Set: measures(), Fires: nil},
		},
	},
	{
		ID: "I2-06", Indicator: 2, Severity: High, Subject: Household,
		Title:    "有劳动力的监测户无开发式帮扶措施",
		Explain:  "风险未消除的监测户有 %d 名有劳动能力的成员，纳入监测已 %d 个月，帮扶措施（%s）中没有产业、就业、公益岗位或金融等开发式措施",
		Params:   []policy.Name{policy.MeasureGraceMonths},
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HCategory, registry.HIdentifiedOn, registry.HRiskEliminated, registry.PLabourSkill},
		Practice: []string{"M 有劳动力无开发式措施、仅综合保障、仅象征性措施"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》坚持开发式帮扶方针：对有劳动能力的监测对象，主要通过产业、就业等开发式措施帮扶；" +
			"县级核查做法：有劳动能力（普通、技能或弱劳动力）的未消除风险户没有产业、就业、公益岗位、金融等开发式措施",
		Fix: "根据家庭劳动力情况落实至少一项开发式措施（产业奖补、技术指导、就业推荐或外出务工补贴、公益性岗位、小额信贷等），在相应措施列登记内容和开始时间",
		Check: func(c *Context, h *House, emit Emit) {
			n, ok := h.MonthsSinceIdentified(c)
			if !ok || !h.H.Unresolved() || len(h.Active) == 0 || n <= c.P.Int(policy.MeasureGraceMonths) {
				return
			}
			if h.HasDevelopment() || onlySocialSecurity(h) {
				return
			}
			if able := h.CountMembers(func(m *Member) bool { return m.CanWork }); able > 0 {
				emit(h.H.No, able, n, measureList(h))
			}
		},
		Cases: []Case{
			{Desc: "监测户（户主普通劳动力、妻子弱劳动力），有健康帮扶和产业帮扶", From: monitored, Fires: nil},
			{Desc: "监测户，帮扶措施只有健康帮扶", From: monitored, Set: measures(registry.MeasureHealth), Fires: []string{hhNo}},
			{Desc: "帮扶措施只有健康帮扶，家庭成员均为无劳动力", From: monitored, Set: both(measures(registry.MeasureHealth), labour("无劳动力")), Fires: nil},
			{Desc: "识别监测时间 202610（未超过 1 个月期限），帮扶措施只有健康帮扶", From: monitored, Set: both(measures(registry.MeasureHealth), identified(2026, 10)), Fires: nil},
			{Desc: "帮扶措施为健康帮扶和公益岗位帮扶", From: monitored, Set: measures(registry.MeasureHealth, registry.MeasurePublicPost), Fires: nil},
			{Desc: "识别监测时间 202603，健康帮扶，另有 2018 年 3 月至 12 月实施、已结束的就业帮扶", From: monitored,
				Set:   both(identified(2026, 3), measures(registry.MeasureHealth), measureDated(registry.MeasureEmployment, "外出务工补贴", ymd(2018, 3, 1), ymd(2018, 12, 31))),
				Fires: []string{hhNo}},
			{Desc: "识别监测时间 202603，健康帮扶，另有 2018 年 3 月开始、持续到 2026 年底的就业帮扶", From: monitored,
				Set: both(identified(2026, 3), measures(registry.MeasureHealth), measureDated(registry.MeasureEmployment, "外出务工补贴", ymd(2018, 3, 1), ymd(2026, 12, 31)))},
		},
	},
	{
		ID: "I2-07", Indicator: 2, Severity: Medium, Subject: Household,
		Title:    "有劳动力的监测户仅有综合保障措施",
		Explain:  "风险未消除的监测户有 %d 名有劳动能力的成员，帮扶措施只有综合保障，没有开发式帮扶",
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HCategory, registry.HRiskEliminated, registry.PLabourSkill},
		Practice: []string{"M 有劳动力无开发式措施、仅综合保障、仅象征性措施"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》：有劳动能力的监测对象以开发式帮扶为主，兜底保障主要用于无劳动能力或部分丧失劳动能力的；" +
			"县级核查做法：有劳动能力而帮扶措施只有综合保障",
		Fix: "在低保等综合保障之外，落实产业、就业、公益岗位或金融等开发式措施；成员确已丧失劳动能力的，更正劳动技能",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Unresolved() || !onlySocialSecurity(h) {
				return
			}
			if able := h.CountMembers(func(m *Member) bool { return m.CanWork }); able > 0 {
				emit(h.H.No, able)
			}
		},
		Cases: []Case{
			{Desc: "监测户，帮扶措施为综合保障（农村低保）和产业帮扶", From: monitored,
				Set: both(measures(registry.MeasureIndustry), social("农村低保")), Fires: nil},
			{Desc: "监测户（户主普通劳动力、妻子弱劳动力），帮扶措施只有综合保障（农村低保）", From: monitored, Set: both(measures(), social("农村低保")), Fires: []string{hhNo}},
			{Desc: "帮扶措施只有综合保障，家庭成员均为丧失劳动力", From: monitored, Set: both(measures(), social("农村低保"), labour("丧失劳动力")), Fires: nil},
			{Desc: "风险已消除的监测户，帮扶措施只有综合保障", From: eliminated, Set: both(measures(), social("农村低保")), Fires: nil},
			{Desc: "识别监测时间 202603，综合保障，另有 2019 年 3 月至 12 月实施、已结束的产业帮扶", From: monitored,
				Set:   both(identified(2026, 3), onlyMeasure(registry.MeasureIndustry, "养殖补贴", ymd(2019, 3, 1), ymd(2019, 12, 31)), social("农村低保")),
				Fires: []string{hhNo}},
			{Desc: "识别监测时间 202603，综合保障，另有 2019 年 3 月开始、仍在实施的产业帮扶", From: monitored,
				Set: both(identified(2026, 3), onlyMeasure(registry.MeasureIndustry, "养殖补贴", ymd(2019, 3, 1), registry.Date{}), social("农村低保"))},
		},
	},
	riskMeasureRule(&Rule{
		ID: "I2-08",
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求按风险类别落实针对性帮扶措施，因病的落实健康帮扶、医疗保障；" +
			"县级核查做法：风险类型含因病，健康帮扶和社会帮扶均为空",
		Fix:   "落实家庭医生签约、慢病或大病专项救治、医疗救助、先诊疗后付费等健康帮扶（或社会帮扶中的医疗救助、慈善救助），在健康帮扶列登记内容和开始时间",
		Cases: riskMeasureCases("因病", registry.Measure{Type: registry.MeasureHealth, Description: "慢病签约服务"}, registry.MeasureSocialAid),
	}, "因病", "健康帮扶或社会帮扶", registry.MeasureHealth, registry.MeasureSocialAid),
	riskMeasureRule(&Rule{
		ID: "I2-09",
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求按风险类别落实针对性帮扶措施，因学的落实教育资助；" +
			"县级核查做法：风险类型含因学，义务教育保障、教育帮扶和社会帮扶均为空",
		Fix:   "按学生就读学段落实义务教育阶段营养改善计划和寄宿生生活补助、高中国家助学金、雨露计划、生源地信用助学贷款等教育资助，在义务教育保障或教育帮扶列登记",
		Cases: riskMeasureCases("因学", registry.Measure{Type: registry.MeasureCompulsoryEdu, Description: "营养改善计划"}, registry.MeasureEducation),
	}, "因学", "义务教育保障、教育帮扶或社会帮扶", registry.MeasureCompulsoryEdu, registry.MeasureEducation, registry.MeasureSocialAid),
	riskMeasureRule(&Rule{
		ID: "I2-10",
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求按风险类别落实针对性帮扶措施，因残的落实残疾人补贴等社会保障；" +
			"县级核查做法：风险类型含因残，综合保障和社会帮扶均为空",
		Fix:   "落实困难残疾人生活补贴、重度残疾人护理补贴、康复救助，符合条件的纳入低保，在综合保障列登记（或社会帮扶中的助残帮扶）",
		Cases: riskMeasureCases("因残", registry.Measure{Type: registry.MeasureSocialSecurity, Description: "残疾人两项补贴"}, registry.MeasureSocialAid),
	}, "因残", "综合保障或社会帮扶", registry.MeasureSocialSecurity, registry.MeasureSocialAid),
	riskMeasureRule(&Rule{
		ID: "I2-11",
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求按风险类别落实针对性帮扶措施，住房不安全的通过农村危房改造或搬迁解决；" +
			"县级核查做法：风险类型含因安全住房，住房安全保障和搬迁均为空",
		Fix:   "请住建部门鉴定后纳入农村危房改造（加固或重建），或安排搬迁，在住房安全保障或搬迁列登记内容和开始时间；住房已安全的，复核后更正住房信息",
		Cases: riskMeasureCases("因安全住房", registry.Measure{Type: registry.MeasureHousing, Description: "农村危房改造"}, registry.MeasureRelocation),
	}, "因安全住房", "住房安全保障或搬迁", registry.MeasureHousing, registry.MeasureRelocation),
	riskMeasureRule(&Rule{
		ID: "I2-12",
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求按风险类别落实针对性帮扶措施，饮水不安全的落实供水工程或管网改造；" +
			"县级核查做法：风险类型含因安全饮水，饮水安全保障为空",
		Fix:   "会同水利部门通过管网延伸、供水设施维修、水质处理或临时送水解决，在饮水安全保障列登记内容和开始时间",
		Cases: riskMeasureCases("因安全饮水", registry.Measure{Type: registry.MeasureWater, Description: "入户管网改造"}, ""),
	}, "因安全饮水", "饮水安全保障", registry.MeasureWater),
	{
		ID: "I2-13", Indicator: 2, Severity: High, Subject: Household,
		Title:    "风险消除过快",
		Explain:  "%s 纳入监测，%s 即%s，相隔 %d 个月，少于规定的 %d 个月",
		Params:   []policy.Name{policy.ElimMinMonths, policy.ElimRuleFrom},
		Reads:    []registry.Field{registry.HRiskEliminated, registry.HIdentifiedOn, registry.HEliminatedOn, registry.HEliminationWay},
		Practice: []string{"I 风险消除过快"},
		Basis: "防止返贫监测政策要求收入持续稳定、“两不愁三保障”及饮水安全持续巩固后方可标注风险消除，识别后须经过一定的监测期（本系统默认 6 个月，" +
			"适用于 2022 年 4 月起的消除，均可按地方规定调整）；县级核查做法：识别至消除不足 6 个月，帮扶消除在识别当月或次月",
		Fix: "核实消除依据：收入和“三保障”确已稳定且当地规定允许的，补齐收入测算和帮扶成效材料并说明；不满足条件的，撤销风险消除标注，恢复监测并继续帮扶，" +
			"满监测期后再按程序消除",
		Check: func(c *Context, h *House, emit Emit) {
			hh := h.H
			if !h.Eliminated() || hh.IdentifiedOn.IsZero() || hh.EliminatedOn.IsZero() {
				return
			}
			if compactMonth(hh.EliminatedOn) < c.P.Int(policy.ElimRuleFrom) {
				return
			}
			min := c.P.Int(policy.ElimMinMonths)
			if n := hh.IdentifiedOn.MonthsUntil(hh.EliminatedOn); n < min {
				emit(hh.No, hh.IdentifiedOn.Compact(), hh.EliminatedOn.Compact(), blankAs(hh.EliminationWay, "消除风险"), n, min)
			}
		},
		Cases: []Case{
			{Desc: "识别监测时间 202503，202512 帮扶消除（相隔 9 个月）", From: eliminated, Fires: nil},
			{Desc: "识别监测时间 202503，202509 帮扶消除（相隔 6 个月）", From: eliminated, Set: elimAt(2025, 9), Fires: nil},
			{Desc: "识别监测时间 202503，202508 帮扶消除（相隔 5 个月）", From: eliminated, Set: elimAt(2025, 8), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202503，当月即帮扶消除", From: eliminated, Set: elimAt(2025, 3), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202503，202504 自然消除", From: eliminated, Set: both(elimAt(2025, 4), elimWay("自然消除")), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202112，202203 消除（2022 年 4 月以前的消除不适用）", From: eliminated, Set: both(identified(2021, 12), elimAt(2022, 3)), Fires: nil},
			{Desc: "识别监测时间 202201，202204 消除", From: eliminated, Set: both(identified(2022, 1), elimAt(2022, 4)), Fires: []string{hhNo}},
			{Desc: "风险未消除的监测户", From: monitored, Fires: nil},
		},
	},
	{
		ID: "I2-14", Indicator: 2, Severity: High, Subject: Household,
		Title:    "收入仍低于监测范围却已消除风险",
		Explain:  "已%s，但 %d 年人均纯收入 %s 元仍低于监测范围 %s 元",
		Params:   []policy.Name{policy.MonitorLine},
		Needs:    []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Reads:    []registry.Field{registry.HRiskEliminated, registry.HEliminationWay, registry.ISize},
		Practice: []string{"H 已消除但整户无劳动力或收入低于监测范围"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》：对收入持续稳定、返贫致贫风险已经稳定消除的，才能标注风险消除；" +
			"县级核查做法：已消除（特别是帮扶消除）而人均纯收入低于监测范围",
		Fix: "核实全年收入：确实低于监测范围的，撤销风险消除标注，恢复监测并加强开发式帮扶；收入登记遗漏的，补录收入",
		Check: func(c *Context, h *House, emit Emit) {
			line := c.P.Money(policy.MonitorLine)
			if h.Eliminated() && h.Income != nil && h.PerCapita < line {
				emit(h.H.No, blankAs(h.H.EliminationWay, "消除风险"), h.Income.Year, h.PerCapita, line)
			}
		},
		Cases: []Case{
			{Desc: "风险已消除（202512 帮扶消除），2026 年人均纯收入 15,333 元", From: eliminated, Fires: nil},
			{Desc: "帮扶消除，人均纯收入 8,000 元（等于监测范围）", From: eliminated, Set: pc(8000), Fires: nil},
			{Desc: "帮扶消除，人均纯收入 7,999 元", From: eliminated, Set: pc(7999), Fires: []string{hhNo}},
			{Desc: "自然消除，人均纯收入 6,000 元", From: eliminated, Set: both(elimWay("自然消除"), pc(6000)), Fires: []string{hhNo}},
			{Desc: "风险未消除的监测户，人均纯收入 5,000 元", From: monitored, Set: pc(5000), Fires: nil},
		},
	},
	{
		ID: "I2-15", Indicator: 2, Severity: Medium, Subject: Household,
		Title:    "无劳动能力户标注风险已消除",
		Explain:  "家庭 %d 名成员均无劳动能力，风险却已标注消除",
		Needs:    []registry.Field{registry.PLabourSkill},
		Reads:    []registry.Field{registry.HRiskEliminated},
		Practice: []string{"H 已消除但整户无劳动力或收入低于监测范围"},
		Basis:    "防止返贫监测帮扶政策：整户无劳动能力的监测对象落实兜底保障措施后，暂不标注风险消除，持续跟踪监测；县级核查做法：已消除户整户无劳动力",
		Fix:      "核实家庭成员劳动能力：确属整户无劳动能力的，撤销风险消除标注，继续监测并落实低保、特困供养等兜底保障；劳动技能登记有误的，更正劳动技能",
		Check: func(c *Context, h *House, emit Emit) {
			if h.Eliminated() && h.NoLabourAtAll() {
				emit(h.H.No, len(h.Members))
			}
		},
		Cases: []Case{
			{Desc: "风险已消除，户主普通劳动力、妻子弱劳动力", From: eliminated, Fires: nil},
			{Desc: "风险已消除，三人均为弱劳动力或半劳动力", From: eliminated, Set: labour("弱劳动力或半劳动力"), Fires: nil},
			{Desc: "风险已消除，三人均为丧失劳动力", From: eliminated, Set: labour("丧失劳动力"), Fires: []string{hhNo}},
			{Desc: "风险已消除，户主和妻子丧失劳动力，儿子无劳动力", From: eliminated, Set: skills("丧失劳动力", "丧失劳动力", "无劳动力"), Fires: []string{hhNo}},
			{Desc: "风险未消除，三人均为无劳动力", From: monitored, Set: labour("无劳动力"), Fires: nil},
		},
	},
	riskFactRule(&Rule{
		ID:       "I2-16",
		Practice: []string{"F 因残、因病风险与家庭情况不符"},
		Basis:    "风险类型应与家庭实际一致，以便落实对应措施；县级核查做法：风险类型含因病，而家庭成员的健康状况均无长期慢性病或患有大病",
		Fix:      "入户核实：确有成员患病的，更正其健康状况；没有患病成员的，按实际困难更正风险类型，并相应调整帮扶措施",
		Cases: []Case{
			{Desc: "监测户，风险类型 因病，妻子患长期慢性病", From: monitored, Fires: nil},
			{Desc: "风险类型 因病，三人健康状况均为健康", From: monitored, Set: health(1, "健康"), Fires: []string{hhNo}},
			{Desc: "风险类型 因病，妻子健康状况为「残疾,患有大病」", From: monitored, Set: health(1, "残疾,患有大病"), Fires: nil},
			{Desc: "风险已消除的监测户，风险类型 因病，三人均健康", From: eliminated, Set: health(1, "健康"), Fires: []string{hhNo}},
			{Desc: "脱贫户（未纳入监测），风险类型栏填有因病，三人均健康", Set: risks("因病"), Fires: nil},
		},
	}, "因病", "家庭成员中没有长期慢性病或患有大病的人", func(h *House) bool {
		return !h.AnyMember(func(m *Member) bool { return m.Ill })
	}, registry.PHealth),
	riskFactRule(&Rule{
		ID:       "I2-17",
		Practice: []string{"F 因残、因病风险与家庭情况不符"},
		Basis:    "风险类型应与家庭实际一致，以便落实对应措施；县级核查做法：风险类型含因残，而家庭成员的健康状况均无残疾",
		Fix:      "入户核实：确有残疾成员的，更正其健康状况并登记残疾人证；没有残疾成员的，按实际困难更正风险类型",
		Cases: []Case{
			{Desc: "监测户，风险类型 因残，妻子健康状况为残疾", From: monitored, Set: both(risks("因残"), health(1, "残疾")), Fires: nil},
			{Desc: "风险类型 因病、因残，家庭成员中没有残疾人", From: monitored, Set: risks("因病", "因残"), Fires: []string{hhNo}},
			{Desc: "风险类型 因残，户主健康状况为「残疾,长期慢性病」", From: monitored, Set: both(risks("因残"), health(0, "残疾,长期慢性病")), Fires: nil},
			{Desc: "风险类型只有因病，没有残疾人", From: monitored, Fires: nil},
		},
	}, "因残", "家庭成员中没有残疾人", func(h *House) bool {
		return !h.AnyMember(func(m *Member) bool { return m.Disabled })
	}, registry.PHealth),
	riskFactRule(&Rule{
		ID:       "I2-18",
		Practice: []string{"F 因务工就业不稳但无人能务工或务工"},
		Basis:    "风险类型应与家庭实际一致；县级核查做法：风险类型含因务工就业不稳，而家庭无人有劳动能力，或无人务工（务工所在地、务工时间、公益性岗位均为空）",
		Fix:      "核实务工情况：有人务工的，补录务工所在地和务工时间；确实无人能务工或无人务工的，按实际更正风险类型（如缺劳动力），并相应调整帮扶措施",
		Cases: []Case{
			{Desc: "监测户，风险类型 因务工就业不稳，户主省外务工 10 个月", From: monitored, Set: risks("因务工就业不稳"), Fires: nil},
			{Desc: "风险类型 因务工就业不稳，三人均为丧失劳动力", From: monitored, Set: both(risks("因务工就业不稳"), labour("丧失劳动力")), Fires: []string{hhNo}},
			{Desc: "风险类型 因务工就业不稳，家庭成员均无务工所在地和务工时间", From: monitored, Set: both(risks("因务工就业不稳"), nobodyWorks), Fires: []string{hhNo}},
			{Desc: "风险类型 因务工就业不稳，无人外出务工，但妻子担任乡村公益性岗位", From: monitored,
				Set: both(risks("因务工就业不稳"), nobodyWorks, post(1, "乡村公益性岗位", 10)), Fires: nil},
		},
	}, "因务工就业不稳", "家庭成员中没有有劳动能力的人，或没有人务工", func(h *House) bool {
		return h.NoLabourAtAll() || !h.AnyMember(func(m *Member) bool { return m.Works })
	}, registry.PLabourSkill, registry.PWorkLocation, registry.PWorkMonths, registry.PPostType),
	{
		ID: "I2-19", Indicator: 2, Severity: Medium, Subject: Household,
		Title:    "缺劳动力风险与家庭劳动力不符",
		Explain:  "风险类型含「缺劳动力」，但家庭 %d 人中 %d 人有劳动能力%s",
		Params:   []policy.Name{policy.LackLabourMinSize, policy.LackLabourAblePct, policy.LackLabourFullPct},
		Needs:    []registry.Field{registry.PLabourSkill},
		Reads:    []registry.Field{registry.HCategory, registry.HRiskTypes},
		Practice: []string{"F 缺劳动力但家庭有劳动力"},
		Basis: "风险类型应与家庭实际一致；县级核查做法：风险类型含缺劳动力，而家庭成员都有劳动能力，或 4 人以上的家庭半数以上有劳动能力，" +
			"或普通、技能劳动力超过家庭人口的 25%",
		Fix: "入户核实家庭成员的劳动能力：劳动技能登记有误的，更正劳动技能；家庭确有劳动力的，按实际困难更正风险类型，并落实就业等开发式帮扶",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Monitored() || !h.H.HasRisk("缺劳动力") || len(h.Members) == 0 {
				return
			}
			n := len(h.Members)
			able := h.CountMembers(func(m *Member) bool { return m.CanWork })
			full := h.CountMembers(func(m *Member) bool { return m.Able })
			minSize, ablePct, fullPct := c.P.Int(policy.LackLabourMinSize), c.P.Num(policy.LackLabourAblePct), c.P.Num(policy.LackLabourFullPct)
			switch {
			case able == n:
				emit(h.H.No, n, able, "（全部有劳动能力）")
			case n >= minSize && float64(able)*100 >= ablePct*float64(n):
				emit(h.H.No, n, able, fmt.Sprintf("（%d 人以上的家庭有劳动能力成员占比达到 %s%%）", minSize, trimFloat(ablePct)))
			case float64(full)*100 > fullPct*float64(n):
				emit(h.H.No, n, able, fmt.Sprintf("（其中 %d 人为普通或技能劳动力，占比超过 %s%%）", full, trimFloat(fullPct)))
			}
		},
		Cases: []Case{
			{Desc: "风险类型 缺劳动力，三人均为技能劳动力", From: monitored, Set: both(risks("缺劳动力"), labour("技能劳动力")), Fires: []string{hhNo}},
			{Desc: "风险类型 缺劳动力，户主弱劳动力，妻子丧失劳动力，儿子无劳动力", From: monitored,
				Set: both(risks("缺劳动力"), skills("弱劳动力或半劳动力", "丧失劳动力", "无劳动力")), Fires: nil},
			{Desc: "风险类型 缺劳动力，户主和妻子弱劳动力，儿子无劳动力（三口之家不按半数核查）", From: monitored,
				Set: both(risks("缺劳动力"), skills("弱劳动力或半劳动力", "弱劳动力或半劳动力", "无劳动力")), Fires: nil},
			{Desc: "风险类型 缺劳动力，户主普通劳动力，妻子丧失劳动力，儿子无劳动力（普通劳动力占 1/3，超过 25%）", From: monitored,
				Set: both(risks("缺劳动力"), skills("普通劳动力", "丧失劳动力", "无劳动力")), Fires: []string{hhNo}},
			{Desc: "四口之家，风险类型 缺劳动力，户主普通劳动力，其余三人无劳动力（普通劳动力占 25%）", From: monitored,
				Set: both(risks("缺劳动力"), withFather, skills("普通劳动力", "无劳动力", "无劳动力", "无劳动力")), Fires: nil},
			{Desc: "四口之家，风险类型 缺劳动力，户主和妻子弱劳动力，其余两人无劳动力（有劳动能力占 50%）", From: monitored,
				Set: both(risks("缺劳动力"), withFather, skills("弱劳动力或半劳动力", "弱劳动力或半劳动力", "无劳动力", "无劳动力")), Fires: []string{hhNo}},
			{Desc: "四口之家，风险类型 缺劳动力，户主弱劳动力，其余三人无劳动力（有劳动能力占 25%）", From: monitored,
				Set: both(risks("缺劳动力"), withFather, skills("弱劳动力或半劳动力", "无劳动力", "无劳动力", "无劳动力")), Fires: nil},
			{Desc: "风险类型不含缺劳动力", From: monitored, Fires: nil},
		},
	},
	{
		ID: "I2-20", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "实际困难未列入风险类型",
		Explain: "%s，但风险类型（%s）中没有相应风险",
		Needs:   []registry.Field{registry.HRiskTypes},
		Reads: []registry.Field{registry.HRiskEliminated, registry.HWaterSafe, registry.HUnsafeHouse, registry.HHousingGrade,
			registry.PResidentMedical, registry.PEmployeeMedical},
		Practice: []string{"F 饮水不安全或未参保未列入相应风险"},
		Basis: "风险类型应反映家庭的实际困难，才能落实对应措施；县级核查做法：饮水不安全未列入因安全饮水、住房不安全未列入因安全住房、" +
			"成员未参保未列入因病等健康风险",
		Fix: "把实际困难补入风险类型（因安全饮水、因安全住房、因病），并落实对应的饮水、住房或参保措施；困难已解决的，更正饮水、住房或参保信息",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Unresolved() {
				return
			}
			var why []string
			if h.H.WaterSafe == registry.No && !h.H.HasRisk("因安全饮水") {
				why = append(why, "未解决安全饮用水（应有因安全饮水）")
			}
			if h.unsafeHouse() && !h.H.HasRisk("因安全住房") {
				why = append(why, h.houseText()+"（应有因安全住房）")
			}
			if h.knowsInsurance() && h.AnyMember(uninsured) && !h.H.HasRisk("因病") {
				why = append(why, "有成员未参加基本医疗保险（应有因病）")
			}
			if len(why) > 0 {
				emit(h.H.No, strings.Join(why, "，"), blankAs(joinCN(h.H.RiskTypes), "空"))
			}
		},
		Cases: []Case{
			{Desc: "监测户，风险类型 因病，住房、饮水、参保均无问题", From: monitored, Fires: nil},
			{Desc: "风险类型 因病，是否解决安全饮用水 否", From: monitored, Set: waterUnsafe("水质"), Fires: []string{hhNo}},
			{Desc: "风险类型 因病、因安全饮水，是否解决安全饮用水 否", From: monitored, Set: both(risks("因病", "因安全饮水"), waterUnsafe("水质")), Fires: nil},
			{Desc: "风险类型 因学，户主未参加基本医疗保险", From: monitored, Set: both(risks("因学"), insurance(0, registry.No, registry.No)), Fires: []string{hhNo}},
			{Desc: "风险类型 因病，住房 C 级", From: monitored, Set: graded("C", 2026, 3), Fires: []string{hhNo}},
			{Desc: "风险已消除，是否解决安全饮用水 否：由 I2-29 判断", From: eliminated, Set: waterUnsafe("水质"), Fires: nil},
		},
	},
	{
		ID: "I2-21", Indicator: 2, Severity: Low, Subject: Household,
		Title:    "风险类型缺少说明",
		Explain:  "风险类型含「%s」，但没有填写%s",
		Needs:    []registry.Field{registry.HRiskRemark},
		Reads:    []registry.Field{registry.HCategory, registry.HRiskTypes},
		Practice: []string{"F 其他风险无说明、自然灾害无子项"},
		Basis:    "全国防返贫监测信息系统要求风险类型为「其他」的说明具体风险，「因自然灾害」的选择灾害子项；县级核查做法：两者为空",
		Fix:      "补填具体风险说明（如家庭遭遇的具体困难），或自然灾害子项（如冰雹、洪涝、干旱、地质灾害）",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Monitored() || strings.TrimSpace(h.H.RiskRemark) != "" {
				return
			}
			switch {
			case h.H.HasRisk("其他"):
				emit(h.H.No, "其他", "具体风险说明")
			case h.H.HasRisk("因自然灾害"):
				emit(h.H.No, "因自然灾害", "自然灾害子项")
			}
		},
		Cases: []Case{
			{Desc: "监测户，风险类型 因病", From: monitored, Fires: nil},
			{Desc: "风险类型 因病、其他，没有风险说明", From: monitored, Set: risks("因病", "其他"), Fires: []string{hhNo}},
			{Desc: "风险类型 因自然灾害，没有灾害子项", From: monitored, Set: risks("因自然灾害"), Fires: []string{hhNo}},
			{Desc: "风险类型 因自然灾害，灾害子项 冰雹", From: monitored, Set: both(risks("因自然灾害"), riskRemark("冰雹")), Fires: nil},
		},
	},
	{
		ID: "I2-22", Indicator: 2, Severity: Medium, Subject: Household,
		Title:    "帮扶消除但无帮扶措施",
		Explain:  "风险消除方式为帮扶消除，但没有任何帮扶措施",
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HRiskEliminated, registry.HEliminationWay, registry.HIdentifiedOn},
		Practice: []string{"M 监测户无帮扶措施、帮扶消除无措施"},
		Basis:    "帮扶消除是通过落实帮扶措施消除风险，须有帮扶措施为依据；县级核查做法：风险消除方式为帮扶消除，帮扶措施各列均为空",
		Fix:      "补录监测期间实际落实的帮扶措施及时间；确无帮扶措施、因收入自然增长消除的，把风险消除方式更正为自然消除",
		Check: func(c *Context, h *House, emit Emit) {
			if h.Eliminated() && h.H.EliminationWay == "帮扶消除" && len(h.Active) == 0 {
				emit(h.H.No)
			}
		},
		Cases: []Case{
			{Desc: "202512 帮扶消除，有健康帮扶和产业帮扶", From: eliminated, Fires: nil},
			{Desc: "帮扶消除，帮扶措施各列均为空", From: eliminated, Set: measures(), Fires: []string{hhNo}},
			{Desc: "自然消除，帮扶措施各列均为空", From: eliminated, Set: both(measures(), elimWay("自然消除")), Fires: nil},
			{Desc: "识别监测时间 202503，帮扶消除，只有 2018 年已结束的产业帮扶", From: eliminated,
				Set: onlyMeasure(registry.MeasureIndustry, "养殖补贴", ymd(2018, 3, 1), ymd(2018, 12, 31)), Fires: []string{hhNo}},
		},
	},
	{
		ID: "I2-23", Indicator: 2, Severity: Medium, Subject: Household,
		Title:    "无劳动能力低保特困户未标注兜底保障",
		Explain:  "家庭 %d 名成员均无劳动能力且享受低保或特困供养，但未标注为整户无劳动能力兜底保障户",
		Needs:    []registry.Field{registry.PLabourSkill, registry.HNoLabourSupport},
		Reads:    []registry.Field{registry.HKind, registry.HCategory, registry.HDibao, registry.HTekun, registry.PDibao, registry.PTekun},
		Practice: []string{"M 无劳动力低保特困户未标兜底保障"},
		Basis:    "全国防返贫监测信息系统设有「整户无劳动能力兜底保障户」标识；县级核查做法：整户无劳动能力且享受低保或特困供养的帮扶对象应标注为是",
		Fix:      "核实后把「整户无劳动能力兜底保障户」标注为是；家庭实际有劳动力的，更正劳动技能",
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.NoLabourAtAll() && lowIncome(h) && h.H.NoLabourSupport != registry.Yes {
				emit(h.H.No, len(h.Members))
			}
		},
		Cases: []Case{
			{Desc: "脱贫户享受低保，户主和妻子有劳动能力", Set: householdDibao, Fires: nil},
			{Desc: "脱贫户享受低保，三人均丧失劳动力，未标注兜底保障户", Set: both(householdDibao, labour("丧失劳动力")), Fires: []string{hhNo}},
			{Desc: "同上，已标注整户无劳动能力兜底保障户", Set: both(householdDibao, labour("丧失劳动力"), noLabourSupport), Fires: nil},
			{Desc: "脱贫户，三人均无劳动力，未享受低保特困：由指标 7 判断", Set: labour("无劳动力"), Fires: nil},
			{Desc: "一般农户（未纳入监测）享受低保，三人均丧失劳动力", From: ordinary, Set: both(householdDibao, labour("丧失劳动力")), Fires: nil},
		},
	},
	{
		ID: "I2-24", Indicator: 2, Severity: Low, Subject: Household,
		Title:    "开发式措施登记为尚未实施",
		Explain:  "登记了开发式帮扶措施（%s），但实施开发式帮扶措施情况为「尚未实施」",
		Reads:    []registry.Field{registry.HCategory, registry.HDevMeasureDone, registry.HMeasures},
		Practice: []string{"M 开发式措施登记为尚未实施"},
		Basis:    "县级核查做法：登记了产业、就业、公益岗位或金融等开发式帮扶措施，「实施开发式帮扶措施情况」却为「尚未实施」，两者矛盾",
		Fix:      "核实开发式措施是否已落实：已落实的，把实施情况改为「已实施」；尚未落实的，尽快落实，或删除未落实的措施",
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.Monitored() && h.HasDevelopment() && h.H.DevMeasureDone == "尚未实施" {
				emit(h.H.No, measureList(h))
			}
		},
		Cases: []Case{
			{Desc: "监测户，有产业帮扶，实施开发式帮扶措施情况 已实施", From: monitored, Fires: nil},
			{Desc: "有产业帮扶，实施开发式帮扶措施情况 尚未实施", From: monitored, Set: devDone("尚未实施"), Fires: []string{hhNo}},
			{Desc: "只有健康帮扶，实施开发式帮扶措施情况 尚未实施", From: monitored, Set: both(measures(registry.MeasureHealth), devDone("尚未实施")), Fires: nil},
		},
	},
	{
		ID: "I2-25", Indicator: 2, Severity: Medium, Subject: Household,
		Title:    "中职高职学生家庭无雨露计划",
		Explain:  "%s，家庭却没有雨露计划的教育帮扶措施",
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HKind, registry.HCategory, registry.PSchoolStatus},
		Practice: []string{"M 雨露计划对象不符"},
		Basis:    "雨露计划对脱贫家庭（含防止返贫监测对象家庭）中接受中职、高职教育的子女给予补助；县级核查做法：有中职、高职在校生的帮扶对象家庭应有雨露计划",
		Fix:      "指导学生家庭申请雨露计划补助，落实后在教育帮扶中登记「雨露计划」；学生已毕业或在校生状况有误的，更正在校生状况",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target || h.MeasureMentions(registry.MeasureEducation, "雨露计划") {
				return
			}
			var who []string
			for _, m := range h.Members {
				if vocational(m.SchoolStatus) {
					who = append(who, m.Name+" 在读「"+m.SchoolStatus+"」")
				}
			}
			if len(who) > 0 {
				emit(h.H.No, strings.Join(who, "，"))
			}
		},
		Cases: []Case{
			{Desc: "脱贫户，儿子在读小学", Fires: nil},
			{Desc: "脱贫户，17 岁的儿子在读中职二年级，没有雨露计划", Set: child(2009, 6, "", "中职二年级"), Fires: []string{hhNo}},
			{Desc: "儿子在读高职高专一年级，没有雨露计划", Set: child(2007, 6, "", "高职高专一年级"), Fires: []string{hhNo}},
			{Desc: "儿子在读中职二年级，教育帮扶「雨露计划,助学补助」", Set: both(child(2009, 6, "", "中职二年级"), plusMeasure(registry.MeasureEducation, "雨露计划,助学补助")), Fires: nil},
			{Desc: "儿子在读中职二年级，教育帮扶只有「国家助学金」", Set: both(child(2009, 6, "", "中职二年级"), plusMeasure(registry.MeasureEducation, "国家助学金")), Fires: []string{hhNo}},
			{Desc: "一般农户（未纳入监测），儿子在读中职二年级", From: ordinary, Set: child(2009, 6, "", "中职二年级"), Fires: nil},
		},
	},
	{
		ID: "I2-26", Indicator: 2, Severity: Low, Subject: Household,
		Title:    "雨露计划对象不符",
		Explain:  "教育帮扶登记了雨露计划，但家庭成员中没有中职或高职在校生",
		Needs:    []registry.Field{registry.PSchoolStatus},
		Reads:    []registry.Field{registry.HMeasures},
		Practice: []string{"M 雨露计划对象不符"},
		Basis:    "雨露计划补助对象为脱贫家庭和监测对象家庭中的中职、高职在校生；县级核查做法：登记了雨露计划而家庭成员中没有中职、高职在校生",
		Fix:      "核实补助对象：学生已毕业或转读其他学段的，结束雨露计划措施并填写结束时间；在校生状况登记有误的，更正在校生状况",
		Check: func(c *Context, h *House, emit Emit) {
			if h.MeasureMentions(registry.MeasureEducation, "雨露计划") && !h.AnyMember(func(m *Member) bool { return vocational(m.SchoolStatus) }) {
				emit(h.H.No)
			}
		},
		Cases: []Case{
			{Desc: "儿子在读中职二年级，教育帮扶「雨露计划」", Set: both(child(2009, 6, "", "中职二年级"), plusMeasure(registry.MeasureEducation, "雨露计划")), Fires: nil},
			{Desc: "教育帮扶「雨露计划」，儿子在读小学", Set: plusMeasure(registry.MeasureEducation, "雨露计划"), Fires: []string{hhNo}},
			{Desc: "雨露计划 2022 年 9 月至 2025 年 6 月（已结束），儿子在读小学", Set: measureDated(registry.MeasureEducation, "雨露计划", ymd(2022, 9, 1), ymd(2025, 6, 30)), Fires: nil},
			{Desc: "没有雨露计划", Fires: nil},
		},
	},
	{
		ID: "I2-27", Indicator: 2, Severity: High, Subject: Household,
		Title:   "监测户的实际困难未落实对应措施",
		Explain: "%s",
		Params:  []policy.Name{policy.EduAgeMin, policy.EduAgeMax, policy.MeasureGraceMonths},
		Needs:   []registry.Field{registry.HMeasures},
		Reads: []registry.Field{registry.HRiskEliminated, registry.HIdentifiedOn, registry.PSchoolStatus, registry.PDropoutReason, registry.PEducation,
			registry.PIDNumber, registry.PBirth, registry.PResidentMedical, registry.PEmployeeMedical},
		Practice: []string{"M 风险类型无对应帮扶措施"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求针对监测对象的实际困难落实帮扶措施；县级核查做法：失学辍学儿童应有义务教育保障措施，" +
			"未参保成员应有健康帮扶或社会帮扶",
		Fix: "对失学辍学儿童落实控辍保学（劝返复学或送教上门）并登记义务教育保障；对未参保成员落实参保及个人缴费资助等健康帮扶；困难已解决的，更正在校生或参保信息",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Unresolved() || len(h.Active) == 0 {
				return
			}
			if n, ok := h.MonthsSinceIdentified(c); !ok || n <= c.P.Int(policy.MeasureGraceMonths) {
				return
			}
			var why []string
			for _, m := range h.Members {
				if h.knowsSchooling() && c.dropout(m) && !h.HasAnyMeasure(registry.MeasureCompulsoryEdu) {
					why = append(why, fmt.Sprintf("%s %d 岁失学辍学，没有义务教育保障措施", m.Name, m.Age))
				}
			}
			for _, m := range h.Members {
				if h.knowsInsurance() && uninsured(m) && !h.HasAnyMeasure(registry.MeasureHealth, registry.MeasureSocialAid) {
					why = append(why, m.Name+" 未参加基本医疗保险，没有健康帮扶或社会帮扶措施")
				}
			}
			if len(why) > 0 {
				emit(h.H.No, strings.Join(why, "；"))
			}
		},
		Cases: []Case{
			{Desc: "监测户，儿子在读小学，全员参保", From: monitored, Fires: nil},
			{Desc: "10 岁的儿子不在校，没有义务教育保障", From: monitored, Set: child(2016, 6, "小学", ""), Fires: []string{hhNo}},
			{Desc: "10 岁的儿子不在校，有义务教育保障（控辍保学）", From: monitored, Set: both(child(2016, 6, "小学", ""), plusMeasure(registry.MeasureCompulsoryEdu, "控辍保学")), Fires: nil},
			{Desc: "户主未参加基本医疗保险，有健康帮扶", From: monitored, Set: insurance(0, registry.No, registry.No), Fires: nil},
			{Desc: "户主未参加基本医疗保险，帮扶措施只有产业帮扶", From: monitored, Set: both(insurance(0, registry.No, registry.No), measures(registry.MeasureIndustry)), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202610（未超过 1 个月期限），儿子不在校", From: monitored, Set: both(child(2016, 6, "小学", ""), identified(2026, 10)), Fires: nil},
			{Desc: "识别监测时间 202603，儿子不在校，只有 2024 年 3 月至 12 月实施、已结束的义务教育保障", From: monitored,
				Set:   both(identified(2026, 3), child(2016, 6, "小学", ""), measureDated(registry.MeasureCompulsoryEdu, "营养改善计划", ymd(2024, 3, 1), ymd(2024, 12, 31))),
				Fires: []string{hhNo}},
			{Desc: "识别监测时间 202603，儿子不在校，有 2024 年 3 月开始、仍在实施的义务教育保障", From: monitored,
				Set: both(identified(2026, 3), child(2016, 6, "小学", ""), measureDated(registry.MeasureCompulsoryEdu, "营养改善计划", ymd(2024, 3, 1), registry.Date{}))},
		},
	},
	{
		ID: "I2-28", Indicator: 2, Severity: Medium, Subject: Household,
		Title:    "有劳动力的监测户仅有象征性开发式措施",
		Explain:  "风险未消除的监测户有 %d 名有劳动能力的成员，开发式帮扶措施只有%s，没有实质性的产业、就业、公益岗位或金融帮扶",
		Reads:    []registry.Field{registry.HRiskEliminated, registry.HMeasures, registry.PLabourSkill},
		Practice: []string{"M 有劳动力无开发式措施、仅综合保障、仅象征性措施"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》坚持开发式帮扶；县级核查做法：有劳动能力的未消除风险户，开发式措施只有产业「其他」、" +
			"金融「其他」或就业「技能培训」「其他」等象征性内容",
		Fix: "落实有实际内容的开发式措施（产业奖补、务工补贴、就业推荐、公益性岗位、小额信贷等），在措施中写明具体内容和开始时间",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Unresolved() || !h.HasDevelopment() {
				return
			}
			var token []string
			for i := range h.Active {
				m := &h.Active[i]
				if !registry.IsDevelopment(m.Type) {
					continue
				}
				if !tokenMeasure(m) {
					return
				}
				token = append(token, m.Type+"「"+m.Description+"」")
			}
			if able := h.CountMembers(func(m *Member) bool { return m.CanWork }); able > 0 {
				emit(h.H.No, able, joinCN(token))
			}
		},
		Cases: []Case{
			{Desc: "监测户，产业帮扶「养殖补贴」", From: monitored, Fires: nil},
			{Desc: "健康帮扶，开发式措施只有产业帮扶「其他」", From: monitored, Set: both(measures(registry.MeasureHealth), plusMeasure(registry.MeasureIndustry, "其他")), Fires: []string{hhNo}},
			{Desc: "健康帮扶，开发式措施只有就业帮扶「技能培训」", From: monitored, Set: both(measures(registry.MeasureHealth), plusMeasure(registry.MeasureEmployment, "技能培训")), Fires: []string{hhNo}},
			{Desc: "健康帮扶，就业帮扶「外出务工补贴,技能培训」", From: monitored, Set: both(measures(registry.MeasureHealth), plusMeasure(registry.MeasureEmployment, "外出务工补贴,技能培训")), Fires: nil},
			{Desc: "产业帮扶「其他」，另有公益岗位帮扶「乡村公益性岗位（保洁员）」", From: monitored,
				Set: both(measures(registry.MeasureHealth), plusMeasure(registry.MeasureIndustry, "其他"), plusMeasure(registry.MeasurePublicPost, "乡村公益性岗位（保洁员）")), Fires: nil},
			{Desc: "产业帮扶「其他」，家庭成员均为无劳动力", From: monitored, Set: both(measures(registry.MeasureHealth), plusMeasure(registry.MeasureIndustry, "其他"), labour("无劳动力")), Fires: nil},
			{Desc: "识别监测时间 202603，就业帮扶「技能培训」，另有 2019 年已结束的产业帮扶「养殖补贴」", From: monitored,
				Set: both(identified(2026, 3), measures(registry.MeasureHealth), plusMeasure(registry.MeasureEmployment, "技能培训"),
					measureDated(registry.MeasureIndustry, "养殖补贴", ymd(2019, 3, 1), ymd(2019, 12, 31))), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202603，就业帮扶「技能培训」，另有 2019 年开始、仍在实施的产业帮扶「养殖补贴」", From: monitored,
				Set: both(identified(2026, 3), measures(registry.MeasureHealth), plusMeasure(registry.MeasureEmployment, "技能培训"),
					measureDated(registry.MeasureIndustry, "养殖补贴", ymd(2019, 3, 1), registry.Date{}))},
		},
	},
	{
		ID: "I2-29", Indicator: 2, Severity: High, Subject: Household,
		Title:   "风险已消除但“三保障”或饮水问题仍在",
		Explain: "风险已标注消除（%s），但%s",
		Params:  []policy.Name{policy.EduAgeMin, policy.EduAgeMax},
		Reads: []registry.Field{registry.HRiskEliminated, registry.HEliminatedOn, registry.HEliminationWay, registry.HUnsafeHouse, registry.HHousingGrade,
			registry.HWaterSafe, registry.PResidentMedical, registry.PEmployeeMedical, registry.PSchoolStatus, registry.PDropoutReason,
			registry.PEducation, registry.PIDNumber, registry.PBirth},
		Practice: []string{"H 已消除但三保障或饮水问题仍在"},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》：收入持续稳定、“两不愁三保障”及饮水安全持续巩固、返贫致贫风险已经稳定消除的，" +
			"方可标注风险消除；县级核查做法：已消除户仍有危房、饮水未解决、成员未参加基本医疗保险或适龄儿童失学辍学",
		Fix: "入户核实：问题属实的，撤销风险消除标注，恢复为风险未消除，落实危房改造、饮水、参保或控辍保学措施，问题解决并稳定后再按程序消除；" +
			"问题已解决或登记有误的，更正住房、饮水、参保或在校生信息",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Eliminated() {
				return
			}
			if why := unmetNeeds(c, h); len(why) > 0 {
				emit(h.H.No, eliminationText(h), strings.Join(why, "，"))
			}
		},
		Cases: []Case{
			{Desc: "风险已消除（202512 帮扶消除），住房 A 级、饮水安全、全员参保、儿子在读小学", From: eliminated, Fires: nil},
			{Desc: "风险已消除，住房 2026 年鉴定为 D 级", From: eliminated, Set: graded("D", 2026, 3), Fires: []string{hhNo}},
			{Desc: "风险已消除，是否危房户 是", From: eliminated, Set: dangerFlag, Fires: []string{hhNo}},
			{Desc: "风险已消除，是否解决安全饮用水 否", From: eliminated, Set: waterUnsafe("水质"), Fires: []string{hhNo}},
			{Desc: "风险已消除，户主两种基本医疗保险均为「否」", From: eliminated, Set: insurance(0, registry.No, registry.No), Fires: []string{hhNo}},
			{Desc: "风险已消除，12 岁的儿子不在校，无免学原因", From: eliminated, Set: child(2014, 6, "小学", ""), Fires: []string{hhNo}},
			{Desc: "风险已消除，12 岁的儿子不在校，未上学原因为因残送教上门", From: eliminated,
				Set: both(child(2014, 6, "", ""), dropoutReason(2, "因残送教上门")), Fires: nil},
			{Desc: "风险未消除的监测户，住房 D 级：由 I1-01 和 I2-20 判断", From: monitored, Set: graded("D", 2026, 3), Fires: nil},
		},
	},
	{
		ID: "I2-30", Indicator: 2, Severity: Low, Subject: Household,
		Title:    "因病风险但无合规自付医疗支出",
		Explain:  "风险类型含「因病」，但 %d 年合规自付医疗支出为 0",
		Needs:    []registry.Field{registry.IMedicalOOP},
		Reads:    []registry.Field{registry.HCategory, registry.HRiskTypes, registry.HRiskEliminated, registry.HEliminatedOn},
		Practice: []string{"F 因病但无合规自付医疗支出"},
		Basis: "因病致贫返贫风险以患病成员的医疗负担为依据，医保部门的合规自付医疗支出是其主要佐证；县级核查做法：风险类型含因病，" +
			"合规自付医疗支出为 0 或为空",
		Fix: "向医保部门调取该户当年的报销结算数据，补录合规自付医疗支出；确无医疗支出、风险已不是因病的，按实际更正风险类型",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Monitored() || !h.H.HasRisk("因病") || h.Income == nil || h.Income.MedicalOOP > 0 {
				return
			}
			// An eliminated household's illness may be over: its income year counts only when
			// the risk lasted into it.
			if h.Eliminated() && (h.H.EliminatedOn.IsZero() || h.H.EliminatedOn.Year() < h.Income.Year) {
				return
			}
			emit(h.H.No, h.Income.Year)
		},
		Cases: []Case{
			{Desc: "监测户，风险类型 因病，2026 年合规自付医疗支出 2,400 元", From: monitored, Set: medicalCost(2400), Fires: nil},
			{Desc: "风险类型 因病，2026 年合规自付医疗支出 0", From: monitored, Set: medicalCost(0), Fires: []string{hhNo}},
			{Desc: "风险类型 因病，合规自付医疗支出 1 元", From: monitored, Set: medicalCost(1), Fires: nil},
			{Desc: "风险类型 因病，2026 年 5 月风险消除，当年合规自付医疗支出 0", From: eliminated, Set: both(elimAt(2026, 5), medicalCost(0)), Fires: []string{hhNo}},
			{Desc: "风险类型 因病，2025 年 12 月风险消除，2026 年合规自付医疗支出 0（消除后病情可能已好转）", From: eliminated, Set: medicalCost(0), Fires: nil},
			{Desc: "风险类型 因学，合规自付医疗支出 0", From: monitored, Set: both(risks("因学"), medicalCost(0)), Fires: nil},
			{Desc: "风险类型 因病，合规自付医疗支出未采集（无医保部门数据）", From: monitored, Set: both(medicalCost(0), func(a *registry.Aggregate) {
				a.Income(2026).Uncollected = a.Income(2026).Uncollected.With(registry.IMedicalOOP)
			}), Fires: nil},
		},
	},
	{
		ID: "I2-31", Indicator: 2, Severity: Medium, Subject: Household,
		Title:    "医保个人缴费补贴与识别时间不符",
		Explain:  "%s 纳入监测，在 %d 年度城乡居民医保个人缴费补贴的识别截止月 %s %s",
		Params:   []policy.Name{policy.MedPremiumCutoff},
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HCategory, registry.HIdentifiedOn, registry.HRiskEliminated, registry.HEliminatedOn},
		Practice: []string{"M 医保个人缴费补贴与识别时间不符"},
		Basis: "医疗保障巩固脱贫成果政策对监测对象参加城乡居民基本医疗保险的个人缴费给予资助，资助对象按年度集中参保缴费期确定：" +
			"截止月（默认筛查年度上一年 12 月，各地按当年参保政策设置）及以前识别、当时仍在监测的户应享受当年补贴，以后识别的户当年不应登记；县级核查做法",
		Fix: "截止月以前识别的，向医保部门核实资助是否到位：已资助的，在健康帮扶或综合保障中补登「城乡居民基本医疗保险个人缴费补贴」；未资助的，按政策补办。" +
			"截止月以后识别的，核实补贴来源（如按脱贫人口身份资助），删除或更正误登的监测帮扶措施",
		Check: func(c *Context, h *House, emit Emit) {
			id := h.H.IdentifiedOn
			if !h.H.Monitored() || id.IsZero() || len(h.Active) == 0 {
				return
			}
			cut := c.P.PremiumCutoff(c.Year)
			has := premiumSubsidy(c, h)
			switch {
			case id.Index() <= cut.Index() && !has && monitoredAt(h, cut):
				emit(h.H.No, id.Compact(), c.Year, cut.Compact(), "以前（含当月），健康帮扶和综合保障中却没有个人缴费补贴")
			case id.Index() > cut.Index() && has:
				emit(h.H.No, id.Compact(), c.Year, cut.Compact(), "之后，当年集中参保缴费时尚未纳入监测，却登记了个人缴费补贴")
			}
		},
		Cases: []Case{
			{Desc: "监测户（识别监测时间 202503，风险未消除），健康帮扶「慢病签约服务,城乡居民基本医疗保险个人缴费补贴」", From: monitored, Fires: nil},
			{Desc: "识别监测时间 202503，健康帮扶只有「慢病签约服务」，产业帮扶「养殖补贴」", From: monitored,
				Set: both(measures(), plusMeasure(registry.MeasureHealth, "慢病签约服务"), plusMeasure(registry.MeasureIndustry, "养殖补贴")), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202512（截止月），综合保障「农村低保,医保参保资助」", From: monitored,
				Set: both(identified(2025, 12), measures(registry.MeasureIndustry), social("农村低保,医保参保资助")), Fires: nil},
			{Desc: "识别监测时间 202512（截止月），没有个人缴费补贴", From: monitored,
				Set: both(identified(2025, 12), measures(registry.MeasureIndustry)), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202601（截止月之后），健康帮扶登记了个人缴费补贴", From: monitored, Set: identified(2026, 1), Fires: []string{hhNo}},
			{Desc: "识别监测时间 202601，没有个人缴费补贴", From: monitored,
				Set: both(identified(2026, 1), measures(registry.MeasureHealth, registry.MeasureIndustry)), Fires: nil},
			{Desc: "识别监测时间 202503，只有 2025 年度（2025 年 1 月至 12 月）的个人缴费补贴", From: monitored,
				Set:   both(measures(registry.MeasureIndustry), measureDated(registry.MeasureHealth, "城乡居民基本医疗保险个人缴费补贴", ymd(2025, 1, 1), ymd(2025, 12, 31))),
				Fires: []string{hhNo}},
			{Desc: "202512 风险消除（截止月时已不在监测），没有个人缴费补贴", From: eliminated, Set: measures(registry.MeasureIndustry), Fires: nil},
		},
	},
}

// unmetNeeds lists the basic needs the household's data says are unmet: an unsafe house,
// unsafe water, a member without basic medical insurance (where both insurance fields are
// collected), a child of compulsory-education age out of school (where school status and the
// reason for not attending are collected).
func unmetNeeds(c *Context, h *House) []string {
	var why []string
	if h.unsafeHouse() {
		why = append(why, h.houseText())
	}
	if h.H.WaterSafe == registry.No {
		why = append(why, "未解决安全饮用水")
	}
	if h.knowsInsurance() {
		for _, m := range h.Members {
			if uninsured(m) {
				why = append(why, m.Name+" 未参加基本医疗保险")
			}
		}
	}
	if h.knowsSchooling() {
		for _, m := range h.Members {
			if c.dropout(m) {
				why = append(why, fmt.Sprintf("%s %d 岁失学辍学", m.Name, m.Age))
			}
		}
	}
	return why
}

// premiumWords are the words of a measure description that record the 城乡居民基本医疗保险
// individual contribution subsidy.
var premiumWords = []string{"个人缴费补贴", "缴费补贴", "缴费资助", "参保资助", "资助参保", "参保补贴"}

// premiumSubsidy reports whether a 健康帮扶 or 综合保障 measure in force in the screening year
// (since the need arose) records the individual contribution subsidy.
func premiumSubsidy(c *Context, h *House) bool {
	since := registry.NewDate(c.Year, 1, 1)
	if since.Before(h.since) {
		since = h.since
	}
	for i := range h.Active {
		m := &h.Active[i]
		if m.Type != registry.MeasureHealth && m.Type != registry.MeasureSocialSecurity || !inForce(m, since, c.Ref) {
			continue
		}
		for _, w := range premiumWords {
			if strings.Contains(m.Description, w) {
				return true
			}
		}
	}
	return false
}

// monitoredAt reports whether the household was still monitored at the end of the month:
// unresolved, or eliminated later.
func monitoredAt(h *House, m registry.Month) bool {
	return h.H.Unresolved() || !h.H.EliminatedOn.IsZero() && h.H.EliminatedOn.Index() > m.Index()
}

// eliminationText says when and how the risk was eliminated ("202512 帮扶消除"), as far as
// the record says.
func eliminationText(h *House) string {
	var parts []string
	if m := h.H.EliminatedOn.Compact(); m != "" {
		parts = append(parts, m)
	}
	parts = append(parts, blankAs(h.H.EliminationWay, "消除"))
	return strings.Join(parts, " ")
}

// tokenMeasure reports whether a development measure is a token one: 产业帮扶 or 金融帮扶 that
// says only 其他, 就业帮扶 that says only 技能培训 or 其他. A public-welfare post is never one.
func tokenMeasure(m *registry.Measure) bool {
	var allowed []string
	switch m.Type {
	case registry.MeasureIndustry, registry.MeasureFinance:
		allowed = []string{"其他"}
	case registry.MeasureEmployment:
		allowed = []string{"技能培训", "其他"}
	default:
		return false
	}
	parts := strings.FieldsFunc(m.Description, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' })
	n := 0
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !registry.In(allowed, p) {
			return false
		}
		n++
	}
	return n > 0
}

// vocational reports whether a 在校生状况 is a 中职 or 高职 grade, the students 雨露计划 supports.
func vocational(s string) bool {
	return strings.HasPrefix(s, "中职") || strings.HasPrefix(s, "高职高专")
}

// riskMeasureRule completes r (its ID, Basis, Fix and Cases given) as a rule that a monitored
// household with the risk must have one of the measures, once its measures are due (an
// unresolved household without any measure is I2-05's).
func riskMeasureRule(r *Rule, risk, need string, measures ...string) *Rule {
	r.Indicator, r.Severity, r.Subject = 2, Medium, Household
	r.Title = "「" + risk + "」风险无对应帮扶措施"
	r.Explain = "风险类型含「" + risk + "」，但没有" + need + "措施（现有措施：%s）"
	r.Params = []policy.Name{policy.MeasureGraceMonths}
	r.Needs = []registry.Field{registry.HMeasures}
	r.Reads = []registry.Field{registry.HCategory, registry.HRiskTypes, registry.HIdentifiedOn, registry.HRiskEliminated}
	r.Practice = []string{"M 风险类型无对应帮扶措施"}
	r.Check = func(c *Context, h *House, emit Emit) {
		if !h.H.Monitored() || !h.H.HasRisk(risk) || h.HasAnyMeasure(measures...) {
			return
		}
		if h.H.Unresolved() {
			n, ok := h.MonthsSinceIdentified(c)
			if len(h.Active) == 0 || !ok || n <= c.P.Int(policy.MeasureGraceMonths) {
				return
			}
		}
		emit(h.H.No, blankAs(measureList(h), "无"))
	}
	return r
}

// riskFactRule completes r (its ID, Basis, Fix, Practice and Cases given) as a rule that the
// risk type is contradicted when the household's facts say so; needs are the fields those
// facts come from.
func riskFactRule(r *Rule, risk, fact string, contradicted func(*House) bool, needs ...registry.Field) *Rule {
	r.Indicator, r.Severity, r.Subject = 2, Medium, Household
	r.Title = "「" + risk + "」风险与家庭情况不符"
	r.Explain = "风险类型含「" + risk + "」，但" + fact
	r.Needs = needs
	r.Reads = []registry.Field{registry.HCategory, registry.HRiskTypes}
	r.Check = func(c *Context, h *House, emit Emit) {
		if h.H.Monitored() && h.H.HasRisk(risk) && len(h.Members) > 0 && contradicted(h) {
			emit(h.H.No)
		}
	}
	return r
}

// onlySocialSecurity reports whether the household has measures and all are 综合保障.
func onlySocialSecurity(h *House) bool {
	if len(h.Active) == 0 {
		return false
	}
	for i := range h.Active {
		if h.Active[i].Type != registry.MeasureSocialSecurity {
			return false
		}
	}
	return true
}

// measureList names the household's measure types once each.
func measureList(h *House) string {
	var ts []string
	for i := range h.Active {
		if !registry.In(ts, h.Active[i].Type) {
			ts = append(ts, h.Active[i].Type)
		}
	}
	return joinCN(ts)
}

// compactMonth returns a month as the number YYYYMM.
func compactMonth(m registry.Month) int { return m.Index()/12*100 + m.Index()%12 + 1 }

// trimFloat formats a parameter value without trailing zeros.
func trimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

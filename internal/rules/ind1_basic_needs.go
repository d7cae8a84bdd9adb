package rules

import (
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 1: 两不愁三保障 and drinking water, for the households the evaluation samples
// (脱贫户 and monitored households). The same needs unmet in a household that is not monitored
// are indicator 2's suspected missed monitoring.
var ind1 = []*Rule{
	{
		ID: "I1-01", Indicator: 1, Severity: High, Subject: Household,
		Title:   "危房未落实住房保障",
		Explain: "%s，但没有住房安全保障或搬迁帮扶措施",
		Needs:   []registry.Field{registry.HMeasures},
		Reads:   []registry.Field{registry.HKind, registry.HCategory, registry.HHousingGrade, registry.HUnsafeHouse, registry.HHousingAppraised},
		Basis: "《中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》要求巩固“两不愁三保障”成果，住房安全有保障；" +
			"农村房屋安全性鉴定为 C 级（局部危险）或 D 级（整体危险）的都是危房，应通过农村危房改造或易地扶贫搬迁解决；后评估“两不愁三保障”指标逐户核查",
		Fix: "入户核实住房现状：仍在居住的，纳入农村危房改造（加固或拆除重建）或安排搬迁，在帮扶措施中登记住房安全保障或搬迁措施及开始时间；" +
			"已改造或已搬离的，请住建部门重新鉴定，更新住房安全等级和是否危房户",
		Check: func(c *Context, h *House, emit Emit) {
			// A measure that ended before the appraisal did not make this house safe.
			if h.Target && h.unsafeHouse() && !h.HasMeasureSince(c, h.H.HousingAppraised, registry.MeasureHousing, registry.MeasureRelocation) {
				emit(h.H.No, h.houseText())
			}
		},
		Cases: []Case{
			{Desc: "脱贫户，住房 2026 年鉴定为 D 级，住房安全保障栏只写着「住房安全有保障」（是陈述，不是措施）", Set: both(graded("D", 2026, 3),
				measureDated(registry.MeasureHousing, "住房安全有保障", registry.Date{}, registry.Date{})), Fires: []string{hhNo}},
			{Desc: "脱贫户，住房安全等级 A", Fires: nil},
			{Desc: "脱贫户，住房 2026 年鉴定为 D 级，没有住房安全保障措施", Set: graded("D", 2026, 3), Fires: []string{hhNo}},
			{Desc: "脱贫户，是否危房户 是（未填安全等级），没有住房安全保障措施", Set: dangerFlag, Fires: []string{hhNo}},
			{Desc: "脱贫户，住房 2026 年鉴定为 D 级，有 2026 年 5 月开始的危房改造", Set: both(graded("D", 2026, 3),
				measureDated(registry.MeasureHousing, "危房改造", registry.NewDate(2026, 5, 1), registry.Date{})), Fires: nil},
			{Desc: "脱贫户，住房 2026 年鉴定为 D 级，只有 2017 年（3 月至 10 月）做过的危房改造", Set: both(graded("D", 2026, 3),
				measureDated(registry.MeasureHousing, "危房改造", registry.NewDate(2017, 3, 1), registry.NewDate(2017, 10, 31))), Fires: []string{hhNo}},
			{Desc: "脱贫户，住房 C 级，有搬迁措施（未填日期，如国家系统导出）", Set: both(graded("C", 2026, 3), measures(registry.MeasureRelocation)), Fires: nil},
			{Desc: "一般农户（未纳入监测），住房 C 级：由指标 2 的漏纳规则判断", From: ordinary, Set: graded("C", 2026, 3), Fires: nil},
			{Desc: "一般农户已纳入监测（边缘易致贫户），住房 C 级，没有住房安全保障措施", From: ordinary,
				Set: both(graded("C", 2026, 3), func(a *registry.Aggregate) { a.Household.Category = registry.MonEdge }), Fires: []string{hhNo}},
		},
	},
	{
		ID: "I1-02", Indicator: 1, Severity: Medium, Subject: Household,
		Title:   "住房未做安全鉴定",
		Explain: "帮扶对象户的住房没有安全鉴定等级（A/B/C/D），无法证明住房安全有保障",
		Needs:   []registry.Field{registry.HHousingGrade},
		Reads:   []registry.Field{registry.HKind, registry.HCategory, registry.HHousingAppraised},
		Basis: "住房安全有保障以农村房屋安全性鉴定（A、B 级安全，C、D 级为危房）为依据；县级核查做法：脱贫户和监测户的住房都应有鉴定等级，" +
			"后评估核查住房安全时查看鉴定结论",
		Fix: "联系住建部门对该户住房开展安全性鉴定（或调取已有鉴定结果），登记住房安全等级和鉴定日期；鉴定为 C、D 级的按危房落实改造或搬迁",
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.H.HousingGrade == "" && h.H.HousingAppraised.IsZero() {
				emit(h.H.No)
			}
		},
		Cases: []Case{
			{Desc: "脱贫户，住房安全等级 A（2024 年 5 月鉴定）", Fires: nil},
			{Desc: "脱贫户，住房安全等级和鉴定日期均为空", Set: noAppraisal, Fires: []string{hhNo}},
			{Desc: "脱贫户，住房安全等级为空，但有 2024 年 5 月的鉴定日期", Set: graded("", 2024, 5), Fires: nil},
			{Desc: "监测户，住房安全等级和鉴定日期均为空", From: monitored, Set: noAppraisal, Fires: []string{hhNo}},
			{Desc: "一般农户（未纳入监测），住房安全等级和鉴定日期均为空", From: ordinary, Set: noAppraisal, Fires: nil},
		},
	},
	{
		ID: "I1-03", Indicator: 1, Severity: High, Subject: Person,
		Title:    "未参加基本医疗保险",
		Explain:  "%s 未参加城乡居民基本医疗保险，也未参加城镇职工基本医疗保险",
		Needs:    []registry.Field{registry.PResidentMedical, registry.PEmployeeMedical},
		Reads:    []registry.Field{registry.HKind, registry.HCategory},
		Practice: []string{"C 两种基本医疗保险都参加或都未参加"},
		Basis: "《中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》要求基本医疗有保障；医疗保障巩固脱贫成果的政策要求" +
			"脱贫人口和监测对象应保尽保，全部参加城乡居民基本医疗保险或城镇职工基本医疗保险；县级核查两项同为「否」或为空",
		Fix: "核实该成员参保情况：确未参保的，动员并协助其参加城乡居民基本医疗保险，符合条件的落实个人缴费资助；" +
			"已在外地或以职工身份参保的，取得参保凭证后更正两项参保信息",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target {
				return
			}
			for _, m := range h.Members {
				if uninsured(m) {
					emit(m.No, m.Name)
				}
			}
		},
		Cases: []Case{
			{Desc: "脱贫户，三人都参加城乡居民基本医疗保险", Fires: nil},
			{Desc: "户主只参加城镇职工基本医疗保险", Set: insurance(0, registry.No, registry.Yes), Fires: nil},
			{Desc: "妻子两种基本医疗保险均为「否」", Set: insurance(1, registry.No, registry.No), Fires: []string{"P2"}},
			{Desc: "儿子两种基本医疗保险均为空", Set: insurance(2, registry.Unknown, registry.Unknown), Fires: []string{"P3"}},
			{Desc: "妻子未参保，但已于 2026 年 1 月死亡", Set: both(insurance(1, registry.No, registry.No),
				person(1, func(p *registry.Person) { p.DeceasedOn = ymd(2026, 1, 1) })), Fires: nil},
			{Desc: "监测户，户主未参保", From: monitored, Set: insurance(0, registry.No, registry.No), Fires: []string{"P1"}},
			{Desc: "一般农户（未纳入监测），妻子未参保：由指标 2 的漏纳规则判断", From: ordinary, Set: insurance(1, registry.No, registry.No), Fires: nil},
		},
	},
	{
		ID: "I1-04", Indicator: 1, Severity: Medium, Subject: Person,
		Title:    "重复参加基本医疗保险",
		Explain:  "%s 同时参加了城乡居民基本医疗保险和城镇职工基本医疗保险，应只参加一种",
		Reads:    []registry.Field{registry.PResidentMedical, registry.PEmployeeMedical},
		Practice: []string{"C 两种基本医疗保险都参加或都未参加"},
		Basis:    "基本医疗保险不得重复参保：同一人参加城乡居民基本医疗保险或城镇职工基本医疗保险，只参加一种；县级核查两项同为「是」",
		Fix:      "向医保部门核实实际参保险种：确属重复参保的，协助办理城乡居民医保停保或退费，只保留一种；系登记错误的，更正参保信息",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.ResidentMedical == registry.Yes && m.EmployeeMedical == registry.Yes {
					emit(m.No, m.Name)
				}
			}
		},
		Cases: []Case{
			{Desc: "户主只参加城乡居民基本医疗保险", Fires: nil},
			{Desc: "户主两种基本医疗保险均为「是」", Set: insurance(0, registry.Yes, registry.Yes), Fires: []string{"P1"}},
			{Desc: "户主城乡居民医保为「否」、城镇职工医保为「是」", Set: insurance(0, registry.No, registry.Yes), Fires: nil},
			{Desc: "一般农户的儿子两种基本医疗保险均为「是」（不限帮扶对象）", From: ordinary, Set: insurance(2, registry.Yes, registry.Yes), Fires: []string{"P3"}},
		},
	},
	{
		ID: "I1-05", Indicator: 1, Severity: High, Subject: Person,
		Title:   "义务教育阶段适龄儿童失学辍学",
		Explain: "%s %d 岁，处于义务教育年龄（%d–%d 岁），在校生状况为「%s」，没有在校，也没有因病因残等免学原因",
		Params:  []policy.Name{policy.EduAgeMin, policy.EduAgeMax},
		Needs:   []registry.Field{registry.PSchoolStatus, registry.PDropoutReason},
		Reads:   []registry.Field{registry.HKind, registry.HCategory, registry.PEducation, registry.PIDNumber, registry.PBirth},
		Basis: "《中华人民共和国义务教育法》规定适龄儿童、少年依法接受九年义务教育（一般 6 周岁入学）；义务教育有保障要求适龄儿童不失学辍学，" +
			"因病因残不能到校的送教上门",
		Fix: "入户核实：确已辍学的，会同教育部门和学校劝返复学，登记义务教育保障措施；因病因残不能到校的，安排送教上门并填写未上学原因；" +
			"已在外地就读的，取得学籍证明后更正在校生状况",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target {
				return
			}
			for _, m := range h.Members {
				if c.dropout(m) {
					emit(m.No, m.Name, m.Age, c.P.Int(policy.EduAgeMin), c.P.Int(policy.EduAgeMax), blankAs(m.SchoolStatus, "空"))
				}
			}
		},
		Cases: []Case{
			{Desc: "10 岁，在读小学", Fires: nil},
			{Desc: "15 岁，文化程度初中，不在校（已完成九年义务教育）", Set: child(2011, 6, "初中", ""), Fires: nil},
			{Desc: "14 岁，文化程度初中，不在校，无免学原因", Set: child(2012, 6, "初中", ""), Fires: []string{"P3"}},
			{Desc: "15 岁，文化程度小学，不在校，无免学原因", Set: child(2011, 6, "小学", ""), Fires: []string{"P3"}},
			{Desc: "12 岁，不在校，未上学原因为因残送教上门", Set: both(child(2014, 6, "", ""), dropoutReason(2, "因残送教上门")), Fires: nil},
			{Desc: "16 岁，不在校（已超过义务教育年龄 6–15 岁）", Set: child(2010, 6, "小学", ""), Fires: nil},
			{Desc: "6 岁（义务教育起始年龄），在校生状况为学前教育", Set: child(2020, 6, "", "学前教育"), Fires: nil},
			{Desc: "7 岁，在校生状况仍为学前教育", Set: child(2019, 6, "", "学前教育"), Fires: []string{"P3"}},
		},
	},
	{
		ID: "I1-06", Indicator: 1, Severity: High, Subject: Household,
		Title:   "饮水安全未保障",
		Explain: "是否解决安全饮用水为「否」%s",
		Reads:   []registry.Field{registry.HKind, registry.HCategory, registry.HWaterSafe, registry.HWaterIssue},
		Basis: "《中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》要求巩固“两不愁三保障”和饮水安全成果；" +
			"农村饮水安全按水量、水质、用水方便程度和供水保证率评价（水利部门《农村饮水安全评价准则》）",
		Fix: "会同水利部门查明原因（水量、水质、取水方便程度或供水保证率），通过管网延伸、修复供水设施、水质处理或临时送水解决，" +
			"登记饮水安全保障措施；已解决的，复核后把是否解决安全饮用水改为「是」",
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.H.WaterSafe == registry.No {
				issue := ""
				if h.H.WaterIssue != "" {
					issue = "（问题：" + h.H.WaterIssue + "）"
				}
				emit(h.H.No, issue)
			}
		},
		Cases: []Case{
			{Desc: "脱贫户，是否解决安全饮用水 是", Fires: nil},
			{Desc: "脱贫户，是否解决安全饮用水 否（水质不达标）", Set: waterUnsafe("水质"), Fires: []string{hhNo}},
			{Desc: "监测户，是否解决安全饮用水 否", From: monitored, Set: waterUnsafe(""), Fires: []string{hhNo}},
			{Desc: "脱贫户，是否解决安全饮用水为空：由数据质量规则判断", Set: func(a *registry.Aggregate) { a.Household.WaterSafe = registry.Unknown }, Fires: nil},
			{Desc: "一般农户（未纳入监测），是否解决安全饮用水 否：由指标 2 的漏纳规则判断", From: ordinary, Set: waterUnsafe("水量"), Fires: nil},
		},
	},
	{
		ID: "I1-07", Indicator: 1, Severity: High, Subject: Household,
		Title:   "大额医疗支出未纳入监测",
		Explain: "%d 年合规自付医疗支出 %s 元，超过%s预警线 %s 元，且未纳入监测",
		Params:  []policy.Name{policy.MedicalTriggerLow, policy.MedicalTrigger},
		Needs:   []registry.Field{registry.HCategory},
		Reads:   []registry.Field{registry.IMedicalOOP, registry.HDibao, registry.HTekun, registry.PDibao, registry.PTekun},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》要求对因病等刚性支出较大、基本生活出现严重困难的农户及时纳入监测；" +
			"医保部门按合规自付医疗费用设置预警线向乡村振兴部门推送线索（预警线取一地做法：低保特困户 1 万元、其他农户 2.6 万元，各地可调整）",
		Fix: "把该户作为部门预警线索，在识别期限内入户核实：扣除医疗支出后收入低于监测范围或生活出现严重困难的，按程序纳入监测（突发严重困难户），" +
			"落实医疗救助等措施；核实不需纳入的，在走访记录中写明收入和支出情况及理由",
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.Monitored() || h.Income == nil {
				return
			}
			trigger, who := c.P.Money(policy.MedicalTrigger), "一般农户"
			if lowIncome(h) {
				trigger, who = c.P.Money(policy.MedicalTriggerLow), "低保特困户"
			}
			if h.Income.MedicalOOP > trigger {
				emit(h.H.No, h.Income.Year, h.Income.MedicalOOP, who, trigger)
			}
		},
		Cases: []Case{
			{Desc: "脱贫户（未纳入监测），2026 年合规自付医疗支出 3,000 元", Set: medicalCost(3000), Fires: nil},
			{Desc: "合规自付医疗支出 26,000 元（等于其他农户预警线）", Set: medicalCost(26000), Fires: nil},
			{Desc: "合规自付医疗支出 26,001 元", Set: medicalCost(26001), Fires: []string{hhNo}},
			{Desc: "户享受低保，合规自付医疗支出 10,000 元（等于低保特困户预警线）", Set: both(householdDibao, medicalCost(10000)), Fires: nil},
			{Desc: "户享受低保，合规自付医疗支出 10,001 元", Set: both(householdDibao, medicalCost(10001)), Fires: []string{hhNo}},
			{Desc: "户主为特困供养人员，合规自付医疗支出 12,000 元", Set: both(person(0, func(p *registry.Person) { p.Tekun = registry.Yes }), medicalCost(12000)), Fires: []string{hhNo}},
			{Desc: "一般农户，合规自付医疗支出 30,000 元", From: ordinary, Set: medicalCost(30000), Fires: []string{hhNo}},
			{Desc: "已纳入监测的户，合规自付医疗支出 50,000 元", From: monitored, Set: medicalCost(50000), Fires: nil},
		},
	},
}

// lowIncome reports whether the household is on 低保 or 特困供养, as a household or through a
// current member.
func lowIncome(h *House) bool {
	if h.H.Dibao == registry.Yes || h.H.Tekun == registry.Yes {
		return true
	}
	return h.AnyMember(func(m *Member) bool { return m.Dibao == registry.Yes || m.Tekun == registry.Yes })
}

func blankAs(s, blank string) string {
	if s == "" {
		return blank
	}
	return s
}

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
		Check: func(c *Context, h *House, emit Emit) {
			// A measure that ended before the appraisal did not make this house safe.
			if h.Target && h.unsafeHouse() && !h.HasMeasureSince(c, h.H.HousingAppraised, registry.MeasureHousing, registry.MeasureRelocation) {
				emit(h.H.No, h.houseText())
			}
		},
		Cases: []Case{
			{Desc: "脱贫户，住房安全等级 A", Fires: nil},
			{Desc: "脱贫户，住房 2026 年鉴定为 D 级，没有住房安全保障措施", Set: graded("D", 2026, 3), Fires: []string{hhNo}},
			{Desc: "脱贫户，住房 2026 年鉴定为 D 级，有 2026 年 5 月开始的危房改造", Set: both(graded("D", 2026, 3),
				measureDated(registry.MeasureHousing, "危房改造", registry.NewDate(2026, 5, 1), registry.Date{})), Fires: nil},
			{Desc: "脱贫户，住房 2026 年鉴定为 D 级，只有 2017 年（3 月至 10 月）做过的危房改造", Set: both(graded("D", 2026, 3),
				measureDated(registry.MeasureHousing, "危房改造", registry.NewDate(2017, 3, 1), registry.NewDate(2017, 10, 31))), Fires: []string{hhNo}},
			{Desc: "脱贫户，住房 C 级，有搬迁措施（未填日期，如国家系统导出）", Set: both(graded("C", 2026, 3), measures(registry.MeasureRelocation)), Fires: nil},
			{Desc: "一般农户（未纳入监测），住房 C 级：由指标 2 的漏纳规则判断", From: ordinary, Set: graded("C", 2026, 3), Fires: nil},
		},
	},
	{
		ID: "I1-02", Indicator: 1, Severity: Medium, Subject: Household,
		Title:   "住房未做安全鉴定",
		Explain: "帮扶对象户的住房没有安全鉴定等级（A/B/C/D），无法证明住房安全有保障",
		Needs:   []registry.Field{registry.HHousingGrade},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.H.HousingGrade == "" && h.H.HousingAppraised.IsZero() {
				emit(h.H.No)
			}
		},
	},
	{
		ID: "I1-03", Indicator: 1, Severity: High, Subject: Person,
		Title:   "未参加基本医疗保险",
		Explain: "%s 未参加城乡居民基本医疗保险，也未参加城镇职工基本医疗保险",
		Needs:   []registry.Field{registry.PResidentMedical, registry.PEmployeeMedical},
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
	},
	{
		ID: "I1-04", Indicator: 1, Severity: Medium, Subject: Person,
		Title:   "重复参加基本医疗保险",
		Explain: "%s 同时参加了城乡居民基本医疗保险和城镇职工基本医疗保险，应只参加一种",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.ResidentMedical == registry.Yes && m.EmployeeMedical == registry.Yes {
					emit(m.No, m.Name)
				}
			}
		},
	},
	{
		ID: "I1-05", Indicator: 1, Severity: High, Subject: Person,
		Cases: []Case{
			{Desc: "10 岁，在读小学", Fires: nil},
			{Desc: "15 岁，文化程度初中，不在校（已完成九年义务教育）", Set: child(2011, 6, "初中", ""), Fires: nil},
			{Desc: "14 岁，文化程度初中，不在校，无免学原因", Set: child(2012, 6, "初中", ""), Fires: []string{"P3"}},
			{Desc: "15 岁，文化程度小学，不在校，无免学原因", Set: child(2011, 6, "小学", ""), Fires: []string{"P3"}},
			{Desc: "12 岁，不在校，未上学原因为因残送教上门", Set: both(child(2014, 6, "", ""), person(2, func(p *registry.Person) { p.DropoutReason = "因残送教上门" })), Fires: nil},
			{Desc: "16 岁，不在校（已超过义务教育年龄 6–15 岁）", Set: child(2010, 6, "小学", ""), Fires: nil},
		},
		Title:   "义务教育阶段适龄儿童失学辍学",
		Explain: "%s %d 岁，处于义务教育年龄（%d–%d 岁），在校生状况为「%s」，没有在校，也没有因病因残等免学原因",
		Params:  []policy.Name{policy.EduAgeMin, policy.EduAgeMax},
		Needs:   []registry.Field{registry.PSchoolStatus, registry.PDropoutReason},
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
	},
	{
		ID: "I1-06", Indicator: 1, Severity: High, Subject: Household,
		Title:   "饮水安全未保障",
		Explain: "是否解决安全饮用水为「否」%s",
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.H.WaterSafe == registry.No {
				issue := ""
				if h.H.WaterIssue != "" {
					issue = "（问题：" + h.H.WaterIssue + "）"
				}
				emit(h.H.No, issue)
			}
		},
	},
	{
		ID: "I1-07", Indicator: 1, Severity: High, Subject: Household,
		Title:   "大额医疗支出未纳入监测",
		Explain: "%d 年合规自付医疗支出 %s 元，超过%s预警线 %s 元，且未纳入监测",
		Params:  []policy.Name{policy.MedicalTriggerLow, policy.MedicalTrigger},
		Needs:   []registry.Field{registry.HCategory},
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

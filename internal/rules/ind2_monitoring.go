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
		Title:   "收入低于监测范围未纳入监测",
		Explain: "%d 年人均纯收入 %s 元，低于监测范围 %s 元，且未纳入监测",
		Params:  []policy.Name{policy.MonitorLine},
		Needs:   []registry.Field{registry.HCategory, registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Check: func(c *Context, h *House, emit Emit) {
			line := c.P.Money(policy.MonitorLine)
			if !h.H.Monitored() && h.Income != nil && h.PerCapita < line && !lowIncome(h) {
				emit(h.H.No, h.Income.Year, h.PerCapita, line)
			}
		},
	},
	{
		ID: "I2-02", Indicator: 2, Severity: High, Subject: Household,
		Title:   "扣除刚性支出后低于监测范围未纳入监测",
		Explain: "%d 年人均纯收入 %s 元，扣除合规自付医疗和教育支出 %s 元后人均 %s 元，低于监测范围 %s 元，且未纳入监测",
		Params:  []policy.Name{policy.MonitorLine},
		Needs:   []registry.Field{registry.HCategory, registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
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
	},
	{
		ID: "I2-03", Indicator: 2, Severity: High, Subject: Household,
		Title:   "享受低保特困但未纳入监测（体外循环）",
		Explain: "享受低保或特困供养，%d 年人均纯收入 %s 元低于监测范围 %s 元，却未纳入监测（体外循环）",
		Params:  []policy.Name{policy.MonitorLine},
		Needs:   []registry.Field{registry.HCategory, registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Check: func(c *Context, h *House, emit Emit) {
			line := c.P.Money(policy.MonitorLine)
			if !h.H.Monitored() && h.Income != nil && h.PerCapita < line && lowIncome(h) {
				emit(h.H.No, h.Income.Year, h.PerCapita, line)
			}
		},
	},
	{
		ID: "I2-04", Indicator: 2, Severity: High, Subject: Household,
		Title:   "“三保障”或饮水未保障但未纳入监测",
		Explain: "%s，且未纳入监测",
		Params:  []policy.Name{policy.EduAgeMin, policy.EduAgeMax},
		Needs:   []registry.Field{registry.HCategory},
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.Monitored() {
				return
			}
			var why []string
			if h.unsafeHouse() {
				why = append(why, h.houseText())
			}
			if h.H.WaterSafe == registry.No {
				why = append(why, "未解决安全饮用水")
			}
			for _, m := range h.Members {
				if h.knowsInsurance() && uninsured(m) {
					why = append(why, m.Name+" 未参加基本医疗保险")
				}
			}
			for _, m := range h.Members {
				if h.knowsSchooling() && c.dropout(m) {
					why = append(why, fmt.Sprintf("%s %d 岁失学辍学", m.Name, m.Age))
				}
			}
			if len(why) > 0 {
				emit(h.H.No, strings.Join(why, "，"))
			}
		},
	},
	{
		ID: "I2-05", Indicator: 2, Severity: High, Subject: Household,
		Title:   "监测户无帮扶措施",
		Explain: "%s 纳入监测，已 %d 个月，风险未消除，仍没有任何帮扶措施（应在 %d 个月内落实）",
		Params:  []policy.Name{policy.MeasureGraceMonths},
		Needs:   []registry.Field{registry.HMeasures},
		Check: func(c *Context, h *House, emit Emit) {
			grace := c.P.Int(policy.MeasureGraceMonths)
			if n, ok := h.MonthsSinceIdentified(c); ok && h.H.Unresolved() && len(h.Active) == 0 && n > grace {
				emit(h.H.No, h.H.IdentifiedOn.Compact(), n, grace)
			}
		},
	},
	{
		ID: "I2-06", Indicator: 2, Severity: High, Subject: Household,
		Title:   "有劳动力的监测户无开发式帮扶措施",
		Explain: "风险未消除的监测户有 %d 名有劳动能力的成员，纳入监测已 %d 个月，帮扶措施（%s）中没有产业、就业、公益岗位或金融等开发式措施",
		Params:  []policy.Name{policy.MeasureGraceMonths},
		Needs:   []registry.Field{registry.HMeasures},
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
	},
	{
		ID: "I2-07", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "有劳动力的监测户仅有综合保障措施",
		Explain: "风险未消除的监测户有 %d 名有劳动能力的成员，帮扶措施只有综合保障，没有开发式帮扶",
		Needs:   []registry.Field{registry.HMeasures},
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Unresolved() || !onlySocialSecurity(h) {
				return
			}
			if able := h.CountMembers(func(m *Member) bool { return m.CanWork }); able > 0 {
				emit(h.H.No, able)
			}
		},
	},
	riskMeasureRule("I2-08", "因病", "健康帮扶或社会帮扶", registry.MeasureHealth, registry.MeasureSocialAid),
	riskMeasureRule("I2-09", "因学", "义务教育保障、教育帮扶或社会帮扶", registry.MeasureCompulsoryEdu, registry.MeasureEducation, registry.MeasureSocialAid),
	riskMeasureRule("I2-10", "因残", "综合保障或社会帮扶", registry.MeasureSocialSecurity, registry.MeasureSocialAid),
	riskMeasureRule("I2-11", "因安全住房", "住房安全保障或搬迁", registry.MeasureHousing, registry.MeasureRelocation),
	riskMeasureRule("I2-12", "因安全饮水", "饮水安全保障", registry.MeasureWater),
	{
		ID: "I2-13", Indicator: 2, Severity: High, Subject: Household,
		Title:   "风险消除过快",
		Explain: "%s 纳入监测，%s 即%s，相隔 %d 个月，少于规定的 %d 个月",
		Params:  []policy.Name{policy.ElimMinMonths, policy.ElimRuleFrom},
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
	},
	{
		ID: "I2-14", Indicator: 2, Severity: High, Subject: Household,
		Title:   "收入仍低于监测范围却已消除风险",
		Explain: "已%s，但 %d 年人均纯收入 %s 元仍低于监测范围 %s 元",
		Params:  []policy.Name{policy.MonitorLine},
		Needs:   []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Check: func(c *Context, h *House, emit Emit) {
			line := c.P.Money(policy.MonitorLine)
			if h.Eliminated() && h.Income != nil && h.PerCapita < line {
				emit(h.H.No, blankAs(h.H.EliminationWay, "消除风险"), h.Income.Year, h.PerCapita, line)
			}
		},
	},
	{
		ID: "I2-15", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "无劳动能力户标注风险已消除",
		Explain: "家庭 %d 名成员均无劳动能力，风险却已标注消除",
		Needs:   []registry.Field{registry.PLabourSkill},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Eliminated() && h.NoLabourAtAll() {
				emit(h.H.No, len(h.Members))
			}
		},
	},
	riskFactRule("I2-16", "因病", "家庭成员中没有长期慢性病或患有大病的人", func(h *House) bool {
		return !h.AnyMember(func(m *Member) bool { return m.Ill })
	}, registry.PHealth),
	riskFactRule("I2-17", "因残", "家庭成员中没有残疾人", func(h *House) bool {
		return !h.AnyMember(func(m *Member) bool { return m.Disabled })
	}, registry.PHealth),
	riskFactRule("I2-18", "因务工就业不稳", "家庭成员中没有有劳动能力的人，或没有人务工", func(h *House) bool {
		return h.NoLabourAtAll() || !h.AnyMember(func(m *Member) bool { return m.Works })
	}, registry.PLabourSkill, registry.PWorkLocation, registry.PWorkMonths, registry.PPostType),
	{
		ID: "I2-19", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "缺劳动力风险与家庭劳动力不符",
		Explain: "风险类型含「缺劳动力」，但家庭 %d 人中 %d 人有劳动能力%s",
		Params:  []policy.Name{policy.LackLabourMinSize, policy.LackLabourAblePct},
		Needs:   []registry.Field{registry.PLabourSkill},
		Check: func(c *Context, h *House, emit Emit) {
			if !h.H.Monitored() || !h.H.HasRisk("缺劳动力") || len(h.Members) == 0 {
				return
			}
			n := len(h.Members)
			able := h.CountMembers(func(m *Member) bool { return m.CanWork })
			switch {
			case able == n:
				emit(h.H.No, n, able, "（全部有劳动能力）")
			case n >= c.P.Int(policy.LackLabourMinSize) && float64(able)*100 >= c.P.Num(policy.LackLabourAblePct)*float64(n):
				emit(h.H.No, n, able, fmt.Sprintf("（%d 人以上的家庭有劳动能力成员占比达到 %s%%）",
					c.P.Int(policy.LackLabourMinSize), trimFloat(c.P.Num(policy.LackLabourAblePct))))
			}
		},
	},
	{
		ID: "I2-20", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "实际困难未列入风险类型",
		Explain: "%s，但风险类型（%s）中没有相应风险",
		Needs:   []registry.Field{registry.HRiskTypes},
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
	},
	{
		ID: "I2-21", Indicator: 2, Severity: Low, Subject: Household,
		Title:   "风险类型缺少说明",
		Explain: "风险类型含「%s」，但没有填写%s",
		Needs:   []registry.Field{registry.HRiskRemark},
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
	},
	{
		ID: "I2-22", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "帮扶消除但无帮扶措施",
		Explain: "风险消除方式为帮扶消除，但没有任何帮扶措施",
		Needs:   []registry.Field{registry.HMeasures},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Eliminated() && h.H.EliminationWay == "帮扶消除" && len(h.Active) == 0 {
				emit(h.H.No)
			}
		},
	},
	{
		ID: "I2-23", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "无劳动能力低保特困户未标注兜底保障",
		Explain: "家庭 %d 名成员均无劳动能力且享受低保或特困供养，但未标注为整户无劳动能力兜底保障户",
		Needs:   []registry.Field{registry.PLabourSkill, registry.HNoLabourSupport},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.NoLabourAtAll() && lowIncome(h) && h.H.NoLabourSupport != registry.Yes {
				emit(h.H.No, len(h.Members))
			}
		},
	},
	{
		ID: "I2-24", Indicator: 2, Severity: Low, Subject: Household,
		Title:   "开发式措施登记为尚未实施",
		Explain: "登记了开发式帮扶措施（%s），但实施开发式帮扶措施情况为「尚未实施」",
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.Monitored() && h.HasDevelopment() && h.H.DevMeasureDone == "尚未实施" {
				emit(h.H.No, measureList(h))
			}
		},
	},
	{
		ID: "I2-25", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "中职高职学生家庭无雨露计划",
		Explain: "%s，家庭却没有雨露计划的教育帮扶措施",
		Needs:   []registry.Field{registry.HMeasures},
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
	},
	{
		ID: "I2-26", Indicator: 2, Severity: Low, Subject: Household,
		Title:   "雨露计划对象不符",
		Explain: "教育帮扶登记了雨露计划，但家庭成员中没有中职或高职在校生",
		Needs:   []registry.Field{registry.PSchoolStatus},
		Check: func(c *Context, h *House, emit Emit) {
			if h.MeasureMentions(registry.MeasureEducation, "雨露计划") && !h.AnyMember(func(m *Member) bool { return vocational(m.SchoolStatus) }) {
				emit(h.H.No)
			}
		},
	},
	{
		ID: "I2-27", Indicator: 2, Severity: High, Subject: Household,
		Title:   "监测户的实际困难未落实对应措施",
		Explain: "%s",
		Params:  []policy.Name{policy.EduAgeMin, policy.EduAgeMax, policy.MeasureGraceMonths},
		Needs:   []registry.Field{registry.HMeasures},
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
	},
	{
		ID: "I2-28", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "有劳动力的监测户仅有象征性开发式措施",
		Explain: "风险未消除的监测户有 %d 名有劳动能力的成员，开发式帮扶措施只有%s，没有实质性的产业、就业、公益岗位或金融帮扶",
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
	},
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

// riskMeasureRule builds a rule that a monitored household with the risk must have one of the
// measures, once its measures are due (an unresolved household without any measure is I2-05's).
func riskMeasureRule(id, risk, need string, measures ...string) *Rule {
	return &Rule{
		ID: id, Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "「" + risk + "」风险无对应帮扶措施",
		Explain: "风险类型含「" + risk + "」，但没有" + need + "措施（现有措施：%s）",
		Params:  []policy.Name{policy.MeasureGraceMonths},
		Needs:   []registry.Field{registry.HMeasures},
		Check: func(c *Context, h *House, emit Emit) {
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
		},
	}
}

// riskFactRule builds a rule that the risk type is contradicted when the household's facts say
// so; needs are the fields those facts come from.
func riskFactRule(id, risk, fact string, contradicted func(*House) bool, needs ...registry.Field) *Rule {
	return &Rule{
		ID: id, Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "「" + risk + "」风险与家庭情况不符",
		Explain: "风险类型含「" + risk + "」，但" + fact,
		Needs:   needs,
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.Monitored() && h.H.HasRisk(risk) && len(h.Members) > 0 && contradicted(h) {
				emit(h.H.No)
			}
		},
	}
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

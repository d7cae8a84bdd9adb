package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/support"
)

// Indicator 4, "四个不摘": responsibility is still carried to every household. A target
// household has a helper in post who visits it as often as its category requires, who the
// family knows, and who follows up a hardship the visit found; the resident work team lives in
// the village; the monitoring grid covers every household and its members know they are grid
// members. The household rules read what internal/support knows about the household (its
// pairings, its latest visit, its grid); a county that keeps no pairings, visits or grids gives
// no fact, and the rules stay silent there. The cadres, work-team members, grids and grid
// members are objects, judged by the object rules below.

// supportFacts returns the domain's facts about the household, or nil.
func supportFacts(h *House) *support.Facts {
	f, _ := h.Fact(support.Domain).(*support.Facts)
	return f
}

// supportBasis is the policy text behind the rules of indicator 4.
const supportBasis = "《关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》：过渡期内严格落实“四个不摘”要求，摘帽不摘责任、不摘政策、不摘帮扶、不摘监管；" +
	"后评估“四个不摘”落实情况指标考察帮扶责任人结对、走访和驻村工作队在岗情况"

// The casebook's support facts.
func supportCase(f *support.Facts) map[string]any { return map[string]any{support.Domain: f} }

func inPostHelper() support.Helper {
	return support.Helper{CadreID: "C1", Name: "王建国", Unit: "县农业农村局", Status: support.InPost, Start: registry.NewDate(2021, 3, 1)}
}

func helperLeft(status string, on registry.Date) support.Helper {
	h := inPostHelper()
	h.Status, h.StatusOn = status, on
	return h
}

func visited(on registry.Date, set ...func(v *support.VisitFact)) *support.VisitFact {
	v := &support.VisitFact{On: on, Way: support.InPerson, Visitor: "王建国", NeedsMet: registry.Yes, Hardship: registry.No,
		KnowsCadre: registry.Yes, KnowsTeam: registry.Yes}
	for _, f := range set {
		f(v)
	}
	return v
}

// helped is a county that keeps pairings and visits, where the household has a helper in post
// and was visited on the day.
func helped(on registry.Date, set ...func(v *support.VisitFact)) *support.Facts {
	return &support.Facts{Pairings: true, Helpers: []support.Helper{inPostHelper()}, Visits: true, Last: visited(on, set...),
		Grids: true, Grid: "一网格"}
}

var ind4Support = []*Rule{
	{
		ID: "I4-01", Indicator: 4, Severity: High, Subject: Household,
		Title:   "帮扶对象无帮扶责任人",
		Explain: "%s，%s",
		Basis:   supportBasis + "；脱贫户和监测对象应逐户落实帮扶责任人",
		Fix:     "为该户确定在岗的帮扶责任人并录入结对关系；结对名单漏登的，按县级结对名单补录",
		Check: func(c *Context, h *House, emit Emit) {
			f := supportFacts(h)
			if f == nil || !f.Pairings || !h.Target || len(f.Active(c.Ref)) > 0 {
				return
			}
			if _, _, departed := f.Handover(c.Ref); departed {
				return // I4-02: a departed helper's household waits for its handover
			}
			what := "脱贫户"
			if h.H.Monitored() {
				what = "监测对象"
			}
			if len(f.Helpers) == 0 {
				emit(h.H.No, what, "没有结对的帮扶责任人")
				return
			}
			emit(h.H.No, what, "与帮扶责任人的结对已解除，没有新的帮扶责任人")
		},
		Cases: []Case{
			{Desc: "脱贫户，有在岗的帮扶责任人", Facts: supportCase(helped(registry.NewDate(2026, 11, 1))), Fires: nil},
			{Desc: "脱贫户，县里有结对名单但本户没有帮扶责任人", Facts: supportCase(&support.Facts{Pairings: true}), Fires: []string{hhNo}},
			{Desc: "监测户，结对已于 2026-05-01 因工作调整解除，没有新的结对", From: monitored,
				Facts: supportCase(&support.Facts{Pairings: true, Helpers: []support.Helper{func() support.Helper {
					h := inPostHelper()
					h.End, h.EndReason = registry.NewDate(2026, 5, 1), "工作调整"
					return h
				}()}}), Fires: []string{hhNo}},
			{Desc: "一般农户，没有帮扶责任人（不是帮扶对象）", From: ordinary, Facts: supportCase(&support.Facts{Pairings: true}), Fires: nil},
			{Desc: "脱贫户，帮扶责任人 2026-11-10 调离（重新结对期限未到，不报告）",
				Facts: supportCase(&support.Facts{Pairings: true, Helpers: []support.Helper{helperLeft(support.Transferred, registry.NewDate(2026, 11, 10))}}), Fires: nil},
			{Desc: "县里没有结对数据（未采集）", Facts: nil, Fires: nil},
		},
	},
	{
		ID: "I4-02", Indicator: 4, Severity: High, Subject: Household,
		Title:   "帮扶责任人离岗后未重新结对",
		Explain: "帮扶责任人%s于 %s %s，已过 %d 天，超过重新结对期限 %d 天，仍未确定新的帮扶责任人",
		Params:  []policy.Name{policy.HandoverDays},
		Basis:   supportBasis + "；帮扶责任人调整的，应做好工作交接，及时明确新的帮扶责任人，确保帮扶不断档",
		Fix:     "为该户确定新的在岗帮扶责任人并办理交接（帮扶手册、户情和在办事项），录入新的结对关系",
		Check: func(c *Context, h *House, emit Emit) {
			f := supportFacts(h)
			if f == nil || !f.Pairings || !h.Target || len(f.Active(c.Ref)) > 0 {
				return
			}
			left, on, departed := f.Handover(c.Ref)
			if !departed {
				return
			}
			days, limit := support.Days(on, c.Ref), c.P.Int(policy.HandoverDays)
			if days > limit {
				how := left.Status
				if how == support.InPost || how == "" {
					how = left.EndReason
				}
				emit(h.H.No, "「"+left.Name+"」", on, how, days, limit)
			}
		},
		Cases: []Case{
			{Desc: "帮扶责任人 2026-10-29 调离（第 30 天，等于期限）",
				Facts: supportCase(&support.Facts{Pairings: true, Helpers: []support.Helper{helperLeft(support.Transferred, registry.NewDate(2026, 10, 29))}}), Fires: nil},
			{Desc: "帮扶责任人 2026-10-28 调离（第 31 天），没有新的帮扶责任人",
				Facts: supportCase(&support.Facts{Pairings: true, Helpers: []support.Helper{helperLeft(support.Transferred, registry.NewDate(2026, 10, 28))}}), Fires: []string{hhNo}},
			{Desc: "帮扶责任人 2026-06-30 退休，结对同日以“退休”解除，没有新的帮扶责任人",
				Facts: supportCase(&support.Facts{Pairings: true, Helpers: []support.Helper{func() support.Helper {
					h := inPostHelper()
					h.End, h.EndReason = registry.NewDate(2026, 6, 30), support.Retired
					return h
				}()}}), Fires: []string{hhNo}},
			{Desc: "帮扶责任人 2026-06-30 去世，7 月已与新的在岗帮扶责任人结对",
				Facts: supportCase(&support.Facts{Pairings: true, Helpers: []support.Helper{helperLeft(support.Deceased, registry.NewDate(2026, 6, 30)),
					{CadreID: "C2", Name: "李明", Status: support.InPost, Start: registry.NewDate(2026, 7, 15)}}}), Fires: nil},
		},
	},
	{
		ID: "I4-03", Indicator: 4, Severity: Medium, Subject: Household,
		Title:   "帮扶对象未按规定频次走访",
		Explain: "%s，走访间隔为 %d 天，%s",
		Params:  []policy.Name{policy.VisitMonitoredDays, policy.VisitOtherDays},
		Reads:   []registry.Field{registry.HCategory, registry.HRiskEliminated},
		Basis:   supportBasis + "；防止返贫动态监测要求帮扶责任人定期走访，风险未消除的监测户每月至少走访一次，其他帮扶对象每季度至少一次（各地可调整）",
		Fix:     "帮扶责任人尽快入户走访，按“两不愁三保障”和饮水、措施落实、新的困难等六项内容填写走访记录；之后按频次走访",
		Check: func(c *Context, h *House, emit Emit) {
			f := supportFacts(h)
			if f == nil || !f.Visits || !h.Target {
				return
			}
			cl := support.ClassOf(h.H.Kind, h.H.Category, h.H.RiskEliminated)
			var last, since registry.Date
			if f.Last != nil {
				last = f.Last.On
			}
			if h.H.Monitored() && !h.H.IdentifiedOn.IsZero() && h.H.IdentifiedOn.Year() == c.Ref.Time().Year() {
				since = h.H.IdentifiedOn.First()
			}
			pl := support.PlanOf(c.P, cl, last, since, c.Ref)
			if !pl.Overdue {
				return
			}
			if last.IsZero() {
				emit(h.H.No, cl.Label(), pl.Interval, fmt.Sprintf("%d 年以来没有走访记录，应在 %s 前走访", c.Ref.Time().Year(), pl.Due))
				return
			}
			emit(h.H.No, cl.Label(), pl.Interval, fmt.Sprintf("最近一次走访在 %s，已 %d 天未走访", last, support.Days(last, c.Ref)))
		},
		Cases: []Case{
			{Desc: "脱贫户，最近一次走访在 2026-08-30（第 90 天）", Facts: supportCase(helped(registry.NewDate(2026, 8, 30))), Fires: nil},
			{Desc: "脱贫户，最近一次走访在 2026-08-29（第 91 天）", Facts: supportCase(helped(registry.NewDate(2026, 8, 29))), Fires: []string{hhNo}},
			{Desc: "监测户（风险未消除），最近一次走访在 2026-10-29（第 30 天）", From: monitored, Facts: supportCase(helped(registry.NewDate(2026, 10, 29))), Fires: nil},
			{Desc: "监测户（风险未消除），最近一次走访在 2026-10-28（第 31 天）", From: monitored, Facts: supportCase(helped(registry.NewDate(2026, 10, 28))), Fires: []string{hhNo}},
			{Desc: "脱贫户，县里有走访记录但本户今年没有", Facts: supportCase(&support.Facts{Visits: true}), Fires: []string{hhNo}},
			{Desc: "一般农户，今年没有走访（按大走访计划，不在此规则）", From: ordinary, Facts: supportCase(&support.Facts{Visits: true}), Fires: nil},
			{Desc: "县里没有走访记录（未采集）", Facts: supportCase(&support.Facts{Pairings: true, Helpers: []support.Helper{inPostHelper()}}), Fires: nil},
		},
	},
	{
		ID: "I4-05", Indicator: 4, Severity: Medium, Subject: Household,
		Title:   "群众不认识帮扶干部",
		Explain: "%s %s走访时，该户表示不认识帮扶干部",
		Basis:   supportBasis + "；后评估入户时询问群众是否认识帮扶干部，不认识的视为帮扶责任未落实",
		Fix:     "帮扶责任人入户与家庭成员见面，留下联系方式和帮扶联系卡，讲清帮扶政策和本户措施；下次走访时再确认",
		Check: func(c *Context, h *House, emit Emit) {
			f := supportFacts(h)
			if f == nil || f.Last == nil || !h.Target || f.Last.KnowsCadre != registry.No {
				return
			}
			emit(h.H.No, f.Last.On, f.Last.Way)
		},
		Cases: []Case{
			{Desc: "最近一次走访时认识帮扶干部", Facts: supportCase(helped(registry.NewDate(2026, 11, 1))), Fires: nil},
			{Desc: "最近一次走访时不认识帮扶干部", Facts: supportCase(helped(registry.NewDate(2026, 11, 1), func(v *support.VisitFact) { v.KnowsCadre = registry.No })), Fires: []string{hhNo}},
			{Desc: "一般农户不认识帮扶干部（一般农户没有帮扶干部）", From: ordinary, Facts: supportCase(helped(registry.NewDate(2026, 11, 1), func(v *support.VisitFact) { v.KnowsCadre = registry.No })), Fires: nil},
			{Desc: "走访时未问是否认识", Facts: supportCase(helped(registry.NewDate(2026, 11, 1), func(v *support.VisitFact) { v.KnowsCadre = registry.Unknown })), Fires: nil},
		},
	},
	{
		ID: "I4-06", Indicator: 4, Severity: Low, Subject: Household,
		Title:   "群众不了解驻村工作队",
		Explain: "%s %s走访时，该户表示不知道驻村工作队",
		Basis:   supportBasis + "；后评估入户时询问群众是否知道驻村工作队、是否到过家里",
		Fix:     "驻村工作队入户走访，向群众介绍工作队成员和职责，公开联系方式",
		Check: func(c *Context, h *House, emit Emit) {
			f := supportFacts(h)
			if f == nil || f.Last == nil || f.Last.KnowsTeam != registry.No {
				return
			}
			emit(h.H.No, f.Last.On, f.Last.Way)
		},
		Cases: []Case{
			{Desc: "最近一次走访时知道驻村工作队", Facts: supportCase(helped(registry.NewDate(2026, 11, 1))), Fires: nil},
			{Desc: "最近一次电话走访时表示不知道驻村工作队", Facts: supportCase(helped(registry.NewDate(2026, 11, 1), func(v *support.VisitFact) {
				v.KnowsTeam, v.Way = registry.No, support.ByPhone
			})), Fires: []string{hhNo}},
		},
	},
	{
		ID: "I4-07", Indicator: 4, Severity: High, Subject: Household,
		Title:   "走访发现困难未跟进",
		Explain: "%s 走访发现%s，已过 %d 天，超过跟进期限 %d 天，其后没有再次走访，也没有新的帮扶措施",
		Params:  []policy.Name{policy.VisitFollowUpDays},
		Reads:   []registry.Field{registry.HMeasures},
		Basis: supportBasis + "；《关于健全防止返贫动态监测和帮扶机制的指导意见》要求对走访中发现的风险和困难及时核实、及时帮扶，" +
			"做到早发现、早干预、早帮扶",
		Fix: "帮扶责任人再次入户核实困难，能当场解决的解决，符合条件的按程序纳入监测或落实救助、帮扶措施，并在走访记录中写明处理结果",
		Check: func(c *Context, h *House, emit Emit) {
			f := supportFacts(h)
			if f == nil || f.Last == nil || f.Last.Problem == "" {
				return
			}
			days, limit := support.Days(f.Last.On, c.Ref), c.P.Int(policy.VisitFollowUpDays)
			if days <= limit {
				return
			}
			for i := range h.Measures {
				if m := &h.Measures[i]; !m.Start.IsZero() && !m.Start.Before(f.Last.On) {
					return
				}
			}
			emit(h.H.No, f.Last.On, f.Last.Problem, days, limit)
		},
		Cases: []Case{
			{Desc: "最近一次走访（2026-11-01）一切正常", Facts: supportCase(helped(registry.NewDate(2026, 11, 1))), Fires: nil},
			{Desc: "2026-11-13 走访发现新的困难（第 15 天，期限未过）", Facts: supportCase(helped(registry.NewDate(2026, 11, 13), func(v *support.VisitFact) {
				v.Hardship, v.Problem = registry.Yes, "有新的困难（妻子住院）"
			})), Fires: nil},
			{Desc: "2026-11-12 走访发现新的困难（第 16 天），其后没有走访和措施", Facts: supportCase(helped(registry.NewDate(2026, 11, 12), func(v *support.VisitFact) {
				v.Hardship, v.Problem = registry.Yes, "有新的困难（妻子住院）"
			})), Fires: []string{hhNo}},
			{Desc: "2026-10-01 走访发现住房有问题，2026-10-20 落实了住房安全保障措施", Set: func(a *registry.Aggregate) {
				a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: 9, Type: registry.MeasureHousing, Description: "危房改造",
					Start: registry.NewDate(2026, 10, 20)})
			}, Facts: supportCase(helped(registry.NewDate(2026, 10, 1), func(v *support.VisitFact) {
				v.NeedsMet, v.Problem = registry.No, "“两不愁三保障”或饮水安全有问题（住房漏雨）"
			})), Fires: nil},
		},
	},
	{
		ID: "I4-08", Indicator: 4, Severity: High, Subject: Household,
		Title:   "大额医疗支出户未及时走访",
		Explain: "%d 年合规自付医疗支出 %s 元，超过%s预警线 %s 元，%s，超过大额医疗支出户的走访间隔 %d 天",
		Params:  []policy.Name{policy.MedicalTriggerLow, policy.MedicalTrigger, policy.VisitMedicalDays},
		Reads:   []registry.Field{registry.IMedicalOOP, registry.HDibao, registry.HTekun, registry.PDibao, registry.PTekun},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》：对因病等刚性支出较大的农户及时入户核实；医保部门推送的大额医疗支出线索应逐户走访" +
			"（预警线同 I1-07）",
		Fix: "帮扶责任人或村干部尽快入户，核实医疗费用、报销和家庭收入，符合条件的纳入监测或落实医疗救助；之后按间隔走访",
		Check: func(c *Context, h *House, emit Emit) {
			f := supportFacts(h)
			if f == nil || !f.Visits || h.Income == nil || h.Income.Year < c.Year-1 {
				return
			}
			if h.H.Monitored() && h.H.RiskEliminated != registry.Yes {
				return // visited monthly already (I4-03)
			}
			trigger, who := c.P.Money(policy.MedicalTrigger), "一般农户"
			if lowIncome(h) {
				trigger, who = c.P.Money(policy.MedicalTriggerLow), "低保特困户"
			}
			if h.Income.MedicalOOP <= trigger {
				return
			}
			limit := c.P.Int(policy.VisitMedicalDays)
			if f.Last == nil {
				emit(h.H.No, h.Income.Year, h.Income.MedicalOOP, who, trigger, "没有走访记录", limit)
				return
			}
			if days := support.Days(f.Last.On, c.Ref); days > limit {
				emit(h.H.No, h.Income.Year, h.Income.MedicalOOP, who, trigger, fmt.Sprintf("最近一次走访在 %s，已 %d 天", f.Last.On, days), limit)
			}
		},
		Cases: []Case{
			{Desc: "合规自付医疗支出 30,000 元，2026-10-29 走访过（第 30 天）", Set: medicalCost(30000), Facts: supportCase(helped(registry.NewDate(2026, 10, 29))), Fires: nil},
			{Desc: "合规自付医疗支出 30,000 元，最近一次走访在 2026-10-28（第 31 天）", Set: medicalCost(30000), Facts: supportCase(helped(registry.NewDate(2026, 10, 28))), Fires: []string{hhNo}},
			{Desc: "一般农户，合规自付医疗支出 30,000 元，没有走访记录", From: ordinary, Set: medicalCost(30000), Facts: supportCase(&support.Facts{Visits: true}), Fires: []string{hhNo}},
			{Desc: "合规自付医疗支出 3,000 元，半年未走访（不是大额医疗支出户）", Set: medicalCost(3000), Facts: supportCase(helped(registry.NewDate(2026, 5, 1))), Fires: nil},
		},
	},
	{
		ID: "I4-12", Indicator: 4, Severity: Medium, Subject: Household,
		Title:   "农户未划入网格",
		Explain: "本村已划分网格，该户不在任何网格内",
		Basis:   "《关于健全防止返贫动态监测和帮扶机制的指导意见》：发挥网格化管理作用，网格员定期走访，及时发现和报告返贫致贫风险；网格应覆盖全部农户",
		Fix:     "把该户划入所在片区的网格，告知网格员，并更新网格划分台账",
		Check: func(c *Context, h *House, emit Emit) {
			if f := supportFacts(h); f != nil && f.Grids && f.Grid == "" {
				emit(h.H.No)
			}
		},
		Cases: []Case{
			{Desc: "农户在“一网格”", Facts: supportCase(helped(registry.NewDate(2026, 11, 1))), Fires: nil},
			{Desc: "县里已划分网格，该户不在任何网格", Facts: supportCase(&support.Facts{Grids: true}), Fires: []string{hhNo}},
			{Desc: "一般农户不在任何网格", From: ordinary, Facts: supportCase(&support.Facts{Grids: true}), Fires: []string{hhNo}},
			{Desc: "县里没有网格数据（未采集）", Facts: supportCase(&support.Facts{Visits: true, Last: visited(registry.NewDate(2026, 11, 1))}), Fires: nil},
		},
	},
}

// The object rules of indicator 4: cadres, work-team members, grids and grid members.
var _ = registerObjects(
	&ObjectRule{
		ID: "I4-04", Indicator: 4, Severity: Low, Kind: support.KindCadre,
		Title:   "帮扶责任人结对户数过多",
		Explain: "%s结对帮扶 %d 户，超过每人 %d 户的上限",
		Params:  []policy.Name{policy.HelperMaxHouses},
		Basis:   supportBasis + "；各地规定每名帮扶责任人结对帮扶户数原则上不超过 5 户（各地可调整）",
		Fix:     "把超出的户调整给同单位或本村的其他帮扶责任人，并办理交接",
		Check: func(c *Context, o Object, emit Emit) {
			cd := o.(*support.CadreObject)
			if max := c.P.Int(policy.HelperMaxHouses); cd.InPost() && cd.Households > max {
				emit(o.ID(), o.Label(), cd.Households, max)
			}
		},
		Cases: []ObjectCase{
			{Desc: "在岗帮扶责任人结对 5 户（等于上限）", Object: func() Object { return cadreObj(support.InPost, 5) }, Fires: false},
			{Desc: "在岗帮扶责任人结对 6 户", Object: func() Object { return cadreObj(support.InPost, 6) }, Fires: true},
			{Desc: "已调离的帮扶责任人名下仍有 6 户（由 I4-02 逐户报告）", Object: func() Object { return cadreObj(support.Transferred, 6) }, Fires: false},
		},
	},
	&ObjectRule{
		ID: "I4-09", Indicator: 4, Severity: Medium, Kind: support.KindMember,
		Title:   "驻村工作队员在村天数不足",
		Explain: "%s %s，低于每月在村 %d 天的要求（已扣除批准的请假天数）",
		Params:  []policy.Name{policy.TeamDaysMin},
		Basis:   "《关于向重点乡村持续选派驻村第一书记和工作队的意见》：驻村干部原则上吃住在村，每月在村时间不少于 20 天（各地可调整）；请假须经批准",
		Fix:     "派出单位和乡镇督促队员按要求在村工作；确因工作外出的补办审批手续，考勤如实登记",
		Check: func(c *Context, o Object, emit Emit) {
			m := o.(*support.MemberObject)
			need := c.P.Int(policy.TeamDaysMin)
			var short []string
			for _, mc := range m.Months(need, c.Year, c.RefMonth()) {
				if !mc.Met {
					s := fmt.Sprintf("%d 年 %d 月在村 %d 天", mc.Month.Year(), mc.Month.Index()%12+1, mc.Days)
					if mc.Leave > 0 {
						s += fmt.Sprintf("（请假 %d 天）", mc.Leave)
					}
					short = append(short, s)
				}
			}
			if len(short) > 0 {
				emit(o.ID(), o.Label(), joinCN(short), need)
			}
		},
		Cases: []ObjectCase{
			{Desc: "队员 10 月在村 20 天", Object: func() Object { return memberObj(att(10, 20)) }, Fires: false},
			{Desc: "队员 10 月在村 19 天，没有请假", Object: func() Object { return memberObj(att(10, 19)) }, Fires: true},
			{Desc: "队员 10 月在村 17 天，经批准请假 3 天", Object: func() Object {
				m := memberObj(att(10, 17))
				m.Leaves = []support.Leave{leave(registry.NewDate(2026, 10, 8), registry.NewDate(2026, 10, 10), support.LeaveApproved, support.ApproveTownship)}
				return m
			}, Fires: false},
			{Desc: "队员本月（11 月，尚未结束）在村 10 天", Object: func() Object { return memberObj(att(11, 10)) }, Fires: false},
			{Desc: "队员 2026-10-20 才到村，10 月在村 9 天（不满一个月）", Object: func() Object {
				m := memberObj(att(10, 9))
				m.Start = registry.NewDate(2026, 10, 20)
				return m
			}, Fires: false},
		},
	},
	&ObjectRule{
		ID: "I4-10", Indicator: 4, Severity: High, Kind: support.KindMember,
		Title:   "驻村工作队员暗访不在岗",
		Explain: "%s在 %s 的随机暗访中不在村，当天没有经批准的请假",
		Basis:   "《关于向重点乡村持续选派驻村第一书记和工作队的意见》：建立驻村干部考勤、请销假和随机抽查制度，对擅自离岗的严肃处理",
		Fix:     "派出单位和乡镇核实原因：擅自离岗的批评教育、按规定处理并召回整改；确有公务外出的补办手续",
		Check: func(c *Context, o Object, emit Emit) {
			m := o.(*support.MemberObject)
			var days []string
			for _, d := range m.Absent {
				if d.Time().Year() != c.Year {
					continue
				}
				covered := false
				for i := range m.Leaves {
					covered = covered || m.Leaves[i].Covers(d)
				}
				if !covered {
					days = append(days, d.String())
				}
			}
			if len(days) > 0 {
				emit(o.ID(), o.Label(), joinCN(days))
			}
		},
		Cases: []ObjectCase{
			{Desc: "2026-10-15 暗访时在岗", Object: func() Object { return memberObj() }, Fires: false},
			{Desc: "2026-10-15 暗访时不在村，没有请假", Object: func() Object {
				m := memberObj()
				m.Absent = []registry.Date{registry.NewDate(2026, 10, 15)}
				return m
			}, Fires: true},
			{Desc: "2026-10-15 暗访时不在村，10-14 至 10-16 经批准请假", Object: func() Object {
				m := memberObj()
				m.Absent = []registry.Date{registry.NewDate(2026, 10, 15)}
				m.Leaves = []support.Leave{leave(registry.NewDate(2026, 10, 14), registry.NewDate(2026, 10, 16), support.LeaveApproved, support.ApproveTownship)}
				return m
			}, Fires: false},
			{Desc: "2026-10-15 暗访时不在村，请假未获批准", Object: func() Object {
				m := memberObj()
				m.Absent = []registry.Date{registry.NewDate(2026, 10, 15)}
				m.Leaves = []support.Leave{leave(registry.NewDate(2026, 10, 14), registry.NewDate(2026, 10, 16), support.LeaveRefused, support.ApproveTownship)}
				return m
			}, Fires: true},
		},
	},
	&ObjectRule{
		ID: "I4-11", Indicator: 4, Severity: Medium, Kind: support.KindMember,
		Title:   "驻村工作队员请假未经批准或越权审批",
		Explain: "%s%s",
		Params:  []policy.Name{policy.TeamLeaveDays},
		Basis:   "驻村干部请销假制度（各地规定）：请假 3 天以内由乡镇批准，3 天以上由县级组织部门或派出单位批准；未经批准不得离村",
		Fix:     "补办审批手续（超出乡镇权限的报县级审批），并如实登记销假；擅自离岗的按规定处理",
		Check: func(c *Context, o Object, emit Emit) {
			m := o.(*support.MemberObject)
			limit := c.P.Int(policy.TeamLeaveDays)
			var out []string
			for i := range m.Leaves {
				l := &m.Leaves[i]
				if l.To.Time().Year() != c.Year && l.From.Time().Year() != c.Year {
					continue
				}
				switch {
				case l.State == support.LeavePending && !c.Ref.Before(l.From):
					out = append(out, fmt.Sprintf("%s 起请假 %d 天，至今未获批准", l.From, l.Days()))
				case l.OverLevel(c.P):
					out = append(out, fmt.Sprintf("%s 起请假 %d 天，超过乡镇可批准的 %d 天，却由乡镇批准", l.From, l.Days(), limit))
				}
			}
			if len(out) > 0 {
				emit(o.ID(), o.Label()+"：", strings.Join(out, "；"))
			}
		},
		Cases: []ObjectCase{
			{Desc: "请假 3 天，乡镇批准", Object: func() Object {
				m := memberObj()
				m.Leaves = []support.Leave{leave(registry.NewDate(2026, 10, 8), registry.NewDate(2026, 10, 10), support.LeaveApproved, support.ApproveTownship)}
				return m
			}, Fires: false},
			{Desc: "请假 4 天，乡镇批准", Object: func() Object {
				m := memberObj()
				m.Leaves = []support.Leave{leave(registry.NewDate(2026, 10, 8), registry.NewDate(2026, 10, 11), support.LeaveApproved, support.ApproveTownship)}
				return m
			}, Fires: true},
			{Desc: "请假 7 天，县级批准", Object: func() Object {
				m := memberObj()
				m.Leaves = []support.Leave{leave(registry.NewDate(2026, 10, 8), registry.NewDate(2026, 10, 14), support.LeaveApproved, support.ApproveCounty)}
				return m
			}, Fires: false},
			{Desc: "2026-11-20 起的请假仍待审批", Object: func() Object {
				m := memberObj()
				m.Leaves = []support.Leave{leave(registry.NewDate(2026, 11, 20), registry.NewDate(2026, 11, 21), support.LeavePending, "")}
				return m
			}, Fires: true},
			{Desc: "2026-12-05 起的请假待审批（尚未开始）", Object: func() Object {
				m := memberObj()
				m.Leaves = []support.Leave{leave(registry.NewDate(2026, 12, 5), registry.NewDate(2026, 12, 6), support.LeavePending, "")}
				return m
			}, Fires: false},
		},
	},
	&ObjectRule{
		ID: "I4-13", Indicator: 4, Severity: Medium, Kind: support.KindGrid,
		Title:   "网格没有网格员",
		Explain: "%s有 %d 户，没有网格员",
		Basis:   "《关于健全防止返贫动态监测和帮扶机制的指导意见》：发挥网格化管理作用，每个网格明确网格员，定期走访、及时报告风险",
		Fix:     "为该网格确定网格员（村干部、党员或村民小组长），并请其在系统中确认",
		Check: func(c *Context, o Object, emit Emit) {
			if g := o.(*support.GridObject); g.Members == 0 {
				emit(o.ID(), o.Label(), g.Households)
			}
		},
		Cases: []ObjectCase{
			{Desc: "网格有 45 户、1 名网格员", Object: func() Object { return gridObj(45, 1) }, Fires: false},
			{Desc: "网格有 45 户、没有网格员", Object: func() Object { return gridObj(45, 0) }, Fires: true},
		},
	},
	&ObjectRule{
		ID: "I4-14", Indicator: 4, Severity: Medium, Kind: support.KindGridMember,
		Title:   "网格员未确认网格员身份",
		Explain: "%s尚未确认自己的网格员身份",
		Basis:   "后评估发现有的网格员“不知道自己是网格员”；网格员应知晓并确认自己的网格、职责和联系的农户",
		Fix:     "告知本人所负责的网格、农户和职责，请其登录系统（我的走访）确认网格员身份，或由村里收集本人签字确认",
		Check: func(c *Context, o Object, emit Emit) {
			if g := o.(*support.GridMemberObject); g.Confirmed.IsZero() {
				emit(o.ID(), o.Label())
			}
		},
		Cases: []ObjectCase{
			{Desc: "网格员 2026-03-02 已确认", Object: func() Object { return gridMemberObj(registry.NewDate(2026, 3, 2)) }, Fires: false},
			{Desc: "网格员未确认", Object: func() Object { return gridMemberObj(registry.Date{}) }, Fires: true},
		},
	},
	&ObjectRule{
		ID: "I4-15", Indicator: 4, Severity: Low, Kind: support.KindGrid,
		Title:   "网格户数超出规定范围",
		Explain: "%s有 %d 户，%s",
		Params:  []policy.Name{policy.GridMin, policy.GridMax},
		Basis:   "网格化管理规定（各地）：每个网格一般 20 至 100 户，便于网格员熟悉每户情况；户数不足 20 户的小村可只设一个网格",
		Fix:     "户数过多的网格拆分，过少的与本村相邻网格合并，并调整网格员",
		Check: func(c *Context, o Object, emit Emit) {
			g := o.(*support.GridObject)
			lo, hi := c.P.Int(policy.GridMin), c.P.Int(policy.GridMax)
			switch {
			case g.Households > hi:
				emit(o.ID(), o.Label(), g.Households, fmt.Sprintf("超过每个网格 %d 户的上限，应拆分", hi))
			case g.Households < lo && g.VillageGrids > 1:
				emit(o.ID(), o.Label(), g.Households, fmt.Sprintf("不足每个网格 %d 户的下限，可与本村相邻网格合并", lo))
			}
		},
		Cases: []ObjectCase{
			{Desc: "村里两个网格，其一 20 户（等于下限）", Object: func() Object { return gridObj(20, 1) }, Fires: false},
			{Desc: "网格 100 户（等于上限）", Object: func() Object { return gridObj(100, 1) }, Fires: false},
			{Desc: "村里两个网格，其一 19 户", Object: func() Object { return gridObj(19, 1) }, Fires: true},
			{Desc: "全村只有 12 户、一个网格", Object: func() Object {
				g := gridObj(12, 1)
				g.VillageGrids = 1
				return g
			}, Fires: false},
			{Desc: "网格 101 户", Object: func() Object { return gridObj(101, 1) }, Fires: true},
		},
	},
)

// The casebook's objects.

func cadreObj(status string, households int) *support.CadreObject {
	c := &support.CadreObject{Cadre: support.Cadre{ID: "C1", County: region.Code(village).County(), Region: village, Name: "王建国",
		Unit: "县农业农村局", Status: status}, Households: households}
	if status != support.InPost {
		c.StatusOn = registry.NewDate(2026, 9, 1)
	}
	return c
}

func memberObj(att ...support.Attendance) *support.MemberObject {
	return &support.MemberObject{Member: support.Member{ID: "M1", TeamID: "T1", Village: village, CadreID: "C9", Name: "赵刚",
		Role: support.TeamMember, Start: registry.NewDate(2025, 6, 1)}, Team: "驻村工作队", Attendance: att}
}

func att(month, days int) support.Attendance {
	return support.Attendance{MemberID: "M1", Month: registry.NewMonth(2026, time.Month(month)), Days: days}
}

func leave(from, to registry.Date, state, level string) support.Leave {
	return support.Leave{ID: "L1", MemberID: "M1", Village: village, From: from, To: to, State: state, ApproverLevel: level}
}

func gridObj(households, members int) *support.GridObject {
	return &support.GridObject{Grid: support.Grid{ID: "G1", Village: village, Name: "一网格"}, Households: households, Members: members, VillageGrids: 2}
}

func gridMemberObj(confirmed registry.Date) *support.GridMemberObject {
	return &support.GridMemberObject{GridMember: support.GridMember{GridID: "G1", CadreID: "C5", Name: "孙丽", Role: support.GridWorker,
		Confirmed: confirmed}, GridName: "一网格", Village: village}
}

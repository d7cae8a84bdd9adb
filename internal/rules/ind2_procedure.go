package rules

import (
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/procedure"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 2, the monitoring procedure (监测对象识别和风险消除程序): a lead is verified at the
// household within days, a household is identified within 15 days of the first lead, the
// township reviews once the notice ends, and the county's decision is entered into the
// national system. Each rule judges one procedure (internal/procedure) at the screening's
// reference date; a procedure ended early (不予纳入) owes nothing more.
var _ = registerObjects(
	&ObjectRule{
		ID: "I2-41", Indicator: 2, Severity: Medium, Kind: procedure.KindObject,
		Title:   "发现线索后逾期未入户核实",
		Explain: "%s于 %s 发现线索（%s），至今未入户核实，已超过核实期限 %s",
		Params:  []policy.Name{policy.ProcVisitDays},
		Basis: "防止返贫动态监测要求对农户申请、部门预警和排查发现的线索及时入户核实（核实家庭收入支出、“三保障”和饮水安全等情况）；" +
			"核实期限是本省的工作要求（默认发现线索后 5 天内）",
		Fix: "由村“两委”和驻村工作队（帮扶责任人）立即入户核实，在监测程序中登记入户核实的日期、核实人和核实情况；核实不符合条件的登记终止理由",
		Cases: []ObjectCase{
			{Desc: "11 月 23 日发现线索，今天（11 月 28 日）满 5 天，尚未核实", Object: procCase(procLead(11, 23))},
			{Desc: "11 月 22 日发现线索，至今未核实（期限 11 月 27 日）", Object: procCase(procLead(11, 22)), Fires: true},
			{Desc: "11 月 1 日发现线索，11 月 3 日已入户核实", Object: procCase(procLead(11, 1), procSteps(1))},
			{Desc: "11 月 1 日发现线索，入户核实不符合条件，已终止", Object: procCase(procLead(11, 1), func(p *procedure.Procedure) {
				p.ClosedOn, p.CloseReason = procDay(11, 2), "人均纯收入 1.2 万元，不符合纳入条件"
			})},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*procedure.Object).Procedure
			if l, late := p.Lateness(c.P, procedure.Visit, c.Ref); late && l.Done.IsZero() {
				emit(p.ID, o.Label(), p.LeadOn.String(), p.Source, l.Due.String())
			}
		},
	},
	&ObjectRule{
		ID: "I2-42", Indicator: 2, Severity: High, Kind: procedure.KindObject,
		Title:   "监测对象识别超过规定时限",
		Explain: "%s于 %s 发现线索，%s，超过识别时限 %s",
		Params:  []policy.Name{policy.IdentDeadlineDays},
		Basis: "《关于健全防止返贫动态监测和帮扶机制的指导意见》：监测对象经农户申请（或排查预警）、入户核实、村级民主评议、村内公示、乡镇审核、县级审定等程序识别，" +
			"从发现线索到识别纳入原则上不超过 15 天（后评估“防止返贫监测”指标：识别不及时）",
		Fix: "督促村、乡镇按程序尽快完成民主评议、公示和审核，由县级审定；今后对新发现的线索倒排时间，确保 15 天内完成识别。已超时完成的，在档案中说明原因",
		Cases: []ObjectCase{
			{Desc: "11 月 13 日发现线索，今天（11 月 28 日）满 15 天，尚在公示", Object: procCase(procLead(11, 13), procSteps(3))},
			{Desc: "11 月 12 日发现线索，至今未经县级审定（期限 11 月 27 日）", Object: procCase(procLead(11, 12), procSteps(3)), Fires: true},
			{Desc: "11 月 1 日发现线索，11 月 16 日县级审定（第 15 天）", Object: procCase(procLead(11, 1), procSteps(5), procCountyOn(11, 16))},
			{Desc: "11 月 1 日发现线索，11 月 17 日才县级审定（第 16 天）", Object: procCase(procLead(11, 1), procSteps(5), procCountyOn(11, 17)), Fires: true},
			{Desc: "风险消除程序 11 月 1 日启动，未审定：不适用 15 天的识别时限", Object: procCase(procLead(11, 1), procSteps(3), procEliminate)},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*procedure.Object).Procedure
			l, late := p.Lateness(c.P, procedure.County, c.Ref)
			if !late {
				return
			}
			what := "至今未经县级审定"
			if !l.Done.IsZero() {
				what = l.Done.String() + " 才经县级审定"
			}
			emit(p.ID, o.Label(), p.LeadOn.String(), what, l.Due.String())
		},
	},
	&ObjectRule{
		ID: "I2-43", Indicator: 2, Severity: Medium, Kind: procedure.KindObject,
		Title:   "公示期满后乡镇逾期未审核",
		Explain: "%s的村内公示 %s 期满，乡镇至今未审核，已超过审核期限 %s",
		Params:  []policy.Name{policy.ProcTownshipDays},
		Basis:   "村内公示无异议后报乡镇人民政府审核；审核期限是本省的工作要求（默认公示期满后 3 天内）",
		Fix:     "乡镇及时审核公示无异议的名单，报县级审定，并在监测程序中登记审核日期和经办人",
		Cases: []ObjectCase{
			{Desc: "公示 11 月 21 日至 25 日，今天（11 月 28 日）是期满后第 3 天", Object: procCase(procLead(11, 17), procSteps(3), procNotice(11, 21, 11, 25))},
			{Desc: "公示 11 月 20 日至 24 日，至今未审核（期限 11 月 27 日）", Object: procCase(procLead(11, 17), procSteps(3), procNotice(11, 20, 11, 24)), Fires: true},
			{Desc: "公示 11 月 5 日至 9 日，11 月 10 日乡镇已审核", Object: procCase(procLead(11, 1), procSteps(4))},
			{Desc: "尚未公示", Object: procCase(procLead(11, 1), procSteps(2))},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*procedure.Object).Procedure
			if l, late := p.Lateness(c.P, procedure.Township, c.Ref); late && l.Done.IsZero() {
				emit(p.ID, o.Label(), p.Record(procedure.Notice).End().String(), l.Due.String())
			}
		},
	},
	&ObjectRule{
		ID: "I2-44", Indicator: 2, Severity: Medium, Kind: procedure.KindObject,
		Title:   "县级审定后逾期未录入全国系统",
		Explain: "%s已于 %s 经县级审定，至今未录入全国防返贫监测信息系统，已超过录入期限 %s",
		Params:  []policy.Name{policy.ProcEntryDays},
		Basis: "县级审定的监测对象（和风险消除的对象）应及时录入全国防返贫监测信息系统，系统内外的名单一致；" +
			"录入期限是本省的工作要求（默认审定后 5 天内）",
		Fix: "县级行业部门或乡镇信息员把审定结果录入全国防返贫监测信息系统，并在监测程序中登记录入日期",
		Cases: []ObjectCase{
			{Desc: "11 月 23 日县级审定，今天（11 月 28 日）满 5 天，未录入", Object: procCase(procLead(11, 10), procSteps(5), procCountyOn(11, 23))},
			{Desc: "11 月 22 日县级审定，至今未录入（期限 11 月 27 日）", Object: procCase(procLead(11, 10), procSteps(5), procCountyOn(11, 22)), Fires: true},
			{Desc: "风险消除 11 月 12 日县级审定，至今未录入", Object: procCase(procLead(11, 1), procSteps(5), procEliminate), Fires: true},
			{Desc: "已录入全国系统", Object: procCase(procLead(11, 1), procSteps(6))},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*procedure.Object).Procedure
			if l, late := p.Lateness(c.P, procedure.Entry, c.Ref); late && l.Done.IsZero() {
				emit(p.ID, o.Label(), p.Record(procedure.County).On.String(), l.Due.String())
			}
		},
	},
)

func procDay(m, d int) registry.Date { return registry.NewDate(2026, time.Month(m), d) }

// procCase is an identification of an edge household (户 H1) from a visit's lead on 11-01 with
// no step recorded, changed by the options in order.
func procCase(opts ...func(*procedure.Procedure)) func() Object {
	return func() Object {
		p := procedure.Procedure{ID: "JC01", County: "621121000000", Village: village, HouseholdNo: hhNo, Kind: procedure.Identify,
			Category: registry.MonEdge, Source: "入户走访发现", LeadOn: procDay(11, 1)}
		for _, o := range opts {
			o(&p)
		}
		return &procedure.Object{Procedure: p}
	}
}

func procLead(m, d int) func(*procedure.Procedure) {
	return func(p *procedure.Procedure) { p.LeadOn = procDay(m, d) }
}

// procSteps records the first n steps in time, counted from the lead: the visit on day 2, the
// review on day 3, the notice from day 4 to day 8, the township on day 9, the county on day
// 11, the entry on day 13.
func procSteps(n int) func(*procedure.Procedure) {
	return func(p *procedure.Procedure) {
		at := func(d int) registry.Date { return procedure.AddDays(p.LeadOn, d) }
		all := []procedure.Record{{Step: procedure.Visit, On: at(2)}, {Step: procedure.Review, On: at(3)},
			{Step: procedure.Notice, On: at(4), Until: at(8)}, {Step: procedure.Township, On: at(9)},
			{Step: procedure.County, On: at(11)}, {Step: procedure.Entry, On: at(13)}}
		p.Steps = all[:n]
		for i := range p.Steps {
			p.Steps[i].By = "经办人"
		}
	}
}

func procNotice(m1, d1, m2, d2 int) func(*procedure.Procedure) {
	return func(p *procedure.Procedure) {
		p.Steps[procedure.Notice].On, p.Steps[procedure.Notice].Until = procDay(m1, d1), procDay(m2, d2)
	}
}

func procCountyOn(m, d int) func(*procedure.Procedure) {
	return func(p *procedure.Procedure) { p.Steps[procedure.County].On = procDay(m, d) }
}

func procEliminate(p *procedure.Procedure) {
	p.Kind, p.Category, p.StableSince = procedure.Eliminate, registry.MonUnstable, procDay(3, 1)
}

package rules

import (
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 9: income and expenditure change, and income records that cannot be right.
var ind9 = []*Rule{
	{
		ID: "I9-01", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "人均纯收入较上年大幅下降",
		Explain: "%d 年人均纯收入 %s 元，比 %d 年的 %s 元下降 %s%%（下降 %s%% 即预警）",
		Params:  []policy.Name{policy.IncomeDropPct},
		Needs:   []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target || h.Prev == nil || h.PrevPC <= 0 {
				return
			}
			pct := c.P.Num(policy.IncomeDropPct)
			drop := float64(h.PrevPC-h.PerCapita) * 100 / float64(h.PrevPC)
			if drop >= pct {
				emit(h.H.No, h.Income.Year, h.PerCapita, h.Prev.Year, h.PrevPC, trimFloat(drop), trimFloat(pct))
			}
		},
	},
	{
		ID: "I9-02", Indicator: 9, Severity: High, Subject: Household,
		Title:   "人均纯收入降至监测范围以下",
		Explain: "%d 年人均纯收入 %s 元，低于监测范围 %s 元（%d 年为 %s 元）",
		Params:  []policy.Name{policy.MonitorLine},
		Needs:   []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Check: func(c *Context, h *House, emit Emit) {
			line := c.P.Money(policy.MonitorLine)
			if h.Target && h.Prev != nil && h.PrevPC >= line && h.PerCapita < line {
				emit(h.H.No, h.Income.Year, h.PerCapita, line, h.Prev.Year, h.PrevPC)
			}
		},
	},
	{
		ID: "I9-03", Indicator: 9, Severity: Low, Subject: Household,
		Title:   "主要收入来源发生变化",
		Explain: "主要收入来源由 %d 年的%s变为 %d 年的%s",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target || h.Prev == nil {
				return
			}
			was, now := mainSource(h.Prev), mainSource(h.Income)
			if was != "" && now != "" && was != now {
				emit(h.H.No, h.Prev.Year, was, h.Income.Year, now)
			}
		},
	},
	{
		ID: "I9-04", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "工资性收入异常偏低",
		Explain: "%d 年工资性收入只有 %s 元（大于 0 且不超过 %s 元），请核实",
		Params:  []policy.Name{policy.WageLowMax},
		Check: func(c *Context, h *House, emit Emit) {
			max := c.P.Money(policy.WageLowMax)
			if h.Target && h.Income != nil && h.Income.Wages > 0 && h.Income.Wages <= max {
				emit(h.H.No, h.Income.Year, h.Income.Wages, max)
			}
		},
	},
	{
		ID: "I9-05", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "家庭纯收入为负",
		Explain: "%d 年家庭纯收入为 %s 元（生产经营性支出 %s 元超过了各项收入之和）",
		Needs:   []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Income != nil && h.Income.Net() < 0 {
				emit(h.H.No, h.Income.Year, h.Income.Net(), h.Income.BusinessExpense)
			}
		},
	},
	{
		ID: "I9-06", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "有工资性收入但无人务工",
		Explain: "%d 年工资性收入 %s 元，但家庭成员都没有务工时间、务工地点或公益性岗位",
		Needs:   []registry.Field{registry.PWorkLocation, registry.PWorkMonths, registry.PPostType},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Income != nil && h.Income.Wages > 0 && len(h.Members) > 0 && !h.AnyMember(func(m *Member) bool { return m.Works }) {
				emit(h.H.No, h.Income.Year, h.Income.Wages)
			}
		},
	},
	{
		ID: "I9-07", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "新识别监测户收入过高",
		Explain: "%s 纳入监测，%d 年人均纯收入 %s 元，高于 %s 元，识别依据存疑",
		Params:  []policy.Name{policy.IdentIncomeMax, policy.IdentIncomeFrom},
		Check: func(c *Context, h *House, emit Emit) {
			hh := h.H
			if !hh.Monitored() || hh.IdentifiedOn.IsZero() || hh.IdentifiedOn.Year() < c.P.Int(policy.IdentIncomeFrom) {
				return
			}
			in, pc := h.Income, h.PerCapita
			if at := h.Aggregate.Income(hh.IdentifiedOn.Year()); at != nil {
				in, pc = at, h.perCapita(at)
			}
			if max := c.P.Money(policy.IdentIncomeMax); in != nil && pc > max {
				emit(hh.No, hh.IdentifiedOn.Compact(), in.Year, pc, max)
			}
		},
	},
	{
		ID: "I9-08", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "收入分项不相符",
		Explain: "%d 年收入分项对不上：%s",
		Check: func(c *Context, h *House, emit Emit) {
			in := h.Income
			if in == nil {
				return
			}
			var why []string
			if in.PostWages > in.Wages {
				why = append(why, fmt.Sprintf("公益性岗位收入 %s 元大于工资性收入 %s 元", in.PostWages, in.Wages))
			}
			if in.Dividends > in.Property {
				why = append(why, fmt.Sprintf("资产收益扶贫分红收入 %s 元大于财产性收入 %s 元", in.Dividends, in.Property))
			}
			if parts := in.TransferParts(); parts != 0 && parts != in.Transfers && h.KnowsAll(transferParts) {
				why = append(why, fmt.Sprintf("转移性收入 %s 元不等于各分项之和 %s 元", in.Transfers, parts))
			}
			if len(why) > 0 {
				emit(h.H.No, in.Year, strings.Join(why, "；"))
			}
		},
	},
	{
		ID: "I9-09", Indicator: 9, Severity: Low, Subject: Household,
		Title:   "人均纯收入偏低",
		Explain: "%d 年人均纯收入 %s 元，低于 %s 元，请核实收入是否漏算",
		Params:  []policy.Name{policy.IncomeLowLook},
		Needs:   []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Check: func(c *Context, h *House, emit Emit) {
			if low := c.P.Money(policy.IncomeLowLook); h.Target && h.Income != nil && h.PerCapita < low {
				emit(h.H.No, h.Income.Year, h.PerCapita, low)
			}
		},
	},
	{
		ID: "I9-10", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "帮扶对象无收入记录",
		Explain: "帮扶对象户没有 %d 年或以前的收入记录，无法测算人均纯收入",
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.Income == nil {
				emit(h.H.No, c.Year)
			}
		},
	},
	{
		ID: "I9-11", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "已消除风险户的帮扶措施与收入不符",
		Explain: "已消除风险的脱贫户%s",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Eliminated() || !isAlleviated(h.H.Kind) || h.Income == nil {
				return
			}
			in := h.Income
			var why []string
			if h.HasAnyMeasure(registry.MeasureIndustry) && h.blank(registry.IBusiness, in.Business == 0) {
				why = append(why, fmt.Sprintf("有产业帮扶，但 %d 年生产经营性收入为 0", in.Year))
			}
			if h.HasAnyMeasure(registry.MeasurePublicPost, registry.MeasureEmployment) && h.blank(registry.IWages, in.Wages == 0) {
				why = append(why, fmt.Sprintf("有就业或公益岗位帮扶，但 %d 年工资性收入为 0", in.Year))
			}
			if h.HasAnyMeasure(registry.MeasureSocialSecurity) && h.blank(registry.ITransfers, in.Transfers == 0) {
				why = append(why, fmt.Sprintf("有综合保障，但 %d 年转移性收入为 0", in.Year))
			}
			if len(why) > 0 {
				emit(h.H.No, strings.Join(why, "；"))
			}
		},
	},
}

// transferParts are the components of 转移性收入.
var transferParts = []registry.Field{registry.IPension, registry.IFamilyPlan, registry.IEcoComp, registry.IDibaoPay,
	registry.ITekunPay, registry.IOtherTrans}

// mainSource names the largest of the four income sources, or "" when all are zero.
func mainSource(in *registry.Income) string {
	if in == nil {
		return ""
	}
	best, name := registry.Money(0), ""
	for _, s := range []struct {
		v registry.Money
		n string
	}{{in.Wages, "工资性收入"}, {in.Business, "生产经营性收入"}, {in.Property, "财产性收入"}, {in.Transfers, "转移性收入"}} {
		if s.v > best {
			best, name = s.v, s.n
		}
	}
	return name
}

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
		Reads:   []registry.Field{registry.ISize},
		Basis:   "后评估“收入和支出变化”指标：帮扶对象人均纯收入较上年明显下降的，应查明原因，防止因收入下降返贫",
		Fix:     "入户核实收入下降的原因：收入漏算、录错的更正；确因务工、产业、疾病等原因下降的，研判是否纳入监测并落实帮扶",
		Cases: []Case{
			{Desc: "2025、2026 年人均纯收入都是 15,333 元"},
			{Desc: "人均纯收入由 10,000 元增至 12,000 元", Set: years(10000, 12000)},
			{Desc: "人均纯收入由 10,000 元降至 9,001 元（下降 9.99%）", Set: years(10000, 9001)},
			{Desc: "人均纯收入由 10,000 元降至 9,000 元（下降 10%）", Set: years(10000, 9000), Fires: []string{hhNo}},
			{Desc: "人均纯收入由 20,000 元降至 14,000 元（下降 30%）", Set: years(20000, 14000), Fires: []string{hhNo}},
			{Desc: "只有 2026 年的收入记录（人均 5,000 元）", Set: both(incomeYears(2026), pc(5000))},
			{Desc: "一般农户，人均纯收入由 20,000 元降至 10,000 元", From: ordinary, Set: years(20000, 10000)},
		},
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
		Reads:   []registry.Field{registry.ISize},
		Basis:   "人均纯收入低于防止返贫监测范围是纳入监测的主要标准；由上年在监测范围以上降到以下的帮扶对象，有返贫风险（后评估“收入和支出变化”指标）",
		Fix:     "入户核实收入：属实的按程序研判纳入监测并落实帮扶措施；收入漏算、录错的更正",
		Cases: []Case{
			{Desc: "两年人均纯收入都在监测范围（8,000 元）以上"},
			{Desc: "人均纯收入由 8,000 元降至 7,999 元", Set: years(8000, 7999), Fires: []string{hhNo}},
			{Desc: "两年都在监测范围以下（7,000 元、7,500 元）：由指标 2 的漏纳规则判断", Set: years(7000, 7500)},
			{Desc: "人均纯收入由 9,000 元降至 8,000 元（等于监测范围）", Set: years(9000, 8000)},
			{Desc: "一般农户，人均纯收入由 9,000 元降至 7,000 元", From: ordinary, Set: years(9000, 7000)},
		},
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
		Reads:   []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers},
		Basis:   "后评估“收入和支出变化”指标关注帮扶对象收入结构的变化：主要收入来源改变，常是务工中断、产业失败或收入录入有误",
		Fix:     "入户核实收入构成的变化原因：录入有误的更正；因失业、产业失败等变化的，研判风险并落实就业、产业帮扶",
		Cases: []Case{
			{Desc: "两年都以工资性收入为主"},
			{Desc: "2026 年工资性收入 1,000 元、生产经营性收入 50,000 元", Set: func(a *registry.Aggregate) {
				a.Income(2026).Wages, a.Income(2026).Business = registry.Yuan(1000), registry.Yuan(50000)
			}, Fires: []string{hhNo}},
			{Desc: "2026 年工资性收入 5,000 元，仍比生产经营性收入 4,000 元多", Set: func(a *registry.Aggregate) {
				a.Income(2026).Wages, a.Income(2026).Business = registry.Yuan(5000), registry.Yuan(4000)
			}},
			{Desc: "一般农户，2026 年没有工资性收入", From: ordinary, Set: func(a *registry.Aggregate) { a.Income(2026).Wages = 0 }},
		},
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
		Title:    "工资性收入异常偏低",
		Explain:  "%d 年工资性收入只有 %s 元（大于 0 且不超过 %s 元），请核实",
		Params:   []policy.Name{policy.WageLowMax},
		Reads:    []registry.Field{registry.IWages},
		Basis:    "工资性收入大于 0 而只有几十元，多为把万元、千元误录为元（县级核查：工资性收入在 0 到 100 元之间）",
		Fix:      "核实工资性收入的金额和单位，按实际收入更正",
		Practice: []string{"I 人均纯收入偏低、工资性收入异常"},
		Cases: []Case{
			{Desc: "2026 年工资性收入 40,000 元"},
			{Desc: "工资性收入 0", Set: wagesOf(0)},
			{Desc: "工资性收入 0.01 元", Set: wagesOf(1), Fires: []string{hhNo}},
			{Desc: "工资性收入 100 元", Set: wagesOf(10000), Fires: []string{hhNo}},
			{Desc: "工资性收入 100.01 元", Set: wagesOf(10001)},
		},
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
		Basis:   "家庭纯收入等于各项收入之和减生产经营性支出，为负多为支出误录或收入漏录（后评估“收入和支出变化”指标：收入记录不合理）",
		Fix:     "核实生产经营性支出和各项收入，按实际更正",
		Cases: []Case{
			{Desc: "2026 年各项收入 46,000 元，没有生产经营性支出"},
			{Desc: "生产经营性支出 46,000 元，纯收入为 0", Set: func(a *registry.Aggregate) { a.Income(2026).BusinessExpense = registry.Yuan(46000) }},
			{Desc: "生产经营性支出 46,001 元，纯收入为 -1 元", Set: func(a *registry.Aggregate) { a.Income(2026).BusinessExpense = registry.Yuan(46001) }, Fires: []string{hhNo}},
		},
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
		Reads:   []registry.Field{registry.IWages},
		Basis:   "工资性收入来自务工或公益性岗位，有工资性收入而无人务工、无人上岗，收入或务工信息必有一处不实（后评估“收入和支出变化”指标：收入记录不合理）",
		Fix:     "入户核实：有人务工或上岗的补录务工所在地、务工时间或公益性岗位；没有工资性收入的更正收入",
		Cases: []Case{
			{Desc: "夫妻都在务工，工资性收入 40,000 元"},
			{Desc: "工资性收入 40,000 元，全家没有务工时间、务工所在地和公益性岗位", Set: allIdle, Fires: []string{hhNo}},
			{Desc: "无人务工，妻子担任乡村公益性岗位 10 个月", Set: both(allIdle, post(1, "乡村公益性岗位", 10))},
			{Desc: "无人务工，也没有工资性收入", Set: both(allIdle, wagesOf(0))},
		},
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
		Reads:   []registry.Field{registry.HIdentifiedOn, registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Basis: "纳入监测的对象人均纯收入一般在监测范围附近；识别时人均纯收入高于上限（默认 20,000 元）而纳入监测，识别依据存疑（县级核查：2023 年以来识别、人均纯收入高于 20,000 元）；" +
			"按识别当年的收入判断，没有当年的按上一年的，两年都没有的不判断",
		Fix:      "调阅识别监测的入户调查和评议材料，核实识别时的收入和刚性支出：因病、因灾等突发严重困难纳入的补充说明材料；收入录错的更正；不符合识别条件的按程序处理",
		Practice: []string{"I 识别时人均纯收入过高"},
		Cases: []Case{
			{Desc: "2025 年 3 月纳入监测，2025 年人均纯收入 15,333 元", From: monitored},
			{Desc: "2025 年 3 月纳入监测，2025 年人均纯收入 20,001 元", From: monitored, Set: years(20001, 9000), Fires: []string{hhNo}},
			{Desc: "2025 年 3 月纳入监测，2025 年人均纯收入正好 20,000 元", From: monitored, Set: years(20000, 9000)},
			{Desc: "2022 年 12 月纳入监测（2023 年以前），人均纯收入 30,000 元", From: monitored, Set: both(years(30000, 30000), identified(2022, 12))},
			{Desc: "2024 年 1 月纳入监测，没有 2024 年的收入，2023 年人均纯收入 25,000 元", From: monitored,
				Set: both(identified(2024, 1), incomeYears(2023, 2026), perCapitaOf(2023, 25000)), Fires: []string{hhNo}},
			{Desc: "2023 年纳入监测，只有 2026 年的收入（人均 25,000 元）", From: monitored, Set: both(identified(2023, 5), incomeYears(2026), pc(25000))},
			{Desc: "未纳入监测，人均纯收入 30,000 元", Set: years(30000, 30000)},
		},
		Check: func(c *Context, h *House, emit Emit) {
			hh := h.H
			if !hh.Monitored() || hh.IdentifiedOn.IsZero() || hh.IdentifiedOn.Year() < c.P.Int(policy.IdentIncomeFrom) {
				return
			}
			// The income of the identification year, or of the year before: a later year's
			// income says nothing about the household when it was identified.
			y := hh.IdentifiedOn.Year()
			in := h.Aggregate.Income(y)
			if in == nil {
				in = h.Aggregate.Income(y - 1)
			}
			if in == nil || lacksAny(in, netParts) {
				return
			}
			if pc, max := h.perCapita(in), c.P.Money(policy.IdentIncomeMax); pc > max {
				emit(hh.No, hh.IdentifiedOn.Compact(), in.Year, pc, max)
			}
		},
	},
	{
		ID: "I9-08", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "收入分项不相符",
		Explain: "%d 年收入分项对不上：%s",
		Reads: append([]registry.Field{registry.IWages, registry.IPostWages, registry.IProperty, registry.IDividends, registry.ITransfers},
			transferParts...),
		Basis: "公益性岗位收入是工资性收入的一部分，资产收益扶贫分红收入是财产性收入的一部分，转移性收入等于各分项之和（全国防返贫监测信息系统收入口径）",
		Fix:   "核实各项收入，按收入口径更正分项或合计",
		Cases: []Case{
			{Desc: "2026 年各分项与合计相符"},
			{Desc: "公益性岗位收入 40,001 元，大于工资性收入 40,000 元", Set: func(a *registry.Aggregate) { a.Income(2026).PostWages = registry.Yuan(40001) }, Fires: []string{hhNo}},
			{Desc: "公益性岗位收入正好等于工资性收入 40,000 元", Set: func(a *registry.Aggregate) { a.Income(2026).PostWages = registry.Yuan(40000) }},
			{Desc: "资产收益扶贫分红收入 1 元，财产性收入 0", Set: func(a *registry.Aggregate) { a.Income(2026).Dividends = registry.Yuan(1) }, Fires: []string{hhNo}},
			{Desc: "转移性收入 1,000 元，分项之和 1,500 元", Set: func(a *registry.Aggregate) { a.Income(2026).DibaoPay = registry.Yuan(500) }, Fires: []string{hhNo}},
			{Desc: "转移性收入 1,000 元，各分项都没有填", Set: func(a *registry.Aggregate) { a.Income(2026).OtherTrans = 0 }},
		},
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
		Title:    "人均纯收入偏低",
		Explain:  "%d 年人均纯收入 %s 元，低于 %s 元，请核实收入是否漏算",
		Params:   []policy.Name{policy.IncomeLowLook},
		Needs:    []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Reads:    []registry.Field{registry.ISize},
		Basis:    "人均纯收入很低的帮扶对象多有收入漏算（县级核查：人均纯收入低于 4,000 元，这条线可由参数调整）",
		Fix:      "入户核实各项收入是否漏算（务工、养老金、补贴等）；属实的确认已纳入监测、落实帮扶和兜底保障",
		Practice: []string{"I 人均纯收入偏低、工资性收入异常"},
		Cases: []Case{
			{Desc: "监测户人均纯收入 5,000 元", From: monitored, Set: pc(5000)},
			{Desc: "监测户人均纯收入 4,000 元", From: monitored, Set: pc(4000)},
			{Desc: "监测户人均纯收入 3,999 元", From: monitored, Set: pc(3999), Fires: []string{hhNo}},
			{Desc: "一般农户人均纯收入 3,000 元", From: ordinary, Set: pc(3000)},
		},
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
		Basis:   "脱贫户和监测户每年都要采集收入，作为监测和后评估“收入和支出变化”指标的依据",
		Fix:     "组织入户采集本户的年度收入并录入",
		Cases: []Case{
			{Desc: "有 2025、2026 年的收入记录"},
			{Desc: "只有 2025 年的收入记录", Set: incomeYears(2025)},
			{Desc: "没有任何收入记录", Set: func(a *registry.Aggregate) { a.Incomes = nil }, Fires: []string{hhNo}},
			{Desc: "只有 2027 年的收入记录", Set: incomeYears(2027), Fires: []string{hhNo}},
			{Desc: "一般农户，没有收入记录", From: ordinary, Set: func(a *registry.Aggregate) { a.Incomes = nil }},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.Income == nil {
				emit(h.H.No, c.Year)
			}
		},
	},
	{
		ID: "I9-11", Indicator: 9, Severity: Medium, Subject: Household,
		Title:    "已消除风险户的帮扶措施与收入不符",
		Explain:  "已消除风险的脱贫户%s",
		Reads:    []registry.Field{registry.HMeasures, registry.IBusiness, registry.IWages, registry.ITransfers},
		Basis:    "风险消除要以帮扶措施带来的稳定收入为依据：有产业帮扶应有生产经营性收入，有就业或公益岗位帮扶应有工资性收入，有综合保障应有转移性收入（县级核查：已消除脱贫户的措施与收入不符）",
		Fix:      "核实帮扶措施是否落实、收入是否漏录：收入漏录的补录；措施没有落实的更正措施，并重新研判风险消除是否成立",
		Practice: []string{"H 已消除脱贫户的措施与收入不符"},
		Cases: []Case{
			{Desc: "风险已消除的脱贫户，有产业帮扶，2026 年生产经营性收入 5,000 元", From: eliminated},
			{Desc: "风险已消除的脱贫户，有产业帮扶，生产经营性收入 0", From: eliminated, Set: businessIn(2026, 0), Fires: []string{hhNo}},
			{Desc: "风险已消除，有公益岗位帮扶，工资性收入 0", From: eliminated, Set: both(measures(registry.MeasurePublicPost), wagesOf(0)), Fires: []string{hhNo}},
			{Desc: "风险已消除，有综合保障，转移性收入 0", From: eliminated, Set: both(measures(registry.MeasureSocialSecurity), func(a *registry.Aggregate) {
				a.Income(2026).Transfers, a.Income(2026).OtherTrans = 0, 0
			}), Fires: []string{hhNo}},
			{Desc: "风险未消除，有产业帮扶，生产经营性收入 0", From: monitored, Set: businessIn(2026, 0)},
			{Desc: "风险已消除的一般农户，有产业帮扶，生产经营性收入 0", From: eliminated, Set: both(businessIn(2026, 0), func(a *registry.Aggregate) { a.Household.Kind = registry.KindOrdinary })},
		},
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
	{
		ID: "I9-12", Indicator: 9, Severity: Medium, Subject: Household,
		Title:   "人均纯收入与导出表所列不一致",
		Explain: "%d 年按收入分项重算的人均纯收入为 %s 元，全国系统导出表所列为 %s 元，相差 %s 元（超过 %s 元即提示）",
		Params:  []policy.Name{policy.DeclaredPCGap},
		Needs:   []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Reads:   []registry.Field{registry.IDeclaredPerCapita, registry.ISize, registry.IExpenseSubsidy},
		Basis:   "后评估按全国防返贫监测信息系统中的人均纯收入抽查核实；系统所列数与收入分项不符，说明分项或家庭人口数录入有误",
		Fix:     "核对全国系统中该户各项收入、生产经营性支出和年度家庭人口数，更正录入错误后重新导出",
		Cases: []Case{
			{Desc: "人均纯收入重算为 15,000 元，导出表所列 15,000 元", Set: declaredPC(2026, 15000, 15000)},
			{Desc: "重算 15,000 元，导出表所列 15,010 元（相差 10 元，容许值 10 元）", Set: declaredPC(2026, 15000, 15010)},
			{Desc: "重算 15,000 元，导出表所列 15,011 元", Set: declaredPC(2026, 15000, 15011), Fires: []string{hhNo}},
			{Desc: "重算 15,000 元，导出表所列 12,000 元", Set: declaredPC(2026, 15000, 12000), Fires: []string{hhNo}},
			{Desc: "导出表没有人均纯收入列", Set: declaredPC(2026, 15000, -1)},
			{Desc: "重算 15,000 元，导出表所列 15,200 元，有 600 元（人均 200 元）减少生产经营性支出的专项补贴（按另一算法一致）",
				Set: both(declaredPC(2026, 15000, 15200), func(a *registry.Aggregate) { a.Income(2026).ExpenseSubsidy = registry.Yuan(600) })},
		},
		Check: func(c *Context, h *House, emit Emit) {
			in := h.Income
			if in == nil || !in.DeclaredPerCapita.Given {
				return
			}
			gap, stated := c.P.Money(policy.DeclaredPCGap), in.DeclaredPerCapita.Amount
			diff := absMoney(h.PerCapita - stated)
			// Some exports add the subsidy that reduces production expenses back into net income:
			// either way of counting it agrees with the figures.
			if in.ExpenseSubsidy > 0 {
				if n := in.Size; n > 0 || len(h.Members) > 0 {
					if n <= 0 {
						n = len(h.Members)
					}
					diff = min(diff, absMoney(h.PerCapita+in.ExpenseSubsidy/registry.Money(n)-stated))
				}
			}
			if diff > gap {
				emit(h.H.No, in.Year, h.PerCapita, stated, diff, gap)
			}
		},
	},
}

// transferParts are the components of 转移性收入.
var transferParts = []registry.Field{registry.IPension, registry.IFamilyPlan, registry.IEcoComp, registry.IDibaoPay,
	registry.ITekunPay, registry.IOtherTrans}

// netParts are the income fields net income is computed from.
var netParts = []registry.Field{registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense}

// lacksAny reports whether no source provided one of the fields on the income record.
func lacksAny(in *registry.Income, fs []registry.Field) bool {
	for _, f := range fs {
		if in.Uncollected.Has(f) {
			return true
		}
	}
	return false
}

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

// absMoney returns the absolute value of an amount.
func absMoney(m registry.Money) registry.Money {
	if m < 0 {
		return -m
	}
	return m
}

package rules

import (
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 5: project assets and funds (DOMAIN.md section 6) — a county's 衔接资金 spent
// behind the schedule (序时进度) or the province, too little of it on industry or less than
// last year, projects approved and not started or late, assets idle, their income left
// undistributed, assets without a custodian or an ownership registration. The rules judge the
// objects of internal/funds: a county's funds of the screening year, projects and assets.

// eps absorbs the rounding of a rate computed from money: a rate equal to its threshold does
// not fire.
const eps = 1e-9

var _ = registerObjects(
	&ObjectRule{
		ID: "I5-01", Indicator: 5, Severity: High, Kind: funds.KindFunds,
		Title:   "衔接资金支出进度低于序时进度",
		Explain: "%d 年度衔接资金已下达 %s 元、已支出 %s 元，支出进度 %s%%，低于序时进度 %s%%",
		Params:  []policy.Name{policy.FundSchedule, policy.FundScheduleGap},
		Basis: "《中央财政衔接推进乡村振兴补助资金管理办法》要求加快预算执行、提高资金使用效益；后评估“项目资产和资金”指标把" +
			"资金支出进度达不到序时进度作为扣分项。序时进度按月设定（默认 12 月底累计 100%，各月均匀），当月按已过天数折算",
		Fix: "逐个项目查找未支出原因：已完工未报账的抓紧验收报账，进度慢的督促施工，确实无法实施的按程序调整用途，" +
			"并在资金拨付明细中及时登记支出",
		Cases: []ObjectCase{
			{Desc: "2026 年度下达 100 万元，到 10 月 30 日支出 95 万元（95%，11 月 28 日序时进度 91.1%）", Object: baseFunds()},
			{Desc: "下达 100 万元，支出 80 万元（80%）", Object: baseFunds(paid(800_000)), Fires: true},
			{Desc: "下达 90 万元，支出 82 万元（91.1%，正好等于序时进度）", Object: baseFunds(allocated(900_000), paid(820_000))},
			{Desc: "下达 90 万元，支出 81.9 万元（91.0%，低于序时进度 0.1 个百分点）", Object: baseFunds(allocated(900_000), paid(819_000)), Fires: true},
			{Desc: "尚未下达资金", Object: baseFunds(func(c *funds.CountyYear) { c.Flows = nil })},
			{Desc: "2025 年度的资金，支出 80%（只判断筛查年度 2026 年的资金）", Object: baseFunds(paid(800_000), func(c *funds.CountyYear) { c.Year = 2025 })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			fy := o.(*funds.CountyYear)
			if fy.Year != c.Year {
				return
			}
			p := fy.At(c.Ref)
			rate, ok := p.Rate()
			if !ok {
				return
			}
			due := c.P.Curve(policy.FundSchedule).On(fy.Year, c.Ref.Time())
			if rate < due-c.P.Num(policy.FundScheduleGap)-eps {
				emit(o.ID(), fy.Year, p.Allocated.String(), p.Paid.String(), fmtPct(rate), fmtPct(due))
			}
		},
	},
	&ObjectRule{
		ID: "I5-02", Indicator: 5, Severity: Medium, Kind: funds.KindFunds,
		Title:   "衔接资金支出进度低于全省平均",
		Explain: "%d 年度衔接资金支出进度 %s%%，低于全省 %d 月末平均水平 %s%%",
		Basis:   "后评估和省级考核对衔接资金支出进度排序，低于全省平均水平的县通报扣分；全省平均值由用户按月录入",
		Fix:     "对照全省平均进度查找差距，按项目倒排工期、加快报账，支出进度至少达到全省平均水平",
		Cases: []ObjectCase{
			{Desc: "支出进度 95%，全省 10 月末平均 90%", Object: baseFunds()},
			{Desc: "支出进度 95%，全省 10 月末平均 96%", Object: baseFunds(func(c *funds.CountyYear) { c.Averages[0].Rate = 96 }), Fires: true},
			{Desc: "支出进度 95%，全省 10 月末平均正好 95%", Object: baseFunds(func(c *funds.CountyYear) { c.Averages[0].Rate = 95 })},
			{Desc: "只录入了全省 12 月末的平均值 99%（尚未到 12 月）", Object: baseFunds(func(c *funds.CountyYear) { c.Averages[0].Month, c.Averages[0].Rate = 12, 99 })},
			{Desc: "没有录入全省平均值", Object: baseFunds(func(c *funds.CountyYear) { c.Averages = nil })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			fy := o.(*funds.CountyYear)
			if fy.Year != c.Year {
				return
			}
			rate, ok := fy.At(c.Ref).Rate()
			avg, has := fy.AverageBy(int(c.Ref.Time().Month()))
			if ok && has && rate < avg.Rate-eps {
				emit(o.ID(), fy.Year, fmtPct(rate), avg.Month, fmtPct(avg.Rate))
			}
		},
	},
	&ObjectRule{
		ID: "I5-03", Indicator: 5, Severity: High, Kind: funds.KindFunds,
		Title:   "产业项目资金占比低于下限",
		Explain: "%d 年度项目批复的衔接资金 %s 元中产业发展项目 %s 元，占 %s%%，低于 %s%%",
		Params:  []policy.Name{policy.IndustryShareMin},
		Basis: "中央财政衔接资金用于产业发展的比重原则上不低于 60%（2023 年起），各省可提高；按当年项目库中已批复项目的" +
			"中央、省、市、县衔接资金计算，已终止的项目不计",
		Fix: "调整当年项目计划，优先安排联农带农效果好的产业发展项目；确需安排其他项目的，按规定报批说明",
		Cases: []ObjectCase{
			{Desc: "当年批复衔接资金 100 万元，产业发展项目 65 万元（65%）", Object: baseFunds()},
			{Desc: "产业发展项目 59 万元（59%）", Object: baseFunds(func(c *funds.CountyYear) { c.Industry = yuan(590_000) }), Fires: true},
			{Desc: "产业发展项目 60 万元（正好 60%）", Object: baseFunds(func(c *funds.CountyYear) { c.Industry = yuan(600_000) })},
			{Desc: "当年还没有批复项目", Object: baseFunds(func(c *funds.CountyYear) { c.Industry, c.Total = 0, 0 })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			fy := o.(*funds.CountyYear)
			if fy.Year != c.Year {
				return
			}
			share, ok := fy.IndustryShare()
			if min := c.P.Num(policy.IndustryShareMin); ok && share < min-eps {
				emit(o.ID(), fy.Year, fy.Total.String(), fy.Industry.String(), fmtPct(share), fmtNum(min))
			}
		},
	},
	&ObjectRule{
		ID: "I5-04", Indicator: 5, Severity: Medium, Kind: funds.KindFunds,
		Title:   "产业项目资金占比低于上年",
		Explain: "%d 年度产业发展项目资金占比 %s%%，低于上年的 %s%%",
		Params:  []policy.Name{policy.IndustryShareDrop},
		Basis:   "衔接资金用于产业发展的比重应逐年提高，后评估把“产业项目资金占比较上年下降”作为问题",
		Fix:     "分析占比下降的原因，在后续批次资金中增加产业发展项目，并在年度总结中说明",
		Cases: []ObjectCase{
			{Desc: "今年 65%，上年 62%", Object: baseFunds()},
			{Desc: "今年 61%，上年 62%", Object: baseFunds(func(c *funds.CountyYear) { c.Industry = yuan(610_000) }), Fires: true},
			{Desc: "今年 62%，与上年持平", Object: baseFunds(func(c *funds.CountyYear) { c.Industry = yuan(620_000) })},
			{Desc: "今年 61%，上年没有项目数据", Object: baseFunds(func(c *funds.CountyYear) { c.Industry, c.LastIndustry, c.LastTotal = yuan(610_000), 0, 0 })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			fy := o.(*funds.CountyYear)
			if fy.Year != c.Year {
				return
			}
			share, ok := fy.IndustryShare()
			last, had := fy.LastShare()
			if ok && had && share < last-c.P.Num(policy.IndustryShareDrop)-eps {
				emit(o.ID(), fy.Year, fmtPct(share), fmtPct(last))
			}
		},
	},
	&ObjectRule{
		ID: "I5-05", Indicator: 5, Severity: Medium, Kind: funds.KindProject,
		Title:   "项目批复后逾期未开工",
		Explain: "项目于 %s 批复，至今 %d 天仍未开工（期限 %d 天）",
		Params:  []policy.Name{policy.ProjectStartDays},
		Basis:   "衔接资金项目批复后应及时开工，逾期未开工导致资金滞留；后评估“项目资产和资金”指标把项目未开工列为问题",
		Fix:     "督促实施单位开工并登记开工日期；确实无法实施的，按程序调整或终止项目、收回资金",
		Cases: []ObjectCase{
			{Desc: "2026 年 3 月 1 日批复，4 月 1 日开工", Object: baseProject()},
			{Desc: "2026 年 9 月 28 日批复，未开工（61 天）", Object: baseProject(approvedOnly(d(2026, 9, 28))), Fires: true},
			{Desc: "2026 年 9 月 29 日批复，未开工（正好 60 天）", Object: baseProject(approvedOnly(d(2026, 9, 29)))},
			{Desc: "2026 年 3 月 1 日批复，未开工，项目已终止", Object: baseProject(approvedOnly(d(2026, 3, 1)), stopped)},
			{Desc: "入库未批复", Object: baseProject(func(p *funds.Project) { p.Dates = funds.Dates{Listed: d(2025, 10, 8)} })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*funds.Project)
			if p.Stopped || p.Dates.Approval.IsZero() || !p.Dates.Start.IsZero() || !p.Dates.Finish.IsZero() {
				return
			}
			if n, max := funds.Days(p.Dates.Approval, c.Ref), c.P.Int(policy.ProjectStartDays); n > max {
				emit(o.ID(), p.Dates.Approval.String(), n, max)
			}
		},
	},
	&ObjectRule{
		ID: "I5-06", Indicator: 5, Severity: Medium, Kind: funds.KindProject,
		Title:   "项目逾期未完工",
		Explain: "项目计划 %s 完工，已超过 %d 天仍未完工（宽限 %d 天）",
		Params:  []policy.Name{policy.ProjectLateDays},
		Basis:   "项目应按批复的计划工期完成，逾期未完工影响资金支出和群众受益；后评估“项目资产和资金”指标把项目建设滞后列为问题",
		Fix:     "查明滞后原因，督促实施单位加快建设，完工后及时登记完工日期并组织验收",
		Cases: []ObjectCase{
			{Desc: "计划 9 月 30 日完工，9 月 20 日完工", Object: baseProject()},
			{Desc: "计划 10 月 28 日完工，在建（超过 31 天）", Object: baseProject(building(d(2026, 10, 28))), Fires: true},
			{Desc: "计划 10 月 29 日完工，在建（正好 30 天）", Object: baseProject(building(d(2026, 10, 29)))},
			{Desc: "计划 2025 年完工，在建，项目已终止", Object: baseProject(building(d(2025, 12, 31)), stopped)},
			{Desc: "没有计划完工日期，在建", Object: baseProject(building(registry.Date{}))},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*funds.Project)
			if p.Stopped || p.Dates.PlanFinish.IsZero() || !p.Dates.Finish.IsZero() {
				return
			}
			if n, max := funds.Days(p.Dates.PlanFinish, c.Ref), c.P.Int(policy.ProjectLateDays); n > max {
				emit(o.ID(), p.Dates.PlanFinish.String(), n, max)
			}
		},
	},
	&ObjectRule{
		ID: "I5-07", Indicator: 5, Severity: High, Kind: funds.KindAsset,
		Title:   "扶贫项目资产闲置",
		Explain: "%s（经营性资产超过 %d 个月没有收益即视为闲置）",
		Params:  []policy.Name{policy.AssetIdleMonths},
		Basis: "《关于加强扶贫项目资产后续管理的指导意见》要求经营性资产盘活利用、持续发挥效益；后评估把“资产闲置、" +
			"从建成开始就没有产生过任何收益”列为问题。台账登记为闲置的资产，以及建成满期限仍无收益或最近一次收益已超过期限的经营性资产",
		Fix: "查明闲置原因，通过出租、入股、委托经营等方式盘活；确已无法使用的按程序处置，并在资产台账中登记收益或状态",
		Cases: []ObjectCase{
			{Desc: "经营性资产，2026 年 6 月 30 日收到租金 2.4 万元", Object: baseAsset()},
			{Desc: "资产台账登记为闲置", Object: baseAsset(func(a *funds.Asset) { a.Status = funds.AssetIdle }), Fires: true},
			{Desc: "2025 年 11 月 28 日建成（正好 12 个月），一直没有收益", Object: baseAsset(noIncome(d(2025, 11, 28))), Fires: true},
			{Desc: "2025 年 11 月 29 日建成，一直没有收益（未满 12 个月）", Object: baseAsset(noIncome(d(2025, 11, 29)))},
			{Desc: "最近一次收益在 2025 年 11 月 27 日", Object: baseAsset(assetIncome(d(2025, 11, 27), 5000, 5000)), Fires: true},
			{Desc: "最近一次收益在 2025 年 11 月 28 日（正好 12 个月）", Object: baseAsset(assetIncome(d(2025, 11, 28), 5000, 5000))},
			{Desc: "公益性资产（村道），从来没有收益", Object: baseAsset(noIncome(d(2020, 1, 1)), func(a *funds.Asset) { a.Class = funds.ClassPublic })},
			{Desc: "已处置的资产", Object: baseAsset(func(a *funds.Asset) { a.Status = funds.AssetDisposed })},
			{Desc: "没有形成日期，也没有收益", Object: baseAsset(noIncome(registry.Date{}))},
		},
		Check: func(c *Context, o Object, emit Emit) {
			a := o.(*funds.Asset)
			months := c.P.Int(policy.AssetIdleMonths)
			switch {
			case a.Status == funds.AssetIdle:
				emit(o.ID(), "资产台账登记为闲置", months)
				return
			case a.Class != funds.ClassProductive || a.Status != funds.AssetRunning:
				return
			}
			since := funds.AddMonths(c.Ref, -months)
			last := a.LastIncome()
			switch {
			case last.IsZero() && !a.Formed.IsZero() && !since.Before(a.Formed):
				emit(o.ID(), "建成于 "+a.Formed.String()+"，至今没有产生任何收益", months)
			case !last.IsZero() && last.Before(since):
				emit(o.ID(), "最近一次收益在 "+last.String()+"，此后没有收益", months)
			}
		},
	},
	&ObjectRule{
		ID: "I5-08", Indicator: 5, Severity: Medium, Kind: funds.KindAsset,
		Title:   "资产收益未及时分配",
		Explain: "%s 起到账的收益中尚有 %s 元超过 %d 天未分配",
		Params:  []policy.Name{policy.IncomeDistributeDays},
		Basis: "扶贫项目资产收益应按规定及时分配，重点用于公益岗位、小型公益事业和到户帮扶；后评估把“资产收益没有进行分配，" +
			"资金闲置在账上”列为问题。分配按先到账先分配计算",
		Fix: "按收益分配方案及时分配并在收益分配台账中登记分配日期、用途、对象和金额；方案未定的尽快经村民代表会议通过",
		Cases: []ObjectCase{
			{Desc: "6 月 30 日到账 2.4 万元，7 月 15 日全部分配", Object: baseAsset()},
			{Desc: "2026 年 5 月 31 日到账 2.4 万元（181 天前），只分配了 1 万元", Object: baseAsset(assetIncome(d(2026, 5, 31), 24_000, 10_000)), Fires: true},
			{Desc: "2026 年 6 月 1 日到账 2.4 万元（正好 180 天），只分配了 1 万元", Object: baseAsset(assetIncome(d(2026, 6, 1), 24_000, 10_000))},
			{Desc: "2026 年 5 月 31 日到账 2.4 万元，全部分配", Object: baseAsset(assetIncome(d(2026, 5, 31), 24_000, 24_000))},
		},
		Check: func(c *Context, o Object, emit Emit) {
			a := o.(*funds.Asset)
			if !a.InUse() {
				return
			}
			days := c.P.Int(policy.IncomeDistributeDays)
			left, oldest := funds.Undistributed(a.Receipts(), a.Distributions, funds.AddDays(c.Ref, -days-1), c.Ref)
			if left > 0 {
				emit(o.ID(), oldest.String(), left.String(), days)
			}
		},
	},
	&ObjectRule{
		ID: "I5-09", Indicator: 5, Severity: Medium, Kind: funds.KindAsset,
		Title:   "资产未明确管护主体",
		Explain: "%s资产没有登记管护主体",
		Basis:   "扶贫项目资产应逐项明确所有权人和管护主体、落实管护责任（《关于加强扶贫项目资产后续管理的指导意见》）；到户类资产归农户所有、由农户管护，不判断",
		Fix:     "明确管护主体和管护责任人，签订管护协议，并在资产台账中登记",
		Cases: []ObjectCase{
			{Desc: "经营性资产，管护主体为东城区居委会", Object: baseAsset()},
			{Desc: "经营性资产，管护主体为空", Object: baseAsset(func(a *funds.Asset) { a.Custodian = "" }), Fires: true},
			{Desc: "公益性资产，管护主体为空", Object: baseAsset(func(a *funds.Asset) { a.Class, a.Custodian = funds.ClassPublic, "" }), Fires: true},
			{Desc: "到户类资产，管护主体为空", Object: baseAsset(func(a *funds.Asset) { a.Class, a.Custodian = funds.ClassHousehold, "" })},
			{Desc: "已处置的资产，管护主体为空", Object: baseAsset(func(a *funds.Asset) { a.Status, a.Custodian = funds.AssetDisposed, "" })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			a := o.(*funds.Asset)
			if a.InUse() && a.Class != funds.ClassHousehold && a.Custodian == "" {
				emit(o.ID(), a.Class)
			}
		},
	},
	&ObjectRule{
		ID: "I5-10", Indicator: 5, Severity: Medium, Kind: funds.KindAsset,
		Title:   "资产未确权登记",
		Explain: "%s资产登记为未确权",
		Basis:   "扶贫项目资产应按规定确权登记到村集体经济组织或相关主体（《关于加强扶贫项目资产后续管理的指导意见》）；台账未填写是否确权的不判断，到户类资产不判断",
		Fix:     "按资产类别确权到村集体、相关单位或农户，办理登记手续并在资产台账中登记确权日期",
		Cases: []ObjectCase{
			{Desc: "经营性资产，2024 年确权登记", Object: baseAsset()},
			{Desc: "经营性资产，是否确权登记为“否”", Object: baseAsset(func(a *funds.Asset) { a.Registered, a.RegDate = registry.No, registry.Date{} }), Fires: true},
			{Desc: "经营性资产，是否确权登记未填", Object: baseAsset(func(a *funds.Asset) { a.Registered, a.RegDate = registry.Unknown, registry.Date{} })},
			{Desc: "到户类资产，未确权", Object: baseAsset(func(a *funds.Asset) { a.Class, a.Registered = funds.ClassHousehold, registry.No })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			a := o.(*funds.Asset)
			if a.InUse() && a.Class != funds.ClassHousehold && a.Registered == registry.No {
				emit(o.ID(), a.Class)
			}
		},
	},
)

package rules

import (
	"strings"

	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 8: industry development (DOMAIN.md section 6) — projects finished and not accepted,
// accepted and not paid to the households, to-household support that is only a handout of
// seedlings or goods (买苗发物), industry projects that link with no farmer, and the PV
// stations: yield below the design, maintenance overdue, income left undistributed, too little
// of it paying public-welfare posts.

var _ = registerObjects(
	&ObjectRule{
		ID: "I8-01", Indicator: 8, Severity: High, Kind: funds.KindProject,
		Title:   "项目完工后逾期未验收",
		Explain: "项目于 %s 完工，已 %d 天未组织验收（期限 %d 天）",
		Params:  []policy.Name{policy.ProjectAcceptDays},
		Basis:   "项目完工后应及时组织验收，验收后才能报账、资产移交和资金发放到户；后评估把“项目完成已经几个月时间，也没有组织验收，造成资金不能及时发放到户”列为问题",
		Fix:     "组织行业部门和乡镇及时验收，在项目库中登记验收日期；验收发现的问题限期整改",
		Cases: []ObjectCase{
			{Desc: "9 月 20 日完工，10 月 15 日验收", Object: baseProject()},
			{Desc: "9 月 28 日完工，未验收（61 天）", Object: baseProject(finishedOn(d(2026, 9, 28))), Fires: true},
			{Desc: "9 月 29 日完工，未验收（正好 60 天）", Object: baseProject(finishedOn(d(2026, 9, 29)))},
			{Desc: "2026 年 5 月完工，未验收，项目已终止", Object: baseProject(finishedOn(d(2026, 5, 1)), stopped)},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*funds.Project)
			if p.Stopped || p.Dates.Finish.IsZero() || !p.Dates.Accept.IsZero() {
				return
			}
			if n, max := funds.Days(p.Dates.Finish, c.Ref), c.P.Int(policy.ProjectAcceptDays); n > max {
				emit(o.ID(), p.Dates.Finish.String(), n, max)
			}
		},
	},
	&ObjectRule{
		ID: "I8-02", Indicator: 8, Severity: High, Kind: funds.KindProject,
		Title:   "到户项目验收后资金未发放到户",
		Explain: "到户项目于 %s 验收，已 %d 天补助资金仍未发放到户（期限 %d 天）",
		Params:  []policy.Name{policy.ProjectPayDays},
		Basis:   "到户类项目验收后应及时把补助资金发放到户（一卡通），不得滞留；后评估把验收后资金不能及时发放到户列为问题",
		Fix:     "核实受益户名单和补助标准，通过一卡通发放到户，并在项目库中登记资金到户日期",
		Cases: []ObjectCase{
			{Desc: "到村项目，10 月 15 日验收", Object: baseProject()},
			{Desc: "到户项目，10 月 28 日验收，资金未到户（31 天）", Object: baseProject(toHouseholds(d(2026, 10, 28))), Fires: true},
			{Desc: "到户项目，10 月 29 日验收，资金未到户（正好 30 天）", Object: baseProject(toHouseholds(d(2026, 10, 29)))},
			{Desc: "到户项目，9 月验收，11 月 2 日资金到户", Object: baseProject(toHouseholds(d(2026, 9, 1)), func(p *funds.Project) { p.Dates.Paid = d(2026, 11, 2) })},
			{Desc: "到户项目，9 月验收，11 月报账（视同已发放）", Object: baseProject(toHouseholds(d(2026, 9, 1)), func(p *funds.Project) { p.Dates.Settle = d(2026, 11, 2) })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*funds.Project)
			if p.Stopped || !p.ToHouseholds() || p.Dates.Accept.IsZero() || !p.Dates.Paid.IsZero() || !p.Dates.Settle.IsZero() {
				return
			}
			if n, max := funds.Days(p.Dates.Accept, c.Ref), c.P.Int(policy.ProjectPayDays); n > max {
				emit(o.ID(), p.Dates.Accept.String(), n, max)
			}
		},
	},
	&ObjectRule{
		ID: "I8-03", Indicator: 8, Severity: Low, Kind: funds.KindProject,
		Title:   "到户产业项目仅为买苗发物",
		Explain: "到户产业项目的建设内容含「%s」，属于买苗发物式的短期发放，没有登记长效带动机制，请核实",
		Params:  []policy.Name{policy.ProjectHandoutWords},
		Basis:   "到户产业帮扶应注重长效，避免简单“买苗发物”“发钱发物”；建设内容含参数所列词语、且联农带农机制为空或同样只是发放的到户产业项目，提示核实",
		Fix:     "核实项目是否有技术服务、订单收购、保险等长效措施；有的补登联农带农机制，没有的调整帮扶方式",
		Cases: []ObjectCase{
			{Desc: "到村产业项目，新建养殖圈舍", Object: baseProject()},
			{Desc: "到户产业项目，建设内容“为脱贫户发放鸡苗 5000 只”，没有联农带农机制", Object: baseProject(func(p *funds.Project) {
				p.Scope, p.Content, p.Mechanism = funds.ScopeHouse, "为脱贫户发放鸡苗 5000 只", ""
			}), Fires: true},
			{Desc: "到户产业项目，建设内容“发放鸡苗”，联农带农机制“发放鸡苗到户”", Object: baseProject(func(p *funds.Project) {
				p.Scope, p.Content, p.Mechanism = funds.ScopeHouse, "发放鸡苗", "发放鸡苗到户"
			}), Fires: true},
			{Desc: "到户产业项目，建设内容“发放鸡苗”，联农带农机制“龙头企业订单收购、技术服务”", Object: baseProject(func(p *funds.Project) {
				p.Scope, p.Content, p.Mechanism = funds.ScopeHouse, "发放鸡苗", "龙头企业订单收购、技术服务"
			})},
			{Desc: "到户就业项目，建设内容“发放务工交通补助”", Object: baseProject(func(p *funds.Project) {
				p.Type, p.Scope, p.Content, p.Mechanism = "就业项目", funds.ScopeHouse, "发放务工交通补助", ""
			})},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*funds.Project)
			if p.Stopped || !p.IsIndustry() || !p.ToHouseholds() {
				return
			}
			words := c.P.List(policy.ProjectHandoutWords)
			w := anyWord(p.Content, words)
			if w == "" {
				return
			}
			if m := strings.TrimSpace(p.Mechanism); m == "" || anyWord(m, words) != "" {
				emit(o.ID(), w)
			}
		},
	},
	&ObjectRule{
		ID: "I8-04", Indicator: 8, Severity: Medium, Kind: funds.KindProject,
		Title:   "产业项目未建立联农带农机制",
		Explain: "产业发展项目已于 %s 批复，未填写联农带农机制，也没有关联受益户",
		Basis:   "衔接资金支持的产业项目应建立联农带农机制，明确带动脱贫户、监测户的方式和户数（项目库管理要求）",
		Fix:     "补充填写联农带农机制（务工、订单、入股分红等），并导入项目受益户名单，关联到农户",
		Cases: []ObjectCase{
			{Desc: "产业项目，联农带农机制“务工就业、订单收购”，关联 20 户", Object: baseProject()},
			{Desc: "产业项目，没有联农带农机制，没有关联受益户", Object: baseProject(func(p *funds.Project) { p.Mechanism, p.Linked = "", 0 }), Fires: true},
			{Desc: "产业项目，没有联农带农机制，关联 12 户", Object: baseProject(func(p *funds.Project) { p.Mechanism, p.Linked = "", 12 })},
			{Desc: "基础设施项目，没有联农带农机制", Object: baseProject(func(p *funds.Project) { p.Type, p.Mechanism, p.Linked = "基础设施", "", 0 })},
			{Desc: "产业项目尚在储备（未批复），没有联农带农机制", Object: baseProject(func(p *funds.Project) {
				p.Mechanism, p.Linked, p.Dates = "", 0, funds.Dates{Listed: d(2026, 10, 1)}
			})},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*funds.Project)
			if !p.Stopped && p.IsIndustry() && !p.Dates.Approval.IsZero() && !p.HasMechanism() {
				emit(o.ID(), p.Dates.Approval.String())
			}
		},
	},
	&ObjectRule{
		ID: "I8-05", Indicator: 8, Severity: Medium, Kind: funds.KindPV,
		Title:   "光伏电站发电量低于预期",
		Explain: "近 %d 个月发电 %s 千瓦时，为设计发电量 %s 千瓦时的 %s%%，低于 %s%%",
		Params:  []policy.Name{policy.PVYieldMinPct},
		Basis:   "光伏扶贫电站应保持发电效益；后评估把“杂草丛生，发电效益低下”列为问题。按当月以前 12 个月中有记录的月份，与设计年发电量的 1/12 乘以月数比较",
		Fix:     "检查组件遮挡、积灰、逆变器故障和线路损耗，及时除草、清洗、检修，必要时请运维单位出具整改报告",
		Cases: []ObjectCase{
			{Desc: "设计年发电 42 万千瓦时，近 12 个月每月发电 3.3 万千瓦时（94%）", Object: baseStation()},
			{Desc: "每月发电 2.73 万千瓦时（78%）", Object: baseStation(yieldEach(27_300)), Fires: true},
			{Desc: "每月发电 2.8 万千瓦时（正好 80%）", Object: baseStation(yieldEach(28_000))},
			{Desc: "没有发电记录", Object: baseStation(func(s *funds.Station) { s.Months = nil })},
			{Desc: "没有设计年发电量，每月发电 1 万千瓦时", Object: baseStation(yieldEach(10_000), func(s *funds.Station) { s.ExpectedKWh = 0 })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			s := o.(*funds.Station)
			if !s.InUse() {
				return
			}
			y := s.YieldBefore(c.Ref)
			ratio, ok := y.Ratio()
			if min := c.P.Num(policy.PVYieldMinPct); ok && ratio < min-eps {
				emit(o.ID(), y.Months, fmtKWh(y.KWh), fmtKWh(y.Expected), fmtPct(ratio), fmtNum(min))
			}
		},
	},
	&ObjectRule{
		ID: "I8-06", Indicator: 8, Severity: Medium, Kind: funds.KindPV,
		Title:   "光伏电站运维超期",
		Explain: "%s（两次运维最长间隔 %d 天）",
		Params:  []policy.Name{policy.PVMaintDays},
		Basis:   "光伏扶贫电站应定期除草、除尘、清杂和检修，并建立运维台账；后评估把电站“杂草丛生”、运维不到位列为问题",
		Fix:     "督促运维单位立即开展除草、清洗和检修，并在光伏电站运维台账中逐次登记",
		Cases: []ObjectCase{
			{Desc: "10 月 10 日除草", Object: baseStation()},
			{Desc: "最近一次运维在 8 月 29 日（91 天）", Object: baseStation(func(s *funds.Station) { s.Ops[0].Date = d(2026, 8, 29) }), Fires: true},
			{Desc: "最近一次运维在 8 月 30 日（正好 90 天）", Object: baseStation(func(s *funds.Station) { s.Ops[0].Date = d(2026, 8, 30) })},
			{Desc: "2019 年并网，没有任何运维记录", Object: baseStation(func(s *funds.Station) { s.Ops = nil }), Fires: true},
			{Desc: "2026 年 9 月 15 日并网，还没有运维记录（未满 90 天）", Object: baseStation(func(s *funds.Station) { s.Ops, s.Connected = nil, d(2026, 9, 15) })},
			{Desc: "已拆除的电站，没有运维记录", Object: baseStation(func(s *funds.Station) { s.Ops, s.Status = nil, "拆除" })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			s := o.(*funds.Station)
			if !s.InUse() {
				return
			}
			max := c.P.Int(policy.PVMaintDays)
			last := s.LastOp()
			switch {
			case last.IsZero() && !s.Connected.IsZero() && funds.Days(s.Connected, c.Ref) > max:
				emit(o.ID(), s.Connected.String()+" 并网以来没有运维记录", max)
			case !last.IsZero() && funds.Days(last, c.Ref) > max:
				emit(o.ID(), "最近一次运维在 "+last.String()+"，已 "+registry.Thousands(int64(funds.Days(last, c.Ref)))+" 天没有除草、除尘等运维", max)
			}
		},
	},
	&ObjectRule{
		ID: "I8-07", Indicator: 8, Severity: Medium, Kind: funds.KindPV,
		Title:   "光伏电站收益未及时分配",
		Explain: "%s 起到账的发电收益中尚有 %s 元超过 %d 天未分配",
		Params:  []policy.Name{policy.IncomeDistributeDays},
		Basis:   "光伏扶贫电站收益应及时分配，主要用于公益岗位和小型公益事业；后评估把“收益分配不及时”列为问题。当月收益未填到账日期的按月底到账计，分配按先到账先分配计算",
		Fix:     "按村级光伏收益分配方案及时分配，在收益分配台账中登记分配日期、用途和金额",
		Cases: []ObjectCase{
			{Desc: "近 12 个月收益 12 万元，已分配 8 万元，180 天前到账的 7 万元已全部分配", Object: baseStation()},
			{Desc: "只在 3 月分配了 4 万元（5 月 31 日前到账的 7 万元中 3 万元超过 180 天未分配）", Object: baseStation(func(s *funds.Station) {
				s.Distributions = s.Distributions[:1]
			}), Fires: true},
			{Desc: "3 月分配 4 万元、6 月 1 日分配 3 万元", Object: baseStation(func(s *funds.Station) {
				s.Distributions = []funds.Distribution{{Date: d(2026, 3, 15), Use: funds.UsePosts, Amount: yuan(40_000)}, {Date: d(2026, 6, 1), Use: funds.UsePosts, Amount: yuan(30_000)}}
			})},
		},
		Check: func(c *Context, o Object, emit Emit) {
			s := o.(*funds.Station)
			days := c.P.Int(policy.IncomeDistributeDays)
			left, oldest := funds.Undistributed(s.Receipts(), s.Distributions, funds.AddDays(c.Ref, -days-1), c.Ref)
			if left > 0 {
				emit(o.ID(), oldest.String(), left.String(), days)
			}
		},
	},
	&ObjectRule{
		ID: "I8-08", Indicator: 8, Severity: Medium, Kind: funds.KindPV,
		Title:   "光伏收益用于公益岗位比例不达标",
		Explain: "%d 年分配光伏收益 %s 元，用于公益岗位和小型公益事业的占 %s%%，低于 %s%%",
		Params:  []policy.Name{policy.PVPostShareMin},
		Basis:   "村级光伏扶贫电站收益主要用于设置公益岗位和开展小型公益事业，比例不得低于规定（默认 80%，以本省规定为准）；后评估把“用于公益岗位比例不达标”列为问题",
		Fix:     "调整收益分配方案，提高用于公益岗位工资和小型公益事业的比例，并在收益分配台账中写明用途",
		Cases: []ObjectCase{
			{Desc: "2026 年分配 8 万元，其中公益岗位 7 万元（87.5%）", Object: baseStation()},
			{Desc: "分配 8 万元，其中公益岗位 6 万元（75%）", Object: baseStation(func(s *funds.Station) {
				s.Distributions[1].Amount = yuan(20_000)
				s.Distributions[2].Amount = yuan(20_000)
			}), Fires: true},
			{Desc: "分配 8 万元，其中公益岗位 4 万元、小型公益事业 2.4 万元（正好 80%）", Object: baseStation(func(s *funds.Station) {
				s.Distributions[1].Use, s.Distributions[1].Amount = funds.UseWorks, yuan(24_000)
				s.Distributions[2].Amount = yuan(16_000)
			})},
			{Desc: "2026 年还没有分配", Object: baseStation(func(s *funds.Station) { s.Distributions = nil })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			s := o.(*funds.Station)
			share, total, ok := s.PostShare(c.Year)
			if min := c.P.Num(policy.PVPostShareMin); ok && share < min-eps {
				emit(o.ID(), c.Year, total.String(), fmtPct(share), fmtNum(min))
			}
		},
	},
)

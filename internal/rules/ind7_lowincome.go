package rules

import (
	"fmt"

	"github.com/gonggu/gonggu/internal/assistance"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 7 over the domain's lists: the rural low-income population of civil affairs and its
// regular assistance, and small loans. Household rules read what the lists know of a household
// (House.Fact(assistance.Domain)); the families and the loans are objects.
var ind7Lists = []*Rule{
	{
		ID: "I7-11", Indicator: 7, Severity: High, Subject: Household,
		Title:   "低收入一般农户未纳入常态化帮扶",
		Explain: "一般农户 %d 年人均纯收入 %s 元，低于农村低收入人口参考线 %s 元，不在农村低收入人口名单中，近一年也没有常态化帮扶记录",
		Params:  []policy.Name{policy.LowIncomeLine},
		Needs:   []registry.Field{registry.HCategory, registry.IWages, registry.IBusiness, registry.IProperty, registry.ITransfers, registry.IBusinessExpense},
		Reads:   []registry.Field{registry.ISize, registry.HDibao, registry.HTekun, registry.PDibao, registry.PTekun},
		Basis: "农村低收入人口常态化帮扶要求把收入低于参考线的农户纳入低收入人口动态监测，分层分类落实帮扶（后评估“农村低收入人口常态化帮扶”指标：低收入农户无帮扶）；" +
			"只在县里导入了民政部门的农村低收入人口名单时判断，名单按证件号码与农户信息比对",
		Fix: "入户核实家庭收入和困难情况：符合条件的协助申请低保、低保边缘或刚性支出困难认定，纳入低收入人口名单并定期走访帮扶；收入登记有误的更正",
		Cases: []Case{
			{Desc: "一般农户，人均纯收入 6,850 元，县里有低收入人口名单，本户不在名单中、也无帮扶记录", From: ordinary, Set: pc(6850),
				Facts: map[string]any{assistance.Domain: &assistance.Facts{LowIncome: true}}, Fires: []string{hhNo}},
			{Desc: "一般农户，人均纯收入 7,000 元（等于参考线）", From: ordinary, Set: pc(7000),
				Facts: map[string]any{assistance.Domain: &assistance.Facts{LowIncome: true}}},
			{Desc: "一般农户，人均纯收入 6,850 元，在名单中（低保边缘）", From: ordinary, Set: pc(6850),
				Facts: map[string]any{assistance.Domain: &assistance.Facts{LowIncome: true, Families: []assistance.FamilyFact{{Category: "低保边缘"}}}}},
			{Desc: "一般农户，人均纯收入 6,850 元，享受低保", From: ordinary, Set: both(pc(6850), householdDibao),
				Facts: map[string]any{assistance.Domain: &assistance.Facts{LowIncome: true}}},
			{Desc: "一般农户，人均纯收入 6,850 元，县里没有导入低收入人口名单（未采集）", From: ordinary, Set: pc(6850)},
			{Desc: "脱贫户，人均纯收入 6,850 元：由 I2-01 判断", Set: pc(6850), Facts: map[string]any{assistance.Domain: &assistance.Facts{LowIncome: true}}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f, _ := h.Fact(assistance.Domain).(*assistance.Facts)
			if f == nil || !f.LowIncome || h.Target || h.Income == nil || lowIncome(h) {
				return
			}
			line := c.P.Money(policy.LowIncomeLine)
			if h.PerCapita < line && !f.Assisted(monthsBefore(c.Ref, 12)) {
				emit(h.H.No, h.Income.Year, h.PerCapita, line)
			}
		},
	},
	{
		ID: "I7-14", Indicator: 7, Severity: Medium, Subject: Household,
		Title:   "有贷款意愿的帮扶对象未获得小额信贷",
		Explain: "%s 走访登记有贷款意愿（%s），已 %d 天仍未获得小额信贷（期限 %d 天）；家中有符合条件的借款人：%s",
		Params:  []policy.Name{policy.LoanWishDays, policy.LoanAgeMin, policy.LoanAgeMax},
		Reads:   []registry.Field{registry.PIDNumber, registry.PLabourSkill},
		Basis: "脱贫人口小额信贷对有贷款意愿、有就业创业潜质和还款能力的脱贫户和监测户应贷尽贷，不得因“干部不愿意麻烦”而不办（后评估“农村低收入人口常态化帮扶”指标）；" +
			"借款人年龄在 18–65 岁、有劳动能力；只在县里登记了走访时的贷款意愿时判断",
		Fix: "帮扶干部协助本户向合作银行申请评级授信和贷款；确不符合条件的向本户说明原因并在走访记录中登记",
		Cases: []Case{
			{Desc: "脱贫户 2026-08-01 走访登记有贷款意愿，至今没有贷款", Facts: map[string]any{assistance.Domain: wishFacts(2026, 8, 1, registry.Yes)}, Fires: []string{hhNo}},
			{Desc: "脱贫户 2026-10-01 登记有贷款意愿（58 天，未超过 60 天）", Facts: map[string]any{assistance.Domain: wishFacts(2026, 10, 1, registry.Yes)}},
			{Desc: "脱贫户 2026-08-01 登记有意愿，2026-09-10 已放款", Facts: map[string]any{assistance.Domain: withLoan(wishFacts(2026, 8, 1, registry.Yes), 2026, 9, 10, true)}},
			{Desc: "脱贫户 2026-08-01 登记没有贷款意愿", Facts: map[string]any{assistance.Domain: wishFacts(2026, 8, 1, registry.No)}},
			{Desc: "脱贫户登记有意愿，但夫妻都丧失劳动力", Set: both(skillOf(0, "丧失劳动力"), skillOf(1, "丧失劳动力")),
				Facts: map[string]any{assistance.Domain: wishFacts(2026, 8, 1, registry.Yes)}},
			{Desc: "一般农户（非帮扶对象）登记有意愿", From: ordinary, Facts: map[string]any{assistance.Domain: wishFacts(2026, 8, 1, registry.Yes)}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f, _ := h.Fact(assistance.Domain).(*assistance.Facts)
			if f == nil || f.Wish == nil || f.Wish.Wants != registry.Yes || !h.Target || f.LoanSince(f.Wish.On) {
				return
			}
			days, limit := daysBetween(f.Wish.On, c.Ref), c.P.Int(policy.LoanWishDays)
			if who := borrowers(c, h); days > limit && who != "" {
				emit(h.H.No, f.Wish.On.String(), blankAs(f.Wish.Note, "未说明用途"), days, limit, who)
			}
		},
	},
	{
		ID: "I7-15", Indicator: 7, Severity: Medium, Subject: Household,
		Title:   "监测户被排除在小额信贷评级授信之外",
		Explain: "监测户有符合条件的借款人（%s），但不在银行的评级授信名单中",
		Params:  []policy.Name{policy.LoanAgeMin, policy.LoanAgeMax},
		Reads:   []registry.Field{registry.HCategory, registry.PIDNumber, registry.PLabourSkill},
		Basis: "脱贫人口小额信贷的支持对象包括边缘易致贫户等监测对象，不得只对脱贫户评级授信（《关于进一步做好脱贫人口小额信贷工作的通知》）；" +
			"只在县里导入了评级授信名单时判断",
		Fix: "协调合作银行对本户开展评级授信，纳入名单；确不符合授信条件的登记原因",
		Cases: []Case{
			{Desc: "监测户在评级授信名单中", From: monitored, Facts: map[string]any{assistance.Domain: &assistance.Facts{Ratings: true, Rated: true}}},
			{Desc: "监测户不在评级授信名单中，户主 45 岁普通劳动力", From: monitored, Facts: map[string]any{assistance.Domain: &assistance.Facts{Ratings: true}}, Fires: []string{hhNo}},
			{Desc: "监测户不在名单中，户主 66 岁、妻子弱劳动力但也已 66 岁", From: monitored, Set: both(born(0, 1960, 1, 1), born(1, 1960, 2, 1)),
				Facts: map[string]any{assistance.Domain: &assistance.Facts{Ratings: true}}},
			{Desc: "未纳入监测的脱贫户不在名单中", Facts: map[string]any{assistance.Domain: &assistance.Facts{Ratings: true}}},
			{Desc: "监测户，县里没有导入评级授信名单（未采集）", From: monitored, Facts: map[string]any{assistance.Domain: &assistance.Facts{}}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f, _ := h.Fact(assistance.Domain).(*assistance.Facts)
			if f == nil || !f.Ratings || f.Rated || !h.H.Monitored() {
				return
			}
			if who := borrowers(c, h); who != "" {
				emit(h.H.No, who)
			}
		},
	},
}

// borrowers names the household's members who may borrow a small loan: of the age the policy
// allows and able to work.
func borrowers(c *Context, h *House) string {
	lo, hi := c.P.Int(policy.LoanAgeMin), c.P.Int(policy.LoanAgeMax)
	var who []string
	for _, m := range h.Members {
		if m.CanWork && m.AgeKnown && m.Age >= lo && m.Age <= hi {
			who = append(who, fmt.Sprintf("%s %d 岁", m.Name, m.Age))
		}
	}
	return joinCN(who)
}

// daysBetween returns the whole days from a to b.
func daysBetween(a, b registry.Date) int { return int(b.Time().Sub(a.Time()).Hours() / 24) }

var _ = registerObjects(
	&ObjectRule{
		ID: "I7-12", Indicator: 7, Severity: High, Kind: assistance.KindFamily,
		Title:   "低收入人口住院或患大病后未及时跟进",
		Explain: "%s于 %s 住院或确诊大病，%d 天内没有跟进帮扶（%s）",
		Params:  []policy.Name{policy.LowIncomeFollowDays},
		Basis: "低收入人口因病住院或患大病的，应在期限内上门了解医疗费用和生活困难，及时落实医疗救助、临时救助等帮扶，不能“等出院了再说”（后评估“农村低收入人口常态化帮扶”指标）；" +
			"住院或确诊日期取民政部门名单，跟进以常态化帮扶记录为准",
		Fix: "立即安排帮扶干部或村干部入户（或电话）了解住院治疗和费用情况，协助申请医疗救助、临时救助，登记帮扶记录",
		Cases: []ObjectCase{
			{Desc: "2026-11-01 住院，2026-11-05 入户走访", Object: familyCase(famIllOn(2026, 11, 1), famRecords(registry.NewDate(2026, 11, 5)))},
			{Desc: "2026-11-01 住院，至今没有帮扶记录（27 天）", Object: familyCase(famIllOn(2026, 11, 1)), Fires: true},
			{Desc: "2026-11-01 住院，2026-11-16 才电话联系（第 15 天）", Object: familyCase(famIllOn(2026, 11, 1), famRecords(registry.NewDate(2026, 11, 16)))},
			{Desc: "2026-11-01 住院，2026-11-20 才走访（第 19 天）", Object: familyCase(famIllOn(2026, 11, 1), famRecords(registry.NewDate(2026, 11, 20))), Fires: true},
			{Desc: "2026-11-20 住院，8 天内还没有记录（期限未到）", Object: familyCase(famIllOn(2026, 11, 20))},
			{Desc: "名单中没有住院或患大病", Object: familyCase()},
		},
		Check: func(c *Context, o Object, emit Emit) {
			f := o.(*assistance.FamilyObject)
			if f.Ill != registry.Yes || f.IllOn.IsZero() {
				return
			}
			limit := c.P.Int(policy.LowIncomeFollowDays)
			first := f.FirstSince(f.IllOn)
			switch {
			case first.IsZero() && daysBetween(f.IllOn, c.Ref) > limit:
				emit(f.ID(), f.Label(), f.IllOn.String(), limit, "至今没有帮扶记录")
			case !first.IsZero() && daysBetween(f.IllOn, first) > limit:
				emit(f.ID(), f.Label(), f.IllOn.String(), limit, fmt.Sprintf("第 %d 天才首次跟进", daysBetween(f.IllOn, first)))
			}
		},
	},
	&ObjectRule{
		ID: "I7-13", Indicator: 7, Severity: Medium, Kind: assistance.KindFamily,
		Title:   "低收入人口帮扶记录超过一个季度未更新",
		Explain: "%s%s，已 %d 天未更新帮扶记录和帮扶手册（%d 天内应更新）",
		Params:  []policy.Name{policy.LowIncomeRecordDays},
		Basis: "农村低收入人口实行常态化帮扶，帮扶干部定期走访并更新帮扶措施和帮扶手册，不能“还停留在上半年”（后评估“农村低收入人口常态化帮扶”指标）；" +
			"从最近一次帮扶记录（没有记录时从认定日期）起算",
		Fix: "安排帮扶干部入户走访，了解家庭变化，调整帮扶措施，更新帮扶手册并登记帮扶记录",
		Cases: []ObjectCase{
			{Desc: "最近一次帮扶记录 2026-10-10", Object: familyCase(famRecords(registry.NewDate(2026, 10, 10)))},
			{Desc: "最近一次帮扶记录 2026-08-30（90 天）", Object: familyCase(famRecords(registry.NewDate(2026, 8, 30)))},
			{Desc: "最近一次帮扶记录 2026-06-15（还停留在上半年）", Object: familyCase(famRecords(registry.NewDate(2026, 3, 2), registry.NewDate(2026, 6, 15))), Fires: true},
			{Desc: "2025-03-01 认定，从没有帮扶记录", Object: familyCase(), Fires: true},
			{Desc: "2026-10-01 新认定，还没有帮扶记录", Object: familyCase(func(f *assistance.FamilyObject) { f.Since = registry.NewDate(2026, 10, 1) })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			f := o.(*assistance.FamilyObject)
			limit := c.P.Int(policy.LowIncomeRecordDays)
			from, what := f.Last(), "最近一次帮扶记录为 "+f.Last().String()
			if from.IsZero() {
				from, what = f.Since, "自 "+f.Since.String()+" 认定以来没有帮扶记录"
			}
			if from.IsZero() {
				emit(f.ID(), f.Label(), "没有帮扶记录，也没有认定日期", 0, limit)
				return
			}
			if days := daysBetween(from, c.Ref); days > limit {
				emit(f.ID(), f.Label(), what, days, limit)
			}
		},
	},
	&ObjectRule{
		ID: "I7-16", Indicator: 7, Severity: Medium, Kind: assistance.KindLoan,
		Title:   "小额信贷逾期",
		Explain: "%s（借款人「%s」，%s 元，%s 放款，%s 到期）%s",
		Basis: "脱贫人口小额信贷应防范化解逾期风险，对逾期贷款逐笔分析原因、制定还款计划，符合条件的办理续贷或展期（《关于进一步做好脱贫人口小额信贷工作的通知》）；" +
			"逾期以台账中的状态、逾期金额或到期未还为准",
		Fix: "帮扶干部会同合作银行入户了解还款困难，符合条件的办理展期或续贷，因灾因病无力偿还的落实帮扶措施和风险补偿，并更新台账",
		Cases: []ObjectCase{
			{Desc: "贷款正常，2027-05-10 到期", Object: loanCase("正常", registry.NewDate(2027, 5, 10), 0)},
			{Desc: "贷款状态「逾期」，逾期 20,000 元", Object: loanCase("逾期", registry.NewDate(2026, 9, 10), 20000), Fires: true},
			{Desc: "贷款状态「正常」，但 2026-09-10 已到期未还", Object: loanCase("正常", registry.NewDate(2026, 9, 10), 0), Fires: true},
			{Desc: "贷款已展期到 2027-09-10", Object: loanCase("展期", registry.NewDate(2027, 9, 10), 0)},
			{Desc: "贷款已还清", Object: loanCase("已还清", registry.NewDate(2026, 9, 10), 0)},
		},
		Check: func(c *Context, o Object, emit Emit) {
			l := o.(*assistance.LoanObject)
			if !l.OverdueOn(c.Ref) {
				return
			}
			what := "已到期未还清"
			if l.Overdue > 0 {
				what = "逾期金额 " + l.Overdue.String() + " 元"
			}
			emit(l.ID(), l.Label(), l.Borrower, l.Amount.String(), l.Issued.String(), blankAs(l.Due.String(), "未填"), what)
		},
	},
)

// familyCase is a 低保 family of the casebook's village recognised in 2025-03, its head the
// casebook's head, changed by the options.
func familyCase(opts ...func(*assistance.FamilyObject)) func() Object {
	return func() Object {
		f := &assistance.FamilyObject{Family: assistance.Family{ID: "F1", County: region.Code(village).County(), Village: village,
			Head: "王建国", HeadID: headKey, Size: 3, Category: "低保", Since: registry.NewDate(2025, 3, 1), HouseholdNo: hhNo}}
		for _, o := range opts {
			o(f)
		}
		return f
	}
}

func famIllOn(y, m, d int) func(*assistance.FamilyObject) {
	return func(f *assistance.FamilyObject) { f.Ill, f.IllOn = registry.Yes, registry.NewDate(y, monthOf(m), d) }
}

func famRecords(ds ...registry.Date) func(*assistance.FamilyObject) {
	return func(f *assistance.FamilyObject) { f.Records = append(f.Records, ds...) }
}

func loanCase(st string, due registry.Date, overdue int64) func() Object {
	return func() Object {
		return &assistance.LoanObject{Loan: assistance.Loan{ID: "DK2024-0088", County: region.Code(village).County(), Village: village,
			HouseholdNo: hhNo, Borrower: "王建国", BorrowerID: headKey, Bank: "甘肃省农村信用社", Amount: registry.Yuan(50000),
			Issued: registry.NewDate(2023, 9, 10), Due: due, Use: "养殖", Status: st, Overdue: registry.Yuan(overdue)}}
	}
}

// wishFacts is what the lists know of a household whose latest visit recorded the loan wish.
func wishFacts(y, m, d int, wants registry.Flag) *assistance.Facts {
	return &assistance.Facts{Wishes: true, Loans: true, Wish: &assistance.Wish{On: registry.NewDate(y, monthOf(m), d), Wants: wants, Note: "养羊"}}
}

// withLoan adds a loan issued on the day.
func withLoan(f *assistance.Facts, y, m, d int, outstanding bool) *assistance.Facts {
	f.LoanFacts = append(f.LoanFacts, assistance.LoanFact{Issued: registry.NewDate(y, monthOf(m), d), Outstanding: outstanding})
	return f
}

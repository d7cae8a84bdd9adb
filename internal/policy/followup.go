package policy

// The parameters of indicators 3, 6 and 7 over the objects beyond the registry: resettlement
// sites and follow-up support, public-welfare posts and their pay, employment workshops, the
// employment figures against last year, work needs, the low-income list and its regular
// assistance, and small loans. Each is set per region and year like the others; the defaults
// are reasonable values a county confirms (the issue's: a need older than N days, pay unpaid
// for N months, a record not updated for a quarter).
const (
	FollowUpMonths      Name = "relocation_followup_months"
	PostUnpaidMonths    Name = "post_unpaid_months"
	AwayMonths          Name = "away_work_months"
	PostDropPct         Name = "post_drop_pct"
	PostLabourPct       Name = "post_labour_pct"
	WorkshopDropPct     Name = "workshop_drop_pct"
	EmploymentDropPct   Name = "employment_drop_pct"
	EmploymentNational  Name = "employment_national_change"
	WorkNeedDays        Name = "work_need_days"
	LowIncomeLine       Name = "low_income_line"
	LowIncomeFollowDays Name = "low_income_followup_days"
	LowIncomeRecordDays Name = "low_income_record_days"
	LoanWishDays        Name = "loan_wish_days"
)

// followupDefaults are the defaults of the parameters above.
var followupDefaults = []Param{
	{FollowUpMonths, "搬迁户后续扶持记录的最长间隔", "月", Number, "6", "default"},
	{PostUnpaidMonths, "公益性岗位补贴连续未发放即预警的月数", "月", Number, "3", "default"},
	{AwayMonths, "在外务工达到此月数即视为不在本地就业（公益性岗位人员看省外、境外，帮扶车间人员看县外）", "月", Number, "6", "default"},
	{PostDropPct, "乡镇或县的公益性岗位数较上年同日减少超过此比例即预警", "%", Number, "10", "default"},
	{PostLabourPct, "村公益性岗位数达到有劳动能力帮扶对象人数的此比例即视为“人均一岗”", "%", Number, "100", "default"},
	{WorkshopDropPct, "就业帮扶车间吸纳帮扶对象人数较上年同日减少超过此比例即视为萎缩", "%", Number, "30", "default"},
	{EmploymentDropPct, "脱贫劳动力务工就业人数较上年减少超过此比例即预警", "%", Number, "0", "default"},
	{EmploymentNational, "全国脱贫劳动力务工就业规模较上年的变化（录入，如 1.5 或 -0.8；空为未录入）", "%", Text, "", "entered"},
	{WorkNeedDays, "登记就业需求后落实就业帮扶的期限", "天", Number, "30", "default"},
	{LowIncomeLine, "农村低收入人口参考线（人均纯收入，一般为低保标准的 1.5 倍）", "元/人·年", Number, "7000", "default"},
	{LowIncomeFollowDays, "低收入人口住院或患大病后跟进帮扶的期限", "天", Number, "15", "default"},
	{LowIncomeRecordDays, "低收入人口常态化帮扶记录（走访、帮扶手册）的最长更新间隔", "天", Number, "90", "default"},
	{LoanWishDays, "走访登记有贷款意愿后落实小额信贷的期限", "天", Number, "60", "default"},
}

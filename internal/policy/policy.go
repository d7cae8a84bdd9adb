// Package policy holds the policy parameters the screening rules read: the monitoring income
// line, age bounds, deadlines, alert thresholds (DOMAIN.md section 5). Each has a documented
// default shipped here; a province, city or county overrides it for a year, or for every year,
// and the most specific region wins. Rules never hold a threshold of their own.
package policy

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Name names a parameter.
type Name string

// Kind is the type of a parameter's value.
type Kind int

// The kinds of parameter values.
const (
	Number Kind = iota // a number: yuan, months, days, years of age, a count or a percentage
	Text               // free text, such as the age reference date
)

// Param is a parameter with its shipped default.
type Param struct {
	Name    Name
	Title   string // what it is, in Chinese
	Unit    string // 元, 月, 天, 岁, 户, %, …
	Kind    Kind
	Default string
	Source  string // policy, policy example or default (DOMAIN.md section 5)
}

// The parameters. The names are stable: they are stored in the params table.
const (
	AgeReference       Name = "age_reference"
	MonitorLine        Name = "monitor_line"
	MedicalTriggerLow  Name = "medical_trigger_low"
	MedicalTrigger     Name = "medical_trigger_other"
	StableIncomeMonths Name = "elim_stable_income_months"
	ElimMinMonths      Name = "elim_min_months"
	ElimRuleFrom       Name = "elim_rule_from"
	IdentDeadlineDays  Name = "ident_deadline_days"
	MeasureGraceMonths Name = "measure_grace_months"
	EduAgeMin          Name = "edu_age_min"
	EduAgeMax          Name = "edu_age_max"
	IndustryShareMin   Name = "fund_industry_share_min"
	PVPostShareMin     Name = "pv_post_share_min"
	LoanMax            Name = "loan_max"
	LoanTermYears      Name = "loan_term_years"
	LoanAgeMin         Name = "loan_age_min"
	LoanAgeMax         Name = "loan_age_max"
	RelocEmployedMin   Name = "relocated_employed_min"
	VisitMonitoredDays Name = "visit_monitored_days"
	VisitOtherDays     Name = "visit_other_days"
	VisitCampaignStart Name = "visit_campaign_start_month"
	VisitCampaignEnd   Name = "visit_campaign_end_month"
	VisitFollowUpDays  Name = "visit_followup_days"
	VisitMedicalDays   Name = "visit_medical_days"
	HelperMaxHouses    Name = "helper_households_max"
	HandoverDays       Name = "helper_handover_days"
	SharedPhoneMin     Name = "shared_phone_households"
	TeamDaysMin        Name = "team_days_min"
	TeamLeaveDays      Name = "team_leave_township_days"
	GridMin            Name = "grid_households_min"
	GridMax            Name = "grid_households_max"
	GridMemberAgeMax   Name = "grid_member_age_max"
	PostAgeMin         Name = "post_age_min"
	PostAgeMax         Name = "post_age_max"
	PostsPerPerson     Name = "posts_per_person"
	PostsPerHousehold  Name = "posts_per_household"
	WorkshopMinWorkers Name = "workshop_min_workers"
	PetitionAcceptDays Name = "petition_accept_days"
	PetitionCloseDays  Name = "petition_conclude_days"
	SatisfactionTarget Name = "satisfaction_target"
	MissedRateMax      Name = "missed_rate_max"
	WorkAgeMin         Name = "working_age_min"
	WorkAgeMax         Name = "working_age_max"
	IncomeDropPct      Name = "income_drop_pct"
	IncomeLowLook      Name = "income_low_look"
	DeclaredPCGap      Name = "declared_pc_gap"
	WageLowMax         Name = "wage_low_max"
	IdentIncomeMax     Name = "ident_income_max"
	IdentIncomeFrom    Name = "ident_income_from_year"
	LackLabourMinSize  Name = "lack_labour_min_size"
	LackLabourAblePct  Name = "lack_labour_able_pct"
	LackLabourFullPct  Name = "lack_labour_full_pct"
	MedPremiumCutoff   Name = "med_premium_cutoff"
	PrimaryAgeMin      Name = "grade_primary_age_min"
	PrimaryAgeMax      Name = "grade_primary_age_max"
	JuniorAgeMin       Name = "grade_junior_age_min"
	JuniorAgeMax       Name = "grade_junior_age_max"
	SeniorAgeMin       Name = "grade_senior_age_min"
	SeniorAgeMax       Name = "grade_senior_age_max"
	CollegeAgeMin      Name = "grade_college_age_min"
	MasterAgeMin       Name = "grade_master_age_min"
	PreschoolAgeMax    Name = "preschool_age_max"
	LowEduAgeMin       Name = "low_education_age_min"
	LowEduAgeMax       Name = "low_education_age_max"
	TekunAgeMin        Name = "tekun_check_age_min"
	TekunAgeMax        Name = "tekun_check_age_max"
	DisabilityGradeMax Name = "disability_subsidy_grade_max"
)

// Defaults is the table of shipped defaults, in the order `gonggu params` lists them; the
// scoring configuration (scoring.go) comes last.
var Defaults = append([]Param{
	{AgeReference, "年龄计算参考日期（today 为运行当日，或 MM-DD 为评估年度的该日）", "", Text, "today", "default"},
	{MonitorLine, "防止返贫监测范围（人均纯收入）", "元/人·年", Number, "8000", "policy"},
	{MedicalTriggerLow, "低保特困户合规自付医疗支出预警线", "元", Number, "10000", "policy example"},
	{MedicalTrigger, "其他农户合规自付医疗支出预警线", "元", Number, "26000", "policy example"},
	{StableIncomeMonths, "风险消除前收入稳定的月数", "月", Number, "6", "policy"},
	{ElimMinMonths, "识别后至风险消除的最少月数", "月", Number, "6", "policy"},
	{ElimRuleFrom, "最少月数规定适用于此年月（YYYYMM）及以后的消除", "年月", Number, "202204", "policy"},
	{IdentDeadlineDays, "从发现线索到识别纳入的期限", "天", Number, "15", "policy"},
	{MeasureGraceMonths, "识别后落实帮扶措施的期限", "月", Number, "1", "policy"},
	{EduAgeMin, "义务教育起始年龄", "岁", Number, "6", "policy"},
	{EduAgeMax, "义务教育截止年龄", "岁", Number, "15", "policy"},
	{IndustryShareMin, "衔接资金用于产业的比例下限", "%", Number, "60", "policy"},
	{PVPostShareMin, "光伏收益用于公益岗位和小型公益事业的比例下限", "%", Number, "80", "default"},
	{LoanMax, "小额信贷最高金额", "元", Number, "50000", "policy"},
	{LoanTermYears, "小额信贷最长期限", "年", Number, "3", "policy"},
	{LoanAgeMin, "小额信贷借款人最低年龄", "岁", Number, "18", "policy"},
	{LoanAgeMax, "小额信贷借款人最高年龄", "岁", Number, "65", "policy"},
	{RelocEmployedMin, "有劳动力的搬迁户至少就业人数", "人", Number, "1", "policy"},
	{VisitMonitoredDays, "未消除风险监测户的走访间隔", "天", Number, "30", "default"},
	{VisitOtherDays, "其他帮扶对象的走访间隔", "天", Number, "90", "default"},
	{VisitCampaignStart, "大走访开始月份（一般农户每次大走访至少走访一次）", "月", Number, "9", "default"},
	{VisitCampaignEnd, "大走访结束月份（早于开始月份时跨年）", "月", Number, "11", "default"},
	{VisitFollowUpDays, "走访发现困难后跟进（再次走访或落实措施）的期限", "天", Number, "15", "default"},
	{VisitMedicalDays, "大额医疗支出户的走访间隔", "天", Number, "30", "default"},
	{HelperMaxHouses, "每名帮扶责任人结对帮扶户数上限", "户", Number, "5", "policy (local)"},
	{HandoverDays, "帮扶责任人调离、退休或去世后重新结对的期限", "天", Number, "30", "default"},
	{SharedPhoneMin, "同一联系电话出现在多少户的人员上即预警", "户", Number, "3", "default"},
	{TeamDaysMin, "驻村工作队员每月在村天数下限", "天", Number, "20", "policy"},
	{TeamLeaveDays, "乡镇可批准的驻村队员请假天数上限", "天", Number, "3", "policy"},
	{GridMin, "网格户数下限", "户", Number, "20", "policy"},
	{GridMax, "网格户数上限", "户", Number, "100", "policy"},
	{GridMemberAgeMax, "网格员年龄上限", "岁", Number, "70", "policy"},
	{PostAgeMin, "公益性岗位人员最低年龄", "岁", Number, "16", "policy"},
	{PostAgeMax, "公益性岗位人员最高年龄（新聘 60 岁，最多放宽到此）", "岁", Number, "65", "policy"},
	{PostsPerPerson, "每人最多公益性岗位数", "个", Number, "1", "policy"},
	{PostsPerHousehold, "每户最多公益性岗位数", "个", Number, "1", "policy"},
	{WorkshopMinWorkers, "就业帮扶车间吸纳脱贫劳动力下限", "人", Number, "5", "policy"},
	{PetitionAcceptDays, "信访受理期限", "天", Number, "15", "policy"},
	{PetitionCloseDays, "信访办结期限", "天", Number, "60", "policy"},
	{SatisfactionTarget, "群众满意度目标", "%", Number, "95", "default"},
	{MissedRateMax, "漏纳率上限", "%", Number, "2", "default"},
	{WorkAgeMin, "劳动年龄下限", "岁", Number, "16", "policy"},
	{WorkAgeMax, "劳动年龄上限", "岁", Number, "59", "policy"},
	{IncomeDropPct, "人均纯收入较上年下降预警比例", "%", Number, "10", "default"},
	{IncomeLowLook, "人均纯收入偏低需核实线", "元", Number, "4000", "default"},
	{DeclaredPCGap, "按收入分项重算的人均纯收入与导出表所列之差的容许值", "元", Number, "10", "default"},
	{WageLowMax, "工资性收入异常偏低上限（大于 0 且不超过此数）", "元", Number, "100", "default"},
	{IdentIncomeMax, "新识别监测户人均纯收入上限", "元", Number, "20000", "default"},
	{IdentIncomeFrom, "新识别监测户收入上限适用的起始识别年度", "年", Number, "2023", "default"},
	{LackLabourMinSize, "缺劳动力风险按比例核查的最少家庭人口", "人", Number, "4", "default"},
	{LackLabourAblePct, "缺劳动力户中有劳动能力成员占比上限", "%", Number, "50", "default"},
	{LackLabourFullPct, "缺劳动力户中普通或技能劳动力占比上限（超过即与缺劳动力不符）", "%", Number, "25", "default"},
	{MedPremiumCutoff, "城乡居民医保个人缴费补贴的识别截止月（1–12 为筛查年度上一年的该月，或 YYYYMM）：此月及以前识别的监测户应登记当年补贴，以后识别的不应登记", "", Text, "12", "default"},
	{PrimaryAgeMin, "小学在读年龄下限", "岁", Number, "6", "default"},
	{PrimaryAgeMax, "小学在读年龄上限", "岁", Number, "14", "default"},
	{JuniorAgeMin, "初中（七至九年级）在读年龄下限", "岁", Number, "12", "default"},
	{JuniorAgeMax, "初中（七至九年级）在读年龄上限", "岁", Number, "17", "default"},
	{SeniorAgeMin, "高中、中职在读年龄下限", "岁", Number, "15", "default"},
	{SeniorAgeMax, "高中、中职在读年龄上限", "岁", Number, "20", "default"},
	{CollegeAgeMin, "高职、技师学院、本科在读年龄下限", "岁", Number, "18", "default"},
	{MasterAgeMin, "硕士研究生在读年龄下限", "岁", Number, "20", "default"},
	{PreschoolAgeMax, "学龄前儿童、学前教育的年龄上限（健康）", "岁", Number, "6", "default"},
	{LowEduAgeMin, "文化程度为文盲或小学需核实的年龄下限", "岁", Number, "16", "default"},
	{LowEduAgeMax, "文化程度为文盲或小学需核实的年龄上限", "岁", Number, "22", "default"},
	{TekunAgeMin, "健康的特困供养人员需核实的年龄下限", "岁", Number, "18", "default"},
	{TekunAgeMax, "健康的特困供养人员需核实的年龄上限", "岁", Number, "59", "default"},
	{DisabilityGradeMax, "应享受重度残疾人护理补贴的残疾等级（残疾人证第 20 位，1 至此数）", "级", Number, "2", "policy"},
}, append(append(append(append(append(fundDefaults, perfDefaults()...), recognitionDefaults...), followupDefaults...), dutyDefaults...), scoringDefaults()...)...)

var byName = func() map[Name]int {
	m := make(map[Name]int, len(Defaults))
	for i, p := range Defaults {
		m[p.Name] = i
	}
	return m
}()

// Lookup returns the parameter with the name.
func Lookup(n Name) (Param, bool) {
	i, ok := byName[n]
	if !ok {
		return Param{}, false
	}
	return Defaults[i], true
}

// Validate reports whether value is acceptable for the parameter.
func Validate(n Name, value string) error {
	p, ok := Lookup(n)
	if !ok {
		return errs.E(errs.Invalid, "没有名为「%s」的政策参数", n)
	}
	value = strings.TrimSpace(value)
	switch {
	case n == AgeReference:
		if value == "today" {
			return nil
		}
		if _, err := time.Parse("01-02", value); err != nil {
			return errs.E(errs.Invalid, "参数 %s 应为 today 或 MM-DD（如 09-01），而不是「%s」", n, value)
		}
	case n == MedPremiumCutoff:
		if _, ok := premiumCutoff(value, 2000); !ok {
			return errs.E(errs.Invalid, "参数 %s 应为月份 1–12（筛查年度上一年的该月）或 YYYYMM（如 202602），而不是「%s」", n, value)
		}
	case validators[n] != nil:
		return validators[n](value)
	case p.Kind == Number:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || f != f {
			return errs.E(errs.Invalid, "参数 %s（%s）应为数字，而不是「%s」", n, p.Title, value)
		}
		if f < 0 {
			return errs.E(errs.Invalid, "参数 %s（%s）不能为负数", n, p.Title)
		}
		if f > maxNumber {
			return errs.E(errs.Invalid, "参数 %s（%s）的值「%s」过大，不能超过 10 亿", n, p.Title, value)
		}
	}
	return nil
}

// maxNumber bounds a number parameter. No threshold comes near it (the largest are loans of
// tens of thousands of yuan), and below it the typed getters are exact: Inf or 1e100 would
// turn Int and Money into nonsense (on amd64 the most negative int64).
const maxNumber = 1e9

// Override is a stored value of a parameter for a region prefix ("" for the whole country)
// and a year (0 for every year).
type Override struct {
	Prefix    string // "", or the prefix of a province, city or county code
	Year      int
	Name      Name
	Value     string
	UpdatedBy string
	UpdatedAt time.Time
}

// ValidatePrefix checks an override's region prefix: empty, or 2, 4 or 6 digits.
func ValidatePrefix(p string) error {
	switch len(p) {
	case 0:
		return nil
	case 2, 4, 6:
		if c, err := region.ParseCode(p); err == nil && c.Prefix() == p {
			return nil
		}
	}
	return errs.E(errs.Invalid, "参数的适用区域应为全国，或省、市、县级区划代码，而不是「%s」", p)
}

// Set is the resolved parameters of one county and year: each name's value and where it came
// from. Rules read it through the typed getters; a Set is safe for concurrent reads.
type Set struct {
	County region.Code
	Year   int
	nums   []float64
	texts  []string
	source []string // "默认" or the override's prefix and year
	allow  map[Name]bool
}

// Resolve computes the parameters of county for year from the overrides: for each parameter
// the override with the longest prefix of the county's code wins, an exact year beating year 0
// at the same prefix; without one the shipped default applies. Overrides of other regions are
// ignored, so callers may pass every stored override.
func Resolve(county region.Code, year int, overrides []Override) (*Set, error) {
	s := &Set{County: county, Year: year, nums: make([]float64, len(Defaults)),
		texts: make([]string, len(Defaults)), source: make([]string, len(Defaults))}
	best := make([]int, len(Defaults)) // score of the value in place: -1 default
	for i, p := range Defaults {
		s.texts[i] = p.Default
		s.source[i] = "默认"
		best[i] = -1
	}
	code := string(county)
	for _, o := range overrides {
		i, ok := byName[o.Name]
		if !ok || !strings.HasPrefix(code, o.Prefix) || (o.Year != 0 && o.Year != year) {
			continue
		}
		score := len(o.Prefix) * 2
		if o.Year != 0 {
			score++
		}
		if score <= best[i] {
			continue
		}
		best[i] = score
		s.texts[i] = strings.TrimSpace(o.Value)
		s.source[i] = describe(o)
	}
	for i, p := range Defaults {
		if err := Validate(p.Name, s.texts[i]); err != nil {
			return nil, fmt.Errorf("policy.resolve %s: %w", county, err)
		}
		if p.Kind == Number {
			s.nums[i], _ = strconv.ParseFloat(s.texts[i], 64)
		}
	}
	return s, nil
}

// MustDefaults returns the shipped defaults as a Set, for tests and tools.
func MustDefaults(year int) *Set {
	s, err := Resolve("", year, nil)
	if err != nil {
		panic(err)
	}
	return s
}

func describe(o Override) string {
	where := "全国"
	if o.Prefix != "" {
		where = o.Prefix
	}
	if o.Year == 0 {
		return where + "（各年度）"
	}
	return fmt.Sprintf("%s（%d 年度）", where, o.Year)
}

func (s *Set) index(n Name) int {
	i, ok := byName[n]
	if !ok {
		panic("policy: unknown parameter " + string(n))
	}
	if s.allow != nil && !s.allow[n] {
		panic("policy: parameter " + string(n) + " read but not declared")
	}
	return i
}

// Restrict returns a copy of the set that panics when a parameter outside names is read: tests
// use it to hold each rule to the parameters it declares.
func (s *Set) Restrict(names []Name) *Set {
	r := *s
	r.allow = make(map[Name]bool, len(names))
	for _, n := range names {
		r.allow[n] = true
	}
	return &r
}

// Num returns a number parameter.
func (s *Set) Num(n Name) float64 { return s.nums[s.index(n)] }

// Int returns a number parameter rounded down to a whole number.
func (s *Set) Int(n Name) int { return int(s.nums[s.index(n)]) }

// Money returns a parameter in yuan as Money.
func (s *Set) Money(n Name) registry.Money { return registry.Money(s.nums[s.index(n)]*100 + 0.5) }

// Text returns a parameter's text.
func (s *Set) Text(n Name) string { return s.texts[s.index(n)] }

// Source says where the parameter's value came from: "默认", or the region and year of the
// override.
func (s *Set) Source(n Name) string { return s.source[s.index(n)] }

// Reference returns the date ages are computed at: the run day for "today", else the day
// MM-DD of the set's year.
func (s *Set) Reference(today time.Time) registry.Date {
	v := s.Text(AgeReference)
	if v == "today" || v == "" {
		return registry.DateOf(today)
	}
	t, err := time.Parse("01-02", v)
	if err != nil { // Resolve validated it
		return registry.DateOf(today)
	}
	return registry.NewDate(s.Year, t.Month(), t.Day())
}

// PremiumCutoff returns the enrolment cut-off of the 城乡居民基本医疗保险 individual
// contribution subsidy for a screening year: the month MM of the year before, or the month
// YYYYMM as given. Monitored households identified in or before it get the year's subsidy.
func (s *Set) PremiumCutoff(year int) registry.Month {
	m, _ := premiumCutoff(s.Text(MedPremiumCutoff), year)
	return m
}

// premiumCutoff reads the cut-off parameter for a screening year.
func premiumCutoff(v string, year int) (registry.Month, bool) {
	v = strings.TrimSpace(v)
	if len(v) == 6 {
		m, err := registry.ParseMonth(v)
		return m, err == nil && !m.IsZero()
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 12 {
		return registry.Month{}, false
	}
	return registry.NewMonth(year-1, time.Month(n)), true
}

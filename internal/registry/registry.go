// Package registry holds gonggu's domain types for the household registry: households, the
// people in them, their yearly income and the assistance measures they receive, with the
// validation that decides what can be stored.
//
// The registry stores national data as it is, defects included (a wrong ID check character, a
// value outside an enumeration, two heads in one household): judging such data is the
// screening engine's job. Validate refuses only what cannot be stored faithfully.
package registry

import (
	"database/sql/driver"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Household is a rural household of the registry (DOMAIN.md section 4).
type Household struct {
	No           string      // 户编号, the national system's key
	Village      region.Code // the village it belongs to (12 digits)
	Address      string
	Kind         string // 脱贫户 or 一般农户 (as stored: may be a value outside the list)
	YearOut      int    // 脱贫年度, 0 when none
	DeclaredSize int    // 家庭人口数 as the national system states it, 0 when not given

	// Monitoring (监测).
	Category       string   // 监测对象类别; "" when not monitored
	IdentifiedOn   Month    // 识别监测时间
	Channel        string   // 农户自主申报 / 基层干部排查 / 部门筛查预警
	RiskTypes      []string // 风险类型1..5
	RiskRemark     string   // remark for 其他 or the sub-item of 因自然灾害
	RiskEliminated Flag     // 风险是否已消除
	EliminationWay string   // 帮扶消除 / 自然消除
	EliminatedOn   Month    // 消除监测时间

	// Flags.
	Dibao           Flag // 是否享受低保 (household)
	Tekun           Flag // 是否特困供养 (household)
	Relocated       Flag // 易地扶贫搬迁
	RelocationSite  string
	MilitaryFamily  Flag
	NoLabourSupport Flag   // 整户无劳动能力兜底保障户
	DevMeasureDone  string // 实施开发式帮扶措施情况: 已实施 / 尚未实施

	Phone string // 户联系电话

	// Housing and living conditions.
	UnsafeHouse      Flag   // 是否危房户
	HousingGrade     string // A/B/C/D; C and D are unsafe
	HousingAppraised Date   // 鉴定日期
	WaterSafe        Flag   // 是否解决安全饮用水
	WaterIssue       string // why the water is not safe
	Toilet           Flag   // 是否有卫生厕所
	Electricity      Flag   // 是否通生活用电
	RoadHardened     Flag   // 入户道路是否硬化
	HouseArea        float64

	Grid        string // 网格
	Helper      string // 帮扶责任人 (name or reference)
	HelperPhone string

	// Uncollected is the set of household fields no source has provided (see Field).
	Uncollected FieldSet

	// Version is the stored row version: 1 when first stored, raised by every write of the
	// household or its parts. It is 0 for a household not stored yet. An edit that started
	// from one version may only be saved over that same version.
	Version int64
}

// County returns the county the household belongs to: the key registry rows are grouped by.
func (h *Household) County() region.Code { return h.Village.County() }

// Monitored reports whether the household is a monitoring object.
func (h *Household) Monitored() bool { return h.Category != "" }

// Unresolved reports whether the household is monitored and its risk is not eliminated.
func (h *Household) Unresolved() bool { return h.Monitored() && h.RiskEliminated != Yes }

// HasRisk reports whether the household records the risk type.
func (h *Household) HasRisk(risk string) bool { return In(h.RiskTypes, risk) }

// Validate reports what makes the household impossible to store faithfully. Every text has a
// length that fits its meaning: a value beyond it is no faithful record of anything, and
// would make every page that shows the household as large as it.
func (h *Household) Validate() error {
	if strings.TrimSpace(h.No) == "" {
		return errs.E(errs.Invalid, "户编号不能为空")
	}
	limits := []textLimit{
		{"户编号", h.No, maxKey}, {"住址", h.Address, maxAddress}, {"户类型", h.Kind, maxCode},
		{"监测对象类别", h.Category, maxCode}, {"识别渠道", h.Channel, maxCode}, {"风险类型备注", h.RiskRemark, maxPlace},
		{"风险消除方式", h.EliminationWay, maxCode}, {"安置点", h.RelocationSite, maxPlace},
		{"开发式帮扶措施实施情况", h.DevMeasureDone, maxCode}, {"户联系电话", h.Phone, maxPhone},
		{"住房安全等级", h.HousingGrade, maxCode}, {"饮水不安全原因", h.WaterIssue, maxPlace}, {"网格", h.Grid, maxPlace},
		{"帮扶责任人", h.Helper, maxPlace}, {"帮扶责任人电话", h.HelperPhone, maxPhone},
	}
	for _, r := range h.RiskTypes {
		limits = append(limits, textLimit{"风险类型", r, maxCode})
	}
	if err := checkLengths("", limits); err != nil {
		return err
	}
	if h.Village.Level() != region.Village {
		return errs.E(errs.Invalid, "户 %s 的所在村代码「%s」不是村级代码", h.No, h.Village)
	}
	if len(h.RiskTypes) > 5 {
		return errs.E(errs.Invalid, "户 %s 的风险类型超过 5 个", h.No)
	}
	for _, r := range h.RiskTypes {
		if strings.Contains(r, ",") {
			return errs.E(errs.Invalid, "户 %s 的风险类型「%s」含有逗号", h.No, r)
		}
	}
	return nil
}

// Person is a member of a household (DOMAIN.md section 4).
type Person struct {
	No          string // 人口编号, the national system's key
	HouseholdNo string
	Name        string
	IDType      string // 证件类型: 居民身份证, 残疾人证, …
	IDNumber    string // 证件号码 as given (18, or 20/22 for a disability certificate)
	Gender      string // 男/女 as given
	Birth       Date   // 出生日期 as given (must agree with the ID; screening checks)
	Relation    string // 与户主关系
	Ethnicity   string // 民族
	Political   string // 政治面貌

	Education     string // 文化程度 (adults) …
	SchoolStatus  string // … xor 在校生状况 (students)
	DropoutReason string // 失学或辍学原因 / 义务教育阶段未上学原因

	LabourSkill        string // 劳动技能
	Health             string // 健康状况, possibly combined ("残疾,长期慢性病")
	DisabilityCategory string // 残疾类别
	DisabilityGrade    string // 残疾等级

	WorkLocation string // 务工所在地
	WorkMonths   Count  // 务工时间（月）
	Employer     string // 务工企业名称
	WorkChannel  string // 就业渠道
	PostType     string // 公益性岗位类型
	PostMonths   Count  // 公益性岗位(月数)

	ResidentMedical Flag // 城乡居民基本医疗保险
	EmployeeMedical Flag // 城镇职工基本医疗保险
	CriticalIllness Flag // 大病保险
	ResidentPension Flag // 城乡居民基本养老保险
	EmployeePension Flag // 城镇职工基本养老保险
	Dibao           Flag // 是否享受低保
	Tekun           Flag // 是否特困供养人员

	Phone      string // 成员联系电话
	DeceasedOn Date   // 死亡日期
	LeftOn     Date   // set when a re-import no longer lists the person: kept, not deleted

	// Uncollected is the set of person fields no source has provided (see Field).
	Uncollected FieldSet
}

// Current reports whether the person still belongs to the household: not left, not deceased.
func (p *Person) Current() bool { return p.LeftOn.IsZero() && p.DeceasedOn.IsZero() }

// IsHead reports whether the person is the head of the household.
func (p *Person) IsHead() bool { return p.Relation == "户主" }

// HasHealth reports whether the person's health cell includes the state.
func (p *Person) HasHealth(state string) bool {
	for _, s := range splitMulti(p.Health) {
		if s == state {
			return true
		}
	}
	return false
}

// Validate reports what makes the person impossible to store faithfully.
func (p *Person) Validate() error {
	if strings.TrimSpace(p.No) == "" {
		return errs.E(errs.Invalid, "人口编号不能为空")
	}
	if err := checkLengths("", []textLimit{{"人口编号", p.No, maxKey}, {"户编号", p.HouseholdNo, maxKey}}); err != nil {
		return err
	}
	if strings.TrimSpace(p.HouseholdNo) == "" {
		return errs.E(errs.Invalid, "人 %s 的户编号不能为空", p.No)
	}
	// The person is named by 人口编号, which the checks above bounded: an import reports the
	// error on the household's row, and the number tells which member it is.
	return checkLengths("（人口编号 "+p.No+"）", []textLimit{
		{"姓名", p.Name, maxName}, {"证件类型", p.IDType, maxCode}, {"证件号码", p.IDNumber, maxIDNumber},
		{"性别", p.Gender, maxCode}, {"与户主关系", p.Relation, maxCode}, {"民族", p.Ethnicity, maxCode},
		{"政治面貌", p.Political, maxCode}, {"文化程度", p.Education, maxCode}, {"在校生状况", p.SchoolStatus, maxCode},
		{"失学或辍学原因", p.DropoutReason, maxPlace}, {"劳动技能", p.LabourSkill, maxCode}, {"健康状况", p.Health, maxPlace},
		{"残疾类别", p.DisabilityCategory, maxCode}, {"残疾等级", p.DisabilityGrade, maxCode},
		{"务工所在地", p.WorkLocation, maxPlace}, {"务工企业", p.Employer, maxPlace}, {"就业渠道", p.WorkChannel, maxCode},
		{"公益性岗位类型", p.PostType, maxCode}, {"成员联系电话", p.Phone, maxPhone},
	})
}

// Income is a household's income in one year (DOMAIN.md section 4). Totals are stored as the
// national system states them; the "of which" parts and transfer components are stored beside
// them so that screening can check that they add up.
type Income struct {
	HouseholdNo string
	Year        int

	Wages           Money // 工资性收入
	PostWages       Money // of which 公益性岗位收入
	Business        Money // 生产经营性收入
	Property        Money // 财产性收入
	Dividends       Money // of which 资产收益扶贫分红收入
	Transfers       Money // 转移性收入
	Pension         Money // 养老金或离退休金
	FamilyPlan      Money // 计划生育金
	EcoComp         Money // 生态补偿金
	DibaoPay        Money // 最低生活保障金
	TekunPay        Money // 特困人员救助供养金
	OtherTrans      Money // 其他转移性收入
	BusinessExpense Money // 生产经营性支出

	MedicalOOP   Money // 合规自付医疗支出 (rigid expenditure)
	EducationExp Money // 教育支出 (rigid expenditure)
	Size         int   // household size the year's figures are for (0: use the current members)

	// ExpenseSubsidy is 专项用于减少生产经营性支出的补贴, as the 2023 export states it: kept
	// beside the other items, and not part of Net, since exports differ on how it counts.
	ExpenseSubsidy Money
	// DeclaredNet and DeclaredPerCapita are 纯收入 and 人均纯收入 as the file states them, kept
	// beside the figures Net and PerCapita compute from the items so that screening can
	// compare the two. A file that states no figure leaves them not Given.
	DeclaredNet       Stated
	DeclaredPerCapita Stated

	// Uncollected is the set of income fields no source has provided (see Field).
	Uncollected FieldSet
}

// Stated is an amount a file states, or not: a blank cell and 0 are different facts.
type Stated struct {
	Amount Money
	Given  bool
}

// StatedOf returns a given amount.
func StatedOf(m Money) Stated { return Stated{m, true} }

// Value stores the amount, or NULL when not given.
func (s Stated) Value() (driver.Value, error) {
	if !s.Given {
		return nil, nil
	}
	return int64(s.Amount), nil
}

// Scan reads an amount stored by Value.
func (s *Stated) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s = Stated{}
	case int64:
		*s = StatedOf(Money(v))
	case int32:
		*s = StatedOf(Money(v))
	default:
		return errs.E(errs.Internal, "registry.Stated: cannot scan %T", src)
	}
	return nil
}

// Net returns the net income: wages + business + property + transfers − business expenses.
func (in *Income) Net() Money {
	return in.Wages + in.Business + in.Property + in.Transfers - in.BusinessExpense
}

// PerCapita returns 人均纯收入 for a household of size people (0 when size is 0).
func (in *Income) PerCapita(size int) Money {
	if size <= 0 {
		return 0
	}
	return in.Net() / Money(size)
}

// TransferParts returns the sum of the transfer components.
func (in *Income) TransferParts() Money {
	return in.Pension + in.FamilyPlan + in.EcoComp + in.DibaoPay + in.TekunPay + in.OtherTrans
}

// Validate reports what makes the income impossible to store faithfully.
func (in *Income) Validate() error {
	if strings.TrimSpace(in.HouseholdNo) == "" {
		return errs.E(errs.Invalid, "收入记录的户编号不能为空")
	}
	if err := checkLengths("", []textLimit{{"户编号", in.HouseholdNo, maxKey}}); err != nil {
		return err
	}
	if in.Year < 2000 || in.Year > 2200 {
		return errs.E(errs.Invalid, "户 %s 的收入年度「%d」无效", in.HouseholdNo, in.Year)
	}
	return nil
}

// Measure is an assistance measure a household receives (帮扶措施).
type Measure struct {
	HouseholdNo string
	Seq         int    // position among the household's measures, from 1
	Type        string // from MeasureTypes
	Description string // e.g. "外出务工补贴,技能培训"
	Start       Date
	End         Date
	Amount      Money
}

// Validate reports what makes the measure impossible to store faithfully.
func (m *Measure) Validate() error {
	if strings.TrimSpace(m.HouseholdNo) == "" {
		return errs.E(errs.Invalid, "帮扶措施的户编号不能为空")
	}
	if strings.TrimSpace(m.Type) == "" {
		return errs.E(errs.Invalid, "户 %s 的帮扶措施类型不能为空", m.HouseholdNo)
	}
	if err := checkLengths("", []textLimit{{"户编号", m.HouseholdNo, maxKey}, {"措施类型", m.Type, maxCode},
		{"措施内容", m.Description, maxText}}); err != nil {
		return err
	}
	if !m.End.IsZero() && !m.Start.IsZero() && m.End.Before(m.Start) {
		return errs.E(errs.Invalid, "户 %s 的帮扶措施「%s」结束日期 %s 早于开始日期 %s", m.HouseholdNo, m.Type, m.End, m.Start)
	}
	return nil
}

// The length limits of the registry's texts, in characters: keys as the national system
// writes them, a name, an ID number (18 characters, 20 or 22 for a disability certificate), a
// phone as people write one ("+86 139 1234 5678", with an extension), a code or an
// enumeration's value (kept even when outside the list), a place, person or reason, an
// address, and a free description.
const (
	maxKey      = 64
	maxName     = 50
	maxIDNumber = 22
	maxPhone    = 32
	maxCode     = 50
	maxPlace    = 100
	maxAddress  = 200
	maxText     = 2000
)

// textLimit is a text of a record, its label and its limit.
type textLimit struct {
	label string
	value string
	max   int
}

// checkLengths returns an errs.Invalid error that names the first text over its limit
// ("姓名超过 50 个字符", then the suffix that tells whose), nil when all fit.
func checkLengths(suffix string, limits []textLimit) error {
	for _, l := range limits {
		if len(l.value) > l.max && utf8.RuneCountInString(l.value) > l.max {
			return errs.E(errs.Invalid, "%s超过 %d 个字符%s", l.label, l.max, suffix)
		}
	}
	return nil
}

// Active reports whether the measure is in force on day d.
func (m *Measure) Active(d Date) bool {
	return (m.Start.IsZero() || !d.Before(m.Start)) && (m.End.IsZero() || !m.End.Before(d))
}

// Aggregate is a household with everything that belongs to it: the unit that is imported,
// stored, screened and shown together.
type Aggregate struct {
	Household Household
	Persons   []Person
	Incomes   []Income // ordered by year
	Measures  []Measure
}

// Clone returns a copy of the aggregate that shares no slices with it, so that changing one
// leaves the other as it was.
func (a *Aggregate) Clone() *Aggregate {
	c := *a
	c.Household.RiskTypes = slices.Clone(a.Household.RiskTypes)
	c.Persons = slices.Clone(a.Persons)
	c.Incomes = slices.Clone(a.Incomes)
	c.Measures = slices.Clone(a.Measures)
	return &c
}

// Validate validates the household and its parts, and that the parts belong to it.
func (a *Aggregate) Validate() error {
	if err := a.Household.Validate(); err != nil {
		return err
	}
	no := a.Household.No
	seen := make(map[string]bool, len(a.Persons))
	for i := range a.Persons {
		p := &a.Persons[i]
		if err := p.Validate(); err != nil {
			return err
		}
		if p.HouseholdNo != no {
			return errs.E(errs.Invalid, "人 %s 的户编号 %s 与所在户 %s 不符", p.No, p.HouseholdNo, no)
		}
		if seen[p.No] {
			return errs.E(errs.Invalid, "户 %s 中人口编号 %s 重复", no, p.No)
		}
		seen[p.No] = true
	}
	years := make(map[int]bool, len(a.Incomes))
	for i := range a.Incomes {
		in := &a.Incomes[i]
		if err := in.Validate(); err != nil {
			return err
		}
		if in.HouseholdNo != no {
			return errs.E(errs.Invalid, "收入记录的户编号 %s 与所在户 %s 不符", in.HouseholdNo, no)
		}
		if years[in.Year] {
			return errs.E(errs.Invalid, "户 %s 的 %d 年收入重复", no, in.Year)
		}
		years[in.Year] = true
	}
	for i := range a.Measures {
		m := &a.Measures[i]
		if err := m.Validate(); err != nil {
			return err
		}
		if m.HouseholdNo != no {
			return errs.E(errs.Invalid, "帮扶措施的户编号 %s 与所在户 %s 不符", m.HouseholdNo, no)
		}
	}
	return nil
}

// Current returns the people who still belong to the household.
func (a *Aggregate) Current() []*Person {
	out := make([]*Person, 0, len(a.Persons))
	for i := range a.Persons {
		if a.Persons[i].Current() {
			out = append(out, &a.Persons[i])
		}
	}
	return out
}

// Size returns the number of current members.
func (a *Aggregate) Size() int {
	n := 0
	for i := range a.Persons {
		if a.Persons[i].Current() {
			n++
		}
	}
	return n
}

// Income returns the income of the year, or nil.
func (a *Aggregate) Income(year int) *Income {
	for i := range a.Incomes {
		if a.Incomes[i].Year == year {
			return &a.Incomes[i]
		}
	}
	return nil
}

// HasMeasure reports whether the household has a measure of the type.
func (a *Aggregate) HasMeasure(typ string) bool {
	for i := range a.Measures {
		if a.Measures[i].Type == typ {
			return true
		}
	}
	return false
}

// splitMulti splits a multi-valued cell on the separators exports use.
func splitMulti(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == '/' || r == ' '
	})
	return f
}

// SplitMulti splits a multi-valued cell ("残疾,长期慢性病") into its values.
func SplitMulti(s string) []string { return splitMulti(s) }

package rules

import (
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// House is a household under screening with the facts several rules share, derived once.
type House struct {
	*registry.Aggregate
	H       *registry.Household
	Members []*Member // current members (not left, not deceased)
	All     []*Member // every person on record, current or not

	Income    *registry.Income // the screening year's income, or the latest before it; nil when none
	Prev      *registry.Income // the income of the year before Income; nil when none
	PerCapita registry.Money   // 人均纯收入 of Income
	PrevPC    registry.Money   // 人均纯收入 of Prev

	Target bool // 脱贫户 or monitored: the households the post-evaluation samples

	// Active are the measures in force at some time since the household's need arose (its
	// identification month when monitored, otherwise the start of the screening year) and
	// started by the reference date: a measure that ended before the need does not meet it.
	// Measures without dates, as the national export gives them, count.
	Active []registry.Measure
	since  registry.Date

	// facts are what the domains around the registry know about the household, by domain.
	facts map[string]any

	// personUnknown is the person fields some current member lacks; incomeUnknown the fields
	// Income lacks (all when there is no income).
	personUnknown, incomeUnknown registry.FieldSet
}

// Member is a person with derived facts.
type Member struct {
	*registry.Person
	ID       idno.Number // parsed ID number; ID.ID is "" when it cannot be parsed
	Key      string      // first 18 characters of the ID number, upper case: the duplicate key
	Age      int         // completed years at the reference date
	AgeKnown bool        // false when neither the ID nor the birth date gives a birth date
	Student  bool        // 在校生状况 is a school grade (not 学龄前 / 学前教育)
	Able     bool        // 普通劳动力 or 技能劳动力
	CanWork  bool        // Able, or 弱劳动力或半劳动力
	NoLabour bool        // 丧失劳动力 or 无劳动力
	Ill      bool        // 长期慢性病 or 患有大病
	Disabled bool        // 残疾
	Healthy  bool        // 健康 and nothing else
	Works    bool        // has work months, a work place or a public-welfare post
	// WorkArea is where the person works relative to the household (乡镇内 … 境外), derived
	// from 务工所在地; "" when the cell is blank or cannot be resolved, and then WorkPlaceErr
	// says why (for a cell that is not blank).
	WorkArea     region.WorkArea
	WorkPlaceErr string
}

// NewHouse derives the facts of a household for the context.
func NewHouse(c *Context, a *registry.Aggregate) *House {
	var s houseScratch
	return s.house(c, a)
}

// houseScratch is the memory of a House and its members, reused from one household to the
// next by an Evaluator: screening a million households then allocates next to nothing here.
type houseScratch struct {
	h      House
	active []registry.Measure
	ms     []Member
	ptrs   []*Member
}

// house derives the facts of a household into the scratch memory, which it overwrites.
func (s *houseScratch) house(c *Context, a *registry.Aggregate) *House {
	s.h = House{Aggregate: a, H: &a.Household}
	h := &s.h
	h.Target = isAlleviated(a.Household.Kind) || a.Household.Monitored()
	h.since = registry.NewDate(c.Year, time.January, 1)
	if m := a.Household.IdentifiedOn; a.Household.Monitored() && !m.IsZero() {
		h.since = m.First()
	}
	h.Active = s.active[:0]
	for i := range a.Measures {
		if m := &a.Measures[i]; inForce(m, h.since, c.Ref) && !Statement(m) {
			h.Active = append(h.Active, *m)
		}
	}
	s.active = h.Active
	n := len(a.Persons)
	if cap(s.ms) < n {
		s.ms = make([]Member, n)
		s.ptrs = make([]*Member, 2*n)
	}
	ms, ptrs := s.ms[:n], s.ptrs[:2*n]
	h.All, h.Members = ptrs[:n:n], ptrs[n:n]
	for i := range a.Persons {
		m := &ms[i]
		*m = Member{}
		initMember(c, m, &a.Persons[i], a.Household.Village)
		h.All[i] = m
		if m.Current() {
			h.Members = append(h.Members, m)
			h.personUnknown |= m.Uncollected
		}
	}
	for i := range a.Incomes {
		in := &a.Incomes[i]
		if in.Year <= c.Year && (h.Income == nil || in.Year > h.Income.Year) {
			h.Income = in
		}
	}
	h.incomeUnknown = registry.AllFields
	if h.Income != nil {
		h.incomeUnknown = h.Income.Uncollected
		h.PerCapita = h.perCapita(h.Income)
		if h.Prev = a.Income(h.Income.Year - 1); h.Prev != nil {
			h.PrevPC = h.perCapita(h.Prev)
		}
	}
	return h
}

// Knows reports whether a source has provided the field for the household: a household
// field on the household, a person field on every current member, an income field on the
// screening year's income.
func (h *House) Knows(f registry.Field) bool {
	switch f.Table() {
	case registry.HouseholdTable:
		return !h.H.Uncollected.Has(f)
	case registry.PersonTable:
		return !h.personUnknown.Has(f)
	}
	return !h.incomeUnknown.Has(f)
}

// KnowsAll reports whether the household knows every field.
func (h *House) KnowsAll(fs []registry.Field) bool {
	for _, f := range fs {
		if !h.Knows(f) {
			return false
		}
	}
	return true
}

// Missing is a set of fields per table: the fields a household lacks.
type Missing [3]registry.FieldSet

// Add adds the fields of other.
func (m *Missing) Add(other Missing) {
	for i := range m {
		m[i] |= other[i]
	}
}

// Labels names the fields, joined by 、.
func (m Missing) Labels() string {
	var names []string
	for t, set := range m {
		for _, f := range set.List(registry.Table(t)) {
			names = append(names, f.Label())
		}
	}
	return joinCN(names)
}

// Missing returns the fields of fs the household does not know.
func (h *House) Missing(fs []registry.Field) Missing {
	var m Missing
	for _, f := range fs {
		if !h.Knows(f) {
			m[f.Table()] = m[f.Table()].With(f)
		}
	}
	return m
}

// knowsInsurance reports whether both basic medical insurance fields are known, so that
// "insured in neither" is a fact.
func (h *House) knowsInsurance() bool {
	return h.Knows(registry.PResidentMedical) && h.Knows(registry.PEmployeeMedical)
}

// knowsSchooling reports whether school status and the reason for not attending are known,
// so that "not in school without a reason" is a fact.
func (h *House) knowsSchooling() bool {
	return h.Knows(registry.PSchoolStatus) && h.Knows(registry.PDropoutReason)
}

// blank reports whether a field the household knows is blank: isBlank read only where a
// source provided the field.
func (h *House) blank(f registry.Field, isBlank bool) bool { return isBlank && h.Knows(f) }

// perCapita divides the year's net income by the size the year's figures are for, or by the
// number of current members when the record does not say.
func (h *House) perCapita(in *registry.Income) registry.Money {
	n := in.Size
	if n <= 0 {
		n = len(h.Members)
	}
	return in.PerCapita(n)
}

func initMember(c *Context, m *Member, p *registry.Person, village region.Code) {
	m.Person = p
	if place := strings.TrimSpace(p.WorkLocation); place != "" {
		if c.Places != nil {
			area, _, err := c.Places.WorkArea(place, village)
			m.WorkArea = area
			if err != nil {
				m.WorkPlaceErr = errs.Message(err)
			}
		} else if a := region.WorkArea(place); a.Valid() {
			m.WorkArea = a
		}
	}
	if n, err := idno.Parse(p.IDNumber); err == nil {
		m.ID = n
		m.Key = n.ID
	}
	switch {
	case !m.ID.Birth.IsZero():
		m.Age, m.AgeKnown = idno.Age(m.ID.Birth, c.Ref.Time()), true
	case !p.Birth.IsZero():
		m.Age, m.AgeKnown = idno.Age(p.Birth.Time(), c.Ref.Time()), true
	}
	m.Student = isStudent(p.SchoolStatus)
	switch p.LabourSkill {
	case "普通劳动力", "技能劳动力":
		m.Able, m.CanWork = true, true
	case "弱劳动力或半劳动力":
		m.CanWork = true
	case "丧失劳动力", "无劳动力":
		m.NoLabour = true
	}
	// The health states are distinct words, so a substring test reads a combined cell
	// ("残疾,长期慢性病") without splitting it.
	m.Ill = strings.Contains(p.Health, "长期慢性病") || strings.Contains(p.Health, "患有大病")
	m.Disabled = strings.Contains(p.Health, "残疾")
	m.Healthy = strings.TrimSpace(p.Health) == "健康"
	m.Works = p.WorkMonths.N > 0 || p.WorkLocation != "" || p.PostType != ""
}

// isAlleviated reports whether a 户类型 is a formerly poor household, in the spellings of
// older exports too.
func isAlleviated(kind string) bool {
	switch kind {
	case registry.KindAlleviated, "一般脱贫户", "低保脱贫户", "特困供养脱贫户":
		return true
	}
	return false
}

// isStudent reports whether a 在校生状况 is a school grade, from 小学 up.
func isStudent(s string) bool {
	return s != "" && s != "学龄前儿童" && s != "学前教育" && registry.In(registry.SchoolStatuses, s)
}

// AnyMember reports whether some current member satisfies f.
func (h *House) AnyMember(f func(*Member) bool) bool {
	for _, m := range h.Members {
		if f(m) {
			return true
		}
	}
	return false
}

// CountMembers returns how many current members satisfy f.
func (h *House) CountMembers(f func(*Member) bool) int {
	n := 0
	for _, m := range h.Members {
		if f(m) {
			n++
		}
	}
	return n
}

// Statement reports whether a measure cell only states that a need is met: the national export
// fills the 义务教育保障, 住房安全保障 and 饮水安全保障 columns of every monitored household,
// with the measure taken or with a statement such as 住房安全有保障. A statement is not a
// measure: counting it would hide an unmet need.
func Statement(m *registry.Measure) bool {
	d := strings.TrimSpace(m.Description)
	if d == "" {
		return false
	}
	for _, w := range []string{"有保障", "已保障", "已解决", "无需", "不需要", "不涉及", "达标"} {
		if strings.HasSuffix(d, w) || d == w {
			return true
		}
	}
	return d == "无" || d == "否"
}

// inForce reports whether a measure was in force at some time from since up to ref.
func inForce(m *registry.Measure, since, ref registry.Date) bool {
	return (m.End.IsZero() || !m.End.Before(since)) && (m.Start.IsZero() || !ref.Before(m.Start))
}

// HasAnyMeasure reports whether the household has an active measure of one of the types.
func (h *House) HasAnyMeasure(types ...string) bool {
	for i := range h.Active {
		if registry.In(types, h.Active[i].Type) {
			return true
		}
	}
	return false
}

// HasMeasureSince reports whether the household has a measure of one of the types in force
// at some time since the date (when it is later than the need's start) up to the reference.
func (h *House) HasMeasureSince(c *Context, since registry.Date, types ...string) bool {
	if since.Before(h.since) {
		since = h.since
	}
	for i := range h.Active {
		if m := &h.Active[i]; registry.In(types, m.Type) && inForce(m, since, c.Ref) {
			return true
		}
	}
	return false
}

// MeasureMentions reports whether a measure of the type has a description that mentions one
// of the words.
func (h *House) MeasureMentions(typ string, words ...string) bool {
	for i := range h.Active {
		m := &h.Active[i]
		if m.Type != typ {
			continue
		}
		for _, w := range words {
			if strings.Contains(m.Description, w) {
				return true
			}
		}
	}
	return false
}

// HasDevelopment reports whether the household has a development-type measure.
func (h *House) HasDevelopment() bool {
	for i := range h.Active {
		if registry.IsDevelopment(h.Active[i].Type) {
			return true
		}
	}
	return false
}

// NoLabourAtAll reports whether the household has current members and none of them can work.
func (h *House) NoLabourAtAll() bool {
	return len(h.Members) > 0 && !h.AnyMember(func(m *Member) bool { return m.CanWork })
}

// MonthsSinceIdentified returns the whole months from identification to the reference month,
// and false when the identification month is blank.
func (h *House) MonthsSinceIdentified(c *Context) (int, bool) {
	if h.H.IdentifiedOn.IsZero() {
		return 0, false
	}
	return h.H.IdentifiedOn.MonthsUntil(c.RefMonth()), true
}

// Eliminated reports whether the household is monitored and its risk is eliminated.
func (h *House) Eliminated() bool { return h.H.Monitored() && h.H.RiskEliminated == registry.Yes }

// unsafeHouse reports whether the house is unsafe: graded C or D, or flagged 危房户.
func (h *House) unsafeHouse() bool {
	g := strings.ToUpper(strings.TrimSpace(h.H.HousingGrade))
	return g == "C" || g == "D" || h.H.UnsafeHouse == registry.Yes
}

// houseText describes why the house is unsafe.
func (h *House) houseText() string {
	g := strings.ToUpper(strings.TrimSpace(h.H.HousingGrade))
	if g == "C" || g == "D" {
		return "住房安全等级为 " + g + " 级"
	}
	return "登记为危房户"
}

// dropout reports whether a member of compulsory-education age is out of school without an
// exemption: not in a school grade (学前教育 counts only at the first year of the age range),
// and no 未上学原因 of illness or disability (送教上门 or deferred enrolment).
func (c *Context) dropout(m *Member) bool {
	min, max := c.P.Int(policy.EduAgeMin), c.P.Int(policy.EduAgeMax)
	if !m.AgeKnown || m.Age < min || m.Age > max || m.Student {
		return false
	}
	if m.SchoolStatus == "学前教育" || m.SchoolStatus == "学龄前儿童" {
		if m.Age == min {
			return false
		}
	}
	// A child at the top of the age range whose 文化程度 is 初中 or above has finished the nine
	// years: completing compulsory education is not dropping out.
	if m.Age >= max && m.SchoolStatus == "" && finishedCompulsory(m.Education) {
		return false
	}
	return !exemptReason(m.DropoutReason)
}

// finishedCompulsory reports whether a 文化程度 is 初中 or above.
func finishedCompulsory(education string) bool {
	switch education {
	case "初中", "高中", "大专", "本科及以上":
		return true
	}
	return false
}

// exemptReason reports whether a 未上学原因 exempts a child from attending school.
func exemptReason(r string) bool {
	for _, w := range []string{"因病", "因残", "送教上门", "缓学", "免学"} {
		if strings.Contains(r, w) {
			return true
		}
	}
	return false
}

// uninsured reports whether a member has no basic medical insurance of either kind.
func uninsured(m *Member) bool {
	return m.ResidentMedical != registry.Yes && m.EmployeeMedical != registry.Yes
}

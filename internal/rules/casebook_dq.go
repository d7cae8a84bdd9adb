package rules

import (
	"github.com/gonggu/gonggu/internal/registry"
)

// Case-building helpers of the data-quality rules (dq.go), on top of casebook.go's. Members
// are indexed as in the casebook: 0 the head (P1), 1 the wife (P2), 2 the son (P3). The
// helpers carry a dq prefix: the rules of the indicators have case helpers of their own.

// dqID sets member i's 证件号码 as written.
func dqID(i int, s string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.IDNumber = s })
}

// dqCert turns member i's ID number into a 20-digit 残疾人证号: the ID number followed by the
// category and grade digits as written ("42": 肢体残疾二级).
func dqCert(i int, digits string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.IDType, p.IDNumber = "残疾人证", p.IDNumber[:18]+digits })
}

// dqGender sets member i's 性别 cell as written.
func dqGender(i int, s string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.Gender = s })
}

// dqRelation sets member i's 与户主关系.
func dqRelation(i int, s string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.Relation = s })
}

// dqHealth sets member i's 健康状况.
func dqHealth(i int, s string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.Health = s })
}

// dqSkill sets member i's 劳动技能.
func dqSkill(i int, s string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.LabourSkill = s })
}

// dqSchool sets member i's 文化程度 and 在校生状况.
func dqSchool(i int, education, school string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.Education, p.SchoolStatus = education, school })
}

// dqAged makes member i born on the day (in the ID number and the birth column), with the
// 文化程度 and 在校生状况 given: ages at the casebook's reference date 2026-11-28 turn on it.
func dqAged(i, y, m, d int, education, school string) func(a *registry.Aggregate) {
	return both(born(i, y, m, d), dqSchool(i, education, school))
}

// dqDead records member i as deceased on the day.
func dqDead(i, y, m, d int) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.DeceasedOn = registry.NewDate(y, monthOf(m), d) })
}

// dqHousehold changes the household record.
func dqHousehold(f func(h *registry.Household)) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { f(&a.Household) }
}

// dqSize sets 家庭人口数 and the household size of every year's income.
func dqSize(n int) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		a.Household.DeclaredSize = n
		for i := range a.Incomes {
			a.Incomes[i].Size = n
		}
	}
}

// dqUncollected marks the fields as never provided by any source: a household field on the
// household, a person field on every member, an income field on every year's income.
func dqUncollected(fs ...registry.Field) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		for _, f := range fs {
			switch f.Table() {
			case registry.HouseholdTable:
				a.Household.Uncollected = a.Household.Uncollected.With(f)
			case registry.PersonTable:
				for i := range a.Persons {
					a.Persons[i].Uncollected = a.Persons[i].Uncollected.With(f)
				}
			default:
				for i := range a.Incomes {
					a.Incomes[i].Uncollected = a.Incomes[i].Uncollected.With(f)
				}
			}
		}
	}
}

// dqReason sets member i's 失学或辍学原因 (义务教育阶段未上学原因).
func dqReason(i int, r string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.DropoutReason = r })
}

// dqCritical sets member i's 是否参加大病保险.
func dqCritical(i int, f registry.Flag) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.CriticalIllness = f })
}

// dqGuarantees fills the 义务教育保障, 住房安全保障 and 饮水安全保障 columns with the statements
// the national export gives a monitored household whose needs are met.
func dqGuarantees(a *registry.Aggregate) {
	for _, g := range [][2]string{{registry.MeasureCompulsoryEdu, "义务教育有保障"}, {registry.MeasureHousing, "住房安全有保障"},
		{registry.MeasureWater, "饮水安全有保障"}} {
		a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: len(a.Measures) + 1, Type: g[0], Description: g[1]})
	}
}

// dqDropMeasures removes the measures of the types.
func dqDropMeasures(types ...string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		var kept []registry.Measure
		for _, m := range a.Measures {
			if !registry.In(types, m.Type) {
				kept = append(kept, m)
			}
		}
		a.Measures = kept
	}
}

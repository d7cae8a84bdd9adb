package rules

import (
	"time"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/registry"
)

// The casebook: the households the rules' cases are built from. Each rule's Cases describe a
// household in plain terms and build it from one of these clean bases, which no rule flags,
// changed in a few fields; the tests run every case and docs/rules.md shows them.

// The rule cases screen one household at a time, built from a clean base that no rule flags
// and changed by each case. The reference date is 2026-11-28.
var testRef = registry.NewDate(2026, 11, 28)

const (
	village = "621121100201"
	hhNo    = "H1"
)

func id(y int, m time.Month, d, seq int) string {
	return idno.Make("621121", time.Date(y, m, d, 0, 0, 0, 0, time.UTC), seq)
}

func member(no, rel, sex string, y int, m time.Month, d int) registry.Person {
	seq := 12
	if sex == "男" {
		seq = 11
	}
	return registry.Person{
		No: no, HouseholdNo: hhNo, Name: "成员" + no, IDType: "居民身份证", IDNumber: id(y, m, d, seq),
		Gender: sex, Birth: registry.NewDate(y, m, d), Relation: rel, Ethnicity: "汉族", Political: "群众",
		Education: "初中", LabourSkill: "普通劳动力", Health: "健康",
		ResidentMedical: registry.Yes, EmployeeMedical: registry.No, CriticalIllness: registry.Yes,
		ResidentPension: registry.Yes, Dibao: registry.No, Tekun: registry.No,
	}
}

// base is a 脱贫户 of three, not monitored, that no rule flags: a working couple and a son of
// ten in primary school, a safe house, safe water, steady income.
func base() *registry.Aggregate {
	head := member("P1", "户主", "男", 1981, 5, 10)
	head.WorkLocation, head.WorkMonths, head.Employer, head.Phone = "省外", registry.CountOf(10), "某建筑公司", "13912345678"
	head.WorkChannel = "亲友介绍"
	spouse := member("P2", "配偶", "女", 1983, 3, 2)
	spouse.WorkLocation, spouse.WorkMonths, spouse.Phone = "县内乡外", registry.CountOf(8), "13812345678"
	spouse.WorkChannel = "灵活就业"
	son := member("P3", "之子", "男", 2016, 6, 1)
	son.Education, son.SchoolStatus, son.LabourSkill, son.ResidentPension = "", "小学", "无劳动力", registry.No
	a := &registry.Aggregate{
		Household: registry.Household{
			No: hhNo, Village: village, Kind: registry.KindAlleviated, YearOut: 2019, DeclaredSize: 3,
			Dibao: registry.No, Tekun: registry.No, Relocated: registry.No, Phone: "13912345678",
			UnsafeHouse: registry.No, HousingGrade: "A", HousingAppraised: registry.NewDate(2024, 5, 6),
			WaterSafe: registry.Yes, Toilet: registry.Yes, Electricity: registry.Yes, RoadHardened: registry.Yes,
			HouseArea: 96,
		},
		Persons: []registry.Person{head, spouse, son},
	}
	for _, y := range []int{2025, 2026} {
		a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: hhNo, Year: y, Wages: registry.Yuan(40000),
			Business: registry.Yuan(5000), Transfers: registry.Yuan(1000), OtherTrans: registry.Yuan(1000), Size: 3})
	}
	return a
}

// monitored is base as an unresolved 脱贫不稳定户 identified in 2025-03 for 因病, the wife
// chronically ill (weak labour), with 2,400 元 of compliant out-of-pocket medical costs a year,
// a health measure (with the medical-insurance contribution subsidy) and an industry measure.
func monitored() *registry.Aggregate {
	a := base()
	h := &a.Household
	h.Category, h.IdentifiedOn, h.Channel = registry.MonUnstable, registry.NewMonth(2025, 3), "基层干部排查"
	h.RiskTypes, h.RiskEliminated, h.DevMeasureDone = []string{"因病"}, registry.No, "已实施"
	a.Persons[1].Health, a.Persons[1].LabourSkill = "长期慢性病", "弱劳动力或半劳动力"
	for i := range a.Incomes {
		a.Incomes[i].MedicalOOP = registry.Yuan(2400)
	}
	a.Measures = []registry.Measure{
		{HouseholdNo: hhNo, Seq: 1, Type: registry.MeasureHealth, Description: "慢病签约服务,城乡居民基本医疗保险个人缴费补贴", Start: registry.NewDate(2025, 4, 1)},
		{HouseholdNo: hhNo, Seq: 2, Type: registry.MeasureIndustry, Description: "养殖补贴", Start: registry.NewDate(2025, 4, 1)},
	}
	// The export states that the three guarantees and water are met (DQ-31).
	dqGuarantees(a)
	return a
}

// eliminated is monitored with its risk eliminated through assistance in 2025-12.
func eliminated() *registry.Aggregate {
	a := monitored()
	a.Household.RiskEliminated, a.Household.EliminationWay, a.Household.EliminatedOn = registry.Yes, "帮扶消除", registry.NewMonth(2025, 12)
	return a
}

// ordinary is base as an ordinary household.
func ordinary() *registry.Aggregate {
	a := base()
	a.Household.Kind, a.Household.YearOut = registry.KindOrdinary, 0
	return a
}

func income(a *registry.Aggregate, year int) *registry.Income { return a.Income(year) }

// setPerCapita sets the year's income so that 人均纯收入 is yuan (household of 3).
func setPerCapita(a *registry.Aggregate, year int, yuan int64) {
	in := a.Income(year)
	in.Wages, in.Business, in.Property, in.Transfers, in.OtherTrans, in.BusinessExpense = registry.Yuan(yuan*3), 0, 0, 0, 0, 0
}

// fakeWorld is a World with fixed answers.
type fakeWorld struct {
	ids      map[string][]string
	posts    map[string]int
	phones   map[string]int
	deceased map[string]int
}

func (w fakeWorld) IDHolders(k string) ([]string, int) { return w.ids[k], w.posts[k] }
func (w fakeWorld) PhoneHouseholds(p string) int       { return w.phones[p] }
func (w fakeWorld) DeceasedHolders(k string) int       { return w.deceased[k] }

func person(i int, f func(p *registry.Person)) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { f(&a.Persons[i]) }
}

// born gives member i the birth date in both the ID number and the birth column.
func born(i, y, m, d int) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		p := &a.Persons[i]
		seq := 12
		if p.Gender == "男" {
			seq = 11
		}
		p.IDNumber, p.Birth = id(y, monthOf(m), d, seq), registry.NewDate(y, monthOf(m), d)
	}
}

func monthOf(m int) time.Month { return time.Month(m) }

func pc(yuan int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { setPerCapita(a, 2026, yuan) }
}

func both(fs ...func(a *registry.Aggregate)) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		for _, f := range fs {
			f(a)
		}
	}
}

func measures(types ...string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		a.Measures = nil
		for i, t := range types {
			a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: i + 1, Type: t})
		}
	}
}

func identified(y, m int) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Household.IdentifiedOn = registry.NewMonth(y, monthOf(m)) }
}

func risks(rs ...string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Household.RiskTypes = rs }
}

func labour(skill string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		for i := range a.Persons {
			a.Persons[i].LabourSkill = skill
		}
	}
}

func post(i int, typ string, months int) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		a.Persons[i].PostType, a.Persons[i].PostMonths = typ, registry.CountOf(months)
	}
}

// social gives the household a 综合保障 measure with the description.
func social(d string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: len(a.Measures) + 1, Type: registry.MeasureSocialSecurity, Description: d})
	}
}

func householdDibao(a *registry.Aggregate) { a.Household.Dibao = registry.Yes }

func householdTekun(a *registry.Aggregate) { a.Household.Tekun = registry.Yes }

func spouseDibao(a *registry.Aggregate) { a.Persons[1].Dibao = registry.Yes }

func spouseTekun(a *registry.Aggregate) { a.Persons[1].Tekun = registry.Yes }

func spouseLeft(a *registry.Aggregate) { a.Persons[1].LeftOn = registry.NewDate(2026, 3, 1) }

func years(prev, cur int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { setPerCapita(a, 2025, prev); setPerCapita(a, 2026, cur) }
}

// graded sets the house's safety grade and its appraisal month.
func graded(grade string, y, m int) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		a.Household.HousingGrade, a.Household.HousingAppraised = grade, registry.NewDate(y, monthOf(m), 1)
	}
}

// measureDated adds a measure with its dates.
func measureDated(typ, desc string, start, end registry.Date) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: len(a.Measures) + 1, Type: typ,
			Description: desc, Start: start, End: end})
	}
}

// child makes the son (P3) born in the year and month, with the 文化程度 and 在校生状况 given.
func child(y, m int, education, school string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		born(2, y, m, 1)(a)
		a.Persons[2].Education, a.Persons[2].SchoolStatus = education, school
	}
}

// declaredPC sets the year's income so that the recomputed 人均纯收入 is yuan (household of 3)
// and the export states stated; stated < 0: the export has no such column.
func declaredPC(year int, yuan, stated int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		setPerCapita(a, year, yuan)
		if stated >= 0 {
			a.Income(year).DeclaredPerCapita = registry.StatedOf(registry.Yuan(stated))
		}
	}
}

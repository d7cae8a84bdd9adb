package rules

import (
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
)

// allCases lists the rules that have a test of their own; each test file adds its rules.
func allCases() []string {
	var ids []string
	for _, group := range [][]string{ind1Tested, ind2Tested, ind3Tested, ind6Tested, ind7Tested, ind9Tested, dqTested} {
		ids = append(ids, group...)
	}
	return ids
}

var ind1Tested = []string{"I1-01", "I1-02", "I1-03", "I1-04", "I1-05", "I1-06", "I1-07"}

func TestI1_01UnsafeHouse(t *testing.T) {
	runCases(t, "I1-01", []ruleCase{
		{name: "grade A", want: nil},
		{name: "grade B", mut: func(a *registry.Aggregate) { a.Household.HousingGrade = "B" }},
		{name: "grade C no measure", mut: func(a *registry.Aggregate) { a.Household.HousingGrade = "C" }, want: []string{hhNo}, text: "C 级"},
		{name: "grade d lower case", mut: func(a *registry.Aggregate) { a.Household.HousingGrade = "d" }, want: []string{hhNo}},
		{name: "flagged 危房户", mut: func(a *registry.Aggregate) { a.Household.UnsafeHouse = registry.Yes }, want: []string{hhNo}, text: "危房户"},
		{name: "grade D with housing measure", mut: func(a *registry.Aggregate) {
			a.Household.HousingGrade = "D"
			a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: 9, Type: registry.MeasureHousing})
		}},
		{name: "grade D relocated", mut: func(a *registry.Aggregate) {
			a.Household.HousingGrade = "D"
			a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: 9, Type: registry.MeasureRelocation})
		}},
		{name: "ordinary household is indicator 2's", base: ordinary, mut: func(a *registry.Aggregate) { a.Household.HousingGrade = "C" }},
		{name: "monitored ordinary household", base: ordinary, mut: func(a *registry.Aggregate) {
			a.Household.HousingGrade, a.Household.Category = "C", registry.MonEdge
		}, want: []string{hhNo}},
	})
}

func TestI1_02NotAppraised(t *testing.T) {
	runCases(t, "I1-02", []ruleCase{
		{name: "graded"},
		{name: "no grade, no date", mut: func(a *registry.Aggregate) {
			a.Household.HousingGrade, a.Household.HousingAppraised = "", registry.Date{}
		}, want: []string{hhNo}},
		{name: "date without grade", mut: func(a *registry.Aggregate) { a.Household.HousingGrade = "" }},
		{name: "ordinary", base: ordinary, mut: func(a *registry.Aggregate) {
			a.Household.HousingGrade, a.Household.HousingAppraised = "", registry.Date{}
		}},
	})
}

func TestI1_03Uninsured(t *testing.T) {
	runCases(t, "I1-03", []ruleCase{
		{name: "insured"},
		{name: "employee insurance only", mut: func(a *registry.Aggregate) {
			a.Persons[0].ResidentMedical, a.Persons[0].EmployeeMedical = registry.No, registry.Yes
		}},
		{name: "neither", mut: func(a *registry.Aggregate) { a.Persons[1].ResidentMedical = registry.No }, want: []string{"P2"}},
		{name: "blank counts as not insured", mut: func(a *registry.Aggregate) {
			a.Persons[2].ResidentMedical, a.Persons[2].EmployeeMedical = registry.Unknown, registry.Unknown
		}, want: []string{"P3"}},
		{name: "deceased member ignored", mut: func(a *registry.Aggregate) {
			a.Persons[1].ResidentMedical, a.Persons[1].DeceasedOn = registry.No, registry.NewDate(2026, 1, 1)
		}},
		{name: "ordinary household", base: ordinary, mut: func(a *registry.Aggregate) { a.Persons[1].ResidentMedical = registry.No }},
	})
}

func TestI1_04DoubleInsured(t *testing.T) {
	runCases(t, "I1-04", []ruleCase{
		{name: "one kind"},
		{name: "both", mut: func(a *registry.Aggregate) { a.Persons[0].EmployeeMedical = registry.Yes }, want: []string{"P1"}},
		{name: "any household", base: ordinary, mut: func(a *registry.Aggregate) { a.Persons[2].EmployeeMedical = registry.Yes }, want: []string{"P3"}},
	})
}

func TestI1_05Dropout(t *testing.T) {
	child := func(y int, m, d int, status, education string) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) {
			p := &a.Persons[2]
			p.IDNumber = id(y, monthOf(m), d, 11)
			p.Birth = registry.NewDate(y, monthOf(m), d)
			p.SchoolStatus, p.Education = status, education
		}
	}
	runCases(t, "I1-05", []ruleCase{
		{name: "in primary school"},
		{name: "10 years old out of school", mut: child(2016, 6, 1, "", "小学"), want: []string{"P3"}, text: "6–15 岁"},
		{name: "15 (upper bound) out of school", mut: child(2011, 11, 28, "", "小学"), want: []string{"P3"}},
		{name: "15 with 初中 finished the nine years", mut: child(2011, 11, 28, "", "初中")},
		{name: "16 (past the bound)", mut: child(2010, 11, 28, "", "初中")},
		{name: "6 (lower bound) in 学前教育", mut: child(2020, 11, 28, "学前教育", "")},
		{name: "6 (lower bound) with nothing", mut: child(2020, 11, 28, "", ""), want: []string{"P3"}},
		{name: "7 still in 学前教育", mut: child(2019, 11, 28, "学前教育", ""), want: []string{"P3"}},
		{name: "5 at home", mut: child(2021, 11, 28, "学龄前儿童", "")},
		{name: "exempt for illness", mut: func(a *registry.Aggregate) {
			child(2016, 6, 1, "", "")(a)
			a.Persons[2].DropoutReason = "因病（送教上门）"
		}},
		{name: "reason that does not exempt", mut: func(a *registry.Aggregate) {
			child(2016, 6, 1, "", "")(a)
			a.Persons[2].DropoutReason = "厌学"
		}, want: []string{"P3"}},
		{name: "ordinary household is indicator 2's", base: ordinary, mut: child(2016, 6, 1, "", "小学")},
	})
}

func TestI1_06Water(t *testing.T) {
	runCases(t, "I1-06", []ruleCase{
		{name: "safe"},
		{name: "blank is data quality", mut: func(a *registry.Aggregate) { a.Household.WaterSafe = registry.Unknown }},
		{name: "unsafe", mut: func(a *registry.Aggregate) { a.Household.WaterSafe, a.Household.WaterIssue = registry.No, "水质" },
			want: []string{hhNo}, text: "水质"},
		{name: "ordinary", base: ordinary, mut: func(a *registry.Aggregate) { a.Household.WaterSafe = registry.No }},
	})
}

func TestI1_07MedicalCost(t *testing.T) {
	oop := func(yuan int64) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) { a.Income(2026).MedicalOOP = registry.Yuan(yuan) }
	}
	dibao := func(yuan int64) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) { oop(yuan)(a); a.Household.Dibao = registry.Yes }
	}
	runCases(t, "I1-07", []ruleCase{
		{name: "small costs", mut: oop(3000)},
		{name: "at the trigger 26,000", mut: oop(26000)},
		{name: "over the trigger", mut: oop(26001), want: []string{hhNo}, text: "26,000 元"},
		{name: "低保 at 10,000", mut: dibao(10000)},
		{name: "低保 over 10,000", mut: dibao(10001), want: []string{hhNo}, text: "低保特困户预警线 10,000 元"},
		{name: "monitored already", base: monitored, mut: oop(50000)},
		{name: "ordinary household", base: ordinary, mut: oop(30000), want: []string{hhNo}},
		{name: "member on 特困", mut: func(a *registry.Aggregate) { oop(12000)(a); a.Persons[0].Tekun = registry.Yes }, want: []string{hhNo}},
	})
}

package registry

import (
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

func validAggregate() Aggregate {
	return Aggregate{
		Household: Household{No: "6211211002010001", Village: region.Code("621121100201"), Kind: KindAlleviated},
		Persons: []Person{
			{No: "621121100201000101", HouseholdNo: "6211211002010001", Relation: "户主", Health: "健康"},
			{No: "621121100201000102", HouseholdNo: "6211211002010001", Relation: "配偶", Health: "残疾,长期慢性病"},
		},
		Incomes:  []Income{{HouseholdNo: "6211211002010001", Year: 2026, Wages: Yuan(20000), Transfers: Yuan(1000), BusinessExpense: Yuan(500)}},
		Measures: []Measure{{HouseholdNo: "6211211002010001", Seq: 1, Type: MeasureHealth}},
	}
}

func TestAggregateValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		break_ func(a *Aggregate)
		ok     bool
	}{
		{"valid", func(a *Aggregate) {}, true},
		{"defects are stored as they are", func(a *Aggregate) {
			a.Persons[0].IDNumber = "110105194912310021" // wrong check character
			a.Persons[1].Relation = "户主"                 // two heads
			a.Persons[1].Education = "中专"                // outside the list
			a.Household.Kind = "普通农户"
		}, true},
		{"blank 户编号", func(a *Aggregate) { a.Household.No = " " }, false},
		{"county code as village", func(a *Aggregate) { a.Household.Village = "621121000000" }, false},
		{"six risk types", func(a *Aggregate) { a.Household.RiskTypes = []string{"1", "2", "3", "4", "5", "6"} }, false},
		{"blank 人口编号", func(a *Aggregate) { a.Persons[1].No = "" }, false},
		{"person of another household", func(a *Aggregate) { a.Persons[1].HouseholdNo = "x" }, false},
		{"duplicate person", func(a *Aggregate) { a.Persons[1].No = a.Persons[0].No }, false},
		{"income year", func(a *Aggregate) { a.Incomes[0].Year = 26 }, false},
		{"duplicate income year", func(a *Aggregate) { a.Incomes = append(a.Incomes, a.Incomes[0]) }, false},
		{"measure without type", func(a *Aggregate) { a.Measures[0].Type = "" }, false},
		{"measure ends before start", func(a *Aggregate) {
			a.Measures[0].Start, a.Measures[0].End = NewDate(2024, 5, 1), NewDate(2024, 4, 1)
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := validAggregate()
			tc.break_(&a)
			err := a.Validate()
			if tc.ok && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if !tc.ok && !errs.Is(err, errs.Invalid) {
				t.Fatalf("got %v, want an invalid error", err)
			}
		})
	}
}

func TestIncome(t *testing.T) {
	in := Income{Wages: Yuan(20000), Business: Yuan(3000), Property: Yuan(500), Transfers: Yuan(1500),
		Pension: Yuan(1000), DibaoPay: Yuan(400), BusinessExpense: Yuan(1000)}
	if in.Net() != Yuan(24000) {
		t.Errorf("Net = %s", in.Net())
	}
	if in.PerCapita(3) != Yuan(8000) || in.PerCapita(0) != 0 {
		t.Errorf("PerCapita = %s", in.PerCapita(3))
	}
	if in.TransferParts() != Yuan(1400) {
		t.Errorf("TransferParts = %s", in.TransferParts())
	}
}

func TestAggregateHelpers(t *testing.T) {
	a := validAggregate()
	a.Persons = append(a.Persons, Person{No: "x3", HouseholdNo: a.Household.No, DeceasedOn: NewDate(2025, 1, 1)})
	if a.Size() != 2 || len(a.Current()) != 2 {
		t.Errorf("Size = %d", a.Size())
	}
	if !a.Persons[1].HasHealth("残疾") || a.Persons[1].HasHealth("健康") {
		t.Error("HasHealth")
	}
	if a.Income(2026) == nil || a.Income(2025) != nil || !a.HasMeasure(MeasureHealth) || a.HasMeasure(MeasureWater) {
		t.Error("Income/HasMeasure")
	}
	m := Measure{Start: NewDate(2024, 1, 1), End: NewDate(2024, 12, 31)}
	if !m.Active(NewDate(2024, 12, 31)) || m.Active(NewDate(2025, 1, 1)) {
		t.Error("Active")
	}
}

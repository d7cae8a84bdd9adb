package rules

import (
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
)

var ind9Tested = []string{"I9-01", "I9-02", "I9-03", "I9-04", "I9-05", "I9-06", "I9-07", "I9-08", "I9-09", "I9-10", "I9-11"}

func TestI9_01IncomeDrop(t *testing.T) {
	runCases(t, "I9-01", []ruleCase{
		{name: "steady"},
		{name: "rise", mut: years(10000, 12000)},
		{name: "9.99 % drop", mut: years(10000, 9001)},
		{name: "10 % drop (threshold)", mut: years(10000, 9000), want: []string{hhNo}, text: "下降 10%"},
		{name: "30 % drop", mut: years(20000, 14000), want: []string{hhNo}},
		{name: "no previous year", mut: func(a *registry.Aggregate) { a.Incomes = a.Incomes[1:]; setPerCapita(a, 2026, 5000) }},
		{name: "ordinary household", base: ordinary, mut: years(20000, 10000)},
	})
}

func TestI9_02FellBelowLine(t *testing.T) {
	runCases(t, "I9-02", []ruleCase{
		{name: "above both years"},
		{name: "from the line to below", mut: years(8000, 7999), want: []string{hhNo}},
		{name: "below both years", mut: years(7000, 7500)},
		{name: "to the line", mut: years(9000, 8000)},
	})
}

func TestI9_03MainSource(t *testing.T) {
	runCases(t, "I9-03", []ruleCase{
		{name: "wages both years"},
		{name: "wages to business", mut: func(a *registry.Aggregate) {
			a.Income(2026).Wages, a.Income(2026).Business = registry.Yuan(1000), registry.Yuan(50000)
		}, want: []string{hhNo}, text: "工资性收入变为 2026 年的生产经营性收入"},
		{name: "ordinary household", base: ordinary, mut: func(a *registry.Aggregate) { a.Income(2026).Wages = 0 }},
	})
}

func TestI9_04LowWages(t *testing.T) {
	wages := func(fen int64) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) { a.Income(2026).Wages = registry.Money(fen) }
	}
	runCases(t, "I9-04", []ruleCase{
		{name: "normal"},
		{name: "zero", mut: wages(0)},
		{name: "1 fen", mut: wages(1), want: []string{hhNo}},
		{name: "100 元 (bound)", mut: wages(10000), want: []string{hhNo}, text: "不超过 100 元"},
		{name: "100.01 元", mut: wages(10001)},
	})
}

func TestI9_05NegativeNet(t *testing.T) {
	runCases(t, "I9-05", []ruleCase{
		{name: "positive"},
		{name: "zero", mut: func(a *registry.Aggregate) { a.Income(2026).BusinessExpense = registry.Yuan(46000) }},
		{name: "negative", mut: func(a *registry.Aggregate) { a.Income(2026).BusinessExpense = registry.Yuan(46001) }, want: []string{hhNo}, text: "-1 元"},
	})
}

func TestI9_06WagesWithoutWork(t *testing.T) {
	noWork := func(a *registry.Aggregate) {
		for i := range a.Persons {
			a.Persons[i].WorkLocation, a.Persons[i].WorkMonths = "", registry.Count{}
		}
	}
	runCases(t, "I9-06", []ruleCase{
		{name: "workers"},
		{name: "nobody works", mut: noWork, want: []string{hhNo}},
		{name: "a post counts as work", mut: both(noWork, post(1, "乡村公益性岗位", 10))},
		{name: "no wages", mut: both(noWork, func(a *registry.Aggregate) { a.Income(2026).Wages = 0 })},
	})
}

func TestI9_07IdentifiedWithHighIncome(t *testing.T) {
	runCases(t, "I9-07", []ruleCase{
		{name: "identified 2025 with 15,333", base: monitored},
		{name: "identified 2025 with 20,001", base: monitored, mut: years(20001, 9000), want: []string{hhNo}, text: "2025 年人均纯收入 20,001 元"},
		{name: "20,000 exactly", base: monitored, mut: years(20000, 9000)},
		{name: "identified 2022 (before the rule)", base: monitored, mut: both(years(30000, 30000), identified(2022, 12))},
		{name: "no income of that year or the year before: silent", base: monitored, mut: both(identified(2024, 1), pc(25000))},
		{name: "only a later year's income: silent", base: monitored, mut: both(identified(2023, 5), incomeYears(2026), pc(25000))},
		{name: "the year before's income", base: monitored, mut: both(identified(2024, 1), incomeYears(2023, 2026), perCapitaOf(2023, 25000)),
			want: []string{hhNo}, text: "2023 年人均纯收入 25,000 元"},
		{name: "identification year's income preferred", base: monitored, mut: both(identified(2026, 2), years(25000, 9000))},
		{name: "expense not collected: silent", base: monitored, mut: both(years(20001, 9000), func(a *registry.Aggregate) {
			a.Income(2025).Uncollected = a.Income(2025).Uncollected.With(registry.IBusinessExpense)
		})},
		{name: "not monitored", mut: years(30000, 30000)},
	})
}

func TestI9_08ComponentsDoNotAddUp(t *testing.T) {
	runCases(t, "I9-08", []ruleCase{
		{name: "consistent"},
		{name: "post wages above wages", mut: func(a *registry.Aggregate) { a.Income(2026).PostWages = registry.Yuan(40001) }, want: []string{hhNo}},
		{name: "dividends above property", mut: func(a *registry.Aggregate) { a.Income(2026).Dividends = registry.Yuan(1) }, want: []string{hhNo}, text: "分红"},
		{name: "transfers not the sum", mut: func(a *registry.Aggregate) { a.Income(2026).DibaoPay = registry.Yuan(500) }, want: []string{hhNo}, text: "1,500"},
		{name: "no transfer parts given", mut: func(a *registry.Aggregate) { a.Income(2026).OtherTrans = 0 }},
	})
}

func TestI9_09LowIncome(t *testing.T) {
	runCases(t, "I9-09", []ruleCase{
		{name: "normal", base: monitored, mut: pc(5000)},
		{name: "4,000 (bound)", base: monitored, mut: pc(4000)},
		{name: "3,999", base: monitored, mut: pc(3999), want: []string{hhNo}},
		{name: "ordinary household", base: ordinary, mut: pc(3000)},
	})
}

func TestI9_10NoIncome(t *testing.T) {
	runCases(t, "I9-10", []ruleCase{
		{name: "income"},
		{name: "only previous year", mut: func(a *registry.Aggregate) { a.Incomes = a.Incomes[:1] }},
		{name: "none", mut: func(a *registry.Aggregate) { a.Incomes = nil }, want: []string{hhNo}},
		{name: "only a future year", mut: func(a *registry.Aggregate) {
			a.Incomes = a.Incomes[:0]
			a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: hhNo, Year: 2027})
		}, want: []string{hhNo}},
		{name: "ordinary household", base: ordinary, mut: func(a *registry.Aggregate) { a.Incomes = nil }},
	})
}

func TestI9_11MeasuresAgainstIncome(t *testing.T) {
	runCases(t, "I9-11", []ruleCase{
		{name: "industry with business income", base: eliminated},
		{name: "industry without business income", base: eliminated, mut: func(a *registry.Aggregate) { a.Income(2026).Business = 0 }, want: []string{hhNo}, text: "产业帮扶"},
		{name: "post measure without wages", base: eliminated, mut: both(measures(registry.MeasurePublicPost), func(a *registry.Aggregate) { a.Income(2026).Wages = 0 }), want: []string{hhNo}},
		{name: "综合保障 without transfers", base: eliminated, mut: both(measures(registry.MeasureSocialSecurity), func(a *registry.Aggregate) {
			a.Income(2026).Transfers, a.Income(2026).OtherTrans = 0, 0
		}), want: []string{hhNo}},
		{name: "unresolved", base: monitored, mut: func(a *registry.Aggregate) { a.Income(2026).Business = 0 }},
		{name: "ordinary eliminated household", base: eliminated, mut: func(a *registry.Aggregate) {
			a.Household.Kind = registry.KindOrdinary
			a.Income(2026).Business = 0
		}},
	})
}

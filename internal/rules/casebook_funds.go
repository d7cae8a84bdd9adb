package rules

import (
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The casebook of the object rules of indicators 5 and 8: a county's funds, a project, an
// asset and a PV station that no rule flags on the reference date (2026-11-28), and the
// changes the cases make to them. The case tables in docs/rules.md describe them in words.

const caseCounty = region.Code("621121000000")

func d(y, m, day int) registry.Date { return registry.NewDate(y, time.Month(m), day) }

func yuan(n int64) registry.Money { return registry.Yuan(n) }

// baseFunds: 2026 年度 allocated 100 万 on 15 January, 95 万 paid by 30 October (95 %; the
// schedule on 28 November is 91.1 %); the province's October average 90 %; 65 万 of the 100 万
// approved for the year's projects went to industry (65 %), last year 62 %.
func baseFunds(change ...func(*funds.CountyYear)) func() Object {
	return func() Object {
		c := &funds.CountyYear{County: caseCounty, Name: "通渭县", Year: 2026,
			Flows: []funds.Flow{
				{Year: 2026, Date: d(2026, 1, 15), Kind: funds.FlowAllocated, Source: funds.Central, Amount: yuan(1_000_000)},
				{Year: 2026, Date: d(2026, 6, 30), Kind: funds.FlowPaid, Source: funds.Central, Amount: yuan(500_000)},
				{Year: 2026, Date: d(2026, 10, 30), Kind: funds.FlowPaid, Source: funds.Central, Amount: yuan(450_000)},
			},
			Industry: yuan(650_000), Total: yuan(1_000_000), LastIndustry: yuan(620_000), LastTotal: yuan(1_000_000),
			Averages: []funds.ProvinceAverage{{Province: "620000000000", Year: 2026, Month: 10, Rate: 90}}}
		for _, f := range change {
			f(c)
		}
		return c
	}
}

// paid sets the money paid by 30 October; allocated the money allocated on 15 January.
func paid(n int64) func(*funds.CountyYear) {
	return func(c *funds.CountyYear) {
		c.Flows = append(c.Flows[:1], funds.Flow{Year: 2026, Date: d(2026, 10, 30), Kind: funds.FlowPaid, Source: funds.Central, Amount: yuan(n)})
	}
}

func allocated(n int64) func(*funds.CountyYear) {
	return func(c *funds.CountyYear) { c.Flows[0].Amount = yuan(n) }
}

// baseProject: a to-village industry project of 2026 approved on 1 March, planned to finish on
// 30 September, started on 1 April, finished on 20 September, accepted on 15 October, settled
// on 1 November; it links with farmers by work and orders, 20 households linked.
func baseProject(change ...func(*funds.Project)) func() Object {
	return func() Object {
		p := &funds.Project{County: caseCounty, Place: "621121101201", No: "TW2026-001", Name: "东关村肉牛养殖场", Type: funds.TypeIndustry,
			Scope: funds.ScopeVillage, Year: 2026, Content: "新建肉牛养殖圈舍 2 栋、青贮池 1 座", Mechanism: "务工就业、订单收购", Linked: 20,
			Dates: funds.Dates{Listed: d(2025, 10, 8), Approval: d(2026, 3, 1), PlanStart: d(2026, 4, 1), PlanFinish: d(2026, 9, 30),
				Start: d(2026, 4, 1), Finish: d(2026, 9, 20), Accept: d(2026, 10, 15), Settle: d(2026, 11, 1)}}
		p.Approved[funds.Central] = yuan(1_200_000)
		for _, f := range change {
			f(p)
		}
		return p
	}
}

// approvedOnly leaves the project approved on the date and not started.
func approvedOnly(on registry.Date) func(*funds.Project) {
	return func(p *funds.Project) { p.Dates = funds.Dates{Approval: on, PlanStart: on, PlanFinish: d(2027, 6, 30)} }
}

// building leaves the project started, planned to finish on the date.
func building(plan registry.Date) func(*funds.Project) {
	return func(p *funds.Project) {
		p.Dates.PlanFinish, p.Dates.Finish, p.Dates.Accept, p.Dates.Settle = plan, registry.Date{}, registry.Date{}, registry.Date{}
	}
}

// finishedOn leaves the project finished on the date, not accepted.
func finishedOn(on registry.Date) func(*funds.Project) {
	return func(p *funds.Project) {
		p.Dates.Finish, p.Dates.Accept, p.Dates.Settle = on, registry.Date{}, registry.Date{}
	}
}

// toHouseholds makes it a to-household project accepted on the date whose money is not paid.
func toHouseholds(accepted registry.Date) func(*funds.Project) {
	return func(p *funds.Project) {
		p.Scope, p.Dates.Finish, p.Dates.Accept, p.Dates.Settle = funds.ScopeHouse, accepted, accepted, registry.Date{}
	}
}

func stopped(p *funds.Project) { p.Stopped = true }

// baseAsset: a productive asset (a workshop) formed on 1 December 2023, kept by the village
// committee, registered, running; 2.4 万 of rent received on 30 June, all distributed on 15
// July.
func baseAsset(change ...func(*funds.Asset)) func() Object {
	return func() Object {
		a := &funds.Asset{County: caseCounty, Place: "621121100001", No: "ZC-001", Name: "东城区扶贫车间", ProjectNo: "TW2023-008",
			Class: funds.ClassProductive, Type: "厂房", Owner: "东城区集体经济合作社", Custodian: "东城区居委会", Registered: registry.Yes,
			RegDate: d(2024, 5, 6), Value: yuan(880_000), Formed: d(2023, 12, 1), Status: funds.AssetRunning,
			Incomes:       []funds.Income{{ObjectNo: "ZC-001", Received: d(2026, 6, 30), Amount: yuan(24_000)}},
			Distributions: []funds.Distribution{{ObjectNo: "ZC-001", Date: d(2026, 7, 15), Use: funds.UseHouseholds, Amount: yuan(24_000)}}}
		for _, f := range change {
			f(a)
		}
		return a
	}
}

// assetIncome replaces the asset's income by one receipt, and its distributions by one payment.
func assetIncome(on registry.Date, amount int64, distributed int64) func(*funds.Asset) {
	return func(a *funds.Asset) {
		a.Incomes = []funds.Income{{ObjectNo: a.No, Received: on, Amount: yuan(amount)}}
		a.Distributions = nil
		if distributed > 0 {
			a.Distributions = []funds.Distribution{{ObjectNo: a.No, Date: d(2026, 11, 1), Use: funds.UseHouseholds, Amount: yuan(distributed)}}
		}
	}
}

func noIncome(formed registry.Date) func(*funds.Asset) {
	return func(a *funds.Asset) { a.Incomes, a.Distributions, a.Formed = nil, nil, formed }
}

// baseStation: a 300 kW village station designed for 42 万 kWh a year (3.5 万 a month),
// connected in 2019, which yielded 3.3 万 kWh (94 %) and 1 万 元 in each of the 12 months from
// November 2025 to October 2026, weeded on 10 October 2026; it distributed 4 万 to
// public-welfare posts on 15 March and 3 万 to posts and 1 万 to the collective on 15 August
// (87.5 % to posts, nothing left undistributed beyond 180 days).
func baseStation(change ...func(*funds.Station)) func() Object {
	return func() Object {
		s := &funds.Station{County: caseCounty, Place: "621121101201", No: "GF-001", Name: "东关村级光伏电站", Type: "村级",
			CapacityKW: 300, ExpectedKWh: 420_000, Connected: d(2019, 6, 30), Operator: "通渭新能源运维公司", Status: funds.AssetRunning,
			Ops: []funds.Maintenance{{StationNo: "GF-001", Date: d(2026, 10, 10), Kind: "除草"}},
			Distributions: []funds.Distribution{
				{ObjectNo: "GF-001", Date: d(2026, 3, 15), Use: funds.UsePosts, Amount: yuan(40_000)},
				{ObjectNo: "GF-001", Date: d(2026, 8, 15), Use: funds.UsePosts, Amount: yuan(30_000)},
				{ObjectNo: "GF-001", Date: d(2026, 8, 15), Use: funds.UseCollective, Amount: yuan(10_000)},
			}}
		for m := registry.NewMonth(2025, 11); m.Index() <= registry.NewMonth(2026, 10).Index(); m = nextMonth(m) {
			s.Months = append(s.Months, funds.PVMonth{StationNo: "GF-001", Month: m, KWh: 33_000, Income: yuan(10_000)})
		}
		for _, f := range change {
			f(s)
		}
		return s
	}
}

func nextMonth(m registry.Month) registry.Month {
	t := m.First().Time().AddDate(0, 1, 0)
	return registry.NewMonth(t.Year(), t.Month())
}

// yieldEach sets every month's yield.
func yieldEach(kwh float64) func(*funds.Station) {
	return func(s *funds.Station) {
		for i := range s.Months {
			s.Months[i].KWh = kwh
		}
	}
}

// fmtPct writes a percentage with one decimal.
func fmtPct(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// fmtNum writes a parameter's number as its value reads: 60, 12.5.
func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// fmtKWh writes an amount of energy with thousands separators.
func fmtKWh(x float64) string { return registry.Thousands(int64(x + 0.5)) }

// anyWord returns the first of words that s contains.
func anyWord(s string, words []string) string {
	for _, w := range words {
		if w != "" && strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

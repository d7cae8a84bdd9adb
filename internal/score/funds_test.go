package score_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/cli"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

const (
	fundsVillageA = region.Code("621121100001")
	fundsVillageB = region.Code("621121101201")
	fundsCounty   = region.Code("621121000000")
)

func day(y, m, d int) registry.Date { return registry.NewDate(y, time.Month(m), d) }

// fundsArea stores two households and a county's funds: 100 万 allocated and 60 万 paid; this
// year an industry project (60 万, finished on 1 September and not accepted) and a county road
// (40 万, approved on 1 March and not started); last year 70 % to industry; a productive asset
// that never earned and a public one in order; a PV station at 90 % of its design.
func fundsArea(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	reg := store.NewRegistry(db)
	for i, v := range []region.Code{fundsVillageA, fundsVillageB} {
		a := registry.Aggregate{Household: registry.Household{No: string(v) + "0001", Village: v, Kind: registry.KindAlleviated}}
		a.Persons = []registry.Person{{No: a.Household.No + "01", HouseholdNo: a.Household.No, Name: "户主" + string(rune('甲'+i)), Relation: "户主"}}
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	p1 := &funds.Project{County: fundsCounty, Place: fundsVillageA, No: "P1", Name: "肉牛养殖", Type: funds.TypeIndustry, Year: 2026, Mechanism: "务工就业",
		Dates: funds.Dates{Approval: day(2026, 3, 1), PlanFinish: day(2026, 9, 30), Start: day(2026, 4, 1), Finish: day(2026, 9, 1)}}
	p1.Approved[funds.Central] = registry.Yuan(600_000)
	p2 := &funds.Project{County: fundsCounty, Place: fundsCounty, No: "P2", Name: "道路", Type: "基础设施", Year: 2026,
		Dates: funds.Dates{Approval: day(2026, 3, 1), PlanFinish: day(2027, 6, 30)}}
	p2.Approved[funds.Provincial] = registry.Yuan(400_000)
	p3 := &funds.Project{County: fundsCounty, Place: fundsCounty, No: "P3", Name: "大棚", Type: funds.TypeIndustry, Year: 2025, Mechanism: "订单收购",
		Dates: funds.Dates{Approval: day(2025, 3, 1), Start: day(2025, 4, 1), Finish: day(2025, 8, 1), Accept: day(2025, 9, 1), Settle: day(2025, 10, 1)}}
	p3.Approved[funds.Central] = registry.Yuan(700_000)
	p4 := &funds.Project{County: fundsCounty, Place: fundsCounty, No: "P4", Name: "上年道路", Type: "基础设施", Year: 2025,
		Dates: funds.Dates{Approval: day(2025, 3, 1), Start: day(2025, 4, 1), Finish: day(2025, 8, 1), Accept: day(2025, 9, 1), Settle: day(2025, 10, 1)}}
	p4.Approved[funds.CountyLevel] = registry.Yuan(300_000)
	s := &funds.Station{County: fundsCounty, Place: fundsVillageB, No: "S1", Name: "电站", CapacityKW: 100, ExpectedKWh: 120_000,
		Connected: day(2019, 1, 1), Status: funds.AssetRunning}
	var months []funds.PVMonth
	for m := 1; m <= 12; m++ {
		t := time.Date(2025, time.Month(10+m), 1, 0, 0, 0, 0, time.UTC)
		months = append(months, funds.PVMonth{StationNo: "S1", Month: registry.NewMonth(t.Year(), t.Month()), KWh: 9000})
	}
	batches := map[string]funds.Batch{
		"projects": {Projects: []*funds.Project{p1, p2, p3, p4}},
		"flows": {Flows: []funds.Flow{{Year: 2026, Date: day(2026, 1, 15), Kind: funds.FlowAllocated, Amount: registry.Yuan(1_000_000)},
			{Year: 2026, Date: day(2026, 6, 30), Kind: funds.FlowPaid, ProjectNo: "P1", Amount: registry.Yuan(600_000)}}},
		"assets": {Assets: []*funds.Asset{
			{County: fundsCounty, Place: fundsVillageA, No: "A1", Name: "车间", Class: funds.ClassProductive, Custodian: "村委会", Registered: registry.Yes,
				RegDate: day(2024, 6, 1), Formed: day(2024, 5, 1), Status: funds.AssetRunning},
			{County: fundsCounty, Place: fundsVillageB, No: "A2", Name: "村道", Class: funds.ClassPublic, Custodian: "村委会", Registered: registry.Yes,
				RegDate: day(2024, 6, 1), Formed: day(2024, 5, 1), Status: funds.AssetRunning}}},
		"stations": {Stations: []*funds.Station{s}},
		"pvops":    {Ops: []funds.Maintenance{{StationNo: "S1", Date: day(2026, 11, 1), Kind: "除草"}}},
		"pvmonths": {Months: months},
	}
	fs := store.NewFunds(db)
	for _, l := range funds.Ledgers {
		if b, ok := batches[l.Key]; ok {
			if _, err := fs.Apply(ctx, &funds.Import{Ledger: l, County: fundsCounty, File: "test", Batch: b}); err != nil {
				t.Fatalf("%s: %v", l.Key, err)
			}
		}
	}
}

// TestFundIndicatorsAndCard: indicators 5 and 8 are scored from the county's funds, projects,
// assets and stations and their findings, and the fund performance card beside them, each
// against a computation by hand.
func TestFundIndicatorsAndCard(t *testing.T) {
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		fundsArea(t, e.DB)
		svc := score.New(e.DB, tree)
		en := screen.New(e.DB)
		en.Year = 2026
		en.Sources = cli.FundsSources(store.NewFunds(e.DB))
		en.AfterRun = svc.AfterScreening
		if _, err := en.Run(ctx, screen.Options{Scope: fundsCounty}); err != nil {
			t.Fatal(err)
		}
		var rules []string
		if err := store.NewFindings(e.DB).Each(ctx, store.FindingFilter{Scope: fundsCounty, Status: store.StatusOpen}, func(f *store.Finding) error {
			if f.Indicator == 5 || f.Indicator == 8 {
				rules = append(rules, f.RuleID+" "+f.SubjectID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(rules)
		want := []string{"I5-01 621121-2026", "I5-04 621121-2026", "I5-05 P2", "I5-07 A1", "I8-01 P1"}
		if !slices.Equal(rules, want) {
			t.Errorf("findings %v, want %v", rules, want)
		}

		card, err := svc.Card(ctx, fundsCounty.Parent(), "")
		if err != nil {
			t.Fatal(err)
		}
		var county score.Row
		for _, c := range card.Children {
			if c.Region == fundsCounty {
				county = c
			}
		}
		// Indicator 5: paid 60 万 of the 91.1 万 due by 28 November (65.9 %, below the 80 %
		// floor: 0 of 4); industry 60 % (at the target: 2 of 2); 1 of the 4 projects of the
		// last two years not started (25 %, beyond 20 %: 0 of 2); 1 of 2 assets idle (0 of 2).
		v5 := county.Values[5]
		if !v5.Scored || len(v5.Components) != 4 || math.Abs(v5.Components[0].Rate-600_000*100/911_111.11) > 0.01 ||
			v5.Components[1].Rate != 60 || v5.Components[2].Num != 1 || v5.Components[2].Den != 4 ||
			v5.Components[3].Num != 1 || v5.Components[3].Den != 2 || v5.Score != 2 {
			t.Errorf("indicator 5: %+v", v5)
		}
		// Indicator 8: 1 of the 2 industry projects not accepted (50 %: 0 of 6); the station in
		// order (4 of 4).
		v8 := county.Values[8]
		if !v8.Scored || v8.Components[0].Num != 1 || v8.Components[0].Den != 2 || v8.Components[1].Num != 0 || v8.Components[1].Den != 1 || v8.Score != 4 {
			t.Errorf("indicator 8: %+v", v8)
		}
		// Each village carries the county's money, shared out: 30 万 paid of 45.6 万 due.
		villages, err := store.NewScores(e.DB).Villages(ctx, card.Period, fundsCounty)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, c := range villages {
			if c.Indicator == 5 || c.Indicator == 8 {
				got[string(c.Region)+" "+c.Part+" "+string(rune('0'+c.Indicator))] = [2]int{c.Num, c.Den}
			}
		}
		for k, w := range map[string][2]int{
			string(fundsVillageA) + " expenditure 5": {300_000, 455_556}, string(fundsVillageB) + " expenditure 5": {300_000, 455_555},
			string(fundsVillageA) + " projects 5": {1, 4}, string(fundsVillageB) + " projects 5": {0, 0}, // P2–P4 sit at the county: its first village
			string(fundsVillageA) + " assets 5": {1, 1}, string(fundsVillageB) + " assets 5": {0, 1},
			string(fundsVillageA) + " projects 8": {1, 2}, string(fundsVillageB) + " pv 8": {0, 1},
		} {
			if got[k] != w {
				t.Errorf("%s: %v, want %v (all %v)", k, got[k], w, got)
			}
		}

		// The fund performance card: expenditure 65.9 % (0 of 30), industry 60 % (20 of 20),
		// down 10 points from last year (0 of 10), the one project due finished (20 of 20), half
		// the assets in order (0 of 20): 40 of 100.
		fc := score.NewFundCards(e.DB, tree)
		fcard, err := fc.Card(ctx, fundsCounty)
		if err != nil {
			t.Fatal(err)
		}
		p := fcard.Parent
		scores := map[string]float64{}
		for _, part := range p.Parts {
			scores[part.Key] = part.Score
		}
		if !p.HasData || p.Total != 40 || scores["industry"] != 20 || scores["completion"] != 20 || scores["industry_change"] != 0 ||
			p.Figures.Due != 1 || p.Figures.Assets != 2 || p.Figures.AssetsBad != 1 {
			t.Errorf("fund card %+v", p)
		}
		city, err := fc.Card(ctx, fundsCounty.Parent())
		if err != nil || len(city.Counties) != 1 || city.Parent.Total != 40 || city.Counties[0].Rank != 1 {
			t.Errorf("city card %+v %v", city, err)
		}
	})
}

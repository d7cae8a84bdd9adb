package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

func fdate(y, m, d int) registry.Date { return registry.NewDate(y, time.Month(m), d) }

// fundsFile writes records as a ledger's file and reads it back, as an upload would be.
func fundsFile(t *testing.T, tree *region.Tree, key string, b *funds.Batch) *funds.Import {
	t.Helper()
	l, err := funds.LedgerOf(key)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := l.Export(&buf, tree, l.Title, b); err != nil {
		t.Fatal(err)
	}
	im, err := l.Read(tree, villageA.County(), l.Title+".xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || !im.OK() {
		t.Fatalf("%s: %v %v", key, err, im.Problems)
	}
	return im
}

// TestFundsLedgers: each ledger is written in one transaction, replaces what it says it
// replaces, is refused whole when a row names a project, asset, station or household that does
// not exist, and reads back as the objects the rules judge.
func TestFundsLedgers(t *testing.T) {
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Username: "county"})
		county := villageA.County()
		reg := store.NewRegistry(e.DB)
		h := household(villageA, 1, 2)
		if err := reg.Put(ctx, &h); err != nil {
			t.Fatal(err)
		}
		fs := store.NewFunds(e.DB)

		// A beneficiary list before its project: refused, and nothing written.
		ben := fundsFile(t, tree, "beneficiaries", &funds.Batch{Beneficiaries: []funds.Beneficiary{
			{ProjectNo: "P1", HouseholdNo: h.Household.No, Mechanism: "务工就业"}, {ProjectNo: "P1", HouseholdNo: "621121100201999", Mechanism: "直接补助"}}})
		if _, err := fs.Apply(ctx, ben); !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), "项目库中没有编号为「P1」的项目") ||
			!strings.Contains(errs.Message(err), "本县的农户中没有户编号「621121100201999」") {
			t.Fatalf("refs: %v", err)
		}
		if _, err := fs.Refused(ctx, ben, []byte("PK report")); err != nil {
			t.Fatal(err)
		}

		p1 := &funds.Project{County: county, Place: villageA, No: "P1", Name: "肉牛养殖", Type: funds.TypeIndustry, Scope: funds.ScopeHouse, Year: 2026,
			Mechanism: "务工就业", Dates: funds.Dates{Approval: fdate(2026, 3, 1), Start: fdate(2026, 4, 1), Finish: fdate(2026, 8, 1)}}
		p1.Approved[funds.Central] = registry.Yuan(600_000)
		p2 := &funds.Project{County: county, Place: county, No: "P2", Name: "道路硬化", Type: "基础设施", Year: 2026}
		p2.Approved[funds.Provincial] = registry.Yuan(400_000)
		p3 := &funds.Project{County: county, Place: county, No: "P3", Name: "上年大棚", Type: funds.TypeIndustry, Year: 2025}
		p3.Approved[funds.Central], p3.Approved[funds.Other] = registry.Yuan(700_000), registry.Yuan(900_000)
		p4 := &funds.Project{County: county, Place: county, No: "P4", Name: "上年道路", Type: "基础设施", Year: 2025}
		p4.Approved[funds.CountyLevel] = registry.Yuan(300_000)
		if _, err := fs.Apply(ctx, fundsFile(t, tree, "projects", &funds.Batch{Projects: []*funds.Project{p1, p2, p3, p4}})); err != nil {
			t.Fatal(err)
		}
		ben = fundsFile(t, tree, "beneficiaries", &funds.Batch{Beneficiaries: []funds.Beneficiary{
			{ProjectNo: "P1", HouseholdNo: h.Household.No, Mechanism: "务工就业", Amount: registry.Yuan(3000)}}})
		if _, err := fs.Apply(ctx, ben); err != nil {
			t.Fatal(err)
		}
		got, err := fs.Project(ctx, county, "P1")
		if err != nil || got.Linked != 1 || got.Approved[funds.Central] != registry.Yuan(600_000) || got.Status() != funds.StatusFinished || got.Version == "" {
			t.Fatalf("project %+v %v", got, err)
		}
		bs, err := fs.Beneficiaries(ctx, county, "P1")
		if err != nil || len(bs) != 1 || bs[0].Head != "张0" || bs[0].Village != villageA {
			t.Fatalf("beneficiaries %+v %v", bs, err)
		}

		flows := &funds.Batch{Flows: []funds.Flow{
			{Year: 2026, Date: fdate(2026, 1, 10), Kind: funds.FlowAllocated, Source: funds.Central, Amount: registry.Yuan(800_000)},
			{Year: 2026, Date: fdate(2026, 5, 10), Kind: funds.FlowPaid, Source: funds.Central, ProjectNo: "P1", Amount: registry.Yuan(200_000)},
		}}
		if _, err := fs.Apply(ctx, fundsFile(t, tree, "flows", flows)); err != nil {
			t.Fatal(err)
		}
		// The year's flows again, corrected: they replace the year's.
		flows.Flows[1].Amount = registry.Yuan(250_000)
		if _, err := fs.Apply(ctx, fundsFile(t, tree, "flows", flows)); err != nil {
			t.Fatal(err)
		}
		if err := fs.SetProvinceAverage(ctx, funds.ProvinceAverage{Province: "620000000000", Year: 2026, Month: 5, Rate: 41.5}); err != nil {
			t.Fatal(err)
		}
		cy, err := fs.CountyYear(ctx, county, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if p := cy.At(fdate(2026, 6, 30)); p.Allocated != registry.Yuan(800_000) || p.Paid != registry.Yuan(250_000) || len(cy.Flows) != 2 {
			t.Errorf("flows %+v", cy.Flows)
		}
		if cy.Industry != registry.Yuan(600_000) || cy.Total != registry.Yuan(1_000_000) || cy.LastIndustry != registry.Yuan(700_000) ||
			cy.LastTotal != registry.Yuan(1_000_000) || len(cy.Averages) != 1 || cy.Averages[0].Rate != 41.5 {
			t.Errorf("shares %+v", cy)
		}

		a := &funds.Asset{County: county, Place: villageA, No: "A1", Name: "扶贫车间", ProjectNo: "P1", Class: funds.ClassProductive,
			Custodian: "村委会", Registered: registry.No, Formed: fdate(2024, 1, 1), Status: funds.AssetRunning}
		s := &funds.Station{County: county, Place: villageA, No: "S1", Name: "村级电站", CapacityKW: 100, ExpectedKWh: 120_000, Status: funds.AssetRunning}
		for _, b := range []struct {
			key string
			b   *funds.Batch
		}{
			{"assets", &funds.Batch{Assets: []*funds.Asset{a}}},
			{"stations", &funds.Batch{Stations: []*funds.Station{s}}},
			{"incomes", &funds.Batch{Incomes: []funds.Income{{ObjectNo: "A1", Received: fdate(2026, 2, 1), Amount: registry.Yuan(5000)}},
				Distributions: []funds.Distribution{{ObjectNo: "A1", Date: fdate(2026, 3, 1), Use: funds.UseHouseholds, HouseholdNo: h.Household.No, Amount: registry.Yuan(2000)},
					{ObjectNo: "S1", Date: fdate(2026, 4, 1), Use: funds.UsePosts, Amount: registry.Yuan(8000)}}}},
			{"pvops", &funds.Batch{Ops: []funds.Maintenance{{StationNo: "S1", Date: fdate(2026, 6, 1), Kind: "除草"}}}},
			{"pvmonths", &funds.Batch{Months: []funds.PVMonth{{StationNo: "S1", Month: registry.NewMonth(2026, 5), KWh: 9000, Income: registry.Yuan(3000)}}}},
		} {
			if _, err := fs.Apply(ctx, fundsFile(t, tree, b.key, b.b)); err != nil {
				t.Fatalf("%s: %v", b.key, err)
			}
		}
		// A station's income goes to 光伏收益台账, not to the asset ledger's income lines.
		wrong := fundsFile(t, tree, "incomes", &funds.Batch{Incomes: []funds.Income{{ObjectNo: "S1", Received: fdate(2026, 2, 1), Amount: 1}}})
		if _, err := fs.Apply(ctx, wrong); !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), "光伏收益台账") {
			t.Errorf("station income: %v", err)
		}
		ga, err := fs.Asset(ctx, county, "A1")
		if err != nil || len(ga.Incomes) != 1 || len(ga.Distributions) != 1 || ga.Registered != registry.No {
			t.Fatalf("asset %+v %v", ga, err)
		}
		var st *funds.Station
		if err := fs.EachStation(ctx, county, county, func(x *funds.Station) error { st = x; return nil }); err != nil || st == nil ||
			len(st.Months) != 1 || len(st.Ops) != 1 || len(st.Distributions) != 1 || st.Months[0].ReceivedOn() != fdate(2026, 5, 31) {
			t.Fatalf("station %+v %v", st, err)
		}
		rows, total, err := fs.Assets(ctx, store.AssetFilter{Scope: villageA})
		if err != nil || total != 1 || rows[0].Income != registry.Yuan(5000) || rows[0].Distributed != registry.Yuan(2000) || rows[0].LastIncome != fdate(2026, 2, 1) {
			t.Fatalf("asset rows %+v %d %v", rows, total, err)
		}

		// Filters and scope: a township user sees the projects of its villages only.
		list, total, err := fs.Projects(ctx, store.ProjectFilter{Scope: villageA.Parent()})
		if err != nil || total != 1 || list[0].No != "P1" {
			t.Errorf("township's projects %v %d %v", list, total, err)
		}
		if _, total, _ := fs.Projects(ctx, store.ProjectFilter{Scope: county, Status: funds.StatusApproved}); total != 0 {
			t.Errorf("approved %d", total)
		}
		if _, total, _ := fs.Projects(ctx, store.ProjectFilter{Scope: county, Year: 2025}); total != 2 {
			t.Errorf("2025: %d", total)
		}

		// An edit at a stale version is refused; at the current one it is recorded and audited.
		if _, err := fs.EditProject(ctx, county, "P1", "old", store.ProjectEdit{}); !errs.Is(err, errs.Conflict) {
			t.Errorf("stale edit: %v", err)
		}
		ed, err := fs.EditProject(ctx, county, "P1", got.Version, store.ProjectEdit{Start: fdate(2026, 4, 1), Finish: fdate(2026, 8, 1),
			Accept: fdate(2026, 9, 1), Mechanism: "务工就业"})
		if err != nil || ed.Status() != funds.StatusAccepted {
			t.Fatalf("edit %+v %v", ed, err)
		}
		if _, err := fs.EditProject(ctx, county, "P1", ed.Version, store.ProjectEdit{Accept: fdate(2026, 9, 1)}); !errs.Is(err, errs.Invalid) {
			t.Errorf("acceptance without completion: %v", err)
		}
		if _, err := fs.EditAsset(ctx, county, "A1", ga.Version, store.AssetEdit{Custodian: "合作社", Status: funds.AssetRunning,
			Registered: registry.Yes, RegDate: fdate(2026, 10, 1)}); err != nil {
			t.Fatal(err)
		}
		entries, err := store.NewAuditLog(e.DB).List(ctx, audit.Filter{Action: audit.FundsUpdate})
		var details []string
		for _, en := range entries {
			details = append(details, en.Detail)
		}
		if err != nil || len(entries) != 3 || !strings.Contains(strings.Join(details, "\n"), "验收日期 （空） → 2026-09-01") {
			t.Errorf("audit %+v %v", entries, err)
		}
		imps, err := store.NewAuditLog(e.DB).List(ctx, audit.Filter{Action: audit.Import})
		if err != nil || len(imps) != 9 {
			t.Errorf("imports audited: %d %v", len(imps), err)
		}

		// The log keeps the refused file's report; the exports give back what was imported.
		logs, err := fs.Imports(ctx, county, 20)
		if err != nil || len(logs) != 10 {
			t.Fatalf("import log %d %v", len(logs), err)
		}
		var refused *store.FundImport
		for i := range logs {
			if logs[i].Report {
				refused = &logs[i]
			}
		}
		if refused == nil {
			t.Fatal("no refused import logged")
		}
		if name, data, err := fs.Report(ctx, county, refused.ID); err != nil || name != "项目受益户名单.xlsx" || string(data) != "PK report" {
			t.Errorf("report %q %q %v", name, data, err)
		}
		b, err := fs.Batch(ctx, county, "incomes")
		if err != nil || len(b.Incomes) != 1 || len(b.Distributions) != 2 {
			t.Errorf("incomes batch %+v %v", b, err)
		}
		if cs, err := fs.Counties(ctx, "620000000000"); err != nil || len(cs) != 1 || cs[0] != county {
			t.Errorf("counties %v %v", cs, err)
		}
	})
}

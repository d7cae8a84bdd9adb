package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/assistance"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/relocation"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// The stores of the lists of indicators 3, 6 and 7 (relocation.go, employment.go,
// assistance.go) on both engines. The clock is storetest.Clock: 2026-11-28.

// personID returns a distinct valid ID number for member i of household seq.
func personID(seq, i int) string {
	return idno.Make("621121", time.Date(1980+i, time.Month(seq%12+1), 10, 0, 0, 0, 0, time.UTC), 100+seq*10+i)
}

// followHousehold is a target household of n members with distinct ID numbers, relocated when
// asked, nobody working.
func followHousehold(village region.Code, seq, n int, relocated bool) registry.Aggregate {
	a := household(village, seq, n)
	for i := range a.Persons {
		p := &a.Persons[i]
		p.IDNumber, p.Birth = personID(seq, i), registry.NewDate(1980+i, time.Month(seq%12+1), 10)
		p.WorkLocation, p.WorkMonths = "", registry.Count{}
	}
	if relocated {
		a.Household.Relocated, a.Household.RelocationSite = registry.Yes, "城关安置点"
	}
	return a
}

func putHouseholds(t *testing.T, db *store.DB, as ...registry.Aggregate) {
	t.Helper()
	reg := store.NewRegistry(db)
	for i := range as {
		if err := reg.Put(context.Background(), &as[i]); err != nil {
			t.Fatal(err)
		}
	}
}

// openFinding writes an open finding on an object, as screening would.
func openFinding(t *testing.T, db *store.DB, county, village region.Code, rule, kind, subject string) {
	t.Helper()
	_, err := db.SQL.Exec(db.Rebind(`INSERT INTO findings (county_code, id, rule_id, indicator, severity, subject_kind, subject_id, household_no,
		region_code, status, explanation, opened_at, last_seen_at) VALUES (?, ?, ?, ?, 'medium', ?, ?, '', ?, 'open', 'x', '2026-11-28T00:00:00Z', '2026-11-28T00:00:00Z')`),
		string(county), county.Prefix()+rule+subject, rule, int(rule[1]-'0'), kind, subject, string(village))
	if err != nil {
		t.Fatal(err)
	}
}

func TestRelocationStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		county := villageA.County()
		a, b := followHousehold(villageA, 1, 3, true), followHousehold(villageA, 2, 2, true)
		putHouseholds(t, e.DB, a, b)
		st := store.NewRelocation(e.DB)
		err := st.PutSites(ctx, county, []relocation.SiteRow{{Row: 2, Site: relocation.Site{ID: "AZ01", Region: villageA, Name: "城关安置点",
			Way: "城镇安置", Households: 2, People: 5}}}, "test", audit.Entry{Action: audit.Import, ObjectType: "relocation"})
		if err != nil {
			t.Fatal(err)
		}
		// A facility of a site the county does not have: nothing is written.
		miss, err := st.PutFacilities(ctx, county, []relocation.FacilityRow{
			{Row: 2, Facility: relocation.Facility{SiteID: "AZ01", Name: "卫生室", Custodian: "社区", Funding: registry.Yuan(10000)}},
			{Row: 3, Facility: relocation.Facility{SiteID: "AZ99", Name: "广场"}},
		}, audit.Entry{})
		if err != nil || len(miss) != 1 || miss[0].Row != 3 || !strings.Contains(miss[0].Reason, "AZ99") {
			t.Fatalf("facilities: %v %v", err, miss)
		}
		miss, err = st.PutFacilities(ctx, county, []relocation.FacilityRow{
			{Row: 2, Facility: relocation.Facility{SiteID: "AZ01", Name: "卫生室", Custodian: "社区", Funding: registry.Yuan(10000)}},
			{Row: 3, Facility: relocation.Facility{SiteID: "AZ01", Name: "广场"}},
		}, audit.Entry{})
		if err != nil || len(miss) != 0 {
			t.Fatalf("facilities: %v %v", err, miss)
		}
		// Households by 户编号 and by the head's ID number; an unknown one refuses the file.
		miss, err = st.PutResidents(ctx, county, []relocation.ResidentRow{
			{Row: 2, Resident: relocation.Resident{SiteID: "AZ01", HouseholdNo: a.Household.No, People: 3}},
			{Row: 3, HeadID: strings.ToLower(personID(2, 0)), Resident: relocation.Resident{SiteID: "AZ01", People: 2}},
			{Row: 4, Resident: relocation.Resident{SiteID: "AZ01", HouseholdNo: "NOPE"}},
		}, audit.Entry{})
		if err != nil || len(miss) != 1 || miss[0].Row != 4 {
			t.Fatalf("residents: %v %v", err, miss)
		}
		miss, err = st.PutResidents(ctx, county, []relocation.ResidentRow{
			{Row: 2, Resident: relocation.Resident{SiteID: "AZ01", HouseholdNo: a.Household.No, People: 3}},
			{Row: 3, HeadID: personID(2, 0) + "42", Resident: relocation.Resident{SiteID: "AZ01", People: 2}},
		}, audit.Entry{})
		if err != nil || len(miss) != 0 {
			t.Fatalf("residents: %v %v", err, miss)
		}
		miss, err = st.PutFollowUps(ctx, county, []relocation.FollowUpRow{
			{Row: 2, FollowUp: relocation.FollowUp{HouseholdNo: a.Household.No, On: registry.NewDate(2026, 10, 1), Kind: "就业帮扶", Content: "推荐岗位"}},
			{Row: 3, FollowUp: relocation.FollowUp{HouseholdNo: a.Household.No, On: registry.NewDate(2026, 10, 1), Kind: "就业帮扶", Content: "推荐岗位（更正）"}},
		}, "test", audit.Entry{})
		if err != nil || len(miss) != 0 {
			t.Fatalf("follow-ups: %v %v", err, miss)
		}
		facts, err := st.Facts(ctx, county, county, nil)
		if err != nil {
			t.Fatal(err)
		}
		fa, fb := facts[a.Household.No], facts[b.Household.No]
		if fa == nil || fa.Site != "城关安置点" || len(fa.Support) != 1 || !fa.FollowUps || fb == nil || len(fb.Support) != 0 {
			t.Fatalf("facts %+v %+v", fa, fb)
		}
		if one, _ := st.Facts(ctx, county, county, []string{b.Household.No}); len(one) != 1 || one[b.Household.No] == nil {
			t.Errorf("facts of one household: %v", one)
		}
		var sites []*relocation.SiteObject
		if err := st.EachSite(ctx, county, county, func(o *relocation.SiteObject) error { sites = append(sites, o); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(sites) != 1 || len(sites[0].Facilities) != 2 || sites[0].Residents != 2 || sites[0].PostsKept {
			t.Fatalf("sites %+v", sites)
		}
		list, err := st.Sites(ctx, villageA.Up(region.Township))
		if err != nil || len(list) != 1 || list[0].Unkept != 1 || list[0].People != 5 {
			t.Fatalf("list %+v %v", list, err)
		}
		res, err := st.Residents(ctx, county, "AZ01")
		if err != nil || len(res) != 2 || res[0].Supports != 1 || res[0].Able != 3 || res[0].Working != 0 {
			t.Fatalf("residents %+v %v", res, err)
		}
		// The scorecard's counts: the site with a finding, and follow-up coverage.
		openFinding(t, e.DB, county, villageA, "I3-04", relocation.KindSite, "AZ01")
		got, err := store.SiteCounter([]string{"I3-04"}).(store.DBCounter).On(e.DB).CountVillages(ctx, county)
		if err != nil || got[villageA] != [2]int{1, 1} {
			t.Errorf("site counter %v %v", got, err)
		}
		got, err = store.FollowUpCounter().(store.DBCounter).On(e.DB).CountVillages(ctx, county)
		if err != nil || got[villageA] != [2]int{1, 2} {
			t.Errorf("follow-up counter %v %v", got, err)
		}
		var n int
		e.DB.SQL.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'relocation'`).Scan(&n)
		if n != 1 {
			t.Errorf("audit rows %d", n)
		}
	})
}

// TestPostsAcrossDepartments: one person's posts in the lists of several departments (and
// another county) are found by the ID number, whatever name each department writes.
func TestPostsAcrossDepartments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		county := villageA.County()
		a := followHousehold(villageA, 1, 3, false)
		putHouseholds(t, e.DB, a)
		st := store.NewEmployment(e.DB)
		id := personID(1, 0)
		post := func(row int, pid string, v region.Code, dept, title, name, holderID string) employment.PostRow {
			return employment.PostRow{Row: row, Post: employment.Post{ID: pid, Village: v, Type: "乡村公益性岗位", Title: title, Department: dept,
				Pay: registry.Yuan(600), Start: registry.NewDate(2026, 1, 1), Holder: name, HolderID: holderID}}
		}
		if err := st.PutPosts(ctx, county, []employment.PostRow{
			post(2, "X1", villageA, "乡村振兴", "保洁员", "张0", id),
			post(3, "L1", villageB, "林草", "生态护林员", "张 0", strings.ToLower(id)),
			post(4, "X2", villageA, "乡村振兴", "保洁员", "张1", personID(1, 1)),
		}, "test", audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		other := villageC.County()
		if err := st.PutPosts(ctx, other, []employment.PostRow{post(2, "J1", villageC, "交通", "护路员", "章0", id+"11")}, "test", audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		all, err := st.Posts(ctx, store.PostFilter{Key: id})
		if err != nil || len(all) != 3 {
			t.Fatalf("posts of the person: %d %v", len(all), err)
		}
		names := map[string]bool{}
		for _, p := range all {
			names[p.Department+p.Holder] = true
		}
		if !names["乡村振兴张0"] || !names["林草张 0"] || !names["交通章0"] {
			t.Errorf("names %v", names)
		}
		day := registry.NewDate(2026, 11, 28)
		objs := map[string]*employment.PostObject{}
		if err := st.EachPost(ctx, county, county, day, func(o *employment.PostObject) error { objs[o.ID()] = o; return nil }); err != nil {
			t.Fatal(err)
		}
		// The post of the other county (J1, 621102 before 621121) is the holder's first: the
		// finding about the holder is made there, once.
		if o := objs["L1"]; o == nil || len(o.Others) != 2 || o.First || o.Holder == nil || o.Holder.HouseholdNo != a.Household.No {
			t.Fatalf("L1 %+v", o)
		}
		if o := objs["X1"]; o.First || len(o.Others) != 2 {
			t.Errorf("X1 first %v others %d", o.First, len(o.Others))
		}
		if o := objs["X2"]; !o.First || len(o.Others) != 0 || o.PaysKept {
			t.Errorf("X2 %+v", o)
		}
		// Pay: a month of an unknown post refuses the file; the latest paid month is read.
		miss, err := st.PutPays(ctx, county, []employment.PayRow{{Row: 2, Pay: employment.Pay{PostID: "NOPE", Month: registry.NewMonth(2026, 9)}}}, audit.Entry{})
		if err != nil || len(miss) != 1 {
			t.Fatalf("pays %v %v", miss, err)
		}
		miss, err = st.PutPays(ctx, county, []employment.PayRow{
			{Row: 2, Pay: employment.Pay{PostID: "X2", Month: registry.NewMonth(2026, 8), Paid: registry.Yuan(600)}},
			{Row: 3, Pay: employment.Pay{PostID: "X2", Month: registry.NewMonth(2026, 9), Due: registry.Yuan(600)}},
		}, audit.Entry{})
		if err != nil || len(miss) != 0 {
			t.Fatal(miss, err)
		}
		st.EachPost(ctx, county, county, day, func(o *employment.PostObject) error { objs[o.ID()] = o; return nil })
		if o := objs["X2"]; !o.PaysKept || o.LastPaid != registry.NewMonth(2026, 8) {
			t.Errorf("X2 pay %+v", o)
		}
		facts, err := st.Facts(ctx, county, county, nil, day)
		if err != nil {
			t.Fatal(err)
		}
		if f := facts[a.Household.No]; f == nil || len(f.Jobs[id]) != 3 || !f.Employed(personID(1, 1)) || f.Employed(personID(1, 2)) {
			t.Fatalf("facts %+v", facts[a.Household.No])
		}
		now, then, err := st.PostCounts(ctx, county, day)
		if err != nil || now[county] != 3 || then[county] != 0 || now[villageA.Up(region.Township)] != 3 {
			t.Errorf("post counts %v %v %v", now, then, err)
		}
		var vps []*employment.VillagePosts
		st.EachVillagePosts(ctx, county, county, day, func(region.Code) string { return "村" }, func(v *employment.VillagePosts) error { vps = append(vps, v); return nil })
		if len(vps) != 2 || vps[0].Village != villageA || vps[0].Posts != 2 || vps[0].Labour != 3 {
			t.Errorf("village posts %+v", vps)
		}
		openFinding(t, e.DB, county, villageA, "I6-17", employment.KindPost, "X1")
		got, err := store.PostCounter([]string{"I6-17"}).(store.DBCounter).On(e.DB).CountVillages(ctx, county)
		if err != nil || got[villageA] != [2]int{1, 2} || got[villageB] != [2]int{0, 1} {
			t.Errorf("post counter %v %v", got, err)
		}
	})
}

func TestWorkshopsAndFigures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		county := villageA.County()
		a := followHousehold(villageA, 1, 3, false)
		a.Persons[2].WorkLocation, a.Persons[2].WorkMonths = "江苏省苏州市昆山市", registry.CountOf(10)
		putHouseholds(t, e.DB, a)
		st := store.NewEmployment(e.DB)
		if err := st.PutWorkshops(ctx, county, []employment.WorkshopRow{
			{Row: 2, Workshop: employment.Workshop{ID: "CJ1", Village: villageA, Name: "石滩车间", Status: employment.Running}},
			{Row: 3, Workshop: employment.Workshop{ID: "CJ2", Village: villageB, Name: "马营车间", Status: employment.Troubled}},
		}, "test", audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		w := func(row int, ws, name, id string, start, end registry.Date) employment.WorkerRow {
			return employment.WorkerRow{Row: row, Worker: employment.Worker{WorkshopID: ws, Name: name, IDNumber: id, Start: start, End: end}}
		}
		miss, err := st.PutWorkers(ctx, county, []employment.WorkerRow{w(2, "CJ9", "张0", personID(1, 0), registry.Date{}, registry.Date{})}, audit.Entry{})
		if err != nil || len(miss) != 1 {
			t.Fatalf("workers %v %v", miss, err)
		}
		y24, y26 := registry.NewDate(2024, 1, 1), registry.NewDate(2026, 4, 30)
		miss, err = st.PutWorkers(ctx, county, []employment.WorkerRow{
			w(2, "CJ1", "张0", personID(1, 0), y24, registry.Date{}),
			w(3, "CJ1", "张1", personID(1, 1), y24, y26),
			w(4, "CJ1", "张2", personID(1, 2), y24, registry.Date{}),
			w(5, "CJ2", "张 0", personID(1, 0), y24, registry.Date{}),
		}, audit.Entry{})
		if err != nil || len(miss) != 0 {
			t.Fatal(miss, err)
		}
		day := registry.NewDate(2026, 11, 28)
		objs := map[string]*employment.WorkshopObject{}
		if err := st.EachWorkshop(ctx, county, county, day, func(o *employment.WorkshopObject) error { objs[o.ID()] = o; return nil }); err != nil {
			t.Fatal(err)
		}
		o := objs["CJ1"]
		if o == nil || o.Workers != 2 || o.Target != 2 || o.TargetThen != 3 || !o.WorkersKept || len(o.Staff) != 2 {
			t.Fatalf("CJ1 %+v", o)
		}
		if o.Staff[0].Other != "马营车间" || o.Staff[1].Holder == nil || o.Staff[1].Holder.WorkLocation != "江苏省苏州市昆山市" {
			t.Errorf("staff %+v %+v", o.Staff[0], o.Staff[1].Holder)
		}
		list, err := st.Workshops(ctx, county, day)
		if err != nil || len(list) != 2 || list[0].Workers != 2 || list[1].Target != 1 {
			t.Errorf("workshops %+v %v", list, err)
		}
		// Without last year's figures no village is counted (and the registry is not read).
		if got, err := store.EmploymentCounter().(store.DBCounter).On(e.DB).CountVillages(ctx, county); err != nil || len(got) != 0 {
			t.Errorf("employment counter without last year's figures %v %v", got, err)
		}
		// This year from the registry (nobody works but the worker away), last year from the
		// 务工监测; a township's own figure stands only where its villages have none.
		if err := st.PutFigures(ctx, county, []employment.FigureRow{
			{Row: 2, Figure: employment.Figure{Region: villageA, Year: 2025, Labour: 3, Employed: 2}},
			{Row: 3, Figure: employment.Figure{Region: villageA.Up(region.Township), Year: 2025, Labour: 50, Employed: 40}},
		}, employment.FromMonitor, audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		if err := st.PutFigures(ctx, county, []employment.FigureRow{{Row: 2, Figure: employment.Figure{Region: county, Year: 2025}}},
			employment.FromMonitor, audit.Entry{}); err == nil {
			t.Error("a county-wide figure was accepted")
		}
		fs, err := st.Figures(ctx, county, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if l, em, ok := fs.Sum(villageA, false); !ok || l != 3 || em != 1 {
			t.Errorf("this year %d %d %v", l, em, ok)
		}
		if l, em, ok := fs.Sum(county, true); !ok || l != 3 || em != 2 {
			t.Errorf("last year %d %d %v (%v)", l, em, ok, fs.Prev)
		}
		got, err := store.EmploymentCounter().(store.DBCounter).On(e.DB).CountVillages(ctx, county)
		if err != nil || got[villageA] != [2]int{1, 2} {
			t.Errorf("employment counter %v %v", got, err)
		}
		openFinding(t, e.DB, county, villageB, "I6-22", employment.KindWorkshop, "CJ2")
		got, err = store.WorkshopCounter([]string{"I6-22"}).(store.DBCounter).On(e.DB).CountVillages(ctx, county)
		if err != nil || got[villageB] != [2]int{1, 1} || got[villageA] != [2]int{0, 1} {
			t.Errorf("workshop counter %v %v", got, err)
		}
		// Work needs: one person's need of a day, updated from the page.
		need := employment.NeedRow{Row: 2, Need: employment.Need{Village: villageA, Name: "张0", IDNumber: personID(1, 0),
			Registered: registry.NewDate(2026, 9, 1), Status: employment.NeedOpen, Wish: "公益性岗位"}}
		if err := st.PutNeeds(ctx, county, []employment.NeedRow{need, need}, "test", audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		ns, err := st.Needs(ctx, county, true)
		if err != nil || len(ns) != 1 || strings.Contains(ns[0].ID, personID(1, 0)[:6]) {
			t.Fatalf("needs %+v %v", ns, err)
		}
		n, err := st.UpdateNeed(ctx, county, ns[0].ID, employment.NeedEmployed, "到车间上班", audit.Entry{Action: audit.Import})
		if err != nil || n.ClosedOn != registry.NewDate(2026, 11, 28) {
			t.Fatalf("update %+v %v", n, err)
		}
		if ns, _ := st.Needs(ctx, county, true); len(ns) != 0 {
			t.Errorf("open needs after employed: %d", len(ns))
		}
		ws, _, err := st.Vacancies(ctx, n, day)
		if err != nil || len(ws) != 1 || ws[0].ID != "CJ1" {
			t.Errorf("vacancies %+v %v", ws, err)
		}
	})
}

func TestAssistanceStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		county := villageA.County()
		a, b := followHousehold(villageA, 1, 3, false), followHousehold(villageA, 2, 2, false)
		b.Household.Kind, b.Household.Category = registry.KindOrdinary, ""
		putHouseholds(t, e.DB, a, b)
		st := store.NewAssistance(e.DB)
		// A's head on the list; a family the registry does not hold.
		stranger := idno.Make("621121", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), 901)
		if err := st.PutFamilies(ctx, county, []assistance.FamilyRow{
			{Row: 2, Family: assistance.Family{Village: villageA, Head: "张零", HeadID: personID(1, 0), Size: 3, Category: "低保",
				Since: registry.NewDate(2024, 1, 1), Ill: registry.Yes, IllOn: registry.NewDate(2026, 11, 1)}},
			{Row: 3, Family: assistance.Family{Village: villageB, Head: "赵福林", HeadID: stranger, Size: 1, Category: "低保边缘"}},
		}, "test", audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		fams, err := st.Families(ctx, county, "", 100)
		if err != nil || len(fams) != 2 || fams[0].HouseholdNo != a.Household.No || fams[1].HouseholdNo != "" {
			t.Fatalf("families %+v %v", fams, err)
		}
		if strings.Contains(fams[0].ID, personID(1, 0)[6:14]) {
			t.Errorf("a family's id shows the ID number: %s", fams[0].ID)
		}
		miss, err := st.PutRecords(ctx, county, []assistance.RecordRow{
			{Row: 2, HeadID: personID(1, 0), Record: assistance.Record{On: registry.NewDate(2026, 11, 5), Way: "入户走访", Done: "了解住院情况"}},
			{Row: 3, HeadID: personID(2, 0), Record: assistance.Record{On: registry.NewDate(2026, 11, 5), Way: "入户走访", Done: "x"}},
		}, "test", audit.Entry{})
		if err != nil || len(miss) != 1 || miss[0].Row != 3 {
			t.Fatalf("records %v %v", miss, err)
		}
		if _, err := st.PutRecords(ctx, county, []assistance.RecordRow{
			{Row: 2, HeadID: personID(1, 0), Record: assistance.Record{On: registry.NewDate(2026, 11, 5), Way: "入户走访", Done: "了解住院情况"}},
		}, "test", audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		var objs []*assistance.FamilyObject
		st.EachFamily(ctx, county, county, func(o *assistance.FamilyObject) error { objs = append(objs, o); return nil })
		if len(objs) != 2 || len(objs[0].Records)+len(objs[1].Records) != 1 {
			t.Fatalf("family objects %+v", objs)
		}
		// Loans by the borrower's ID number; an unknown 户编号 refuses the file.
		loan := assistance.LoanRow{Row: 2, Loan: assistance.Loan{ID: "DK1", Village: villageA, Borrower: "张1", BorrowerID: personID(1, 1),
			Amount: registry.Yuan(30000), Issued: registry.NewDate(2023, 5, 1), Due: registry.NewDate(2026, 5, 1), Status: "正常"}}
		bad := loan
		bad.Row, bad.HouseholdNo = 3, "NOPE"
		if miss, err := st.PutLoans(ctx, county, []assistance.LoanRow{loan, bad}, "test", audit.Entry{}); err != nil || len(miss) != 1 {
			t.Fatalf("loans %v %v", miss, err)
		}
		if miss, err := st.PutLoans(ctx, county, []assistance.LoanRow{loan}, "test", audit.Entry{}); err != nil || len(miss) != 0 {
			t.Fatal(miss, err)
		}
		if miss, err := st.PutWishes(ctx, county, []assistance.WishRow{
			{Row: 2, Wish: assistance.Wish{HouseholdNo: b.Household.No, On: registry.NewDate(2026, 6, 1), Wants: registry.No}},
			{Row: 3, HeadID: personID(2, 0), Wish: assistance.Wish{On: registry.NewDate(2026, 8, 1), Wants: registry.Yes, Note: "养羊"}},
		}, audit.Entry{}); err != nil || len(miss) != 0 {
			t.Fatal(miss, err)
		}
		if miss, err := st.PutRatings(ctx, county, []assistance.RatedRow{{Row: 2, Rated: assistance.Rated{HouseholdNo: a.Household.No, Rating: "AA"}}}, audit.Entry{}); err != nil || len(miss) != 0 {
			t.Fatal(miss, err)
		}
		facts, err := st.Facts(ctx, county, county, nil)
		if err != nil {
			t.Fatal(err)
		}
		fa, fb := facts[a.Household.No], facts[b.Household.No]
		if fa == nil || len(fa.Families) != 1 || fa.Families[0].LastRecord != registry.NewDate(2026, 11, 5) || len(fa.LoanFacts) != 1 || !fa.Rated {
			t.Fatalf("facts of A %+v", fa)
		}
		if fb == nil || fb.Wish == nil || fb.Wish.Wants != registry.Yes || fb.Rated || !fb.Ratings || !fb.LowIncome {
			t.Fatalf("facts of B %+v", fb)
		}
		openFinding(t, e.DB, county, villageA, "I7-16", assistance.KindLoan, "DK1")
		got, err := store.LoanCounter([]string{"I7-16"}).(store.DBCounter).On(e.DB).CountVillages(ctx, county)
		if err != nil || got[villageA] != [2]int{1, 1} {
			t.Errorf("loan counter %v %v", got, err)
		}
		got, err = store.FamilyCounter([]string{"I7-12"}).(store.DBCounter).On(e.DB).CountVillages(ctx, county)
		if err != nil || got[villageA] != [2]int{0, 1} || got[villageB] != [2]int{0, 1} {
			t.Errorf("family counter %v %v", got, err)
		}
	})
}

func TestListImports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		l := store.NewListImports(e.DB)
		county := villageA.County()
		ok, err := l.Record(ctx, &store.ListImport{County: county, Domain: "employment", List: "posts", File: "岗位.xlsx", Rows: 10})
		if err != nil {
			t.Fatal(err)
		}
		bad, err := l.Record(ctx, &store.ListImport{County: county, Domain: "employment", List: "posts", File: "错.xlsx", Problems: 2, Report: []byte("xlsx")})
		if err != nil {
			t.Fatal(err)
		}
		list, err := l.Recent(ctx, "employment", villageA, 10)
		if err != nil || len(list) != 2 {
			t.Fatalf("recent %+v %v", list, err)
		}
		if _, err := l.Report(ctx, "employment", ok); err == nil {
			t.Error("a written file has a report")
		}
		r, err := l.Report(ctx, "employment", bad)
		if err != nil || string(r.Report) != "xlsx" {
			t.Errorf("report %v %v", r, err)
		}
		if _, err := l.Report(ctx, "relocation", bad); err == nil {
			t.Error("another domain's report")
		}
		if list, _ := l.Recent(ctx, "employment", villageC.County(), 10); len(list) != 0 {
			t.Errorf("another county sees %d imports", len(list))
		}
	})
}

package store_test

import (
	"context"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/support"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// supportFixture stores three households of village A (the first two target households, the
// third ordinary) and one of village B, and two cadres in post.
func supportFixture(t *testing.T, e storetest.Engine) (*store.Support, []string, *support.Cadre, *support.Cadre) {
	t.Helper()
	ctx := context.Background()
	reg := store.NewRegistry(e.DB)
	var nos []string
	for i, v := range []region.Code{villageA, villageA, villageA, villageB} {
		a := household(v, i+1, 2)
		if i == 2 {
			a.Household.Kind, a.Household.Category, a.Household.RiskEliminated = registry.KindOrdinary, "", registry.Unknown
		}
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		nos = append(nos, a.Household.No)
	}
	s := store.NewSupport(e.DB)
	a := &support.Cadre{Region: villageA, Name: "王建国", Unit: "县农业农村局", Phone: "13900000001", Level: support.LevelCounty}
	b := &support.Cadre{Region: villageA, Name: "李明", Unit: "平襄镇人民政府", Phone: "13900000002", Level: support.LevelTownship}
	for _, c := range []*support.Cadre{a, b} {
		if err := s.PutCadre(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return s, nos, a, b
}

// TestSupportPairingsAndHandover: pairings start and end, a departing cadre's households are
// handed over in one step, and the facts show the history.
func TestSupportPairingsAndHandover(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		s, nos, a, b := supportFixture(t, e)
		for _, no := range nos[:2] {
			if err := s.Pair(ctx, &support.Pairing{HouseholdNo: no, CadreID: a.ID, Start: registry.NewDate(2025, 1, 1)}); err != nil {
				t.Fatal(err)
			}
		}
		rows, total, err := s.Cadres(ctx, store.CadreFilter{Scope: villageA.County()})
		if err != nil || total != 2 || rows[0].Households+rows[1].Households != 2 {
			t.Fatalf("cadres %+v %d %v", rows, total, err)
		}
		facts, err := s.Facts(ctx, villageA.County(), villageA.County(), nil)
		if err != nil || len(facts) != 4 || !facts[nos[0]].Pairings || len(facts[nos[0]].Helpers) != 1 || len(facts[nos[2]].Helpers) != 0 {
			t.Fatalf("facts %+v %v", facts, err)
		}
		// The cadre is transferred: both households go to the other one.
		a.Status, a.StatusOn = support.Transferred, registry.NewDate(2026, 11, 1)
		if err := s.PutCadre(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := s.Pair(ctx, &support.Pairing{HouseholdNo: nos[2], CadreID: a.ID}); !errs.Is(err, errs.Invalid) {
			t.Errorf("a transferred cadre paired: %v", err)
		}
		n, err := s.Handover(ctx, a.ID, b.ID, registry.NewDate(2026, 11, 5), nil)
		if err != nil || n != 2 {
			t.Fatalf("handover %d %v", n, err)
		}
		ps, err := s.HouseholdPairings(ctx, nos[0])
		if err != nil || len(ps) != 2 || ps[0].CadreID != b.ID || ps[1].EndReason != support.Transferred || ps[1].End != registry.NewDate(2026, 11, 5) {
			t.Fatalf("history %+v %v", ps, err)
		}
		facts, _ = s.Facts(ctx, villageA.County(), "", []string{nos[0]})
		if act := facts[nos[0]].Active(registry.NewDate(2026, 11, 28)); len(act) != 1 || act[0].Name != "李明" {
			t.Errorf("active after handover: %+v", act)
		}
		if _, err := s.Handover(ctx, a.ID, b.ID, registry.NewDate(2026, 11, 6), nil); !errs.Is(err, errs.Invalid) {
			t.Errorf("second handover: %v", err)
		}
	})
}

// TestSupportVisitOnce: a visit sent twice with one key is stored once; the latest visit is the
// household's fact.
func TestSupportVisitOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		s, nos, a, _ := supportFixture(t, e)
		v := func(on registry.Date, key string) *support.Visit {
			return &support.Visit{HouseholdNo: nos[0], CadreID: a.ID, On: on, Way: support.InPerson, NeedsMet: registry.Yes,
				Hardship: registry.Yes, HardshipNote: "妻子住院", KnowsCadre: registry.No, Key: key, CreatedBy: "helper"}
		}
		first := v(registry.NewDate(2026, 11, 20), "k-1")
		if created, err := s.AddVisit(ctx, first, []byte("\xff\xd8\xffjpeg"), "image/jpeg"); err != nil || !created {
			t.Fatalf("first: %v %v", created, err)
		}
		again := v(registry.NewDate(2026, 11, 20), "k-1")
		if created, err := s.AddVisit(ctx, again, nil, ""); err != nil || created || again.ID != first.ID {
			t.Fatalf("resend: %v %v %s %s", created, err, again.ID, first.ID)
		}
		other := v(registry.NewDate(2026, 11, 20), "k-1")
		other.HouseholdNo = nos[1]
		if _, err := s.AddVisit(ctx, other, nil, ""); !errs.Is(err, errs.Conflict) {
			t.Errorf("a key of another household: %v", err)
		}
		if _, err := s.AddVisit(ctx, v(registry.NewDate(2026, 12, 1), "k-2"), nil, ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("a visit in the future: %v", err)
		}
		if _, err := s.AddVisit(ctx, v(registry.NewDate(2026, 10, 1), "k-3"), nil, ""); err != nil {
			t.Fatal(err)
		}
		list, total, err := s.Visits(ctx, store.VisitFilter{Scope: villageA})
		if err != nil || total != 2 || !list[0].HasPhoto || list[0].Visitor != "王建国" {
			t.Fatalf("visits %+v %d %v", list, total, err)
		}
		facts, _ := s.Facts(ctx, villageA.County(), villageA.County(), nil)
		if l := facts[nos[0]].Last; l == nil || l.On != registry.NewDate(2026, 11, 20) || l.KnowsCadre != registry.No || l.Problem == "" {
			t.Errorf("last visit %+v", l)
		}
		if _, ctype, data, err := s.VisitPhoto(ctx, first.ID); err != nil || ctype != "image/jpeg" || len(data) != 7 {
			t.Errorf("photo %s %d %v", ctype, len(data), err)
		}
	})
}

// TestSupportTeamsAndGrids: members, attendance, leave decided at the right level, spot
// checks, grids with households and members who confirm; the objects carry what the rules
// read.
func TestSupportTeamsAndGrids(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		s, nos, _, b := supportFixture(t, e)
		team := &support.Team{Village: villageA, Name: "县农业农村局驻村工作队", Unit: "县农业农村局"}
		if err := s.PutTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		c := &support.Cadre{Region: villageA, Name: "赵刚", Phone: "13900000003", Level: support.LevelResident}
		if err := s.PutCadre(ctx, c); err != nil {
			t.Fatal(err)
		}
		m := &support.Member{TeamID: team.ID, CadreID: c.ID, Role: support.SecretaryLead, Start: registry.NewDate(2025, 6, 1)}
		if err := s.PutMember(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAttendance(ctx, support.Attendance{MemberID: m.ID, Month: registry.NewMonth(2026, 10), Days: 18}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAttendance(ctx, support.Attendance{MemberID: m.ID, Month: registry.NewMonth(2026, 10), Days: 32}); !errs.Is(err, errs.Invalid) {
			t.Errorf("32 days: %v", err)
		}
		l := &support.Leave{MemberID: m.ID, From: registry.NewDate(2026, 10, 8), To: registry.NewDate(2026, 10, 12), Reason: "家中有事"}
		if err := s.AddLeave(ctx, l); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideLeave(ctx, l.ID, true, "孙镇长", support.ApproveTownship, 3); !errs.Is(err, errs.Invalid) {
			t.Errorf("5 days approved by the township: %v", err)
		}
		if err := s.DecideLeave(ctx, l.ID, true, "县委组织部", support.ApproveCounty, 3); err != nil {
			t.Fatal(err)
		}
		checks, err := s.PlanSpotChecks(ctx, villageA.County(), registry.NewDate(2026, 11, 3), 5, 1)
		if err != nil || len(checks) != 1 {
			t.Fatalf("plan %+v %v", checks, err)
		}
		checks[0].Checked, checks[0].Checker = registry.NewDate(2026, 11, 3), "县纪委"
		checks[0].Results = []support.SpotResult{{MemberID: m.ID, Present: false}}
		if err := s.RecordSpotCheck(ctx, &checks[0]); err != nil {
			t.Fatal(err)
		}
		var got []*support.MemberObject
		if err := s.EachMember(ctx, villageA.County(), villageA.County(), func(o *support.MemberObject) error { got = append(got, o); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || len(got[0].Attendance) != 1 || len(got[0].Leaves) != 1 || !got[0].Leaves[0].Approved() ||
			len(got[0].Absent) != 1 || got[0].Absent[0] != registry.NewDate(2026, 11, 3) {
			t.Fatalf("member object %+v", got)
		}
		if mc := got[0].Months(20, 2026, registry.NewMonth(2026, 11)); len(mc) != 1 || !mc[0].Met || mc[0].Leave != 5 {
			t.Errorf("months %+v", mc)
		}

		g := &support.Grid{Village: villageA, Name: "一网格"}
		if err := s.PutGrid(ctx, g); err != nil {
			t.Fatal(err)
		}
		if err := s.AssignGrid(ctx, g.ID, nos[:2]); err != nil {
			t.Fatal(err)
		}
		if err := s.AssignGrid(ctx, g.ID, nos[3:]); !errs.Is(err, errs.Invalid) {
			t.Errorf("a household of another village: %v", err)
		}
		if err := s.AddGridMember(ctx, &support.GridMember{GridID: g.ID, CadreID: b.ID}); err != nil {
			t.Fatal(err)
		}
		facts, _ := s.Facts(ctx, villageA.County(), villageA, nil)
		if !facts[nos[0]].Grids || facts[nos[0]].Grid != "一网格" || facts[nos[2]].Grid != "" {
			t.Errorf("grid facts %+v %+v", facts[nos[0]], facts[nos[2]])
		}
		var gm []*support.GridMemberObject
		s.EachGridMember(ctx, villageA.County(), villageA.County(), func(o *support.GridMemberObject) error { gm = append(gm, o); return nil })
		if len(gm) != 1 || !gm[0].Confirmed.IsZero() {
			t.Fatalf("grid members %+v", gm)
		}
		if err := s.ConfirmGridMember(ctx, g.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		rows, err := s.Grids(ctx, villageA)
		if err != nil || len(rows) != 1 || rows[0].Households != 2 || rows[0].Members != 1 || rows[0].Confirmed != 1 {
			t.Errorf("grids %+v %v", rows, err)
		}
	})
}

// TestSupportImports: the ledgers write every row or none; a row naming an unknown household
// or person is a problem with its row number, and a re-import adds nothing.
func TestSupportImports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		s, nos, _, _ := supportFixture(t, e)
		county := villageA.County()
		pr := []tableimport.Row[support.PairingRecord]{
			{Num: 3, Rec: &support.PairingRecord{HouseholdNo: nos[0], Cadre: support.CadreRecord{Name: "周强", Phone: "13900000009", Unit: "县财政局"}, Start: registry.NewDate(2024, 3, 1)}},
			{Num: 4, Rec: &support.PairingRecord{HouseholdNo: "NOPE", Cadre: support.CadreRecord{Name: "周强", Phone: "13900000009"}}},
		}
		if res, probs, err := s.ImportPairings(ctx, county, "结对.xlsx", pr); err != nil || res != nil || len(probs) != 1 || probs[0].Row != 4 {
			t.Fatalf("problems %+v %+v %v", res, probs, err)
		}
		if _, total, _ := s.Cadres(ctx, store.CadreFilter{Scope: county}); total != 2 {
			t.Errorf("a refused file wrote cadres: %d", total)
		}
		pr = pr[:1]
		res, probs, err := s.ImportPairings(ctx, county, "结对.xlsx", pr)
		if err != nil || len(probs) > 0 || res.Added != 1 {
			t.Fatalf("pairings %+v %+v %v", res, probs, err)
		}
		if res, _, _ := s.ImportPairings(ctx, county, "结对.xlsx", pr); res.Unchanged != 1 || res.Added != 0 {
			t.Errorf("re-import %+v", res)
		}
		vr := []tableimport.Row[support.VisitRecord]{{Num: 3, Rec: &support.VisitRecord{HouseholdNo: nos[0], Visitor: "周强",
			Visit: support.Visit{On: registry.NewDate(2026, 9, 1), Way: support.InPerson, NeedsMet: registry.Yes}}},
			{Num: 4, Rec: &support.VisitRecord{HouseholdNo: nos[1], Visitor: "陌生人",
				Visit: support.Visit{On: registry.NewDate(2026, 9, 1), Way: support.InPerson}}}}
		if _, probs, _ := s.ImportVisits(ctx, county, "走访.xlsx", vr); len(probs) != 1 || probs[0].Row != 4 {
			t.Errorf("unknown visitor %+v", probs)
		}
		vr[1].Rec.VisitPhone = "13900000010"
		if res, probs, err := s.ImportVisits(ctx, county, "走访.xlsx", vr); err != nil || len(probs) > 0 || res.Added != 2 {
			t.Fatalf("visits %+v %+v %v", res, probs, err)
		}
		if res, _, _ := s.ImportVisits(ctx, county, "走访.xlsx", vr); res.Added != 0 || res.Unchanged != 2 {
			t.Errorf("visits re-import %+v", res)
		}
		tr := []tableimport.Row[support.TeamRecord]{{Num: 3, Rec: &support.TeamRecord{Place: support.Place{Village: villageA}, Unit: "县水务局",
			Cadre: support.CadreRecord{Name: "钱进", Phone: "13900000011"}, Role: support.FirstSecretary, Start: registry.NewDate(2025, 5, 1)}}}
		if res, probs, err := s.ImportTeams(ctx, county, "名册.xlsx", tr); err != nil || len(probs) > 0 || res.Added != 1 {
			t.Fatalf("teams %+v %+v %v", res, probs, err)
		}
		ar := []tableimport.Row[support.AttendanceRecord]{{Num: 3, Rec: &support.AttendanceRecord{Place: support.Place{Village: villageA}, Name: "钱进",
			Month: registry.NewMonth(2026, 10), Days: 22}}, {Num: 4, Rec: &support.AttendanceRecord{Place: support.Place{Village: villageA}, Name: "孙悟",
			Month: registry.NewMonth(2026, 10), Days: 22}}}
		if _, probs, _ := s.ImportAttendance(ctx, county, "考勤.xlsx", ar); len(probs) != 1 || probs[0].Row != 4 {
			t.Errorf("attendance of a stranger %+v", probs)
		}
		if res, probs, err := s.ImportAttendance(ctx, county, "考勤.xlsx", ar[:1]); err != nil || len(probs) > 0 || res.Added != 1 {
			t.Fatalf("attendance %+v %+v %v", res, probs, err)
		}
		lr := []tableimport.Row[support.LeaveRecord]{{Num: 3, Rec: &support.LeaveRecord{Place: support.Place{Village: villageA}, Name: "钱进",
			Leave: support.Leave{From: registry.NewDate(2026, 10, 3), To: registry.NewDate(2026, 10, 4), State: support.LeaveApproved, ApproverLevel: support.ApproveTownship}}}}
		if res, probs, err := s.ImportLeaves(ctx, county, "请假.xlsx", lr); err != nil || len(probs) > 0 || res.Added != 1 {
			t.Fatalf("leaves %+v %+v %v", res, probs, err)
		}
		gr := []tableimport.Row[support.GridRecord]{
			{Num: 3, Rec: &support.GridRecord{Grid: "二网格", HouseholdNo: nos[0], Member: "吴芳", Phone: "13900000012", Role: support.GridLeader, Confirmed: registry.Yes}},
			{Num: 4, Rec: &support.GridRecord{Grid: "二网格", HouseholdNo: nos[1]}},
		}
		if res, probs, err := s.ImportGrids(ctx, county, "网格.xlsx", gr); err != nil || len(probs) > 0 || len(res.Households) != 2 {
			t.Fatalf("grids %+v %+v %v", res, probs, err)
		}
		rows, _ := s.Grids(ctx, county)
		if len(rows) != 1 || rows[0].Households != 2 || rows[0].Confirmed != 1 {
			t.Errorf("grids %+v", rows)
		}
		logs := &store.ImportLog{Region: county, Kind: support.LedgerGrids, File: "网格.xlsx", Username: "county", Problems: 1, Report: []byte("x")}
		if err := s.LogImport(ctx, logs); err != nil {
			t.Fatal(err)
		}
		if l, err := s.ImportReport(ctx, logs.ID); err != nil || string(l.Report) != "x" {
			t.Errorf("report %v", err)
		}
	})
}

// TestSupportRates: the scorecard's rates of indicators 4 and 10 count per village in the
// counties that keep the ledger behind each, through Scores.Count.
func TestSupportRates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		s, nos, a, _ := supportFixture(t, e)
		if err := s.Pair(ctx, &support.Pairing{HouseholdNo: nos[0], CadreID: a.ID, Start: registry.NewDate(2025, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddVisit(ctx, &support.Visit{HouseholdNo: nos[0], CadreID: a.ID, On: registry.NewDate(2026, 11, 20), Way: support.InPerson,
			KnowsCadre: registry.Yes}, nil, ""); err != nil {
			t.Fatal(err)
		}
		spec := store.ScoreSpec{Rates: []store.ScoreRate{
			{Indicator: 4, Part: "visits", Counter: store.SupportRate{Rate: store.RateVisits}},
			{Indicator: 4, Part: "helpers", Counter: store.SupportRate{Rate: store.RateHelpers}},
			{Indicator: 10, Part: "know_cadre", Counter: store.SupportRate{Rate: store.RateKnowCadre}},
		}}
		counts, err := store.NewScores(e.DB).Count(ctx, villageA.County(), spec)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, c := range counts {
			got[string(c.Region)+" "+c.Part] = [2]int{c.Num, c.Den}
		}
		// Village A has two target households (one visited, one paired); village B one, neither.
		want := map[string][2]int{string(villageA) + " visits": {1, 2}, string(villageA) + " helpers": {1, 2},
			string(villageA) + " know_cadre": {1, 1}, string(villageB) + " visits": {0, 1}, string(villageB) + " helpers": {0, 1}}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %v, want %v (all %v)", k, got[k], w, got)
			}
		}
	})
}

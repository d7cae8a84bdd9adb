package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// recFixture stores households 1–3 in village A and 4 in village B (storetest's clock:
// 2026-11-28).
func recFixture(t *testing.T, e storetest.Engine) (context.Context, *store.Recognition, []string) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Username: "tester"})
	reg := store.NewRegistry(e.DB)
	var nos []string
	for i, v := range []region.Code{villageA, villageA, villageA, villageB} {
		a := household(v, i+1, 2)
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		nos = append(nos, a.Household.No)
	}
	return ctx, store.NewRecognition(e.DB), nos
}

func day(m, d int) registry.Date { return registry.NewDate(2026, time.Month(m), d) }

func TestSurveys(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx, rec, nos := recFixture(t, e)
		s := &recognition.Survey{HouseholdNo: nos[0], On: day(10, 1), Round: "四季度", Overall: 2, Way: "上门",
			KnowsHelper: registry.Yes, KnowsTeam: registry.No, Complaints: []string{"路", "饮水"}, Key: "phone-1"}
		created, err := rec.AddSurvey(ctx, s)
		if err != nil || !created || s.Village != villageA || s.Way != "入户" || len(s.Complaints) != 2 || s.Complaints[0] != "道路" {
			t.Fatalf("add: %v %v %+v", created, err, s)
		}
		// The phone sends it again: stored once.
		again := &recognition.Survey{HouseholdNo: nos[0], On: day(10, 1), Overall: 2, Key: "phone-1"}
		if created, err := rec.AddSurvey(ctx, again); err != nil || created || again.ID != s.ID {
			t.Errorf("resent: %v %v %s", created, err, again.ID)
		}
		// The same household, day and round replace the answers.
		fix := &recognition.Survey{HouseholdNo: nos[0], On: day(10, 1), Round: "四季度", Overall: 4}
		if _, err := rec.AddSurvey(ctx, fix); err != nil {
			t.Fatal(err)
		}
		if got, err := rec.Survey(ctx, s.ID); err != nil || got.Overall != 4 {
			t.Errorf("replaced: %v %+v", err, got)
		}
		if _, err := rec.AddSurvey(ctx, &recognition.Survey{HouseholdNo: "nobody", On: day(10, 1), Overall: 3}); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown household: %v", err)
		}
		if _, err := rec.AddSurvey(ctx, &recognition.Survey{HouseholdNo: nos[3], On: day(11, 2), Overall: 1}); err != nil {
			t.Fatal(err)
		}
		rows, total, err := rec.Surveys(ctx, store.SurveyFilter{Scope: villageB.County(), Dissatisfied: 3, NoFollowUp: true})
		if err != nil || total != 1 || rows[0].HouseholdNo != nos[3] || rows[0].Head != "张0" {
			t.Fatalf("dissatisfied: %v %d %+v", err, total, rows)
		}
		if _, err := rec.FollowUp(ctx, rows[0].ID, day(11, 10), "王干部", "已解释政策"); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := rec.Surveys(ctx, store.SurveyFilter{Scope: villageB, Dissatisfied: 3, NoFollowUp: true}); total != 0 {
			t.Errorf("followed up, still listed")
		}
		answers, err := rec.Answers(ctx, villageA.County(), day(1, 1))
		if err != nil || len(answers[villageA]) != 1 || len(answers[villageB]) != 1 || answers[villageA][0].Overall != 4 {
			t.Errorf("answers %v %v", err, answers)
		}
		facts, err := rec.Facts(ctx, villageA.County(), villageA.County(), nil, day(1, 1))
		if err != nil || facts[nos[3]].Last == nil || facts[nos[3]].Last.FollowUpOn != day(11, 10) || !facts[nos[0]].Surveys {
			t.Errorf("facts %v %+v", err, facts)
		}
		entries, err := store.NewAuditLog(e.DB).List(ctx, audit.Filter{Action: audit.SurveyFollowUp})
		if err != nil || len(entries) != 1 || entries[0].Username != "tester" {
			t.Errorf("audit %v %v", err, entries)
		}
	})
}

func TestImportSurveys(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx, rec, nos := recFixture(t, e)
		rows := func(nos ...string) []tableimport.Row[recognition.SurveyRow] {
			var out []tableimport.Row[recognition.SurveyRow]
			for i, no := range nos {
				out = append(out, tableimport.Row[recognition.SurveyRow]{Num: i + 2, Rec: &recognition.SurveyRow{Survey: recognition.Survey{
					HouseholdNo: no, On: day(9, 1), Round: "三季度", Overall: 5}}})
			}
			return out
		}
		// A household of another township is outside a township user's scope: nothing is stored.
		res, problems, err := rec.ImportSurveys(ctx, villageA.Parent(), "调查.xlsx", rows(nos[0], "nobody"))
		if err != nil || len(problems) != 1 || problems[0].Row != 3 || res.Added != 0 {
			t.Fatalf("bad list: %v %v %+v", err, problems, res)
		}
		if _, total, _ := rec.Surveys(ctx, store.SurveyFilter{Scope: villageA.County()}); total != 0 {
			t.Fatalf("a refused list stored %d surveys", total)
		}
		res, problems, err = rec.ImportSurveys(ctx, villageA.County(), "调查.xlsx", rows(nos...))
		if err != nil || len(problems) != 0 || res.Added != 4 {
			t.Fatalf("list: %v %v %+v", err, problems, res)
		}
		// Imported again: replaced, not doubled.
		res, _, err = rec.ImportSurveys(ctx, villageA.County(), "调查.xlsx", rows(nos...))
		if err != nil || res.Updated != 4 || res.Added != 0 {
			t.Fatalf("again: %v %+v", err, res)
		}
		if _, total, _ := rec.Surveys(ctx, store.SurveyFilter{Scope: villageA.County()}); total != 4 {
			t.Errorf("%d surveys after two imports", total)
		}
	})
}

func TestPetitions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx, rec, nos := recFixture(t, e)
		p := &recognition.Petition{Region: villageA.County(), Kind: "访", Ref: "XF-1", Title: "村道损坏", Topic: "路",
			HouseholdNo: nos[1], ReceivedOn: day(9, 1)}
		v, err := rec.PutPetition(ctx, p, 0)
		if err != nil || v != 1 || p.Region != villageA || p.Kind != recognition.ByVisit || p.Topic != "道路" {
			t.Fatalf("add: %v %d %+v", err, v, p)
		}
		if _, err := rec.PutPetition(ctx, &recognition.Petition{Region: villageA, Kind: "来信", Ref: "XF-1", Title: "重复",
			ReceivedOn: day(9, 2)}, 0); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second XF-1: %v", err)
		}
		got, version, err := rec.Petition(ctx, p.ID)
		if err != nil || version != 1 {
			t.Fatal(err)
		}
		got.AcceptedOn, got.VerifiedOn, got.VerifiedBy = day(9, 3), day(9, 10), "李乡长"
		if v, err = rec.PutPetition(ctx, got, version); err != nil || v != 2 {
			t.Fatalf("update: %v", err)
		}
		if _, err := rec.PutPetition(ctx, got, version); !errs.Is(err, errs.Conflict) {
			t.Errorf("a stale update: %v", err)
		}
		list, total, err := rec.Petitions(ctx, store.PetitionFilter{Scope: villageA, Open: true})
		if err != nil || total != 1 || list[0].VerifiedBy != "李乡长" {
			t.Errorf("list %v %d %+v", err, total, list)
		}
		if list, _, _ := rec.Petitions(ctx, store.PetitionFilter{Scope: villageB}); len(list) != 0 {
			t.Errorf("village B sees %v", list)
		}
		facts, err := rec.Facts(ctx, villageA.County(), villageA, []string{nos[1]}, day(1, 1))
		if err != nil || len(facts[nos[1]].Petitions) != 1 || facts[nos[1]].Surveys {
			t.Errorf("facts %v %+v", err, facts[nos[1]])
		}
		entries, _ := store.NewAuditLog(e.DB).List(ctx, audit.Filter{Action: audit.PetitionUpdate})
		if len(entries) != 1 || entries[0].Detail == "" {
			t.Errorf("audit %v", entries)
		}

		// A list: one row updates XF-1, one is new, placed by names.
		tree, err := region.LoadArea(villageA.County())
		if err != nil {
			t.Fatal(err)
		}
		vname, _ := tree.Get(villageB)
		tname, _ := tree.Get(villageB.Parent())
		rows := []tableimport.Row[recognition.PetitionRow]{
			{Num: 2, Rec: &recognition.PetitionRow{Petition: recognition.Petition{Kind: recognition.ByVisit, Ref: "XF-1",
				Title: "村道损坏", Topic: "道路", ReceivedOn: day(9, 1), AcceptedOn: day(9, 3), ConcludedOn: day(10, 1),
				Conclusion: "已修复", VerifiedOn: day(9, 10), VerifiedBy: "李乡长"}, Code: string(villageA)}},
			{Num: 3, Rec: &recognition.PetitionRow{Petition: recognition.Petition{Kind: recognition.Media, Title: "饮水不安全",
				Topic: "饮水", ReceivedOn: day(10, 5)}, Township: tname.Name, Village: vname.Name}},
		}
		res, problems, err := rec.ImportPetitions(ctx, villageA.County(), tree, "信访.xlsx", rows)
		if err != nil || len(problems) != 0 || res.Added != 1 || res.Updated != 1 {
			t.Fatalf("import: %v %v %+v", err, problems, res)
		}
		all, _, _ := rec.Petitions(ctx, store.PetitionFilter{Scope: villageA.County()})
		if len(all) != 2 || all[0].Region != villageB || all[1].ConcludedOn != day(10, 1) {
			t.Errorf("after import %+v", all)
		}
	})
}

// TestRecognitionCounters: the three parts of indicator 10 counted village by village, through
// the scorecard's refresh as a bound counter.
func TestRecognitionCounters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx, rec, nos := recFixture(t, e)
		for i, ov := range []int{5, 2, 4} {
			s := &recognition.Survey{HouseholdNo: nos[i], On: day(10, 1+i), Overall: ov, KnowsHelper: registry.Yes}
			if i == 1 {
				s.KnowsHelper = registry.No
			}
			if _, err := rec.AddSurvey(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		// An old survey outside the window does not count.
		if _, err := rec.AddSurvey(ctx, &recognition.Survey{HouseholdNo: nos[3], On: registry.NewDate(2025, 6, 1), Overall: 1}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*recognition.Petition{
			{Region: villageA, Kind: recognition.ByLetter, Title: "按期办结", ReceivedOn: day(6, 1), AcceptedOn: day(6, 3),
				VerifiedOn: day(6, 10), VerifiedBy: "王", ConcludedOn: day(7, 1), Conclusion: "已解决"},
			{Region: villageA, Kind: recognition.ByLetter, Title: "逾期未办结", ReceivedOn: day(6, 1), AcceptedOn: day(6, 3)},
			{Region: villageA, Kind: recognition.ByLetter, Title: "尚未到期", ReceivedOn: day(11, 20)},
		} {
			if _, err := rec.PutPetition(ctx, p, 0); err != nil {
				t.Fatal(err)
			}
		}
		spec := store.ScoreSpec{Rates: []store.ScoreRate{
			{Indicator: 10, Part: store.PartSatisfaction, Counter: store.RecognitionCounter{Part: store.PartSatisfaction}},
			{Indicator: 10, Part: store.PartKnows, Counter: store.RecognitionCounter{Part: store.PartKnows}},
			{Indicator: 10, Part: store.PartPetitions, Counter: store.RecognitionCounter{Part: store.PartPetitions}},
		}}
		counts, err := store.NewScores(e.DB).Count(ctx, villageA.County(), spec)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, c := range counts {
			got[string(c.Region)+" "+c.Part] = [2]int{c.Num, c.Den}
		}
		want := map[string][2]int{
			string(villageA) + " satisfaction": {2, 3}, string(villageA) + " knows": {2, 3},
			string(villageA) + " petitions": {1, 2},
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %v, want %v (all %v)", k, got[k], w, got)
			}
		}
		if _, ok := got[string(villageB)+" satisfaction"]; ok {
			t.Errorf("village B's only survey is outside the window: %v", got)
		}
		// Knowing the cadres comes from the visits where the county keeps them.
		c := store.RecognitionCounter{Part: store.PartKnows, Visits: fakeVisits{nos[3]: {{On: day(11, 1), KnowsCadre: registry.Yes}}}}
		m, err := c.On(e.DB).CountVillages(ctx, villageA.County())
		if err != nil || m[villageB] != [2]int{1, 1} || len(m) != 1 {
			t.Errorf("from visits: %v %v", err, m)
		}
	})
}

// fakeVisits is the visits domain of a county that keeps visit records.
type fakeVisits map[string][]recognition.Visit

func (f fakeVisits) Visits(_ context.Context, _, _ region.Code, _ []string, _ registry.Date) (map[string][]recognition.Visit, bool, error) {
	return f, true, nil
}

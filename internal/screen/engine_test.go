package screen_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

const (
	villageA = region.Code("621121100201") // 通渭县
	villageB = region.Code("621121100202")
	villageC = region.Code("621122100201") // 陇西县
)

// clean returns a 脱贫户 of a couple that no rule flags; n makes its numbers, ID numbers and
// phones unique.
func clean(village region.Code, n int) *registry.Aggregate {
	no := fmt.Sprintf("%s%04d", village.Prefix(), n)
	a := &registry.Aggregate{Household: registry.Household{
		No: no, Village: village, Kind: registry.KindAlleviated, YearOut: 2018, DeclaredSize: 2,
		Dibao: registry.No, Tekun: registry.No, Phone: fmt.Sprintf("139%08d", n*2), UnsafeHouse: registry.No,
		HousingGrade: "B", HousingAppraised: registry.NewDate(2024, 3, 1), WaterSafe: registry.Yes,
		Toilet: registry.Yes, Electricity: registry.Yes, RoadHardened: registry.Yes, HouseArea: 90,
	}}
	for i, rel := range []string{"户主", "配偶"} {
		sex, seq := "男", 2*(n%400)+1
		birth := time.Date(1980, 3, 1+i, 0, 0, 0, 0, time.UTC)
		if i == 1 {
			sex, seq = "女", 2*(n%400)+2
		}
		a.Persons = append(a.Persons, registry.Person{
			No: fmt.Sprintf("%s%02d", no, i+1), HouseholdNo: no, Name: fmt.Sprintf("某%d", i),
			IDType: "居民身份证", IDNumber: idno.Make(string(village)[:6], birth.AddDate(0, 0, n/400), seq), Gender: sex,
			Birth: registry.DateOf(birth.AddDate(0, 0, n/400)), Relation: rel, Ethnicity: "汉族", Political: "群众",
			Education: "初中", LabourSkill: "普通劳动力", Health: "健康", WorkLocation: "省外", WorkMonths: registry.CountOf(9),
			Employer: "某建筑公司", WorkChannel: "企业招聘",
			ResidentMedical: registry.Yes, EmployeeMedical: registry.No, CriticalIllness: registry.Yes,
			ResidentPension: registry.Yes, EmployeePension: registry.No,
			Dibao: registry.No, Tekun: registry.No, Phone: fmt.Sprintf("139%08d", n*2+i),
		})
	}
	for _, y := range []int{2025, 2026} {
		a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: no, Year: y, Wages: registry.Yuan(30000),
			Business: registry.Yuan(4000), Transfers: registry.Yuan(600), Pension: registry.Yuan(600), Size: 2})
	}
	return a
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time                    { return c.t }
func (c *clock) advance(d time.Duration) time.Time { c.t = c.t.Add(d); return c.t }

func newEngine(t *testing.T, e storetest.Engine, c *clock) *screen.Engine {
	t.Helper()
	en := screen.New(e.DB)
	en.Now = c.now
	en.Year = 2026
	en.Workers = 2
	return en
}

func put(t *testing.T, reg *store.Registry, as ...*registry.Aggregate) {
	t.Helper()
	for _, a := range as {
		if err := reg.Put(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
}

// active returns the active findings as "rule subject" strings, sorted.
func active(t *testing.T, e *screen.Engine, scope region.Code) map[string]store.Finding {
	t.Helper()
	out := map[string]store.Finding{}
	err := e.Findings.Each(context.Background(), store.FindingFilter{Scope: scope, Active: true}, func(f *store.Finding) error {
		out[f.RuleID+" "+f.SubjectID] = *f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func keys(m map[string]store.Finding) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestRunLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		t0 := c.t
		en := newEngine(t, e, c)
		reg := en.Registry

		h1, h2, h3, h4 := clean(villageA, 1), clean(villageA, 2), clean(villageB, 3), clean(villageC, 4)
		h2.Household.WaterSafe = registry.No            // I1-06
		h4.Persons[1].IDNumber = h3.Persons[1].IDNumber // DQ-02 across counties
		h4.Persons[1].Birth = h3.Persons[1].Birth
		shared := "13700000000" // I6-01: one phone on members of three households
		h1.Persons[1].Phone, h2.Persons[1].Phone, h3.Persons[0].Phone = shared, shared, shared
		put(t, reg, h1, h2, h3, h4)

		sum, err := en.Run(ctx, screen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"DQ-02 " + h3.Persons[1].No, "DQ-02 " + h4.Persons[1].No,
			"I1-06 " + h2.Household.No, "I2-04 " + h2.Household.No,
			"I6-01 " + h1.Persons[1].No, "I6-01 " + h2.Persons[1].No, "I6-01 " + h3.Persons[0].No,
		}
		got := active(t, en, "")
		if !slices.Equal(keys(got), want) {
			t.Fatalf("findings %v, want %v", keys(got), want)
		}
		if sum.Run.Opened != 7 || sum.Run.Kept != 0 || sum.Run.Closed != 0 || sum.ByRule["I6-01"].Opened != 3 ||
			sum.ByCounty["621122000000"].Opened != 1 || sum.Run.Status != "done" {
			t.Fatalf("summary %+v %+v", sum.Run, sum.ByRule)
		}
		water := got["I1-06 "+h2.Household.No]
		if water.Region != villageA || water.County != "621121000000" || water.Status != store.StatusOpen ||
			!water.OpenedAt.Equal(t0) || water.Explanation != "是否解决安全饮用水为「否」" || water.Severity != "high" || water.Indicator != 1 {
			t.Fatalf("finding %+v", water)
		}

		// A second run keeps everything and opens nothing.
		t1 := c.advance(24 * time.Hour)
		sum, err = en.Run(ctx, screen.Options{})
		if err != nil || sum.Run.Opened != 0 || sum.Run.Kept != 7 || sum.Run.Closed != 0 {
			t.Fatalf("rerun %+v %v", sum.Run, err)
		}
		got = active(t, en, "")
		if w := got["I1-06 "+h2.Household.No]; !w.OpenedAt.Equal(t0) || !w.LastSeenAt.Equal(t1) || w.ID != water.ID {
			t.Fatalf("kept %+v", w)
		}

		// Waive the water finding, then fix the water: the re-screen after the edit closes it.
		if _, err := en.Findings.Waive(ctx, water.ID, "通渭县乡村振兴局 张三", "已通自来水，待系统更新", t1); err != nil {
			t.Fatal(err)
		}
		t2 := c.advance(time.Hour)
		h2.Household.WaterSafe = registry.Yes
		put(t, reg, h2)
		res, err := en.Household(ctx, h2.Household.No)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Closed) != 2 || len(res.Opened) != 0 || len(res.Kept) != 1 {
			t.Fatalf("rescreen %+v", res)
		}
		closed, _ := en.Findings.Get(ctx, water.ID)
		if closed.Status != store.StatusClosed || !closed.ClosedAt.Equal(t2) || closed.WaivedBy == "" {
			t.Fatalf("closed %+v", closed)
		}

		// Break h1: a member loses insurance. The re-screen opens a finding at once, and keeps
		// the registry-wide ones it reads from indexed queries.
		h1.Persons[0].ResidentMedical = registry.No
		put(t, reg, h1)
		res, err = en.Household(ctx, h1.Household.No)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Opened) != 2 || res.Opened[0].RuleID != "I1-03" || res.Opened[0].SubjectID != h1.Persons[0].No || res.Opened[1].RuleID != "I2-04" ||
			len(res.Closed) != 0 || len(res.Kept) != 1 {
			t.Fatalf("rescreen h1 %+v", res)
		}
		if res, err = en.Household(ctx, h3.Household.No); err != nil || len(res.Kept) != 2 || len(res.Closed)+len(res.Opened) != 0 {
			t.Fatalf("rescreen h3 %+v %v", res, err)
		}

		// Delete h4: its findings close on re-screen; h3's duplicate closes on the next run.
		if err := reg.Delete(ctx, h4.Household.No); err != nil {
			t.Fatal(err)
		}
		t3 := c.advance(time.Hour)
		if res, err = en.Household(ctx, h4.Household.No); err != nil || len(res.Closed) != 1 {
			t.Fatalf("deleted %+v %v", res, err)
		}
		sum, err = en.Run(ctx, screen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got = active(t, en, "")
		want = []string{"I1-03 " + h1.Persons[0].No, "I2-04 " + h1.Household.No,
			"I6-01 " + h1.Persons[1].No, "I6-01 " + h2.Persons[1].No, "I6-01 " + h3.Persons[0].No}
		if !slices.Equal(keys(got), want) || sum.Run.Closed != 1 || sum.ByRule["DQ-02"].Closed != 1 {
			t.Fatalf("after delete %v %+v", keys(got), sum.Run)
		}
		d, _, _ := en.Findings.List(ctx, store.FindingFilter{Rule: "DQ-02", Status: store.StatusClosed})
		for _, f := range d {
			if !f.ClosedAt.Equal(t3) {
				t.Errorf("closed at %v", f.ClosedAt)
			}
		}
		if last, err := en.Findings.LastRun(ctx, villageA); err != nil || last.Kept != 5 {
			t.Errorf("last run %+v %v", last, err)
		}
	})
}

func TestScopedRunAndParams(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		a, b, other := clean(villageA, 1), clean(villageB, 2), clean(villageC, 3)
		for _, x := range []*registry.Aggregate{a, b, other} {
			x.Household.Kind = registry.KindOrdinary
			x.Incomes[1].Wages = registry.Yuan(12000) // 人均 8,300: above the default line
		}
		put(t, en.Registry, a, b, other)
		if _, err := en.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}
		if got := active(t, en, ""); len(got) != 0 {
			t.Fatalf("clean: %v", keys(got))
		}
		// 通渭县 raises its line: its households fall below it, 陇西县's do not.
		if err := en.Params.Set(ctx, policy.Override{Prefix: "621121", Year: 2026, Name: policy.MonitorLine, Value: "8500"}); err != nil {
			t.Fatal(err)
		}
		// A run on one village touches that village alone.
		if _, err := en.Run(ctx, screen.Options{Scope: villageA}); err != nil {
			t.Fatal(err)
		}
		if got := keys(active(t, en, "")); !slices.Equal(got, []string{"I2-01 " + a.Household.No}) {
			t.Fatalf("village run: %v", got)
		}
		f := active(t, en, "")["I2-01 "+a.Household.No]
		if f.Explanation != "2026 年人均纯收入 8,300 元，低于监测范围 8,500 元，且未纳入监测" {
			t.Errorf("explanation %q", f.Explanation)
		}
		var seen []int
		sum, err := en.Run(ctx, screen.Options{Scope: "621100000000", Progress: func(p screen.Progress) { seen = append(seen, p.Households) }})
		if err != nil {
			t.Fatal(err)
		}
		if got := keys(active(t, en, "")); len(got) != 2 || sum.Run.Opened != 1 || sum.Run.Kept != 1 {
			t.Fatalf("city run: %v %+v", got, sum.Run)
		}
		if len(seen) == 0 || seen[len(seen)-1] != 3 {
			t.Errorf("progress %v", seen)
		}
		// A village scope keeps the other village's findings.
		a.Incomes[1].Wages = registry.Yuan(20000)
		put(t, en.Registry, a)
		if _, err := en.Run(ctx, screen.Options{Scope: villageA}); err != nil {
			t.Fatal(err)
		}
		if got := keys(active(t, en, "")); !slices.Equal(got, []string{"I2-01 " + b.Household.No}) {
			t.Fatalf("after fix: %v", got)
		}
	})
}

func TestHouseholdsLargeSetRunsCounties(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		var nos []string
		var as []registry.Aggregate
		for i := range 2100 {
			a := clean(villageA, i+1)
			if i%700 == 0 {
				a.Household.WaterSafe = registry.No
			}
			as = append(as, *a)
			nos = append(nos, a.Household.No)
		}
		if err := en.Registry.Load(ctx, as); err != nil {
			t.Fatal(err)
		}
		res, err := en.Households(ctx, nos)
		if err != nil || len(res.Opened) != 6 {
			t.Fatalf("%v %d", err, len(res.Opened))
		}
		if got := keys(active(t, en, "")); len(got) != 6 { // I1-06 and I2-04 each
			t.Fatalf("%d findings: %v", len(got), got[:min(10, len(got))])
		}
	})
}

func TestRunClosesFindingsOfEmptiedCounty(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		a, b := clean(villageA, 1), clean(villageC, 2)
		b.Household.Phone = "" // DQ-13
		put(t, en.Registry, a, b)
		if _, err := en.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}
		if got := keys(active(t, en, "")); !slices.Equal(got, []string{"DQ-13 " + b.Household.No}) {
			t.Fatalf("%v", got)
		}
		if err := en.Registry.Delete(ctx, b.Household.No); err != nil {
			t.Fatal(err)
		}
		sum, err := en.Run(ctx, screen.Options{Scope: "621100000000"})
		if err != nil {
			t.Fatal(err)
		}
		if got := active(t, en, ""); len(got) != 0 || sum.Run.Closed != 1 {
			t.Fatalf("%v %+v", keys(got), sum.Run)
		}
	})
}

func TestRescreenPersonWhoMoved(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		a, b := clean(villageA, 1), clean(villageB, 2)
		a.Persons[1].ResidentMedical = registry.No // I1-03 and I2-04 on a
		put(t, en.Registry, a, b)
		if _, err := en.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}
		// The wife moves to b, still uninsured; b is re-screened first.
		p := a.Persons[1]
		p.HouseholdNo, p.Relation = b.Household.No, "其他"
		a.Persons, a.Household.DeclaredSize = a.Persons[:1], 1
		b.Persons, b.Household.DeclaredSize = append(b.Persons, p), 3
		put(t, en.Registry, a, b)
		c.advance(time.Hour)
		res, err := en.Household(ctx, b.Household.No)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Opened) != 1 || res.Opened[0].RuleID != "I2-04" || len(res.Kept) != 1 || res.Kept[0].HouseholdNo != b.Household.No {
			t.Fatalf("b: %+v", res)
		}
		if res, err = en.Household(ctx, a.Household.No); err != nil || len(res.Closed) != 1 || res.Closed[0].RuleID != "I2-04" {
			t.Fatalf("a: %+v %v", res, err)
		}
		got := active(t, en, "")
		if f := got["I1-03 "+p.No]; f.HouseholdNo != b.Household.No || f.Region != villageB || len(got) != 2 {
			t.Fatalf("%v %+v", keys(got), f)
		}
	})
}

// TestRescreenRelatedHouseholds keeps registry-wide findings current on both sides when an
// edit creates or removes a duplicate ID number.
func TestRescreenRelatedHouseholds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		a, b, other := clean(villageA, 1), clean(villageB, 2), clean(villageA, 3)
		put(t, en.Registry, a, b, other)
		if _, err := en.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}

		// An edit of a gives its wife b's husband's ID number: re-screening a flags both.
		before := *a
		before.Persons = append([]registry.Person(nil), a.Persons...)
		a.Persons[1].IDNumber = b.Persons[0].IDNumber
		put(t, en.Registry, a)
		c.advance(time.Hour)
		if _, err := en.Household(ctx, a.Household.No); err != nil {
			t.Fatal(err)
		}
		got := active(t, en, "")
		if _, ok := got["DQ-02 "+b.Persons[0].No]; !ok {
			t.Fatalf("b's holder of the duplicate ID is not flagged: %v", keys(got))
		}
		if _, ok := got["DQ-02 "+a.Persons[1].No]; !ok {
			t.Fatalf("a's holder of the duplicate ID is not flagged: %v", keys(got))
		}

		// The edit is undone: the households related to the duplicate, asked before writing,
		// are re-screened with a, and both findings close.
		related, err := en.Related(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(related) != 1 || related[0] != b.Household.No {
			t.Fatalf("related %v, want b", related)
		}
		put(t, en.Registry, &before)
		c.advance(time.Hour)
		if _, err := en.Households(ctx, append([]string{a.Household.No}, related...)); err != nil {
			t.Fatal(err)
		}
		if got := active(t, en, ""); len(got) != 0 {
			t.Fatalf("findings still active after the fix: %v", keys(got))
		}
	})
}

// TestDeceasedIDReused: a living person who holds the ID number of a person recorded as dead
// in another household is flagged, in a full run and when re-screened alone, and the
// explanation names no other household.
func TestDeceasedIDReused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		a, b := clean(villageA, 1), clean(villageB, 2)
		a.Persons[1].DeceasedOn = registry.NewDate(2024, 5, 1)
		a.Household.DeclaredSize = 1
		b.Persons[1].IDNumber = a.Persons[1].IDNumber
		put(t, en.Registry, a, b)
		if _, err := en.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}
		got := active(t, en, "")
		f, ok := got["DQ-02 "+b.Persons[1].No]
		if !ok || !strings.Contains(f.Explanation, "已登记死亡") || strings.Contains(f.Explanation, a.Household.No) {
			t.Fatalf("findings %v; DQ-02 %+v", keys(got), f)
		}
		c.advance(time.Hour)
		res, err := en.Household(ctx, b.Household.No)
		if err != nil || len(res.Closed) != 0 {
			t.Fatalf("re-screen alone: %+v %v", res, err)
		}
	})
}

// TestRunTalliesHouseholds checks what a run hands the scorecard's refresh: every household
// of its scope counted by class, and the households left with open findings, so that the
// refresh need not read them back; nothing when it screened only some counties. What the
// scorecard counts from them must be what it counts from the tables.
func TestRunTalliesHouseholds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		a, b, d, other := clean(villageA, 1), clean(villageA, 2), clean(villageB, 3), clean(villageC, 4)
		b.Household.Kind, b.Household.Category = registry.KindOrdinary, ""
		b.Household.WaterSafe = registry.No // I1-06 on a household outside the target population
		a.Household.WaterSafe = registry.No
		d.Household.Relocated, d.Household.RiskEliminated = registry.Yes, registry.Yes
		other.Persons[1].IDNumber, other.Persons[1].Birth = d.Persons[1].IDNumber, d.Persons[1].Birth // DQ-02 across counties
		other.Household.RiskEliminated = registry.Unknown
		shared := "13700000000" // I6-01 on people of two households
		a.Persons[1].Phone, d.Persons[0].Phone = shared, shared
		put(t, en.Registry, a, b, d, other)
		var got *store.HouseholdTally
		calls := 0
		en.AfterRun = func(_ context.Context, _ region.Code, tally *store.HouseholdTally) error {
			got, calls = tally, calls+1
			return nil
		}
		scores := store.NewScores(e.DB)
		check := func(opt screen.Options, households ...*registry.Aggregate) {
			t.Helper()
			got = &store.HouseholdTally{Scope: "stale"}
			if _, err := en.Run(ctx, opt); err != nil {
				t.Fatal(err)
			}
			if households == nil {
				if got != nil {
					t.Errorf("run %+v: a tally of %s", opt, got.Scope)
				}
				return
			}
			if got == nil || got.Scope != opt.Scope || !got.FoundKnown {
				t.Fatalf("run %+v: tally %+v", opt, got)
			}
			want := store.HouseholdTally{}
			for _, x := range households {
				want.Add(&x.Household)
			}
			if counts(got) != counts(&want) {
				t.Errorf("run %+v: households %s, want %s", opt, counts(got), counts(&want))
			}
			fromTable, err := scores.Count(ctx, opt.Scope, score.Spec)
			if err != nil {
				t.Fatal(err)
			}
			fromTally, err := scores.CountFrom(ctx, opt.Scope, score.Spec, got)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(fromTable) != fmt.Sprint(fromTally) {
				t.Errorf("run %+v: scorecard counts\n table %v\n tally %v", opt, fromTable, fromTally)
			}
		}
		check(screen.Options{}, a, b, d, other)
		if n := len(got.Found); n != 4 {
			t.Errorf("%d households with open findings, want 4: %+v", n, got.Found)
		}
		// A waived finding no longer counts; the household's other findings do.
		fs := active(t, en, "")
		if _, err := en.Findings.Waive(ctx, fs["I1-06 "+a.Household.No].ID, "张三", "已核实", c.t); err != nil {
			t.Fatal(err)
		}
		c.advance(time.Hour)
		check(screen.Options{}, a, b, d, other)
		check(screen.Options{Scope: villageA}, a, b)
		check(screen.Options{Scope: "620000000000"}, a, b, d, other)
		check(screen.Options{Counties: []region.Code{villageC.County()}})
		if calls != 5 {
			t.Errorf("AfterRun called %d times, want 5", calls)
		}
	})
}

// counts shows a tally's households by class, sorted.
func counts(t *store.HouseholdTally) string {
	var out []string
	for c, n := range t.Counts {
		out = append(out, fmt.Sprintf("%+v=%d", c, *n))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

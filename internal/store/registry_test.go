package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// household builds a household of n people in the village, with two years of income and a
// measure, filling every kind of column so that round trips test each one.
func household(village region.Code, seq, n int) registry.Aggregate {
	no := fmt.Sprintf("%s%04d", village.Prefix(), seq)
	a := registry.Aggregate{Household: registry.Household{
		No: no, Village: village, Address: "一组", Kind: registry.KindAlleviated, YearOut: 2019,
		DeclaredSize: n, Category: registry.MonUnstable, IdentifiedOn: registry.NewMonth(2024, 3),
		Channel: "基层干部排查", RiskTypes: []string{"因病", "因学"}, RiskEliminated: registry.No,
		Dibao: registry.Yes, Tekun: registry.No, Phone: "13912345678", UnsafeHouse: registry.No,
		HousingGrade: "B", HousingAppraised: registry.NewDate(2023, 5, 6), WaterSafe: registry.Yes,
		Toilet: registry.Yes, HouseArea: 86.5, Grid: "第一网格", Helper: "王干部",
		Uncollected: registry.FieldSet(0).With(registry.HElectricity, registry.HRoadHardened),
	}}
	for i := 0; i < n; i++ {
		p := registry.Person{
			No: fmt.Sprintf("%s%02d", no, i+1), HouseholdNo: no, Name: fmt.Sprintf("张%d", i),
			IDType: "居民身份证", IDNumber: "11010519491231002X", Gender: "女", Birth: registry.NewDate(1949, 12, 31),
			Relation: "之女", Education: "初中", LabourSkill: "普通劳动力", Health: "健康",
			WorkLocation: "省外", WorkMonths: registry.CountOf(10), ResidentMedical: registry.Yes,
			EmployeeMedical: registry.No, CriticalIllness: registry.Yes, Phone: "13800000000",
		}
		if i == 0 {
			p.Relation = "户主"
			p.PostMonths = registry.CountOf(0)
		}
		if i == 1 {
			p.Uncollected = p.Uncollected.With(registry.PDisabilityGrade, registry.PDeceasedOn)
		}
		a.Persons = append(a.Persons, p)
	}
	for _, y := range []int{2025, 2026} {
		a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: no, Year: y, Wages: registry.Yuan(30000),
			Business: registry.Yuan(5000), Transfers: registry.Yuan(1200), DibaoPay: registry.Yuan(1200),
			BusinessExpense: registry.Yuan(1000), MedicalOOP: registry.Yuan(3000), Size: n,
			Uncollected: registry.FieldSet(0).With(registry.IEducationExp)})
	}
	a.Measures = []registry.Measure{{HouseholdNo: no, Seq: 1, Type: registry.MeasureHealth,
		Description: "慢病签约服务", Start: registry.NewDate(2024, 4, 1), Amount: registry.Yuan(500)}}
	return a
}

const (
	villageA = region.Code("621121100201") // 通渭县
	villageB = region.Code("621121100202")
	villageC = region.Code("621102100201") // 安定区
)

func TestRegistryPutGet(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		a := household(villageA, 1, 3)
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		got, err := reg.Get(ctx, a.Household.No)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, a) {
			t.Fatalf("round trip differs:\n got %+v\nwant %+v", *got, a)
		}

		// Replacing drops what the new version no longer has.
		a.Persons = a.Persons[:2]
		a.Measures = nil
		a.Household.RiskTypes = nil
		a.Household.Dibao = registry.Unknown
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		got, err = reg.Get(ctx, a.Household.No)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Persons) != 2 || len(got.Measures) != 0 || got.Household.RiskTypes != nil || got.Household.Dibao != registry.Unknown {
			t.Fatalf("after replace: %d persons, %d measures, risks %v, dibao %v", len(got.Persons), len(got.Measures), got.Household.RiskTypes, got.Household.Dibao)
		}

		if _, err := reg.Get(ctx, "nope"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("Get unknown: %v, want not found", err)
		}
	})
}

func TestRegistryMoveCounty(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		a := household(villageA, 1, 2)
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		a.Household.Village = villageC
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		got, err := reg.Get(ctx, a.Household.No)
		if err != nil {
			t.Fatal(err)
		}
		if got.Household.Village != villageC || len(got.Persons) != 2 {
			t.Fatalf("moved household: village %s, %d persons", got.Household.Village, len(got.Persons))
		}
		if n, _ := reg.CountHouseholds(ctx, villageA.County()); n != 0 {
			t.Fatalf("old county still has %d households", n)
		}
	})
}

func TestRegistryInvalid(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		a := household(villageA, 1, 2)
		a.Persons[1].HouseholdNo = "other"
		if err := reg.Put(ctx, &a); !errs.Is(err, errs.Invalid) {
			t.Fatalf("Put with foreign person: %v, want invalid", err)
		}
		b := household(villageA, 2, 1)
		c := household(villageA, 3, 1)
		c.Household.No = ""
		if err := reg.Load(ctx, []registry.Aggregate{b, c}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("Load with blank 户编号: %v, want invalid", err)
		}
		if n, _ := reg.CountHouseholds(ctx, ""); n != 0 {
			t.Fatalf("a failed Load left %d households", n)
		}
	})
}

func TestRegistryLoadScan(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		var all []registry.Aggregate
		for i := 1; i <= 300; i++ {
			v := []region.Code{villageA, villageB, villageC}[i%3]
			a := household(v, i, 1+i%6)
			if i%7 == 0 {
				a.Measures = nil // households without children of one kind must not shift the merge
			}
			if i%11 == 0 {
				a.Incomes = nil
			}
			all = append(all, a)
		}
		// Load in two batches, in an order that is not the key order.
		if err := reg.Load(ctx, all[150:]); err != nil {
			t.Fatal(err)
		}
		if err := reg.Load(ctx, all[:150]); err != nil {
			t.Fatal(err)
		}
		want := map[string]registry.Aggregate{}
		for _, a := range all {
			want[a.Household.No] = a
		}
		for _, tc := range []struct {
			scope region.Code
			n     int
		}{
			{"", 300},
			{"621100000000", 300},
			{villageA.County(), 200},
			{villageC.County(), 100},
			{villageA, 100},
			{region.Code("621121100000"), 200},
			{region.Code("620500000000"), 0},
		} {
			n := 0
			last := ""
			err := reg.Scan(ctx, tc.scope, func(a *registry.Aggregate) error {
				n++
				key := string(a.Household.County()) + a.Household.No
				if key <= last {
					t.Fatalf("scan out of order: %s after %s", key, last)
				}
				last = key
				if !reflect.DeepEqual(*a, want[a.Household.No]) {
					t.Fatalf("scan %s: household %s differs:\n got %+v\nwant %+v", tc.scope, a.Household.No, *a, want[a.Household.No])
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.n {
				t.Errorf("scan %q: %d households, want %d", tc.scope, n, tc.n)
			}
			if c, _ := reg.CountHouseholds(ctx, tc.scope); c != tc.n {
				t.Errorf("count %q: %d, want %d", tc.scope, c, tc.n)
			}
		}
		counties, err := reg.Counties(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(counties, []region.Code{"621102000000", "621121000000"}) {
			t.Fatalf("counties %v", counties)
		}
		// Above a county the counties are found by seeking from one to the next.
		for scope, want := range map[region.Code][]region.Code{
			"621100000000": {"621102000000", "621121000000"},
			"620000000000": {"621102000000", "621121000000"},
			"621200000000": nil,
			"621121000000": {"621121000000"},
		} {
			if got, err := reg.Counties(ctx, scope); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("counties of %s: %v %v, want %v", scope, got, err, want)
			}
		}
	})
}

func TestRegistrySummary(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		a := household(villageA, 1, 2) // net 35,200 for 2 people: 17,600 each
		b := household(villageA, 2, 4) // 8,800 each
		b.Household.Kind = registry.KindOrdinary
		b.Household.Category = ""
		b.Persons[3].LeftOn = registry.NewDate(2026, 1, 1)
		c := household(villageC, 1, 1)
		if err := reg.Load(ctx, []registry.Aggregate{a, b, c}); err != nil {
			t.Fatal(err)
		}
		sums, err := reg.Summary(ctx, "621100000000")
		if err != nil {
			t.Fatal(err)
		}
		if len(sums) != 2 {
			t.Fatalf("%d counties, want 2", len(sums))
		}
		s := sums[1]
		if s.County != villageA.County() || s.Households != 2 || s.People != 5 ||
			s.ByKind[registry.KindAlleviated] != 1 || s.ByKind[registry.KindOrdinary] != 1 ||
			s.ByCategory[registry.MonUnstable] != 1 || s.IncomeYear != 2026 ||
			s.AvgPerCapita != registry.Yuan(13200) {
			t.Fatalf("summary %+v", s)
		}
	})
}

func TestOpenTwiceKeepsData(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		a := household(villageA, 1, 1)
		if err := store.NewRegistry(e.DB).Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		db2, err := store.Open(ctx, e.DSN, storetest.Clock())
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		if n, _ := store.NewRegistry(db2).CountHouseholds(ctx, ""); n != 1 {
			t.Fatalf("reopened database has %d households", n)
		}
	})
}

func TestRegistryBulk(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		indexes := func() int {
			q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`
			if e.DB.Dialect == store.Postgres {
				q = `SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()`
			}
			var n int
			if err := e.DB.SQL.QueryRowContext(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := indexes()
		during := -1
		err := reg.Bulk(ctx, func(load func([]registry.Aggregate) error) error {
			during = indexes()
			if err := load([]registry.Aggregate{household(villageA, 1, 2)}); err != nil {
				return err
			}
			return load([]registry.Aggregate{household(villageB, 2, 3)})
		})
		if err != nil {
			t.Fatal(err)
		}
		if during >= before || indexes() != before {
			t.Fatalf("indexes: %d before, %d during, %d after the bulk load", before, during, indexes())
		}
		if e.DB.Dialect == store.Postgres {
			// The planner has statistics of the load at once, and sessions price random reads
			// as on solid-state disks.
			var analyzed int
			var cost string
			if err := e.DB.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_user_tables
				WHERE schemaname = current_schema() AND relname IN ('households', 'persons') AND last_analyze IS NOT NULL`).Scan(&analyzed); err != nil || analyzed != 2 {
				t.Errorf("%d registry tables analyzed after the bulk load (%v)", analyzed, err)
			}
			if err := e.DB.SQL.QueryRowContext(ctx, `SHOW random_page_cost`).Scan(&cost); err != nil || cost != "1.1" {
				t.Errorf("random_page_cost %q (%v)", cost, err)
			}
		}
		// A failed load into a non-empty registry keeps the indexes and what was stored.
		err = reg.Bulk(ctx, func(load func([]registry.Aggregate) error) error {
			during = indexes()
			bad := household(villageA, 3, 1)
			bad.Household.No = ""
			return load([]registry.Aggregate{bad})
		})
		if !errs.Is(err, errs.Invalid) || during != before || indexes() != before {
			t.Fatalf("second bulk: %v; indexes %d during, %d after, want %d", err, during, indexes(), before)
		}
		if n, _ := reg.CountHouseholds(ctx, ""); n != 2 {
			t.Fatalf("%d households after the bulk loads, want 2", n)
		}
	})
}

package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

var testSpec = store.ScoreSpec{PerHousehold: []int{0, 1, 6, 9}, Relocated: []int{3}, Missed: 2, MissedRules: []string{"I2-01", "I2-02"}}

func TestScoresRefresh(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		var aggs []registry.Aggregate
		// villageA: 4 monitored households, one relocated; villageB: 6 households, 2 of them
		// not monitored; villageC, in another county: 2 households.
		for i := 1; i <= 4; i++ {
			a := household(villageA, i, 1)
			if i == 1 {
				a.Household.Relocated = registry.Yes
			}
			aggs = append(aggs, a)
		}
		for i := 1; i <= 6; i++ {
			a := household(villageB, i, 1)
			if i <= 2 {
				a.Household.Category = ""
			}
			aggs = append(aggs, a)
		}
		aggs = append(aggs, household(villageC, 1, 1), household(villageC, 2, 1))
		if err := reg.Load(ctx, aggs); err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
		county := villageA.County()
		mk := func(v region.Code, rule string, ind int, subject, hh string) *store.Finding {
			f := finding(v.County(), v, rule, subject, t0)
			f.Indicator, f.HouseholdNo = ind, hh
			return f
		}
		hA1 := villageA.Prefix() + "0001"
		hB1, hB2 := villageB.Prefix()+"0001", villageB.Prefix()+"0002"
		fs := []*store.Finding{
			mk(villageA, "I1-01", 1, hA1, hA1),
			mk(villageA, "I1-03", 1, hA1+"01", hA1), // same household: counted once
			mk(villageA, "I3-01", 3, hA1, hA1),
			mk(villageB, "I2-01", 2, hB1, hB1),
			mk(villageB, "I2-07", 2, hB2, hB2), // indicator 2 but not a missed one
			mk(villageB, "I1-01", 1, hB2, hB2),
			mk(villageC, "DQ-05", 0, villageC.Prefix()+"0001", villageC.Prefix()+"0001"),
		}
		st := store.NewFindings(e.DB)
		if err := st.Apply(ctx, &store.Changes{Open: fs, At: t0}); err != nil {
			t.Fatal(err)
		}
		// A waived finding is explained, not a problem: it does not count.
		if _, err := st.Waive(ctx, fs[5].ID, "张三", "已核实", t0); err != nil {
			t.Fatal(err)
		}
		sc := store.NewScores(e.DB)
		if err := sc.Refresh(ctx, county, "2026-11", testSpec); err != nil {
			t.Fatal(err)
		}
		if err := sc.Refresh(ctx, county, "bad", testSpec); !errs.Is(err, errs.Invalid) {
			t.Errorf("bad period: %v", err)
		}
		rows, err := sc.Children(ctx, "2026-11", county)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, r := range rows {
			got[string(r.Region)+"/"+string(rune('0'+r.Indicator))] = [2]int{r.Num, r.Den}
		}
		town := villageA.Parent()
		for key, want := range map[string][2]int{
			string(county) + "/1": {1, 10},
			string(county) + "/2": {1, 9}, // 8 monitored + 1 suspected missed
			string(county) + "/3": {1, 1},
			string(county) + "/0": {0, 10},
			string(town) + "/1":   {1, 10},
			string(town) + "/6":   {0, 10},
		} {
			if got[key] != want {
				t.Errorf("%s: %v, want %v", key, got[key], want)
			}
		}
		if len(got) != 2*6 {
			t.Errorf("rows of the county and its one township: %v", got)
		}
		vs, _ := sc.Children(ctx, "2026-11", town)
		byVillage := map[region.Code]map[int][2]int{}
		for _, r := range vs {
			if byVillage[r.Region] == nil {
				byVillage[r.Region] = map[int][2]int{}
			}
			byVillage[r.Region][r.Indicator] = [2]int{r.Num, r.Den}
		}
		if a := byVillage[villageA]; a[1] != [2]int{1, 4} || a[2] != [2]int{0, 4} || a[3] != [2]int{1, 1} {
			t.Errorf("village A %v", a)
		}
		if b := byVillage[villageB]; b[1] != [2]int{0, 6} || b[2] != [2]int{1, 5} || b[3] != [2]int{0, 0} {
			t.Errorf("village B %v", b)
		}
		// The other county's province was refreshed too; a second refresh replaces, not adds.
		if err := sc.Refresh(ctx, county, "2026-11", testSpec); err != nil {
			t.Fatal(err)
		}
		city, _ := region.ParseCode("6211")
		cs, _ := sc.Children(ctx, "2026-11", city)
		n := 0
		for _, r := range cs {
			if r.Region == villageC.County() && r.Indicator == 0 {
				n++
				if r.Num != 1 || r.Den != 2 {
					t.Errorf("county C dq %+v", r)
				}
			}
		}
		if n != 1 {
			t.Errorf("county C rows %d", n)
		}
		if err := sc.Refresh(ctx, county, "2026-12", testSpec); err != nil {
			t.Fatal(err)
		}
		if ps, _ := sc.Periods(ctx, county); len(ps) != 2 || ps[0] != "2026-12" {
			t.Errorf("periods %v", ps)
		}
		if h, _ := sc.History(ctx, county); len(h) != 12 || h[0].Period != "2026-11" {
			t.Errorf("history %d", len(h))
		}

		prov := county.Up(region.Province)
		if err := sc.SetProvinceAverage(ctx, prov, "2026-11", 2, 1.5, "省局"); err != nil {
			t.Fatal(err)
		}
		if err := sc.SetProvinceAverage(ctx, prov, "2026-11", 2, 1.25, "省局"); err != nil {
			t.Fatal(err)
		}
		if err := sc.SetProvinceAverage(ctx, county, "2026-11", 2, 1, ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("county average: %v", err)
		}
		if err := sc.SetProvinceAverage(ctx, prov, "2026-11", 11, 1, ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("indicator 11: %v", err)
		}
		if avg, err := sc.ProvinceAverages(ctx, prov, "2026-11"); err != nil || len(avg) != 1 || avg[2] != 1.25 {
			t.Errorf("averages %v %v", avg, err)
		}
	})
}

package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// testSpec counts like the scorecard (internal/score): data quality and indicators 6 and 9
// over all households, indicator 1 over target households, indicator 3 over relocated ones,
// and indicator 2 on four parts.
var testSpec = store.ScoreSpec{
	TargetKinds: []string{registry.KindAlleviated},
	Rates: []store.ScoreRate{
		{Indicator: 0, Of: store.PopAll},
		{Indicator: 1, Of: store.PopTarget},
		{Indicator: 2, Part: "missed", Rules: []string{"I2-01", "I2-02", "I2-03", "I2-04"}, Of: store.PopMissed},
		{Indicator: 2, Part: "no_measure", Rules: []string{"I2-05", "I2-06"}, Of: store.PopUnresolved},
		{Indicator: 2, Part: "elimination", Rules: []string{"I2-13"}, Of: store.PopEliminated},
		{Indicator: 2, Part: "mismatch", Rules: []string{"I2-08"}, Of: store.PopMonitored},
		{Indicator: 3, Of: store.PopRelocated},
		{Indicator: 6, Of: store.PopAll},
		{Indicator: 9, Of: store.PopAll},
	},
}

func TestScoresRefresh(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		var aggs []registry.Aggregate
		// villageA: 4 monitored 脱贫户, the first relocated, the second with its risk eliminated;
		// villageB: 6 households, the first 2 ordinary and not monitored (not target households);
		// villageC, in another county: 2 households.
		for i := 1; i <= 4; i++ {
			a := household(villageA, i, 1)
			switch i {
			case 1:
				a.Household.Relocated = registry.Yes
			case 2:
				a.Household.RiskEliminated = registry.Yes
			}
			aggs = append(aggs, a)
		}
		for i := 1; i <= 6; i++ {
			a := household(villageB, i, 1)
			if i <= 2 {
				a.Household.Kind, a.Household.Category = registry.KindOrdinary, ""
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
		hA1, hA2, hA3 := villageA.Prefix()+"0001", villageA.Prefix()+"0002", villageA.Prefix()+"0003"
		hB1, hB2, hB3 := villageB.Prefix()+"0001", villageB.Prefix()+"0002", villageB.Prefix()+"0003"
		fs := []*store.Finding{
			mk(villageA, "I1-01", 1, hA1, hA1),
			mk(villageA, "I1-03", 1, hA1+"01", hA1), // same household: counted once
			mk(villageA, "I3-01", 3, hA1, hA1),
			mk(villageA, "I2-13", 2, hA2, hA2),     // eliminated too soon
			mk(villageA, "I2-05", 2, hA3, hA3),     // monitored without measures
			mk(villageA, "I2-01", 2, hA3+"x", hA3), // a monitored household is not a missed one
			mk(villageB, "I2-01", 2, hB1, hB1),
			mk(villageB, "I2-03", 2, hB2, hB2),      // 体外循环: suspected missed too
			mk(villageB, "I2-07", 2, hB3, hB3),      // indicator 2 but in no part
			mk(villageB, "I1-04", 1, hB2+"01", hB2), // not a target household: not in indicator 1
			mk(villageB, "I6-01", 6, hB3+"01", hB3),
			mk(villageC, "DQ-05", 0, villageC.Prefix()+"0001", villageC.Prefix()+"0001"),
		}
		st := store.NewFindings(e.DB)
		if err := st.Apply(ctx, &store.Changes{Open: fs, At: t0}); err != nil {
			t.Fatal(err)
		}
		// A waived finding is explained, not a problem: it does not count.
		if _, err := st.Waive(ctx, fs[10].ID, "张三", "已核实", t0); err != nil {
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
		key := func(r store.ScoreCount) string { return fmt.Sprintf("%s/%d%s", r.Region, r.Indicator, r.Part) }
		got := map[string][2]int{}
		for _, r := range rows {
			got[key(r)] = [2]int{r.Num, r.Den}
		}
		town := villageA.Parent()
		for k, want := range map[string][2]int{
			string(county) + "/1":            {1, 8},  // per target household: 8 of the 10
			string(county) + "/2missed":      {2, 10}, // 8 monitored + 2 suspected missed (I2-01, I2-03)
			string(county) + "/2no_measure":  {1, 7},  // of the 7 unresolved
			string(county) + "/2elimination": {1, 1},  // of the 1 eliminated
			string(county) + "/2mismatch":    {0, 8},
			string(county) + "/3":            {1, 1},
			string(county) + "/0":            {0, 10},
			string(county) + "/6":            {0, 10}, // waived
			string(town) + "/1":              {1, 8},
			string(town) + "/6":              {0, 10},
		} {
			if got[k] != want {
				t.Errorf("%s: %v, want %v", k, got[k], want)
			}
		}
		if len(got) != 2*len(testSpec.Rates) {
			t.Errorf("rows of the county and its one township: %v", got)
		}
		vs, _ := sc.Children(ctx, "2026-11", town)
		byVillage := map[region.Code]map[string][2]int{}
		for _, r := range vs {
			if byVillage[r.Region] == nil {
				byVillage[r.Region] = map[string][2]int{}
			}
			byVillage[r.Region][fmt.Sprint(r.Indicator)+r.Part] = [2]int{r.Num, r.Den}
		}
		if a := byVillage[villageA]; a["1"] != [2]int{1, 4} || a["2missed"] != [2]int{0, 4} || a["3"] != [2]int{1, 1} {
			t.Errorf("village A %v", a)
		}
		if b := byVillage[villageB]; b["1"] != [2]int{0, 4} || b["2missed"] != [2]int{2, 6} || b["3"] != [2]int{0, 0} {
			t.Errorf("village B %v", b)
		}

		// The households behind the numerators, with the rates they count in.
		var hs []store.HouseholdRates
		if err := sc.EachHousehold(ctx, county, testSpec, func(h store.HouseholdRates) error { hs = append(hs, h); return nil }); err != nil {
			t.Fatal(err)
		}
		want := map[string]uint64{hA1: 1<<1 | 1<<6, hA2: 1 << 4, hA3: 1 << 3, hB1: 1 << 2, hB2: 1 << 2}
		if len(hs) != len(want) {
			t.Errorf("households %+v", hs)
		}
		for _, h := range hs {
			if want[h.No] != h.Rates {
				t.Errorf("%s rates %b, want %b", h.No, h.Rates, want[h.No])
			}
		}
		briefs, err := sc.Briefs(ctx, county, []string{hA1, villageC.Prefix() + "0001"})
		if err != nil {
			t.Fatal(err)
		}
		if b := briefs[hA1]; b.Head != "张0" || strings.Join(b.Rules, ",") != "I1-01,I1-03,I3-01" {
			t.Errorf("brief %+v", b)
		}
		if b := briefs[villageC.Prefix()+"0001"]; b.Head != "" || len(b.Rules) != 0 {
			t.Errorf("a household of another county: %+v", b)
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
		// A snapshot written from village counts (the demo's synthetic history) is kept apart
		// and marked.
		// Rates with nothing to measure are not stored: relocation and elimination in villages B
		// and C, which have no relocated household and no eliminated risk.
		vc, err := sc.Villages(ctx, "2026-12", city)
		if err != nil || len(vc) != 3*len(testSpec.Rates)-2-2 {
			t.Fatalf("villages %d %v", len(vc), err)
		}
		for i := range vc {
			vc[i].Num++
		}
		if err := sc.Write(ctx, city, "2026-10", store.SourceSynthetic, vc); err != nil {
			t.Fatal(err)
		}
		if err := sc.Write(ctx, city, "2026-10", store.SourceSynthetic, []store.ScoreCount{{Region: county, Indicator: 1}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("counts not of a village: %v", err)
		}
		ps, _ := sc.Periods(ctx, county)
		if len(ps) != 3 || ps[0] != (store.ScorePeriod{Period: "2026-12", Source: store.SourceRefresh}) ||
			ps[2] != (store.ScorePeriod{Period: "2026-10", Source: store.SourceSynthetic}) {
			t.Errorf("periods %v", ps)
		}
		if h, _ := sc.History(ctx, county); len(h) != 3*len(testSpec.Rates) || h[0].Period != "2026-10" {
			t.Errorf("history %d", len(h))
		}
		if h, _ := sc.ChildrenHistory(ctx, county); len(h) != 3*2*len(testSpec.Rates) {
			t.Errorf("children history %d", len(h))
		}
		old, _ := sc.Children(ctx, "2026-10", county)
		for _, r := range old {
			if r.Region == county && r.Indicator == 1 && r.Num != 3 {
				t.Errorf("synthetic county indicator 1: %+v (two villages, one more each)", r)
			}
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

// TestPopBitsMatchSQL holds the populations a screening's tally gives (Go) to those the
// households table gives (SQL), over every combination of what they read: 户类型 (脱贫户,
// 一般农户, a spelling outside the list), monitored or not, and 易地搬迁 and 风险是否已消除 each
// 是, 否 or blank, for a spec with target kinds and one without.
func TestPopBitsMatchSQL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		flags := []registry.Flag{registry.Yes, registry.No, registry.Unknown}
		var aggs []registry.Aggregate
		var tally store.HouseholdTally
		i := 0
		for _, kind := range []string{registry.KindAlleviated, registry.KindOrdinary, "脱贫户（不享受政策）"} {
			for _, category := range []string{"", "脱贫不稳定户"} {
				for _, relocated := range flags {
					for _, eliminated := range flags {
						i++
						v := villageA
						if i%2 == 0 {
							v = villageB
						}
						a := household(v, i, 1)
						h := &a.Household
						h.Kind, h.Category, h.Relocated, h.RiskEliminated = kind, category, relocated, eliminated
						aggs = append(aggs, a)
						tally.Add(h)
					}
				}
			}
		}
		if err := store.NewRegistry(e.DB).Load(ctx, aggs); err != nil {
			t.Fatal(err)
		}
		scores := store.NewScores(e.DB)
		noKinds := testSpec
		noKinds.TargetKinds = nil
		for _, spec := range []store.ScoreSpec{testSpec, noKinds} {
			fromTable, err := scores.Count(ctx, "", spec)
			if err != nil {
				t.Fatal(err)
			}
			fromTally, err := scores.CountFrom(ctx, "", spec, &tally)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(fromTable) != fmt.Sprint(fromTally) {
				t.Errorf("target kinds %v:\n table %v\n tally %v", spec.TargetKinds, fromTable, fromTally)
			}
			if len(fromTable) == 0 {
				t.Fatal("nothing counted")
			}
		}
		// A tally of another scope is not used: the table is counted.
		other := store.HouseholdTally{Scope: villageA.County()}
		got, err := scores.CountFrom(ctx, "", testSpec, &other)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := scores.Count(ctx, "", testSpec)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("a tally of %s was used for the whole registry:\n got %v\nwant %v", other.Scope, got, want)
		}
	})
}

package importer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

var (
	countryOnce sync.Once
	country     *region.Tree
	places      *region.WorkAreaResolver
)

// countryPlaces returns the tree of China and a work-place resolver over it: the places
// workers go to lie anywhere.
func countryPlaces(t testing.TB) (*region.Tree, *region.WorkAreaResolver) {
	countryOnce.Do(func() {
		var err error
		if country, err = region.Load(); err != nil {
			panic(err)
		}
		places = region.NewWorkAreaResolver(country)
	})
	return country, places
}

// layoutFile writes the households in the layout: an xlsx file, or a GB18030 csv file.
func layoutFile(t *testing.T, l *nationalfmt.Layout, csv bool, aggs []registry.Aggregate) string {
	t.Helper()
	tree, pl := countryPlaces(t)
	ext := ".xlsx"
	if csv {
		ext = ".csv"
	}
	path := filepath.Join(t.TempDir(), l.Name+ext)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var w *nationalfmt.LayoutWriter
	if csv {
		w, err = nationalfmt.NewLayoutCSV(l, tree, pl, f)
	} else {
		w, err = nationalfmt.NewLayoutWriter(l, tree, pl)
	}
	if err != nil {
		t.Fatal(err)
	}
	for i := range aggs {
		if err := w.Write(&aggs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	return path
}

// layoutRef is the reference date of the generated households and of screening.
var layoutRef = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// generated returns households of 通渭县 with the rates of seeded problems given.
func generated(t *testing.T, n int, rates gen.Rates) ([]registry.Aggregate, gen.Stats) {
	t.Helper()
	var out []registry.Aggregate
	st, err := gen.Generate(context.Background(), tree(t), gen.Config{Area: "621121000000", Households: n, Seed: 11, Ref: layoutRef, Rates: rates},
		500, func(b []registry.Aggregate) error { out = append(out, b...); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return out, st
}

// importAndScreen imports the file into a new registry, screens it and returns the active
// findings.
func importAndScreen(t *testing.T, path string) (*store.DB, []store.Finding, *Report) {
	t.Helper()
	e := storetest.SQLite(t)
	im := newImporter(t, e.DB)
	im.DefaultYear = layoutRef.Year()
	rep, _, err := importFiles(t, im, Options{}, path)
	if err != nil {
		t.Fatalf("import %s: %v\n%s", filepath.Base(path), err, strings.Join(rep.Lines(""), "\n"))
	}
	if rep.Blocking > 0 || rep.Fatal {
		t.Fatalf("import %s: %d blocking errors\n%s", filepath.Base(path), rep.Blocking, strings.Join(rep.Lines(""), "\n"))
	}
	_, pl := countryPlaces(t)
	en := screen.New(e.DB)
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	en.Now = func() time.Time { return now }
	en.Year, en.Places = layoutRef.Year(), pl
	if _, err := en.Run(context.Background(), screen.Options{}); err != nil {
		t.Fatal(err)
	}
	var fs []store.Finding
	if err := en.Findings.Each(context.Background(), store.FindingFilter{Active: true}, func(f *store.Finding) error {
		fs = append(fs, *f)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return e.DB, fs, rep
}

// TestLayoutsCleanScreenToZero: clean households written as counties really hold them — the
// national export of 2023 and of 2021, a county working sheet with merged household cells,
// and that sheet saved as GB18030 csv — import without an error and screen to no finding at
// all: a column a layout lacks is not collected, and no rule reads it as blank.
func TestLayoutsCleanScreenToZero(t *testing.T) {
	aggs, _ := generated(t, 300, gen.ZeroRates())
	for _, tc := range []struct {
		l   *nationalfmt.Layout
		csv bool
	}{{nationalfmt.National2023, false}, {nationalfmt.National2021, false}, {nationalfmt.County, false}, {nationalfmt.County, true}} {
		name := tc.l.Name
		if tc.csv {
			name += " csv"
		}
		t.Run(name, func(t *testing.T) {
			_, fs, rep := importAndScreen(t, layoutFile(t, tc.l, tc.csv, aggs))
			if rep.Households != len(aggs) {
				t.Errorf("%d households read, want %d", rep.Households, len(aggs))
			}
			byRule := map[string]int{}
			for _, f := range fs {
				byRule[f.RuleID]++
			}
			for i, f := range fs {
				if i == 15 {
					t.Errorf("… %d findings in all: %v", len(fs), byRule)
					break
				}
				t.Errorf("%s %s %s: %s", f.RuleID, f.HouseholdNo, f.SubjectID, f.Explanation)
			}
		})
	}
}

// TestLayoutsKeepTheFacts: what a layout carries imports as the canonical file says it.
func TestLayoutsKeepTheFacts(t *testing.T) {
	aggs, _ := generated(t, 60, gen.ZeroRates())
	want := map[string]*registry.Aggregate{}
	for i := range aggs {
		want[aggs[i].Household.No] = &aggs[i]
	}
	_, pl := countryPlaces(t)
	for _, l := range nationalfmt.Layouts {
		t.Run(l.Name, func(t *testing.T) {
			db, _, _ := importAndScreen(t, layoutFile(t, l, false, aggs))
			got := snapshot(t, db)
			if len(got) != len(aggs) {
				t.Fatalf("%d households, want %d", len(got), len(aggs))
			}
			for _, g := range got {
				w := want[g.Household.No]
				if w == nil {
					t.Fatalf("household %s was not written", g.Household.No)
				}
				h, wh := g.Household, w.Household
				if h.Village != wh.Village || h.Kind != wh.Kind || h.Category != wh.Category || !slices.Equal(h.RiskTypes, wh.RiskTypes) ||
					h.IdentifiedOn != wh.IdentifiedOn {
					t.Errorf("household %s: %+v, want %+v", h.No, h, wh)
				}
				cur := w.Current()
				if len(g.Current()) != len(cur) {
					t.Errorf("household %s: %d members, want %d", h.No, len(g.Current()), len(cur))
					continue
				}
				for _, p := range cur {
					q := person(&g, p.No)
					if q == nil || q.Name != p.Name || q.IDNumber != p.IDNumber || q.Relation != p.Relation || q.Gender != p.Gender ||
						q.LabourSkill != p.LabourSkill || q.SchoolStatus != p.SchoolStatus {
						t.Errorf("person %s: %+v, want %+v", p.No, q, p)
						continue
					}
					want, _, _ := pl.WorkArea(p.WorkLocation, wh.Village)
					got, _, err := pl.WorkArea(q.WorkLocation, h.Village)
					if want == region.AreaAbroad && l == nationalfmt.National2021 {
						want = region.AreaOtherProvince // 务工状况 had no value for abroad
					}
					if err != nil || got != want && !(want.InCounty() && got.InCounty() && l != nationalfmt.National2023) {
						t.Errorf("person %s works in %q (%s), want %q (%s): %v", p.No, q.WorkLocation, got, p.WorkLocation, want, err)
					}
				}
			}
		})
	}
}

// TestLayoutsFindPlantedProblems: the same clean households, each with one problem planted in
// data the layout carries, screen to exactly those problems.
func TestLayoutsFindPlantedProblems(t *testing.T) {
	aggs, _ := generated(t, 200, gen.ZeroRates())
	target := func(a *registry.Aggregate) bool {
		return (a.Household.Kind == registry.KindAlleviated || a.Household.Monitored()) && len(a.Current()) >= 2
	}
	type plant struct {
		rule    string
		layouts []string // where the layout carries the data; nil: every layout
		no      string
	}
	var plants []plant
	planted := map[string]bool{}
	add := func(rule string, layouts []string, want func(*registry.Aggregate) bool, set func(a *registry.Aggregate)) {
		for i := range aggs {
			a := &aggs[i]
			if planted[a.Household.No] || !want(a) {
				continue
			}
			set(a)
			planted[a.Household.No] = true
			plants = append(plants, plant{rule, layouts, a.Household.No})
			return
		}
		t.Fatalf("no household to plant %s in", rule)
	}
	add("I1-03", nil, target, func(a *registry.Aggregate) {
		p := a.Current()[0]
		p.ResidentMedical, p.EmployeeMedical = registry.No, registry.No
	})
	add("DQ-05", nil, target, func(a *registry.Aggregate) {
		for _, p := range a.Current() {
			if !p.IsHead() {
				p.Relation = "户主"
				break
			}
		}
	})
	add("I2-05", nil, func(a *registry.Aggregate) bool {
		return a.Household.Unresolved() && a.Household.IdentifiedOn.MonthsUntil(registry.NewMonth(2026, 11)) > 2
	}, func(a *registry.Aggregate) { a.Measures = nil })
	add("I2-01", []string{"national2023", "national2021"}, func(a *registry.Aggregate) bool {
		return !a.Household.Monitored() && a.Household.Dibao != registry.Yes && a.Household.Tekun != registry.Yes && len(a.Incomes) > 0 &&
			a.Household.Kind == registry.KindOrdinary
	}, func(a *registry.Aggregate) {
		in := &a.Incomes[len(a.Incomes)-1]
		n := registry.Money(len(a.Current()))
		in.Wages, in.Business, in.Property, in.Transfers, in.BusinessExpense = registry.Yuan(5000)*n, 0, 0, 0, 0
		in.PostWages, in.Dividends, in.Pension, in.FamilyPlan, in.EcoComp, in.DibaoPay, in.TekunPay, in.OtherTrans = 0, 0, 0, 0, 0, 0, 0, 0
		in.Size = int(n)
	})
	add("DQ-29", []string{"national2023"}, func(a *registry.Aggregate) bool {
		for _, p := range a.Current() {
			if p.WorkLocation != "" {
				return true
			}
		}
		return false
	}, func(a *registry.Aggregate) {
		for _, p := range a.Current() {
			if p.WorkLocation != "" {
				p.WorkLocation = "外地打工"
				return
			}
		}
	})
	for _, l := range nationalfmt.Layouts {
		t.Run(l.Name, func(t *testing.T) {
			_, fs, _ := importAndScreen(t, layoutFile(t, l, false, aggs))
			found := map[string]bool{}
			for _, f := range fs {
				found[f.RuleID+" "+f.HouseholdNo] = true
				if !planted[f.HouseholdNo] {
					t.Errorf("unplanted finding %s on %s: %s", f.RuleID, f.HouseholdNo, f.Explanation)
				}
			}
			for _, p := range plants {
				carried := p.layouts == nil || slices.Contains(p.layouts, l.Name)
				if got := found[p.rule+" "+p.no]; got != carried {
					t.Errorf("%s planted in %s: found %v, want %v", p.rule, p.no, got, carried)
				}
			}
		})
	}
}

package screen_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestScreeningColumns: the columns a screening scan leaves out are read by no rule. No rule
// declares one of them as a field it needs or reads, and every household of a generated area
// gets the same hits from its full aggregate as from the one the screening scan reads.
func TestScreeningColumns(t *testing.T) {
	for _, r := range rules.All() {
		for _, f := range append(slices.Clone(r.Needs), r.Reads...) {
			if slices.Contains(store.OmittedFields, f) {
				t.Errorf("rule %s reads %s, which the screening scan leaves out (store.ScreeningOmits)", r.ID, f.Label())
			}
		}
	}
	e := storetest.SQLite(t)
	ctx := context.Background()
	tree, err := region.LoadArea(gen.DefaultArea)
	if err != nil {
		t.Fatal(err)
	}
	reg := store.NewRegistry(e.DB)
	if _, err := gen.Fill(ctx, reg, tree, gen.Config{Area: gen.DefaultArea, Households: 3000, Seed: 5, Year: 2026,
		Ref: genRef, Rates: gen.DefaultRates()}); err != nil {
		t.Fatal(err)
	}
	counties, err := reg.Counties(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	c := &rules.Context{P: policy.MustDefaults(2026), Ref: registry.DateOf(genRef), Year: 2026, World: rules.NoWorld{},
		Places: region.NewWorkAreaResolver(tree)}
	hits := func(a *registry.Aggregate) []string {
		var out []string
		for _, h := range rules.All().Evaluate(c, a) {
			out = append(out, h.Rule.ID+" "+h.SubjectID+" "+h.Explanation)
		}
		return out
	}
	full := map[string][]string{}
	n := 0
	for _, county := range counties {
		if err := reg.ScanCounty(ctx, county, county, store.ScanOptions{}, func(a *registry.Aggregate) error {
			full[a.Household.No] = hits(a)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := reg.ScanCounty(ctx, county, county, store.ScanOptions{Screening: true}, func(a *registry.Aggregate) error {
			n++
			if got, want := hits(a), full[a.Household.No]; !slices.Equal(got, want) {
				t.Errorf("household %s: the screening scan's hits differ:\n got %q\nwant %q", a.Household.No, got, want)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if n != 3000 {
		t.Errorf("screened %d households, want 3000", n)
	}
}

// TestRunIsDeterministic: two evaluators share a county's households, and the outcome does
// not depend on which one judged which household: a person listed in two households is
// flagged in the first, every time.
func TestRunIsDeterministic(t *testing.T) {
	e := storetest.SQLite(t)
	ctx := context.Background()
	tree, err := region.LoadArea(gen.DefaultArea)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Fill(ctx, store.NewRegistry(e.DB), tree, gen.Config{Area: gen.DefaultArea, Households: 4000, Seed: 3,
		Year: 2026, Ref: genRef, Rates: gen.DefaultRates()}); err != nil {
		t.Fatal(err)
	}
	snapshot := func() []string {
		var out []string
		if err := store.NewFindings(e.DB).Each(ctx, store.FindingFilter{Active: true}, func(f *store.Finding) error {
			out = append(out, fmt.Sprint(f.RuleID, f.SubjectID, f.HouseholdNo, f.Region, f.Explanation))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	var first []string
	for i := range 3 {
		if _, err := e.DB.SQL.ExecContext(ctx, `DELETE FROM findings`); err != nil {
			t.Fatal(err)
		}
		en := screen.New(e.DB)
		en.Now, en.Year = func() time.Time { return genRef }, 2026
		if _, err := en.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}
		got := snapshot()
		if i == 0 {
			first = got
			if len(first) == 0 {
				t.Fatal("no findings")
			}
			continue
		}
		if !slices.Equal(got, first) {
			t.Fatalf("run %d differs from the first: %d findings against %d", i+1, len(got), len(first))
		}
	}
}

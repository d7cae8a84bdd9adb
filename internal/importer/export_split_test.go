package importer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/workbook"
)

// TestExportSplitsAndImportsBack exports a generated city whose tables do not fit one sheet
// (sheets of 400 rows here, of 1,048,576 in a real workbook), as one workbook split by county,
// as one workbook per county and as csv files, and imports each export into an empty
// registry: every household comes back as it was.
func TestExportSplitsAndImportsBack(t *testing.T) {
	ctx := context.Background()
	e := storetest.SQLite(t)
	reg := store.NewRegistry(e.DB)
	cfg := gen.Config{Area: "621100000000", Households: 700, Seed: 9, Year: 2025, Rates: gen.ZeroRates()}
	if _, err := gen.Fill(ctx, reg, tree(t), cfg); err != nil {
		t.Fatal(err)
	}
	// Values a spreadsheet would take for formulas, and a separator character.
	var a *registry.Aggregate
	if err := reg.ScanCounty(ctx, "621121000000", "621121000000", store.ScanOptions{}, func(x *registry.Aggregate) error {
		if a == nil {
			a = x
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	a.Household.Address = "=1+1\x1f"
	a.Persons[0].Employer = "@SUM(A1)"
	if err := reg.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, e.DB)
	for _, tc := range []struct {
		name   string
		file   string
		opt    ExportOptions
		split  bool
		files  int
		sheets int // member sheets, all files together
	}{
		{"split into sheets", "导出.xlsx", ExportOptions{SheetRows: 400}, true, 1, 0},
		{"one file per county", "导出.xlsx", ExportOptions{SheetRows: 400, PerCounty: true}, true, 7, 0},
		{"one sheet", "导出.xlsx", ExportOptions{}, false, 1, 1},
		{"csv", "导出.csv", ExportOptions{CSV: true}, false, 2, 0},
		{"csv per county", "导出.csv", ExportOptions{CSV: true, PerCounty: true}, false, 14, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), tc.file)
			plan, err := PlanExport(ctx, e.DB, tree(t), "621100000000", out, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Split != tc.split || len(plan.Files()) != tc.files || plan.Households != 700 || len(plan.Counties) != 7 {
				t.Fatalf("plan: split %v, files %v, %d households in %d counties", plan.Split, plan.Files(), plan.Households, len(plan.Counties))
			}
			if d := plan.Describe(tree(t)); !strings.Contains(d, "700 户") || tc.split != strings.Contains(d, "按县分为工作表") {
				t.Errorf("description: %s", d)
			}
			stats, err := plan.Write(ctx, e.DB, tree(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Households != 700 || stats.Persons != plan.Persons || stats.Incomes != plan.Incomes {
				t.Errorf("wrote %+v, planned %+v", stats.WriteStats, plan)
			}
			files := plan.Files()
			var members []string
			inert := false
			for _, f := range files {
				if _, err := os.Stat(f); err != nil {
					t.Fatal(err)
				}
				if tc.opt.CSV && !strings.HasSuffix(f, "-"+nationalfmt.IncomeSheet+".csv") {
					b, _ := os.ReadFile(f)
					if !strings.HasPrefix(string(b), "\uFEFF户编号") && !strings.HasPrefix(string(b), "\uFEFF") {
						t.Errorf("%s does not start with a byte-order mark", f)
					}
					if strings.Contains(string(b), "'@SUM(A1)") {
						inert = true
					}
				}
				if !tc.opt.CSV {
					book, err := workbook.Open(f)
					if err != nil {
						t.Fatal(err)
					}
					for _, s := range book.Sheets() {
						if strings.HasPrefix(s, nationalfmt.MemberSheet) {
							members = append(members, s)
						}
					}
					book.Close()
				}
			}
			if tc.opt.CSV && !inert {
				t.Error("a cell that starts a formula is not made inert")
			}
			if tc.split && len(members) <= 7 {
				t.Errorf("member sheets %v: want more than one per county, some counties continuing", members)
			}
			if tc.sheets > 0 && len(members) != tc.sheets {
				t.Errorf("member sheets %v", members)
			}
			other := storetest.SQLite(t)
			rep, _, err := importFiles(t, newImporter(t, other.DB), Options{}, files...)
			if err != nil {
				var b strings.Builder
				rep.Summary(&b, 10)
				t.Fatalf("re-import: %v\n%s", err, b.String())
			}
			after := snapshot(t, other.DB)
			if len(after) != len(before) {
				t.Fatalf("%d households after the re-import, %d before", len(after), len(before))
			}
			for i := range before {
				x, y := &before[i], &after[i]
				if x.Household.No != y.Household.No || !sameContent(x.Household, y.Household) ||
					!sameContents(x.Persons, y.Persons) || !sameContents(x.Incomes, y.Incomes) {
					// csv keeps the apostrophe that makes a formula inert.
					if tc.opt.CSV && x.Household.No == a.Household.No {
						continue
					}
					t.Fatalf("household %s differs after the re-import:\nbefore %+v\nafter  %+v", x.Household.No, *x, *y)
				}
			}
		})
	}
	if !slices.ContainsFunc(before, func(x registry.Aggregate) bool { return x.Household.Address == "=1+1\x1f" }) {
		t.Fatal("the awkward household is missing")
	}
}

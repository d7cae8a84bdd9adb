package importer

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestExportOmitted exports a generated county, with a few households added by hand for what
// the generator does not make, imports the file into an empty database and checks that what
// the export says it left out is exactly what the re-import lacks, and that nothing else
// differs.
func TestExportOmitted(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		cfg := gen.Config{Area: "621121000000", Households: 600, Seed: 5, Year: 2025, Rates: gen.DefaultRates()}
		if _, err := gen.Fill(ctx, reg, tree(t), cfg); err != nil {
			t.Fatal(err)
		}
		const village = region.Code("621121100201")
		day := registry.NewDate(2025, 3, 1)
		for _, a := range []registry.Aggregate{
			{ // no people: the member table cannot carry it
				Household: registry.Household{No: "X1", Village: village, Kind: registry.KindOrdinary},
				Incomes:   []registry.Income{{HouseholdNo: "X1", Year: 2024, Wages: registry.Yuan(3000)}},
				Measures:  []registry.Measure{{HouseholdNo: "X1", Seq: 1, Type: registry.MeasureWater, Description: "入户管网"}},
			},
			{ // a measure of a type without a column, two of one type, a left and a dead person,
				// fields not collected (the export keeps them)
				Household: registry.Household{No: "X2", Village: village, Kind: registry.KindAlleviated,
					Uncollected: registry.FieldSet(0).With(registry.HToilet, registry.HRoadHardened)},
				Persons: []registry.Person{
					{No: "X2-1", HouseholdNo: "X2", Name: "王大山", Relation: "户主", Gender: "男",
						Uncollected: registry.FieldSet(0).With(registry.PEducation)},
					{No: "X2-2", HouseholdNo: "X2", Name: "王小山", Relation: "之子", Gender: "男", LeftOn: day},
					{No: "X2-3", HouseholdNo: "X2", Name: "李秀英", Relation: "配偶", Gender: "女", DeceasedOn: day},
				},
				Incomes: []registry.Income{{HouseholdNo: "X2", Year: 2023, Wages: registry.Yuan(9000)},
					{HouseholdNo: "X2", Year: 2024, Wages: registry.Yuan(12000)}},
				Measures: []registry.Measure{
					{HouseholdNo: "X2", Seq: 1, Type: registry.MeasureOther, Description: "村集体慰问"},
					{HouseholdNo: "X2", Seq: 2, Type: registry.MeasureEmployment, Description: "技能培训", Amount: registry.Yuan(500)},
					{HouseholdNo: "X2", Seq: 3, Type: registry.MeasureEmployment, Description: "外出务工补贴", Start: day},
				},
			},
		} {
			if err := reg.Put(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
		before := snapshot(t, e.DB)

		out := filepath.Join(t.TempDir(), "导出.xlsx")
		plan, err := PlanExport(ctx, e.DB, tree(t), "621121000000", out, ExportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if plan.Households != 602 || plan.Split || len(plan.Files()) != 1 {
			t.Errorf("plan %+v", plan)
		}
		stats, err := plan.Write(ctx, e.DB, tree(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		o := stats.Omitted
		if o.Households == 0 || o.ExtraMeasures == 0 || o.UnlistedMeasures == 0 || o.MeasureDates == 0 || o.MeasureAmounts == 0 {
			t.Fatalf("every kind of omission should occur: %+v", o)
		}

		other := storetest.SQLite(t)
		rep, _, err := importFiles(t, newImporter(t, other.DB), Options{}, out)
		if err != nil {
			var b strings.Builder
			rep.Summary(&b, 10)
			t.Fatalf("re-import of the export: %v\n%s", err, b.String())
		}
		after := map[string]*registry.Aggregate{}
		for _, a := range snapshot(t, other.DB) {
			after[a.Household.No] = &a
		}

		// What the re-import really lacks, counted the way Omitted counts it.
		var lost Omitted
		for i := range before {
			a := &before[i]
			b := after[a.Household.No]
			if b == nil {
				lost.Households++
				lost.HouseholdIncomes += len(a.Incomes)
				lost.HouseholdMeasures += len(a.Measures)
				continue
			}
			if !sameContent(a.Household, b.Household) || !sameContents(a.Persons, b.Persons) || !sameContents(a.Incomes, b.Incomes) {
				t.Errorf("household %s differs beyond its measures:\nbefore %+v\nafter  %+v", a.Household.No, *a, *b)
			}
			listed := 0
			for _, m := range a.Measures {
				if registry.In(nationalfmt.MeasureTypes, m.Type) {
					listed++
				} else {
					lost.UnlistedMeasures++
				}
			}
			lost.ExtraMeasures += listed - len(b.Measures)
			lost.MeasureDates += dated(a.Measures) - dated(b.Measures)
			lost.MeasureAmounts += priced(a.Measures) - priced(b.Measures)
			for _, typ := range nationalfmt.MeasureTypes {
				if got, want := nationalfmt.MeasureCell(b.Measures, typ), nationalfmt.MeasureCell(a.Measures, typ); got != want {
					t.Errorf("household %s, %s: %q after the re-import, want %q", a.Household.No, typ, got, want)
				}
			}
		}
		if len(after) != stats.Households || len(before)-len(after) != o.Households {
			t.Errorf("%d households before, %d after, %d written, %d left out", len(before), len(after), stats.Households, o.Households)
		}
		if lost != o {
			t.Errorf("the export says it left out\n%+v\nthe re-import lacks\n%+v", o, lost)
		}

		sum := o.Summary()
		for _, want := range []string{
			"国家格式不能容纳的内容未导出：帮扶措施 " + num(o.ExtraMeasures) + " 条（同一户同一类型的第二条及以后",
			"帮扶措施 1 条（类型不在国家格式的 14 个帮扶措施列中，如「其他」）",
			"帮扶措施的起止日期 " + num(o.MeasureDates) + " 条、金额 " + num(o.MeasureAmounts) + " 条",
			"没有家庭成员的户 1 户（成员表无处登记；连同其收入记录 1 条、帮扶措施 1 条）",
			"不含排查问题、整改台账、用户和审计日志", "请使用 gonggu backup",
		} {
			if !strings.Contains(sum, want) {
				t.Errorf("summary lacks %q:\n%s", want, sum)
			}
		}
	})
}

// TestOmittedSummary: an export that leaves nothing of the registry out still says that the
// file is not a backup.
func TestOmittedSummary(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Omitted
		want string
	}{
		{"nothing", Omitted{}, "导出文件只含户籍台账，不含排查问题、整改台账、用户和审计日志。如需完整保存，请使用 gonggu backup。"},
		{"dates only", Omitted{MeasureDates: 1234}, "国家格式不能容纳的内容未导出：帮扶措施的起止日期 1,234 条。导出文件只含"},
		{"amounts only", Omitted{MeasureAmounts: 2}, "未导出：帮扶措施的金额 2 条。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.o.Summary(); !strings.Contains(got, tc.want) {
				t.Errorf("%s\nwant %s", got, tc.want)
			}
		})
	}
}

func dated(ms []registry.Measure) int {
	n := 0
	for _, m := range ms {
		if !m.Start.IsZero() || !m.End.IsZero() {
			n++
		}
	}
	return n
}

func priced(ms []registry.Measure) int {
	n := 0
	for _, m := range ms {
		if m.Amount != 0 {
			n++
		}
	}
	return n
}

// sameContent reports whether two records hold the same data: every field but the store's
// edit counter, which a new database starts anew.
func sameContent[T any](a, b T) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		if va.Type().Field(i).Name == "Version" {
			continue
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return false
		}
	}
	return true
}

func sameContents[T any](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameContent(a[i], b[i]) {
			return false
		}
	}
	return true
}

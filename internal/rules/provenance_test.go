package rules

import (
	"slices"
	"testing"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// asExported2023 is a household as the 2023 national export gives it: the export carries no
// 住房安全等级 (with its date), 是否通生活用电, 是否有卫生厕所, 入户道路是否硬化 or 住房面积, so
// those fields are blank because nobody collected them.
func asExported2023(a *registry.Aggregate) {
	h := &a.Household
	h.HousingGrade, h.HousingAppraised, h.Electricity, h.Toilet, h.RoadHardened, h.HouseArea = "", registry.Date{}, registry.Unknown, registry.Unknown, registry.Unknown, 0
	h.Uncollected = h.Uncollected.With(registry.HHousingGrade, registry.HHousingAppraised, registry.HElectricity,
		registry.HToilet, registry.HRoadHardened, registry.HHouseArea)
}

// TestUncollectedIsNotBlank: a field no source provided is unknown, not blank. The same
// household fires the missing-data rules when the fields were collected and left blank, and
// fires nothing when they were never collected.
func TestUncollectedIsNotBlank(t *testing.T) {
	c := &Context{P: policy.MustDefaults(2026), Ref: testRef, Year: 2026, World: NoWorld{}}
	ids := func(a *registry.Aggregate) []string {
		var out []string
		for _, h := range All().Evaluate(c, a) {
			out = append(out, h.Rule.ID)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for _, tc := range []struct {
		name string
		mut  func(a *registry.Aggregate)
		want []string
	}{
		{"2023 export: housing and living conditions not collected", asExported2023, nil},
		{"collected and left blank", func(a *registry.Aggregate) {
			asExported2023(a)
			a.Household.Uncollected = 0
		}, []string{"DQ-23", "I1-02"}},
		{"no 低保 column: a household without labour is not judged on it", func(a *registry.Aggregate) {
			for i := range a.Persons {
				p := &a.Persons[i]
				p.LabourSkill, p.Health, p.Dibao, p.Tekun, p.WorkLocation, p.WorkMonths = "丧失劳动力", "患有大病", registry.Unknown, registry.Unknown, "", registry.Count{}
				p.Uncollected = p.Uncollected.With(registry.PDibao, registry.PTekun)
			}
			a.Persons[2].SchoolStatus, a.Persons[2].LabourSkill, a.Persons[2].Health = "小学", "无劳动力", "健康"
			for i := range a.Incomes {
				a.Incomes[i].Wages, a.Incomes[i].Transfers, a.Incomes[i].OtherTrans = 0, registry.Yuan(40000), registry.Yuan(40000)
			}
		}, nil},
		{"no measure columns: no measure rule judges", func(a *registry.Aggregate) {
			*a = *monitored()
			a.Measures = nil
			a.Household.Uncollected = a.Household.Uncollected.With(registry.HMeasures)
		}, nil},
		{"income without 转移性收入 column: per-capita income is not judged", func(a *registry.Aggregate) {
			setPerCapita(a, 2026, 3000)
			a.Income(2026).Uncollected = a.Income(2026).Uncollected.With(registry.ITransfers)
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := base()
			tc.mut(a)
			if got := ids(a); !slices.Equal(got, tc.want) {
				t.Errorf("rules fired %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSkippedReportsTheGap: the evaluator tells which rules it could not run.
func TestSkippedReportsTheGap(t *testing.T) {
	c := &Context{P: policy.MustDefaults(2026), Ref: testRef, Year: 2026, World: NoWorld{}}
	a := base()
	asExported2023(a)
	var skipped []string
	e := All().NewEvaluator(func(Hit) {})
	e.Skipped = func(r *Rule, h *House) { skipped = append(skipped, r.ID) }
	e.Household(c, a)
	if !slices.Contains(skipped, "I1-02") {
		t.Errorf("skipped %v, want I1-02 among them", skipped)
	}
}

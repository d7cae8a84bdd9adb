package importer

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/workbook"
)

// withFormulas copies a test file to a temporary folder with the cells given replaced by
// formulas without a calculated value, as a script or converter writes them.
func withFormulas(t *testing.T, name string, cells map[string]string) string {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetList()[0]
	for cell, formula := range cells {
		if err := f.SetCellValue(sh, cell, nil); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula(sh, cell, formula); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFormulaWithoutValue: a formula cell whose program stored no calculated value (the 户主's
// name and an ID number here) would read as blank and be stored blank; each is a blocking
// error at its file, sheet, row and column, and nothing is written.
func TestFormulaWithoutValue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		path := withFormulas(t, "reimport_1.xlsx", map[string]string{"H3": `"王"&"建国"`, "L4": "TEXT(621121197008050244,\"0\")"})
		im := newImporter(t, e.DB)
		rep, res, err := importFiles(t, im, Options{}, path)
		if err == nil || res != nil {
			t.Fatalf("apply: %+v %v", res, err)
		}
		var got []string
		for _, is := range rep.Issues {
			got = append(got, is.String())
		}
		for _, want := range []string{
			"reimport_1.xlsx 「家庭成员」 第 3 行 H列「姓名」：" + workbook.UncalculatedReason,
			"reimport_1.xlsx 「家庭成员」 第 4 行 L列「证件号码」：" + workbook.UncalculatedReason,
		} {
			if !slices.Contains(got, want) {
				t.Errorf("issues lack %q:\n%s", want, strings.Join(got, "\n"))
			}
		}
		if rep.Blocking != 2 || rep.BlockedHouseholds != 1 {
			t.Errorf("%d blocking in %d households: %s", rep.Blocking, rep.BlockedHouseholds, strings.Join(got, "\n"))
		}
		if n := count(t, e.DB, "persons"); n != 0 {
			t.Errorf("%d persons stored", n)
		}
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("error %v", err)
		}
	})
}

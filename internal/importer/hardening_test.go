package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
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

// TestLeavingNeedsConfirmation: people a file no longer lists are not marked as left unless
// the user confirms (Options.MarkLeft): the result lists them either way.
func TestLeavingNeedsConfirmation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		im := newImporter(t, e.DB)
		if _, _, err := importFiles(t, im, Options{}, "reimport_1.xlsx"); err != nil {
			t.Fatal(err)
		}
		_, res, err := importFiles(t, im, Options{}, "reimport_2.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		want := []Leaving{{HouseholdNo: "6211211012010002", PersonNo: "621121101201000203", Name: "张浩然", Village: "621121101201"}}
		if res.Persons.Left != 0 || res.LeavingTotal != 1 || !reflect.DeepEqual(res.Leaving, want) {
			t.Errorf("left %d, leaving %d %+v", res.Persons.Left, res.LeavingTotal, res.Leaving)
		}
		if p := person(get(t, e.DB, "6211211012010002"), "621121101201000203"); !p.Current() {
			t.Errorf("张浩然 marked as left without confirmation: %+v", p)
		}
		lines := strings.Join(res.LeavingLines(20, false, "加 --mark-left"), "\n")
		if !strings.Contains(lines, "有 1 人原在册、本次文件的同户成员中没有列出，未标记离开") || !strings.Contains(lines, "张浩然") {
			t.Errorf("lines %s", lines)
		}
		// Confirmed: the same file marks them.
		_, res, err = importFiles(t, im, Options{MarkLeft: true}, "reimport_2.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		if res.Persons.Left != 1 || res.LeavingTotal != 1 || res.Households.Changed != 1 {
			t.Errorf("confirmed: %+v %+v", res.Households, res.Persons)
		}
		if p := person(get(t, e.DB, "6211211012010002"), "621121101201000203"); p.Current() {
			t.Errorf("张浩然 not marked as left: %+v", p)
		}
	})
}

// xlsxToCSV writes the first sheet of a test file as a UTF-8 csv and returns its lines.
func xlsxToCSV(t *testing.T, name string) []string {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range rows {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write(r)
		w.Flush()
		lines = append(lines, strings.TrimSuffix(b.String(), "\n"))
	}
	return lines
}

// TestTruncatedCSV: a csv cut at a row boundary loses the last member of its last household.
// The file says 家庭人口数 4 and lists 3 people: the report says the file may be incomplete,
// and the missing member is listed, not marked as left. A file cut inside a row is refused.
func TestTruncatedCSV(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		lines := xlsxToCSV(t, "reimport_1.xlsx")
		dir := t.TempDir()
		whole := filepath.Join(dir, "成员.csv")
		if err := os.WriteFile(whole, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		im := newImporter(t, e.DB)
		rep, _, err := importFiles(t, im, Options{}, whole)
		if err != nil || rep.Short != 0 {
			t.Fatalf("whole file: %v, %d short", err, rep.Short)
		}
		last := lines[len(lines)-1]
		cut := filepath.Join(dir, "截断.csv")
		if err := os.WriteFile(cut, []byte(strings.Join(lines[:len(lines)-1], "\r\n")+"\r\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		rep, res, err := importFiles(t, im, Options{}, cut)
		if err != nil {
			t.Fatal(err)
		}
		no := strings.Split(last, ",")[5]
		personNo := strings.Split(last, ",")[6]
		if rep.Short != 1 || rep.ShortExample.HouseholdNo != no || rep.ShortExample.Header != "家庭人口数" {
			t.Errorf("short %d %+v", rep.Short, rep.ShortExample)
		}
		if sum := strings.Join(rep.Lines(""), "\n"); !strings.Contains(sum, "文件可能不完整") {
			t.Errorf("summary:\n%s", sum)
		}
		if res.Persons.Left != 0 || res.LeavingTotal != 1 || res.Leaving[0].PersonNo != personNo ||
			res.Leaving[0].Declared != res.Leaving[0].Listed+1 {
			t.Errorf("persons %+v, leaving %+v", res.Persons, res.Leaving)
		}
		if p := person(get(t, e.DB, no), personNo); p == nil || !p.Current() {
			t.Errorf("the cut member was marked as left: %+v", p)
		}
		if l := strings.Join(res.LeavingLines(20, false, ""), "\n"); !strings.Contains(l, "可能是文件缺行") {
			t.Errorf("leaving lines %s", l)
		}

		// Cut inside the last row: refused before anything is read into the register.
		inside := filepath.Join(dir, "行内截断.csv")
		if err := os.WriteFile(inside, []byte(strings.Join(lines, "\r\n")[:len(strings.Join(lines, "\r\n"))-len(last)/2]), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Stage(context.Background(), files(inside)); err == nil || !strings.Contains(errs.Message(err), "文件可能被截断") {
			t.Errorf("cut inside a row: %v", err)
		}
	})
}

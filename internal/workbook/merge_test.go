package workbook_test

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/workbook"
)

// countySheet is a county working copy: a title row, the header, and two households whose
// 户编号, 户主姓名 and 家庭人口数 are merged down over their members' rows.
func countySheet(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"某县监测对象花名册"},
		{"户编号", "户主姓名", "家庭人口数", "人口编号", "姓名"},
		{"6211211012010001", "王建国", 3, "621121101201000101", "王建国"},
		{nil, nil, nil, "621121101201000102", "李秀英"},
		{nil, nil, nil, "621121101201000103", "王小明"},
		{"6211211012010002", "赵有福", 4, "621121101201000201", "赵有福"},
		{nil, nil, nil, "621121101201000202", "钱桂兰"},
		{nil, nil, nil, "621121101201000203", "赵大宝"},
		{nil, nil, nil, "621121101201000204", "赵小宝"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "E1"}, {"A3", "A5"}, {"B3", "B5"}, {"C3", "C5"}, {"A6", "A9"}, {"B6", "B9"}, {"C6", "C9"}} {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readSheet reads every row of the first sheet, through fill when it is set.
func readSheet(t *testing.T, data []byte, fill []workbook.Range) ([][]string, []workbook.Range) {
	t.Helper()
	b, err := workbook.OpenXLSX(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := b.Sheet(0)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	sh := raw
	if fill != nil {
		sh = workbook.FillMerged(raw, fill)
	}
	var rows [][]string
	for sh.Next() {
		r := sh.Row()
		for len(rows) < r.Num-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, slices.Clone(r.Cells))
	}
	if err := sh.Err(); err != nil {
		t.Fatal(err)
	}
	return trimRows(rows), raw.(workbook.Merged).Merges()
}

// TestMerges: the merged ranges, listed after the rows, are known once the rows are read, and
// a second read with them fills each range with its top-left value.
func TestMerges(t *testing.T) {
	data := countySheet(t)
	plain, merges := readSheet(t, data, nil)
	want := []workbook.Range{{1, 0, 1, 4}, {3, 0, 5, 0}, {3, 1, 5, 1}, {3, 2, 5, 2}, {6, 0, 9, 0}, {6, 1, 9, 1}, {6, 2, 9, 2}}
	slices.SortFunc(merges, func(a, b workbook.Range) int { return (a.Top*100 + a.Left) - (b.Top*100 + b.Left) })
	if !reflect.DeepEqual(merges, want) {
		t.Fatalf("merges %v, want %v", merges, want)
	}
	if plain[3][0] != "" || plain[4][3] != "621121101201000103" {
		t.Errorf("unfilled rows %q", plain)
	}
	filled, _ := readSheet(t, data, merges)
	wantRows := [][]string{
		{"某县监测对象花名册", "某县监测对象花名册", "某县监测对象花名册", "某县监测对象花名册", "某县监测对象花名册"},
		{"户编号", "户主姓名", "家庭人口数", "人口编号", "姓名"},
		{"6211211012010001", "王建国", "3", "621121101201000101", "王建国"},
		{"6211211012010001", "王建国", "3", "621121101201000102", "李秀英"},
		{"6211211012010001", "王建国", "3", "621121101201000103", "王小明"},
		{"6211211012010002", "赵有福", "4", "621121101201000201", "赵有福"},
		{"6211211012010002", "赵有福", "4", "621121101201000202", "钱桂兰"},
		{"6211211012010002", "赵有福", "4", "621121101201000203", "赵大宝"},
		{"6211211012010002", "赵有福", "4", "621121101201000204", "赵小宝"},
	}
	if !reflect.DeepEqual(filled, wantRows) {
		t.Errorf("filled rows\n%q\nwant\n%q", filled, wantRows)
	}
}

// mergeSheet builds a worksheet whose rows are given and whose tail lists the merge references.
func mergeSheet(t *testing.T, rows string, refs func(w func(ref string))) []byte {
	t.Helper()
	var tail strings.Builder
	tail.WriteString(`</x:sheetData><x:mergeCells>`)
	refs(func(ref string) { fmt.Fprintf(&tail, `<x:mergeCell ref="%s"/>`, ref) })
	tail.WriteString(`</x:mergeCells><x:pageMargins left="0.7"/></x:worksheet>`)
	return rawXLSX(t, sheetHead+rows+tail.String(), "", minStyles, "")
}

func TestMergeForms(t *testing.T) {
	rows := `<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2"><x:v>2</x:v></x:c></x:row>` +
		`<x:row r="3"><x:c r="C3"><x:v>3</x:v></x:c></x:row>` +
		`<x:row r="5"><x:c r="C5"><x:v>5</x:v></x:c></x:row>`
	data := mergeSheet(t, rows, func(w func(string)) {
		w("$A$2:$A$5") // absolute references
		w("B4:B2")     // corners the other way round
		w("D1:D1")     // a single cell: not a merge
		w("Z9")        // not a range
		w("A0:A3")     // row 0 does not exist
		w("C1:C3")     // top row left out: fills nothing
	})
	plain, merges := readSheet(t, data, nil)
	if want := []workbook.Range{{2, 0, 5, 0}, {2, 1, 4, 1}, {1, 2, 3, 2}}; !reflect.DeepEqual(merges, want) {
		t.Errorf("merges %v, want %v", merges, want)
	}
	filled, _ := readSheet(t, data, merges)
	want := [][]string{nil, {"1", "2"}, {"1", "2", "3"}, nil, {"1", "", "5"}}
	if !reflect.DeepEqual(filled, want) {
		t.Errorf("filled %q, want %q (plain %q)", filled, want, plain)
	}
}

// TestMergeLimits: a sheet with more merged ranges than MaxMerges, or whose ranges would fill
// far more cells than a real table has, is refused with a message.
func TestMergeLimits(t *testing.T) {
	t.Run("too many ranges", func(t *testing.T) {
		data := mergeSheet(t, `<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>`, func(w func(string)) {
			for i := range workbook.MaxMerges + 1 {
				w(fmt.Sprintf("A%d:B%d", i%workbook.MaxRows+1, i%workbook.MaxRows+1))
			}
		})
		b, err := workbook.OpenXLSX(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		sh, err := b.Sheet(0)
		if err != nil {
			t.Fatal(err)
		}
		for sh.Next() {
		}
		if err := sh.Err(); !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), "合并单元格超过") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("overlapping ranges", func(t *testing.T) {
		var rows strings.Builder
		rows.WriteString(`<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row>`)
		var merges []workbook.Range
		for range workbook.MaxCols + 1 {
			merges = append(merges, workbook.Range{Top: 1, Left: 0, Bottom: 2, Right: workbook.MaxCols - 1})
		}
		data := rawXLSX(t, sheetHead+rows.String()+`</x:sheetData></x:worksheet>`, "", minStyles, "")
		raw := firstSheet(t, data)
		sh := workbook.FillMerged(raw, merges)
		for sh.Next() {
		}
		if err := sh.Err(); !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), "相互重叠") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("row text", func(t *testing.T) {
		long := strings.Repeat("王", 30000)
		rows := `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>` + long + `</x:t></x:is></x:c></x:row>` +
			`<x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row>`
		data := rawXLSX(t, sheetHead+rows+`</x:sheetData></x:worksheet>`, "", minStyles, "")
		raw := firstSheet(t, data)
		sh := workbook.FillMerged(raw, []workbook.Range{{Top: 1, Left: 0, Bottom: 2, Right: 200}})
		for sh.Next() {
		}
		if err := sh.Err(); !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), "合并单元格") {
			t.Errorf("error %v", err)
		}
	})
}

// TestMergesCSV: a csv sheet has no merged cells, and filling nothing changes nothing.
func TestMergesCSV(t *testing.T) {
	c, err := workbook.NewCSV("x", strings.NewReader("a,b\n1,2\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := any(c).(workbook.Merged); ok {
		t.Error("a csv sheet claims merged cells")
	}
	sh := workbook.FillMerged(c, nil)
	var got [][]string
	for sh.Next() {
		got = append(got, slices.Clone(sh.Row().Cells))
	}
	if !reflect.DeepEqual(got, [][]string{{"a", "b"}, {"1", "2"}}) || sh.Err() != nil {
		t.Errorf("rows %q, err %v", got, sh.Err())
	}
}

func firstSheet(t *testing.T, data []byte) workbook.Sheet {
	t.Helper()
	b, err := workbook.OpenXLSX(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sh, err := b.Sheet(0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sh.Close() })
	return sh
}

const minStyles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`

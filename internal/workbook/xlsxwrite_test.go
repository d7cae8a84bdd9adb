package workbook_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/workbook"
)

// TestXLSXWriterRoundTrip writes sheets with awkward values and reads them back with this
// package's reader and with excelize: every cell comes back as written, strings stay strings
// (a formula is text), and the header row is frozen.
func TestXLSXWriterRoundTrip(t *testing.T) {
	values := []string{"王建国", "=HYPERLINK(\"http://evil.example\",\"x\")", " 前后有空格 ", "a&b<c>\"'", "_x000D_",
		"line\nbreak", "tab\there", "cr\rhere", "ctl\x1fx\x01", "6211211012010001", "11010519491231002X", "+8613912345678",
		"－1", string([]byte{0xff, 'a'}), "é", "🙂"}
	path := filepath.Join(t.TempDir(), "w.xlsx")
	w := workbook.NewXLSXWriter(t.TempDir())
	defer w.Close()
	cols := []workbook.XLSXColumn{{Header: "文本", Width: 20}, {Header: "共享"}, {Header: "数字"}, {Header: "空"}, {Header: "末列"}}
	a, err := w.NewSheet("第一表", cols)
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.NewSheet("家庭收入-安定区", cols[:3])
	if err != nil {
		t.Fatal(err)
	}
	const many = 3000 // more than a chunk of XML
	want := map[string][][]string{}
	for i := range many {
		v := values[i%len(values)]
		n := strconv.Itoa(i*7 - 100)
		if err := a.Row([]workbook.Cell{{Value: v}, {Value: values[(i+3)%len(values)], Shared: true}, {Value: n, Number: true}, {}, {Value: "末"}}); err != nil {
			t.Fatal(err)
		}
		want["第一表"] = append(want["第一表"], []string{v, values[(i+3)%len(values)], n, "", "末"})
		if i%3 == 0 {
			if err := b.Row([]workbook.Cell{{Value: n, Number: true}}); err != nil {
				t.Fatal(err)
			}
			want["家庭收入-安定区"] = append(want["家庭收入-安定区"], []string{n})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Strings that are not valid UTF-8 or hold characters XML cannot carry come back as
	// written where OOXML can say them, with U+FFFD for the invalid bytes.
	clean := func(s string) string {
		if s == string([]byte{0xff, 'a'}) {
			return "\uFFFDa"
		}
		return s
	}
	book, err := workbook.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if got := book.Sheets(); !slices.Equal(got, []string{"第一表", "家庭收入-安定区"}) {
		t.Fatalf("sheets %v", got)
	}
	for i, name := range book.Sheets() {
		sh, err := book.Sheet(i)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for sh.Next() {
			row := sh.Row()
			if row.Num == 1 {
				if row.Cells[0] != "文本" {
					t.Errorf("%s header %q", name, row.Cells)
				}
				continue
			}
			w := want[name][row.Num-2]
			for j := range w {
				got := ""
				if j < len(row.Cells) {
					got = row.Cells[j]
				}
				if got != clean(w[j]) {
					t.Errorf("%s row %d col %d: %q, want %q", name, row.Num, j, got, clean(w[j]))
				}
			}
			n++
		}
		if err := sh.Err(); err != nil {
			t.Fatal(err)
		}
		sh.Close()
		if n != len(want[name]) {
			t.Errorf("%s: %d rows, want %d", name, n, len(want[name]))
		}
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i := 2; i < 2+len(values); i++ {
		cell := "A" + strconv.Itoa(i)
		got, err := x.GetCellValue("第一表", cell)
		if err != nil {
			t.Fatal(err)
		}
		if w := clean(values[i-2]); got != w {
			t.Errorf("excelize reads %s as %q, want %q", cell, got, w)
		}
		if f, _ := x.GetCellFormula("第一表", cell); f != "" {
			t.Errorf("%s holds a formula %q", cell, f)
		}
	}
	if typ, _ := x.GetCellType("第一表", "C2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("number cell type %v", typ)
	}
	panes, err := x.GetPanes("第一表")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v", panes, err)
	}
}

package workbook_test

import (
	"archive/zip"
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

// readAll reads every row of every sheet of an xlsx workbook in memory, by row number.
func readAll(t testing.TB, data []byte) (map[string][][]string, error) {
	t.Helper()
	b, err := workbook.OpenXLSX(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	out := map[string][][]string{}
	for i, name := range b.Sheets() {
		sh, err := b.Sheet(i)
		if err != nil {
			return nil, err
		}
		var rows [][]string
		last := 0
		for sh.Next() {
			r := sh.Row()
			if r.Num <= last {
				return nil, fmt.Errorf("row %d after %d", r.Num, last)
			}
			last = r.Num
			for len(rows) < r.Num-1 {
				rows = append(rows, nil)
			}
			rows = append(rows, slices.Clone(r.Cells))
		}
		if err := sh.Err(); err != nil {
			return nil, err
		}
		sh.Close()
		out[name] = trimRows(rows)
	}
	return out, nil
}

// trimRows drops trailing blank cells and rows, as excelize's GetRows does.
func trimRows(rows [][]string) [][]string {
	for i, r := range rows {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		if len(r) == 0 {
			r = nil
		}
		rows[i] = r
	}
	for len(rows) > 0 && rows[len(rows)-1] == nil {
		rows = rows[:len(rows)-1]
	}
	return rows
}

// excelizeRows reads a sheet with excelize, values raw, as the reference.
func excelizeRows(t testing.TB, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) == 0 {
			rows[i] = nil
		}
	}
	return trimRows(rows)
}

var tricky = []string{"王建国", "a & b < c > d", `"quoted" 'single'`, "  leading and trailing  ", "line\nbreak",
	"tab\tinside", "_x000D_ literal", "emoji 😀", "全角１２３", "=not a formula", "<t>not markup</t>", "0123"}

// TestXLSXAgainstExcelize writes workbooks with excelize, both ways it stores strings (a
// shared-string table, as Excel saves, and inline strings, as stream writers do), and checks
// that the reader gives what excelize itself reads.
func TestXLSXAgainstExcelize(t *testing.T) {
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("stream=%v", stream), func(t *testing.T) {
			f := excelize.NewFile()
			var rows [][]any
			for i := 0; i < 40; i++ {
				row := make([]any, 30)
				for j := range row {
					switch (i + j) % 7 {
					case 0:
						row[j] = tricky[(i*3+j)%len(tricky)]
					case 1:
						row[j] = i*1000 + j
					case 2:
						row[j] = float64(i) / 7
					case 3:
						row[j] = nil // sparse
					case 4:
						row[j] = i%2 == 0
					case 5:
						row[j] = fmt.Sprintf("62112110120100%02d%02d", i, j)
					case 6:
						row[j] = -float64(i) * 1.5
					}
				}
				rows = append(rows, row)
			}
			if stream {
				sw, err := f.NewStreamWriter("Sheet1")
				if err != nil {
					t.Fatal(err)
				}
				for i, r := range rows {
					if i == 7 {
						continue // a missing row
					}
					cell, _ := excelize.CoordinatesToCellName(1, i+1)
					if err := sw.SetRow(cell, r); err != nil {
						t.Fatal(err)
					}
				}
				if err := sw.Flush(); err != nil {
					t.Fatal(err)
				}
			} else {
				for i, r := range rows {
					if i == 7 {
						continue
					}
					for j, v := range r {
						if v == nil {
							continue
						}
						cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
						if err := f.SetCellValue("Sheet1", cell, v); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			f.NewSheet("第二页")
			f.SetCellValue("第二页", "C3", "只有一格")
			var buf bytes.Buffer
			if _, err := f.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			got, err := readAll(t, buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			// excelize reads booleans raw as 1 and 0; the reader says TRUE and FALSE, as
			// spreadsheets show them (ParseFlag takes both).
			for _, r := range got["Sheet1"] {
				for j, v := range r {
					switch v {
					case "TRUE":
						r[j] = "1"
					case "FALSE":
						r[j] = "0"
					}
				}
			}
			for _, sheet := range []string{"Sheet1", "第二页"} {
				want := excelizeRows(t, buf.Bytes(), sheet)
				if !reflect.DeepEqual(got[sheet], want) {
					for i := range max(len(want), len(got[sheet])) {
						var g, w []string
						if i < len(got[sheet]) {
							g = got[sheet][i]
						}
						if i < len(want) {
							w = want[i]
						}
						if !reflect.DeepEqual(g, w) {
							t.Errorf("%s row %d:\n got %q\nwant %q", sheet, i+1, g, w)
						}
					}
				}
			}
		})
	}
}

// rawXLSX builds a workbook from hand-written parts, for the forms other producers write.
func rawXLSX(t testing.TB, sheetXML, sharedStrings, styles, workbookPr string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`,
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			workbookPr + `<sheets><sheet name="成员" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheetXML,
	}
	if sharedStrings != "" {
		parts["xl/sharedStrings.xml"] = sharedStrings
	}
	if styles != "" {
		parts["xl/styles.xml"] = styles
	}
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>`

// TestXLSXForms reads the forms other producers write: prefixed elements, rows and cells
// without positions, rich text with phonetic runs, CDATA, comments, entities, OOXML escapes,
// dates and long numbers.
func TestXLSXForms(t *testing.T) {
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">` +
		`<si><t>户编号</t></si>` +
		`<si><r><rPr><b/></rPr><t>王</t></r><r><t xml:space="preserve">建国 </t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></si>` +
		`<si><t/></si>` +
		`<si><t>a&amp;b_x000D_c</t></si></sst>`
	styles := `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
		`<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="49"/></cellXfs></styleSheet>`
	sheet := sheetHead +
		`<!-- a comment with <markup> --><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>` +
		`<x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>` +
		`<x:row><x:c><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[<李>&]]></x:t></x:is></x:c><x:c/>` +
		`<x:c t="str"><x:f>A2&amp;"x"</x:f><x:v>1x</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>` +
		`<x:row r="4" spans="1:9"><x:c r="C4" s="1"><x:v>24909</x:v></x:c><x:c r="D4" s="2"><x:v>45000.5</x:v></x:c>` +
		`<x:c r="E4"><x:v>410105194912310016</x:v></x:c><x:c r="F4"><x:v>4.1010519491231002E+17</x:v></x:c>` +
		`<x:c r="G4"><x:v>13993211001</x:v></x:c><x:c r="H4" s="3"><x:v>6850.5</x:v></x:c><x:c r="I4" t="d"><x:v>2023-04-01T00:00:00</x:v></x:c></x:row>` +
		`<x:row r="5"/></x:sheetData></x:worksheet>`
	got, err := readAll(t, rawXLSX(t, sheet, sst, styles, ""))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"户编号", "王建国 ", "", "a&b\rc"},
		{"1", "<李>&", "", "1x", "TRUE", "#N/A"},
		nil,
		{"", "", "1968-03-12", "2023-03-15 12:00:00", "4.1010519491231E+17", "4.1010519491231002E+17", "13993211001", "6850.5", "2023-04-01T00:00:00"},
	}
	if !reflect.DeepEqual(got["成员"], want) {
		t.Errorf("got\n%q\nwant\n%q", got["成员"], want)
	}

	// The 1904 date system.
	got, err = readAll(t, rawXLSX(t, sheetHead+`<x:row r="1"><x:c r="A1" s="1"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		"", styles, `<workbookPr date1904="1"/>`))
	if err != nil || got["成员"][0][0] != "1904-01-01" {
		t.Errorf("1904 dates: %q %v", got["成员"], err)
	}
}

func TestXLSXBroken(t *testing.T) {
	for _, c := range []struct{ name, sheet string }{
		{"truncated", sheetHead + `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>abc`},
		{"bad shared index", sheetHead + `<x:row r="1"><x:c r="A1" t="s"><x:v>9</x:v></x:c></x:row></x:sheetData></x:worksheet>`},
		{"bad row number", sheetHead + `<x:row r="abc"></x:row></x:sheetData></x:worksheet>`},
		{"bad cell reference", sheetHead + `<x:row r="1"><x:c r="1A"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`},
		{"too many columns", sheetHead + `<x:row r="1"><x:c r="ZZZZ1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := readAll(t, rawXLSX(t, c.sheet, "", "", "")); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := workbook.OpenXLSX(bytes.NewReader([]byte("PK\x03\x04 not a zip")), 17); err == nil {
		t.Error("not a zip: no error")
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := workbook.ColumnLetter(i); got != want {
			t.Errorf("ColumnLetter(%d) = %s, want %s", i, got, want)
		}
	}
}

func TestOpenRejects(t *testing.T) {
	dir := t.TempDir()
	xls := dir + "/old.xls"
	writeFile(t, xls, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0})
	if _, err := workbook.Open(xls); err == nil || !strings.Contains(err.Error(), "另存为 .xlsx") {
		t.Errorf("xls: %v", err)
	}
	fake := dir + "/fake.xlsx"
	writeFile(t, fake, []byte("省,市\n"))
	if _, err := workbook.Open(fake); err == nil {
		t.Error("a csv named .xlsx opened")
	}
	if _, err := workbook.Open(dir + "/none.csv"); err == nil {
		t.Error("a missing file opened")
	}
}

// TestXLSXUncalculated reads formula cells whose program stored no calculated value (scripts,
// generators, some converters): by default the sheet stops at the first with an error that
// names the cell; with KeepUncalculated each is reported in Row.Uncalculated and read as blank.
// A formula with a stored value, an empty one included, reads as its value.
func TestXLSXUncalculated(t *testing.T) {
	sheet := sheetHead +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>户主</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>证件号码</x:t></x:is></x:c></x:row>` +
		`<x:row r="2"><x:c r="A2" t="str"><x:f>"王"&amp;"建国"</x:f><x:v>王建国</x:v></x:c><x:c r="B2" t="str"><x:f>""</x:f><x:v></x:v></x:c><x:c r="C2"><x:f>1+1</x:f><x:v/></x:c></x:row>` +
		`<x:row r="3"><x:c r="A3" t="str"><x:f>"王"&amp;"建国"</x:f></x:c><x:c r="B3" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>` +
		`<x:c r="C3"><x:f t="shared" si="0" ref="C3:D3">A3</x:f></x:c><x:c r="D3"><x:f t="shared" si="0"/></x:c></x:row>` +
		`</x:sheetData></x:worksheet>`
	data := rawXLSX(t, sheet, "", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`, "")
	_, err := readAll(t, data)
	if err == nil || errs.Message(err) != "工作表「成员」第 3 行 A 列是公式但没有计算结果，请在表格软件中另存为数值" {
		t.Errorf("default: %v", err)
	}
	b, err := workbook.OpenXLSX(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	b.KeepUncalculated = true
	sh, err := b.Sheet(0)
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	var got []string
	for sh.Next() {
		r := sh.Row()
		got = append(got, fmt.Sprintf("%d %q %v", r.Num, r.Cells, r.Uncalculated))
	}
	if err := sh.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{`1 ["户主" "证件号码"] []`, `2 ["王建国"] []`, `3 ["" "x"] [0 2 3]`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if msg := errs.Message(workbook.UncalculatedError("", 7, 11, "证件号码")); msg != "第 7 行 L 列「证件号码」是公式但没有计算结果，请在表格软件中另存为数值" {
		t.Errorf("message %q", msg)
	}
}

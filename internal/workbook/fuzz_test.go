package workbook_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/workbook"
)

// FuzzCSV reads any bytes as csv: no panic, rows numbered from 1 without gaps.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("户编号,姓名\r\n6211211012010001,王建国\r\n"))
	f.Add([]byte("\xef\xbb\xbf户编号;姓名\n\"a\"\"b\",\"c\nd\"\n"))
	f.Add([]byte("\xbb\xa7\xb1\xe0\xba\xc5,\xd0\xd5\xc3\xfb\n1,\xcd\xf5\n")) // GB18030
	f.Add([]byte("\xff\xfe\x37\x62\x16\x7f\x09\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := workbook.NewCSV("fuzz", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		n := 0
		for c.Next() {
			n++
			if c.Row().Num != n {
				t.Fatalf("row %d numbered %d", n, c.Row().Num)
			}
			for _, cell := range c.Row().Cells {
				if !utf8.ValidString(cell) {
					t.Fatalf("invalid UTF-8 cell %q", cell)
				}
			}
		}
	})
}

// FuzzXLSX checks the xlsx reader two ways: cells written by excelize (with a shared-string
// table, or inline as stream writers do) read back as excelize reads them; and any bytes as
// a worksheet's XML neither panic nor hang the reader.
func FuzzXLSX(f *testing.F) {
	f.Add("王建国\x1f6211211012010001\x1f a&b<c> \x1f_x000D_", false, []byte(`<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`))
	f.Add("line\nbreak\x1f\x1f\x1f末尾", true, []byte(`<row><c t="s"><v>0</v></c><c><v>4.1E+17</v></c></row><row r="3"/>`))
	f.Add("", false, []byte(`<row r="2"><c r="B2" s="1"><v>45000</v></c><![CDATA[<]]><!-- > --></row>`))
	f.Add("", false, []byte(`<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:A4"/><mergeCell ref="$B$2:C9"/></mergeCells><sheetData>`))
	f.Fuzz(func(t *testing.T, text string, stream bool, sheetXML []byte) {
		// Any bytes as sheet data.
		data := rawXLSX(t, sheetHead+string(sheetXML)+`</x:sheetData><x:mergeCells><x:mergeCell ref="A1:B3"/></x:mergeCells></x:worksheet>`, "", minStyles, "")
		if rows, err := readAll(t, data); err == nil {
			for _, r := range rows["成员"] {
				for _, c := range r {
					if !utf8.ValidString(c) {
						t.Fatalf("invalid UTF-8 cell %q", c)
					}
				}
			}
			fillAll(t, data)
		}

		if !utf8.ValidString(text) || len(text) > 4096 {
			return
		}
		cells := strings.Split(text, "\x1f")
		for _, c := range cells {
			for _, r := range c {
				// Characters XML 1.0 cannot hold; excelize does not escape them.
				if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
					return
				}
			}
		}
		x := excelize.NewFile()
		defer x.Close()
		if stream {
			sw, err := x.NewStreamWriter("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			row := make([]any, len(cells))
			for i, c := range cells {
				row[i] = c
			}
			if err := sw.SetRow("B2", row); err != nil {
				return
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
		} else {
			for i, c := range cells {
				cell, _ := excelize.CoordinatesToCellName(i+2, 2)
				if err := x.SetCellStr("Sheet1", cell, c); err != nil {
					return
				}
			}
		}
		var buf bytes.Buffer
		if _, err := x.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		got, err := readAll(t, buf.Bytes())
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		want := excelizeRows(t, buf.Bytes(), "Sheet1")
		if !reflect.DeepEqual(got["Sheet1"], want) {
			t.Fatalf("cells %q:\n got %q\nwant %q", cells, got["Sheet1"], want)
		}
	})
}

// fillAll reads the first sheet of a workbook, then reads it again with its merged ranges
// filled: no panic, rows in order.
func fillAll(t *testing.T, data []byte) {
	b, err := workbook.OpenXLSX(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return
	}
	sh, err := b.Sheet(0)
	if err != nil {
		return
	}
	for sh.Next() {
	}
	sh.Close()
	merges := sh.(workbook.Merged).Merges()
	raw, err := b.Sheet(0)
	if err != nil {
		return
	}
	defer raw.Close()
	filled := workbook.FillMerged(raw, merges)
	last := 0
	for filled.Next() {
		if r := filled.Row(); r.Num <= last {
			t.Fatalf("row %d after %d", r.Num, last)
		} else {
			last = r.Num
		}
	}
}

package nationalfmt_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/nationalfmt"
)

// FuzzCells decodes a cell of any member column. Decoding must not panic, and a cell that
// decodes without a blocking error must survive the round trip through the encoder: what the
// encoder writes for it decodes to the same value.
func FuzzCells(f *testing.F) {
	m := nationalfmt.Members
	for _, s := range []struct {
		col   string
		value string
	}{
		{"证件号码", "11010519491231002X"}, {"证件号码", "4.10105194912E+17"}, {"证件号码", "410105194912310000"},
		{"出生日期", "19491231"}, {"出生日期", "1949-12-31 00:00:00"}, {"识别监测时间", "2023年4月"},
		{"工资性收入", "6,850.50"}, {"工资性收入", "１２３"}, {"务工时间（月）", "10.0"}, {"脱贫年度", "2019年"},
		{"是否享受低保", "是"}, {"性别", "2"}, {"户类型", "一般户"}, {"健康状况", "残疾,长期慢性病"},
		{"住房面积", "86.5"}, {"成员联系电话", "1.38001E+10"}, {"户编号", `="6211211012010001"`},
		{"姓名", "'王建国"}, {"风险类型1", "因病"},
	} {
		f.Add(uint8(m.Column(m.Columns[m.Lookup(s.col)].Name)), s.value)
	}
	f.Fuzz(func(t *testing.T, col uint8, value string) {
		c := int(col) % len(m.Columns)
		if m.Columns[c].Kind == nationalfmt.Derived {
			return
		}
		decode := func(v string) (nationalfmt.Record, bool) {
			fields := []nationalfmt.Field{{Col: m.Column("户编号"), Value: "1"}, {Col: m.Column("人口编号"), Value: "2"}}
			if v = nationalfmt.CleanCell(v); v != "" {
				fields = append(fields, nationalfmt.Field{Col: c, Value: v})
			}
			dec := &nationalfmt.Decoder{Table: m, Ref: ref, DefaultYear: 2024}
			var rec nationalfmt.Record
			for _, p := range dec.Decode(fields, &rec, nil) {
				if p.Blocking {
					return rec, false
				}
			}
			return rec, true
		}
		rec, ok := decode(value)
		if !ok {
			return
		}
		written := m.Columns[c].Format(&rec)
		again, ok := decode(written)
		if !ok {
			t.Fatalf("%s: %q decodes, but its encoding %q does not", m.Columns[c].Name, value, written)
		}
		if got := m.Columns[c].Format(&again); got != written {
			t.Fatalf("%s: %q → %q → %q", m.Columns[c].Name, value, written, got)
		}
	})
}

// FuzzCSV reads any bytes as csv: no panic, rows numbered from 1 without gaps.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("户编号,姓名\r\n6211211012010001,王建国\r\n"))
	f.Add([]byte("\xef\xbb\xbf户编号;姓名\n\"a\"\"b\",\"c\nd\"\n"))
	f.Add([]byte("\xbb\xa7\xb1\xe0\xba\xc5,\xd0\xd5\xc3\xfb\n1,\xcd\xf5\n")) // GB18030
	f.Add([]byte("\xff\xfe\x37\x62\x16\x7f\x09\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := nationalfmt.NewCSV("fuzz", bytes.NewReader(data), int64(len(data)))
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
	f.Fuzz(func(t *testing.T, text string, stream bool, sheetXML []byte) {
		// Any bytes as sheet data.
		data := rawXLSX(t, sheetHead+string(sheetXML)+`</x:sheetData></x:worksheet>`, "", "", "")
		if rows, err := readAll(t, data); err == nil {
			for _, r := range rows["成员"] {
				for _, c := range r {
					if !utf8.ValidString(c) {
						t.Fatalf("invalid UTF-8 cell %q", c)
					}
				}
			}
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

package workbook_test

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/workbook"
)

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func csvRows(t *testing.T, data []byte) ([][]string, workbook.Encoding) {
	t.Helper()
	c, err := workbook.NewCSV("测试", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for c.Next() {
		if c.Row().Num != len(rows)+1 {
			t.Fatalf("row number %d", c.Row().Num)
		}
		rows = append(rows, slices.Clone(c.Row().Cells))
	}
	if err := c.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, c.Encoding()
}

func TestCSVEncodings(t *testing.T) {
	text := "户编号,姓名,备注\r\n6211211012010001,王建国,\"含,逗号\"\r\n6211211012010002,张秀英,\"两\n行\"\r\n"
	want := [][]string{{"户编号", "姓名", "备注"}, {"6211211012010001", "王建国", "含,逗号"}, {"6211211012010002", "张秀英", "两\n行"}}
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(strings.ReplaceAll(text, ",", "\t")))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		enc  workbook.Encoding
		want [][]string
	}{
		{"utf8", []byte(text), workbook.UTF8, want},
		{"utf8 bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), workbook.UTF8, want},
		{"gb18030", gb, workbook.GB18030, want},
		{"utf16 tabs", utf16, workbook.UTF16LE, [][]string{want[0], {want[1][0], want[1][1], "含\t逗号"}, want[2]}},
		{"semicolons", []byte("户编号;姓名\n1;王\n"), workbook.UTF8, [][]string{{"户编号", "姓名"}, {"1", "王"}}},
		{"bare quote", []byte("a,b\n1,王\"五\n"), workbook.UTF8, [][]string{{"a", "b"}, {"1", "王\"五"}}},
		{"ragged", []byte("a,b,c\n1\n1,2,3,4\n"), workbook.UTF8, [][]string{{"a", "b", "c"}, {"1"}, {"1", "2", "3", "4"}}},
		{"empty", nil, workbook.UTF8, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, enc := csvRows(t, c.data)
			if enc != c.enc {
				t.Errorf("encoding %s, want %s", enc, c.enc)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestCSVGB18030Long: the encoding is decided on the first 64 KiB, and a GB18030 character cut
// at the boundary does not matter.
func TestCSVGB18030Long(t *testing.T) {
	var b strings.Builder
	b.WriteString("户编号,姓名\n")
	for i := 0; b.Len() < 200<<10; i++ {
		b.WriteString("6211211012010001,王建国张秀英\n")
	}
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(b.String()))
	rows, enc := csvRows(t, gb)
	if enc != workbook.GB18030 || rows[len(rows)-1][1] != "王建国张秀英" {
		t.Errorf("%s, last row %q", enc, rows[len(rows)-1])
	}
	// Valid UTF-8 whose 64 KiB boundary cuts a character stays UTF-8.
	u := []byte(strings.Repeat("王", (64<<10)/3+1))
	if _, enc := csvRows(t, u); enc != workbook.UTF8 {
		t.Errorf("cut UTF-8 read as %s", enc)
	}
}

// TestCSVCutInsideRow: a file whose last line ends without a line break and with fewer fields
// than the line before was cut inside a row, and is refused; a complete last line without a
// line break, a ragged line that ends with one and a single note under the table are not.
func TestCSVCutInsideRow(t *testing.T) {
	for _, c := range []struct {
		name, data, err string
	}{
		{"cut", "户编号,人口编号,姓名\r\n1,101,王建国\r\n1,10", "最后一行（第 3 行）只有 2 列，上一行有 3 列"},
		{"cut after a quoted field", "a,b,c\n1,\"x\",3\n\"1\",2", "最后一行（第 3 行）只有 2 列"},
		{"complete without line break", "a,b,c\n1,2,3\n1,2,3", ""},
		{"ragged with line break", "a,b,c\n1,2,3\n1,2\n", ""},
		{"note under the table", "a,b,c\n1,2,3\n\n填表人：张三", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := workbook.NewCSV("测试", strings.NewReader(c.data), int64(len(c.data)))
			if err != nil {
				t.Fatal(err)
			}
			for s.Next() {
			}
			switch {
			case c.err == "" && s.Err() != nil:
				t.Errorf("error %v", s.Err())
			case c.err != "" && (s.Err() == nil || !strings.Contains(errs.Message(s.Err()), c.err)):
				t.Errorf("error %v, want %q", s.Err(), c.err)
			}
		})
	}
}

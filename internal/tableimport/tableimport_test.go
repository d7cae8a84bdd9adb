package tableimport_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

// pairing is a row of a 帮扶责任人结对名单, the kind of table the package serves.
type pairing struct {
	Household, Helper, Phone, ID, Level string
	Start                               registry.Date
	Active                              registry.Flag
	Households                          int
}

var pairings = &tableimport.Table[pairing]{
	Name: "帮扶责任人结对名单",
	Columns: []tableimport.Column[pairing]{
		{Name: "户编号", Required: true, NotBlank: true, Max: 64, Set: func(r *pairing, v tableimport.Value) { r.Household = v.Text }},
		{Name: "帮扶责任人", Aliases: []string{"帮扶人姓名"}, Required: true, NotBlank: true, Max: 50, Set: func(r *pairing, v tableimport.Value) { r.Helper = v.Text }},
		{Name: "联系电话", Kind: tableimport.Phone, Set: func(r *pairing, v tableimport.Value) { r.Phone = v.Text }},
		{Name: "身份证号码", Kind: tableimport.IDNumber, Set: func(r *pairing, v tableimport.Value) { r.ID = v.Text }},
		{Name: "层级", Kind: tableimport.Enum, Enum: []string{"县级", "乡级", "村级", "驻村"}, Spell: map[string]string{"县": "县级", "乡镇": "乡级"},
			Set: func(r *pairing, v tableimport.Value) { r.Level = v.Text }},
		{Name: "结对日期", Kind: tableimport.Date, Set: func(r *pairing, v tableimport.Value) { r.Start = v.Date }},
		{Name: "是否在岗", Kind: tableimport.Flag, Set: func(r *pairing, v tableimport.Value) { r.Active = v.Flag }},
		{Name: "联系户数", Kind: tableimport.Int, Set: func(r *pairing, v tableimport.Value) { r.Households = v.Int }},
	},
	Check: func(r *pairing) [][2]string {
		if r.Households > 10 {
			return [][2]string{{"联系户数", "一名帮扶责任人最多联系 10 户"}}
		}
		return nil
	},
}

func xlsx(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func read(t *testing.T, name string, data []byte) (*tableimport.Result[pairing], error) {
	t.Helper()
	return tableimport.Read(pairings, name, bytes.NewReader(data), int64(len(data)))
}

func TestReadsRealLayout(t *testing.T) {
	data := xlsx(t, [][]any{
		{"通渭县帮扶责任人结对名单（2026 年）"},
		{"填报单位：平襄镇"},
		{"序号", "户编号", "*帮扶人姓名", "联系电话", "身份证号码", "层级", "结对日期", "是否在岗", "联系户数", "备注"},
		{1, "6211211012010001", "王建国", "139 1234 5678", "62112119800101001X", "县", "20260315", "是", 3, ""},
		{2, "6211211012010002", "李明", "-", "/", "乡镇", "2026/3/16", "无", "５", "调入"},
		{"", "", "", "", "", "", "", "", "", ""},
		{"合计", "", "", "", "", "", "", "", 8, ""},
		{"填表人：张三"},
	})
	res, err := read(t, "结对名单.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() || res.HeaderRow != 3 || len(res.Rows) != 2 {
		t.Fatalf("header row %d, %d rows, problems %v", res.HeaderRow, len(res.Rows), res.Problems)
	}
	a, b := res.Rows[0].Rec, res.Rows[1].Rec
	if a.Phone != "13912345678" || a.Level != "县级" || a.Start != registry.NewDate(2026, 3, 15) || a.Active != registry.Yes || a.Households != 3 || res.Rows[0].Num != 4 {
		t.Errorf("first row %+v", *a)
	}
	if b.Phone != "" || b.ID != "" || b.Level != "乡级" || b.Active != registry.No || b.Households != 5 || b.Start != registry.NewDate(2026, 3, 16) {
		t.Errorf("second row %+v", *b)
	}
	if strings.Join(res.Ignored, ",") != "序号,备注" {
		t.Errorf("ignored %v", res.Ignored)
	}
}

func TestProblemsNameTheCell(t *testing.T) {
	data := xlsx(t, [][]any{
		{"户编号", "帮扶责任人", "联系电话", "身份证号码", "层级", "结对日期", "是否在岗", "联系户数"},
		{"6211211012010001", "", "1.39123E+10", "6.21121198E+17", "市级", "2026-13-45", "也许", 12},
		{"6211211012010002", strings.Repeat("王", 51), "", "", "", "", "", "x"},
		{"6211211012010003", "赵六", "", "", "", "", "", 11},
	})
	res, err := read(t, "结对名单.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK() || len(res.Rows) != 0 {
		t.Fatalf("rows %d, problems %v", len(res.Rows), res.Problems)
	}
	msg := errs.Message(res.Err())
	for _, want := range []string{"「结对名单.xlsx」有", "第 2 行 C列「联系电话」", "第 2 行 D列「身份证号码」", "第 2 行 E列「层级」的「市级」：应为县级、乡级、村级、驻村之一",
		"第 2 行 F列「结对日期」", "第 2 行 G列「是否在岗」的「也许」：应填「是」或「否」", "第 2 行 B列「帮扶责任人」：帮扶责任人不能为空",
		"第 3 行 B列「帮扶责任人」", "超过 50 个字符", "第 3 行 H列「联系户数」的「x」：应为整数", "第 4 行 H列「联系户数」的「11」：一名帮扶责任人最多联系 10 户"} {
		if !strings.Contains(msg, want) && !strings.Contains(problems(res), want) {
			t.Errorf("problems lack %q:\n%s", want, problems(res))
		}
	}
	var rep bytes.Buffer
	if err := res.WriteReport(&rep); err != nil || !bytes.HasPrefix(rep.Bytes(), []byte("PK")) {
		t.Errorf("report: %v", err)
	}
}

func problems(r *tableimport.Result[pairing]) string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.String())
	}
	return strings.Join(out, "\n")
}

func TestRefusesWhatIsNotTheTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"no header", xlsx(t, [][]any{{"姓名", "电话"}, {"王", "1"}}), "没有找到表头"},
		{"required column missing", xlsx(t, [][]any{{"户编号", "联系电话"}, {"1", "2"}}), "缺少必需的列：帮扶责任人"},
		{"header only", xlsx(t, [][]any{{"户编号", "帮扶责任人"}}), "没有帮扶责任人结对名单的数据行"},
		{"bomb", hostile.Bomb([]string{"户编号", "帮扶责任人"}, 256<<20), "压缩炸弹"},
		{"huge cell", hostile.HugeCell([]string{"户编号", "帮扶责任人"}, 40000), "32767"},
		{"csv without end", hostile.CSVLongLine([]string{"户编号", "帮扶责任人"}, 8<<20), "超过 1 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ext := ".xlsx"
			if strings.HasPrefix(tc.name, "csv") {
				ext = ".csv"
			}
			_, err := read(t, "名单"+ext, tc.data)
			if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), tc.want) {
				t.Errorf("error %v, want errs.Invalid containing %q", err, tc.want)
			}
		})
	}
}

func TestCSVGB18030(t *testing.T) {
	text := "户编号,帮扶责任人,层级\r\n6211211012010001,王建国,驻村\r\n"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(text)
	res, err := read(t, "名单.csv", []byte(gb))
	if err != nil || !res.OK() || len(res.Rows) != 1 || res.Rows[0].Rec.Helper != "王建国" || res.Rows[0].Rec.Level != "驻村" {
		t.Fatalf("%+v %v", res, err)
	}
}

// FuzzRead reads any bytes as a csv table: no panic, and a file that reads without problems
// has rows whose required cells are filled.
func FuzzRead(f *testing.F) {
	f.Add([]byte("户编号,帮扶责任人\n1,王\n"))
	f.Add([]byte("标题\n户编号,帮扶责任人,联系户数\n1,王,x\n合计,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := tableimport.Read(pairings, "f.csv", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("error not Invalid: %v", err)
			}
			return
		}
		if res.OK() {
			for _, r := range res.Rows {
				if r.Rec.Household == "" || r.Rec.Helper == "" {
					t.Fatalf("row %d read without its required cells: %+v", r.Num, *r.Rec)
				}
			}
		}
	})
}

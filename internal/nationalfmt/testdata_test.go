package nationalfmt_test

import (
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
)

var update = flag.Bool("update", false, "rewrite the files in testdata")

const title = "全国防止返贫监测信息系统  家庭成员信息（导出时间：2024-11-20 09:32）"

// The rows of the fixture households in the member table, by index: 0–3 王家 (6211211012010001),
// 4–6 张家 (…0002), 7–8 陈家 (…0003), 9 孙家 (…0004).

// brokenSheet is the member table with the damage spreadsheets and hand edits do.
func brokenSheet() nftest.Sheet {
	rows := nftest.MemberRows(nftest.Households())
	rows[0]["工资性收入"] = "三万六"                    // text in a number column
	rows[1]["证件号码"] = "621121197008050000"      // digits after the 15th zeroed
	rows[4]["务工时间（月）"] = "半年"                   // text in a count column
	rows[5]["出生日期"] = "19800230"                // impossible date
	rows[6]["识别监测时间"] = "202313"                // impossible month
	rows[7]["村"], rows[8]["村"] = "马营新村", "马营新村" // no such village
	rows[7]["户联系电话"] = "1.39093E+10"            // phone in scientific notation
	rows[9]["户编号"] = ""                         // no 户编号
	rows[3]["理赔收入"], rows[3]["备注"] = "0", "已核实"
	headers := append(append([]string{}, nftest.MemberHeaders...), "理赔收入", "备注")
	return nftest.Sheet{Name: "家庭成员", Title: title, Headers: headers, Rows: rows,
		// An ID typed into a number cell: the spreadsheet keeps 15 significant digits.
		Numbers: map[nftest.Cell]float64{{Row: 2, Header: "证件号码"}: 6.21121200001163e17},
		// A birth date typed as a date: a serial number with a date format.
		Dates:  map[nftest.Cell]time.Time{{Row: 6, Header: "出生日期"}: time.Date(2016, 3, 5, 0, 0, 0, 0, time.UTC)},
		Footer: []string{"合计：4户10人"}}
}

// TestWriteTestdata rewrites the files in testdata with -update.
func TestWriteTestdata(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata")
	}
	hs := nftest.Households()
	members := nftest.Sheet{Name: "家庭成员", Title: title, Headers: nftest.MemberHeaders,
		Rows: nftest.MemberRows(hs), Footer: []string{"合计：4户10人"}}
	notes := nftest.Sheet{Name: "说明", Headers: []string{"说明"},
		Rows: []nftest.Row{{"说明": "本表由全国防止返贫监测信息系统导出，请勿修改表头。"}}}
	incomes := nftest.Sheet{Name: "家庭收入", Headers: nftest.IncomeHeaders, Rows: nftest.IncomeRows()}
	missing := nftest.Sheet{Name: "家庭成员", Rows: nftest.MemberRows(hs)}
	for _, h := range nftest.MemberHeaders {
		if h != "人口编号" && h != "村" {
			missing.Headers = append(missing.Headers, h)
		}
	}

	// The GB18030 csv: older headers, 性别 as 1/2, 一般户, and the rows of 王家 and 张家
	// interleaved, as a file sorted by another column has them.
	old := nftest.Rename(nftest.MemberRows(hs))
	for _, r := range old {
		switch r["性别"] {
		case "男":
			r["性别"] = "1"
		case "女":
			r["性别"] = "2"
		}
		if r["户类型\n"] == "一般农户" {
			r["户类型\n"] = "一般户"
		}
	}
	old[1], old[4] = old[4], old[1]
	old[3], old[6] = old[6], old[3]
	gbk := nftest.Sheet{Headers: nftest.OldMemberHeaders, Rows: old}

	dir := "testdata"
	for name, write := range map[string]func(string) error{
		"members.xlsx":         func(p string) error { return nftest.WriteXLSX(p, members, notes) },
		"broken.xlsx":          func(p string) error { return nftest.WriteXLSX(p, brokenSheet()) },
		"missing_columns.xlsx": func(p string) error { return nftest.WriteXLSX(p, missing) },
		"incomes.xlsx":         func(p string) error { return nftest.WriteXLSX(p, incomes) },
		"members_gb18030.csv":  func(p string) error { return nftest.WriteCSV(p, gbk, nftest.GB18030) },
		"members_utf8bom.csv": func(p string) error {
			return nftest.WriteCSV(p, nftest.Sheet{Title: title, Headers: nftest.MemberHeaders, Rows: nftest.MemberRows(hs)}, nftest.UTF8BOM)
		},
	} {
		if err := write(filepath.Join(dir, name)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

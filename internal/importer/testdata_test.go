package importer

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
)

var update = flag.Bool("update", false, "rewrite the files in testdata")

const exportTitle = "全国防止返贫监测信息系统  家庭成员信息（导出时间：2025-03-02 15:10）"

// The fixture households (nftest.Households): 0 王家 6211211012010001, 1 张家 …0002, 2 陈家
// …0003, 3 孙家 6211211022010004.

func memberSheet(hs []nftest.Household) nftest.Sheet {
	return nftest.Sheet{Name: "家庭成员", Title: exportTitle, Headers: nftest.MemberHeaders, Rows: nftest.MemberRows(hs)}
}

// reimport2 is the second export of the re-import test: 王家's phone changed; 张家's 张文
// worked 10 months, a daughter-in-law joined and the grandson is no longer listed; 陈家 as
// before; 孙家 is new.
func reimport2() []nftest.Household {
	hs := nftest.Households()
	hs[0].Fields["户联系电话"] = "13993219999"
	z := &hs[1]
	z.Persons[1]["务工时间（月）"] = "10"
	li := map[string]string{}
	for k, v := range z.Persons[1] {
		li[k] = v
	}
	li["人口编号"], li["姓名"], li["性别"], li["出生日期"] = "621121101201000204", "李娟", "女", "19850921"
	li["证件号码"], li["与户主关系"] = nftest.ID("19850921", 46), "之儿媳"
	li["务工所在地"], li["务工企业名称"], li["就业渠道"], li["成员联系电话"], li["务工时间（月）"] = "", "", "", "", "0"
	z.Persons = []nftest.Row{z.Persons[0], z.Persons[1], li}
	return hs
}

// TestWriteTestdata rewrites the files in testdata with -update.
func TestWriteTestdata(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata")
	}
	hs := nftest.Households()

	partial := memberSheet(hs)
	// 张文's ID typed into a number cell.
	partial.Numbers = map[nftest.Cell]float64{{Row: 5, Header: "证件号码"}: 6.21121198006145e17}

	// 王小军's ID with its last digits zeroed, and 王家's phone changed in the same file.
	damaged := memberSheet(hs)
	damaged.Rows[2]["证件号码"] = "621121200001160000"
	for i := 0; i < 4; i++ {
		damaged.Rows[i]["户联系电话"] = "13800000000"
	}

	scattered := nftest.Sheet{Headers: nftest.OldMemberHeaders, Rows: nftest.Rename(nftest.MemberRows(hs))}
	slices.Reverse(scattered.Rows)

	var incomes []nftest.Row
	for _, r := range nftest.IncomeRows() {
		if r["年度"] == "2024" {
			r["年度"] = "2025"
			incomes = append(incomes, r)
		}
	}
	incomes = append(incomes, nftest.Row{"县": "通渭县", "乡": "马营镇", "村": "东关村", "户编号": "6211211012019999",
		"户主姓名": "赵大山", "年度": "2025", "家庭人口数": "2", "工资性收入": "12000"})

	for name, write := range map[string]func(string) error{
		"reimport_1.xlsx":     func(p string) error { return nftest.WriteXLSX(p, memberSheet(hs[:3])) },
		"reimport_2.xlsx":     func(p string) error { return nftest.WriteXLSX(p, memberSheet(reimport2())) },
		"partial.xlsx":        func(p string) error { return nftest.WriteXLSX(p, partial) },
		"damaged_update.xlsx": func(p string) error { return nftest.WriteXLSX(p, damaged) },
		"scattered_gbk.csv":   func(p string) error { return nftest.WriteCSV(p, scattered, nftest.GB18030) },
		"incomes_2025.xlsx": func(p string) error {
			return nftest.WriteXLSX(p, nftest.Sheet{Name: "家庭收入", Headers: nftest.IncomeHeaders, Rows: incomes})
		},
	} {
		p := filepath.Join("testdata", name)
		if err := write(p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

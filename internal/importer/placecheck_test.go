package importer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestPlaceProblems: a row of another county than the importing user's is refused as outside
// the user's region (not as a place that does not exist), and a 户编号 whose first 12 digits
// name another county, township or village than the row's place is a blocking error rather
// than a new household.
func TestPlaceProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scope string
		edit  func(rows []nftest.Row)
		want  []string
		clean bool
	}{
		{"the fixture", "", func([]nftest.Row) {}, nil, true},
		{"another township in the 户编号", "", func(rows []nftest.Row) {
			for _, r := range rows {
				if r["户编号"] == "6211211012010001" {
					r["户编号"] = "6211211022010001"
				}
			}
		}, []string{"户编号 6211211022010001 的前 12 位是甘肃省定西市通渭县鸡川镇许堡村民委员会（621121102201）的区划代码，与本行所在地「甘肃省定西市通渭县马营镇东关村民委员会」不是同一个乡镇"}, false},
		{"another county in the 户编号", "", func(rows []nftest.Row) {
			for _, r := range rows {
				if r["户编号"] == "6211211012020003" {
					r["户编号"] = "6211021012020003"
				}
			}
		}, []string{"不是同一个县"}, false},
		{"another village in the 户编号", "", func(rows []nftest.Row) {
			for _, r := range rows {
				if r["户编号"] == "6211211012020003" {
					r["户编号"] = "6211211012010003"
				}
			}
		}, []string{"不是同一个村"}, false},
		{"outside the user's township", "621121101000", func([]nftest.Row) {}, []string{
			"本行所在地「甘肃省定西市通渭县鸡川镇许堡村民委员会」不在您的管辖范围（甘肃省定西市通渭县马营镇）内"}, false},
		{"another county's rows", "621121000000", func(rows []nftest.Row) {
			for _, r := range rows {
				if r["乡"] == "鸡川镇" {
					r["县"], r["乡"], r["村"] = "安定区", "凤翔镇", "安家坡村"
					r["户编号"] = "6211021000000004"
				}
			}
		}, []string{"不在您的管辖范围（甘肃省定西市通渭县）内"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := nftest.MemberRows(nftest.Households())
			tc.edit(rows)
			path := filepath.Join(t.TempDir(), "members.csv")
			if err := nftest.WriteCSV(path, nftest.Sheet{Headers: nftest.MemberHeaders, Rows: rows}, nftest.UTF8); err != nil {
				t.Fatal(err)
			}
			im := newImporter(t, storetest.SQLite(t).DB)
			im.Scope = ""
			if tc.scope != "" {
				im.Scope = region.Code(tc.scope)
			}
			st, err := im.Stage(context.Background(), files(path))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			var issues []string
			for _, is := range st.Report.Issues {
				issues = append(issues, is.String())
			}
			all := strings.Join(issues, "\n")
			if tc.clean && strings.Contains(all, "户编号") {
				t.Errorf("the fixture's own 户编号 are refused:\n%s", all)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("no issue says %q:\n%s", w, all)
				}
			}
			if strings.Contains(all, "下不存在") {
				t.Errorf("a place is said not to exist:\n%s", all)
			}
		})
	}
}

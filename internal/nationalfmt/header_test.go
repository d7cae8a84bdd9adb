package nationalfmt_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
)

func TestNormalizeHeader(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"务工时间（月）", "务工时间(月)"},
		{" 姓 名 ", "姓名"},
		{"户类型\n", "户类型"},
		{"*户编号", "户编号"},
		{"户编号（必填）", "户编号"},
		{"其中：公益性岗位收入", "公益性岗位收入"},
		{"其中:公益性岗位收入", "公益性岗位收入"},
		{"【备注】", "[备注]"},
		{"\ufeff省", "省"},
		{"ＡＢＣ", "abc"},
		{"其中", "其中"},
	} {
		if got := nationalfmt.NormalizeHeader(c.in); got != c.want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestHeaderAliases: every header of the fixtures, older names included, finds its column.
func TestHeaderAliases(t *testing.T) {
	m := nationalfmt.Members
	for i, h := range nftest.MemberHeaders {
		if c := m.Lookup(h); c < 0 || m.Columns[c].Name != strings.ReplaceAll(h, "其中：", "") && !slices.Contains(m.Columns[c].Aliases, h) {
			t.Errorf("header %d %q → %d", i, h, c)
		}
	}
	for _, c := range []struct{ header, column string }{
		{"人编号", "人口编号"},
		{"家庭成员联系电话", "成员联系电话"},
		{"是否享受农村居民最低生活保障", "是否享受低保"},
		{"是否参加新型农村合作医疗（城乡居民基本医疗保险）", "是否参加城乡居民基本医疗保险"},
		{"是否参加新型农村合作医疗(城乡居民基本医疗保险)", "是否参加城乡居民基本医疗保险"},
		{"义务教育阶段未上学原因", "失学或辍学原因"},
		{"致贫/返贫风险3", "风险类型3"},
		{"风险是否已消除0", "风险是否已消除"},
		{"公益性岗位（月数）", "公益性岗位(月数)"},
		{"务工时间(月)", "务工时间（月）"},
		{"县（市、区）", "县"},
		{"乡（镇）", "乡"},
		{"村（社区）", "村"},
		{"一般户", ""},
		{"理赔收入", ""},
		{"风险类型10", ""},
	} {
		got := ""
		if i := m.Lookup(c.header); i >= 0 {
			got = m.Columns[i].Name
		}
		if got != c.column {
			t.Errorf("Lookup(%q) = %q, want %q", c.header, got, c.column)
		}
	}
	for _, h := range nftest.IncomeHeaders {
		if nationalfmt.Incomes.Lookup(h) < 0 {
			t.Errorf("income header %q unknown", h)
		}
	}
}

func TestDetect(t *testing.T) {
	members := nftest.MemberHeaders
	cases := []struct {
		name  string
		rows  [][]string
		table *nationalfmt.Table
		row   int
		check func(h *nationalfmt.Header) string
	}{
		{"header first", [][]string{members, {"甘肃省"}}, nationalfmt.Members, 1, nil},
		{"title above", [][]string{{"全国防止返贫监测信息系统 家庭成员信息"}, nil, members}, nationalfmt.Members, 3, nil},
		{"income table", [][]string{nftest.IncomeHeaders}, nationalfmt.Incomes, 1, nil},
		{"not a table", [][]string{{"说明"}, {"本表由系统导出"}}, nil, 0, nil},
		{"two-row header", [][]string{
			{"户编号", "人口编号", "姓名", "收入情况", "", ""},
			{"", "", "", "工资性收入", "生产经营性收入", "转移性收入"},
		}, nationalfmt.Members, 2, func(h *nationalfmt.Header) string {
			if !h.Present(nationalfmt.Members.Column("户编号")) || !h.Present(nationalfmt.Members.Column("工资性收入")) {
				return "merged header cells not combined"
			}
			return ""
		}},
		{"duplicates and unknown", [][]string{{"户编号", "人口编号", "村", "姓名", "姓名", "理赔收入"}}, nationalfmt.Members, 1,
			func(h *nationalfmt.Header) string {
				if !slices.Equal(h.Duplicate, []int{4}) || !slices.Equal(h.Unknown, []int{5}) || len(h.Missing) != 0 {
					return "duplicate/unknown/missing wrong"
				}
				return ""
			}},
		{"missing", [][]string{{"户编号", "姓名", "证件号码", "性别"}}, nationalfmt.Members, 1,
			func(h *nationalfmt.Header) string {
				if strings.Join(h.Missing, ",") != "人口编号,村（或行政区划代码）" {
					return "missing " + strings.Join(h.Missing, ",")
				}
				return ""
			}},
		{"code instead of names", [][]string{{"行政区划代码", "户编号", "人口编号", "姓名"}}, nationalfmt.Members, 1,
			func(h *nationalfmt.Header) string {
				if len(h.Missing) != 0 {
					return "missing " + strings.Join(h.Missing, ",")
				}
				return ""
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := nationalfmt.Detect(c.rows, nationalfmt.MatchOptions{})
			if c.table == nil {
				if h != nil {
					t.Fatalf("found a %s header", h.Table.Name)
				}
				return
			}
			if h == nil || h.Table != c.table || h.Row != c.row {
				t.Fatalf("header %+v", h)
			}
			if c.check != nil {
				if msg := c.check(h); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
	// An income table without 年度 is complete with a default year.
	rows := [][]string{{"户编号", "工资性收入", "转移性收入"}}
	if h := nationalfmt.Detect(rows, nationalfmt.MatchOptions{}); len(h.Missing) != 1 {
		t.Errorf("income without year: missing %v", h.Missing)
	}
	if h := nationalfmt.Detect(rows, nationalfmt.MatchOptions{DefaultYear: 2024}); len(h.Missing) != 0 {
		t.Errorf("income with default year: missing %v", h.Missing)
	}
}

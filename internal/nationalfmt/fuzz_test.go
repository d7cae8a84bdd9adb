package nationalfmt_test

import (
	"testing"

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
		{"姓名", "'王建国"}, {"风险类型1", "因病"}, {"风险类型2", "务工就业不稳"}, {"在校生状况", "非在校生"},
		{"是否享受低保", "农村低保"}, {"是否享受低保", "—"}, {"人均纯收入", "10850"}, {"文化程度", "高中（含职业高中、技校）"},
		{"户编号", "６２１１２１"}, {"识别监测时间", "/"},
	} {
		f.Add(uint8(m.Column(m.Columns[m.Lookup(s.col)].Name)), s.value)
	}
	f.Fuzz(func(t *testing.T, col uint8, value string) {
		c := int(col) % len(m.Columns)
		if m.Columns[c].Kind == nationalfmt.Derived || !m.Columns[c].Written() {
			return // neither read nor written, or read but not written (是否脱贫户 for 户类型)
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

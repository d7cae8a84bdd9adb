package nationalfmt_test

import (
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
	"github.com/gonggu/gonggu/internal/registry"
)

func TestCleanCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"  王建国 ", "王建国"},
		{"\u3000是\u3000", "是"},
		{"621121196803121311\t", "621121196803121311"},
		{"'621121196803121311", "621121196803121311"},
		{`="621121196803121311"`, "621121196803121311"},
		{"\ufeff户编号", "户编号"},
		{"", ""},
		{"=", "="},
		{`="`, `="`},
	} {
		if got := nationalfmt.CleanCell(c.in); got != c.want {
			t.Errorf("CleanCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// decodeOne decodes a member row holding the keys and one more cell.
func decodeOne(t *testing.T, header, value string) (nationalfmt.Record, []nationalfmt.Problem) {
	t.Helper()
	col := nationalfmt.Members.Lookup(header)
	if col < 0 {
		t.Fatalf("no column %q", header)
	}
	fields := []nationalfmt.Field{{Col: nationalfmt.Members.Column("户编号"), Value: "6211211012010001"},
		{Col: nationalfmt.Members.Column("人口编号"), Value: "621121101201000101"}}
	if value != "" {
		fields = append(fields, nationalfmt.Field{Col: col, Value: nationalfmt.CleanCell(value)})
	}
	dec := &nationalfmt.Decoder{Table: nationalfmt.Members, Ref: ref, DefaultYear: 2024}
	var rec nationalfmt.Record
	probs := dec.Decode(fields, &rec, nil)
	return rec, probs
}

func TestDecodeCells(t *testing.T) {
	good := nftest.ID("19680312", 13)
	cases := []struct {
		name, header, value string
		block               string // prefix of the blocking reason, "" when none
		defect              string // the defect, "" when none
		check               func(r *nationalfmt.Record) bool
	}{
		{"flag yes", "是否享受低保", "是", "", "", func(r *nationalfmt.Record) bool { return r.Person.Dibao == registry.Yes }},
		{"flag no", "是否享受低保", "否", "", "", func(r *nationalfmt.Record) bool { return r.Person.Dibao == registry.No }},
		{"flag blank", "是否享受低保", "", "", "", func(r *nationalfmt.Record) bool { return r.Person.Dibao == registry.Unknown }},
		{"flag other", "是否享受低保", "不详", "「不详」不是「是」或「否」", "", nil},
		{"money", "工资性收入", "36,000.50", "", "", func(r *nationalfmt.Record) bool {
			return r.Income.Wages == 3600050 && r.HasIncome && r.Income.Year == 2024
		}},
		{"money full width", "工资性收入", "３６０００", "", "", func(r *nationalfmt.Record) bool { return r.Income.Wages == registry.Yuan(36000) }},
		{"money text", "工资性收入", "三万六", "「三万六」不是金额", "", nil},
		{"date compact", "出生日期", "19680312", "", "", func(r *nationalfmt.Record) bool { return r.Person.Birth == registry.NewDate(1968, 3, 12) }},
		{"date dashes", "出生日期", "1968-03-12", "", "", func(r *nationalfmt.Record) bool { return r.Person.Birth == registry.NewDate(1968, 3, 12) }},
		{"date with time", "出生日期", "1968-03-12 00:00:00", "", "", func(r *nationalfmt.Record) bool { return r.Person.Birth == registry.NewDate(1968, 3, 12) }},
		{"date impossible", "出生日期", "19680230", "「19680230」不是有效日期", "", nil},
		{"date serial", "出生日期", "24909", "「24909」不是有效日期，应为 YYYYMMDD（如 19491231），可能被表格软件转成了数字", "", nil},
		{"month", "识别监测时间", "202303", "", "", func(r *nationalfmt.Record) bool { return r.Household.IdentifiedOn == registry.NewMonth(2023, 3) }},
		{"month chinese", "识别监测时间", "2023年3月", "", "", func(r *nationalfmt.Record) bool { return r.Household.IdentifiedOn == registry.NewMonth(2023, 3) }},
		{"month impossible", "识别监测时间", "202313", "「202313」不是有效年月", "", nil},
		{"count", "务工时间（月）", "10", "", "", func(r *nationalfmt.Record) bool { return r.Person.WorkMonths == registry.CountOf(10) }},
		{"count float", "务工时间（月）", "10.0", "", "", func(r *nationalfmt.Record) bool { return r.Person.WorkMonths == registry.CountOf(10) }},
		{"count zero", "务工时间（月）", "0", "", "", func(r *nationalfmt.Record) bool { return r.Person.WorkMonths == registry.CountOf(0) }},
		{"count text", "务工时间（月）", "半年", "「半年」不是整数", "", nil},
		{"year", "脱贫年度", "2019年", "", "", func(r *nationalfmt.Record) bool { return r.Household.YearOut == 2019 }},
		{"year text", "脱贫年度", "二〇一九", "「二〇一九」不是整数", "", nil},
		{"area", "住房面积", "86.5", "", "", func(r *nationalfmt.Record) bool { return r.Household.HouseArea == 86.5 }},
		{"area text", "住房面积", "大约八十", "「大约八十」不是数字", "", nil},
		{"id good", "证件号码", good, "", "", func(r *nationalfmt.Record) bool { return r.Person.IDNumber == good }},
		{"id guarded", "证件号码", good + "\t", "", "", func(r *nationalfmt.Record) bool { return r.Person.IDNumber == good }},
		{"id scientific", "证件号码", "6.21121E+17", "证件号码被表格软件转成了科学计数法", "", nil},
		{"id zeroed", "证件号码", good[:15] + "000", "证件号码第15位之后被表格软件改成了0", "", nil},
		{"id wrong check", "证件号码", nftest.WrongCheck(good), "", "证件号码校验码错误", nil},
		{"id old 15", "证件号码", nftest.Old15(good), "", "仍是15位旧身份证号码，应升级为18位", nil},
		{"id lost x", "证件号码", nftest.LostX("20050117", false), "", "证件号码只有17位，末位的X丢失了", nil},
		{"id short", "证件号码", "62112119680312", "", "证件号码位数错误，应为18位（残疾人证号20或22位）", nil},
		{"disability certificate", "证件号码", good + "42", "", "", func(r *nationalfmt.Record) bool { return r.Person.IDNumber == good+"42" }},
		{"phone", "成员联系电话", "13993211001", "", "", func(r *nationalfmt.Record) bool { return r.Person.Phone == "13993211001" }},
		{"phone scientific", "成员联系电话", "1.3993E+10", "联系电话被表格软件转成了科学计数法", "", nil},
		{"phone landline", "成员联系电话", "0932-6621001", "", "", func(r *nationalfmt.Record) bool { return r.Person.Phone == "0932-6621001" }},
		{"key scientific", "户编号", "6.21121E+15", "户编号被表格软件转成了科学计数法", "", nil},
		{"enum", "文化程度", "初中", "", "", func(r *nationalfmt.Record) bool { return r.Person.Education == "初中" }},
		{"enum other", "文化程度", "初中毕业", "", "「文化程度」不在全国标准取值中", func(r *nationalfmt.Record) bool { return r.Person.Education == "初中毕业" }},
		{"enum multi", "健康状况", "残疾,长期慢性病", "", "", func(r *nationalfmt.Record) bool { return r.Person.Health == "残疾,长期慢性病" }},
		{"enum multi other", "健康状况", "残疾,良好", "", "「健康状况」不在全国标准取值中", nil},
		{"gender digit", "性别", "2", "", "", func(r *nationalfmt.Record) bool { return r.Person.Gender == "女" }},
		{"gender other", "性别", "未知", "", "性别不是男或女", nil},
		{"kind ordinary", "户类型", "普通农户", "", "", func(r *nationalfmt.Record) bool { return r.Household.Kind == registry.KindOrdinary }},
		{"kind old", "户类型", "低保脱贫户", "", "", func(r *nationalfmt.Record) bool { return r.Household.Kind == registry.KindAlleviated }},
		{"kind other", "户类型", "五保户", "", "「户类型」不在全国标准取值中", nil},
		{"risk", "风险类型2", "因病", "", "", func(r *nationalfmt.Record) bool { return len(r.Household.RiskTypes) == 1 && r.Risks[1] == "因病" }},
		{"measure", "健康帮扶", "慢病签约服务,医疗救助", "", "", func(r *nationalfmt.Record) bool { return r.Measures[3] == "慢病签约服务,医疗救助" }},
		{"derived ignored", "人均纯收入（系统计算）", "abc", "", "", func(r *nationalfmt.Record) bool { return r.PerCapita == 0 && !r.HasIncome }},
		{"stated per capita", "人均纯收入", "6850.5", "", "", func(r *nationalfmt.Record) bool {
			return r.Income.DeclaredPerCapita == registry.StatedOf(685050) && r.HasIncome
		}},
		{"stated per capita text", "人均纯收入", "abc", "「abc」不是金额", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, probs := decodeOne(t, c.header, c.value)
			var block, defect string
			for _, p := range probs {
				switch {
				case p.Spelled:
				case p.Blocking:
					block = p.Reason
				default:
					defect = p.Defect
				}
			}
			if c.block == "" && block != "" || !strings.HasPrefix(block, c.block) {
				t.Errorf("blocking %q, want %q", block, c.block)
			}
			if defect != c.defect {
				t.Errorf("defect %q, want %q", defect, c.defect)
			}
			if c.check != nil && !c.check(&rec) {
				t.Errorf("decoded as %+v", rec)
			}
		})
	}
}

func TestDecodeKeys(t *testing.T) {
	dec := &nationalfmt.Decoder{Table: nationalfmt.Members, Ref: ref}
	var rec nationalfmt.Record
	probs := dec.Decode([]nationalfmt.Field{{Col: nationalfmt.Members.Column("姓名"), Value: "王建国"}}, &rec, nil)
	var got []string
	for _, p := range probs {
		if p.Blocking {
			got = append(got, p.Reason)
		}
	}
	if strings.Join(got, ",") != "户编号为空,人口编号为空" {
		t.Errorf("blocking %q", got)
	}
	// Income without a year, and no default year.
	probs = dec.Decode([]nationalfmt.Field{{Col: nationalfmt.Members.Column("户编号"), Value: "1"},
		{Col: nationalfmt.Members.Column("人口编号"), Value: "2"},
		{Col: nationalfmt.Members.Column("工资性收入"), Value: "100"}}, &rec, nil)
	if len(probs) != 1 || probs[0].Reason != "有收入数据但未填年度" {
		t.Errorf("problems %+v", probs)
	}
}

// TestBirthAndGenderAgainstID: a birth date or gender that disagrees with the ID is a defect.
func TestBirthAndGenderAgainstID(t *testing.T) {
	dec := &nationalfmt.Decoder{Table: nationalfmt.Members, Ref: ref}
	m := nationalfmt.Members
	var rec nationalfmt.Record
	probs := dec.Decode([]nationalfmt.Field{{Col: m.Column("户编号"), Value: "1"}, {Col: m.Column("人口编号"), Value: "2"},
		{Col: m.Column("性别"), Value: "女"}, {Col: m.Column("出生日期"), Value: "19680313"},
		{Col: m.Column("证件号码"), Value: nftest.ID("19680312", 13)}}, &rec, nil)
	var got []string
	for _, p := range probs {
		got = append(got, p.Defect)
	}
	if strings.Join(got, ",") != "出生日期与证件号码不符,性别与证件号码不符" {
		t.Errorf("defects %q", got)
	}
}

// TestFullWidthTextMarker: a number, date or key cell that an input method wrote with a
// full-width text marker (＇, ＝＂…＂) reads as the half-width marker does, and a marker alone
// reads as blank (the fuzz target found "＇" read as a 户编号 "'", which the encoder could not
// write back).
func TestFullWidthTextMarker(t *testing.T) {
	m := nationalfmt.Members
	for _, tc := range []struct{ col, cell, want string }{
		{"户编号", "＇６２１１２１１０１２０１０００１", "6211211012010001"},
		{"户编号", "＝＂6211211012010001＂", "6211211012010001"},
		{"户编号", "＇", "1"},
		{"证件号码", "＇11010519491231002X", "11010519491231002X"},
	} {
		dec := &nationalfmt.Decoder{Table: m, Ref: ref, DefaultYear: 2024}
		var rec nationalfmt.Record
		fields := []nationalfmt.Field{{Col: m.Column("户编号"), Value: "1"}, {Col: m.Column("人口编号"), Value: "2"},
			{Col: m.Column(tc.col), Value: nationalfmt.CleanCell(tc.cell)}}
		for _, p := range dec.Decode(fields, &rec, nil) {
			if p.Blocking {
				t.Errorf("%s %q: %s", tc.col, tc.cell, p.Reason)
			}
		}
		if got := m.Columns[m.Column(tc.col)].Format(&rec); got != tc.want {
			t.Errorf("%s %q read as %q, want %q", tc.col, tc.cell, got, tc.want)
		}
	}
}

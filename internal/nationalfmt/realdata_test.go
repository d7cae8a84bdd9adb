package nationalfmt_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/registry"
)

// TestRealHeaders: every header of REALDATA.md's table, spelled as the 2021 and 2023–24
// national exports and county working sheets write it (required marks, line breaks, full-width
// brackets, units, a duplicate's trailing 0), names the column it means.
func TestRealHeaders(t *testing.T) {
	cases := []struct {
		table  *nationalfmt.Table
		header string
		want   string // canonical column name
	}{
		// Place.
		{nationalfmt.Members, "县(市、区、旗)", "县"},
		{nationalfmt.Members, "县（市、区、旗）", "县"},
		{nationalfmt.Members, "乡(镇)", "乡"},
		{nationalfmt.Members, "镇", "乡"},
		{nationalfmt.Members, "行政村", "村"},
		// Risks.
		{nationalfmt.Members, "致贫/返贫风险1", "风险类型1"},
		{nationalfmt.Members, "*致贫返贫风险5", "风险类型5"},
		{nationalfmt.Members, "致贫返贫风险", "致贫返贫风险"},
		{nationalfmt.Members, "致贫/返贫风险", "致贫返贫风险"},
		// 低保 / 特困.
		{nationalfmt.Members, "享受低保政策情况", "是否享受低保"},
		{nationalfmt.Members, "享受特困供养政策情况", "是否特困供养人员"},
		{nationalfmt.Members, "是否享受低保", "是否享受低保"},
		{nationalfmt.Members, "是否特困供养人员", "是否特困供养人员"},
		{nationalfmt.Members, "是否享受农村居民最低生活保障", "是否享受低保"},
		// 公益性岗位.
		{nationalfmt.Members, "公益性岗位", "公益性岗位类型"},
		{nationalfmt.Members, "公益性岗位(月数)", "公益性岗位(月数)"},
		{nationalfmt.Members, "公益性岗位（月数）", "公益性岗位(月数)"},
		{nationalfmt.Members, "公益岗位帮扶", registry.MeasurePublicPost},
		{nationalfmt.Members, "公益性岗位帮扶", registry.MeasurePublicPost},
		// Phones.
		{nationalfmt.Members, "户联系电话", "户联系电话"},
		{nationalfmt.Members, "家庭成员联系电话", "成员联系电话"},
		// Education.
		{nationalfmt.Members, "义务教育阶段未上学原因", "失学或辍学原因"},
		{nationalfmt.Members, "失学或辍学原因", "失学或辍学原因"},
		{nationalfmt.Members, "大专或本科毕业生未就业原因", "大专或本科毕业生未就业原因"},
		// Work.
		{nationalfmt.Members, "务工所在地", "务工所在地"},
		{nationalfmt.Members, "务工企业名称", "务工企业名称"},
		{nationalfmt.Members, "务工时间（月）", "务工时间（月）"},
		{nationalfmt.Members, "务工时长(月)", "务工时间（月）"},
		{nationalfmt.Members, "就业渠道", "就业渠道"},
		{nationalfmt.Members, "就业渠道（易地搬迁后扶使用）", "就业渠道"},
		{nationalfmt.Members, "是否国外务工", "是否国外务工"},
		// Insurance.
		{nationalfmt.Members, "是否参加城乡居民基本医疗保险", "是否参加城乡居民基本医疗保险"},
		{nationalfmt.Members, "是否参加新型农村合作医疗（城乡居民基本医疗保险）", "是否参加城乡居民基本医疗保险"},
		{nationalfmt.Members, "是否参加居民医疗保险", "是否参加城乡居民基本医疗保险"},
		{nationalfmt.Members, "是否参加职工医疗保险", "是否参加城镇职工基本医疗保险"},
		{nationalfmt.Members, "是否参加城乡居民基本养老保险", "是否参加城乡居民基本养老保险"},
		{nationalfmt.Members, "是否参加居民基本养老保险", "是否参加城乡居民基本养老保险"},
		{nationalfmt.Members, "是否参加商业补充医疗保险", "是否参加商业补充医疗保险"},
		{nationalfmt.Members, "是否享受人身意外保险补贴", "是否享受人身意外保险补贴"},
		// Household.
		{nationalfmt.Members, "户类型", "户类型"},
		{nationalfmt.Members, "是否脱贫户", "是否脱贫户"},
		{nationalfmt.Members, "监测对象类别", "监测对象类别"},
		{nationalfmt.Members, "监测对象类型", "监测对象类别"},
		{nationalfmt.Members, "是否军烈属", "是否军烈属"},
		{nationalfmt.Members, "整户无劳动能力兜底保障户", "整户无劳动能力兜底保障户"},
		{nationalfmt.Members, "实施开发式帮扶措施情况", "实施开发式帮扶措施情况"},
		{nationalfmt.Members, "当前家庭人口数", "家庭人口数"},
		{nationalfmt.Members, "年度家庭人口数", "年度家庭人口数"},
		// Income, on the member table and the income table alike.
		{nationalfmt.Members, "工资性收入", "工资性收入"},
		{nationalfmt.Incomes, "公益性岗位收入", "公益性岗位收入"},
		{nationalfmt.Incomes, "其他工资性收入", "其他工资性收入"},
		{nationalfmt.Incomes, "生产经营性收入", "生产经营性收入"},
		{nationalfmt.Incomes, "财产性收入", "财产性收入"},
		{nationalfmt.Incomes, "资产收益扶贫分红收入", "资产收益扶贫分红收入"},
		{nationalfmt.Incomes, "其他财产性收入（旧指标）", "其他财产性收入"},
		{nationalfmt.Incomes, "转移性收入", "转移性收入"},
		{nationalfmt.Incomes, "养老金或离退休金", "养老金或离退休金"},
		{nationalfmt.Incomes, "计划生育金", "计划生育金"},
		{nationalfmt.Incomes, "生态补偿金", "生态补偿金"},
		{nationalfmt.Incomes, "最低生活保障金", "最低生活保障金"},
		{nationalfmt.Incomes, "特困人员救助供养金", "特困人员救助供养金"},
		{nationalfmt.Incomes, "其他转移性收入", "其他转移性收入"},
		{nationalfmt.Incomes, "生产经营性支出", "生产经营性支出"},
		{nationalfmt.Members, "生产经营性支出（合计）", "生产经营性支出"},
		{nationalfmt.Incomes, "专项用于减少生产经营性支出的补贴", "专项用于减少生产经营性支出的补贴"},
		{nationalfmt.Members, "纯收入（元）", "纯收入"},
		{nationalfmt.Members, "年收入（元）", "年收入"},
		{nationalfmt.Members, "人均纯收入（元）", "人均纯收入"},
		{nationalfmt.Incomes, "家庭纯收入(元)", "纯收入"},
		{nationalfmt.Incomes, "家庭人均纯收入(元)", "人均纯收入"},
		{nationalfmt.Members, "合规自付支出(元)", "合规自付医疗支出"},
		{nationalfmt.Incomes, "年度家庭人口数", "家庭人口数"},
		{nationalfmt.Incomes, "当前家庭人口数", "当前家庭人口数"},
		// Housing and living conditions.
		{nationalfmt.Members, "是否危房户", "是否危房户"},
		{nationalfmt.Members, "危房等级", "危房等级"},
		{nationalfmt.Members, "住房面积", "住房面积"},
		{nationalfmt.Members, "是否解决安全饮用水", "是否解决安全饮用水"},
		{nationalfmt.Members, "是否通生产用电", "是否通生产用电"},
		{nationalfmt.Members, "是否有卫生厕所", "是否有卫生厕所"},
		{nationalfmt.Members, "入户路类型", "入户路类型"},
		{nationalfmt.Members, "与村主干路距离", "与村主干路距离"},
		{nationalfmt.Members, "主要燃料类型", "主要燃料类型"},
		{nationalfmt.Members, "耕地面积（亩）", "耕地面积"},
		{nationalfmt.Members, "林地面积（亩）", "林地面积"},
		// The forms a header takes in real files.
		{nationalfmt.Members, "*证件号码", "证件号码"},
		{nationalfmt.Members, "证件号码\n（身份证号码）", "证件号码"},
		{nationalfmt.Members, "识别监测时间0", "识别监测时间"},
		{nationalfmt.Members, "风险是否已消除0", "风险是否已消除"},
		{nationalfmt.Members, "序号", "序号"},
	}
	for _, c := range cases {
		t.Run(c.table.Name+"/"+c.header, func(t *testing.T) {
			i := c.table.Lookup(c.header)
			if i < 0 {
				t.Fatalf("%q names no column", c.header)
			}
			if got := c.table.Columns[i].Name; got != c.want {
				t.Errorf("%q names %q, want %q", c.header, got, c.want)
			}
		})
	}
	// 是否通生产用电 is not 是否通生活用电.
	if nationalfmt.Members.Lookup("是否通生产用电") == nationalfmt.Members.Column("是否通生活用电") {
		t.Error("是否通生产用电 read as 是否通生活用电")
	}
}

// decodeRow decodes a member row holding the keys and the cells given by header.
func decodeRow(t *testing.T, cells ...string) (nationalfmt.Record, []nationalfmt.Problem) {
	t.Helper()
	m := nationalfmt.Members
	fields := []nationalfmt.Field{{Col: m.Column("户编号"), Value: "6211211012010001"}, {Col: m.Column("人口编号"), Value: "621121101201000101"}}
	for i := 0; i < len(cells); i += 2 {
		col := m.Lookup(cells[i])
		if col < 0 {
			t.Fatalf("no column %q", cells[i])
		}
		fields = append(fields, nationalfmt.Field{Col: col, Value: nationalfmt.CleanCell(cells[i+1])})
	}
	dec := &nationalfmt.Decoder{Table: m, Ref: ref, DefaultYear: 2024}
	var rec nationalfmt.Record
	return rec, dec.Decode(fields, &rec, nil)
}

// problemsOf splits problems into blocking reasons, defects and spelling notes.
func problemsOf(probs []nationalfmt.Problem) (block, defect, spelled []string) {
	for _, p := range probs {
		switch {
		case p.Spelled:
			spelled = append(spelled, p.Value+"→"+p.Standard)
		case p.Blocking:
			block = append(block, p.Reason)
		default:
			defect = append(defect, p.Defect)
		}
	}
	return
}

// TestRealSpellings: the values real files write for a standard value read as that value,
// noted (not a defect), through the one table nationalfmt.Spellings.
func TestRealSpellings(t *testing.T) {
	cases := []struct {
		header, value string
		check         func(r *nationalfmt.Record) bool
	}{
		{"风险类型1", "务工就业不稳", func(r *nationalfmt.Record) bool { return r.Risks[0] == "因务工就业不稳" }},
		{"致贫返贫风险2", "因产业项目失败", func(r *nationalfmt.Record) bool { return r.Risks[1] == "因产业失败" }},
		{"风险类型3", "因缺劳动力", func(r *nationalfmt.Record) bool { return r.Risks[2] == "缺劳动力" }},
		{"监测对象类别", "边缘户", func(r *nationalfmt.Record) bool { return r.Household.Category == registry.MonEdge }},
		{"户类型", "低保特困供养贫困户", func(r *nationalfmt.Record) bool { return r.Household.Kind == registry.KindAlleviated }},
		{"户类型", "一般户", func(r *nationalfmt.Record) bool { return r.Household.Kind == registry.KindOrdinary }},
		{"实施开发式帮扶措施情况", "是", func(r *nationalfmt.Record) bool { return r.Household.DevMeasureDone == "已实施" }},
		{"实施开发式帮扶措施情况", "否", func(r *nationalfmt.Record) bool { return r.Household.DevMeasureDone == "尚未实施" }},
		{"在校生状况", "非在校生", func(r *nationalfmt.Record) bool { return r.Person.SchoolStatus == "" }},
		{"在校生状况", "高中一年级", func(r *nationalfmt.Record) bool { return r.Person.SchoolStatus == "普通高中一年级" }},
		{"在校生状况", "高中三年级", func(r *nationalfmt.Record) bool { return r.Person.SchoolStatus == "普通高中三年级" }},
		{"文化程度", "大专及以上", func(r *nationalfmt.Record) bool { return r.Person.Education == "大专" }},
		{"文化程度", "高中（含职业高中、技校）", func(r *nationalfmt.Record) bool { return r.Person.Education == "高中" }},
		{"文化程度", "高中(含职业高中、技校)", func(r *nationalfmt.Record) bool { return r.Person.Education == "高中" }},
		{"性别", "1", func(r *nationalfmt.Record) bool { return r.Person.Gender == "男" }},
		{"享受低保政策情况", "农村低保", func(r *nationalfmt.Record) bool { return r.Person.Dibao == registry.Yes }},
		{"享受低保政策情况", "城市低保", func(r *nationalfmt.Record) bool { return r.Person.Dibao == registry.Yes }},
		{"享受低保政策情况", "未享受", func(r *nationalfmt.Record) bool { return r.Person.Dibao == registry.No }},
		{"享受特困供养政策情况", "农村特困", func(r *nationalfmt.Record) bool { return r.Person.Tekun == registry.Yes }},
		{"享受特困供养政策情况", "不享受", func(r *nationalfmt.Record) bool { return r.Person.Tekun == registry.No }},
	}
	for _, c := range cases {
		t.Run(c.header+"/"+c.value, func(t *testing.T) {
			rec, probs := decodeRow(t, c.header, c.value)
			block, defect, spelled := problemsOf(probs)
			if len(block) > 0 || len(defect) > 0 {
				t.Errorf("blocking %q, defects %q", block, defect)
			}
			if len(spelled) != 1 || !strings.HasPrefix(spelled[0], c.value+"→") {
				t.Errorf("notes %q, want the spelling noted", spelled)
			}
			if !c.check(&rec) {
				t.Errorf("decoded as household %+v person %+v risks %q", rec.Household, rec.Person, rec.Risks)
			}
		})
	}
	// A standard value is not noted.
	if _, probs := decodeRow(t, "风险类型1", "因病", "户类型", "脱贫户"); len(probs) != 0 {
		t.Errorf("standard values: %+v", probs)
	}
	// Every spelling's standard value is in its column's list (or blank).
	for key, m := range nationalfmt.Spellings {
		col := nationalfmt.Members.Column(key)
		if key == "风险类型" {
			col = nationalfmt.Members.Column("风险类型1")
		}
		if col < 0 {
			t.Errorf("spellings of %s: no such column", key)
			continue
		}
		c := &nationalfmt.Members.Columns[col]
		for from, to := range m {
			if to != "" && c.Enum != nil && !slices.Contains(c.Enum, to) {
				t.Errorf("%s「%s」→「%s」: not a value of the column", key, from, to)
			}
		}
	}
}

// TestWorkLocationIsAPlace: 务工所在地 holds a place in 2023+ exports, kept as written.
func TestWorkLocationIsAPlace(t *testing.T) {
	for _, v := range []string{"浙江省宁波市鄞州区", "乡（镇）内务工", "省外"} {
		rec, probs := decodeRow(t, "务工所在地", v)
		if len(probs) != 0 || rec.Person.WorkLocation != v {
			t.Errorf("%q: %q, problems %+v", v, rec.Person.WorkLocation, probs)
		}
	}
}

// TestPlaceholders: "-", "/", "—", "无" … are blank in yes/no, enum, date, month, number and key
// columns, not damage; 无 keeps its meaning of 否 in a yes/no column; free text keeps them.
func TestPlaceholders(t *testing.T) {
	headers := []string{"是否享受低保", "是否危房户", "文化程度", "在校生状况", "风险类型1", "致贫返贫风险", "户类型",
		"是否脱贫户", "性别", "出生日期", "识别监测时间", "务工时间（月）", "脱贫年度", "家庭人口数", "住房面积", "工资性收入",
		"人均纯收入", "成员联系电话", "证件号码", "健康帮扶"}
	for _, p := range nationalfmt.Placeholders {
		for _, h := range headers {
			rec, probs := decodeRow(t, h, p)
			col := &nationalfmt.Members.Columns[nationalfmt.Members.Lookup(h)]
			if p == "无" && (col.Kind == nationalfmt.Flag || col.Kind == nationalfmt.AlleviatedFlag) {
				continue // 无 is 否 there: below
			}
			if len(probs) != 0 {
				t.Errorf("%s「%s」: problems %+v", h, p, probs)
			}
			if !col.Blank(&rec) || rec.HasIncome {
				t.Errorf("%s「%s」: not blank (%q)", h, p, col.Format(&rec))
			}
		}
	}
	if rec, _ := decodeRow(t, "是否享受低保", "无"); rec.Person.Dibao != registry.No {
		t.Errorf("无 in a yes/no column: %v", rec.Person.Dibao)
	}
	// County sheets write placeholders in text columns too: a person who does not work has "/"
	// or "无" as 务工企业名称 and 务工所在地, which must not read as a workplace.
	for _, h := range []string{"务工企业名称", "务工所在地", "就业渠道"} {
		for _, p := range []string{"无", "/", "-"} {
			if rec, _ := decodeRow(t, h, p); rec.Person.Employer != "" || rec.Person.WorkLocation != "" || rec.Person.WorkChannel != "" {
				t.Errorf("%s「%s」 reads as a value: %+v", h, p, rec.Person)
			}
		}
	}
	// A placeholder 户编号 is a blank one.
	dec := &nationalfmt.Decoder{Table: nationalfmt.Members, Ref: ref}
	var rec nationalfmt.Record
	probs := dec.Decode([]nationalfmt.Field{{Col: nationalfmt.Members.Column("户编号"), Value: "/"},
		{Col: nationalfmt.Members.Column("人口编号"), Value: "1"}}, &rec, nil)
	if block, _, _ := problemsOf(probs); len(block) != 1 || block[0] != "户编号为空" {
		t.Errorf("户编号 /: %q", block)
	}
}

// TestFullWidthDigits: full-width digits in number, date, month and key cells read as digits.
func TestFullWidthDigits(t *testing.T) {
	m := nationalfmt.Members
	dec := &nationalfmt.Decoder{Table: m, Ref: ref, DefaultYear: 2024}
	var rec nationalfmt.Record
	probs := dec.Decode([]nationalfmt.Field{
		{Col: m.Column("户编号"), Value: "６２１１２１１０１２０１０００１"},
		{Col: m.Column("人口编号"), Value: "６２１１２１１０１２０１０００１０１"},
		{Col: m.Column("出生日期"), Value: "１９６８０３１２"},
		{Col: m.Column("识别监测时间"), Value: "２０２３年３月"},
		{Col: m.Column("务工时间（月）"), Value: "１０"},
		{Col: m.Column("脱贫年度"), Value: "２０１９"},
		{Col: m.Column("住房面积"), Value: "８６．５"},
		{Col: m.Column("成员联系电话"), Value: "１３９９３２１１００１"},
	}, &rec, nil)
	if len(probs) != 0 {
		t.Fatalf("problems %+v", probs)
	}
	if rec.Household.No != "6211211012010001" || rec.Person.No != "621121101201000101" ||
		rec.Person.Birth != registry.NewDate(1968, 3, 12) || rec.Household.IdentifiedOn != registry.NewMonth(2023, 3) ||
		rec.Person.WorkMonths != registry.CountOf(10) || rec.Household.YearOut != 2019 || rec.Household.HouseArea != 86.5 ||
		rec.Person.Phone != "13993211001" {
		t.Errorf("decoded as household %+v person %+v", rec.Household, rec.Person)
	}
}

// TestRiskList: the single 致贫返贫风险 cell fills 风险类型1..5, read through the spellings, and is
// read only from a sheet without the numbered columns.
func TestRiskList(t *testing.T) {
	rec, probs := decodeRow(t, "致贫返贫风险", "因病,务工就业不稳、因缺劳动力，因病")
	block, defect, spelled := problemsOf(probs)
	if len(block)+len(defect) > 0 || len(spelled) != 2 {
		t.Errorf("blocking %q defects %q notes %q", block, defect, spelled)
	}
	if rec.Risks != [5]string{"因病", "因务工就业不稳", "缺劳动力"} || !slices.Equal(rec.Household.RiskTypes, []string{"因病", "因务工就业不稳", "缺劳动力"}) {
		t.Errorf("risks %q, types %q", rec.Risks, rec.Household.RiskTypes)
	}
	_, probs = decodeRow(t, "致贫返贫风险", "因病,因残,因学,因安全住房,因安全饮水,因自然灾害")
	if block, _, _ := problemsOf(probs); len(block) != 1 || !strings.Contains(block[0], "超过 5 个") {
		t.Errorf("six risks: %q", block)
	}
	_, probs = decodeRow(t, "致贫返贫风险", "因病,因赌博")
	if _, defect, _ := problemsOf(probs); len(defect) != 1 || defect[0] != "「风险类型」不在全国标准取值中" {
		t.Errorf("unknown risk: %q", defect)
	}

	both := nationalfmt.Members.Match([]string{"户编号", "人口编号", "村", "风险类型1", "致贫返贫风险"}, 1, nationalfmt.MatchOptions{})
	if both.Present(nationalfmt.Members.Column("致贫返贫风险")) || !slices.Equal(both.Shadowed, []int{4}) {
		t.Errorf("致贫返贫风险 beside 风险类型1: shadowed %v", both.Shadowed)
	}
	alone := nationalfmt.Members.Match([]string{"户编号", "人口编号", "村", "致贫返贫风险"}, 1, nationalfmt.MatchOptions{})
	if !alone.Present(nationalfmt.Members.Column("致贫返贫风险")) {
		t.Error("致贫返贫风险 alone is not read")
	}
	for _, i := range alone.Lacking() {
		if strings.HasPrefix(nationalfmt.Members.Columns[i].Name, "风险类型") {
			t.Errorf("a sheet with 致贫返贫风险 lacks %s", nationalfmt.Members.Columns[i].Name)
		}
	}
}

// TestAlleviatedFlag: 是否脱贫户 gives 户类型 when the sheet has no 户类型 column.
func TestAlleviatedFlag(t *testing.T) {
	for v, want := range map[string]string{"是": registry.KindAlleviated, "否": registry.KindOrdinary, "": ""} {
		rec, probs := decodeRow(t, "是否脱贫户", v)
		if len(probs) != 0 || rec.Household.Kind != want {
			t.Errorf("是否脱贫户「%s」: kind %q, problems %+v", v, rec.Household.Kind, probs)
		}
	}
	h := nationalfmt.Members.Match([]string{"户编号", "人口编号", "村", "是否脱贫户", "户类型"}, 1, nationalfmt.MatchOptions{})
	if h.Present(nationalfmt.Members.Column("是否脱贫户")) || !h.Present(nationalfmt.Members.Column("户类型")) {
		t.Error("是否脱贫户 read beside 户类型")
	}
	uses := h.Mapping()
	if len(uses) != 5 || uses[3].Use != nationalfmt.UseShadowed || uses[4].Use != nationalfmt.UseRead {
		t.Errorf("mapping %+v", uses)
	}
}

// TestStatedIncome: the 纯收入 and 人均纯收入 a file states are kept on the income, given; a blank
// or placeholder cell states nothing.
func TestStatedIncome(t *testing.T) {
	rec, probs := decodeRow(t, "纯收入（元）", "32,550", "人均纯收入（元）", "10850", "专项用于减少生产经营性支出的补贴", "600",
		"年度家庭人口数", "3")
	if len(probs) != 0 {
		t.Fatalf("problems %+v", probs)
	}
	in := rec.Income
	if in.DeclaredNet != registry.StatedOf(registry.Yuan(32550)) || in.DeclaredPerCapita != registry.StatedOf(registry.Yuan(10850)) ||
		in.ExpenseSubsidy != registry.Yuan(600) || in.Size != 3 || !rec.HasIncome || in.Year != 2024 {
		t.Errorf("income %+v", in)
	}
	rec, _ = decodeRow(t, "人均纯收入（元）", "0", "纯收入（元）", "-")
	if rec.Income.DeclaredPerCapita != registry.StatedOf(0) || rec.Income.DeclaredNet.Given {
		t.Errorf("stated 0 and a placeholder: %+v", rec.Income)
	}
}

// TestMapping: how each header of a real 2023 header row is read, and what the sheet lacks.
func TestMapping(t *testing.T) {
	names := []string{"序号", "县(市、区、旗)", "乡(镇)", "行政村", "户编号", "人编号", "姓名", "享受低保政策情况",
		"耕地面积（亩）", "备注", "户主姓名", "识别监测时间", "识别监测时间0", "", "是否脱贫户"}
	h := nationalfmt.Members.Match(names, 3, nationalfmt.MatchOptions{})
	var got []string
	for _, m := range h.Mapping() {
		name := "-"
		if m.Col >= 0 {
			name = nationalfmt.Members.Columns[m.Col].Name
		}
		got = append(got, m.Header+":"+name+":"+[]string{"read", "ignored", "duplicate", "shadowed", "unknown"}[m.Use])
	}
	want := []string{"序号:序号:ignored", "县(市、区、旗):县:read", "乡(镇):乡:read", "行政村:村:read", "户编号:户编号:read",
		"人编号:人口编号:read", "姓名:姓名:read", "享受低保政策情况:是否享受低保:read", "耕地面积（亩）:耕地面积:ignored",
		"备注:-:unknown", "户主姓名:户主姓名:read", "识别监测时间:识别监测时间:read", "识别监测时间0:识别监测时间:duplicate",
		"是否脱贫户:是否脱贫户:read"}
	if !slices.Equal(got, want) {
		t.Errorf("mapping\n got %q\nwant %q", got, want)
	}
	var lacking []string
	for _, i := range h.Lacking() {
		lacking = append(lacking, nationalfmt.Members.Columns[i].Name)
	}
	for _, name := range []string{"证件号码", "与户主关系", "风险类型1", "纯收入"} {
		if !slices.Contains(lacking, name) {
			t.Errorf("lacking %q has no %s", lacking, name)
		}
	}
	for _, name := range []string{"户类型", "是否脱贫户", "致贫返贫风险", "户主姓名", "耕地面积", "序号", "姓名"} {
		if slices.Contains(lacking, name) {
			t.Errorf("lacking %q has %s", lacking, name)
		}
	}
}

package deptlists_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

var (
	idA = idno.Make("621121", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), 11)
	idB = idno.Make("621121", time.Date(1982, 3, 4, 0, 0, 0, 0, time.UTC), 22)
)

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

func read(t *testing.T, k deptlists.Kind, name string, data []byte) *tableimport.Result[deptlists.Row] {
	t.Helper()
	res, err := tableimport.Read(deptlists.SpecOf(k).Table, name, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestListsAsDepartmentsWriteThem reads each kind of list with the headers and spellings
// departments use: a title row above the header, aliases, values in their own words.
func TestListsAsDepartmentsWriteThem(t *testing.T) {
	cert := idB + "42" // 20-character 残疾人证号: 肢体残疾 (4), 二级 (2)
	for _, tc := range []struct {
		kind deptlists.Kind
		rows [][]any
		want deptlists.Row
	}{
		{deptlists.Medical, [][]any{{"2026 年城乡居民医保参保名单"}, {"序号", "参保人姓名", "公民身份号码", "人员参保状态", "险种类型", "是否缴费", "参保年度"},
			{1, "张三", idA, "暂停参保", "城乡居民医保", "否", 2026}},
			deptlists.Row{Name: "张三", ID: idA, State: deptlists.Suspended, Type: deptlists.Resident, Flag: registry.No, Year: 2026}},
		{deptlists.Medical, [][]any{{"姓名", "身份证号码"}, {"张三", strings.ToLower(idA)}},
			deptlists.Row{Name: "张三", ID: strings.ToUpper(idA), State: deptlists.Insured}},
		{deptlists.Housing, [][]any{{"户主姓名", "户主身份证号码", "房屋安全等级", "鉴定时间", "危房改造情况"}, {"张三", idA, "C级", "2025/9/1", "在建"}},
			deptlists.Row{Name: "张三", ID: idA, Grade: "C", Date: registry.NewDate(2025, 9, 1), State: deptlists.Rebuilding}},
		{deptlists.Civil, [][]any{{"姓名", "证件号码", "保障类型", "状态", "月保障金"}, {"李四", idB, "农村低保", "正常", "450"}},
			deptlists.Row{Name: "李四", ID: idB, Type: deptlists.Dibao, State: deptlists.Active, Amount: registry.Yuan(450)}},
		{deptlists.Police, [][]any{{"死者姓名", "身份证号", "火化日期"}, {"李四", idB, "20260603"}},
			deptlists.Row{Name: "李四", ID: idB, State: deptlists.Died, Date: registry.NewDate(2026, 6, 3)}},
		{deptlists.Disability, [][]any{{"残疾人姓名", "残疾人证号"}, {"李四", cert}},
			deptlists.Row{Name: "李四", ID: cert, Type: "肢体残疾", Grade: "二级", State: deptlists.Valid}},
		{deptlists.Education, [][]any{{"学生姓名", "学生身份证号", "就读学校", "年级", "学籍状况"}, {"小明", idA, "某校", "初二", "流失"}},
			deptlists.Row{Name: "小明", ID: idA, Place: "某校", Grade: "初二", State: deptlists.Dropout}},
		{deptlists.Labour, [][]any{{"姓名", "身份证号码", "就业情况", "务工地点", "工作单位", "岗位名称"}, {"张三", idA, "是", "宁波", "某厂", ""}},
			deptlists.Row{Name: "张三", ID: idA, State: deptlists.Employed, Place: "宁波", Unit: "某厂"}},
		{deptlists.Health, [][]any{{"患者姓名", "身份证号码", "主要诊断", "病种", "住院日期", "总费用", "合规自付费用"}, {"张三", idA, "胃癌", "重大疾病", "2026-03-01", "90000", "30000"}},
			deptlists.Row{Name: "张三", ID: idA, Type: "胃癌", State: deptlists.Serious, Date: registry.NewDate(2026, 3, 1),
				Total: registry.Yuan(90000), Amount: registry.Yuan(30000), Year: 2026}},
		{deptlists.Water, [][]any{{"村代码", "供水方式", "水量", "水质", "用水方便程度", "供水保证率"}, {"621121100201", "集中式", "是", "否", "是", "是"}},
			deptlists.Row{Village: "621121100201", Type: "集中供水", Flag: registry.No, Flag2: registry.Yes, Issues: "水质"}},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			res := read(t, tc.kind, "名单.xlsx", xlsx(t, tc.rows))
			if !res.OK() {
				t.Fatalf("problems %v", res.Problems)
			}
			if len(res.Rows) != 1 {
				t.Fatalf("%d rows", len(res.Rows))
			}
			if got := *res.Rows[0].Rec; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("row\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestListProblems: a list is checked whole, and each problem names its row and column.
func TestListProblems(t *testing.T) {
	res := read(t, deptlists.Medical, "医保.xlsx", xlsx(t, [][]any{
		{"姓名", "身份证号码", "参保状态"},
		{"张三", "6.21121198001E+17", "正常参保"},
		{"李四", "62112119", "正常参保"},
		{"王五", idB, "参保了吧"},
		{"赵六", idA, "正常参保"},
	}))
	if len(res.Problems) != 3 {
		t.Fatalf("problems %v", res.Problems)
	}
	for i, want := range []string{"第 2 行 B列「身份证号码」", "第 3 行 B列「证件号码」", "第 4 行 C列「参保状态」"} {
		if got := res.Problems[i].String(); !strings.HasPrefix(got, want) {
			t.Errorf("problem %d %q, want it to start with %q", i, got, want)
		}
	}
	res = read(t, deptlists.Police, "公安.csv", []byte("姓名,身份证号码,注销原因\n李四,"+idB+",死亡注销\n"))
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Reason, "死亡日期") {
		t.Errorf("a death without its date: %v", res.Problems)
	}
}

func TestIDKey(t *testing.T) {
	for in, want := range map[string]string{
		idA: idA, strings.ToLower(idB): strings.ToUpper(idB), idB + "42": idB, idB + "4201": idB,
		"12345": "", "62112119800101001A": "",
	} {
		if got := deptlists.IDKey(in); got != want {
			t.Errorf("IDKey(%q) = %q, want %q", in, got, want)
		}
	}
	// An old 15-digit number is matched by its 18-character form.
	if got, want := deptlists.IDKey("621121800101001"), "621121198001010017"; got != want {
		t.Errorf("IDKey of an old number = %q, want %q", got, want)
	}
}

func TestSchoolStatus(t *testing.T) {
	for in, want := range map[string]string{
		"三年级": "小学", "小学六年级": "小学", "初一": "七年级", "八年级": "八年级", "初三": "九年级", "高一": "普通高中一年级",
		"高三": "普通高中三年级", "中职二年级": "中职二年级", "大二": "本科二年级", "大班": "学前教育", "研究生": "",
	} {
		if got := deptlists.SchoolStatus(in); got != want {
			t.Errorf("SchoolStatus(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPackRoundTrip(t *testing.T) {
	es := []deptlists.Entry{
		{PersonNo: "P1", Seq: 7, Row: deptlists.Row{Name: "张\x1f三", ID: idA, State: "参保", Type: "居民", Date: registry.NewDate(2026, 1, 2),
			Amount: registry.Yuan(12), Flag: registry.No, Flag2: registry.Yes, Issues: "水质、水量", Year: 2026}},
		{PersonNo: "P2", Missing: true},
		{Seq: 9, Row: deptlists.Row{Grade: "C", State: deptlists.NotRebuilt}},
	}
	got, err := deptlists.UnpackEntries(deptlists.PackEntries(es))
	if err != nil {
		t.Fatal(err)
	}
	es[0].Row.Name = "张 三" // the separator inside a value becomes a space
	if !reflect.DeepEqual(got, es) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, es)
	}
}

// TestSayAndFill: a list fills only the fields no source provided; an accept takes every field
// the department determines, and what it implies.
func TestSayAndFill(t *testing.T) {
	ref := &deptlists.ListRef{Kind: deptlists.Medical, Year: 2026}
	spec := deptlists.SpecOf(deptlists.Medical)
	v := spec.Say(ref, []deptlists.Row{{State: deptlists.Insured, Type: deptlists.Employee, Year: 2026}})
	p := registry.Person{ResidentMedical: registry.Yes, EmployeeMedical: registry.Unknown,
		Uncollected: registry.FieldSet(0).With(registry.PEmployeeMedical)}
	ch := deptlists.Fill(&v, [2]registry.FieldSet{p.Uncollected, 0}, &p, nil)
	if p.EmployeeMedical != registry.Yes || p.ResidentMedical != registry.Yes || p.Uncollected != 0 || len(ch) != 1 {
		t.Errorf("fill of the uncollected field: %+v %v", p, ch)
	}
	ch = deptlists.Fill(&v, deptlists.All, &p, nil)
	if p.ResidentMedical != registry.No || len(ch) != 1 || ch[0].String() != "是否参加城乡居民基本医疗保险 是→否" {
		t.Errorf("accept: %+v %v", p, ch)
	}
	// Absence from a roster.
	abs := spec.SayAbsent(ref)
	q := registry.Person{Uncollected: registry.AllOf(registry.PersonTable)}
	deptlists.Fill(&abs, [2]registry.FieldSet{q.Uncollected, 0}, &q, nil)
	if q.ResidentMedical != registry.No || q.EmployeeMedical != registry.No || q.Uncollected.Has(registry.PResidentMedical) {
		t.Errorf("absent: %+v", q)
	}
	// 民政 lists only what they hold: a 低保 list says nothing about 特困.
	civil := &deptlists.ListRef{Kind: deptlists.Civil, Types: []string{deptlists.Dibao}}
	cv := deptlists.SpecOf(deptlists.Civil).SayAbsent(civil)
	if !cv.PFields.Has(registry.PDibao) || cv.PFields.Has(registry.PTekun) {
		t.Errorf("a 低保 list's absence: %v", cv.PFields.List(registry.PersonTable))
	}
}

func TestAccept(t *testing.T) {
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	list := func(k deptlists.Kind) *deptlists.ListRef {
		return &deptlists.ListRef{ID: "L", Kind: k, At: at, Year: 2026}
	}
	agg := func() *registry.Aggregate {
		return &registry.Aggregate{Household: registry.Household{No: "H1", HousingGrade: "A", UnsafeHouse: registry.No},
			Persons: []registry.Person{
				{No: "P1", HouseholdNo: "H1", Health: "健康", IDNumber: idA},
				{No: "P2", HouseholdNo: "H1", Health: "健康", IDNumber: idB},
			},
			Incomes: []registry.Income{{HouseholdNo: "H1", Year: 2026, MedicalOOP: registry.Yuan(100)}}}
	}
	// 残联: the certificate's category and grade, and 残疾 in 健康状况.
	a := agg()
	f := &deptlists.Facts{Rows: []deptlists.Fact{{List: list(deptlists.Disability), PersonNo: "P2",
		Row: deptlists.Row{Type: "肢体残疾", Grade: "二级", State: deptlists.Valid}}}}
	ch, err := deptlists.Accept(deptlists.Disability, f, a, "P2", registry.NewDate(2026, 11, 28))
	if err != nil {
		t.Fatal(err)
	}
	if p := a.Persons[1]; p.DisabilityCategory != "肢体残疾" || p.DisabilityGrade != "二级" || p.Health != "残疾" || len(ch) != 3 {
		t.Errorf("残联 accept: %+v %v", p, ch)
	}
	// 住建: the household's grade.
	a = agg()
	f = &deptlists.Facts{Rows: []deptlists.Fact{{List: list(deptlists.Housing), Row: deptlists.Row{Grade: "D", State: deptlists.NotRebuilt,
		Date: registry.NewDate(2025, 9, 1)}}}}
	if _, err := deptlists.Accept(deptlists.Housing, f, a, "", registry.Date{}); err != nil {
		t.Fatal(err)
	}
	if h := a.Household; h.HousingGrade != "D" || h.UnsafeHouse != registry.Yes || h.HousingAppraised != registry.NewDate(2025, 9, 1) {
		t.Errorf("住建 accept: %+v", h)
	}
	// 卫健: the illness, and the household's year of out-of-pocket costs.
	a = agg()
	f = &deptlists.Facts{Rows: []deptlists.Fact{
		{List: list(deptlists.Health), PersonNo: "P1", Row: deptlists.Row{State: deptlists.Serious, Amount: registry.Yuan(20000), Year: 2026}},
		{List: list(deptlists.Health), PersonNo: "P2", Row: deptlists.Row{State: deptlists.OtherIll, Amount: registry.Yuan(9000), Year: 2026}},
	}}
	if _, err := deptlists.Accept(deptlists.Health, f, a, "P1", registry.Date{}); err != nil {
		t.Fatal(err)
	}
	if a.Persons[0].Health != "患有大病" || a.Incomes[0].MedicalOOP != registry.Yuan(29000) {
		t.Errorf("卫健 accept: %q %v", a.Persons[0].Health, a.Incomes[0].MedicalOOP)
	}
	// 公安: a move marks the person as left.
	a = agg()
	f = &deptlists.Facts{Rows: []deptlists.Fact{{List: list(deptlists.Police), PersonNo: "P1", Row: deptlists.Row{State: deptlists.MovedOut,
		Date: registry.NewDate(2026, 4, 1)}}}}
	if _, err := deptlists.Accept(deptlists.Police, f, a, "P1", registry.Date{}); err != nil || a.Persons[0].LeftOn != registry.NewDate(2026, 4, 1) {
		t.Errorf("公安 move: %v %v", a.Persons[0].LeftOn, err)
	}
	// Nothing to accept.
	if _, err := deptlists.Accept(deptlists.Medical, f, agg(), "P1", registry.Date{}); err == nil {
		t.Error("an accept without the kind's data passed")
	}
}

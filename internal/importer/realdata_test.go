package importer

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// countyHeaders are the headers of a county working copy of the 2023 member export, as the
// county writes them: a 序号, short place names, required marks, a line break, a unit, the
// single 致贫返贫风险, 是否脱贫户 for 户类型, and a column of its own (备注).
var countyHeaders = []string{"序号", "县(市、区、旗)", "乡(镇)", "行政村", "户编号", "*户主姓名", "家庭人口数",
	"人编号", "姓名", "性别", "证件号码\n（身份证号码）", "与户主关系", "文化程度", "在校生状况", "享受低保政策情况",
	"致贫返贫风险", "是否脱贫户", "监测对象类别", "识别监测时间", "务工所在地", "年度", "纯收入（元）",
	"人均纯收入（元）", "耕地面积（亩）", "备注"}

// householdHeaders are the headers whose cells describe the household: the ones a county merges
// down over the members' rows.
var householdHeaders = []string{"县(市、区、旗)", "乡(镇)", "行政村", "户编号", "*户主姓名", "家庭人口数", "致贫返贫风险",
	"是否脱贫户", "监测对象类别", "识别监测时间", "年度", "纯收入（元）", "人均纯收入（元）", "耕地面积（亩）"}

type countyHousehold struct {
	fields  map[string]string
	members []map[string]string
}

func countyHouseholds() []countyHousehold {
	return []countyHousehold{
		{fields: map[string]string{"县(市、区、旗)": "通渭县", "乡(镇)": "马营镇", "行政村": "东关村民委员会",
			"户编号": "6211211012010001", "*户主姓名": "王建国", "家庭人口数": "3", "致贫返贫风险": "因病,务工就业不稳",
			"是否脱贫户": "是", "监测对象类别": "边缘户", "识别监测时间": "202303", "年度": "2024",
			"纯收入（元）": "32550", "人均纯收入（元）": "10850", "耕地面积（亩）": "4.5"},
			members: []map[string]string{
				{"人编号": "621121101201000101", "姓名": "王建国", "性别": "1", "证件号码\n（身份证号码）": nftest.ID("19680312", 13),
					"与户主关系": "户主", "文化程度": "高中（含职业高中、技校）", "在校生状况": "非在校生", "享受低保政策情况": "农村低保",
					"务工所在地": "浙江省宁波市鄞州区"},
				{"人编号": "621121101201000102", "姓名": "李秀英", "性别": "2", "证件号码\n（身份证号码）": nftest.ID("19700805", 22),
					"与户主关系": "配偶", "文化程度": "小学", "在校生状况": "-", "享受低保政策情况": "农村低保", "务工所在地": "/"},
				{"人编号": "621121101201000103", "姓名": "王小明", "性别": "1", "证件号码\n（身份证号码）": nftest.ID("20080101", 15),
					"与户主关系": "之子", "文化程度": "—", "在校生状况": "高中一年级", "享受低保政策情况": "农村低保", "备注": "住校"},
			}},
		{fields: map[string]string{"县(市、区、旗)": "通渭县", "乡(镇)": "马营镇", "行政村": "东关村民委员会",
			"户编号": "6211211012010002", "*户主姓名": "张有福", "家庭人口数": "4", "致贫返贫风险": "因缺劳动力",
			"是否脱贫户": "否", "监测对象类别": "突发严重困难户", "识别监测时间": "2024年5月", "年度": "2024",
			"纯收入（元）": "28000", "人均纯收入（元）": "7000", "耕地面积（亩）": "-"},
			members: []map[string]string{
				{"人编号": "621121101201000201", "姓名": "张有福", "性别": "1", "证件号码\n（身份证号码）": nftest.ID("19550202", 11),
					"与户主关系": "户主", "文化程度": "小学", "享受低保政策情况": "未享受"},
				{"人编号": "621121101201000202", "姓名": "赵桂兰", "性别": "2", "证件号码\n（身份证号码）": nftest.ID("19570303", 20),
					"与户主关系": "配偶", "文化程度": "文盲或半文盲", "享受低保政策情况": "不享受"},
				{"人编号": "621121101201000203", "姓名": "张强", "性别": "1", "证件号码\n（身份证号码）": nftest.ID("19850404", 31),
					"与户主关系": "之子", "文化程度": "大专及以上", "享受低保政策情况": "未享受", "务工所在地": "省外"},
				{"人编号": "621121101201000204", "姓名": "张小花", "性别": "2", "证件号码\n（身份证号码）": nftest.ID("20120606", 42),
					"与户主关系": "之孙女", "在校生状况": "小学", "享受低保政策情况": "未享受"},
			}},
	}
}

// writeCountySheet writes the county sheet to path: a title, the header on row 3, the
// households, and a footer. With merged set, each household's cells are written on its first
// row only and merged down over its members' rows, as county working copies have them.
func writeCountySheet(t *testing.T, path string, merged bool) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Sheet1"
	set := func(col, row int, v string) {
		cell, _ := excelize.CoordinatesToCellName(col+1, row)
		if err := f.SetCellStr(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(countyHeaders), 1)
	set(0, 1, "通渭县防止返贫监测对象信息采集表（2024年度）")
	if err := f.MergeCell(sh, "A1", last); err != nil {
		t.Fatal(err)
	}
	set(0, 2, "填报单位：马营镇人民政府")
	for j, h := range countyHeaders {
		set(j, 3, h)
	}
	row, seq := 4, 0
	for _, hh := range countyHouseholds() {
		top := row
		for i, m := range hh.members {
			seq++
			set(0, row, strconv.Itoa(seq))
			for j, h := range countyHeaders {
				v, ok := m[h]
				if !ok && (i == 0 || !merged) {
					v = hh.fields[h]
				}
				if v != "" {
					set(j, row, v)
				}
			}
			row++
		}
		if merged {
			for _, h := range householdHeaders {
				j := slices.Index(countyHeaders, h)
				a, _ := excelize.CoordinatesToCellName(j+1, top)
				b, _ := excelize.CoordinatesToCellName(j+1, row-1)
				if err := f.MergeCell(sh, a, b); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	set(0, row, "填表人：张三")
	if !merged {
		// A footer spread over cells of the table's columns.
		set(1, row, "填表人：张三")
		set(8, row, "联系电话：13993210000")
	}
	if merged {
		a, _ := excelize.CoordinatesToCellName(1, row)
		b, _ := excelize.CoordinatesToCellName(len(countyHeaders), row)
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestImportCountySheetMerged: a county working copy whose household cells are merged down over
// the members' rows imports exactly as the same sheet with the cells repeated on every row; the
// real spellings, placeholders and headers of the sheet read without a blocking error or defect.
func TestImportCountySheetMerged(t *testing.T) {
	dir := t.TempDir()
	plainPath, mergedPath := filepath.Join(dir, "底表.xlsx"), filepath.Join(dir, "底表_合并.xlsx")
	writeCountySheet(t, plainPath, false)
	writeCountySheet(t, mergedPath, true)

	plainDB, mergedDB := storetest.SQLite(t), storetest.SQLite(t)
	plainRep, _, err := importFiles(t, newImporter(t, plainDB.DB), Options{}, plainPath)
	if err != nil {
		t.Fatalf("plain sheet: %v\n%s", err, summary(plainRep))
	}
	mergedRep, res, err := importFiles(t, newImporter(t, mergedDB.DB), Options{}, mergedPath)
	if err != nil {
		t.Fatalf("merged sheet: %v\n%s", err, summary(mergedRep))
	}
	if res.Households.Added != 2 || res.Persons.Added != 7 {
		t.Errorf("added %+v %+v", res.Households, res.Persons)
	}
	if got, want := snapshot(t, mergedDB.DB), snapshot(t, plainDB.DB); !reflect.DeepEqual(got, want) {
		t.Errorf("the merged sheet imports otherwise:\n got %+v\nwant %+v", got, want)
	}
	if plainRep.Ignored != 1 {
		t.Errorf("the footer was not ignored: %d rows ignored", plainRep.Ignored)
	}
	if mergedRep.Rows != plainRep.Rows || mergedRep.Rows != 7 || mergedRep.DefectTotal != plainRep.DefectTotal ||
		mergedRep.SpelledTotal != plainRep.SpelledTotal || len(mergedRep.Sheets) != 1 {
		t.Errorf("reports differ: merged %d rows, %d defects, %d spelled, %d sheets; plain %d rows, %d defects, %d spelled",
			mergedRep.Rows, mergedRep.DefectTotal, mergedRep.SpelledTotal, len(mergedRep.Sheets), plainRep.Rows, plainRep.DefectTotal, plainRep.SpelledTotal)
	}
	if s := mergedRep.Sheets[0]; s.Filled != 2*len(householdHeaders) || plainRep.Sheets[0].Filled != 0 {
		t.Errorf("filled ranges: merged %d, plain %d", s.Filled, plainRep.Sheets[0].Filled)
	}
	if !strings.Contains(summary(mergedRep), "已按合并区域左上角的值补齐") {
		t.Errorf("the summary does not say the merged cells were filled:\n%s", summary(mergedRep))
	}

	// What the sheet says, read as the registry means it.
	a := get(t, mergedDB.DB, "6211211012010001")
	h := &a.Household
	if h.Kind != registry.KindAlleviated || h.Category != registry.MonEdge || !slices.Equal(h.RiskTypes, []string{"因病", "因务工就业不稳"}) ||
		h.DeclaredSize != 3 || h.IdentifiedOn != registry.NewMonth(2023, 3) {
		t.Errorf("household %+v", *h)
	}
	wang := person(a, "621121101201000101")
	if wang.Gender != "男" || wang.Education != "高中" || wang.SchoolStatus != "" || wang.Dibao != registry.Yes ||
		wang.WorkLocation != "浙江省宁波市鄞州区" {
		t.Errorf("王建国 %+v", *wang)
	}
	if son := person(a, "621121101201000103"); son.SchoolStatus != "普通高中一年级" || son.Education != "" {
		t.Errorf("王小明 %+v", *son)
	}
	if wife := person(a, "621121101201000102"); wife.WorkLocation != "" {
		t.Errorf("李秀英's 务工所在地 %q: a placeholder is a blank cell", wife.WorkLocation)
	}
	in := a.Income(2024)
	if in == nil || in.DeclaredNet != registry.StatedOf(registry.Yuan(32550)) || in.DeclaredPerCapita != registry.StatedOf(registry.Yuan(10850)) {
		t.Errorf("income %+v", in)
	}
	b := get(t, mergedDB.DB, "6211211012010002")
	if b.Household.Kind != registry.KindOrdinary || !slices.Equal(b.Household.RiskTypes, []string{"缺劳动力"}) ||
		b.Household.Dibao != registry.No || person(b, "621121101201000203").Education != "大专" {
		t.Errorf("household 2: %+v", b.Household)
	}

	// The spellings read are counted, each with its standard value.
	sum := summary(mergedRep)
	// A household's cells count on each of its rows.
	for _, want := range []string{"已按常见写法读取 28 处", "风险类型「务工就业不稳」→「因务工就业不稳」 3 处", "性别「1」→「男」 4 处",
		"是否享受低保「农村低保」→「是」 3 处", "在校生状况「非在校生」→空白 1 处", "监测对象类别「边缘户」→「边缘易致贫户」 3 处",
		"文化程度「高中（含职业高中、技校）」→「高中」 1 处"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	if mergedRep.DefectTotal != 0 {
		t.Errorf("defects %+v", mergedRep.Defects)
	}
}

// TestImportBlankKeysWithoutMerges: a blank 户编号 that no merged cell explains still blocks,
// and the sheet is read once.
func TestImportBlankKeysWithoutMerges(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "底表.xlsx")
	writeCountySheet(t, path, true)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ranges, _ := f.GetMergeCells("Sheet1")
	for _, r := range ranges {
		if err := f.UnmergeCell("Sheet1", r.GetStartAxis(), r.GetEndAxis()); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	e := storetest.SQLite(t)
	st, err := newImporter(t, e.DB).Stage(context.Background(), files(path))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rep := &st.Report
	// Five member rows lack their household's cells: place and 户编号.
	if rep.Blocking != 10 || rep.Sheets[0].Filled != 0 || !strings.Contains(rep.Issues[1].Reason, "户编号为空") {
		t.Errorf("blocking %d, filled %d, issues %+v", rep.Blocking, rep.Sheets[0].Filled, rep.Issues)
	}
}

// TestColumnMapping: the report says how each header was read, which were not and why, and
// which fields the sheet lacks; import --check prints it.
func TestColumnMapping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "底表.xlsx")
	writeCountySheet(t, path, false)
	e := storetest.SQLite(t)
	st, err := newImporter(t, e.DB).Stage(context.Background(), files(path))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := st.Report.Sheets[0]
	if len(s.Columns) != len(countyHeaders) {
		t.Fatalf("%d columns, want %d: %+v", len(s.Columns), len(countyHeaders), s.Columns)
	}
	byHeader := map[string]ColumnUse{}
	for _, u := range s.Columns {
		byHeader[u.Header] = u
	}
	for header, want := range map[string]ColumnUse{
		"户编号":          {Col: "E", Header: "户编号", Field: "户编号", Read: true},
		"证件号码 （身份证号码）": {Col: "K", Header: "证件号码 （身份证号码）", Field: "证件号码", Read: true},
		"享受低保政策情况":     {Col: "O", Header: "享受低保政策情况", Field: "是否享受低保", Read: true},
		"是否脱贫户":        {Col: "Q", Header: "是否脱贫户", Field: "是否脱贫户", Read: true},
		"备注":           {Col: "Y", Header: "备注", Note: "未识别的列，已忽略"},
		"*户主姓名":        {Col: "F", Header: "*户主姓名", Field: "户主姓名", Note: "不导入：由系统从其他数据得出"},
		"耕地面积（亩）":      {Col: "X", Header: "耕地面积（亩）", Field: "耕地面积", Note: "已识别，未导入：系统暂不保存此项"},
	} {
		if got := byHeader[header]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, want %+v", header, got, want)
		}
	}
	var lacking []string
	for _, l := range s.Lacking {
		lacking = append(lacking, l.Name)
	}
	if !slices.Contains(lacking, "劳动技能") || !slices.Contains(lacking, "工资性收入") || slices.Contains(lacking, "户类型") ||
		slices.Contains(lacking, "风险类型1") || slices.Contains(lacking, "姓名") {
		t.Errorf("lacking %q", lacking)
	}
	var b strings.Builder
	st.Report.WriteColumns(&b)
	out := b.String()
	for _, want := range []string{"列对应关系：", "E列「户编号」→ 户编号", "O列「享受低保政策情况」→ 是否享受低保",
		"Y列「备注」：未识别的列，已忽略", "X列「耕地面积（亩）」：已识别，未导入", "表中没有的列", "劳动技能"} {
		if !strings.Contains(out, want) {
			t.Errorf("mapping lacks %q:\n%s", want, out)
		}
	}
}

func summary(rep *Report) string {
	var b strings.Builder
	rep.Summary(&b, 20)
	return b.String()
}

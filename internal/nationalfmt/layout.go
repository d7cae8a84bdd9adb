package nationalfmt

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gonggu/gonggu/internal/csvout"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/workbook"
)

// A Layout is how a real file lays out the member table (REALDATA.md): the national system's
// 2023 export (a title above the header on row 3, 序号, the 2023 headers, 享受低保政策情况 as
// 农村低保 / 未享受, 务工所在地 as a place, none of the housing and living-condition columns),
// its 2021 export (a two-row header with group cells, 性别 as 1/2, older 户类型 spellings,
// 务工状况 as 乡（镇）外县内务工 …) and a county working sheet (the household cells merged down
// across the member rows, 县内 / 省内县外 / 省外, "/" in cells that do not apply). gonggu writes
// them so that its tests and the demo can read files as counties hand them in; the canonical
// layout of Writer is the one that keeps everything.
type Layout struct {
	Name   string   // national2023, national2021, county
	Title  string   // in Chinese
	Banner []string // rows above the header
	Cols   []LayoutCol
	// Merge merges each household cell down across the household's member rows, as county
	// working copies do.
	Merge bool
	// Blank is written in the cells of LayoutCol.Dash columns that have no value ("/").
	Blank string
}

// LayoutCol is one column of a layout.
type LayoutCol struct {
	Header string // as the layout writes it
	Group  string // the upper cell of a two-row header ("" where the header spans both rows)
	// From is the member-table column the value comes from, or one of the pseudo-columns
	// 序号 (the row's serial number), 致贫返贫风险 (the risks joined by commas) and 是否脱贫户.
	From string
	// Conv turns the canonical value into what the layout writes; nil writes it as it is.
	Conv func(v string, x *layoutRow) string
	// House marks a household cell: merged down in Merge layouts.
	House bool
	// Dash writes Layout.Blank in the cell when it has no value.
	Dash bool
}

// layoutRow is what a conversion may read: the row's record and its person's work area.
type layoutRow struct {
	rec  *Record
	area region.WorkArea
	// place is the person's 务工所在地 as a place (a category written as a place in its area).
	place string
}

// The layouts, by name.
var (
	National2023 = &Layout{Name: "national2023", Title: "全国防返贫监测信息系统导出（2023 年起）",
		Banner: []string{"防止返贫监测信息系统  家庭成员信息", "数据来源：全国防返贫监测信息系统"}, Cols: cols2023()}
	National2021 = &Layout{Name: "national2021", Title: "全国防返贫监测信息系统导出（2021 年，两行表头）",
		Banner: []string{"全国防返贫监测信息系统家庭成员信息表"}, Cols: cols2021()}
	County = &Layout{Name: "county", Title: "县级工作底表（户信息合并单元格）",
		Banner: []string{"脱贫户和监测户家庭成员底表"}, Cols: colsCounty(), Merge: true, Blank: "/"}
	// Layouts lists them in order.
	Layouts = []*Layout{National2023, National2021, County}
)

// LayoutByName returns the layout with the name.
func LayoutByName(name string) (*Layout, bool) {
	for _, l := range Layouts {
		if l.Name == name {
			return l, true
		}
	}
	return nil, false
}

func col(header, from string) LayoutCol { return LayoutCol{Header: header, From: from} }

func house(c LayoutCol) LayoutCol { c.House = true; return c }

func conv(c LayoutCol, f func(v string, x *layoutRow) string) LayoutCol { c.Conv = f; return c }

func group(g string, cs ...LayoutCol) []LayoutCol {
	for i := range cs {
		cs[i].Group = g
	}
	return cs
}

// flagAs writes 是 and 否 as the words given.
func flagAs(yes, no string) func(v string, x *layoutRow) string {
	return func(v string, _ *layoutRow) string {
		switch v {
		case "是":
			return yes
		case "否":
			return no
		}
		return v
	}
}

// stated writes the figure the file states, or gonggu's own when the registry has none.
func stated(own string) func(v string, x *layoutRow) string {
	return func(v string, x *layoutRow) string {
		if v != "" {
			return v
		}
		return Members.Columns[Members.Column(own)].Format(x.rec)
	}
}

func incomeCols2023() []LayoutCol {
	return []LayoutCol{
		col("年度", "年度"), col("工资性收入", "工资性收入"), col("其中:公益性岗位收入", "公益性岗位收入"),
		col("生产经营性收入", "生产经营性收入"), col("财产性收入", "财产性收入"),
		col("其中:资产收益扶贫分红收入", "资产收益扶贫分红收入"), col("转移性收入", "转移性收入"),
		col("养老金或离退休金", "养老金或离退休金"), col("计划生育金", "计划生育金"), col("生态补偿金", "生态补偿金"),
		col("最低生活保障金", "最低生活保障金"), col("特困人员救助供养金", "特困人员救助供养金"),
		col("其他转移性收入", "其他转移性收入"), col("生产经营性支出（合计）", "生产经营性支出"),
		col("专项用于减少生产经营性支出的补贴", "专项用于减少生产经营性支出的补贴"), col("合规自付支出(元)", "合规自付医疗支出"),
		conv(col("纯收入（元）", "纯收入"), stated("纯收入（系统计算）")),
		conv(col("人均纯收入（元）", "人均纯收入"), stated("人均纯收入（系统计算）")),
		col("年度家庭人口数", "年度家庭人口数"),
	}
}

func measureCols(header func(typ string) string) []LayoutCol {
	var out []LayoutCol
	for _, t := range MeasureTypes {
		out = append(out, col(header(t), t))
	}
	return out
}

func cols2023() []LayoutCol {
	cs := []LayoutCol{
		col("序号", "序号"), col("省", "省"), col("市", "市"), col("县(市、区、旗)", "县"), col("乡(镇)", "乡"), col("行政村", "村"),
		col("户编号", "户编号"), col("人口编号", "人口编号"), col("姓名", "姓名"), col("性别", "性别"), col("出生日期", "出生日期"),
		col("证件类型", "证件类型"), col("证件号码\n（身份证号码）", "证件号码"), col("与户主关系", "与户主关系"), col("民族", "民族"),
		col("政治面貌", "政治面貌"), col("文化程度", "文化程度"), col("在校生状况", "在校生状况"), col("健康状况", "健康状况"),
		col("残疾类别", "残疾类别"), col("劳动技能", "劳动技能"),
		conv(col("务工所在地", "务工所在地"), func(v string, x *layoutRow) string { return x.place }),
		col("务工时长(月)", "务工时间（月）"), col("务工企业名称", "务工企业名称"), col("就业渠道", "就业渠道"),
		col("公益性岗位", "公益性岗位类型"), col("公益性岗位(月数)", "公益性岗位(月数)"),
		col("是否参加居民医疗保险", "是否参加城乡居民基本医疗保险"), col("是否参加职工医疗保险", "是否参加城镇职工基本医疗保险"),
		col("是否参加大病保险", "是否参加大病保险"), col("是否参加居民基本养老保险", "是否参加城乡居民基本养老保险"),
		col("是否参加城镇职工基本养老保险", "是否参加城镇职工基本养老保险"),
		conv(col("享受低保政策情况", "是否享受低保"), flagAs("农村低保", "未享受")),
		conv(col("享受特困供养政策情况", "是否特困供养人员"), flagAs("农村特困", "未享受")),
		col("家庭成员联系电话", "成员联系电话"), col("户联系电话", "户联系电话"), col("义务教育阶段未上学原因", "失学或辍学原因"),
		col("户类型", "户类型"), col("脱贫年度", "脱贫年度"), col("监测对象类别", "监测对象类别"),
	}
	for i := 1; i <= 5; i++ {
		cs = append(cs, col(fmt.Sprintf("致贫/返贫风险%d", i), fmt.Sprintf("风险类型%d", i)))
	}
	cs = append(cs, col("风险是否已消除", "风险是否已消除"), col("风险消除方式", "风险消除方式"), col("识别监测时间", "识别监测时间"),
		col("消除监测时间", "消除监测时间"), col("是否危房户", "是否危房户"), col("是否解决安全饮用水", "是否解决安全饮用水"),
		col("实施开发式帮扶措施情况", "实施开发式帮扶措施情况"), col("整户无劳动能力兜底保障户", "整户无劳动能力兜底保障户"),
		col("当前家庭人口数", "家庭人口数"))
	cs = append(cs, measureCols(func(t string) string {
		if t == registry.MeasurePublicPost {
			return "公益性岗位帮扶"
		}
		return t
	})...)
	return append(cs, incomeCols2023()...)
}

// oldWorkState writes a work area as the 2021 field 务工状况 did. Abroad had no value of its
// own and was counted with 省外.
func oldWorkState(_ string, x *layoutRow) string {
	switch x.area {
	case region.AreaTownship:
		return "乡（镇）内务工"
	case region.AreaCountyOtherTownship, region.AreaCounty:
		return "乡（镇）外县内务工"
	case region.AreaProvince:
		return "县外省内务工"
	case region.AreaOtherProvince, region.AreaAbroad:
		return "省外务工"
	}
	return ""
}

// oldKind writes 户类型 as the older exports did: 低保脱贫户 for a 脱贫户 on 低保.
func oldKind(v string, x *layoutRow) string {
	if v != registry.KindAlleviated {
		return v
	}
	if x.rec.Household.Dibao == registry.Yes {
		return "低保脱贫户"
	}
	return "一般脱贫户"
}

func genderCode(v string, _ *layoutRow) string {
	switch v {
	case "男":
		return "1"
	case "女":
		return "2"
	}
	return v
}

func cols2021() []LayoutCol {
	var cs []LayoutCol
	cs = append(cs, col("省", "省"), col("市", "市"), col("县", "县"), col("乡", "乡"), col("村", "村"), col("户编号", "户编号"))
	cs = append(cs, group("家庭成员基本信息", col("人口编号", "人口编号"), col("姓名", "姓名"), conv(col("性别", "性别"), genderCode),
		col("出生日期", "出生日期"), col("证件类型", "证件类型"), col("证件号码", "证件号码"), col("与户主关系", "与户主关系"),
		col("民族", "民族"), col("政治面貌", "政治面貌"), col("文化程度", "文化程度"), col("在校生状况", "在校生状况"),
		col("失学或辍学原因", "失学或辍学原因"), col("健康状况", "健康状况"), col("残疾类别", "残疾类别"), col("劳动技能", "劳动技能"),
		col("成员联系电话", "成员联系电话"))...)
	cs = append(cs, group("务工情况", conv(col("务工状况", "务工所在地"), oldWorkState), col("务工时间（月）", "务工时间（月）"),
		col("务工企业名称", "务工企业名称"), col("就业渠道", "就业渠道"), col("公益性岗位类型", "公益性岗位类型"),
		col("公益性岗位(月数)", "公益性岗位(月数)"))...)
	cs = append(cs, group("保障情况", col("是否享受低保", "是否享受低保"), col("是否特困供养人员", "是否特困供养人员"),
		col("是否参加新型农村合作医疗（城乡居民基本医疗保险）", "是否参加城乡居民基本医疗保险"),
		col("是否参加城镇职工基本医疗保险", "是否参加城镇职工基本医疗保险"), col("是否参加大病保险", "是否参加大病保险"),
		col("是否参加城乡居民基本养老保险", "是否参加城乡居民基本养老保险"), col("是否参加城镇职工基本养老保险", "是否参加城镇职工基本养老保险"))...)
	cs = append(cs, conv(col("户类型", "户类型"), oldKind), col("脱贫年度", "脱贫年度"), col("家庭人口数", "家庭人口数"),
		col("户联系电话", "户联系电话"), col("是否危房户", "是否危房户"), col("是否解决安全饮用水", "是否解决安全饮用水"))
	risks := []LayoutCol{col("监测对象类别", "监测对象类别")}
	for i := 1; i <= 5; i++ {
		risks = append(risks, col(fmt.Sprintf("风险类型%d", i), fmt.Sprintf("风险类型%d", i)))
	}
	risks = append(risks, col("风险是否已消除", "风险是否已消除"), col("风险消除方式", "风险消除方式"),
		col("识别监测时间", "识别监测时间"), col("消除监测时间", "消除监测时间"))
	cs = append(cs, group("监测信息", risks...)...)
	cs = append(cs, group("帮扶措施", measureCols(func(t string) string { return t })...)...)
	income := []LayoutCol{col("年度", "年度"), col("工资性收入", "工资性收入"), col("公益性岗位收入", "公益性岗位收入"),
		col("生产经营性收入", "生产经营性收入"), col("财产性收入", "财产性收入"), col("资产收益扶贫分红收入", "资产收益扶贫分红收入"),
		col("转移性收入", "转移性收入"), col("养老金或离退休金", "养老金或离退休金"), col("计划生育金", "计划生育金"),
		col("生态补偿金", "生态补偿金"), col("最低生活保障金", "最低生活保障金"), col("特困人员救助供养金", "特困人员救助供养金"),
		col("其他转移性收入", "其他转移性收入"), col("生产经营性支出", "生产经营性支出"), col("合规自付医疗支出", "合规自付医疗支出"),
		conv(col("人均纯收入", "人均纯收入"), stated("人均纯收入（系统计算）"))}
	return append(cs, group("收入情况（元）", income...)...)
}

// countyArea writes a work area as county working sheets do.
func countyArea(_ string, x *layoutRow) string {
	switch x.area {
	case region.AreaTownship, region.AreaCountyOtherTownship, region.AreaCounty:
		return "县内"
	case region.AreaProvince:
		return "省内县外"
	case region.AreaOtherProvince:
		return "省外"
	case region.AreaAbroad:
		return "境外"
	}
	return ""
}

func colsCounty() []LayoutCol {
	dash := func(c LayoutCol) LayoutCol { c.Dash = true; return c }
	cs := []LayoutCol{
		col("序号", "序号"), house(col("县(区)", "县")), house(col("乡镇", "乡")), house(col("村", "村")), house(col("户编号", "户编号")),
		house(col("户主姓名", "户主姓名")), house(col("家庭人口数", "家庭人口数")), house(col("户类型", "户类型")),
		house(col("监测对象类别", "监测对象类别")), house(col("识别监测时间", "识别监测时间")),
		house(col("致贫返贫风险", "致贫返贫风险")), house(col("风险是否已消除", "风险是否已消除")),
		house(col("户联系电话", "户联系电话")),
		col("人口编号", "人口编号"), col("姓名", "姓名"), col("性别", "性别"), col("证件号码", "证件号码"), col("与户主关系", "与户主关系"),
		dash(col("文化程度", "文化程度")), dash(col("在校生状况", "在校生状况")), col("健康状况", "健康状况"),
		col("劳动技能", "劳动技能"), dash(conv(col("务工所在地", "务工所在地"), countyArea)), dash(col("务工时间（月）", "务工时间（月）")),
		col("是否享受低保", "是否享受低保"), col("是否参加城乡居民基本医疗保险", "是否参加城乡居民基本医疗保险"),
		col("是否参加城镇职工基本医疗保险", "是否参加城镇职工基本医疗保险"),
	}
	for _, m := range measureCols(func(t string) string { return t }) {
		m.House, m.Dash = true, true
		cs = append(cs, m)
	}
	return append(cs, house(conv(col("人均纯收入（元）", "人均纯收入"), stated("人均纯收入（系统计算）"))))
}

// LayoutWriter writes households in a layout, as an xlsx workbook (WriteTo) or a csv file in
// GB18030 (the csv a county's Excel on Chinese Windows saves). Only the current members are
// written, each with the household's latest year's income, as the national member export
// lists a household. It streams.
type LayoutWriter struct {
	L *Layout
	// Names gives the 省 市 县 乡 村 names of a village code.
	Names func(village region.Code) [5]string
	// Tree and Places turn 务工所在地 into the layout's form: a place (2023) or an area.
	Tree   *region.Tree
	Places *region.WorkAreaResolver

	f      *excelize.File
	sw     *excelize.StreamWriter
	csv    *csvout.Writer
	row    int // the last row written
	serial int
	cols   []int // layout column → member-table column (-1 for pseudo-columns)
	cells  []any
	text   []string
}

// NewLayoutWriter starts an xlsx workbook in the layout.
func NewLayoutWriter(l *Layout, tree *region.Tree, places *region.WorkAreaResolver) (*LayoutWriter, error) {
	w := &LayoutWriter{L: l, Names: NamesFrom(tree), Tree: tree, Places: places, f: excelize.NewFile()}
	if err := w.index(); err != nil {
		return nil, err
	}
	sheet := "家庭成员信息"
	if err := w.f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法创建导出文件")
	}
	sw, err := w.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法创建导出文件")
	}
	w.sw = sw
	for _, b := range l.Banner {
		w.row++
		if err := sw.SetRow("A"+strconv.Itoa(w.row), []any{b}); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
		if err := w.merge(0, w.row, len(l.Cols)-1, w.row); err != nil {
			return nil, err
		}
	}
	twoRows := slices.ContainsFunc(l.Cols, func(c LayoutCol) bool { return c.Group != "" })
	var upper, lower []any
	for i, c := range l.Cols {
		upper, lower = append(upper, c.Group), append(lower, c.Header)
		if twoRows && c.Group == "" {
			upper[i] = c.Header
		}
	}
	if twoRows {
		w.row++
		if err := sw.SetRow("A"+strconv.Itoa(w.row), upper); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
		// A header without a group spans both rows; a group spans its columns.
		for i := 0; i < len(l.Cols); {
			j := i
			for j+1 < len(l.Cols) && l.Cols[i].Group != "" && l.Cols[j+1].Group == l.Cols[i].Group {
				j++
			}
			var err error
			if l.Cols[i].Group == "" {
				err = w.merge(i, w.row, i, w.row+1)
			} else if j > i {
				err = w.merge(i, w.row, j, w.row)
			}
			if err != nil {
				return nil, err
			}
			i = j + 1
		}
		for i, c := range l.Cols {
			if c.Group == "" {
				lower[i] = nil
			}
		}
	}
	w.row++
	if err := sw.SetRow("A"+strconv.Itoa(w.row), lower); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	return w, nil
}

// NewLayoutCSV starts a csv file in the layout, written to out in GB18030: one header row,
// no banner and no merged cells, as a sheet saved as csv is.
func NewLayoutCSV(l *Layout, tree *region.Tree, places *region.WorkAreaResolver, out io.Writer) (*LayoutWriter, error) {
	w := &LayoutWriter{L: l, Names: NamesFrom(tree), Tree: tree, Places: places,
		csv: csvout.NewWriter(simplifiedchinese.GB18030.NewEncoder().Writer(out))}
	if err := w.index(); err != nil {
		return nil, err
	}
	head := make([]string, len(l.Cols))
	for i, c := range l.Cols {
		head[i] = c.Header
	}
	w.csv.Write(head)
	return w, w.csv.Error()
}

func (w *LayoutWriter) index() error {
	w.cols = make([]int, len(w.L.Cols))
	for i, c := range w.L.Cols {
		w.cols[i] = Members.Column(c.From)
		switch c.From {
		case "序号", "致贫返贫风险", "是否脱贫户":
		default:
			if w.cols[i] < 0 {
				return errs.E(errs.Internal, "布局 %s 的列「%s」取自不存在的列「%s」", w.L.Name, c.Header, c.From)
			}
		}
	}
	return nil
}

func (w *LayoutWriter) merge(c1, r1, c2, r2 int) error {
	a, _ := excelize.CoordinatesToCellName(c1+1, r1)
	b, _ := excelize.CoordinatesToCellName(c2+1, r2)
	if err := w.sw.MergeCell(a, b); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	return nil
}

// Write writes one household: a row per current member, heads first.
func (w *LayoutWriter) Write(a *registry.Aggregate) error {
	var rec Record
	rec.SetHousehold(&a.Household)
	rec.Place = w.Names(a.Household.Village)
	rec.Code = string(a.Household.Village)
	rec.SetMeasures(a.Measures)
	if h := Head(a); h != nil {
		rec.HeadName, rec.HeadID = h.Name, h.IDNumber
	}
	latest := LatestIncome(a)
	rec.SetIncome(latest)
	if latest != nil {
		rec.PerCapita = perCapita(a, latest)
	}
	persons := a.Current()
	slices.SortStableFunc(persons, func(x, y *registry.Person) int {
		switch {
		case x.IsHead() == y.IsHead():
			return 0
		case x.IsHead():
			return -1
		}
		return 1
	})
	first := w.row + 1
	for k, p := range persons {
		rec.Person = *p
		x := layoutRow{rec: &rec}
		x.area, x.place = w.workPlace(p.WorkLocation, a.Household.Village)
		w.serial++
		w.cells, w.text = w.cells[:0], w.text[:0]
		for i, c := range w.L.Cols {
			v := w.value(i, c, &x)
			if w.L.Merge && c.House && k > 0 && w.csv == nil {
				v = "" // inside a merged range: the cell the spreadsheet leaves empty
			}
			w.text = append(w.text, v)
			switch {
			case v == "":
				w.cells = append(w.cells, nil)
			case w.cols[i] >= 0 && Members.Columns[w.cols[i]].Numeric() && c.Conv == nil:
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					w.cells = append(w.cells, f)
					continue
				}
				w.cells = append(w.cells, v)
			default:
				w.cells = append(w.cells, v)
			}
		}
		if w.csv != nil {
			w.csv.Write(w.text)
			if err := w.csv.Error(); err != nil {
				return errs.Wrap(err, errs.Internal, "无法写入导出文件")
			}
			continue
		}
		w.row++
		if w.row > workbook.MaxRows {
			return errs.E(errs.Invalid, "导出的行数超过 xlsx 的上限 %d 行，请按县或乡分别导出", workbook.MaxRows)
		}
		if err := w.sw.SetRow("A"+strconv.Itoa(w.row), w.cells); err != nil {
			return errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
	}
	if w.L.Merge && w.csv == nil && w.row > first {
		for i, c := range w.L.Cols {
			if c.House {
				if err := w.merge(i, first, i, w.row); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// value returns the layout's cell of column i for the row.
func (w *LayoutWriter) value(i int, c LayoutCol, x *layoutRow) string {
	var v string
	switch c.From {
	case "序号":
		v = strconv.Itoa(w.serial)
	case "致贫返贫风险":
		v = strings.Join(x.rec.Household.RiskTypes, ",")
	case "是否脱贫户":
		v = "否"
		if x.rec.Household.Kind == registry.KindAlleviated {
			v = "是"
		}
	default:
		v = Members.Columns[w.cols[i]].Format(x.rec)
	}
	if c.Conv != nil {
		v = c.Conv(v, x)
	}
	if v == "" && c.Dash {
		v = w.L.Blank
	}
	return v
}

// workPlace returns the work area of a 务工所在地 cell and the cell as a place: a place stays as
// written, an area becomes a place in it.
func (w *LayoutWriter) workPlace(cell string, home region.Code) (region.WorkArea, string) {
	if cell == "" || w.Places == nil {
		return "", cell
	}
	area, code, err := w.Places.WorkArea(cell, home)
	if err != nil || area == "" {
		return "", cell
	}
	if code == "" && area != region.AreaAbroad && w.Tree != nil {
		if p := w.Tree.PlaceIn(area, home, 0); p != "" {
			return area, p
		}
	}
	return area, cell
}

// WriteTo finishes the xlsx workbook and writes it to out.
func (w *LayoutWriter) WriteTo(out io.Writer) (int64, error) {
	if w.csv != nil {
		w.csv.Flush()
		return 0, w.csv.Error()
	}
	defer w.f.Close()
	if err := w.sw.Flush(); err != nil {
		return 0, errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	n, err := w.f.WriteTo(out)
	if err != nil {
		return n, errs.Wrap(err, errs.Internal, "无法写出导出文件")
	}
	return n, nil
}

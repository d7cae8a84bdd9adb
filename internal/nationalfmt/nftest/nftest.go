// Package nftest builds files that look like the national system's exports, for tests: the
// member table's headers in the national order, four households of 通渭县 with the kinds of
// defect real data has, and writers for xlsx (with a shared-string table, as Excel saves) and
// csv (UTF-8 with or without BOM, GB18030).
package nftest

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gonggu/gonggu/internal/idno"
)

// Row is a row of a table, by header.
type Row map[string]string

// MemberHeaders are the member table's headers in the order of the national export.
var MemberHeaders = []string{"省", "市", "县", "乡", "村", "户编号", "人口编号", "姓名", "性别", "出生日期",
	"证件类型", "证件号码", "民族", "户联系电话", "成员联系电话", "年度", "与户主关系", "文化程度", "在校生状况",
	"劳动技能", "务工时间（月）", "健康状况", "政治面貌", "务工企业名称", "务工所在地", "就业渠道", "是否享受低保",
	"是否特困供养人员", "是否参加城乡居民基本医疗保险", "是否参加城镇职工基本医疗保险", "是否参加大病保险",
	"是否参加城乡居民基本养老保险", "是否参加城镇职工基本养老保险", "失学或辍学原因", "公益性岗位类型",
	"公益性岗位(月数)", "残疾类别", "户主姓名", "户主证件号码", "监测对象类别", "风险类型1", "风险类型2",
	"风险类型3", "风险类型4", "风险类型5", "风险是否已消除", "风险消除方式", "识别监测时间", "消除监测时间",
	"是否危房户", "是否解决安全饮用水", "户类型", "脱贫年度", "家庭人口数", "产业帮扶", "就业帮扶", "公益岗位帮扶",
	"健康帮扶", "教育帮扶", "义务教育保障", "住房安全保障", "饮水安全保障", "综合保障", "搬迁", "生产生活条件改善",
	"基础设施建设", "社会帮扶", "金融帮扶", "工资性收入", "其中：公益性岗位收入", "生产经营性收入", "财产性收入",
	"转移性收入", "生产经营性支出", "人均纯收入"}

// oldNames are older and hand-edited names of member columns: older names, full-width
// brackets, stray spaces and line breaks.
var oldNames = map[string]string{
	"人口编号":   "人编号",
	"姓名":     " 姓名 ",
	"成员联系电话": "家庭成员联系电话",
	"是否享受低保": "是否享受农村居民最低生活保障",
	"是否参加城乡居民基本医疗保险": "是否参加新型农村合作医疗（城乡居民基本医疗保险）",
	"失学或辍学原因":        "义务教育阶段未上学原因",
	"公益性岗位(月数)":      "公益性岗位（月数）",
	"风险类型1":          "致贫/返贫风险1",
	"风险类型2":          "致贫/返贫风险2",
	"风险类型3":          "致贫/返贫风险3",
	"风险类型4":          "致贫/返贫风险4",
	"风险类型5":          "致贫/返贫风险5",
	"户类型":            "户类型\n",
}

// OldMemberHeaders are the member columns as older exports and hand-edited copies name them,
// with a duplicated column exported with a trailing 0 (风险是否已消除0).
var OldMemberHeaders = func() []string {
	var out []string
	for _, h := range MemberHeaders {
		if n, ok := oldNames[h]; ok {
			h = n
		}
		out = append(out, h)
		if h == "风险是否已消除" {
			out = append(out, "风险是否已消除0")
		}
	}
	return out
}()

// Rename returns rows with their headers renamed as in OldMemberHeaders.
func Rename(rows []Row) []Row {
	var out []Row
	for _, r := range rows {
		n := Row{}
		for k, v := range r {
			if o, ok := oldNames[k]; ok {
				k = o
			}
			n[k] = v
		}
		n["风险是否已消除0"] = r["风险是否已消除"]
		out = append(out, n)
	}
	return out
}

// IncomeHeaders are the headers of the yearly income table.
var IncomeHeaders = []string{"县", "乡", "村", "户编号", "户主姓名", "年度", "家庭人口数", "工资性收入",
	"其中：公益性岗位收入", "生产经营性收入", "财产性收入", "其中：资产收益扶贫分红收入", "转移性收入",
	"养老金或离退休金", "计划生育金", "生态补偿金", "最低生活保障金", "特困人员救助供养金", "其他转移性收入",
	"生产经营性支出", "合规自付医疗支出", "人均纯收入"}

// ID returns a valid ID number of 通渭县 for a birth date YYYYMMDD and a sequence number
// whose parity gives the sex (odd male).
func ID(birth string, seq int) string {
	t, err := time.Parse("20060102", birth)
	if err != nil {
		panic(err)
	}
	return idno.Make("621121", t, seq)
}

// WrongCheck returns id with a wrong check character.
func WrongCheck(id string) string {
	c := id[17]
	if c == '9' || c == 'X' {
		return id[:17] + "0"
	}
	return id[:17] + string(c+1)
}

// LostX returns the 17 digits of an ID whose check character is X, as a spreadsheet leaves
// it: the X dropped.
func LostX(birth string, male bool) string {
	for seq := 0; seq < 1000; seq++ {
		if (seq%2 == 1) != male {
			continue
		}
		id := ID(birth, seq)
		if id[17] == 'X' {
			return id[:17]
		}
	}
	panic("no sequence gives X")
}

// Old15 returns the old 15-digit form of an 18-digit ID.
func Old15(id18 string) string { return id18[:6] + id18[8:17] }

func place(township, village string) Row {
	return Row{"省": "甘肃省", "市": "定西市", "县": "通渭县", "乡": township, "村": village}
}

func merge(rows ...Row) Row {
	out := Row{}
	for _, r := range rows {
		for k, v := range r {
			out[k] = v
		}
	}
	return out
}

// Household is a fixture household: its household-level cells and its people's cells.
type Household struct {
	Fields  Row
	Persons []Row
}

// Rows returns the household's member rows: household fields repeated on each person's row.
func (h Household) Rows() []Row {
	var out []Row
	head := h.Persons[0]
	for _, p := range h.Persons {
		if p["与户主关系"] == "户主" {
			head = p
			break
		}
	}
	for _, p := range h.Persons {
		r := merge(h.Fields, p)
		r["户主姓名"], r["户主证件号码"] = head["姓名"], head["证件号码"]
		r["家庭人口数"] = strconv.Itoa(len(h.Persons))
		out = append(out, r)
	}
	return out
}

func person(no, name, gender, birth, id, relation string, extra Row) Row {
	r := Row{"人口编号": no, "姓名": name, "性别": gender, "出生日期": birth, "证件类型": "居民身份证",
		"证件号码": id, "民族": "汉族", "与户主关系": relation, "健康状况": "健康", "政治面貌": "群众",
		"是否享受低保": "否", "是否特困供养人员": "否", "是否参加城乡居民基本医疗保险": "是",
		"是否参加城镇职工基本医疗保险": "否", "是否参加大病保险": "是", "是否参加城乡居民基本养老保险": "是",
		"是否参加城镇职工基本养老保险": "否"}
	for k, v := range extra {
		r[k] = v
	}
	return r
}

// Households returns the four fixture households of 通渭县. Real national data has content
// defects, and so do they: a wrong check character (王小燕), an old 15-digit ID (张秀英), a
// lost X (陈丽), a household with two heads (陈家), an education outside the national list
// (王小军) and a gender that disagrees with the ID (孙桂芳).
func Households() []Household {
	h1 := Household{Fields: merge(place("马营镇", "东关村民委员会"), Row{"户编号": "6211211012010001",
		"户联系电话": "13993211001", "年度": "2024", "户类型": "脱贫户", "脱贫年度": "2019",
		"是否危房户": "否", "是否解决安全饮用水": "是", "产业帮扶": "种植补贴", "教育帮扶": "教育资助",
		"工资性收入": "36000", "其中：公益性岗位收入": "0", "生产经营性收入": "8000", "财产性收入": "0",
		"转移性收入": "2400", "生产经营性支出": "3000", "人均纯收入": "10850"})}
	h1.Persons = []Row{
		person("621121101201000101", "王建国", "男", "19680312", ID("19680312", 13), "户主",
			Row{"文化程度": "初中", "劳动技能": "普通劳动力", "务工时间（月）": "0", "成员联系电话": "13993211001"}),
		person("621121101201000102", "李桂兰", "女", "19700805", ID("19700805", 24), "配偶",
			Row{"文化程度": "小学", "劳动技能": "普通劳动力", "务工时间（月）": "0"}),
		person("621121101201000103", "王小军", "男", "20000116", ID("20000116", 31), "之子",
			Row{"文化程度": "初中毕业", "劳动技能": "技能劳动力", "务工时间（月）": "10", "务工所在地": "省外",
				"务工企业名称": "新疆昌吉建筑工程有限公司", "就业渠道": "自主务工", "成员联系电话": "15109321103", "政治面貌": "共青团员"}),
		person("621121101201000104", "王小燕", "女", "20120921", WrongCheck(ID("20120921", 42)), "之女",
			Row{"在校生状况": "七年级", "劳动技能": "无劳动力"}),
	}
	h2 := Household{Fields: merge(place("马营镇", "东关村民委员会"), Row{"户编号": "6211211012010002",
		"户联系电话": "18293211002", "年度": "2024", "户类型": "脱贫户", "脱贫年度": "2018",
		"监测对象类别": "脱贫不稳定户", "风险类型1": "因病", "风险是否已消除": "否", "识别监测时间": "202303",
		"是否危房户": "否", "是否解决安全饮用水": "是", "健康帮扶": "慢病签约服务,医疗救助", "就业帮扶": "外出务工交通补贴",
		"综合保障": "低保", "工资性收入": "18000", "其中：公益性岗位收入": "0", "生产经营性收入": "2000",
		"财产性收入": "0", "转移性收入": "6800", "生产经营性支出": "800", "人均纯收入": "8666.67"})}
	h2.Persons = []Row{
		person("621121101201000201", "张秀英", "女", "19550402", Old15(ID("19550402", 26)), "户主",
			Row{"文化程度": "文盲或半文盲", "劳动技能": "弱劳动力或半劳动力", "健康状况": "长期慢性病", "是否享受低保": "是"}),
		person("621121101201000202", "张文", "男", "19800614", ID("19800614", 57), "之子",
			Row{"文化程度": "高中", "劳动技能": "普通劳动力", "务工时间（月）": "8", "务工所在地": "县内乡外",
				"务工企业名称": "通渭县华通建材厂", "就业渠道": "帮扶车间", "成员联系电话": "18293211002", "是否享受低保": "是"}),
		person("621121101201000203", "张浩然", "男", "20160305", ID("20160305", 11), "之孙子",
			Row{"在校生状况": "小学", "劳动技能": "无劳动力", "是否享受低保": "是"}),
	}
	h3 := Household{Fields: merge(place("马营镇", "马营村民委员会"), Row{"户编号": "6211211012020003",
		"户联系电话": "13909321003", "年度": "2024", "户类型": "一般农户", "监测对象类别": "边缘易致贫户",
		"风险类型1": "因学", "风险类型2": "因务工就业不稳", "风险是否已消除": "是", "风险消除方式": "帮扶消除",
		"识别监测时间": "202309", "消除监测时间": "202406", "是否危房户": "否", "是否解决安全饮用水": "是",
		"教育帮扶": "雨露计划", "就业帮扶": "技能培训", "工资性收入": "42000", "其中：公益性岗位收入": "6000",
		"生产经营性收入": "1500", "财产性收入": "300", "转移性收入": "1200", "生产经营性支出": "500", "人均纯收入": "22250"})}
	h3.Persons = []Row{
		person("621121101202000301", "陈志强", "男", "19780923", ID("19780923", 35), "户主",
			Row{"文化程度": "初中", "劳动技能": "普通劳动力", "务工时间（月）": "11", "务工所在地": "省内县外",
				"就业渠道": "公益性岗位", "公益性岗位类型": "乡村公益性岗位", "公益性岗位(月数)": "12", "政治面貌": "中共党员"}),
		person("621121101202000302", "陈丽", "女", "20050117", LostX("20050117", false), "户主",
			Row{"在校生状况": "中职二年级", "劳动技能": "无劳动力"}),
	}
	h4 := Household{Fields: merge(place("鸡川镇", "许堡村民委员会"), Row{"户编号": "6211211022010004",
		"户联系电话": "13649321004", "年度": "2024", "户类型": "一般农户", "是否危房户": "否",
		"是否解决安全饮用水": "否", "综合保障": "特困供养", "工资性收入": "0", "其中：公益性岗位收入": "0",
		"生产经营性收入": "0", "财产性收入": "0", "转移性收入": "7600", "生产经营性支出": "0", "人均纯收入": "7600"})}
	h4.Persons = []Row{
		person("621121102201000401", "孙桂芳", "男", "19420708", ID("19420708", 28), "户主",
			Row{"文化程度": "文盲或半文盲", "劳动技能": "丧失劳动力", "健康状况": "残疾,长期慢性病", "残疾类别": "肢体残疾",
				"是否特困供养人员": "是"}),
	}
	return []Household{h1, h2, h3, h4}
}

// MemberRows returns the member rows of households.
func MemberRows(hs []Household) []Row {
	var out []Row
	for _, h := range hs {
		out = append(out, h.Rows()...)
	}
	return out
}

// IncomeRows returns income rows of the fixture households for 2023 and 2024; 2024 agrees with
// the member rows.
func IncomeRows() []Row {
	var out []Row
	for _, h := range Households() {
		f := h.Fields
		head := h.Rows()[0]["户主姓名"]
		base := Row{"县": "通渭县", "乡": f["乡"], "村": f["村"], "户编号": f["户编号"], "户主姓名": head,
			"家庭人口数": strconv.Itoa(len(h.Persons))}
		for _, y := range []string{"2023", "2024"} {
			r := merge(base, Row{"年度": y})
			for _, k := range []string{"工资性收入", "其中：公益性岗位收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出"} {
				v := f[k]
				if y == "2023" && v != "" && v != "0" {
					n, _ := strconv.ParseFloat(v, 64)
					v = strconv.FormatFloat(n*0.9, 'f', -1, 64)
				}
				r[k] = v
			}
			r["合规自付医疗支出"] = "1200"
			out = append(out, r)
		}
	}
	return out
}

// Cell names a cell of a Sheet: a row index into Rows and a header.
type Cell struct {
	Row    int
	Header string
}

// Sheet is a sheet to write.
type Sheet struct {
	Name    string
	Title   string // a title row above the header, as national exports have ("" for none)
	Headers []string
	Rows    []Row
	// Numbers are cells written as numbers: what a spreadsheet does to a long number typed
	// into a cell that is not formatted as text.
	Numbers map[Cell]float64
	// Dates are cells written as dates (a serial number with a date format).
	Dates  map[Cell]time.Time
	Footer []string // a row under the table ("合计…")
}

// WriteXLSX writes the sheets as an xlsx workbook with a shared-string table, as Excel saves
// one.
func WriteXLSX(path string, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return err
		}
		r := 1
		if s.Title != "" {
			if err := f.SetCellValue(s.Name, "A1", s.Title); err != nil {
				return err
			}
			r++
		}
		if err := f.SetSheetRow(s.Name, "A"+strconv.Itoa(r), &s.Headers); err != nil {
			return err
		}
		for ri, row := range s.Rows {
			r++
			for ci, h := range s.Headers {
				cell, _ := excelize.CoordinatesToCellName(ci+1, r)
				k := Cell{ri, h}
				switch {
				case s.Numbers[k] != 0:
					err = f.SetCellFloat(s.Name, cell, s.Numbers[k], -1, 64)
				case !s.Dates[k].IsZero():
					if err = f.SetCellValue(s.Name, cell, s.Dates[k]); err == nil {
						err = f.SetCellStyle(s.Name, cell, cell, dateStyle)
					}
				case row[h] != "":
					err = f.SetCellStr(s.Name, cell, row[h])
				}
				if err != nil {
					return err
				}
			}
		}
		if len(s.Footer) > 0 {
			r++
			if err := f.SetSheetRow(s.Name, "A"+strconv.Itoa(r), &s.Footer); err != nil {
				return err
			}
		}
	}
	return f.SaveAs(path)
}

// Encodings for WriteCSV.
const (
	UTF8    = "utf-8"
	UTF8BOM = "utf-8-bom"
	GB18030 = "gb18030"
)

// WriteCSV writes a sheet as csv in an encoding, with CRLF line ends as Excel writes them. ID
// numbers and phones carry a trailing tab, the usual trick to keep them text.
func WriteCSV(path string, s Sheet, encoding string) error {
	var b bytes.Buffer
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	if s.Title != "" {
		line([]string{s.Title})
	}
	line(s.Headers)
	for _, r := range s.Rows {
		cells := make([]string, len(s.Headers))
		for i, h := range s.Headers {
			cells[i] = r[h]
			if n := strings.TrimSpace(h); (n == "证件号码" || n == "户主证件号码") && cells[i] != "" {
				cells[i] += "\t"
			}
		}
		line(cells)
	}
	if len(s.Footer) > 0 {
		line(s.Footer)
	}
	out := b.Bytes()
	switch encoding {
	case UTF8BOM:
		out = append([]byte{0xEF, 0xBB, 0xBF}, out...)
	case GB18030:
		var err error
		if out, err = simplifiedchinese.GB18030.NewEncoder().Bytes(out); err != nil {
			return fmt.Errorf("gb18030: %w", err)
		}
	case UTF8:
	default:
		return fmt.Errorf("unknown encoding %q", encoding)
	}
	return os.WriteFile(path, out, 0o644)
}

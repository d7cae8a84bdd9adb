package nationalfmt

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/registry"
)

// kindLabels name the kinds of column for readers.
var kindLabels = map[Kind]string{
	Text: "文本", Key: "编号", ID: "证件号码", Phone: "电话号码", Flag: "是/否", Money: "金额（元）",
	Date: "日期", Month: "年月", Count: "整数（可空白）", Int: "整数", Float: "数字", Enum: "标准取值",
	Gender: "性别", HouseholdKind: "户类型", Derived: "系统计算", Ignored: "不导入",
	RiskList: "风险类型（可多个）", AlleviatedFlag: "是/否（读作户类型）",
}

var levelLabels = map[Level]string{
	LevelPlace: "所在地", LevelHousehold: "户", LevelPerson: "人", LevelIncome: "收入", LevelMeasure: "帮扶措施", LevelNone: "—",
}

// WriteDoc writes the format of the national tables as docs/national-format.md: how headers
// are matched, what reads as blank, the spelling table, and every column of both tables with
// its other names, kind, level and accepted values. Everything comes from the tables the
// decoder uses, so the page cannot disagree with it.
func WriteDoc(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# 全国系统导出表的格式\n\n")
	b.WriteString("<!-- 本文件由 internal/nationalfmt 的列表生成（GONGGU_UPDATE_DOCS=1 go test ./internal/nationalfmt -run TestFormatDoc），请勿手工修改。 -->\n\n")
	b.WriteString("gonggu 导入全国防止返贫监测信息系统导出的成员表（每人一行，户的信息在各成员行上重复）和收入表（每户每年一行），" +
		"xlsx 或 csv 均可。列按表头名称识别，不按位置：下面每列的“也可写作”是各年度、各地导出表中见过的其他写法。\n\n")
	b.WriteString("## 表头\n\n")
	b.WriteString("- 表头可以在前 20 行中的任一行，上方的标题行会跳过；两行表头中纵向合并的单元格由上一行补齐。\n")
	b.WriteString("- 比较表头时不计空格、换行、必填标记（`*`、`※`、`(必填)`）和开头的“其中”，全角字母、数字和括号按半角处理。\n")
	fmt.Fprintf(&b, "- 列名后的单位可以省略或保留：%s。\n", joinQuoted(units))
	b.WriteString("- 同一列导出两次时，第二列末尾带 0（如“风险是否已消除0”），只读取第一列。\n")
	b.WriteString("- 合并单元格：县里的工作底表常把户编号、户主、地址等在同户各成员行上纵向合并。户编号为空的行如果落在这样的合并区域里，导入时按合并区域左上角的值补齐。\n\n")

	b.WriteString("## 空白的写法\n\n")
	fmt.Fprintf(&b, "任何一列中只写了以下内容的单元格都读作空白（是否类列中的「无」读作「否」）：%s。", joinQuoted(Placeholders))
	b.WriteString("是/否列中的“无”读作“否”（“有/无”是一对是/否）。编号、证件号码、电话、金额、日期和年月中的全角数字按半角读取。\n\n")

	b.WriteString("## 常见写法\n\n")
	b.WriteString("以下写法与全国标准取值含义相同，导入时按标准取值读取，不算内容问题；导入概况会列出每种写法读取了多少处。\n\n")
	b.WriteString("| 列 | 表中的写法 | 读作 |\n|---|---|---|\n")
	keys := make([]string, 0, len(Spellings))
	for k := range Spellings {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, c string) int { return docOrder(a) - docOrder(c) })
	for _, k := range keys {
		m := Spellings[k]
		froms := make([]string, 0, len(m))
		for f := range m {
			froms = append(froms, f)
		}
		slices.Sort(froms)
		for _, f := range froms {
			to := m[f]
			if to == "" {
				to = "（空白）"
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(k), cell(f), cell(to))
		}
	}
	b.WriteString("\n")

	for _, t := range []*Table{Members, Incomes} {
		fmt.Fprintf(&b, "## %s\n\n", t.Name)
		switch t {
		case Members:
			b.WriteString("必需的列：户编号、人口编号，以及村（或行政区划代码）。“户”层级的列在同户各行上应一致。\n\n")
		case Incomes:
			b.WriteString("必需的列：户编号，以及年度（没有年度列时须在导入时指定年度）。所在地以成员表为准。\n\n")
		}
		b.WriteString("| 列名 | 也可写作 | 类型 | 层级 | 取值 | 说明 |\n|---|---|---|---|---|---|\n")
		for i := range t.Columns {
			c := &t.Columns[i]
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", cell(c.Name), cell(strings.Join(c.Aliases, "、")),
				kindLabels[c.Kind], levelLabels[c.Level], cell(strings.Join(c.Enum, "、")), cell(c.docNote()))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// docNote says in Chinese what a reader of the format needs to know about a column.
func (c *Column) docNote() string {
	var notes []string
	if c.Required {
		notes = append(notes, "必需")
	}
	if c.Ext {
		notes = append(notes, "gonggu 自有列，全国系统导出表没有")
	}
	if c.Multi {
		notes = append(notes, "可多个，用逗号分隔")
	}
	if _, ok := c.field(&Record{}).(*registry.Stated); ok {
		notes = append(notes, "按表中填报的数保存，与系统按各项收入计算的数并存；空白表示未填报，不是 0")
	}
	switch c.Kind {
	case Derived:
		notes = append(notes, "导出时写出，导入时不读取")
		if c.Note != "" {
			notes = append(notes, c.Note)
		}
	case Ignored:
		notes = append(notes, "不导入："+c.Note)
	case RiskList:
		notes = append(notes, "一格中多个风险用逗号分隔，依次读作风险类型1～5")
	case AlleviatedFlag:
		notes = append(notes, "是读作户类型“脱贫户”，否读作“一般农户”")
	case Gender:
		notes = append(notes, "男/女")
	case Date:
		notes = append(notes, "如 19680312、1968-03-12、1968/3/12 或表格日期")
	case Month:
		notes = append(notes, "如 202303、2023-03、2023年3月")
	}
	if len(c.Instead) > 0 {
		notes = append(notes, "表中没有「"+strings.Join(c.Instead, "」「")+"」列时才读取；导出时不写")
	}
	if m := Spellings[c.SpellKey()]; len(m) > 0 && c.Kind != Derived {
		notes = append(notes, "有常见写法，见上表")
	}
	return strings.Join(notes, "；")
}

// docOrder orders the spelling table by the columns' order in the member table.
func docOrder(key string) int {
	if i := Members.Column(key); i >= 0 {
		return i
	}
	if i := Members.Column(key + "1"); i >= 0 {
		return i
	}
	return len(Members.Columns)
}

func joinQuoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "“" + s + "”"
	}
	return strings.Join(q, "、")
}

// cell escapes text for a markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.ReplaceAll(s, "\n", " ")
}

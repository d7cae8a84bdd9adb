package importer

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/workbook"
)

// columnUses returns how each header of a sheet was read and the fields it lacks.
func columnUses(h *nationalfmt.Header) ([]ColumnUse, []LackingField) {
	t := h.Table
	var uses []ColumnUse
	for _, m := range h.Mapping() {
		u := ColumnUse{Col: workbook.ColumnLetter(m.FileCol), Header: m.Header, Read: m.Use == nationalfmt.UseRead}
		var c *nationalfmt.Column
		if m.Col >= 0 {
			c = &t.Columns[m.Col]
			u.Field = c.Name
		}
		switch m.Use {
		case nationalfmt.UseRead:
			if c.Kind == nationalfmt.Derived {
				u.Read, u.Note = false, "不导入：由系统从其他数据得出"
				if c.Note != "" {
					u.Note = "不导入：" + c.Note
				}
			}
		case nationalfmt.UseIgnored:
			u.Note = "已识别，未导入：" + c.Note
		case nationalfmt.UseDuplicate:
			u.Note = "与 " + workbook.ColumnLetter(h.FileCol[m.Col]) + " 列重复，只读取第一列"
		case nationalfmt.UseShadowed:
			u.Note = "表中已有「" + strings.Join(present(h, c.Instead), "」「") + "」列，本列未读取"
		case nationalfmt.UseUnknown:
			u.Note = "未识别的列，已忽略"
		}
		uses = append(uses, u)
	}
	var lacking []LackingField
	for _, i := range h.Lacking() {
		l := LackingField{Name: t.Columns[i].Name, Ext: t.Columns[i].Ext}
		if f, ok := t.Columns[i].Field(); ok {
			l.Disables = disables(f)
		}
		lacking = append(lacking, l)
	}
	return uses, lacking
}

// disables names the rules that cannot judge a household without the field ("I1-02 住房未做安全鉴定").
func disables(f registry.Field) []string {
	var out []string
	for _, r := range rules.All() {
		if slices.Contains(r.Needs, f) {
			out = append(out, r.ID+" "+r.Title)
		}
	}
	return out
}

// present returns the names of the columns the sheet has.
func present(h *nationalfmt.Header, names []string) []string {
	var out []string
	for _, n := range names {
		if i := h.Table.Column(n); i >= 0 && h.Present(i) {
			out = append(out, n)
		}
	}
	return out
}

// FilesWithIssues returns the files that have blocking errors, in the order they were given.
func (r *Report) FilesWithIssues() []string {
	var out []string
	seen := map[string]bool{}
	for _, is := range r.Issues {
		if !seen[is.File] {
			seen[is.File] = true
			out = append(out, is.File)
		}
	}
	return out
}

// ReportPath returns where the error report of an input file goes: next to it, named after it.
func ReportPath(input string) string {
	ext := filepath.Ext(input)
	return strings.TrimSuffix(input, ext) + "_导入错误报告.xlsx"
}

// WriteXLSX writes the error report of one file ("" for all files) as an xlsx workbook: a
// sheet 错误明细 with one row per blocking error (file, sheet, row, column, header, value,
// 户编号, reason) and a sheet 汇总 with the counts, the content defects and the ignored
// columns.
func (r *Report) WriteXLSX(w io.Writer, file string) error {
	return r.WriteXLSXHint(w, file, cliPartialHint)
}

// WriteXLSXHint is WriteXLSX for where the report is read: partialHint tells the user how to
// import only the households without errors there (the import page's button, not the command
// line's --partial).
func (r *Report) WriteXLSXHint(w io.Writer, file, partialHint string) error {
	f := excelize.NewFile()
	defer f.Close()
	const detail, summary = "错误明细", "汇总"
	if err := f.SetSheetName("Sheet1", detail); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	if _, err := f.NewSheet(summary); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}})
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	sw, err := f.NewStreamWriter(detail)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	widths := []float64{28, 14, 8, 6, 20, 24, 22, 80}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成错误报告")
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	header := []any{}
	for _, h := range []string{"文件", "工作表", "行号", "列", "列名", "单元格内容", "户编号", "问题"} {
		header = append(header, excelize.Cell{StyleID: head, Value: h})
	}
	if err := sw.SetRow("A1", header); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	n := 1
	for _, is := range r.Issues {
		if file != "" && is.File != file {
			continue
		}
		n++
		var rowNum any
		if is.Row > 0 {
			rowNum = is.Row
		}
		if err := sw.SetRow("A"+strconv.Itoa(n), []any{is.File, is.Sheet, rowNum, is.Col, is.Header, is.Value, is.HouseholdNo, is.Reason}); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成错误报告")
		}
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	lines := r.summaryLines(file, partialHint)
	for i, l := range lines {
		if err := f.SetCellValue(summary, "A"+strconv.Itoa(i+1), l); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成错误报告")
		}
	}
	f.SetColWidth(summary, "A", "A", 120)
	if _, err := f.WriteTo(w); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入错误报告")
	}
	return nil
}

// Summary writes the report in Chinese for a terminal: what was read, the first blocking
// errors (at most maxIssues of them), the defects and the ignored columns.
func (r *Report) Summary(w io.Writer, maxIssues int) {
	for _, l := range r.summaryLines("", cliPartialHint) {
		fmt.Fprintln(w, l)
	}
	if len(r.Issues) == 0 {
		return
	}
	fmt.Fprintln(w, "\n阻断性错误：")
	for i, is := range r.Issues {
		if i == maxIssues {
			fmt.Fprintf(w, "  ……共 %d 处，其余见错误报告\n", r.Blocking)
			break
		}
		fmt.Fprintln(w, "  "+is.String())
	}
}

// WriteColumns writes the column mapping of each sheet read for a terminal: which header (as
// written, with its column letter) was read as which field, which headers were not read and
// why, and which fields of the table the sheet lacks.
func (r *Report) WriteColumns(w io.Writer) {
	fmt.Fprintln(w, "列对应关系：")
	for _, s := range r.Sheets {
		if s.Table == "" {
			continue
		}
		fmt.Fprintf(w, "%s「%s」（%s，表头在第 %d 行）\n", s.File, s.Sheet, s.Table, s.HeaderRow)
		var ignored []ColumnUse
		for _, u := range s.Columns {
			if u.Read {
				fmt.Fprintf(w, "  %s列「%s」→ %s\n", u.Col, u.Header, u.Field)
			} else {
				ignored = append(ignored, u)
			}
		}
		if len(ignored) > 0 {
			fmt.Fprintln(w, "  未读取的列：")
			for _, u := range ignored {
				fmt.Fprintf(w, "    %s列「%s」：%s\n", u.Col, u.Header, u.Note)
			}
		}
		if names := lackingNames(s.Lacking, false); len(names) > 0 {
			fmt.Fprintf(w, "  表中没有的列（这些项按“未采集”处理，不当作空白）：%s\n", strings.Join(names, "、"))
		}
		if names := lackingNames(s.Lacking, true); len(names) > 0 {
			fmt.Fprintf(w, "  系统自有、全国系统导出表没有的列：%s\n", strings.Join(names, "、"))
		}
		for _, l := range s.Lacking {
			if len(l.Disables) > 0 {
				fmt.Fprintf(w, "    缺少「%s」，以下规则对本表新增的户不作判断：%s\n", l.Name, strings.Join(l.Disables, "；"))
			}
		}
	}
	fmt.Fprintln(w)
}

func lackingNames(fs []LackingField, ext bool) []string {
	var out []string
	for _, f := range fs {
		if f.Ext == ext {
			out = append(out, f.Name)
		}
	}
	return out
}

// String returns the issue as a line: where, what, why.
func (is Issue) String() string {
	var b strings.Builder
	b.WriteString(is.File)
	if is.Sheet != "" {
		b.WriteString(" 「" + is.Sheet + "」")
	}
	if is.Row > 0 {
		fmt.Fprintf(&b, " 第 %d 行", is.Row)
	}
	if is.Col != "" || is.Header != "" {
		b.WriteString(" " + is.Col + "列")
		if is.Header != "" {
			b.WriteString("「" + is.Header + "」")
		}
	}
	if is.Value != "" {
		b.WriteString(" 值「" + is.Value + "」")
	}
	b.WriteString("：" + is.Reason)
	return b.String()
}

// cliPartialHint tells a command-line user how to import the households without errors.
const cliPartialHint = "命令行加 --partial"

// Lines returns the report's summary as sentences for a page; partialHint tells the user how
// to import only the households without errors there (e.g. which button to press).
func (r *Report) Lines(partialHint string) []string { return r.summaryLines("", partialHint) }

func (r *Report) summaryLines(file, partialHint string) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if file != "" {
		add("文件：%s", file)
	} else {
		add("文件：%s", strings.Join(r.Files, "、"))
	}
	add("读取数据 %s 行（成员表 %s 行，收入表 %s 行），涉及 %s 户、%s 人；另有 %d 行不是数据（合计、说明等），已忽略。",
		num(r.Rows), num(r.Rows-r.IncomeRows), num(r.IncomeRows), num(r.Households), num(r.Persons), r.Ignored)
	for _, s := range r.Sheets {
		if file != "" && s.File != file {
			continue
		}
		where := s.File + "「" + s.Sheet + "」"
		if s.Skipped != "" {
			add("%s：%s", where, s.Skipped)
			continue
		}
		add("%s：%s，表头在第 %d 行，数据 %s 行。", where, s.Table, s.HeaderRow, num(s.Rows))
		if s.Filled > 0 {
			add("  表中有合并单元格（户编号、户主等合并在同户各成员行上），已按合并区域左上角的值补齐每一行（%s 处合并区域）。", num(s.Filled))
		}
		if len(s.Missing) > 0 {
			add("  缺少必需的列：%s", strings.Join(s.Missing, "、"))
		}
		if len(s.Unknown) > 0 {
			add("  未识别的列（已忽略）：%s", strings.Join(s.Unknown, "、"))
		}
		if len(s.Duplicate) > 0 {
			add("  重复的列（只取第一列，其余已忽略）：%s", strings.Join(s.Duplicate, "、"))
		}
	}
	switch {
	case r.Fatal:
		add("结论：文件缺少必需的列或不是全国系统的导出表，未写入任何数据。")
	case r.Blocking > 0:
		add("结论：有 %s 处阻断性错误，涉及 %s 户。这些错误会使数据无法如实保存，请在原表中改正后重新导入；"+
			"也可以只导入没有错误的户（%s）。", num(r.Blocking), num(r.BlockedHouseholds), partialHint)
	default:
		add("结论：没有阻断性错误，可以导入。")
	}
	if r.Short > 0 {
		ex := r.ShortExample
		add("注意：有 %s 户在文件中列出的成员少于其家庭人口数（如 %s 第 %d 行，户编号 %s，%s）。文件可能不完整（被截断或漏了行），"+
			"也可能是家庭人口数未及时更新；这些户中文件没有列出的成员不会自动标记为离开。", num(r.Short), ex.File, ex.Row, ex.HouseholdNo, ex.Value)
	}
	if r.SpelledTotal > 0 {
		add("已按常见写法读取 %s 处（表中的写法与全国标准取值不同，含义相同，已按标准取值导入）：", num(r.SpelledTotal))
		for _, c := range r.Spellings {
			std := "「" + c.Standard + "」"
			if c.Standard == "" {
				std = "空白"
			}
			add("  %s「%s」→%s %s 处", c.Column, c.Written, std, num(c.Count))
		}
	}
	if r.DefectTotal > 0 {
		add("内容问题 %s 处（全国系统的数据中常见，已照原样导入，由排查规则中的数据质量规则逐条标出）：", num(r.DefectTotal))
		for _, d := range r.Defects {
			ex := d.Example
			add("  %s：%s 处（如 %s 第 %d 行，户编号 %s）", d.Kind, num(d.Count), ex.File, ex.Row, ex.HouseholdNo)
		}
	}
	return out
}

// num formats a count with thousands separators.
func num(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// LeavingLines says who the import found missing from the file's households, at most limit
// people one by one, and whether they were marked as left; markHint tells the user how to
// confirm when they were not ("命令行加 --mark-left 重新导入"). It returns nothing when the
// file lists everyone.
func (r *Result) LeavingLines(limit int, marked bool, markHint string) []string {
	if r.LeavingTotal == 0 {
		return nil
	}
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if marked {
		add("已标记离开 %s 人（原在册，本次文件的同户成员中没有列出；只标记离开，未删除）：", num(r.LeavingTotal))
	} else {
		add("有 %s 人原在册、本次文件的同户成员中没有列出，未标记离开。请核对：确是已离开的，%s；文件不完整的，请补全后重新导入：", num(r.LeavingTotal), markHint)
	}
	for i, l := range r.Leaving {
		if i == limit {
			add("  ……共 %s 人", num(r.LeavingTotal))
			break
		}
		line := fmt.Sprintf("  户编号 %s %s（人口编号 %s）", l.HouseholdNo, l.Name, l.PersonNo)
		if l.Declared > l.Listed {
			line += fmt.Sprintf("：该户家庭人口数 %d，文件只列出 %d 人，可能是文件缺行", l.Declared, l.Listed)
		}
		out = append(out, line)
	}
	return out
}

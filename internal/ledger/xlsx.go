package ledger

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/workbook"
)

// Columns is the layout of a 整改台账 of outside problems that a user fills in to import (the
// blank template offered for download); Read also reads the exported layout, ExportColumns,
// taking the columns it needs by their headers.
var Columns = []string{"序号", "问题来源", "问题描述", "责任单位", "责任人", "整改措施", "整改时限", "整改进展", "是否销号"}

// ExportColumns is the header of the exported 整改台账.
var ExportColumns = []string{"序号", "问题来源", "县（区）", "乡（镇）", "村", "户编号", "户主", "问题描述", "责任单位", "责任人",
	"整改措施", "整改时限", "整改状态", "整改进展", "整改完成日期", "销号日期", "是否销号", "事项编号"}

// SheetName is the name of the exported sheet.
const SheetName = "整改台账"

// Row is an item as the exported 整改台账 lists it: with the names of its county, township and
// village, the household it is about (items made from findings) and its progress notes.
type Row struct {
	Item                      *Item
	County, Township, Village string
	HouseholdNo, Head         string // the household and its 户主, for an item made from a finding
	Notes                     []Note // the notes of its steps, oldest first
}

// Note is a dated note of an item's progress: a step with the note its user wrote, or an edit
// of the progress text.
type Note struct {
	At   time.Time
	What string // 整改中, 已整改, 已销号, 填报进展 …
	Text string
}

// Progress returns the 整改进展 of the row: its notes, one dated line each, or the item's
// progress text when it has none.
func (r *Row) Progress() string {
	if len(r.Notes) == 0 {
		return r.Item.Progress
	}
	lines := make([]string, 0, len(r.Notes))
	for _, n := range r.Notes {
		lines = append(lines, n.At.In(China).Format(DateLayout)+" "+n.What+"："+n.Text)
	}
	return strings.Join(lines, "\n")
}

// WriterOptions change what a Writer writes.
type WriterOptions struct {
	// Title is written above the header, such as 通渭县 整改台账; "" for none.
	Title string
	// Mask masks the ID numbers and phones in the texts and keeps only the first character of
	// the 户主's name: for a user whose role may not see them in full.
	Mask bool
}

// Writer streams rows into a 整改台账 workbook: one sheet, a title row, the header frozen and
// with an autofilter. It is the one producer of the workbook for the command line, the web and
// the API.
type Writer struct {
	f       *excelize.File
	sw      *excelize.StreamWriter
	opts    WriterOptions
	headRow int
	n       int
	wrap    int
}

// NewWriter starts a workbook with the title and header rows.
func NewWriter(opts WriterOptions) (*Writer, error) {
	f := excelize.NewFile()
	w := &Writer{f: f, opts: opts, headRow: 1}
	fail := func(err error) (*Writer, error) {
		f.Close()
		return nil, errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return fail(err)
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return fail(err)
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return fail(err)
	}
	if w.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return fail(err)
	}
	if w.sw, err = f.NewStreamWriter(SheetName); err != nil {
		return fail(err)
	}
	for i, wd := range []float64{6, 10, 10, 12, 16, 20, 10, 50, 20, 10, 40, 12, 10, 50, 14, 14, 10, 26} {
		w.sw.SetColWidth(i+1, i+1, wd)
	}
	if opts.Title != "" {
		w.headRow = 2
	}
	if err := w.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: w.headRow, TopLeftCell: cellName(1, w.headRow+1), ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	if opts.Title != "" {
		if err := w.sw.SetRow("A1", []any{excelize.Cell{StyleID: title, Value: opts.Title}}); err != nil {
			return fail(err)
		}
	}
	hs := make([]any, len(ExportColumns))
	for i, c := range ExportColumns {
		hs[i] = excelize.Cell{StyleID: head, Value: c}
	}
	if err := w.sw.SetRow(cellName(1, w.headRow), hs); err != nil {
		return fail(err)
	}
	return w, nil
}

// Write adds a row.
func (w *Writer) Write(r *Row) error {
	w.n++
	it := r.Item
	closed := "否"
	if it.Status == Closed {
		closed = "是"
	}
	text := func(s string) string {
		if w.opts.Mask {
			return auth.MaskText(auth.MaskNames(s, r.Head))
		}
		return s
	}
	head := r.Head
	if w.opts.Mask {
		head = auth.MaskName(head)
	}
	row := []any{w.n, it.Source.Label(), r.County, r.Township, r.Village, r.HouseholdNo, head,
		excelize.Cell{StyleID: w.wrap, Value: text(it.Description)}, text(it.Unit), text(it.Person),
		excelize.Cell{StyleID: w.wrap, Value: text(it.Measures)}, it.Deadline, it.Status.Label(),
		excelize.Cell{StyleID: w.wrap, Value: text(r.Progress())}, day(it.FixedAt), day(it.ClosedAt), closed, it.ID}
	if err := w.sw.SetRow(cellName(1, w.headRow+w.n), row); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	return nil
}

// Close finishes the workbook and writes it to out.
func (w *Writer) Close(out io.Writer) error {
	defer w.f.Close()
	last := cellName(len(ExportColumns), w.headRow+max(w.n, 1))
	if err := w.f.AutoFilter(SheetName, cellName(1, w.headRow)+":"+last, nil); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	if err := w.sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	if _, err := w.f.WriteTo(out); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出表格")
	}
	return nil
}

// WriteRows writes the rows as a 整改台账 workbook to out, naming each row's county, township
// and village from the tree (nil leaves them blank). The command line, the web and the API
// export through it.
func WriteRows(out io.Writer, rows []Row, t *region.Tree, opts WriterOptions) error {
	w, err := NewWriter(opts)
	if err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		if t != nil {
			c := r.Item.Region
			r.County = regionName(t, c.County())
			if c.Level() >= region.Township {
				r.Township = regionName(t, c.Up(region.Township))
			}
			if c.Level() == region.Village {
				r.Village = regionName(t, c)
			}
		}
		if err := w.Write(r); err != nil {
			w.f.Close()
			return err
		}
	}
	return w.Close(out)
}

func regionName(t *region.Tree, c region.Code) string {
	if r, err := t.Get(c); err == nil {
		return r.Name
	}
	return ""
}

// WriteTemplate writes the blank 整改台账 that Read imports: the header of Columns and one
// example row that says how each column is filled.
func WriteTemplate(out io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	f.SetSheetName("Sheet1", SheetName)
	for i, c := range Columns {
		f.SetCellValue(SheetName, cellName(i+1, 1), c)
		f.SetCellStyle(SheetName, cellName(i+1, 1), cellName(i+1, 1), head)
	}
	for i, wd := range []float64{6, 10, 50, 20, 10, 40, 12, 40, 10} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(SheetName, col, col, wd)
	}
	f.SetPanes(SheetName, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	f.AddComment(SheetName, excelize.Comment{Cell: "B1", Author: "gonggu", Paragraph: []excelize.RichTextRun{{Text: "填写：省级反馈、督查检查、信访或自查"}}})
	f.AddComment(SheetName, excelize.Comment{Cell: "G1", Author: "gonggu", Paragraph: []excelize.RichTextRun{{Text: "日期，如 2026-12-31"}}})
	f.AddComment(SheetName, excelize.Comment{Cell: "I1", Author: "gonggu", Paragraph: []excelize.RichTextRun{{Text: "填写「否」或留空；已销号的问题无需导入"}}})
	if _, err := f.WriteTo(out); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出表格")
	}
	return nil
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(China).Format(DateLayout)
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// RowError is a problem of one cell of an imported sheet.
type RowError struct {
	Row    int    // 1-based, as spreadsheet programs number rows
	Column string // the column's letter
	Title  string // the column's title
	Msg    string
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("第 %d 行：%s", e.Row, e.Msg)
	}
	return fmt.Sprintf("第 %d 行 %s 列（%s）：%s", e.Row, e.Column, e.Title, e.Msg)
}

// ImportError lists every problem of an imported sheet; nothing of it is written.
type ImportError struct {
	Rows    []RowError
	Stopped bool // there were so many problems that reading stopped before the end
}

func (e *ImportError) Error() string {
	var b strings.Builder
	for i, r := range e.Rows {
		if i == 20 {
			fmt.Fprintf(&b, "……共 %d 处错误", len(e.Rows))
			if e.Stopped {
				b.WriteString("（错误过多，其后的行未再检查）")
			}
			break
		}
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(r.String())
	}
	return b.String()
}

// importColumns are the columns Read takes, by their headers: the first five are required.
var importColumns = []string{"问题来源", "问题描述", "责任单位", "责任人", "整改时限", "整改措施", "整改进展", "是否销号"}

const requiredColumns = 5

// headerRows bounds the rows above the header (a title, notes) that Read looks through.
const headerRows = 10

// Read reads the items of a 整改台账 workbook (xlsx, or csv) named name, of size bytes: the
// first sheet, whose header (in one of its first rows, below a title perhaps) names the columns
// of Columns or of the exported ExportColumns; Read takes the columns it needs by their headers
// and ignores the others. It reads through the bounded workbook reader every upload goes
// through. Every item gets the region, county and status 待整改 (整改中 when it has progress);
// closed rows (是否销号 = 是) are refused, since closing needs a verification. It returns all
// problems at once as an errs.Invalid error wrapping an *ImportError.
func Read(name string, r io.ReaderAt, size int64, reg region.Code) ([]*Item, error) {
	book, err := workbook.OpenReader(name, r, size)
	if err != nil {
		return nil, err
	}
	defer book.Close()
	sheet, err := book.Sheet(0)
	if err != nil {
		return nil, err
	}
	defer sheet.Close()
	var out []*Item
	var problems []RowError
	stopped := false // reading stopped at maxProblems
	// at[k] is the 0-based column of importColumns[k], -1 when the sheet has none.
	at := make([]int, len(importColumns))
	header, seen := false, 0
	for sheet.Next() {
		row := sheet.Row()
		n, cols := row.Num, row.Cells
		cell := func(k int) string {
			if i := at[k]; i >= 0 && i < len(cols) {
				return strings.TrimSpace(cols[i])
			}
			return ""
		}
		if !header {
			seen++
			if !findHeader(cols, at) {
				if seen == headerRows {
					break
				}
				continue
			}
			header = true
			var missing []string
			for k := range requiredColumns {
				if at[k] < 0 {
					missing = append(missing, "「"+importColumns[k]+"」")
				}
			}
			if len(missing) > 0 {
				e := &ImportError{Rows: []RowError{{Row: n, Msg: "表头缺少" + strings.Join(missing, "") + "列（表头应为：" + strings.Join(Columns, "、") + "）"}}}
				return nil, errs.Wrap(e, errs.Invalid, "%s", e.Error())
			}
			continue
		}
		blank := true
		for k := range importColumns {
			if cell(k) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		it := &Item{County: reg.County(), Region: reg, Description: cell(1), Unit: cell(2), Person: cell(3),
			Measures: cell(5), Progress: cell(6), Status: Pending}
		bad := func(k int, msg string) {
			problems = append(problems, RowError{Row: n, Column: colName(at[k]), Title: importColumns[k], Msg: msg})
		}
		if src, err := ParseSource(cell(0)); err != nil || src == FromFinding {
			bad(0, fmt.Sprintf("问题来源「%s」无效，应为省级反馈、督查检查、信访或自查", cell(0)))
		} else {
			it.Source = src
		}
		if d, err := ParseDate(cell(4)); err != nil {
			bad(4, fmt.Sprintf("整改时限「%s」不是有效日期（如 2026-12-31）", cell(4)))
		} else {
			it.Deadline = d
		}
		switch cell(7) {
		case "", "否":
		case "是":
			bad(7, "已销号的问题无需导入（销号须经审核）")
		default:
			bad(7, fmt.Sprintf("是否销号应填「是」或「否」，实际为「%s」", cell(7)))
		}
		if it.Progress == Pending.Label() {
			it.Progress = ""
		}
		if it.Progress != "" {
			it.Status = Doing
		}
		p := it.Problems()
		for k, key := range map[int]string{1: "description", 2: "unit", 3: "person", 5: "measures", 6: "progress"} {
			if m, ok := p[key]; ok {
				bad(k, m)
			}
		}
		if len(problems) > maxProblems {
			stopped = true
			break
		}
		out = append(out, it)
		if len(out) > MaxImport {
			return nil, errs.E(errs.Invalid, "「%s」的整改事项超过 %d 条，请分批导入", name, MaxImport)
		}
	}
	if err := sheet.Err(); err != nil {
		return nil, err
	}
	if !header {
		if seen == 0 {
			return nil, errs.E(errs.Invalid, "「%s」的工作表是空的", name)
		}
		return nil, errs.E(errs.Invalid, "「%s」的前 %d 行中没有找到表头：表头应为 %s", name, min(seen, headerRows), strings.Join(Columns, "、"))
	}
	if len(problems) > 0 {
		sortRowErrors(problems)
		e := &ImportError{Rows: problems, Stopped: stopped}
		return nil, errs.Wrap(e, errs.Invalid, "导入失败，未写入任何数据：%s", e.Error())
	}
	if len(out) == 0 {
		return nil, errs.E(errs.Invalid, "「%s」中没有整改事项", name)
	}
	return out, nil
}

// findHeader reports whether the row is a header (it names 问题来源 or 问题描述) and fills at
// with the column of each of importColumns (-1 for none); a column named twice counts once.
func findHeader(cells []string, at []int) bool {
	for k := range at {
		at[k] = -1
	}
	for i, c := range cells {
		c = strings.Join(strings.Fields(c), "")
		for k, want := range importColumns {
			if c == want && at[k] < 0 {
				at[k] = i
			}
		}
	}
	return at[0] >= 0 || at[1] >= 0
}

// MaxImport bounds the items of one imported 整改台账: a county's outside problems of a year
// are hundreds. maxProblems bounds the problems collected before reading stops.
const (
	MaxImport   = 20000
	maxProblems = 1000
)

func colName(i int) string {
	c, _ := excelize.ColumnNumberToName(i + 1)
	return c
}

func sortRowErrors(rs []RowError) {
	slices.SortStableFunc(rs, func(a, b RowError) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return strings.Compare(a.Column, b.Column)
	})
}

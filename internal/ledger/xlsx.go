package ledger

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/workbook"
)

// Columns is the usual layout of a 整改台账 sheet, for export and import alike.
var Columns = []string{"序号", "问题来源", "问题描述", "责任单位", "责任人", "整改措施", "整改时限", "整改进展", "是否销号"}

// SheetName is the name of the exported sheet.
const SheetName = "整改台账"

// Writer streams items into a 整改台账 workbook.
type Writer struct {
	f  *excelize.File
	sw *excelize.StreamWriter
	n  int
}

// NewWriter starts a workbook with the title row.
func NewWriter() (*Writer, error) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", SheetName)
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		f.Close()
		return nil, errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	for i, w := range []float64{6, 10, 50, 20, 10, 40, 12, 40, 10} {
		sw.SetColWidth(i+1, i+1, w)
	}
	head := make([]any, len(Columns))
	for i, c := range Columns {
		head[i] = c
	}
	if err := sw.SetRow("A1", head); err != nil {
		f.Close()
		return nil, errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	return &Writer{f: f, sw: sw}, nil
}

// Write adds an item as the next row.
func (w *Writer) Write(it *Item) error {
	w.n++
	cell, _ := excelize.CoordinatesToCellName(1, w.n+1)
	closed := "否"
	if it.Status == Closed {
		closed = "是"
	}
	progress := it.Progress
	if progress == "" {
		progress = it.Status.Label()
	}
	row := []any{w.n, it.Source.Label(), it.Description, it.Unit, it.Person, it.Measures, it.Deadline, progress, closed}
	if err := w.sw.SetRow(cell, row); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	return nil
}

// Close finishes the workbook and writes it to out.
func (w *Writer) Close(out io.Writer) error {
	defer w.f.Close()
	if err := w.sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	if _, err := w.f.WriteTo(out); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出表格")
	}
	return nil
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

// Read reads the items of a 整改台账 workbook (xlsx, or csv) named name, of size bytes, in the
// layout of Columns: the first sheet, title row first. It reads through the bounded workbook
// reader every upload goes through. Every item gets the region, county and status 待整改
// (整改中 when it has progress); closed rows (是否销号 = 是) are refused, since closing needs a
// verification. It returns all problems at once as an errs.Invalid error wrapping an
// *ImportError.
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
	header := true
	for sheet.Next() {
		row := sheet.Row()
		n, cols := row.Num, row.Cells
		if header {
			header = false
			for i, want := range Columns {
				got := ""
				if i < len(cols) {
					got = strings.TrimSpace(cols[i])
				}
				if got != want {
					problems = append(problems, RowError{Row: n, Column: colName(i), Title: Columns[i], Msg: fmt.Sprintf("表头应为「%s」，实际为「%s」", want, got)})
				}
			}
			if len(problems) > 0 {
				e := &ImportError{Rows: problems}
				return nil, errs.Wrap(e, errs.Invalid, "%s", e.Error())
			}
			continue
		}
		cell := func(i int) string {
			if i < len(cols) {
				return strings.TrimSpace(cols[i])
			}
			return ""
		}
		blank := true
		for i := 1; i < len(Columns); i++ {
			if cell(i) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		it := &Item{County: reg.County(), Region: reg, Description: cell(2), Unit: cell(3), Person: cell(4),
			Measures: cell(5), Progress: cell(7), Status: Pending}
		bad := func(i int, msg string) {
			problems = append(problems, RowError{Row: n, Column: colName(i), Title: Columns[i], Msg: msg})
		}
		if src, err := ParseSource(cell(1)); err != nil || src == FromFinding {
			bad(1, fmt.Sprintf("问题来源「%s」无效，应为省级反馈、督查检查、信访或自查", cell(1)))
		} else {
			it.Source = src
		}
		if d, err := ParseDate(cell(6)); err != nil {
			bad(6, fmt.Sprintf("整改时限「%s」不是有效日期（如 2026-12-31）", cell(6)))
		} else {
			it.Deadline = d
		}
		switch cell(8) {
		case "", "否":
		case "是":
			bad(8, "已销号的问题无需导入（销号须经审核）")
		default:
			bad(8, fmt.Sprintf("是否销号应填「是」或「否」，实际为「%s」", cell(8)))
		}
		if it.Progress == Pending.Label() {
			it.Progress = ""
		}
		if it.Progress != "" {
			it.Status = Doing
		}
		p := it.Problems()
		for i, k := range map[int]string{2: "description", 3: "unit", 4: "person", 5: "measures", 7: "progress"} {
			if m, ok := p[k]; ok {
				bad(i, m)
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
	if header {
		return nil, errs.E(errs.Invalid, "「%s」的工作表是空的", name)
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

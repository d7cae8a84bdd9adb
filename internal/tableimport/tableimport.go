// Package tableimport reads the tables counties keep besides the national export — the
// 帮扶责任人结对名单, 走访记录, 驻村工作队名册, 项目库, 资产台账, department lists and the like —
// into typed records, the way the national importer reads the member export: each kind of
// table is described by a column table (names, aliases, kinds, required columns), the header
// row is found among the first rows, every cell of the whole file is checked before anything
// is returned, and every problem names the file, row, column, header and value in Chinese.
//
// It reads through internal/workbook, the bounded reader of every uploaded file, and holds
// at most MaxRows records. Writing the records is the domain store's job: it gets all of
// them or, when the file has a problem, none.
package tableimport

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/workbook"
)

// Kind says how a column's cells are read.
type Kind uint8

// The kinds of column.
const (
	Text     Kind = iota // free text, trimmed
	Int                  // whole number
	Number               // decimal number
	Money                // amount in yuan
	Date                 // calendar date (19730416, 1973-04-16, 1973/4/16, an Excel date)
	Month                // YYYYMM, 2023-03, 2023年3月
	Flag                 // 是 / 否 (and the forms spreadsheets write)
	Enum                 // one of Column.Enum, or a spelling Column.Spell maps to one
	IDNumber             // 证件号码: checked for spreadsheet damage, kept as written
	Phone                // phone number, normalised (idno.NormalizePhone)
)

// Value is a cell read by its column's kind.
type Value struct {
	Text  string // the cell as cleaned (every kind), or the standard value of an Enum
	Int   int
	Num   float64
	Money registry.Money
	Date  registry.Date
	Month registry.Month
	Flag  registry.Flag
	Blank bool
}

// Column is one column of a table.
type Column[T any] struct {
	Name     string   // the header counties write
	Aliases  []string // other headers seen
	Kind     Kind
	Enum     []string          // the values an Enum column accepts
	Spell    map[string]string // other spellings of Enum values → the standard value
	Required bool              // the table cannot be read without the column
	NotBlank bool              // every row must fill it
	Max      int               // longest text in characters (0: 200)
	// Set stores a cell of the column into the record. It is not called for a blank cell.
	Set func(rec *T, v Value)
}

// Table describes a kind of table.
type Table[T any] struct {
	Name    string // in Chinese: 帮扶责任人结对名单
	Columns []Column[T]
	// Check checks a record once its row is read; it returns the problems of the row as
	// (column name, reason) pairs, the column "" for the row as a whole.
	Check func(rec *T) [][2]string
	// MaxRows bounds the records of one file (0: DefaultMaxRows).
	MaxRows int
}

// DefaultMaxRows bounds a table when the Table says nothing: a county's ledger of a year.
const DefaultMaxRows = 500_000

// maxProblems bounds the problems collected before reading stops.
const maxProblems = 1000

// headRows is how many rows at the top of a sheet are searched for the header.
const headRows = 20

// Row is a record with the row number it came from.
type Row[T any] struct {
	Num int
	Rec *T
}

// Problem is what is wrong with a cell, a row or the file.
type Problem struct {
	Row    int    // 0 for the file
	Col    string // the column's letter, "" for the row or the file
	Header string // the column's header as written
	Value  string // the cell as written
	Reason string
}

// String returns the problem as a sentence: where, what, why.
func (p Problem) String() string {
	var b strings.Builder
	if p.Row > 0 {
		fmt.Fprintf(&b, "第 %d 行", p.Row)
	}
	if p.Col != "" {
		fmt.Fprintf(&b, " %s列", p.Col)
		if p.Header != "" {
			b.WriteString("「" + p.Header + "」")
		}
	}
	if p.Value != "" {
		b.WriteString("的「" + p.Value + "」")
	}
	if b.Len() > 0 {
		b.WriteString("：")
	}
	b.WriteString(p.Reason)
	return strings.TrimSpace(b.String())
}

// Result is what reading a file gave: its records, or the problems that keep it from being
// stored, and how its headers were read.
type Result[T any] struct {
	Table     string
	File      string
	Sheet     string
	HeaderRow int
	Rows      []Row[T]
	Problems  []Problem
	Stopped   bool     // reading stopped at maxProblems
	Ignored   []string // headers of columns the table does not know
}

// OK reports whether the file can be stored.
func (r *Result[T]) OK() bool { return len(r.Problems) == 0 }

// Err returns nil when the file can be stored, and otherwise an errs.Invalid error whose
// message names the file and its first problems.
func (r *Result[T]) Err() error {
	if r.OK() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "「%s」有 %d 处错误，未写入任何数据：", r.File, len(r.Problems))
	for i, p := range r.Problems {
		if i == 10 {
			b.WriteString("……")
			break
		}
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(p.String())
	}
	if r.Stopped {
		b.WriteString("（错误过多，其后的行未再检查）")
	}
	return errs.E(errs.Invalid, "%s", b.String())
}

// Read reads the first sheet of a file (xlsx or csv, told apart by content) named name of
// size bytes as a table of the kind t. The error is for a file that cannot be read at all (not
// a spreadsheet, no header, hostile); problems of its cells are in the Result.
func Read[T any](t *Table[T], name string, r io.ReaderAt, size int64) (*Result[T], error) {
	name = filepath.Base(name)
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
	res := &Result[T]{Table: t.Name, File: name, Sheet: sheet.Name()}
	maxRows := t.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}

	var head [][]string
	var cols []int // file column → table column, -1 ignored
	var names []string
	for sheet.Next() {
		row := sheet.Row()
		if cols == nil {
			if row.Num <= headRows {
				for len(head) < row.Num {
					head = append(head, nil)
				}
				head[row.Num-1] = append([]string(nil), row.Cells...)
				continue
			}
			if err := res.header(t, head, &cols, &names); err != nil {
				return nil, err
			}
			// The rows searched for the header may hold data below it.
			for i := res.HeaderRow; i < len(head); i++ {
				if res.row(t, i+1, head[i], cols, names) && len(res.Rows) > maxRows {
					return nil, errs.E(errs.Invalid, "「%s」超过 %d 行，请分批导入", name, maxRows)
				}
			}
		}
		if len(res.Problems) >= maxProblems {
			res.Stopped = true
			break
		}
		if res.row(t, row.Num, row.Cells, cols, names) && len(res.Rows) > maxRows {
			return nil, errs.E(errs.Invalid, "「%s」超过 %d 行，请分批导入", name, maxRows)
		}
	}
	if err := sheet.Err(); err != nil {
		return nil, err
	}
	if cols == nil {
		if err := res.header(t, head, &cols, &names); err != nil {
			return nil, err
		}
		for i := res.HeaderRow; i < len(head); i++ {
			res.row(t, i+1, head[i], cols, names)
		}
	}
	if len(res.Rows) == 0 && len(res.Problems) == 0 {
		return nil, errs.E(errs.Invalid, "「%s」中没有%s的数据行", name, t.Name)
	}
	return res, nil
}

// header finds the header among the first rows: the row that names the most columns of the
// table. The table's required columns must all be there.
func (res *Result[T]) header(t *Table[T], head [][]string, cols *[]int, names *[]string) error {
	lookup := map[string]int{}
	for i, c := range t.Columns {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			lookup[nationalfmt.NormalizeHeader(n)] = i
		}
	}
	best, bestN := -1, 0
	for i, row := range head {
		n := 0
		for _, cell := range row {
			if _, ok := lookup[nationalfmt.NormalizeHeader(cell)]; ok {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return errs.E(errs.Invalid, "「%s」不是%s：前 %d 行中没有找到表头（应有%s等列）", res.File, t.Name, headRows, requiredNames(t))
	}
	row := head[best]
	*cols, *names = make([]int, len(row)), append([]string(nil), row...)
	seen := make([]bool, len(t.Columns))
	for j, cell := range row {
		(*cols)[j] = -1
		i, ok := lookup[nationalfmt.NormalizeHeader(cell)]
		switch {
		case strings.TrimSpace(cell) == "":
		case !ok:
			res.Ignored = append(res.Ignored, strings.TrimSpace(cell))
		case seen[i]:
			res.Ignored = append(res.Ignored, strings.TrimSpace(cell)+"（重复的列）")
		default:
			seen[i], (*cols)[j] = true, i
		}
	}
	var missing []string
	for i, c := range t.Columns {
		if c.Required && !seen[i] {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		return errs.E(errs.Invalid, "「%s」第 %d 行的表头缺少必需的列：%s", res.File, best+1, strings.Join(missing, "、"))
	}
	res.HeaderRow = best + 1
	return nil
}

// requiredNames names the table's required columns for a message: "户编号、姓名".
func requiredNames[T any](t *Table[T]) string {
	var names []string
	for _, c := range t.Columns {
		if c.Required {
			names = append(names, "「"+c.Name+"」")
		}
	}
	return strings.Join(names, "")
}

// footer reports whether a row is a footer: 合计, 填表人, 审核, 签字 ….
func footer(cells []string) bool {
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		for _, w := range []string{"合计", "总计", "小计", "填表", "审核", "签字", "签名", "盖章", "制表"} {
			if strings.HasPrefix(c, w) {
				return true
			}
		}
		return false
	}
	return false
}

// row reads one data row into a record, or records its problems. It reports whether a
// record was added.
func (res *Result[T]) row(t *Table[T], num int, cells []string, cols []int, names []string) bool {
	if footer(cells) {
		return false
	}
	blank := true
	for j, c := range cells {
		if j < len(cols) && cols[j] >= 0 && strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		return false
	}
	rec := new(T)
	before := len(res.Problems)
	filled := make([]bool, len(t.Columns))
	for j, raw := range cells {
		if j >= len(cols) || cols[j] < 0 {
			continue
		}
		c := &t.Columns[cols[j]]
		v, reason := read(c, raw)
		if reason != "" {
			res.Problems = append(res.Problems, Problem{Row: num, Col: workbook.ColumnLetter(j), Header: names[j], Value: raw, Reason: reason})
			filled[cols[j]] = true // wrong, not blank: one problem per cell
			continue
		}
		if v.Blank {
			continue
		}
		filled[cols[j]] = true
		if c.Set != nil {
			c.Set(rec, v)
		}
	}
	for i, c := range t.Columns {
		if c.NotBlank && !filled[i] {
			res.Problems = append(res.Problems, Problem{Row: num, Col: colLetter(cols, i), Header: c.Name, Reason: c.Name + "不能为空"})
		}
	}
	if len(res.Problems) == before && t.Check != nil {
		for _, p := range t.Check(rec) {
			pr := Problem{Row: num, Reason: p[1]}
			if p[0] != "" {
				for i, c := range t.Columns {
					if c.Name == p[0] {
						pr.Col, pr.Header = colLetter(cols, i), c.Name
						// The cell's value too, where the reason does not quote it already: the
						// user looks for it in the file.
						for j, ci := range cols {
							if ci == i && j < len(cells) && !strings.Contains(p[1], "「"+cells[j]+"」") {
								pr.Value = cells[j]
							}
						}
					}
				}
			}
			res.Problems = append(res.Problems, pr)
		}
	}
	if len(res.Problems) > before {
		return false
	}
	res.Rows = append(res.Rows, Row[T]{Num: num, Rec: rec})
	return true
}

// colLetter returns the letter of the file column that holds table column i, or "".
func colLetter(cols []int, i int) string {
	for j, c := range cols {
		if c == i {
			return workbook.ColumnLetter(j)
		}
	}
	return ""
}

// read reads a cell by its column's kind: the value, or why it cannot be read.
func read[T any](c *Column[T], raw string) (Value, string) {
	s := nationalfmt.CleanCell(raw)
	if s == "" || (nationalfmt.IsPlaceholder(s) && !(s == "无" && c.Kind == Flag)) {
		return Value{Blank: true}, ""
	}
	max := c.Max
	if max <= 0 {
		max = 200
	}
	if utf8.RuneCountInString(s) > max {
		return Value{}, fmt.Sprintf("超过 %d 个字符", max)
	}
	v := Value{Text: s}
	switch c.Kind {
	case Int:
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(nationalfmt.HalfWidth(s)), ".0"))
		if err != nil {
			return v, "应为整数"
		}
		v.Int = n
	case Number:
		f, err := strconv.ParseFloat(strings.ReplaceAll(nationalfmt.HalfWidth(s), ",", ""), 64)
		if err != nil || f != f || f > 1e12 || f < -1e12 {
			return v, "应为数字"
		}
		v.Num = f
	case Money:
		m, err := registry.ParseMoney(nationalfmt.HalfWidth(s))
		if err != nil {
			return v, "应为金额（单位：元）"
		}
		v.Money = m
	case Date:
		d, err := registry.ParseDate(nationalfmt.HalfWidth(s))
		if err != nil {
			return v, "不是有效日期（如 2026-03-15 或 20260315）"
		}
		v.Date = d
	case Month:
		m, err := registry.ParseMonth(nationalfmt.HalfWidth(s))
		if err != nil {
			return v, "不是有效年月（如 202603 或 2026-03）"
		}
		v.Month = m
	case Flag:
		f, err := registry.ParseFlag(s)
		if err != nil {
			return v, "应填「是」或「否」"
		}
		v.Flag = f
	case Enum:
		if std, ok := c.Spell[s]; ok {
			s = std
		}
		if !registry.In(c.Enum, s) {
			return v, "应为" + strings.Join(c.Enum, "、") + "之一"
		}
		v.Text = s
	case IDNumber:
		s = strings.ToUpper(nationalfmt.HalfWidth(s))
		if reason, damaged := idno.Damage(s); damaged {
			return v, reason
		}
		v.Text = s
	case Phone:
		s = nationalfmt.HalfWidth(s)
		if reason, damaged := idno.PhoneDamage(s); damaged {
			return v, reason
		}
		v.Text = idno.NormalizePhone(s)
	}
	return v, ""
}

// WriteReport writes the problems as an xlsx error report: one row per problem with the
// file, row, column, header, value and reason.
func (r *Result[T]) WriteReport(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "错误明细"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	for i, wd := range []float64{28, 8, 6, 20, 24, 60} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成错误报告")
		}
	}
	if err := sw.SetRow("A1", []any{"文件", "行号", "列", "列名", "单元格内容", "问题"}); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	for i, p := range r.Problems {
		var row any
		if p.Row > 0 {
			row = p.Row
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), []any{r.File, row, p.Col, p.Header, p.Value, p.Reason}); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成错误报告")
		}
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成错误报告")
	}
	if _, err := f.WriteTo(w); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入错误报告")
	}
	return nil
}

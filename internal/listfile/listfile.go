// Package listfile describes a county list once — the columns of a 安置点台账, a 公益性岗位台账,
// a 农村低收入人口名单 … with the headers seen in real files — so that the same description
// reads a file through internal/tableimport (the one way in: header found among the first
// rows, every cell of the whole file checked, problems by row and column, an error report)
// and writes the list back in the same layout, which reads back unchanged.
//
// It also places a row in a county: a 12-digit 区划代码, or the 乡镇 and 村 names resolved
// under the county. It reads no database; the domain stores write what a file gives in one
// transaction or not at all.
package listfile

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// Field is one column of a list: how a cell is read into a record and how the record's value
// is written back.
type Field[T any] struct {
	Col tableimport.Column[T]
	// Get returns the record's value as the export writes it; nil: the export leaves the
	// column out.
	Get func(*T) string
}

// List is a kind of county list.
type List[T any] struct {
	Key   string // stable: URLs and the import log use it
	Title string // in Chinese: 公益性岗位台账
	Help  string // what one row is, in Chinese
	// Fields are the columns, in the export's order.
	Fields []Field[T]
	// Check checks a record once its row is read, as tableimport.Table.Check.
	Check   func(rec *T) [][2]string
	MaxRows int
}

// Table returns the list as tableimport reads it; check, when not nil, runs after the list's
// own Check (a check that needs the county: places, the registry's households).
func (l *List[T]) Table(check func(rec *T) [][2]string) *tableimport.Table[T] {
	t := &tableimport.Table[T]{Name: l.Title, MaxRows: l.MaxRows}
	for _, f := range l.Fields {
		t.Columns = append(t.Columns, f.Col)
	}
	t.Check = func(rec *T) [][2]string {
		var out [][2]string
		if l.Check != nil {
			out = l.Check(rec)
		}
		if len(out) == 0 && check != nil {
			out = check(rec)
		}
		return out
	}
	return t
}

// Read reads a file of the list (see tableimport.Read).
func (l *List[T]) Read(name string, r io.ReaderAt, size int64, check func(rec *T) [][2]string) (*tableimport.Result[T], error) {
	return tableimport.Read(l.Table(check), name, r, size)
}

// Heads returns the headers the export writes.
func (l *List[T]) Heads() []string {
	var out []string
	for _, f := range l.Fields {
		if f.Get != nil {
			out = append(out, f.Col.Name)
		}
	}
	return out
}

// Mask is how an export shows a cell of a personal kind (tableimport.IDNumber,
// tableimport.Phone) to the user who asked for it.
type Mask func(kind tableimport.Kind, s string) string

// Write writes the records each gives as an xlsx workbook of one sheet named after the list,
// with the list's headers in the first row. Cells of personal kinds go through mask when it is
// not nil. Texts are written as strings, never as formulas.
func (l *List[T]) Write(w io.Writer, mask Mask, each func(emit func(*T) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := l.Title
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成%s", l.Title)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成%s", l.Title)
	}
	var heads []any
	var fields []Field[T]
	for _, fd := range l.Fields {
		if fd.Get != nil {
			heads = append(heads, fd.Col.Name)
			fields = append(fields, fd)
		}
	}
	for i := range fields {
		if err := sw.SetColWidth(i+1, i+1, 14); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成%s", l.Title)
		}
	}
	if err := sw.SetRow("A1", heads); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成%s", l.Title)
	}
	n := 1
	err = each(func(rec *T) error {
		n++
		row := make([]any, len(fields))
		for i, fd := range fields {
			s := fd.Get(rec)
			if mask != nil && (fd.Col.Kind == tableimport.IDNumber || fd.Col.Kind == tableimport.Phone) {
				s = mask(fd.Col.Kind, s)
			}
			row[i] = s
		}
		return sw.SetRow("A"+strconv.Itoa(n), row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成%s", l.Title)
	}
	if _, err := f.WriteTo(w); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入%s", l.Title)
	}
	return nil
}

// The fields of the kinds a list has. Each takes the header, its aliases, whether the column
// is required (and then must be filled in every row), and the record's field.

// Text is a text column of at most max characters (0: 200).
func Text[T any](name string, aliases []string, max int, required bool, f func(*T) *string) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Text, Max: max,
		Required: required, NotBlank: required, Set: func(r *T, v tableimport.Value) { *f(r) = v.Text }},
		Get: func(r *T) string { return *f(r) }}
}

// Enum is a column of one of values, or a spelling spell maps to one.
func Enum[T any](name string, aliases []string, values []string, spell map[string]string, required bool, f func(*T) *string) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Enum, Enum: values, Spell: spell,
		Required: required, NotBlank: required, Set: func(r *T, v tableimport.Value) { *f(r) = v.Text }},
		Get: func(r *T) string { return *f(r) }}
}

// Int is a whole-number column.
func Int[T any](name string, aliases []string, required bool, f func(*T) *int) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Int, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Int }},
		Get: func(r *T) string { return strconv.Itoa(*f(r)) }}
}

// Money is an amount in yuan.
func Money[T any](name string, aliases []string, required bool, f func(*T) *registry.Money) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Money, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Money }},
		Get: func(r *T) string { return f(r).Plain() }}
}

// Date is a calendar date, written YYYY-MM-DD.
func Date[T any](name string, aliases []string, required bool, f func(*T) *registry.Date) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Date, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Date }},
		Get: func(r *T) string { return f(r).String() }}
}

// Month is a month, written YYYYMM.
func Month[T any](name string, aliases []string, required bool, f func(*T) *registry.Month) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Month, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Month }},
		Get: func(r *T) string { return f(r).Compact() }}
}

// Flag is a 是/否 column.
func Flag[T any](name string, aliases []string, required bool, f func(*T) *registry.Flag) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Flag, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Flag }},
		Get: func(r *T) string { return f(r).String() }}
}

// IDNumber is a 证件号码 column, checked for spreadsheet damage.
func IDNumber[T any](name string, aliases []string, required bool, f func(*T) *string) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.IDNumber, Max: 30,
		Required: required, NotBlank: required, Set: func(r *T, v tableimport.Value) { *f(r) = v.Text }},
		Get: func(r *T) string { return *f(r) }}
}

// Phone is a phone column, normalised.
func Phone[T any](name string, aliases []string, f func(*T) *string) Field[T] {
	return Field[T]{Col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Phone, Max: 30,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Text }},
		Get: func(r *T) string { return *f(r) }}
}

// Place is where a row lies: its 乡镇 and 村 names, or its 区划代码.
type Place struct{ Town, Village, Code string }

// PlaceFields are the columns that place a row: 乡镇, 村 and 区划代码, none required. get
// returns the record's place; code the region it was resolved to, which the export writes.
func PlaceFields[T any](get func(*T) *Place, code func(*T) region.Code, names func(region.Code) (town, village string)) []Field[T] {
	return []Field[T]{
		{Col: tableimport.Column[T]{Name: "乡镇", Aliases: []string{"乡（镇）", "乡镇名称", "所在乡镇"}, Max: 50,
			Set: func(r *T, v tableimport.Value) { get(r).Town = v.Text }},
			Get: func(r *T) string { t, _ := names(code(r)); return t }},
		{Col: tableimport.Column[T]{Name: "村", Aliases: []string{"村（社区）", "行政村", "村名称", "所在村"}, Max: 50,
			Set: func(r *T, v tableimport.Value) { get(r).Village = v.Text }},
			Get: func(r *T) string { _, vl := names(code(r)); return vl }},
		{Col: tableimport.Column[T]{Name: "区划代码", Aliases: []string{"行政区划代码", "村代码", "村级区划代码"}, Max: 20,
			Set: func(r *T, v tableimport.Value) { get(r).Code = v.Text }},
			Get: func(r *T) string { return string(code(r)) }},
	}
}

// Places resolves the places of a county's rows.
type Places struct {
	Tree   *region.Tree // nil: only 区划代码 are read
	County region.Code
}

// Resolve returns the region a row's place names in the county (the county itself when the
// place is blank), or why it cannot be placed.
func (p Places) Resolve(pl Place) (region.Code, string) {
	if c := strings.TrimSpace(pl.Code); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return "", "区划代码「" + c + "」无效：应为 12 位数字"
		}
		if !p.County.Contains(code) {
			return "", "区划代码「" + c + "」不在本县"
		}
		if p.Tree != nil && !p.Tree.Has(code) {
			return "", "没有区划代码为「" + c + "」的地区"
		}
		return code, ""
	}
	if strings.TrimSpace(pl.Town) == "" && strings.TrimSpace(pl.Village) == "" {
		return p.County, ""
	}
	if p.Tree == nil {
		return "", "无法识别乡镇和村的名称，请填写 12 位区划代码"
	}
	var names region.Names
	for _, a := range lineage(p.Tree, p.County) {
		switch a.Code.Level() {
		case region.Province:
			names.Province = a.Name
		case region.City:
			names.City = a.Name
		case region.County:
			names.County = a.Name
		}
	}
	names.Township, names.Village = pl.Town, pl.Village
	code, err := p.Tree.Resolve(names)
	if err != nil {
		return "", errs.Message(err)
	}
	if !p.County.Contains(code) {
		return "", "「" + pl.Town + pl.Village + "」不在本县"
	}
	return code, ""
}

// Names returns the names of a region's township and village, as the export writes them.
func (p Places) Names(c region.Code) (town, village string) {
	if p.Tree == nil || c == "" {
		return "", ""
	}
	for _, a := range lineage(p.Tree, c) {
		switch a.Code.Level() {
		case region.Township:
			town = a.Name
		case region.Village:
			village = a.Name
		}
	}
	return town, village
}

// lineage returns c's ancestors and c itself, from the province down.
func lineage(t *region.Tree, c region.Code) []region.Region {
	r, err := t.Get(c)
	if err != nil {
		return nil
	}
	return append(t.Ancestors(c), r)
}

// IDKey returns the key people are matched by across lists and the registry: the first 18
// characters of the ID number in upper case, or "" when it is shorter.
func IDKey(raw string) string {
	s := strings.ToUpper(strings.TrimSpace(raw))
	if len(s) < 18 {
		return ""
	}
	return s[:18]
}

// Miss is a row whose reference the store did not find — a household, a site, a post — or
// that the store refused: the file is not written.
type Miss struct {
	Row    int
	Header string // the column of the reference, or ""
	Value  string
	Reason string
}

// Refuse adds the misses to the result's problems, so that the error report lists them with
// the problems of the cells.
func Refuse[T any](res *tableimport.Result[T], ms []Miss) {
	for _, m := range ms {
		res.Problems = append(res.Problems, tableimport.Problem{Row: m.Row, Header: m.Header, Value: m.Value, Reason: m.Reason})
	}
}

// MaxID is the longest number a list gives its objects (安置点编号, 岗位编号 …), in characters.
const MaxID = 64

// ValidID checks a number a county list gives an object: not blank, not too long, and free of
// the characters that would break a URL.
func ValidID(what, id string) error {
	if strings.TrimSpace(id) == "" {
		return errs.E(errs.Invalid, "%s不能为空", what)
	}
	if utf8.RuneCountInString(id) > MaxID || strings.ContainsAny(id, "/?#%\\") {
		return errs.E(errs.Invalid, "%s「%s」过长或含有 / ? # %% \\ 等字符", what, id)
	}
	return nil
}

// CheckText checks a text field of a record: filled when required, at most max characters.
func CheckText(what, s string, max int, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return errs.E(errs.Invalid, "%s不能为空", what)
	}
	if utf8.RuneCountInString(s) > max {
		return errs.E(errs.Invalid, "%s不能超过 %d 个字符", what, max)
	}
	return nil
}

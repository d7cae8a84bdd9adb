package nationalfmt

import (
	"bufio"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"

	"github.com/gonggu/gonggu/internal/csvout"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/workbook"
)

// The sheet names the encoder writes.
const (
	MemberSheet = "家庭成员"
	IncomeSheet = "家庭收入"
)

// Writer writes households in the national format: the member table (one row per person, the
// household's fields and its latest year's income repeated on each row) and the income table
// (one row per household and year), as an xlsx workbook (NewWriter) or as two csv files
// (NewCSVWriter). It streams: memory does not grow with the number of households.
//
// An xlsx sheet holds at most workbook.MaxRows rows. A workbook for more people than that
// splits its tables with StartSheets, one pair of sheets per county for example; the
// importer reads every sheet whose header it recognises, so the file imports back whole.
type Writer struct {
	// Names gives the 省 市 县 乡 村 names of a village code; nil leaves them blank.
	Names func(village region.Code) [5]string
	// MembersOnly leaves the income table empty, as a national member export is: the member
	// rows carry the latest year's income.
	MembersOnly bool
	// SheetRows is the most rows a sheet takes, its header included; 0 means
	// workbook.MaxRows, all a sheet can hold (tests split with fewer).
	SheetRows int

	// xlsx
	x                *workbook.XLSXWriter
	members, incomes *workbook.SheetWriter
	// csv
	cm, ci *csvout.Writer
	bw     []*bufio.Writer

	rec   Record
	cells []workbook.Cell
	strs  []string
	// A household's member cells (hh, each column's end in hhEnd) and a member's row.
	hh, line []byte
	hhEnd    []int
	places   map[region.Code][5]string
	stats    WriteStats
	finished bool
}

// WriteStats counts what a Writer wrote.
type WriteStats struct {
	Households int
	Persons    int
	Incomes    int
	// Empty counts households without people: the member table has no row for them.
	Empty int
}

// NamesFrom returns a Names function over a region tree.
func NamesFrom(t *region.Tree) func(region.Code) [5]string {
	return func(c region.Code) [5]string {
		var out [5]string
		for _, a := range t.Ancestors(c) {
			out[a.Level-1] = a.Name
		}
		if r, err := t.Get(c); err == nil {
			out[r.Level-1] = r.Name
		}
		return out
	}
}

// NewWriter returns a Writer of an xlsx workbook, whose sheets are kept in temporary files
// until WriteTo or SaveAs.
func NewWriter(names func(region.Code) [5]string) (*Writer, error) {
	return &Writer{Names: names, x: workbook.NewXLSXWriter(""), places: map[region.Code][5]string{}}, nil
}

// NewCSVWriter returns a Writer of the member table to members and the income table to
// incomes, as csv in UTF-8 with a byte-order mark (which spreadsheet programs need to read
// UTF-8), every cell made safe from formula injection (internal/csvout). Flush ends them.
func NewCSVWriter(names func(region.Code) [5]string, members, incomes io.Writer) (*Writer, error) {
	w := &Writer{Names: names, places: map[region.Code][5]string{}}
	for _, t := range []struct {
		out   io.Writer
		table *Table
		cw    **csvout.Writer
	}{{members, Members, &w.cm}, {incomes, Incomes, &w.ci}} {
		bw := bufio.NewWriterSize(t.out, 256<<10)
		w.bw = append(w.bw, bw)
		if _, err := bw.WriteString("\uFEFF"); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
		*t.cw = csvout.NewWriter(bw)
		if err := (*t.cw).Write(headerNames(t.table)); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
	}
	return w, nil
}

func headerNames(t *Table) []string {
	var out []string
	for i := range t.Columns {
		if t.Columns[i].Written() {
			out = append(out, t.Columns[i].Name)
		}
	}
	return out
}

func sheetColumns(t *Table) []workbook.XLSXColumn {
	var out []workbook.XLSXColumn
	for i := range t.Columns {
		c := &t.Columns[i]
		if !c.Written() {
			continue
		}
		width := 12.0
		switch c.Kind {
		case ID, Key:
			width = 22
		case Phone:
			width = 14
		}
		out = append(out, workbook.XLSXColumn{Header: c.Name, Width: width})
	}
	return out
}

// StartSheets starts a new member sheet and income sheet, named MemberSheet and IncomeSheet
// followed by "-" and the suffix (a county's name): the households written next go there.
func (w *Writer) StartSheets(suffix string) error {
	if w.x == nil {
		return nil
	}
	name := func(base string) string {
		if suffix == "" {
			return base
		}
		n := base + "-" + suffix
		if r := []rune(n); len(r) > 31 {
			n = string(r[:31])
		}
		return n
	}
	var err error
	if w.members, err = w.x.NewSheet(name(MemberSheet), sheetColumns(Members)); err != nil {
		return err
	}
	w.incomes, err = w.x.NewSheet(name(IncomeSheet), sheetColumns(Incomes))
	return err
}

// Room reports whether the current sheets have room for the household's rows, so that a
// caller splitting a large export starts new sheets in time. A csv file always has room.
func (w *Writer) Room(a *registry.Aggregate) bool {
	if w.members == nil {
		return true
	}
	incomes := len(a.Incomes)
	if w.MembersOnly {
		incomes = 0
	}
	most := w.SheetRows
	if most <= 0 {
		most = workbook.MaxRows
	}
	return w.members.Rows()+len(a.Persons) <= most && w.incomes.Rows()+incomes <= most
}

func (w *Writer) placeNames(c region.Code) [5]string {
	if w.Names == nil {
		return [5]string{}
	}
	if p, ok := w.places[c]; ok {
		return p
	}
	p := w.Names(c)
	if len(w.places) > 100000 {
		clear(w.places)
	}
	w.places[c] = p
	return p
}

// Write writes one household.
func (w *Writer) Write(a *registry.Aggregate) error {
	if w.x != nil && w.members == nil {
		if err := w.StartSheets(""); err != nil {
			return err
		}
	}
	if !w.Room(a) {
		return errs.E(errs.Invalid, "导出的行数超过 xlsx 工作表的上限 %d 行，请按县分表导出", workbook.MaxRows)
	}
	rec := &w.rec
	*rec = Record{}
	rec.SetHousehold(&a.Household)
	rec.Place = w.placeNames(a.Household.Village)
	rec.Code = string(a.Household.Village)
	rec.SetMeasures(a.Measures)
	if h := Head(a); h != nil {
		rec.HeadName, rec.HeadID = h.Name, h.IDNumber
	}
	w.stats.Households++

	// The income sheet: every year.
	for i := range a.Incomes {
		if w.MembersOnly {
			break
		}
		rec.SetIncome(&a.Incomes[i])
		rec.PerCapita = perCapita(a, &a.Incomes[i])
		rec.Uncollected = UncollectedText(0, 0, a.Incomes[i].Uncollected)
		if err := w.writeRow(false, w.incomes, w.ci); err != nil {
			return err
		}
		w.stats.Incomes++
	}

	// The member sheet: the latest year's income on each person's row.
	latest := LatestIncome(a)
	rec.SetIncome(latest)
	if latest != nil {
		rec.PerCapita = perCapita(a, latest)
	}
	persons := make([]*registry.Person, len(a.Persons))
	for i := range a.Persons {
		persons[i] = &a.Persons[i]
	}
	// Heads first, as the national system lists a household.
	slices.SortStableFunc(persons, func(x, y *registry.Person) int {
		switch {
		case x.IsHead() == y.IsHead():
			return 0
		case x.IsHead():
			return -1
		}
		return 1
	})
	if len(persons) == 0 {
		w.stats.Empty++
	}
	var incomeGap registry.FieldSet
	if latest != nil {
		incomeGap = latest.Uncollected
	}
	if w.members != nil {
		// The household's cells are the same on each member's row: make them once.
		w.hh, w.hhEnd = w.hh[:0], w.hhEnd[:0]
		for j, c := range memberColumns {
			if !personColumns[j] {
				w.hh = w.members.AppendCell(w.hh, w.cell(c))
			}
			w.hhEnd = append(w.hhEnd, len(w.hh))
		}
	}
	for _, p := range persons {
		rec.Person = *p
		rec.Uncollected = UncollectedText(a.Household.Uncollected, p.Uncollected, incomeGap)
		var err error
		if w.members != nil {
			w.line = w.line[:0]
			for j, c := range memberColumns {
				if personColumns[j] {
					w.line = w.members.AppendCell(w.line, w.cell(c))
				} else {
					start := 0
					if j > 0 {
						start = w.hhEnd[j-1]
					}
					w.line = append(w.line, w.hh[start:w.hhEnd[j]]...)
				}
			}
			if err = w.members.RawRow(w.line); err != nil {
				err = errs.Wrap(err, errs.Internal, "无法写入导出文件")
			}
		} else {
			err = w.writeRow(true, nil, w.cm)
		}
		if err != nil {
			return err
		}
		w.stats.Persons++
	}
	return nil
}

// memberColumns and incomeColumns are the columns the encoder writes.
var memberColumns, incomeColumns = written(Members), written(Incomes)

func written(t *Table) []*Column {
	var out []*Column
	for i := range t.Columns {
		if t.Columns[i].Written() {
			out = append(out, &t.Columns[i])
		}
	}
	return out
}

// personColumns marks the member columns whose value differs from one member of a household to
// the next: those of the person's own fields, and the fields no source has provided.
var personColumns = func() []bool {
	var r Record
	lo := reflect.ValueOf(&r.Person).Pointer()
	hi := lo + reflect.TypeOf(r.Person).Size()
	unc := reflect.ValueOf(&r.Uncollected).Pointer()
	out := make([]bool, len(memberColumns))
	for j, c := range memberColumns {
		p := reflect.ValueOf(c.field(&r)).Pointer()
		out[j] = p >= lo && p < hi || p == unc
	}
	return out
}()

// cell formats a column of the current record as an xlsx cell.
func (w *Writer) cell(c *Column) workbook.Cell {
	v := c.Format(&w.rec)
	cell := workbook.Cell{Value: v}
	if v != "" && c.Numeric() {
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			cell.Number = true
		}
	}
	if !cell.Number {
		cell.Shared = shared(c)
	}
	return cell
}

// shared reports whether a column's values repeat enough to be worth the shared-string table:
// places and the values of national lists, not names, numbers or keys.
func shared(c *Column) bool {
	switch c.Kind {
	case Enum, Flag, Gender, HouseholdKind, AlleviatedFlag, RiskList, Month:
		return true
	}
	return c.Level == LevelPlace || c.Level == LevelMeasure
}

// writeRow writes the current record as a row of the member table (members) or the income
// table, to the sheet or the csv file.
func (w *Writer) writeRow(members bool, sheet *workbook.SheetWriter, cw *csvout.Writer) error {
	cols := incomeColumns
	if members {
		cols = memberColumns
	}
	var err error
	if cw != nil {
		w.strs = w.strs[:0]
		for _, c := range cols {
			w.strs = append(w.strs, c.Format(&w.rec))
		}
		err = cw.Write(w.strs)
	} else {
		w.cells = w.cells[:0]
		for _, c := range cols {
			w.cells = append(w.cells, w.cell(c))
		}
		err = sheet.Row(w.cells)
	}
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	return nil
}

// Stats returns what has been written so far.
func (w *Writer) Stats() WriteStats { return w.stats }

// Flush ends the csv files, or finishes the sheets of a workbook.
func (w *Writer) Flush() error {
	if w.finished {
		return nil
	}
	w.finished = true
	if w.x != nil {
		if w.members == nil {
			return w.StartSheets("")
		}
		return nil
	}
	for _, cw := range []*csvout.Writer{w.cm, w.ci} {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
	}
	for _, bw := range w.bw {
		if err := bw.Flush(); err != nil {
			return errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
	}
	return nil
}

// SaveAs finishes the workbook and saves it to path.
func (w *Writer) SaveAs(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "无法创建「%s」", path)
	}
	if _, err := w.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法保存导出文件")
	}
	return nil
}

// WriteTo finishes the workbook and writes it to out.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	if w.x == nil {
		return 0, w.Flush()
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	n, err := w.x.WriteTo(out)
	if err != nil {
		return n, errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	return n, nil
}

// Close releases the workbook's temporary files.
func (w *Writer) Close() error {
	if w.x != nil {
		return w.x.Close()
	}
	return nil
}

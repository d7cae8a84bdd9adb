package nationalfmt

import (
	"io"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

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

// Writer writes households in the national format as an xlsx workbook: the member table (one
// row per person, the household's fields and its latest year's income repeated on each row)
// and the income table (one row per household and year). It streams: memory does not grow
// with the number of households.
type Writer struct {
	// Names gives the 省 市 县 乡 村 names of a village code; nil leaves them blank.
	Names func(village region.Code) [5]string
	// MembersOnly leaves the income table empty, as a national member export is: the member
	// rows carry the latest year's income.
	MembersOnly bool

	f        *excelize.File
	members  *excelize.StreamWriter
	incomes  *excelize.StreamWriter
	mrow     int
	irow     int
	rec      Record
	row      []any
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

// NewWriter returns a Writer.
func NewWriter(names func(region.Code) [5]string) (*Writer, error) {
	w := &Writer{Names: names, f: excelize.NewFile(), mrow: 1, irow: 1, places: map[region.Code][5]string{}}
	if err := w.f.SetSheetName("Sheet1", MemberSheet); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法创建导出文件")
	}
	if _, err := w.f.NewSheet(IncomeSheet); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法创建导出文件")
	}
	bold, err := w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法创建导出文件")
	}
	for _, s := range []struct {
		sheet string
		t     *Table
		sw    **excelize.StreamWriter
	}{{MemberSheet, Members, &w.members}, {IncomeSheet, Incomes, &w.incomes}} {
		sw, err := w.f.NewStreamWriter(s.sheet)
		if err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法创建导出文件")
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法创建导出文件")
		}
		var header []any
		for i := range s.t.Columns {
			if !s.t.Columns[i].Written() {
				continue
			}
			header = append(header, excelize.Cell{StyleID: bold, Value: s.t.Columns[i].Name})
			width := 12.0
			switch s.t.Columns[i].Kind {
			case ID, Key:
				width = 22
			case Phone:
				width = 14
			}
			if err := sw.SetColWidth(len(header), len(header), width); err != nil {
				return nil, errs.Wrap(err, errs.Internal, "无法创建导出文件")
			}
		}
		if err := sw.SetRow("A1", header); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
		*s.sw = sw
	}
	return w, nil
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
		w.irow++
		if err := w.writeRow(w.incomes, Incomes, w.irow); err != nil {
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
	for _, p := range persons {
		rec.Person = *p
		rec.Uncollected = UncollectedText(a.Household.Uncollected, p.Uncollected, incomeGap)
		w.mrow++
		if err := w.writeRow(w.members, Members, w.mrow); err != nil {
			return err
		}
		w.stats.Persons++
	}
	return nil
}

func (w *Writer) writeRow(sw *excelize.StreamWriter, t *Table, num int) error {
	if num > workbook.MaxRows {
		return errs.E(errs.Invalid, "导出的行数超过 xlsx 的上限 %d 行，请按县或乡分别导出", workbook.MaxRows)
	}
	w.row = w.row[:0]
	for i := range t.Columns {
		c := &t.Columns[i]
		if !c.Written() {
			continue
		}
		v := c.Format(&w.rec)
		switch {
		case v == "":
			w.row = append(w.row, nil)
		case c.Numeric():
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				w.row = append(w.row, f)
			} else {
				w.row = append(w.row, v)
			}
		default:
			w.row = append(w.row, v)
		}
	}
	if err := sw.SetRow("A"+strconv.Itoa(num), w.row); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	return nil
}

// Stats returns what has been written so far.
func (w *Writer) Stats() WriteStats { return w.stats }

func (w *Writer) finish() error {
	if w.finished {
		return nil
	}
	w.finished = true
	for _, sw := range []*excelize.StreamWriter{w.members, w.incomes} {
		if err := sw.Flush(); err != nil {
			return errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
	}
	return nil
}

// SaveAs finishes the workbook and saves it to path.
func (w *Writer) SaveAs(path string) error {
	if err := w.finish(); err != nil {
		return err
	}
	if err := w.f.SaveAs(path); err != nil {
		return errs.Wrap(err, errs.Internal, "无法保存导出文件")
	}
	return nil
}

// WriteTo finishes the workbook and writes it to out.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	if err := w.finish(); err != nil {
		return 0, err
	}
	n, err := w.f.WriteTo(out)
	if err != nil {
		return n, errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	return n, nil
}

// Close releases the workbook's temporary files.
func (w *Writer) Close() error { return w.f.Close() }

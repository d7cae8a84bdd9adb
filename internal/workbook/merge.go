package workbook

import (
	"errors"
	"io"
	"slices"

	"github.com/gonggu/gonggu/internal/errs"
)

// Range is a rectangle of merged cells: rows numbered as the spreadsheet shows them (from 1,
// as Row.Num), columns from 0 (as the index into Row.Cells). Top ≤ Bottom and Left ≤ Right.
type Range struct {
	Top, Left, Bottom, Right int
}

// Merged is implemented by the sheets that know their merged cells: xlsx sheets. An xlsx
// worksheet lists its merged ranges after its rows (<mergeCells> follows <sheetData>), so a
// streaming reader learns them only at the end: Merges is complete once Next has returned
// false without an error, and empty before.
type Merged interface {
	Merges() []Range
}

// The bounds of merged cells. A county sheet that merges each household's cells down over its
// members has a few ranges per household: tens of thousands in a large county, far below these.
const (
	// MaxMerges bounds the merged ranges of one sheet.
	MaxMerges = 1_000_000
	// maxFilled bounds the cells FillMerged fills in one sheet.
	maxFilled = 1 << 26
)

// Merges returns the sheet's merged ranges of more than one cell, in the order the sheet lists
// them; complete once Next has returned false without an error.
func (s *xlsxSheet) Merges() []Range { return s.merges }

// readTail reads the rest of the worksheet after its rows, collecting the merged ranges. A range
// whose reference cannot be read is left out, as is a range of a single cell.
func (s *xlsxSheet) readTail() error {
	for {
		err := s.sc.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if !s.sc.isStart("mergeCell") {
			continue
		}
		ref, ok := s.sc.attr("ref")
		if !ok {
			continue
		}
		r, ok := parseRange(ref)
		if !ok || (r.Top == r.Bottom && r.Left == r.Right) {
			continue
		}
		if len(s.merges) >= MaxMerges {
			return errs.E(errs.Invalid, "工作表「%s」的合并单元格超过 %d 个，不是正常的表格（文件可能被篡改）", s.name, MaxMerges)
		}
		s.merges = append(s.merges, r)
	}
}

// parseRange reads a range reference such as "A3:A6" (or "$A$3:$A$6").
func parseRange(ref []byte) (Range, bool) {
	i := slices.Index(ref, ':')
	if i < 0 {
		return Range{}, false
	}
	r1, c1, ok1 := cellPosition(ref[:i])
	r2, c2, ok2 := cellPosition(ref[i+1:])
	if !ok1 || !ok2 {
		return Range{}, false
	}
	return Range{Top: min(r1, r2), Left: min(c1, c2), Bottom: max(r1, r2), Right: max(c1, c2)}, true
}

// cellPosition reads a cell reference such as "AB12" as a row number and a 0-based column.
func cellPosition(ref []byte) (row, col int, ok bool) {
	i := 0
	for i < len(ref) && (ref[i] == '$' || (ref[i]|0x20 >= 'a' && ref[i]|0x20 <= 'z')) {
		i++
	}
	col, ok = columnIndex(ref[:i])
	if !ok || col >= MaxCols {
		return 0, 0, false
	}
	digits := ref[i:]
	if len(digits) > 0 && digits[0] == '$' {
		digits = digits[1:]
	}
	row = atoiBytes(digits)
	if row < 1 || row > MaxRows {
		return 0, 0, false
	}
	return row, col, true
}

// FillMerged returns a sheet that reads s with every cell of the merged ranges holding the
// value of the range's top-left cell, as a spreadsheet shows a merged cell: the household
// cells a county working copy merges down over its members' rows then repeat on each row.
// Rows that s leaves out stay out, and a range whose top row s leaves out fills nothing. The
// filled rows keep the reader's bounds on a row's text, and a sheet whose ranges would fill
// more cells than a real table has is refused.
func FillMerged(s Sheet, merges []Range) Sheet {
	pending := slices.Clone(merges)
	slices.SortStableFunc(pending, func(a, b Range) int { return a.Top - b.Top })
	return &filledSheet{Sheet: s, pending: pending}
}

type filledSheet struct {
	Sheet
	pending []Range // by Top, not reached yet
	active  []activeRange
	row     Row
	cells   []string
	filled  int
	err     error
}

type activeRange struct {
	Range
	value string
}

func (f *filledSheet) Row() Row { return f.row }

func (f *filledSheet) Err() error {
	if f.err != nil {
		return f.err
	}
	return f.Sheet.Err()
}

func (f *filledSheet) fail(err error) bool {
	f.err = err
	return false
}

func (f *filledSheet) Next() bool {
	if f.err != nil || !f.Sheet.Next() {
		return false
	}
	row := f.Sheet.Row()
	keep := f.active[:0]
	for _, a := range f.active {
		if a.Bottom >= row.Num {
			keep = append(keep, a)
		}
	}
	f.active = keep
	for len(f.pending) > 0 && f.pending[0].Top <= row.Num {
		r := f.pending[0]
		f.pending = f.pending[1:]
		if r.Top != row.Num || r.Left >= len(row.Cells) || row.Cells[r.Left] == "" {
			continue // the top-left cell is blank or its row was left out: nothing to fill
		}
		if len(f.active) >= MaxCols {
			// Ranges that do not overlap cover each column at most once.
			return f.fail(errs.E(errs.Invalid, "工作表「%s」第 %d 行有超过 %d 个相互重叠的合并单元格，不是正常的表格（文件可能被篡改）", f.Name(), row.Num, MaxCols))
		}
		f.active = append(f.active, activeRange{Range: r, value: row.Cells[r.Left]})
	}
	if len(f.active) == 0 {
		f.row = row
		return true
	}
	cells := append(f.cells[:0], row.Cells...)
	for _, a := range f.active {
		for len(cells) <= a.Right {
			cells = append(cells, "")
		}
		for c := a.Left; c <= a.Right; c++ {
			cells[c] = a.value
		}
		if f.filled += a.Right - a.Left + 1; f.filled > maxFilled {
			return f.fail(errs.E(errs.Invalid, "工作表「%s」的合并单元格展开后超过 %d 个单元格，不是正常的表格（文件可能被篡改）", f.Name(), maxFilled))
		}
	}
	text := 0
	for _, c := range cells {
		text += len(c)
	}
	if text > maxRowText {
		return f.fail(errs.E(errs.Invalid, "工作表「%s」第 %d 行的内容（含合并单元格）超过 %d MB，不是正常的表格行（文件可能被篡改）", f.Name(), row.Num, maxRowText>>20))
	}
	f.cells = cells
	f.row = Row{Num: row.Num, Cells: cells, Uncalculated: row.Uncalculated}
	return true
}

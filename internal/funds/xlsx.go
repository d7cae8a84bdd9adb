package funds

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Export writes the records of the ledger as a workbook in its own layout — a title row, the
// header, a row per record — so that the file reads back through Read unchanged. It is the
// one writer of the ledger, for the web and the command line alike.
func (l *Ledger) Export(w io.Writer, tree *region.Tree, title string, b *Batch) error {
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
	hs := l.heads()
	for i, h := range hs {
		width := float64(len([]rune(h)))*2.2 + 2
		if err := sw.SetColWidth(i+1, i+1, min(max(width, 10), 40)); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成%s", l.Title)
		}
	}
	sh := &sheetWriter{sw: sw, tree: tree, next: 1}
	if err := sh.row([]any{title}); err != nil {
		return err
	}
	heads := make([]any, len(hs))
	for i, h := range hs {
		heads[i] = h
	}
	if err := sh.row(heads); err != nil {
		return err
	}
	if err := l.export(b, sh); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成%s", l.Title)
	}
	if _, err := f.WriteTo(w); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出%s", l.Title)
	}
	return nil
}

// sheetWriter writes the rows of an export.
type sheetWriter struct {
	sw   *excelize.StreamWriter
	tree *region.Tree
	next int
}

func (s *sheetWriter) row(cells []any) error {
	cell, _ := excelize.CoordinatesToCellName(1, s.next)
	s.next++
	if err := s.sw.SetRow(cell, cells); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出台账")
	}
	return nil
}

// placeOf writes a place as the ledgers do: the township's and village's names, and the code.
func (s *sheetWriter) placeOf(code region.Code) placeCells {
	p := placeCells{code: string(code)}
	if s.tree == nil {
		return p
	}
	if code.Level() >= region.Township {
		if r, err := s.tree.Get(code.Up(region.Township)); err == nil {
			p.town = r.Name
		}
	}
	if code.Level() == region.Village {
		if r, err := s.tree.Get(code); err == nil {
			p.village = r.Name
		}
	}
	if code.Level() <= region.County {
		p.code = ""
	}
	return p
}

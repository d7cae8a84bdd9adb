// Package workbook reads the spreadsheets users hand to gonggu (xlsx, and csv in UTF-8,
// GB18030 or UTF-16) as streams of rows, whatever they are for: the national export, county
// ledgers, department lists. Every reader is bounded (decompressed size and ratio, shared
// strings, rows, columns, cell and row length), so a hostile file is refused in seconds with
// little memory, and no sheet is ever held whole.
package workbook

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
)

// Row is one row of a sheet.
type Row struct {
	Num   int      // the row number the spreadsheet shows (1-based)
	Cells []string // cells from column A on; only valid until the next call to Next
	// Uncalculated are the 0-based columns, ascending, of the cells that hold a formula
	// without a calculated value: their Cells are "", though the spreadsheet shows a value.
	// Only an xlsx book with KeepUncalculated set reports them; only valid until the next
	// call to Next.
	Uncalculated []int
}

// Sheet streams the rows of one sheet. Rows come in order; rows a spreadsheet leaves out
// (blank rows) are skipped.
type Sheet interface {
	Name() string
	Next() bool
	Row() Row
	Err() error
	// Progress returns how many bytes of the sheet have been read, and its size in bytes.
	Progress() (done, total int64)
	Close() error
}

// Book is an opened xlsx or csv file.
type Book interface {
	// Sheets returns the names of the sheets; a csv file has one, named after the file.
	Sheets() []string
	// Sheet opens the sheet with the index for streaming.
	Sheet(i int) (Sheet, error)
	Close() error
}

// Open opens an xlsx or csv file, telling them apart by content rather than by name.
func Open(path string) (Book, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "无法打开文件「%s」", filepath.Base(path))
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, errs.Wrap(err, errs.Invalid, "无法读取文件「%s」", filepath.Base(path))
	}
	b, err := OpenReader(filepath.Base(path), f, st.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	switch b := b.(type) {
	case *XLSX:
		b.closer = f
	case *csvBook:
		b.closer = f
	}
	return b, nil
}

// OpenReader opens an xlsx or csv file of size bytes named name (an upload's file name, used
// in messages and as a csv file's sheet name), telling them apart by content. Closing the
// book does not close r.
func OpenReader(name string, r io.ReaderAt, size int64) (Book, error) {
	head := make([]byte, 8)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return OpenXLSX(r, size)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, errs.E(errs.Invalid, "「%s」是旧版 Excel（.xls）文件或已加密，请在 Excel 或 WPS 中另存为 .xlsx 后再导入", name)
	}
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".xlsx" || ext == ".xlsm" {
		return nil, errs.E(errs.Invalid, "「%s」不是有效的 xlsx 文件（可能已损坏）", name)
	}
	return &csvBook{name: strings.TrimSuffix(name, filepath.Ext(name)), r: io.NewSectionReader(r, 0, size), size: size}, nil
}

// csvBook is a csv file: one sheet.
type csvBook struct {
	name   string
	r      io.Reader
	size   int64
	opened bool
	closer io.Closer
}

func (b *csvBook) Sheets() []string { return []string{b.name} }

func (b *csvBook) Sheet(i int) (Sheet, error) {
	if i != 0 || b.opened {
		return nil, errs.E(errs.Invalid, "csv 文件只有一个工作表，且只能读取一次")
	}
	b.opened = true
	return NewCSV(b.name, b.r, b.size)
}

func (b *csvBook) Close() error {
	if b.closer != nil {
		return b.closer.Close()
	}
	return nil
}

package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
)

// XLSXWriter writes an xlsx workbook as a stream, for exports of a million rows: each sheet's
// XML is built row by row and deflated by a goroutine of its own into a temporary file, and
// WriteTo puts the compressed sheets into the zip as they are. Memory does not grow with the
// rows; the shared strings (values worth sharing, such as place names and the values of a
// national list) are bounded.
//
// excelize's stream writer spends about 1 µs a cell (cell names, styles, escaping through
// encoding/xml) and writes every string inline; a member export of a million rows and 80
// columns took minutes. This writer writes what the reader in this package and spreadsheet
// programs read: inline strings, shared strings, numbers, one header style.
type XLSXWriter struct {
	dir    string
	sheets []*SheetWriter
	sst    sharedStrings
	names  map[string]bool
	closed bool
	// jobs feeds the compressors, one per CPU, shared by the sheets.
	jobs     chan deflateJob
	stopJobs sync.Once
	workers  sync.WaitGroup
}

// XLSXColumn is a column of a sheet: its header and width.
type XLSXColumn struct {
	Header string
	Width  float64 // in characters; 0 for the spreadsheet's default
}

// Cell is a cell to write.
type Cell struct {
	Value string
	// Number writes Value as a number (it must be one, as strconv formats numbers).
	Number bool
	// Shared writes a string through the shared-string table: for values that repeat.
	Shared bool
}

// NewXLSXWriter returns a writer whose temporary files go to dir ("" for the system's).
func NewXLSXWriter(dir string) *XLSXWriter {
	return &XLSXWriter{dir: dir, sst: sharedStrings{index: map[string]int{}}, names: map[string]bool{}}
}

// maxShared bounds the shared-string table: past it, strings are written inline.
const maxShared = 1 << 17

type sharedStrings struct {
	mu    sync.Mutex
	index map[string]int
	list  []string
}

func (s *sharedStrings) id(v string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.index[v]; ok {
		return i, true
	}
	if len(s.list) >= maxShared {
		return 0, false
	}
	i := len(s.list)
	v = strings.Clone(v)
	s.index[v] = i
	s.list = append(s.list, v)
	return i, true
}

// SheetWriter writes the rows of one sheet. It is used from one goroutine.
type SheetWriter struct {
	w     *XLSXWriter
	name  string
	ncols int
	rows  int
	buf   []byte
	cells []byte
	// The compressed chunks in order, which the sheet's goroutine writes to file.
	order chan chan deflated
	free  chan []byte
	done  chan error
	file  *os.File
	crc   uint32
	size  int64
	err   error
}

// deflateJob is a chunk of a sheet's XML to compress, and where its result goes.
type deflateJob struct {
	data []byte
	out  chan deflated
}

// deflated is a chunk compressed on its own and ended with a sync flush: chunks compressed
// apart and written one after the other, with a final empty block, make one deflate stream
// (as pigz writes them), so that a sheet is compressed on every CPU at once.
type deflated struct {
	data, packed []byte
	err          error
}

// chunkSize is how much sheet XML is handed to the compressor at a time.
const chunkSize = 256 << 10

// NewSheet adds a sheet with the columns and writes its header row (bold, shaded, frozen).
// The name must be unique and at most 31 characters without []:*?/\.
func (w *XLSXWriter) NewSheet(name string, cols []XLSXColumn) (*SheetWriter, error) {
	if w.names[name] || name == "" || utf8.RuneCountInString(name) > 31 || strings.ContainsAny(name, `[]:*?/\`) {
		return nil, errs.E(errs.Internal, "xlsx: bad sheet name %q", name)
	}
	w.names[name] = true
	f, err := os.CreateTemp(w.dir, ".gonggu-sheet-*.xml.deflate")
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法创建临时文件")
	}
	s := &SheetWriter{w: w, name: name, ncols: len(cols), file: f,
		order: make(chan chan deflated, 2*runtime.GOMAXPROCS(0)+2), free: make(chan []byte, 2*runtime.GOMAXPROCS(0)+4),
		done: make(chan error, 1)}
	w.sheets = append(w.sheets, s)
	w.startCompressors()
	go s.store(s.order)
	s.buf = s.chunk()
	s.buf = append(s.buf, xml.Header...)
	s.buf = append(s.buf, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`+
		`<sheetFormatPr defaultRowHeight="15"/>`...)
	var widths []byte
	for i, c := range cols {
		if c.Width > 0 {
			widths = fmt.Appendf(widths, `<col min="%d" max="%d" width="%g" customWidth="1"/>`, i+1, i+1, c.Width)
		}
	}
	if len(widths) > 0 {
		s.buf = append(append(append(s.buf, "<cols>"...), widths...), "</cols>"...)
	}
	s.buf = append(s.buf, "<sheetData>"...)
	header := make([]Cell, len(cols))
	for i, c := range cols {
		header[i] = Cell{Value: c.Header, Shared: true}
	}
	if err := s.row(header, 1); err != nil {
		return nil, err
	}
	return s, nil
}

// Name returns the sheet's name.
func (s *SheetWriter) Name() string { return s.name }

// Rows returns the number of rows written, the header included.
func (s *SheetWriter) Rows() int { return s.rows }

// Row writes the next row.
func (s *SheetWriter) Row(cells []Cell) error { return s.row(cells, 0) }

// AppendCell appends the XML of a cell to b, for RawRow. Cells have no reference: a row's
// cells are its columns in order, a blank one written as an empty cell.
func (s *SheetWriter) AppendCell(b []byte, c Cell) []byte { return s.appendCell(b, c, 0) }

func (s *SheetWriter) appendCell(b []byte, c Cell, style int) []byte {
	if c.Value == "" {
		return append(b, `<c/>`...)
	}
	b = append(b, `<c`...)
	if style != 0 {
		b = append(b, ` s="1"`...)
	}
	switch {
	case c.Number:
		b = append(b, `><v>`...)
		b = append(b, c.Value...)
		return append(b, `</v></c>`...)
	case c.Shared:
		if id, ok := s.w.sst.id(c.Value); ok {
			b = append(b, ` t="s"><v>`...)
			b = strconv.AppendInt(b, int64(id), 10)
			return append(b, `</v></c>`...)
		}
	}
	b = append(b, ` t="inlineStr"><is>`...)
	b = appendT(b, c.Value)
	return append(b, `</is></c>`...)
}

// RawRow writes the next row from the XML of its cells, made by AppendCell: a caller that
// repeats cells on many rows (a household's on each member's row) makes them once.
func (s *SheetWriter) RawRow(cells []byte) error {
	if s.err != nil {
		return s.err
	}
	if s.rows >= MaxRows {
		return errs.E(errs.Invalid, "工作表「%s」已满 %d 行", s.name, MaxRows)
	}
	s.rows++
	b := append(s.buf, `<row r="`...)
	b = strconv.AppendInt(b, int64(s.rows), 10)
	b = append(b, `">`...)
	b = append(b, cells...)
	s.buf = append(b, `</row>`...)
	if len(s.buf) >= chunkSize {
		return s.flush()
	}
	return nil
}

func (s *SheetWriter) row(cells []Cell, style int) error {
	// Blank cells at the end need no place.
	for len(cells) > 0 && cells[len(cells)-1].Value == "" {
		cells = cells[:len(cells)-1]
	}
	s.cells = s.cells[:0]
	for _, c := range cells {
		s.cells = s.appendCell(s.cells, c, style)
	}
	return s.RawRow(s.cells)
}

// appendT appends a <t> element holding v, escaped for XML and for OOXML's _xHHHH_ escapes.
func appendT(b []byte, v string) []byte {
	if v != strings.TrimSpace(v) {
		b = append(b, `<t xml:space="preserve">`...)
	} else {
		b = append(b, `<t>`...)
	}
	b = appendEscaped(b, v)
	return append(b, `</t>`...)
}

func appendEscaped(b []byte, v string) []byte {
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "\uFFFD")
	}
	start := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		var esc string
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c < 0x20 && c != '\t' && c != '\n', c == 0x7f:
			esc = fmt.Sprintf("_x%04X_", c)
		case c == '_' && i+6 < len(v) && v[i+1] == 'x' && v[i+6] == '_' && isHex4(v[i+2:i+6]):
			// A text that looks like an escape is kept as it is by escaping its underscore.
			esc = "_x005F_"
		default:
			continue
		}
		b = append(b, v[start:i]...)
		b = append(b, esc...)
		start = i + 1
	}
	return append(b, v[start:]...)
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func (s *SheetWriter) chunk() []byte {
	select {
	case b := <-s.free:
		return b[:0]
	default:
		return make([]byte, 0, chunkSize+64<<10)
	}
}

// flush hands the XML built so far to the compressors.
func (s *SheetWriter) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	out := make(chan deflated, 1)
	select {
	case s.order <- out:
	case err := <-s.done:
		// The sheet's writer stopped early: it failed.
		s.done <- err
		s.err = err
		return err
	}
	s.w.jobs <- deflateJob{s.buf, out}
	s.buf = s.chunk()
	return nil
}

// startCompressors starts the compressors on the first sheet.
func (w *XLSXWriter) startCompressors() {
	if w.jobs != nil {
		return
	}
	w.jobs = make(chan deflateJob)
	for range runtime.GOMAXPROCS(0) {
		w.workers.Add(1)
		go func() {
			defer w.workers.Done()
			var buf bytes.Buffer
			fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
			for j := range w.jobs {
				buf.Reset()
				fw.Reset(&buf)
				_, err := fw.Write(j.data)
				if err == nil {
					err = fw.Flush()
				}
				j.out <- deflated{data: j.data, packed: bytes.Clone(buf.Bytes()), err: err}
			}
		}()
	}
}

// stopCompressors ends the compressors once every sheet is finished.
func (w *XLSXWriter) stopCompressors() {
	w.stopJobs.Do(func() {
		if w.jobs != nil {
			close(w.jobs)
			w.workers.Wait()
		}
	})
}

// store writes the sheet's compressed chunks to its file in order, with the CRC-32 and size
// of the XML, and ends the stream with a final empty block.
func (s *SheetWriter) store(order <-chan chan deflated) {
	bw := bufio.NewWriterSize(s.file, 256<<10)
	var failed error
	for out := range order {
		d := <-out
		if failed == nil {
			failed = d.err
		}
		if failed == nil {
			s.crc = crc32.Update(s.crc, crc32.IEEETable, d.data)
			s.size += int64(len(d.data))
			_, failed = bw.Write(d.packed)
		}
		select {
		case s.free <- d.data:
		default:
		}
	}
	if failed == nil {
		fw, _ := flate.NewWriter(bw, flate.BestSpeed)
		failed = fw.Close()
	}
	if failed == nil {
		failed = bw.Flush()
	}
	if failed != nil {
		failed = errs.Wrap(failed, errs.Internal, "无法写入临时文件")
	}
	s.done <- failed
}

// finish ends the sheet's XML and waits for its chunks to be stored.
func (s *SheetWriter) finish() error {
	if s.order == nil {
		return s.err
	}
	if s.err == nil {
		s.buf = append(s.buf, `</sheetData></worksheet>`...)
		s.err = s.flush()
	}
	close(s.order)
	s.order = nil
	if err := <-s.done; err != nil && s.err == nil {
		s.err = err
	}
	return s.err
}

// WriteTo finishes every sheet and writes the workbook to out.
func (w *XLSXWriter) WriteTo(out io.Writer) (int64, error) {
	if len(w.sheets) == 0 {
		return 0, errs.E(errs.Internal, "xlsx: no sheet")
	}
	for _, s := range w.sheets {
		if err := s.finish(); err != nil {
			return 0, err
		}
	}
	w.stopCompressors()
	cw := &countingWriter{w: out}
	z := zip.NewWriter(cw)
	part := func(name, body string) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, body)
		return err
	}
	var types, rels, sheets strings.Builder
	for i, s := range w.sheets {
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		sheets.WriteString(`<sheet name="`)
		sheets.Write(appendEscaped(nil, s.name))
		fmt.Fprintf(&sheets, `" sheetId="%d" r:id="rId%d"/>`, i+1, i+1)
	}
	n := len(w.sheets)
	var sst []byte
	sst = fmt.Appendf(sst, `%s<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, xml.Header, len(w.sst.list), len(w.sst.list))
	for _, v := range w.sst.list {
		sst = append(sst, "<si>"...)
		sst = appendT(sst, v)
		sst = append(sst, "</si>"...)
	}
	sst = append(sst, "</sst>"...)
	err := errorsJoin(
		part("[Content_Types].xml", xml.Header+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
			`<Default Extension="xml" ContentType="application/xml"/>`+
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
			types.String()+
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`+
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`+
			`</Types>`),
		part("_rels/.rels", xml.Header+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>`+
			`</Relationships>`),
		part("xl/workbook.xml", xml.Header+`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
			`<bookViews><workbookView/></bookViews><sheets>`+sheets.String()+`</sheets></workbook>`),
		part("xl/_rels/workbook.xml.rels", xml.Header+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			rels.String()+
			fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, n+1)+
			fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, n+2)+
			`</Relationships>`),
		part("xl/styles.xml", xml.Header+`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+
			`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>`+
			`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>`+
			`<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>`+
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>`+
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`+
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`+
			`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/></cellXfs>`+
			`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`),
		part("xl/sharedStrings.xml", string(sst)),
	)
	if err != nil {
		return cw.n, errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	for i, s := range w.sheets {
		if err := s.copyInto(z, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)); err != nil {
			return cw.n, err
		}
	}
	if err := z.Close(); err != nil {
		return cw.n, errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	return cw.n, nil
}

// copyInto stores the sheet's compressed XML in the zip as it is.
func (s *SheetWriter) copyInto(z *zip.Writer, name string) error {
	st, err := s.file.Stat()
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法读取临时文件")
	}
	f, err := z.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: s.crc,
		CompressedSize64: uint64(st.Size()), UncompressedSize64: uint64(s.size)})
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return errs.Wrap(err, errs.Internal, "无法读取临时文件")
	}
	if _, err := io.Copy(f, s.file); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	return nil
}

// Close stops the sheets' compressors and removes the temporary files.
func (w *XLSXWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	for _, s := range w.sheets {
		s.finish()
		s.file.Close()
		os.Remove(s.file.Name())
	}
	w.stopCompressors()
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func errorsJoin(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
)

// XLSX is an xlsx workbook opened for streaming reads.
//
// It reads the zip directly instead of through excelize: excelize's row iterator decodes
// every cell with encoding/xml (about 2.4 µs a cell, over two minutes for a million-row
// export) where this reader scans the sheet's bytes once. Each sheet is inflated and scanned
// as a stream and never held in memory; the shared-string table is held, packed in one string.
// excelize writes gonggu's xlsx files and is the reference the reader is tested against.
type XLSX struct {
	files    map[string]*zip.File // by lower-case name
	sheets   []xlsxSheetRef
	sstPath  string
	sst      *stringTable
	dateXF   []bool // by cell style index: the style's number format is a date
	date1904 bool
	closer   io.Closer

	// KeepUncalculated makes the sheets report a formula cell without a calculated value in
	// Row.Uncalculated and read on, for a caller that reports each cell's problem with the
	// column's header itself. Otherwise Next stops at the first such cell with the error of
	// UncalculatedError. Set it before opening a sheet.
	KeepUncalculated bool
}

type xlsxSheetRef struct {
	name, path string
}

// The limits of a workbook. Real exports stay far below each (a million-row national export
// is a sheet of 3–4 GB inflated at a ratio near 10:1, a shared-string table of 100–200 MB,
// rows of a few KB); a file beyond one is refused with a message that names it, before it
// can take the server's memory or minutes of its time.
const (
	// MaxRows and MaxCols are a worksheet's own limits in every spreadsheet program.
	MaxRows = 1 << 20
	MaxCols = 1 << 14
	// MaxCell is the most characters a spreadsheet program lets a cell hold.
	MaxCell = 32767
	// maxRowText bounds the text of one row, all cells together.
	maxRowText = 4 << 20
	// maxRatio bounds how much a part of more than ratioFloor bytes inflates: deflate reaches
	// about 1000:1 on repeated bytes, which is what a decompression bomb is made of.
	maxRatio   = 200
	ratioFloor = 16 << 20
	// maxPart bounds any part inflated, whatever its ratio.
	maxPart = 8 << 30
	// xmlLimit bounds the small parts (workbook, relationships, styles) decoded whole.
	xmlLimit = 16 << 20
)

// OpenXLSX opens an xlsx workbook of size bytes.
func OpenXLSX(r io.ReaderAt, size int64) (*XLSX, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "不是有效的 xlsx 文件（可能已损坏）")
	}
	b := &XLSX{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		b.files[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/"))] = f
	}
	wbPath := "xl/workbook.xml"
	if rels, err := b.rels("_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = r.Target
			}
		}
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.readXML(wbPath, &wb); err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "不是有效的 xlsx 文件：找不到工作簿")
	}
	b.date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	dir := path.Dir(wbPath)
	rels, err := b.rels(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), dir)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "不是有效的 xlsx 文件：工作簿关系缺失")
	}
	byID := map[string]string{}
	stylesPath := ""
	for _, r := range rels {
		byID[r.ID] = r.Target
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			b.sstPath = r.Target
		case strings.HasSuffix(r.Type, "/styles"):
			stylesPath = r.Target
		}
	}
	for _, s := range wb.Sheets {
		id := ""
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				id = a.Value
			}
		}
		if p, ok := byID[id]; ok {
			if _, ok := b.files[strings.ToLower(p)]; ok {
				b.sheets = append(b.sheets, xlsxSheetRef{name: s.Name, path: p})
			}
		}
	}
	if len(b.sheets) == 0 {
		return nil, errs.E(errs.Invalid, "xlsx 文件中没有工作表")
	}
	if stylesPath != "" {
		if err := b.readStyles(stylesPath); err != nil {
			return nil, errs.Wrap(err, errs.Invalid, "不是有效的 xlsx 文件：样式表有误")
		}
	}
	return b, nil
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
	Mode   string `xml:"TargetMode,attr"`
}

// rels reads a relationships part; relative targets are resolved against dir.
func (b *XLSX) rels(name, dir string) ([]relationship, error) {
	var v struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := b.readXML(name, &v); err != nil {
		return nil, err
	}
	out := v.Rels[:0]
	for _, r := range v.Rels {
		if r.Mode == "External" {
			continue
		}
		if strings.HasPrefix(r.Target, "/") {
			r.Target = strings.TrimPrefix(r.Target, "/")
		} else {
			r.Target = path.Join(dir, r.Target)
		}
		out = append(out, r)
	}
	return out, nil
}

func (b *XLSX) readXML(name string, v any) error {
	f, ok := b.files[strings.ToLower(name)]
	if !ok {
		return errors.New("missing part " + name)
	}
	if f.UncompressedSize64 > xmlLimit {
		return errs.E(errs.Invalid, "xlsx 文件的「%s」部分过大（%d MB）", name, f.UncompressedSize64>>20)
	}
	rc, err := openEntry(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, xmlLimit)).Decode(v)
}

func (b *XLSX) readStyles(name string) error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := b.readXML(name, &st); err != nil {
		return err
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	b.dateXF = make([]bool, len(st.Xfs))
	for i, xf := range st.Xfs {
		code, ok := custom[xf.NumFmtID]
		b.dateXF[i] = isDateFormat(xf.NumFmtID, code, ok)
	}
	return nil
}

// isDateFormat reports whether a number format shows a date or time: the built-in formats
// 14–22, 27–36, 45–47 and 50–58 (the last two ranges in Chinese locales), or a custom format
// with a date or time letter outside quotes, escapes and brackets.
func isDateFormat(id int, code string, custom bool) bool {
	if !custom {
		return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
	}
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quoted = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == ';':
			return false // only the first section decides
		default:
			switch c | 0x20 {
			case 'y', 'm', 'd', 'h', 's':
				return true
			}
		}
	}
	return false
}

// Sheets returns the names of the worksheets, in the workbook's order.
func (b *XLSX) Sheets() []string {
	out := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		out[i] = s.name
	}
	return out
}

// Close closes the file the workbook was opened from, when Open opened it.
func (b *XLSX) Close() error {
	if b.closer != nil {
		return b.closer.Close()
	}
	return nil
}

// Sheet opens a worksheet for streaming.
func (b *XLSX) Sheet(i int) (Sheet, error) {
	if i < 0 || i >= len(b.sheets) {
		return nil, errs.E(errs.Invalid, "工作表序号 %d 不存在", i)
	}
	if b.sst == nil {
		if err := b.loadStrings(); err != nil {
			return nil, err
		}
	}
	ref := b.sheets[i]
	f := b.files[strings.ToLower(ref.path)]
	rc, err := openEntry(f)
	if err != nil {
		if errs.CodeOf(err) != errs.Internal {
			return nil, err
		}
		return nil, errs.Wrap(err, errs.Invalid, "无法读取工作表「%s」", ref.name)
	}
	if f.UncompressedSize64 > 4<<20 {
		rc = prefetch(rc)
	}
	s := &xlsxSheet{name: ref.name, book: b, rc: rc, total: int64(f.UncompressedSize64)}
	s.counter = &countingReader{r: rc}
	s.sc = newScanner(s.counter)
	return s, nil
}

// openEntry opens a zip entry for reading, bounded: an entry whose header announces more than
// the limits allow is refused at once, and one whose header lies is stopped when its inflated
// bytes pass them. A deflated entry is inflated from a large buffer: archive/zip's own reader
// reads the file 4 KiB at a time, a system call each.
func openEntry(f *zip.File) (io.ReadCloser, error) {
	limit := partLimit(f.CompressedSize64)
	if f.UncompressedSize64 > limit {
		return nil, bombError(f.Name, f.UncompressedSize64, f.CompressedSize64)
	}
	if f.Method != zip.Deflate {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		return &checkedReader{r: rc, closer: rc, name: f.Name, limit: limit, packed: f.CompressedSize64}, nil
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	fr := flate.NewReader(bufio.NewReaderSize(raw, 1<<20))
	return &checkedReader{r: fr, closer: fr, want: f.CRC32, size: f.UncompressedSize64, hash: crc32.NewIEEE(),
		name: f.Name, limit: limit, packed: f.CompressedSize64}, nil
}

// partLimit is the most bytes a part of packed compressed bytes may inflate to.
func partLimit(packed uint64) uint64 {
	limit := uint64(ratioFloor)
	if packed > limit/maxRatio {
		limit = packed * maxRatio
	}
	return min(limit, maxPart)
}

// bombError says that a part inflates beyond the limits.
func bombError(name string, inflated, packed uint64) error {
	ratio := uint64(0)
	if packed > 0 {
		ratio = inflated / packed
	}
	if inflated > maxPart {
		return errs.E(errs.Invalid, "xlsx 文件的「%s」部分解压后超过 %d GB，超出可导入的上限，请把文件拆分后再导入", name, maxPart>>30)
	}
	return errs.E(errs.Invalid, "xlsx 文件的「%s」部分解压后达 %d MB 以上，压缩比 %d:1 以上（正常表格不超过 %d:1），疑为恶意构造的压缩炸弹，已拒绝", name, inflated>>20, ratio, maxRatio)
}

// prefetch reads r in a goroutine, a chunk ahead of the reader: inflating a sheet then runs
// beside scanning it. Closing the result stops the goroutine and closes r.
func prefetch(r io.ReadCloser) io.ReadCloser {
	p := &prefetcher{src: r, chunks: make(chan []byte, 4), free: make(chan []byte, 6), done: make(chan struct{})}
	for range 6 {
		p.free <- make([]byte, 512<<10)
	}
	go p.run()
	return p
}

type prefetcher struct {
	src    io.ReadCloser
	chunks chan []byte // filled chunks, in order
	free   chan []byte // chunks to fill
	done   chan struct{}
	err    error // the source's error, read after chunks is closed
	cur    []byte
	buf    []byte
	closed bool
}

func (p *prefetcher) run() {
	defer close(p.chunks)
	for {
		var b []byte
		select {
		case b = <-p.free:
		case <-p.done:
			return
		}
		n, err := io.ReadFull(p.src, b[:cap(b)])
		if n > 0 {
			select {
			case p.chunks <- b[:n]:
			case <-p.done:
				return
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				p.err = err
			} else if errors.Is(err, io.ErrUnexpectedEOF) && n == 0 {
				p.err = err
			}
			return
		}
	}
}

func (p *prefetcher) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.buf != nil {
			p.free <- p.buf
			p.buf = nil
		}
		c, ok := <-p.chunks
		if !ok {
			if p.err != nil {
				return 0, p.err
			}
			return 0, io.EOF
		}
		p.buf, p.cur = c, c
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

func (p *prefetcher) Close() error {
	if !p.closed {
		p.closed = true
		close(p.done)
		for range p.chunks {
		}
	}
	return p.src.Close()
}

// checkedReader checks the CRC-32 and size of an inflated zip entry at its end, and stops it
// when it inflates past its limit.
type checkedReader struct {
	r      io.Reader
	closer io.Closer
	hash   hash.Hash32 // nil for a stored entry, which the zip reader checks itself
	want   uint32
	size   uint64
	n      uint64
	name   string
	limit  uint64
	packed uint64
}

func (c *checkedReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.hash != nil {
		c.hash.Write(p[:n])
	}
	c.n += uint64(n)
	if c.n > c.limit {
		return n, bombError(c.name, c.n, c.packed)
	}
	if c.hash != nil && errors.Is(err, io.EOF) && ((c.want != 0 && c.hash.Sum32() != c.want) || (c.size != 0 && c.n != c.size)) {
		return n, zip.ErrChecksum
	}
	return n, err
}

func (c *checkedReader) Close() error { return c.closer.Close() }

// stringTable is the shared-string table, packed in one string.
type stringTable struct {
	all  string
	ends []int
}

func (t *stringTable) get(i int) (string, bool) {
	if i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := 0
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.all[start:t.ends[i]], true
}

func (b *XLSX) loadStrings() error {
	b.sst = &stringTable{}
	f, ok := b.files[strings.ToLower(b.sstPath)]
	if b.sstPath == "" || !ok {
		f, ok = b.files["xl/sharedstrings.xml"]
	}
	if !ok {
		return nil
	}
	rc, err := openEntry(f)
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "无法读取共享字符串表")
	}
	defer rc.Close()
	sc := newScanner(rc)
	var all strings.Builder
	var one []byte
	for {
		err := sc.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return errs.Wrap(err, errs.Invalid, "共享字符串表有误")
		}
		if sc.isStart("si") {
			one = one[:0]
			if !sc.selfClosing() {
				one, err = sc.richText(one, "si")
				if err != nil && !errors.Is(err, errCellTooLong) {
					return errs.Wrap(err, errs.Invalid, "共享字符串表有误")
				}
			}
			if err != nil || cellLength(one) != nil {
				return errs.Wrap(errCellTooLong, errs.Invalid, "共享字符串表第 %d 条超过表格软件单元格 %d 个字符的上限（文件可能被篡改）", len(b.sst.ends)+1, MaxCell)
			}
			all.Write(one)
			if all.Len() > maxSharedStrings || len(b.sst.ends) >= maxSharedCount {
				return errs.E(errs.Invalid, "共享字符串表过大（超过 %d MB 或 %d 条），请把文件拆分后再导入", maxSharedStrings>>20, maxSharedCount)
			}
			b.sst.ends = append(b.sst.ends, all.Len())
		}
	}
	b.sst.all = all.String()
	return nil
}

// The shared-string table is held in memory: these bound it. A million-row export saved by
// Excel has a table of 100–200 MB.
const (
	maxSharedStrings = 384 << 20
	maxSharedCount   = 20_000_000
)

// xlsxSheet streams one worksheet.
type xlsxSheet struct {
	name    string
	book    *XLSX
	rc      io.ReadCloser
	counter *countingReader
	total   int64
	sc      scanner
	row     Row
	val     []byte
	inline  []byte     // an inline string's text, reused from cell to cell
	text    []byte     // the row's text of the cells that are not shared strings
	spans   []textSpan // where those cells lie in text
	err     error
	started bool
	done    bool
	merges  []Range
}

func (s *xlsxSheet) Name() string                  { return s.name }
func (s *xlsxSheet) Row() Row                      { return s.row }
func (s *xlsxSheet) Err() error                    { return s.err }
func (s *xlsxSheet) Progress() (done, total int64) { return s.counter.n, s.total }
func (s *xlsxSheet) Close() error                  { return s.rc.Close() }

func (s *xlsxSheet) fail(err error) bool {
	if errors.Is(err, errTokenTooLong) {
		err = errs.Wrap(err, errs.Invalid, "工作表「%s」第 %d 行之后有超过 %d MB 的连续内容，不是正常的表格（文件可能被篡改）", s.name, s.row.Num, maxToken>>20)
	}
	if errs.CodeOf(err) == errs.Internal {
		err = errs.Wrap(err, errs.Invalid, "工作表「%s」内容有误（文件可能已损坏）", s.name)
	}
	s.err = err
	return false
}

// Next reads the next row.
func (s *xlsxSheet) Next() bool {
	if s.err != nil || s.done {
		return false
	}
	for {
		if err := s.sc.next(); err != nil {
			if errors.Is(err, io.EOF) {
				if !s.started {
					s.done = true
					return false
				}
				return s.fail(errs.E(errs.Invalid, "工作表「%s」不完整（文件可能被截断）", s.name))
			}
			return s.fail(err)
		}
		switch {
		case s.sc.isStart("sheetData"):
			s.started = true
			if s.sc.selfClosing() {
				s.done = true
				if err := s.readTail(); err != nil {
					return s.fail(err)
				}
				return false
			}
		case s.sc.isEnd("sheetData"):
			s.done = true
			if err := s.readTail(); err != nil {
				return s.fail(err)
			}
			return false
		case s.started && s.sc.isStart("row"):
			if err := s.readRow(); err != nil {
				return s.fail(err)
			}
			return true
		}
	}
}

func (s *xlsxSheet) readRow() error {
	num := s.row.Num + 1
	if v, ok := s.sc.attr("r"); ok {
		n, err := strconv.Atoi(string(v))
		if err != nil || n < 1 || n > MaxRows {
			return errs.E(errs.Invalid, "工作表「%s」的行号「%s」无效", s.name, v)
		}
		num = n
	}
	if num > MaxRows {
		return errs.E(errs.Invalid, "工作表「%s」超过 %d 行，超出表格软件的上限", s.name, MaxRows)
	}
	s.row.Num = num
	s.row.Uncalculated = s.row.Uncalculated[:0]
	cells := s.row.Cells[:0]
	if s.sc.selfClosing() {
		s.row.Cells = cells
		return nil
	}
	// The text of the cells that are not shared strings is gathered in s.text and becomes one
	// string for the row, which those cells slice: one allocation a row instead of one a cell.
	s.text, s.spans = s.text[:0], s.spans[:0]
	text := 0
	col := -1
	for {
		if err := s.sc.next(); err != nil {
			return err
		}
		if s.sc.isEnd("row") {
			if len(s.spans) > 0 {
				all := string(s.text)
				for _, sp := range s.spans {
					cells[sp.col] = all[sp.start:sp.end]
				}
			}
			s.row.Cells = cells
			return nil
		}
		if !s.sc.isStart("c") {
			continue
		}
		col++
		ref, typ, sty := s.sc.cellAttrs()
		if ref != nil {
			c, ok := columnIndex(ref)
			if !ok {
				return errs.E(errs.Invalid, "工作表「%s」第 %d 行的单元格位置「%s」无效", s.name, num, ref)
			}
			col = c
		}
		if col >= MaxCols {
			return errs.E(errs.Invalid, "工作表「%s」第 %d 行的列数超过上限", s.name, num)
		}
		style := -1
		if sty != nil {
			style = atoiBytes(sty)
		}
		t := cellTypeOf(typ)
		if s.sc.selfClosing() {
			continue
		}
		v, b, err := s.cellValue(t, style)
		if errors.Is(err, errUncalculated) {
			if !s.book.KeepUncalculated {
				return UncalculatedError(s.name, num, col, "")
			}
			s.row.Uncalculated = append(s.row.Uncalculated, col)
			continue
		}
		if errors.Is(err, errCellTooLong) {
			return errs.Wrap(err, errs.Invalid, "工作表「%s」第 %d 行 %s 列的内容超过表格软件单元格 %d 个字符的上限（文件可能被篡改）", s.name, num, ColumnLetter(col), MaxCell)
		}
		if err != nil {
			return err
		}
		n := len(v) + len(b)
		if n == 0 {
			continue
		}
		if n > MaxCell {
			chars := utf8.RuneCountInString(v) + utf8.RuneCount(b)
			if chars > MaxCell {
				return errs.Wrap(errCellTooLong, errs.Invalid, "工作表「%s」第 %d 行 %s 列的内容有 %d 个字符，超过表格软件单元格 %d 个字符的上限（文件可能被篡改）",
					s.name, num, ColumnLetter(col), chars, MaxCell)
			}
		}
		if text += n; text > maxRowText {
			return errs.E(errs.Invalid, "工作表「%s」第 %d 行的内容超过 %d MB，不是正常的表格行（文件可能被篡改）", s.name, num, maxRowText>>20)
		}
		for len(cells) <= col {
			cells = append(cells, "")
		}
		if b != nil {
			s.spans = append(s.spans, textSpan{col: col, start: len(s.text), end: len(s.text) + len(b)})
			s.text = append(s.text, b...)
			cells[col] = ""
		} else {
			cells[col] = v
		}
	}
}

// textSpan is where a cell's text lies in the row's text.
type textSpan struct{ col, start, end int }

// cellType is a cell's t attribute.
type cellType int8

const (
	cellNumber cellType = iota // no t, or t="n"
	cellShared                 // t="s"
	cellInline                 // t="inlineStr"
	cellBool                   // t="b"
	cellText                   // t="str", "e" or "d": the value as written
)

func cellTypeOf(t []byte) cellType {
	switch string(t) {
	case "s":
		return cellShared
	case "inlineStr":
		return cellInline
	case "b":
		return cellBool
	case "str", "e", "d":
		return cellText
	}
	return cellNumber
}

// cellValue reads a cell's children up to </c> and returns its value as text: a string, or
// bytes valid until the next cell.
func (s *xlsxSheet) cellValue(t cellType, style int) (string, []byte, error) {
	s.val = s.val[:0]
	// Most cells are <v>…</v></c> or <is><t>…</t></is></c>: read them in one step.
	if text, inline, ok := s.sc.simpleCell(); ok {
		s.val = appendText(s.val, text)
		return s.value(t, style, s.val, inline)
	}
	var inline []byte
	hasInline, hasValue, formula := false, false, false
	for {
		if err := s.sc.next(); err != nil {
			return "", nil, err
		}
		switch {
		case s.sc.isEnd("c"):
			if formula && !hasValue && !hasInline {
				// A formula whose result the program that wrote the file never stored (a
				// generator, a script): the cell would read as blank though it shows a value.
				return "", nil, errUncalculated
			}
			return s.value(t, style, inline, hasInline)
		case s.sc.isStart("v"):
			hasValue = true
			if s.sc.selfClosing() {
				continue
			}
			var err error
			if s.val, err = s.sc.textUntil(s.val[:0], "v"); err != nil {
				return "", nil, err
			}
		case s.sc.isStart("is") && !s.sc.selfClosing():
			var err error
			if inline, err = s.sc.richText(s.inline[:0], "is"); err != nil {
				return "", nil, err
			}
			s.inline = inline
			hasInline = true
		case s.sc.isStart("f"):
			// A shared formula's other cells carry only <f t="shared" si="0"/>.
			formula = true
			if s.sc.selfClosing() {
				continue
			}
			if _, err := s.sc.textUntil(nil, "f"); err != nil {
				return "", nil, err
			}
		}
	}
}

// value returns a cell's text: a string (a shared string, a date, a boolean), or bytes valid
// until the next cell.
func (s *xlsxSheet) value(t cellType, style int, inline []byte, hasInline bool) (string, []byte, error) {
	switch t {
	case cellShared:
		i, err := strconv.Atoi(strings.TrimSpace(string(s.val)))
		if err != nil {
			return "", nil, errs.E(errs.Invalid, "工作表「%s」第 %d 行的共享字符串序号「%s」无效", s.name, s.row.Num, s.val)
		}
		v, ok := s.book.sst.get(i)
		if !ok {
			return "", nil, errs.E(errs.Invalid, "工作表「%s」第 %d 行的共享字符串序号 %d 超出范围", s.name, s.row.Num, i)
		}
		return v, nil, nil
	case cellInline:
		if hasInline {
			return "", inline, nil
		}
		return "", s.val, nil
	case cellBool:
		switch string(bytes.TrimSpace(s.val)) {
		case "1":
			return "TRUE", nil, nil
		case "0":
			return "FALSE", nil, nil
		}
		return "", s.val, nil
	case cellText:
		return "", s.val, nil
	}
	if len(s.val) == 0 {
		return "", nil, nil
	}
	if style >= 0 && style < len(s.book.dateXF) && s.book.dateXF[style] {
		if f, err := strconv.ParseFloat(string(s.val), 64); err == nil {
			if d, ok := serialDate(f, s.book.date1904); ok {
				return d, nil, nil
			}
		}
	}
	if longDigits(s.val) {
		return longNumber(string(s.val)), nil, nil
	}
	return "", s.val, nil
}

// UncalculatedReason says what is wrong with a cell that holds a formula without a calculated
// value, after its position.
const UncalculatedReason = "是公式但没有计算结果，请在表格软件中另存为数值"

// errUncalculated is the cause of a formula cell without a calculated value.
var errUncalculated = errs.E(errs.Invalid, UncalculatedReason)

// UncalculatedError returns the error of a formula cell without a calculated value, at row
// (as the spreadsheet numbers it) and 0-based column col of the sheet, with the column's
// header when the caller knows it: "第 7 行 L 列「证件号码」是公式但没有计算结果，请在表格软件中另存为数值".
// Such a cell would read as blank although the spreadsheet shows a value: the file was written
// by a program that stored the formula and not its result.
func UncalculatedError(sheet string, row, col int, header string) error {
	where := fmt.Sprintf("第 %d 行 %s 列", row, ColumnLetter(col))
	if header != "" {
		where += "「" + header + "」"
	}
	if sheet != "" {
		where = "工作表「" + sheet + "」" + where
	}
	return errs.Wrap(errUncalculated, errs.Invalid, "%s%s", where, UncalculatedReason)
}

// errCellTooLong is the cause of a cell longer than MaxCell.
var errCellTooLong = errs.E(errs.Invalid, "单元格内容超过表格软件 %d 个字符的上限（文件可能被篡改）", MaxCell)

// maxCellBytes bounds the bytes of a cell's text as it is read: MaxCell characters of UTF-8.
const maxCellBytes = MaxCell * utf8.UTFMax

// cellLength checks that a cell's text holds at most MaxCell characters.
func cellLength(v []byte) error {
	if len(v) > MaxCell && utf8.RuneCount(v) > MaxCell {
		return errCellTooLong
	}
	return nil
}

// longDigits reports whether a number has more than 15 integer digits (see longNumber).
func longDigits(v []byte) bool {
	n := 0
	for _, c := range v {
		if c >= '0' && c <= '9' {
			n++
		} else if c != '-' && c != '+' {
			break
		}
	}
	return n > 15
}

// longNumber writes a number with more than 15 integer digits in scientific notation, as a
// spreadsheet shows it: a number cell keeps only about 15 significant digits, so an ID number
// or key stored as a number has lost its last digits, and the decoders must see that.
func longNumber(v string) string {
	n := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= '0' && c <= '9' {
			n++
		} else if c != '-' && c != '+' {
			break
		}
	}
	if n <= 15 {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(f, 'E', -1, 64)
}

// serialDate converts a spreadsheet date serial number to "2006-01-02", or "2006-01-02
// 15:04:05" when it has a time of day.
func serialDate(f float64, date1904 bool) (string, bool) {
	if f < 0 || f >= 2958466 || f != f {
		return "", false
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days < 61:
		// Serials before 1 March 1900 count from 31 December 1899 (Excel's 1900 leap-year bug).
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	default:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	}
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	if secs == 0 {
		return t.Format("2006-01-02"), true
	}
	return t.Format("2006-01-02 15:04:05"), true
}

// columnIndex returns the 0-based column of a cell reference such as "AB12".
func columnIndex(ref []byte) (int, bool) {
	col, n := 0, 0
	for _, c := range ref {
		switch {
		case c >= 'A' && c <= 'Z':
			col = col*26 + int(c-'A'+1)
		case c >= 'a' && c <= 'z':
			col = col*26 + int(c-'a'+1)
		case c >= '0' && c <= '9' || c == '$':
			continue
		default:
			return 0, false
		}
		n++
		if n > 3 {
			return 0, false
		}
	}
	if n == 0 {
		return 0, false
	}
	return col - 1, true
}

// ColumnLetter returns the letters of the 0-based column: A, B, …, Z, AA, ….
func ColumnLetter(col int) string {
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append(b, byte('A'+(col-1)%26))
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// scanner reads the markup of an XML part as a stream of tags: enough for the regular
// structure of worksheets and shared strings, and fast because it only looks for '<' and '>'
// in a window of the stream, without copying.
type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool

	text []byte // the raw text before the current tag
	tag  []byte // the current tag, between < and >
	name []byte // the tag's local name (without its prefix)
	kind byte   // 's' start, 'e' end, 'x' self-closing, 0 for anything else
	// text, tag and name point into the window: they are valid until the next call to next.
}

// maxToken bounds a tag or a text between tags: a cell of MaxCell characters, each escaped
// as a character reference, fits.
const maxToken = 1 << 20

// errTokenTooLong is the scanner's error for a tag or text longer than maxToken.
var errTokenTooLong = errs.E(errs.Invalid, "表格中有超过 %d MB 的连续内容，不是正常的表格（文件可能被篡改）", maxToken>>20)

func newScanner(r io.Reader) scanner { return scanner{r: r, buf: make([]byte, 256<<10)} }

// fill moves the unread part of the window to its start and reads more, growing the window
// when the unread part fills it.
func (s *scanner) fill() error {
	if s.eof {
		return io.EOF
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxToken {
			return errTokenTooLong
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	if errors.Is(err, io.EOF) {
		s.eof = true
		if n > 0 {
			return nil
		}
		return io.EOF
	}
	return err
}

// find returns the offset from s.pos of the first c at or after offset from, reading more of
// the stream as needed.
func (s *scanner) find(c byte, from int) (int, error) {
	for {
		if i := bytes.IndexByte(s.buf[s.pos+from:s.end], c); i >= 0 {
			return from + i, nil
		}
		from = s.end - s.pos
		if err := s.fill(); err != nil {
			return 0, err
		}
	}
}

// next reads the next tag. Comments, processing instructions, declarations and CDATA
// sections are tags of kind 0: the callers skip what they do not know.
func (s *scanner) next() error {
	lt, err := s.find('<', 0)
	if err != nil {
		return err
	}
	gt, err := s.find('>', lt+1)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	if s.buf[s.pos+lt+1] == '!' {
		// A comment or CDATA section ends with --> or ]]>, and may hold '>' before that.
		for _, pair := range [...][2]string{{"![CDATA[", "]]"}, {"!--", "--"}} {
			if !bytes.HasPrefix(s.buf[s.pos+lt+1:s.pos+gt], []byte(pair[0])) {
				continue
			}
			for gt-lt-1 < len(pair[0])+len(pair[1]) || !bytes.HasSuffix(s.buf[s.pos+lt+1:s.pos+gt], []byte(pair[1])) {
				if gt, err = s.find('>', gt+1); err != nil {
					return io.ErrUnexpectedEOF
				}
			}
		}
	}
	s.text = s.buf[s.pos : s.pos+lt]
	s.tag = s.buf[s.pos+lt+1 : s.pos+gt]
	s.pos += gt + 1
	t := s.tag
	s.kind, s.name = 0, nil
	if len(t) == 0 {
		return nil
	}
	switch t[0] {
	case '!', '?':
		return nil
	case '/':
		s.kind = 'e'
		t = t[1:]
	default:
		s.kind = 's'
		if t[len(t)-1] == '/' {
			s.kind = 'x'
		}
	}
	end := len(t)
	for i := 0; i < len(t); i++ {
		if c := t[i]; c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' {
			end = i
			break
		}
	}
	s.name = t[:end]
	for i := 0; i < len(s.name); i++ {
		if s.name[i] == ':' {
			s.name = s.name[i+1:]
			break
		}
	}
	return nil
}

// simpleCell reads the rest of a cell when it is one of the two common forms, <v>text</v></c>
// or <is><t>text</t></is></c>, without prefixes, attributes or nested markup, and returns its
// raw text and whether it was an inline string. It consumes nothing when the cell has another
// form.
func (s *scanner) simpleCell() (text []byte, inline, ok bool) {
	var open, closing string
	for {
		rest := s.buf[s.pos:s.end]
		switch {
		case bytes.HasPrefix(rest, []byte("<v>")):
			open, closing = "<v>", "</v></c>"
		case bytes.HasPrefix(rest, []byte("<is><t>")):
			open, closing, inline = "<is><t>", "</t></is></c>", true
		case len(rest) < 16 && !s.eof:
			if err := s.fill(); err != nil {
				return nil, false, false
			}
			continue
		default:
			return nil, false, false
		}
		break
	}
	lt, err := s.find('<', len(open))
	if err != nil {
		return nil, false, false
	}
	for s.end-(s.pos+lt) < len(closing) && !s.eof {
		if s.fill() != nil {
			break
		}
	}
	start := s.pos + lt
	if !bytes.HasPrefix(s.buf[start:s.end], []byte(closing)) {
		return nil, false, false
	}
	text = s.buf[s.pos+len(open) : start]
	s.pos = start + len(closing)
	s.kind, s.name, s.tag, s.text = 'e', nil, nil, nil
	return text, inline, true
}

func (s *scanner) isStart(name string) bool {
	return (s.kind == 's' || s.kind == 'x') && string(s.name) == name
}

func (s *scanner) isEnd(name string) bool { return s.kind == 'e' && string(s.name) == name }

func (s *scanner) selfClosing() bool { return s.kind == 'x' }

// cellAttrs returns the raw r, t and s attributes of the current tag (nil when absent) in one
// pass over it.
func (s *scanner) cellAttrs() (r, t, st []byte) {
	tag := s.tag
	i := 0
	for i < len(tag) && !isSpace(tag[i]) {
		i++
	}
	for i < len(tag) {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		ks := i
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) {
			i++
		}
		key := tag[ks:i]
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] != '=' {
			return
		}
		i++
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			return
		}
		q := tag[i]
		i++
		vs := i
		for i < len(tag) && tag[i] != q {
			i++
		}
		if i >= len(tag) {
			return
		}
		val := tag[vs:i]
		i++
		if len(key) == 1 {
			switch key[0] {
			case 'r':
				r = val
			case 't':
				t = val
			case 's':
				st = val
			}
		}
	}
	return
}

// atoiBytes reads a small non-negative decimal number, or returns -1.
func atoiBytes(b []byte) int {
	if len(b) == 0 || len(b) > 9 {
		return -1
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// attr returns the raw value of the current tag's attribute with the local name.
func (s *scanner) attr(name string) ([]byte, bool) {
	t := s.tag
	i := 0
	for i < len(t) && !isSpace(t[i]) {
		i++
	}
	for {
		for i < len(t) && isSpace(t[i]) {
			i++
		}
		ks := i
		for i < len(t) && t[i] != '=' && !isSpace(t[i]) {
			i++
		}
		key := t[ks:i]
		for i < len(t) && isSpace(t[i]) {
			i++
		}
		if i >= len(t) || t[i] != '=' {
			return nil, false
		}
		i++
		for i < len(t) && isSpace(t[i]) {
			i++
		}
		if i >= len(t) || (t[i] != '"' && t[i] != '\'') {
			return nil, false
		}
		q := t[i]
		i++
		vs := i
		for i < len(t) && t[i] != q {
			i++
		}
		if i >= len(t) {
			return nil, false
		}
		val := t[vs:i]
		i++
		for k := 0; k < len(key); k++ {
			if key[k] == ':' {
				key = key[k+1:]
				break
			}
		}
		if string(key) == name {
			return val, true
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// textUntil appends the decoded text up to the end tag with the local name to dst.
func (s *scanner) textUntil(dst []byte, name string) ([]byte, error) {
	for {
		if err := s.next(); err != nil {
			return dst, err
		}
		dst = appendText(dst, s.text)
		if len(dst) > maxCellBytes {
			return dst, errCellTooLong
		}
		if s.kind == 0 && bytes.HasPrefix(s.tag, []byte("![CDATA[")) {
			dst = append(dst, bytes.ToValidUTF8(s.tag[8:len(s.tag)-2], []byte("\uFFFD"))...)
			continue
		}
		if s.isEnd(name) {
			return dst, nil
		}
	}
}

// richText appends the text of the <t> elements up to the end tag with the local name,
// leaving out phonetic runs (<rPh>).
func (s *scanner) richText(dst []byte, name string) ([]byte, error) {
	phonetic := false
	for {
		if err := s.next(); err != nil {
			return dst, err
		}
		switch {
		case s.isEnd(name):
			return dst, nil
		case s.isStart("rPh") && !s.selfClosing():
			phonetic = true
		case s.isEnd("rPh"):
			phonetic = false
		case s.isStart("t") && !s.selfClosing():
			start := len(dst)
			var err error
			if dst, err = s.textUntil(dst, "t"); err != nil {
				return dst, err
			}
			if phonetic {
				dst = dst[:start]
			}
		}
	}
}

// appendText appends raw XML text to dst, decoding entities and the _xHHHH_ escapes of
// OOXML. Bytes that are not UTF-8 (a damaged file) become U+FFFD.
func appendText(dst, raw []byte) []byte {
	if !utf8.Valid(raw) {
		raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
	}
	if bytes.IndexByte(raw, '&') < 0 && bytes.Index(raw, []byte("_x")) < 0 {
		return append(dst, raw...)
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '&':
			end := bytes.IndexByte(raw[i:], ';')
			if end < 0 || end > 12 {
				dst = append(dst, c)
				continue
			}
			ent := string(raw[i+1 : i+end])
			if r, ok := entity(ent); ok {
				dst = utf8.AppendRune(dst, r)
				i += end
				continue
			}
			dst = append(dst, c)
		case c == '_' && i+6 < len(raw) && raw[i+1] == 'x' && raw[i+6] == '_':
			if n, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 32); err == nil {
				dst = utf8.AppendRune(dst, rune(n))
				i += 6
				continue
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func entity(e string) (rune, bool) {
	switch e {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(e) > 1 && e[0] == '#' {
		var n uint64
		var err error
		if e[1] == 'x' || e[1] == 'X' {
			n, err = strconv.ParseUint(e[2:], 16, 32)
		} else {
			n, err = strconv.ParseUint(e[1:], 10, 32)
		}
		if err == nil && n <= utf8.MaxRune {
			return rune(n), true
		}
	}
	return 0, false
}

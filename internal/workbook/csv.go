package workbook

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/gonggu/gonggu/internal/errs"
)

// Encoding names the text encoding a csv file was found in.
type Encoding string

// The encodings NewCSV recognises.
const (
	UTF8    Encoding = "UTF-8"
	GB18030 Encoding = "GB18030"
	UTF16LE Encoding = "UTF-16LE"
	UTF16BE Encoding = "UTF-16BE"
)

// CSV is a csv file read as a sheet.
type CSV struct {
	name     string
	counter  *countingReader
	size     int64
	rd       *csv.Reader
	row      Row
	err      error
	encoding Encoding
	closer   io.Closer
	guard    *recordGuard
}

// NewCSV reads a csv file of size bytes (0 when unknown) as a sheet with the name. The encoding
// is detected from the first 64 KiB: a byte-order mark says UTF-8 or UTF-16; otherwise text
// that is valid UTF-8 is UTF-8 and anything else GB18030 (which includes GBK and GB2312), the
// encoding Excel on Chinese Windows writes. The delimiter is the one of comma, tab and
// semicolon the first line has most of, outside quotes. Quotes are read leniently, as
// spreadsheets write them. Cells are always valid UTF-8: stray bytes become U+FFFD.
func NewCSV(name string, r io.Reader, size int64) (*CSV, error) {
	c := &CSV{name: name, size: size, counter: &countingReader{r: r}}
	if cl, ok := r.(io.Closer); ok {
		c.closer = cl
	}
	br := bufio.NewReaderSize(c.counter, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, errs.Wrap(err, errs.Invalid, "无法读取「%s」", name)
	}
	whole := errors.Is(err, io.EOF) // the file is shorter than the peek: no character is cut
	var text io.Reader
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		text, c.encoding = br, UTF8
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		c.encoding = UTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		text = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
		c.encoding = UTF16BE
	case utf8.Valid(head) || (!whole && validUTF8Prefix(head)):
		text, c.encoding = br, UTF8
	default:
		text = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		c.encoding = GB18030
	}
	tb := bufio.NewReaderSize(text, 64<<10)
	first, _ := tb.Peek(16 << 10)
	comma := sniffDelimiter(first)
	c.guard = &recordGuard{r: tb, comma: byte(comma), name: name}
	c.rd = csv.NewReader(c.guard)
	c.rd.Comma = comma
	c.rd.LazyQuotes = true
	c.rd.FieldsPerRecord = -1
	c.rd.ReuseRecord = true
	return c, nil
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut at its end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		if r, _ := utf8.DecodeLastRune(b); r != utf8.RuneError {
			return false
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// sniffDelimiter picks the delimiter of the first line.
func sniffDelimiter(head []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(head) {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if r == '\n' {
			break
		}
		if r == ',' || r == '\t' || r == ';' {
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{'\t', ';'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// Encoding returns the encoding the file was read in.
func (c *CSV) Encoding() Encoding { return c.encoding }

// Name returns the sheet's name.
func (c *CSV) Name() string { return c.name }

// Next reads the next record.
func (c *CSV) Next() bool {
	if c.err != nil {
		return false
	}
	rec, err := c.rd.Read()
	if errors.Is(err, io.EOF) {
		return false
	}
	if err != nil {
		if errs.CodeOf(err) != errs.Internal {
			c.err = err // the guard's own message
			return false
		}
		line, _ := c.rd.FieldPos(0)
		c.err = errs.Wrap(err, errs.Invalid, "「%s」第 %d 行附近的 csv 格式有误", c.name, line)
		return false
	}
	c.row.Num++
	for i, cell := range rec {
		if !utf8.ValidString(cell) {
			// Stray bytes of another encoding: never let them reach the database.
			rec[i] = strings.ToValidUTF8(cell, "\uFFFD")
		}
		if len(cell) > MaxCell && utf8.RuneCountInString(cell) > MaxCell {
			c.err = errs.Wrap(errCellTooLong, errs.Invalid, "「%s」第 %d 行第 %d 列（%s 列）的内容超过表格软件单元格 %d 个字符的上限", c.name, c.row.Num, i+1, ColumnLetter(i), MaxCell)
			return false
		}
	}
	c.row.Cells = rec
	return true
}

// Row returns the current row: its number is the record's (a quoted field spanning lines
// counts once, as spreadsheets show it).
func (c *CSV) Row() Row { return c.row }

// Err returns the error that stopped Next.
func (c *CSV) Err() error { return c.err }

// Progress returns the bytes read and the file's size.
func (c *CSV) Progress() (int64, int64) { return c.counter.n, c.size }

// Close closes the underlying reader when it is a Closer.
func (c *CSV) Close() error {
	if c.closer != nil {
		return c.closer.Close()
	}
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// maxRecord bounds one csv record's bytes: a national export's row is a few KB.
const maxRecord = 1 << 20

// recordGuard passes a csv file's text to encoding/csv while following its quoting as the
// lenient reader does, so that a record longer than maxRecord or with more than MaxCols
// fields is refused before encoding/csv holds it whole, and a file that ends inside a quoted
// field — cut off, or a quote damaged — is an error instead of one last giant cell.
type recordGuard struct {
	r      io.Reader
	comma  byte
	name   string
	state  byte // 0 field start, 1 unquoted field, 2 quoted field, 3 quote inside a quoted field
	bytes  int  // bytes of the current record
	fields int  // field separators of the current record so far
	record int  // 1-based number of the current record
	// prevFields is the number of fields of the last record that was not an empty line.
	prevFields int
	content    bool // the current record has a character other than line breaks
}

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.record == 0 {
		g.record = 1
	}
	n, err := g.r.Read(p)
	for i := 0; i < n; i++ {
		c := p[i]
		g.bytes++
		if c != '\n' && c != '\r' {
			g.content = true
		}
		switch g.state {
		case 0, 1:
			switch {
			case c == '\n':
				g.endRecord()
				continue
			case c == g.comma:
				g.state = 0
				g.fields++
			case c == '"' && g.state == 0:
				g.state = 2
			default:
				g.state = 1
			}
		case 2:
			if c == '"' {
				g.state = 3
			}
		case 3:
			switch {
			case c == '"':
				g.state = 2 // an escaped quote
			case c == g.comma:
				g.state = 0
				g.fields++
			case c == '\n':
				g.endRecord()
				continue
			case c == '\r':
			default:
				g.state = 2 // a bare quote, kept as text by the lenient reader
			}
		}
		if g.bytes > maxRecord {
			return i, errs.E(errs.Invalid, "「%s」第 %d 行超过 %d MB，不是正常的表格行（文件可能被篡改，或有未闭合的引号）", g.name, g.record, maxRecord>>20)
		}
		if g.fields >= MaxCols {
			return i, errs.E(errs.Invalid, "「%s」第 %d 行超过 %d 列，超出表格软件的上限", g.name, g.record, MaxCols)
		}
	}
	if errors.Is(err, io.EOF) && g.state == 2 {
		return n, errs.E(errs.Invalid, "「%s」第 %d 行的引号没有闭合：文件可能被截断或引号已损坏，请重新导出", g.name, g.record)
	}
	if errors.Is(err, io.EOF) && g.content && g.fields > 0 && g.fields+1 < g.prevFields {
		// The last line ends without a line break and with fewer fields than the line
		// before: the file was cut inside a row. A single field (a note under the table)
		// is let through.
		return n, errs.E(errs.Invalid, "「%s」最后一行（第 %d 行）只有 %d 列，上一行有 %d 列，且没有以换行结尾：文件可能被截断，请重新导出",
			g.name, g.record, g.fields+1, g.prevFields)
	}
	return n, err
}

func (g *recordGuard) endRecord() {
	if g.content {
		g.prevFields = g.fields + 1
	}
	g.state, g.bytes, g.fields, g.content = 0, 0, 0, false
	g.record++
}

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
	c.rd = csv.NewReader(tb)
	c.rd.Comma = sniffDelimiter(first)
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

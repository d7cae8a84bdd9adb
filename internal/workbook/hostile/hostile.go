// Package hostile builds the spreadsheets an attacker would upload — decompression bombs,
// cells and rows beyond every real file, csv records without end — so that each reader of an
// uploaded file can be tested against them. The files are built as streams and kept small
// where the attack allows: a bomb is a few hundred KB however far it inflates.
package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"sync"
)

// An xlsx workbook with one sheet, "Sheet1", whose parts are given.
const (
	contentTypes = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`
	rootRels     = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbookXML = `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	// SheetHead opens a worksheet's XML up to its first row.
	SheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	// SheetTail closes it.
	SheetTail = `</sheetData></worksheet>`
)

// part is one file of the zip: its content as a stream, and whether its header should lie
// about its sizes (claiming a few bytes).
type part struct {
	name string
	body func(w io.Writer) error
	lie  bool
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// build writes the zip. Every part is deflated at the best ratio; a lying part's header
// states an uncompressed size of 1 KiB and the matching CRC is left out.
func build(parts []part) []byte {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range parts {
		var packed bytes.Buffer
		fw, _ := flate.NewWriter(&packed, flate.BestCompression)
		crc := crc32.NewIEEE()
		cw := &counter{}
		if err := p.body(io.MultiWriter(fw, crc, cw)); err != nil {
			panic(err)
		}
		fw.Close()
		fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: cw.n}
		if p.lie {
			fh.UncompressedSize64 = 1 << 10
		}
		w, err := zw.CreateRaw(fh)
		if err != nil {
			panic(err)
		}
		w.Write(packed.Bytes())
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return out.Bytes()
}

type counter struct{ n uint64 }

func (c *counter) Write(p []byte) (int, error) { c.n += uint64(len(p)); return len(p), nil }

// XLSX builds a workbook from a sheet's XML and a shared-string table's ("" for none).
func XLSX(sheet, sharedStrings string) []byte {
	return workbook(text(sheet), sharedStrings, false)
}

func workbook(sheet func(io.Writer) error, sharedStrings string, lie bool) []byte {
	parts := []part{
		{name: "[Content_Types].xml", body: text(contentTypes)},
		{name: "_rels/.rels", body: text(rootRels)},
		{name: "xl/workbook.xml", body: text(workbookXML)},
		{name: "xl/_rels/workbook.xml.rels", body: text(workbookRels)},
		{name: "xl/worksheets/sheet1.xml", body: sheet, lie: lie},
	}
	if sharedStrings != "" {
		parts = append(parts, part{name: "xl/sharedStrings.xml", body: text(sharedStrings)})
	}
	return build(parts)
}

// repeat writes head, then unit until size bytes are written in all, then tail.
func repeat(head, unit, tail string, size int64) func(io.Writer) error {
	return func(w io.Writer) error {
		chunk := strings.Repeat(unit, max(1, (64<<10)/len(unit)))
		n := int64(len(head))
		if _, err := io.WriteString(w, head); err != nil {
			return err
		}
		for n+int64(len(chunk)) < size {
			if _, err := io.WriteString(w, chunk); err != nil {
				return err
			}
			n += int64(len(chunk))
		}
		_, err := io.WriteString(w, tail)
		return err
	}
}

var (
	bombs   = map[string][]byte{}
	bombsMu sync.Mutex
)

func cached(key string, f func() []byte) []byte {
	bombsMu.Lock()
	defer bombsMu.Unlock()
	if b, ok := bombs[key]; ok {
		return b
	}
	b := f()
	bombs[key] = b
	return b
}

// Each file below starts with a header row, given as its cells (nil for none), so that a
// reader that checks its header first meets the attack on row 2.

// headRow is the header as row 1 of a sheet.
func headRow(header []string) string {
	if len(header) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<row r="1">`)
	for _, h := range header {
		b.WriteString(`<c t="inlineStr"><is><t>` + h + `</t></is></c>`)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// Bomb returns a workbook of a few hundred KB whose sheet inflates to size bytes of one
// cell repeated, its zip header honest about it.
func Bomb(header []string, size int64) []byte {
	return cached(fmt.Sprint("bomb", header, size), func() []byte {
		return workbook(repeat(SheetHead+headRow(header)+`<row r="2"><c t="inlineStr"><is><t>`, "A", `</t></is></c></row>`+SheetTail, size), "", false)
	})
}

// LyingBomb is a bomb of rows of 500 numbers whose zip header claims the sheet is 1 KiB.
func LyingBomb(header []string, size int64) []byte {
	return cached(fmt.Sprint("lying", header, size), func() []byte {
		return workbook(repeat(SheetHead+headRow(header), `<row>`+strings.Repeat(`<c><v>1</v></c>`, 500)+`</row>`, SheetTail, size), "", true)
	})
}

// HugeCell returns a workbook whose cell B2 holds chars characters (inline).
func HugeCell(header []string, chars int) []byte {
	return XLSX(SheetHead+headRow(header)+`<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>`+strings.Repeat("王", chars)+`</t></is></c></row>`+SheetTail, "")
}

// HugeSharedString returns a workbook whose shared string 0, used in B2, has chars characters.
func HugeSharedString(header []string, chars int) []byte {
	return XLSX(SheetHead+headRow(header)+`<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v></c></row>`+SheetTail,
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>`+strings.Repeat("x", chars)+`</t></si></sst>`)
}

// HugeRow returns a workbook whose row 2 has cells cells of width characters each.
func HugeRow(header []string, cells, width int) []byte {
	var b strings.Builder
	b.WriteString(SheetHead + headRow(header) + `<row r="2">`)
	v := strings.Repeat("x", width)
	for range cells {
		b.WriteString(`<c t="inlineStr"><is><t>` + v + `</t></is></c>`)
	}
	b.WriteString(`</row>` + SheetTail)
	return XLSX(b.String(), "")
}

// csvHead is the header as the first line of a csv file.
func csvHead(header []string) string {
	if len(header) == 0 {
		return "序号,说明\n"
	}
	return strings.Join(header, ",") + "\n"
}

// CSVLongLine returns a csv file whose second line has size bytes without a break.
func CSVLongLine(header []string, size int) []byte {
	return append([]byte(csvHead(header)+"1,"), bytes.Repeat([]byte("x"), size)...)
}

// CSVOpenQuote returns a csv file whose last field opens a quote that never closes, as a file
// cut off inside a quoted cell is.
func CSVOpenQuote(header []string) []byte {
	return []byte(csvHead(header) + "1,\"未闭合的引号，文件在此被截断")
}

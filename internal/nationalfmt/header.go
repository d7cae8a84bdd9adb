package nationalfmt

import (
	"strings"
	"unicode"
)

// Table is the column table of one kind of sheet.
type Table struct {
	Name      string // 成员表 or 收入表
	Columns   []Column
	byName    map[string]int // normalized name or alias → column index
	canonical map[string]int // canonical name → column index
}

func newTable(name string, cols []Column) *Table {
	t := &Table{Name: name, Columns: cols, byName: map[string]int{}, canonical: map[string]int{}}
	for i := range cols {
		t.canonical[cols[i].Name] = i
		for _, n := range append([]string{cols[i].Name}, cols[i].Aliases...) {
			k := NormalizeHeader(n)
			if j, dup := t.byName[k]; dup && j != i {
				panic("nationalfmt: header " + n + " names two columns of " + name)
			}
			t.byName[k] = i
		}
	}
	return t
}

// Column returns the index of the column with the canonical name, or -1.
func (t *Table) Column(name string) int {
	if i, ok := t.canonical[name]; ok {
		return i
	}
	return -1
}

// Lookup returns the index of the column a header names, or -1. Besides the names and aliases
// it accepts a duplicated header exported with a trailing 0 (风险是否已消除0).
func (t *Table) Lookup(header string) int {
	k := NormalizeHeader(header)
	if i, ok := t.byName[k]; ok {
		return i
	}
	// A trailing 0 marks a duplicate only after a name that does not end in a digit itself
	// (风险是否已消除0, but not 风险类型10).
	if base, ok := strings.CutSuffix(k, "0"); ok && base != "" && (base[len(base)-1] < '0' || base[len(base)-1] > '9') {
		if i, ok := t.byName[base]; ok {
			return i
		}
	}
	return -1
}

// NormalizeHeader returns a header in the form names are compared in: without spaces, line
// breaks, invisible characters, required-field marks (*, ※, (必填)) and a leading 其中; with
// full-width letters, digits and punctuation made half-width, 【】 read as [], and ASCII letters
// in lower case.
func NormalizeHeader(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\ufeff' || (r >= '\u200b' && r <= '\u200f') || r == '\u2060':
			continue
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		case r == '【':
			r = '['
		case r == '】':
			r = ']'
		case r == '—' || r == '－':
			r = '-'
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	k := b.String()
	k = strings.TrimLeft(k, "*※")
	k = strings.TrimSuffix(k, "*")
	for _, mark := range []string{"(必填)", "(必填项)", "[必填]"} {
		k = strings.ReplaceAll(k, mark, "")
	}
	if rest, ok := strings.CutPrefix(k, "其中"); ok && rest != "" {
		k = strings.TrimLeft(rest, ":,")
	}
	return k
}

// Header is a sheet's header row matched against a table.
type Header struct {
	Table *Table
	Row   int      // the header's row number in the sheet (1-based)
	Names []string // file column → header text as written
	Cols  []int    // file column → table column index, -1 when ignored
	// FileCol is the inverse of Cols: table column → file column (0-based), -1 when absent.
	FileCol   []int
	Unknown   []int    // file columns whose header names no column
	Duplicate []int    // file columns that name a column an earlier one already names
	Missing   []string // required columns that are absent, by canonical name
}

// Present reports whether the sheet has the table column i.
func (h *Header) Present(i int) bool { return h.FileCol[i] >= 0 }

// MatchOptions change what a sheet must have.
type MatchOptions struct {
	// DefaultYear lets an income sheet without 年度 be imported: its rows are of that year.
	DefaultYear int
}

// Match matches the header cells of a sheet, found on row number row, against the table.
func (t *Table) Match(names []string, row int, opts MatchOptions) *Header {
	h := &Header{Table: t, Row: row, Names: names, Cols: make([]int, len(names)), FileCol: make([]int, len(t.Columns))}
	for i := range h.FileCol {
		h.FileCol[i] = -1
	}
	for j, n := range names {
		h.Cols[j] = -1
		if strings.TrimSpace(n) == "" {
			continue
		}
		i := t.Lookup(n)
		switch {
		case i < 0:
			h.Unknown = append(h.Unknown, j)
		case h.FileCol[i] >= 0:
			h.Duplicate = append(h.Duplicate, j)
		default:
			h.Cols[j] = i
			h.FileCol[i] = j
		}
	}
	for i := range t.Columns {
		if t.Columns[i].Required && h.FileCol[i] < 0 {
			h.Missing = append(h.Missing, t.Columns[i].Name)
		}
	}
	switch t {
	case Members:
		if h.FileCol[t.Column("村")] < 0 && h.FileCol[t.Column("行政区划代码")] < 0 {
			h.Missing = append(h.Missing, "村（或行政区划代码）")
		}
	case Incomes:
		if h.FileCol[t.Column("年度")] < 0 && opts.DefaultYear == 0 {
			h.Missing = append(h.Missing, "年度")
		}
	}
	return h
}

// memberMarkers are headers only a member sheet has.
var memberMarkers = []string{"人口编号", "姓名", "证件号码", "与户主关系", "性别"}

// Detect finds the header row among the first rows of a sheet and the table it belongs to. It
// returns the header, or nil when no row looks like a national header (fewer than three known
// columns). A title row above the header is skipped; in a two-row header whose upper row holds
// vertically merged cells (户编号 over two rows, 收入情况 over 工资性收入 …), the upper row
// fills the cells the lower one leaves blank. rows[i] is row number i+1.
func Detect(rows [][]string, opts MatchOptions) *Header {
	best, bestN := -1, 0
	var names []string
	for i := range rows {
		cand := withUpper(rows, i)
		n := 0
		for _, t := range []*Table{Members, Incomes} {
			k := 0
			for _, c := range cand {
				if strings.TrimSpace(c) != "" && t.Lookup(c) >= 0 {
					k++
				}
			}
			n = max(n, k)
		}
		if n > bestN {
			best, bestN, names = i, n, cand
		}
	}
	if best < 0 || bestN < 3 {
		return nil
	}
	t := Incomes
	for _, c := range names {
		for _, m := range memberMarkers {
			if Members.Lookup(c) == Members.Column(m) {
				t = Members
			}
		}
	}
	if t == Incomes && !hasIncomeColumns(names) {
		t = Members
	}
	return t.Match(names, best+1, opts)
}

// withUpper returns row i with its blank cells taken from the row above where that row names
// a known column: the cells of a two-row header that are merged vertically.
func withUpper(rows [][]string, i int) []string {
	names := append([]string(nil), rows[i]...)
	if i == 0 {
		return names
	}
	for j, up := range rows[i-1] {
		for j >= len(names) {
			names = append(names, "")
		}
		if strings.TrimSpace(names[j]) == "" && strings.TrimSpace(up) != "" && Members.Lookup(up) >= 0 {
			names[j] = up
		}
	}
	return names
}

func hasIncomeColumns(names []string) bool {
	for _, c := range names {
		if i := Incomes.Lookup(c); i >= 0 && Incomes.Columns[i].Level == LevelIncome {
			return true
		}
	}
	return false
}

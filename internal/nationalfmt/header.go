package nationalfmt

import (
	"slices"
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
// it accepts a name followed by its unit (纯收入（元）, 耕地面积（亩）) and a duplicated header
// exported with a trailing 0 (风险是否已消除0).
func (t *Table) Lookup(header string) int {
	k := NormalizeHeader(header)
	if i, ok := t.lookup(k); ok {
		return i
	}
	// A trailing 0 marks a duplicate only after a name that does not end in a digit itself
	// (风险是否已消除0, but not 风险类型10).
	if base, ok := strings.CutSuffix(k, "0"); ok && base != "" && (base[len(base)-1] < '0' || base[len(base)-1] > '9') {
		if i, ok := t.lookup(base); ok {
			return i
		}
	}
	return -1
}

// units are the units exports write after a column's name.
var units = []string{"(元)", "(亩)", "(人)", "(平方米)", "(公里)"}

func (t *Table) lookup(k string) (int, bool) {
	if i, ok := t.byName[k]; ok {
		return i, true
	}
	for _, u := range units {
		if base, ok := strings.CutSuffix(k, u); ok && base != "" {
			if i, ok := t.byName[base]; ok {
				return i, true
			}
		}
	}
	return -1, false
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
	Cols  []int    // file column → table column read from it, -1 when its cells are not read
	// FileCol is the inverse of Cols: table column → file column (0-based), -1 when absent.
	FileCol []int
	// Named is file column → table column its header names, -1 when none: whether read or not.
	Named     []int
	Unknown   []int    // file columns whose header names no column
	Duplicate []int    // file columns that name a column an earlier one already names
	Known     []int    // file columns of Ignored columns: known headers whose facts are not kept
	Shadowed  []int    // file columns of a stand-in column whose columns the sheet has (Column.Instead)
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
	h := &Header{Table: t, Row: row, Names: names, Cols: make([]int, len(names)), Named: make([]int, len(names)),
		FileCol: make([]int, len(t.Columns))}
	for i := range h.FileCol {
		h.FileCol[i] = -1
	}
	for j, n := range names {
		h.Cols[j], h.Named[j] = -1, -1
		if strings.TrimSpace(n) == "" {
			continue
		}
		i := t.Lookup(n)
		h.Named[j] = i
		switch {
		case i < 0:
			h.Unknown = append(h.Unknown, j)
		case t.Columns[i].Kind == Ignored:
			h.Known = append(h.Known, j)
		case h.FileCol[i] >= 0:
			h.Duplicate = append(h.Duplicate, j)
		default:
			h.Cols[j] = i
			h.FileCol[i] = j
		}
	}
	// A column that stands in for others is read only when the sheet has none of them.
	for i := range t.Columns {
		j := h.FileCol[i]
		if j < 0 || len(t.Columns[i].Instead) == 0 {
			continue
		}
		for _, name := range t.Columns[i].Instead {
			if k := t.Column(name); k >= 0 && h.FileCol[k] >= 0 {
				h.Cols[j], h.FileCol[i] = -1, -1
				h.Shadowed = append(h.Shadowed, j)
				break
			}
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

// Use says how a header cell of a sheet is read.
type Use uint8

// The uses of a header.
const (
	UseRead      Use = iota // its cells are read as the table column it names
	UseIgnored              // it names a column whose fact gonggu does not keep (Column.Note)
	UseDuplicate            // it names a column an earlier header already names: not read
	UseShadowed             // it stands in for columns the sheet has (Column.Instead): not read
	UseUnknown              // it names no column: not read
)

// Mapping is how one header cell of a sheet is read.
type Mapping struct {
	FileCol int    // the file column, from 0
	Header  string // the header as written, trimmed, line breaks as spaces
	Col     int    // the table column the header names, -1 when it names none
	Use     Use
}

// Mapping returns how each non-blank header cell of the sheet is read, in file order.
func (h *Header) Mapping() []Mapping {
	var out []Mapping
	for j, n := range h.Names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		m := Mapping{FileCol: j, Header: strings.Join(strings.Fields(n), " "), Col: h.Named[j], Use: UseRead}
		switch {
		case h.Cols[j] >= 0:
		case m.Col < 0:
			m.Use = UseUnknown
		case h.Table.Columns[m.Col].Kind == Ignored:
			m.Use = UseIgnored
		case h.FileCol[m.Col] >= 0 && h.FileCol[m.Col] != j:
			m.Use = UseDuplicate
		default:
			m.Use = UseShadowed
		}
		out = append(out, m)
	}
	return out
}

// Lacking returns the table columns whose facts the sheet does not carry, in table order: the
// columns it has no header for, unless a column standing in for them is read. Derived and
// Ignored columns, and the stand-ins themselves, are left out.
func (h *Header) Lacking() []int {
	t := h.Table
	var out []int
	for i := range t.Columns {
		c := &t.Columns[i]
		if c.Kind == Derived || c.Kind == Ignored || len(c.Instead) > 0 || h.Present(i) {
			continue
		}
		carried := false
		for k := range t.Columns {
			if h.Present(k) && slices.Contains(t.Columns[k].Instead, c.Name) {
				carried = true
			}
		}
		if !carried {
			out = append(out, i)
		}
	}
	return out
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

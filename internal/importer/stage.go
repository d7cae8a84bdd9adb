package importer

import (
	"context"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/workbook"
)

// MaxIssues bounds the blocking errors a Report lists one by one; all are counted.
const MaxIssues = 200000

// Issue is a blocking error at a position of a file.
type Issue struct {
	File   string
	Sheet  string
	Row    int    // row number as the spreadsheet shows it; 0 for the whole sheet
	Col    string // column letter, "" when the error is the row's
	Header string // the column's header as the file writes it
	Value  string
	Reason string
	// HouseholdNo is the row's 户编号, when it has one.
	HouseholdNo string
}

// DefectCount counts a kind of content defect: imported as it is, and left to the screening
// engine's data-quality rules.
type DefectCount struct {
	Kind    string
	Count   int
	Example Issue // the first occurrence
}

// SheetInfo describes a sheet of a staged file.
type SheetInfo struct {
	File, Sheet string
	Table       string // 成员表 or 收入表; "" when the sheet was skipped
	HeaderRow   int
	Rows        int      // data rows read
	Unknown     []string // headers that name no known column: their cells are ignored
	Duplicate   []string // headers that repeat an earlier column: their cells are ignored
	Missing     []string // required columns that are absent
	Skipped     string   // why the sheet was not read, when it was not

	// Columns says how each header of the sheet was read, in file order: the column mapping
	// that import --check and the import page show.
	Columns []ColumnUse
	// Lacking are the fields of the table the sheet has no column for: unknown for its rows,
	// not blank.
	Lacking []LackingField
	// Filled counts the merged ranges whose cells were read as their top-left cell's value: a
	// county working copy that merges each household's cells down over its members' rows.
	Filled int
}

// ColumnUse says how one header of a sheet was read.
type ColumnUse struct {
	Col    string // the column's letter
	Header string // the header as written (line breaks as spaces)
	Field  string // the canonical name of the column it names; "" when it names none
	Read   bool   // its cells were read as Field
	Note   string // why its cells were not read, in Chinese ("" when they were)
}

// LackingField is a field of the table that a sheet has no column for.
type LackingField struct {
	Name string // the column's canonical name
	Ext  bool   // one of gonggu's own columns, which national exports never have
	// Disables lists the screening rules that cannot judge a household without the field.
	// The importer leaves it empty: the rules catalog is for the caller to consult (the import
	// page shows the list in its column 停用的规则 once it is filled).
	Disables []string
}

// SpellingCount counts the cells written in one of the spellings of nationalfmt.Spellings and
// read as the standard value.
type SpellingCount struct {
	Column   string // the column's list in nationalfmt.Spellings (风险类型 for the risk columns)
	Written  string // the spelling in the file
	Standard string // the standard value it was read as ("" for blank)
	Count    int
	Example  Issue // the first occurrence
}

// Report says what staged files hold and what is wrong with them.
type Report struct {
	Files   []string
	Sheets  []SheetInfo
	Rows    int // data rows read
	Ignored int // rows that hold no data for the registry (total rows, notes under the table)

	Households int // distinct households in the member tables
	Persons    int // distinct people in the member tables
	IncomeRows int // rows of the income tables

	// Fatal is set when a sheet lacks required columns: then nothing can be imported, and the
	// rows of that sheet were not read.
	Fatal bool
	// Issues are the blocking errors, sorted by position, at most MaxIssues of them.
	Issues []Issue
	// Blocking counts all blocking errors; BlockedHouseholds the households they touch.
	Blocking          int
	BlockedHouseholds int
	// Defects count the content defects by kind, most frequent first.
	Defects     []DefectCount
	DefectTotal int
	// Spellings count the cells read through nationalfmt.Spellings, most frequent first.
	Spellings    []SpellingCount
	SpelledTotal int
	// Short counts the households whose rows list fewer current members than their 家庭人口数
	// says they have: the file may be incomplete (cut off, rows lost), and its missing members
	// are only marked as left when the user confirms (Options.MarkLeft). ShortExample is the
	// first, at its 家庭人口数 cell, its Value saying how many were declared and listed.
	Short        int
	ShortExample Issue
}

// OK reports whether the files can be imported whole.
func (r *Report) OK() bool { return !r.Fatal && r.Blocking == 0 }

// Staged is the outcome of Stage: the Report and the decoded rows waiting for Apply. Close it
// to remove its temporary files.
type Staged struct {
	Report Report

	sheets  []*sheetCtx
	spill   *spill
	blocked map[string]bool // households with a blocking error

	defects    map[string]*DefectCount
	spelled    map[[3]string]*SpellingCount
	seed       maphash.Seed
	personHH   map[uint64]uint64 // person number hash → household number hash
	dupPersons map[uint64]bool
	short      map[string]householdSize // the households of Report.Short
	pool       rowPool
}

// householdSize is a household's 家庭人口数 and the current members its rows list.
type householdSize struct{ declared, listed int }

// Close removes the staged rows.
func (st *Staged) Close() error {
	if st.spill == nil {
		return nil
	}
	return st.spill.Close()
}

// sheetCtx is a staged sheet: where it is and how its rows decode.
type sheetCtx struct {
	file, sheet string
	header      *nationalfmt.Header
	dec         *nationalfmt.Decoder
	info        int // index in Report.Sheets
	// blankKeys counts the data rows whose 户编号 or 人口编号 is blank.
	blankKeys int
	// discarded is set when the sheet was read again with its merged cells filled: its rows
	// of the first reading stay in the spill, and the passes over it skip them.
	discarded bool
}

func (s *sheetCtx) members() bool { return s.header.Table == nationalfmt.Members }

// position returns the Issue at a row and table column (-1 for the row).
func (s *sheetCtx) position(row, col int) Issue {
	is := Issue{File: s.file, Sheet: s.sheet, Row: row}
	if col >= 0 && col < len(s.header.FileCol) {
		if fc := s.header.FileCol[col]; fc >= 0 {
			is.Col = workbook.ColumnLetter(fc)
			is.Header = strings.TrimSpace(s.header.Names[fc])
		} else {
			is.Header = s.header.Table.Columns[col].Name
		}
	}
	return is
}

func (st *Staged) issue(is Issue) {
	st.Report.Blocking++
	if len(st.Report.Issues) < MaxIssues {
		st.Report.Issues = append(st.Report.Issues, is)
	}
}

func (st *Staged) spelling(col, written, standard string, is Issue) {
	st.Report.SpelledTotal++
	k := [3]string{col, written, standard}
	c := st.spelled[k]
	if c == nil {
		c = &SpellingCount{Column: col, Written: written, Standard: standard, Example: is}
		st.spelled[k] = c
	}
	c.Count++
}

func (st *Staged) defect(kind string, is Issue) {
	st.Report.DefectTotal++
	d := st.defects[kind]
	if d == nil {
		d = &DefectCount{Kind: kind, Example: is}
		st.defects[kind] = d
	}
	d.Count++
}

func newStaged(sp *spill) *Staged {
	return &Staged{spill: sp, blocked: map[string]bool{}, defects: map[string]*DefectCount{},
		spelled: map[[3]string]*SpellingCount{}, seed: maphash.MakeSeed(), personHH: map[uint64]uint64{},
		dupPersons: map[uint64]bool{}, short: map[string]householdSize{}}
}

// readFile is the read pass over one file.
func (r *reader) readFile(ctx context.Context, f File) error {
	r.st.Report.Files = append(r.st.Report.Files, f.name())
	err := r.file(ctx, f)
	if err != nil && errs.CodeOf(err) == errs.Invalid {
		// A file that cannot be read at all: name it, and say that nothing was written.
		return errs.Wrap(err, errs.Invalid, "「%s」无法导入，未写入任何数据：%s", f.name(), errs.Message(err))
	}
	return err
}

// Stage reads and checks the files. It returns an error only when a file cannot be read at
// all (not a spreadsheet, corrupt, unreadable); everything wrong inside the files is in the
// Report.
func (im *Importer) Stage(ctx context.Context, files []File) (*Staged, error) {
	if im.Tree == nil || im.DB == nil {
		return nil, errs.E(errs.Internal, "importer: Tree and DB are required")
	}
	if len(files) == 0 {
		return nil, errs.E(errs.Invalid, "没有要导入的文件")
	}
	sp, err := newSpill(im.TempDir, im.runSize)
	if err != nil {
		return nil, err
	}
	st := newStaged(sp)
	r := &reader{im: im, st: st, places: &nationalfmt.Places{Tree: im.Tree}}
	for _, f := range files {
		if err := r.readFile(ctx, f); err != nil {
			st.Close()
			return nil, err
		}
	}
	if err := sp.finish(); err != nil {
		st.Close()
		return nil, err
	}
	st.personHH = nil
	if !st.Report.Fatal {
		if err := im.check(ctx, st); err != nil {
			st.Close()
			return nil, err
		}
	}
	st.finishReport()
	return st, nil
}

func (st *Staged) finishReport() {
	rep := &st.Report
	// Files and sheets in the order they were read, then by row and column.
	order := map[[2]string]int{}
	for i, f := range rep.Files {
		order[[2]string{f, ""}] = i * 1000
	}
	for i, s := range rep.Sheets {
		if _, ok := order[[2]string{s.File, s.Sheet}]; !ok {
			order[[2]string{s.File, s.Sheet}] = order[[2]string{s.File, ""}] + i + 1
		}
	}
	slices.SortStableFunc(rep.Issues, func(a, b Issue) int {
		if c := order[[2]string{a.File, a.Sheet}] - order[[2]string{b.File, b.Sheet}]; c != 0 {
			return c
		}
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		if len(a.Col) != len(b.Col) {
			return len(a.Col) - len(b.Col)
		}
		return strings.Compare(a.Col, b.Col)
	})
	for _, d := range st.defects {
		rep.Defects = append(rep.Defects, *d)
	}
	slices.SortFunc(rep.Defects, func(a, b DefectCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	for _, c := range st.spelled {
		rep.Spellings = append(rep.Spellings, *c)
	}
	slices.SortFunc(rep.Spellings, func(a, b SpellingCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Column+a.Written, b.Column+b.Written)
	})
	rep.BlockedHouseholds = len(st.blocked)
}

// reader is the read pass of Stage.
type reader struct {
	im     *Importer
	st     *Staged
	places *nationalfmt.Places
	rec    nationalfmt.Record
	fields []nationalfmt.Field
	probs  []nationalfmt.Problem
	uncalc []int // table columns of the row's formula cells without a calculated value
	// stream, when set, takes the rows instead of the spill (Import's one pass).
	stream *streamer
	buf    []byte
	srow   stagedRow
	// added and dupAdded are the person numbers the current reading of a sheet added to
	// Staged.personHH and Staged.dupPersons, so that a second reading can take them back.
	added, dupAdded []uint64
}

func (r *reader) file(ctx context.Context, f File) error {
	book, err := workbook.Open(f.Path)
	if err != nil {
		return err
	}
	defer book.Close()
	if x, ok := book.(*workbook.XLSX); ok {
		// A formula cell without a calculated value is reported with its column's header.
		x.KeepUncalculated = true
	}
	found := false
	for i, name := range book.Sheets() {
		sh, err := book.Sheet(i)
		if err != nil {
			return err
		}
		m := r.mark()
		sc, err := r.sheet(ctx, f.name(), name, sh, nil)
		sh.Close()
		if err != nil {
			return err
		}
		// County working copies merge a household's cells (户编号, 户主, address) down over its
		// members' rows, and an xlsx sheet lists its merged cells after its rows: a sheet with
		// blank keys is read a second time with its merges filled, when it has any that can
		// explain them. Other sheets are read once.
		if fill := r.fillable(sc, sh); len(fill) > 0 {
			r.rollback(m, sc)
			raw, err := book.Sheet(i)
			if err != nil {
				return err
			}
			sc, err = r.sheet(ctx, f.name(), name, workbook.FillMerged(raw, fill), fill)
			raw.Close()
			if err != nil {
				return err
			}
		}
		found = found || sc != nil
	}
	if !found {
		r.st.Report.Fatal = true
		r.st.issue(Issue{File: f.name(), Reason: "文件中没有找到全国系统导出的成员表或收入表（表头中应有户编号、人口编号、姓名、证件号码等列）"})
	}
	return nil
}

// rowBatch is rows passed from the goroutine that reads a sheet to the one that decodes them.
// Their cells lie in one array, and batches are reused: the rows' cells are only valid until
// the batch is given back.
type rowBatch struct {
	rows  []workbook.Row
	ends  []int    // where each row's cells end in cells
	cells []string // the rows' cells, one after the other
	bytes int      // the text of the cells
	err   error
}

// The bounds of a batch: a few thousand rows of a real export, fewer of a file whose rows are
// long, so that the batches in flight hold a bounded amount of text whatever the file.
const (
	batchRows  = 512
	batchBytes = 4 << 20
)

// add copies a row into the batch and reports whether the batch is full.
func (b *rowBatch) add(r workbook.Row) bool {
	b.cells = append(b.cells, r.Cells...)
	for _, c := range r.Cells {
		b.bytes += len(c)
	}
	if len(r.Uncalculated) > 0 {
		r.Uncalculated = slices.Clone(r.Uncalculated)
	} else {
		r.Uncalculated = nil
	}
	r.Cells = nil
	b.rows = append(b.rows, r)
	b.ends = append(b.ends, len(b.cells))
	return len(b.rows) >= batchRows || b.bytes >= batchBytes
}

// seal points the rows at their cells, once the cells no longer move.
func (b *rowBatch) seal() {
	start := 0
	for i := range b.rows {
		b.rows[i].Cells = b.cells[start:b.ends[i]:b.ends[i]]
		start = b.ends[i]
	}
}

func (b *rowBatch) reset() {
	clear(b.cells)
	b.rows, b.ends, b.cells, b.bytes, b.err = b.rows[:0], b.ends[:0], b.cells[:0], 0, nil
}

// cloneRow returns a copy of a row that outlives the sheet's next row.
func cloneRow(r workbook.Row) workbook.Row {
	r.Cells = slices.Clone(r.Cells)
	if len(r.Uncalculated) > 0 {
		r.Uncalculated = slices.Clone(r.Uncalculated)
	} else {
		r.Uncalculated = nil
	}
	return r
}

// headRows is how many rows at the top of a sheet are searched for the header.
const headRows = 20

// readMark is the state of staging before a sheet is read, to return to when it is read again.
type readMark struct {
	report  Report
	defects map[string]DefectCount
	spelled map[[3]string]SpellingCount
}

func (r *reader) mark() readMark {
	m := readMark{report: r.st.Report, defects: map[string]DefectCount{}, spelled: map[[3]string]SpellingCount{}}
	for k, d := range r.st.defects {
		m.defects[k] = *d
	}
	for k, c := range r.st.spelled {
		m.spelled[k] = *c
	}
	r.added, r.dupAdded = r.added[:0], r.dupAdded[:0]
	return m
}

// rollback undoes what reading the sheet sc did to the report and the person index; its
// staged rows stay in the spill, marked discarded.
func (r *reader) rollback(m readMark, sc *sheetCtx) {
	st := r.st
	st.Report = m.report
	clear(st.defects)
	for k, d := range m.defects {
		st.defects[k] = &d
	}
	clear(st.spelled)
	for k, c := range m.spelled {
		st.spelled[k] = &c
	}
	for _, p := range r.added {
		delete(st.personHH, p)
	}
	for _, p := range r.dupAdded {
		delete(st.dupPersons, p)
	}
	sc.discarded = true
}

// maxFillRanges bounds the merged ranges a second reading fills; a sheet with more is read as
// it is (its blank keys are reported).
const maxFillRanges = workbook.MaxMerges

// fillable returns the merged ranges a sheet read as sc should be read again with: none unless
// some of its rows had blank keys. The ranges kept are those that could hold a household's
// cells: below the header, over more than one row, and not over a column of the person.
func (r *reader) fillable(sc *sheetCtx, sh workbook.Sheet) []workbook.Range {
	if sc == nil || sc.blankKeys == 0 {
		return nil
	}
	m, ok := sh.(workbook.Merged)
	if !ok {
		return nil
	}
	h := sc.header
	var out []workbook.Range
	for _, rg := range m.Merges() {
		if rg.Top <= h.Row || rg.Bottom == rg.Top {
			continue
		}
		person := false
		for c := rg.Left; c <= rg.Right && c < len(h.Named); c++ {
			if i := h.Named[c]; i >= 0 && h.Table.Columns[i].Level == nationalfmt.LevelPerson {
				person = true
				break
			}
		}
		if !person {
			out = append(out, rg)
		}
	}
	if len(out) > maxFillRanges {
		return nil
	}
	return out
}

// sheet stages one sheet and returns it, or nil when it is not a national table. fill are the
// merged ranges sh fills, when it is a second reading.
func (r *reader) sheet(ctx context.Context, file, name string, sh workbook.Sheet, fill []workbook.Range) (*sheetCtx, error) {
	st := r.st
	info := SheetInfo{File: file, Sheet: name, Filled: len(fill)}
	// The header is among the first rows; the first row below them waits in pending.
	var head []workbook.Row
	var pending *workbook.Row
	for sh.Next() {
		row := sh.Row()
		if row.Num > headRows {
			p := cloneRow(row)
			pending = &p
			break
		}
		for len(head) < row.Num {
			head = append(head, workbook.Row{})
		}
		head[row.Num-1] = cloneRow(row)
	}
	if err := sh.Err(); err != nil {
		return nil, err
	}
	opts := nationalfmt.MatchOptions{DefaultYear: r.im.DefaultYear}
	headCells := make([][]string, len(head))
	for i := range head {
		headCells[i] = head[i].Cells
	}
	h := nationalfmt.Detect(headCells, opts)
	if h == nil {
		info.Skipped = "没有找到成员表或收入表的表头，已跳过"
		if len(head) == 0 {
			info.Skipped = "空工作表，已跳过"
		}
		st.Report.Sheets = append(st.Report.Sheets, info)
		return nil, nil
	}
	info.Table, info.HeaderRow = h.Table.Name, h.Row
	for _, j := range h.Unknown {
		info.Unknown = append(info.Unknown, strings.TrimSpace(h.Names[j]))
	}
	for _, j := range h.Duplicate {
		info.Duplicate = append(info.Duplicate, strings.TrimSpace(h.Names[j]))
	}
	info.Missing = h.Missing
	info.Columns, info.Lacking = columnUses(h)
	sc := &sheetCtx{file: file, sheet: name, header: h, info: len(st.Report.Sheets),
		dec: &nationalfmt.Decoder{Table: h.Table, Ref: r.im.now(), DefaultYear: r.im.DefaultYear}}
	st.Report.Sheets = append(st.Report.Sheets, info)
	if len(h.Missing) > 0 {
		st.Report.Fatal = true
		st.issue(Issue{File: file, Sheet: name, Row: h.Row, Reason: "缺少必需的列：" + strings.Join(h.Missing, "、")})
		return sc, nil
	}
	st.sheets = append(st.sheets, sc)
	sheetIdx := len(st.sheets) - 1

	// The header's rows were read already; the rest come from a goroutine, so that inflating
	// and scanning the file runs beside decoding.
	for i := h.Row; i < len(head); i++ {
		if head[i].Num != 0 {
			if err := r.row(sc, sheetIdx, head[i]); err != nil {
				return sc, err
			}
		}
	}
	if pending != nil {
		if err := r.row(sc, sheetIdx, *pending); err != nil {
			return sc, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	batches, free := make(chan *rowBatch, 4), make(chan *rowBatch, 6)
	reading := make(chan struct{})
	defer func() {
		// The sheet is closed after this returns: the reading goroutine must be done with it.
		cancel()
		<-reading
	}()
	go func() {
		defer close(reading)
		defer close(batches)
		b := &rowBatch{}
		send := func() bool {
			b.seal()
			select {
			case batches <- b:
			case <-ctx.Done():
				return false
			}
			select {
			case b = <-free:
				b.reset()
			default:
				b = &rowBatch{}
			}
			return true
		}
		for sh.Next() {
			if b.add(sh.Row()) && !send() {
				return
			}
		}
		b.err = sh.Err()
		send()
	}()
	n := 0
	for b := range batches {
		for i := range b.rows {
			if err := r.row(sc, sheetIdx, b.rows[i]); err != nil {
				return sc, err
			}
		}
		if b.err != nil {
			return sc, b.err
		}
		select {
		case free <- b:
		default:
		}
		if n += len(b.rows); n >= 4096 {
			n = 0
			if err := ctx.Err(); err != nil {
				return sc, err
			}
			done, total := sh.Progress()
			r.im.progress(Progress{Phase: PhaseRead, File: file, Sheet: name, Done: done, Total: total, Rows: st.Report.Rows})
		}
	}
	done, total := sh.Progress()
	r.im.progress(Progress{Phase: PhaseRead, File: file, Sheet: name, Done: done, Total: total, Rows: st.Report.Rows})
	return sc, ctx.Err()
}

// totalMarks start the cells of rows under a table that are not data.
var totalMarks = []string{"合计", "总计", "小计", "制表", "填报", "填表", "说明", "注：", "注:", "审核", "签字", "签名", "盖章"}

// notData reports whether a row without keys holds no data for the registry: a single cell
// (a title, a stray note) or a row of totals or notes under the table.
func notData(cells []string, fields int) bool {
	if fields <= 1 {
		return true
	}
	for _, c := range cells {
		c = strings.TrimSpace(c)
		for _, m := range totalMarks {
			if strings.HasPrefix(c, m) {
				return true
			}
		}
	}
	return false
}

// row stages one row.
func (r *reader) row(sc *sheetCtx, sheetIdx int, wr workbook.Row) error {
	st := r.st
	h := sc.header
	num, cells := wr.Num, wr.Cells
	r.fields = h.Fields(cells, r.fields[:0])
	// Formula cells without a calculated value in the columns that are read: each is a
	// blocking error of its own, and the decoder's word on the blank it reads is left out.
	r.uncalc = r.uncalc[:0]
	for _, j := range wr.Uncalculated {
		if j < len(h.Cols) && h.Cols[j] >= 0 {
			r.uncalc = append(r.uncalc, h.Cols[j])
		}
	}
	if len(r.fields) == 0 && len(r.uncalc) == 0 {
		return nil
	}
	rec := &r.rec
	r.probs = sc.dec.Decode(r.fields, rec, r.probs[:0])
	no := rec.Household.No
	if no == "" && rec.Person.No == "" && len(r.uncalc) == 0 && notData(cells, len(r.fields)) {
		st.Report.Ignored++
		return nil
	}
	st.Report.Rows++
	st.Report.Sheets[sc.info].Rows++
	village := ""
	if sc.members() {
		v, p := r.places.Resolve(rec)
		if p != nil {
			r.probs = append(r.probs, *p)
		} else if p := r.im.placeProblem(no, v); p != nil {
			r.probs = append(r.probs, *p)
		}
		village = v
	} else {
		st.Report.IncomeRows++
	}
	blocked := false
	for _, col := range r.uncalc {
		is := sc.position(num, col)
		is.Reason, is.HouseholdNo = workbook.UncalculatedReason, no
		st.issue(is)
		blocked = true
	}
	for i := range r.probs {
		p := &r.probs[i]
		if p.Col >= 0 && slices.Contains(r.uncalc, p.Col) {
			continue
		}
		is := sc.position(num, p.Col)
		is.Value, is.Reason, is.HouseholdNo = p.Value, p.Reason, no
		switch {
		case p.Spelled:
			key := ""
			if p.Col >= 0 {
				key = sc.header.Table.Columns[p.Col].SpellKey()
			}
			st.spelling(key, p.Value, p.Standard, is)
		case p.Blocking:
			blocked = true
			st.issue(is)
		default:
			st.defect(p.Defect, is)
		}
	}
	if no == "" || (sc.members() && rec.Person.No == "") {
		sc.blankKeys++
	}
	if no == "" {
		return nil // reported above; without 户编号 the row belongs to no household
	}
	if sc.members() && rec.Person.No != "" {
		ph, hh := maphash.String(st.seed, rec.Person.No), maphash.String(st.seed, no)
		if have, ok := st.personHH[ph]; ok && have != hh {
			if !st.dupPersons[ph] {
				st.dupPersons[ph] = true
				r.dupAdded = append(r.dupAdded, ph)
			}
		} else if !ok {
			st.personHH[ph] = hh
			r.added = append(r.added, ph)
		}
	}
	r.srow = stagedRow{householdNo: no, sheet: sheetIdx, row: num, blocked: blocked, village: village, fields: r.fields}
	if r.stream != nil {
		return r.stream.add(sc, &r.srow, rec)
	}
	r.buf = r.srow.encode(r.buf[:0])
	return st.spill.add(no, r.buf)
}

package web

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/importer"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// NewImports returns the import part of the pages: uploads are imported by the importer in
// the background of this process, places are resolved only within the uploading user's
// region (so a file cannot write households elsewhere), and written households are
// re-screened at once. An import's progress lives in this process: behind a load balancer,
// uploads and their pages need sticky sessions; the imports themselves are logged in the
// database.
//
// Imports are queued: at most one runs at a time for a county (an upload for a county, or an
// area that holds it, waits for the one before it, and its page shows its place in the
// queue), and at most maxRunning at once, so that the server's memory for imports stays under
// maxRunning times an import's ceiling (see importer.MemoryCeiling) whatever the files.
func NewImports(db *store.DB, engine *screen.Engine, now func() time.Time, log *slog.Logger, tempDir string) Imports {
	m := &imports{db: db, engine: engine, now: now, log: log, tempDir: tempDir, jobs: map[string]*importJob{}, maxRunning: 1}
	if db.Dialect == store.Postgres {
		// SQLite has one writer: imports there take turns anyway.
		m.maxRunning = 2
	}
	return m
}

type imports struct {
	db      *store.DB
	engine  *screen.Engine
	now     func() time.Time
	log     *slog.Logger
	tempDir string

	tree *region.Tree // the server's division tree (nil: the province's, loaded per upload)

	mu         sync.Mutex
	jobs       map[string]*importJob
	queue      []queuedWork // waiting for their turn, in order of arrival
	running    []*importJob // at work
	maxRunning int
}

// queuedWork is a job's next piece of work (reading and importing its file, writing the
// households without errors, marking people as left) waiting for its turn.
type queuedWork struct {
	job  *importJob
	work func(ctx context.Context, job *importJob)
}

type importJob struct {
	mu      sync.Mutex
	st      ImportStatus
	dir     string // the upload, and the staged rows
	file    importer.File
	staged  *importer.Staged // staged rows waiting for the user's decision on blocking errors
	im      *importer.Importer
	report  *importer.Report
	partial bool // the user chose to import the households without errors
	// base and span place the current pass on the progress bar: reading and checking the
	// file fill its first part, writing the rest, so that the bar never goes back.
	base, span int
	// leaving are the people the last import found missing from the file; leavingMarked is
	// set once they are marked as left.
	leaving       *importer.Result
	leavingMarked bool
}

// jobTTL is how long a finished or waiting import stays visible (and its files kept).
const jobTTL = 24 * time.Hour

func (m *imports) Start(ctx context.Context, filename string, body io.Reader, scope region.Code) (string, error) {
	// Places resolve against the whole tree the server has: a row of another county is then
	// told to be outside the user's region (the importer checks every row against Scope),
	// not that its county does not exist.
	tree := m.tree
	if tree == nil {
		var err error
		if tree, err = region.LoadArea(scope.Up(region.Province)); err != nil {
			return "", err
		}
	}
	b := make([]byte, 8)
	rand.Read(b)
	id := hex.EncodeToString(b)
	dir, err := os.MkdirTemp(m.tempDir, "gonggu-import-")
	if err != nil {
		return "", errs.Wrap(err, errs.Internal, "无法保存上传的文件")
	}
	path := filepath.Join(dir, "upload"+strings.ToLower(filepath.Ext(filename)))
	f, err := os.Create(path)
	if err == nil {
		_, err = io.Copy(f, body)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", errs.Wrap(err, errs.Internal, "无法保存上传的文件")
	}
	actor := audit.ActorFrom(ctx)
	job := &importJob{dir: dir, file: File(path, filename), st: ImportStatus{ID: id, Filename: filename, Scope: scope,
		By: actor.Username, Started: m.now(), Phase: "排队"}}
	job.im = &importer.Importer{DB: m.db, Tree: tree, Scope: scope, Now: m.now, Log: m.log, TempDir: dir, Username: actor.Username,
		DefaultYear: m.now().Year() - 1,
		Progress: func(p importer.Progress) {
			job.mu.Lock()
			job.st.Phase, job.st.Rows = p.Phase.Label(), p.Rows
			job.advance(p)
			job.mu.Unlock()
		},
		AfterWrite: func(ctx context.Context, nos []string) error {
			job.mu.Lock()
			job.st.Phase = "重新排查"
			job.mu.Unlock()
			_, err := m.engine.Households(ctx, nos)
			if err == nil && m.engine.AfterRun != nil {
				// An import's re-screening refreshes the scorecard like a full run.
				err = m.engine.AfterRun(ctx, scope, nil)
			}
			if err == nil {
				job.mu.Lock()
				job.st.Rescreened = true
				job.mu.Unlock()
			}
			return err
		}}
	m.mu.Lock()
	m.expire()
	m.jobs[id] = job
	m.mu.Unlock()
	m.enqueue(job, m.importFile)
	return id, nil
}

// phaseShare is where each phase of the importer lies within a pass, in percent of the pass.
var phaseShare = map[importer.Phase][2]int{importer.PhaseRead: {0, 80}, importer.PhaseCheck: {80, 100},
	importer.PhaseWrite: {0, 90}, importer.PhaseIndex: {90, 100}}

// advance moves the progress bar for a progress report of the current pass, never back; the
// caller holds job.mu.
func (job *importJob) advance(p importer.Progress) {
	share, ok := phaseShare[p.Phase]
	if !ok || p.Total <= 0 {
		return
	}
	done := min(max(p.Done, 0), p.Total)
	inPass := share[0] + int(int64(share[1]-share[0])*done/p.Total)
	job.st.Percent = max(job.st.Percent, min(job.base+job.span*inPass/100, 99))
}

// pass starts a pass of the job's work on the progress bar; the caller holds job.mu.
func (job *importJob) pass(base, span int) {
	job.base, job.span = base, span
	job.st.Percent = max(job.st.Percent, base)
}

// File returns the importer's description of an uploaded file.
func File(path, name string) importer.File { return importer.File{Path: path, Name: name} }

// enqueue queues a piece of a job's work and starts what may start.
func (m *imports) enqueue(job *importJob, work func(ctx context.Context, job *importJob)) {
	job.mu.Lock()
	job.st.Phase = "排队"
	job.mu.Unlock()
	m.mu.Lock()
	m.queue = append(m.queue, queuedWork{job: job, work: work})
	m.mu.Unlock()
	m.schedule()
}

// conflicts reports whether two imports may not run at once: their areas overlap, so they may
// write the same county's households. On SQLite every two imports conflict: it has one writer.
func (m *imports) conflicts(a, b *importJob) bool {
	return m.maxRunning == 1 || a.st.Scope.Contains(b.st.Scope) || b.st.Scope.Contains(a.st.Scope)
}

// schedule starts the queued work whose turn has come: in order of arrival, each that
// conflicts with no running import and no import queued before it, while fewer than
// maxRunning run.
func (m *imports) schedule() {
	m.mu.Lock()
	defer m.mu.Unlock()
	var waiting []*importJob
	keep := m.queue[:0]
	for _, q := range m.queue {
		free := len(m.running) < m.maxRunning
		for _, r := range append(slices.Clip(m.running), waiting...) {
			if m.conflicts(q.job, r) {
				free = false
				break
			}
		}
		if !free {
			keep = append(keep, q)
			waiting = append(waiting, q.job)
			continue
		}
		m.running = append(m.running, q.job)
		go m.run(q)
	}
	clear(m.queue[len(keep):])
	m.queue = keep
}

// run does a piece of work, then lets the next in the queue start.
func (m *imports) run(q queuedWork) {
	defer func() {
		m.mu.Lock()
		m.running = slices.DeleteFunc(m.running, func(j *importJob) bool { return j == q.job })
		m.mu.Unlock()
		m.schedule()
	}()
	q.work(context.Background(), q.job)
}

// ahead returns how many imports must finish or start before the queued job can start.
func (m *imports) ahead(job *importJob) (int, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.queue, func(q queuedWork) bool { return q.job == job })
	if i < 0 {
		return 0, false
	}
	n := 0
	for _, r := range m.running {
		if m.conflicts(job, r) {
			n++
		}
	}
	for _, q := range m.queue[:i] {
		if m.conflicts(job, q.job) {
			n++
		}
	}
	return n, true
}

// importFile reads and checks an uploaded file, and waits for the user's word before it
// writes anything: to confirm the import of a file without blocking errors (after seeing how
// its columns were read and what it holds), or, for one with blocking errors, to import the
// households without errors or give up.
func (m *imports) importFile(ctx context.Context, job *importJob) {
	job.mu.Lock()
	job.st.Phase = "读取"
	job.pass(0, 50)
	job.mu.Unlock()
	st, err := job.im.Stage(ctx, []importer.File{job.file})
	job.mu.Lock()
	defer job.mu.Unlock()
	if err != nil {
		m.fail(job, err)
		return
	}
	job.report = &st.Report
	m.summarise(job)
	switch {
	case st.Report.Fatal:
		st.Close()
		m.finish(job, "文件缺少必需的列或不是全国系统的导出表，未写入任何数据")
	case st.Report.Blocking > 0:
		job.staged = st
		job.st.Waiting, job.st.Phase, job.st.Percent = true, "等待处理", 50
	default:
		job.staged = st
		job.st.Confirm, job.st.Phase, job.st.Percent = true, "等待确认", 50
	}
}

// summarise copies what the report says into the status; the caller holds job.mu.
func (m *imports) summarise(job *importJob) {
	rep := job.report
	job.st.Rows, job.st.Households, job.st.Persons = rep.Rows, rep.Households, rep.Persons
	job.st.Blocking, job.st.BlockedHouseholds, job.st.Defects = rep.Blocking, rep.BlockedHouseholds, rep.DefectTotal
	job.st.Summary = rep.Lines("点击“只导入没有错误的户”")
	job.st.Columns = sheetColumns(rep)
	job.st.Issues = nil
	for i, is := range rep.Issues {
		if i == 20 {
			break
		}
		job.st.Issues = append(job.st.Issues, is.String())
	}
}

// applyPartial writes the households without blocking errors of a staged file.
func (m *imports) applyPartial(ctx context.Context, job *importJob) { m.applyStaged(ctx, job, true) }

// applyConfirmed writes a staged file the user confirmed.
func (m *imports) applyConfirmed(ctx context.Context, job *importJob) { m.applyStaged(ctx, job, false) }

// applyStaged writes a staged file: with partial, its households without blocking errors.
func (m *imports) applyStaged(ctx context.Context, job *importJob, partial bool) {
	job.mu.Lock()
	st := job.staged
	job.staged = nil
	job.st.Phase = "写入"
	job.pass(50, 50)
	job.mu.Unlock()
	res, err := job.im.Apply(ctx, st, importer.Options{Partial: partial})
	st.Close()
	job.mu.Lock()
	defer job.mu.Unlock()
	if err != nil {
		m.fail(job, err)
		return
	}
	m.written(ctx, job, res, false)
}

// markLeft imports the file again, marking as left the people it no longer lists.
func (m *imports) markLeft(ctx context.Context, job *importJob) {
	job.mu.Lock()
	partial := job.partial
	job.st.Phase = "读取"
	job.mu.Unlock()
	st, res, err := job.im.Import(ctx, []importer.File{job.file}, importer.Options{Partial: partial, MarkLeft: true})
	if st != nil {
		st.Close()
	}
	job.mu.Lock()
	defer job.mu.Unlock()
	switch {
	case err != nil:
		m.fail(job, err)
	case res == nil:
		m.finish(job, "文件已不能导入（数据库中的数据可能已变化），未标记离开")
	default:
		m.written(ctx, job, res, true)
	}
}

// written records what an import wrote; the caller holds job.mu.
func (m *imports) written(ctx context.Context, job *importJob, res *importer.Result, markedLeft bool) {
	job.st.Added, job.st.Changed, job.st.Unchanged, job.st.Skipped = res.Households.Added, res.Households.Changed,
		res.Households.Unchanged, res.Skipped
	job.st.PersonsAdded, job.st.PersonsLeft = res.Persons.Added, res.Persons.Left
	if res.AfterWriteErr != nil {
		m.log.Error("import rescreen", "import", job.st.ID, "err", res.AfterWriteErr)
	}
	if len(res.Written) > 0 {
		m.db.Tx(ctx, func(tx *sql.Tx) error { return m.db.BumpDataVersion(ctx, tx, "registry") })
	}
	job.leaving, job.leavingMarked = res, markedLeft
	if res.LeavingTotal > 0 {
		job.st.Summary = append(job.st.Summary, res.LeavingLines(50, markedLeft, "请核对后在本页确认标记离开")...)
	}
	m.finish(job, "")
}

// fail ends a job with an error; the caller holds job.mu.
func (m *imports) fail(job *importJob, err error) {
	if errs.CodeOf(err) == errs.Internal {
		m.log.Error("import", "import", job.st.ID, "err", err)
	}
	m.finish(job, errs.Message(err))
}

// finish ends a job; the caller holds job.mu. The uploaded file stays while people the import
// found missing wait for the user's word.
func (m *imports) finish(job *importJob, failed string) {
	job.st.Done, job.st.Waiting, job.st.Confirm, job.st.Failed, job.st.Finished, job.st.Percent = true, false, false, failed, m.now(), 100
	job.st.Phase = "完成"
	if failed != "" {
		job.st.Phase = "中止"
		job.leaving = nil
	}
	if job.staged != nil {
		job.staged.Close()
		job.staged = nil
	}
	if job.leaving == nil || job.leaving.LeavingTotal == 0 || job.leavingMarked {
		os.RemoveAll(job.dir)
	}
}

func (m *imports) job(id string) (*importJob, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	j := m.jobs[id]
	if j == nil {
		return nil, errs.E(errs.NotFound, "没有找到这次导入（导入记录保留 24 小时）")
	}
	return j, nil
}

func (m *imports) Confirm(ctx context.Context, id string) error {
	job, err := m.job(id)
	if err != nil {
		return err
	}
	job.mu.Lock()
	if !job.st.Confirm {
		job.mu.Unlock()
		return errs.E(errs.Conflict, "这次导入不在等待确认")
	}
	job.st.Confirm = false
	job.mu.Unlock()
	m.enqueue(job, m.applyConfirmed)
	return nil
}

func (m *imports) Apply(ctx context.Context, id string, partial bool) error {
	job, err := m.job(id)
	if err != nil {
		return err
	}
	job.mu.Lock()
	if !partial && job.st.Confirm {
		job.st.Abandoned = true
		m.finish(job, "已放弃导入，未写入任何数据")
		job.mu.Unlock()
		return nil
	}
	if !job.st.Waiting {
		job.mu.Unlock()
		return errs.E(errs.Conflict, "这次导入不在等待处理")
	}
	if !partial {
		job.st.Abandoned = true
		m.finish(job, "已放弃导入，未写入任何数据")
		job.mu.Unlock()
		return nil
	}
	job.st.Waiting, job.partial = false, true
	job.mu.Unlock()
	m.enqueue(job, m.applyPartial)
	return nil
}

func (m *imports) Leaving(ctx context.Context, id string) (ImportLeavers, error) {
	job, err := m.job(id)
	if err != nil {
		return ImportLeavers{}, err
	}
	job.mu.Lock()
	defer job.mu.Unlock()
	var out ImportLeavers
	if job.report != nil {
		out.Short = job.report.Short
	}
	res := job.leaving
	if res == nil {
		return out, nil
	}
	out.Total, out.Marked = res.LeavingTotal, job.leavingMarked
	out.Pending = res.LeavingTotal > 0 && !job.leavingMarked && job.st.Done && job.st.Failed == ""
	for _, l := range res.Leaving {
		out.People = append(out.People, ImportLeaver{HouseholdNo: l.HouseholdNo, PersonNo: l.PersonNo, Name: l.Name,
			Village: l.Village, Declared: l.Declared, Listed: l.Listed})
	}
	return out, nil
}

func (m *imports) MarkLeft(ctx context.Context, id string) error {
	job, err := m.job(id)
	if err != nil {
		return err
	}
	job.mu.Lock()
	if job.leaving == nil || job.leaving.LeavingTotal == 0 || job.leavingMarked || !job.st.Done || job.st.Failed != "" {
		job.mu.Unlock()
		return errs.E(errs.Conflict, "这次导入没有等待确认离开的人")
	}
	job.st.Done, job.leaving = false, nil
	job.mu.Unlock()
	m.enqueue(job, m.markLeft)
	return nil
}

func (m *imports) Status(ctx context.Context, id string) (ImportStatus, error) {
	job, err := m.job(id)
	if err != nil {
		return ImportStatus{}, err
	}
	n, queued := m.ahead(job)
	job.mu.Lock()
	defer job.mu.Unlock()
	st := job.st
	if queued {
		st.Phase = fmt.Sprintf("排队（前面还有 %d 个导入；同一县同时只进行一个导入）", n)
	}
	st.Summary = append([]string(nil), st.Summary...)
	st.Issues = append([]string(nil), st.Issues...)
	return st, nil
}

// ImportSheetColumns is the column mapping of one sheet of an import.
type ImportSheetColumns struct {
	Title   string // file「sheet」, table and header row
	Columns []ImportColumn
	Lacking []ImportLacking
}

// ImportColumn is how one header of a sheet was read.
type ImportColumn struct {
	Col, Header string // the column's letter and its header as written
	Field       string // the column it names ("" when none)
	Read        bool   // its cells were read as Field
	Note        string // why they were not, when they were not
}

// ImportLacking is a field of the table that a sheet has no column for.
type ImportLacking struct {
	Name string
	Ext  bool // one of gonggu's own columns, which national exports never have
	// Disables lists the screening rules that cannot judge without the field (the page's
	// column 停用的规则).
	Disables []string
}

// sheetColumns returns the column mapping of the sheets the report read. The slices are new:
// the status is copied out under the job's lock and shared by no one.
func sheetColumns(rep *importer.Report) []ImportSheetColumns {
	var out []ImportSheetColumns
	for _, s := range rep.Sheets {
		if s.Table == "" {
			continue
		}
		sc := ImportSheetColumns{Title: fmt.Sprintf("%s「%s」（%s，表头在第 %d 行）", s.File, s.Sheet, s.Table, s.HeaderRow)}
		for _, u := range s.Columns {
			sc.Columns = append(sc.Columns, ImportColumn{Col: u.Col, Header: u.Header, Field: u.Field, Read: u.Read, Note: u.Note})
		}
		for _, l := range s.Lacking {
			sc.Lacking = append(sc.Lacking, ImportLacking{Name: l.Name, Ext: l.Ext, Disables: l.Disables})
		}
		out = append(out, sc)
	}
	return out
}

func (m *imports) Report(ctx context.Context, id string, w io.Writer) (string, error) {
	job, err := m.job(id)
	if err != nil {
		return "", err
	}
	job.mu.Lock()
	rep := job.report
	name := job.st.Filename
	job.mu.Unlock()
	if rep == nil {
		return "", errs.E(errs.NotFound, "文件还在读取，错误报告尚未生成")
	}
	if err := rep.WriteXLSXHint(w, "", "在导入页面点击“只导入没有错误的户”"); err != nil {
		return "", err
	}
	return strings.TrimSuffix(name, filepath.Ext(name)) + "-错误报告.xlsx", nil
}

func (m *imports) Recent(ctx context.Context, scope region.Code, n int) ([]ImportStatus, error) {
	m.mu.Lock()
	var out []ImportStatus
	for _, j := range m.jobs {
		j.mu.Lock()
		if scope.Contains(j.st.Scope) {
			out = append(out, j.st)
		}
		j.mu.Unlock()
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, k int) bool { return out[i].Started.After(out[k].Started) })
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// expire forgets finished jobs older than jobTTL and removes their files; the caller holds
// m.mu. A job queued or at work stays.
func (m *imports) expire() {
	cut := m.now().Add(-jobTTL)
	for id, j := range m.jobs {
		if slices.Contains(m.running, j) || slices.ContainsFunc(m.queue, func(q queuedWork) bool { return q.job == j }) {
			continue
		}
		j.mu.Lock()
		if j.st.Started.Before(cut) {
			if j.staged != nil {
				j.staged.Close()
			}
			os.RemoveAll(j.dir)
			delete(m.jobs, id)
		}
		j.mu.Unlock()
	}
}

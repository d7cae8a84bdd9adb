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

// NewImports returns the import part of the pages: uploads are staged and applied by the
// importer in the background of this process, places are resolved only within the uploading
// user's region (so a file cannot write households elsewhere), and written households are
// re-screened at once. An import's progress lives in this process: behind a load balancer,
// uploads and their pages need sticky sessions; the imports themselves are logged in the
// database.
func NewImports(db *store.DB, engine *screen.Engine, now func() time.Time, log *slog.Logger, tempDir string) Imports {
	return &imports{db: db, engine: engine, now: now, log: log, tempDir: tempDir, jobs: map[string]*importJob{}}
}

type imports struct {
	db      *store.DB
	engine  *screen.Engine
	now     func() time.Time
	log     *slog.Logger
	tempDir string

	mu   sync.Mutex
	jobs map[string]*importJob
}

type importJob struct {
	mu     sync.Mutex
	st     ImportStatus
	dir    string
	staged *importer.Staged
	im     *importer.Importer
	report *importer.Report
}

// jobTTL is how long a finished or waiting import stays visible (and its staged rows kept).
const jobTTL = 24 * time.Hour

func (m *imports) Start(ctx context.Context, filename string, body io.Reader, scope region.Code) (string, error) {
	tree, err := region.LoadArea(scope)
	if err != nil {
		return "", err
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
	job := &importJob{dir: dir, st: ImportStatus{ID: id, Filename: filename, Scope: scope, By: actor.Username,
		Started: m.now(), Phase: "排队"}}
	job.im = &importer.Importer{DB: m.db, Tree: tree, Scope: scope, Now: m.now, Log: m.log, TempDir: dir, Username: actor.Username,
		DefaultYear: m.now().Year() - 1,
		Progress: func(p importer.Progress) {
			job.mu.Lock()
			job.st.Phase, job.st.Rows = p.Phase.Label(), p.Rows
			if p.Total > 0 {
				job.st.Percent = int(p.Done * 100 / p.Total)
			}
			job.mu.Unlock()
		},
		AfterWrite: func(ctx context.Context, nos []string) error {
			job.mu.Lock()
			job.st.Phase = "重新排查"
			job.mu.Unlock()
			_, err := m.engine.Households(ctx, nos)
			if err == nil && m.engine.AfterRun != nil {
				// An import's re-screening refreshes the scorecard like a full run.
				err = m.engine.AfterRun(ctx, scope)
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
	bg := context.WithoutCancel(ctx)
	go m.stage(bg, job, File(path, filename))
	return id, nil
}

// File returns the importer's description of an uploaded file.
func File(path, name string) importer.File { return importer.File{Path: path, Name: name} }

func (m *imports) stage(ctx context.Context, job *importJob, f importer.File) {
	st, err := job.im.Stage(ctx, []importer.File{f})
	job.mu.Lock()
	defer job.mu.Unlock()
	if err != nil {
		m.fail(job, err)
		return
	}
	job.staged, job.report = st, &st.Report
	rep := &st.Report
	job.st.Rows, job.st.Households, job.st.Persons = rep.Rows, rep.Households, rep.Persons
	job.st.Blocking, job.st.BlockedHouseholds, job.st.Defects = rep.Blocking, rep.BlockedHouseholds, rep.DefectTotal
	job.st.Summary = rep.Lines("点击“只导入没有错误的户”")
	job.st.Columns = sheetColumns(rep)
	for i, is := range rep.Issues {
		if i == 20 {
			break
		}
		job.st.Issues = append(job.st.Issues, is.String())
	}
	switch {
	case rep.Fatal:
		m.finish(job, "文件缺少必需的列或不是全国系统的导出表，未写入任何数据")
	case rep.Blocking > 0:
		job.st.Waiting, job.st.Phase, job.st.Percent = true, "等待处理", 100
	default:
		go m.apply(ctx, job, false)
	}
}

func (m *imports) apply(ctx context.Context, job *importJob, partial bool) {
	job.mu.Lock()
	st := job.staged
	job.st.Waiting, job.st.Phase, job.st.Percent = false, "写入", 0
	job.mu.Unlock()
	res, err := job.im.Apply(ctx, st, importer.Options{Partial: partial})
	job.mu.Lock()
	defer job.mu.Unlock()
	if err != nil {
		m.fail(job, err)
		return
	}
	job.st.Added, job.st.Changed, job.st.Unchanged, job.st.Skipped = res.Households.Added, res.Households.Changed,
		res.Households.Unchanged, res.Skipped
	job.st.PersonsAdded, job.st.PersonsLeft = res.Persons.Added, res.Persons.Left
	if res.AfterWriteErr != nil {
		m.log.Error("import rescreen", "import", job.st.ID, "err", res.AfterWriteErr)
	}
	if len(res.Written) > 0 {
		m.db.Tx(ctx, func(tx *sql.Tx) error { return m.db.BumpDataVersion(ctx, tx, "registry") })
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

// finish ends a job; the caller holds job.mu.
func (m *imports) finish(job *importJob, failed string) {
	job.st.Done, job.st.Failed, job.st.Finished, job.st.Percent = true, failed, m.now(), 100
	job.st.Phase = "完成"
	if failed != "" {
		job.st.Phase = "中止"
	}
	if job.staged != nil {
		job.staged.Close()
		job.staged = nil
	}
	os.RemoveAll(job.dir)
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

func (m *imports) Apply(ctx context.Context, id string, partial bool) error {
	job, err := m.job(id)
	if err != nil {
		return err
	}
	job.mu.Lock()
	defer job.mu.Unlock()
	if !job.st.Waiting {
		return errs.E(errs.Conflict, "这次导入不在等待处理")
	}
	if !partial {
		job.st.Waiting, job.st.Abandoned = false, true
		m.finish(job, "已放弃导入，未写入任何数据")
		return nil
	}
	job.st.Waiting = false
	go m.apply(context.WithoutCancel(ctx), job, true)
	return nil
}

func (m *imports) Status(ctx context.Context, id string) (ImportStatus, error) {
	job, err := m.job(id)
	if err != nil {
		return ImportStatus{}, err
	}
	job.mu.Lock()
	defer job.mu.Unlock()
	st := job.st
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
	if err := rep.WriteXLSX(w, ""); err != nil {
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

// expire forgets jobs older than jobTTL and removes their files; the caller holds m.mu.
func (m *imports) expire() {
	cut := m.now().Add(-jobTTL)
	for id, j := range m.jobs {
		j.mu.Lock()
		old := j.st.Started.Before(cut) && !strings.HasPrefix(j.st.Phase, "写入")
		if old {
			if j.staged != nil {
				j.staged.Close()
			}
			os.RemoveAll(j.dir)
			delete(m.jobs, id)
		}
		j.mu.Unlock()
	}
}

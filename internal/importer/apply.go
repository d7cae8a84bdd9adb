package importer

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// Counts counts what an import did to households or people.
type Counts struct {
	Added, Changed, Unchanged int
	Left                      int // people only: listed before, missing from the file now
}

// MaxLeaving bounds the people a Result lists one by one in Leaving; all are counted.
const MaxLeaving = 10000

// Leaving is a current member of a stored household that the file lists without them: a
// person who has left, or one the file lost (cut off, a row deleted by mistake).
type Leaving struct {
	HouseholdNo, PersonNo, Name string
	Village                     region.Code
	// Declared and Listed are set when the file's rows of the household list fewer current
	// members (Listed) than its 家庭人口数 says it has (Declared): the file itself says people
	// are missing from it.
	Declared, Listed int
}

// Result is what Apply did.
type Result struct {
	ID         string // the import's id in the import log
	Households Counts
	Persons    Counts
	Incomes    int // yearly income records added or changed
	Skipped    int // households skipped for blocking errors (Partial only)
	// Leaving lists the current members of the file's stored households that the file no
	// longer lists, at most MaxLeaving of them; LeavingTotal counts them all. They are marked
	// as left only with Options.MarkLeft, and Persons.Left counts them then.
	Leaving      []Leaving
	LeavingTotal int
	// Written are the 户编号 of the households added or changed.
	Written  []string
	Duration time.Duration
	// AfterWriteErr is the error of the AfterWrite hook: the import itself is committed.
	AfterWriteErr error

	// rebuilt is set when the indexes of persons were taken off for the load and rebuilt.
	rebuilt bool
}

// applyBatch is how many households Apply reads from the register in one go.
const applyBatch = 500

// deferIndexesAbove is the number of people in a file from which Apply rebuilds the indexes
// of persons after loading, when the load at least doubles them.
var deferIndexesAbove = 50000

// largeImportRows is the number of rows above which an import is a large load: SQLite gets a
// larger cache and file statement journals, PostgreSQL new statistics after it.
const largeImportRows = 20000

// sqliteImportCacheKiB is SQLite's page cache during a large import, in KiB.
var sqliteImportCacheKiB = 128 << 10

// Apply writes the staged households in one transaction. Without opts.Partial it writes
// nothing when the report has a blocking error. On any error, a cancelled context included,
// the database is left as it was.
func (im *Importer) Apply(ctx context.Context, st *Staged, opts Options) (*Result, error) {
	rep := &st.Report
	if st.spill == nil {
		return nil, errs.E(errs.Conflict, "这次导入已经写入数据库，不能再次写入；请重新上传文件")
	}
	if rep.Fatal {
		return nil, errs.E(errs.Invalid, "文件缺少必需的列或不是全国系统的导出表，未写入任何数据")
	}
	if rep.Blocking > 0 && !opts.Partial {
		return nil, errs.E(errs.Invalid, "文件中有 %d 处阻断性错误（涉及 %d 户），未写入任何数据；请改正后重新导入，或只导入没有错误的户",
			rep.Blocking, rep.BlockedHouseholds)
	}
	a, err := im.begin(ctx, opts, rep.Rows, int64(rep.Households), rep.Persons >= deferIndexesAbove)
	if err != nil {
		return nil, err
	}
	defer a.close()
	// A load that at least doubles the people stored builds their indexes afterwards.
	if err := a.maybeDefer(ctx, rep.Persons); err != nil {
		return nil, im.abort(ctx, err)
	}

	// One goroutine reads the staged households and combines their rows while this one reads
	// the register and writes.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches, wait := st.walkBatches(wctx, applyBatch, func(g *group) {
		if !st.blocked[g.no] && len(g.members) > 0 {
			g.c, _ = combine(g.members)
			if sz, ok := st.short[g.no]; ok {
				g.short = &sz
			}
		}
	})
	skipped := 0
	for batch := range batches {
		keep := batch[:0]
		for _, g := range batch {
			if st.blocked[g.no] {
				skipped++
				st.pool.put(g)
			} else {
				keep = append(keep, g)
			}
		}
		if err == nil && len(keep) > 0 {
			if err = a.flush(ctx, keep); err == nil {
				im.progress(Progress{Phase: PhaseWrite, Done: a.done, Total: a.total, Rows: rep.Rows})
			} else {
				cancel()
			}
		}
		for _, g := range keep {
			st.pool.put(g)
		}
	}
	if werr := wait(); err == nil {
		err = werr
	}
	a.res.Skipped = skipped
	if err != nil {
		return nil, im.abort(ctx, err)
	}
	return a.finish(ctx, rep)
}

// applyTx is an import's write transaction: Apply and Import both write through it.
type applyTx struct {
	im      *Importer
	opts    Options
	start   time.Time
	today   registry.Date
	imports *store.Imports
	conn    *sql.Conn
	tx      *sql.Tx
	w       *store.ImportTx
	res     *Result
	// restore puts the connection's settings back.
	restore func()
	// stored is the number of people stored before the import, when counted (-1 otherwise);
	// deferred is set once the indexes of persons are off for a bulk load, exprDeferred once
	// their expression index is.
	stored                 int
	deferred, exprDeferred bool
	// done counts the households of the member tables written or found unchanged; total is
	// how many there are, when known.
	done, total int64
}

// begin opens the import's transaction. rows is the number of rows to import, or an estimate:
// a large import gets a larger page cache on SQLite. With count set, the people stored are
// counted first, for maybeDefer.
func (im *Importer) begin(ctx context.Context, opts Options, rows int, households int64, count bool) (*applyTx, error) {
	a := &applyTx{im: im, opts: opts, start: time.Now(), today: registry.DateOf(im.now()), imports: store.NewImports(im.DB),
		res: &Result{}, stored: -1, total: households, restore: func() {}}
	conn, err := im.DB.SQL.Conn(ctx)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法连接数据库")
	}
	a.conn = conn
	if im.DB.Dialect == store.SQLite && rows > largeImportRows {
		// A large import touches more pages than the connection's usual cache holds: a larger
		// one keeps SQLite from spilling dirty pages and reading them back. The connection
		// returns to the pool with its own size.
		var was, temp int
		if err := conn.QueryRowContext(ctx, "SELECT cache_size, temp_store FROM pragma_cache_size, pragma_temp_store").Scan(&was, &temp); err != nil {
			conn.Close()
			return nil, errs.Wrap(err, errs.Internal, "无法读取数据库设置")
		}
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", sqliteImportCacheKiB)); err != nil {
			conn.Close()
			return nil, errs.Wrap(err, errs.Internal, "无法设置数据库")
		}
		// Statement journals in a file: SQLite keeps up to 64 KiB of a statement's journal
		// in memory in one piece and writes the rest to a temporary file, where the in-memory
		// store (the connections' default) allocates it a kilobyte at a time, millions of
		// allocations in a large import (38 s against 33 s for a million rows).
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
			conn.Close()
			return nil, errs.Wrap(err, errs.Internal, "无法设置数据库")
		}

		a.restore = func() {
			conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", was))
			conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA temp_store = %d", temp))
		}
	}
	if count {
		// Counted before the transaction takes the write lock.
		if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons`).Scan(&a.stored); err != nil {
			a.restore()
			conn.Close()
			return nil, errs.Wrap(err, errs.Internal, "无法读取数据库")
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		a.restore()
		conn.Close()
		return nil, errs.Wrap(err, errs.Internal, "无法开始事务")
	}
	a.tx, a.w = tx, a.imports.Writer(tx)
	return a, nil
}

// close ends the transaction, rolling it back unless it was committed, and returns the
// connection.
func (a *applyTx) close() {
	a.w.Close()
	a.tx.Rollback()
	a.restore()
	a.conn.Close()
}

// maybeDefer takes the indexes of persons off for the rest of the load once it has brought
// persons people, when they are at least deferIndexesAbove: all of them when the load brings
// at least as many as were stored (building an index by sorting costs a third of keeping it up
// to date row by row), the expression index alone when it brings a twentieth of them or more
// (store.ImportTx.DeferExpressionIndexes: keeping it costs some 40 µs an inserted person,
// rebuilding it under 2 µs a stored one).
func (a *applyTx) maybeDefer(ctx context.Context, persons int) error {
	if a.deferred || a.stored < 0 || persons < deferIndexesAbove {
		return nil
	}
	if persons >= a.stored {
		a.deferred, a.res.rebuilt = true, a.im.DB.Dialect == store.SQLite
		return a.w.DeferIndexes(ctx)
	}
	if !a.exprDeferred && persons*20 >= a.stored {
		a.exprDeferred, a.res.rebuilt = true, a.im.DB.Dialect == store.SQLite
		return a.w.DeferExpressionIndexes(ctx)
	}
	return nil
}

// flush merges a batch of households into their stored versions and writes those that
// changed.
func (a *applyTx) flush(ctx context.Context, batch []*group) error {
	res := a.res
	nos := make([]string, len(batch))
	for i, g := range batch {
		nos[i] = g.no
	}
	stored, err := a.imports.Load(ctx, a.tx, nos)
	if err != nil {
		return err
	}
	var olds []store.ImportKey
	var aggs []*registry.Aggregate
	for _, g := range batch {
		old := stored[g.no]
		if old == nil && len(g.members) == 0 {
			// Income rows of a household neither stored nor in the file's member tables: the
			// check blocks it, but the one-pass import learns of it only here.
			return errNotStreamable
		}
		var out outcome
		if old == nil && g.fresh != nil {
			out = *g.fresh // the check merged it already
		} else {
			out = merge(old, g, g.c, a.today, a.opts.MarkLeft)
		}
		if err := a.im.inScope(g.no, old, out.agg); err != nil {
			return err
		}
		res.Persons.Added += out.pAdded
		res.Persons.Changed += out.pChanged
		res.Persons.Unchanged += out.pUnchanged
		res.Persons.Left += out.pLeft
		res.Incomes += out.incomes
		for _, p := range out.leaving {
			res.LeavingTotal++
			if len(res.Leaving) < MaxLeaving {
				l := Leaving{HouseholdNo: g.no, PersonNo: p.No, Name: p.Name, Village: out.agg.Household.Village}
				if g.short != nil {
					l.Declared, l.Listed = g.short.declared, g.short.listed
				}
				res.Leaving = append(res.Leaving, l)
			}
		}
		if len(g.members) > 0 {
			a.done++
		}
		switch out.status {
		case unchanged:
			res.Households.Unchanged++
			continue
		case added:
			res.Households.Added++
		case changed:
			res.Households.Changed++
			olds = append(olds, store.ImportKey{County: old.Household.County(), No: g.no})
		}
		aggs = append(aggs, out.agg)
		res.Written = append(res.Written, g.no)
	}
	if err := a.w.Replace(ctx, olds, aggs); err != nil {
		return err
	}
	return ctx.Err()
}

// finish ends an import whose households are all written: it rebuilds the deferred indexes,
// logs the import with the screening it owes, and commits (unless a dry run), then re-screens.
func (a *applyTx) finish(ctx context.Context, rep *Report) (*Result, error) {
	im, res := a.im, a.res
	if a.opts.DryRun {
		res.Duration = time.Since(a.start)
		return res, nil // close rolls everything back
	}
	im.progress(Progress{Phase: PhaseIndex, Done: a.done, Total: a.total, Rows: rep.Rows})
	if err := a.w.RebuildIndexes(ctx); err != nil {
		return nil, im.abort(ctx, err)
	}
	run := &store.ImportRun{StartedAt: a.start, FinishedAt: time.Now(), Username: im.Username, Files: rep.Files,
		Partial: a.opts.Partial, RowsRead: rep.Rows, Blocking: rep.Blocking, Defects: rep.DefectTotal,
		HouseholdsAdded: res.Households.Added, HouseholdsChanged: res.Households.Changed,
		HouseholdsUnchanged: res.Households.Unchanged, HouseholdsSkipped: res.Skipped,
		PersonsAdded: res.Persons.Added, PersonsChanged: res.Persons.Changed,
		PersonsUnchanged: res.Persons.Unchanged, PersonsLeft: res.Persons.Left, IncomesWritten: res.Incomes}
	if err := a.imports.Log(ctx, a.tx, run); err != nil {
		return nil, im.abort(ctx, err)
	}
	if len(res.Written) > 0 {
		// The re-screen runs after the commit: should it not finish, this row says it is owed.
		if err := a.imports.AddPending(ctx, a.tx, run.ID, run.FinishedAt, res.Written); err != nil {
			return nil, im.abort(ctx, err)
		}
	}
	if err := im.DB.BumpDataVersion(ctx, a.tx, "registry"); err != nil {
		return nil, im.abort(ctx, err)
	}
	if im.beforeCommit != nil {
		if err := im.beforeCommit(ctx); err != nil {
			return nil, im.abort(ctx, err)
		}
	}
	if err := commit(a.tx); err != nil {
		return nil, im.abort(ctx, err)
	}
	res.ID = run.ID
	if rep.Rows > largeImportRows {
		// Statistics for the rows now there, before the re-screen reads them; the import
		// has committed, so a failure here only leaves them to autovacuum.
		if err := im.DB.AnalyzeRegistry(ctx); err != nil {
			im.logger().Warn("analyze after import", "err", err)
		}
	}
	res.Duration = time.Since(a.start)
	if im.AfterWrite != nil {
		res.AfterWriteErr = im.rescreen(ctx)
	}
	return res, nil
}

func commit(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法提交事务")
	}
	return nil
}

// abort turns an error of the write into the error Apply returns, saying that nothing was
// written.
func (im *Importer) abort(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errs.Wrap(err, errs.Invalid, "导入已取消，数据库未作任何改动")
	}
	if errs.CodeOf(err) == errs.Internal {
		im.logger().Error("import failed", "err", err)
		return errs.Wrap(err, errs.Internal, "写入数据库失败，数据库未作任何改动")
	}
	return err
}

// inScope refuses a household that lies, or would come to lie, outside the importer's scope.
func (im *Importer) inScope(no string, old, updated *registry.Aggregate) error {
	if im.Scope == "" {
		return nil
	}
	for _, a := range []*registry.Aggregate{old, updated} {
		if a != nil && !im.Scope.Contains(a.Household.Village) {
			return errs.E(errs.Forbidden, "户编号 %s 登记在 %s，不在您的管辖范围内；本次导入未写入任何数据", no, a.Household.Village)
		}
	}
	return nil
}

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
}

// applyBatch is how many households Apply reads from the register in one go.
const applyBatch = 500

// deferIndexesAbove is the number of people in a file from which Apply rebuilds the indexes
// of persons after loading, when the load at least doubles them.
var deferIndexesAbove = 50000

// sqliteImportCacheKiB is SQLite's page cache during a large import, in KiB.
var sqliteImportCacheKiB = 128 << 10

// Apply writes the staged households in one transaction. Without opts.Partial it writes
// nothing when the report has a blocking error. On any error, a cancelled context included,
// the database is left as it was.
func (im *Importer) Apply(ctx context.Context, st *Staged, opts Options) (*Result, error) {
	start := time.Now()
	rep := &st.Report
	if rep.Fatal {
		return nil, errs.E(errs.Invalid, "文件缺少必需的列或不是全国系统的导出表，未写入任何数据")
	}
	if rep.Blocking > 0 && !opts.Partial {
		return nil, errs.E(errs.Invalid, "文件中有 %d 处阻断性错误（涉及 %d 户），未写入任何数据；请改正后重新导入，或只导入没有错误的户",
			rep.Blocking, rep.BlockedHouseholds)
	}
	res := &Result{}
	today := registry.DateOf(im.now())
	imports := store.NewImports(im.DB)
	conn, err := im.DB.SQL.Conn(ctx)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法连接数据库")
	}
	defer conn.Close()
	if im.DB.Dialect == store.SQLite && rep.Rows > 20000 {
		// A large import touches more pages than the connection's usual cache holds: a larger
		// one keeps SQLite from spilling dirty pages and reading them back. The connection
		// returns to the pool with its own size.
		var was int
		if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&was); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法读取数据库设置")
		}
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", sqliteImportCacheKiB)); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "无法设置数据库")
		}
		defer conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", was))
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法开始事务")
	}
	defer tx.Rollback()
	writer := imports.Writer(tx)
	defer writer.Close()
	if rep.Persons >= deferIndexesAbove {
		// A load that at least doubles the people stored builds their indexes afterwards.
		have, err := writer.CountPersons(ctx)
		if err != nil {
			return nil, im.abort(ctx, err)
		}
		if rep.Persons >= have {
			if err := writer.DeferIndexes(ctx); err != nil {
				return nil, im.abort(ctx, err)
			}
		}
	}

	total := int64(rep.Households)
	var done int64
	flush := func(batch []*group) error {
		nos := make([]string, len(batch))
		for i, g := range batch {
			nos[i] = g.no
		}
		stored, err := imports.Load(ctx, tx, nos)
		if err != nil {
			return err
		}
		var olds []store.ImportKey
		var aggs []*registry.Aggregate
		for _, g := range batch {
			old := stored[g.no]
			out := merge(old, g, g.c, today, opts.MarkLeft)
			if err := im.inScope(g.no, old, out.agg); err != nil {
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
					if sz, ok := st.short[g.no]; ok {
						l.Declared, l.Listed = sz.declared, sz.listed
					}
					res.Leaving = append(res.Leaving, l)
				}
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
		if err := writer.Replace(ctx, olds, aggs); err != nil {
			return err
		}
		for _, g := range batch {
			if len(g.members) > 0 {
				done++
			}
		}
		im.progress(Progress{Phase: PhaseWrite, Done: done, Total: total, Rows: rep.Rows})
		return ctx.Err()
	}

	// One goroutine reads the staged households and combines their rows while this one reads
	// the register and writes.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches, wait := st.walkBatches(wctx, applyBatch, func(g *group) {
		if !st.blocked[g.no] && len(g.members) > 0 {
			g.c, _ = combine(g.members)
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
			if err = flush(keep); err != nil {
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
	res.Skipped = skipped
	if err != nil {
		return nil, im.abort(ctx, err)
	}
	if opts.DryRun {
		res.Duration = time.Since(start)
		return res, nil // the deferred Rollback undoes everything
	}
	im.progress(Progress{Phase: PhaseIndex, Done: done, Total: total, Rows: rep.Rows})
	if err := writer.RebuildIndexes(ctx); err != nil {
		return nil, im.abort(ctx, err)
	}
	run := &store.ImportRun{StartedAt: start, FinishedAt: time.Now(), Username: im.Username, Files: rep.Files,
		Partial: opts.Partial, RowsRead: rep.Rows, Blocking: rep.Blocking, Defects: rep.DefectTotal,
		HouseholdsAdded: res.Households.Added, HouseholdsChanged: res.Households.Changed,
		HouseholdsUnchanged: res.Households.Unchanged, HouseholdsSkipped: res.Skipped,
		PersonsAdded: res.Persons.Added, PersonsChanged: res.Persons.Changed,
		PersonsUnchanged: res.Persons.Unchanged, PersonsLeft: res.Persons.Left, IncomesWritten: res.Incomes}
	if err := imports.Log(ctx, tx, run); err != nil {
		return nil, im.abort(ctx, err)
	}
	if err := im.DB.BumpDataVersion(ctx, tx, "registry"); err != nil {
		return nil, im.abort(ctx, err)
	}
	if im.beforeCommit != nil {
		if err := im.beforeCommit(ctx); err != nil {
			return nil, im.abort(ctx, err)
		}
	}
	if err := commit(tx); err != nil {
		return nil, im.abort(ctx, err)
	}
	res.ID = run.ID
	res.Duration = time.Since(start)
	if im.AfterWrite != nil && len(res.Written) > 0 {
		res.AfterWriteErr = im.AfterWrite(ctx, res.Written)
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

package store

import (
	"context"
	"database/sql"
	"math/bits"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/gonggu/gonggu/internal/registry"
)

// bulkRows is a batch of rows for one table, written with COPY on PostgreSQL and with
// multi-row INSERTs on SQLite.
type bulkRows struct {
	table string
	cols  []string
	rows  [][]any
}

// writeBulk writes batches in one transaction on a dedicated connection.
func (db *DB) writeBulk(ctx context.Context, batches []bulkRows) error {
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return internal(err, "bulk.conn")
	}
	defer conn.Close()
	if db.Dialect == Postgres {
		return pgConn(ctx, conn, func(c *stdlib.Conn) error {
			tx, err := c.Conn().Begin(ctx)
			if err != nil {
				return internal(err, "bulk.begin")
			}
			defer tx.Rollback(ctx)
			// The pack triggers are held: the rows' packs are dropped once at the end.
			if _, err := tx.Exec(ctx, `SET LOCAL gonggu.packs_held = 'on'`); err != nil {
				return internal(err, "bulk.hold packs")
			}
			for _, b := range batches {
				if len(b.rows) == 0 {
					continue
				}
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{b.table}, b.cols, pgx.CopyFromRows(b.rows)); err != nil {
					return internal(err, "bulk.copy "+b.table)
				}
			}
			if err := dropBulkPacks(ctx, tx, batches); err != nil {
				return err
			}
			return internal(tx.Commit(ctx), "bulk.commit")
		})
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return internal(err, "bulk.begin")
	}
	defer tx.Rollback()
	ins := newInserter(db, tx)
	defer ins.close()
	for _, b := range batches {
		if err := ins.insert(ctx, b); err != nil {
			return internal(err, "bulk.insert "+b.table)
		}
	}
	return internal(tx.Commit(), "bulk.commit")
}

// inserter inserts rows with statements of many rows each, on either engine: on SQLite the
// per-statement cost dominates single-row inserts. Each table's full-size statement is
// prepared once per transaction.
type inserter struct {
	db    *DB
	tx    *sql.Tx
	stmts map[insertKey]*sql.Stmt
}

func newInserter(db *DB, tx *sql.Tx) *inserter {
	return &inserter{db: db, tx: tx, stmts: map[insertKey]*sql.Stmt{}}
}

// close releases the prepared statements; call it before the transaction ends.
func (in *inserter) close() {
	for _, st := range in.stmts {
		st.Close()
	}
}

func (in *inserter) insert(ctx context.Context, b bulkRows) error {
	if len(b.rows) == 0 {
		return nil
	}
	per := min(200, 30000/len(b.cols))
	args := make([]any, 0, per*len(b.cols))
	for start := 0; start < len(b.rows); {
		// Full statements of per rows, and what is left in statements of 128, 64, … rows: each
		// size is prepared once per transaction. Preparing the remainder's own statement each
		// time had cost a million-row import 1.3 CPU-seconds of parsing, on its writer.
		n := per
		if left := len(b.rows) - start; left < per {
			n = 1 << (bits.Len(uint(left)) - 1)
		}
		args = args[:0]
		for _, r := range b.rows[start : start+n] {
			args = append(args, r...)
		}
		start += n
		key := insertKey{b.table, n}
		st := in.stmts[key]
		if st == nil {
			var err error
			if st, err = in.tx.PrepareContext(ctx, in.sql(b.table, b.cols, n)); err != nil {
				return err
			}
			in.stmts[key] = st
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// insertKey names a prepared insert: its table and how many rows it inserts.
type insertKey struct {
	table string
	rows  int
}

// sql is the statement inserting n rows. On SQLite it is INSERT OR FAIL: a statement of many
// rows that may abort on a conflict half-way must be undone alone, so SQLite copies the pages
// it touches to a statement journal first. The inserter's callers roll back the whole
// transaction on any error, so the rows a failed statement already wrote are undone all the
// same (BenchmarkInsertExpressionIndex: 1.76 s to 1.56 s with the ID index kept, 0.87 s to
// 0.76 s with it taken off).
func (in *inserter) sql(table string, cols []string, n int) string {
	q := insertSQL(table, cols, n)
	if in.db.Dialect == SQLite {
		q = "INSERT OR FAIL" + strings.TrimPrefix(q, "INSERT")
	}
	return in.db.Rebind(q)
}

// registryBatch collects the rows of households and their parts for the four registry tables.
type registryBatch [4]bulkRows

func newRegistryBatch() registryBatch {
	return registryBatch{
		{table: "households", cols: householdCols},
		{table: "persons", cols: personCols},
		{table: "incomes", cols: incomeCols},
		{table: "measures", cols: measureCols},
	}
}

// add validates a household and appends its rows, the household's at the version given.
func (b *registryBatch) add(a *registry.Aggregate, version int64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	county := a.Household.County()
	b[0].rows = append(b[0].rows, householdRow(&a.Household, version))
	for j := range a.Persons {
		b[1].rows = append(b[1].rows, personRow(county, &a.Persons[j]))
	}
	for j := range a.Incomes {
		b[2].rows = append(b[2].rows, incomeRow(county, &a.Incomes[j]))
	}
	for j := range a.Measures {
		b[3].rows = append(b[3].rows, measureRow(county, &a.Measures[j]))
	}
	return nil
}

func insertSQL(table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table)
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ", "))
	b.WriteString(") VALUES ")
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	return b.String()
}

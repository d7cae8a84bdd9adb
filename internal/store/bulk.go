package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
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
			for _, b := range batches {
				if len(b.rows) == 0 {
					continue
				}
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{b.table}, b.cols, pgx.CopyFromRows(b.rows)); err != nil {
					return internal(err, "bulk.copy "+b.table)
				}
			}
			return internal(tx.Commit(ctx), "bulk.commit")
		})
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return internal(err, "bulk.begin")
	}
	defer tx.Rollback()
	for _, b := range batches {
		if err := insertRows(ctx, tx, b); err != nil {
			return internal(err, "bulk.insert "+b.table)
		}
	}
	return internal(tx.Commit(), "bulk.commit")
}

// insertRows inserts rows with statements of many rows each: on SQLite the per-statement cost
// dominates single-row inserts.
func insertRows(ctx context.Context, tx *sql.Tx, b bulkRows) error {
	if len(b.rows) == 0 {
		return nil
	}
	per := 30000 / len(b.cols)
	if per > 200 {
		per = 200
	}
	var full *sql.Stmt
	args := make([]any, 0, per*len(b.cols))
	for start := 0; start < len(b.rows); start += per {
		end := min(start+per, len(b.rows))
		args = args[:0]
		for _, r := range b.rows[start:end] {
			args = append(args, r...)
		}
		if end-start == per {
			if full == nil {
				var err error
				full, err = tx.PrepareContext(ctx, insertSQL(b.table, b.cols, per))
				if err != nil {
					return err
				}
				defer full.Close()
			}
			if _, err := full.ExecContext(ctx, args...); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, insertSQL(b.table, b.cols, end-start), args...); err != nil {
			return err
		}
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

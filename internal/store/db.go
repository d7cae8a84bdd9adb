// Package store keeps gonggu's data in SQL: an embedded SQLite file by default, PostgreSQL in
// production. SQL is written by hand next to the store type that runs it; the few places
// where the two engines differ go through Dialect.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/gonggu/gonggu/internal/errs"
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database with its dialect and clock.
type DB struct {
	SQL     *sql.DB
	Dialect Dialect
	Now     func() time.Time
}

// IsPostgres reports whether the DSN names a PostgreSQL database rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn (a file path for SQLite, a postgres:// URL for
// PostgreSQL) and brings its schema up to date.
func Open(ctx context.Context, dsn string, now func() time.Time) (*DB, error) {
	if now == nil {
		now = time.Now
	}
	db := &DB{Now: now}
	var err error
	if IsPostgres(dsn) {
		db.Dialect = Postgres
		db.SQL, err = sql.Open("pgx", pgDSN(dsn))
		if err == nil {
			db.SQL.SetMaxOpenConns(16)
			db.SQL.SetMaxIdleConns(16)
		}
	} else {
		db.Dialect = SQLite
		db.SQL, err = sql.Open("sqlite", sqliteDSN(dsn))
		if err == nil {
			// Several readers and one writer at a time (WAL); writers wait on busy_timeout.
			db.SQL.SetMaxOpenConns(8)
			db.SQL.SetMaxIdleConns(8)
			db.SQL.SetConnMaxIdleTime(0)
		}
	}
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法打开数据库")
	}
	if err := db.SQL.PingContext(ctx); err != nil {
		db.SQL.Close()
		return nil, errs.Wrap(err, errs.Internal, "无法连接数据库")
	}
	if err := db.Migrate(ctx); err != nil {
		db.SQL.Close()
		return nil, err
	}
	return db, nil
}

// pgDSN sets random_page_cost to 1.1 for gonggu's sessions unless the DSN sets it: the
// server default (4) prices random reads for spinning disks, and with it PostgreSQL reads a
// county's registry by a parallel sequential scan and an external sort instead of the primary
// key's order (the screening of a million households took 30.6 s, with 1.1 25.0 s). A server
// on spinning disks can say so in its DSN.
func pgDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // pgx says what is wrong with it
	}
	q := u.Query()
	if q.Has("random_page_cost") {
		return dsn
	}
	q.Set("random_page_cost", "1.1")
	u.RawQuery = q.Encode()
	return u.String()
}

// sqliteDSN sets the pragmas every connection needs: WAL so readers never block the writer,
// foreign keys on, a busy timeout instead of immediate SQLITE_BUSY errors, and IMMEDIATE
// transactions so that a reader never has to upgrade to a writer mid-transaction.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "cache_size(-65536)")
	// Statement journals and sorts in memory: on disk they cost as much as the data itself
	// during bulk loads.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Add("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Close closes the database.
func (db *DB) Close() error { return db.SQL.Close() }

// Rebind turns the portable "?" placeholders into the dialect's form ($1, $2, … on PostgreSQL).
func (db *DB) Rebind(q string) string {
	if db.Dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Tx runs fn in a transaction, committing when fn returns nil and rolling back otherwise.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法开始事务")
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法提交事务")
	}
	return nil
}

// Exec runs a statement with portable placeholders in tx.
func (db *DB) Exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	return tx.ExecContext(ctx, db.Rebind(q), args...)
}

// pgConn runs fn with the pgx connection under a database/sql connection, for COPY.
func pgConn(ctx context.Context, conn *sql.Conn, fn func(c *stdlib.Conn) error) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: driver connection is %T, not pgx", dc)
		}
		return fn(c)
	})
}

func internal(err error, op string) error {
	if err == nil {
		return nil
	}
	if errs.CodeOf(err) != errs.Internal {
		return err
	}
	return errs.Wrap(fmt.Errorf("%s: %w", op, err), errs.Internal, "数据库操作失败")
}

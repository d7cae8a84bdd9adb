package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// recorder keeps every statement a database ran, once per text and caller: the statement
// exactly as the driver received it, so that the SQL built at run time (scope conditions,
// IN lists, column lists) is judged as it really is.
type recorder struct {
	mu   sync.Mutex
	seen map[recorded]bool
	// funcs are the gonggu functions that were on the stack of some statement, for the
	// coverage the test reports.
	funcs map[string]bool
}

// recorded is one statement and the function outside database/sql that ran it: the store
// method, or the engine's own code for the few statements it runs itself.
type recorded struct {
	Caller string
	SQL    string
}

func (r *recorder) add(q string) {
	caller, stack := callerOf()
	r.mu.Lock()
	if r.seen == nil {
		r.seen, r.funcs = map[recorded]bool{}, map[string]bool{}
	}
	r.seen[recorded{caller, q}] = true
	for _, f := range stack {
		r.funcs[f] = true
	}
	r.mu.Unlock()
}

// ran reports whether fn was on the stack of a recorded statement.
func (r *recorder) ran(fn string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.funcs[fn]
}

// list returns what was recorded, sorted.
func (r *recorder) list() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]recorded, 0, len(r.seen))
	for k := range r.seen {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Caller != out[j].Caller {
			return out[i].Caller < out[j].Caller
		}
		return out[i].SQL < out[j].SQL
	})
	return out
}

const modulePrefix = "github.com/gonggu/gonggu/internal/"

// callerOf names the first gonggu function on the stack that is not this test's recording
// layer: "store.(*Registry).PutTx", "screen.(*Engine).related", and returns every gonggu
// function on the stack. Closures are named by the function they are in.
func callerOf() (string, []string) {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	caller := "?"
	var stack []string
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, modulePrefix) && !strings.HasSuffix(f.File, "_test.go") &&
			!strings.HasPrefix(f.Function, modulePrefix+"store/storetest") {
			name := funcName(f.Function)
			stack = append(stack, name)
			if caller == "?" && !plumbing[name] {
				caller = name
			}
		}
		if !more {
			return caller, stack
		}
	}
}

// plumbing are the store's helpers every method runs its SQL through: the caller named is
// the method above them.
var plumbing = map[string]bool{"store.(*DB).Exec": true, "store.(*DB).Tx": true}

// funcName shortens a runtime function name to package.Func or package.(*T).Method, without
// the closure suffixes (.func1, .gowrap2) the compiler adds.
func funcName(full string) string {
	name := strings.TrimPrefix(full, modulePrefix)
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.Index(name, "[...]"); i >= 0 { // a generic type's method
		name = name[:i] + name[i+len("[...]"):]
	}
	parts := strings.Split(name, ".")
	for len(parts) > 2 {
		last := parts[len(parts)-1]
		if strings.HasPrefix(last, "func") || strings.HasPrefix(last, "gowrap") || last == "" ||
			(last[0] >= '0' && last[0] <= '9') {
			parts = parts[:len(parts)-1]
			continue
		}
		break
	}
	return strings.Join(parts, ".")
}

// openRecorded opens a new SQLite database in t.TempDir() through a driver that records every
// statement, and migrates it: the same database store.Open makes, with a recording layer
// between database/sql and modernc's driver.
func openRecorded(t testing.TB, rec *recorder) *store.DB {
	t.Helper()
	// The registered "sqlite" driver, wrapped, with the pragmas store.Open sets on every
	// connection.
	base, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	drv := base.Driver()
	base.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "gonggu.db")
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(30000)" +
		"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	pool := sql.OpenDB(recordingConnector{drv: drv, dsn: dsn, rec: rec})
	pool.SetMaxOpenConns(8)
	pool.SetMaxIdleConns(8)
	db := &store.DB{SQL: pool, Dialect: store.SQLite, Now: storetest.Clock()}
	// The migrations run through the recorder too: a data migration is a statement like
	// any other.
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	return db
}

type recordingConnector struct {
	drv driver.Driver
	dsn string
	rec *recorder
}

func (c recordingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: conn, rec: c.rec}, nil
}

func (c recordingConnector) Driver() driver.Driver { return c.drv }

// recordingConn passes everything to modernc's connection and records the text of each
// statement prepared, executed or queried.
type recordingConn struct {
	driver.Conn
	rec *recorder
}

func (c *recordingConn) Prepare(q string) (driver.Stmt, error) {
	c.rec.add(q)
	return c.Conn.Prepare(q)
}

func (c *recordingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.rec.add(q)
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

func (c *recordingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.rec.add(q)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *recordingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.rec.add(q)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *recordingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *recordingConn) Ping(ctx context.Context) error {
	return c.Conn.(driver.Pinger).Ping(ctx)
}

func (c *recordingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *recordingConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

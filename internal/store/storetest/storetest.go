// Package storetest opens real databases for tests: a SQLite file in the test's temporary
// folder always, and a fresh PostgreSQL schema when GONGGU_TEST_PG names a server. The same
// test then runs on both engines.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/store"
)

// Engine is an open test database and its name for subtests.
type Engine struct {
	Name string
	DSN  string
	DB   *store.DB
}

// Clock returns a fixed clock for tests: 2026-11-28 10:00 in China.
func Clock() func() time.Time {
	t := time.Date(2026, 11, 28, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	return func() time.Time { return t }
}

// Run runs fn as a subtest on each engine with a new, migrated, empty database.
func Run(t *testing.T, fn func(t *testing.T, e Engine)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	if os.Getenv("GONGGU_TEST_PG") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

// SQLite opens a new SQLite database file in t.TempDir().
func SQLite(t testing.TB) Engine {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "gonggu.db")
	db, err := store.Open(context.Background(), dsn, Clock())
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return Engine{Name: "sqlite", DSN: dsn, DB: db}
}

// Postgres opens a new schema on the server named by GONGGU_TEST_PG and drops it after the
// test. It fails the test when the variable is not set: callers check first, or use Run.
func Postgres(t testing.TB) Engine {
	t.Helper()
	base := os.Getenv("GONGGU_TEST_PG")
	if base == "" {
		t.Fatal("GONGGU_TEST_PG is not set")
	}
	dsn, drop := NewSchema(t, base)
	db, err := store.Open(context.Background(), dsn, Clock())
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close(); drop() })
	return Engine{Name: "postgres", DSN: dsn, DB: db}
}

// NewSchema creates a uniquely named schema on the server and returns a DSN whose connections
// use it, and a function that drops it.
func NewSchema(t testing.TB, base string) (string, func()) {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("postgres: create schema: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres: bad GONGGU_TEST_PG: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	}
}

// Strings returns the one text column of the rows q selects.
func Strings(t testing.TB, db *store.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.SQL.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// fill generates a small county into db and screens it, so that it holds findings too.
func fill(t testing.TB, db *store.DB, households int) {
	t.Helper()
	ctx := context.Background()
	area, err := region.LoadArea("621121000000")
	if err != nil {
		t.Fatal(err)
	}
	cfg := gen.Config{Area: "621121000000", Households: households, Seed: 7, Year: 2025, Rates: gen.DefaultRates()}
	if _, err := gen.Fill(ctx, store.NewRegistry(db), area, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := screen.New(db).Run(ctx, screen.Options{}); err != nil {
		t.Fatal(err)
	}
}

// writer is a household with two people, stored in one transaction: a backup holds both
// people of every writer household it holds, or it is not consistent.
func writer(n int) *registry.Aggregate {
	no := fmt.Sprintf("W%07d", n)
	return &registry.Aggregate{
		Household: registry.Household{No: no, Village: "621121100201", Kind: registry.KindOrdinary},
		Persons: []registry.Person{
			{No: no + "-1", HouseholdNo: no, Name: "赵一", Relation: "户主"},
			{No: no + "-2", HouseholdNo: no, Name: "赵二", Relation: "配偶"},
		},
	}
}

// TestBackupWhileWriting backs a SQLite database up while a goroutine keeps adding households
// through the store: the backup opens, passes the schema check, and holds whole households
// only, at least as many as were written before it began.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	e := storetest.SQLite(t)
	fill(t, e.DB, 2000)
	base, err := e.DB.Contents(ctx)
	if err != nil {
		t.Fatal(err)
	}

	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		reg := store.NewRegistry(e.DB)
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := reg.Put(ctx, writer(n)); err != nil {
				writeErr = err
				return
			}
			written.Store(int64(n))
		}
	}()
	for written.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	out := filepath.Join(t.TempDir(), "备份.db")
	before := written.Load()
	got, err := store.Backup(ctx, e.DSN, out, store.BackupOptions{})
	during := written.Load() - before
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if writeErr != nil {
		t.Fatalf("the writer failed during the backup: %v", writeErr)
	}
	if during == 0 {
		t.Errorf("no household was written while the backup ran")
	}

	b, err := store.Open(ctx, out, storetest.Clock())
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer b.Close()
	if _, err := b.SchemaVersion(ctx); err != nil {
		t.Fatal(err)
	}
	have, err := b.Contents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if have != got {
		t.Errorf("Backup reported %+v, the file holds %+v", got, have)
	}
	w := have.Households - base.Households
	if int64(w) < before || have.Persons-base.Persons != 2*w || have.Findings != base.Findings {
		t.Errorf("backup holds %+v over a base of %+v: %d writer households (at least %d written before), %d of their people",
			have, base, w, before, have.Persons-base.Persons)
	}
	t.Logf("backup of %d households taken while %d more were written", have.Households, during)

	if _, err := store.Backup(ctx, e.DSN, out, store.BackupOptions{}); !errs.Is(err, errs.Conflict) ||
		!strings.Contains(errs.Message(err), "已存在，不会覆盖") {
		t.Errorf("backup over an existing file: %v", err)
	}
}

// TestRestoreSQLite: a restored backup holds what the database held; restore refuses what it
// should and keeps what it replaces.
func TestRestoreSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e := storetest.SQLite(t)
	fill(t, e.DB, 300)
	want, err := e.DB.Contents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want.Households != 300 || want.Persons == 0 || want.Findings == 0 {
		t.Fatalf("the original holds %+v", want)
	}
	backup := filepath.Join(dir, "gonggu-备份.db")
	if _, err := store.Backup(ctx, e.DSN, backup, store.BackupOptions{}); err != nil {
		t.Fatal(err)
	}

	target := filepath.Join(dir, "restored.db")
	res, err := store.Restore(ctx, target, backup, store.BackupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Contents != want || res.Aside != "" {
		t.Errorf("restored %+v, want %+v", res, want)
	}
	db, err := store.Open(ctx, target, storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := db.Contents(ctx); err != nil || got != want {
		t.Errorf("the restored database holds %+v (%v), want %+v", got, err, want)
	}
	a, err := store.NewRegistry(db).Get(ctx, firstHousehold(t, e.DB))
	if err != nil || len(a.Persons) == 0 {
		t.Errorf("a household of the restored database: %+v, %v", a, err)
	}

	// db still has the target open, as gonggu serve would.
	_, err = store.Restore(ctx, target, backup, store.BackupOptions{})
	if !errs.Is(err, errs.Conflict) || !strings.Contains(errs.Message(err), "--force") {
		t.Errorf("restore over an existing database without --force: %v", err)
	}
	_, err = store.Restore(ctx, target, backup, store.BackupOptions{Force: true})
	if !errs.Is(err, errs.Conflict) || !strings.Contains(errs.Message(err), "正在被使用") {
		t.Errorf("restore over a database in use: %v", err)
	}
	db.Close()
	// Changed after the backup: the forced restore brings the backup's state back.
	db, err = store.Open(ctx, target, storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	if err := store.NewRegistry(db).Put(ctx, writer(1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	now := func() time.Time { return time.Date(2026, 12, 4, 21, 30, 0, 0, time.UTC) }
	res, err = store.Restore(ctx, target, backup, store.BackupOptions{Force: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Contents != want || res.Aside != target+".replaced-20261204-213000" {
		t.Errorf("forced restore: %+v", res)
	}
	aside, err := store.Open(ctx, res.Aside, storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := aside.Contents(ctx); got.Households != want.Households+1 {
		t.Errorf("the replaced database kept beside holds %+v", got)
	}
	aside.Close()
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(target + suffix); err == nil {
			t.Errorf("%s left beside the restored database", suffix)
		}
	}

	notGonggu := filepath.Join(dir, "other.db")
	raw, err := sql.Open("sqlite", notGonggu)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("这不是数据库"), 0o644)
	for _, tc := range []struct {
		name, from, want string
	}{
		{"missing", filepath.Join(dir, "none.db"), "不存在"},
		{"not a database", text, "不是 gonggu backup 生成的备份"},
		{"not gonggu's", notGonggu, "不是 gonggu 的数据库"},
		{"truncated", truncated(t, backup), "已损坏"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			to := filepath.Join(t.TempDir(), "new.db")
			_, err := store.Restore(ctx, to, tc.from, store.BackupOptions{})
			if err == nil || !strings.Contains(errs.Message(err), tc.want) {
				t.Fatalf("restore of %s: %v, want %q", tc.from, err, tc.want)
			}
			if _, err := os.Stat(to); err == nil {
				t.Errorf("a failed restore left %s", to)
			}
		})
	}
}

func firstHousehold(t *testing.T, db *store.DB) string {
	var no string
	if err := db.SQL.QueryRow(`SELECT household_no FROM households ORDER BY household_no LIMIT 1`).Scan(&no); err != nil {
		t.Fatal(err)
	}
	return no
}

// truncated returns a copy of a SQLite file cut to two thirds of its length.
func truncated(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "cut.db")
	if err := os.WriteFile(out, b[:len(b)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// PgBin returns the folder of pg_dump and pg_restore: PATH first, then the newest Debian
// PostgreSQL folder, as test.sh finds initdb; "" and false when neither has them.
func PgBin() (string, bool) {
	if _, err := exec.LookPath("pg_dump"); err == nil {
		if _, err := exec.LookPath("pg_restore"); err == nil {
			return "", true
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return versionOf(a) - versionOf(b) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "pg_restore")); err == nil {
			return dirs[i], true
		}
	}
	return "", false
}

func versionOf(dir string) int {
	var v int
	fmt.Sscan(filepath.Base(filepath.Dir(dir)), &v)
	return v
}

// newDatabase creates a database on the test server and returns its URL; the test drops it.
func newDatabase(t *testing.T, base, name string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestBackupPostgres: pg_dump, then pg_restore into another database, gives the same
// contents; the password in the URL shows in no message.
func TestBackupPostgres(t *testing.T) {
	base := os.Getenv("GONGGU_TEST_PG")
	if base == "" {
		t.Skip("GONGGU_TEST_PG is not set")
	}
	bin, ok := PgBin()
	if !ok {
		t.Skip("pg_dump and pg_restore are not installed")
	}
	ctx := context.Background()
	suffix := fmt.Sprint(time.Now().UnixNano())
	src := newDatabase(t, base, "gonggu_bk_src_"+suffix)
	dst := newDatabase(t, base, "gonggu_bk_dst_"+suffix)
	db, err := store.Open(ctx, src, storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fill(t, db, 300)
	want, err := db.Contents(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// The test server trusts local connections, so any password is accepted and must not leak.
	u, _ := url.Parse(src)
	u.User = url.UserPassword(u.User.Username(), "s3cret-pw")
	withPassword := u.String()
	opts := store.BackupOptions{PgBin: bin}
	out := filepath.Join(t.TempDir(), "gonggu.dump")
	got, err := store.Backup(ctx, withPassword, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("backup holds %+v, want %+v", got, want)
	}

	res, err := store.Restore(ctx, dst, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Contents != want {
		t.Errorf("restored %+v, want %+v", res.Contents, want)
	}
	_, err = store.Restore(ctx, dst, out, opts)
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("restore over gonggu's tables without --force: %v", err)
	}
	opts.Force = true
	if res, err = store.Restore(ctx, dst, out, opts); err != nil || res.Contents != want {
		t.Errorf("forced restore: %+v, %v", res, err)
	}

	// A DSN whose search_path names a schema: the backup holds that schema, which a restore
	// puts back into a database whose DSN names the same schema.
	e := storetest.Postgres(t)
	fill(t, e.DB, 50)
	want, err = e.DB.Contents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	schemaOut := filepath.Join(t.TempDir(), "schema.dump")
	if _, err := store.Backup(ctx, e.DSN, schemaOut, store.BackupOptions{PgBin: bin}); err != nil {
		t.Fatal(err)
	}
	other, _ := url.Parse(newDatabase(t, base, "gonggu_bk_schema_"+suffix))
	eu, _ := url.Parse(e.DSN)
	other.RawQuery = eu.RawQuery
	if res, err := store.Restore(ctx, other.String(), schemaOut, store.BackupOptions{PgBin: bin}); err != nil || res.Contents != want {
		t.Errorf("restore of a schema: %+v, %v; want %+v", res, err, want)
	}

	if _, err := store.Restore(ctx, dst, schemaOut, opts); err == nil || !strings.Contains(errs.Message(err), "search_path") {
		t.Errorf("restore of a schema into another one: %v", err)
	}

	// Failures name no password either.
	missing := strings.Replace(withPassword, "gonggu_bk_src_", "gonggu_bk_none_", 1)
	_, err = store.Backup(ctx, missing, filepath.Join(t.TempDir(), "x.dump"), opts)
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("backup of a missing database: %v", err)
	}
	if _, err := store.Restore(ctx, dst, filepath.Join(t.TempDir(), "none.dump"), opts); !errs.Is(err, errs.NotFound) {
		t.Errorf("restore of a missing file: %v", err)
	}
	sqliteBackup := filepath.Join(t.TempDir(), "s.db")
	lite := storetest.SQLite(t)
	if _, err := store.Backup(ctx, lite.DSN, sqliteBackup, store.BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Restore(ctx, dst, sqliteBackup, opts); err == nil || !strings.Contains(errs.Message(err), "不能恢复到 PostgreSQL") {
		t.Errorf("SQLite backup into PostgreSQL: %v", err)
	}
}

// BenchmarkBackupSQLite backs up a generated 20,000-household database (about 52 MB, with
// its findings).
func BenchmarkBackupSQLite(b *testing.B) {
	ctx := context.Background()
	e := storetest.SQLite(b)
	fill(b, e.DB, 20000)
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		out := filepath.Join(dir, fmt.Sprintf("b%d.db", n))
		if _, err := store.Backup(ctx, e.DSN, out, store.BackupOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(out)
		b.StartTimer()
	}
}

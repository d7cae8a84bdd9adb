package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gonggu/gonggu/internal/errs"
)

// BackupOptions are what Backup and Restore need from outside.
type BackupOptions struct {
	// PgBin is the folder that holds pg_dump and pg_restore; "" looks them up on PATH.
	PgBin string
	// Force lets Restore replace a database that already exists (SQLite) or already holds
	// gonggu's tables (PostgreSQL).
	Force bool
	// Now names the file a forced SQLite restore sets the replaced database aside as.
	Now func() time.Time
}

// Contents counts the main contents of a database: what a backup or a restore reports.
type Contents struct {
	Households, Persons, Findings, LedgerItems, Users int
}

// RestoreResult says what Restore put in place.
type RestoreResult struct {
	Contents Contents
	// Version is the schema version after the restore (migrations newer than the backup
	// applied).
	Version int
	// Aside is where a forced SQLite restore moved the database it replaced ("" otherwise).
	Aside string
}

// Backup writes a consistent copy of the database named by dsn to path while the database
// stays in use, and returns what the copy holds. path must not exist. Backup does not migrate
// the database: a backup taken before an upgrade keeps the schema as it was.
//
// SQLite: VACUUM INTO, which reads one snapshot while writers carry on. PostgreSQL: pg_dump
// --format=custom (found on PATH or in opts.PgBin), which reads one snapshot too; the password
// reaches pg_dump through its environment, never its command line.
func Backup(ctx context.Context, dsn, path string, opts BackupOptions) (Contents, error) {
	if _, err := os.Lstat(path); err == nil {
		return Contents{}, errs.E(errs.Conflict, "备份文件「%s」已存在，不会覆盖；请换一个文件名（如带上日期）", path)
	}
	var pg *pgTool
	if IsPostgres(dsn) {
		var err error
		if pg, err = pgCommand(dsn, opts.PgBin, "pg_dump"); err != nil {
			return Contents{}, err
		}
	}
	db, err := openExisting(ctx, dsn)
	if err != nil {
		return Contents{}, err
	}
	defer db.Close()
	if _, err := db.SchemaVersion(ctx); err != nil {
		return Contents{}, err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".gonggu-backup-*")
	if err != nil {
		return Contents{}, errs.Wrap(err, errs.Invalid, "无法在「%s」写入备份文件", dir)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName)

	var got Contents
	if pg != nil {
		got, err = pgDump(ctx, db, pg, tmpName)
	} else {
		got, err = vacuumInto(ctx, db, tmpName)
	}
	if err != nil {
		return Contents{}, err
	}
	if err := syncFile(tmpName); err != nil {
		return Contents{}, err
	}
	if _, err := os.Lstat(path); err == nil {
		return Contents{}, errs.E(errs.Conflict, "备份文件「%s」已存在，不会覆盖；请换一个文件名（如带上日期）", path)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return Contents{}, errs.Wrap(err, errs.Invalid, "无法保存备份文件「%s」", path)
	}
	syncDir(dir)
	return got, nil
}

// Restore replaces the database named by dsn with the backup at from, checks that its schema
// is one this gonggu knows and applies the migrations the backup predates.
//
// SQLite: the backup is copied beside the target, checked (integrity, schema) and migrated
// there, and only then renamed into place, so a bad backup never replaces anything. An
// existing target is replaced only with opts.Force and only when no other process (such as
// gonggu serve) has it open; it is kept beside, renamed, rather than deleted.
//
// PostgreSQL: pg_restore --clean --if-exists in a single transaction, so that a failed
// restore leaves the target as it was. The target database must exist.
func Restore(ctx context.Context, dsn, from string, opts BackupOptions) (RestoreResult, error) {
	kind, err := backupKind(from)
	if err != nil {
		return RestoreResult{}, err
	}
	if IsPostgres(dsn) {
		if kind != Postgres {
			return RestoreResult{}, errs.E(errs.Invalid, "「%s」是 SQLite 数据库备份，不能恢复到 PostgreSQL；请恢复到一个 SQLite 文件", from)
		}
		return restorePostgres(ctx, dsn, from, opts)
	}
	if kind != SQLite {
		return RestoreResult{}, errs.E(errs.Invalid, "「%s」是 PostgreSQL 备份（pg_dump），只能恢复到 postgres:// 数据库", from)
	}
	return restoreSQLite(ctx, dsn, from, opts)
}

// backupKind tells a SQLite file from a pg_dump custom archive by their first bytes.
func backupKind(path string) (Dialect, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", errs.E(errs.NotFound, "备份文件「%s」不存在", path)
		}
		return "", errs.Wrap(err, errs.Invalid, "无法读取备份文件「%s」", path)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	switch {
	case bytes.Equal(head[:n], []byte("SQLite format 3\x00")):
		return SQLite, nil
	case bytes.HasPrefix(head[:n], []byte("PGDMP")):
		return Postgres, nil
	}
	return "", errs.E(errs.Invalid, "「%s」不是 gonggu backup 生成的备份（既不是 SQLite 数据库，也不是 pg_dump 备份）", path)
}

// vacuumInto copies a SQLite database to the empty file out with VACUUM INTO, and counts what
// the copy holds, which also proves that it opens.
func vacuumInto(ctx context.Context, db *DB, out string) (Contents, error) {
	if _, err := db.SQL.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		return Contents{}, internal(err, "backup.vacuum")
	}
	cp, err := openRollback(ctx, out)
	if err != nil {
		return Contents{}, err
	}
	defer cp.Close()
	if _, err := cp.SchemaVersion(ctx); err != nil {
		return Contents{}, err
	}
	return cp.Contents(ctx)
}

func restoreSQLite(ctx context.Context, target, from string, opts BackupOptions) (RestoreResult, error) {
	var res RestoreResult
	exists := false
	if _, err := os.Stat(target); err == nil {
		exists = true
		if !opts.Force {
			return res, errs.E(errs.Conflict, "数据库「%s」已存在，不会覆盖；如确要用备份替换它，请先停止使用它的 gonggu serve，再加 --force", target)
		}
	}
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, ".gonggu-restore-*")
	if err != nil {
		return res, errs.Wrap(err, errs.Invalid, "无法在「%s」写入文件", dir)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	err = copyFrom(tmp, from)
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = errs.Wrap(cerr, errs.Internal, "无法写入「%s」", tmpName)
	}
	if err != nil {
		return res, err
	}

	// Check and migrate the copy in rollback-journal mode, so that it has no -wal file to
	// carry along when it is renamed into place.
	cp, err := openRollback(ctx, tmpName)
	if err != nil {
		return res, errs.Wrap(err, errs.Invalid, "备份文件「%s」已损坏（无法作为 SQLite 数据库打开），不能恢复", from)
	}
	res, err = checkRestored(ctx, cp, from, opts.Now)
	cp.Close()
	if err != nil {
		return res, err
	}
	if err := syncFile(tmpName); err != nil {
		return res, err
	}

	if exists {
		if err := releaseSQLite(ctx, target); err != nil {
			return res, err
		}
		now := time.Now
		if opts.Now != nil {
			now = opts.Now
		}
		res.Aside = target + ".replaced-" + now().Format("20060102-150405")
		if err := os.Rename(target, res.Aside); err != nil {
			return res, errs.Wrap(err, errs.Invalid, "无法把原数据库「%s」改名保留", target)
		}
	}
	// A -wal or -shm file left beside the target belongs to the database that was there: SQLite
	// would replay it into the restored one.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return res, errs.Wrap(err, errs.Invalid, "无法删除旧的「%s」", target+suffix)
		}
	}
	if err := os.Rename(tmpName, target); err != nil {
		return res, errs.Wrap(err, errs.Invalid, "无法把恢复的数据库放到「%s」", target)
	}
	syncDir(dir)
	return res, nil
}

// releaseSQLite makes sure that no other connection has the database at path open, and leaves
// it checkpointed with no -wal file. Every connection to a WAL database holds a lock that
// keeps the journal mode from changing, so leaving WAL mode succeeds only for the sole user.
func releaseSQLite(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(2000)")
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法打开数据库")
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var mode string
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode); err != nil || mode != "delete" {
		return errs.Wrap(fmt.Errorf("journal_mode %q: %v", mode, err), errs.Conflict,
			"数据库「%s」正在被使用（可能 gonggu serve 正在运行）；请先停止它，再恢复", path)
	}
	return nil
}

// checkRestored checks a restored database: intact (SQLite), a gonggu schema no newer than
// this gonggu's, brought up to date; and counts what it holds.
func checkRestored(ctx context.Context, db *DB, from string, now func() time.Time) (RestoreResult, error) {
	var res RestoreResult
	if db.Dialect == SQLite {
		var ok string
		if err := db.SQL.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
			return res, errs.Wrap(fmt.Errorf("quick_check %q: %v", ok, err), errs.Invalid,
				"备份文件「%s」已损坏（SQLite 完整性检查未通过），不能恢复", from)
		}
	}
	if _, err := db.SchemaVersion(ctx); err != nil {
		return res, err
	}
	if now != nil {
		db.Now = now
	}
	if err := db.Migrate(ctx); err != nil {
		return res, err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return res, err
	}
	res.Version = v
	res.Contents, err = db.Contents(ctx)
	return res, err
}

func restorePostgres(ctx context.Context, dsn, from string, opts BackupOptions) (RestoreResult, error) {
	var res RestoreResult
	pg, err := pgCommand(dsn, opts.PgBin, "pg_restore")
	if err != nil {
		return res, err
	}
	// The archive must hold gonggu's tables, in the schema the target's search_path names: a
	// look at its table of contents, before anything is dropped.
	list, err := pg.run(ctx, "--list", from)
	if err != nil {
		return res, err
	}
	schema, ok := archiveSchema(list)
	if !ok {
		return res, errs.E(errs.Invalid, "「%s」不是 gonggu 数据库的备份（其中没有 gonggu 的数据表）", from)
	}
	if want := cmp.Or(pg.schema, "public"); schema != want {
		return res, errs.E(errs.Invalid, "备份中的数据在模式「%s」中，而目标数据库地址的 search_path 是「%s」；请让两者一致后再恢复", schema, want)
	}
	db, err := openExisting(ctx, dsn)
	if err != nil {
		return res, err
	}
	defer db.Close()
	has, err := db.hasTable(ctx, "schema_migrations")
	if err != nil {
		return res, err
	}
	if has && !opts.Force {
		return res, errs.E(errs.Conflict, "目标数据库已有 gonggu 的数据，不会覆盖；如确要用备份替换，请先停止使用它的 gonggu serve，再加 --force")
	}
	// The whole archive: one taken with --schema holds that schema and nothing else.
	args := []string{"--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges",
		"--dbname=" + pg.url, from}
	if _, err := pg.run(ctx, args...); err != nil {
		return res, err
	}
	return checkRestored(ctx, db, from, opts.Now)
}

// archiveSchema finds gonggu's tables in the table of contents pg_restore --list prints, and
// returns the schema they are in.
func archiveSchema(list []byte) (string, bool) {
	found := map[string]string{}
	for line := range strings.Lines(string(list)) {
		_, rest, ok := strings.Cut(line, " TABLE DATA ")
		if !ok || strings.HasPrefix(line, ";") {
			continue
		}
		if f := strings.Fields(rest); len(f) >= 2 {
			found[f[1]] = f[0]
		}
	}
	schema, ok := found["households"]
	return schema, ok && found["schema_migrations"] == schema
}

// SchemaVersion returns the newest migration the database has applied. It fails when the
// database is not gonggu's, or when it has applied migrations this gonggu does not know: it
// comes from a newer gonggu, which must be used instead.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	has, err := db.hasTable(ctx, "schema_migrations")
	if err != nil {
		return 0, err
	}
	if !has {
		return 0, errs.E(errs.Invalid, "这不是 gonggu 的数据库（没有 schema_migrations 表）")
	}
	list, err := db.migrationList()
	if err != nil {
		return 0, errs.Wrap(err, errs.Internal, "数据库迁移脚本有误")
	}
	known := map[int]bool{}
	for _, m := range list {
		known[m.version] = true
	}
	rows, err := db.SQL.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return 0, internal(err, "schema version")
	}
	defer rows.Close()
	latest := 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return 0, internal(err, "schema version")
		}
		if !known[v] {
			return 0, errs.E(errs.Invalid, "数据库结构版本 %d 来自更新版本的 gonggu，本程序不认识；请使用更新版本的 gonggu", v)
		}
		latest = max(latest, v)
	}
	if err := rows.Err(); err != nil {
		return 0, internal(err, "schema version")
	}
	return latest, nil
}

// Contents counts the households, persons, findings, ledger items and users of the database.
func (db *DB) Contents(ctx context.Context) (Contents, error) { return contents(ctx, db.SQL) }

func contents(ctx context.Context, q querier) (Contents, error) {
	var t Contents
	for _, c := range []struct {
		table string
		n     *int
	}{{"households", &t.Households}, {"persons", &t.Persons}, {"findings", &t.Findings},
		{"ledger_items", &t.LedgerItems}, {"users", &t.Users}} {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+c.table).Scan(c.n); err != nil {
			return t, internal(err, "contents "+c.table)
		}
	}
	return t, nil
}

func (db *DB) hasTable(ctx context.Context, name string) (bool, error) {
	var n int
	var err error
	if db.Dialect == Postgres {
		err = db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_catalog.pg_tables
			WHERE tablename = $1 AND schemaname = ANY (current_schemas(false))`, name).Scan(&n)
	} else {
		err = db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n)
	}
	if err != nil {
		return false, internal(err, "has table")
	}
	return n > 0, nil
}

// openExisting opens the database named by dsn without creating or migrating it.
func openExisting(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		return openRaw(ctx, Postgres, "pgx", dsn)
	}
	if st, err := os.Stat(dsn); err != nil || !st.Mode().IsRegular() {
		return nil, errs.E(errs.NotFound, "数据库文件「%s」不存在", dsn)
	}
	// Not sqliteDSN: its large page cache makes VACUUM INTO several times slower (0.4 s
	// against 2.6 s for 20,000 households), and the file keeps WAL mode without being told.
	return openRaw(ctx, SQLite, "sqlite", "file:"+dsn+"?_pragma=busy_timeout(30000)")
}

// openRollback opens a SQLite file that no one else uses, on one connection in rollback-journal
// mode: it leaves no -wal file behind, so the file can be moved as soon as it is closed.
func openRollback(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(DELETE)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(30000)")
	db, err := openRaw(ctx, SQLite, "sqlite", "file:"+path+"?"+q.Encode())
	if err == nil {
		db.SQL.SetMaxOpenConns(1)
	}
	return db, err
}

// openRaw opens a database as Open does, but leaves its schema alone.
func openRaw(ctx context.Context, d Dialect, driver, name string) (*DB, error) {
	db := &DB{Dialect: d, Now: time.Now}
	var err error
	if db.SQL, err = sql.Open(driver, name); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法打开数据库")
	}
	if err := db.SQL.PingContext(ctx); err != nil {
		db.SQL.Close()
		if d == Postgres {
			// Backup and restore are run by whoever runs the server: say why, in the server's
			// own words when it gave some (they never hold the password).
			why := "请检查地址、端口、用户名、密码和网络"
			if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) {
				why = pe.Message
			}
			return nil, errs.Wrap(err, errs.Invalid, "无法连接数据库 %s：%s", RedactDSN(name), why)
		}
		return nil, errs.Wrap(err, errs.Invalid, "无法打开数据库：%v", err)
	}
	return db, nil
}

// pgTool runs pg_dump or pg_restore against one database.
type pgTool struct {
	name, path string
	url        string   // the database URL without its password
	schema     string   // the schema the DSN's search_path names, "" for the whole database
	env        []string // the environment, with PGPASSWORD when the DSN has a password
}

// libpqParams are the URL query parameters libpq accepts; pgx takes others (search_path and
// other run-time settings, its own cache settings) that pg_dump would refuse.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true,
	"keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "sslmode": true, "requiressl": true, "sslcompression": true,
	"sslcert": true, "sslkey": true, "sslpassword": true, "sslrootcert": true, "sslcrl": true,
	"sslcrldir": true, "sslsni": true, "requirepeer": true, "ssl_min_protocol_version": true,
	"ssl_max_protocol_version": true, "krbsrvname": true, "gsslib": true, "gssencmode": true,
	"service": true, "target_session_attrs": true, "load_balance_hosts": true,
}

// pgCommand prepares a PostgreSQL client program for the database named by dsn: found in
// bin or on PATH, its URL stripped of the password (which goes to PGPASSWORD, so that it
// never shows in a process list or a message) and of what only pgx understands.
func pgCommand(dsn, bin, name string) (*pgTool, error) {
	path := filepath.Join(bin, name)
	if bin == "" {
		p, err := exec.LookPath(name)
		if err != nil {
			return nil, errs.E(errs.Invalid, "找不到 %s：备份和恢复 PostgreSQL 数据库需要 PostgreSQL 客户端工具，"+
				"请安装 postgresql-client（Debian/Ubuntu：apt-get install postgresql-client；Windows：安装 PostgreSQL 并把其 bin 目录加入 PATH），"+
				"版本不低于数据库服务器", name)
		}
		path = p
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, errs.E(errs.Invalid, "无法解析数据库地址 %s", RedactDSN(dsn))
	}
	t := &pgTool{name: name, path: path, env: os.Environ()}
	q := u.Query()
	password, has := u.User.Password()
	if p := q.Get("password"); p != "" {
		password, has = p, true
	}
	if has {
		t.env = append(t.env, "PGPASSWORD="+password)
		u.User = url.User(u.User.Username())
	}
	clean := url.Values{}
	for k, v := range q {
		if libpqParams[k] {
			clean[k] = v
		}
	}
	if sp := q.Get("search_path"); sp != "" {
		t.schema = strings.Trim(strings.TrimSpace(strings.Split(sp, ",")[0]), `"`)
	}
	u.RawQuery = clean.Encode()
	t.url = u.String()
	return t, nil
}

// run runs the tool with args and returns its standard output. A failure's message carries the
// tool's last error line, which names no password: the tool never had it on its command line.
func (t *pgTool) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, t.path, args...)
	cmd.Env = t.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := errorLine(stderr.String())
		if strings.Contains(stderr.String(), "server version mismatch") || strings.Contains(stderr.String(), "unsupported version") {
			return nil, errs.Wrap(err, errs.Invalid, "%s 的版本低于数据库服务器或备份文件：请安装与服务器相同或更新版本的 postgresql-client（%s）", t.name, msg)
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, errs.Wrap(err, errs.Invalid, "%s 失败：%s", t.name, msg)
	}
	return stdout.Bytes(), nil
}

// pgDump dumps the database to out with pg_dump, and counts what the dump holds: both read
// the snapshot of one repeatable-read transaction, which pg_dump adopts with --snapshot.
func pgDump(ctx context.Context, db *DB, pg *pgTool, out string) (Contents, error) {
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return Contents{}, internal(err, "backup.conn")
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return Contents{}, internal(err, "backup.begin")
	}
	defer tx.Rollback()
	var snapshot string
	if err := tx.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
		return Contents{}, internal(err, "backup.snapshot")
	}
	t, err := contents(ctx, tx)
	if err != nil {
		return Contents{}, err
	}
	args := []string{"--format=custom", "--file=" + out, "--snapshot=" + snapshot, "--dbname=" + pg.url}
	if pg.schema != "" {
		args = append(args, "--schema="+pg.schema)
	}
	if _, err := pg.run(ctx, args...); err != nil {
		return Contents{}, err
	}
	return t, nil
}

// RedactDSN returns dsn fit for logs and messages: a postgres:// URL without its password.
func RedactDSN(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// errorLine returns the first line of a PostgreSQL tool's output that says "error:", or its
// last line.
func errorLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for _, l := range lines {
		if strings.Contains(l, "error:") || strings.Contains(l, "错误") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

func copyFrom(dst *os.File, from string) error {
	src, err := os.Open(from)
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "无法读取备份文件「%s」", from)
	}
	defer src.Close()
	if _, err := io.Copy(dst, src); err != nil {
		return errs.Wrap(err, errs.Internal, "无法复制备份文件「%s」", from)
	}
	return nil
}

// syncFile flushes a file to disk, so that a backup survives a power cut right after it.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入「%s」", path)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入「%s」", path)
	}
	return nil
}

// syncDir flushes a folder's entries after a rename; some systems (Windows) cannot, and the
// rename stands regardless.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

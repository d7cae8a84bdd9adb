package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
)

// Migrations are numbered .sql files. A file in common/ serves both engines unless a file of
// the same name in the dialect's folder replaces it.
//
//go:embed migrations
var migrations embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrationList() ([]migration, error) {
	byName := map[string]string{}
	for _, dir := range []string{"migrations/common", "migrations/" + string(db.Dialect)} {
		entries, err := fs.ReadDir(migrations, dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".sql") {
				byName[e.Name()] = path.Join(dir, e.Name())
			}
		}
	}
	var list []migration
	for name, p := range byName {
		v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", name)
		}
		b, err := migrations.ReadFile(p)
		if err != nil {
			return nil, err
		}
		text := string(b)
		if db.Dialect == SQLite {
			// SQLite keeps a table WITHOUT ROWID clustered by its primary key, so a household's
			// rows sit together; PostgreSQL has no such clause.
			text = strings.ReplaceAll(text, "/*without rowid*/", "WITHOUT ROWID")
		}
		list = append(list, migration{v, name, text})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	for i := 1; i < len(list); i++ {
		if list[i].version == list[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a number", list[i-1].name, list[i].name)
		}
	}
	return list, nil
}

// Migrate applies the migrations the database has not seen yet, each in its own transaction.
func (db *DB) Migrate(ctx context.Context) error {
	list, err := db.migrationList()
	if err != nil {
		return errs.Wrap(err, errs.Internal, "数据库迁移脚本有误")
	}
	if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return internal(err, "migrate")
	}
	applied := map[int]bool{}
	rows, err := db.SQL.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return internal(err, "migrate")
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return internal(err, "migrate")
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range list {
		if applied[m.version] {
			continue
		}
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			for _, stmt := range splitStatements(m.sql) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%s: %w", m.name, err)
				}
			}
			_, err := db.Exec(ctx, tx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, db.Now().UTC().Format("2006-01-02T15:04:05Z"))
			return err
		})
		if err != nil {
			// Two processes opening a new database at once both try the migration; the loser
			// sees the version already recorded and carries on.
			if done, _ := db.applied(ctx, m.version); done {
				continue
			}
			return internal(err, "migrate")
		}
	}
	return nil
}

func (db *DB) applied(ctx context.Context, v int) (bool, error) {
	var n int
	err := db.SQL.QueryRowContext(ctx, db.Rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), v).Scan(&n)
	return n > 0, err
}

// splitStatements splits a migration on semicolons at line ends, except inside a body quoted
// with $$ (a PostgreSQL function's): enough for the migrations as written, and it lets SQLite
// run them one statement at a time.
func splitStatements(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") && strings.Count(cur.String(), "$$")%2 == 0 {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

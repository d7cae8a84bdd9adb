package store

import (
	"context"
	"strings"

	"github.com/gonggu/gonggu/internal/registry"
)

// registryTables are the tables Bulk may take the secondary indexes off.
var registryTables = []string{"households", "persons", "incomes", "measures"}

// Bulk runs fn with a load function for loading many new households. When the registry is
// empty it drops the registry tables' secondary indexes first and builds them again at the
// end: keeping them up to date row by row means random writes all over each index (ID
// numbers and names arrive in no order), which dominates the cost of a large load. A registry
// that already holds data keeps its indexes, since other users may be reading it.
func (r *Registry) Bulk(ctx context.Context, fn func(load func([]registry.Aggregate) error) error) (err error) {
	n, err := r.CountHouseholds(ctx, "")
	if err != nil {
		return err
	}
	load := func(b []registry.Aggregate) error { return r.Load(ctx, b) }
	if n > 0 {
		return fn(load)
	}
	defs, err := r.db.secondaryIndexes(ctx, r.db.SQL, registryTables...)
	if err != nil {
		return err
	}
	for name := range defs {
		if _, err := r.db.SQL.ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return internal(err, "registry.bulk drop index")
		}
	}
	defer func() {
		// The indexes come back even when the load failed, on a context of their own, so the
		// database is never left without them.
		for _, def := range defs {
			if _, e := r.db.SQL.ExecContext(context.WithoutCancel(ctx), def); e != nil && err == nil {
				err = internal(e, "registry.bulk create index")
			}
		}
		if e := r.db.AnalyzeRegistry(context.WithoutCancel(ctx)); e != nil && err == nil {
			err = e
		}
	}()
	return fn(load)
}

// AnalyzeRegistry refreshes PostgreSQL's statistics of the registry tables after a large load,
// so that the next queries are planned for the rows now there and not for the empty tables
// (autovacuum would do it a minute or more later; a screening started at once read the persons
// by a sort spilled to disk). SQLite keeps none that its plans need.
func (db *DB) AnalyzeRegistry(ctx context.Context) error {
	if db.Dialect != Postgres {
		return nil
	}
	_, err := db.SQL.ExecContext(ctx, `ANALYZE `+strings.Join(registryTables, ", "))
	return internal(err, "registry.analyze")
}

// secondaryIndexes returns the CREATE INDEX statements of the tables' indexes other than
// their primary keys, by index name.
func (db *DB) secondaryIndexes(ctx context.Context, q querier, tables ...string) (map[string]string, error) {
	var query string
	if db.Dialect == Postgres {
		query = `SELECT indexname, indexdef FROM pg_indexes
			WHERE schemaname = current_schema() AND tablename IN (` + placeholders(len(tables)) + `)
			AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p','u'))`
	} else {
		query = `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
			AND tbl_name IN (` + placeholders(len(tables)) + `)`
	}
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	rows, err := q.QueryContext(ctx, db.Rebind(query), args...)
	if err != nil {
		return nil, internal(err, "store.secondaryIndexes")
	}
	defer rows.Close()
	defs := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, internal(err, "store.secondaryIndexes")
		}
		// PostgreSQL reports an index of a partitioned table as made ON ONLY the parent, which
		// recreated that way is invalid and leaves the partitions without it; made on the
		// parent alone it is built on every partition.
		defs[name] = strings.Replace(def, " ON ONLY ", " ON ", 1)
	}
	return defs, internal(rows.Err(), "store.secondaryIndexes")
}

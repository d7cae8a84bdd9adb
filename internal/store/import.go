package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Imports is the store side of imports of the national system's exports: it reads the stored
// versions of a batch of households and replaces them, inside the import's one transaction,
// and keeps the log of imports.
type Imports struct{ db *DB }

// NewImports returns the import store of db.
func NewImports(db *DB) *Imports { return &Imports{db: db} }

// Querier is what the import reads go through: a transaction, or the database itself for a
// preview.
type Querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// ImportKey is a stored household: its county and 户编号.
type ImportKey struct {
	County region.Code
	No     string
}

// maxIn bounds the values of one IN list, well under both engines' parameter limits.
const maxIn = 500

// Counties returns the county each of the 户编号 is stored under; numbers not stored are
// absent.
func (s *Imports) Counties(ctx context.Context, q Querier, nos []string) (map[string]region.Code, error) {
	out := make(map[string]region.Code, len(nos))
	for start := 0; start < len(nos); start += maxIn {
		batch := nos[start:min(start+maxIn, len(nos))]
		rows, err := q.QueryContext(ctx, s.db.Rebind(`SELECT county_code, household_no FROM households WHERE household_no IN (`+
			placeholders(len(batch))+`)`), importArgs(batch)...)
		if err != nil {
			return nil, internal(err, "imports.counties")
		}
		for rows.Next() {
			var c, no string
			if err := rows.Scan(&c, &no); err != nil {
				rows.Close()
				return nil, internal(err, "imports.counties")
			}
			out[no] = region.Code(c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "imports.counties")
		}
	}
	return out, nil
}

// Load returns the stored households among the 户编号, with everything that belongs to them,
// by 户编号. Numbers not stored are absent. Every query is read to its end before Load
// returns, so that q may be the transaction the import then writes through.
func (s *Imports) Load(ctx context.Context, q Querier, nos []string) (map[string]*registry.Aggregate, error) {
	counties, err := s.Counties(ctx, q, nos)
	if err != nil {
		return nil, err
	}
	byCounty := map[region.Code][]string{}
	for no, c := range counties {
		byCounty[c] = append(byCounty[c], no)
	}
	out := make(map[string]*registry.Aggregate, len(counties))
	for county, list := range byCounty {
		for start := 0; start < len(list); start += maxIn {
			if err := s.loadCounty(ctx, q, county, list[start:min(start+maxIn, len(list))], out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (s *Imports) loadCounty(ctx context.Context, q Querier, county region.Code, nos []string, out map[string]*registry.Aggregate) error {
	args := append([]any{string(county)}, importArgs(nos)...)
	where := ` WHERE county_code = ? AND household_no IN (` + placeholders(len(nos)) + `)`
	query := func(cols []string, table, order string, each func(sc scanner) error) error {
		rows, err := q.QueryContext(ctx, s.db.Rebind(`SELECT `+strings.Join(cols, ", ")+` FROM `+table+where+` ORDER BY `+order), args...)
		if err != nil {
			return internal(err, "imports.load "+table)
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows); err != nil {
				return internal(err, "imports.load "+table)
			}
		}
		return internal(rows.Err(), "imports.load "+table)
	}
	err := query(householdCols, "households", "household_no", func(sc scanner) error {
		a := &registry.Aggregate{}
		if err := scanHousehold(sc, &a.Household); err != nil {
			return err
		}
		out[a.Household.No] = a
		return nil
	})
	if err != nil {
		return err
	}
	var c string
	err = query(personCols, "persons", "household_no, person_no", func(sc scanner) error {
		var p registry.Person
		if err := scanPerson(sc, &c, &p); err != nil {
			return err
		}
		if a := out[p.HouseholdNo]; a != nil {
			a.Persons = append(a.Persons, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = query(incomeCols, "incomes", "household_no, year", func(sc scanner) error {
		var in registry.Income
		if err := scanIncome(sc, &c, &in); err != nil {
			return err
		}
		if a := out[in.HouseholdNo]; a != nil {
			a.Incomes = append(a.Incomes, in)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return query(measureCols, "measures", "household_no, seq", func(sc scanner) error {
		var m registry.Measure
		if err := scanMeasure(sc, &c, &m); err != nil {
			return err
		}
		if a := out[m.HouseholdNo]; a != nil {
			a.Measures = append(a.Measures, m)
		}
		return nil
	})
}

// ImportTx writes an import's households inside its transaction, reusing its prepared
// statements. Close it before the transaction ends.
type ImportTx struct {
	s        *Imports
	tx       *sql.Tx
	ins      *inserter
	deferred []string // CREATE INDEX statements of the indexes DeferIndexes dropped
	all      bool     // DeferIndexes dropped them all
	packs    *packSuspension
}

// Writer returns the writer of the import running in tx.
func (s *Imports) Writer(tx *sql.Tx) *ImportTx {
	return &ImportTx{s: s, tx: tx, ins: newInserter(s.db, tx)}
}

// Close releases the prepared statements.
func (w *ImportTx) Close() { w.ins.close() }

// DeferIndexes prepares a bulk load on SQLite: inside the transaction it drops the secondary
// indexes of persons (ID number, name, phone, …) and of households (village figures, phone),
// whose keys arrive in random order, to be rebuilt by RebuildIndexes before commit; it keeps
// households_no, which the load reads. Building an index by sorting costs a third of keeping
// it up to date row by row. Readers keep the indexes of their snapshot meanwhile. It
// does nothing on PostgreSQL, where dropping an index would lock the table for readers.
func (w *ImportTx) DeferIndexes(ctx context.Context) error {
	if w.all {
		return nil
	}
	w.all = true
	return w.deferIndexes(ctx, func(string) bool { return true })
}

// DeferExpressionIndexes drops only the indexes of persons on an expression (the ID key,
// persons_id18), to be rebuilt like DeferIndexes's. SQLite cannot know that such an
// expression never fails, so while one is there it copies the pages every statement of many
// rows touches to a statement journal, in case it must undo the statement alone: inserting
// 20,000 people into a registry of 100,000 took 1.6–1.7 s with the index kept and 0.75 s with it
// taken off and rebuilt (BenchmarkInsertExpressionIndex).
func (w *ImportTx) DeferExpressionIndexes(ctx context.Context) error {
	if w.all {
		return nil
	}
	return w.deferIndexes(ctx, func(def string) bool {
		cols := def[strings.Index(def, "(")+1:]
		return strings.Contains(cols, "(")
	})
}

func (w *ImportTx) deferIndexes(ctx context.Context, which func(def string) bool) error {
	if w.s.db.Dialect != SQLite {
		return nil
	}
	idx, err := w.s.db.secondaryIndexes(ctx, w.tx, "persons", "households")
	if err != nil {
		return err
	}
	for n, d := range idx {
		if !which(d) || strings.HasSuffix(d, "(household_no)") {
			// The load itself finds a household's county by its 户编号 (Imports.Counties).
			continue
		}
		if _, err := w.tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return internal(err, "imports.deferIndexes")
		}
		w.deferred = append(w.deferred, d)
	}
	return nil
}

// RebuildIndexes rebuilds the indexes DeferIndexes dropped and puts back the pack triggers
// Replace took off; call it before the transaction commits.
func (w *ImportTx) RebuildIndexes(ctx context.Context) error {
	for _, d := range w.deferred {
		if _, err := w.tx.ExecContext(ctx, d); err != nil {
			return internal(err, "imports.rebuildIndexes")
		}
	}
	w.deferred = nil
	if w.packs != nil {
		if err := w.packs.resume(ctx, w.tx); err != nil {
			return err
		}
		w.packs = nil
	}
	return nil
}

// CountPersons returns the number of people stored.
func (w *ImportTx) CountPersons(ctx context.Context) (int, error) {
	var n int
	err := w.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons`).Scan(&n)
	return n, internal(err, "imports.countPersons")
}

// Replace deletes the stored rows under the keys in old (the stored versions of households
// that changed, which may sit in another county than their new version) and inserts aggs,
// many rows to a statement. Each household is written at one more than the version its
// deleted row had (read by the delete itself, so a save that committed since the import read
// the household still raises it), or at 1 when new; on success its Version is that version.
func (w *ImportTx) Replace(ctx context.Context, old []ImportKey, aggs []*registry.Aggregate) error {
	s, tx := w.s, w.tx
	if err := w.dropPacks(ctx, old, aggs); err != nil {
		return err
	}
	byCounty := map[region.Code][]string{}
	for _, k := range old {
		byCounty[k.County] = append(byCounty[k.County], k.No)
	}
	stored := make(map[string]int64, len(old))
	for county, nos := range byCounty {
		for start := 0; start < len(nos); start += maxIn {
			batch := nos[start:min(start+maxIn, len(nos))]
			args := append([]any{string(county)}, importArgs(batch)...)
			where := ` WHERE county_code = ? AND household_no IN (` + placeholders(len(batch)) + `)`
			for _, t := range partTables {
				if _, err := s.db.Exec(ctx, tx, `DELETE FROM `+t+where, args...); err != nil {
					return internal(err, "imports.delete "+t)
				}
			}
			if err := w.deleteHouseholds(ctx, where, args, stored); err != nil {
				return err
			}
		}
	}
	b := newRegistryBatch()
	versions := make([]int64, len(aggs))
	for i, a := range aggs {
		versions[i] = max(stored[a.Household.No], a.Household.Version) + 1
		if err := b.add(a, versions[i]); err != nil {
			return err
		}
	}
	for _, t := range b {
		if err := w.ins.insert(ctx, t); err != nil {
			return internal(err, "imports.insert "+t.table)
		}
	}
	for i, a := range aggs {
		a.Household.Version = versions[i]
	}
	return nil
}

// deleteHouseholds deletes the households' rows and records the versions they had.
func (w *ImportTx) deleteHouseholds(ctx context.Context, where string, args []any, versions map[string]int64) error {
	rows, err := w.tx.QueryContext(ctx, w.s.db.Rebind(`DELETE FROM households`+where+` RETURNING household_no, version`), args...)
	if err != nil {
		return internal(err, "imports.delete households")
	}
	defer rows.Close()
	for rows.Next() {
		var no string
		var v int64
		if err := rows.Scan(&no, &v); err != nil {
			return internal(err, "imports.delete households")
		}
		versions[no] = max(versions[no], v)
	}
	return internal(rows.Err(), "imports.delete households")
}

// ImportRun is the log entry of an applied import.
type ImportRun struct {
	ID         string
	StartedAt  time.Time
	FinishedAt time.Time
	Username   string
	Files      []string // the files' names as the user gave them
	Partial    bool     // only the households without blocking errors were imported
	RowsRead   int
	Blocking   int // blocking errors found (their households were skipped)
	Defects    int // content defects imported as they are

	HouseholdsAdded, HouseholdsChanged, HouseholdsUnchanged, HouseholdsSkipped int
	PersonsAdded, PersonsChanged, PersonsUnchanged, PersonsLeft                int
	IncomesWritten                                                             int
}

var importCols = []string{"id", "started_at", "finished_at", "username", "files", "partial", "rows_read",
	"blocking", "defects", "households_added", "households_changed", "households_unchanged",
	"households_skipped", "persons_added", "persons_changed", "persons_unchanged", "persons_left",
	"incomes_written"}

// Log records an applied import in tx, giving it an id when it has none.
func (s *Imports) Log(ctx context.Context, tx *sql.Tx, r *ImportRun) error {
	if r.ID == "" {
		b := make([]byte, 6)
		rand.Read(b)
		r.ID = r.StartedAt.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b)
	}
	partial := 0
	if r.Partial {
		partial = 1
	}
	_, err := s.db.Exec(ctx, tx, insertSQL("imports", importCols, 1), r.ID, stamp(r.StartedAt), stamp(r.FinishedAt),
		r.Username, strings.Join(r.Files, "\n"), partial, r.RowsRead, r.Blocking, r.Defects,
		r.HouseholdsAdded, r.HouseholdsChanged, r.HouseholdsUnchanged, r.HouseholdsSkipped,
		r.PersonsAdded, r.PersonsChanged, r.PersonsUnchanged, r.PersonsLeft, r.IncomesWritten)
	return internal(err, "imports.log")
}

// Runs returns the latest imports, newest first.
func (s *Imports) Runs(ctx context.Context, limit int) ([]ImportRun, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+strings.Join(importCols, ", ")+
		` FROM imports ORDER BY started_at DESC LIMIT ?`), limit)
	if err != nil {
		return nil, internal(err, "imports.runs")
	}
	defer rows.Close()
	var out []ImportRun
	for rows.Next() {
		var r ImportRun
		var started, finished, files string
		var partial int
		if err := rows.Scan(&r.ID, &started, &finished, &r.Username, &files, &partial, &r.RowsRead,
			&r.Blocking, &r.Defects, &r.HouseholdsAdded, &r.HouseholdsChanged, &r.HouseholdsUnchanged,
			&r.HouseholdsSkipped, &r.PersonsAdded, &r.PersonsChanged, &r.PersonsUnchanged, &r.PersonsLeft,
			&r.IncomesWritten); err != nil {
			return nil, internal(err, "imports.runs")
		}
		r.StartedAt, r.FinishedAt, r.Partial = parseStamp(started), parseStamp(finished), partial == 1
		if files != "" {
			r.Files = strings.Split(files, "\n")
		}
		out = append(out, r)
	}
	return out, internal(rows.Err(), "imports.runs")
}

func importArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// PendingScreen is the screening an import owes: the households it wrote, not yet re-screened.
type PendingScreen struct {
	ImportID   string
	CreatedAt  time.Time
	Households []string // 户编号
}

// AddPending records, in the import's transaction, that the households it wrote wait for
// their re-screen.
func (s *Imports) AddPending(ctx context.Context, tx *sql.Tx, importID string, at time.Time, nos []string) error {
	_, err := s.db.Exec(ctx, tx, `INSERT INTO pending_screens (import_id, created_at, household_nos) VALUES (?, ?, ?)`,
		importID, stamp(at), strings.Join(nos, "\n"))
	return internal(err, "imports.addPending")
}

// Pending returns the screening the imports owe, oldest first.
func (s *Imports) Pending(ctx context.Context) ([]PendingScreen, error) {
	rows, err := s.db.SQL.QueryContext(ctx, `SELECT import_id, created_at, household_nos FROM pending_screens ORDER BY created_at, import_id`)
	if err != nil {
		return nil, internal(err, "imports.pending")
	}
	defer rows.Close()
	var out []PendingScreen
	for rows.Next() {
		var p PendingScreen
		var at, nos string
		if err := rows.Scan(&p.ImportID, &at, &nos); err != nil {
			return nil, internal(err, "imports.pending")
		}
		p.CreatedAt = parseStamp(at)
		if nos != "" {
			p.Households = strings.Split(nos, "\n")
		}
		out = append(out, p)
	}
	return out, internal(rows.Err(), "imports.pending")
}

// DonePending removes the pending screening of the imports: their households have been
// re-screened.
func (s *Imports) DonePending(ctx context.Context, importIDs []string) error {
	for start := 0; start < len(importIDs); start += maxIn {
		batch := importIDs[start:min(start+maxIn, len(importIDs))]
		if _, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`DELETE FROM pending_screens WHERE import_id IN (`+placeholders(len(batch))+`)`),
			importArgs(batch)...); err != nil {
			return internal(err, "imports.donePending")
		}
	}
	return nil
}

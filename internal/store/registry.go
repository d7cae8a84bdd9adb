package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Registry stores households with their people, incomes and measures.
type Registry struct{ db *DB }

// NewRegistry returns the registry store of db.
func NewRegistry(db *DB) *Registry { return &Registry{db: db} }

// Load inserts new households in one transaction, with COPY on PostgreSQL, each at version 1.
// It is the bulk path of the generator; the households must not exist yet.
func (r *Registry) Load(ctx context.Context, aggs []registry.Aggregate) error {
	b := newRegistryBatch()
	for i := range aggs {
		if err := b.add(&aggs[i], 1); err != nil {
			return err
		}
	}
	if err := r.db.writeBulk(ctx, b[:]); err != nil {
		return err
	}
	for i := range aggs {
		aggs[i].Household.Version = 1
	}
	return nil
}

// AnyVersion, given to PutTx as the expected version, stores a household over whatever
// version is stored, or as a new one. Imports and the generator write this way; a user's edit
// never does.
const AnyVersion int64 = -1

// Put stores one household with everything that belongs to it, replacing what was stored
// under its 户编号 whatever its version, in one transaction.
func (r *Registry) Put(ctx context.Context, a *registry.Aggregate) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return r.db.Tx(ctx, func(tx *sql.Tx) error { return r.PutTx(ctx, tx, a, AnyVersion) })
}

// PutTx stores a household with everything that belongs to it inside the caller's
// transaction, replacing what was stored under its 户编号, provided the stored version is
// expect: the version an edit started from, 0 for a household that must not exist yet, or
// AnyVersion. Another stored version, or a household deleted meanwhile, is errs.Conflict.
//
// The check and the raise of the version are one statement, the transaction's first write to
// the household, and it holds the household's row until the transaction ends. Of two saves
// started from the same version exactly one succeeds: on PostgreSQL the second waits for the
// first to finish and then finds the version raised; on SQLite write transactions begin
// IMMEDIATE and so run one after the other. On success a.Household.Version is the version now
// stored.
func (r *Registry) PutTx(ctx context.Context, tx *sql.Tx, a *registry.Aggregate, expect int64) error {
	h := &a.Household
	q, args := `UPDATE households SET version = version + 1 WHERE household_no = ?`, []any{h.No}
	if expect != AnyVersion {
		q, args = q+` AND version = ?`, append(args, expect)
	}
	var old string
	var version int64
	err := tx.QueryRowContext(ctx, r.db.Rebind(q+` RETURNING county_code, version`), args...).Scan(&old, &version)
	switch {
	case errors.Is(err, sql.ErrNoRows) && expect > 0:
		return r.conflict(ctx, tx, h.No)
	case errors.Is(err, sql.ErrNoRows):
		return r.insertTx(ctx, tx, a)
	case err != nil:
		return internal(err, "registry.put version")
	}
	// The household's row is updated in place rather than deleted and inserted again, so that
	// a save waiting for this one's lock finds the row with its new version; its county
	// changes with its village.
	if err := r.deleteTx(ctx, tx, region.Code(old), h.No, partTables); err != nil {
		return err
	}
	row := append(householdRow(h, version), old, h.No)
	if _, err := r.db.Exec(ctx, tx, updateHouseholdSQL, row...); err != nil {
		return internal(err, "registry.put households")
	}
	if err := r.insertParts(ctx, tx, a); err != nil {
		return err
	}
	h.Version = version
	return nil
}

// updateHouseholdSQL sets every column of a household's row, the version included.
var updateHouseholdSQL = func() string {
	sets := make([]string, len(householdCols))
	for i, c := range householdCols {
		sets[i] = c + " = ?"
	}
	return "UPDATE households SET " + strings.Join(sets, ", ") + " WHERE county_code = ? AND household_no = ?"
}()

// insertTx stores a household that was not stored, at version 1. A household of the same
// number stored meanwhile by another transaction is a conflict.
func (r *Registry) insertTx(ctx context.Context, tx *sql.Tx, a *registry.Aggregate) error {
	res, err := r.db.Exec(ctx, tx, insertSQL("households", householdCols, 1)+" ON CONFLICT DO NOTHING",
		householdRow(&a.Household, 1)...)
	if err != nil {
		return internal(err, "registry.put households")
	}
	if n, err := res.RowsAffected(); err != nil {
		return internal(err, "registry.put households")
	} else if n == 0 {
		return errs.E(errs.Conflict, "户编号 %s 已被他人同时录入，请刷新后再改", a.Household.No)
	}
	if err := r.insertParts(ctx, tx, a); err != nil {
		return err
	}
	a.Household.Version = 1
	return nil
}

// insertParts inserts the household's people, incomes and measures.
func (r *Registry) insertParts(ctx context.Context, tx *sql.Tx, a *registry.Aggregate) error {
	county := a.Household.County()
	for _, b := range []bulkRows{
		{"persons", personCols, rowsOf(a.Persons, func(p *registry.Person) []any { return personRow(county, p) })},
		{"incomes", incomeCols, rowsOf(a.Incomes, func(in *registry.Income) []any { return incomeRow(county, in) })},
		{"measures", measureCols, rowsOf(a.Measures, func(m *registry.Measure) []any { return measureRow(county, m) })},
	} {
		for _, row := range b.rows {
			if _, err := r.db.Exec(ctx, tx, insertSQL(b.table, b.cols, 1), row...); err != nil {
				return internal(err, "registry.put "+b.table)
			}
		}
	}
	return nil
}

// conflict explains why a save expecting a stored version found none to update.
func (r *Registry) conflict(ctx context.Context, tx *sql.Tx, no string) error {
	var v int64
	err := tx.QueryRowContext(ctx, r.db.Rebind(`SELECT version FROM households WHERE household_no = ?`), no).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.Conflict, "户编号 %s 已被他人删除", no)
	}
	if err != nil {
		return internal(err, "registry.put version")
	}
	return errs.E(errs.Conflict, "户编号 %s 的数据在您打开后已被他人修改，请重新打开后再改", no)
}

func rowsOf[T any](xs []T, f func(*T) []any) [][]any {
	out := make([][]any, len(xs))
	for i := range xs {
		out[i] = f(&xs[i])
	}
	return out
}

// countyOf returns the county a 户编号 is stored under.
func (r *Registry) countyOf(ctx context.Context, q querier, no string) (region.Code, error) {
	var county string
	err := q.QueryRowContext(ctx, r.db.Rebind(`SELECT county_code FROM households WHERE household_no = ?`), no).Scan(&county)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "户编号 %s 不存在", no)
	}
	if err != nil {
		return "", internal(err, "registry.countyOf")
	}
	return region.Code(county), nil
}

// The tables of a household's parts, and of the household with its parts, in the order their
// rows are deleted.
var (
	partTables      = []string{"measures", "incomes", "persons"}
	householdTables = []string{"measures", "incomes", "persons", "households"}
)

func (r *Registry) deleteTx(ctx context.Context, tx *sql.Tx, county region.Code, no string, tables []string) error {
	for _, t := range tables {
		if _, err := r.db.Exec(ctx, tx, `DELETE FROM `+t+` WHERE county_code = ? AND household_no = ?`, string(county), no); err != nil {
			return internal(err, "registry.delete "+t)
		}
	}
	return nil
}

// Delete removes a household and everything that belongs to it.
func (r *Registry) Delete(ctx context.Context, no string) error {
	return r.db.Tx(ctx, func(tx *sql.Tx) error {
		county, err := r.countyOf(ctx, tx, no)
		if err != nil {
			return err
		}
		return r.deleteTx(ctx, tx, county, no, householdTables)
	})
}

type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// Get returns the household with the 户编号 and everything that belongs to it.
func (r *Registry) Get(ctx context.Context, no string) (*registry.Aggregate, error) {
	county, err := r.countyOf(ctx, r.db.SQL, no)
	if err != nil {
		return nil, err
	}
	var got *registry.Aggregate
	err = r.scan(ctx, scanFilter{where: "county_code = ? AND household_no = ?", args: []any{string(county), no}},
		func(a *registry.Aggregate) error { got = a; return nil })
	if err != nil {
		return nil, err
	}
	if got == nil {
		return nil, errs.E(errs.NotFound, "户编号 %s 不存在", no)
	}
	return got, nil
}

// Scan streams every household in the scope (a region code; "" for all) to fn, with its
// people, incomes and measures, ordered by county and 户编号, one county after another (see
// ScanCounty): a full scan costs one pass over each table.
func (r *Registry) Scan(ctx context.Context, scope region.Code, fn func(*registry.Aggregate) error) error {
	counties, err := r.Counties(ctx, scope)
	if err != nil {
		return err
	}
	for _, c := range counties {
		sc := c
		if scope.Level() > region.County {
			sc = scope
		}
		if err := r.ScanCounty(ctx, c, sc, ScanOptions{}, fn); err != nil {
			return err
		}
	}
	return nil
}

type scanFilter struct {
	where string // over county_code and household_no, true for the wanted households' rows
	args  []any
	// village narrows households below county level; child rows are then matched by merge.
	village string
}

// scopeFilter limits a scan to a region: county_code ranges select whole counties, and a
// scope below county adds a village prefix on households.
func scopeFilter(scope region.Code) scanFilter {
	if scope == "" {
		return scanFilter{where: "1=1"}
	}
	p := scope.Prefix()
	if len(p) >= 6 {
		f := scanFilter{where: "county_code = ?", args: []any{string(scope.County())}}
		if len(p) > 6 {
			f.village = p
		}
		return f
	}
	return scanFilter{where: "county_code >= ? AND county_code < ?", args: []any{p, prefixEnd(p)}}
}

// prefixEnd returns the smallest string greater than every string that starts with p (p is
// digits, so the last digit can always be incremented or carried).
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return p + "\xff"
}

func (r *Registry) scan(ctx context.Context, f scanFilter, fn func(*registry.Aggregate) error) error {
	hwhere := f.where
	hargs := f.args
	if f.village != "" {
		hwhere += " AND village_code >= ? AND village_code < ?"
		hargs = append(append([]any{}, f.args...), f.village, prefixEnd(f.village))
	}
	q := func(cols []string, table, where, order string, args []any) (*sql.Rows, error) {
		return r.db.SQL.QueryContext(ctx, r.db.Rebind("SELECT "+strings.Join(cols, ", ")+" FROM "+table+
			" WHERE "+where+" ORDER BY "+order), args...)
	}
	hrows, err := q(householdCols, "households", hwhere, "county_code, household_no", hargs)
	if err != nil {
		return internal(err, "registry.scan households")
	}
	defer hrows.Close()
	prows, err := q(personCols, "persons", f.where, "county_code, household_no, person_no", f.args)
	if err != nil {
		return internal(err, "registry.scan persons")
	}
	defer prows.Close()
	irows, err := q(incomeCols, "incomes", f.where, "county_code, household_no, year", f.args)
	if err != nil {
		return internal(err, "registry.scan incomes")
	}
	defer irows.Close()
	mrows, err := q(measureCols, "measures", f.where, "county_code, household_no, seq", f.args)
	if err != nil {
		return internal(err, "registry.scan measures")
	}
	defer mrows.Close()

	persons := newCursor(prows, scanPerson)
	incomes := newCursor(irows, scanIncome)
	measures := newCursor(mrows, scanMeasure)
	for hrows.Next() {
		a := &registry.Aggregate{}
		if err := scanHousehold(hrows, &a.Household); err != nil {
			return internal(err, "registry.scan household")
		}
		key := mergeKey{string(a.Household.County()), a.Household.No}
		var err error
		if a.Persons, err = persons.take(key, func(p *registry.Person) string { return p.HouseholdNo }); err != nil {
			return err
		}
		if a.Incomes, err = incomes.take(key, func(in *registry.Income) string { return in.HouseholdNo }); err != nil {
			return err
		}
		if a.Measures, err = measures.take(key, func(m *registry.Measure) string { return m.HouseholdNo }); err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return internal(hrows.Err(), "registry.scan households")
}

type mergeKey struct{ county, no string }

func (k mergeKey) less(o mergeKey) bool {
	if k.county != o.county {
		return k.county < o.county
	}
	return k.no < o.no
}

// cursor reads child rows in (county, 户编号) order and hands out those of one household at a
// time, skipping rows of households the household cursor does not return.
type cursor[T any] struct {
	rows    *sql.Rows
	scan    func(scanner, *string, *T) error
	pending *T
	county  string
	done    bool
}

func newCursor[T any](rows *sql.Rows, scan func(scanner, *string, *T) error) *cursor[T] {
	return &cursor[T]{rows: rows, scan: scan}
}

func (c *cursor[T]) advance() error {
	if c.done {
		return nil
	}
	if !c.rows.Next() {
		c.done = true
		c.pending = nil
		return internal(c.rows.Err(), "registry.scan")
	}
	var v T
	if err := c.scan(c.rows, &c.county, &v); err != nil {
		return internal(err, "registry.scan")
	}
	c.pending = &v
	return nil
}

func (c *cursor[T]) take(key mergeKey, no func(*T) string) ([]T, error) {
	var out []T
	for {
		if c.pending == nil {
			if c.done {
				return out, nil
			}
			if err := c.advance(); err != nil {
				return nil, err
			}
			if c.pending == nil {
				return out, nil
			}
		}
		k := mergeKey{c.county, no(c.pending)}
		switch {
		case k.less(key):
			c.pending = nil // a row of a household outside the scan
		case k == key:
			out = append(out, *c.pending)
			c.pending = nil
		default:
			return out, nil
		}
	}
}

// Counties returns the counties that have households in the scope, in code order.
func (r *Registry) Counties(ctx context.Context, scope region.Code) ([]region.Code, error) {
	f := scopeFilter(scope)
	q := `SELECT DISTINCT county_code FROM households WHERE ` + f.where + ` ORDER BY county_code`
	if len(scope.Prefix()) < 6 {
		// Above a county, seek from one county to the next through the primary key: a
		// DISTINCT walks every household (a fifth of a second a million, each time a
		// scorecard counter asks).
		q = `WITH RECURSIVE c(code) AS (SELECT (SELECT MIN(county_code) FROM households WHERE ` + f.where + `)
			UNION ALL SELECT (SELECT MIN(county_code) FROM households WHERE county_code > c.code AND ` + f.where + `)
			FROM c WHERE c.code IS NOT NULL) SELECT code FROM c WHERE code IS NOT NULL`
		f.args = append(f.args, f.args...)
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(q), f.args...)
	if err != nil {
		return nil, internal(err, "registry.counties")
	}
	defer rows.Close()
	var out []region.Code
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, internal(err, "registry.counties")
		}
		out = append(out, region.Code(c))
	}
	return out, internal(rows.Err(), "registry.counties")
}

// CountyHouseholds returns the counties of the scope that have households, with how many,
// in code order. A county (in a scope of a county or more) that is wholly packed is counted
// from its packs, which the triggers keep true: counting it from the table reads every
// household's wide row, most of a second for a million on a cold SQLite connection.
func (r *Registry) CountyHouseholds(ctx context.Context, scope region.Code) ([]region.Code, []int, error) {
	if len(scope.Prefix()) > 6 {
		return r.countyHouseholds(ctx, scope)
	}
	counties, err := countiesOf(ctx, r.db, scope)
	if err != nil {
		return nil, nil, err
	}
	var codes []region.Code
	var sizes []int
	for _, c := range counties {
		plan, err := r.storedPlan(ctx, string(c))
		if err != nil {
			return nil, nil, err
		}
		n := 0
		for _, s := range plan {
			n += s.households
		}
		if plan == nil {
			cs, ns, err := r.countyHouseholds(ctx, c)
			if err != nil {
				return nil, nil, err
			}
			if len(ns) == 1 && cs[0] == c {
				n = ns[0]
			}
		}
		if n > 0 {
			codes, sizes = append(codes, c), append(sizes, n)
		}
	}
	return codes, sizes, nil
}

// countyHouseholds is CountyHouseholds from the table.
func (r *Registry) countyHouseholds(ctx context.Context, scope region.Code) ([]region.Code, []int, error) {
	return r.countTable(ctx, "households", scopeFilter(scope))
}

// countiesOf returns the county of a scope at or below a county (households or not), else
// the counties of the scope that have households.
func countiesOf(ctx context.Context, db *DB, scope region.Code) ([]region.Code, error) {
	if scope.Level() >= region.County {
		return []region.Code{scope.County()}, nil
	}
	return NewRegistry(db).Counties(ctx, scope)
}

// CountHouseholds returns the number of households in the scope.
func (r *Registry) CountHouseholds(ctx context.Context, scope region.Code) (int, error) {
	f := scopeFilter(scope)
	where, args := f.where, f.args
	if f.village != "" {
		where += " AND village_code >= ? AND village_code < ?"
		args = append(append([]any{}, args...), f.village, prefixEnd(f.village))
	}
	var n int
	err := r.db.SQL.QueryRowContext(ctx, r.db.Rebind(`SELECT COUNT(*) FROM households WHERE `+where), args...).Scan(&n)
	return n, internal(err, "registry.count")
}

package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The registry scan reads a county's four tables at once, each on its own connection and in
// its own goroutine, and merges them by 户编号 into aggregates.
//
// Each row comes packed into one text column: the database joins the row's values with the
// unit separator (concat_ws), and the scan cuts the text apart again. Through database/sql a
// column costs about as much as the rest of a row's work together (modernc's SQLite locks
// the connection for every column it hands out), so a person's 35 columns cost seven times
// what one packed column does. A value that itself holds the separator would cut its row
// into too many parts; the scan notices the count, and reads the rows between the last good
// row and the next one again, column by column.

// sep is the separator of packed rows: the ASCII unit separator, which no registry text
// holds unless typed on purpose.
const sep = "\x1f"

// ScanOptions narrows a registry scan.
type ScanOptions struct {
	// Screening leaves out the columns that no screening rule reads (the address, the grid,
	// the helper, 证件类型 …): their fields come back blank. See ScreeningOmits.
	Screening bool
}

// ScreeningOmits lists the columns a screening scan leaves out, by table. A rule that starts
// reading one of them must take it off this list (screen's tests check that no rule declares
// one as a field it needs or reads).
var ScreeningOmits = map[string][]string{
	"households": {"address", "year_out", "relocation_site", "military_family", "grid", "helper", "helper_phone", "version"},
	"persons":    {"id_type"},
}

// OmittedFields are the registry fields behind ScreeningOmits.
var OmittedFields = []registry.Field{registry.HAddress, registry.HYearOut, registry.HRelocationSite,
	registry.HMilitaryFamily, registry.HGrid, registry.HHelper, registry.HHelperPhone, registry.PIDType}

// nullableCols are the registry columns that may hold NULL: concat_ws would skip them, so the
// packed form reads them through coalesce.
var nullableCols = map[string]bool{
	"identified_on": true, "risk_eliminated": true, "eliminated_on": true, "dibao": true, "tekun": true,
	"relocated": true, "military_family": true, "no_labour_support": true, "unsafe_house": true,
	"housing_appraised": true, "water_safe": true, "toilet": true, "electricity": true, "road_hardened": true,
	"birth": true, "work_months": true, "post_months": true, "resident_medical": true, "employee_medical": true,
	"critical_illness": true, "resident_pension": true, "employee_pension": true, "deceased_on": true,
	"left_on": true, "declared_net": true, "declared_per_capita": true, "start_on": true, "end_on": true,
}

// scanTable describes how one registry table is read by the scan.
type scanTable[T any] struct {
	name string
	cols []string // as stored; cols[0] is county_code, cols[1] household_no
	keys []string // the primary key after county_code, in scan order
	// decode fills v from the packed fields (one per column, county_code's blank).
	decode func(f []string, v *T) error
	// scan fills v from a row of cols, read column by column.
	scan func(sc scanner, county *string, v *T) error
	// key returns the primary key after county_code.
	key func(v *T) []any
	// no returns the 户编号.
	no func(v *T) string
}

var (
	householdTable = scanTable[registry.Household]{name: "households", cols: householdCols, keys: []string{"household_no"},
		decode: decodeHousehold,
		scan: func(sc scanner, county *string, h *registry.Household) error {
			*county = ""
			return scanHousehold(sc, h)
		},
		key: func(h *registry.Household) []any { return []any{h.No} },
		no:  func(h *registry.Household) string { return h.No }}
	personTable = scanTable[registry.Person]{name: "persons", cols: personCols, keys: []string{"household_no", "person_no"},
		decode: decodePerson, scan: scanPerson,
		key: func(p *registry.Person) []any { return []any{p.HouseholdNo, p.No} },
		no:  func(p *registry.Person) string { return p.HouseholdNo }}
	incomeTable = scanTable[registry.Income]{name: "incomes", cols: incomeCols, keys: []string{"household_no", "year"},
		decode: decodeIncome, scan: scanIncome,
		key: func(in *registry.Income) []any { return []any{in.HouseholdNo, int64(in.Year)} },
		no:  func(in *registry.Income) string { return in.HouseholdNo }}
	measureTable = scanTable[registry.Measure]{name: "measures", cols: measureCols, keys: []string{"household_no", "seq"},
		decode: decodeMeasure, scan: scanMeasure,
		key: func(m *registry.Measure) []any { return []any{m.HouseholdNo, int64(m.Seq)} },
		no:  func(m *registry.Measure) string { return m.HouseholdNo }}
)

// packedExpr returns the SQL of a table's packed row. County_code and the omitted columns are
// blank literals, which keep every other column at its place.
func (db *DB) packedExpr(cols []string, omit []string) string {
	var b strings.Builder
	if db.Dialect == Postgres {
		b.WriteString("concat_ws(chr(31)")
	} else {
		b.WriteString("concat_ws(char(31)")
	}
	for i, c := range cols {
		b.WriteString(", ")
		switch {
		case i == 0 || containsString(omit, c):
			b.WriteString("''")
		case !nullableCols[c]:
			// concat_ws turns numbers into text on both engines.
			b.WriteString(c)
		case db.Dialect == Postgres:
			b.WriteString("coalesce(" + c + "::text, '')")
		default:
			b.WriteString("ifnull(" + c + ", '')")
		}
	}
	b.WriteString(")")
	return b.String()
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// splitPacked cuts a packed row into out (len(out) fields). It reports false when the row has
// another number of fields: a value held the separator.
func splitPacked(s string, out []string) bool {
	// One pass over the bytes: a row's fields are short, and a call per field to find the
	// next separator costs more than looking at each byte.
	n, k, start := len(out), 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == sep[0] {
			if k == n-1 {
				return false
			}
			out[k], k, start = s[start:i], k+1, i+1
		}
	}
	if k != n-1 {
		return false
	}
	out[k] = s[start:]
	return true
}

// scanBatch is how many rows a table reader decodes before handing them to the merge.
const scanBatch = 512

// tableReader streams one table's rows that where selects (ordered by its key) in batches.
type tableReader[T any] struct {
	db    *DB
	t     *scanTable[T]
	where string // over the table's columns, with ? placeholders for args
	args  []any
	omit  []string
	out   chan []T
}

func newReader[T any](db *DB, t *scanTable[T], where string, args []any, omit []string) *tableReader[T] {
	return &tableReader[T]{db: db, t: t, where: where, args: args, omit: omit, out: make(chan []T, 4)}
}

// read runs the query and sends batches until the rows end, the context ends or an error.
func (tr *tableReader[T]) read(ctx context.Context) error {
	defer close(tr.out)
	conn, err := tr.db.scanConn(ctx)
	if err != nil {
		return err
	}
	defer conn.release()
	where, args := tr.where, tr.args
	order := "county_code, " + strings.Join(tr.t.keys, ", ")
	q := "SELECT " + tr.db.packedExpr(tr.t.cols, tr.omit) + " FROM " + tr.t.name + " WHERE " + where + " ORDER BY " + order
	rows, err := conn.c.QueryContext(ctx, tr.db.Rebind(q), args...)
	if err != nil {
		return internal(err, "registry.scan "+tr.t.name)
	}
	defer rows.Close()
	fields := make([]string, len(tr.t.cols))
	batch := make([]T, 0, scanBatch)
	var packed string
	var lastGood *T // the last row decoded from its packed form
	bad := 0        // rows since lastGood that did not split
	send := func() bool {
		select {
		case tr.out <- batch:
			// The merge hands out rows of a sent batch to aggregates: never reuse it.
			batch = make([]T, 0, scanBatch)
			return true
		case <-ctx.Done():
			return false
		}
	}
	for rows.Next() {
		if err := rows.Scan(&packed); err != nil {
			return internal(err, "registry.scan "+tr.t.name)
		}
		if !splitPacked(packed, fields) {
			bad++
			continue
		}
		var v T
		if err := tr.t.decode(fields, &v); err != nil {
			return internal(err, "registry.scan "+tr.t.name)
		}
		if bad > 0 {
			// Rows whose values held the separator: read them again column by column.
			if batch, err = tr.reread(ctx, where, args, lastGood, &v, batch); err != nil {
				return err
			}
			bad = 0
		}
		batch = append(batch, v)
		lastGood = &batch[len(batch)-1]
		if len(batch) >= scanBatch {
			// lastGood points into the batch sent; keep a copy.
			last := *lastGood
			lastGood = &last
			if !send() {
				return ctx.Err()
			}
		}
	}
	if err := rows.Err(); err != nil {
		return internal(err, "registry.scan "+tr.t.name)
	}
	if bad > 0 {
		var err error
		if batch, err = tr.reread(ctx, where, args, lastGood, nil, batch); err != nil {
			return err
		}
	}
	if len(batch) > 0 && !send() {
		return ctx.Err()
	}
	return nil
}

// reread appends the rows strictly between after and before (nil: no bound) read column by
// column, on a connection of its own since the packed query still holds conn.
func (tr *tableReader[T]) reread(ctx context.Context, where string, args []any, after, before *T, batch []T) ([]T, error) {
	keys := "(" + strings.Join(tr.t.keys, ", ") + ")"
	marks := "(" + placeholders(len(tr.t.keys)) + ")"
	args = append([]any(nil), args...)
	if after != nil {
		where += " AND " + keys + " > " + marks
		args = append(args, tr.t.key(after)...)
	}
	if before != nil {
		where += " AND " + keys + " < " + marks
		args = append(args, tr.t.key(before)...)
	}
	rows, err := tr.db.SQL.QueryContext(ctx, tr.db.Rebind("SELECT "+strings.Join(tr.t.cols, ", ")+" FROM "+tr.t.name+
		" WHERE "+where+" ORDER BY county_code, "+strings.Join(tr.t.keys, ", ")), args...)
	if err != nil {
		return batch, internal(err, "registry.scan "+tr.t.name)
	}
	defer rows.Close()
	var county string
	for rows.Next() {
		var v T
		if err := tr.t.scan(rows, &county, &v); err != nil {
			return batch, internal(err, "registry.scan "+tr.t.name)
		}
		batch = append(batch, v)
	}
	return batch, internal(rows.Err(), "registry.scan "+tr.t.name)
}

// stream hands out a table's rows household by household, in the order of the reader.
type stream[T any] struct {
	tr   *tableReader[T]
	cur  []T
	pos  int
	done bool
}

// take returns the rows of household no, skipping rows of households before it (households
// outside a village scope). The slice may share the reader's batch, which is never reused.
func (s *stream[T]) take(no string) []T {
	var out []T
	start := -1
	for {
		if s.pos == len(s.cur) {
			if start >= 0 {
				// The household's rows continue in the next batch: copy what this one holds.
				out = append(out, s.cur[start:]...)
				start = -1
			}
			if s.done {
				return out
			}
			b, ok := <-s.tr.out
			if !ok {
				s.done = true
				return out
			}
			s.cur, s.pos = b, 0
			continue
		}
		switch k := s.tr.t.no(&s.cur[s.pos]); {
		case k < no:
			s.pos++
		case k == no:
			if start < 0 {
				start = s.pos
			}
			s.pos++
		default:
			if start >= 0 {
				if out == nil {
					return s.cur[start:s.pos:s.pos]
				}
				return append(out, s.cur[start:s.pos]...)
			}
			return out
		}
	}
}

// ScanCounty streams the households of one county (or of scope, a township or village in
// it) to fn in 户编号 order, with their people, incomes and measures, reading the four tables
// at once on four connections. fn is called from one goroutine; the aggregate is fn's to keep.
func (r *Registry) ScanCounty(ctx context.Context, county, scope region.Code, opt ScanOptions, fn func(*registry.Aggregate) error) error {
	if r.usePacks(opt, scope) {
		return r.scanPacked(ctx, county, fn)
	}
	return r.scanTables(ctx, county, scope, opt, fn)
}

// scanTables is ScanCounty from the four tables.
func (r *Registry) scanTables(ctx context.Context, county, scope region.Code, opt ScanOptions, fn func(*registry.Aggregate) error) error {
	omit := func(table string) []string {
		if opt.Screening {
			return ScreeningOmits[table]
		}
		return nil
	}
	where, args := "county_code = ?", []any{string(county)}
	hwhere, hargs := where, args
	if p := scope.Prefix(); len(p) > 6 {
		hwhere += " AND village_code >= ? AND village_code < ?"
		hargs = []any{string(county), p, prefixEnd(p)}
	}
	return r.readTables(ctx, hwhere, hargs, where, args, omit, fn)
}

// readTables streams the households hwhere selects with their rows of the other tables that
// where selects, reading the four tables at once, each on its own connection.
func (r *Registry) readTables(ctx context.Context, hwhere string, hargs []any, where string, args []any,
	omit func(table string) []string, fn func(*registry.Aggregate) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hr := newReader(r.db, &householdTable, hwhere, hargs, omit("households"))
	pr := newReader(r.db, &personTable, where, args, omit("persons"))
	ir := newReader(r.db, &incomeTable, where, args, nil)
	mr := newReader(r.db, &measureTable, where, args, nil)
	errc := make(chan error, 4)
	for _, read := range []func(context.Context) error{hr.read, pr.read, ir.read, mr.read} {
		go func() { errc <- read(ctx) }()
	}
	// wait collects the readers' errors; the first one that is not the cancellation counts.
	wait := func() error {
		var first error
		for range 4 {
			if err := <-errc; err != nil && first == nil && !errors.Is(err, context.Canceled) {
				first = err
			}
		}
		return first
	}
	err := mergeCounty(ctx, hr, &stream[registry.Person]{tr: pr}, &stream[registry.Income]{tr: ir},
		&stream[registry.Measure]{tr: mr}, fn)
	// The child readers may still have rows of households after the last one: stop them, and
	// drain what they sent so that they see the cancellation and release their connections.
	cancel()
	drainChan(hr.out)
	drainChan(pr.out)
	drainChan(ir.out)
	drainChan(mr.out)
	// A reader's error comes first: the merge may have ended early because a reader stopped.
	if werr := wait(); werr != nil {
		return werr
	}
	return err
}

func drainChan[T any](c chan []T) {
	for range c {
	}
}

// mergeCounty joins the households with their rows from the three child streams.
func mergeCounty(ctx context.Context, hr *tableReader[registry.Household], persons *stream[registry.Person],
	incomes *stream[registry.Income], measures *stream[registry.Measure], fn func(*registry.Aggregate) error) error {
	for batch := range hr.out {
		aggs := make([]registry.Aggregate, len(batch))
		for i := range batch {
			a := &aggs[i]
			a.Household = batch[i]
			no := a.Household.No
			a.Persons = persons.take(no)
			a.Incomes = incomes.take(no)
			a.Measures = measures.take(no)
			if err := fn(a); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// scanCacheKiB is the page cache of a SQLite connection while it scans: a scan reads every
// page once, and modernc's SQLite spends more on growing a large cache (allocating pages)
// than on reading pages again through a small one.
const scanCacheKiB = 8192

// scanConnection is a connection held for a scan, with the settings to restore.
type scanConnection struct {
	c     *sql.Conn
	cache int64 // the page cache setting to restore; 0: nothing to restore
}

// scanConn takes a connection of the pool for a scan, with a small page cache on SQLite.
func (db *DB) scanConn(ctx context.Context) (*scanConnection, error) {
	c, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, internal(err, "registry.scan conn")
	}
	sc := &scanConnection{c: c}
	if db.Dialect == SQLite {
		if err := c.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&sc.cache); err != nil {
			c.Close()
			return nil, internal(err, "registry.scan conn")
		}
		if _, err := c.ExecContext(ctx, "PRAGMA cache_size = -"+itoa(scanCacheKiB)); err != nil {
			c.Close()
			return nil, internal(err, "registry.scan conn")
		}
	}
	return sc, nil
}

// release restores the connection's settings and returns it to the pool.
func (sc *scanConnection) release() {
	if sc.cache != 0 {
		if _, err := sc.c.ExecContext(context.Background(), "PRAGMA cache_size = "+itoa(int(sc.cache))); err != nil {
			// A connection that kept the scan's settings is closed rather than pooled.
			sc.c.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	sc.c.Close()
}

func itoa(n int) string { return strconv.Itoa(n) }

// PersonKey is what the registry-wide index of a screening run reads of a person who has not
// left: the keys other households' rules compare.
type PersonKey struct {
	HouseholdNo, No, IDNumber, Phone, PostType string
	// Deceased is "" for a living person, and for a deceased one "D" followed by the ID key
	// as SQL computes it (upper(substr(id_number, 1, 18)); none when the number is shorter).
	Deceased string
}

const deceasedKeyExpr = "CASE WHEN deceased_on IS NULL THEN '' WHEN length(id_number) >= 18 THEN 'D' || upper(substr(id_number, 1, 18)) ELSE 'D' END"

var personKeyTable = scanTable[PersonKey]{name: "persons",
	cols: []string{"county_code", "household_no", "person_no", "id_number", "phone", "post_type", deceasedKeyExpr},
	keys: []string{"household_no", "person_no"},
	decode: func(f []string, k *PersonKey) error {
		k.HouseholdNo, k.No, k.IDNumber, k.Phone, k.PostType, k.Deceased = f[1], f[2], f[3], f[4], f[5], f[6]
		return nil
	},
	scan: func(sc scanner, county *string, k *PersonKey) error {
		return sc.Scan(county, &k.HouseholdNo, &k.No, &k.IDNumber, &k.Phone, &k.PostType, &k.Deceased)
	},
	key: func(k *PersonKey) []any { return []any{k.HouseholdNo, k.No} },
	no:  func(k *PersonKey) string { return k.HouseholdNo },
}

// PersonKeys streams the persons who have not left, of the counties from from (inclusive) to
// to (exclusive; "" for no bound), in batches in key order, to fn. A batch is fn's to keep.
func (r *Registry) PersonKeys(ctx context.Context, from, to string, fn func([]PersonKey) error) error {
	// The counties that keep packs are read from them when wholly packed; the ranges of
	// counties between them from the table.
	q, args := `SELECT county_code FROM registry_pack_counties WHERE county_code >= ?`, []any{from}
	if to != "" {
		q, args = q+` AND county_code < ?`, append(args, to)
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(q+` ORDER BY county_code`), args...)
	if err != nil {
		return internal(err, "registry.personKeys")
	}
	var packed []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return internal(err, "registry.personKeys")
		}
		packed = append(packed, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "registry.personKeys")
	}
	// The counties not read yet: from lo on (after lo once it has been read), below to.
	lo, after := from, false
	for _, c := range packed {
		if lo < c {
			where, args := countyRange(lo, after, c)
			if err := r.personKeys(ctx, where, args, fn); err != nil {
				return err
			}
		}
		ok, err := r.packPersonKeys(ctx, c, fn)
		if err != nil {
			return err
		}
		if !ok {
			if err := r.personKeys(ctx, "county_code = ?", []any{c}, fn); err != nil {
				return err
			}
		}
		lo, after = c, true
	}
	where, args := countyRange(lo, after, to)
	return r.personKeys(ctx, where, args, fn)
}

// countyRange is the condition on county_code of the counties from lo (after lo, when after)
// below to ("" for no bound).
func countyRange(lo string, after bool, to string) (string, []any) {
	where, args := "county_code >= ?", []any{lo}
	if after {
		where = "county_code > ?"
	}
	if to != "" {
		where += " AND county_code < ?"
		args = append(args, to)
	}
	return where, args
}

// personKeys is PersonKeys from the table, of the counties the condition on county_code selects.
func (r *Registry) personKeys(ctx context.Context, counties string, args []any, fn func([]PersonKey) error) error {
	return r.streamKeys(ctx, "left_on IS NULL AND "+counties, args, fn)
}

// streamKeys streams the PersonKeys of the persons where selects, in batches in key order.
func (r *Registry) streamKeys(ctx context.Context, where string, args []any, fn func([]PersonKey) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr := newReader(r.db, &personKeyTable, where, args, nil)
	errc := make(chan error, 1)
	go func() { errc <- tr.read(ctx) }()
	var err error
	for batch := range tr.out {
		if err = fn(batch); err != nil {
			break
		}
	}
	cancel()
	drainChan(tr.out)
	if rerr := <-errc; rerr != nil && !errors.Is(rerr, context.Canceled) {
		return rerr
	}
	return err
}

// CountyCount is how many households, people and yearly incomes a county holds in a scope.
type CountyCount struct {
	County                       region.Code
	Households, Persons, Incomes int
}

// countTable counts the rows of a registry table in the scope f by county, in code order; a
// village's scope reaches the rows of other tables through their households.
func (r *Registry) countTable(ctx context.Context, table string, f scanFilter) ([]region.Code, []int, error) {
	where, args := f.where, f.args
	if f.village != "" {
		if table == "households" {
			where += " AND village_code >= ? AND village_code < ?"
		} else {
			where += " AND household_no IN (SELECT household_no FROM households WHERE " + f.where + " AND village_code >= ? AND village_code < ?)"
			args = append(append([]any{}, args...), f.args...)
		}
		args = append(append([]any{}, args...), f.village, prefixEnd(f.village))
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind("SELECT county_code, COUNT(*) FROM "+table+" WHERE "+where+
		" GROUP BY county_code ORDER BY county_code"), args...)
	if err != nil {
		return nil, nil, internal(err, "registry.countByCounty")
	}
	defer rows.Close()
	var codes []region.Code
	var ns []int
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, nil, internal(err, "registry.countByCounty")
		}
		codes, ns = append(codes, region.Code(c)), append(ns, n)
	}
	return codes, ns, internal(rows.Err(), "registry.countByCounty")
}

// CountByCounty counts the households of the scope (a region code; "" for all) with their
// people and incomes, by county in code order: what an export of the scope will read, known
// before it starts.
func (r *Registry) CountByCounty(ctx context.Context, scope region.Code) ([]CountyCount, error) {
	f := scopeFilter(scope)
	byCounty := map[region.Code]*CountyCount{}
	var order []region.Code
	for i, table := range []string{"households", "persons", "incomes"} {
		codes, ns, err := r.countTable(ctx, table, f)
		if err != nil {
			return nil, err
		}
		for j, c := range codes {
			cc := byCounty[c]
			if cc == nil {
				cc = &CountyCount{County: c}
				byCounty[c] = cc
				order = append(order, c)
			}
			switch i {
			case 0:
				cc.Households = ns[j]
			case 1:
				cc.Persons = ns[j]
			default:
				cc.Incomes = ns[j]
			}
		}
	}
	out := make([]CountyCount, 0, len(order))
	for _, c := range order {
		if byCounty[c].Households > 0 {
			out = append(out, *byCounty[c])
		}
	}
	slices.SortFunc(out, func(a, b CountyCount) int { return strings.Compare(string(a.County), string(b.County)) })
	return out, nil
}

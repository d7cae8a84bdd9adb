package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang/snappy"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

const packCounty = region.Code("621121000000") // 通渭县

// packHousehold is household seq of a village of 通渭县 with n people, two incomes and a
// measure; values vary with seq so that a wrong assignment of rows shows.
func packHousehold(village string, seq, n int) registry.Aggregate {
	no := fmt.Sprintf("%s%04d", village, seq)
	a := registry.Aggregate{Household: registry.Household{
		No: no, Village: region.Code(village), Kind: registry.KindAlleviated, YearOut: 2019,
		DeclaredSize: n, Category: registry.MonUnstable, IdentifiedOn: registry.NewMonth(2024, 3),
		RiskTypes: []string{"因病"}, Dibao: registry.Yes, Phone: fmt.Sprintf("139%08d", seq),
		HousingGrade: "B", WaterSafe: registry.Yes, HouseArea: float64(seq) + 0.5,
		Uncollected: registry.FieldSet(0).With(registry.HElectricity),
	}}
	for i := range n {
		p := registry.Person{No: fmt.Sprintf("%s%02d", no, i+1), HouseholdNo: no, Name: fmt.Sprintf("李%d-%d", seq, i),
			IDNumber: fmt.Sprintf("6211211980%04d%04d", seq%10000, i), Gender: "男", Birth: registry.NewDate(1980, 1, 1+i),
			Relation: "之子", Health: "健康", WorkMonths: registry.CountOf(seq % 12), ResidentMedical: registry.Yes,
			Phone: fmt.Sprintf("138%04d%04d", seq, i)}
		if i == 0 {
			p.Relation = "户主"
		}
		if seq%7 == 0 && i == 1 {
			p.DeceasedOn = registry.NewDate(2025, 2, 3)
		}
		if seq%11 == 0 && i == 1 {
			p.LeftOn = registry.NewDate(2025, 6, 1)
		}
		a.Persons = append(a.Persons, p)
	}
	for _, y := range []int{2025, 2026} {
		a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: no, Year: y, Wages: registry.Yuan(int64(1000 * seq)), Size: n})
	}
	if seq%2 == 0 {
		a.Measures = []registry.Measure{{HouseholdNo: no, Seq: 1, Type: registry.MeasureHealth, Description: "签约",
			Start: registry.NewDate(2024, 4, 1), Amount: registry.Yuan(int64(seq))}}
	}
	return a
}

// packVillage is the village of 通渭县 whose households most pack tests load.
const packVillage = "621121100201"

// loadPackVillage loads households 1..n of packVillage with two people each.
func loadPackVillage(t *testing.T, r *Registry, n int) []registry.Aggregate {
	t.Helper()
	var aggs []registry.Aggregate
	for seq := 1; seq <= n; seq++ {
		aggs = append(aggs, packHousehold(packVillage, seq, 2))
	}
	if err := r.Load(context.Background(), aggs); err != nil {
		t.Fatal(err)
	}
	return aggs
}

func openPackDB(t testing.TB) (*DB, *Registry) {
	t.Helper()
	return openPackDSN(t, filepath.Join(t.TempDir(), "packs.db"))
}

// openPackPG is openPackDB on a new schema of the PostgreSQL server base names.
func openPackPG(t testing.TB, base string) (*DB, *Registry) {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("t_packs_%d", time.Now().UnixNano())
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return openPackDSN(t, u.String())
}

// openPackDSN opens dsn with a fixed clock and packs of 4 households.
func openPackDSN(t testing.TB, dsn string) (*DB, *Registry) {
	t.Helper()
	now := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	db, err := Open(context.Background(), dsn, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	old := packHouseholds
	packHouseholds = 4
	t.Cleanup(func() { packHouseholds = old })
	return db, NewRegistry(db)
}

// packEngines runs fn on a new SQLite database and, when GONGGU_TEST_PG names a server, on a
// new PostgreSQL schema: the packs, their triggers and the import's hold are each engine's own.
func packEngines(t *testing.T, fn func(t *testing.T, db *DB, r *Registry)) {
	t.Run("sqlite", func(t *testing.T) {
		db, r := openPackDB(t)
		fn(t, db, r)
	})
	if base := os.Getenv("GONGGU_TEST_PG"); base != "" {
		t.Run("postgres", func(t *testing.T) {
			db, r := openPackPG(t, base)
			fn(t, db, r)
		})
	}
}

// scanBoth reads the county through the packs and from the tables and fails when they differ.
func scanBoth(t *testing.T, r *Registry) []registry.Aggregate {
	t.Helper()
	ctx := context.Background()
	var packed, tables []registry.Aggregate
	if err := r.ScanCounty(ctx, packCounty, packCounty, ScanOptions{Screening: true}, func(a *registry.Aggregate) error {
		packed = append(packed, *a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := r.scanTables(ctx, packCounty, packCounty, ScanOptions{Screening: true}, func(a *registry.Aggregate) error {
		tables = append(tables, *a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(packed) != len(tables) {
		t.Fatalf("packs give %d households, the tables %d", len(packed), len(tables))
	}
	for i := range packed {
		if !reflect.DeepEqual(packed[i], tables[i]) {
			t.Fatalf("household %d differs:\npacks  %+v\ntables %+v", i, packed[i], tables[i])
		}
	}
	return packed
}

// sameCounts fails when the households counted by county through the packs differ from the
// table's count, over the registry and over the county.
func sameCounts(t *testing.T, r *Registry) {
	t.Helper()
	ctx := context.Background()
	for _, scope := range []region.Code{"", "620000000000", packCounty} {
		cs, ns, err := r.CountyHouseholds(ctx, scope)
		if err != nil {
			t.Fatal(err)
		}
		wc, wn, err := r.countyHouseholds(ctx, scope)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cs, wc) || !reflect.DeepEqual(ns, wn) {
			t.Fatalf("households by county of %q: %v %v, the table says %v %v", scope, cs, ns, wc, wn)
		}
	}
}

// packRanges lists the county's stored packs as lo..hi:households.
func packRanges(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.SQL.Query(db.Rebind(`SELECT lo, hi, households FROM registry_packs WHERE county_code = ? ORDER BY lo`), string(packCounty))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var lo, hi string
		var n int
		if err := rows.Scan(&lo, &hi, &n); err != nil {
			t.Fatal(err)
		}
		if hi == packEnd {
			hi = "end"
		}
		out = append(out, fmt.Sprintf("%s..%s:%d", lo, hi, n))
	}
	return out
}

func TestRegistryPacks(t *testing.T) { packEngines(t, testRegistryPacks) }

func testRegistryPacks(t *testing.T, db *DB, r *Registry) {
	ctx := context.Background()
	const v1, v2 = packVillage, "621121100202"
	var aggs []registry.Aggregate
	for seq := 1; seq <= 9; seq++ {
		aggs = append(aggs, packHousehold(v1, seq, 1+seq%4))
	}
	for seq := 1; seq <= 3; seq++ {
		aggs = append(aggs, packHousehold(v2, seq, 2))
	}
	if err := r.Load(ctx, aggs); err != nil {
		t.Fatal(err)
	}
	// Before any screening there is no pack.
	if got := packRanges(t, db); len(got) != 0 {
		t.Fatalf("packs before a screening: %v", got)
	}
	if got := scanBoth(t, r); len(got) != 12 {
		t.Fatalf("%d households", len(got))
	}
	want := []string{"..6211211002010005:4", "6211211002010005..6211211002010009:4",
		"6211211002010009..end:4"}
	got := packRanges(t, db)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("packs after the first screening:\n got %v\nwant %v", got, want)
	}
	sameCounts(t, r)
	// The packs are read as stored: a pack whose text is changed behind the triggers' back
	// shows in the scan (and nothing else reads them).
	scanBoth(t, r)

	// A user's edit deletes the pack that holds the household, and only that one.
	a := aggs[5] // 6211211002010006, in the second pack
	a.Persons[0].Name = "李改名"
	a.Persons = a.Persons[:1]
	if err := r.Put(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if got := packRanges(t, db); !reflect.DeepEqual(got, []string{want[0], want[2]}) {
		t.Fatalf("after an edit: %v", got)
	}
	sameCounts(t, r)
	scan := scanBoth(t, r)
	if scan[5].Persons[0].Name != "李改名" || len(scan[5].Persons) != 1 {
		t.Fatalf("the edit does not show: %+v", scan[5].Persons)
	}
	if got := packRanges(t, db); !reflect.DeepEqual(got, want) {
		t.Fatalf("the pack is not built again: %v", got)
	}

	// A new household in the last range, a deletion in the first, and a department's fill
	// (an UPDATE of a person) in the third: each deletes its pack.
	extra := packHousehold(v2, 7, 3)
	if err := r.Put(ctx, &extra); err != nil {
		t.Fatal(err)
	}
	if err := r.Delete(ctx, aggs[0].Household.No); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.Exec(db.Rebind(`UPDATE persons SET phone = '13700000000' WHERE county_code = ? AND household_no = ?`),
		string(packCounty), aggs[9].Household.No); err != nil {
		t.Fatal(err)
	}
	if got := packRanges(t, db); !reflect.DeepEqual(got, []string{want[1]}) {
		t.Fatalf("after three writes: %v", got)
	}
	sameCounts(t, r)
	scan = scanBoth(t, r)
	if len(scan) != 12 || scan[len(scan)-1].Household.No != extra.Household.No || scan[0].Household.No != aggs[1].Household.No {
		t.Fatalf("households after the writes: %d", len(scan))
	}
	if scan[8].Persons[0].Phone != "13700000000" {
		t.Fatalf("the department's fill does not show: %+v", scan[8].Persons[0])
	}
	sameCounts(t, r) // wholly packed again, one household fewer and one more

	// A value that holds the row separator cannot be packed: its range is read from the
	// tables each time, the others stay packed.
	b := aggs[2]
	b.Persons[0].Name = "李\x1e某"
	if err := r.Put(ctx, &b); err != nil {
		t.Fatal(err)
	}
	scan = scanBoth(t, r)
	if scan[1].Persons[0].Name != "李\x1e某" {
		t.Fatalf("the name with a separator: %q", scan[1].Persons[0].Name)
	}
	if got := packRanges(t, db); len(got) != 3 || got[0] != want[1] {
		t.Fatalf("packs with an unpackable range: %v", got)
	}

	// PersonKeys reads the packs of a wholly packed county as it reads the table.
	b.Persons[0].Name = "李某"
	if err := r.Put(ctx, &b); err != nil {
		t.Fatal(err)
	}
	scanBoth(t, r)
	if plan, err := r.storedPlan(ctx, string(packCounty)); err != nil || plan == nil {
		t.Fatalf("the county is not wholly packed: %v %v", plan, err)
	}
	var fromPacks, fromTable []PersonKey
	if err := r.PersonKeys(ctx, "", "", func(k []PersonKey) error { fromPacks = append(fromPacks, k...); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := r.personKeys(ctx, "county_code >= ?", []any{""}, func(k []PersonKey) error { fromTable = append(fromTable, k...); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(fromTable) == 0 || !reflect.DeepEqual(fromPacks, fromTable) {
		t.Fatalf("person keys differ:\npacks %+v\ntable %+v", fromPacks, fromTable)
	}

	// Packs of another format are not read, and are replaced.
	if _, err := db.SQL.Exec(db.Rebind(`UPDATE registry_packs SET format = 'old', data = ? WHERE county_code = ?`), []byte{0}, string(packCounty)); err != nil {
		t.Fatal(err)
	}
	scanBoth(t, r)
	var old int
	if err := db.SQL.QueryRow(db.Rebind(`SELECT count(*) FROM registry_packs WHERE format <> ?`), packFormat).Scan(&old); err != nil || old != 0 {
		t.Fatalf("%d packs of the old format left (%v)", old, err)
	}

	// A damaged pack is a copy gone bad, not a registry error: its range is read from the
	// tables and the pack built again. One does not decompress, one decompresses to rows that
	// do not decode, and one has damaged keys.
	before := packRanges(t, db)
	if len(before) != 3 {
		t.Fatalf("packs before the damage: %v", before)
	}
	for i, damage := range []struct{ col string }{{"data"}, {"data"}, {"keys"}} {
		bad := []byte{0xff, 0xff, 0xff}
		if i == 1 {
			bad = snappy.Encode(nil, []byte("\x05\x01not a pack"))
		}
		if _, err := db.SQL.Exec(db.Rebind(`UPDATE registry_packs SET `+damage.col+` = ? WHERE county_code = ? AND lo = ?`),
			bad, string(packCounty), before[i][:strings.Index(before[i], "..")]); err != nil {
			t.Fatal(err)
		}
	}
	fromPacks = nil
	if err := r.PersonKeys(ctx, "", "", func(k []PersonKey) error { fromPacks = append(fromPacks, k...); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromPacks, fromTable) {
		t.Fatalf("person keys with a damaged pack differ:\npacks %+v\ntable %+v", fromPacks, fromTable)
	}
	scanBoth(t, r)
	if got := packRanges(t, db); !reflect.DeepEqual(got, before) {
		t.Fatalf("packs after damaged ones: %v, want %v", got, before)
	}
	var bad int
	for _, col := range []string{"data", "keys"} {
		rows, err := db.SQL.Query(`SELECT ` + col + ` FROM registry_packs`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				t.Fatal(err)
			}
			if _, err := snappy.Decode(nil, b); err != nil {
				bad++
			}
		}
		rows.Close()
	}
	if bad != 0 {
		t.Fatalf("%d damaged packs left", bad)
	}

	// The generator's bulk load (COPY on PostgreSQL, which holds the triggers and drops the
	// packs itself) deletes the pack of the range a new household falls in, and only that one.
	loaded := packHousehold(v1, 10, 2) // 6211211002010010, in the second range
	if err := r.Load(ctx, []registry.Aggregate{loaded}); err != nil {
		t.Fatal(err)
	}
	if got, want := packRanges(t, db), []string{before[0], before[2]}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after a bulk load: %v, want %v", got, want)
	}
	if scan := scanBoth(t, r); len(scan) != 13 {
		t.Fatalf("%d households after the bulk load", len(scan))
	}
}

// Writers and screenings at once, as on a busy server (PostgreSQL runs them truly in parallel):
// whatever the interleaving, the packs left read as the tables do.
func TestRegistryPacksConcurrent(t *testing.T) { packEngines(t, testRegistryPacksConcurrent) }

func testRegistryPacksConcurrent(t *testing.T, db *DB, r *Registry) {
	ctx := context.Background()
	loadPackVillage(t, r, 24)
	scanBoth(t, r)
	const writers, edits, screenings = 3, 15, 2
	errc := make(chan error, writers+screenings)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range edits {
				a := packHousehold(packVillage, 1+(w*7+i*5)%24, 2)
				a.Persons[0].Name = fmt.Sprintf("李%d-%d", w, i)
				if err := r.Put(ctx, &a); err != nil {
					errc <- err
					return
				}
				// A pause, so that screenings also finish between writes and store packs.
				time.Sleep(time.Duration(1+i%3) * time.Millisecond)
			}
		}()
	}
	stop := make(chan struct{})
	var sw sync.WaitGroup
	for range screenings {
		sw.Add(1)
		go func() {
			defer sw.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := r.ScanCounty(ctx, packCounty, packCounty, ScanOptions{Screening: true}, func(*registry.Aggregate) error { return nil })
				if err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	sw.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	// The packs stored by the screenings are read first, as they were left; ranges without one
	// are built now. Both must give the tables' households.
	stored := packRanges(t, db)
	scan := scanBoth(t, r)
	t.Logf("%d packs left by the screenings", len(stored))
	if len(scan) != 24 {
		t.Fatalf("%d households", len(scan))
	}
}

// On PostgreSQL a county's first screening while a write is in flight neither waits for it
// (which would queue every writer behind it) nor starts the packs: it reads the tables, and
// the next screening starts them.
func TestRegistryPacksFirstScreeningBusy(t *testing.T) {
	base := os.Getenv("GONGGU_TEST_PG")
	if base == "" {
		t.Skip("GONGGU_TEST_PG is not set; SQLite has one writer, which the first screening waits for")
	}
	db, r := openPackPG(t, base)
	loadPackVillage(t, r, 10)
	tx, err := db.SQL.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// A write in flight in another county.
	if _, err := tx.Exec(`UPDATE persons SET phone = '13700000000' WHERE county_code = '621102000000'`); err != nil {
		t.Fatal(err)
	}
	scan := scanBoth(t, r)
	var gens int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM registry_pack_counties`).Scan(&gens); err != nil {
		t.Fatal(err)
	}
	if got := packRanges(t, db); len(got) != 0 || gens != 0 || len(scan) != 10 {
		t.Fatalf("with a writer in flight: %d households, packs %v, %d generations", len(scan), got, gens)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	scanBoth(t, r)
	if got := packRanges(t, db); len(got) != 3 {
		t.Fatalf("after the writer committed: packs %v", got)
	}
}

// A write to the county while a screening reads it leaves no pack built before the write.
func TestRegistryPacksRace(t *testing.T) { packEngines(t, testRegistryPacksRace) }

func testRegistryPacksRace(t *testing.T, db *DB, r *Registry) {
	ctx := context.Background()
	aggs := loadPackVillage(t, r, 20)
	edited := false
	err := r.ScanCounty(ctx, packCounty, packCounty, ScanOptions{Screening: true}, func(a *registry.Aggregate) error {
		if !edited && a.Household.No == aggs[2].Household.No {
			// The packs of the first ranges are built and not yet stored; the edit falls in
			// the last range, which may not have been read yet.
			b := aggs[19]
			b.Persons[0].Name = "李新"
			edited = true
			return r.Put(ctx, &b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := packRanges(t, db); len(got) != 0 {
		t.Fatalf("packs stored although the county changed during the scan: %v", got)
	}
	scan := scanBoth(t, r)
	if scan[19].Persons[0].Name != "李新" {
		t.Fatalf("the edit does not show: %q", scan[19].Persons[0].Name)
	}
	if got := packRanges(t, db); len(got) != 5 {
		t.Fatalf("packs after a quiet scan: %v", got)
	}
}

// The PersonKeys deceased key in Go matches the SQL expression.
func TestDeceasedKey(t *testing.T) {
	db, _ := openPackDB(t)
	for _, id := range []string{"", "62112119800101001x", "62112119800101001X99", "6211211980", "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛x", "abcdefghijklmnopqrstu"} {
		var want string
		err := db.SQL.QueryRow(`SELECT CASE WHEN length(?1) >= 18 THEN 'D' || upper(substr(?1, 1, 18)) ELSE 'D' END`, id).Scan(&want)
		if err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
		if got := deceasedKey(id); got != want {
			t.Errorf("deceasedKey(%q) = %q, SQL gives %q", id, got, want)
		}
	}
}

// An import holds the pack triggers inside its transaction, drops the packs of the
// households it writes itself, and lets the triggers work again before it commits.
func TestRegistryPacksImport(t *testing.T) { packEngines(t, testRegistryPacksImport) }

func testRegistryPacksImport(t *testing.T, db *DB, r *Registry) {
	ctx := context.Background()
	aggs := loadPackVillage(t, r, 12)
	scanBoth(t, r)
	before := packRanges(t, db)
	// working reports whether the pack triggers act in tx (or outside a transaction): on
	// SQLite they are there, on PostgreSQL they are there and not held.
	working := func(q ...*sql.Tx) bool {
		row := db.SQL.QueryRow
		if len(q) > 0 {
			row = q[0].QueryRow
		}
		var n int
		var held string
		if db.Dialect == SQLite {
			if err := row(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%pack%'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n == 16
		}
		if err := row(`SELECT count(*), coalesce(current_setting('gonggu.packs_held', true), '') FROM pg_trigger t
			JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace
			AND t.tgname LIKE '%pack%'`).Scan(&n, &held); err != nil {
			t.Fatal(err)
		}
		return n == 4 && held != "on"
	}
	if !working() || len(before) != 3 {
		t.Fatalf("triggers not working, packs %v", before)
	}
	write := func(commit bool) {
		t.Helper()
		tx, err := db.SQL.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		w := NewImports(db).Writer(tx)
		defer w.Close()
		changed := aggs[5] // in the second pack
		changed.Persons[0].Name = "李导入"
		added := packHousehold(packVillage, 20, 1) // in the last
		again := aggs[6]                           // in the second pack too
		// A household of a county never screened: it has no packs and no generation.
		other := packHousehold("621102100201", 1, 1)
		if err := w.Replace(ctx, []ImportKey{{County: packCounty, No: changed.Household.No}, {County: packCounty, No: again.Household.No}},
			[]*registry.Aggregate{&changed, &added, &again, &other}); err != nil {
			t.Fatal(err)
		}
		if working(tx) {
			t.Fatalf("pack triggers at work during the import")
		}
		if db.Dialect == Postgres && commit {
			// PostgreSQL has other writers meanwhile. A user's edit of the second pack deletes
			// it, and a screening builds it again without the import's rows and stores it:
			// the import must delete it, as it does the packs it read.
			edit := aggs[4]
			edit.Persons[0].Name = "李并发"
			if err := r.Put(ctx, &edit); err != nil {
				t.Fatal(err)
			}
			if got := packRanges(t, db); len(got) != 2 {
				t.Fatalf("after an edit during the import: %v", got)
			}
			if err := r.ScanCounty(ctx, packCounty, packCounty, ScanOptions{Screening: true}, func(*registry.Aggregate) error { return nil }); err != nil {
				t.Fatal(err)
			}
			if got := packRanges(t, db); !reflect.DeepEqual(got, before) {
				t.Fatalf("a screening during the import stored %v", got)
			}
		}
		if err := w.RebuildIndexes(ctx); err != nil {
			t.Fatal(err)
		}
		if commit {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(false)
	if ok, got := working(), packRanges(t, db); !ok || !reflect.DeepEqual(got, before) {
		t.Fatalf("after a rolled back import: triggers working %v, packs %v", ok, got)
	}
	gen := func() (g int64) {
		if err := db.SQL.QueryRow(db.Rebind(`SELECT gen FROM registry_pack_counties WHERE county_code = ?`), string(packCounty)).Scan(&g); err != nil {
			t.Fatal(err)
		}
		return g
	}
	gen0 := gen()
	write(true)
	if ok, got := working(), packRanges(t, db); !ok || !reflect.DeepEqual(got, before[:1]) {
		t.Fatalf("after an import: triggers working %v, packs %v (want %v)", ok, got, before[:1])
	}
	if g := gen(); g <= gen0 {
		t.Fatalf("the import did not raise the generation: %d, was %d", g, gen0)
	}
	var tracked int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM registry_pack_counties WHERE county_code = '621102000000'`).Scan(&tracked); err != nil || tracked != 0 {
		t.Fatalf("a county never screened got a generation (%d, %v)", tracked, err)
	}
	scan := scanBoth(t, r)
	if scan[5].Persons[0].Name != "李导入" || len(scan) != 13 || (db.Dialect == Postgres && scan[4].Persons[0].Name != "李并发") {
		t.Fatalf("the import does not show: %d households, %q", len(scan), scan[5].Persons[0].Name)
	}
	// The triggers are back: a user's edit after the import drops its pack again.
	b := scan[0]
	b.Persons[0].Name = "李编辑"
	if err := r.Put(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if got := packRanges(t, db); len(got) != 3 || got[0][:2] == ".." {
		t.Fatalf("after an edit: %v", got)
	}
}

// TestDeferExpressionIndexes: an import takes off only the expression index of persons (the
// ID key), then the others when it grows, and puts each back once.
func TestDeferExpressionIndexes(t *testing.T) {
	ctx := context.Background()
	db, _ := openPackDB(t)
	tx, err := db.SQL.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	indexes := func() string {
		idx, err := db.secondaryIndexes(ctx, tx, "persons", "households")
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(slices.Sorted(maps.Keys(idx)), " ")
	}
	before := indexes()
	if !strings.Contains(before, "households_phone") || !strings.Contains(before, "persons_name") {
		t.Fatalf("indexes before: %q", before)
	}
	w := NewImports(db).Writer(tx)
	defer w.Close()
	if err := w.DeferExpressionIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if got := indexes(); got != strings.Join(strings.Fields(strings.Replace(before, "persons_id18", "", 1)), " ") || got == before {
		t.Fatalf("after the expression index went: %q (before %q)", got, before)
	}
	if err := w.DeferIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	// All but the one the load reads households by (their 户编号, to find a county).
	if got := indexes(); got != "households_no" {
		t.Fatalf("after all went: %q", got)
	}
	if err := w.RebuildIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if got := indexes(); got != before {
		t.Fatalf("rebuilt %q, want %q", got, before)
	}
}

// BenchmarkInsertExpressionIndex: an import's inserts of 20,000 people into a registry of
// 100,000, their names, ID numbers and phones in no order as in a real file, with the
// expression index of persons kept up to date and with it taken off and rebuilt.
func BenchmarkInsertExpressionIndex(b *testing.B) {
	households := func(from, n int) []*registry.Aggregate {
		var out []*registry.Aggregate
		for i := from; i < from+n; i++ {
			a := packHousehold(fmt.Sprintf("6211211%03d%02d", 100+i/9000, 1+i/9000%90), 1+i%9000, 4)
			for j := range a.Persons {
				h := uint64(i*7+j)*0x9E3779B97F4A7C15 ^ 0xABCDEF
				p := &a.Persons[j]
				p.Name = fmt.Sprintf("名%x", h%100003)
				p.IDNumber = fmt.Sprintf("62%016d", h%1e16)
				p.Phone = fmt.Sprintf("13%09d", (h>>20)%1e9)
			}
			out = append(out, &a)
		}
		return out
	}
	stored, added := households(0, 25000), households(25000, 5000)
	write := func(b *testing.B, db *DB, aggs []*registry.Aggregate, deferred bool) {
		ctx := context.Background()
		tx, err := db.SQL.Begin()
		if err != nil {
			b.Fatal(err)
		}
		defer tx.Rollback()
		w := NewImports(db).Writer(tx)
		defer w.Close()
		if deferred {
			if err := w.DeferExpressionIndexes(ctx); err != nil {
				b.Fatal(err)
			}
		}
		for i := 0; i < len(aggs); i += 500 {
			if err := w.Replace(ctx, nil, aggs[i:min(i+500, len(aggs))]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.RebuildIndexes(ctx); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	for _, deferred := range []bool{false, true} {
		name := "kept"
		if deferred {
			name = "deferred"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db, _ := openPackDB(b)
				write(b, db, stored, false)
				b.StartTimer()
				write(b, db, added, deferred)
			}
		})
	}
}

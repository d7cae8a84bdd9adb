package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/importer"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// registryTables are the tables the partition test declares as partitions by county.
var registryTables = []string{"households", "persons", "incomes", "measures"}

// TestPartitionedRegistry is the one-machine rehearsal of docs/scale.md: the registry tables
// declared as PostgreSQL partitions by county, one county's partitions foreign tables
// (postgres_fdw) on a second PostgreSQL cluster the test starts itself, and gonggu's bulk load,
// an edit, screening and the scorecard giving the same results there as on one server.
func TestPartitionedRegistry(t *testing.T) {
	base := os.Getenv("GONGGU_TEST_PG")
	if base == "" {
		t.Skip("GONGGU_TEST_PG is not set: no PostgreSQL to partition")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() }) // after the scratch database is dropped
	var fdw int
	if err := admin.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'postgres_fdw'`).Scan(&fdw); err != nil {
		t.Fatal(err)
	}
	if fdw == 0 {
		t.Skip("postgres_fdw is not available on the server GONGGU_TEST_PG names: the foreign partitions cannot be declared")
	}

	// The second cluster, and the gonggu schema on it: its registry tables hold the rows of the
	// county whose partitions are foreign tables on the first.
	remoteDSN, remotePort := startCluster(t)
	remote, err := store.Open(ctx, remoteDSN, storetest.Clock())
	if err != nil {
		t.Fatalf("open the second cluster: %v", err)
	}
	t.Cleanup(func() { remote.Close() })

	tree, err := region.LoadArea(gen.DefaultArea)
	if err != nil {
		t.Fatal(err)
	}
	var counties []region.Code
	for _, c := range tree.Descendants(gen.DefaultArea, region.County) {
		counties = append(counties, c.Code)
	}
	away := counties[1] // the county on the second cluster

	one := storetest.Postgres(t) // one server: the schema as migrated
	parted := partitionedDB(t, ctx, admin, base, remotePort, counties, away)

	// The same households, bulk-loaded into both.
	cfg := gen.Config{Area: gen.DefaultArea, Households: 700, Seed: 23, Year: 2026, Ref: one.DB.Now(), Rates: gen.DefaultRates()}
	for _, db := range []*store.DB{one.DB, parted} {
		if _, err := gen.Fill(ctx, store.NewRegistry(db), tree, cfg); err != nil {
			t.Fatal(err)
		}
	}
	// The secondary indexes the bulk load took off are back on every local partition, valid:
	// lookups by 户编号, ID number or phone must not read whole partitions.
	var invalid, local, missing int
	if err := parted.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_index WHERE NOT indisvalid`).Scan(&invalid); err != nil {
		t.Fatal(err)
	}
	if err := parted.SQL.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT EXISTS (
			SELECT 1 FROM pg_indexes i WHERE i.tablename = c.relname AND i.indexdef LIKE '%(household_no)%'))
		FROM pg_class c JOIN pg_inherits h ON h.inhrelid = c.oid
		WHERE h.inhparent = 'households'::regclass AND c.relkind = 'r'`).Scan(&local, &missing); err != nil {
		t.Fatal(err)
	}
	if invalid > 0 || local == 0 || missing > 0 {
		t.Errorf("after the bulk load: %d invalid indexes; %d of %d local household partitions without the index by 户编号", invalid, missing, local)
	}
	var onRemote, inCounty int
	if err := remote.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM households`).Scan(&onRemote); err != nil {
		t.Fatal(err)
	}
	if err := one.DB.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM households WHERE county_code = $1`, string(away)).Scan(&inCounty); err != nil {
		t.Fatal(err)
	}
	if onRemote == 0 || onRemote != inCounty {
		t.Fatalf("the second cluster holds %d households, the county %s has %d", onRemote, away, inCounty)
	}

	// The national export of another draw of the same area, imported into both: the same
	// 户编号 with other contents, so the import changes households, people and incomes in place,
	// on the second cluster too.
	src := storetest.SQLite(t)
	if _, err := gen.Fill(ctx, store.NewRegistry(src.DB), tree, gen.Config{Area: gen.DefaultArea, Households: 700, Seed: 24,
		Year: 2026, Ref: one.DB.Now(), Rates: gen.DefaultRates()}); err != nil {
		t.Fatal(err)
	}
	plan, err := importer.PlanExport(ctx, src.DB, tree, gen.DefaultArea, filepath.Join(t.TempDir(), "export.csv"),
		importer.ExportOptions{CSV: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Write(ctx, src.DB, tree, nil); err != nil {
		t.Fatal(err)
	}
	country, err := region.Load()
	if err != nil {
		t.Fatal(err)
	}
	var files []importer.File
	for _, p := range plan.Files() {
		files = append(files, importer.File{Path: p})
	}
	var results []string
	for _, db := range []*store.DB{one.DB, parted} {
		im := &importer.Importer{DB: db, Tree: country, Now: db.Now, DefaultYear: 2025, Username: "partition"}
		st, res, err := im.Import(ctx, files, importer.Options{MarkLeft: true})
		if st != nil {
			st.Close()
		}
		if err != nil || res == nil {
			t.Fatalf("import: %v", err)
		}
		results = append(results, fmt.Sprintf("%+v %+v %d", res.Households, res.Persons, res.Incomes))
		if res.Households.Changed == 0 {
			t.Errorf("the import changed no stored household: nothing was rewritten through the partitions")
		}
	}
	t.Logf("import, households and persons: %s", results[0])
	if results[0] != results[1] {
		t.Errorf("the import counted differently:\n\tone server:  %s\n\tpartitioned: %s", results[0], results[1])
	}
	compareStores(t, "after the import", one.DB, parted, false)

	// Screening and the scorecard of the whole area, then an edit of a household on the
	// second cluster re-screened on its own.
	for _, db := range []*store.DB{one.DB, parted} {
		e := screen.New(db)
		if _, err := e.Run(ctx, screen.Options{Scope: gen.DefaultArea}); err != nil {
			t.Fatal(err)
		}
		if _, err := score.New(db, tree).Refresh(ctx, gen.DefaultArea); err != nil {
			t.Fatal(err)
		}
	}
	compareStores(t, "after screening", one.DB, parted, true)

	var no string
	if err := one.DB.SQL.QueryRowContext(ctx, `SELECT household_no FROM households WHERE county_code = $1
		ORDER BY household_no LIMIT 1`, string(away)).Scan(&no); err != nil {
		t.Fatal(err)
	}
	for _, db := range []*store.DB{one.DB, parted} {
		reg := store.NewRegistry(db)
		a, err := reg.Get(ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		// Two members share one ID number and the head's phone goes: findings to open.
		if len(a.Persons) > 1 {
			a.Persons[1].IDNumber = a.Persons[0].IDNumber
		}
		a.Household.Phone = ""
		a.Persons = append(a.Persons, registry.Person{No: a.Household.No + "99", HouseholdNo: a.Household.No, Name: "新成员", Relation: "其他",
			IDNumber: a.Persons[0].IDNumber})
		if err := reg.Put(ctx, a); err != nil {
			t.Fatalf("edit %s: %v", no, err)
		}
		if _, err := screen.New(db).Household(ctx, no); err != nil {
			t.Fatal(err)
		}
		if _, err := score.New(db, tree).Refresh(ctx, gen.DefaultArea); err != nil {
			t.Fatal(err)
		}
	}
	var members int
	if err := remote.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons WHERE household_no = $1`, no).Scan(&members); err != nil {
		t.Fatal(err)
	}
	if members == 0 {
		t.Fatalf("the edited household %s has no members on the second cluster", no)
	}
	compareStores(t, "after an edit on the second cluster", one.DB, parted, true)

	// A full screening reads the screening packs the first one stored: the edit, written through
	// the foreign partition, deleted the pack that held the household.
	for _, db := range []*store.DB{one.DB, parted} {
		if _, err := screen.New(db).Run(ctx, screen.Options{Scope: gen.DefaultArea}); err != nil {
			t.Fatal(err)
		}
	}
	compareStores(t, "after a full screening after the edit", one.DB, parted, true)
}

// compareStores compares what gonggu computed in two databases: the registry as read back,
// the findings and the scorecard's counts.
func compareStores(t *testing.T, when string, a, b *store.DB, screened bool) {
	t.Helper()
	for _, q := range []struct{ name, sql string }{
		{"households", `SELECT county_code, household_no, village_code, kind, category, phone, version FROM households`},
		{"persons", `SELECT county_code, household_no, person_no, name, id_number, relation FROM persons`},
		{"incomes", `SELECT county_code, household_no, year, wages, transfers, size FROM incomes`},
		{"measures", `SELECT county_code, household_no, seq, type, amount FROM measures`},
		{"findings", `SELECT county_code, rule_id, subject_kind, subject_id, household_no, region_code, status, explanation FROM findings`},
		{"rule gaps", `SELECT * FROM rule_gaps`},
		{"scorecard", `SELECT period, region_code, level, indicator, part, num, den FROM score_counts`},
	} {
		ra, rb := tableRows(t, a, q.sql), tableRows(t, b, q.sql)
		if len(ra) == 0 && q.name != "rule gaps" && (screened || strings.Contains(q.sql, " FROM households") ||
			strings.Contains(q.sql, " FROM persons") || strings.Contains(q.sql, " FROM incomes") || strings.Contains(q.sql, " FROM measures")) {
			t.Errorf("%s: no %s on one server", when, q.name)
		}
		if !reflect.DeepEqual(ra, rb) {
			t.Errorf("%s: %s differ: %d rows on one server, %d partitioned; first difference:\n%s", when, q.name,
				len(ra), len(rb), firstDiff(ra, rb))
		}
	}
}

// tableRows returns a query's rows as sorted strings.
func tableRows(t *testing.T, db *store.DB, q string) []string {
	t.Helper()
	rows, err := db.SQL.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func firstDiff(a, b []string) string {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return "\tone server:  " + x + "\n\tpartitioned: " + y
		}
	}
	return ""
}

// partitionedDB creates a scratch database on the server of base, migrates it, and declares
// the registry tables again as partitioned by county: one partition per county of the area,
// the county away a foreign table on the cluster listening on remotePort, a default partition
// for any other county. The database is dropped when the test ends.
func partitionedDB(t *testing.T, ctx context.Context, admin *sql.DB, base string, remotePort int, counties []region.Code, away region.Code) *store.DB {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := "gonggu_part_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := store.Open(ctx, u.String(), storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	var ddl []string
	ddl = append(ddl, `CREATE EXTENSION postgres_fdw`,
		fmt.Sprintf(`CREATE SERVER away FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '%d', dbname 'postgres')`, remotePort),
		`CREATE USER MAPPING FOR CURRENT_USER SERVER away OPTIONS (user 'postgres')`)
	for _, table := range registryTables {
		// The secondary indexes come back on the partitioned table; the primary key cannot,
		// since PostgreSQL allows no unique index over foreign partitions (Citus, with its
		// shards, keeps it: docs/scale.md).
		indexes := storetest.Strings(t, db, `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
			AND tablename = $1 AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))`, table)
		// The pack triggers come back on the partitioned table, which gives them to every
		// partition, the foreign ones too (LIKE copies none).
		triggers := storetest.Strings(t, db, `SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`, table)
		if len(triggers) == 0 {
			t.Fatalf("%s has no pack triggers to keep", table)
		}
		ddl = append(ddl,
			`ALTER TABLE `+table+` RENAME TO `+table+`_single`,
			`CREATE TABLE `+table+` (LIKE `+table+`_single INCLUDING DEFAULTS) PARTITION BY LIST (county_code)`)
		for _, c := range counties {
			part := table + "_" + c.Prefix()
			if c == away {
				ddl = append(ddl, `CREATE FOREIGN TABLE `+part+` PARTITION OF `+table+` FOR VALUES IN ('`+string(c)+`')
					SERVER away OPTIONS (schema_name 'public', table_name '`+table+`')`)
				continue
			}
			ddl = append(ddl, `CREATE TABLE `+part+` PARTITION OF `+table+` FOR VALUES IN ('`+string(c)+`')`)
		}
		ddl = append(ddl, `CREATE TABLE `+table+`_others PARTITION OF `+table+` DEFAULT`, `DROP TABLE `+table+`_single`)
		ddl = append(ddl, indexes...)
		ddl = append(ddl, triggers...)
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range ddl {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			tx.Rollback()
			t.Fatalf("%s: %v", strings.Join(strings.Fields(q), " "), err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return db
}

// startCluster initialises and starts a PostgreSQL cluster in a temporary folder on a free
// port, as test.sh does for its throwaway cluster (as the user gonggupg when running as root,
// since PostgreSQL refuses to run as root), and stops and removes it when the test ends.
func startCluster(t *testing.T) (dsn string, port int) {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Skip("no PostgreSQL server programs under /usr/lib/postgresql/*/bin to start the second cluster with")
	}
	sort.Strings(bins)
	bindir := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "gonggu-pg2-")
	if err != nil {
		t.Fatal(err)
	}
	var run []string
	if os.Geteuid() == 0 {
		if exec.Command("id", "gonggupg").Run() != nil {
			if out, err := exec.Command("useradd", "--system", "--no-create-home", "gonggupg").CombinedOutput(); err != nil {
				os.RemoveAll(dir)
				t.Fatalf("useradd gonggupg: %v\n%s", err, out)
			}
		}
		if out, err := exec.Command("chown", "gonggupg", dir).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			t.Fatalf("chown: %v\n%s", err, out)
		}
		run = []string{"runuser", "-u", "gonggupg", "--"}
	}
	cmd := func(name string, args ...string) *exec.Cmd {
		all := append(append(append([]string{}, run...), filepath.Join(bindir, name)), args...)
		return exec.Command(all[0], all[1:]...)
	}
	data := filepath.Join(dir, "data")
	if out, err := cmd("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	// A free port: taken from the kernel, released, and handed to PostgreSQL.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60", port, dir)
	if out, err := cmd("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "-o", opts, "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	t.Cleanup(func() {
		if out, err := cmd("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
			t.Errorf("pg_ctl stop: %v\n%s", err, out)
		}
		os.RemoveAll(dir)
	})
	dsn = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	// Wait until it answers TCP as well as its socket.
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			c.Close()
			break
		}
		if i == 50 {
			t.Fatalf("the second cluster does not answer on port %d", port)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return dsn, port
}

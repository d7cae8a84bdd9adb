package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// importBoth imports the files in turn into two new databases: with Import (one pass where it
// can) and with Stage followed by Apply. It returns whether each import was one pass.
func importBoth(t *testing.T, e1, e2 storetest.Engine, opts Options, steps ...[]string) []bool {
	t.Helper()
	var onePass []bool
	for _, paths := range steps {
		im1, im2 := newImporter(t, e1.DB), newImporter(t, e2.DB)
		st1, res1, err1 := im1.Import(context.Background(), files(paths...), opts)
		var rep1 *Report
		if st1 != nil {
			rep1 = &st1.Report
			onePass = append(onePass, st1.spill == nil)
			defer st1.Close()
		}
		st2, err2 := im2.Stage(context.Background(), files(paths...))
		var rep2 *Report
		var res2 *Result
		if err2 == nil {
			defer st2.Close()
			rep2 = &st2.Report
			if rep2.OK() || (opts.Partial && !rep2.Fatal) {
				res2, err2 = im2.Apply(context.Background(), st2, opts)
			}
		}
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("%v: Import: %v, Stage and Apply: %v", paths, err1, err2)
		}
		if !reflect.DeepEqual(rep1, rep2) {
			t.Errorf("%v: reports differ:\n%+v\n%+v", paths, rep1, rep2)
		}
		for _, r := range []*Result{res1, res2} {
			if r != nil {
				r.ID, r.Duration = "", 0
			}
		}
		if !reflect.DeepEqual(res1, res2) {
			t.Errorf("%v: results differ:\n%+v\n%+v", paths, res1, res2)
		}
		if a, b := snapshot(t, e1.DB), snapshot(t, e2.DB); !reflect.DeepEqual(a, b) {
			t.Errorf("%v: registers differ", paths)
		}
		for _, table := range []string{"imports", "pending_screens"} {
			if a, b := count(t, e1.DB, table), count(t, e2.DB, table); a != b {
				t.Errorf("%v: %d rows of %s, want %d", paths, a, table, b)
			}
		}
	}
	return onePass
}

// TestImportOnePass: Import reads a file whose rows come in 户编号 order in one pass, and
// anything else in the two passes of Stage and Apply; either way the report, the result and
// the register are those of Stage and Apply.
func TestImportOnePass(t *testing.T) {
	generated := filepath.Join(t.TempDir(), "generated.xlsx")
	if _, err := writeGenerated(context.Background(), generated, 3000, false); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		opts    Options
		steps   [][]string
		onePass []bool
	}{
		{"members", Options{}, [][]string{{"reimport_1.xlsx"}}, []bool{true}},
		{"re-import", Options{}, [][]string{{"reimport_1.xlsx"}, {"reimport_2.xlsx"}, {"reimport_2.xlsx"}}, []bool{true, true, true}},
		{"re-import marking left", Options{MarkLeft: true}, [][]string{{"reimport_1.xlsx"}, {"reimport_2.xlsx"}}, []bool{true, true}},
		{"dry run", Options{DryRun: true}, [][]string{{"reimport_1.xlsx"}}, []bool{true}},
		{"generated members and incomes", Options{}, [][]string{{generated}}, []bool{false}},
		{"scattered rows", Options{}, [][]string{{"scattered_gbk.csv"}}, []bool{false}},
		{"blocking errors", Options{}, [][]string{{"../nationalfmt/testdata/broken.xlsx"}}, []bool{false}},
		{"blocking errors, partial", Options{Partial: true}, [][]string{{"../nationalfmt/testdata/broken.xlsx"}}, []bool{false}},
		{"damaged update", Options{Partial: true}, [][]string{{"reimport_1.xlsx"}, {"damaged_update.xlsx"}}, []bool{true, false}},
		{"incomes of stored households", Options{}, [][]string{{"../nationalfmt/testdata/members.xlsx"}, {"incomes_2025.xlsx"}}, nil},
		{"incomes of households not stored", Options{}, [][]string{{"incomes_2025.xlsx"}}, []bool{false}},
		{"missing columns", Options{}, [][]string{{"../nationalfmt/testdata/missing_columns.xlsx"}}, []bool{false}},
		{"csv", Options{}, [][]string{{"../nationalfmt/testdata/members_utf8bom.csv"}, {"../nationalfmt/testdata/members_gb18030.csv"}}, nil},
		{"two files", Options{}, [][]string{{"../nationalfmt/testdata/members.xlsx", "../nationalfmt/testdata/incomes.xlsx"}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			e1, e2 := storetest.SQLite(t), storetest.SQLite(t)
			got := importBoth(t, e1, e2, c.opts, c.steps...)
			if c.onePass != nil && !reflect.DeepEqual(got, c.onePass) {
				t.Errorf("one pass %v, want %v", got, c.onePass)
			}
		})
	}
}

// TestImportOnePassPostgres runs a re-import in one pass on PostgreSQL.
func TestImportOnePassPostgres(t *testing.T) {
	if os.Getenv("GONGGU_TEST_PG") == "" {
		t.Skip("GONGGU_TEST_PG is not set")
	}
	e1, e2 := storetest.Postgres(t), storetest.Postgres(t)
	if got := importBoth(t, e1, e2, Options{}, []string{"reimport_1.xlsx"}, []string{"reimport_2.xlsx"}); !reflect.DeepEqual(got, []bool{true, true}) {
		t.Errorf("one pass %v", got)
	}
}

// TestImportOnePassDefersIndexes: a large load in one pass takes the indexes of persons off
// once it has read as many people as are stored, and puts them back before it commits.
func TestImportOnePassDefersIndexes(t *testing.T) {
	defer func(n int, size int64) { deferIndexesAbove, largeFile = n, size }(deferIndexesAbove, largeFile)
	deferIndexesAbove, largeFile = 5, 0
	e := storetest.SQLite(t)
	path := filepath.Join(t.TempDir(), "members.xlsx")
	if _, err := writeGenerated(context.Background(), path, 2000, true); err != nil {
		t.Fatal(err)
	}
	indexes := func() string { return personIndexes(t, e.DB) }
	want := indexes()
	im := newImporter(t, e.DB)
	st, res, err := im.Import(context.Background(), files(path), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.spill != nil || res.Persons.Added < 2000 || !res.rebuilt {
		t.Fatalf("one pass %v, %+v", st.spill == nil, res.Persons)
	}
	if got := indexes(); got != want {
		t.Errorf("indexes %s, want %s", got, want)
	}
	var check string
	if err := e.DB.SQL.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity %q %v", check, err)
	}
	var n int
	if err := e.DB.SQL.QueryRow(`SELECT COUNT(*) FROM persons INDEXED BY persons_name WHERE name <> ''`).Scan(&n); err != nil || n == 0 {
		t.Errorf("%d persons through the rebuilt index: %v", n, err)
	}
}

// TestImportDefersExpressionIndex: a load that brings fewer people than are stored but a
// twentieth of them or more takes the expression index of persons (the ID key) off and puts it
// back before it commits (which index is store.TestDeferExpressionIndexes's); a load that fails
// leaves it where it was.
func TestImportDefersExpressionIndex(t *testing.T) {
	defer func(n int, size int64) { deferIndexesAbove, largeFile = n, size }(deferIndexesAbove, largeFile)
	deferIndexesAbove, largeFile = 5, 0
	e := storetest.SQLite(t)
	dir := t.TempDir()
	all, part := filepath.Join(dir, "all.xlsx"), filepath.Join(dir, "part.xlsx")
	if _, err := writeGenerated(context.Background(), all, 2000, true); err != nil {
		t.Fatal(err)
	}
	if _, err := writeGenerated(context.Background(), part, 400, true); err != nil {
		t.Fatal(err)
	}
	im := newImporter(t, e.DB)
	st, _, err := im.Import(context.Background(), files(all), Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	indexes := func() string { return personIndexes(t, e.DB) }
	want := indexes()
	if !strings.Contains(want, "persons_id18") {
		t.Fatalf("indexes before: %s", want)
	}
	st, res, err := im.Import(context.Background(), files(part), Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if !res.rebuilt {
		t.Error("the load of a fifth of the people stored kept the ID index up to date row by row")
	}
	if got := indexes(); got != want {
		t.Errorf("indexes after %s, want %s", got, want)
	}
	var n int
	if err := e.DB.SQL.QueryRow(`SELECT COUNT(*) FROM persons INDEXED BY persons_id18 WHERE upper(substr(id_number, 1, 18)) > ''`).Scan(&n); err != nil || n == 0 {
		t.Errorf("%d persons through the rebuilt ID index: %v", n, err)
	}
	im.beforeCommit = func(context.Context) error { return errors.New("stop") }
	if st, _, err := im.Import(context.Background(), files(part), Options{}); err == nil {
		st.Close()
		t.Fatal("the failed load committed")
	}
	if got := indexes(); got != want {
		t.Errorf("indexes after a failed load %s, want %s", got, want)
	}
}

// personIndexes lists the indexes of persons by name (SQLite; "" on PostgreSQL).
func personIndexes(t testing.TB, db *store.DB) string {
	t.Helper()
	if db.Dialect != store.SQLite {
		return ""
	}
	return strings.Join(storetest.Strings(t, db, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons' ORDER BY name`), " ")
}

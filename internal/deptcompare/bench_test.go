package deptcompare_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/deptcompare"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// BenchmarkCompare matches a department list of GONGGU_BENCH_DEPT_ROWS rows (default
// 1,000,000) against the registry in GONGGU_BENCH_DB, a SQLite file filled by `gonggu gen
// --households 1000000` (about 3.5 million people): reading the csv with its whole-file check,
// indexing it, scanning every person of the area, and writing the matched rows, the persons
// missing from the roster and the filled fields in one transaction. Re-screening is the
// screening's own cost and is not included. GONGGU_BENCH_DEPT_KIND picks the list (医保 by
// default).
func BenchmarkCompare(b *testing.B) {
	dsn := os.Getenv("GONGGU_BENCH_DB")
	if dsn == "" {
		b.Skip("set GONGGU_BENCH_DB to a database filled by gonggu gen --households 1000000")
	}
	n := 1_000_000
	if s := os.Getenv("GONGGU_BENCH_DEPT_ROWS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	kind := deptlists.Medical
	// A list of a million out of the area's 3.5 million people is partial: unless
	// GONGGU_BENCH_DEPT_FULL asks for a complete roster (which then lists everyone it misses).
	partial := os.Getenv("GONGGU_BENCH_DEPT_FULL") == ""
	if s := os.Getenv("GONGGU_BENCH_DEPT_KIND"); s != "" {
		kind = deptlists.Kind(s)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) })
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	counties, err := store.NewRegistry(db).Counties(ctx, "")
	if err != nil || len(counties) == 0 {
		b.Fatalf("no registry: %v", err)
	}
	scope := counties[0].Up(region.City)
	path := filepath.Join(b.TempDir(), "list.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	// A share of the persons such that the list holds about n rows.
	rate := 0.3
	if kind != deptlists.Medical {
		rate = 1
	}
	rows, wrong, err := gen.DeptList(ctx, db, scope, gen.DeptListConfig{Kind: kind, Seed: 1, Year: 2026, Rate: rate, Wrong: 0.001,
		Outsiders: n / 50, Max: n - n/50}, f)
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(path)
	b.Logf("%s list: %d rows (%d contradicting), %d MB", kind, rows, wrong, st.Size()>>20)
	svc := deptcompare.New(db, nil, nil)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		in, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		res, err := deptcompare.Read(kind, "list.csv", in, st.Size())
		if err != nil {
			b.Fatal(err)
		}
		read := time.Since(start)
		out, err := svc.Compare(ctx, res, deptcompare.Options{Kind: kind, Scope: scope, Year: 2026, Partial: partial})
		in.Close()
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.Logf("read %s, total %s: %d rows, matched %d, unmatched %d, missing %d, filled %d; heap in use %d MB",
			read.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), out.Rows, out.Matched, out.Unmatched,
			out.Missing, out.Filled, ms.HeapInuse>>20)
	}
}

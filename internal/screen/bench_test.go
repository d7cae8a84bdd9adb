package screen_test

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// The benchmarks screen a generated area of 定西市. BenchmarkScreen needs
// GONGGU_BENCH_HOUSEHOLDS (e.g. 1000000): generating a million households takes minutes, so
// GONGGU_BENCH_DB (a SQLite file) and GONGGU_BENCH_PG (a PostgreSQL DSN) name databases that
// are filled on first use and reused afterwards. Without GONGGU_BENCH_PG the PostgreSQL case
// runs in a fresh schema of GONGGU_TEST_PG, when that is set. Peak memory is reported from the
// process's VmHWM, which includes the generation when it ran in the same process: run once to
// fill the databases, then again to measure.

func benchDBs(b *testing.B, n int) map[string]*store.DB {
	b.Helper()
	ctx := context.Background()
	out := map[string]*store.DB{}
	open := func(name, dsn string) {
		db, err := store.Open(ctx, dsn, func() time.Time { return genRef })
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		reg := store.NewRegistry(db)
		have, err := reg.CountHouseholds(ctx, "")
		if err != nil {
			b.Fatal(err)
		}
		if have == 0 {
			tree, err := region.LoadArea(gen.DefaultArea)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if _, err := gen.Fill(ctx, reg, tree, gen.Config{Area: gen.DefaultArea, Households: n, Seed: 1, Year: 2026,
				Ref: genRef, Rates: gen.DefaultRates()}); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: generated %d households in %s", name, n, time.Since(start).Round(time.Second))
		} else if have != n {
			b.Logf("%s: using the %d households already there", name, have)
		}
		out[name] = db
	}
	lite := os.Getenv("GONGGU_BENCH_DB")
	if lite == "" {
		lite = b.TempDir() + "/bench.db"
	}
	open("sqlite", lite)
	if pg := os.Getenv("GONGGU_BENCH_PG"); pg != "" {
		open("postgres", pg)
	} else if base := os.Getenv("GONGGU_TEST_PG"); base != "" {
		dsn, drop := storetest.NewSchema(b, base)
		b.Cleanup(drop)
		open("postgres", dsn)
	}
	return out
}

// BenchmarkScreen runs the full screening of the area: the index pass, the scan of every
// household with every rule and the diff against the stored findings.
func BenchmarkScreen(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("GONGGU_BENCH_HOUSEHOLDS"))
	if n <= 0 {
		b.Skip("set GONGGU_BENCH_HOUSEHOLDS (e.g. 1000000) to run")
	}
	dbs := benchDBs(b, n)
	for _, name := range []string{"sqlite", "postgres"} {
		db := dbs[name]
		if db == nil {
			continue
		}
		b.Run(name, func(b *testing.B) {
			// The settings gonggu screen runs with (internal/cli/screen.go).
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			defer debug.SetMemoryLimit(debug.SetMemoryLimit(1200 << 20))
			en := screen.New(db)
			en.Now, en.Year = func() time.Time { return genRef }, 2026
			var sum *screen.Summary
			for b.Loop() {
				var err error
				if sum, err = en.Run(context.Background(), screen.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(sum.Run.Households), "households")
			b.ReportMetric(float64(sum.Run.Opened+sum.Run.Kept), "findings")
			b.ReportMetric(float64(peakMB()), "peakMB")
		})
	}
}

// BenchmarkRescreenOne re-screens one household after an edit, as the web layer does: read it,
// read its registry-wide context by index, diff and write its findings.
func BenchmarkRescreenOne(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("GONGGU_BENCH_HOUSEHOLDS"))
	if n <= 0 {
		n = 20000
	}
	dbs := benchDBs(b, n)
	for _, name := range []string{"sqlite", "postgres"} {
		db := dbs[name]
		if db == nil {
			continue
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			en := screen.New(db)
			en.Now, en.Year = func() time.Time { return genRef }, 2026
			var nos []string
			rows, err := db.SQL.QueryContext(ctx, `SELECT household_no FROM households ORDER BY household_no LIMIT 5000`)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				var no string
				rows.Scan(&no)
				nos = append(nos, no)
			}
			rows.Close()
			i := 0
			for b.Loop() {
				if _, err := en.Household(ctx, nos[i%len(nos)]); err != nil {
					b.Fatal(err)
				}
				i += 7
			}
		})
	}
}

// peakMB returns the process's peak resident memory in MB.
func peakMB() int {
	if buf, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(buf), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					kb, _ := strconv.Atoi(f[0])
					return kb >> 10
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int(ms.Sys >> 20)
}

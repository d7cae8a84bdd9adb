package cli

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// BenchmarkScreenAll screens the area in GONGGU_BENCH_DB (a SQLite file or postgres:// URL
// filled by `gonggu gen --households 1000000`) with every domain wired in, as `gonggu screen`
// and the web do: the registry's rules and the support domain's, whose facts (each
// household's pairings, last visit, grid) and objects (cadres, work-team members, grids) are
// read in the same run. When the area has no visits yet, the support domain's demo data is
// filled first (cadres, pairings, a year of visits …; about 2.5 visits per household), outside
// the timing (unless GONGGU_BENCH_NOFILL is set: the registry alone, every domain empty). It
// reports the visits screened with the rest.
func BenchmarkScreenAll(b *testing.B) {
	dsn := os.Getenv("GONGGU_BENCH_DB")
	if dsn == "" {
		b.Skip("set GONGGU_BENCH_DB to a database filled by gonggu gen --households 1000000")
	}
	ctx := context.Background()
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Now: func() time.Time { return now },
		Log: slog.New(slog.DiscardHandler)}
	db, err := store.Open(ctx, dsn, m.Now)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	count := func(table string) int {
		var n int
		if err := db.SQL.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			b.Fatal(err)
		}
		return n
	}
	area := region.Code("621100000000")
	if count("visits") == 0 && os.Getenv("GONGGU_BENCH_NOFILL") == "" {
		tree, err := region.LoadArea(area)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := fillSupport(ctx, m, db, tree, area); err != nil {
			b.Fatal(err)
		}
		b.Logf("support demo data filled in %s", time.Since(start).Round(time.Second))
	}
	visits, households := count("visits"), count("households")
	b.ResetTimer()
	for range b.N {
		if _, err := m.newEngine(db).Run(ctx, screen.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(visits), "visits")
	b.ReportMetric(float64(households), "households")
}

package importer

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// BenchmarkExport exports the registry of 定西市 as gonggu export registry does, to an xlsx
// workbook (split by county when a table exceeds a sheet) and to csv files:
//
//	GONGGU_BENCH_EXPORT_DB=/tmp/g300k.db go test -run '^$' -bench Export -benchtime 1x ./internal/importer
//
// GONGGU_BENCH_EXPORT_DB names a SQLite file or a postgres:// database; when its registry is
// empty, GONGGU_BENCH_EXPORT_HOUSEHOLDS households (300000 by default, about 1,050,000
// people) are generated into it first, and the peak memory then includes the generation: run
// again to measure. It reports the member rows written per run and the process's peak
// resident memory.
func BenchmarkExport(b *testing.B) {
	dsn := os.Getenv("GONGGU_BENCH_EXPORT_DB")
	if dsn == "" {
		b.Skip("GONGGU_BENCH_EXPORT_DB is not set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	reg := store.NewRegistry(db)
	area, err := region.LoadArea(gen.DefaultArea)
	if err != nil {
		b.Fatal(err)
	}
	if n, err := reg.CountHouseholds(ctx, ""); err != nil {
		b.Fatal(err)
	} else if n == 0 {
		households, _ := strconv.Atoi(os.Getenv("GONGGU_BENCH_EXPORT_HOUSEHOLDS"))
		if households <= 0 {
			households = 300000
		}
		if _, err := gen.Fill(ctx, reg, area, gen.Config{Area: gen.DefaultArea, Households: households, Seed: 7, Year: 2026,
			Ref: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Rates: gen.DefaultRates()}); err != nil {
			b.Fatal(err)
		}
	}
	for _, format := range []string{"xlsx", "csv"} {
		b.Run(format, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "定西."+format)
			var stats ExportStats
			for b.Loop() {
				plan, err := PlanExport(ctx, db, area, gen.DefaultArea, out, ExportOptions{CSV: format == "csv"})
				if err != nil {
					b.Fatal(err)
				}
				if stats, err = plan.Write(ctx, db, area, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(stats.Persons), "rows")
			b.ReportMetric(peakRSS(), "peakMB")
		})
	}
}

package gen_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/store"
)

func openStore(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, func() time.Time { return ref })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFill(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "gen.db"))
	reg := store.NewRegistry(db)
	cfg := testConfig(4500, 3, gen.DefaultRates()) // three batches, the last one short
	stats, err := gen.Fill(context.Background(), reg, dingxi(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := reg.CountHouseholds(context.Background(), gen.DefaultArea); err != nil || n != 4500 {
		t.Fatalf("CountHouseholds = %d, %v; want 4500", n, err)
	}
	for table, want := range map[string]int{"households": stats.Households, "persons": stats.Persons,
		"incomes": stats.Incomes, "measures": stats.Measures} {
		if got := count(t, db, table); got != want {
			t.Errorf("%s: %d rows, stats say %d", table, got, want)
		}
	}

	// What was written is what Generate makes.
	want := generate(t, cfg, 1000).aggs[1234]
	got, err := reg.Get(context.Background(), want.Household.No)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Persons, want.Persons) || !reflect.DeepEqual(got.Incomes, want.Incomes) ||
		got.Household.Phone != want.Household.Phone || len(got.Measures) != len(want.Measures) {
		t.Errorf("household %s read back differs:\n got %+v\nwant %+v", want.Household.No, got, want)
	}
}

func TestFillStopsOnStoreError(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "gen.db"))
	reg := store.NewRegistry(db)
	cfg := testConfig(3000, 3, nil)
	if _, err := gen.Fill(context.Background(), reg, dingxi(t), cfg); err != nil {
		t.Fatal(err)
	}
	// The same households again: the store refuses the duplicates and Fill reports it.
	if _, err := gen.Fill(context.Background(), reg, dingxi(t), cfg); err == nil {
		t.Fatal("filling the same households twice gave no error")
	}
}

// TestFillLarge measures Fill on a large area. It runs only when GONGGU_GEN_FILL is set to
// "households[:path]", e.g. GONGGU_GEN_FILL=1000000:/tmp/gen1m.db (the file is replaced).
func TestFillLarge(t *testing.T) {
	spec := os.Getenv("GONGGU_GEN_FILL")
	if spec == "" {
		t.Skip("set GONGGU_GEN_FILL=households[:path] to measure Fill")
	}
	nStr, path, _ := strings.Cut(spec, ":")
	n, err := strconv.Atoi(nStr)
	if err != nil {
		t.Fatal(err)
	}
	if path == "" {
		path = filepath.Join(t.TempDir(), "gen.db")
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	db := openStore(t, path)
	start := time.Now()
	stats, err := gen.Fill(context.Background(), store.NewRegistry(db), dingxi(t), testConfig(n, 1, gen.DefaultRates()))
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("Fill %d households (%d persons, %d incomes, %d measures) into %s: %s, %.0f households/s, peak RSS %d MB, Go heap sys %d MB",
		stats.Households, stats.Persons, stats.Incomes, stats.Measures, path, elapsed.Round(time.Millisecond),
		float64(stats.Households)/elapsed.Seconds(), peakRSS(), ms.HeapSys>>20)
}

// peakRSS returns the process's peak resident memory in MB (VmHWM), or 0 off Linux.
func peakRSS() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.Atoi(f[0])
				return kb >> 10
			}
		}
	}
	return 0
}

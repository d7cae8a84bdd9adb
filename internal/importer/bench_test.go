package importer

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/workbook"
)

// The import benchmark reads a member export of GONGGU_BENCH_ROWS rows (1000000 for the
// target of ARCHITECTURE.md), generated once into the temporary folder by the generator and
// the exporter, into a new SQLite database, as gonggu import does (Import):
//
//	GONGGU_BENCH_ROWS=1000000 go test -run '^$' -bench Import -benchtime 1x ./internal/importer
//
// It reports rows/s and the process's peak resident memory (the file is generated in a child
// process, so that its memory does not count). GONGGU_BENCH_ENGINE=postgres imports into a
// new schema on GONGGU_TEST_PG instead; GONGGU_BENCH_FORMAT=csv reads the same rows from a
// UTF-8 csv; GONGGU_BENCH_TWOPASS=1 stages and applies in two passes, as a file whose rows
// are not in 户编号 order is imported.

func benchRows() int {
	n, _ := strconv.Atoi(os.Getenv("GONGGU_BENCH_ROWS"))
	return n
}

func benchFile(rows int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("gonggu-bench-%d.xlsx", rows))
}

// writeBenchCSV writes the rows of the benchmark's xlsx file as a UTF-8 csv, as a sheet saved
// as csv is.
func writeBenchCSV(xlsx, path string) error {
	book, err := workbook.Open(xlsx)
	if err != nil {
		return err
	}
	defer book.Close()
	sh, err := book.Sheet(0)
	if err != nil {
		return err
	}
	defer sh.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	bw.WriteString("\uFEFF")
	w := csv.NewWriter(bw)
	w.UseCRLF = true
	for sh.Next() {
		w.Write(sh.Row().Cells)
	}
	if err := sh.Err(); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// TestGenerateBenchFile writes the benchmark's file when GONGGU_BENCH_GENERATE names the
// number of rows; BenchmarkImport runs it in a child process.
func TestGenerateBenchFile(t *testing.T) {
	rows, _ := strconv.Atoi(os.Getenv("GONGGU_BENCH_GENERATE"))
	if rows <= 0 {
		t.Skip("GONGGU_BENCH_GENERATE is not set")
	}
	start := time.Now()
	n, err := writeGenerated(context.Background(), benchFile(rows), rows, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d member rows to %s in %s", n, benchFile(rows), time.Since(start))
}

// writeGenerated writes generated households of 定西市 with at least rows people to path in
// the national format and returns the number of member rows.
func writeGenerated(ctx context.Context, path string, rows int, membersOnly bool) (int, error) {
	tree, err := region.LoadArea(gen.DefaultArea)
	if err != nil {
		return 0, err
	}
	w, err := nationalfmt.NewWriter(nationalfmt.NamesFrom(tree))
	if err != nil {
		return 0, err
	}
	defer w.Close()
	w.MembersOnly = membersOnly
	// About 3.5 people a household; stop at rows people.
	cfg := gen.Config{Households: rows*2/7 + 100, Seed: 7, Year: 2024, Rates: gen.DefaultRates()}
	enough := fmt.Errorf("enough")
	_, err = gen.Generate(ctx, tree, cfg, 1000, func(batch []registry.Aggregate) error {
		for i := range batch {
			if w.Stats().Persons >= rows {
				return enough
			}
			if err := w.Write(&batch[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && err != enough {
		return 0, err
	}
	return w.Stats().Persons, w.SaveAs(path)
}

// cpuTime returns the CPU time the process has used, user and system: on a machine shared
// with other work it varies less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.Atoi(f[0])
				return float64(kb) / 1024
			}
		}
	}
	return 0
}

func BenchmarkImport(b *testing.B) {
	rows := benchRows()
	if rows <= 0 {
		b.Skip("GONGGU_BENCH_ROWS is not set")
	}
	path := benchFile(rows)
	if _, err := os.Stat(path); err != nil {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGenerateBenchFile$", "-test.v")
		cmd.Env = append(os.Environ(), "GONGGU_BENCH_GENERATE="+strconv.Itoa(rows))
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("generate %s: %v", path, err)
		}
	}
	if os.Getenv("GONGGU_BENCH_FORMAT") == "csv" {
		xlsx := path
		path = strings.TrimSuffix(path, ".xlsx") + ".csv"
		if _, err := os.Stat(path); err != nil {
			if err := writeBenchCSV(xlsx, path); err != nil {
				os.Remove(path)
				b.Fatalf("write %s: %v", path, err)
			}
		}
	}
	twoPass := os.Getenv("GONGGU_BENCH_TWOPASS") != ""
	b.ResetTimer()
	if kib, _ := strconv.Atoi(os.Getenv("GONGGU_BENCH_CACHE_KIB")); kib > 0 {
		sqliteImportCacheKiB = kib
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := storetest.SQLite(b)
		if os.Getenv("GONGGU_BENCH_ENGINE") == "postgres" {
			e = storetest.Postgres(b)
		}
		im := newImporter(b, e.DB)
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		var st *Staged
		var res *Result
		var err error
		how := "one pass"
		if twoPass {
			if st, err = im.Stage(context.Background(), []File{{Path: path}}); err != nil {
				b.Fatal(err)
			}
			how = fmt.Sprintf("stage %s, peak %.0f MB", time.Since(start).Round(time.Millisecond), peakRSS())
			res, err = im.Apply(context.Background(), st, Options{Partial: true})
		} else {
			st, res, err = im.Import(context.Background(), []File{{Path: path}}, Options{Partial: true})
			if st != nil && st.spill != nil {
				how = "two passes"
			}
		}
		if st != nil {
			st.Close()
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		total := time.Since(start)
		b.Logf("%s %s, %d rows (%d households, %d persons): %s, total %s (CPU %s); %d blocking, %d defects",
			e.Name, filepath.Ext(path), st.Report.Rows, res.Households.Added, res.Persons.Added, how,
			total.Round(time.Millisecond), (cpuTime() - cpu0).Round(time.Millisecond), st.Report.Blocking, st.Report.DefectTotal)
		b.ReportMetric(float64(st.Report.Rows)/total.Seconds(), "rows/s")
		e.DB.Close()
		b.StartTimer()
	}
	b.ReportMetric(peakRSS(), "peak-MB")
}

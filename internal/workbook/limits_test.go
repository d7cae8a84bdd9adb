package workbook_test

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/workbook"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

// readHostile opens data as an uploaded file and reads every row of its first sheet. It
// returns the error that stopped it and the bytes allocated meanwhile.
func readHostile(t *testing.T, name string, data []byte) (error, uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := func() error {
		b, err := workbook.OpenReader(name, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return err
		}
		defer b.Close()
		s, err := b.Sheet(0)
		if err != nil {
			return err
		}
		defer s.Close()
		for s.Next() {
		}
		return s.Err()
	}()
	runtime.ReadMemStats(&after)
	return err, after.TotalAlloc - before.TotalAlloc
}

// TestHostileFiles feeds the reader what an attacker would upload. Each is refused with an
// errs.Invalid message that says what is wrong, and reading it allocates a bounded amount
// whatever the file inflates to.
func TestHostileFiles(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"bomb 256 MiB", "bomb.xlsx", hostile.Bomb(nil, 256*mib), "压缩炸弹"},
		{"bomb with a lying header", "lying.xlsx", hostile.LyingBomb(nil, 256*mib), "压缩炸弹"},
		{"huge inline cell", "cell.xlsx", hostile.HugeCell(nil, 40000), "第 2 行 B 列"},
		{"huge shared string", "sst.xlsx", hostile.HugeSharedString(nil, 200000), "共享字符串表第 1 条"},
		{"too many columns", "cols.xlsx", hostile.HugeRow(nil, workbook.MaxCols+1, 1), "列数超过上限"},
		{"huge row", "row.xlsx", hostile.HugeRow(nil, 200, 30000), "第 2 行的内容超过"},
		{"csv line without end", "line.csv", hostile.CSVLongLine(nil, 100*mib), "第 2 行超过 1 MB"},
		{"csv cut inside a quote", "cut.csv", hostile.CSVOpenQuote(nil), "引号没有闭合"},
		{"csv huge cell", "cell.csv", []byte("序号,问题描述\n1," + strings.Repeat("王", 40000) + "\n"), "第 2 行第 2 列"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.data) > 2*mib && strings.HasSuffix(tc.file, ".xlsx") {
				t.Fatalf("the hostile file is %d bytes: it should be small", len(tc.data))
			}
			start := time.Now()
			err, alloc := readHostile(t, tc.file, tc.data)
			if err == nil {
				t.Fatal("read without error")
			}
			if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), tc.want) {
				t.Fatalf("error %q (%v), want errs.Invalid containing %q", errs.Message(err), err, tc.want)
			}
			if alloc > 64*mib {
				t.Errorf("reading allocated %d MiB", alloc/mib)
			}
			t.Logf("%d bytes refused in %v, %d KiB allocated: %s", len(tc.data), time.Since(start).Round(time.Millisecond), alloc>>10, errs.Message(err))
		})
	}
}

// TestCSVGuardKeepsRealFiles reads the csv forms real files have through the guard: quoted
// cells with line breaks, commas and escaped quotes, bare quotes inside unquoted cells,
// CRLF, and rows before a bad one are delivered first.
func TestCSVGuardKeepsRealFiles(t *testing.T) {
	data := "户编号,姓名,备注\r\n1,王建国,\"住址：定西市\r\n安定区\"\r\n2,李\"四\",\"他说\"\"好\"\"\"\r\n3,张三,\"a,b\"\r\n"
	c, err := workbook.NewCSV("t", strings.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for c.Next() {
		got = append(got, append([]string(nil), c.Row().Cells...))
	}
	if err := c.Err(); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"户编号", "姓名", "备注"}, {"1", "王建国", "住址：定西市\n安定区"}, {"2", "李\"四\"", "他说\"好\""}, {"3", "张三", "a,b"}}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got %q, want %q", i+1, got[i], want[i])
		}
	}

	bad := "a,b\n1,2\n3," + strings.Repeat("x", 2<<20) + "\n"
	c, _ = workbook.NewCSV("t", strings.NewReader(bad), int64(len(bad)))
	n := 0
	for c.Next() {
		n++
	}
	if n != 2 || c.Err() == nil {
		t.Fatalf("read %d rows before the long one, error %v; want 2 and an error", n, c.Err())
	}
}

package web_test

import (
	"net/http"
	"os"
	"runtime"
	"testing"

	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

// TestHostileDomainUploads posts what an attacker would upload to the imports of the
// department lists, the surveys, the follow-up lists and the archive register: each is
// refused with a message naming the problem, the server allocating a bounded amount, no
// temporary file left behind and nothing stored.
func TestHostileDomainUploads(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f := newFixture(t, storetest.SQLite(t))
	county, town := f.login("county"), f.login("towna")
	const mib = 1 << 20
	files := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"decompression bomb", "bomb.xlsx", hostile.Bomb(nil, 256*mib), "压缩炸弹"},
		{"huge cell", "cell.xlsx", hostile.HugeCell(nil, 40000), "32767 个字符"},
		{"csv line without end", "line.csv", hostile.CSVLongLine(nil, 100*mib), "超过 1 MB"},
	}
	routes := []struct {
		name   string
		c      *client
		path   string
		fields map[string]string
	}{
		{"department list", county, "/compare", map[string]string{"kind": "医保", "county": string(county_)}},
		{"surveys", county, "/recognition/import", map[string]string{"list": "surveys", "region": string(county_)}},
		{"follow-up list", county, "/followup/imports", map[string]string{"list": "relocation/sites", "county": string(county_)}},
		{"archive register", town, "/archives/import", map[string]string{"region": string(townA)}},
	}
	count := func(table string) int {
		var n int
		if err := f.db.SQL.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	stored := func() [4]int {
		return [4]int{count("dept_rows"), count("surveys"), count("relocation_sites"), count("archive_entries")}
	}
	before := stored()
	for _, tc := range files {
		for _, r := range routes {
			t.Run(tc.name+"/"+r.name, func(t *testing.T) {
				var m0, m1 runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m0)
				res := r.c.postFile(r.path, r.fields, tc.file, tc.data)
				runtime.ReadMemStats(&m1)
				// The request body is read once into the multipart parser's buffer and spilled
				// to disk: allow for it beside what reading the file takes.
				if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > uint64(64*mib+3*len(tc.data)) {
					t.Errorf("the server allocated %d MiB", alloc/mib)
				}
				if res.status < 400 || res.status >= 500 || res.status == http.StatusForbidden || res.status == http.StatusNotFound {
					t.Fatalf("status %d, want a refusal of the file\n%.1500s", res.status, res.body)
				}
				expect(t, r.name, res, res.status, tc.want)
				left, _ := os.ReadDir(tmp)
				for _, e := range left {
					t.Errorf("temporary file left behind: %s", e.Name())
				}
			})
		}
	}
	if after := stored(); after != before {
		t.Errorf("rows stored by refused files: before %v, after %v", before, after)
	}
}

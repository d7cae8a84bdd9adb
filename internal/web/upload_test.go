package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

// postFile posts one file as a multipart form with the session's CSRF token.
func (c *client) postFile(path string, fields map[string]string, filename string, data []byte) response {
	c.f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.f.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	rb, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, string(rb), res.Header}
}

// TestHostileUploads posts what an attacker with an ordinary account would upload to every
// endpoint that reads a user's file: the national import (/imports), the 整改台账 import
// (/ledger/import) and evidence files (/ledger/{id}/files, stored as they are, never opened).
// Each file is refused with a message that names the problem; the server allocates a bounded
// amount whatever the file inflates to, and no temporary file is left behind.
func TestHostileUploads(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f := newFixture(t, storetest.SQLite(t))
	county, town := f.login("county"), f.login("towna")

	// An item to attach evidence to.
	item := url.Values{"region": {string(townA)}, "source": {"selfcheck"}, "description": {"村道破损"}, "unit": {"平襄镇人民政府"},
		"person": {"赵镇长"}, "deadline": {"2026-12-31"}}
	res := town.post("/ledger", item)
	if res.status != http.StatusSeeOther {
		t.Fatalf("new item: %d %s", res.status, res.body)
	}
	itemPath := strings.Split(res.header.Get("Location"), "?")[0]

	const mib = 1 << 20
	// Each attack twice: under the 整改台账 header, so that the ledger reader meets it past its
	// header check, and bare.
	type hostileFile struct {
		name, file string
		data       func(header []string) []byte
		want       string
	}
	files := []hostileFile{
		{"decompression bomb", "bomb.xlsx", func(h []string) []byte { return hostile.Bomb(h, 256*mib) }, "压缩炸弹"},
		{"bomb with a lying header", "lying.xlsx", func(h []string) []byte { return hostile.LyingBomb(h, 256*mib) }, ""},
		{"huge cell", "cell.xlsx", func(h []string) []byte { return hostile.HugeCell(h, 40000) }, "32767 个字符"},
		{"huge shared string", "sst.xlsx", func(h []string) []byte { return hostile.HugeSharedString(h, 200000) }, "32767 个字符"},
		{"huge row", "row.xlsx", func(h []string) []byte { return hostile.HugeRow(h, 200, 30000) }, "的内容超过 4 MB"},
		{"csv line without end", "line.csv", func(h []string) []byte { return hostile.CSVLongLine(h, 100*mib) }, "超过 1 MB"},
		{"csv cut inside a quote", "cut.csv", func(h []string) []byte { return hostile.CSVOpenQuote(h) }, "引号没有闭合"},
	}
	for _, tc := range files {
		t.Run(tc.name, func(t *testing.T) {
			measure := func(what string, limit uint64, post func() response) response {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				res := post()
				runtime.ReadMemStats(&after)
				alloc := after.TotalAlloc - before.TotalAlloc
				if alloc > limit {
					t.Errorf("%s: the server allocated %d MiB", what, alloc/mib)
				}
				return res
			}
			// The body of the request itself is read once into the multipart parser's 32 MiB
			// buffer and spilled to disk: allow for it beside what reading the file takes.
			ledgerFile, bare := tc.data(ledger.Columns), tc.data(nil)
			limit := uint64(64*mib + 3*max(len(ledgerFile), len(bare)))

			// A lying bomb's rows of numbers are refused as soon as the errors pass the
			// ledger reader's bound, before they inflate far enough to meet the ratio.
			want := tc.want
			if want == "" {
				want = "其后的行未再检查"
			}
			res := measure("ledger import", limit, func() response {
				return town.postFile("/ledger/import", map[string]string{"region": string(townA)}, tc.file, ledgerFile)
			})
			expect(t, "ledger import", res, http.StatusBadRequest, want)

			// The national importer looks for its header in the first rows, and gives up
			// there on rows of numbers.
			want = tc.want
			if want == "" {
				want = "没有找到成员表或收入表的表头"
			}
			res = measure("national import", limit, func() response {
				res := county.postFile("/imports", nil, tc.file, bare)
				if res.status != http.StatusSeeOther {
					return res
				}
				return county.waitImport(res.header.Get("Location"))
			})
			expect(t, "national import", res, http.StatusOK, want)

			res = measure("evidence", limit, func() response {
				return town.postFile(itemPath+"/files", nil, tc.file, bare)
			})
			if res.status >= 500 {
				t.Errorf("evidence upload: %d %s", res.status, res.body)
			}

			left, _ := os.ReadDir(tmp)
			for _, e := range left {
				t.Errorf("temporary file left behind: %s", e.Name())
			}
		})
	}
}

package cli

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// TestFindingListSameOnWebAndCommandLine: the 疑点清单 the web exports (in full, for a county
// user) and the one gonggu findings --format xlsx writes are the same workbook, cell for cell;
// so are the 整改台账 of both.
func TestFindingListSameOnWebAndCommandLine(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "w.db")
	if code, _, errs := runCmd(t, "gen", "--db", dsn, "--area", "621121", "--households", "400", "--seed", "3"); code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	if code, _, errs := runCmd(t, "screen", "--db", dsn); code != 0 {
		t.Fatalf("screen: %s", errs)
	}
	cliFile := filepath.Join(dir, "cli.xlsx")
	if code, out, errs := runCmd(t, "findings", "--db", dsn, "--region", "621121", "--format", "xlsx", "--out", cliFile); code != 0 {
		t.Fatalf("findings: %s %s", out, errs)
	}

	ctx := context.Background()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hash, _ := auth.HashPassword("pass1234", auth.HashParams{Time: 1, Memory: 64, Threads: 1})
	if err := store.NewUsers(db).Create(ctx, &auth.User{Username: "xian", Role: auth.RoleCounty, Region: "621121000000", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	tree, err := region.LoadArea("620000000000")
	if err != nil {
		t.Fatal(err)
	}
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Now: func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }}
	m.Log = slog.New(slog.DiscardHandler)
	srv, err := m.newWeb(db, tree, false)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]*)"`)
	get := func(path string) string {
		res, err := hc.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	post := func(path string, form url.Values) (*http.Response, []byte) {
		res, err := hc.PostForm(ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	tok := csrf.FindStringSubmatch(get("/login"))[1]
	post("/login", url.Values{"csrf": {tok}, "username": {"xian"}, "password": {"pass1234"}})
	tok = csrf.FindStringSubmatch(get("/findings"))[1]
	res, web := post("/findings.xlsx", url.Values{"csrf": {tok}, "status": {"all"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("web export: %d %s", res.StatusCode, web)
	}
	webFile := filepath.Join(dir, "web.xlsx")
	os.WriteFile(webFile, web, 0o644)
	sameWorkbook(t, cliFile, webFile)

	// The 整改台账: items from the county's findings of one rule, with a progress note.
	res, body := post("/ledger/bulk", url.Values{"csrf": {tok}, "region": {"621121000000"}, "rule": {""}, "unit": {"各乡镇"},
		"person": {"分管领导"}, "deadline": {"2026-12-31"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "已生成") {
		t.Fatalf("bulk: %d %.300s", res.StatusCode, body)
	}
	item := regexp.MustCompile(`href="/ledger/(\d{6}-[0-9A-Z]+)"`).FindStringSubmatch(string(body))
	if item == nil {
		t.Fatal("no item listed")
	}
	post("/ledger/"+item[1]+"/status", url.Values{"csrf": {tok}, "to": {"doing"}, "note": {"已入户核实"}})
	res, web = post("/ledger.xlsx", url.Values{"csrf": {tok}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("web ledger: %d", res.StatusCode)
	}
	os.WriteFile(webFile, web, 0o644)
	if code, out, errs := runCmd(t, "ledger", "--db", dsn, "--region", "621121", "--out", cliFile); code != 0 {
		t.Fatalf("ledger: %s %s", out, errs)
	}
	sameWorkbook(t, cliFile, webFile)
}

// sameWorkbook fails unless two workbooks have the same sheets with the same cells.
func sameWorkbook(t *testing.T, a, b string) {
	t.Helper()
	read := func(path string) map[string][][]string {
		x, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		out := map[string][][]string{}
		for _, sh := range x.GetSheetList() {
			out[sh], _ = x.GetRows(sh)
		}
		out["（工作表）"] = [][]string{x.GetSheetList()}
		return out
	}
	wa, wb := read(a), read(b)
	if len(wa) != len(wb) || len(wa) < 2 {
		t.Fatalf("sheets %v and %v", wa["（工作表）"], wb["（工作表）"])
	}
	for sh, rows := range wa {
		other := wb[sh]
		if len(rows) != len(other) {
			t.Errorf("%s: %d rows and %d", sh, len(rows), len(other))
			continue
		}
		for i := range rows {
			if strings.Join(rows[i], "\t") != strings.Join(other[i], "\t") {
				t.Errorf("%s row %d:\n%q\n%q", sh, i+1, rows[i], other[i])
				break
			}
		}
	}
}

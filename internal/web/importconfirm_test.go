package web_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestImportConfirmed (issue 10): a file without blocking errors is read and checked, and the
// page then shows the column mapping (with the rules each missing column disables) and the
// summary, and writes nothing until the user confirms; after a clean import there is no red
// error-report button. The page offers the blank template of each importable file.
func TestImportConfirmed(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	page := c.get("/imports")
	expect(t, "templates", page, http.StatusOK, `href="/import-templates/members.xlsx"`, `href="/import-templates/incomes.xlsx"`, `href="/ledger/template.xlsx"`)
	for _, tpl := range []string{"/import-templates/members.xlsx", "/import-templates/incomes.xlsx"} {
		res := c.get(tpl)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d", tpl, res.status)
		}
		head := xlsxText(t, res.body)
		if !strings.Contains(head, "户编号") {
			t.Errorf("%s lacks 户编号: %.300s", tpl, head)
		}
	}
	expect(t, "no such template", c.get("/import-templates/x.xlsx"), http.StatusNotFound)
	expect(t, "template needs the import role", f.login("helper").get("/import-templates/members.xlsx"), http.StatusForbidden)

	path := filepath.Join(t.TempDir(), "members.csv")
	if err := nftest.WriteCSV(path, nftest.Sheet{Headers: nftest.MemberHeaders, Rows: nftest.MemberRows(nftest.Households())}, nftest.UTF8); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	reg := store.NewRegistry(f.db)
	before, _ := reg.CountHouseholds(ctx, "")
	res := c.upload(path)
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.status)
	}
	loc := res.header.Get("Location")
	res = c.waitImport(loc)
	expect(t, "waits for confirmation", res, http.StatusOK, "没有阻断性错误", "尚未写入任何数据", "确认导入", "放弃这次导入",
		`<details class="columns" open><summary>列对应关系</summary>`, "停用的规则", "文件概况", "结论：没有阻断性错误")
	if strings.Contains(res.body, "下载错误报告") {
		t.Error("a file without errors offers an error report")
	}
	if n, _ := reg.CountHouseholds(ctx, ""); n != before {
		t.Fatalf("the import wrote before the user confirmed: %d households, were %d", n, before)
	}
	id := strings.TrimPrefix(loc, "/imports/")
	expect(t, "partial is not the question", c.post("/imports/"+id+"/apply", map[string][]string{"partial": {"1"}}), http.StatusConflict)
	if res := c.post("/imports/"+id+"/apply", map[string][]string{"confirm": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", res.status, res.body)
	}
	res = c.waitImport(loc)
	expect(t, "imported", res, http.StatusOK, "导入完成：新增 4 户")
	if strings.Contains(res.body, `class="btn primary" href="/imports/`+id+`/report"`) {
		t.Error("a clean import shows the red 下载错误报告 button")
	}
	if n, _ := reg.CountHouseholds(ctx, ""); n != before+4 {
		t.Errorf("households after the import: %d, want %d", n, before+4)
	}
	expect(t, "confirmed twice", c.post("/imports/"+id+"/apply", map[string][]string{"confirm": {"1"}}), http.StatusConflict)

	// Another upload, given up: nothing is written.
	res = c.upload(path)
	loc = res.header.Get("Location")
	c.waitImport(loc)
	if res := c.post(loc+"/apply", nil); res.status != http.StatusSeeOther {
		t.Fatalf("abandon: %d", res.status)
	}
	expect(t, "abandoned", c.get(loc), http.StatusOK, "已放弃导入，未写入任何数据")
}

package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// multipartPost posts fields and one file as a multipart form with the session's CSRF token.
func (c *client) multipartPost(path string, fields map[string]string, filename string, data []byte) response {
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

var ledgerLinkRE = regexp.MustCompile(`<td class="card-title"><a href="/ledger/([0-9]{6}-[0-9A-Z]+)"`)

func ledgerIDs(body string) []string {
	var out []string
	for _, m := range ledgerLinkRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestLedgerWorkflowPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		towna, townb, cnty, helper := f.login("towna"), f.login("townb"), f.login("county"), f.login("helper")

		// The township puts its own findings of rule I1-03 on the ledger; the helper may not.
		bulk := url.Values{"rule": {"I1-03"}, "region": {string(townA)}, "unit": {"平襄镇人民政府"}, "person": {"赵镇长"},
			"deadline": {"2026-12-31"}, "measures": {"逐户核实参保"}}
		expect(t, "helper bulk", helper.post("/ledger/bulk", bulk), http.StatusForbidden)
		expect(t, "township bulk for another township", townb.post("/ledger/bulk", bulk), http.StatusForbidden)
		expect(t, "no csrf", towna.do("POST", "/ledger/bulk", bulk, nil), http.StatusForbidden)
		expect(t, "bulk", towna.post("/ledger/bulk", bulk), http.StatusSeeOther)
		expect(t, "bulk again finds nothing new", towna.post("/ledger/bulk", bulk), http.StatusConflict)
		list := towna.get("/ledger")
		expect(t, "township list", list, http.StatusOK, "城乡居民", "平襄镇人民政府", "待整改")
		ids := ledgerIDs(list.body)
		if len(ids) != 1 {
			t.Fatalf("township items %v", ids)
		}
		itemA := ids[0]

		// 举一反三 by the county finds the same problem in the other township.
		expect(t, "township finds nothing more in its scope", towna.post("/ledger/"+itemA+"/similar", nil), http.StatusConflict, "没有发现")
		res := cnty.post("/ledger/"+itemA+"/similar", nil)
		if res.status != http.StatusSeeOther && res.status != http.StatusConflict {
			t.Fatalf("similar: %d %s", res.status, res.body)
		}
		children := cnty.get("/ledger?parent=" + itemA)
		idsB := ledgerIDs(children.body)
		if len(idsB) != 1 {
			t.Fatalf("similar items %v\n%s", idsB, children.body)
		}
		itemB := idsB[0]
		expect(t, "item B", cnty.get("/ledger/"+itemB), http.StatusOK, "举一反三自", "马营镇")

		// Scope: a township sees only its own items, on pages, API and export.
		expect(t, "other township's item", towna.get("/ledger/"+itemB), http.StatusForbidden)
		expect(t, "other township's region", towna.get("/ledger?region="+string(townB)), http.StatusForbidden)
		expect(t, "api", towna.get("/api/ledger"), http.StatusOK, `"total":1`, itemA)
		expect(t, "api county", cnty.get("/api/ledger"), http.StatusOK, `"total":2`)
		exp := towna.get("/ledger.xlsx")
		if exp.status != http.StatusOK {
			t.Fatalf("export %d", exp.status)
		}
		x, err := excelize.OpenReader(strings.NewReader(exp.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(ledger.SheetName)
		x.Close()
		// A title row, the header, one item: the household by its number and 户主 (masked
		// for a link's export), its village and state.
		if len(rows) != 3 || strings.Join(rows[1], ",") != strings.Join(ledger.ExportColumns, ",") || rows[2][8] != "平襄镇人民政府" ||
			rows[2][16] != "否" || rows[2][5] != "A0001" || rows[2][6] != "张*" || rows[2][4] != "东城区居民委员会" || rows[2][12] != "待整改" {
			t.Fatalf("export: %q", rows)
		}

		// Not closable while the finding is open.
		expect(t, "item page", towna.get("/ledger/"+itemA), http.StatusOK, "暂不能销号", "尚有 1 个未消除")
		expect(t, "close too early", cnty.post("/ledger/"+itemA+"/status", url.Values{"to": {"closed"}}), http.StatusConflict)
		expect(t, "start", towna.post("/ledger/"+itemA+"/status", url.Values{"to": {"doing"}}), http.StatusSeeOther)

		// The fix: the spouse gets her medical insurance; re-screening closes the finding.
		page := towna.get("/households/A0001/persons/A000102/edit")
		v := regexpFind(t, page.body, `name="v" value="([^"]*)"`)
		res = towna.post("/households/A0001/persons/A000102/edit", url.Values{"v": {v}, "name": {"张三妻"}, "id_type": {"居民身份证"},
			"gender": {"女"}, "birth": {"1982-03-04"}, "relation": {"配偶"}, "education": {"小学"}, "labour_skill": {"普通劳动力"},
			"health": {"健康"}, "work_location": {"县内乡外"}, "work_months": {"8"}, "resident_medical": {"是"},
			"employee_medical": {"否"}, "resident_pension": {"是"}})
		expect(t, "fix", res, http.StatusSeeOther)
		expect(t, "closable", towna.get("/ledger/"+itemA), http.StatusOK, "均已消除", "审核销号")
		expect(t, "close", towna.post("/ledger/"+itemA+"/status", url.Values{"to": {"closed"}, "note": {"复核已参保"}}), http.StatusSeeOther)
		expect(t, "closed", towna.get("/ledger/"+itemA), http.StatusOK, "已销号", "复核已参保")
		expect(t, "closed stays closed", towna.post("/ledger/"+itemA+"/edit", url.Values{"progress": {"再改"}}), http.StatusConflict)

		// An outside item: the worker cannot close it, another verifier can.
		res = towna.post("/ledger", url.Values{"source": {"inspection"}, "region": {string(townA)}, "description": {"督查发现档案资料不全"},
			"unit": {"平襄镇"}, "person": {"钱干部"}, "deadline": {"2026-11-01"}})
		expect(t, "create external", res, http.StatusSeeOther)
		ext := strings.TrimSuffix(strings.TrimPrefix(res.header.Get("Location"), "/ledger/"), "?msg=saved")
		expect(t, "invalid external", towna.post("/ledger", url.Values{"source": {"petition"}, "unit": {"x"}}), http.StatusUnprocessableEntity, "请填写问题描述")
		expect(t, "overdue on the home page", cnty.get("/"), http.StatusOK, "已超过整改时限", "/ledger?overdue=1")
		expect(t, "overdue list", towna.get("/ledger?overdue=1"), http.StatusOK, "督查发现档案资料不全", "逾期")
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
		expect(t, "upload", towna.multipartPost("/ledger/"+ext+"/files", nil, "现场.png", png), http.StatusSeeOther)
		expect(t, "upload exe", towna.multipartPost("/ledger/"+ext+"/files", nil, "x.png", []byte("MZ\x90\x00 program")), http.StatusBadRequest, "只能上传")
		itemPage := cnty.get("/ledger/" + ext)
		fileLink := regexpFind(t, itemPage.body, `href="(/ledger/`+ext+`/files/[^"]+)"`)
		if dl := cnty.get(fileLink); dl.status != http.StatusOK || dl.body != string(png) {
			t.Fatalf("download: %d", dl.status)
		}
		expect(t, "download out of scope", townb.get(fileLink), http.StatusForbidden)
		expect(t, "fixed", towna.post("/ledger/"+ext+"/status", url.Values{"to": {"fixed"}, "note": {"已补齐档案"}}), http.StatusSeeOther)
		expect(t, "worker closes", towna.post("/ledger/"+ext+"/status", url.Values{"to": {"closed"}}), http.StatusForbidden)
		expect(t, "verifier closes", cnty.post("/ledger/"+ext+"/status", url.Values{"to": {"closed"}, "note": {"核实"}}), http.StatusSeeOther)
		expect(t, "history", towna.get("/ledger/"+ext), http.StatusOK, "已整改 → 已销号", "county", "上传佐证材料")

		// Import: errors by row and column, nothing written; then a good file.
		before, _ := store.NewLedger(f.db).Count(context.Background(), store.Filter{Scope: county})
		bad := sheet(t, [][]any{{1, "督查检查", "问题一", "单位", "人", "", "2026-12-31", "", "否"}, {2, "随便", "", "单位", "人", "", "明天", "", "否"}})
		expect(t, "bad import", towna.multipartPost("/ledger/import", map[string]string{"region": string(townA)}, "t.xlsx", bad),
			http.StatusBadRequest, "第 3 行 B 列（问题来源）", "第 3 行 G 列（整改时限）")
		if after, _ := store.NewLedger(f.db).Count(context.Background(), store.Filter{Scope: county}); after != before {
			t.Fatalf("bad import wrote %d items", after-before)
		}
		good := sheet(t, [][]any{{1, "省级反馈", "饮水安全问题", "水务局", "孙局长", "改管网", "2027-01-31", "", "否"}})
		expect(t, "import elsewhere", towna.multipartPost("/ledger/import", map[string]string{"region": string(townB)}, "t.xlsx", good), http.StatusForbidden)
		expect(t, "import", towna.multipartPost("/ledger/import", map[string]string{"region": string(townA)}, "t.xlsx", good), http.StatusSeeOther)
		expect(t, "imported", towna.get("/ledger?person=孙局长"), http.StatusOK, "饮水安全问题", "省级反馈")

		// Everything was audited.
		aud := f.login("auditor")
		expect(t, "audit", aud.get("/audit"), http.StatusOK, "新增整改事项", "整改状态变更", "上传佐证材料")
	})
}

func sheet(t *testing.T, rows [][]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	head := make([]any, len(ledger.Columns))
	for i, c := range ledger.Columns {
		head[i] = c
	}
	x.SetSheetRow("Sheet1", "A1", &head)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		x.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

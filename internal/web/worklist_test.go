package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/findinglist"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// plantFindings adds n open findings of rule DQ-99 (not in the catalog) on household A0001,
// so that the lists have pages.
func plantFindings(t *testing.T, f *fixture, n int) {
	t.Helper()
	var open []*store.Finding
	at := f.now.UTC()
	for i := range n {
		open = append(open, &store.Finding{ID: store.NewFindingID(county), RuleID: "DQ-99", Indicator: 0, Severity: "low",
			SubjectKind: "household", SubjectID: fmt.Sprintf("A0001-%03d", i), HouseholdNo: "A0001", County: county,
			Region: villageA, Status: store.StatusOpen, Explanation: fmt.Sprintf("第 %d 个", i), OpenedAt: at, LastSeenAt: at})
	}
	if err := store.NewFindings(f.db).Apply(context.Background(), &store.Changes{Open: open, At: at}); err != nil {
		t.Fatal(err)
	}
}

var selectedRegion = regexp.MustCompile(`<select name="region"[^>]*>.*?<option value="(\d+)" selected>`)

// TestFindingsList: the list keeps the region it was opened on (a village's link keeps the
// filter on the village), has page numbers and a jump to any page, names each household's
// 户主 beside its 户编号, and shows, with a link, which findings are already ledger items.
func TestFindingsList(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	plantFindings(t, f, 250)
	c := f.login("county")

	// From the village page the filter stays on the village.
	page := c.get("/regions/" + string(villageA))
	expect(t, "village page", page, http.StatusOK, "/findings?region="+string(villageA))
	list := c.get("/findings?region=" + string(villageA))
	if m := selectedRegion.FindStringSubmatch(list.body); m == nil || m[1] != string(villageA) {
		t.Fatalf("the region filter does not stay on the village: %v", m)
	}
	expect(t, "village list", list, http.StatusOK, "东城区居民委员会", "张三", "共 25")

	// Pages: numbers, the current one marked, a jump form; page 2 by number.
	expect(t, "page 1", list, http.StatusOK, `aria-current="page">1<`, ">2</a>", ">3</a>", `name="page"`, "共 3 页", "下一页")
	p2 := c.get("/findings?region=" + string(villageA) + "&page=2")
	expect(t, "page 2", p2, http.StatusOK, "第 101–200 条", `aria-current="page">2<`, "上一页")
	if m := selectedRegion.FindStringSubmatch(p2.body); m == nil || m[1] != string(villageA) {
		t.Error("page 2 lost the village")
	}
	expect(t, "past the end", c.get("/findings?region="+string(villageA)+"&page=99"), http.StatusOK, `aria-current="page">3<`)

	// On the ledger: the list links the item.
	bulk := url.Values{"rule": {"I1-03"}, "region": {string(townA)}, "unit": {"平襄镇人民政府"}, "person": {"赵镇长"}, "deadline": {"2026-12-31"}}
	res := c.post("/ledger/bulk", bulk)
	if res.status != http.StatusSeeOther {
		t.Fatalf("bulk: %d %s", res.status, res.body)
	}
	list = c.get("/findings?rule=I1-03")
	expect(t, "tracked", list, http.StatusOK, `class="tag tag-ledger">待整改</a>`, "未列入", "张三", "李四")
	if !regexp.MustCompile(`href="/ledger/\d{6}-[0-9A-Z]+" class="tag tag-ledger"`).MatchString(list.body) {
		t.Error("the tracked finding does not link its ledger item")
	}
}

// TestLedgerFromFindings: items are created from all open findings of a region (every rule),
// of one rule, or from the rows ticked on the findings list, each with a preview of how many;
// the list then says how many it made and shows that it lists only those.
func TestLedgerFromFindings(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	ctx := context.Background()
	open, err := store.NewFindings(f.db).Count(ctx, store.FindingFilter{Scope: townA, Status: store.StatusOpen})
	if err != nil || open < 2 {
		t.Fatalf("open findings in the township: %d %v", open, err)
	}

	// The findings of one indicator, as the findings list filtered by it hands them over:
	// the preview and the creation keep the indicator.
	ind1, _, err := store.NewFindings(f.db).Query(ctx, store.FindingQuery{FindingFilter: store.FindingFilter{Scope: townB,
		Status: store.StatusOpen}, Indicator: 1})
	if err != nil {
		t.Fatal(err)
	}
	n1 := len(ind1)
	page := c.get("/ledger/new?indicator=1&region=" + string(townB))
	expect(t, "indicator preview", page, http.StatusOK, fmt.Sprintf("将生成 <strong>%d</strong> 项", n1), `name="indicator" value="1"`)
	form0 := formValues(t, page.body, "/ledger/bulk")
	form0.Set("unit", "马营镇")
	form0.Set("person", "钱镇长")
	if res := c.post("/ledger/bulk", form0); !strings.Contains(res.header.Get("Location"), fmt.Sprintf("n=%d", n1)) {
		t.Fatalf("indicator bulk: %d %s", res.status, res.header.Get("Location"))
	}

	// Ticked rows.
	list := c.get("/findings?region=" + string(townA))
	ids := regexp.MustCompile(`name="finding" value="([^"]+)"`).FindAllStringSubmatch(list.body, -1)
	if len(ids) != open {
		t.Fatalf("%d rows to tick, want %d", len(ids), open)
	}
	q := url.Values{"region": {string(townA)}, "finding": {ids[0][1]}}
	expect(t, "ticked preview", c.get("/ledger/new?"+q.Encode()), http.StatusOK, "将生成 <strong>1</strong> 项", "生成 1 项整改事项")
	form := url.Values{"region": {string(townA)}, "finding": {ids[0][1]}, "unit": {"平襄镇"}, "person": {"赵镇长"}, "deadline": {"2026-12-31"}}
	res := c.post("/ledger/bulk", form)
	loc := res.header.Get("Location")
	if res.status != http.StatusSeeOther || !strings.Contains(loc, "batch=") || !strings.Contains(loc, "n=1") {
		t.Fatalf("ticked bulk: %d %s", res.status, loc)
	}
	made := c.get(loc)
	expect(t, "made", made, http.StatusOK, "已生成 1 项整改事项", "本次生成的事项", `id="ledger-chips"`)
	if got := len(ledgerIDs(made.body)); got != 1 {
		t.Errorf("the batch lists %d items", got)
	}

	// All rules of the township: the preview counts the rest, skipping the one on the ledger.
	expect(t, "region preview", c.get("/ledger/new?region="+string(townA)), http.StatusOK,
		fmt.Sprintf("将生成 <strong>%d</strong> 项", open-1), "另有 1 个问题已在整改台账中")
	form = url.Values{"region": {string(townA)}, "rule": {""}, "unit": {"平襄镇"}, "person": {"赵镇长"}, "deadline": {"2026-12-31"}}
	res = c.post("/ledger/bulk", form)
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), fmt.Sprintf("n=%d", open-1)) {
		t.Fatalf("region bulk: %d %s", res.status, res.header.Get("Location"))
	}
	expect(t, "nothing left", c.get("/ledger/new?region="+string(townA)), http.StatusOK, "没有尚未列入台账的未解决问题")

	// One rule in the other township.
	expect(t, "rule preview", c.get("/ledger/new?rule=DQ-22&region="+string(townB)), http.StatusOK, "将生成 <strong>")
	form = url.Values{"region": {string(townB)}, "rule": {"DQ-22"}, "unit": {"马营镇"}, "person": {"钱镇长"}, "deadline": {"2026-12-31"}}
	if res := c.post("/ledger/bulk", form); !strings.Contains(res.header.Get("Location"), "msg=created") {
		t.Fatalf("rule bulk: %d %s", res.status, res.header.Get("Location"))
	}
	expect(t, "indicator 1 is on the ledger", c.get("/ledger/new?rule=I1-03&region="+string(townB)), http.StatusOK, "没有尚未列入台账的未解决问题")
	// The list's rule filter is visible and selected.
	expect(t, "rule filter", c.get("/ledger?rule=DQ-22"), http.StatusOK, `<option value="DQ-22" selected>`)

	// A township may not tick another township's findings.
	other := c.get("/findings?region=" + string(townB) + "&status=all")
	id := regexp.MustCompile(`href="/households/B0001#f-([^"]+)"`).FindStringSubmatch(other.body)
	if id == nil {
		t.Fatal("no finding of B0001")
	}
	expect(t, "tick outside", f.login("towna").post("/ledger/bulk", url.Values{"region": {string(townA)}, "finding": {id[1]},
		"unit": {"x"}, "person": {"y"}, "deadline": {"2026-12-31"}}), http.StatusForbidden)
}

// TestFindingListWorkbook: the web's 疑点清单 is the workbook findinglist writes — a summary,
// one sheet per rule with 县/乡/村 and the 户主, frozen headers and autofilters; a link gets
// names and numbers masked, the form of a role that may unmask gets them in full, a role that
// may not gets them masked even from the form; each export is audited.
func TestFindingListWorkbook(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	sheetRows := func(body string) (*excelize.File, map[string][][]string) {
		t.Helper()
		x, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatalf("workbook: %v", err)
		}
		out := map[string][][]string{}
		for _, sh := range x.GetSheetList() {
			out[sh], _ = x.GetRows(sh)
		}
		return x, out
	}
	full := c.post("/findings.xlsx", url.Values{"status": {"open"}})
	if full.status != http.StatusOK {
		t.Fatalf("full export: %d %s", full.status, full.body)
	}
	x, sheets := sheetRows(full.body)
	list := x.GetSheetList()
	if list[0] != "汇总" || len(list) < 2 {
		t.Fatalf("sheets %v", list)
	}
	rule := sheets[list[1]]
	if strings.Join(rule[1], ",") != strings.Join(findinglist.Columns, ",") {
		t.Fatalf("header %q", rule[1])
	}
	byHead := map[string]bool{}
	for _, sh := range list[1:] {
		for _, r := range sheets[sh][2:] {
			byHead[r[5]] = true
			if r[1] != "通渭县" || r[2] == "" || r[3] == "" {
				t.Errorf("row without 县/乡/村: %q", r)
			}
		}
	}
	if !byHead["张三"] || !byHead["李四"] {
		t.Errorf("the full export lacks the heads' names: %v", byHead)
	}
	for _, sh := range list {
		p, _ := x.GetPanes(sh)
		if !p.Freeze || p.YSplit < 2 {
			t.Errorf("%s: header not frozen: %+v", sh, p)
		}
	}
	filters := 0
	for _, dn := range x.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters++
		}
	}
	if filters != len(list) {
		t.Errorf("%d autofilters for %d sheets", filters, len(list))
	}

	masked := c.get("/findings.xlsx?status=open")
	_, sheets = sheetRows(masked.body)
	for _, sh := range list[1:] {
		for _, r := range sheets[sh][2:] {
			if r[5] != "张*" && r[5] != "李*" {
				t.Errorf("a link's export shows the head %q", r[5])
			}
		}
	}
	// A helper may not unmask: the form gives the masked workbook too.
	h := f.login("helper")
	_, sheets = sheetRows(h.post("/findings.xlsx", url.Values{"status": {"open"}}).body)
	for sh, rows := range sheets {
		for _, r := range rows {
			if strings.Contains(strings.Join(r, ","), "张三") {
				t.Errorf("the helper's export shows 张三 in %s: %q", sh, r)
			}
		}
	}
	expect(t, "audit", f.login("auditor").get("/audit?action=export"), http.StatusOK, "导出疑点清单", "含完整姓名和号码", "已隐去姓名和号码")
}

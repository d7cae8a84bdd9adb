package web_test

import (
	"bytes"
	"encoding/json"
	"html"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/cli"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

// newFundsFixture is the web fixture with the funds domain wired into its screening engine and
// the scorecard plugged in, as gonggu serve has them.
func newFundsFixture(t *testing.T, e storetest.Engine) *fixture {
	t.Helper()
	f := newFixture(t, e)
	clock := func() time.Time { return f.now }
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	engine := screen.New(f.db)
	engine.Now = clock
	engine.Sources = cli.FundsSources(store.NewFunds(f.db))
	scores := score.New(f.db, tree)
	scores.Now = clock
	engine.AfterRun = scores.AfterScreening
	sessions := store.NewSessions(f.db)
	svc := auth.NewService(store.NewUsers(f.db), sessions, sessions, clock)
	svc.Hash = fast
	w, err := web.New(web.Config{DB: f.db, Tree: tree, Auth: svc, Now: clock, TrustProxy: true, Scorecard: scores,
		Screening: web.NewScreening(engine), Params: web.NewParams(store.NewParams(f.db)),
		Imports: web.NewImports(f.db, engine, clock, slog.New(slog.DiscardHandler), t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	f.srv = httptest.NewServer(w)
	t.Cleanup(f.srv.Close)
	f.web = w
	return f
}

func fday(y, m, d int) registry.Date { return registry.NewDate(y, time.Month(m), d) }

// ledgerFile writes records as a county ledger's workbook.
func ledgerFile(t *testing.T, key string, b *funds.Batch) []byte {
	t.Helper()
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	l, err := funds.LedgerOf(key)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := l.Export(&buf, tree, "通渭县"+l.Title, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFundsPages: a county imports its ledgers through the page (a broken file refused whole
// with its error report); the fund dashboard draws the expenditure curve a hand computation
// gives; a project's page shows its findings and records its acceptance, which closes the
// finding; townships see only their own places; the ledgers export in their layout.
func TestFundsPages(t *testing.T) {
	f := newFundsFixture(t, storetest.SQLite(t))
	county, towna, townb := f.login("county"), f.login("towna"), f.login("townb")

	p1 := &funds.Project{County: "621121000000", Place: villageA, No: "TW-1", Name: "东城区肉牛养殖", Type: funds.TypeIndustry, Year: 2026,
		Mechanism: "务工就业", Dates: funds.Dates{Approval: fday(2026, 3, 1), PlanFinish: fday(2026, 9, 30), Start: fday(2026, 4, 1), Finish: fday(2026, 9, 1)}}
	p1.Approved[funds.Central] = registry.Yuan(600_000)
	p2 := &funds.Project{County: "621121000000", Place: villageB, No: "TW-2", Name: "东关村道路", Type: "基础设施", Year: 2026,
		Dates: funds.Dates{Approval: fday(2026, 3, 1), Start: fday(2026, 4, 1), PlanFinish: fday(2027, 6, 30)}}
	p2.Approved[funds.Provincial] = registry.Yuan(400_000)
	uploads := []struct {
		key string
		b   *funds.Batch
	}{
		{"projects", &funds.Batch{Projects: []*funds.Project{p1, p2}}},
		{"beneficiaries", &funds.Batch{Beneficiaries: []funds.Beneficiary{{ProjectNo: "TW-1", HouseholdNo: "A0001", Mechanism: "务工就业"}}}},
		{"flows", &funds.Batch{Flows: []funds.Flow{
			{Year: 2026, Date: fday(2026, 1, 15), Kind: funds.FlowAllocated, Source: funds.Central, Amount: registry.Yuan(1_000_000)},
			{Year: 2026, Date: fday(2026, 2, 20), Kind: funds.FlowPaid, Source: funds.Central, ProjectNo: "TW-1", Amount: registry.Yuan(100_000)},
			{Year: 2026, Date: fday(2026, 3, 10), Kind: funds.FlowAllocated, Source: funds.Provincial, Amount: registry.Yuan(500_000)},
			{Year: 2026, Date: fday(2026, 4, 30), Kind: funds.FlowPaid, Source: funds.Central, ProjectNo: "TW-1", Amount: registry.Yuan(300_000)},
			{Year: 2026, Date: fday(2026, 6, 1), Kind: funds.FlowPaid, Source: funds.Provincial, ProjectNo: "TW-2", Amount: registry.Yuan(200_000)},
		}}},
	}
	for _, u := range uploads {
		res := county.postFile("/funds/imports", map[string]string{"ledger": u.key, "county": "621121000000"}, u.key+".xlsx", ledgerFile(t, u.key, u.b))
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "saved=import") {
			t.Fatalf("import %s: %d %s %.800s", u.key, res.status, res.header.Get("Location"), res.body)
		}
	}
	// A project library with a bad type and a beneficiary list naming an unknown household:
	// each refused whole, its problems listed with the row, and its report downloadable.
	bad := xlsxFile(t, [][]any{{"项目编号", "项目名称", "项目类型", "项目年度"}, {"TW-9", "大棚", "养殖", 2026}})
	res := county.postFile("/funds/imports", map[string]string{"ledger": "projects", "county": "621121000000"}, "项目库.xlsx", bad)
	expect(t, "bad library", res, http.StatusUnprocessableEntity, "有 1 处错误，未写入任何数据", "第 2 行 C列「项目类型」的「养殖」", "下载错误报告")
	report := regexpFind(t, res.body, `href="(/funds/imports/621121000000/[^"]+/report)"`)
	rep := county.get(html.UnescapeString(report))
	if rep.status != http.StatusOK || !strings.HasPrefix(rep.body, "PK") {
		t.Errorf("report: %d", rep.status)
	}
	unknown := ledgerFile(t, "beneficiaries", &funds.Batch{Beneficiaries: []funds.Beneficiary{{ProjectNo: "TW-1", HouseholdNo: "X9999"}}})
	res = county.postFile("/funds/imports", map[string]string{"ledger": "beneficiaries", "county": "621121000000"}, "受益户.xlsx", unknown)
	expect(t, "unknown household", res, http.StatusUnprocessableEntity, "本县的农户中没有户编号「X9999」")
	if got := county.get("/funds/projects/621121000000/TW-1"); !strings.Contains(got.body, "已关联农户 1 户") {
		t.Errorf("the refused list replaced the beneficiaries: %.1500s", got.body)
	}
	// A township user may not import, nor import into another county.
	expect(t, "township import", towna.postFile("/funds/imports", map[string]string{"ledger": "projects", "county": "621121000000"}, "p.xlsx", bad), http.StatusForbidden)

	// The dashboard's curve, month by month, against the hand computation: allocated 100 万 in
	// January and 50 万 on 10 March; paid 10 万 on 20 February, 30 万 on 30 April and 20 万 on 1
	// June; the linear schedule; drawn on 28 November (28 of its 30 days).
	dash := county.get("/funds?region=621121000000")
	expect(t, "dashboard", dash, http.StatusOK, "支出进度", "双百分", "衔接资金绩效评价")
	var chart struct {
		Categories []string `json:"categories"`
		Series     []struct {
			Name string     `json:"name"`
			Data []*float64 `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(regexpFind(t, dash.body, `data-funds-chart="([^"]+)"`))), &chart); err != nil {
		t.Fatal(err)
	}
	paid := []float64{0, 100_000, 100_000, 400_000, 400_000, 600_000, 600_000, 600_000, 600_000, 600_000, 600_000}
	alloc := []float64{1e6, 1e6, 1.5e6, 1.5e6, 1.5e6, 1.5e6, 1.5e6, 1.5e6, 1.5e6, 1.5e6, 1.5e6}
	if len(chart.Categories) != 11 || chart.Categories[10] != "11 月（至 28 日）" || len(chart.Series) != 2 {
		t.Fatalf("chart %+v", chart)
	}
	for m := 0; m < 11; m++ {
		rate := math.Round(paid[m]/alloc[m]*10000) / 100
		due := math.Round(float64(m+1)*100/12*100) / 100
		if m == 10 {
			due = math.Round((1000.0/12+100.0/12*28/30)*100) / 100
		}
		if g := chart.Series[0].Data[m]; g == nil || *g != rate {
			t.Errorf("month %d rate %v, want %v", m+1, g, rate)
		}
		if g := chart.Series[1].Data[m]; g == nil || *g != due {
			t.Errorf("month %d schedule %v, want %v", m+1, g, due)
		}
	}

	// The project page: its finding (finished on 1 September, not accepted after 60 days), its
	// steps, its money and beneficiaries; the acceptance recorded closes the finding.
	page := county.get("/funds/projects/621121000000/TW-1")
	expect(t, "project", page, http.StatusOK, "I8-01 项目完工后逾期未验收", "已 88 天未组织验收", "A0001", "中央衔接资金")
	version := regexpFind(t, page.body, `name="version" value="([^"]+)"`)
	res = county.post("/funds/projects/621121000000/TW-1", url.Values{"version": {version}, "start": {"2026-04-01"}, "finish": {"2026-09-01"},
		"accept": {"2026-11-20"}, "settle": {""}, "mechanism": {"务工就业"}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "closed=1") {
		t.Fatalf("edit: %d %s %.500s", res.status, res.header.Get("Location"), res.body)
	}
	page = county.get(res.header.Get("Location"))
	expect(t, "after the edit", page, http.StatusOK, "已保存。", "消除 1 个问题", "已消除")
	res = county.post("/funds/projects/621121000000/TW-1", url.Values{"version": {version}, "accept": {"2026-11-21"}})
	expect(t, "stale edit", res, http.StatusConflict, "已被他人修改")
	audit := f.login("admin").get("/audit")
	expect(t, "audit", audit, http.StatusOK, "验收日期 （空） → 2026-11-20")

	// Scope: the village road is TW-2's, in 马营镇: townb sees it, towna does not, and towna's
	// project list holds TW-1 alone.
	expect(t, "townb's project", townb.get("/funds/projects/621121000000/TW-2"), http.StatusOK, "东关村道路")
	expect(t, "towna on townb's project", towna.get("/funds/projects/621121000000/TW-2"), http.StatusForbidden)
	list := towna.get("/funds/projects")
	expect(t, "towna's list", list, http.StatusOK, "东城区肉牛养殖")
	if strings.Contains(list.body, "东关村道路") {
		t.Error("towna lists townb's project")
	}
	expect(t, "towna's funds", towna.get("/funds"), http.StatusOK, "衔接资金按县下达和支出")
	expect(t, "towna asks for the county", towna.get("/funds?region=621121000000"), http.StatusForbidden)

	// The findings of indicator 5 drill down from the scorecard's link; the fund card loads
	// beside it.
	expect(t, "indicator 5 findings", county.get("/findings?indicator=5&region=621121000000"), http.StatusOK, "I5-01")
	expect(t, "fund card", county.get("/funds/card?region=621121000000"), http.StatusOK, "衔接资金绩效评价", "/ 100")

	// Exports read back as the ledger, and are audited.
	exp := county.get("/funds/export?ledger=flows&county=621121000000")
	if exp.status != http.StatusOK {
		t.Fatalf("export %d %.300s", exp.status, exp.body)
	}
	tree, _ := region.LoadArea("621100000000")
	l, _ := funds.LedgerOf("flows")
	im, err := l.Read(tree, "621121000000", "flows.xlsx", strings.NewReader(exp.body), int64(len(exp.body)))
	if err != nil || !im.OK() || len(im.Flows) != 5 {
		t.Errorf("export read back: %v %v %d", err, im.Problems, len(im.Flows))
	}
	expect(t, "township export", towna.get("/funds/export?ledger=flows&county=621121000000"), http.StatusForbidden)
	expect(t, "api", county.get("/api/funds?region=621121000000"), http.StatusOK, `"fund_performance"`, `"expenditure"`)
}

func xlsxFile(t *testing.T, rows [][]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFundsHostileUploads posts what an attacker would upload to the ledger import: each is
// refused with a message naming the problem, the server allocating a bounded amount.
func TestFundsHostileUploads(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	f := newFundsFixture(t, storetest.SQLite(t))
	county := f.login("county")
	const mib = 1 << 20
	l, _ := funds.LedgerOf("projects")
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"decompression bomb", "bomb.xlsx", hostile.Bomb(l.Heads(), 256*mib), "压缩炸弹"},
		{"huge cell", "cell.xlsx", hostile.HugeCell(l.Heads(), 40000), "32767 个字符"},
		{"huge shared string", "sst.xlsx", hostile.HugeSharedString(l.Heads(), 200000), "32767 个字符"},
		{"huge row", "row.xlsx", hostile.HugeRow(l.Heads(), 200, 30000), "的内容超过 4 MB"},
		{"csv line without end", "line.csv", hostile.CSVLongLine(l.Heads(), 100*mib), "超过 1 MB"},
		{"csv cut inside a quote", "cut.csv", hostile.CSVOpenQuote(l.Heads()), "引号没有闭合"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res := county.postFile("/funds/imports", map[string]string{"ledger": "projects", "county": "621121000000"}, tc.file, tc.data)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(64*mib+3*len(tc.data)) {
				t.Errorf("the server allocated %d MiB", alloc/mib)
			}
			expect(t, tc.name, res, http.StatusBadRequest, tc.want)
		})
	}
}

package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/cli"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/printout"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web"
)

// newProcedureFixture is the web fixture with the monitoring procedure wired into its
// screening engine, as gonggu serve has it, on a clock the test moves (f.now).
func newProcedureFixture(t *testing.T, e storetest.Engine) (*fixture, *screen.Engine) {
	t.Helper()
	f := newFixture(t, e)
	clock := func() time.Time { return f.now }
	f.db.Now = clock
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	engine := screen.New(f.db)
	engine.Now = clock
	engine.Sources = cli.ProcedureSources(store.NewProcedures(f.db))
	sessions := store.NewSessions(f.db)
	svc := auth.NewService(store.NewUsers(f.db), sessions, sessions, clock)
	svc.Hash = fast
	w, err := web.New(web.Config{DB: f.db, Tree: tree, Auth: svc, Now: clock, TrustProxy: true,
		Screening: web.NewScreening(engine), Params: web.NewParams(store.NewParams(f.db)),
		Imports: web.NewImports(f.db, engine, clock, slog.New(slog.DiscardHandler), t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	f.srv = httptest.NewServer(w)
	t.Cleanup(f.srv.Close)
	f.web = w
	return f, engine
}

// TestProcedurePages walks a household through every step of its identification on the
// pages — the refusals of a step out of order and of a short notice, the printed notice with
// the name masked — and lets another household's lead go unverified until screening finds it.
func TestProcedurePages(t *testing.T) {
	f, engine := newProcedureFixture(t, storetest.SQLite(t))
	cnty, townb, auditor := f.login("county"), f.login("townb"), f.login("auditor")

	expect(t, "empty list", cnty.get("/procedures"), http.StatusOK, "监测对象识别和风险消除程序", "没有符合条件的程序")
	expect(t, "new form", cnty.get("/procedures/new?household=A0001"), http.StatusOK, "启动监测程序", "张三", "未纳入监测")
	expect(t, "unknown household", cnty.get("/procedures/new?household=X9"), http.StatusNotFound)
	expect(t, "another township's household", townb.get("/procedures/new?household=A0001"), http.StatusForbidden)
	expect(t, "an auditor may not start", auditor.get("/procedures/new?household=A0001"), http.StatusForbidden)

	start := url.Values{"household": {"A0001"}, "kind": {"identify"}, "category": {"边缘易致贫户"}, "source": {"农户电话申请"},
		"lead_on": {"2026-11-20"}, "lead_note": {"户主来电：妻子住院自付 3 万元"}}
	bad := url.Values{}
	for k, v := range start {
		bad[k] = v
	}
	bad.Set("lead_on", "2026-11-29")
	expect(t, "lead after today", cnty.post("/procedures", bad), http.StatusUnprocessableEntity, "晚于今天", "户主来电")
	res := cnty.post("/procedures", start)
	if res.status != http.StatusSeeOther {
		t.Fatalf("start: %d %.1500s", res.status, res.body)
	}
	page := res.header.Get("Location")
	path := page[:strings.Index(page, "?")]
	if !strings.HasPrefix(path, "/procedures/621121000000/") {
		t.Fatalf("redirect to %s", page)
	}
	expect(t, "a second identification", cnty.post("/procedures", start), http.StatusUnprocessableEntity, "已有办理中的识别纳入程序")
	expect(t, "procedure page", cnty.get(page), http.StatusOK, "识别纳入程序", "登记「入户核实」", "期限 2026-11-25", "已保存")
	expect(t, "another township's procedure", townb.get(path), http.StatusForbidden)
	expect(t, "notice before the review", cnty.get(path+"/notice"), http.StatusConflict, "村级民主评议之后才能打印公示")

	step := func(n int, on, until, by string) response {
		form := url.Values{"step": {string(rune('0' + n))}, "on": {on}, "by": {by}, "note": {"已存档"}}
		if until != "" {
			form.Set("until", until)
		}
		return cnty.post(path+"/steps", form)
	}
	expect(t, "review before the visit", step(1, "2026-11-21", "", "村委会"), http.StatusUnprocessableEntity, "请先登记「入户核实」")
	expect(t, "visit before the lead", step(0, "2026-11-19", "", "李干部"), http.StatusUnprocessableEntity, "早于发现线索的日期 2026-11-20")
	expect(t, "an auditor may not record", auditor.post(path+"/steps", url.Values{"step": {"0"}, "on": {"2026-11-21"}, "by": {"x"}}), http.StatusForbidden)
	for _, s := range []struct {
		n           int
		on, until   string
		by, refused string
	}{
		{0, "2026-11-21", "", "李干部", ""},
		{1, "2026-11-22", "", "东城区居委会", ""},
		{2, "2026-11-23", "2026-11-26", "东城区居委会", "只有 4 天，不得少于 5 天"},
		{2, "2026-11-23", "2026-11-27", "东城区居委会", ""},
		{3, "2026-11-27", "", "平襄镇人民政府", "应在公示期满之后（2026-11-28 起）"},
		{3, "2026-11-28", "", "平襄镇人民政府", ""},
		{4, "2026-11-28", "", "县乡村振兴局", ""},
		{5, "2026-11-28", "", "县乡村振兴局", ""},
	} {
		res := step(s.n, s.on, s.until, s.by)
		if s.refused != "" {
			expect(t, "refused step", res, http.StatusUnprocessableEntity, s.refused)
			continue
		}
		if res.status != http.StatusSeeOther {
			t.Fatalf("step %d: %d %.1500s", s.n, res.status, res.body)
		}
		if s.n == 2 {
			// The notice prints once posted: A4 through the print producer, the name masked,
			// no numbers.
			n := cnty.get(path + "/notice")
			expect(t, "notice", n, http.StatusOK, "关于防返贫监测对象识别纳入的公示", "张＊", "东城区居民委员会", "边缘易致贫户",
				"2026-11-23 至 2026-11-27", "不少于 5 天", `class="sheet"`)
			if n.header.Get("Content-Security-Policy") != printout.CSP() {
				t.Errorf("notice CSP %q", n.header.Get("Content-Security-Policy"))
			}
			for _, leak := range []string{"张三", idA, "A0001", "13912345678"} {
				if strings.Contains(n.body, leak) {
					t.Errorf("the notice shows %q", leak)
				}
			}
			// The village's notice of every household at its notice.
			expect(t, "procedure page at the notice", cnty.get(path), http.StatusOK, "打印本村公示")
			v := cnty.get("/procedures/notice?village=" + string(villageA) + "&kind=identify")
			expect(t, "village notice", v, http.StatusOK, "张＊", "2026-11-23 至 2026-11-27")
			if strings.Contains(v.body, "张三") || v.header.Get("Content-Security-Policy") != printout.CSP() {
				t.Error("the village notice shows the name, or lacks the print policy")
			}
			expect(t, "no elimination at its notice", cnty.get("/procedures/notice?village="+string(villageA)+"&kind=eliminate"), http.StatusNotFound)
			expect(t, "another township's village", townb.get("/procedures/notice?village="+string(villageA)+"&kind=identify"), http.StatusForbidden)
			expect(t, "not a village", cnty.get("/procedures/notice?village="+string(county)+"&kind=identify"), http.StatusBadRequest)
		}
	}
	done := cnty.get(path)
	expect(t, "done", done, http.StatusOK, "已办结", "2026-11-23 至 2026-11-27", "平襄镇人民政府")
	if strings.Contains(done.body, "登记「") {
		t.Error("a finished procedure offers a step")
	}
	expect(t, "done list", cnty.get("/procedures?state=done"), http.StatusOK, "张三", "已办结")
	expect(t, "another household's list", cnty.get("/procedures?household=B0001"), http.StatusOK, "没有符合条件的程序")
	expect(t, "a bad state", cnty.get("/procedures?state=x"), http.StatusBadRequest)

	// B0001's lead of 11-20 is not verified: 5 days later it is overdue, and re-screening
	// after the start finds it.
	res = cnty.post("/procedures", url.Values{"household": {"B0001"}, "kind": {"identify"}, "category": {"突发严重困难户"},
		"source": {"规则预警"}, "lead_on": {"2026-11-20"}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "opened=1") {
		t.Fatalf("start B0001: %d %s %.800s", res.status, res.header.Get("Location"), res.body)
	}
	late := res.header.Get("Location")
	latePath := late[:strings.Index(late, "?")]
	expect(t, "overdue page", cnty.get(late), http.StatusOK, "新发现 1 个问题", "入户核实逾期（期限 2026-11-25）", "I2-41", "发现线索后逾期未入户核实")
	expect(t, "overdue in the list", cnty.get("/procedures"), http.StatusOK, "1 件有步骤逾期", "入户核实逾期（期限 2026-11-25）")

	// Three weeks on, the county screens: the identification is past its 15 days too.
	f.now = f.now.AddDate(0, 0, 21)
	if _, err := engine.Run(context.Background(), screen.Options{}); err != nil {
		t.Fatal(err)
	}
	cnty = f.login("county") // the session of three weeks ago has expired
	expect(t, "after screening", cnty.get(latePath), http.StatusOK, "I2-41", "I2-42", "监测对象识别超过规定时限", "超过识别时限 2026-12-05")
	// Verifying closes the visit's finding.
	res = cnty.post(latePath+"/steps", url.Values{"step": {"0"}, "on": {"2026-12-19"}, "by": {"马营镇干部"}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "closed=1") {
		t.Fatalf("visit of B0001: %d %s", res.status, res.header.Get("Location"))
	}
	// Ended early: the household does not qualify; nothing is owed any more.
	res = cnty.post(latePath+"/close", url.Values{"closed_on": {"2026-12-19"}, "reason": {"人均纯收入 1.5 万元，不符合纳入条件"}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "closed=1") {
		t.Fatalf("close B0001: %d %s %.600s", res.status, res.header.Get("Location"), res.body)
	}
	expect(t, "closed", cnty.get(latePath), http.StatusOK, "已终止", "不符合纳入条件")

	entries, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Action: audit.ProcedureUpdate})
	if err != nil || len(entries) != 10 {
		t.Errorf("audit: %v %d", err, len(entries))
	}
}

// TestProcedureElimination walks a monitored household's risk elimination through its steps:
// refused while its income has been stable for less than six months, then posted on a notice
// that shows the way of elimination, and finished.
func TestProcedureElimination(t *testing.T) {
	f, _ := newProcedureFixture(t, storetest.SQLite(t))
	a := aggregate("A0002", villageA, "王小五", idno.Make("621121", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 15))
	a.Household.Category, a.Household.IdentifiedOn, a.Household.Channel = "脱贫不稳定户", registry.NewMonth(2025, 10), "农户自主申报"
	a.Household.RiskTypes, a.Household.RiskEliminated = []string{"因病"}, registry.No
	if err := store.NewRegistry(f.db).Put(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	cnty := f.login("county")
	expect(t, "form", cnty.get("/procedures/new?household=A0002"), http.StatusOK, "脱贫不稳定户（风险未消除）", `<option value="eliminate" selected>`)
	form := url.Values{"household": {"A0002"}, "kind": {"eliminate"}, "source": {"入户走访发现"}, "lead_on": {"2026-11-10"},
		"stable_since": {"2026-05-11"}, "way": {"帮扶消除"}}
	expect(t, "stable too short", cnty.post("/procedures", form), http.StatusUnprocessableEntity, "须观察满 6 个月（2026-11-11 起）")
	form.Set("stable_since", "2026-05-10")
	res := cnty.post("/procedures", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("start: %d %.1000s", res.status, res.body)
	}
	page := res.header.Get("Location")
	path := page[:strings.Index(page, "?")]
	expect(t, "page", cnty.get(path), http.StatusOK, "风险消除程序", "收入自 2026-05-10 起稳定；消除方式：帮扶消除")
	for _, s := range []url.Values{
		{"step": {"0"}, "on": {"2026-11-11"}, "by": {"帮扶责任人王干部"}},
		{"step": {"1"}, "on": {"2026-11-12"}, "by": {"村民代表会议"}},
		{"step": {"2"}, "on": {"2026-11-13"}, "until": {"2026-11-17"}, "by": {"村委会"}},
		{"step": {"3"}, "on": {"2026-11-18"}, "by": {"平襄镇人民政府"}},
		{"step": {"4"}, "on": {"2026-11-20"}, "by": {"县乡村振兴局"}},
		{"step": {"5"}, "on": {"2026-11-21"}, "by": {"县乡村振兴局"}},
	} {
		if res := cnty.post(path+"/steps", s); res.status != http.StatusSeeOther {
			t.Fatalf("step %s: %d %.1000s", s.Get("step"), res.status, res.body)
		}
	}
	n := cnty.get(path + "/notice")
	expect(t, "notice", n, http.StatusOK, "关于防返贫监测对象风险消除的公示", "王＊五", "脱贫不稳定户", "帮扶消除", "2026-11-13 至 2026-11-17")
	if strings.Contains(n.body, "王小五") || strings.Contains(n.body, "因病") {
		t.Error("the notice shows the name or the risk (health)")
	}
	expect(t, "done", cnty.get(path), http.StatusOK, "已办结")
}

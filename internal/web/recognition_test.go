package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web/browsertest"
)

// newRecognitionFixture is the funds fixture with a demo-like area: generated households in
// 平襄镇 beside the fixture's two, screened, with the demo's surveys, petitions and 脱贫村 list
// of the county, and a village cadre of 东城区.
func newRecognitionFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFundsFixture(t, storetest.SQLite(t))
	ctx := context.Background()
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Fill(ctx, store.NewRegistry(f.db), tree, gen.Config{Area: townA, Households: 150, Seed: 3, Ref: f.now,
		Rates: gen.DefaultRates()}); err != nil {
		t.Fatal(err)
	}
	engine := screen.New(f.db)
	engine.Now = func() time.Time { return f.now }
	if _, err := engine.Run(ctx, screen.Options{Scope: county}); err != nil {
		t.Fatal(err)
	}
	st, err := gen.FillRecognition(ctx, f.db, tree, gen.RecognitionConfig{Area: county, Seed: 1, Ref: f.now,
		Rates: gen.DefaultRecognitionRates(), PoorLists: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	if st.Surveys == 0 || st.Petitions == 0 {
		t.Fatalf("the demo made %d surveys and %d petitions", st.Surveys, st.Petitions)
	}
	hash, _ := auth.HashPassword(password, fast)
	if err := store.NewUsers(f.db).Create(ctx, &auth.User{Username: "cadrea", Role: auth.RoleVillage, Region: villageA, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestRecognitionPages: the overview, surveys, petitions, import, sample and print pages
// render with the demo's data, each limited to the user's region; a cadre adds a survey and
// its follow-up (audited, numbers in the note masked, a resend stored once); a petition's steps
// are recorded at its version; the overdue are marked.
func TestRecognitionPages(t *testing.T) {
	f := newRecognitionFixture(t)
	ctx := context.Background()
	cnty, towna, cadre, helper := f.login("county"), f.login("towna"), f.login("cadrea"), f.login("helper")

	expect(t, "overview", cnty.get("/recognition"), http.StatusOK, "群众认可度", "群众满意度", "95% 置信区间", "平襄镇", "不满意户未登记回访",
		"基础设施和人居环境诉求", `data-funds-chart=`)
	expect(t, "township drill-down", cnty.get("/recognition?region="+string(townA)), http.StatusOK, "各村", "/recognition?region=6211211")
	expect(t, "village", cadre.get("/recognition"), http.StatusOK, "东城区")
	expect(t, "menu", cadre.get("/recognition"), http.StatusOK, `<a href="/recognition" class="on">群众认可</a>`)
	for _, path := range []string{"/recognition?region=" + string(townB), "/recognition/surveys?region=" + string(townB),
		"/recognition/petitions?region=" + string(county), "/recognition/card?region=" + string(townB)} {
		expect(t, "cadre "+path, cadre.get(path), http.StatusForbidden)
	}
	expect(t, "township sample", towna.get("/recognition/sample"), http.StatusForbidden)
	admin := f.login("admin")
	expect(t, "city overview", admin.get("/recognition"), http.StatusOK, "各县区", "通渭县")
	expect(t, "city sample", admin.get("/recognition/sample?county="+string(county)+"&draws=20"), http.StatusOK, "20 次模拟抽样的得分")
	expect(t, "city petitions", admin.get("/recognition/petitions?open=1"), http.StatusOK, "只看未办结")

	// A petition of 马营镇 is not found by 平襄镇's users; the county opens it.
	rec := store.NewRecognition(f.db)
	actor := audit.WithActor(ctx, audit.Actor{Username: "test"})
	other := &recognition.Petition{Region: villageB, Kind: recognition.Online, Title: "反映自来水经常停水", Topic: "饮水", ReceivedOn: fday(2026, 11, 20)}
	if _, err := rec.PutPetition(actor, other, 0); err != nil {
		t.Fatal(err)
	}
	expect(t, "petition of another township", towna.get("/recognition/petitions/"+other.ID), http.StatusNotFound)
	expect(t, "petition of another village", cadre.get("/recognition/petitions/"+other.ID), http.StatusNotFound)
	expect(t, "petition of the county", cnty.get("/recognition/petitions/"+other.ID), http.StatusOK, "办理登记", "反映自来水经常停水")
	if res := cadre.get("/recognition/petitions"); strings.Contains(res.body, "反映自来水经常停水") {
		t.Error("the cadre's list shows a petition of another village")
	}
	expect(t, "petitions", cnty.get("/recognition/petitions"), http.StatusOK, "信访和督查反映问题", "受理时限", "办结时限")

	// The cadre records a survey of a household of the village, with a phone number in the note.
	_, had, err := rec.Surveys(ctx, store.SurveyFilter{Scope: villageA, HouseholdNo: "A0001"})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"household": {"A0001"}, "on": {"2026-11-27"}, "round": {"2026年第四季度"}, "way": {"入户"}, "overall": {"2"},
		"g0": {"是"}, "g3": {"否"}, "knows_helper": {"是"}, "knows_team": {"否"}, "complaint": {"道路", "饮水"},
		"note": {"希望修路，联系电话13912345678"}, "key": {"k-a0001-1"}}
	res := cadre.post("/recognition/surveys", form)
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "done=1") {
		t.Fatalf("add survey: %d %s %.500s", res.status, res.header.Get("Location"), res.body)
	}
	list := cadre.get(res.header.Get("Location"))
	expect(t, "survey listed", list, http.StatusOK, "已保存", "A0001", "不满意", "住房安全", "道路、饮水", "139****5678", "登记回访")
	if strings.Contains(list.body, "13912345678") {
		t.Error("the note's phone is shown in full")
	}
	again := cadre.post("/recognition/surveys", form)
	expect(t, "resend", cadre.get(again.header.Get("Location")), http.StatusOK, "未重复保存")
	rows, n, err := rec.Surveys(ctx, store.SurveyFilter{Scope: villageA, HouseholdNo: "A0001"})
	if err != nil || n != had+1 || rows[0].Round != "2026年第四季度" {
		t.Fatalf("surveys of A0001: %d after %d %v", n, had, err)
	}
	bad := url.Values{"household": {"A0001"}, "on": {"2026-11-27"}, "overall": {"9"}, "key": {"k-bad"}}
	expect(t, "bad answer", cadre.post("/recognition/surveys", bad), http.StatusBadRequest, "总体满意度应为 1–5")
	bad.Set("overall", "3")
	bad.Set("on", "2026-12-30")
	expect(t, "future day", cadre.post("/recognition/surveys", bad), http.StatusBadRequest, "晚于今天")
	bad.Set("household", "X9999")
	expect(t, "unknown household", cadre.post("/recognition/surveys", bad), http.StatusNotFound)
	form.Set("household", "B0001")
	form.Set("key", "k-b0001-1")
	expect(t, "survey of another village", cadre.post("/recognition/surveys", form), http.StatusForbidden)
	expect(t, "overview lists the unhappy household", cadre.get("/recognition"), http.StatusOK, `href="/households/A0001"`)

	// Its follow-up.
	res = cadre.post("/recognition/surveys/"+rows[0].ID+"/followup", url.Values{"on": {"2026-11-28"}, "by": {"王干部"}, "note": {"已联系交通局"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("follow-up: %d %.500s", res.status, res.body)
	}
	expect(t, "followed up", cadre.get("/recognition/surveys?household=A0001"), http.StatusOK, "2026-11-28", "已联系交通局")
	expect(t, "follow-up of another township", f.login("townb").post("/recognition/surveys/"+rows[0].ID+"/followup",
		url.Values{"on": {"2026-11-28"}, "by": {"x"}}), http.StatusForbidden)
	entries, err := store.NewAuditLog(f.db).List(ctx, audit.Filter{Object: "household", ObjectID: "A0001"})
	if err != nil {
		t.Fatal(err)
	}
	var added, followed int
	for _, e := range entries {
		switch e.Action {
		case audit.SurveyAdd:
			added++
			if e.Username != "cadrea" {
				t.Errorf("survey audited as %q", e.Username)
			}
		case audit.SurveyFollowUp:
			followed++
		}
	}
	if added != 1 || followed < 1 {
		t.Errorf("audit: %d survey entries, %d follow-ups", added, followed)
	}

	// A petition of the village received in August and never accepted is overdue; the cadre
	// records its steps at the version read.
	p := &recognition.Petition{Region: villageA, Kind: recognition.ByVisit, Title: "反映通组道路破损未修复", Topic: "道路",
		Petitioner: "张三", Phone: "13912345678", ReceivedOn: fday(2026, 8, 1)}
	if _, err := rec.PutPetition(actor, p, 0); err != nil {
		t.Fatal(err)
	}
	expect(t, "overdue", cadre.get("/recognition/petitions"), http.StatusOK, "反映通组道路破损未修复", "受理、实地核实、办结逾期")
	expect(t, "overdue filter", cadre.get("/recognition/petitions?step=overdue"), http.StatusOK, "反映通组道路破损未修复")
	if res := cadre.get("/recognition/petitions?step=concluded"); strings.Contains(res.body, "反映通组道路破损未修复") {
		t.Error("an open petition listed as concluded")
	}
	expect(t, "unknown step", cadre.get("/recognition/petitions?step=x"), http.StatusBadRequest)

	// Registering a petition: in the user's region only, placed in its household's village.
	reg := url.Values{"kind": {"来信"}, "ref": {"XF-T-1"}, "received_on": {"2026-11-25"}, "region": {string(townB)}, "household": {"B0001"},
		"topic": {"住房"}, "title": {"反映危房改造补助未到位"}, "petitioner": {"李四"}, "phone": {"13800001111"}}
	expect(t, "register elsewhere", cadre.post("/recognition/petitions", reg), http.StatusForbidden)
	res = cnty.post("/recognition/petitions", reg)
	if res.status != http.StatusSeeOther {
		t.Fatalf("register: %d %.800s", res.status, res.body)
	}
	expect(t, "registered", cnty.get(res.header.Get("Location")), http.StatusOK, "反映危房改造补助未到位", "东关村民委员会", "138****1111", "已收到，待受理")
	page := cadre.get("/recognition/petitions/" + p.ID)
	expect(t, "petition page", page, http.StatusOK, "139****5678", "已收到，待受理")
	res = cadre.post("/recognition/petitions/"+p.ID, url.Values{"version": {"1"}, "accepted_on": {"2026-08-05"}, "verified_on": {"2026-08-20"},
		"verified_by": {"李镇长"}, "verify_note": {"道路确有破损"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("petition update: %d %.800s", res.status, res.body)
	}
	expect(t, "petition verified", cadre.get(res.header.Get("Location")), http.StatusOK, "已实地核实", "李镇长", "道路确有破损")
	expect(t, "stale version", cadre.post("/recognition/petitions/"+p.ID, url.Values{"version": {"1"}, "accepted_on": {"2026-08-05"}}),
		http.StatusConflict)
	pe, err := store.NewAuditLog(f.db).List(ctx, audit.Filter{Object: "petition", ObjectID: p.ID})
	updated := false
	for _, e := range pe {
		updated = updated || e.Action == audit.PetitionUpdate && e.Username == "cadrea" && strings.Contains(e.Detail, "核实人 — → 李镇长")
	}
	if err != nil || !updated {
		t.Errorf("petition audit: %v %v", pe, err)
	}

	// Printed pages from the producers, masked unless asked in full by a role that may.
	card := cnty.get("/recognition/card?region=" + string(townA) + "&role=cadre")
	expect(t, "card", card, http.StatusOK, "明白卡", "A4")
	if csp := card.header.Get("Content-Security-Policy"); !strings.Contains(csp, "sha256-") {
		t.Errorf("card CSP: %q", csp)
	}
	book := cadre.get("/recognition/handbook/A0001")
	expect(t, "handbook", book, http.StatusOK, "户帮扶手册", "张*")
	if strings.Contains(book.body, "张三") {
		t.Error("the handbook shows the name in full without being asked")
	}
	expect(t, "handbook in full", cadre.post("/recognition/handbook/A0001", url.Values{"full": {"1"}}), http.StatusOK, "张三")
	expect(t, "helper in full", helper.post("/recognition/handbook/A0001", url.Values{"full": {"1"}}), http.StatusForbidden)
	expect(t, "handbook of another village", cadre.get("/recognition/handbook/B0001"), http.StatusForbidden)
	expect(t, "handbook form", cadre.get("/recognition/handbook?no=A0001&size=A5"), http.StatusOK, `class="a5"`, "A0001")
	books := cadre.get("/recognition/handbooks?village=" + string(villageA))
	expect(t, "village handbooks", books, http.StatusOK, "A0001")
	expect(t, "handbooks of another village", cadre.get("/recognition/handbooks?village="+string(villageB)), http.StatusForbidden)
	prints, err := store.NewAuditLog(f.db).List(ctx, audit.Filter{Action: audit.PrintOut})
	if err != nil || len(prints) < 3 {
		t.Errorf("prints audited: %d %v", len(prints), err)
	}
}

// TestRecognitionImport: a survey list with a bad answer is refused whole, with a Chinese
// message naming the row and the column and an error report to download; a good one is stored.
func TestRecognitionImport(t *testing.T) {
	f := newRecognitionFixture(t)
	ctx := context.Background()
	cnty, towna := f.login("county"), f.login("towna")
	rec := store.NewRecognition(f.db)
	_, before, err := rec.Surveys(ctx, store.SurveyFilter{Scope: county})
	if err != nil {
		t.Fatal(err)
	}
	bad := xlsxFile(t, [][]any{{"户编号", "调查日期", "总体满意度", "诉求类别"},
		{"A0001", "2026-11-01", "满意", "道路"}, {"B0001", "2026-11-02", "很好", ""}})
	res := cnty.postFile("/recognition/import", map[string]string{"list": "surveys", "region": string(county)}, "满意度调查.xlsx", bad)
	expect(t, "bad list", res, http.StatusUnprocessableEntity, "未写入任何数据", "第 3 行 C列「总体满意度」的「很好」", "下载错误报告")
	report := regexpFind(t, res.body, `href="(/recognition/import/[^"]+/report)"`)
	rep := cnty.get(html.UnescapeString(report))
	if rep.status != http.StatusOK || !strings.HasPrefix(rep.body, "PK") {
		t.Errorf("report: %d", rep.status)
	}
	expect(t, "report of another's county", towna.get(html.UnescapeString(report)), http.StatusNotFound)
	unknown := xlsxFile(t, [][]any{{"户编号", "调查日期", "总体满意度"}, {"X9999", "2026-11-01", "满意"}})
	expect(t, "unknown household", cnty.postFile("/recognition/import", map[string]string{"list": "surveys", "region": string(county)},
		"调查.xlsx", unknown), http.StatusUnprocessableEntity, "第 2 行", "户编号不在本县农户库中")
	if _, after, _ := rec.Surveys(ctx, store.SurveyFilter{Scope: county}); after != before {
		t.Fatalf("refused lists stored surveys: %d → %d", before, after)
	}
	good := xlsxFile(t, [][]any{{"户编号", "调查日期", "总体满意度", "调查轮次"}, {"A0001", "2026-11-01", "满意", "导入测试"},
		{"B0001", "2026-11-02", "不满意", "导入测试"}})
	res = cnty.postFile("/recognition/import", map[string]string{"list": "surveys", "region": string(county)}, "调查.xlsx", good)
	if res.status != http.StatusSeeOther {
		t.Fatalf("good list: %d %.800s", res.status, res.body)
	}
	expect(t, "imported", cnty.get(res.header.Get("Location")), http.StatusOK, "已导入", "新增 2 条", "满意度调查.xlsx")
	if _, after, _ := rec.Surveys(ctx, store.SurveyFilter{Scope: county}); after != before+2 {
		t.Errorf("surveys %d → %d", before, after)
	}
	badPoor := xlsxFile(t, [][]any{{"乡镇", "村"}, {"平襄镇", "东城区居民委员会"}, {"平襄镇", "不存在村"}})
	expect(t, "bad 脱贫村 list", cnty.postFile("/recognition/import", map[string]string{"list": "poor", "region": string(county)}, "脱贫村.xlsx", badPoor),
		http.StatusUnprocessableEntity, "第 3 行", "未写入任何数据")
	goodPoor := xlsxFile(t, [][]any{{"区划代码"}, {string(villageA)}})
	res = cnty.postFile("/recognition/import", map[string]string{"list": "poor", "region": string(county)}, "脱贫村.xlsx", goodPoor)
	if res.status != http.StatusSeeOther {
		t.Fatalf("good 脱贫村 list: %d %.800s", res.status, res.body)
	}
	expect(t, "poor imported", cnty.get(res.header.Get("Location")), http.StatusOK, "脱贫村 1 个")
	expect(t, "township import", towna.postFile("/recognition/import", map[string]string{"list": "surveys", "region": string(townA)},
		"调查.xlsx", good), http.StatusForbidden)
}

var sampleSection = regexp.MustCompile(`(?s)<section id="sample-result">.*</section>`)

// TestRecognitionSample: the same seed gives the same draw and distribution; another seed
// another draw.
func TestRecognitionSample(t *testing.T) {
	f := newRecognitionFixture(t)
	cnty := f.login("county")
	get := func(seed string) string {
		t.Helper()
		res := cnty.get("/recognition/sample?county=" + string(county) + "&seed=" + seed + "&draws=200")
		expect(t, "sample "+seed, res, http.StatusOK, "种子 "+seed+" 的抽样", "200 次模拟抽样的得分", "sample-bins", `data-funds-chart=`)
		return sampleSection.FindString(res.body)
	}
	a, b, c := get("7"), get("7"), get("8")
	if a == "" || a != b {
		t.Errorf("the same seed gave different pages:\n%.2000s\n----\n%.2000s", a, b)
	}
	if a == c {
		t.Error("another seed gave the same page")
	}
	expect(t, "too many draws", cnty.get("/recognition/sample?county="+string(county)+"&draws=999999"), http.StatusBadRequest, "模拟次数")
}

// TestRecognitionBrowser drives the pages in Chromium: the charts draw, a cadre enters a
// survey on a phone without the page growing wider than the screen, the printed 明白卡 keeps
// to its own policy, and no script error or policy violation occurs. With GONGGU_SCREENSHOTS
// set it saves a screenshot of each page.
func TestRecognitionBrowser(t *testing.T) {
	f := newRecognitionFixture(t)
	ctx := browsertest.Start(t)
	errors := browsertest.Errors(ctx)
	u := f.srv.URL
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := browsertest.Step(ctx)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		browsertest.Shot(t, ctx, name)
	}
	chart := `.funds-chart`
	if vendorPresent() {
		chart = `.funds-chart.on svg`
	}
	step("rec-01-login", chromedp.Navigate(u+"/"), chromedp.WaitVisible(`#username`), chromedp.SendKeys(`#username`, "county"),
		chromedp.SendKeys(`#password`, password), chromedp.Submit(`#password`), chromedp.WaitVisible(`.cards`))
	step("rec-02-overview", chromedp.Navigate(u+"/recognition"), chromedp.WaitVisible(`#rec-children`), chromedp.WaitVisible(chart))
	step("rec-03-township", chromedp.Click(`//table[@id="rec-children"]//a[text()="平襄镇"]`), chromedp.WaitVisible(`//h1[contains(., "平襄镇")]`))
	step("rec-04-petitions", chromedp.Navigate(u+"/recognition/petitions"), chromedp.WaitVisible(`#rec-petitions`))
	step("rec-05-sample", chromedp.Navigate(u+"/recognition/sample?county="+string(county)+"&draws=100"), chromedp.WaitVisible(`#sample-bins`),
		chromedp.WaitVisible(chart))
	step("rec-06-card", chromedp.Navigate(u+"/recognition/card?region="+string(villageA)+"&role=cadre"))
	// The printed page allows no script, so ask the browser rather than wait on the page.
	sheets, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title + " " + document.querySelectorAll(".sheet").length`))
	if err != nil || sheets != "东城区居民委员会明白卡 1" {
		t.Errorf("the card printed %q (%v)", sheets, err)
	}
	step("rec-07-logout", chromedp.Navigate(u+"/"), chromedp.WaitVisible(`.who`), chromedp.Click(`.who button`), chromedp.WaitVisible(`#username`))
	step("rec-08-phone-login", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)), chromedp.SendKeys(`#username`, "cadrea"),
		chromedp.SendKeys(`#password`, password), chromedp.Submit(`#password`), chromedp.WaitVisible(`.cards`))
	step("rec-09-phone-survey", chromedp.Navigate(u+"/recognition/surveys"), chromedp.WaitVisible(`#household`),
		chromedp.SendKeys(`#household`, "A0001"), chromedp.SetValue(`#overall`, "4"), chromedp.Click(`input[name=complaint][value="养老"]`),
		chromedp.Submit(`#household`), chromedp.WaitVisible(`.notice`))
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 2`))
	if err != nil || wide {
		t.Errorf("the surveys page is wider than a phone (%v)", err)
	}
	if es := errors(); len(es) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(es, "\n"))
	}
}

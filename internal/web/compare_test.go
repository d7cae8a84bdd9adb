package web_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/deptcompare"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web"
)

// newCompareFixture is the web fixture with the department lists wired into its screening
// engine, as gonggu serve has them, and a county user of 陇西县 besides.
func newCompareFixture(t *testing.T, e storetest.Engine) *fixture {
	t.Helper()
	f := newFixture(t, e)
	clock := func() time.Time { return f.now }
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	engine := screen.New(f.db)
	engine.Now = clock
	deptcompare.Wire(f.db, engine)
	users := store.NewUsers(f.db)
	hash, _ := auth.HashPassword(password, fast)
	if err := users.Create(context.Background(), &auth.User{Username: "longxi", Role: auth.RoleCounty, Region: "621122000000",
		PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	sessions := store.NewSessions(f.db)
	svc := auth.NewService(users, sessions, sessions, clock)
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
	return f
}

// TestComparePages: a county imports a 医保 roster and a 公安 death list through the page (a
// file with a bad ID number refused whole, in Chinese, with its error report, and nothing
// stored); each list's page shows what matched, who is missing and the contradictions; a
// cadre accepts 公安's death into the registry in one action, which is audited, stores the
// household at a new version and closes the finding on re-screening; a township sees only its
// part, a helper sees names masked, and another county's user is refused everything.
func TestComparePages(t *testing.T) {
	storetest.Run(t, testComparePages)
}

func testComparePages(t *testing.T, e storetest.Engine) {
	f := newCompareFixture(t, e)
	ctx := context.Background()
	county := f.login("county")
	idB := idno.Make("621121", time.Date(1975, 6, 7, 0, 0, 0, 0, time.UTC), 13)
	fields := func(kind string) map[string]string { return map[string]string{"kind": kind, "county": "621121000000"} }

	expect(t, "the page", county.get("/compare"), http.StatusOK, "部门数据比对", "导入部门名单", "医保：基本医疗保险参保名单", "部门比对")

	// A bad ID number: refused whole, nothing stored, the report downloadable.
	bad := xlsxFile(t, [][]any{{"姓名", "身份证号码", "参保状态", "险种", "参保年度"},
		{"张三", idA, "待定", "城乡居民", 2026}, {"李四", "62112119750607", "正常参保", "城乡居民", 2026}})
	res := county.postFile("/compare", fields("医保"), "参保名单.xlsx", bad)
	expect(t, "a bad list", res, http.StatusUnprocessableEntity, "医保部门名单「参保名单.xlsx」有 2 处错误，未写入任何数据",
		"第 2 行 C列「参保状态」的「待定」", "第 3 行 B列「证件号码」的「62112119750607」：不是有效的证件号码", "下载错误报告")
	report := html.UnescapeString(regexpFind(t, res.body, `href="(/compare/reports/[^"]+)"`))
	rep := county.get(report)
	if rep.status != http.StatusOK || !strings.Contains(rep.header.Get("Content-Type"), "spreadsheetml") || !strings.HasPrefix(rep.body, "PK") {
		t.Fatalf("error report: %d %s", rep.status, rep.header.Get("Content-Type"))
	}
	lists := store.NewDeptLists(f.db)
	if got, err := lists.Lists(ctx, county621121, "", 0); err != nil || len(got) != 0 {
		t.Fatalf("lists stored after a refused file: %v %v", got, err)
	}

	// The 医保 roster: 张三 suspended and 李四 not on it, while the registry says both insured.
	medical := xlsxFile(t, [][]any{{"姓名", "身份证号码", "参保状态", "险种", "参保年度"},
		{"张三", idA, "停保", "城乡居民", 2026}, {"王五", "621121199001010011", "正常参保", "城乡居民", 2026}})
	res = county.postFile("/compare", fields("医保"), "参保名单.xlsx", medical)
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "imported=1") {
		t.Fatalf("import 医保: %d %s %.1500s", res.status, res.header.Get("Location"), res.body)
	}
	medicalPage := res.header.Get("Location")
	expect(t, "医保 list", county.get(medicalPage), http.StatusOK, "已导入并与登记库比对", "医保部门名单比对", "I1-08",
		"登记已参保但医保部门显示未参保", "A0001", "张三", "采纳部门数据", "城乡居民基本医疗保险 是→否", "说明原因")
	expect(t, "医保 list, matched", county.get(strings.Split(medicalPage, "?")[0]+"?view=matched"), http.StatusOK,
		"停保，居民，2026 年度", "6211**********0017")
	expect(t, "医保 list, missing", county.get(strings.Split(medicalPage, "?")[0]+"?view=missing"), http.StatusOK,
		"B0001", "李四", "6211**********0133", "不在名单中")

	// The 公安 death list: 李四's wife died.
	police := xlsxFile(t, [][]any{{"姓名", "公民身份号码", "注销原因", "死亡日期"}, {"李四妻", spouseID(idB), "死亡注销", "2026-06-03"}})
	res = county.postFile("/compare", fields("公安"), "死亡名单.xlsx", police)
	if res.status != http.StatusSeeOther {
		t.Fatalf("import 公安: %d %.1500s", res.status, res.body)
	}
	policePage := county.get(res.header.Get("Location"))
	expect(t, "公安 list", policePage, http.StatusOK, "DQ-34", "公安部门显示已死亡但登记为在世", "B0001", "采纳部门数据")
	finding := regexpFind(t, policePage.body, `name="finding" value="([^"]+)"`)
	version := regexpFind(t, policePage.body, `name="v" value="([^"]+)"`)
	back := html.UnescapeString(regexpFind(t, policePage.body, `name="back" value="([^"]+)"`))

	// Another county's user, a township and a helper.
	longxi, towna, townb, helper := f.login("longxi"), f.login("towna"), f.login("townb"), f.login("helper")
	listPath := strings.Split(medicalPage, "?")[0]
	expect(t, "another county's list", longxi.get(listPath), http.StatusForbidden)
	expect(t, "another county's report", longxi.get(report), http.StatusForbidden)
	expect(t, "another county's upload", longxi.postFile("/compare", fields("医保"), "参保名单.xlsx", medical), http.StatusForbidden)
	expect(t, "another county's accept", longxi.post("/compare/accept", url.Values{"finding": {finding}, "v": {version}, "back": {back}}), http.StatusForbidden)
	expect(t, "a township's upload", towna.postFile("/compare", fields("医保"), "参保名单.xlsx", medical), http.StatusForbidden)
	expect(t, "township A's part", towna.get(listPath+"?view=contra&rule=I1-08"), http.StatusOK, "A0001", "以下只列")
	if res := townb.get(listPath + "?view=contra&rule=I1-08"); res.status != http.StatusOK || strings.Contains(res.body, "A0001") {
		t.Errorf("township B sees township A's finding: %d", res.status)
	}
	expect(t, "township B's accept in township A", townb.post("/compare/accept", url.Values{"finding": {regexpFind(t, county.get(listPath).body,
		`name="finding" value="([^"]+)"`)}, "v": {"1"}, "back": {back}}), http.StatusForbidden)
	if res := helper.get(listPath + "?view=contra&rule=I1-08"); res.status != http.StatusOK || strings.Contains(res.body, "张三") || !strings.Contains(res.body, "张*") {
		t.Errorf("the helper's view of names: %d %.1500s", res.status, res.body)
	}
	// Accepting over a version another save has raised since the page was shown.
	shown := county.get(listPath).body
	stale := url.Values{"finding": {regexpFind(t, shown, `name="finding" value="([^"]+)"`)}, "v": {regexpFind(t, shown, `name="v" value="([^"]+)"`)}, "back": {back}}
	other, err := store.NewRegistry(f.db).Get(ctx, "A0001")
	if err != nil {
		t.Fatal(err)
	}
	other.Household.Address = "另一人保存"
	if err := store.NewRegistry(f.db).Put(ctx, other); err != nil {
		t.Fatal(err)
	}
	expect(t, "a stale accept", county.post("/compare/accept", stale), http.StatusConflict, "已被他人修改")
	if a, err := store.NewRegistry(f.db).Get(ctx, "A0001"); err != nil || a.Persons[0].ResidentMedical != registry.Yes {
		t.Errorf("A0001 after a stale accept: %v", err)
	}
	if before, err := store.NewRegistry(f.db).Get(ctx, "B0001"); err != nil || !before.Persons[1].DeceasedOn.IsZero() {
		t.Fatalf("B0001 changed before the accept: %v", err)
	}

	// The accept: 公安's death into the registry.
	res = county.post("/compare/accept", url.Values{"finding": {finding}, "v": {version}, "back": {back}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "accepted=") {
		t.Fatalf("accept: %d %s %.1500s", res.status, res.header.Get("Location"), res.body)
	}
	expect(t, "after the accept", county.get(res.header.Get("Location")), http.StatusOK, "已采纳公安部门数据", "2026-06-03", "已重新排查本户")
	var after *registry.Aggregate
	after, err = store.NewRegistry(f.db).Get(ctx, "B0001")
	if err != nil {
		t.Fatal(err)
	}
	if got := after.Persons[1].DeceasedOn; got != registry.NewDate(2026, 6, 3) || strconv.FormatInt(after.Household.Version-1, 10) != version {
		t.Errorf("B0001 after the accept: 死亡日期 %v, version %d (was %s)", got, after.Household.Version, version)
	}
	entries, err := store.NewAuditLog(f.db).List(ctx, audit.Filter{Object: "household", ObjectID: "B0001"})
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "采纳公安部门数据") || entries[0].Username != "county" ||
		strings.Contains(entries[0].Detail, "李四") || strings.Contains(entries[0].Detail, spouseID(idB)) {
		t.Errorf("audit of the accept: %+v %v", entries, err)
	}
	fd, err := store.NewFindings(f.db).Get(ctx, finding)
	if err != nil || fd.Status != store.StatusClosed {
		t.Errorf("the finding after the accept: %+v %v", fd, err)
	}
	expect(t, "accepting again", county.post("/compare/accept", url.Values{"finding": {finding}, "v": {version}, "back": {back}}), http.StatusConflict, "不是未解决状态")
	// 医保's roster into the registry: 张三 no longer insured, the finding closed.
	shown = county.get(listPath).body
	res = county.post("/compare/accept", url.Values{"finding": {regexpFind(t, shown, `name="finding" value="([^"]+)"`)},
		"v": {regexpFind(t, shown, `name="v" value="([^"]+)"`)}, "back": {html.UnescapeString(regexpFind(t, shown, `name="back" value="([^"]+)"`))}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("accept 医保: %d %.1500s", res.status, res.body)
	}
	expect(t, "after accepting 医保", county.get(res.header.Get("Location")), http.StatusOK, "已采纳医保部门数据", "城乡居民基本医疗保险 是→否", "共 1 个未解决问题")
	if a, err := store.NewRegistry(f.db).Get(ctx, "A0001"); err != nil || a.Persons[0].ResidentMedical != registry.No {
		t.Errorf("A0001 after accepting 医保: %v", err)
	}
	expect(t, "the history", county.get("/compare"), http.StatusOK, "参保名单.xlsx", "死亡名单.xlsx", "未通过检查的文件")
}

const county621121 = region.Code("621121000000")

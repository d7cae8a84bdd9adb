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
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web"
)

// newSourcesFixture is the web fixture with the object sources wired into its screening
// engine, as gonggu serve has them, screened once.
func newSourcesFixture(t *testing.T, e storetest.Engine, sources ...screen.ObjectSource) (*fixture, *screen.Engine) {
	t.Helper()
	f := newFixture(t, e)
	clock := func() time.Time { return f.now }
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	engine := screen.New(f.db)
	engine.Now = clock
	engine.Sources = sources
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
	if _, err := engine.Run(context.Background(), screen.Options{}); err != nil {
		t.Fatal(err)
	}
	return f, engine
}

// archivePNG is the start of a PNG file: what the content sniffs as decides its type.
var archivePNG = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 200)...)

// TestArchivePages: the county sees the completeness of its townships and drills down to a
// village, where the household whose archive misses items is listed with them; a township
// cadre marks one item held on paper and attaches another (each audited, the archive
// re-screened), and the file downloads as it was; an unlisted item is refused; a user of
// another township is refused the page, the village and the change; a read-only role cannot
// mark.
func TestArchivePages(t *testing.T) {
	e := storetest.SQLite(t)
	f, _ := newSourcesFixture(t, e, cli.ArchiveSources(store.NewArchives(e.DB))...)
	county, towna, townb, auditor := f.login("county"), f.login("towna"), f.login("townb"), f.login("auditor")

	// A0001 is an alleviated household not monitored: it owes 帮扶计划, 走访记录, 收入核算表; its
	// village owes 5 items; nothing is recorded.
	res := county.get("/archives")
	expect(t, "county completeness", res, http.StatusOK, "档案资料", "平襄镇", "马营镇", "0.0%")
	res = county.get("/archives?region=" + string(townA))
	expect(t, "township", res, http.StatusOK, "东城区", "0 / 1", "0 / 3")
	res = county.get("/archives?region=" + string(villageA))
	expect(t, "village", res, http.StatusOK, "A0001", "帮扶计划、走访记录、收入核算表", "村级台账、会议记录、项目公示、监测对象名单、帮扶责任人名单",
		"张三", "/archives/households/A0001")
	// The county has recorded no archive yet: the screening did not judge its archives.
	res = county.get("/archives/households/A0001")
	expect(t, "checklist", res, http.StatusOK, "户 A0001 档案", "脱贫户（未监测）", "没有发现问题")

	// Another township: neither the page, the village, nor a change.
	expect(t, "other township page", townb.get("/archives/households/A0001"), http.StatusForbidden)
	expect(t, "other township village", townb.get("/archives?region="+string(villageA)), http.StatusForbidden)
	expect(t, "other township village checklist", townb.get("/archives/villages/"+string(villageA)), http.StatusForbidden)
	res = townb.post("/archives/households/A0001", url.Values{"item": {"帮扶计划"}, "action": {"paper"}, "location": {"村委会"}})
	expect(t, "other township mark", res, http.StatusForbidden)
	res = auditor.post("/archives/households/A0001", url.Values{"item": {"帮扶计划"}, "action": {"paper"}, "location": {"村委会"}})
	expect(t, "read-only mark", res, http.StatusForbidden)
	// A helper of village A sees its own village and not village B's households.
	helper := f.login("helper")
	expect(t, "helper's village", helper.get("/archives"), http.StatusOK, "A0001")
	expect(t, "helper, other village", helper.get("/archives/households/B0001"), http.StatusForbidden)
	expect(t, "helper, other village list", helper.get("/archives?region="+string(villageB)), http.StatusForbidden)
	// Only listed items.
	res = towna.post("/archives/households/A0001", url.Values{"item": {"户口本复印件"}, "action": {"paper"}, "location": {"村委会"}})
	expect(t, "unlisted", res, http.StatusBadRequest, "不在")

	// The first item recorded starts the county's archives: the re-screen finds this household's
	// archive short of 2 items, and B0001's (in village B) short of 3.
	res = towna.post("/archives/households/A0001", url.Values{"item": {"帮扶计划"}, "action": {"paper"}, "location": {"东城区村委会档案室 2 号柜"}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "opened=2") {
		t.Fatalf("paper: %d %s %.300s", res.status, res.header.Get("Location"), res.body)
	}
	expect(t, "finding", towna.get(res.header.Get("Location")), http.StatusOK, "I2-51", "户档案缺少应有的资料", "缺少 2 项应有的资料：走访记录、收入核算表")
	// Files are bounded and typed by their content, as the ledger's evidence files.
	res = towna.postFile("/archives/households/A0001", map[string]string{"item": "走访记录", "action": "file"}, "走访记录.png",
		append(append([]byte{}, archivePNG...), make([]byte, store.MaxFileSize)...))
	expect(t, "too large", res, http.StatusBadRequest, "文件不能超过 10 MB")
	res = towna.postFile("/archives/households/A0001", map[string]string{"item": "走访记录", "action": "file"}, "走访记录.png", []byte("MZ\x90\x00 not an image"))
	expect(t, "not an image", res, http.StatusBadRequest, "只能上传")
	res = towna.postFile("/archives/households/A0001", map[string]string{"item": "走访记录", "action": "file"}, "走访记录.png", archivePNG)
	if res.status != http.StatusSeeOther {
		t.Fatalf("file: %d %.300s", res.status, res.body)
	}
	res = towna.get(res.header.Get("Location"))
	expect(t, "after marks", res, http.StatusOK, "已保存「走访记录」", "纸质存档", "东城区村委会档案室 2 号柜", "已上传电子件", "走访记录.png", "缺：")
	res = towna.get("/archives/households/A0001/file?item=" + url.QueryEscape("走访记录"))
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "image/png" || res.body != string(archivePNG) {
		t.Fatalf("download: %d %s %d bytes", res.status, res.header.Get("Content-Type"), len(res.body))
	}
	expect(t, "other township file", townb.get("/archives/households/A0001/file?item="+url.QueryEscape("走访记录")), http.StatusForbidden)
	// The third item closes the household's finding.
	res = towna.post("/archives/households/A0001", url.Values{"item": {"收入核算表"}, "action": {"paper"}, "location": {"乡镇档案室"}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "closed=1") {
		t.Fatalf("last item: %d %s", res.status, res.header.Get("Location"))
	}
	res = county.get("/archives?region=" + string(villageA))
	expect(t, "village after", res, http.StatusOK, "本村的户档案都已齐全", "齐全 1 户")
	if strings.Contains(res.body, "/archives/households/A0001\"") {
		t.Error("a complete household is still listed as missing items")
	}
	// 3 of the village's 8 listed items (3 of the household, 0 of 5 of the village).
	expect(t, "township after", county.get("/archives?region="+string(townA)), http.StatusOK, "3 / 3", "37.5%")

	// The village's own archive: a listed item on paper; a household's item is not listed there.
	res = towna.post("/archives/villages/"+string(villageA), url.Values{"item": {"会议记录"}, "action": {"paper"}, "location": {"村委会档案室"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("village item: %d %.300s", res.status, res.body)
	}
	expect(t, "village checklist", towna.get(res.header.Get("Location")), http.StatusOK, "村级档案", "会议记录", "村委会档案室", "村级台账、项目公示、监测对象名单、帮扶责任人名单")
	res = towna.post("/archives/villages/"+string(villageA), url.Values{"item": {"申请书"}, "action": {"paper"}, "location": {"村委会"}})
	expect(t, "household item on the village", res, http.StatusBadRequest, "不在村级档案")
	expect(t, "not a village", towna.get("/archives/villages/"+string(townA)), http.StatusNotFound)

	entries, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Action: audit.ArchiveUpdate})
	if err != nil || len(entries) != 4 {
		t.Fatalf("audit: %d %v", len(entries), err)
	}
	all := ""
	for _, en := range entries {
		if en.Username != "towna" || (en.ObjectID != "A0001" && en.ObjectID != string(villageA)) || en.Region != villageA {
			t.Errorf("audit entry %+v", en)
		}
		all += en.Detail
	}
	if !strings.Contains(all, "上传电子件「走访记录.png」") || !strings.Contains(all, "村级档案：「会议记录」纸质存档（村委会档案室）") {
		t.Errorf("audit details %v", entries)
	}
}

// TestArchiveImport: a township imports its archive register (csv): a row naming a household
// of another township, or an unlisted item, refuses the whole file with the rows named; a
// good file records its items on paper, audited once, and the page shows them.
func TestArchiveImport(t *testing.T) {
	e := storetest.SQLite(t)
	f, _ := newSourcesFixture(t, e, cli.ArchiveSources(store.NewArchives(e.DB))...)
	towna, auditor := f.login("towna"), f.login("auditor")
	res := towna.postFile("/archives/import", map[string]string{"region": string(townA)}, "档案登记.csv",
		[]byte("户编号,村代码,资料名称,存放位置\nA0001,,帮扶计划,村委会档案室\n,,会议记录,村委会\nA0001,,走访记录,\n"))
	expect(t, "unreadable rows", res, http.StatusBadRequest, "未写入任何数据", "第 3 行", "至少填一个", "第 4 行")
	bad := "户编号,村代码,资料名称,存放位置,备注\nA0001,,帮扶计划,村委会档案室,\nB0001,,帮扶计划,村委会,\nA0001,,户口本复印件,村委会,\n"
	res = towna.postFile("/archives/import", map[string]string{"region": string(townA)}, "档案登记.csv", []byte(bad))
	expect(t, "bad register", res, http.StatusBadRequest, "未写入任何数据", "第 3 行", "不在本次导入的地区内", "第 4 行", "户口本复印件")
	expect(t, "read-only import", auditor.postFile("/archives/import", nil, "档案登记.csv", []byte(bad)), http.StatusForbidden)
	if started, _ := store.NewArchives(f.db).Started(context.Background(), county); started {
		t.Fatal("a refused register wrote something")
	}
	good := "户编号,村代码,资料名称,存放位置,备注\nA0001,,帮扶计划,东城区村委会档案室,原件\nA0001,,走访记录,东城区村委会档案室,\n," + string(villageA) + ",会议记录,村委会档案室 3 号柜,\n"
	res = towna.postFile("/archives/import", map[string]string{"region": string(townA)}, "档案登记.csv", []byte(good))
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "imported=3") {
		t.Fatalf("good register: %d %s %.500s", res.status, res.header.Get("Location"), res.body)
	}
	expect(t, "imported", towna.get(res.header.Get("Location")), http.StatusOK, "已导入档案资料登记表：登记纸质资料 3 项", "已重新排查本县的档案资料")
	expect(t, "household", towna.get("/archives/households/A0001"), http.StatusOK, "东城区村委会档案室", "原件", "缺：")
	expect(t, "village", towna.get("/archives/villages/"+string(villageA)), http.StatusOK, "村委会档案室 3 号柜")
	entries, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Action: audit.ArchiveUpdate})
	if err != nil || len(entries) != 1 || entries[0].Username != "towna" || !strings.Contains(entries[0].Detail, "3 项") {
		t.Fatalf("audit %v %v", entries, err)
	}
}

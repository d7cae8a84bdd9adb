package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

func TestFixtureIDs(t *testing.T) {
	if got := idno.Make("621121", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), 1); got != idA {
		t.Fatalf("idA should be %s", got)
	}
}

func TestPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		c := f.login("county")
		for _, p := range []struct {
			path     string
			contains []string
		}{
			{"/", []string{"通渭县", "登记户数", "各乡镇情况", "平襄镇", "“两不愁三保障”及饮水安全", "未解决问题"}},
			{"/regions/" + string(townA), []string{"平襄镇", "东城区居民委员会"}},
			{"/regions/" + string(villageA), []string{"本村农户", "A0001", "张三"}},
			{"/households/A0001", []string{"张三户", "未参加基本医疗保险", "6211**********0017", "139****5678", "外出务工交通补贴"}},
			{"/households?q=" + url.QueryEscape("张三"), []string{"A0001", "找到 1 户"}},
			{"/households?q=" + idA, []string{"A0001"}},
			{"/households?q=A0001", []string{"张三"}},
			{"/findings", []string{"疑点清单", "未参加基本医疗保险", "A0001"}},
			{"/findings?severity=high&indicator=1", []string{"未参加基本医疗保险"}},
			{"/households/A0001/edit", []string{"修改户信息", "现为 139****5678"}},
			{"/households/A0001/persons/A000102/edit", []string{"修改家庭成员"}},
			{"/households/A0001/incomes/2025/edit", []string{"2025 年收入"}},
			{"/households/A0001/measures/new/edit", []string{"新增帮扶措施"}},
			{"/api/me", []string{`"role":"county"`}},
			{"/api/regions/" + string(county), []string{`"open_findings"`, "平襄镇"}},
			{"/api/households?q=" + url.QueryEscape("张三"), []string{"A0001", "6211**********0017"}},
			{"/api/households/A0001", []string{"6211**********0017", "I1-03"}},
			{"/api/findings?rule=I1-03", []string{"A0001", "B0001"}},
			{"/static/app.css", []string{"print"}},
		} {
			expect(t, p.path, c.get(p.path), http.StatusOK, p.contains...)
		}
		// Full numbers never appear in a page or API response without an audited reveal.
		for _, p := range []string{"/households/A0001", "/api/households/A0001", "/households/A0001/edit", "/findings"} {
			if body := c.get(p).body; strings.Contains(body, idA) || strings.Contains(body, "13912345678") {
				t.Errorf("%s shows a full number", p)
			}
		}
		res := c.get("/findings.xlsx")
		if res.status != http.StatusOK || !strings.HasPrefix(res.body, "PK") {
			t.Errorf("export: status %d", res.status)
		}
		expect(t, "unknown page", c.get("/nothing-here"), http.StatusNotFound, "没有找到")
		expect(t, "unknown household", c.get("/households/NOPE"), http.StatusNotFound, "户编号 NOPE 不存在")
		expect(t, "unknown API", c.get("/api/nothing"), http.StatusNotFound, `"error"`)
	})
}

// TestScoping proves that a township user cannot reach another township's household by URL,
// API, search or export, nor change it.
func TestScoping(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		a := f.login("towna")
		expect(t, "own household", a.get("/households/A0001"), http.StatusOK, "张三")
		for _, p := range []string{
			"/households/B0001", "/households/B0001/edit", "/households/B0001/persons/B000101/edit",
			"/regions/" + string(townB), "/regions/" + string(villageB), "/regions/" + string(county),
			"/findings?region=" + string(townB), "/findings.xlsx?region=" + string(townB),
			"/api/households/B0001", "/api/regions/" + string(townB), "/api/findings?region=" + string(townB),
		} {
			res := a.get(p)
			if res.status != http.StatusForbidden {
				t.Errorf("%s: status %d, want 403", p, res.status)
			}
			if strings.Contains(res.body, "李四") {
				t.Errorf("%s leaks the other township's household", p)
			}
		}
		for _, p := range []string{"/households?q=" + url.QueryEscape("李四"), "/households?q=B0001", "/api/households?q=" + url.QueryEscape("李四")} {
			if res := a.get(p); strings.Contains(res.body, "/households/B0001") || strings.Contains(res.body, `"household_no":"B0001"`) {
				t.Errorf("search %s finds the other township's household", p)
			}
		}
		// The export of the whole scope holds only the own township's findings.
		if res := a.get("/findings"); strings.Contains(res.body, "B0001") {
			t.Error("findings list shows the other township")
		}
		if res := a.get("/api/findings"); strings.Contains(res.body, "B0001") || !strings.Contains(res.body, "A0001") {
			t.Errorf("API findings: %s", res.body)
		}
		res := a.post("/households/B0001/edit", url.Values{"address": {"x"}})
		if res.status != http.StatusForbidden {
			t.Errorf("edit of other township: status %d", res.status)
		}
		var id string
		store.NewFindings(f.db).Each(context.Background(), store.FindingFilter{HouseholdNo: "B0001"}, func(fd *store.Finding) error {
			id = fd.ID
			return nil
		})
		if res := a.post("/findings/"+id+"/waive", url.Values{"reason": {"这是一个测试说明"}}); res.status != http.StatusForbidden {
			t.Errorf("waive of other township: status %d", res.status)
		}
	})
}

func TestCSRF(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	form := func() url.Values { return url.Values{"address": {"新地址"}} }
	for _, tc := range []struct {
		name string
		tok  string
		hdr  map[string]string
	}{
		{"no token", "", nil},
		{"wrong token", "forged", nil},
		{"right token, foreign origin", c.csrf, map[string]string{"Origin": "http://evil.example"}},
	} {
		fm := form()
		if tc.tok != "" {
			fm.Set("csrf", tc.tok)
		}
		res := c.do("POST", "/households/A0001/edit", fm, tc.hdr)
		expect(t, tc.name, res, http.StatusForbidden, "页面已过期")
	}
	// An oversized form is refused before it is read whole, with a reason.
	big := url.Values{"csrf": {c.csrf}, "address": {strings.Repeat("很长", 1<<19)}}
	expect(t, "oversized form", c.do("POST", "/households/A0001/edit", big, nil), http.StatusBadRequest, "超过 1 MB 的上限")
	// htmx sends the token in a header.
	res := c.do("POST", "/logout", url.Values{}, map[string]string{"X-CSRF-Token": c.csrf})
	if res.status != http.StatusSeeOther {
		t.Errorf("logout with header token: %d", res.status)
	}
	// A login form needs its own double-submit token.
	c2 := f.client()
	res = c2.do("POST", "/login", url.Values{"username": {"county"}, "password": {password}}, nil)
	expect(t, "login without token", res, http.StatusForbidden, "登录页面已过期")
}

func TestThrottle(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.client()
	for i := 0; i < 5; i++ {
		expect(t, "wrong password", c.tryLogin("towna", "wrong"), http.StatusUnauthorized, "用户名或密码错误")
	}
	expect(t, "locked account", c.tryLogin("towna", password), http.StatusTooManyRequests, "登录失败次数过多")
	// Another account from the same address still logs in (the address limit is higher).
	if res := c.tryLogin("townb", password); res.status != http.StatusSeeOther {
		t.Errorf("other account: %d", res.status)
	}
	// Failed logins are audited, without the password.
	entries, _ := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Action: audit.LoginFailed})
	if len(entries) != 5 || entries[0].Username != "towna" {
		t.Errorf("failed logins audited: %+v", entries)
	}
}

func TestSessionCookie(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.client()
	page := c.get("/login")
	tok := csrfField.FindStringSubmatch(page.body)[1]
	res := c.do("POST", "/login", url.Values{"csrf": {tok}, "username": {"county"}, "password": {password}},
		map[string]string{"X-Forwarded-Proto": "https"})
	set := res.header.Get("Set-Cookie")
	for _, want := range []string{"gonggu_session=", "HttpOnly", "SameSite=Lax", "Secure"} {
		if !strings.Contains(set, want) {
			t.Errorf("session cookie %q lacks %s", set, want)
		}
	}
	if res.header.Get("Content-Security-Policy") == "" || res.header.Get("X-Frame-Options") != "DENY" {
		t.Error("security headers missing")
	}
	// Without a session every page sends the user to the login page, and the API answers 401.
	anon := f.client()
	if res := anon.get("/households/A0001"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/login?next=") {
		t.Errorf("anonymous page: %d %s", res.status, res.header.Get("Location"))
	}
	expect(t, "anonymous API", anon.get("/api/me"), http.StatusUnauthorized, "请先登录")
	// After logout the old cookie is dead.
	cl := f.login("county")
	cl.post("/logout", nil)
	if res := cl.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("after logout: %d", res.status)
	}
}

func TestMaskingAndReveal(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	helper := f.login("helper")
	res := helper.get("/households/A0001")
	expect(t, "helper page", res, http.StatusOK, "6211**********0017")
	if strings.Contains(res.body, "显示完整号码") {
		t.Error("helper is offered the full numbers")
	}
	expect(t, "helper reveal", helper.post("/households/A0001/reveal", nil), http.StatusForbidden)

	county := f.login("county")
	res = county.post("/households/A0001/reveal", nil)
	expect(t, "county reveal", res, http.StatusOK, idA, "13912345678", "已记入审计日志")
	entries, _ := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Action: audit.Reveal})
	if len(entries) != 1 || entries[0].Username != "county" || entries[0].ObjectID != "A0001" || entries[0].RequestID == "" {
		t.Errorf("reveal audit: %+v", entries)
	}
	if strings.Contains(entries[0].Detail, idA) {
		t.Error("audit detail holds a full ID number")
	}
}

// TestEditRescreens fixes the data behind a finding and sees it close at once.
func TestEditRescreens(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("towna")
	page := c.get("/households/A0001/persons/A000102/edit")
	v := regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	form := url.Values{"v": {v}, "name": {"张三妻"}, "id_type": {"居民身份证"}, "gender": {"女"}, "birth": {"1982-03-04"},
		"relation": {"配偶"}, "education": {"小学"}, "labour_skill": {"普通劳动力"}, "health": {"健康"},
		"work_location": {"县内乡外"}, "work_months": {"8"}, "resident_medical": {"是"}, "employee_medical": {"否"},
		"resident_pension": {"是"}}
	res := c.post("/households/A0001/persons/A000102/edit", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	loc := res.header.Get("Location")
	if !strings.Contains(loc, "closed=") || strings.Contains(loc, "closed=0") {
		t.Errorf("re-screening did not close the finding: %s", loc)
	}
	store.NewFindings(f.db).Each(context.Background(), store.FindingFilter{HouseholdNo: "A0001", Rule: "I1-03"}, func(fd *store.Finding) error {
		if fd.Status != store.StatusClosed {
			t.Errorf("finding I1-03 of %s is %s after the fix", fd.SubjectID, fd.Status)
		}
		return nil
	})
	res = c.get(strings.TrimSuffix(loc, "#top"))
	expect(t, "household after fix", res, http.StatusOK, "已保存", "个问题", "已消除", "修改家庭成员", "城乡居民基本医疗保险（否 → 是）")

	// The same form saved again over the newer data is refused.
	expect(t, "stale form", c.post("/households/A0001/persons/A000102/edit", form), http.StatusConflict)

	// Invalid input is shown beside the fields, in Chinese, and nothing is stored.
	page = c.get("/households/A0001/edit")
	v = regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	res = c.post("/households/A0001/edit", url.Values{"v": {v}, "kind": {"脱贫户"}, "year_out": {"2018"}, "phone": {"12345"},
		"category": {"边缘易致贫户"}, "housing_grade": {"D"}, "unsafe_house": {"否"}})
	expect(t, "invalid household", res, http.StatusBadRequest, "应为 11 位手机号码", "边缘易致贫户应是一般农户",
		"监测对象应填写识别监测时间", "应为危房户")
	page = c.get("/households/A0001/persons/A000101/edit")
	v = regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	res = c.post("/households/A0001/persons/A000101/edit", url.Values{"v": {v}, "name": {"张三"}, "id_number": {"621121198001010010"},
		"relation": {"户主"}, "education": {"初中"}, "school_status": {"九年级"}})
	expect(t, "invalid person", res, http.StatusBadRequest, "校验码错误", "只能填一项")

	// A member can be added: a newborn gets the next person number.
	page = c.get("/households/A0001/persons/new/edit")
	v = regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	res = c.post("/households/A0001/persons/new/edit", url.Values{"v": {v}, "name": {"张小宝"}, "id_number": {"621121202603010010"},
		"relation": {"之孙子"}})
	expect(t, "invalid new member", res, http.StatusBadRequest, "校验码错误")
	res = c.post("/households/A0001/persons/new/edit", url.Values{"v": {v}, "name": {"张小宝"}, "id_number": {"621121202603010013"},
		"gender": {"男"}, "birth": {"2026-03-01"}, "relation": {"之孙子"}, "school_status": {"学龄前儿童"}, "labour_skill": {"无劳动力"},
		"health": {"健康"}, "resident_medical": {"是"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add member: %d %s", res.status, res.body)
	}
	expect(t, "member added", c.get("/households/A0001"), http.StatusOK, "张小宝")

	// A measure can be added and deleted.
	page = c.get("/households/A0001/measures/new/edit")
	v = regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	res = c.post("/households/A0001/measures/new/edit", url.Values{"v": {v}, "type": {"健康帮扶"}, "description": {"家庭医生签约"},
		"start": {"2026-01-01"}, "amount": {"300"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add measure: %d %s", res.status, res.body)
	}
	expect(t, "measure added", c.get("/households/A0001"), http.StatusOK, "家庭医生签约")
	if res := c.post("/households/A0001/measures/2/delete", nil); res.status != http.StatusSeeOther {
		t.Fatalf("delete measure: %d", res.status)
	}
	if strings.Contains(c.get("/households/A0001").body, "家庭医生签约") {
		t.Error("measure not deleted")
	}
}

func TestWaive(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("towna")
	var id string
	store.NewFindings(f.db).Each(context.Background(), store.FindingFilter{HouseholdNo: "A0001"}, func(fd *store.Finding) error {
		id = fd.ID
		return nil
	})
	expect(t, "short reason", c.post("/findings/"+id+"/waive", url.Values{"reason": {"无"}}), http.StatusBadRequest, "至少 5 个字")
	res := c.post("/findings/"+id+"/waive", url.Values{"reason": {"该成员在外地参加职工医保，已核实", "x"}, "back": {"/households/A0001"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("waive: %d %s", res.status, res.body)
	}
	expect(t, "after waive", c.get("/households/A0001?msg=waived"), http.StatusOK, "已登记例外说明", "该成员在外地参加职工医保")
	helper := f.login("helper")
	expect(t, "helper waive", helper.post("/findings/"+id+"/waive", url.Values{"reason": {"helper 不能说明"}}), http.StatusForbidden)
	expect(t, "helper unwaive", helper.post("/findings/"+id+"/unwaive", nil), http.StatusForbidden)

	// The exception is withdrawn: the finding is open again, and the audit log says who.
	page := c.get("/households/A0001")
	if !strings.Contains(page.body, "/findings/"+id+"/unwaive") {
		t.Fatal("no withdraw button on a waived finding")
	}
	res = c.post("/findings/"+id+"/unwaive", url.Values{"back": {"/households/A0001"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("unwaive: %d %s", res.status, res.body)
	}
	fd, err := store.NewFindings(f.db).Get(context.Background(), id)
	if err != nil || fd.Status != store.StatusOpen || fd.WaivedBy != "" {
		t.Fatalf("after unwaive: %+v %v", fd, err)
	}
	expect(t, "unwaive twice", c.post("/findings/"+id+"/unwaive", nil), http.StatusConflict, "没有例外说明")
	expect(t, "audit", f.login("auditor").get("/audit"), http.StatusOK, "撤销例外说明")
}

func TestAuditPage(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("towna")
	page := c.get("/households/A0001/edit")
	v := regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	res := c.post("/households/A0001/edit", url.Values{"v": {v}, "kind": {"脱贫户"}, "year_out": {"2018"}, "address": {"东城区 12 号"},
		"unsafe_house": {"否"}, "housing_grade": {"A"}, "housing_appraised": {"2024-05-01"}, "water_safe": {"是"}, "toilet": {"是"},
		"grid": {"一网格"}, "helper": {"王干部"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	expect(t, "county user has no audit page", c.get("/audit"), http.StatusForbidden)
	aud := f.login("auditor")
	expect(t, "audit page", aud.get("/audit"), http.StatusOK, "修改户信息", "住址（未填 → 东城区 12 号）", "towna", "登录")
	expect(t, "audit filter by action", aud.get("/audit?action=household.update&user=towna"), http.StatusOK, "住址")
	if res := aud.get("/audit?action=login"); strings.Contains(res.body, "住址（") {
		t.Error("action filter ignored")
	}
	expect(t, "audit of another county", aud.get("/audit?region=621102000000"), http.StatusForbidden)
	// The home page lists the change among recent changes.
	expect(t, "recent changes", c.get("/"), http.StatusOK, "最近修改", "东城区 12 号")
	// The auditor sees data but cannot change it.
	expect(t, "auditor edit", aud.get("/households/A0001/edit"), http.StatusForbidden)
}

func TestParamsPage(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	expect(t, "county params", f.login("county").get("/params"), http.StatusForbidden)
	admin := f.login("admin")
	expect(t, "params", admin.get("/params"), http.StatusOK, "monitor_line", "系统默认值")
	res := admin.post("/params", url.Values{"region": {string(county)}, "year": {"2026"}, "name": {"monitor_line"}, "value": {"8300"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("set param: %d %s", res.status, res.body)
	}
	expect(t, "params after", admin.get("/params?region="+string(county)+"&year=2026"), http.StatusOK, "8300", "通渭县")
	expect(t, "bad value", admin.post("/params", url.Values{"region": {string(county)}, "year": {"2026"}, "name": {"monitor_line"}, "value": {"abc"}}), http.StatusBadRequest)
}

func TestErrorPagesHideInternals(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	f.db.SQL.Exec(`DROP TABLE audit_log`)
	res := c.get("/households/A0001")
	expect(t, "internal error", res, http.StatusInternalServerError, "系统内部错误", "错误编号")
	for _, leak := range []string{"audit_log", "sqlite", "SQL", "no such table", ".go:"} {
		if strings.Contains(res.body, leak) {
			t.Errorf("error page shows %q", leak)
		}
	}
}

// upload posts a file to the import page as a multipart form.
func (c *client) upload(path string) response {
	c.f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("file", filepath.Base(path))
	b, err := os.ReadFile(path)
	if err != nil {
		c.f.t.Fatal(err)
	}
	fw.Write(b)
	mw.Close()
	req, _ := http.NewRequest("POST", c.f.srv.URL+"/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	rb, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, string(rb), res.Header}
}

// waitImport polls an import's page until it has left its reading and writing phases.
func (c *client) waitImport(loc string) response {
	c.f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res := c.get(loc)
		if !strings.Contains(res.body, `hx-trigger="every 2s"`) || time.Now().After(deadline) {
			return res
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestImport(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	expect(t, "import page", c.get("/imports"), http.StatusOK, "上传文件")
	// partial.xlsx has an ID number typed into a number cell: a blocking error.
	res := c.upload("../importer/testdata/partial.xlsx")
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	loc := res.header.Get("Location")
	res = c.waitImport(loc)
	expect(t, "staged with an error", res, http.StatusOK, "处错误", "下载错误报告", "只导入没有错误的户", "证件号码")
	rep := c.get(loc + "/report")
	if rep.status != http.StatusOK || !strings.HasPrefix(rep.body, "PK") || !strings.Contains(rep.header.Get("Content-Disposition"), "xlsx") {
		t.Fatalf("report: %d %v", rep.status, rep.header)
	}
	id := strings.TrimPrefix(loc, "/imports/")
	if res := c.post("/imports/"+id+"/apply", url.Values{"partial": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("apply: %d %s", res.status, res.body)
	}
	res = c.waitImport(loc)
	expect(t, "applied", res, http.StatusOK, "导入完成", "因错误跳过 1 户", "已重新排查")
	if n, _ := store.NewRegistry(f.db).CountHouseholds(context.Background(), county); n < 4 {
		t.Errorf("households after import: %d", n)
	}
	// Roles without the import permission have no import page.
	expect(t, "township import", f.login("towna").get("/imports"), http.StatusForbidden)
	// Another county's user cannot see this import.
	expect(t, "helper import status", f.login("helper").get(loc), http.StatusForbidden)
}

// TestImportOutsideScope uploads a file whose households lie outside the user's region: the
// places do not resolve within it, so nothing is written.
func TestImportOutsideScope(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	ctx := context.Background()
	hash, _ := auth.HashPassword(password, fast)
	store.NewUsers(f.db).Create(ctx, &auth.User{Username: "anding", Role: auth.RoleCounty, Region: "621102000000", PasswordHash: hash})
	c := f.login("anding")
	before, _ := store.NewRegistry(f.db).CountHouseholds(ctx, "")
	res := c.upload("../importer/testdata/reimport_1.xlsx")
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	res = c.waitImport(res.header.Get("Location"))
	if strings.Contains(res.body, "导入完成") && !strings.Contains(res.body, "新增 0 户") {
		t.Errorf("households outside the scope were imported:\n%s", res.body)
	}
	if after, _ := store.NewRegistry(f.db).CountHouseholds(ctx, ""); after != before {
		t.Errorf("households before %d, after %d", before, after)
	}
	// The rows are said to lie outside the user's region, not not to exist.
	expect(t, "outside", res, http.StatusOK, "不在您的管辖范围（甘肃省定西市安定区）内")
	if strings.Contains(res.body, "下不存在") {
		t.Error("the page says the places do not exist")
	}
	// The error report tells how to import the rest on the page, not on the command line.
	rep := c.get(regexpFind(t, res.body, `href="(/imports/[0-9a-f]+/report)"`))
	text := xlsxText(t, rep.body)
	if strings.Contains(text, "--partial") || !strings.Contains(text, "只导入没有错误的户") {
		t.Errorf("the web's error report:\n%.800s", text)
	}
}

package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

// TestUsersPage manages users through the web: only administrators, only in their region,
// each new password shown once and working at once, each change audited.
func TestUsersPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		admin := f.login("admin")
		expect(t, "list", admin.get("/users"), http.StatusOK, "用户管理", "towna", "县局小王", "新增用户")
		expect(t, "county may not", f.login("county").get("/users"), http.StatusForbidden)
		expect(t, "county may not reset", f.login("county").post("/users/towna/password", nil), http.StatusForbidden)

		// A new village cadre: the page shows the password once, and it logs in.
		res := admin.post("/users", url.Values{"username": {"cun1"}, "name": {"村干部小赵"}, "role": {"village"}, "region": {string(villageA)}})
		expect(t, "add", res, http.StatusOK, "已新增用户 cun1", "只显示这一次")
		pw := regexpFind(t, res.body, `id="new-password">([^<]+)<`)
		c := f.client()
		if got := c.tryLogin("cun1", pw).status; got != http.StatusSeeOther {
			t.Fatalf("new user's login: %d", got)
		}

		// Refusals say why, in Chinese; nothing is created.
		res = admin.post("/users", url.Values{"username": {"cun2"}, "role": {"village"}, "region": {string(townA)}})
		expect(t, "role at the wrong level", res, http.StatusBadRequest, "村干部须绑定到村，「通渭县 平襄镇」是乡镇")
		if strings.Contains(res.body, "「"+string(townA)+"」") {
			t.Error("the refusal names the region by its raw code")
		}
		expect(t, "taken", admin.post("/users", url.Values{"username": {"cun1"}, "role": {"village"}, "region": {string(villageA)}}),
			http.StatusBadRequest, "已存在")
		expect(t, "outside the region", admin.post("/users", url.Values{"username": {"far"}, "role": {"county"}, "region": {"620102000000"}}),
			http.StatusForbidden)

		// A reset password replaces the old one; disabling stops the login.
		res = admin.post("/users/cun1/password", nil)
		expect(t, "reset", res, http.StatusOK, "已重设用户 cun1 的密码")
		pw2 := regexpFind(t, res.body, `id="new-password">([^<]+)<`)
		if got := f.client().tryLogin("cun1", pw).status; got == http.StatusSeeOther {
			t.Fatal("the old password still logs in")
		}
		if got := f.client().tryLogin("cun1", pw2).status; got != http.StatusSeeOther {
			t.Fatalf("the new password: %d", got)
		}
		expect(t, "disable", admin.post("/users/cun1/disable", nil), http.StatusOK, "停用用户")
		if got := f.client().tryLogin("cun1", pw2).status; got == http.StatusSeeOther {
			t.Fatal("a disabled user logs in")
		}
		expect(t, "enable", admin.post("/users/cun1/disable", url.Values{"enable": {"1"}}), http.StatusOK, "重新启用")
		expect(t, "not oneself", admin.post("/users/admin/disable", nil), http.StatusConflict, "不能停用自己")

		page := f.login("auditor").get("/audit")
		for _, want := range []string{"cun1"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("audit log lacks %q", want)
			}
		}
		if strings.Contains(page.body, pw) || strings.Contains(page.body, pw2) {
			t.Error("a password is in the audit log")
		}
	})
}

// TestUsersRegionPicker: an administrator finds any region down to the villages by a part of
// its name and binds a new village cadre to it.
func TestUsersRegionPicker(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	admin := f.login("admin") // 定西市
	page := admin.get("/users")
	expect(t, "no search", page, http.StatusOK, "通渭县（县）")
	res := admin.get("/users?rq=" + url.QueryEscape("东城区"))
	expect(t, "search", res, http.StatusOK, `value="`+string(villageA)+`"`, "通渭县 平襄镇 东城区居民委员会（村）")
	expect(t, "htmx options", admin.get("/users/regions?rq="+url.QueryEscape("马营")), http.StatusOK, "通渭县 马营镇（乡）")
	expect(t, "nothing found", admin.get("/users/regions?rq="+url.QueryEscape("不存在的村")), http.StatusOK, "没有名称含此文字的地区")
	res = admin.post("/users", url.Values{"username": {"cun9"}, "name": {"赵村"}, "role": {"village"}, "region": {string(villageA)}})
	expect(t, "village cadre", res, http.StatusOK, "已新增用户 cun9", "东城区居民委员会")
}

// TestUsersBulk: an administrator creates accounts from an xlsx list (name, phone, role,
// village): names resolve within the administrator's region, the passwords are shown once
// and downloaded as a sheet from that page, every account is audited, and a list with a bad
// row creates nothing and says which row.
func TestUsersBulk(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		admin := f.login("admin")
		expect(t, "template", admin.get("/users/template.xlsx"), http.StatusOK, "PK")
		list := func(rows ...[]any) []byte {
			x := excelize.NewFile()
			defer x.Close()
			x.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "手机号码", "角色", "乡镇", "村", "用户名"})
			for i, r := range rows {
				x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &r)
			}
			var b bytes.Buffer
			x.Write(&b)
			return b.Bytes()
		}
		// A bad row: nothing is created.
		bad := list([]any{"赵一", "13900001111", "村干部", "平襄镇", "东城区", ""},
			[]any{"钱二", "1390000", "村干部", "", "没有这个村", ""},
			[]any{"孙三", "", "村干部", "平襄镇", "", ""})
		res := admin.postFile("/users/bulk", nil, "名单.xlsx", bad)
		expect(t, "bad list", res, http.StatusBadRequest, "未新增任何用户", "第 3 行：手机号码「1390000」不是 11 位手机号",
			"第 3 行：在", "没有这个村", "第 4 行：村干部须绑定到村")
		if users, _ := store.NewUsers(f.db).List(context.Background(), ""); len(users) != 6 {
			t.Fatalf("a bad list created users: %d", len(users))
		}

		good := list([]any{"赵一", "13900001111", "村干部", "平襄镇", "东城区", ""},
			[]any{"钱二", "13900002222", "帮扶责任人", "马营镇", "东关", ""},
			[]any{"孙三", "", "乡镇工作人员", "", "马营镇", "sunsan"},
			[]any{"李四", "", "村干部", "", string(villageA), ""})
		res = admin.postFile("/users/bulk", nil, "名单.xlsx", good)
		expect(t, "good list", res, http.StatusOK, "已按名单「名单.xlsx」新增 4 个用户", "只显示这一次", "cun"+string(villageA)+"-1",
			"cun"+string(villageA)+"-2", "bf"+string(villageB)+"-1", "sunsan", "139****1111")
		pw := regexpFind(t, res.body, `name="username" value="cun`+string(villageA)+`-1"><input type="hidden" name="password" value="([^"]+)"`)
		if got := f.client().tryLogin("cun"+string(villageA)+"-1", pw).status; got != http.StatusSeeOther {
			t.Fatalf("the new account's login: %d", got)
		}
		// The sheet: downloaded from the page's form, audited.
		form := formValues(t, res.body, "/users/bulk/sheet")
		sheet := admin.post("/users/bulk/sheet", form)
		if sheet.status != http.StatusOK {
			t.Fatalf("sheet: %d", sheet.status)
		}
		text := xlsxText(t, sheet.body)
		for _, want := range []string{"初始密码", pw, "13900001111", "甘肃省定西市通渭县平襄镇东城区居民委员会"} {
			if !strings.Contains(text, want) {
				t.Errorf("the sheet lacks %q:\n%s", want, text)
			}
		}
		expect(t, "not for others", f.login("county").post("/users/bulk/sheet", form), http.StatusForbidden)
		audit := admin.get("/audit")
		expect(t, "audited", audit, http.StatusOK, "批量新增用户 cun"+string(villageA)+"-1", "下载新账号及初始密码表")
		if strings.Contains(audit.body, pw) {
			t.Error("a password is in the audit log")
		}
		// The same list again: the given username is taken, nothing more is created.
		expect(t, "again", admin.postFile("/users/bulk", nil, "名单.xlsx", good), http.StatusBadRequest, "用户名 sunsan 已存在")
		// Outside the administrator's region.
		county := f.login("county")
		expect(t, "county may not", county.postFile("/users/bulk", nil, "名单.xlsx", good), http.StatusForbidden)
	})
}

// TestUsersBulkHostile: the list of accounts goes through the bounded workbook reader like every
// upload: hostile files are refused with a message that names the problem, in bounded memory.
func TestUsersBulkHostile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f := newFixture(t, storetest.SQLite(t))
	admin := f.login("admin")
	const mib = 1 << 20
	header := []string{"姓名", "手机号码", "角色", "乡镇", "村", "用户名"}
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"decompression bomb", "bomb.xlsx", hostile.Bomb(header, 256*mib), "压缩炸弹"},
		{"huge cell", "cell.xlsx", hostile.HugeCell(header, 40000), "32767 个字符"},
		{"huge row", "row.xlsx", hostile.HugeRow(header, 200, 30000), "的内容超过 4 MB"},
		{"csv line without end", "line.csv", hostile.CSVLongLine(header, 4*mib), "超过 1 MB"},
		{"csv cut inside a quote", "cut.csv", hostile.CSVOpenQuote(header), "引号没有闭合"},
		{"lying bomb", "lying.xlsx", hostile.LyingBomb(header, 256*mib), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res := admin.postFile("/users/bulk", nil, tc.file, tc.data)
			runtime.ReadMemStats(&after)
			if res.status != http.StatusBadRequest || !strings.Contains(res.body, tc.want) {
				t.Errorf("status %d, want 400 with %q: %.600s", res.status, tc.want, res.body)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(64*mib+3*len(tc.data)) {
				t.Errorf("the server allocated %d MiB", alloc/mib)
			}
			if users, _ := store.NewUsers(f.db).List(context.Background(), ""); len(users) != 6 {
				t.Errorf("a hostile list created users: %d", len(users))
			}
			left, _ := os.ReadDir(tmp)
			for _, e := range left {
				t.Errorf("temporary file left behind: %s", e.Name())
			}
		})
	}
}

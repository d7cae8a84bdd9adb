package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/store/storetest"
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
		expect(t, "role at the wrong level", admin.post("/users", url.Values{"username": {"cun2"}, "role": {"village"}, "region": {string(townA)}}),
			http.StatusBadRequest, "只能绑定到村级行政区划")
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

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web/browsertest"
)

// window is a browser window size a persona works at.
type window struct {
	name          string
	width, height int64
	phone         bool
}

var (
	desk  = window{"desk", 1366, 768, false}
	phone = window{"phone", 390, 844, true}
)

// browserWalk is a browser session of the workday tests: each step waits for what the page
// must show, checks that nothing overflows the window horizontally, and saves a screenshot
// when GONGGU_SCREENSHOTS is set.
type browserWalk struct {
	t      *testing.T
	ctx    context.Context
	base   string
	screen window
	errors func() []string
}

func newWalk(t *testing.T, f *fixture, sc window) *browserWalk {
	ctx := browsertest.Start(t)
	w := &browserWalk{t: t, ctx: ctx, base: f.srv.URL, screen: sc, errors: browsertest.Errors(ctx)}
	if sc.phone {
		w.do("viewport", chromedp.EmulateViewport(sc.width, sc.height, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	}
	return w
}

func (w *browserWalk) do(name string, actions ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	// A minute a step, not browsertest.Step's 20 seconds: the walk is long, and a loaded
	// machine slows Chromium down.
	sctx, cancel := context.WithTimeout(w.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		where, _ := chromedp.Run(w.ctx, chromedp.Evaluate[string](`location.href + ' ' + document.readyState + ' ' + document.documentElement.outerHTML.slice(0, 4000)`))
		w.t.Fatalf("%s (%s): %v; the page: %s", name, w.screen.name, err, where)
	}
}

// step runs the actions, then checks the page fits the window and takes its screenshot.
func (w *browserWalk) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	w.do(name, actions...)
	type fit struct {
		Scroll int64  `json:"scroll"`
		Inner  int64  `json:"inner"`
		Wide   string `json:"wide"`
	}
	got, err := chromedp.Run(w.ctx, chromedp.Evaluate[fit](`(function () {
		var inner = window.innerWidth, wide = '';
		var all = document.querySelectorAll('body *');
		for (var i = 0; i < all.length && !wide; i++) {
			var r = all[i].getBoundingClientRect();
			if (r.right > inner + 1 && r.width > 0) { wide = all[i].tagName + '.' + all[i].className + ' ' + Math.round(r.right); }
		}
		return {scroll: document.documentElement.scrollWidth, inner: inner, wide: wide};
	})()`))
	if err != nil {
		w.t.Fatalf("%s: %v", name, err)
	}
	if got.Scroll > got.Inner {
		w.t.Errorf("%s (%s): the page is %d px wide in a %d px window (first overflowing: %s)", name, w.screen.name, got.Scroll, got.Inner, got.Wide)
	}
	browsertest.Shot(w.t, w.ctx, fmt.Sprintf("workday-%s-%s", w.screen.name, name))
}

func (w *browserWalk) login(username string) {
	w.t.Helper()
	w.do("login "+username, chromedp.Navigate(w.base+"/login"), chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, username), chromedp.SendKeys(`#password`, password), chromedp.Submit(`#password`),
		chromedp.WaitVisible(`.cards`))
}

func (w *browserWalk) logout() {
	w.t.Helper()
	w.do("logout", chromedp.Navigate(w.base+"/"), chromedp.WaitReady(`body`))
	if w.screen.phone {
		w.do("open menu", chromedp.Click(`.js-menu`), chromedp.WaitVisible(`#menu`))
	}
	w.do("logout", chromedp.Click(`//button[text()="退出"]`), chromedp.WaitVisible(`#username`))
}

func (w *browserWalk) checkErrors() {
	w.t.Helper()
	var es []string
	for _, e := range w.errors() {
		if !strings.Contains(e, "403 (Forbidden)") {
			es = append(es, e)
		}
	}
	if len(es) > 0 {
		w.t.Errorf("console errors (%s):\n%s", w.screen.name, strings.Join(es, "\n"))
	}
}

// workdayFixture is the fixture with a village cadre of 东城区, a ledger item made from a
// finding of A0001, and a closed one with its progress notes.
func workdayFixture(t *testing.T) (*fixture, string) {
	f := newFixture(t, storetest.SQLite(t))
	hash, _ := auth.HashPassword(password, fast)
	if err := store.NewUsers(f.db).Create(context.Background(), &auth.User{Username: "cun", DisplayName: "村干部小赵",
		Role: auth.RoleVillage, Region: villageA, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	c := f.login("county")
	res := c.post("/ledger/bulk", url.Values{"region": {string(county)}, "rule": {"I1-03"}, "unit": {"各乡镇人民政府"},
		"person": {"分管领导"}, "deadline": {"2026-12-31"}, "measures": {"逐户核实参保情况，动员参加城乡居民基本医疗保险"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("bulk: %d %s", res.status, res.body)
	}
	ids := ledgerIDs(c.get(res.header.Get("Location")).body)
	if len(ids) == 0 {
		t.Fatal("no item")
	}
	item := ""
	for _, id := range ids {
		if strings.Contains(c.get("/ledger/"+id).body, "A0001") {
			item = id
		}
	}
	c.post("/ledger/"+item+"/status", url.Values{"to": {"doing"}, "note": {"已入户核实，妻子尚未参加医保"}})
	return f, item
}

// TestBrowserWorkday walks each persona's everyday jobs in Chromium, at the desk (1366×768) and
// on a phone (390×844): the pages fit the window with nothing overflowing sideways, the phone
// shows lists as cards and folds its menu, and no script error occurs.
func TestBrowserWorkday(t *testing.T) {
	for _, sc := range []window{phone, desk} {
		t.Run(sc.name, func(t *testing.T) {
			f, item := workdayFixture(t)
			w := newWalk(t, f, sc)
			u := w.base

			// A village cadre: the village's households, one household, its member's form,
			// the ledger item of the household, the search.
			w.login("cun")
			w.step("01-cadre-home", chromedp.WaitVisible(`.households-table`))
			if sc.phone {
				visible, err := chromedp.Run(w.ctx, chromedp.Evaluate[bool](`document.getElementById('menu').offsetHeight > 0`))
				if err != nil || visible {
					t.Errorf("the phone's menu is not folded (%v)", err)
				}
				w.step("02-cadre-menu", chromedp.Click(`.js-menu`), chromedp.WaitVisible(`//nav[@id="menu"]/a[text()="整改台账"]`))
				w.do("close menu", chromedp.Click(`.js-menu`))
			}
			w.step("03-cadre-household", chromedp.Click(`//table[contains(@class,"households-table")]//a[text()="张三"]`),
				chromedp.WaitVisible(`#findings`), chromedp.WaitVisible(`.members-table`))
			w.step("04-cadre-edit-person", chromedp.Navigate(u+"/households/A0001/persons/A000102/edit"), chromedp.WaitVisible(`#f-ethnicity`))
			w.step("05-cadre-edit-household", chromedp.Navigate(u+"/households/A0001/edit"), chromedp.WaitVisible(`#f-address`))
			w.step("06-cadre-findings", chromedp.Navigate(u+"/findings"), chromedp.WaitVisible(`.findings-table`))
			w.step("07-cadre-ledger", chromedp.Navigate(u+"/ledger"), chromedp.WaitVisible(`.ledger-table`))
			w.step("08-cadre-item", chromedp.Navigate(u+"/ledger/"+item), chromedp.WaitVisible(`#history`), chromedp.WaitVisible(`#e-progress`))
			w.step("09-cadre-progress", chromedp.SendKeys(`#e-progress`, "已协助办理参保"), chromedp.Submit(`#e-progress`),
				chromedp.WaitVisible(`.flash`))
			w.step("10-cadre-search", chromedp.Navigate(u+"/households?q="+url.QueryEscape("张")), chromedp.WaitVisible(`#results .alert`))
			w.step("11-cadre-search-phone", chromedp.Navigate(u+"/households?q=13912345678"), chromedp.WaitVisible(`.search-results`))
			w.logout()

			// A county cadre: the findings list with its pages, the ledger from ticked rows,
			// the import page, a household's history.
			w.login("county")
			w.step("20-county-home", chromedp.WaitVisible(`.cards`))
			w.step("21-county-findings", chromedp.Navigate(u+"/findings?region="+string(villageA)), chromedp.WaitVisible(`.findings-table`))
			w.step("22-county-tick", chromedp.Click(`.findings-table input[name=finding]`), chromedp.Submit(`#tick`),
				chromedp.WaitVisible(`#ledger-bulk`))
			w.step("23-county-ledger-new", chromedp.Navigate(u+"/ledger/new?region="+string(townB)), chromedp.WaitVisible(`#bulk-preview`))
			w.step("24-county-bulk", chromedp.SendKeys(`#b-unit`, "马营镇人民政府"), chromedp.SendKeys(`#b-person`, "钱镇长"),
				chromedp.Submit(`#b-unit`), chromedp.WaitVisible(`#ledger-chips`))
			w.step("25-county-imports", chromedp.Navigate(u+"/imports"), chromedp.WaitVisible(`input[type=file]`))
			w.step("26-county-import-confirm", chromedp.SetUploadFiles(`input[type=file]`, []string{membersFile(t)}),
				chromedp.Submit(`input[type=file]`), chromedp.WaitVisible(`#confirm-box`), chromedp.WaitVisible(`details.columns table`))
			w.step("27-county-imported", chromedp.Click(`//button[text()="确认导入"]`),
				chromedp.WaitVisible(`//p[contains(., "导入完成")]`))
			w.logout()

			// An administrator: a village cadre's account, by a searched village.
			w.login("admin")
			w.step("30-admin-users", chromedp.Navigate(u+"/users?rq="+url.QueryEscape("东城区")), chromedp.WaitVisible(`#add-user`))
			w.step("31-admin-add", chromedp.SetValue(`#u-role`, "village"), chromedp.SendKeys(`#u-username`, "cun2"),
				chromedp.SendKeys(`#u-name`, "村干部小钱"), chromedp.Submit(`#u-username`), chromedp.WaitVisible(`#new-password`))
			w.logout()

			// An auditor: the audit log.
			w.login("auditor")
			// The page's own heading: a bare h1 may match the page left behind while the new one loads.
			w.step("40-auditor-log", chromedp.Navigate(u+"/audit"), chromedp.WaitVisible(`//h1[text()="审计日志"]`))
			w.checkErrors()
		})
	}
}

// membersFile writes the national member table of nftest's households to a csv file.
func membersFile(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "members.csv")
	if err := nftest.WriteCSV(path, nftest.Sheet{Headers: nftest.MemberHeaders, Rows: nftest.MemberRows(nftest.Households())}, nftest.UTF8); err != nil {
		t.Fatal(err)
	}
	return path
}

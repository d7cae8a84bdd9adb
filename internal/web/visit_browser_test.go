package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web/browsertest"
)

// TestVisitOffline: a helper on a 390×844 phone records a visit with no connection; the page
// keeps it on the phone and says so, nothing reaches the server; when the connection returns
// the visit is sent by itself and stored once, and opening the page again sends nothing more.
func TestVisitOffline(t *testing.T) {
	f, _ := supportFixture(t, storetest.SQLite(t))
	county := f.login("county")
	res := county.post("/cadres", url.Values{"region": {string(villageA)}, "name": {"王干部"}, "unit": {"县农业农村局"},
		"phone": {"13900000001"}, "level": {"县级"}, "username": {"helper"}, "status": {"在岗"}})
	expect(t, "new cadre", res, http.StatusSeeOther)
	expect(t, "pair", county.post("/cadres/"+locationID(res)+"/pair", url.Values{"household": {"A0001"}, "start": {"2025-03-01"}}),
		http.StatusSeeOther)
	visits := func() int {
		_, n, err := store.NewSupport(f.db).Visits(context.Background(), store.VisitFilter{HouseholdNo: "A0001"})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	ctx := browsertest.Start(t)
	errors := browsertest.Errors(ctx)
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + ' ' + document.body.innerText.slice(0, 1500)`))
			t.Fatalf("%s: %v; the page: %s", name, err, where)
		}
	}
	setOffline := func(offline bool) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				return chromedp.Void{}, err
			}
			if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}}}); err != nil {
				return chromedp.Void{}, err
			}
			_, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
				Offline: offline, DownloadThroughput: -1, UploadThroughput: -1})
			return chromedp.Void{}, err
		}
	}
	step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	step("login", chromedp.Navigate(f.srv.URL+"/login"), chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "helper"), chromedp.SendKeys(`#password`, password), chromedp.Submit(`#password`),
		chromedp.WaitReady(`nav`))
	step("my households", chromedp.Navigate(f.srv.URL+"/my"), chromedp.WaitVisible(`#my-households .js-visit`))

	// The signal goes: the visit is kept on the phone.
	step("offline", setOffline(true))
	step("open the sheet", chromedp.Click(`#my-households .js-visit`), chromedp.WaitVisible(`#vform button[type=submit]`))
	step("fill", chromedp.Click(`#vform input[name=way][value="入户"]`), chromedp.Click(`#vform input[name=needs_met][value="是"]`),
		chromedp.Click(`#vform input[name=measures_done][value="是"]`), chromedp.Click(`#vform input[name=hardship][value="否"]`),
		chromedp.Click(`#vform input[name=policy_told][value="是"]`), chromedp.Click(`#vform input[name=knows_cadre][value="是"]`),
		chromedp.SendKeys(`#v-help`, "讲解了医保缴费政策"))
	step("save", chromedp.Click(`#vform button[type=submit]`), chromedp.WaitVisible(`#queue-status[data-pending="1"]`))
	status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('queue-status').textContent`))
	if err != nil || !strings.Contains(status, "保存在本机") || !strings.Contains(status, "没有网络") {
		t.Errorf("offline status %q %v", status, err)
	}
	browsertest.Shot(t, ctx, "visit-offline")
	time.Sleep(5 * time.Second) // the page retries every 4 s: nothing may get through while offline
	if n := visits(); n != 0 {
		t.Fatalf("%d visits stored while offline", n)
	}

	// The signal returns: the visit arrives by itself, once.
	step("online", setOffline(false))
	step("sent", chromedp.WaitVisible(`#queue-status[data-pending="0"]`))
	browsertest.Shot(t, ctx, "visit-sent")
	if n := visits(); n != 1 {
		t.Fatalf("%d visits stored after the connection returned, want 1", n)
	}
	step("open again", chromedp.Navigate(f.srv.URL+"/my"), chromedp.WaitVisible(`#my-households`), chromedp.Sleep(5*time.Second))
	if n := visits(); n != 1 {
		t.Errorf("%d visits stored after the page opened again, want 1", n)
	}
	list, _, _ := store.NewSupport(f.db).Visits(context.Background(), store.VisitFilter{HouseholdNo: "A0001"})
	if len(list) != 1 || list[0].HelpGiven != "讲解了医保缴费政策" || list[0].Visitor != "王干部" {
		t.Errorf("the visit stored: %+v", list)
	}
	if errs := errors(); len(errs) > 0 {
		// Requests refused while offline are logged by the browser itself; the page's own
		// script must raise nothing.
		for _, e := range errs {
			if !strings.Contains(e, "ERR_INTERNET_DISCONNECTED") && !strings.Contains(e, "Failed to fetch") {
				t.Errorf("console: %s", e)
			}
		}
	}
}

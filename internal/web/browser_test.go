package web_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web/browsertest"
)

// TestBrowserPages drives the pages in Chromium: the chart draws, the live search works
// through htmx, the household page fits a phone, and no script error or policy violation
// occurs. With GONGGU_SCREENSHOTS set it saves a screenshot of each page.
func TestBrowserPages(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
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
	step("01-login", chromedp.Navigate(u+"/"), chromedp.WaitVisible(`#username`))
	step("02-home-county", chromedp.SendKeys(`#username`, "county"), chromedp.SendKeys(`#password`, password),
		chromedp.Submit(`#password`), chromedp.WaitVisible(`.cards`))
	vendor := vendorPresent()
	if vendor {
		step("02-home-county", chromedp.WaitVisible(`.chart.on canvas`))
	}
	step("03-township", chromedp.Click(`//a[text()="平襄镇"]`), chromedp.WaitVisible(`//h1[contains(., "平襄镇")]`))
	step("04-village", chromedp.Click(`//a[text()="东城区居民委员会"]`), chromedp.WaitVisible(`//h2[contains(., "本村农户")]`))
	step("05-household", chromedp.Click(`//a[text()="张三"]`), chromedp.WaitVisible(`#findings`))
	step("06-edit-person", chromedp.Navigate(u+"/households/A0001/persons/A000102/edit"), chromedp.WaitVisible(`.form`))
	step("07-findings", chromedp.Navigate(u+"/findings"), chromedp.WaitVisible(`.findings-table`))
	step("09-forbidden", chromedp.Navigate(u+"/regions/621102000000"), chromedp.WaitVisible(`.errorbox`))
	if vendor {
		step("08-search", chromedp.Navigate(u+"/households"), chromedp.WaitVisible(`input[name=q]`),
			chromedp.SendKeys(`input[name=q]`, "张三"), chromedp.WaitVisible(`//a[text()="张三户"]`))
	}
	step("10-phone-household", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(u+"/households/A0001"), chromedp.WaitVisible(`#findings`))
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 2`))
	if err != nil || wide {
		t.Errorf("the household page is wider than a phone (%v)", err)
	}
	step("11-phone-home", chromedp.Navigate(u+"/"), chromedp.WaitVisible(`.cards`))
	var es []string
	for _, e := range errors() {
		if !strings.Contains(e, "403 (Forbidden)") { // the forbidden page the test opened
			es = append(es, e)
		}
	}
	if len(es) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(es, "\n"))
	}
}

func vendorPresent() bool {
	_, err := os.Stat("static/vendor/htmx.min.js")
	return err == nil
}

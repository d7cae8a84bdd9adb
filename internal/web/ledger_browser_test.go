package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web/browsertest"
)

// TestBrowserLedger drives the rectification ledger in Chromium: a county user puts a rule's
// findings on the ledger in bulk, a township user fixes the household's data in the edit form,
// re-screening closes the finding, the township's score rises, and the township closes (销号)
// the item.
func TestBrowserLedger(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	scoreBefore := townScore(t, f)
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
		browsertest.Shot(t, ctx, "ledger-"+name)
	}
	login := func(name, username string) {
		step(name, chromedp.Navigate(u+"/login"), chromedp.WaitVisible(`#username`), chromedp.SendKeys(`#username`, username),
			chromedp.SendKeys(`#password`, password), chromedp.Submit(`#password`), chromedp.WaitVisible(`.cards`))
	}

	login("01-county", "county")
	step("02-new", chromedp.Click(`//nav[@class="menu"]/a[text()="整改台账"]`), chromedp.WaitVisible(`//h1[text()="整改台账"]`),
		chromedp.Click(`//a[text()="新增整改事项"]`), chromedp.WaitVisible(`#ledger-bulk`))
	step("03-bulk", chromedp.Navigate(u+"/ledger/new?rule=I1-03"), chromedp.WaitVisible(`#bulk-preview`), chromedp.SendKeys(`#b-unit`, "各乡镇人民政府"),
		chromedp.SendKeys(`#b-person`, "分管领导"), chromedp.SendKeys(`#b-measures`, "逐户核实参保情况"),
		chromedp.Submit(`#b-unit`), chromedp.WaitVisible(`.ledger-table`))
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".ledger-table tbody tr").length`))
	if err != nil || rows != 2 {
		t.Fatalf("the county's bulk made %d items (%v), want one per household", rows, err)
	}
	step("04-logout", chromedp.Click(`//button[text()="退出"]`), chromedp.WaitVisible(`#username`))

	login("05-township", "towna")
	step("06-ledger", chromedp.Navigate(u+"/ledger"), chromedp.WaitVisible(`.ledger-table`))
	rows, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".ledger-table tbody tr").length`))
	if err != nil || rows != 1 {
		t.Fatalf("the township sees %d items (%v), want its own one", rows, err)
	}
	step("07-item", chromedp.Click(`.ledger-table tbody a`), chromedp.WaitVisible(`#not-closable`))
	item, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	step("08-edit", chromedp.Navigate(u+"/households/A0001/persons/A000102/edit"), chromedp.WaitVisible(`#f-resident_medical`),
		chromedp.SetValue(`#f-resident_medical`, "是"))
	step("09-fixed", chromedp.Submit(`#f-resident_medical`), chromedp.WaitVisible(`.flash`))
	after := townScore(t, f)
	t.Logf("平襄镇 score %.2f → %.2f", scoreBefore, after)
	if after <= scoreBefore {
		t.Errorf("the township's score did not rise after the fix: %.2f → %.2f", scoreBefore, after)
	}
	step("10-closable", chromedp.Navigate(item), chromedp.WaitVisible(`button[data-to="closed"]`))
	step("11-closed", chromedp.SendKeys(`//button[@data-to="closed"]/preceding-sibling::textarea`, "重新排查已消除"),
		chromedp.Click(`button[data-to="closed"]`), chromedp.WaitVisible(`//span[@id="ledger-status" and text()="已销号"]`))
	if es := errors(); len(es) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(es, "\n"))
	}
}

// townScore returns 平襄镇's total on the county's scorecard, counted afresh.
func townScore(t *testing.T, f *fixture) float64 {
	t.Helper()
	ctx := context.Background()
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	sc := score.New(f.db, tree)
	period, err := sc.Refresh(ctx, county)
	if err != nil {
		t.Fatal(err)
	}
	card, err := sc.Card(ctx, county, period)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range card.Children {
		if r.Region == townA {
			return r.Total
		}
	}
	t.Fatalf("no scorecard row for %s", townA)
	return 0
}

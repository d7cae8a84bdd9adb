package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web/browsertest"
)

// TestFollowupBrowser drives the 搬迁就业 pages in Chromium: the employment chart draws beside
// its table, a site's page and the post list fit a phone, and no script error or policy
// violation occurs. With GONGGU_SCREENSHOTS set it saves a screenshot of each page.
func TestFollowupBrowser(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	ctx := browsertest.Start(t)
	errors := browsertest.Errors(ctx)
	cty := f.login("county")
	followupImport(t, cty, "relocation/sites", "安置点.xlsx", [][]any{
		{"安置点编号", "安置点名称", "乡镇", "村", "安置方式", "安置户数", "安置人数", "物业管理单位"},
		{"AZ-1", "东城区易地扶贫搬迁安置小区", "平襄镇", "东城区居民委员会", "城镇安置", 120, 480, "平襄物业服务有限公司"},
	})
	followupImport(t, cty, "relocation/facilities", "设施.xlsx", [][]any{
		{"安置点编号", "设施名称", "设施类型", "管护责任人", "联系电话", "管护经费（元）", "经费来源"},
		{"AZ-1", "社区综合服务中心", "公共服务设施", "东城区居委会", "13800001111", 5000, "县财政"},
		{"AZ-1", "小区路灯和给排水管网", "基础设施", "", "", "", ""},
	})
	followupImport(t, cty, "relocation/residents", "名单.xlsx", [][]any{{"安置点编号", "户编号", "搬迁人数"}, {"AZ-1", "A0001", 2}})
	followupImport(t, cty, "employment/posts", "岗位.xlsx", [][]any{
		{"岗位编号", "区划代码", "岗位类型", "岗位名称", "主管部门", "用工单位", "姓名", "证件号码", "月补贴（元）", "上岗日期"},
		{"P-1", string(villageA), "乡村公益性岗位", "安置点保洁员", "乡村振兴局", "东城区居委会", "张三", idA, 500, "2025-01-01"},
		{"P-2", string(villageB), "乡村公益性岗位", "生态护林员", "林业和草原局", "马营镇林业站", "张三", idA, 800, "2025-04-01"},
	})
	followupImport(t, cty, "employment/figures", "务工监测.xlsx", [][]any{
		{"年度", "乡镇", "村", "脱贫劳动力人数", "务工就业人数"},
		{2025, "平襄镇", "东城区居民委员会", 4, 3}, {2025, "马营镇", "东关村民委员会", 3, 3},
	})

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
	fits := func(what string) {
		t.Helper()
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 2`))
		if err != nil || wide {
			t.Errorf("%s is wider than a phone (%v)", what, err)
		}
	}
	step("fu-01-login", chromedp.Navigate(u+"/"), chromedp.WaitVisible(`#username`), chromedp.SendKeys(`#username`, "county"),
		chromedp.SendKeys(`#password`, password), chromedp.Submit(`#password`), chromedp.WaitVisible(`.cards`))
	step("fu-02-sites", chromedp.Click(`//nav[@id="menu"]//summary[text()="专项工作"]`), chromedp.Click(`//nav[@id="menu"]//a[text()="搬迁就业"]`), chromedp.WaitVisible(`//a[text()="东城区易地扶贫搬迁安置小区"]`))
	step("fu-03-employment", chromedp.Navigate(u+"/followup/employment"), chromedp.WaitVisible(`//td[contains(., "平襄镇")]`))
	if vendorPresent() {
		step("fu-03-employment", chromedp.WaitVisible(`.funds-chart.on svg`))
	}
	step("fu-04-phone-site", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(u+"/followup/sites/621121000000/AZ-1"), chromedp.WaitVisible(`//button[contains(., "保存并重新排查")]`))
	fits("the site page")
	step("fu-05-phone-posts", chromedp.Navigate(u+"/followup/posts"), chromedp.WaitVisible(`//a[text()="生态护林员"]`))
	fits("the post list")
	step("fu-06-phone-post", chromedp.Navigate(u+"/followup/posts/621121000000/P-1"), chromedp.WaitVisible(`#holds`))
	fits("the post page")
	if es := errors(); len(es) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(es, "\n"))
	}
}

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// followupImport uploads a list for the county and fails unless it is written.
func followupImport(t *testing.T, c *client, list, name string, rows [][]any) {
	t.Helper()
	res := c.postFile("/followup/imports", map[string]string{"list": list, "county": string(county)}, name, xlsxFile(t, rows))
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "done=1") {
		t.Fatalf("import %s: %d %s\n%.1500s", list, res.status, res.header.Get("Location"), res.body)
	}
}

// TestFollowupPages: a county imports its resettlement sites, facilities, relocated
// households, follow-up records, posts of two departments with their pay, a workshop with its
// workers, last year's employment, the job seekers, the low-income list with its records and
// the small loans through the import page (a broken file refused whole, naming row and
// column, with its error report); the pages show them with ID numbers masked; townships see
// only their own places (403 for another's, 404 for what does not exist); a village cadre
// records a follow-up support, which is audited; a job seeker's status is updated; the lists
// export in their layout, in full only for a role that may see the numbers.
func TestFollowupPages(t *testing.T) {
	storetest.Run(t, testFollowupPages)
}

func testFollowupPages(t *testing.T, e storetest.Engine) {
	f := newFixture(t, e)
	cty, towna, townb, helper, auditor := f.login("county"), f.login("towna"), f.login("townb"), f.login("helper"), f.login("auditor")
	idB := idno.Make("621121", time.Date(1975, 6, 7, 0, 0, 0, 0, time.UTC), 13) // 李四, household B0001
	idW := idno.Make("621121", time.Date(1990, 2, 3, 0, 0, 0, 0, time.UTC), 51) // a job seeker

	// A broken site list: a 区划代码 that is no code and a day that is no day. Refused whole,
	// each problem named by row and column, the report downloadable.
	res := cty.postFile("/followup/imports", map[string]string{"list": "relocation/sites", "county": string(county)}, "安置点.xlsx", xlsxFile(t, [][]any{
		{"安置点编号", "安置点名称", "区划代码", "安置方式", "建成时间"},
		{"AZ-1", "东城区安置小区", string(villageA), "城镇安置", "2019-05-01"},
		{"AZ-8", "坏的安置点", "12345", "城镇安置", "2019-05-01"},
		{"AZ-9", "另一个安置点", string(villageA), "城镇安置", "2019-13-45"},
	}))
	expect(t, "bad sites", res, http.StatusUnprocessableEntity, "有 2 处错误，未写入任何数据", "第 3 行 C列「区划代码」", "区划代码「12345」无效：应为 12 位数字",
		"第 4 行 E列「建成时间」的「2019-13-45」：不是有效日期", "下载错误报告")
	report := html.UnescapeString(regexpFind(t, res.body, `href="(/followup/imports/relocation/[^"]+/report)"`))
	if rep := cty.get(report); rep.status != http.StatusOK || !strings.HasPrefix(rep.body, "PK") {
		t.Errorf("report: %d", rep.status)
	}
	expect(t, "report of another region", towna.get(report), http.StatusForbidden)
	if got := cty.get("/followup"); strings.Contains(got.body, "东城区安置小区") {
		t.Errorf("the refused file wrote a site")
	}

	followupImport(t, cty, "relocation/sites", "安置点.xlsx", [][]any{
		{"安置点编号", "安置点名称", "区划代码", "安置方式", "安置户数", "安置人数", "物业管理单位"},
		{"AZ-1", "东城区安置小区", string(villageA), "城镇安置", 120, 480, "平襄物业公司"},
		{"AZ-2", "东关村安置点", string(villageB), "中心村安置", 30, 110, ""},
	})
	followupImport(t, cty, "relocation/facilities", "设施.xlsx", [][]any{
		{"安置点编号", "设施名称", "设施类型", "管护责任人", "联系电话", "管护经费（元）", "经费来源"},
		{"AZ-1", "社区服务中心", "公共服务设施", "东城区居委会", "13800001111", 5000, "县财政"},
		{"AZ-1", "小区路灯", "基础设施", "", "", "", ""},
	})
	// A resident list naming a household the registry lacks is refused whole.
	res = cty.postFile("/followup/imports", map[string]string{"list": "relocation/residents", "county": string(county)}, "名单.xlsx", xlsxFile(t, [][]any{
		{"安置点编号", "户编号", "搬迁人数"}, {"AZ-1", "A0001", 2}, {"AZ-1", "X9999", 3},
	}))
	expect(t, "unknown household", res, http.StatusUnprocessableEntity, "第 3 行", "本县的农户中没有户编号「X9999」")
	followupImport(t, cty, "relocation/residents", "名单.xlsx", [][]any{
		{"安置点编号", "户编号", "户主证件号码", "搬迁人数", "入住日期"},
		{"AZ-1", "A0001", "", 2, "2020-01-10"},
		{"AZ-2", "", idB, 2, "2020-03-01"},
	})
	followupImport(t, cty, "relocation/followups", "扶持.xlsx", [][]any{
		{"户编号", "扶持日期", "扶持类别", "扶持内容", "经办人"},
		{"A0001", "2026-06-01", "就业帮扶", "推荐到东城区扶贫车间务工", "社区网格员"},
	})
	followupImport(t, cty, "employment/posts", "岗位.xlsx", [][]any{
		{"岗位编号", "区划代码", "岗位类型", "岗位名称", "主管部门", "姓名", "证件号码", "联系电话", "月补贴（元）", "上岗日期", "安置点编号"},
		{"P-1", string(villageA), "乡村公益性岗位", "保洁员", "乡村振兴局", "张三", idA, "13912345678", 500, "2025-01-01", "AZ-1"},
		{"P-2", string(villageB), "乡村公益性岗位", "生态护林员", "林业和草原局", "张三", idA, "", 800, "2025-04-01", ""},
		{"P-3", string(villageB), "乡村公益性岗位", "护路员", "交通运输局", "李四", idB, "", 600, "2025-04-01", ""},
	})
	followupImport(t, cty, "employment/pays", "发放.xlsx", [][]any{
		{"岗位编号", "年月", "是否在岗", "应发金额（元）", "实发金额（元）", "发放日期"},
		{"P-1", "202610", "是", 500, 500, "2026-11-05"},
	})
	followupImport(t, cty, "employment/workshops", "车间.xlsx", [][]any{
		{"车间编号", "车间名称", "区划代码", "运营状态", "认定日期", "认定时吸纳脱贫人口数"},
		{"W-1", "东城区扶贫车间", string(villageA), "运营", "2023-05-01", 5},
	})
	followupImport(t, cty, "employment/workers", "人员.xlsx", [][]any{
		{"车间编号", "姓名", "证件号码", "入职日期", "月工资（元）"},
		{"W-1", "张三妻", spouseID(idA), "2025-02-01", 2600},
	})
	followupImport(t, cty, "employment/figures", "务工监测.xlsx", [][]any{
		{"年度", "乡镇", "村", "脱贫劳动力人数", "务工就业人数"},
		{2025, "平襄镇", "东城区居民委员会", 4, 3},
		{2025, "马营镇", "东关村民委员会", 3, 3},
	})
	followupImport(t, cty, "employment/needs", "需求.xlsx", [][]any{
		{"区划代码", "姓名", "证件号码", "联系电话", "登记日期", "求职意向", "状态"},
		{string(villageA), "王五", idW, "13700001234", "2026-10-01", "县内务工", "待帮扶"},
	})
	followupImport(t, cty, "assistance/families", "低收入.xlsx", [][]any{
		{"区划代码", "户主姓名", "户主证件号码", "家庭人口", "类别", "认定日期"},
		{string(villageA), "张三", idA, 2, "低保", "2024-01-01"},
	})
	followupImport(t, cty, "assistance/records", "帮扶记录.xlsx", [][]any{
		{"户主证件号码", "帮扶日期", "帮扶方式", "帮扶人", "帮扶内容"},
		{idA, "2026-09-01", "入户走访", "王干部", "了解就医报销情况"},
	})
	followupImport(t, cty, "assistance/loans", "信贷.xlsx", [][]any{
		{"合同编号", "区划代码", "户编号", "借款人", "借款人证件号码", "贷款银行", "贷款金额（元）", "放款日期", "到期日期", "贷款状态"},
		{"L-1", string(villageA), "A0001", "张三", idA, "农商银行", 50000, "2025-03-01", "2026-03-01", "正常"},
	})
	followupImport(t, cty, "assistance/wishes", "意愿.xlsx", [][]any{
		{"户编号", "走访日期", "是否有贷款意愿", "说明", "走访人"}, {"B0001", "2026-10-12", "是", "想扩大养殖", "王干部"},
	})
	followupImport(t, cty, "assistance/ratings", "授信.xlsx", [][]any{
		{"户编号", "户主姓名", "信用等级", "授信额度（元）", "评级日期"}, {"A0001", "张三", "AA", 50000, "2024-06-01"},
	})
	imports := cty.get("/followup/imports")
	expect(t, "imports page", imports, http.StatusOK, "安置点台账「安置点.xlsx」2 行", "有 2 处错误，未写入任何数据", "错误报告")
	if got := towna.get("/followup/imports"); got.status != http.StatusOK || strings.Contains(got.body, "/report") || !strings.Contains(got.body, "安置点台账") {
		t.Errorf("a township's import log: %d, offers the county's error reports or lacks the log", got.status)
	}

	// The sites: the county sees both, a township its own; another township's site is
	// forbidden, and one that does not exist is not found.
	expect(t, "sites", cty.get("/followup"), http.StatusOK, "东城区安置小区", "东关村安置点", "平襄镇")
	mine := towna.get("/followup")
	expect(t, "township sites", mine, http.StatusOK, "东城区安置小区")
	if strings.Contains(mine.body, "东关村安置点") {
		t.Errorf("a township sees another township's site")
	}
	expect(t, "other region", towna.get("/followup?region="+string(townB)), http.StatusForbidden)
	expect(t, "other site", towna.get("/followup/sites/621121000000/AZ-2"), http.StatusForbidden)
	expect(t, "helper other site", helper.get("/followup/sites/621121000000/AZ-2"), http.StatusForbidden)
	expect(t, "no site", cty.get("/followup/sites/621121000000/NOPE"), http.StatusNotFound)
	expect(t, "bad county", cty.get("/followup/sites/6211/AZ-1"), http.StatusNotFound)
	site := towna.get("/followup/sites/621121000000/AZ-1")
	expect(t, "site", site, http.StatusOK, "社区服务中心", "东城区居委会", "138****1111", "小区路灯", "未明确", "A0001", "张三",
		"推荐到东城区扶贫车间务工", "在岗 1 个")
	if strings.Contains(site.body, "13800001111") {
		t.Errorf("the site page shows a custodian's phone in full")
	}

	// A village cadre records a follow-up support: written, masked on the page, audited.
	res = helper.post("/followup/sites/621121000000/AZ-1/support", url.Values{"household": {"A0001"}, "on": {"2026-11-20"},
		"kind": {"技能培训"}, "content": {"参加县人社局家政培训，联系电话13912345678"}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "done=1") {
		t.Fatalf("add follow-up: %d %s %.800s", res.status, res.header.Get("Location"), res.body)
	}
	site = helper.get(res.header.Get("Location"))
	expect(t, "site after", site, http.StatusOK, "已保存", "参加县人社局家政培训，联系电话139****5678", "技能培训")
	entries, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Object: "relocation.followup", ObjectID: "A0001", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Username != "helper" || entries[0].ObjectID != "A0001" || !strings.Contains(entries[0].Detail, "技能培训") ||
		strings.Contains(entries[0].Detail, "13912345678") {
		t.Errorf("audit of the follow-up: %+v", entries)
	}
	expect(t, "household not of the site", helper.post("/followup/sites/621121000000/AZ-1/support",
		url.Values{"household": {"B0001"}, "on": {"2026-11-20"}, "kind": {"技能培训"}, "content": {"x"}}), http.StatusBadRequest, "请选择本安置点的搬迁户")
	expect(t, "follow-up in the future", helper.post("/followup/sites/621121000000/AZ-1/support",
		url.Values{"household": {"A0001"}, "on": {"2026-12-20"}, "kind": {"技能培训"}, "content": {"x"}}), http.StatusBadRequest, "不能晚于今天")
	expect(t, "follow-up elsewhere", helper.post("/followup/sites/621121000000/AZ-2/support",
		url.Values{"household": {"B0001"}, "on": {"2026-11-20"}, "kind": {"技能培训"}, "content": {"x"}}), http.StatusForbidden)
	expect(t, "auditor adds", auditor.post("/followup/sites/621121000000/AZ-1/support",
		url.Values{"household": {"A0001"}, "on": {"2026-11-20"}, "kind": {"技能培训"}, "content": {"x"}}), http.StatusForbidden)

	// Posts: by department; one person's posts of two departments shown together.
	posts := cty.get("/followup/posts")
	expect(t, "posts", posts, http.StatusOK, "保洁员", "生态护林员", "护路员", auth.MaskID(idA), "另有 1 岗")
	if strings.Contains(posts.body, idA) {
		t.Errorf("the post list shows an ID number in full")
	}
	forest := cty.get("/followup/posts?department=" + url.QueryEscape("林草"))
	expect(t, "posts of 林草", forest, http.StatusOK, "生态护林员")
	if strings.Contains(forest.body, "保洁员") {
		t.Errorf("the department filter lets another department's post through")
	}
	expect(t, "post", cty.get("/followup/posts/621121000000/P-1"), http.StatusOK, "张三的全部岗位", "生态护林员", "林草", "乡村振兴",
		"2026-10", "139****5678")
	// The holder's full numbers: shown on a POST to a role that may see them, and audited.
	shown := towna.post("/followup/posts/621121000000/P-1/reveal", nil)
	expect(t, "reveal", shown, http.StatusOK, idA, "13912345678")
	if strings.Contains(shown.body, "显示完整号码") {
		t.Errorf("a revealed page offers to reveal")
	}
	if n, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Action: audit.Reveal, Object: "employment.post", ObjectID: "P-1", Limit: 5}); err != nil || len(n) != 1 || n[0].Username != "towna" {
		t.Errorf("audit of the reveal: %v %+v", err, n)
	}
	expect(t, "auditor reveal", auditor.post("/followup/posts/621121000000/P-1/reveal", nil), http.StatusForbidden)
	expect(t, "reveal elsewhere", townb.post("/followup/families/621121000000/x/reveal", nil), http.StatusNotFound)
	expect(t, "post of township", towna.get("/followup/posts/621121000000/P-1"), http.StatusOK, "另有 1 个岗位在您的管辖范围以外")
	expect(t, "post elsewhere", townb.get("/followup/posts/621121000000/P-1"), http.StatusForbidden)
	expect(t, "no post", cty.get("/followup/posts/621121000000/P-404"), http.StatusNotFound)

	// Workshops and their workers.
	expect(t, "workshops", cty.get("/followup/workshops"), http.StatusOK, "东城区扶贫车间", "运营")
	expect(t, "workshop", towna.get("/followup/workshops/621121000000/W-1"), http.StatusOK, "张三妻", auth.MaskID(spouseID(idA)), "2,600")
	expect(t, "workshop elsewhere", townb.get("/followup/workshops/621121000000/W-1"), http.StatusForbidden)

	// Employment against last year by township: the chart's data and the table agree with the
	// figures imported for 2025 and the registry's for 2026 (each household's two members work).
	emp := cty.get("/followup/employment")
	// The table says it all without the chart's script: 平襄镇 employs 2 this year against 3.
	expect(t, "employment", emp, http.StatusOK, `data-label="上年务工就业">3</td>`, `<td class="r hot" data-label="本年占上年">66.7%</td>`,
		"马营镇", "王五", auth.MaskID(idW), "137****1234")
	var chart struct {
		Categories []string `json:"categories"`
		Series     []struct {
			Name string     `json:"name"`
			Data []*float64 `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(regexpFind(t, emp.body, `data-funds-chart="([^"]+)"`))), &chart); err != nil {
		t.Fatal(err)
	}
	if len(chart.Categories) != 2 || len(chart.Series) != 2 || *chart.Series[0].Data[0] != 3 || *chart.Series[1].Data[0] != 2 {
		t.Errorf("employment chart: %+v", chart)
	}
	// A past year shows the 务工监测's figures alone: the registry tells only this year's work.
	last := cty.get("/followup/employment?year=2025")
	chart.Categories, chart.Series = nil, nil
	if err := json.Unmarshal([]byte(html.UnescapeString(regexpFind(t, last.body, `data-funds-chart="([^"]+)"`))), &chart); err != nil {
		t.Fatal(err)
	}
	if len(chart.Series) != 2 || chart.Series[0].Data[0] != nil || *chart.Series[1].Data[0] != 3 {
		t.Errorf("2025 chart: %+v", chart)
	}
	expect(t, "employment of a township", towna.get("/followup/employment?region="+string(townA)), http.StatusOK, "东城区居民委员会")
	expect(t, "employment elsewhere", towna.get("/followup/employment?region="+string(townB)), http.StatusForbidden)

	// A job seeker's status, updated and audited; not by another township.
	action := html.UnescapeString(regexpFind(t, emp.body, `action="(/followup/needs/[^"]+)"`))
	expect(t, "need elsewhere", townb.post(action, url.Values{"status": {"已推荐"}}), http.StatusForbidden)
	res = towna.post(action, url.Values{"status": {"已推荐"}, "note": {"推荐到东城区扶贫车间"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("update need: %d %.600s", res.status, res.body)
	}
	expect(t, "need after", cty.get("/followup/employment"), http.StatusOK, "已推荐", "推荐到东城区扶贫车间")
	expect(t, "need bad status", towna.post(action, url.Values{"status": {"已完成"}}), http.StatusBadRequest)
	changes, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Username: "towna", Action: audit.NeedUpdate, Limit: 10})
	if err != nil || len(changes) != 1 || changes[0].ObjectType != "employment.need" || !strings.Contains(changes[0].Detail, "由「待帮扶」改为「已推荐」") {
		t.Errorf("audit of the need: %v %+v", err, changes)
	}

	// The low-income families with their records, and the small loans.
	fams := cty.get("/followup/families")
	expect(t, "families", fams, http.StatusOK, "张三", "低保", auth.MaskID(idA), "A0001")
	famURL := html.UnescapeString(regexpFind(t, fams.body, `href="(/followup/families/621121000000/[^"]+)"`))
	expect(t, "family", towna.get(famURL), http.StatusOK, "了解就医报销情况", "入户走访")
	expect(t, "family elsewhere", townb.get(famURL), http.StatusForbidden)
	expect(t, "family reveal elsewhere", townb.post(famURL+"/reveal", nil), http.StatusForbidden)
	expect(t, "family reveal", towna.post(famURL+"/reveal", nil), http.StatusOK, idA)
	expect(t, "workshop reveal", cty.post("/followup/workshops/621121000000/W-1/reveal", nil), http.StatusOK, spouseID(idA))
	res = towna.post(famURL+"/records", url.Values{"on": {"2026-11-25"}, "way": {"电话联系"}, "done": {"电话询问用药情况"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add record: %d %.600s", res.status, res.body)
	}
	expect(t, "family after", towna.get(famURL), http.StatusOK, "电话询问用药情况")
	expect(t, "loans", cty.get("/followup/loans"), http.StatusOK, "L-1", "农商银行", "逾期")
	if got := townb.get("/followup/loans"); strings.Contains(got.body, "L-1") {
		t.Errorf("a township sees another township's loan")
	}

	// Exports in the import layout: masked, or in full for a role that may see the numbers.
	read := func(body string) [][]string {
		x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows(x.GetSheetName(0))
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	exp := cty.get("/followup/export?list=employment/posts&region=" + string(county))
	if exp.status != http.StatusOK {
		t.Fatalf("export: %d %.300s", exp.status, exp.body)
	}
	rows := read(exp.body)
	if len(rows) != 4 || rows[0][0] != "岗位编号" || !strings.Contains(strings.Join(rows[1], ","), auth.MaskID(idA)) {
		t.Errorf("export: %q", rows)
	}
	full := read(cty.get("/followup/export?list=employment/posts&full=1&region=" + string(county)).body)
	if !strings.Contains(strings.Join(full[1], ","), idA) {
		t.Errorf("full export: %q", full[1])
	}
	// The exported list reads back through the import unchanged.
	res = cty.postFile("/followup/imports", map[string]string{"list": "employment/posts", "county": string(county)}, "岗位导出.xlsx",
		[]byte(cty.get("/followup/export?list=employment/posts&full=1&region="+string(county)).body))
	if res.status != http.StatusSeeOther {
		t.Errorf("re-import of the export: %d %.1200s", res.status, res.body)
	}
	residents := read(towna.get("/followup/export?list=relocation/residents").body)
	if len(residents) != 2 || residents[1][0] != "AZ-1" || residents[1][1] != "A0001" || !strings.Contains(strings.Join(residents[1], ","), auth.MaskID(idA)) {
		t.Errorf("township's residents: %q", residents)
	}
	mineOnly := read(towna.get("/followup/export?list=employment/posts&region=" + string(townA)).body)
	if len(mineOnly) != 2 {
		t.Errorf("township export: %q", mineOnly)
	}
	blank := read(auditor.get("/followup/export?list=assistance/loans&template=1").body)
	if len(blank) != 1 || blank[0][0] != "合同编号" {
		t.Errorf("blank template: %q", blank)
	}
	expect(t, "auditor full export", auditor.get("/followup/export?list=employment/posts&full=1"), http.StatusForbidden)
	expect(t, "export elsewhere", towna.get("/followup/export?list=employment/posts&region="+string(townB)), http.StatusForbidden)
	expect(t, "township import", towna.postFile("/followup/imports", map[string]string{"list": "employment/posts", "county": string(county)}, "p.xlsx",
		xlsxFile(t, [][]any{{"岗位编号"}})), http.StatusForbidden)
	if n, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Action: audit.Export, Object: "employment.posts", Limit: 10}); err != nil || len(n) != 4 {
		t.Errorf("audit of the exports: %v %d", err, len(n))
	}
	expect(t, "menu", cty.get("/followup/imports"), http.StatusOK, `href="/followup" class="on">搬迁就业`)
}

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/cli"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/workplan"
)

// TestWorkPlanPages: a task stored past its deadline raises I4-31 at the next screening and
// shows as overdue; the county adds a task through the form and edits it (done only with its
// evidence, which closes the finding), each change audited; the list filters by status,
// indicator and overdue; a township sees and changes only its own tasks and no county's
// policies; a policy not matched within the delay raises I4-32 and closes when the plans are
// entered; a read-only role changes nothing.
func TestWorkPlanPages(t *testing.T) {
	e := storetest.SQLite(t)
	f, engine := newSourcesFixture(t, e, cli.WorkPlanSources(store.NewWorkPlans(e.DB))...)
	cty, towna, townb, auditor := f.login("county"), f.login("towna"), f.login("townb"), f.login("auditor")
	ctx := audit.WithActor(context.Background(), audit.Actor{Username: "tester"})

	// A task stored past its deadline (yesterday): the next screening finds it.
	late := &workplan.Task{Region: townA, Year: 2026, Title: "平襄镇驻村工作队在岗抽查", Unit: "平襄镇人民政府", Person: "赵镇长",
		Deadline: registry.NewDate(2026, 11, 27), Status: workplan.Doing, Indicators: []int{4}}
	if err := store.NewWorkPlans(f.db).AddTask(ctx, late); err != nil {
		t.Fatal(err)
	}
	expect(t, "before screening", cty.get("/plan/tasks/"+string(late.County)+"/"+late.ID), http.StatusOK, "平襄镇驻村工作队在岗抽查", "已逾期", "没有发现问题")
	if _, err := engine.Run(context.Background(), screen.Options{}); err != nil {
		t.Fatal(err)
	}
	expect(t, "after screening", cty.get("/plan/tasks/"+string(late.County)+"/"+late.ID), http.StatusOK, "I4-31", "工作任务逾期未完成",
		"时限 2026-11-27，至今进行中，已逾期 1 天")

	// The county adds a task due today: not overdue.
	form := url.Values{"title": {"完成全县监测对象集中排查"}, "region": {string(county)}, "unit": {"县乡村振兴局"},
		"person": {"王局长"}, "deadline": {"2026-11-28"}, "status": {"进行中"}, "indicator": {"1", "2"}}
	res := cty.post("/plan/tasks", form)
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "opened=0") {
		t.Fatalf("add: %d %s %.300s", res.status, res.header.Get("Location"), res.body)
	}
	taskURL := strings.SplitN(res.header.Get("Location"), "?", 2)[0]
	expect(t, "added", cty.get(res.header.Get("Location")), http.StatusOK, "已保存", "完成全县监测对象集中排查", "县乡村振兴局 / 王局长")
	expect(t, "bad indicator", cty.post("/plan/tasks", with(form, "indicator", "11")), http.StatusBadRequest, "指标")
	expect(t, "read-only add", auditor.post("/plan/tasks", form), http.StatusForbidden)

	// Filters.
	res = cty.get("/plan?overdue=1")
	expect(t, "overdue filter", res, http.StatusOK, "平襄镇驻村工作队在岗抽查", "已逾期")
	if strings.Contains(res.body, "完成全县监测对象集中排查</a>") {
		t.Error("a task due today is listed as overdue")
	}
	res = cty.get("/plan?indicator=1")
	if !strings.Contains(res.body, "完成全县监测对象集中排查</a>") || strings.Contains(res.body, "在岗抽查</a>") {
		t.Errorf("indicator filter: %.2000s", res.body)
	}
	res = cty.get("/plan?status=" + url.QueryEscape("已完成"))
	expect(t, "status filter", res, http.StatusOK, "没有符合条件的任务")

	// The township sees its task and not the county's; it cannot open or change the county's.
	res = towna.get("/plan")
	if !strings.Contains(res.body, "在岗抽查</a>") || strings.Contains(res.body, "集中排查</a>") || strings.Contains(res.body, "上级政策配套情况") {
		t.Errorf("township list: %.2000s", res.body)
	}
	expect(t, "township opens county task", towna.get(taskURL), http.StatusForbidden)
	expect(t, "other township opens task", townb.get("/plan/tasks/"+string(late.County)+"/"+late.ID), http.StatusForbidden)
	edit := url.Values{"title": {late.Title}, "region": {string(townA)}, "unit": {late.Unit}, "person": {late.Person}, "deadline": {"2026-11-27"},
		"status": {"已完成"}, "indicator": {"4"}}
	expect(t, "other township edits", townb.post("/plan/tasks/"+string(late.County)+"/"+late.ID, with(edit, "evidence", "抽查完毕")), http.StatusForbidden)
	if !strings.Contains(townb.get("/plan").body, "没有符合条件的任务") {
		t.Error("the other township sees tasks that are not its own")
	}

	// Done needs its evidence; with it, the finding closes.
	expect(t, "done without evidence", towna.post("/plan/tasks/"+string(late.County)+"/"+late.ID, edit), http.StatusBadRequest, "完成情况")
	res = towna.post("/plan/tasks/"+string(late.County)+"/"+late.ID, with(edit, "evidence", "抽查 12 个工作队 36 人，在岗情况表已归档"))
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "closed=1") {
		t.Fatalf("done: %d %s %.300s", res.status, res.header.Get("Location"), res.body)
	}
	expect(t, "done page", towna.get(res.header.Get("Location")), http.StatusOK, "已完成（2026-11-28 完成）", "在岗情况表已归档", "已消除")

	// A provincial policy issued 91 days ago with no plan below: I4-32 for the city and county.
	pform := url.Values{"title": {"巩固拓展脱贫攻坚成果后评估工作方案"}, "doc_no": {"甘乡振组〔2026〕5号"}, "level": {"省"}, "issued_on": {"2026-08-29"},
		"county": {string(county)}}
	expect(t, "township adds policy", towna.post("/plan/policies", pform), http.StatusForbidden)
	res = cty.post("/plan/policies", pform)
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "opened=1") {
		t.Fatalf("policy: %d %s %.300s", res.status, res.header.Get("Location"), res.body)
	}
	policyURL := strings.SplitN(res.header.Get("Location"), "?", 2)[0]
	expect(t, "policy page", cty.get(policyURL), http.StatusOK, "I4-32", "市、县级至今未出台配套实施方案", "2026-11-27")
	expect(t, "policy table", cty.get("/plan"), http.StatusOK, "上级政策配套情况", "巩固拓展脱贫攻坚成果后评估工作方案", "未出台", "市、县级逾期")
	expect(t, "township opens policy", towna.get(policyURL), http.StatusForbidden)
	res = cty.post(policyURL, with(with(with(pform, "city_on", "2026-10-10"), "city_title", "定西市实施方案"), "county_on", "2026-11-28"))
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "closed=1") {
		t.Fatalf("policy matched: %d %s %.300s", res.status, res.header.Get("Location"), res.body)
	}
	expect(t, "policy matched", cty.get(policyURL), http.StatusOK, "2026-10-10 定西市实施方案", "2026-11-28（超过期限 1 天出台）")

	entries, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Action: audit.PlanUpdate})
	if err != nil || len(entries) != 5 {
		t.Fatalf("audit: %d %v", len(entries), err)
	}
	byUser := map[string]int{}
	for _, en := range entries {
		byUser[en.Username]++
	}
	if byUser["county"] != 3 || byUser["towna"] != 1 || byUser["tester"] != 1 {
		t.Errorf("audit by user %v", byUser)
	}
}

// with returns a copy of the form with the field set.
func with(form url.Values, k, v string) url.Values {
	out := url.Values{}
	for key, vs := range form {
		out[key] = append([]string(nil), vs...)
	}
	out.Set(k, v)
	return out
}

package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/web/browsertest"
)

// syncBuffer is an output the server goroutine writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const e2ePassword = "e2e-pass-2026"

// e2eHousehold is a household whose only defect is a member without basic medical insurance:
// fixing that one field must close its findings.
func e2eHousehold(village region.Code) registry.Aggregate {
	no := village.Prefix() + "9999"
	a := registry.Aggregate{Household: registry.Household{No: no, Village: village, Kind: registry.KindAlleviated,
		YearOut: 2019, Phone: "13993210001", HousingGrade: "B", UnsafeHouse: registry.No, WaterSafe: registry.Yes,
		HousingAppraised: registry.NewDate(2024, 4, 2), Toilet: registry.Yes, Electricity: registry.Yes,
		RoadHardened: registry.Yes, Grid: "第一网格", Helper: "赵帮扶", HelperPhone: "13993210002", DeclaredSize: 2,
		Dibao: registry.No, Tekun: registry.No, Relocated: registry.No, MilitaryFamily: registry.No, NoLabourSupport: registry.No}}
	person := func(n int, name, gender string, birth time.Time, seq int, rel string) registry.Person {
		return registry.Person{No: fmt.Sprintf("%s%02d", no, n), HouseholdNo: no, Name: name, IDType: "居民身份证",
			IDNumber: idno.Make("621121", birth, seq), Gender: gender, Birth: registry.DateOf(birth), Relation: rel,
			Ethnicity: "汉族", Political: "群众", Education: "初中", LabourSkill: "普通劳动力", Health: "健康",
			WorkLocation: "省内县外", WorkMonths: registry.CountOf(10), Employer: "兰州某建筑公司", WorkChannel: "自主就业",
			ResidentMedical: registry.Yes, EmployeeMedical: registry.No, CriticalIllness: registry.Yes,
			ResidentPension: registry.Yes, EmployeePension: registry.No, Dibao: registry.No, Tekun: registry.No}
	}
	a.Persons = []registry.Person{
		person(1, "周建国", "男", time.Date(1978, 5, 6, 0, 0, 0, 0, time.UTC), 11, "户主"),
		person(2, "吴秀兰", "女", time.Date(1980, 8, 9, 0, 0, 0, 0, time.UTC), 22, "配偶"),
	}
	a.Persons[1].ResidentMedical = registry.No // the defect
	a.Persons[0].Phone = "13993210001"
	for _, y := range []int{2025, 2026} {
		a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: no, Year: y, Wages: registry.Yuan(52000),
			Business: registry.Yuan(8000), Transfers: registry.Yuan(1200), Pension: registry.Yuan(1200),
			BusinessExpense: registry.Yuan(3000), Size: 2})
	}
	a.Measures = []registry.Measure{{HouseholdNo: no, Seq: 1, Type: registry.MeasureEmployment,
		Description: "外出务工交通补贴", Start: registry.NewDate(2025, 3, 1), Amount: registry.Yuan(600)}}
	return a
}

// TestEndToEnd boots gonggu's Main on a generated county and drives Chromium through a
// cadre's work: log in, drill down to a village, open a household, fix its data so that its
// finding closes, upload a spreadsheet with an error and see its report, and check that a
// township user cannot reach another township's household by URL, API or export.
func TestEndToEnd(t *testing.T) {
	bctx := browsertest.Start(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "e2e.db")
	env := map[string]string{"GONGGU_PASSWORD": e2ePassword}
	out := &syncBuffer{}
	m := &Main{Stdout: out, Stderr: out, Getenv: func(k string) string { return env[k] }}
	run := func(args ...string) {
		t.Helper()
		if code := m.Run(context.Background(), args); code != 0 {
			t.Fatalf("gonggu %s: exit %d\n%s", strings.Join(args, " "), code, out.String())
		}
	}
	run("gen", "--db", db, "--area", "621121", "--households", "600", "--seed", "5")

	tree, err := region.LoadArea("621121000000")
	if err != nil {
		t.Fatal(err)
	}
	township := region.Code("621121100000") // 平襄镇
	villages := tree.Children(township)
	village := villages[len(villages)/2]
	other := region.Code("621121101000") // 马营镇
	sdb, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := e2eHousehold(village.Code)
	if err := store.NewRegistry(sdb).Put(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	var otherNo string
	if err := sdb.SQL.QueryRow(`SELECT household_no FROM households WHERE village_code LIKE ? LIMIT 1`, other.Prefix()+"%").Scan(&otherNo); err != nil {
		t.Fatalf("no household in the other township: %v", err)
	}
	sdb.Close()
	run("screen", "--db", db)
	run("user", "add", "--db", db, "--username", "county", "--role", "county", "--region", "621121", "--name", "县局小李")
	run("user", "add", "--db", db, "--username", "town", "--role", "township", "--region", string(township), "--name", "平襄镇小王")

	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan int, 1)
	go func() { served <- m.Run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-served:
		case <-time.After(15 * time.Second):
			t.Error("server did not stop")
		}
	})
	var base string
	re := regexp.MustCompile(`已启动：(http://[0-9.:]+)/`)
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if mm := re.FindStringSubmatch(out.String()); mm != nil {
			base = mm[1]
		}
	}
	if base == "" {
		t.Fatalf("server did not start:\n%s", out.String())
	}

	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := browsertest.Step(bctx)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			html, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
			t.Fatalf("%s: %v\npage text:\n%.1500s", name, err, html)
		}
		browsertest.Shot(t, bctx, "e2e-"+name)
	}
	eval := func(js string) string {
		t.Helper()
		sctx, cancel := browsertest.Step(bctx)
		defer cancel()
		v, err := chromedp.Run(sctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return v
	}
	login := func(name, user string) {
		step(name, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(`#username`),
			chromedp.SendKeys(`#username`, user), chromedp.SendKeys(`#password`, e2ePassword),
			chromedp.Submit(`#password`), chromedp.WaitVisible(`.cards`))
	}

	// A county cadre logs in and drills down to the village.
	login("01-login-county", "county")
	step("02-township", chromedp.Click(`//table[contains(@class,"figures")]//a[text()="平襄镇"]`),
		chromedp.WaitVisible(`//h1[contains(., "平襄镇")]`))
	step("03-village", chromedp.Click(fmt.Sprintf(`//table[contains(@class,"figures")]//a[text()=%q]`, village.Name)),
		chromedp.WaitVisible(`//h2[contains(., "本村农户")]`))
	step("04-household", chromedp.Click(fmt.Sprintf(`//a[@href="/households/%s"][1]`, a.Household.No)),
		chromedp.WaitVisible(`//strong[contains(., "未参加基本医疗保险")]`))

	// The cadre fixes the member's insurance; re-screening closes the finding at once.
	spouse := a.Persons[1].No
	step("05-edit", chromedp.Click(fmt.Sprintf(`//a[@href="/households/%s/persons/%s/edit"]`, a.Household.No, spouse)),
		chromedp.WaitVisible(`#f-resident_medical`), chromedp.SetValue(`#f-resident_medical`, "是"))
	step("06-fixed", chromedp.Submit(`#f-resident_medical`), chromedp.WaitVisible(`.flash`))
	flash := eval(`document.querySelector('.flash').innerText`)
	if !strings.Contains(flash, "已保存") || !strings.Contains(flash, "消除") || strings.Contains(flash, "消除 0 个") {
		t.Errorf("after the fix: %q", flash)
	}
	open := eval(`Array.prototype.map.call(document.querySelectorAll('.finding.st-open strong'), e => e.innerText).join('、')`)
	if strings.Contains(open, "未参加基本医疗保险") {
		t.Errorf("the insurance finding is still open after the fix; open: %s", open)
	}
	if closed := eval(`Array.prototype.map.call(document.querySelectorAll('.finding.st-closed strong'), e => e.innerText).join('、')`); !strings.Contains(closed, "未参加基本医疗保险") {
		t.Errorf("the insurance finding is not shown closed; closed: %s", closed)
	}

	// The cadre uploads a national export with an error and reads the report.
	step("07-imports", chromedp.Navigate(base+"/imports"), chromedp.WaitVisible(`input[type=file]`),
		chromedp.SetUploadFiles(`input[type=file]`, []string{mustAbs(t, "../importer/testdata/partial.xlsx")}))
	step("08-import-report", chromedp.Submit(`input[type=file]`), chromedp.WaitVisible(`//a[contains(., "下载错误报告")]`),
		chromedp.WaitVisible(`ol.issues`))
	issues := eval(`document.querySelector('ol.issues').innerText`)
	if !strings.Contains(issues, "证件号码") {
		t.Errorf("the report does not name the bad ID cell: %q", issues)
	}
	report := eval(`fetch(document.querySelector('a[href$="/report"]').href).then(r => r.status + ' ' + r.headers.get('content-type'))`)
	if !strings.HasPrefix(report, "200 application/vnd.openxmlformats") {
		t.Errorf("error report download: %s", report)
	}

	// A township cadre cannot reach another township's household by URL, API or export.
	step("09-logout", chromedp.Click(`//button[text()="退出"]`), chromedp.WaitVisible(`#username`))
	login("10-login-town", "town")
	step("11-other-household", chromedp.Navigate(base+"/households/"+otherNo), chromedp.WaitVisible(`.errorbox`))
	if text := eval(`document.querySelector('.errorbox').innerText`); !strings.Contains(text, "没有权限") {
		t.Errorf("other township's household page: %q", text)
	}
	for _, u := range []string{"/api/households/" + otherNo, "/findings.xlsx?region=" + string(other),
		"/api/findings?region=" + string(other), "/regions/" + string(other)} {
		if got := eval(fmt.Sprintf(`fetch(%q).then(r => String(r.status))`, u)); got != "403" {
			t.Errorf("%s as the township user: status %s, want 403", u, got)
		}
	}
	if got := eval(fmt.Sprintf(`fetch('/api/households?q=%s').then(r => r.text())`, otherNo)); strings.Contains(got, `"household_no":"`+otherNo) {
		t.Errorf("search found the other township's household: %s", got)
	}
	if got := eval(`fetch('/findings.xlsx').then(r => String(r.status))`); got != "200" {
		t.Errorf("own export: %s", got)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

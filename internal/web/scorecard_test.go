package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web"
)

// scoreFixture is the common fixture served by a server with the scorecard, refreshed by a
// screening as cli.newWeb wires it; scoreFixtureOn does the same over a fixture's database.
func scoreFixture(t *testing.T, e storetest.Engine) *fixture {
	return scoreFixtureOn(t, newFixture(t, e))
}

func scoreFixtureOn(t *testing.T, f *fixture) *fixture {
	clock := func() time.Time { return f.now }
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	scores := score.New(f.db, tree)
	engine := screen.New(f.db)
	engine.Now, engine.AfterRun = clock, scores.AfterScreening
	if _, err := engine.Run(context.Background(), screen.Options{}); err != nil {
		t.Fatal(err)
	}
	sessions := store.NewSessions(f.db)
	svc := auth.NewService(store.NewUsers(f.db), sessions, sessions, clock)
	svc.Hash = fast
	w, err := web.New(web.Config{DB: f.db, Tree: tree, Auth: svc, Now: clock, TrustProxy: true,
		Screening: web.NewScreening(engine), Params: web.NewParams(store.NewParams(f.db)), Scorecard: scores})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	t.Cleanup(w.Wait) // before the database closes: cleanups run last first
	f.srv, f.web = srv, w
	return f
}

func TestScorecardPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := scoreFixture(t, e)
		county := f.login("county")
		expect(t, "county scorecard", county.get("/scorecard"), http.StatusOK,
			"指标评分", "通渭县", "2026-11 期", "平襄镇", "马营镇", "暂无数据", "无适用对象", "下级地区排名",
			`/findings?region=621121000000&amp;indicator=1`, "已计分 5 项指标", "漏纳率", "监测户帮扶措施缺失",
			"整改后增分最多的农户", "/static/scorecard.css", "/static/scorecard.js")
		expect(t, "township drill-down", county.get("/scorecard?region="+string(townA)), http.StatusOK, "平襄镇")
		// A month without a snapshot: nothing to show, and no households to fix for it.
		if res := county.get("/scorecard?period=2020-01"); res.status != http.StatusOK || strings.Contains(res.body, "整改后增分最多的农户") {
			t.Errorf("a month without a snapshot: %d", res.status)
		}
		expect(t, "api, a month without a snapshot", county.get("/api/scorecard?period=2020-01"), http.StatusOK, `"period":"2020-01"`)
		expect(t, "bad period", county.get("/scorecard?period=2020-13"), http.StatusBadRequest)
		const emptyTown = "621121102000" // 鸡川镇: no household, no snapshot
		expect(t, "a region without snapshots", county.get("/scorecard?region="+emptyTown+"&period=2026-11"), http.StatusOK, "鸡川镇")
		expect(t, "api, a region without snapshots", county.get("/api/scorecard?region="+emptyTown+"&period=2026-11"), http.StatusOK)
		res := county.get("/scorecard.xlsx?region=" + string(townA))
		if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("xlsx: %d %s", res.status, res.header.Get("Content-Type"))
		}

		// A township user sees its own township and nothing of the other.
		town := f.login("towna")
		expect(t, "own township", town.get("/scorecard"), http.StatusOK, "平襄镇")
		expect(t, "other township", town.get("/scorecard?region="+string(townB)), http.StatusForbidden)
		expect(t, "other township export", town.get("/scorecard.xlsx?region="+string(townB)), http.StatusForbidden)
		expect(t, "county above", town.get("/scorecard?region="+string(county_)), http.StatusForbidden)
		expect(t, "average needs the right", town.post("/scorecard/average", url.Values{"region": {string(townA)},
			"period": {"2026-11"}, "indicator": {"2"}, "rate": {"1.5"}}), http.StatusForbidden)

		admin := f.login("admin")
		res = admin.post("/scorecard/average", url.Values{"region": {string(county_)}, "period": {"2026-11"},
			"indicator": {"1"}, "rate": {"1.5"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("average: %d %.400s", res.status, res.body)
		}
		expect(t, "average shown", admin.get("/scorecard?region="+string(county_)), http.StatusOK, "1.5‰")
	})
}

const county_ = county

// TestScorecardFollowsEdits refreshes the scorecard in the background after an edit closes a
// finding: the township's total rises without a full screening.
func TestScorecardFollowsEdits(t *testing.T) {
	f := scoreFixture(t, storetest.SQLite(t))
	ctx := context.Background()
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	scores := score.New(f.db, tree)
	total := func() float64 {
		t.Helper()
		card, err := scores.Card(ctx, county, score.PeriodOf(f.now))
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
	before := total()
	c := f.login("towna")
	page := c.get("/households/A0001/persons/A000102/edit")
	v := regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	res := c.post("/households/A0001/persons/A000102/edit", url.Values{"v": {v}, "name": {"张三妻"}, "id_type": {"居民身份证"},
		"gender": {"女"}, "birth": {"1982-03-04"}, "relation": {"配偶"}, "education": {"小学"}, "labour_skill": {"普通劳动力"},
		"health": {"健康"}, "work_location": {"县内乡外"}, "work_months": {"8"}, "resident_medical": {"是"},
		"employee_medical": {"否"}, "resident_pension": {"是"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	f.web.Wait()
	if after := total(); after <= before {
		t.Fatalf("平襄镇's total did not rise after the fix: %.2f → %.2f", before, after)
	}
}

// TestScorecardAPI serves the scorecard as JSON with the page's scoping.
func TestScorecardAPI(t *testing.T) {
	f := scoreFixture(t, storetest.SQLite(t))
	county := f.login("county")
	res := county.get("/api/scorecard")
	if res.status != http.StatusOK {
		t.Fatalf("api: %d %s", res.status, res.body)
	}
	var got struct {
		Period   string           `json:"period"`
		Region   map[string]any   `json:"region"`
		Children []map[string]any `json:"children"`
	}
	if err := json.Unmarshal([]byte(res.body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Period != "2026-11" || got.Region["region_name"] != "通渭县" || len(got.Children) != 2 || got.Children[0]["rank"] == nil {
		t.Fatalf("scorecard %+v", got)
	}
	inds, _ := got.Region["indicators"].([]any)
	if len(inds) != 11 {
		t.Fatalf("%d indicators", len(inds))
	}
	if i2, _ := inds[2].(map[string]any); i2["parts"] == nil {
		t.Errorf("indicator 2 without its parts: %v", i2)
	}
	expect(t, "other township", f.login("towna").get("/api/scorecard?region="+string(townB)), http.StatusForbidden)
}

// TestScorecardSiblings: a county user sees its own rank among the city's counties, and the
// other counties' totals and ranks, on the page and in the API, but no link into them, none of
// their households, and neither their scorecard nor their findings when asked for.
func TestScorecardSiblings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		ctx := context.Background()
		// A household of 安定区 whose head must never show to 通渭县's users.
		other := aggregate("C0001", "621102101201", "王五", idno.Make("621102", time.Date(1970, 2, 3, 0, 0, 0, 0, time.UTC), 15))
		other.Household.HousingGrade, other.Household.HousingAppraised = "", registry.Date{}
		if err := store.NewRegistry(f.db).Put(ctx, &other); err != nil {
			t.Fatal(err)
		}
		f = scoreFixtureOn(t, f)
		const sibling = "621102000000"
		for _, path := range []string{"/scorecard", "/scorecard?region=" + string(county)} {
			res := f.login("county").get(path)
			expect(t, "county page "+path, res, http.StatusOK, "在定西市各县（市、区）中的位置", "通渭县（本地区）", "安定区", "排名第")
			for _, leak := range []string{"/scorecard?region=" + sibling, "/findings?region=" + sibling, "王五", "C0001"} {
				if strings.Contains(res.body, leak) {
					t.Errorf("%s shows %q", path, leak)
				}
			}
		}
		cu := f.login("county")
		expect(t, "sibling page", cu.get("/scorecard?region="+sibling), http.StatusForbidden)
		expect(t, "sibling api", cu.get("/api/scorecard?region="+sibling), http.StatusForbidden)
		expect(t, "sibling export", cu.get("/scorecard.xlsx?region="+sibling), http.StatusForbidden)
		expect(t, "sibling findings", cu.get("/findings?region="+sibling), http.StatusForbidden)

		res := cu.get("/api/scorecard")
		if res.status != http.StatusOK {
			t.Fatalf("api %d %s", res.status, res.body)
		}
		var got struct {
			Siblings []map[string]any `json:"siblings"`
			Fixes    struct {
				List []map[string]any `json:"list"`
			} `json:"fixes"`
		}
		if err := json.Unmarshal([]byte(res.body), &got); err != nil {
			t.Fatal(err)
		}
		ranks := map[string]float64{}
		for _, s := range got.Siblings {
			code, _ := s["region_code"].(string)
			rank, _ := s["rank"].(float64)
			ranks[code] = rank
			if _, ok := s["total"].(float64); !ok || rank < 1 {
				t.Errorf("sibling without total or rank: %v", s)
			}
			if (code == string(county)) != (s["self"] == true) {
				t.Errorf("self mark on %s", code)
			}
		}
		if len(got.Siblings) != 2 || ranks[sibling] == 0 || ranks[string(county)] == 0 {
			t.Errorf("siblings %v", got.Siblings)
		}
		for _, leak := range []string{"王五", "C0001", `"numerator"`} {
			if strings.Contains(string(mustJSON(t, got.Siblings)), leak) {
				t.Errorf("siblings carry %q", leak)
			}
		}
		if strings.Contains(res.body, "王五") || strings.Contains(res.body, "C0001") {
			t.Error("the API names a household of another county")
		}
		for _, fx := range got.Fixes.List {
			if no, _ := fx["household_no"].(string); no != "A0001" && no != "B0001" {
				t.Errorf("fix outside the county: %v", fx)
			}
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

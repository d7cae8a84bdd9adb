package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web"
)

// scoreFixture is the common fixture served by a server with the scorecard, refreshed by a
// screening as cli.newWeb wires it.
func scoreFixture(t *testing.T, e storetest.Engine) *fixture {
	f := newFixture(t, e)
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
			`/findings?region=621121000000&amp;indicator=1`, "已计分 4 项指标", "整改后可达")
		expect(t, "township drill-down", county.get("/scorecard?region="+string(townA)), http.StatusOK, "平襄镇")
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
	expect(t, "other township", f.login("towna").get("/api/scorecard?region="+string(townB)), http.StatusForbidden)
}

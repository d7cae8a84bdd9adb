package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/support"
	"github.com/gonggu/gonggu/internal/web"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

// The pages of helpers, visits, work teams and grids run on the fixture with the support
// domain wired into the screening engine, as cli.wireSupport does.

type testFacts struct{ s *store.Support }

func (f testFacts) Domain() string { return support.Domain }
func (f testFacts) Load(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
	facts, err := f.s.Facts(ctx, county, scope, nos)
	out := map[string]any{}
	for no, fc := range facts {
		out[no] = fc
	}
	return out, err
}

type testObjects struct {
	s    *store.Support
	kind string
}

func (o testObjects) Kind() string { return o.kind }
func (o testObjects) Objects(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
	switch o.kind {
	case support.KindCadre:
		return o.s.EachCadre(ctx, county, scope, func(c *support.CadreObject) error { return fn(c) })
	case support.KindMember:
		return o.s.EachMember(ctx, county, scope, func(m *support.MemberObject) error { return fn(m) })
	case support.KindGrid:
		return o.s.EachGrid(ctx, county, scope, func(g *support.GridObject) error { return fn(g) })
	}
	return o.s.EachGridMember(ctx, county, scope, func(g *support.GridMemberObject) error { return fn(g) })
}

// supportFixture is the web fixture served again by an engine with the support domain.
func supportFixture(t *testing.T, e storetest.Engine) (*fixture, *screen.Engine) {
	t.Helper()
	f := newFixture(t, e)
	clock := func() time.Time { return f.now }
	en := screen.New(f.db)
	en.Now = clock
	s := store.NewSupport(f.db)
	en.FactSources = append(en.FactSources, testFacts{s})
	for _, k := range []string{support.KindCadre, support.KindMember, support.KindGrid, support.KindGridMember} {
		en.Sources = append(en.Sources, testObjects{s, k})
	}
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	users := store.NewUsers(f.db)
	sessions := store.NewSessions(f.db)
	svc := auth.NewService(users, sessions, sessions, clock)
	svc.Hash = fast
	w, err := web.New(web.Config{DB: f.db, Tree: tree, Auth: svc, Now: clock, TrustProxy: true,
		Screening: web.NewScreening(en), Params: web.NewParams(store.NewParams(f.db)),
		Imports: web.NewImports(f.db, en, clock, slog.New(slog.DiscardHandler), t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	g := *f
	g.srv, g.web = srv, w
	return &g, en
}

// locationID returns the last path element of a redirect's Location, before its query.
func locationID(res response) string {
	loc := strings.Split(res.header.Get("Location"), "?")[0]
	return loc[strings.LastIndex(loc, "/")+1:]
}

func (c *client) postJSON(path string, v any, withCSRF bool) response {
	c.f.t.Helper()
	b, _ := json.Marshal(v)
	req, _ := http.NewRequest("POST", c.f.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if withCSRF {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	rb, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, string(rb), res.Header}
}

func openFindings(t *testing.T, en *screen.Engine, rule string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := en.Findings.Each(context.Background(), store.FindingFilter{Rule: rule, Status: store.StatusOpen}, func(f *store.Finding) error {
		out[f.SubjectID] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSupportPages walks the domain's jobs: a county clerk registers a cadre and pairs a
// household; the helper sees it on "我的走访" and records a visit sent twice (stored once); a
// user of another township is refused; the cadre is transferred and the household's handover
// finding opens, then closes with the handover; a work team's attendance, leave and spot
// check; a grid whose member confirms; the campaign page, the print list and an export.
func TestSupportPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f, en := supportFixture(t, e)
		county, helper, townb, towna := f.login("county"), f.login("helper"), f.login("townb"), f.login("towna")

		res := county.post("/cadres", url.Values{"region": {string(villageA)}, "name": {"王干部"}, "unit": {"县农业农村局"},
			"phone": {"13900000001"}, "level": {"县级"}, "username": {"helper"}, "status": {"在岗"}})
		expect(t, "new cadre", res, http.StatusSeeOther)
		cadre := locationID(res)
		res = county.post("/cadres/"+cadre+"/pair", url.Values{"household": {"A0001"}, "start": {"2025-03-01"}})
		expect(t, "pair", res, http.StatusSeeOther)
		expect(t, "cadre page", county.get("/cadres/"+cadre), http.StatusOK, "A0001", "139****0001")

		page := helper.get("/my")
		expect(t, "my page", page, http.StatusOK, "张三", "A0001", "走访", `id="vform"`)
		visit := map[string]string{"key": "p-test-1", "household": "A0001", "on": "2026-11-27", "way": "入户", "needs_met": "是",
			"measures_done": "是", "hardship": "是", "hardship_note": "妻子住院", "policy_told": "是", "knows_cadre": "是", "knows_team": ""}
		expect(t, "visit without the token", helper.postJSON("/api/visits", visit, false), http.StatusForbidden)
		expect(t, "visit", helper.postJSON("/api/visits", visit, true), http.StatusCreated, `"created":true`)
		expect(t, "visit sent again", helper.postJSON("/api/visits", visit, true), http.StatusOK, `"created":false`)
		list, total, err := store.NewSupport(f.db).Visits(context.Background(), store.VisitFilter{HouseholdNo: "A0001"})
		if err != nil || total != 1 || list[0].Visitor != "王干部" {
			t.Fatalf("visits %+v %d %v", list, total, err)
		}
		other := map[string]string{"key": "p-test-2", "household": "B0001", "on": "2026-11-27", "way": "入户"}
		expect(t, "a household of another village", helper.postJSON("/api/visits", other, true), http.StatusForbidden)
		expect(t, "another township's page", townb.get("/support/households/A0001"), http.StatusForbidden)
		expect(t, "household page", county.get("/support/households/A0001"), http.StatusOK, "王干部", "妻子住院")

		// The plain form: a problem without its note is shown back.
		res = helper.post("/visits", url.Values{"key": {"w-plain-1"}, "household": {"A0001"}, "on": {"2026-11-28"}, "way": {"电话"},
			"needs_met": {"否"}, "hardship": {"否"}})
		expect(t, "plain form with a problem", res, http.StatusUnprocessableEntity, "请写明是什么问题")

		// The cadre leaves 90 days ago: past the handover deadline, the household's I4-02 opens.
		res = county.post("/cadres/"+cadre, url.Values{"name": {"王干部"}, "unit": {"县农业农村局"}, "level": {"县级"}, "username": {"helper"},
			"status": {"调离"}, "status_on": {"2026-08-30"}})
		expect(t, "transfer", res, http.StatusSeeOther)
		if !openFindings(t, en, "I4-02")["A0001"] {
			t.Errorf("no handover finding after the transfer")
		}
		res = county.post("/cadres", url.Values{"region": {string(villageA)}, "name": {"李干部"}, "status": {"在岗"}})
		expect(t, "second cadre", res, http.StatusSeeOther)
		res = county.post("/cadres/"+cadre+"/handover", url.Values{"to": {locationID(res)}, "on": {"2026-11-28"}})
		expect(t, "handover", res, http.StatusSeeOther)
		if openFindings(t, en, "I4-02")["A0001"] {
			t.Errorf("the handover finding is still open")
		}

		// A work team: a short month, leave beyond the township's power, a spot check.
		res = county.post("/teams", url.Values{"village": {string(villageA)}, "unit": {"县水务局"}, "start": {"2025-05-01"}})
		expect(t, "team", res, http.StatusSeeOther)
		team := locationID(res)
		res = county.post("/teams/"+team+"/members", url.Values{"name": {"赵刚"}, "phone": {"13900000003"}, "role": {"第一书记兼队长"}, "start": {"2025-05-01"}})
		expect(t, "member", res, http.StatusSeeOther)
		members, _ := store.NewSupport(f.db).Members(context.Background(), team)
		if len(members) != 1 {
			t.Fatalf("members %+v", members)
		}
		m := members[0].ID
		expect(t, "attendance", county.post("/teams/"+team+"/attendance", url.Values{"member": {m}, "month": {"2026-10"}, "days": {"15"}}), http.StatusSeeOther)
		if !openFindings(t, en, "I4-09")[m] {
			t.Errorf("a short month opens no finding")
		}
		expect(t, "leave", county.post("/teams/"+team+"/leaves", url.Values{"member": {m}, "from": {"2026-11-10"}, "to": {"2026-11-14"}}), http.StatusSeeOther)
		leaves, _ := store.NewSupport(f.db).Leaves(context.Background(), team)
		expect(t, "the township approves 5 days", towna.post("/leaves/"+leaves[0].ID+"/decide", url.Values{"team": {team}, "decision": {"approve"}}),
			http.StatusBadRequest, "应由县级审批")
		expect(t, "the county approves", county.post("/leaves/"+leaves[0].ID+"/decide", url.Values{"team": {team}, "decision": {"approve"}}), http.StatusSeeOther)
		expect(t, "the helper may not approve", helper.post("/leaves/"+leaves[0].ID+"/decide", url.Values{"team": {team}, "decision": {"approve"}}), http.StatusForbidden)
		expect(t, "spot check", county.post("/teams/"+team+"/spotchecks", url.Values{"on": {"2026-11-20"}, "checker": {"县纪委"}}), http.StatusSeeOther)
		if !openFindings(t, en, "I4-10")[m] {
			t.Errorf("an absence without leave opens no finding")
		}
		expect(t, "team page", county.get("/teams/"+team), http.StatusOK, "赵刚", "att-short", "不在岗：赵刚")

		// A grid whose member, the helper, confirms on "我的走访".
		res = county.post("/grids", url.Values{"village": {string(villageA)}, "name": {"一网格"}})
		expect(t, "grid", res, http.StatusSeeOther)
		grid := locationID(res)
		expect(t, "grid households", county.post("/grids/"+grid+"/households", url.Values{"household": {"A0001"}}), http.StatusSeeOther)
		expect(t, "grid member", county.post("/grids/"+grid+"/members", url.Values{"cadre": {cadre}, "role": {"网格员"}}), http.StatusSeeOther)
		if len(openFindings(t, en, "I4-14")) != 1 {
			t.Errorf("an unconfirmed member opens no finding")
		}
		expect(t, "confirm offered", helper.get("/my"), http.StatusOK, "确认我是一网格的网格员")
		expect(t, "confirm", helper.post("/grids/"+grid+"/confirm", url.Values{"next": {"my"}}), http.StatusSeeOther)
		if len(openFindings(t, en, "I4-14")) != 0 {
			t.Errorf("the confirmed member's finding is still open")
		}

		expect(t, "campaign page", county.get("/visits?region="+string(villageA.Up(region.Township))), http.StatusOK, "按地区", "按帮扶干部")
		expect(t, "campaign page of a city", f.login("admin").get("/visits"), http.StatusOK, "大走访")
		expect(t, "print list", county.get("/visits/print?region="+string(villageA)), http.StatusOK, "走访清单")
		res = county.get("/support/export/visits?region=" + string(county_))
		expect(t, "export", res, http.StatusOK)
		if x, err := excelize.OpenReader(strings.NewReader(res.body)); err != nil {
			t.Errorf("export is no workbook: %v", err)
		} else if rows, _ := x.GetRows(support.Visits.Title); len(rows) != 3 || rows[2][0] != "A0001" {
			t.Errorf("export rows %v", rows)
		}
	})
}

// TestSupportImport: a ledger imports whole; a file naming a household that does not exist is
// refused with the row, and its error report downloads; a re-import adds nothing.
func TestSupportImport(t *testing.T) {
	f, _ := supportFixture(t, storetest.SQLite(t))
	c := f.login("county")
	book := func(rows [][]any) []byte {
		var buf bytes.Buffer
		err := support.Pairings.Export(&buf, "帮扶责任人结对名单", func(fn func(*support.PairingRecord) error) error {
			for _, r := range rows {
				rec := &support.PairingRecord{HouseholdNo: r[0].(string), Cadre: support.CadreRecord{Name: r[1].(string), Phone: r[2].(string)},
					Start: registry.NewDate(2025, 1, 1)}
				if err := fn(rec); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	bad := book([][]any{{"A0001", "王干部", "13900000001"}, {"X9999", "王干部", "13900000001"}})
	res := c.postFile("/support/import", map[string]string{"kind": "pairings", "region": string(county)}, "结对.xlsx", bad)
	expect(t, "bad file", res, http.StatusUnprocessableEntity, "第 4 行", "X9999", "户编号在本县的农户台账中不存在", "下载错误报告")
	if _, total, _ := store.NewSupport(f.db).Cadres(context.Background(), store.CadreFilter{Scope: county}); total != 0 {
		t.Errorf("a refused file wrote %d cadres", total)
	}
	link := strings.ReplaceAll(regexpFind(t, res.body, `href="(/support/imports/[^"]+/report)"`), "&amp;", "&")
	rep := c.get(link)
	expect(t, "report", rep, http.StatusOK)
	if !strings.Contains(rep.header.Get("Content-Disposition"), "report.xlsx") {
		t.Errorf("report download %v", rep.header)
	}
	good := book([][]any{{"A0001", "王干部", "13900000001"}})
	expect(t, "good file", c.postFile("/support/import", map[string]string{"kind": "pairings", "region": string(county)}, "结对.xlsx", good), http.StatusSeeOther)
	expect(t, "import page", c.get("/support/import"), http.StatusOK, "新增 1 条")
	c.postFile("/support/import", map[string]string{"kind": "pairings", "region": string(county)}, "结对.xlsx", good)
	if rows, _, _ := store.NewSupport(f.db).Cadres(context.Background(), store.CadreFilter{Scope: county}); len(rows) != 1 || rows[0].Households != 1 {
		t.Errorf("after a re-import: %+v", rows)
	}
	expect(t, "a township may not import", f.login("towna").postFile("/support/import", map[string]string{"kind": "pairings"}, "结对.xlsx", good), http.StatusForbidden)
	expect(t, "template", c.get("/support/template/visits"), http.StatusOK)
}

// TestSupportHostileUploads posts what an attacker would upload to the ledger import: each is
// refused with a message naming the problem, the server allocating a bounded amount.
func TestSupportHostileUploads(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	f, _ := supportFixture(t, storetest.SQLite(t))
	c := f.login("county")
	const mib = 1 << 20
	heads := support.Visits.Heads()
	for _, tc := range []struct {
		name, file string
		data       []byte
		status     int
		want       string
	}{
		{"decompression bomb", "bomb.xlsx", hostile.Bomb(heads, 256*mib), http.StatusBadRequest, "压缩炸弹"},
		{"bomb with a lying header", "lying.xlsx", hostile.LyingBomb(heads, 256*mib), http.StatusUnprocessableEntity, "其后的行未再检查"},
		{"huge cell", "cell.xlsx", hostile.HugeCell(heads, 40000), http.StatusBadRequest, "32767 个字符"},
		{"huge shared string", "sst.xlsx", hostile.HugeSharedString(heads, 200000), http.StatusBadRequest, "32767 个字符"},
		{"huge row", "row.xlsx", hostile.HugeRow(heads, 200, 30000), http.StatusBadRequest, "的内容超过 4 MB"},
		{"csv line without end", "line.csv", hostile.CSVLongLine(heads, 100*mib), http.StatusBadRequest, "超过 1 MB"},
		{"csv cut inside a quote", "cut.csv", hostile.CSVOpenQuote(heads), http.StatusBadRequest, "引号没有闭合"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res := c.postFile("/support/import", map[string]string{"kind": "visits", "region": string(county)}, tc.file, tc.data)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(64*mib+3*len(tc.data)) {
				t.Errorf("the server allocated %d MiB", alloc/mib)
			}
			expect(t, tc.name, res, tc.status, tc.want)
		})
	}
}

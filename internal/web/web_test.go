package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web"
)

// The fixture: two townships of 通渭县, a household in each, and a user of every kind.
const (
	villageA = region.Code("621121100001") // 平襄镇东城区居民委员会
	villageB = region.Code("621121101201") // 马营镇东关村民委员会
	townA    = region.Code("621121100000")
	townB    = region.Code("621121101000")
	county   = region.Code("621121000000")
	password = "pass1234"
	idA      = "621121198001010017" // see TestFixtureIDs
)

var fast = auth.HashParams{Time: 1, Memory: 64, Threads: 1}

type fixture struct {
	t   *testing.T
	db  *store.DB
	srv *httptest.Server
	web *web.Server
	now time.Time
}

func aggregate(no string, village region.Code, head string, id string) registry.Aggregate {
	a := registry.Aggregate{Household: registry.Household{No: no, Village: village, Kind: registry.KindAlleviated,
		YearOut: 2018, Phone: "13912345678", HousingGrade: "A", UnsafeHouse: registry.No, WaterSafe: registry.Yes,
		HousingAppraised: registry.NewDate(2024, 5, 1), Toilet: registry.Yes, Grid: "一网格", Helper: "王干部"}}
	a.Persons = []registry.Person{
		{No: no + "01", HouseholdNo: no, Name: head, IDType: "居民身份证", IDNumber: id, Gender: "男",
			Birth: registry.NewDate(1980, 1, 1), Relation: "户主", Education: "初中", LabourSkill: "普通劳动力",
			Health: "健康", WorkLocation: "省外", WorkMonths: registry.CountOf(10), ResidentMedical: registry.Yes,
			EmployeeMedical: registry.No, ResidentPension: registry.Yes, Phone: "13912345678"},
		{No: no + "02", HouseholdNo: no, Name: head + "妻", IDType: "居民身份证", IDNumber: spouseID(id), Gender: "女",
			Birth: registry.NewDate(1982, 3, 4), Relation: "配偶", Education: "小学", LabourSkill: "普通劳动力",
			Health: "健康", WorkLocation: "县内乡外", WorkMonths: registry.CountOf(8), ResidentMedical: registry.No,
			EmployeeMedical: registry.No, ResidentPension: registry.Yes},
	}
	a.Incomes = []registry.Income{{HouseholdNo: no, Year: 2025, Wages: registry.Yuan(40000), Business: registry.Yuan(6000),
		Transfers: registry.Yuan(1000), OtherTrans: registry.Yuan(1000), BusinessExpense: registry.Yuan(2000), Size: 2}}
	a.Measures = []registry.Measure{{HouseholdNo: no, Seq: 1, Type: registry.MeasureEmployment, Description: "外出务工交通补贴",
		Start: registry.NewDate(2025, 3, 1), Amount: registry.Yuan(500)}}
	return a
}

// spouseID returns a valid ID number for the head's spouse, distinct per household.
func spouseID(headID string) string {
	return idno.Make("621121", time.Date(1982, 3, 4, 0, 0, 0, 0, time.UTC), 20+2*int(headID[16]-'0'))
}

func newFixture(t *testing.T, e storetest.Engine) *fixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	clock := func() time.Time { return now }
	db := e.DB
	db.Now = clock
	reg := store.NewRegistry(db)
	for _, a := range []registry.Aggregate{
		aggregate("A0001", villageA, "张三", idA),
		aggregate("B0001", villageB, "李四", idno.Make("621121", time.Date(1975, 6, 7, 0, 0, 0, 0, time.UTC), 13)),
	} {
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	users := store.NewUsers(db)
	hash, _ := auth.HashPassword(password, fast)
	for _, u := range []auth.User{
		{Username: "county", Role: auth.RoleCounty, Region: county, DisplayName: "县局小王"},
		{Username: "towna", Role: auth.RoleTownship, Region: townA},
		{Username: "townb", Role: auth.RoleTownship, Region: townB},
		{Username: "helper", Role: auth.RoleHelper, Region: villageA},
		{Username: "auditor", Role: auth.RoleAuditor, Region: county},
		{Username: "admin", Role: auth.RoleAdmin, Region: "621100000000"},
	} {
		u.PasswordHash = hash
		if err := users.Create(ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
	engine := screen.New(db)
	engine.Now = clock
	if _, err := engine.Run(ctx, screen.Options{}); err != nil {
		t.Fatal(err)
	}
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	sessions := store.NewSessions(db)
	svc := auth.NewService(users, sessions, sessions, clock)
	svc.Hash = fast
	w, err := web.New(web.Config{DB: db, Tree: tree, Auth: svc, Now: clock, TrustProxy: true,
		Screening: web.NewScreening(engine), Params: web.NewParams(store.NewParams(db)),
		Imports: web.NewImports(db, engine, clock, slog.New(slog.DiscardHandler), t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	return &fixture{t: t, db: db, srv: srv, web: w, now: now}
}

// client is a browser: it keeps cookies and does not follow redirects, so tests see them.
type client struct {
	f    *fixture
	hc   *http.Client
	csrf string
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type response struct {
	status int
	body   string
	header http.Header
}

func (c *client) do(method, path string, form url.Values, hdr map[string]string) response {
	c.f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.f.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfAttr.FindStringSubmatch(string(b)); m != nil && m[1] != "" {
		c.csrf = m[1]
	}
	return response{res.StatusCode, string(b), res.Header}
}

var (
	csrfAttr  = regexp.MustCompile(`data-csrf="([^"]*)"`)
	csrfField = regexp.MustCompile(`name="csrf" value="([^"]*)"`)
)

func (c *client) get(path string) response { return c.do("GET", path, nil, nil) }

// post sends a form with the session's CSRF token.
func (c *client) post(path string, form url.Values) response {
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", c.csrf)
	return c.do("POST", path, form, nil)
}

func (c *client) tryLogin(username, pw string) response {
	c.f.t.Helper()
	page := c.get("/login")
	m := csrfField.FindStringSubmatch(page.body)
	if m == nil {
		c.f.t.Fatalf("login page has no csrf field: %s", page.body)
	}
	return c.do("POST", "/login", url.Values{"csrf": {m[1]}, "username": {username}, "password": {pw}}, nil)
}

func (f *fixture) login(username string) *client {
	f.t.Helper()
	c := f.client()
	res := c.tryLogin(username, password)
	if res.status != http.StatusSeeOther {
		f.t.Fatalf("login %s: status %d: %s", username, res.status, res.body)
	}
	c.get("/")
	if c.csrf == "" {
		f.t.Fatalf("login %s: no csrf token on the home page", username)
	}
	return c
}

func expect(t *testing.T, what string, res response, status int, contains ...string) {
	t.Helper()
	if res.status != status {
		t.Errorf("%s: status %d, want %d\n%.600s", what, res.status, status, res.body)
		return
	}
	for _, s := range contains {
		if !strings.Contains(res.body, s) {
			t.Errorf("%s: body lacks %q\n%.2000s", what, s, res.body)
		}
	}
}

func regexpFind(t *testing.T, body, re string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no match for %s in\n%.1500s", re, body)
	}
	return m[1]
}

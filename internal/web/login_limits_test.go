package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/web"
)

// serveWith returns a fixture over f's database whose server has its own login service and
// configuration.
func (f *fixture) serveWith(svc *auth.Service, adjust func(*web.Config)) *fixture {
	f.t.Helper()
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		f.t.Fatal(err)
	}
	cfg := web.Config{DB: f.db, Tree: tree, Auth: svc, Now: func() time.Time { return f.now }, TrustProxy: true}
	adjust(&cfg)
	w, err := web.New(cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	f.t.Cleanup(srv.Close)
	g := *f
	g.srv, g.web = srv, w
	return &g
}

// loginForm fetches the login page as a client behind a proxy that sent xff, and returns the
// form to post.
func (c *client) loginForm(username, pw, xff string) url.Values {
	c.f.t.Helper()
	page := c.do("GET", "/login", nil, map[string]string{"X-Forwarded-For": xff})
	m := csrfField.FindStringSubmatch(page.body)
	if m == nil {
		c.f.t.Fatalf("login page has no csrf field: %.300s", page.body)
	}
	return url.Values{"csrf": {m[1]}, "username": {username}, "password": {pw}}
}

func (c *client) loginVia(username, pw, xff string) response {
	c.f.t.Helper()
	return c.do("POST", "/login", c.loginForm(username, pw, xff), map[string]string{"X-Forwarded-For": xff})
}

// TestForwardedFor: behind trusted proxies the client's address is the entry the outermost
// proxy appended to X-Forwarded-For, not the first one, which the client writes itself.
func TestForwardedFor(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	log := store.NewAuditLog(f.db)
	// The clock stands still: each user's one failure is told apart by its username.
	lastFailure := func(username string) audit.Entry {
		t.Helper()
		list, err := log.List(context.Background(), audit.Filter{Action: audit.LoginFailed, Username: username})
		if err != nil || len(list) != 1 {
			t.Fatalf("audit: %v %d", err, len(list))
		}
		return list[0]
	}

	// One proxy: the last entry.
	c := f.client()
	expect(t, "wrong password via a proxy", c.loginVia("towna", "wrong", "6.6.6.6, 10.1.2.3"), http.StatusUnauthorized)
	if ip := lastFailure("towna").IP; ip != "10.1.2.3" {
		t.Errorf("audited address %q, want the one the proxy appended, 10.1.2.3", ip)
	}
	// Twenty failures from one address lock it, whatever the client writes before it.
	for i := 0; i < 19; i++ {
		c.loginVia(fmt.Sprintf("nobody%d", i), "x", fmt.Sprintf("192.0.2.%d, 10.1.2.3", i))
	}
	expect(t, "locked address with a forged first entry", c.loginVia("county", password, "192.0.2.200, 10.1.2.3"),
		http.StatusTooManyRequests, "登录失败次数过多")
	// A client cannot borrow the locked address either, nor escape its own by naming another.
	if res := f.client().loginVia("county", password, "10.1.2.3, 10.4.4.4"); res.status != http.StatusSeeOther {
		t.Errorf("another client naming the locked address first: %d", res.status)
	}

	// Two proxies: the second entry from the right.
	svc := auth.NewService(store.NewUsers(f.db), store.NewSessions(f.db), store.NewSessions(f.db), func() time.Time { return f.now })
	g := f.serveWith(svc, func(c *web.Config) { c.TrustedProxies = 2 })
	expect(t, "wrong password via two proxies", g.client().loginVia("townb", "wrong", "6.6.6.6, 10.5.5.5, 172.16.0.1"), http.StatusUnauthorized)
	if ip := lastFailure("townb").IP; ip != "10.5.5.5" {
		t.Errorf("two proxies: audited address %q, want 10.5.5.5", ip)
	}
	// Without --trust-proxy the header is ignored.
	h := f.serveWith(svc, func(c *web.Config) { c.TrustProxy = false })
	h.client().loginVia("helper", "wrong", "6.6.6.6")
	if ip := lastFailure("helper").IP; ip != "127.0.0.1" {
		t.Errorf("untrusted header: audited address %q, want the connection's", ip)
	}
}

// TestLoginHashingBounded: parallel logins never check more passwords at once than the
// memory budget allows; the ones the queue cannot take get 429 with Retry-After.
func TestLoginHashingBounded(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	ctx := context.Background()
	costly := auth.HashParams{Time: 1, Memory: 4 * 1024, Threads: 1}
	hash, _ := auth.HashPassword(password, costly)
	users := store.NewUsers(f.db)
	const n = 30
	for i := 0; i < n; i++ {
		if err := users.Create(ctx, &auth.User{Username: fmt.Sprintf("cadre%d", i), Role: auth.RoleVillage,
			Region: villageA, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	svc := auth.NewService(users, store.NewSessions(f.db), store.NewSessions(f.db), func() time.Time { return f.now })
	svc.Hash = costly
	svc.HashBudget, svc.HashQueue, svc.HashWait = 2*4*1024, 1, 5*time.Millisecond
	g := f.serveWith(svc, func(*web.Config) {})

	type attempt struct {
		c    *client
		form url.Values
		xff  string
	}
	var as []attempt
	for i := 0; i < n; i++ {
		c := g.client()
		xff := fmt.Sprintf("10.3.0.%d", i)
		as = append(as, attempt{c, c.loginForm(fmt.Sprintf("cadre%d", i), password, xff), xff})
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := make(chan struct{})
	for _, a := range as {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := a.c.do("POST", "/login", a.form, map[string]string{"X-Forwarded-For": a.xff})
			mu.Lock()
			defer mu.Unlock()
			statuses[res.status]++
			if res.status == http.StatusTooManyRequests {
				if s, err := strconv.Atoi(res.header.Get("Retry-After")); err != nil || s < 1 {
					t.Errorf("429 without Retry-After: %q", res.header.Get("Retry-After"))
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	st := svc.HashStats()
	if st.PeakRunning > 2 || st.PeakMemory > svc.HashBudget {
		t.Errorf("%d password checks (%d KiB) at once, the budget allows 2 (%d KiB)", st.PeakRunning, st.PeakMemory, svc.HashBudget)
	}
	if statuses[http.StatusSeeOther] == 0 || statuses[http.StatusTooManyRequests] == 0 ||
		statuses[http.StatusSeeOther]+statuses[http.StatusTooManyRequests] != n {
		t.Errorf("statuses %v: want logins and 429s only", statuses)
	}
}

// TestStaticBadPath: a path under /static/ that names no file is a 404 page, never a 500 or a
// folder listing.
func TestStaticBadPath(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.client()
	for _, p := range []string{"/static/%ff", "/static/%ff%fe.css", "/static/", "/static/vendor/", "/static/a%00b", "/static/..%2fweb.go", "/static/app.css/x"} {
		expect(t, p, c.get(p), http.StatusNotFound, "没有找到")
	}
	res := c.get("/static/app.css")
	expect(t, "app.css", res, http.StatusOK)
	if res.header.Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("static file cache header: %q", res.header.Get("Cache-Control"))
	}
}

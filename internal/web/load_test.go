package web_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/web"
)

// BenchmarkDashboardLoad measures the home and drill-down pages of a 300,000-household city
// under 200 concurrent users, each with their own session, on SQLite:
//
//	go test -run '^$' -bench DashboardLoad -benchtime 1x ./internal/web
//
// GONGGU_BENCH_DB names a database file to reuse between runs (it is generated and screened
// when missing, which takes about two minutes); GONGGU_BENCH_SECONDS sets the length of the
// measured load (default 20). It reports the latency percentiles and the throughput.
func BenchmarkDashboardLoad(b *testing.B) {
	const households, users = 300_000, 200
	ctx := context.Background()
	path := os.Getenv("GONGGU_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "city.db")
	}
	seconds := 20
	if s := os.Getenv("GONGGU_BENCH_SECONDS"); s != "" {
		fmt.Sscan(s, &seconds)
	}
	city := region.Code("621100000000")
	db, err := store.Open(ctx, path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if n := os.Getenv("GONGGU_BENCH_CONNS"); n != "" {
		var c int
		fmt.Sscan(n, &c)
		db.SQL.SetMaxOpenConns(c)
		db.SQL.SetMaxIdleConns(c)
	}
	tree, err := region.LoadArea(city)
	if err != nil {
		b.Fatal(err)
	}
	reg := store.NewRegistry(db)
	if n, _ := reg.CountHouseholds(ctx, city); n < households {
		start := time.Now()
		now := time.Now()
		cfg := gen.Config{Area: city, Households: households, Seed: 42, Year: now.Year(), Ref: now, Rates: gen.DefaultRates()}
		if _, err := gen.Fill(ctx, reg, tree, cfg); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %d households in %s", households, time.Since(start).Round(time.Second))
		start = time.Now()
		if _, err := screen.New(db).Run(ctx, screen.Options{Scope: city}); err != nil {
			b.Fatal(err)
		}
		b.Logf("screened in %s", time.Since(start).Round(time.Second))
	}
	users0 := store.NewUsers(db)
	hash, _ := auth.HashPassword(password, fast)
	if _, err := users0.User(ctx, "bench"); err != nil {
		if err := users0.Create(ctx, &auth.User{Username: "bench", Role: auth.RoleCity, Region: city, PasswordHash: hash}); err != nil {
			b.Fatal(err)
		}
	}
	sessions := store.NewSessions(db)
	svc := auth.NewService(users0, sessions, sessions, nil)
	svc.Hash = fast
	svc.Limits.PerIP = 1 << 30
	engine := screen.New(db)
	w, err := web.New(web.Config{DB: db, Tree: tree, Auth: svc, Screening: web.NewScreening(engine)})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(w)
	defer srv.Close()

	// The pages: the city's home, its counties, townships and villages.
	var pages []string
	for _, c := range tree.Children(city) {
		pages = append(pages, "/regions/"+string(c.Code))
	}
	var towns, villages []string
	for _, t := range tree.Descendants(city, region.Township) {
		towns = append(towns, "/regions/"+string(t.Code))
	}
	for _, v := range tree.Descendants(city, region.Village) {
		villages = append(villages, "/regions/"+string(v.Code))
	}
	pick := func(r *rand.Rand) string {
		switch x := r.IntN(100); {
		case x < 40:
			return "/"
		case x < 70:
			return pages[r.IntN(len(pages))]
		case x < 90:
			return towns[r.IntN(len(towns))]
		default:
			return villages[r.IntN(len(villages))]
		}
	}

	// Cold: the first home page computes the city's figures.
	clients := make([]*http.Client, users)
	transport := &http.Transport{MaxIdleConnsPerHost: users, MaxConnsPerHost: users}
	for i := range clients {
		jar, _ := cookiejar.New(nil)
		clients[i] = &http.Client{Jar: jar, Transport: transport}
		if err := benchLogin(clients[i], srv.URL); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	if err := benchGet(clients[0], srv.URL+"/"); err != nil {
		b.Fatal(err)
	}
	b.Logf("cold city home page (figures computed): %s", time.Since(start).Round(time.Millisecond))

	b.ResetTimer()
	// Three loads: every user clicking as fast as the server answers, first on cold caches
	// (each of the city's ~2,100 regions computed on its first visit) and then again on warm
	// ones (the saturation throughput); and every user reading each page for a second or so
	// before the next click (200 people at work).
	for _, load := range []struct {
		name  string
		think time.Duration
	}{{"cold", 0}, {"warm", 0}, {"think1s", time.Second}} {
		lat, failures, elapsed := runLoad(clients, srv.URL, pick, time.Duration(seconds)*time.Second, load.think)
		slices.Sort(lat)
		q := func(p float64) time.Duration { return lat[int(float64(len(lat)-1)*p)] }
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		b.ReportMetric(ms(q(0.50)), load.name+"-p50-ms")
		b.ReportMetric(ms(q(0.99)), load.name+"-p99-ms")
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), load.name+"-req/s")
		b.Logf("%s: %d users, %d requests in %s, %d failed: p50 %s p90 %s p99 %s max %s, %.0f req/s", load.name, users,
			len(lat), elapsed, failures, q(0.5), q(0.9), q(0.99), lat[len(lat)-1], float64(len(lat))/elapsed.Seconds())
		if failures > 0 {
			b.Errorf("%d requests failed", failures)
		}
	}
}

// runLoad has each client request pages until the time is up, pausing a random time around
// think between requests, and returns the latencies.
func runLoad(clients []*http.Client, base string, pick func(*rand.Rand) string, d, think time.Duration) ([]time.Duration, int, time.Duration) {
	var mu sync.Mutex
	var lat []time.Duration
	var failures int
	start := time.Now()
	stop := start.Add(d)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func(c *http.Client, seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 7))
			var mine []time.Duration
			fails := 0
			if think > 0 {
				time.Sleep(time.Duration(r.Int64N(int64(think)))) // spread the first clicks
			}
			for time.Now().Before(stop) {
				t0 := time.Now()
				if err := benchGet(c, base+pick(r)); err != nil {
					fails++
				} else {
					mine = append(mine, time.Since(t0))
				}
				if think > 0 {
					time.Sleep(think/2 + time.Duration(r.Int64N(int64(think))))
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			failures += fails
			mu.Unlock()
		}(clients[i], uint64(i))
	}
	wg.Wait()
	return lat, failures, time.Since(start)
}

func benchLogin(c *http.Client, base string) error {
	res, err := c.Get(base + "/login")
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindStringSubmatch(string(body))
	if m == nil {
		return fmt.Errorf("no login form")
	}
	res, err = c.PostForm(base+"/login", url.Values{"csrf": {m[1]}, "username": {"bench"}, "password": {password}})
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("login: status %d", res.StatusCode)
	}
	return nil
}

func benchGet(c *http.Client, u string) error {
	res, err := c.Get(u)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", u, res.StatusCode)
	}
	return err
}

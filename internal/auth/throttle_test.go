package auth_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// parallel runs n logins at once and returns how many had their password checked (were not
// refused by the throttle) and how many logged in.
func parallel(t *testing.T, svc *auth.Service, n int, login func(i int) (user, pw, ip string)) (checked, ok int) {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u, pw, ip := login(i)
			<-start
			_, _, _, err := svc.Login(context.Background(), u, pw, ip)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				checked++
				ok++
			case errors.Is(err, auth.ErrThrottled):
			case errs.Is(err, errs.Unauthorized):
				checked++
			default:
				t.Errorf("login %d: %v", i, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	return checked, ok
}

// TestLoginThrottleParallel: the throttle counts an attempt before it checks the password, so
// parallel guesses cannot all pass a check made before any of them was counted, and a right
// password among guesses does not wipe the failures out.
func TestLoginThrottleParallel(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
		users, sessions := store.NewUsers(e.DB), store.NewSessions(e.DB)
		svc := auth.NewService(users, sessions, sessions, clock)
		svc.Hash = fast
		hash, _ := auth.HashPassword("right123", fast)
		for _, name := range []string{"cadre", "other"} {
			if err := users.Create(ctx, &auth.User{Username: name, Role: auth.RoleVillage, Region: "621121100201", PasswordHash: hash}); err != nil {
				t.Fatal(err)
			}
		}

		// 60 parallel guesses at one account, each from its own address, the right password
		// among them: at most 5 wrong ones are checked. The right one, when it is checked, gives
		// its place back (a success is not a failure), so a sixth check may follow it.
		checked, ok := parallel(t, svc, 60, func(i int) (string, string, string) {
			pw := "wrong" + fmt.Sprint(i)
			if i == 30 {
				pw = "right123"
			}
			return "cadre", pw, fmt.Sprintf("10.1.0.%d", i)
		})
		if wrong := checked - ok; wrong > svc.Limits.PerUser || ok > 1 {
			t.Errorf("60 parallel guesses at one account: %d wrong and %d right checked, want at most %d wrong", wrong, ok, svc.Limits.PerUser)
		}

		// 300 parallel logins from one address: at most 20 are checked.
		checked, _ = parallel(t, svc, 300, func(i int) (string, string, string) {
			return fmt.Sprintf("guest%d", i), "x", "10.9.9.9"
		})
		if checked > svc.Limits.PerIP {
			t.Errorf("300 parallel logins from one address: %d checked, want at most %d", checked, svc.Limits.PerIP)
		}

		// A success between failures does not erase them: 4 failures, the right password, one
		// more failure lock the account.
		for i := 0; i < 4; i++ {
			if _, _, _, err := svc.Login(ctx, "other", "wrong", "10.2.0.1"); errors.Is(err, auth.ErrThrottled) || !errs.Is(err, errs.Unauthorized) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
			advance(time.Second)
		}
		if _, _, _, err := svc.Login(ctx, "other", "right123", "10.2.0.2"); err != nil {
			t.Fatalf("right password after 4 failures: %v", err)
		}
		advance(time.Second)
		if _, _, _, err := svc.Login(ctx, "other", "wrong", "10.2.0.1"); errors.Is(err, auth.ErrThrottled) {
			t.Fatalf("fifth failure refused: %v", err)
		}
		if _, _, _, err := svc.Login(ctx, "other", "right123", "10.2.0.3"); !errors.Is(err, auth.ErrThrottled) {
			t.Fatalf("5 failures in the window around a success, the account is not locked: %v", err)
		}
		if d, ok := auth.RetryAfter(func() error { _, _, _, err := svc.Login(ctx, "other", "right123", "10.2.0.3"); return err }()); !ok || d <= 0 {
			t.Errorf("a throttled login says when to retry: %v %v", d, ok)
		}
	})
}

// TestHashGate: the password checks running at once never hold more than the memory budget;
// logins beyond the queue are refused with ErrBusy and a time to retry, and are not counted
// as failures.
func TestHashGate(t *testing.T) {
	e := storetest.SQLite(t)
	ctx := context.Background()
	users, sessions := store.NewUsers(e.DB), store.NewSessions(e.DB)
	svc := auth.NewService(users, sessions, sessions, nil)
	costly := auth.HashParams{Time: 1, Memory: 4 * 1024, Threads: 1}
	svc.Hash = costly
	svc.HashBudget, svc.HashQueue, svc.HashWait = 2*4*1024, 2, 10*time.Millisecond
	svc.Limits.PerIP = 1000
	hash, _ := auth.HashPassword("right123", costly)
	const n = 40
	for i := 0; i < n; i++ {
		if err := users.Create(ctx, &auth.User{Username: fmt.Sprintf("u%d", i), Role: auth.RoleVillage, Region: "621121100201", PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var busy, ok int
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, _, _, err := svc.Login(ctx, fmt.Sprintf("u%d", i), "right123", "10.0.0.1")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, auth.ErrBusy):
				busy++
				if d, has := auth.RetryAfter(err); !has || d <= 0 {
					t.Errorf("busy without a retry time: %v", err)
				}
			default:
				t.Errorf("login u%d: %v", i, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	st := svc.HashStats()
	if st.PeakRunning > 2 || st.PeakMemory > svc.HashBudget {
		t.Errorf("peak %d checks and %d KiB at once, budget 2 and %d KiB", st.PeakRunning, st.PeakMemory, svc.HashBudget)
	}
	if ok == 0 || busy == 0 || int64(busy) != st.Refused || st.Running != 0 {
		t.Errorf("%d logged in, %d refused as busy; stats %+v", ok, busy, st)
	}
	// A login refused as busy was not a failure: every account still logs in, one at a time.
	for i := 0; i < n; i++ {
		if _, _, _, err := svc.Login(ctx, fmt.Sprintf("u%d", i), "right123", "10.0.0.2"); err != nil {
			t.Fatalf("u%d after the burst: %v", i, err)
		}
	}
}

package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

func TestUsers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		us := store.NewUsers(e.DB)
		u := &auth.User{Username: "Wang.Li", DisplayName: "王力", Role: auth.RoleTownship,
			Region: "621121100000", PasswordHash: "$argon2id$x"}
		if err := us.Create(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := us.Create(ctx, &auth.User{Username: "wang.li", Role: auth.RoleCity, Region: "621100000000"}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("duplicate username: got %v, want conflict", err)
		}
		if err := us.Create(ctx, &auth.User{Username: "bad", Role: auth.RoleVillage, Region: "621121100000"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("village role on a township: got %v, want invalid", err)
		}
		got, err := us.User(ctx, "WANG.LI")
		if err != nil {
			t.Fatal(err)
		}
		if got.Username != "wang.li" || got.Role != auth.RoleTownship || got.Region != "621121100000" || got.DisplayName != "王力" {
			t.Fatalf("got %+v", got)
		}
		if _, err := us.User(ctx, "nobody"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown user: got %v", err)
		}
		ss := store.NewSessions(e.DB)
		now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
		if err := ss.CreateSession(ctx, &auth.Session{TokenHash: "h1", Username: "wang.li", CSRF: "c", Created: now, Seen: now, Expires: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := us.SetDisabled(ctx, "wang.li", true); err != nil {
			t.Fatal(err)
		}
		if _, err := ss.Session(ctx, "h1"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("disabling a user must end its sessions: %v", err)
		}
		got, _ = us.User(ctx, "wang.li")
		if !got.Disabled {
			t.Fatal("user not disabled")
		}
		if err := us.SetPassword(ctx, "nobody", "x"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("password of unknown user: %v", err)
		}
		list, err := us.List(ctx, "621121000000")
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %v %d", err, len(list))
		}
		if list, _ := us.List(ctx, "621102000000"); len(list) != 0 {
			t.Fatalf("list of another county: %d users", len(list))
		}
	})
}

func TestSessionsAndThrottle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		ss := store.NewSessions(e.DB)
		now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
		s := &auth.Session{TokenHash: "h1", Username: "u", CSRF: "c", Created: now, Seen: now, Expires: now.Add(time.Hour)}
		if err := ss.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		if err := ss.TouchSession(ctx, "h1", now.Add(time.Minute), now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := ss.Session(ctx, "h1")
		if err != nil || !got.Expires.Equal(now.Add(2*time.Hour)) || got.CSRF != "c" {
			t.Fatalf("got %+v %v", got, err)
		}
		if n, err := ss.DeleteExpiredSessions(ctx, now.Add(3*time.Hour)); err != nil || n != 1 {
			t.Fatalf("expire: %d %v", n, err)
		}

		// Three failures lock at max 3; a failure after the window starts over.
		x := []auth.ThrottleLimit{{Key: "u:x", Max: 3}}
		for i := 0; i < 3; i++ {
			at := now.Add(time.Duration(i) * time.Second)
			if until, err := ss.Attempt(ctx, x, at, 15*time.Minute); err != nil || !until.IsZero() {
				t.Fatalf("attempt %d: refused until %v, %v", i+1, until, err)
			}
			if err := ss.Fail(ctx, x, at, 10*time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		until, err := ss.Attempt(ctx, []auth.ThrottleLimit{{Key: "ip:1", Max: 20}, {Key: "u:x", Max: 3}}, now.Add(3*time.Second), 15*time.Minute)
		if err != nil || !until.Equal(now.Add(2*time.Second).Add(10*time.Minute)) {
			t.Fatalf("locked until %v %v", until, err)
		}
		// The refused attempt counted nothing, for either key.
		if until, _ := ss.Attempt(ctx, []auth.ThrottleLimit{{Key: "ip:1", Max: 1}}, now.Add(3*time.Second), 15*time.Minute); !until.IsZero() {
			t.Fatalf("a refused attempt was counted against its other key")
		}
		y := []auth.ThrottleLimit{{Key: "u:y", Max: 3}}
		ss.Attempt(ctx, y, now, 15*time.Minute)
		ss.Fail(ctx, y, now, 10*time.Minute)
		later := now.Add(20 * time.Minute)
		for i := 0; i < 2; i++ {
			ss.Attempt(ctx, y, later, 15*time.Minute)
			ss.Fail(ctx, y, later, 10*time.Minute)
		}
		if until, _ := ss.Attempt(ctx, y, later, 15*time.Minute); !until.IsZero() {
			t.Fatalf("a failure outside the window must not count: locked until %v", until)
		}
		// A withdrawn attempt is not a failure; the failures before it stay.
		if err := ss.Withdraw(ctx, []string{"u:y"}, later); err != nil {
			t.Fatal(err)
		}
		if until, _ := ss.Attempt(ctx, y, later, 15*time.Minute); !until.IsZero() {
			t.Fatalf("third attempt refused after a withdrawn one: %v", until)
		}
		ss.Fail(ctx, y, later, 10*time.Minute)
		if until, _ := ss.Attempt(ctx, y, later, 15*time.Minute); !until.Equal(later.Add(10 * time.Minute)) {
			t.Fatalf("two failures and a third after a withdrawn attempt: locked until %v", until)
		}
	})
}

func TestAuditLog(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		log := store.NewAuditLog(e.DB)
		ctx := audit.WithActor(context.Background(), audit.Actor{Username: "li", RequestID: "r1", IP: "127.0.0.1"})
		entries := []audit.Entry{
			{Action: audit.HouseholdUpdate, ObjectType: "household", ObjectID: "H1", Region: "621121100201", Detail: "a"},
			{Action: audit.Reveal, ObjectType: "household", ObjectID: "H2", Region: "621102100201", Detail: "b"},
			{Action: audit.HouseholdUpdate, ObjectType: "household", ObjectID: "H1", Region: "621121100201", Detail: "c",
				At: time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)},
		}
		for _, en := range entries {
			if err := log.Append(ctx, en); err != nil {
				t.Fatal(err)
			}
		}
		all, err := log.List(ctx, audit.Filter{})
		if err != nil || len(all) != 3 {
			t.Fatalf("all: %d %v", len(all), err)
		}
		if all[0].Username != "li" || all[0].RequestID != "r1" || all[0].IP != "127.0.0.1" {
			t.Fatalf("actor not recorded: %+v", all[0])
		}
		for _, c := range []struct {
			name string
			f    audit.Filter
			want int
		}{
			{"region", audit.Filter{Region: region.Code("621121000000")}, 2},
			{"action", audit.Filter{Action: audit.Reveal}, 1},
			{"object", audit.Filter{Object: "household", ObjectID: "H1"}, 2},
			{"user", audit.Filter{Username: "LI"}, 3},
			{"other user", audit.Filter{Username: "wang"}, 0},
			{"limit", audit.Filter{Limit: 1}, 1},
			{"before", audit.Filter{Before: all[0].ID}, 2},
		} {
			got, err := log.List(ctx, c.f)
			if err != nil || len(got) != c.want {
				t.Errorf("%s: got %d entries (%v), want %d", c.name, len(got), err, c.want)
			}
		}
	})
}

func TestDataVersion(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		v0, err := e.DB.DataVersion(ctx, "registry")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.DB.Tx(ctx, func(tx *sql.Tx) error { return e.DB.BumpDataVersion(ctx, tx, "registry") }); err != nil {
			t.Fatal(err)
		}
		if v1, _ := e.DB.DataVersion(ctx, "registry"); v1 != v0+1 {
			t.Fatalf("version %d after bump of %d", v1, v0)
		}
	})
}

package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// fast keeps password hashing cheap in tests; production uses DefaultHashParams.
var fast = auth.HashParams{Time: 1, Memory: 64, Threads: 1}

func TestScope(t *testing.T) {
	town := &auth.User{Username: "t", Role: auth.RoleTownship, Region: "621121100000"}
	for _, c := range []struct {
		name      string
		requested region.Code
		want      region.Code
		code      errs.Code
	}{
		{"own region by default", "", "621121100000", ""},
		{"own region", "621121100000", "621121100000", ""},
		{"village below", "621121100201", "621121100201", ""},
		{"other township", "621121101000", "", errs.Forbidden},
		{"village of other township", "621121101201", "", errs.Forbidden},
		{"county above", "621121000000", "", errs.Forbidden},
		{"invalid code", "12x", "", errs.Invalid},
	} {
		got, err := auth.Scope(town, c.requested)
		if c.code != "" {
			if !errs.Is(err, c.code) {
				t.Errorf("%s: got %v, want %s", c.name, err, c.code)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: got %s %v, want %s", c.name, got, err, c.want)
		}
	}
	if _, err := auth.Scope(nil, ""); !errs.Is(err, errs.Unauthorized) {
		t.Errorf("no user: %v", err)
	}
	if err := auth.CheckVillage(town, "621121101201"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("other township's household: %v", err)
	}
	if err := auth.CheckVillage(town, "garbage"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("household with a bad village code: %v", err)
	}
}

func TestMask(t *testing.T) {
	for _, c := range []struct{ in, id, phone string }{
		{"62110219900101123X", "6211**********123X", "621***********123X"},
		{"13912345678", "1391***5678", "139****5678"},
		{"", "", ""},
		{"1234", "***4", "***4"},
	} {
		if got := auth.MaskID(c.in); got != c.id {
			t.Errorf("MaskID(%q) = %q, want %q", c.in, got, c.id)
		}
		if got := auth.MaskPhone(c.in); got != c.phone {
			t.Errorf("MaskPhone(%q) = %q, want %q", c.in, got, c.phone)
		}
	}
	// Masking is by role: only roles with PermUnmask get full numbers, and only on request.
	for _, c := range []struct {
		role auth.Role
		want bool
	}{
		{auth.RoleCounty, true}, {auth.RoleVillage, true}, {auth.RoleHelper, false},
		{auth.RoleViewer, false}, {auth.RoleAuditor, false},
	} {
		u := &auth.User{Role: c.role}
		if got := auth.MaskerFor(u, true).Full; got != c.want {
			t.Errorf("%s asking for full numbers: got %v, want %v", c.role, got, c.want)
		}
		if auth.MaskerFor(u, false).Full {
			t.Errorf("%s: full numbers without asking", c.role)
		}
	}
}

func TestPassword(t *testing.T) {
	h, err := auth.HashPassword("secret123", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !auth.CheckPassword(h, "secret123") || auth.CheckPassword(h, "secret124") {
		t.Fatal("password check wrong")
	}
	h2, _ := auth.HashPassword("secret123", fast)
	if h == h2 {
		t.Fatal("same hash twice: salt missing")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=1,t=1,p=1$$", "$bcrypt$x", h[:len(h)-3]} {
		if auth.CheckPassword(bad, "secret123") {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
	for pw, ok := range map[string]bool{"abc12345": true, "short1": false, "abcdefgh": false, "12345678": false, "密码密码密码12": true} {
		if err := auth.ValidPassword(pw); (err == nil) != ok {
			t.Errorf("ValidPassword(%q) = %v", pw, err)
		}
	}
}

func TestRoleRegionLevel(t *testing.T) {
	for _, c := range []struct {
		role auth.Role
		code region.Code
		ok   bool
	}{
		{auth.RoleCity, "621100000000", true},
		{auth.RoleCity, "621121000000", false},
		{auth.RoleVillage, "621121100201", true},
		{auth.RoleHelper, "621121100000", false},
		{auth.RoleAuditor, "620000000000", true},
		{auth.RoleAdmin, "621121100201", true},
	} {
		u := &auth.User{Username: "ab", Role: c.role, Region: c.code}
		if err := u.Validate(); (err == nil) != c.ok {
			t.Errorf("%s at %s: %v", c.role, c.code, err)
		}
	}
	if _, err := auth.ParseRole("村干部"); err != nil {
		t.Error(err)
	}
	if _, err := auth.ParseRole("boss"); err == nil {
		t.Error("unknown role accepted")
	}
}

func TestLoginThrottleAndSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		users, sessions := store.NewUsers(e.DB), store.NewSessions(e.DB)
		svc := auth.NewService(users, sessions, sessions, clock)
		svc.Hash = fast
		hash, _ := auth.HashPassword("right123", fast)
		if err := users.Create(ctx, &auth.User{Username: "cadre", Role: auth.RoleVillage, Region: "621121100201", PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
		token, sess, u, err := svc.Login(ctx, "cadre", "right123", "10.0.0.1")
		if err != nil || u.Username != "cadre" || sess.CSRF == "" {
			t.Fatalf("login: %v", err)
		}
		if got, _, err := svc.Authenticate(ctx, token); err != nil || got.Username != "cadre" {
			t.Fatalf("authenticate: %v", err)
		}
		if _, _, err := svc.Authenticate(ctx, token+"x"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("forged token: %v", err)
		}
		// Idle sessions end; used ones are extended.
		now = now.Add(90 * time.Minute)
		if _, _, err := svc.Authenticate(ctx, token); err != nil {
			t.Fatalf("after 90 minutes of use: %v", err)
		}
		now = now.Add(3 * time.Hour)
		if _, _, err := svc.Authenticate(ctx, token); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("idle session still valid: %v", err)
		}

		// Five wrong passwords lock the account, even for the right password, from any address.
		for i := 0; i < 5; i++ {
			if _, _, _, err := svc.Login(ctx, "cadre", "wrong", "10.0.0.2"); !errs.Is(err, errs.Unauthorized) || errors.Is(err, auth.ErrThrottled) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		if _, _, _, err := svc.Login(ctx, "Cadre", "right123", "10.0.0.3"); !errors.Is(err, auth.ErrThrottled) {
			t.Fatalf("locked account logged in: %v", err)
		}
		now = now.Add(16 * time.Minute)
		if _, _, _, err := svc.Login(ctx, "cadre", "right123", "10.0.0.3"); err != nil {
			t.Fatalf("after the lock: %v", err)
		}

		// Twenty failures from one address lock the address for every account.
		for i := 0; i < 20; i++ {
			svc.Login(ctx, "nobody"+string(rune('a'+i)), "x", "10.9.9.9")
		}
		if _, _, _, err := svc.Login(ctx, "cadre", "right123", "10.9.9.9"); !errors.Is(err, auth.ErrThrottled) {
			t.Fatalf("locked address logged in: %v", err)
		}
		if _, _, _, err := svc.Login(ctx, "cadre", "right123", "10.0.0.4"); err != nil {
			t.Fatalf("other address: %v", err)
		}

		// A disabled user's sessions end and it cannot log in.
		token, _, _, _ = svc.Login(ctx, "cadre", "right123", "10.0.0.4")
		users.SetDisabled(ctx, "cadre", true)
		if _, _, err := svc.Authenticate(ctx, token); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("disabled user's session: %v", err)
		}
		if _, _, _, err := svc.Login(ctx, "cadre", "right123", "10.0.0.5"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("disabled user logged in: %v", err)
		}
	})
}

func TestMaskText(t *testing.T) {
	for in, want := range map[string]string{
		"证件号码 62110219900101123X 校验码错误":   "证件号码 6211**********123X 校验码错误",
		"电话13912345678与另外2户相同":            "电话139****5678与另外2户相同",
		"人均纯收入 6,850 元，低于 8000 元":         "人均纯收入 6,850 元，低于 8000 元",
		"户编号 621121100201000123（18 位户编号）": "户编号 6211**********0123（18 位户编号）",
	} {
		if got := auth.MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSessionCache: a server trusts a session it looked up for Limits.SessionCache, so a
// disabled account on another server ends there within that time; a logout ends it at once.
func TestSessionCache(t *testing.T) {
	e := storetest.SQLite(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
	users, sessions := store.NewUsers(e.DB), store.NewSessions(e.DB)
	svc := auth.NewService(users, sessions, sessions, func() time.Time { return now })
	svc.Hash = fast
	hash, _ := auth.HashPassword("right123", fast)
	users.Create(ctx, &auth.User{Username: "cadre", Role: auth.RoleVillage, Region: "621121100201", PasswordHash: hash})
	token, _, _, _ := svc.Login(ctx, "cadre", "right123", "10.0.0.1")
	if _, _, err := svc.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	users.SetDisabled(ctx, "cadre", true) // as another server would
	if _, _, err := svc.Authenticate(ctx, token); err != nil {
		t.Fatalf("within the cache time: %v", err)
	}
	now = now.Add(svc.Limits.SessionCache)
	if _, _, err := svc.Authenticate(ctx, token); !errs.Is(err, errs.Unauthorized) {
		t.Fatalf("after the cache time: %v", err)
	}
	users.SetDisabled(ctx, "cadre", false)
	token, _, _, _ = svc.Login(ctx, "cadre", "right123", "10.0.0.1")
	svc.Authenticate(ctx, token)
	svc.Logout(ctx, token)
	if _, _, err := svc.Authenticate(ctx, token); !errs.Is(err, errs.Unauthorized) {
		t.Fatalf("after logout: %v", err)
	}
}

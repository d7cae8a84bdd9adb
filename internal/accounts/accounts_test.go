package accounts_test

import (
	"context"
	"testing"

	"github.com/gonggu/gonggu/internal/accounts"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

func TestAccounts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Username: "admin"})
		acc := accounts.New(e.DB)
		acc.Hash = auth.HashParams{Time: 1, Memory: 64, Threads: 1} // fast for tests
		u := &auth.User{Username: "Town", DisplayName: "平襄镇小王", Role: auth.RoleTownship, Region: region.Code("621121100000")}
		if err := acc.Add(ctx, u, "short"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("short password: %v", err)
		}
		if err := acc.Add(ctx, u, "gonggu2026"); err != nil {
			t.Fatal(err)
		}
		if err := acc.Add(ctx, &auth.User{Username: "town", Role: auth.RoleTownship, Region: u.Region}, "gonggu2026"); !errs.Is(err, errs.Conflict) {
			t.Fatalf("duplicate username: %v", err)
		}
		stored, err := acc.Users.User(ctx, "town")
		if err != nil || !auth.CheckPassword(stored.PasswordHash, "gonggu2026") {
			t.Fatalf("stored user %+v, %v", stored, err)
		}
		if _, err := acc.SetPassword(ctx, "town", "another-pass-1"); err != nil {
			t.Fatal(err)
		}
		stored, _ = acc.Users.User(ctx, "town")
		if auth.CheckPassword(stored.PasswordHash, "gonggu2026") || !auth.CheckPassword(stored.PasswordHash, "another-pass-1") {
			t.Fatal("password not replaced")
		}
		if _, what, err := acc.SetDisabled(ctx, "town", true); err != nil || what == "" {
			t.Fatalf("disable: %q %v", what, err)
		}
		if stored, _ = acc.Users.User(ctx, "town"); !stored.Disabled {
			t.Fatal("not disabled")
		}
		if _, _, err := acc.SetDisabled(ctx, "nobody", true); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown user: %v", err)
		}
		list, err := acc.List(ctx, region.Code("621121000000"))
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %d %v", len(list), err)
		}
		if list, _ := acc.List(ctx, region.Code("621102000000")); len(list) != 0 {
			t.Fatalf("another county lists %d users", len(list))
		}
		entries, err := acc.Audit.List(ctx, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[audit.Action]int{}
		for _, en := range entries {
			got[en.Action]++
			if en.Username != "admin" {
				t.Errorf("audit row by %q", en.Username)
			}
		}
		if got[audit.UserAdd] != 1 || got[audit.UserPassword] != 1 || got[audit.UserDisable] != 1 {
			t.Fatalf("audit rows %v", got)
		}
	})
}

func TestPassword(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		p := accounts.Password()
		if len(p) != 12 || auth.ValidPassword(p) != nil || seen[p] {
			t.Fatalf("password %q", p)
		}
		seen[p] = true
	}
}

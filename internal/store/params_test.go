package store_test

import (
	"context"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

func TestParams(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		ps := store.NewParams(e.DB)
		county := villageA.County()
		set, err := ps.Resolve(ctx, county, 2026)
		if err != nil || set.Money(policy.MonitorLine) != registry.Yuan(8000) {
			t.Fatalf("defaults: %v", err)
		}
		for _, o := range []policy.Override{
			{Prefix: "62", Year: 0, Name: policy.MonitorLine, Value: "7600", UpdatedBy: "省局"},
			{Prefix: "6211", Year: 2026, Name: policy.MonitorLine, Value: " 7700 ", UpdatedBy: "市局"},
			{Prefix: "52", Year: 0, Name: policy.MonitorLine, Value: "7300"},
		} {
			if err := ps.Set(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		// Setting again replaces.
		if err := ps.Set(ctx, policy.Override{Prefix: "62", Name: policy.MonitorLine, Value: "7650"}); err != nil {
			t.Fatal(err)
		}
		all, _ := ps.List(ctx)
		if len(all) != 3 || all[0].Prefix != "52" || all[1].Value != "7650" || all[2].Value != "7700" || all[2].UpdatedAt.IsZero() {
			t.Fatalf("list %+v", all)
		}
		for _, tc := range []struct {
			year int
			want int64
		}{{2026, 7700}, {2025, 7650}} {
			set, err := ps.Resolve(ctx, county, tc.year)
			if err != nil || set.Money(policy.MonitorLine) != registry.Yuan(tc.want) {
				t.Errorf("%d: %v %v", tc.year, set.Money(policy.MonitorLine), err)
			}
		}
		for _, bad := range []policy.Override{
			{Prefix: "6", Name: policy.MonitorLine, Value: "1"},
			{Prefix: "62", Name: "nope", Value: "1"},
			{Prefix: "62", Name: policy.MonitorLine, Value: "很多"},
			{Prefix: "62", Year: 26, Name: policy.MonitorLine, Value: "1"},
		} {
			if err := ps.Set(ctx, bad); !errs.Is(err, errs.Invalid) {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		if err := ps.Unset(ctx, "6211", 2026, policy.MonitorLine); err != nil {
			t.Fatal(err)
		}
		if err := ps.Unset(ctx, "6211", 2026, policy.MonitorLine); !errs.Is(err, errs.NotFound) {
			t.Errorf("unset twice: %v", err)
		}
		set, _ = ps.Resolve(ctx, county, 2026)
		if set.Money(policy.MonitorLine) != registry.Yuan(7650) {
			t.Errorf("after unset %v", set.Money(policy.MonitorLine))
		}
	})
}

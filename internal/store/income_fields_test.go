package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestIncomeStatedFigures: the 纯收入 and 人均纯收入 a file states survive a round trip with
// the difference between a stated 0 and no figure at all, through a write and a bulk load.
func TestIncomeStatedFigures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		a := household(villageA, 1, 2)
		a.Incomes[0].DeclaredNet = registry.StatedOf(registry.Yuan(35200))
		a.Incomes[0].DeclaredPerCapita = registry.StatedOf(0) // stated as 0, not blank
		a.Incomes[0].ExpenseSubsidy = registry.Yuan(800)
		b := household(villageB, 2, 1)
		b.Incomes[1].DeclaredPerCapita = registry.StatedOf(registry.Yuan(9100) + 50)
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if err := reg.Bulk(ctx, func(load func([]registry.Aggregate) error) error {
			return load([]registry.Aggregate{b})
		}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []registry.Aggregate{a, b} {
			got, err := reg.Get(ctx, want.Household.No)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want.Incomes {
				want.Incomes[i].Uncollected = got.Incomes[i].Uncollected
				if !reflect.DeepEqual(got.Incomes[i], want.Incomes[i]) {
					t.Errorf("income %d:\n got %+v\nwant %+v", i, got.Incomes[i], want.Incomes[i])
				}
			}
		}
	})
}

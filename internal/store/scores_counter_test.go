package store_test

import (
	"context"
	"testing"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

type fixedCounter map[region.Code][2]int

func (c fixedCounter) CountVillages(context.Context, region.Code) (map[region.Code][2]int, error) {
	return c, nil
}

// TestScoreCounter: a domain's rate is counted by its counter, village by village, beside the
// rates counted from findings; a village the domain has no data for has no count.
func TestScoreCounter(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		for i, v := range []region.Code{villageA, villageB} {
			a := household(v, i+1, 2)
			if err := reg.Put(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
		spec := store.ScoreSpec{Rates: []store.ScoreRate{
			{Indicator: 1, Of: store.PopAll},
			{Indicator: 4, Part: "visits", Counter: fixedCounter{villageA: {3, 4}}},
		}}
		counts, err := store.NewScores(e.DB).Count(ctx, villageA.County(), spec)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, c := range counts {
			got[string(c.Region)+" "+string(rune('0'+c.Indicator))] = [2]int{c.Num, c.Den}
		}
		if got[string(villageA)+" 4"] != [2]int{3, 4} || got[string(villageA)+" 1"] != [2]int{0, 1} {
			t.Errorf("counts %v", got)
		}
		if _, ok := got[string(villageB)+" 4"]; ok {
			t.Errorf("a village without the domain's data has a count: %v", got)
		}
	})
}

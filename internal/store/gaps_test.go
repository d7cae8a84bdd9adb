package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestGaps: a run's gaps replace those of its scope only, and a region's summary sums its
// villages per rule and missing fields.
func TestGaps(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		g := store.NewGaps(e.DB)
		county := villageA.County()
		if err := g.Replace(ctx, county, []store.Gap{
			{Village: villageA, Rule: "I1-02", Households: 10, Fields: "住房安全等级"},
			{Village: villageB, Rule: "I1-02", Households: 5, Fields: "住房安全等级"},
			{Village: villageB, Rule: "DQ-23", Households: 2, Fields: "是否有卫生厕所"},
		}); err != nil {
			t.Fatal(err)
		}
		if err := g.Replace(ctx, villageC.County(), []store.Gap{{Village: villageC, Rule: "I1-02", Households: 7, Fields: "住房安全等级"}}); err != nil {
			t.Fatal(err)
		}
		got, err := g.Summary(ctx, county)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.Gap{{Rule: "I1-02", Households: 15, Fields: "住房安全等级"}, {Rule: "DQ-23", Households: 2, Fields: "是否有卫生厕所"}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("county summary %+v, want %+v", got, want)
		}
		// A village's rerun replaces that village's rows alone.
		if err := g.Replace(ctx, villageB, nil); err != nil {
			t.Fatal(err)
		}
		got, _ = g.Summary(ctx, county)
		if want := []store.Gap{{Rule: "I1-02", Households: 10, Fields: "住房安全等级"}}; !reflect.DeepEqual(got, want) {
			t.Fatalf("after the village rerun %+v, want %+v", got, want)
		}
		got, _ = g.Summary(ctx, "620000000000")
		if len(got) != 1 || got[0].Households != 17 {
			t.Fatalf("province summary %+v", got)
		}
	})
}

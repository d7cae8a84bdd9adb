package gen_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/cli"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	screening "github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/workplan"
)

// TestFillWorkPlan: the demo's plans pass the store's checks, with tasks done, under way and
// overdue and policies matched and not, and screening finds the overdue ones under their
// rules.
func TestFillWorkPlan(t *testing.T) {
	ctx := context.Background()
	db := openStore(t, filepath.Join(t.TempDir(), "gen.db"))
	db.Now = func() time.Time { return ref }
	tree := dingxi(t)
	county := tree.Descendants(gen.DefaultArea, region.County)[0].Code
	st, err := gen.FillWorkPlan(ctx, db, tree, gen.WorkPlanConfig{Area: county, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if st.Tasks != 12 || st.Done == 0 || st.Overdue == 0 || st.Policies != 6 || st.Unmatched == 0 {
		t.Fatalf("stats %+v", st)
	}
	e := screening.New(db)
	e.Now = func() time.Time { return ref }
	e.Sources = cli.WorkPlanSources(store.NewWorkPlans(db))
	for kind, want := range map[string]int{workplan.KindTask: st.Overdue, workplan.KindPolicy: st.Unmatched} {
		res, err := e.Objects(ctx, county, kind)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Opened) != want {
			t.Errorf("%s: %d findings, want %d", kind, len(res.Opened), want)
		}
	}
}

package gen_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/cli"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/procedure"
	"github.com/gonggu/gonggu/internal/region"
	screening "github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// TestFillProcedures: the demo's procedures pass the store's checks, some finish and some
// stall, and screening finds each stalled one under its rule.
func TestFillProcedures(t *testing.T) {
	ctx := context.Background()
	db := openStore(t, filepath.Join(t.TempDir(), "gen.db"))
	tree := dingxi(t)
	county := tree.Descendants(gen.DefaultArea, region.County)[0].Code
	cfg := testConfig(1500, 5, gen.DefaultRates())
	cfg.Area = county
	if _, err := gen.Fill(ctx, store.NewRegistry(db), tree, cfg); err != nil {
		t.Fatal(err)
	}
	st, err := gen.FillProcedures(ctx, db, tree, gen.ProcedureConfig{Area: county, Seed: 1, PerCounty: 9})
	if err != nil {
		t.Fatal(err)
	}
	if st.Procedures != 18 || st.Done == 0 || st.Overdue == 0 {
		t.Fatalf("stats %+v", st)
	}
	list, total, err := store.NewProcedures(db).List(ctx, store.ProcedureFilter{Scope: county})
	if err != nil || total != st.Procedures {
		t.Fatalf("list %v %d", err, total)
	}
	kinds := map[procedure.Kind]int{}
	for _, p := range list {
		kinds[p.Kind]++
	}
	if kinds[procedure.Identify] != 9 || kinds[procedure.Eliminate] != 9 {
		t.Errorf("kinds %v", kinds)
	}
	e := screening.New(db)
	e.Now = func() time.Time { return ref }
	e.Sources = cli.ProcedureSources(store.NewProcedures(db))
	res, err := e.Objects(ctx, county, procedure.KindObject)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]int{}
	for _, f := range res.Opened {
		by[f.RuleID]++
	}
	for _, r := range []string{"I2-41", "I2-42", "I2-43", "I2-44"} {
		if by[r] == 0 {
			t.Errorf("no %s among %v", r, by)
		}
	}
}

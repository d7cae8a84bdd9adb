package gen_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/archive"
	"github.com/gonggu/gonggu/internal/cli"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	screening "github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// TestFillArchives: the demo's archives pass the store's checks, some villages are complete and
// some miss items, and screening finds the incomplete ones under their rules.
func TestFillArchives(t *testing.T) {
	ctx := context.Background()
	db := openStore(t, filepath.Join(t.TempDir(), "gen.db"))
	tree := dingxi(t)
	county := tree.Descendants(gen.DefaultArea, region.County)[0].Code
	cfg := testConfig(1500, 5, gen.DefaultRates())
	cfg.Area = county
	if _, err := gen.Fill(ctx, store.NewRegistry(db), tree, cfg); err != nil {
		t.Fatal(err)
	}
	st, err := gen.FillArchives(ctx, db, tree, gen.ArchiveConfig{Area: county, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if st.Villages == 0 || st.Complete == 0 || st.Complete == st.Villages || st.Items == 0 || st.Files == 0 {
		t.Fatalf("stats %+v", st)
	}
	tallies, err := store.NewArchives(db).Completeness(ctx, county, 12)
	if err != nil {
		t.Fatal(err)
	}
	complete, gaps := 0, 0
	for _, tl := range tallies {
		if tl.All().Missing() == 0 {
			complete++
		} else {
			gaps++
		}
	}
	if complete == 0 || gaps == 0 {
		t.Errorf("villages complete %d, with gaps %d", complete, gaps)
	}
	e := screening.New(db)
	e.Now = func() time.Time { return ref }
	e.Sources = cli.ArchiveSources(store.NewArchives(db))
	for kind, rule := range map[archive.Kind]string{archive.KindHousehold: "I2-51", archive.KindVillage: "I2-52"} {
		res, err := e.Objects(ctx, county, string(kind))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Opened) == 0 || res.Opened[0].RuleID != rule {
			t.Errorf("%s: %d findings", rule, len(res.Opened))
		}
	}
}

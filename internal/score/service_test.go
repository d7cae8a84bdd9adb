package score_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

var ref = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// fill generates n households of 定西市, screens them with the scorecard refreshed after the
// run, and returns the scorecard service.
func fill(tb testing.TB, db *store.DB, tree *region.Tree, n int) *score.Service {
	tb.Helper()
	ctx := context.Background()
	reg := store.NewRegistry(db)
	if have, err := reg.CountHouseholds(ctx, ""); err != nil {
		tb.Fatal(err)
	} else if have == 0 {
		if _, err := gen.Fill(ctx, reg, tree, gen.Config{Area: gen.DefaultArea, Households: n, Seed: 1, Year: 2026,
			Ref: ref, Rates: gen.DefaultRates()}); err != nil {
			tb.Fatal(err)
		}
	}
	svc := score.New(db, tree)
	en := screen.New(db)
	en.Now, en.Year = db.Now, 2026
	en.AfterRun = svc.AfterScreening
	if _, err := en.Run(ctx, screen.Options{Scope: gen.DefaultArea}); err != nil {
		tb.Fatal(err)
	}
	return svc
}

func TestScorecardOfGeneratedCity(t *testing.T) {
	tree, err := region.LoadArea(gen.DefaultArea)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		e.DB.Now = func() time.Time { return ref }
		svc := fill(t, e.DB, tree, 1500)
		card, err := svc.Card(ctx, gen.DefaultArea, "")
		if err != nil {
			t.Fatal(err)
		}
		if card.Period != "2026-11" || card.Previous != "" || len(card.Children) == 0 || card.Children[0].Rank != 1 {
			t.Fatalf("card %s %s %d", card.Period, card.Previous, len(card.Children))
		}
		p := card.Parent
		if p.Name != "定西市" || p.Scored < 4 || p.Values[1].Den >= 1500 || p.Values[1].Den < 300 || p.Total > p.Max {
			t.Fatalf("city row %s %d %d %v %v", p.Name, p.Scored, p.Values[1].Den, p.Total, p.Max)
		}
		sum, den := 0, 0
		for _, c := range card.Children {
			sum += c.Values[1].Num
			den += c.Values[1].Den
			if c.Region.Level() != region.County {
				t.Errorf("child %s", c.Region)
			}
		}
		if sum != p.Values[1].Num || den != p.Values[1].Den {
			t.Errorf("counties' indicator 1 households %d/%d, city %d/%d", sum, den, p.Values[1].Num, p.Values[1].Den)
		}
		// The households that add most to a county's total, each adding what it says.
		county := card.Children[len(card.Children)-1].Region
		fx, err := svc.Fixes(ctx, county, 5)
		if err != nil || len(fx.List) == 0 || fx.Households < len(fx.List) {
			t.Fatalf("fixes %+v %v", fx, err)
		}
		for i, f := range fx.List {
			if f.Gain <= 0 || (i > 0 && f.Gain > fx.List[i-1].Gain) || f.Head == "" || len(f.Rules) == 0 || !county.Contains(f.Village) {
				t.Errorf("fix %d %+v", i, f)
			}
		}
		if fx.Total+fx.List[0].Gain > fx.Max+0.005 {
			t.Errorf("gain beyond full marks: %v + %v > %v", fx.Total, fx.List[0].Gain, fx.Max)
		}
		// A second period a month later: the change is computed against the first.
		svc.Now = func() time.Time { return ref.AddDate(0, 1, 0) }
		if _, err := svc.Refresh(ctx, gen.DefaultArea); err != nil {
			t.Fatal(err)
		}
		card, err = svc.Card(ctx, gen.DefaultArea, "")
		if err != nil || card.Period != "2026-12" || card.Previous != "2026-11" || !card.Parent.HasPrev || card.Parent.Change != 0 {
			t.Fatalf("second period %v %s %s %v", err, card.Period, card.Previous, card.Parent.Change)
		}
		trend, err := svc.Trend(ctx, gen.DefaultArea)
		if err != nil || len(trend) != 2 || trend[1].Period != "2026-12" {
			t.Fatalf("trend %v %d", err, len(trend))
		}
	})
}

// BenchmarkScorecard refreshes the scorecard of a generated 定西市 and reads its scorecard
// (refresh), and reads what the scorecard page reads besides: the households whose fixing adds
// most to the city's and to a county's total (fixes-city, fixes-county), and the trend of the
// city and its counties (trend). The size is GONGGU_BENCH_SCORE_HOUSEHOLDS (default 20000; the
// target is a 300,000-household city in under 10 s), in GONGGU_BENCH_SCORE_DB when set (a SQLite
// file or a postgres:// DSN, filled on first use and reused).
func BenchmarkScorecard(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("GONGGU_BENCH_SCORE_HOUSEHOLDS"))
	if n <= 0 {
		n = 20000
	}
	dsn := os.Getenv("GONGGU_BENCH_SCORE_DB")
	if dsn == "" {
		dsn = b.TempDir() + "/bench.db"
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, func() time.Time { return ref })
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tree, err := region.LoadArea(gen.DefaultArea)
	if err != nil {
		b.Fatal(err)
	}
	svc := fill(b, db, tree, n)
	b.Run("refresh", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Refresh(ctx, gen.DefaultArea); err != nil {
				b.Fatal(err)
			}
			if _, err := svc.Card(ctx, gen.DefaultArea, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	for name, code := range map[string]region.Code{"city": gen.DefaultArea, "county": "621121000000"} {
		b.Run("fixes-"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Fixes(ctx, code, score.DefaultFixes); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("trend", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Trend(ctx, gen.DefaultArea); err != nil {
				b.Fatal(err)
			}
		}
	})
}

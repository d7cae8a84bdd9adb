package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestSupportScreened: a generated county with its cadres, visits, work teams and grids
// (gen.FillSupport) screens with the support domain wired in (wireSupport): every problem the
// generator planted is found by its rule of indicator 4, indicator 4 is scored, and the
// scorecard's link drills to the indicator's findings.
func TestSupportScreened(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
		e.DB.Now = func() time.Time { return now }
		area := region.Code("621121000000") // 通渭县
		tree, err := region.LoadArea(area)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gen.Fill(ctx, store.NewRegistry(e.DB), tree, gen.Config{Area: area, Households: 3000, Seed: 5, Ref: now, Rates: gen.ZeroRates()}); err != nil {
			t.Fatal(err)
		}
		rates := gen.DefaultSupportRates()
		rates.HelperLeft, rates.Overloaded, rates.NoGrid, rates.GridNoMember, rates.Absent = 0.05, 0.2, 0.02, 0.05, 0.2
		rates.HardshipOpen, rates.UnknownTeam, rates.ShortDays, rates.LeaveOverLevel = 0.05, 0.05, 0.1, 0.05
		st, err := gen.FillSupport(ctx, e.DB, tree, gen.SupportConfig{Area: area, Seed: 5, Ref: now, Rates: rates,
			HelperUser: "helper", HelperVillage: "621121100201"})
		if err != nil {
			t.Fatal(err)
		}
		if st.Visits < 1000 || st.Teams == 0 || st.Grids == 0 {
			t.Fatalf("stats %+v", st)
		}
		m := &Main{Stdout: io.Discard, Stderr: io.Discard, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)}
		en := m.newEngine(e.DB)
		if _, err := en.Run(ctx, screen.Options{Scope: area}); err != nil {
			t.Fatal(err)
		}
		found := map[string]map[string]bool{}
		err = en.Findings.Each(ctx, store.FindingFilter{Scope: area}, func(f *store.Finding) error {
			if f.Status == store.StatusOpen && f.Indicator == 4 {
				if found[f.RuleID] == nil {
					found[f.RuleID] = map[string]bool{}
				}
				found[f.RuleID][f.SubjectID] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var rulesSeeded []string
		for rule, subjects := range st.Seeded {
			rulesSeeded = append(rulesSeeded, rule)
			missed := 0
			for _, s := range subjects {
				if !found[rule][s] && !(rule == "I4-07" && followedByMeasure(t, en, e.DB, s)) {
					missed++
				}
			}
			if missed > 0 {
				t.Errorf("%s: %d of %d planted problems not found", rule, missed, len(subjects))
			}
		}
		sort.Strings(rulesSeeded)
		for _, want := range []string{"I4-01", "I4-02", "I4-03", "I4-04", "I4-05", "I4-06", "I4-07", "I4-09", "I4-10", "I4-11", "I4-12", "I4-13", "I4-14"} {
			if len(st.Seeded[want]) == 0 {
				t.Errorf("nothing planted for %s (planted: %v)", want, rulesSeeded)
			}
		}
		counts := map[string]int{}
		for r, s := range found {
			counts[r] = len(s)
		}
		t.Logf("planted %v; found %v", rulesSeeded, counts)

		// Indicator 4 is scored, and its link drills to its findings.
		scores := score.New(e.DB, tree)
		scores.Now = func() time.Time { return now }
		if _, err := scores.Refresh(ctx, area); err != nil {
			t.Fatal(err)
		}
		card, err := scores.Card(ctx, area, "")
		if err != nil {
			t.Fatal(err)
		}
		v := card.Parent.Values[4]
		if !v.Scored || !v.Components[0].Measured || !v.Components[1].Measured || !v.Components[2].Measured {
			t.Fatalf("indicator 4 not scored: %+v", v)
		}
		t.Logf("indicator 4: %.2f of %.0f (visits %.1f%%, helpers %.1f%%, attendance %.1f%%)", v.Score, v.Config.Weight,
			v.Components[0].Rate, v.Components[1].Rate, v.Components[2].Rate)
		list, total, err := en.Findings.Query(ctx, store.FindingQuery{FindingFilter: store.FindingFilter{Scope: area, Limit: 5, Status: store.StatusOpen}, Indicator: 4})
		if err != nil || total == 0 || len(list) == 0 || rules.Objects().Get("I4-04") == nil {
			t.Fatalf("indicator 4's findings: %d %v", total, err)
		}
	})
}

// followedByMeasure reports whether a measure started on or after the household's last visit:
// the registry's follow-up of a hardship the visit found, which the generator of visits does
// not see.
func followedByMeasure(t *testing.T, en *screen.Engine, db *store.DB, no string) bool {
	ctx := context.Background()
	a, err := en.Registry.Get(ctx, no)
	if err != nil {
		t.Fatal(err)
	}
	f, err := store.NewSupport(db).Facts(ctx, a.Household.County(), a.Household.County(), []string{no})
	if err != nil || f[no] == nil || f[no].Last == nil {
		t.Fatalf("facts of %s: %v", no, err)
	}
	for _, m := range a.Measures {
		if !m.Start.IsZero() && !m.Start.Before(f[no].Last.On) {
			return true
		}
	}
	return false
}

// TestSupportDemo: the demo fills the support domain, names the helper account, and scores
// indicator 4.
func TestSupportDemo(t *testing.T) {
	db := t.TempDir() + "/demo.db"
	code, out, stderr := runCmd(t, "demo", "--db", db, "--households", "2000", "--no-serve")
	if code != 0 {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	for _, want := range []string{"已生成帮扶干部", "走访记录", "帮扶责任人演示账号：helper"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	var buf bytes.Buffer
	m := &Main{Stdout: &buf, Stderr: io.Discard, Now: func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }}
	if code := m.Run(context.Background(), []string{"scorecard", "--db", db, "--region", "6211"}); code != 0 {
		t.Fatalf("scorecard: exit %d", code)
	}
	lines := strings.Split(buf.String(), "\n")
	head := strings.Split(lines[0], ",")
	col := -1
	for i, h := range head {
		if h == "i4_score" {
			col = i
		}
	}
	if col < 0 || len(lines) < 2 {
		t.Fatalf("scorecard %s", buf.String())
	}
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		if cells := strings.Split(l, ","); cells[col] == "" {
			t.Errorf("county without an indicator 4 score: %s", l)
		}
	}
}

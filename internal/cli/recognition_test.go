package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// recognitionArea generates a county of n households with the demo's surveys and petitions,
// screened by an engine with the recognition domain wired in, its scorecard refreshed.
func recognitionArea(t testing.TB, n int) (*Main, *store.DB, region.Code) {
	t.Helper()
	ctx := context.Background()
	var out bytes.Buffer
	now := func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }
	m := &Main{Stdout: &out, Stderr: &out, Now: now}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "rec.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	area := region.Code("621121000000")
	if _, err := m.generate(ctx, db, area, n, 1, false); err != nil {
		t.Fatal(err)
	}
	tree, err := region.LoadArea(area)
	if err != nil {
		t.Fatal(err)
	}
	if err := fillRecognition(ctx, m, db, tree, area); err != nil {
		t.Fatal(err)
	}
	e := screen.New(db)
	e.Now = now
	wireRecognition(db, e)
	svc := score.New(db, tree)
	svc.Now = now
	e.AfterRun = svc.AfterScreening
	if _, err := e.Run(ctx, screen.Options{Scope: area}); err != nil {
		t.Fatal(err)
	}
	return m, db, area
}

// TestRecognitionDemo: the demo's surveys and petitions, screened, show every planted problem
// of indicator 10, and the scorecard scores indicator 10 on its three parts.
func TestRecognitionDemo(t *testing.T) {
	ctx := context.Background()
	_, db, area := recognitionArea(t, 6000)
	fs, _, err := store.NewFindings(db).List(ctx, store.FindingFilter{Scope: area, Status: store.StatusOpen})
	if err != nil {
		t.Fatal(err)
	}
	byRule := map[string]int{}
	for _, f := range fs {
		byRule[f.RuleID]++
	}
	t.Logf("indicator 10: I10-11 %d, I10-12 %d, I10-13 %d, I10-14 %d, I10-15 %d, I10-16 %d, I10-17 %d, I10-18 %d, I10-19 %d",
		byRule["I10-11"], byRule["I10-12"], byRule["I10-13"], byRule["I10-14"], byRule["I10-15"], byRule["I10-16"], byRule["I10-17"],
		byRule["I10-18"], byRule["I10-19"])
	for _, id := range []string{"I10-11", "I10-12", "I10-13", "I10-14", "I10-15", "I10-16", "I10-17", "I10-18", "I10-19"} {
		if byRule[id] == 0 {
			t.Errorf("no finding of %s (%s): %v", id, title(id), byRule)
		}
	}
	card, err := score.New(db, nil).Card(ctx, area, "")
	if err != nil {
		t.Fatal(err)
	}
	v := card.Parent.Values[10]
	if !v.Scored || len(v.Components) != 3 {
		t.Fatalf("indicator 10 not scored: %+v", v)
	}
	for _, c := range v.Components {
		if !c.Measured || c.Den == 0 {
			t.Errorf("part %s not measured: %+v", c.Key, c)
		}
	}
	t.Logf("indicator 10: %.2f of %.0f; satisfaction %.1f %%, knows %.1f %%, petitions in time %.1f %%", v.Score, v.Config.Weight,
		v.Components[0].Rate, v.Components[1].Rate, v.Components[2].Rate)
	if v.Rate < 90 || v.Rate > 99.5 {
		t.Errorf("satisfaction %.1f %%", v.Rate)
	}
	if len(card.Children) == 0 || !card.Children[0].Values[10].Scored {
		t.Errorf("townships not scored on indicator 10")
	}
}

func title(id string) string {
	if r := rules.Objects().Get(id); r != nil {
		return r.Title
	}
	if r := rules.All().Get(id); r != nil {
		return r.Title
	}
	return strings.TrimSpace(id)
}

package score_test

import (
	"context"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/support"
)

// TestIndicator4: indicator 4 is scored on the support domain's rates — visits within the
// frequency, helpers in post, work-team days — in a county that keeps them; closing a
// household's overdue-visit finding adds points, since the rate counts the households visited.
func TestIndicator4(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		e.DB.Now = func() time.Time { return at }
		// Four target households (T1–T4) and two ordinary ones.
		svc := definitionsFixture(t, e, map[string]string{})
		s := store.NewSupport(e.DB)
		c := &support.Cadre{Region: village, Name: "王建国", Phone: "13900000001"}
		if err := s.PutCadre(ctx, c); err != nil {
			t.Fatal(err)
		}
		for _, no := range []string{"T1", "T2", "T3", "M1", "M2", "M3", "M4"} {
			if err := s.Pair(ctx, &support.Pairing{HouseholdNo: no, CadreID: c.ID, Start: registry.NewDate(2025, 1, 1)}); err != nil {
				t.Fatal(err)
			}
			if no == "T3" {
				continue
			}
			if _, err := s.AddVisit(ctx, &support.Visit{HouseholdNo: no, CadreID: c.ID, On: registry.NewDate(2026, 11, 10), Way: support.InPerson}, nil, ""); err != nil {
				t.Fatal(err)
			}
		}
		// T3 and T4 are not visited: their findings are open.
		open := []*store.Finding{}
		for _, no := range []string{"T3", "T4"} {
			open = append(open, &store.Finding{ID: store.NewFindingID(village.County()), RuleID: "I4-03", Indicator: 4, Severity: "medium",
				SubjectKind: "household", SubjectID: no, HouseholdNo: no, County: village.County(), Region: village,
				Status: store.StatusOpen, Explanation: "测试", OpenedAt: at, LastSeenAt: at})
		}
		if err := store.NewFindings(e.DB).Apply(ctx, &store.Changes{Open: open, At: at}); err != nil {
			t.Fatal(err)
		}
		// Zero at 50 % visited, so that the region scores something and fixing adds to it.
		if err := store.NewParams(e.DB).Set(ctx, policy.Override{Name: policy.ScoreFloor(4), Value: "50"}); err != nil {
			t.Fatal(err)
		}
		svc.Now = func() time.Time { return at }
		if _, err := svc.Refresh(ctx, village); err != nil {
			t.Fatal(err)
		}
		card, err := svc.Card(ctx, village.Up(2), "")
		if err != nil {
			t.Fatal(err)
		}
		v := card.Parent.Values[4]
		if !v.Scored || len(v.Components) != 3 {
			t.Fatalf("indicator 4 %+v", v)
		}
		visits, helpers, team := v.Components[0], v.Components[1], v.Components[2]
		if visits.Num != 6 || visits.Den != 8 || helpers.Num != 7 || helpers.Den != 8 || team.Measured {
			t.Errorf("visits %d/%d helpers %d/%d team measured %v", visits.Num, visits.Den, helpers.Num, helpers.Den, team.Measured)
		}
		// 75 % visited (zero at 50 %, share 40 of the 70 measured): 10 × 40/70 × 0.5; 87.5 % with
		// a helper (zero at 95 %): nothing.
		if !near(v.Score, 10*40.0/70*0.5) {
			t.Errorf("score %v", v.Score)
		}
		fixes, err := svc.Fixes(ctx, village, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Visiting T3 makes 7 of 8: 10 × 40/70 × 0.75, a gain of 1.43 points.
		var gain float64
		for _, f := range fixes.List {
			if f.No == "T3" {
				gain = f.Gain
			}
		}
		if !near(gain, 1.43) {
			t.Errorf("fixing T3 gains %v: %+v", gain, fixes.List)
		}
	})
}

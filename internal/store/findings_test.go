package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

func finding(county region.Code, village region.Code, rule, subject string, at time.Time) *store.Finding {
	return &store.Finding{ID: store.NewFindingID(county), RuleID: rule, Indicator: 1, Severity: "high",
		SubjectKind: "household", SubjectID: subject, HouseholdNo: subject, County: county, Region: village,
		Status: store.StatusOpen, Explanation: "说明 " + subject, OpenedAt: at, LastSeenAt: at}
}

func TestFindingsLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		fs := store.NewFindings(e.DB)
		t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
		county := villageA.County()
		var open []*store.Finding
		for i := range 450 { // more than one COPY threshold and one insert statement
			v := villageA
			if i%2 == 1 {
				v = villageB
			}
			open = append(open, finding(county, v, "I1-01", fmt.Sprintf("H%04d", i), t0))
		}
		other := finding("621122000000", "621122100201", "I1-01", "X1", t0)
		if err := fs.Apply(ctx, &store.Changes{Open: append(open, other), At: t0}); err != nil {
			t.Fatal(err)
		}
		// A second active finding for the same rule and subject is refused.
		dup := finding(county, villageA, "I1-01", "H0000", t0)
		if err := fs.Apply(ctx, &store.Changes{Open: []*store.Finding{dup}, At: t0}); err == nil {
			t.Fatal("duplicate active finding accepted")
		}

		active, err := fs.Active(ctx, county, county)
		if err != nil || len(active) != 450 {
			t.Fatalf("active %d %v", len(active), err)
		}
		if a, _ := fs.Active(ctx, county, villageB); len(a) != 225 {
			t.Fatalf("village scope %d", len(a))
		}
		got := active[store.FindingKey{Rule: "I1-01", Subject: "H0001"}]
		if got == nil || got.Region != villageB || got.Explanation != "说明 H0001" || !got.OpenedAt.Equal(t0) || !got.ClosedAt.IsZero() {
			t.Fatalf("%+v", got)
		}

		// Waive needs a user and a reason.
		if _, err := fs.Waive(ctx, got.ID, "", "理由", t0); !errs.Is(err, errs.Invalid) {
			t.Errorf("no user: %v", err)
		}
		if _, err := fs.Waive(ctx, got.ID, "张三", " ", t0); !errs.Is(err, errs.Invalid) {
			t.Errorf("no reason: %v", err)
		}
		t1 := t0.Add(time.Hour)
		w, err := fs.Waive(ctx, got.ID, "张三", "已核实为整户外出", t1)
		if err != nil || w.Status != store.StatusWaived {
			t.Fatalf("waive: %v %+v", err, w)
		}
		if _, err := fs.Waive(ctx, got.ID, "李四", "再说明", t1); !errs.Is(err, errs.Conflict) {
			t.Errorf("second waive: %v", err)
		}
		if _, err := fs.Waive(ctx, "621121-NOPE", "李四", "x", t1); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown: %v", err)
		}
		back, _ := fs.Get(ctx, got.ID)
		if back.WaivedBy != "张三" || back.WaiveReason != "已核实为整户外出" || !back.WaivedAt.Equal(t1) {
			t.Errorf("stored waive %+v", back)
		}

		// Close two, revise one, see the rest.
		t2 := t0.Add(24 * time.Hour)
		closeThem := []*store.Finding{active[store.FindingKey{Rule: "I1-01", Subject: "H0000"}], back}
		rev := active[store.FindingKey{Rule: "I1-01", Subject: "H0002"}]
		rev.Explanation = "新说明"
		if err := fs.Apply(ctx, &store.Changes{Close: closeThem, Revise: []*store.Finding{rev}, At: t2,
			SeenAll: &store.SeenScope{County: county, Scope: county}}); err != nil {
			t.Fatal(err)
		}
		c, _ := fs.Get(ctx, back.ID)
		if c.Status != store.StatusClosed || !c.ClosedAt.Equal(t2) || c.WaivedBy != "张三" {
			t.Errorf("closed waived %+v", c)
		}
		r, _ := fs.Get(ctx, rev.ID)
		if r.Explanation != "新说明" || !r.LastSeenAt.Equal(t2) {
			t.Errorf("revised %+v", r)
		}
		if o, _ := fs.Get(ctx, other.ID); !o.LastSeenAt.Equal(t0) {
			t.Errorf("other county seen: %v", o.LastSeenAt)
		}
		// The closed key may open again.
		again := finding(county, villageA, "I1-01", "H0000", t2)
		if err := fs.Apply(ctx, &store.Changes{Open: []*store.Finding{again}, At: t2}); err != nil {
			t.Fatalf("reopen: %v", err)
		}

		// Listing and counting.
		list, total, err := fs.List(ctx, store.FindingFilter{Scope: villageA, Status: store.StatusOpen, Limit: 10, Offset: 5})
		if err != nil || total != 225 || len(list) != 10 || list[0].Region != villageA {
			t.Fatalf("list %d %d %v", total, len(list), err)
		}
		if n, _ := fs.Count(ctx, store.FindingFilter{Scope: county.Up(region.City), Status: store.StatusClosed}); n != 2 {
			t.Errorf("closed %d", n)
		}
		if n, _ := fs.Count(ctx, store.FindingFilter{Scope: "620000000000", Active: true}); n != 450 {
			t.Errorf("active in province %d", n)
		}
		if n, _ := fs.Count(ctx, store.FindingFilter{HouseholdNo: "H0000"}); n != 2 {
			t.Errorf("history of H0000 %d", n)
		}
		byHH, _ := fs.ActiveOf(ctx, []string{"H0000", "H0003"}, []string{"X1"})
		if len(byHH) != 2 { // X1 is a household subject, not a person
			t.Errorf("active of %d", len(byHH))
		}
		tallies, err := fs.Tallies(ctx, "")
		if err != nil || len(tallies) != 3 {
			t.Fatalf("tallies %+v %v", tallies, err)
		}

		// Unwaive.
		w2, _ := fs.Waive(ctx, rev.ID, "王五", "说明", t2)
		if u, err := fs.Unwaive(ctx, w2.ID); err != nil || u.Status != store.StatusOpen {
			t.Errorf("unwaive %v", err)
		}
	})
}

func TestScreenRuns(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		fs := store.NewFindings(e.DB)
		if _, err := fs.LastRun(ctx, villageA); !errs.Is(err, errs.NotFound) {
			t.Fatalf("no run yet: %v", err)
		}
		r := &store.ScreenRun{Scope: "621100000000", Year: 2026, StartedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
		if err := fs.StartRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.FinishedAt, r.Households, r.Opened, r.Status = r.StartedAt.Add(time.Minute), 10, 3, "done"
		if err := fs.FinishRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := fs.LastRun(ctx, villageA)
		if err != nil || got.Households != 10 || got.Opened != 3 || got.Status != "done" {
			t.Fatalf("%+v %v", got, err)
		}
		if _, err := fs.LastRun(ctx, "110101000000"); !errs.Is(err, errs.NotFound) {
			t.Errorf("other area: %v", err)
		}
	})
}

func TestParseFindingStatus(t *testing.T) {
	for _, s := range []string{"open", "closed", "waived"} {
		if st, err := store.ParseFindingStatus(s); err != nil || string(st) != s || st.Label() == s {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := store.ParseFindingStatus("done"); err == nil {
		t.Error("accepted done")
	}
}
